package schemas

// cipsSpecs describes the cips dataset (written with `hrgflow run --cips`):
// one row per provider spell with the continuous inpatient spell (CIPS)
// it belongs to. A CIPS links a patient's consecutive provider spells
// across transfers between providers (HSCIC 2014, Provider Spells
// Methodology); it is for outcome analysis, not for payment.
var cipsSpecs = []fieldSpec{
	{"SourceFile", KindCode, SourceHRGFlow, "Base name of the input file the provider spell was read from.", nil},
	{"SpellRow", KindInt64, SourceGrouping, "SpellRow of the provider spell: with SourceFile, the key to the spells dataset.", nil},
	{"PatientID", KindID, SourceHRGFlow, "The patient the spells were linked on: PSEUDO_HESID of the spell's first episode, else TOKEN_PERSON_ID (pseudonymised like them under --pseudonymise-key); null when neither is present, and then the spell is a CIPS of its own.", nil},
	{"Provider", KindCode, SourceHRGFlow, "Provider of the spell: PROCODET of its first episode (by EPIORDER), else PROCODE3.", nil},
	{"ADMIDATE", KindDate, SourceHES, "Admission date of the provider spell (first episode).", nil},
	{"DISDATE", KindDate, SourceHES, "Discharge date of the provider spell (last episode); null when not discharged.", nil},
	{"CIPSId", KindInt64, SourceHRGFlow, "Number of the CIPS in this run, from 1: the same for every provider spell of one CIPS. It identifies a CIPS within one run's output only; use (SourceFile, SpellRow) of the row with CIPSOrder 1 as a key across runs.", nil},
	{"CIPSOrder", KindInt, SourceHRGFlow, "Position of the provider spell in its CIPS, from 1, by ADMIDATE then DISDATE (unknown last), then SourceFile and SpellRow.", nil},
	{"CIPSSpellCount", KindInt, SourceHRGFlow, "Number of provider spells in the CIPS.", nil},
	{"CIPSStart", KindDate, SourceHRGFlow, "ADMIDATE of the CIPS's first provider spell.", nil},
	{"CIPSEnd", KindDate, SourceHRGFlow, "DISDATE of the CIPS's last provider spell; null when it has not ended.", nil},
	{"CIPSLOS", KindInt, SourceHRGFlow, "Days from CIPSStart to CIPSEnd; null when either is unknown.", nil},
	{"CIPSLinkGap", KindInt, SourceHRGFlow, "For a provider spell linked to the one before (CIPSOrder > 1): days from that spell's DISDATE to this ADMIDATE (0, 1 or 2); null for the first spell of a CIPS.", nil},
	{"CIPSLinkReason", KindCode, SourceHRGFlow, "For a linked spell, the transfer evidence that linked it, the first of: DISDEST (the previous spell's DISDEST is 49-53 or 84), ADMISORC (this spell's ADMISORC is 49-53 or 87), ADMIMETH (this spell's ADMIMETH is 2B or 81); null for the first spell of a CIPS. Rule (HSCIC 2014 as implemented by UKHSA epidm): the patient's next provider spell, ordered as CIPSOrder, joins the CIPS when it starts 0-2 days after the previous spell's DISDATE and there is transfer evidence, except previous DISDEST 19 with ADMISORC 51 and ADMIMETH 21; regular day or night attenders (CLASSPAT 3 or 4, either spell) are never linked; spells without ADMIDATE are CIPS of their own.", nil},
}

var cips = buildDictionary(cipsSpecs)

// CIPSDictionary returns the columns of the cips dataset in order. The
// slice is shared: callers must not modify it.
func CIPSDictionary() []Field { return cips }
