package schemas

// The aggregate datasets: the commissioning and the costing cube. Each row
// is one cell, a combination of dimension values that at least one spell
// has; the measures are sums over the cell's spells. Rows are sorted by the
// dimension columns in order, nulls first, times chronologically.

// suppressionMeaning is the text every measure of the cubes shares: what
// small-number suppression does when it was requested.
const suppressionMeaning = " With small-number suppression (outputs that leave the trust), a value of 1–7 is null and the cell's Suppressed is 1; any other value is rounded to the nearest 5 (0 stays 0)."

// moneySuppression says what suppression does to the money measures.
const moneySuppression = " With small-number suppression, null in every cell whose Suppressed is 1, otherwise exact (not rounded)."

// providerSpec and the other shared dimension and measure specs are used by
// both cubes.
var (
	providerSpec = fieldSpec{"Provider", KindCode, SourceHRGFlow, "Provider of the spell: PROCODET of its first episode (by EPIORDER), else PROCODE3; null when neither is known. As supplied.", nil}
	hrgSpec      = fieldSpec{"SpellHRG", KindCode, SourceGrouping, "HRG of the spell, as in the spells dataset.", nil}
	podSpec      = fieldSpec{"PointOfDelivery", KindCode, SourceGrouping, "Point of delivery of the spell (DC, EL, NE, NES, MAT, OTH, RDA, RNA, UNK), as in the spells dataset.", nil}

	measureSpecs = []fieldSpec{
		{"Episodes", KindInt64, SourceHRGFlow, "Number of episodes in the cell's spells." + suppressionMeaning, nil},
		{"Spells", KindInt64, SourceHRGFlow, "Number of provider spells in the cell." + suppressionMeaning, nil},
		{"BedDays", KindInt64, SourceHRGFlow, "Sum of the spells' PricingLOS (DISDATE − ADMIDATE when both are known, else SpellLOS)." + suppressionMeaning, nil},
		{"ExcessBedDays", KindInt64, SourceHRGFlow, "Sum of the spells' ExcessBedDays (days beyond the trim point) over the spells whose ExcessBedDays is known (priced, trim point known, LOS known); null when no spell of the cell has it, as SQL SUM over the spells dataset gives." + suppressionMeaning, nil},
		{"BasePricePence", KindInt64, SourceHRGFlow, "Sum of the base price, in pence, over the cell's priced spells (PriceStatus priced, zero_price or ungroupable); null when no spell of the cell was priced." + moneySuppression, nil},
		{"TotalPricePence", KindInt64, SourceHRGFlow, "Sum of TotalPricePence (the spells' payment after excess bed days, short-stay adjustment, unbundled HRGs and MFF), in pence, over the cell's priced spells; null when no spell of the cell was priced." + moneySuppression, nil},
		{"UnpricedSpells", KindInt64, SourceHRGFlow, "Number of the cell's spells that were not priced (PriceStatus not_priced_hrg or not_priced_pod); they add nothing to the price columns." + suppressionMeaning, nil},
		{"Suppressed", KindInt, SourceHRGFlow, "Null when the run did not apply small-number suppression. With suppression (HES analysis guide convention): 1 when at least one count of the cell (Episodes, Spells, BedDays, ExcessBedDays, UnpricedSpells) was 1–7 and is therefore null, and then the money columns are null too; else 0. Other counts are rounded to the nearest 5 (never a tie for whole numbers: 8 → 10, 12 → 10, 13 → 15). Money columns of unsuppressed cells are exact, so with a known tariff they can reveal a rounded count: review before publishing. Suppression applies to these cubes only, never to the patient-level datasets (episodes, spells, unbundled, quality).", nil},
	}
)

// commissioningSpecs describes the commissioning cube: provider ×
// commissioner × HRG × point of delivery × month of discharge.
var commissioningSpecs = concat(
	[]fieldSpec{
		providerSpec,
		{"Commissioner", KindCode, SourceHRGFlow, "Commissioner of the spell: PURCODE of its first episode (by EPIORDER), else CCG_RESPONSIBILITY (CCG to June 2022, Sub-ICB location from July 2022); null when neither is known. As supplied: the 3- and 5-character forms of one organisation (QAW, QAW00) are not merged.", nil},
		hrgSpec,
		podSpec,
		{"DischargeMonth", KindCode, SourceHRGFlow, "Month of discharge as `YYYY-MM`: DISDATE of the spell's last episode (by EPIORDER); null when the spell has not ended (no DISDATE).", nil},
	},
	measureSpecs,
)

// costingSpecs describes the costing cube: provider × treatment function ×
// HRG × point of delivery × financial year.
var costingSpecs = concat(
	[]fieldSpec{
		providerSpec,
		{"TRETSPEF", KindCode, SourceHES, "Treatment function of the spell: TRETSPEF of its first episode (by EPIORDER), as supplied; null when missing.", nil},
		hrgSpec,
		podSpec,
		{"FYEAR", KindCode, SourceHRGFlow, "Financial year (April to March) of the spell's end, as HES writes it (`2425` = 2024/25): from DISDATE of its last episode (by EPIORDER), else that episode's EPIEND; null when both are missing. Derived from the dates, not from the input FYEAR.", nil},
	},
	measureSpecs,
)

var (
	commissioning = buildDictionary(commissioningSpecs)
	costing       = buildDictionary(costingSpecs)
)

// CommissioningDictionary returns the columns of the commissioning cube of
// the aggregates output in order: provider × commissioner × HRG ×
// point of delivery × month of discharge, then the measures. The slice is
// shared: callers must not modify it. Safe for concurrent use.
func CommissioningDictionary() []Field { return commissioning }

// CostingDictionary returns the columns of the costing cube of the
// aggregates output in order: provider × treatment function × HRG ×
// point of delivery × financial year, then the measures. The slice is
// shared: callers must not modify it. Safe for concurrent use.
func CostingDictionary() []Field { return costing }
