package schemas

import "fmt"

// Kind is the storage and Parquet type of a field.
type Kind uint8

// The kinds of field. The first two are strings that differ only in how the
// Parquet writer encodes them.
const (
	// KindCode is a short code string drawn from a small set (ADMIMETH,
	// DIAG_01, PROCODE3). Stored in Episode.Str; written dictionary-encoded.
	KindCode Kind = iota
	// KindID is a high-cardinality identifier or free text (EPIKEY,
	// PSEUDO_HESID). Stored in Episode.Str; written without a dictionary.
	KindID
	// KindInt is a whole number that fits in 32 bits. Stored in Episode.Int;
	// written as INT32.
	KindInt
	// KindDate is a calendar date. Stored in Episode.Date; written as DATE.
	KindDate
	// KindInt64 is a 64-bit whole number (row numbers). Stored in
	// Episode.I64; written as INT64.
	KindInt64
	// KindFloat64 is a decimal number (STARTAGE_CALC). Stored in
	// Episode.F64; written as DOUBLE.
	KindFloat64
)

// String returns the kind's name as the data dictionary prints it.
func (k Kind) String() string {
	switch k {
	case KindCode:
		return "code"
	case KindID:
		return "identifier"
	case KindInt:
		return "int32"
	case KindDate:
		return "date"
	case KindInt64:
		return "int64"
	case KindFloat64:
		return "float64"
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// ParquetType returns the Parquet physical and logical type of the kind.
func (k Kind) ParquetType() string {
	switch k {
	case KindCode:
		return "BYTE_ARRAY (STRING), dictionary"
	case KindID:
		return "BYTE_ARRAY (STRING)"
	case KindInt:
		return "INT32"
	case KindDate:
		return "INT32 (DATE)"
	case KindInt64:
		return "INT64"
	case KindFloat64:
		return "DOUBLE"
	}
	return "?"
}

// Source says where a field comes from.
type Source uint8

// The sources of fields.
const (
	// SourceHES marks a field of the HES APC extract, named as HES names it.
	SourceHES Source = iota
	// SourceGrouper marks a field of the official HRG4+ grouper's APC input
	// layout that HES does not carry under that name.
	SourceGrouper
	// SourceHRGFlow marks a field hrgflow adds (provenance, status).
	SourceHRGFlow
	// SourceGrouping marks a result of hrgflow's grouping, named as the
	// official grouper names its output column where it has one.
	SourceGrouping
	// SourceDerived marks a field HES derives from other fields (FYEAR,
	// SPELDUR, DIAG_4_CONCAT), which hrgflow derives the same way rather
	// than reads: its fields are Derived.
	SourceDerived
)

// String returns the source's name as the data dictionary prints it.
func (s Source) String() string {
	switch s {
	case SourceHES:
		return "HES APC"
	case SourceGrouper:
		return "HRG4+ grouper input"
	case SourceHRGFlow:
		return "hrgflow"
	case SourceGrouping:
		return "hrgflow grouping"
	case SourceDerived:
		return "HES APC, derived"
	}
	return fmt.Sprintf("Source(%d)", uint8(s))
}

// Field describes one field of the episode record.
type Field struct {
	// Name is the column name in inputs and outputs (the HES name where HES
	// has one).
	Name string
	// Kind is the storage and Parquet type.
	Kind Kind
	// Slot is the index of the field in the Episode array of its kind.
	Slot int
	// Index is the position of the field in its dictionary (its column).
	Index int
	// Meaning says what the field holds, in a sentence.
	Meaning string
	// Source says where the field comes from.
	Source Source
	// Aliases are other input column names read into this field
	// (DIAG_4_01 and DIAG_01, OPER_01 and OPERTN_01).
	Aliases []string
	// Derived reports a field hrgflow computes from other fields as HES
	// derives it (Source is SourceDerived). It is output only: Lookup, which
	// maps input columns, never returns it, so an input column of that name
	// is ignored, or read into the field that has the name as an alias
	// (DIAG_4_01 into DIAG_01).
	Derived bool
}

// The numbers of repeated clinical fields an Episode holds.
const (
	// MaxDiagnoses is the number of diagnosis fields (DIAG_01..DIAG_20).
	MaxDiagnoses = 20
	// MaxProcedures is the number of procedure fields (OPERTN_01..OPERTN_24)
	// and procedure dates (OPDATE_01..OPDATE_24).
	MaxProcedures = 24
)

// fieldSpec is one entry of the hand-written dictionary below; slots are
// assigned in order of appearance within each kind.
type fieldSpec struct {
	name    string
	kind    Kind
	source  Source
	meaning string
	aliases []string
}

// episodeSpecs is the episode field dictionary: the one place where a field
// is added, renamed or documented.
var episodeSpecs = concat(
	[]fieldSpec{
		{"SourceFile", KindCode, SourceHRGFlow, "Base name of the input file the row was read from.", nil},
		{"SourceRow", KindInt64, SourceHRGFlow, "1-based data row number within the input file (the header row is not counted).", nil},
		{"Severity", KindCode, SourceHRGFlow, "Worst severity of the validation rules the row failed: `error` (cannot be grouped: UZ01Z), `warning` (grouped but flagged), or null when it passed every rule. Each failure is a row of the quality dataset.", nil},
		{"ReasonCount", KindInt, SourceHRGFlow, "Number of validation rules the row failed (rows in the quality dataset for this row).", nil},
		{"Reasons", KindCode, SourceHRGFlow, "Reason codes of the failed rules, comma-separated in catalogue order of discovery (see docs/validation.md); null when none.", nil},
		{"CodesRaw", KindID, SourceHRGFlow, "The diagnosis and procedure values as supplied, for the positions whose value normalisation changed (`DIAG_02=i10;OPERTN_01=W37.1`); null when every code was already clean. DIAG_nn and OPERTN_nn hold the clean codes.", nil},
		derived("FYEAR", KindCode, "Financial year of the episode as HES writes it (`2425` = 1 April 2024 to 31 March 2025), from EPIEND, else EPISTART, else ADMIDATE; null when none is known (HES writes the year of the extract the row came in). An input FYEAR column is ignored."),
		{"EPIKEY", KindID, SourceHES, "Episode record key; a string because 19-digit keys exceed int64.", nil},
		{"PSEUDO_HESID", KindID, SourceHES, "Pseudonymised patient identifier (to 2020-21).", nil},
		{"TOKEN_PERSON_ID", KindID, SourceHES, "Tokenised patient identifier (from 2021-22).", nil},
		{"SUSRECID", KindID, SourceHES, "SUS record identifier.", nil},
		{"SUSSPELLID", KindID, SourceHES, "SUS spell identifier; -1 marks an unspellable episode.", nil},
		{"PROVSPNO", KindID, SourceGrouper, "Provider spell number, unique within the provider (official grouper input).", nil},
		{"PROCODE3", KindCode, SourceHES, "Provider code, 3 characters.", nil},
		{"PROCODE5", KindCode, SourceHES, "Provider code, 5 characters.", nil},
		{"PROCODET", KindCode, SourceHES, "Provider of treatment; 3 characters for NHS organisations, 5 for others.", nil},
		{"SITETRET", KindCode, SourceHES, "Site of treatment (ODS site code).", nil},
		{"PURCODE", KindCode, SourceHES, "Commissioner code (3 or 5 characters; VPP00 private, XMD00 Ministry of Defence).", nil},
		{"CCG_RESPONSIBILITY", KindCode, SourceHES, "Responsible CCG to June 2022, Sub-ICB location from July 2022.", nil},
		{"GPPRAC", KindCode, SourceHES, "Registered GP practice (V81997 not registered, V81998 not applicable, V81999 not known).", nil},
		{"ADMIDATE", KindDate, SourceHES, "Admission date of the spell, copied onto every episode; 1800-01-01 and 1801-01-01 read as null.", nil},
		{"ELECDATE", KindDate, SourceHES, "Date of the decision to admit (elective admissions).", nil},
		{"EPISTART", KindDate, SourceHES, "Episode start date.", nil},
		{"EPIEND", KindDate, SourceHES, "Episode end date.", nil},
		{"DISDATE", KindDate, SourceHES, "Discharge date of the spell; on the last episode only.", nil},
		{"ADMIMETH", KindCode, SourceHES, "Admission method: 11-13 elective, 21-28 and 2A-2D emergency, 31-32 maternity, 81-83 other.", nil},
		{"ADMISORC", KindCode, SourceHES, "Admission source (19 usual residence, 51-53 other NHS provider, ...).", nil},
		{"ADMINCAT", KindCode, SourceHES, "Administrative category (01 NHS, 02 private, 03 amenity, 04 category II).", nil},
		{"CLASSPAT", KindCode, SourceHES, "Patient classification: 1 ordinary, 2 day case, 3 regular day attender, 4 regular night attender, 5 mothers and babies using delivery facilities only.", nil},
		{"DISMETH", KindCode, SourceHES, "Discharge method (1 clinical advice, 4 died, 8 spell not finished at episode end, ...).", nil},
		{"DISDEST", KindCode, SourceHES, "Discharge destination (19 usual residence, 51-53 other NHS provider, 79 died, 98 not applicable, ...).", nil},
		{"EPISTAT", KindCode, SourceHES, "Episode status: 1 unfinished, 3 finished, 9 derived unfinished.", nil},
		{"EPITYPE", KindCode, SourceHES, "Episode type: 1 general, 2 delivery, 3 birth, 4 formally detained, 5 other delivery event, 6 other birth event.", nil},
		{"EPIORDER", KindInt, SourceHES, "Episode number within the spell (1 = first; 98 not applicable; 99 not known); `01` and `1` both read as 1.", nil},
		{"STARTAGE", KindInt, SourceHES, "Age at episode start in whole years (0-130), or an infant age code 7001-7007 kept as given (7001 under 1 day ... 7007 273 days to under 1 year); 999 = not known in grouper input.", nil},
		{"SEX", KindCode, SourceHES, "Sex: 1 male, 2 female, 9 indeterminate, 0 or X not known.", nil},
		{"ETHNOS", KindCode, SourceHES, "Ethnic category (letters from 2001-02, digits before; Z not stated, 99 not known).", nil},
		{"MAINSPEF", KindCode, SourceHES, "Main specialty of the consultant (3 characters; & not known).", nil},
		{"TRETSPEF", KindCode, SourceHES, "Treatment function (3 characters; & not known).", nil},
		{"NEOCARE", KindCode, SourceGrouper, "Neonatal level of care (official grouper input; may be blank).", nil},
		{"EPIDUR", KindInt, SourceHES, "Episode duration in days as supplied (0-29,200).", nil},
		{"CRITICALCAREDAYS", KindInt, SourceGrouper, "Critical care days within the episode (official grouper input).", nil},
		{"REHABILITATIONDAYS", KindInt, SourceGrouper, "Rehabilitation days within the episode (official grouper input).", nil},
		{"SPCDAYS", KindInt, SourceGrouper, "Specialist palliative care days within the episode (official grouper input).", nil},
	},
	[]fieldSpec{
		{"FCE_HRG", KindCode, SourceGrouping, "HRG of the episode (finished consultant episode), by the grouping design named in the file metadata; UZ01Z when validation found an error.", nil},
		{"GroupingMethodFlag", KindCode, SourceGrouping, "How FCE_HRG was reached: P procedure-driven, D diagnosis-driven, B burns, M multiple trauma, U error (UZ01Z).", nil},
		{"DominantProcedure", KindCode, SourceGrouping, "The procedure that drove a procedure-driven episode: the highest in the design's hierarchy, ties to the earliest position.", nil},
		{"CCScore", KindInt, SourceGrouping, "Complication and comorbidity score of the episode: weights of distinct secondary diagnoses on the subchapter's CC list, less exclusions for the primary. The official grouper does not output it.", nil},
		{"CalcEpidur", KindInt, SourceGrouping, "EPIDUR less critical care, rehabilitation and specialist palliative care days, floored at 0 (EPIEND − EPISTART when EPIDUR is missing).", nil},
		{"UnbundledHRGs", KindID, SourceGrouping, "Unbundled HRGs of the episode, `;`-separated, with day multipliers as `HRG*days`; null when none.", nil},
		{"SpellRow", KindInt64, SourceGrouping, "SourceRow of the spell's first episode in the input: with SourceFile, the key joining an episode to its row in the spells dataset.", nil},
		{"SpellHRG", KindCode, SourceGrouping, "HRG of the provider spell, repeated on each of its episodes (use SpellReportFlag = 1 or the spells dataset to count spells).", nil},
		{"SpellGroupingMethodFlag", KindCode, SourceGrouping, "How SpellHRG was reached (P, D, B, M, U).", nil},
		{"SpellDominantProcedure", KindCode, SourceGrouping, "The procedure that drove a procedure-driven spell.", nil},
		{"SpellPDiag", KindCode, SourceGrouping, "The primary diagnosis used for spell grouping.", nil},
		{"SpellSDiag", KindCode, SourceGrouping, "The first secondary diagnosis used for spell grouping.", nil},
		{"SpellReportFlag", KindInt, SourceGrouping, "1 on the episode that supplied the spell's dominant procedure or primary diagnosis, else 0.", nil},
		{"SpellEpisodeCount", KindInt, SourceGrouping, "Number of episodes in the spell.", nil},
		{"SpellLOS", KindInt, SourceGrouping, "Spell length of stay: the sum of CalcEpidur over its episodes.", nil},
	},
	repeated(MaxDiagnoses, func(i int) fieldSpec {
		name := fmt.Sprintf("DIAG_%02d", i)
		meaning := "Secondary diagnosis"
		if i == 1 {
			meaning = "Primary diagnosis"
		}
		return fieldSpec{name, KindCode, SourceHES,
			meaning + " (ICD-10) in position " + fmt.Sprint(i) + ", normalised: no dot, upper case, X filler on undivided 3-character codes, dagger/asterisk marker removed. Unreadable codes are kept as supplied.",
			[]string{fmt.Sprintf("DIAG_4_%02d", i)}}
	}),
	repeated(MaxProcedures, func(i int) fieldSpec {
		name := fmt.Sprintf("OPERTN_%02d", i)
		meaning := "Procedure"
		if i == 1 {
			meaning = "Main procedure"
		}
		return fieldSpec{name, KindCode, SourceHES,
			meaning + " (OPCS-4) in position " + fmt.Sprint(i) + ", normalised (no dot, upper case, 4 characters); `-` none performed, `&` not known (space padding removed).",
			[]string{fmt.Sprintf("OPERTN_4_%02d", i), fmt.Sprintf("OPER_%02d", i)}}
	}),
	repeated(MaxProcedures, func(i int) fieldSpec {
		return fieldSpec{fmt.Sprintf("OPDATE_%02d", i), KindDate, SourceHES,
			fmt.Sprintf("Date of procedure %d.", i), nil}
	}),
	derivedSpecs,
)

// derived returns the spec of a field HES derives and hrgflow derives the
// same way (see pipeline/derive.go).
func derived(name string, kind Kind, meaning string) fieldSpec {
	return fieldSpec{name, kind, SourceDerived, meaning, nil}
}

// The definitions the derived fields share.
const (
	firstEpisode = "The spell's first episode is the first in EPIORDER order, unless its EPIORDER is 2-87: the first episode is then not in the input."
	finishedEp   = "finished (EPISTAT 3, or EPISTAT not supplied)"
	unusableView = "null when the position is empty or its code is not usable (kept as supplied in the code field and flagged by validation; HES shows R69X (R69) for an invalid code, and a code of an edition before the 5th as it is)"
)

// derivedSpecs are the fields HES derives from the others (DOMAIN.md §2),
// computed by hrgflow from the episode's own fields and its spell's: input
// columns of these names are ignored. Each meaning states the rule and
// where hrgflow's derivation differs from HES's.
var derivedSpecs = concat(
	[]fieldSpec{
		derived("SPELBGIN", KindInt, "Beginning of spell indicator: 0 not the spell's first episode; 1 the first episode of a spell that started (ADMIDATE) in an earlier financial year than the episode's FYEAR; 2 the first episode, started in the same year; null when ADMIDATE or FYEAR is unknown or ADMIDATE falls after the episode. "+firstEpisode),
		derived("SPELEND", KindCode, "End of spell indicator: `Y` on the last episode (in EPIORDER order) of a finished spell, one whose last episode has a DISDATE or DISMETH 1-7; `N` on every other episode, including the last of an unfinished spell."),
		derived("SPELDUR", KindInt, "Duration of the spell in days, DISDATE − ADMIDATE, on every episode of a spell discharged with DISMETH 1-7 (HES's definition says 1-5; 6 and 7 replaced 2 in 2022-23); null when the spell is not finished, on other maternity events (EPITYPE 5, 6), or when a date is missing or the duration falls outside 0-29,200."),
		derived("SPELDUR_CALC", KindInt, "Duration of the spell so far in days, EPIEND of its last episode − ADMIDATE, finished or not, on every episode; null when a date is missing or the duration falls outside 0-29,200."),
		derived("ELECDUR", KindInt, "Elective wait in days, ADMIDATE − ELECDATE, for elective admissions (ADMIMETH 11, 12, 13); 9999 not known (elective, but ELECDATE or ADMIDATE missing, ELECDATE after ADMIDATE or a wait over 9,997 days); 9998 not applicable (any other ADMIMETH); null when ADMIMETH is missing."),
		derived("FAE", KindInt, "Finished admission episode: 1 on the spell's first episode when it is "+finishedEp+", else 0. "+firstEpisode),
		derived("FAE_EMERGENCY", KindInt, "Finished admission episode of an emergency admission: 1 when FAE is 1 and ADMIMETH is 21-28 or 2A-2D, else 0."),
		derived("FCE", KindInt, "Finished consultant episode: 1 when the episode is "+finishedEp+" and not an other maternity event (EPITYPE 5, 6), else 0."),
		derived("FDE", KindInt, "Finished discharge episode: 1 on the episode whose SPELEND is `Y` when it is "+finishedEp+", else 0."),
		derived("STARTAGE_CALC", KindFloat64, "Age at the start of the episode in decimal years: whole years 0-130 as in STARTAGE; the infant codes 7001-7007 as HES's 0.002, 0.010, 0.048, 0.167, 0.375, 0.625, 0.875; null for 999 or a missing age. HES computes it from the date of birth (33.512); hrgflow has only STARTAGE, so whole years stay whole (34)."),
		derived("DIAG_COUNT", KindInt, "Number of diagnoses: the positions whose DIAG_4_nn view is not null; 0 when none (the artificial HES extract leaves it null then)."),
		derived("DIAG_3_CONCAT", KindID, "The DIAG_3_nn views that are not null, in position order, comma-separated (`S72,I10,W19`); null when there are none."),
		derived("DIAG_4_CONCAT", KindID, "The DIAG_4_nn views that are not null, in position order, comma-separated (`S720,I10X,W190`); null when there are none. HES extracts can hold `-` items, which hrgflow reads as empty positions and leaves out."),
		derived("CAUSE_3", KindCode, "The 3-character view (DIAG_3_nn) of the first external-cause diagnosis (V01-Y98) in any position; null when there is none."),
		derived("CAUSE_4", KindCode, "The 4-character view (DIAG_4_nn) of the first external-cause diagnosis (V01-Y98) in any position; null when there is none."),
		derived("OPERTN_COUNT", KindInt, "Number of procedures: the positions whose OPERTN_4_nn view is a code, not a `-` or `&` placeholder; 0 when none (the artificial HES extract leaves it null then). Legacy X99.7-X99.9 codes are counted, as HES holds them as codes."),
		derived("OPERTN_3_CONCAT", KindID, "The OPERTN_3_nn views that are not null, in position order, comma-separated (`W37,Z94`, `-`); null when there are none."),
		derived("OPERTN_4_CONCAT", KindID, "The OPERTN_4_nn views that are not null, in position order, comma-separated (`W371,Z942`, `-`); null when there are none."),
	},
	repeated(MaxDiagnoses, func(i int) fieldSpec {
		return derived(fmt.Sprintf("DIAG_3_%02d", i), KindCode, fmt.Sprintf("3-character view of DIAG_%02d: the ICD-10 category of the clean code (I21); R69 for HES's R69X null markers in position 1; %s.", i, unusableView))
	}),
	repeated(MaxDiagnoses, func(i int) fieldSpec {
		return derived(fmt.Sprintf("DIAG_4_%02d", i), KindCode, fmt.Sprintf("4-character view of DIAG_%02d: the clean code without a 5th character (M8040 gives M804; I10X stays I10X); R69X for HES's R69X null markers in position 1; %s. An input DIAG_4_%02d column is read into DIAG_%02d.", i, unusableView, i, i))
	}),
	repeated(MaxProcedures, func(i int) fieldSpec {
		return derived(fmt.Sprintf("OPERTN_3_%02d", i), KindCode, fmt.Sprintf("3-character view of OPERTN_%02d: the first 3 characters of the clean code (W37), or the `-` (none performed) or `&` (not known) placeholder, without HES's space padding; null when the position is empty or its code unusable.", i))
	}),
	repeated(MaxProcedures, func(i int) fieldSpec {
		return derived(fmt.Sprintf("OPERTN_4_%02d", i), KindCode, fmt.Sprintf("4-character view of OPERTN_%02d: the clean code (W371), or the `-` or `&` placeholder, without HES's space padding; null when the position is empty or its code unusable. An input OPERTN_4_%02d column is read into OPERTN_%02d.", i, i, i))
	}),
)

func concat(parts ...[]fieldSpec) []fieldSpec {
	var out []fieldSpec
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func repeated(n int, f func(i int) fieldSpec) []fieldSpec {
	out := make([]fieldSpec, n)
	for i := range out {
		out[i] = f(i + 1)
	}
	return out
}

// qualitySpecs describes the quality dataset: one row per failed rule.
var qualitySpecs = []fieldSpec{
	{"SourceFile", KindCode, SourceHRGFlow, "Base name of the input file the row was read from.", nil},
	{"SourceRow", KindInt64, SourceHRGFlow, "1-based data row number within the input file, as in the episodes dataset.", nil},
	{"EpisodeKey", KindID, SourceHRGFlow, "EPIKEY, or PROCODET/PROVSPNO/EPIORDER when the input has no EPIKEY.", nil},
	{"Field", KindCode, SourceHRGFlow, "The field the rule concerns (DIAG_03, EPIEND); null for rules about the whole row.", nil},
	{"ValueClass", KindCode, SourceHRGFlow, "What was wrong with the value: blank, format, not in list, placeholder, sentinel, range, order, domain or combination. The value itself is in the episodes dataset.", nil},
	{"Reason", KindCode, SourceHRGFlow, "Stable reason code of the rule (see docs/validation.md).", nil},
	{"Severity", KindCode, SourceHRGFlow, "`error` (the episode cannot be grouped) or `warning` (grouped but flagged).", nil},
	{"Message", KindCode, SourceHRGFlow, "What is wrong, in words a clinical coder can act on.", nil},
}

var quality = buildDictionary(qualitySpecs)

// spellSpecs describes the spells dataset: one row per provider spell.
var spellSpecs = []fieldSpec{
	{"FYEAR", KindCode, SourceHRGFlow, "Financial year of the spell's end (`2425` = 2024/25): from DISDATE of its last episode, else that episode's EPIEND. The Hive partition of the spells dataset (`spells/FYEAR=2425/`), not stored in the files.", nil},
	{"SourceFile", KindCode, SourceHRGFlow, "Base name of the input file the spell was read from.", nil},
	{"SpellRow", KindInt64, SourceGrouping, "SourceRow of the spell's first row in the input: with SourceFile, the key to the spell's episodes (their SpellRow). Other fields come from the spell's first episode by EPIORDER, DISDATE from its last.", nil},
	{"PROCODET", KindCode, SourceHES, "Provider of treatment (first episode).", nil},
	{"PROCODE3", KindCode, SourceHES, "Provider code, 3 characters (first episode).", nil},
	{"PROVSPNO", KindID, SourceGrouper, "Provider spell number (official grouper input).", nil},
	{"SUSSPELLID", KindID, SourceHES, "SUS spell identifier.", nil},
	{"PSEUDO_HESID", KindID, SourceHES, "Pseudonymised patient identifier.", nil},
	{"TOKEN_PERSON_ID", KindID, SourceHES, "Tokenised patient identifier.", nil},
	{"ADMIDATE", KindDate, SourceHES, "Admission date (first episode).", nil},
	{"DISDATE", KindDate, SourceHES, "Discharge date (last episode).", nil},
	{"ADMIMETH", KindCode, SourceHES, "Admission method (first episode).", nil},
	{"CLASSPAT", KindCode, SourceHES, "Patient classification (first episode).", nil},
	{"STARTAGE", KindInt, SourceHES, "Age at the start of the spell (first episode), infant codes as supplied.", nil},
	{"SEX", KindCode, SourceHES, "Sex (first episode).", nil},
	{"Commissioner", KindCode, SourceHRGFlow, "Commissioner of the spell, as in the commissioning cube: PURCODE of its first episode (by EPIORDER), else CCG_RESPONSIBILITY; null when neither is known. As supplied.", nil},
	{"SpellHRG", KindCode, SourceGrouping, "HRG of the spell.", nil},
	{"SpellGroupingMethodFlag", KindCode, SourceGrouping, "How SpellHRG was reached (P, D, B, M, U).", nil},
	{"SpellDominantProcedure", KindCode, SourceGrouping, "The procedure that drove a procedure-driven spell.", nil},
	{"SpellPDiag", KindCode, SourceGrouping, "The primary diagnosis used for spell grouping.", nil},
	{"SpellSDiag", KindCode, SourceGrouping, "The first secondary diagnosis used for spell grouping.", nil},
	{"SpellCCScore", KindInt, SourceGrouping, "CC score over all the spell's diagnoses.", nil},
	{"SpellEpisodeCount", KindInt, SourceGrouping, "Number of episodes in the spell.", nil},
	{"SpellLOS", KindInt, SourceGrouping, "Sum of CalcEpidur over the spell's episodes.", nil},
	{"ReportEpisodeRow", KindInt64, SourceGrouping, "SourceRow of the episode with SpellReportFlag 1.", nil},
	{"UnbundledCount", KindInt, SourceGrouping, "Number of unbundled HRGs over the spell's episodes.", nil},
	{"PointOfDelivery", KindCode, SourceGrouping, "DC elective day case, EL elective ordinary, NE non-elective, NES non-elective short stay (LOS 0–1), MAT maternity, OTH other (81–83), RDA/RNA regular day/night attender, UNK unknown: from the first episode's ADMIMETH and CLASSPAT (see pipeline/price/README.md).", nil},
	{"PricingLOS", KindInt, SourceGrouping, "The length of stay pricing counts: DISDATE − ADMIDATE when both are known, else SpellLOS.", nil},
	{"PriceStatus", KindCode, SourceGrouping, "priced, not_priced_hrg (HRG not in the price table), not_priced_pod (no price for the point of delivery), ungroupable (UZ01Z, priced 0) or zero_price (the table prices the HRG at 0).", nil},
	{"PriceNotes", KindCode, SourceGrouping, "Fallbacks pricing took: combined (combined DC/EL price used), mff_default (provider not in the MFF table), no_trim_point, no_per_day, ssem_age_unknown, unbundled_not_priced…; null when none.", nil},
	{"BasePricePence", KindInt64, SourceGrouping, "Price of the point of delivery's column, in pence, before adjustments; null when not priced.", nil},
	{"ExcessBedDays", KindInt, SourceGrouping, "Days beyond the trim point of the point of delivery; null when the table has no trim point.", nil},
	{"ExcessBedDayPaymentPence", KindInt64, SourceGrouping, "ExcessBedDays × the per-day long-stay payment, in pence.", nil},
	{"ShortStayAdjusted", KindInt, SourceGrouping, "1 when the reduced short-stay emergency price replaced the base price.", nil},
	{"ShortStayPricePence", KindInt64, SourceGrouping, "The reduced short-stay emergency price, in pence (0 when not applied).", nil},
	{"UnbundledPaymentPence", KindInt64, SourceGrouping, "Sum of the priced unbundled HRGs of the spell (× day multipliers), in pence.", nil},
	{"MFFIndexPPM", KindInt64, SourceGrouping, "The provider's market forces factor in parts per million (1,000,000 = 1.0).", nil},
	{"MFFAdjustmentPence", KindInt64, SourceGrouping, "What the MFF added to (or, below 1.0, took from) the payment, in pence.", nil},
	{"TotalPricePence", KindInt64, SourceGrouping, "The spell's payment in pence: (base or short-stay price + excess bed days + unbundled) × MFF; 0 when not priced (see PriceStatus).", nil},
}

var spells = buildDictionary(spellSpecs)

// SpellDictionary returns the columns of the spells dataset in order. The
// slice is shared: callers must not modify it.
func SpellDictionary() []Field { return spells }

// QualityDictionary returns the columns of the quality dataset in order.
// The slice is shared: callers must not modify it.
func QualityDictionary() []Field { return quality }

// dictionary is the compiled dictionary, built once at package
// initialisation from episodeSpecs (a pure function of constant data).
var dictionary = buildDictionary(episodeSpecs)

func buildDictionary(specs []fieldSpec) []Field {
	var next [KindFloat64 + 1]int
	out := make([]Field, len(specs))
	for i, s := range specs {
		store := s.kind
		if store == KindID {
			store = KindCode // IDs and codes share Episode.Str
		}
		out[i] = Field{Name: s.name, Kind: s.kind, Slot: next[store], Index: i, Meaning: s.meaning, Source: s.source, Aliases: s.aliases,
			Derived: s.source == SourceDerived}
		next[store]++
	}
	return out
}

// Dictionary returns the episode fields in output column order. The slice
// is shared: callers must not modify it. Safe for concurrent use.
func Dictionary() []Field { return dictionary }

// Lookup returns the input field whose name or alias is name, matched
// exactly: the field an input column of that name is read into. Derived
// fields are never returned (they are computed, not read), so a name that
// is both a derived field and an alias (DIAG_4_01) finds the alias's field.
func Lookup(name string) (Field, bool) {
	for _, f := range dictionary {
		if f.Derived {
			continue
		}
		if f.Name == name {
			return f, true
		}
		for _, a := range f.Aliases {
			if a == name {
				return f, true
			}
		}
	}
	return Field{}, false
}

// MustIndex returns the dictionary index (column) of the episode field
// named name, for package-level tables built at initialisation. A name that
// is not a field is a programming error, so it panics.
func MustIndex(name string) int {
	f, ok := Lookup(name)
	if !ok {
		panic("schemas: no episode field " + name)
	}
	return f.Index
}
