// Package refdata holds the public reference data hrgflow embeds in its
// binary: ICD-10 and OPCS-4 code lists, NHS trusts and GP practices.
//
// It is a leaf package of the data flow. The synthetic data generator
// (package synth, behind the "hrgflow gen" command) draws codes,
// providers and practices from it today; episode validation and HRG
// grouping will check codes against it later. It imports nothing from
// hrgflow.
//
// Every accessor parses its embedded file once, on first use, and then
// returns the same slice to every caller. The slices are shared and
// read-only: callers must not modify them, and may read them from any
// number of goroutines. Copy a slice (slices.Clone) before sorting or
// editing it.
//
// The files under data/ are copies of public data sets; data/README.md
// gives their sources, licences and attribution lines, which must travel
// with any copy of the data. They are regenerated from the project's
// shared data folder by "go generate" (see gen.go).
//
// The code lists come from UK Biobank data-codings, which follow the WHO
// and NHS classifications closely but are not the licensed NHS TRUD
// releases; production validation should load those instead.
package refdata
