package synth

// Episode field limits from the HES layout.
const (
	maxDiag = 20
	maxProc = 24
)

// Special values of episode.diag entries below zero.
const (
	diagBlank   int32 = -1 // empty field
	diagInvalid int32 = -2 // -2-k writes invalidDiagnoses[k]
)

// ageText makes the writer put "abc" in STARTAGE.
const ageText = -1

// episode holds one output row's own fields. It is reused for every row.
type episode struct {
	key      uint64 // EPIKEY
	order    int
	start    day
	end      day
	dur      int
	admidate day
	admimeth string
	sex      byte
	age      int // STARTAGE code, or ageText
	disdate  day
	dismeth  byte
	disdest  string
	epitype  byte
	spec     specialty
	fyear    [4]byte
	ndiag    int
	diag     [maxDiag]int32
	nproc    int
	proc     [maxProc]int32
	opdate   [maxProc]day
	bad      BadKind
	corrupt  bool
}

// newEpisode fills ep with episode order (1-based) of sp, starting on
// start. It reports whether the patient died at the end of it.
func (g *generator) newEpisode(ep *episode, sp *spell, order int, start day) (died bool) {
	p := sp.pat
	ep.key = g.epiKeys.key(uint64(g.stats.Episodes))
	ep.order, ep.start = order, start
	ep.dur = g.duration(sp, order)
	ep.end = start + day(ep.dur)
	ep.admidate, ep.admimeth, ep.sex = sp.admidate, sp.admimeth, p.sex
	w := who{sex: p.sex}
	ep.age, w.age = startAge(p.birth, start)
	w.infant = ep.age > 7000
	ep.fyear = fyear(ep.end)
	ep.corrupt = false
	ep.epitype = '1'
	if order == 1 && sp.kind == kindBirth {
		ep.epitype = '3'
	} else if sp.kind == kindMaternity {
		ep.epitype = '2'
	}
	ep.spec = g.specialty(sp, w)
	g.diagnoses(ep, sp, w)
	g.procedures(ep, sp, w)
	if order < sp.episodes {
		ep.disdate, ep.dismeth, ep.disdest = noDay, '8', "98"
		return false
	}
	return g.discharge(ep, sp, w)
}

// discharge fills the discharge fields of a spell's last episode.
func (g *generator) discharge(ep *episode, sp *spell, w who) (died bool) {
	ep.disdate = ep.end
	if g.r.IntN(1000) < deathRisk(sp.kind, w.age) {
		ep.dismeth, ep.disdest = '4', "79"
		return true
	}
	ep.dismeth, ep.disdest = dischargeMethods.pick(g.r), destinations.pick(g.r)
	if sp.kind == kindBirth {
		ep.dismeth, ep.disdest = '1', "19"
	}
	return false
}

// specialty picks the consultant specialty: obstetrics for maternity,
// paediatrics for births and most children, else the adult mix.
func (g *generator) specialty(sp *spell, w who) specialty {
	switch {
	case sp.kind == kindBirth:
		return wellBabies
	case sp.kind == kindMaternity:
		return obstetrics
	case w.age < 16 && g.r.IntN(10) < 7:
		return paediatrics
	}
	for {
		if s := adultSpecialties.pick(g.r); !s.female || w.sex == '2' {
			return s
		}
	}
}

// maxSecondary caps the secondary diagnoses drawn for an episode.
const maxSecondary = 9

// diagnoses draws the primary and 0 to maxSecondary secondary diagnoses
// (geometric: the older the patient, the more).
func (g *generator) diagnoses(ep *episode, sp *spell, w who) {
	ep.diag[0] = g.primaryDiagnosis(sp, w, ep.order)
	ep.ndiag = 1
	more := 0.42
	if w.age >= 70 {
		more = 0.65
	} else if w.age >= 40 {
		more = 0.55
	}
	for range g.geometric(more, maxSecondary) {
		c := g.secondary.draw(&g.dx, w, false, ep.diag[:ep.ndiag])
		if c < 0 {
			break
		}
		ep.diag[ep.ndiag] = c
		ep.ndiag++
	}
}

func (g *generator) primaryDiagnosis(sp *spell, w who, order int) int32 {
	switch {
	case sp.kind == kindBirth && order == 1 && sp.admimeth == "82" && g.z380 >= 0:
		return g.z380
	case sp.kind == kindBirth && order == 1 && g.z381 >= 0:
		return g.z381
	case sp.kind == kindMaternity:
		return g.obstetric.draw(&g.dx, w, true, nil)
	}
	return g.primary.draw(&g.dx, w, true, nil)
}

// procedures draws 0 to 6 procedures dated within the episode. Day cases
// and elective admissions nearly always have one; births rarely do.
func (g *generator) procedures(ep *episode, sp *spell, w who) {
	ep.nproc = 0
	if g.r.IntN(100) >= procedureShare(sp, ep.order) {
		return
	}
	n := 1 + g.geometric(0.4, 5)
	for i := range n {
		c := g.procs.draw(&g.px, w, i == 0, ep.proc[:ep.nproc])
		if c < 0 {
			return
		}
		ep.proc[i], ep.opdate[i] = c, ep.start+day(g.r.IntN(ep.dur+1))
		ep.nproc++
	}
}

// procedureShare is the percentage of episodes with a procedure.
func procedureShare(sp *spell, order int) int {
	switch {
	case order > 1:
		return 30
	case sp.classpat != '1':
		return 90
	case sp.kind == kindElective:
		return 85
	case sp.kind == kindMaternity:
		return 50
	case sp.kind == kindBirth:
		return 10
	}
	return 40
}
