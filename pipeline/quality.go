package pipeline

import (
	"strconv"
	"unsafe"

	"github.com/parquet-go/parquet-go"

	"github.com/hrgflow/hrgflow/pipeline/validate"
	"github.com/hrgflow/hrgflow/schemas"
)

// summarise writes each episode's validation summary (Severity,
// ReasonCount, Reasons) from the batch's findings, which are in episode
// order. Reasons lists distinct codes in order of discovery; its text goes
// into the batch arena.
func summarise(b *batch) {
	rules := validate.Rules()
	f := b.findings
	for i := range b.eps {
		k := 0
		for k < len(f) && f[k].Episode == int32(i) {
			k++
		}
		mine := f[:k]
		f = f[k:]
		e := &b.eps[i]
		e.Int[schemas.ReasonCount] = int32(k)
		if k == 0 {
			continue
		}
		start, worst := len(b.arena), validate.SeverityNone
		for j, x := range mine {
			r := &rules[x.Rule]
			worst = max(worst, r.Severity)
			if hasRule(mine[:j], x.Rule) {
				continue
			}
			if len(b.arena) > start {
				b.arena = append(b.arena, ',')
			}
			b.arena = append(b.arena, r.Code...)
		}
		e.Str[schemas.Severity] = worst.String()
		e.Str[schemas.Reasons] = bytesString(b.arena[start:len(b.arena):len(b.arena)])
	}
}

func hasRule(fs []validate.Finding, id validate.RuleID) bool {
	for _, f := range fs {
		if f.Rule == id {
			return true
		}
	}
	return false
}

// episodeKey returns EPIKEY, or PROCODET/PROVSPNO/EPIORDER built in the
// arena when the input has no EPIKEY.
func episodeKey(e *schemas.Episode, arena *[]byte) string {
	if k := e.Str[schemas.EPIKEY]; k != "" {
		return k
	}
	if e.Str[schemas.PROVSPNO] == "" {
		return ""
	}
	start := len(*arena)
	*arena = append(*arena, e.Str[schemas.PROCODET]...)
	*arena = append(*arena, '/')
	*arena = append(*arena, e.Str[schemas.PROVSPNO]...)
	*arena = append(*arena, '/')
	if o := e.Int[schemas.EPIORDER]; o != schemas.NullInt {
		*arena = strconv.AppendInt(*arena, int64(o), 10)
	}
	return bytesString((*arena)[start:len(*arena):len(*arena)])
}

// encodeQuality turns the batch's findings into the quality dataset's
// column values, reusing dst.
func encodeQuality(b *batch, dst [][]parquet.Value) [][]parquet.Value {
	cols := schemas.QualityDictionary()
	if len(dst) != len(cols) {
		dst = make([][]parquet.Value, len(cols))
	}
	for j := range dst {
		dst[j] = dst[j][:0]
	}
	fields, rules := schemas.Dictionary(), validate.Rules()
	lastEp, key := int32(-1), ""
	for _, f := range b.findings {
		e := &b.eps[f.Episode]
		if f.Episode != lastEp {
			lastEp, key = f.Episode, episodeKey(e, &b.arena)
		}
		r := &rules[f.Rule]
		field := r.Field
		if f.Field != validate.NoField {
			field = fields[f.Field].Name
		}
		dst[0] = append(dst[0], stringVal(e.Str[schemas.SourceFile], 0))
		dst[1] = append(dst[1], parquet.Int64Value(e.I64[schemas.SourceRow]).Level(0, 1, 1))
		dst[2] = append(dst[2], stringVal(key, 2))
		dst[3] = append(dst[3], stringVal(field, 3))
		dst[4] = append(dst[4], stringVal(r.Class, 4))
		dst[5] = append(dst[5], stringVal(r.Code, 5))
		dst[6] = append(dst[6], stringVal(r.Severity.String(), 6))
		dst[7] = append(dst[7], stringVal(r.Message, 7))
	}
	return dst
}

func stringVal(s string, col int) parquet.Value {
	if s == "" {
		return nullOf(col)
	}
	v := parquet.ByteArrayValue(unsafe.Slice(unsafe.StringData(s), len(s)))
	v.SetDefinitionLevel(1)
	return v
}
