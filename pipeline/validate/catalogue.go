package validate

import "fmt"

// Severity says what a failed rule means for the episode.
type Severity uint8

// The severities, in increasing order.
const (
	// SeverityNone marks an episode that failed no rule.
	SeverityNone Severity = iota
	// SeverityWarning: the episode is grouped but flagged.
	SeverityWarning
	// SeverityError: the episode cannot be grouped (UZ01Z).
	SeverityError
)

// String returns "warning", "error", or "" for SeverityNone.
func (s Severity) String() string {
	switch s {
	case SeverityWarning:
		return "warning"
	case SeverityError:
		return "error"
	}
	return ""
}

// RuleID identifies a rule of the catalogue; it indexes Rules().
type RuleID uint16

// Rule is one check of the catalogue.
type Rule struct {
	// Code is the stable reason code written to outputs (D01, T02, …).
	Code string
	// Severity is what failing the rule means for the episode.
	Severity Severity
	// Field names the field the rule concerns (DIAG_nn for any diagnosis
	// position); empty for rules about the whole row.
	Field string
	// Class says what was wrong with the value: blank, format, not in
	// list, placeholder, sentinel, range, order, domain, combination.
	Class string
	// Message says what is wrong in words a clinical coder can act on. It
	// never contains patient-level values.
	Message string
	// Basis says where the rule comes from.
	Basis string
}

// The rules. The order is the order of docs/validation.md; codes are
// stable across releases, IDs are not.
const (
	RuleFieldCount RuleID = iota
	RuleQuoting
	RuleNotNumber
	RuleNotDate
	RuleTooManyCodes

	RuleDiagFormat
	RuleDiagUnknown
	RuleDiagSubdivided
	RuleDiagXFiller
	RuleDiagNormalised
	RulePrimaryMissing
	RulePrimaryNull
	RulePrimaryExternal
	RuleAsteriskPrimary
	RuleAsteriskNoDagger
	RuleSexCode
	RuleAgeCode
	RulePrimarySymptom
	RulePrimaryZ
	RuleDiagGap
	RuleDiagOlderEdition
	RulePrimaryUngroupable

	RuleOperFormat
	RuleOperUnknown
	RuleOperNormalised
	RuleOperSubsidiaryPrimary
	RuleOperAfterNone
	RuleOperNotKnown
	RuleOperLegacyPlaceholder
	RuleOperGap

	RuleDateInvalidSubmitted
	RuleEndBeforeStart
	RuleStartBeforeAdmission
	RuleDischargeBeforeEnd
	RuleDecisionAfterAdmission
	RuleOpDateOutside
	RuleEpidurMismatch
	RuleEpidurRange
	RuleDatesMissing

	RuleUnfinished
	RuleOtherMaternity
	RuleNotFinishedButDischarged
	RuleFirstEpisodeStart
	RuleEpiorderInvalid
	RuleDiedDestination
	RuleSpellOrderGap
	RuleSpellOrderDuplicate
	RuleSpellFieldDiffers
	RuleSpellDischargeNotLast

	RuleSexMissing
	RuleSexUngroupable
	RuleAgeMissing
	RuleAgeRange
	RuleAgeUnknown

	RuleDomainMissing
	RuleDomainInvalidMandatory
	RuleDomainInvalid
	RuleDomainRetired
	RuleDomainNotYet
	RuleDomainUnknownMandatory

	RuleSiteMissing
	RuleSiteShort
	RuleCommissionerShort

	numRules
)

// NoField is the Finding.Field of a rule about the whole row.
const NoField = 0xFFFF

