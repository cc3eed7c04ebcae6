package codelist

import (
	"testing"

	"github.com/hrgflow/hrgflow/internal/refdata"
	"github.com/hrgflow/hrgflow/schemas"
)

// lookupCodes returns every embedded ICD-10 code and OPCS-4 code, packed,
// so the lookups touch the tables as real data would.
func lookupCodes(b *testing.B) ([]schemas.ICD10, []schemas.OPCS4) {
	b.Helper()
	ic, err := refdata.ICD10()
	if err != nil {
		b.Fatal(err)
	}
	oc, err := refdata.OPCS4()
	if err != nil {
		b.Fatal(err)
	}
	icds := make([]schemas.ICD10, len(ic))
	for i, c := range ic {
		icds[i], _, _ = schemas.NormalizeICD10(c.Code)
	}
	ops := make([]schemas.OPCS4, len(oc))
	for i, c := range oc {
		ops[i], _, _ = schemas.NormalizeOPCS4(c.Code)
	}
	return icds, ops
}

func BenchmarkLookup(b *testing.B) {
	tab, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	icds, ops := lookupCodes(b)
	b.Run("kind=icd10", func(b *testing.B) {
		b.ReportAllocs()
		valid, i := 0, 0
		for b.Loop() {
			in := tab.ICD10(icds[i])
			if in.Valid && in.SexAllowed(SexMale) && in.AgeAllowed(40) {
				valid++
			}
			if i++; i == len(icds) {
				i = 0
			}
		}
		b.ReportMetric(float64(valid)/float64(b.N), "valid/op")
	})
	b.Run("kind=subdivided", func(b *testing.B) {
		b.ReportAllocs()
		n, i := 0, 0
		for b.Loop() {
			if tab.SubdividedCategory(icds[i]) {
				n++
			}
			if i++; i == len(icds) {
				i = 0
			}
		}
		b.ReportMetric(float64(n)/float64(b.N), "subdivided/op")
	})
	b.Run("kind=opcs4", func(b *testing.B) {
		b.ReportAllocs()
		valid, i := 0, 0
		for b.Loop() {
			if tab.OPCS4(ops[i]).Valid {
				valid++
			}
			if i++; i == len(ops) {
				i = 0
			}
		}
		b.ReportMetric(float64(valid)/float64(b.N), "valid/op")
	})
}

// BenchmarkBuild measures compiling the default table (the embedded lists
// are parsed once, before the loop).
func BenchmarkBuild(b *testing.B) {
	if _, err := Default(); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Build(Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
