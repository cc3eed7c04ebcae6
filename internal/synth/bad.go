package synth

// invalidDiagnoses are diagnosis values that are not ICD-10 codes in HES
// form: too long, a wrong filler, a dotted code, an ICD-10-CM-only
// category, digits only.
var invalidDiagnoses = [...]string{"Q999X", "I10Y", "ZZ99", "C7A0", "1234", "A00."}

// maybeCorrupt gives ep one deliberate error with probability
// Config.BadRate. It draws from its own random stream, so the clean data
// does not depend on BadRate.
func (g *generator) maybeCorrupt(ep *episode) {
	if g.cfg.BadRate == 0 || g.bad.Float64() >= g.cfg.BadRate {
		return
	}
	k := BadKind(g.bad.IntN(NumBadKinds))
	ep.corrupt, ep.bad = true, k
	g.stats.Bad[k]++
	switch k {
	case BadDiagnosis:
		ep.diag[g.bad.IntN(ep.ndiag)] = diagInvalid - int32(g.bad.IntN(len(invalidDiagnoses)))
	case BadPrimaryBlank:
		ep.diag[0] = diagBlank
	case BadAgeText:
		ep.age = ageText
	case BadEndBeforeStart:
		ep.end = ep.start - day(1+g.bad.IntN(5))
	case BadSentinelDate:
		switch g.bad.IntN(3) {
		case 0:
			ep.admidate = sentinelDay
		case 1:
			ep.start = sentinelDay
		default:
			ep.end = sentinelDay
		}
	case BadSex:
		ep.sex = 'X'
	case BadAdmissionMethod:
		ep.admimeth = "77"
	}
	// BadDurationFloat needs no change here: the writer appends ".5".
}
