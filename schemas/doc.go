// Package schemas defines the records hrgflow moves through its pipeline and
// the field dictionary that describes them.
//
// It sits at the bottom of the dependency graph (cmd → pipeline → grouper →
// schemas): every other package exchanges [Episode] values and reads the
// [Dictionary] to know each field's name, type, meaning and source.
//
// The dictionary is the single source of truth for the episode record. The
// slot constants in slots_gen.go, the Parquet schema written by the pipeline
// and docs/data-dictionary.md are all generated from it; `go generate
// ./schemas` refreshes the generated files and a test fails when they are
// stale.
//
// An Episode stores its fields in four typed arrays (strings, 32-bit
// integers, dates and 64-bit integers) indexed by slot constants named after
// the HES fields, so code reads e.Str[schemas.ADMIMETH] or
// e.Date[schemas.EPISTART]. Missing values are the empty string,
// [NullInt] and [NullDate]; they are written to Parquet as nulls.
package schemas

//go:generate go run ./internal/gendict
