package main

import (
	"bytes"

	"github.com/hrgflow/hrgflow/schemas"
)

// writeAggregates writes the sections of the aggregate datasets: the
// commissioning and the costing cube.
func writeAggregates(b *bytes.Buffer) {
	b.WriteString("\n# The aggregates: commissioning and costing cubes\n\n")
	b.WriteString("Two cubes of sums over provider spells, built from worker-local partial sums merged once at the end of\n")
	b.WriteString("the run. Each row is a cell: a combination of dimension values that at least one spell has. Rows are sorted\n")
	b.WriteString("by the dimension columns in order (text byte-wise, the month or financial year chronologically, nulls\n")
	b.WriteString("first), so the cubes are identical for any number of workers. A spell is counted once in each cube, in\n")
	b.WriteString("the cell of its first episode's provider, commissioner and treatment function and its last episode's dates.\n\n")
	b.WriteString("Small-number suppression (HES analysis guide convention), when requested for outputs that leave the trust:\n")
	b.WriteString("each count (Episodes, Spells, BedDays, ExcessBedDays, UnpricedSpells) of 1–7 becomes null and the cell's\n")
	b.WriteString("`Suppressed` is 1; every other count is rounded to the nearest 5 (0 stays 0; whole numbers never tie:\n")
	b.WriteString("8 → 10, 12 → 10, 13 → 15); in a cell whose `Suppressed` is 1 the money columns are null, elsewhere they are\n")
	b.WriteString("exact. There is no secondary suppression, and exact money with a known tariff can reveal a rounded count:\n")
	b.WriteString("review a cube before it is published. Without suppression `Suppressed` is null. Suppression applies to the\n")
	b.WriteString("cubes only, never to the patient-level datasets (episodes, spells, unbundled, quality).\n\n")
	b.WriteString("## Commissioning cube\n\n")
	b.WriteString("Provider × commissioner × spell HRG × point of delivery × month of discharge.\n\n")
	writeTable(b, schemas.CommissioningDictionary(), false)
	b.WriteString("\n## Costing cube\n\n")
	b.WriteString("Provider × treatment function × spell HRG × point of delivery × financial year.\n\n")
	writeTable(b, schemas.CostingDictionary(), false)
}
