package pipeline

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/hrgflow/hrgflow/pipeline/validate"
	"github.com/hrgflow/hrgflow/schemas"
)

// The official HRG4+ grouper's output file set (DOMAIN.md §4.4), written
// beside the Parquet datasets with `--export grouper-csv` so a trust can
// swap hrgflow into a workflow built on the Windows grouper's files. The
// files are comma-separated with a header row; as in the official files,
// UnbundledHRGs are trailing columns without headers. Columns the official
// 2024/25 grouper leaves empty (PBC, SSC, trim points, best practice and
// flag columns) are empty here too. RowNo numbers the episodes in the order
// hrgflow writes them (input order, or spell order with --spells
// unsorted), where the official grouper numbers them after sorting by
// provider, spell number and EPIORDER.

// exportBase is the base name of the exported files (`hrgflow_FCE.csv`).
const exportBase = "hrgflow"

// fceInput are the official default APC layout's 43 input fields, written
// first in _FCE as the official tool repeats its input.
var fceInput = func() []schemas.Field {
	var out []schemas.Field
	for _, f := range DefaultRDF().Fields {
		if e, ok := schemas.Lookup(f.Internal); ok {
			out = append(out, e)
		}
	}
	return out
}()

var fceHeader = []string{"RowNo", "FCE_HRG", "GroupingMethodFlag", "DominantProcedure", "FCE_PBC", "CalcEpidur",
	"ReportingEPIDUR", "FCETrimpoint", "FCEExcessBeddays", "SpellReportFlag", "FCESSC_Ct",
	"FCESSCs1", "FCESSCs2", "FCESSCs3", "FCESSCs4", "FCESSCs5", "FCESSCs6", "FCESSCs7",
	"SpellHRG", "SpellGroupingMethodFlag", "SpellDominantProcedure", "SpellPDiag", "SpellSDiag",
	"SpellEpisodeCount", "SpellLOS", "ReportingSpellLOS", "SpellTrimpoint", "SpellExcessBeddays", "SpellCCDays", "SpellPBC"}

var spellHeader = func() []string {
	h := []string{"RowNo", "PROCODET", "PROVSPNO", "SpellHRG", "SpellGroupingMethodFlag", "SpellDominantProcedure",
		"SpellPDiag", "SpellSDiag", "SpellEpisodeCount", "SpellLOS", "ReportingSpellLOS", "SpellTrimpoint",
		"SpellExcessBeddays", "SpellCCDays", "SpellPBC"}
	for _, g := range []string{"SpellSSC", "SpellBP", "SpellFlag"} {
		h = append(h, g+"_Ct")
		for i := 1; i <= 7; i++ {
			name := g + strconv.Itoa(i)
			if g == "SpellSSC" {
				name = "SpellSSCs" + strconv.Itoa(i)
			}
			h = append(h, name)
		}
	}
	return h
}()

// grouperExport writes the official grouper's file set. Not safe for
// concurrent use: the ordered writer owns it.
type grouperExport struct {
	dir                  string
	files                []*os.File
	fce, spell, qual, ub *bufio.Writer
	rowNo                int64 // RowNo of the last episode written
	line                 []byte
}

func openGrouperExport(stage string) (*grouperExport, error) {
	x := &grouperExport{dir: filepath.Join(stage, "grouper")}
	if err := os.MkdirAll(x.dir, dirMode); err != nil {
		return nil, fmt.Errorf("creating %s: %w", x.dir, err)
	}
	var names []string
	for _, f := range fceInput {
		names = append(names, f.Name)
	}
	for _, o := range []struct {
		suffix string
		dst    **bufio.Writer
		header []string
	}{
		{"_FCE", &x.fce, append(names, fceHeader...)},
		{"_spell", &x.spell, spellHeader},
		{"_quality_rel", &x.qual, []string{"RowNo", "Iteration", "Code Type", "Code", "Error Message"}},
		{"_ub_rel", &x.ub, []string{"RowNo", "Iteration", "UnbundledHRGs"}},
	} {
		f, err := createOutput(filepath.Join(x.dir, exportBase+o.suffix+".csv"))
		if err != nil {
			x.abort()
			return nil, fmt.Errorf("creating export: %w", err)
		}
		x.files = append(x.files, f)
		*o.dst = bufio.NewWriterSize(f, 256<<10)
		(*o.dst).WriteString(strings.Join(o.header, ",") + "\r\n")
	}
	return x, nil
}

