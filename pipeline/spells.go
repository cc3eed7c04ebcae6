package pipeline

import (
	"github.com/parquet-go/parquet-go"

	"github.com/hrgflow/hrgflow/pipeline/price"
	"github.com/hrgflow/hrgflow/schemas"
)

// encodeSpells turns the batch's spells into the spells dataset's column
// values, reusing dst. Identifiers and admission fields come from the
// spell's first episode in input order, DISDATE from its last, and the
// grouping result from the spell's grouping.
func encodeSpells(b *batch, dst [][]parquet.Value) [][]parquet.Value {
	cols := schemas.SpellDictionary()
	if len(dst) != len(cols) {
		dst = make([][]parquet.Value, len(cols))
	}
	for j := range dst {
		dst[j] = dst[j][:0]
	}
	for k := range b.spells {
		s := &b.spells[k]
		first, last := &b.eps[s.first], &b.eps[s.first+s.count-1]
		for j, f := range cols {
			dst[j] = append(dst[j], spellValue(b, s, first, last, f, j))
		}
	}
	return dst
}

// spellValue is the value of column f (index j) for spell s. A switch on
// the column name: the spells dataset is small and named, not slotted.
func spellValue(b *batch, s *spellRow, first, last *schemas.Episode, f schemas.Field, j int) parquet.Value {
	r := &s.result
	switch f.Name {
	case "SpellRow":
		return int64Val(first.I64[schemas.SourceRow], j)
	case "ReportEpisodeRow":
		return int64Val(b.eps[s.report].I64[schemas.SourceRow], j)
	case "DISDATE":
		return int32Val(int32(last.Date[schemas.DISDATE]), j)
	case "SpellHRG", "SpellGroupingMethodFlag", "SpellDominantProcedure", "SpellPDiag", "SpellSDiag":
		e, _ := schemas.Lookup(f.Name)
		return stringVal(first.Str[e.Slot], j)
	case "SpellCCScore":
		return int32Val(r.CCScore, j)
	case "SpellEpisodeCount":
		return int32Val(int32(s.count), j)
	case "SpellLOS":
		return int32Val(r.LOS, j)
	case "UnbundledCount":
		return int32Val(int32(s.unbundled), j)
	}
	if v, ok := priceValue(s, f.Name, j); ok {
		return v
	}
	e, ok := schemas.Lookup(f.Name) // the episode field of the same name
	if !ok {
		return parquet.NullValue().Level(0, 0, j)
	}
	switch e.Kind {
	case schemas.KindCode, schemas.KindID:
		return stringVal(first.Str[e.Slot], j)
	case schemas.KindInt:
		return int32Val(first.Int[e.Slot], j)
	case schemas.KindDate:
		return int32Val(int32(first.Date[e.Slot]), j)
	}
	return int64Val(first.I64[e.Slot], j)
}

func int32Val(v int32, col int) parquet.Value {
	if v == schemas.NullInt {
		return parquet.NullValue().Level(0, 0, col)
	}
	return parquet.Int32Value(v).Level(0, 1, col)
}

func int64Val(v int64, col int) parquet.Value {
	if v == schemas.NullI64 {
		return parquet.NullValue().Level(0, 0, col)
	}
	return parquet.Int64Value(v).Level(0, 1, col)
}

// priceValue is the value of a price column of the spells dataset.
func priceValue(s *spellRow, name string, j int) (parquet.Value, bool) {
	p := &s.price
	pence := func(v price.Pence) parquet.Value {
		if !v.Valid() {
			return parquet.NullValue().Level(0, 0, j)
		}
		return int64Val(int64(v), j)
	}
	switch name {
	case "PointOfDelivery":
		return stringVal(podTexts[s.pod], j), true
	case "PricingLOS":
		return int32Val(s.los, j), true
	case "PriceStatus":
		return stringVal(statusTexts[p.Status], j), true
	case "PriceNotes":
		if int(p.Notes) < len(noteTexts) {
			return stringVal(noteTexts[p.Notes], j), true
		}
		return stringVal(p.Notes.String(), j), true
	case "BasePricePence":
		return pence(p.Base), true
	case "ExcessBedDays":
		if p.Notes.Has(price.NoteNoTrimPoint) || p.Notes.Has(price.NoteLOSUnknown) || !p.Status.Priced() {
			return parquet.NullValue().Level(0, 0, j), true
		}
		return int32Val(p.ExcessBedDays, j), true
	case "ExcessBedDayPaymentPence":
		return pence(p.ExcessPayment), true
	case "ShortStayAdjusted":
		if p.ShortStayAdjusted {
			return int32Val(1, j), true
		}
		return int32Val(0, j), true
	case "ShortStayPricePence":
		return pence(p.ShortStayPrice), true
	case "UnbundledPaymentPence":
		return pence(p.UnbundledPayment), true
	case "MFFIndexPPM":
		return int64Val(p.MFFIndexPPM, j), true
	case "MFFAdjustmentPence":
		return pence(p.MFFAdjustment), true
	case "TotalPricePence":
		return pence(p.Total), true
	}
	return parquet.Value{}, false
}

// podTexts and statusTexts hold the strings of the enums once, so encoding
// does not allocate.
var (
	podTexts    = enumTexts(func(i int) string { return price.POD(i).String() })
	statusTexts = enumTexts(func(i int) string { return price.PriceStatus(i).String() })
	noteTexts   = enumTexts(func(i int) string { return price.Note(i).String() })
)

func enumTexts(f func(int) string) [256]string {
	var out [256]string
	for i := range out {
		out[i] = f(i)
	}
	return out
}
