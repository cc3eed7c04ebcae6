package schemas

// The datasets `hrgflow compare LEFT RIGHT --out DIR` writes: diff/ (one row
// per difference between the two sides), summary/ (the differences summed
// by cause, commissioner, HRG and point of delivery), agreement/ (how many
// spells and episodes have the same HRG on both sides) and movers/ (the
// HRGs whose differences move the most money). Money is integer pence,
// right side minus left side.

// compareCauseMeaning lists the causes, in the order they are tried.
const compareCauseMeaning = "Most likely cause of the difference, the first that holds for the spell, tried in this order: " +
	"`unmatched` (the spell is on one side only), `coding` (both sides carry the spell's diagnosis and procedure codes and they differ), " +
	"`dates_los` (admission or discharge date, length of stay or activity month differ), `pod` (point of delivery differs), " +
	"`design` (the HRG, grouping method or dominant procedure differ with the same codes, or codes not available to check: the grouping design or grouper version differs), " +
	"`price_table` (same HRG, point of delivery and length of stay, different price). Every difference of a spell carries the spell's cause."

var compareDiffSpecs = []fieldSpec{
	{"Cause", KindCode, SourceHRGFlow, compareCauseMeaning, nil},
	{"CauseDetail", KindID, SourceHRGFlow, "What supports the cause: the codes that differ (`ep1 DIAG_02 I10X→E119`), the dates or lengths of stay, the two sides' design or grouper versions, or the price components that differ.", nil},
	{"Field", KindCode, SourceHRGFlow, "The field that differs: Spell (present on one side only), SpellHRG, SpellGroupingMethodFlag, SpellDominantProcedure, PointOfDelivery, ADMIDATE, DISDATE, ActivityMonth, SpellLOS, PricingLOS, ExcessBedDays, a price component (BasePricePence … TotalPricePence), or at episode level Episode (present on one side only), FCE_HRG, GroupingMethodFlag, DominantProcedure.", nil},
	{"Level", KindCode, SourceHRGFlow, "`spell` or `episode`.", nil},
	{"KeyKind", KindCode, SourceHRGFlow, "The spell key both sides were matched on: procodet_provspno (PROCODET + PROVSPNO), provspno, susspellid, patient (patient identifier + provider + ADMIDATE) or rowno (the official grouper's RowNo of the spell's first episode).", nil},
	{"SpellKey", KindID, SourceHRGFlow, "The spell's key value; parts joined with `|`.", nil},
	{"EpisodeOrder", KindInt, SourceHRGFlow, "For episode-level differences, the episode's position in its spell (1 = first, by EPIORDER then input order); null for spell-level differences.", nil},
	{"LeftRow", KindInt64, SourceHRGFlow, "Where the spell is on the left side: SpellRow of an hrgflow run, RowNo of an official grouper output, the 1-based data row of a HES extract or statement; null when the spell is on the right only.", nil},
	{"RightRow", KindInt64, SourceHRGFlow, "As LeftRow, on the right side.", nil},
	{"Provider", KindCode, SourceHRGFlow, "Provider of the spell (PROCODET, else PROCODE3), left side first.", nil},
	{"Commissioner", KindCode, SourceHRGFlow, "Commissioner of the spell (PURCODE of its first episode, else CCG_RESPONSIBILITY, or the statement's commissioner column), left side first; null when neither side has one.", nil},
	{"SpellHRG", KindCode, SourceHRGFlow, "HRG of the spell on the left side, else on the right.", nil},
	{"PointOfDelivery", KindCode, SourceHRGFlow, "Point of delivery of the spell on the left side, else on the right (hrgflow's codes: DC, EL, NE, NES, MAT, OTH, RDA, RNA, UNK).", nil},
	{"ActivityMonth", KindCode, SourceHRGFlow, "Month of discharge (`YYYY-MM`), left side first.", nil},
	{"LeftValue", KindID, SourceHRGFlow, "The field's value on the left side as text (money in pence, dates as YYYY-MM-DD); null when missing.", nil},
	{"RightValue", KindID, SourceHRGFlow, "The field's value on the right side as text; null when missing.", nil},
	{"ValuePence", KindInt64, SourceHRGFlow, "Money this difference moves, right minus left, in pence: set on the TotalPricePence row of a matched spell and on the Spell row of an unmatched one (minus the left total, or plus the right total), 0 on the other rows, so the column sums to the right side's total minus the left side's. Null when either side carries no prices.", nil},
	{"Explain", KindID, SourceHRGFlow, "For coding and design differences on an hrgflow run side, the `hrgflow explain` command that prints the grouping trace of the spell's reporting episode.", nil},
	{"LeftTrace", KindID, SourceHRGFlow, "For design differences when the left side is an hrgflow run whose input file is unchanged (SHA-256 as in its manifest) and whose design this hrgflow can load (the embedded demo design, or the design folder its manifest records, unchanged in name and version): the grouping trace `hrgflow explain` prints for the spell's reporting episode, on every row of the spell. Only the first `--traces` spells with design differences (default 1,000) get one; null otherwise.", nil},
	{"RightTrace", KindID, SourceHRGFlow, "As LeftTrace, for the right side.", nil},
}

