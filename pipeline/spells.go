package pipeline

import (
	"slices"

	"github.com/parquet-go/parquet-go"

	"github.com/hrgflow/hrgflow/pipeline/price"
	"github.com/hrgflow/hrgflow/schemas"
)

// spellColumn says where the value of one spells column comes from,
// decided once from the dictionary so encoding is a switch on an int.
type spellColumn struct {
	from  int // one of the spellFrom constants
	price int // the price column, when from is spellFromPrice
	field schemas.Field
}

const (
	spellFromFirst   = iota // the episode field of the same name, first episode
	spellFromDisdate        // DISDATE of the last episode
	spellFromRow            // SpellRow
	spellFromReport         // ReportEpisodeRow
	spellFromCC             // SpellCCScore
	spellFromCount          // SpellEpisodeCount
	spellFromLOS            // SpellLOS
	spellFromUnbundled
	spellFromPrice // a price column
	spellFromFYEAR // the financial year of the spell's end
	spellFromCommissioner
	spellFromNone
)

var spellColumns = func() []spellColumn {
	named := map[string]int{
		"DISDATE": spellFromDisdate, "SpellRow": spellFromRow, "ReportEpisodeRow": spellFromReport,
		"SpellCCScore": spellFromCC, "SpellEpisodeCount": spellFromCount, "SpellLOS": spellFromLOS,
		"UnbundledCount": spellFromUnbundled, "FYEAR": spellFromFYEAR, "Commissioner": spellFromCommissioner,
	}
	var out []spellColumn
	for _, f := range schemas.SpellDictionary() {
		c := spellColumn{from: spellFromFirst}
		if k, ok := named[f.Name]; ok {
			c.from = k
		} else if k := slices.Index(priceColumnNames, f.Name); k >= 0 {
			c.from, c.field, c.price = spellFromPrice, f, k
		} else if e, ok := schemas.Lookup(f.Name); ok {
			c.field = e
		} else {
			c.from = spellFromNone
		}
		if c.from != spellFromFirst && c.from != spellFromPrice {
			c.field = f
		}
		out = append(out, c)
	}
	return out
}()

// encodeSpells turns the batch's spells into the spells dataset's column
// values, reusing dst. Identifiers and admission fields come from the
// spell's first episode by EPIORDER, DISDATE from its last, and the
// grouping and price results from the spell's grouping.
func encodeSpells(b *batch, dst [][]parquet.Value) [][]parquet.Value {
	if len(dst) != len(spellColumns) {
		dst = make([][]parquet.Value, len(spellColumns))
	}
	for j := range dst {
		dst[j] = dst[j][:0]
	}
	for k := range b.spells {
		s := &b.spells[k]
		first, last := &b.eps[s.head], &b.eps[s.tail]
		for j := range spellColumns {
			dst[j] = append(dst[j], spellValue(b, s, first, last, &spellColumns[j], j))
		}
	}
	return dst
}

