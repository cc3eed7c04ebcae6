package synth

// maxSpells caps the admissions planned for one patient.
const maxSpells = 8

// ringSize is the number of patients whose spells are interleaved at any
// time. Each spell goes to a random slot; a slot whose patient has no
// admissions left gets a new patient. The ring keeps memory flat however
// many episodes are generated, while spreading a patient's spells through
// the output.
const ringSize = 512

// patient is a synthetic person. Patients live in a fixed ring and are
// overwritten in place, so creating one allocates nothing.
type patient struct {
	hesid    [32]byte // PSEUDO_HESID
	birth    day
	sex      byte // '1', '2' or '9'
	ethnos   string
	practice int32 // index into practices, or -1 for "not known"
	ccg      int32 // index of the practice whose CCG commissions
	trust    int32 // home trust, index into trusts
	adm      [maxSpells]day
	nadm     int // planned admissions
	next     int // next planned admission
	free     day // earliest date of the next admission
}

const hexDigits = "0123456789ABCDEF"

// newPatient overwrites p with a new person drawn from the age, sex and
// ethnicity mixes, with 1 to maxSpells admissions planned across the
// admission window (more for the elderly).
func (g *generator) newPatient(p *patient) {
	g.stats.Patients++
	g.identity(p)
	band := ageBands.pick(g.r)
	lo, hi := band.lo*36525/100, (band.hi+1)*36525/100
	p.birth = g.first - day(lo+g.r.IntN(hi-lo))
	p.sex = sexes.pick(g.r)
	more := 0.35
	if band.lo >= 65 {
		more = 0.5
	}
	p.nadm = 1 + g.geometric(more, maxSpells-1)
	for i := range p.nadm {
		p.adm[i] = g.first + day(g.r.IntN(int(g.last-g.first)+1))
	}
	sortDays(p.adm[:p.nadm])
	p.next, p.free = 0, g.first
}

// newBaby overwrites p with a baby born on d, with that one admission.
func (g *generator) newBaby(p *patient, d day) {
	g.stats.Patients++
	g.identity(p)
	p.birth = d
	p.sex = sexes.pick(g.r)
	p.adm[0], p.nadm, p.next, p.free = d, 1, 1, d
}

// identity draws the id, ethnicity, GP practice and home trust.
func (g *generator) identity(p *patient) {
	hi, lo := g.r.Uint64(), g.r.Uint64()
	for i := range 16 {
		p.hesid[i] = hexDigits[hi>>(60-4*i)&15]
		p.hesid[16+i] = hexDigits[lo>>(60-4*i)&15]
	}
	p.ethnos = ethnicities.pick(g.r)
	p.ccg = int32(g.r.IntN(len(g.practices)))
	p.practice = p.ccg
	if g.r.IntN(200) == 0 {
		p.practice = -1
	}
	p.trust = int32(g.r.IntN(len(g.trusts)))
}

// nextAdmission returns a ring patient and the date of their next
// admission, replacing exhausted patients.
func (g *generator) nextAdmission() (*patient, day) {
	p := &g.ring[g.r.IntN(len(g.ring))]
	for {
		if p.next < p.nadm {
			if d := max(p.adm[p.next], p.free); d <= g.last {
				p.next++
				return p, d
			}
		}
		g.newPatient(p)
	}
}

// sortDays sorts a few days in place (insertion sort: n ≤ maxSpells).
func sortDays(s []day) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}