// field appends one CSV field: the official layout has no quoting, so
// commas and line breaks inside values become spaces.
func field(line []byte, s string) []byte {
	line = append(line, ',')
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ',' || c == '\r' || c == '\n' {
			c = ' '
		}
		line = append(line, c)
	}
	return line
}

func intField(line []byte, v int32) []byte {
	line = append(line, ',')
	if v == schemas.NullInt {
		return line
	}
	return strconv.AppendInt(line, int64(v), 10)
}

// write appends a batch's episodes, spells, findings and unbundled HRGs.
func (x *grouperExport) write(b *batch) error {
	base := x.rowNo
	for i := range b.eps {
		x.writeFCE(&b.eps[i], base+int64(i)+1)
	}
	for k := range b.spells {
		x.writeSpell(b, &b.spells[k], base+int64(b.spells[k].first)+1)
	}
	x.writeFindings(b, base)
	for _, u := range b.unbundled {
		x.line = strconv.AppendInt(x.line[:0], base+int64(u.episode)+1, 10)
		x.line = strconv.AppendInt(append(x.line, ','), int64(u.position), 10)
		x.line = append(append(x.line, ','), u.u.HRG[:]...)
		if u.u.Multiplier > 0 {
			x.line = strconv.AppendInt(append(x.line, '*'), int64(u.u.Multiplier), 10)
		}
		x.ub.Write(append(x.line, '\r', '\n'))
	}
	x.rowNo += int64(len(b.eps))
	return nil
}

func (x *grouperExport) writeFCE(e *schemas.Episode, rowNo int64) {
	line := x.line[:0]
	for k, f := range fceInput {
		if k > 0 {
			line = append(line, ',')
		}
		switch f.Kind {
		case schemas.KindInt:
			if v := e.Int[f.Slot]; v != schemas.NullInt {
				line = strconv.AppendInt(line, int64(v), 10)
			}
		default:
			line = appendPlain(line, e.Str[f.Slot])
		}
	}
	line = strconv.AppendInt(append(line, ','), rowNo, 10)
	line = field(line, e.Str[schemas.FCE_HRG])
	line = field(line, e.Str[schemas.GroupingMethodFlag])
	line = field(line, e.Str[schemas.DominantProcedure])
	line = field(line, "") // FCE_PBC
	line = intField(line, e.Int[schemas.CalcEpidur])
	line = append(line, ",,,"...) // ReportingEPIDUR, FCETrimpoint, FCEExcessBeddays
	line = intField(line, e.Int[schemas.SpellReportFlag])
	line = append(line, ",,,,,,,,"...) // FCESSC_Ct, FCESSCs1..7
	for _, s := range []int{schemas.SpellHRG, schemas.SpellGroupingMethodFlag, schemas.SpellDominantProcedure, schemas.SpellPDiag, schemas.SpellSDiag} {
		line = field(line, e.Str[s])
	}
	line = intField(line, e.Int[schemas.SpellEpisodeCount])
	line = intField(line, e.Int[schemas.SpellLOS])
	line = append(line, ",,,,,"...) // ReportingSpellLOS, SpellTrimpoint, SpellExcessBeddays, SpellCCDays, SpellPBC
	line = appendUnbundled(line, e.Str[schemas.UnbundledHRGs])
	x.line = line
	x.fce.Write(append(line, '\r', '\n'))
}

