package schemas

import "math"

// NullInt marks a missing value in Episode.Int.
const NullInt int32 = math.MinInt32

// NullI64 marks a missing value in Episode.I64.
const NullI64 int64 = math.MinInt64

// NullF64 marks a missing value in Episode.F64. It is a number no field
// holds (the most negative float64) rather than NaN, so that it compares
// equal to itself like the other null markers.
const NullF64 float64 = -math.MaxFloat64

// Episode is one finished consultant episode: one input row.
//
// Fields live in typed arrays indexed by the slot constants of
// slots_gen.go (e.Str[ADMIMETH], e.Int[EPIORDER], e.Date[EPISTART]).
// Identifier and code fields share Str. Missing values are "", NullInt,
// NullDate, NullI64 and NullF64.
//
// Strings in an Episode read by the pipeline point into memory owned by the
// batch that holds the episode; they are valid until that batch is
// released. Copy a string (strings.Clone) to keep it longer.
type Episode struct {
	// Str holds the code and identifier fields.
	Str [NumStr]string
	// Int holds the 32-bit integer fields.
	Int [NumInt]int32
	// Date holds the date fields.
	Date [NumDate]Date
	// I64 holds the 64-bit integer fields.
	I64 [NumI64]int64
	// F64 holds the decimal fields.
	F64 [NumF64]float64

	// ICD holds the packed clean diagnosis codes by position (ICD[0] is
	// DIAG_01), 0 where the position is empty or its code is unusable.
	// Filled by validation; not an output column.
	ICD [MaxDiagnoses]ICD10
	// OPCS holds the packed clean procedure codes by position, 0 where the
	// position is empty, a placeholder or unusable. Filled by validation.
	OPCS [MaxProcedures]OPCS4
}

// Reset clears every field to missing.
func (e *Episode) Reset() {
	*e = emptyEpisode
}

var emptyEpisode = func() Episode {
	var e Episode
	for i := range e.Int {
		e.Int[i] = NullInt
	}
	for i := range e.Date {
		e.Date[i] = NullDate
	}
	for i := range e.I64 {
		e.I64[i] = NullI64
	}
	for i := range e.F64 {
		e.F64[i] = NullF64
	}
	return e
}()

// Diag returns diagnosis n (1-based: Diag(1) is the primary diagnosis).
func (e *Episode) Diag(n int) string { return e.Str[DIAG_01+n-1] }

// Oper returns procedure n (1-based: Oper(1) is the main procedure).
func (e *Episode) Oper(n int) string { return e.Str[OPERTN_01+n-1] }
