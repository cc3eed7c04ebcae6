package schemas

// unbundledSpecs describes the unbundled dataset: one row per unbundled HRG
// of an episode (long form: no variable-width columns).
var unbundledSpecs = []fieldSpec{
	{"SourceFile", KindCode, SourceHRGFlow, "Base name of the input file the episode was read from.", nil},
	{"SourceRow", KindInt64, SourceHRGFlow, "SourceRow of the episode the unbundled HRG belongs to: with SourceFile, the key to episodes.", nil},
	{"SpellRow", KindInt64, SourceGrouping, "SpellRow of the episode's spell: with SourceFile, the key to spells.", nil},
	{"Position", KindInt, SourceGrouping, "1-based position of the unbundled HRG in the episode's list, the order the official grouper's _ub_rel Iteration gives.", nil},
	{"UnbundledHRG", KindCode, SourceGrouping, "The unbundled HRG.", nil},
	{"Multiplier", KindInt, SourceGrouping, "Day multiplier of a per-day unbundled HRG (rehabilitation, specialist palliative care days), null when the HRG has none.", nil},
}

var unbundled = buildDictionary(unbundledSpecs)

// UnbundledDictionary returns the columns of the unbundled dataset in
// order. The slice is shared: callers must not modify it.
func UnbundledDictionary() []Field { return unbundled }