// appendPlain appends a value with no leading comma, commas made spaces.
func appendPlain(line []byte, s string) []byte {
	n := len(line)
	line = field(line, s)
	return append(line[:n], line[n+1:]...)
}

// appendUnbundled appends the unbundled HRGs as trailing columns.
func appendUnbundled(line []byte, list string) []byte {
	for list != "" {
		h, rest, _ := strings.Cut(list, ";")
		line = field(line, h)
		list = rest
	}
	return line
}

func (x *grouperExport) writeSpell(b *batch, s *spellRow, rowNo int64) {
	e := &b.eps[s.head]
	line := strconv.AppendInt(x.line[:0], rowNo, 10)
	line = field(line, e.Str[schemas.PROCODET])
	line = field(line, e.Str[schemas.PROVSPNO])
	for _, f := range []int{schemas.SpellHRG, schemas.SpellGroupingMethodFlag, schemas.SpellDominantProcedure, schemas.SpellPDiag, schemas.SpellSDiag} {
		line = field(line, e.Str[f])
	}
	line = intField(line, int32(s.count))
	line = intField(line, s.result.LOS)
	line = append(line, strings.Repeat(",", 5+3*8)...) // Reporting…PBC, SSC/BP/Flag groups: empty
	for i := s.first; i < s.first+s.count; i++ {
		line = appendUnbundled(line, b.eps[i].Str[schemas.UnbundledHRGs])
	}
	x.line = line
	x.spell.Write(append(line, '\r', '\n'))
}

// writeFindings writes _quality_rel: one row per finding, Iteration
// counting the episode's findings, Code Type the field, Code the reason.
func (x *grouperExport) writeFindings(b *batch, base int64) {
	rules, fields := validate.Rules(), schemas.Dictionary()
	iter, last := 0, int32(-1)
	for _, f := range b.findings {
		if f.Episode != last {
			iter, last = 0, f.Episode
		}
		iter++
		r := &rules[f.Rule]
		typ := r.Field
		if f.Field != validate.NoField {
			typ = fields[f.Field].Name
		}
		line := strconv.AppendInt(x.line[:0], base+int64(f.Episode)+1, 10)
		line = strconv.AppendInt(append(line, ','), int64(iter), 10)
		line = field(line, typ)
		line = field(line, r.Code)
		line = field(line, r.Severity.String()+": "+r.Message)
		x.line = line
		x.qual.Write(append(line, '\r', '\n'))
	}
}

// close writes _summary and finishes every file.
func (x *grouperExport) close(cfg Config, st *Stats, start, end time.Time) error {
	m := cfg.Grouper.Manifest()
	var inputs []string
	for _, f := range st.Files {
		inputs = append(inputs, filepath.Base(f.Path))
	}
	summary := "GrouperVersion,HRGDatabaseVersion,EpisodeCount,SpellCount,ErrorEpisodeCount,StartTime,EndTime,InputFiles,OutputFiles,RDF\r\n" +
		strings.Join([]string{"hrgflow " + Version, m.Name + " " + m.Version, strconv.FormatInt(st.Rows, 10),
			strconv.FormatInt(st.Spells, 10), strconv.FormatInt(st.Errors, 10), start.UTC().Format(time.RFC3339),
			end.UTC().Format(time.RFC3339), strings.Join(inputs, ";"),
			exportBase + "_FCE.csv;" + exportBase + "_spell.csv;" + exportBase + "_quality_rel.csv;" + exportBase + "_ub_rel.csv",
			cfg.RDF.Name}, ",") + "\r\n"
	errs := []error{os.WriteFile(filepath.Join(x.dir, exportBase+"_summary.csv"), []byte(summary), fileMode)}
	for i, w := range []*bufio.Writer{x.fce, x.spell, x.qual, x.ub} {
		errs = append(errs, w.Flush(), x.files[i].Close())
	}
	return errors.Join(errs...)
}

func (x *grouperExport) abort() {
	for _, f := range x.files {
		_ = f.Close()
	}
}
