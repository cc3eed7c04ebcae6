package main

import (
	"bytes"
	"fmt"

	"github.com/hrgflow/hrgflow/schemas"
)

// compareDatasets are the datasets of `hrgflow compare`, in the order
// docs/outputs.md shows them.
var compareDatasets = []struct {
	folder, grain string
	fields        func() []schemas.Field
}{
	{"diff/", "one row per difference between the two sides", schemas.CompareDiffDictionary},
	{"summary/", "cause × commissioner × HRG × point of delivery", schemas.CompareSummaryDictionary},
	{"agreement/", "one row for spells, one for episodes (when both sides carry episodes)", schemas.CompareAgreementDictionary},
	{"movers/", "the HRGs whose differences move the most money, at most 20", schemas.CompareMoversDictionary},
}

// writeCompare writes the section on the outputs of hrgflow compare.
func writeCompare(b *bytes.Buffer) {
	b.WriteString("\n# `hrgflow compare` outputs\n\n")
	b.WriteString("`hrgflow compare LEFT RIGHT --out DIR` (see [reconcile.md](reconcile.md)) writes these datasets under `DIR`,\n")
	b.WriteString("each one file `part-00000.parquet`, and the printed summary as `DIR/summary.txt`. Money is integer pence,\n")
	b.WriteString("right side minus left side; diff/ `ValuePence` sums exactly to the right side's total minus the left side's.\n\n")
	b.WriteString("| dataset | grain | columns |\n|---|---|---|\n")
	for _, d := range compareDatasets {
		fmt.Fprintf(b, "| `%s` | %s | %d |\n", d.folder, d.grain, len(d.fields()))
	}
	for _, d := range compareDatasets {
		fmt.Fprintf(b, "\n## `compare %s`\n\n%s.\n\n", d.folder, d.grain)
		writeTable(b, d.fields(), false)
	}
}
