package synth

// spellKind is the broad admission type of a spell.
type spellKind uint8

const (
	kindElective spellKind = iota
	kindEmergency
	kindMaternity // ante-partum admission, ADMIMETH 31
	kindBirth     // baby born in or outside the provider, ADMIMETH 82 or 83
)

// Spell mix, per mille: births are drawn first; ante-partum maternity
// admission is offered to women aged 15 to 45; the rest split elective and
// emergency. Together they give about 40% elective, 50% emergency and 10%
// maternity and birth spells.
const (
	birthShare     = 45
	maternityShare = 500 // of the other spells of women aged 15 to 45
	electiveShare  = 445
	multiEpisode   = 220 // of ordinary elective and emergency spells
	maxEpisodes    = 8
	maxStay        = 365 // days per episode
	maxWait        = 730 // days from decision to admit to admission
)

// spell holds the fields every episode of a provider spell shares.
type spell struct {
	pat      *patient
	kind     spellKind
	key      uint64 // SUSSPELLID
	trust    int32
	site     string // SITETRET suffix after the 3-character code
	admidate day
	elecdate day
	admimeth string
	admisorc string
	admincat string
	classpat byte
	episodes int
}

// newSpell fills sp with the next spell of at most maxEps episodes.
func (g *generator) newSpell(sp *spell, maxEps int) {
	g.stats.Spells++
	sp.key = g.spellKeys.key(uint64(g.stats.Spells - 1))
	if g.r.IntN(1000) < birthShare {
		g.birthSpell(sp)
	} else {
		g.ringSpell(sp)
	}
	sp.trust = sp.pat.trust
	if g.r.IntN(100) < 15 {
		sp.trust = int32(g.r.IntN(len(g.trusts)))
	}
	sp.site = siteSuffixes.pick(g.r)
	sp.admincat = "01"
	if g.r.IntN(100) == 0 {
		sp.admincat = "02"
	}
	sp.episodes = min(g.episodeCount(sp), maxEps)
}

// birthSpell admits a newborn: ADMIMETH 82 (born in this provider) or 83
// (born outside it), source 79, age 7001.
func (g *generator) birthSpell(sp *spell) {
	d := g.first + day(g.r.IntN(int(g.last-g.first)+1))
	g.newBaby(&g.baby, d)
	sp.pat, sp.kind, sp.admidate, sp.elecdate = &g.baby, kindBirth, d, noDay
	sp.admimeth, sp.admisorc, sp.classpat = "82", "79", '1'
	if g.r.IntN(5) == 0 {
		sp.admimeth = "83"
	}
}

// ringSpell admits the next ring patient: maternity, elective or
// emergency.
func (g *generator) ringSpell(sp *spell) {
	p, d := g.nextAdmission()
	sp.pat, sp.admidate, sp.elecdate, sp.classpat = p, d, noDay, '1'
	age := ageOn(p.birth, d)
	switch {
	case p.sex == '2' && age >= 15 && age <= 45 && g.r.IntN(1000) < maternityShare:
		sp.kind, sp.admimeth = kindMaternity, "31"
	case g.r.IntN(1000) < electiveShare:
		sp.kind, sp.admimeth = kindElective, electiveMethods.pick(g.r)
		sp.classpat = electiveClasses.pick(g.r)
		if sp.classpat == '3' || sp.classpat == '4' {
			sp.admimeth = "13"
		}
		sp.elecdate = max(d-day(min(g.r.ExpFloat64()*45, maxWait)), p.birth)
	default:
		sp.kind, sp.admimeth = kindEmergency, emergencyMethods.pick(g.r)
	}
	sp.admisorc = admissionSources.pick(g.r)
	if sp.admimeth == "2B" {
		sp.admisorc = "51"
	}
}

// episodeCount draws the number of episodes: one for day cases, regular
// attenders and births; otherwise mostly one, with a geometric tail.
func (g *generator) episodeCount(sp *spell) int {
	switch {
	case sp.classpat != '1', sp.kind == kindBirth:
		return 1
	case sp.kind == kindMaternity:
		return 1 + g.geometric(0.05, 1)
	case g.r.IntN(1000) < multiEpisode:
		return 2 + g.geometric(0.45, maxEpisodes-2)
	}
	return 1
}

// duration draws an episode's length in days.
func (g *generator) duration(sp *spell, order int) int {
	switch {
	case sp.classpat != '1':
		return 0
	case sp.kind == kindBirth:
		return g.stay(0.45, 1)
	case sp.kind == kindMaternity:
		return g.stay(0.3, 1.5)
	case order > 1:
		return g.stay(0.15, 4)
	case sp.kind == kindElective:
		return g.stay(0.1, 2.5)
	}
	return g.stay(0.25, 4.5)
}

// stay is 0 with probability zero, else 1 plus an exponential with the
// given mean, capped at maxStay.
func (g *generator) stay(zero, mean float64) int {
	if g.r.Float64() < zero {
		return 0
	}
	return min(1+int(g.r.ExpFloat64()*mean), maxStay)
}

// geometric counts successes of probability p before the first failure,
// up to limit.
func (g *generator) geometric(p float64, limit int) int {
	n := 0
	for n < limit && g.r.Float64() < p {
		n++
	}
	return n
}

// deathRisk is the chance, per mille, that a spell ends in death.
func deathRisk(kind spellKind, age int) int {
	switch {
	case kind != kindEmergency:
		return 1
	case age >= 75:
		return 60
	case age >= 50:
		return 25
	}
	return 5
}