// spellValue is the value of column j for spell s.
func spellValue(b *batch, s *spellRow, first, last *schemas.Episode, c *spellColumn, j int) parquet.Value {
	switch c.from {
	case spellFromRow:
		return int64Val(b.eps[s.first].I64[schemas.SourceRow], j)
	case spellFromReport:
		return int64Val(b.eps[s.report].I64[schemas.SourceRow], j)
	case spellFromDisdate:
		return int32Val(int32(last.Date[schemas.DISDATE]), j)
	case spellFromCC:
		return int32Val(s.result.CCScore, j)
	case spellFromCount:
		return int32Val(int32(s.count), j)
	case spellFromLOS:
		return int32Val(s.result.LOS, j)
	case spellFromUnbundled:
		return int32Val(int32(s.unbundled), j)
	case spellFromPrice:
		v, _ := priceValue(s, c.price, j)
		return v
	case spellFromNone:
		return parquet.NullValue().Level(0, 0, j)
	case spellFromCommissioner:
		return stringVal(spellCommissioner(first), j)
	case spellFromFYEAR:
		if y := spellFYStart(last); y != schemas.NullInt {
			return stringVal(hesFYTexts[((y%100)+100)%100], j)
		}
		return parquet.NullValue().Level(0, 0, j)
	}
	e := &c.field
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

// int32Val, int64Val and stringVal (quality.go) encode one cell of column
// col of a non-episode dataset, null for the null marker. A present value
// sets its definition level in line (Value.Level does not inline, and the
// column writers take a column's values without reading their column
// index); nulls come from nulls, built once.
func int32Val(v int32, col int) parquet.Value {
	if v == schemas.NullInt {
		return nullOf(col)
	}
	x := parquet.Int32Value(v)
	x.SetDefinitionLevel(1)
	return x
}

func int64Val(v int64, col int) parquet.Value {
	if v == schemas.NullI64 {
		return nullOf(col)
	}
	x := parquet.Int64Value(v)
	x.SetDefinitionLevel(1)
	return x
}

// nulls holds the null value of each of the first columns.
var nulls = func() (out [256]parquet.Value) {
	for i := range out {
		out[i] = nullValue(i)
	}
	return out
}()

// nullOf returns the null value of column col.
func nullOf(col int) parquet.Value {
	if col < len(nulls) {
		return nulls[col]
	}
	return nullValue(col)
}

// The price columns of the spells dataset, resolved once from their names
// so encoding switches on an int.
const (
	pricePointOfDelivery = iota
	pricePricingLOS
	pricePriceStatus
	pricePriceNotes
	priceBasePricePence
	priceExcessBedDays
	priceExcessBedDayPaymentPence
	priceShortStayAdjusted
	priceShortStayPricePence
	priceUnbundledPaymentPence
	priceMFFIndexPPM
	priceMFFAdjustmentPence
	priceTotalPricePence
)

var priceColumnNames = []string{"PointOfDelivery", "PricingLOS", "PriceStatus", "PriceNotes", "BasePricePence", "ExcessBedDays", "ExcessBedDayPaymentPence", "ShortStayAdjusted", "ShortStayPricePence", "UnbundledPaymentPence", "MFFIndexPPM", "MFFAdjustmentPence", "TotalPricePence"}

// priceValue is the value of price column k (a price… constant) for spell s.
func priceValue(s *spellRow, k int, j int) (parquet.Value, bool) {
	p := &s.price
	pence := func(v price.Pence) parquet.Value {
		if !v.Valid() {
			return parquet.NullValue().Level(0, 0, j)
		}
		return int64Val(int64(v), j)
	}
	switch k {
	case pricePointOfDelivery:
		return stringVal(podTexts[s.pod], j), true
	case pricePricingLOS:
		return int32Val(s.los, j), true
	case pricePriceStatus:
		return stringVal(statusTexts[p.Status], j), true
	case pricePriceNotes:
		if int(p.Notes) < len(noteTexts) {
			return stringVal(noteTexts[p.Notes], j), true
		}
		return stringVal(p.Notes.String(), j), true
	case priceBasePricePence:
		return pence(p.Base), true
	case priceExcessBedDays:
		if p.Notes.Has(price.NoteNoTrimPoint) || p.Notes.Has(price.NoteLOSUnknown) || !p.Status.Priced() {
			return parquet.NullValue().Level(0, 0, j), true
		}
		return int32Val(p.ExcessBedDays, j), true
	case priceExcessBedDayPaymentPence:
		return pence(p.ExcessPayment), true
	case priceShortStayAdjusted:
		if p.ShortStayAdjusted {
			return int32Val(1, j), true
		}
		return int32Val(0, j), true
	case priceShortStayPricePence:
		return pence(p.ShortStayPrice), true
	case priceUnbundledPaymentPence:
		return pence(p.UnbundledPayment), true
	case priceMFFIndexPPM:
		return int64Val(p.MFFIndexPPM, j), true
	case priceMFFAdjustmentPence:
		return pence(p.MFFAdjustment), true
	case priceTotalPricePence:
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