var compareSummarySpecs = []fieldSpec{
	{"Cause", KindCode, SourceHRGFlow, "Cause of the differences (as in diff/).", nil},
	{"Commissioner", KindCode, SourceHRGFlow, "Commissioner of the spells (as in diff/).", nil},
	{"SpellHRG", KindCode, SourceHRGFlow, "HRG of the spells, left side first (as in diff/).", nil},
	{"PointOfDelivery", KindCode, SourceHRGFlow, "Point of delivery of the spells, left side first (as in diff/).", nil},
	{"Spells", KindInt64, SourceHRGFlow, "Number of spells with at least one difference in the cell.", nil},
	{"Differences", KindInt64, SourceHRGFlow, "Number of rows of diff/ in the cell.", nil},
	{"ValuePence", KindInt64, SourceHRGFlow, "Sum of diff/ ValuePence over the cell, right minus left, in pence; null when either side carries no prices. Summed over every cell it is the right side's total minus the left side's.", nil},
}

var compareAgreementSpecs = []fieldSpec{
	{"Level", KindCode, SourceHRGFlow, "`spells` (SpellHRG compared) or `episodes` (FCE_HRG compared, when both sides carry episodes).", nil},
	{"Left", KindInt64, SourceHRGFlow, "Number of spells (episodes) on the left side.", nil},
	{"Right", KindInt64, SourceHRGFlow, "Number of spells (episodes) on the right side.", nil},
	{"Matched", KindInt64, SourceHRGFlow, "Number of spells (episodes) on both sides.", nil},
	{"LeftOnly", KindInt64, SourceHRGFlow, "Number on the left side only.", nil},
	{"RightOnly", KindInt64, SourceHRGFlow, "Number on the right side only.", nil},
	{"SameHRG", KindInt64, SourceHRGFlow, "Number of matched spells (episodes) with the same HRG on both sides.", nil},
	{"Identical", KindInt64, SourceHRGFlow, "Number of matched spells (episodes) with no difference at all in the fields both sides carry.", nil},
	{"AgreementPercent", KindFloat64, SourceHRGFlow, "100 × SameHRG / Matched; null when nothing matched. Quote it with SameHRG and Matched, which are exact.", nil},
	{"LeftTotalPence", KindInt64, SourceHRGFlow, "Total payment of the left side's spells in pence (spells level only); null when the side carries no prices.", nil},
	{"RightTotalPence", KindInt64, SourceHRGFlow, "Total payment of the right side's spells in pence; null when the side carries no prices.", nil},
}

var compareMoverSpecs = []fieldSpec{
	{"Rank", KindInt, SourceHRGFlow, "1 for the HRG whose differences move the most money (absolute value of ValuePence), then by number of differing spells, then by HRG.", nil},
	{"SpellHRG", KindCode, SourceHRGFlow, "HRG of the spells, left side first (as in diff/).", nil},
	{"Spells", KindInt64, SourceHRGFlow, "Number of spells of the HRG with at least one difference.", nil},
	{"ValuePence", KindInt64, SourceHRGFlow, "Sum of diff/ ValuePence over the HRG's differences, right minus left, in pence; null when either side carries no prices.", nil},
}

var (
	compareDiff      = buildDictionary(compareDiffSpecs)
	compareSummary   = buildDictionary(compareSummarySpecs)
	compareAgreement = buildDictionary(compareAgreementSpecs)
	compareMovers    = buildDictionary(compareMoverSpecs)
)

// CompareDiffDictionary returns the columns of the diff dataset of
// `hrgflow compare`: one row per difference. The slice is shared: callers
// must not modify it. Safe for concurrent use.
func CompareDiffDictionary() []Field { return compareDiff }

// CompareSummaryDictionary returns the columns of the summary dataset of
// `hrgflow compare`: cause × commissioner × HRG × point of delivery. The
// slice is shared: callers must not modify it.
func CompareSummaryDictionary() []Field { return compareSummary }

// CompareAgreementDictionary returns the columns of the agreement dataset
// of `hrgflow compare`: one row for spells, one for episodes. The slice is
// shared: callers must not modify it.
func CompareAgreementDictionary() []Field { return compareAgreement }

// CompareMoversDictionary returns the columns of the movers dataset of
// `hrgflow compare`: the HRGs whose differences move the most money. The
// slice is shared: callers must not modify it.
func CompareMoversDictionary() []Field { return compareMovers }