var rules = [numRules]Rule{
	RuleFieldCount: {"P01", SeverityError, "", "format", "The row has the wrong number of fields, so its columns cannot be trusted.", "CSV structure"},
	RuleQuoting:    {"P02", SeverityError, "", "format", "The row's quoting is broken (an unclosed quote or text after a closing quote).", "RFC 4180; quoted fields may not span lines"},
	RuleNotNumber:  {"P03", SeverityError, "", "format", "The value is not a whole number.", "HES field formats"},
	RuleNotDate:    {"P04", SeverityError, "", "format", "The value is not a date (YYYY-MM-DD, YYYYMMDD or DD/MM/YYYY).", "HES field formats"},
	RuleTooManyCodes: {"P05", SeverityError, "", "range",
		"A code is given beyond the 20 diagnoses and 24 procedures hrgflow keeps; it would be lost.", "hrgflow episode record"},

	RuleDiagFormat:     {"D01", SeverityError, "DIAG_nn", "format", "Not an ICD-10 code: a letter, two digits, a 4th character (digit or X filler) and an optional 5th digit are expected.", "NHS Data Dictionary: ICD-10 CODE"},
	RuleDiagUnknown:    {"D02", SeverityError, "DIAG_nn", "not in list", "The code is not in the ICD-10 classification in use.", "ICD-10 5th Edition; HES writes R69X8 for such codes"},
	RuleDiagSubdivided: {"D03", SeverityError, "DIAG_nn", "format", "A 3-character code of a category that has 4-character subdivisions: the 4th character is missing.", "ICD-10: subdivided categories must be coded to 4 characters"},
	RuleDiagXFiller:    {"D04", SeverityError, "DIAG_nn", "format", "X filler on a category that is subdivided: code the 4th character instead.", "NHS Data Dictionary: X only pads undivided 3-character categories"},
	RuleDiagNormalised: {"D05", SeverityWarning, "DIAG_nn", "format", "The code was written in a non-standard form (dot, lower case, missing X filler, dagger/asterisk marker) and has been normalised; the raw value is kept in CodesRaw.", "NHS Data Dictionary: ICD-10 CODE"},
	RulePrimaryMissing: {"D06", SeverityError, "DIAG_01", "blank", "The primary diagnosis is missing.", "HRG4+ grouper: DIAG_01 is mandatory"},
	RulePrimaryNull:    {"D07", SeverityError, "DIAG_01", "placeholder", "The primary diagnosis is a HES null or invalid-code marker (R69X, R69X6, R69X8), not a diagnosis.", "HES TOS: R69X6 null primary, R69X8 invalid code"},
	RulePrimaryExternal: {"D08", SeverityError, "DIAG_01", "combination",
		"An external cause code (V01–Y98) is the primary diagnosis; it must follow the injury or poisoning it explains.", "ICD-10 chapter XX; HES R69X3"},
	RuleAsteriskPrimary:  {"D09", SeverityError, "DIAG_01", "combination", "An asterisk (manifestation) code is the primary diagnosis; it must follow its dagger code.", "WHO ICD-10 Volume 2; UK sequencing"},
	RuleAsteriskNoDagger: {"D10", SeverityError, "DIAG_nn", "combination", "An asterisk code is not immediately preceded by a dagger code.", "WHO ICD-10 Volume 2; UK sequencing"},
	RuleSexCode:          {"D11", SeverityWarning, "DIAG_nn", "combination", "The code applies only to the other sex.", "Sex-specific ICD-10 codes (project table or TRUD GENDER_MASK)"},
	RuleAgeCode:          {"D12", SeverityWarning, "DIAG_nn", "combination", "The code does not fit the patient's age (perinatal or liveborn codes after infancy, obstetric codes below 10 or above 60).", "Age-specific ICD-10 codes (project table or TRUD MIN_AGE/MAX_AGE)"},
	RulePrimarySymptom:   {"D13", SeverityWarning, "DIAG_01", "combination", "A symptom or sign (R chapter) is the primary diagnosis; use the definitive diagnosis when one is known.", "National Clinical Coding Standards"},
	RulePrimaryZ: {"D14", SeverityWarning, "DIAG_01", "combination",
		"A Z (contact with health services) code is the primary diagnosis outside its accepted uses (Z38 births, Z51 treatment sessions, Z30–Z39 pregnancy care, Z52 donors).", "National Clinical Coding Standards"},
	RuleDiagOlderEdition: {"D16", SeverityWarning, "DIAG_nn", "not in list",
		"The code is not in the ICD-10 5th Edition, but the episode predates it (April 2016): it may be valid in the edition then in force (e.g. I48X before I48 was subdivided). Check it against that edition.", "ICD-10 editions; hrgflow holds the 5th Edition only"},
	RulePrimaryUngroupable: {"D17", SeverityError, "DIAG_01", "not in list",
		"The primary diagnosis is not in the ICD-10 edition hrgflow's grouping design is built on, so the episode cannot be grouped (see D16).", "Grouping designs map 5th Edition codes"},
	RuleDiagGap: {"D15", SeverityWarning, "DIAG_nn", "placeholder", "A diagnosis follows an empty or placeholder position.", "HES diagnosis fields are filled in order"},

	RuleOperFormat:            {"O01", SeverityError, "OPERTN_nn", "format", "Not an OPCS-4 code: a letter and three digits are expected.", "NHS Data Dictionary: OPCS-4 CODE"},
	RuleOperUnknown:           {"O02", SeverityError, "OPERTN_nn", "not in list", "The code is not in the OPCS-4 classification in use.", "OPCS-4.10"},
	RuleOperNormalised:        {"O03", SeverityWarning, "OPERTN_nn", "format", "The code was written in a non-standard form (dot, lower case, local 5th character) and has been normalised; the raw value is kept in CodesRaw.", "NHS Data Dictionary: OPCS-4 CODE"},
	RuleOperSubsidiaryPrimary: {"O04", SeverityWarning, "OPERTN_01", "combination", "A subsidiary code (chapter Y method or Z site) is the main procedure; it must qualify a preceding main code.", "OPCS-4 chapters Y and Z"},
	RuleOperAfterNone:         {"O05", SeverityWarning, "OPERTN_nn", "placeholder", "A procedure is recorded after '-' (no procedure performed).", "HES TOS: '-' means no operation"},
	RuleOperNotKnown:          {"O06", SeverityWarning, "OPERTN_nn", "placeholder", "The procedure is recorded as '&' (not known).", "HES TOS"},
	RuleOperLegacyPlaceholder: {"O07", SeverityWarning, "OPERTN_nn", "placeholder", "X99.7–X99.9 are placeholders (no appropriate code, none performed, not known), not procedures.", "OPCS-4 X99; HES TOS X998/X999"},
	RuleOperGap:               {"O08", SeverityWarning, "OPERTN_nn", "placeholder", "A procedure follows an empty position.", "HES procedure fields are filled in order"},

	RuleDateInvalidSubmitted:   {"T01", SeverityWarning, "", "sentinel", "The date was submitted invalid (HES 1801-01-01) and is read as null.", "HES TOS date sentinels"},
	RuleEndBeforeStart:         {"T02", SeverityError, "EPIEND", "order", "The episode ends before it starts.", "HES: EPISTART ≤ EPIEND"},
	RuleStartBeforeAdmission:   {"T03", SeverityError, "EPISTART", "order", "The episode starts before the admission date.", "HES: ADMIDATE ≤ EPISTART"},
	RuleDischargeBeforeEnd:     {"T04", SeverityError, "DISDATE", "order", "The discharge date is before the episode end date.", "HES: EPIEND ≤ DISDATE"},
	RuleDecisionAfterAdmission: {"T05", SeverityWarning, "ELECDATE", "order", "The decision to admit is dated after the admission.", "HES: ELECDATE ≤ ADMIDATE"},
	RuleOpDateOutside:          {"T06", SeverityWarning, "OPDATE_nn", "order", "The procedure date is outside the episode.", "HES: EPISTART ≤ OPDATE ≤ EPIEND"},
	RuleEpidurMismatch:         {"T07", SeverityWarning, "EPIDUR", "combination", "EPIDUR differs from EPIEND − EPISTART.", "HES EPIDUR derivation"},
	RuleEpidurRange:            {"T08", SeverityError, "EPIDUR", "range", "EPIDUR is outside 0–29,200 days.", "HES TOS EPIDUR"},
	RuleDatesMissing:           {"T09", SeverityWarning, "EPISTART", "blank", "The episode has neither start and end dates nor EPIDUR, so its length is unknown.", "HES TOS"},

	RuleUnfinished:               {"S01", SeverityError, "EPISTAT", "domain", "The episode is unfinished (EPISTAT 1 or 9); only finished episodes are grouped.", "HES TOS EPISTAT; FCE counts"},
	RuleOtherMaternity:           {"S02", SeverityError, "EPITYPE", "domain", "Other delivery or birth event (EPITYPE 5 or 6): not a consultant episode, not grouped.", "HES TOS EPITYPE"},
	RuleNotFinishedButDischarged: {"S03", SeverityWarning, "DISMETH", "combination", "DISMETH 8 (spell not finished) but a discharge date is present.", "HES TOS DISMETH / DISDATE"},
	RuleFirstEpisodeStart:        {"S04", SeverityWarning, "EPISTART", "combination", "The first episode of the spell (EPIORDER 1) does not start on the admission date.", "HES: spell starts with its first episode"},
	RuleEpiorderInvalid:          {"S05", SeverityError, "EPIORDER", "range", "EPIORDER is not an episode number 1–87 (98 not applicable, 99 not known are invalid for grouping).", "HRG4+ grouper: EPIORDER 98/99 invalid"},
	RuleDiedDestination:          {"S06", SeverityWarning, "DISDEST", "combination", "The patient died (DISMETH 4) but the discharge destination is not 79.", "HES TOS DISMETH / DISDEST"},

	RuleSpellOrderGap:         {"S07", SeverityWarning, "EPIORDER", "order", "The spell's episode numbers have a gap (an episode of the spell is missing from the input).", "HES: EPIORDER 1..n within a spell"},
	RuleSpellOrderDuplicate:   {"S08", SeverityError, "EPIORDER", "order", "Two episodes of the spell have the same EPIORDER.", "HRG4+ grouper: duplicate EPIORDER in a spell is an error"},
	RuleSpellFieldDiffers:     {"S09", SeverityWarning, "", "combination", "A field that is constant over a spell (SEX, CLASSPAT, ADMISORC, ADMIMETH, ADMIDATE) differs from the spell's first episode.", "HRG4+ grouper: these must be identical across the spell; HES copies ADMIDATE to every episode"},
	RuleSpellDischargeNotLast: {"S10", SeverityWarning, "", "combination", "A discharge field (DISDATE, or DISMETH other than 8, or DISDEST other than 98) is on an episode that is not the spell's last.", "HES: discharge fields belong to the last episode of the spell"},
	RuleSexMissing:            {"A01", SeverityError, "SEX", "blank", "SEX is missing.", "HRG4+ grouper: SEX is mandatory"},
	RuleSexUngroupable:        {"A02", SeverityWarning, "SEX", "domain", "SEX is neither 1 (male) nor 2 (female): sex-specific codes cannot be checked and the official grouper rejects the row.", "HRG4+ grouper practice"},
	RuleAgeMissing:            {"A03", SeverityError, "STARTAGE", "blank", "STARTAGE is missing.", "HRG4+ grouper: STARTAGE is mandatory"},
	RuleAgeRange:              {"A04", SeverityError, "STARTAGE", "range", "STARTAGE is not an age 0–130 or an infant code 7001–7007.", "HES TOS STARTAGE; grouper 0–130"},
	RuleAgeUnknown:            {"A05", SeverityWarning, "STARTAGE", "placeholder", "STARTAGE 999 (not known): age splits and age-specific codes cannot be checked.", "HRG4+ grouper treats 999 as unknown"},

	RuleDomainMissing:          {"F01", SeverityError, "", "blank", "A field the grouper needs is missing.", "HRG4+ grouper mandatory fields"},
	RuleDomainInvalidMandatory: {"F02", SeverityError, "", "domain", "The value is not a code of this field, which the grouper needs.", "HES data dictionary value lists; HRG4+ grouper mandatory fields"},
	RuleDomainInvalid:          {"F06", SeverityWarning, "", "domain", "The value is not a code of this field.", "HES data dictionary value lists"},
	RuleDomainRetired:          {"F03", SeverityWarning, "", "domain", "The code was retired before the episode's date.", "HES data dictionary value lists, effective-dated"},
	RuleDomainNotYet:           {"F04", SeverityWarning, "", "domain", "The code was introduced after the episode's date.", "HES data dictionary value lists, effective-dated"},
	RuleDomainUnknownMandatory: {"F05", SeverityWarning, "", "placeholder", "A 'not known' code (& or 9) in a field the official grouper rejects it in (MAINSPEF, TRETSPEF, CLASSPAT).", "HRG4+ grouper practice"},

	RuleSiteMissing:       {"G01", SeverityWarning, "SITETRET", "blank", "The site of treatment is missing.", "HES TOS SITETRET"},
	RuleSiteShort:         {"G02", SeverityWarning, "SITETRET", "format", "The site of treatment code is shorter than 5 characters.", "ODS site codes are 5 to 9 characters"},
	RuleCommissionerShort: {"G03", SeverityWarning, "PURCODE", "format", "The commissioner code has 3 characters; the 5-character form (with 00) is expected.", "HES TOS PURCODE"},
}

// Rules returns the catalogue, indexed by RuleID. The slice is shared:
// callers must not modify it.
func Rules() []Rule { return rules[:] }

// Lookup returns the rule with a reason code.
func Lookup(code string) (RuleID, bool) {
	for i, r := range rules {
		if r.Code == code {
			return RuleID(i), true
		}
	}
	return 0, false
}

// String returns the rule's reason code.
func (id RuleID) String() string {
	if int(id) < len(rules) {
		return rules[id].Code
	}
	return fmt.Sprintf("RuleID(%d)", uint16(id))
}

// Severity returns the rule's severity.
func (id RuleID) Severity() Severity { return rules[id].Severity }

// Finding is one failed rule on one episode of a batch.
type Finding struct {
	// Episode is the index of the episode in its batch.
	Episode int32
	// Rule is the rule that failed.
	Rule RuleID
	// Field is the index of the field in schemas.Dictionary(), or NoField.
	Field uint16
}
