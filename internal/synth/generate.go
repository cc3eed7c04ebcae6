package synth

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/bits"
	"math/rand/v2"
	"strings"

	"github.com/hrgflow/hrgflow/internal/refdata"
)

// ctxEvery is how many spells pass between context checks.
const ctxEvery = 1024

// generator is the state of one Generate call. Nothing in it is shared
// with other calls except the read-only refdata slices.
type generator struct {
	cfg         Config
	first, last day
	r           *rand.Rand // everything but bad values
	bad         *rand.Rand // bad values only

	dx, px                               codeTable // diagnoses, procedures
	primary, secondary, obstetric, procs ranked
	z380, z381                           int32 // birth primary diagnoses, or -1

	trusts    []refdata.Trust
	practices []refdata.Practice

	dates              dateText
	epiKeys, spellKeys keyPerm
	ring               []patient
	baby               patient
	sp                 spell
	ep                 episode
	row                []byte
	bw                 *bufio.Writer
	stats              Stats
}

// Generate writes cfg.Episodes synthetic HES APC episodes to w as CSV with
// a header line, and returns what it wrote. The output depends only on
// cfg. It buffers its writes and flushes before returning; it does not
// close w. It stops with ctx's error when ctx is cancelled, returning the
// counts so far. Generate is safe to call from several goroutines at once.
func Generate(ctx context.Context, w io.Writer, cfg Config) (Stats, error) {
	if err := cfg.Validate(); err != nil {
		return Stats{}, err
	}
	g, err := newGenerator(cfg, w)
	if err != nil {
		return Stats{}, err
	}
	err = g.run(ctx)
	if ferr := g.bw.Flush(); err == nil && ferr != nil {
		err = fmt.Errorf("synth: write: %w", ferr)
	}
	return g.stats, err
}

func (g *generator) run(ctx context.Context) error {
	if _, err := g.bw.WriteString(header); err != nil {
		return fmt.Errorf("synth: write: %w", err)
	}
	g.stats.Bytes = int64(len(header))
	for g.stats.Episodes < g.cfg.Episodes {
		if g.stats.Spells%ctxEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if err := g.writeSpell(); err != nil {
			return fmt.Errorf("synth: write: %w", err)
		}
	}
	return nil
}

// writeSpell generates and writes the next spell, episode by episode.
func (g *generator) writeSpell() error {
	sp, ep := &g.sp, &g.ep
	g.newSpell(sp, g.cfg.Episodes-g.stats.Episodes)
	start := sp.admidate
	died := false
	for order := 1; order <= sp.episodes; order++ {
		died = g.newEpisode(ep, sp, order, start)
		start = ep.end
		g.maybeCorrupt(ep)
		g.row = g.appendRow(g.row[:0], sp, ep)
		if _, err := g.bw.Write(g.row); err != nil {
			return err
		}
		g.stats.Episodes++
		g.stats.Bytes += int64(len(g.row))
	}
	sp.pat.free = start + 1
	if died {
		sp.pat.next = sp.pat.nadm
	}
	return nil
}

func newGenerator(cfg Config, w io.Writer) (*generator, error) {
	g := &generator{
		cfg:   cfg,
		first: dayOf(cfg.FirstAdmission),
		last:  dayOf(cfg.LastAdmission),
		r:     rand.New(rand.NewPCG(cfg.Seed, 0x9e3779b97f4a7c15)),
		bad:   rand.New(rand.NewPCG(cfg.Seed, 0xbadc0ffee0ddf00d)),
		ring:  make([]patient, ringSize),
		row:   make([]byte, 0, 1024),
		bw:    bufio.NewWriterSize(w, 256<<10),
	}
	g.dates = newDateText(g.first-400, g.last+400)
	if err := g.loadOrganisations(); err != nil {
		return nil, err
	}
	if err := g.loadCodes(); err != nil {
		return nil, err
	}
	g.epiKeys = newKeyPerm(g.r, 1e11, 9e11)   // 12 digits
	g.spellKeys = newKeyPerm(g.r, 1e18, 9e18) // 19 digits
	return g, nil
}

// loadOrganisations takes the trusts (less ambulance trusts, which admit
// nobody) and GP practices from refdata.
func (g *generator) loadOrganisations() error {
	trusts, err := refdata.Trusts()
	if err != nil {
		return err
	}
	for _, t := range trusts {
		if !strings.Contains(t.Name, "Ambulance") {
			g.trusts = append(g.trusts, t)
		}
	}
	if g.practices, err = refdata.Practices(); err != nil {
		return err
	}
	if len(g.trusts) == 0 || len(g.practices) == 0 {
		return fmt.Errorf("synth: no trusts or practices in refdata")
	}
	return nil
}

// loadCodes builds the code tables and their Zipf rankings: one ranking
// each for primary diagnoses, secondary diagnoses, obstetric primary
// diagnoses and procedures.
func (g *generator) loadCodes() error {
	icd, err := refdata.ICD10()
	if err != nil {
		return err
	}
	opcs, err := refdata.OPCS4()
	if err != nil {
		return err
	}
	g.dx, g.px = diagnosisTable(icd), procedureTable(opcs)
	g.z380, g.z381 = g.dx.find("Z380"), g.dx.find("Z381")
	n := len(g.dx.codes)
	if g.primary, err = newRanked(g.r, n, nil, 1.2, 20); err != nil {
		return err
	}
	if g.secondary, err = newRanked(g.r, n, nil, 1.3, 8); err != nil {
		return err
	}
	isO := func(i int) bool { return g.dx.codes[i][0] == 'O' }
	if g.obstetric, err = newRanked(g.r, n, isO, 1.3, 3); err != nil {
		return err
	}
	g.procs, err = newRanked(g.r, len(g.px.codes), nil, 1.2, 20)
	return err
}

// keyPerm maps 0, 1, 2, ... one to one onto base + [0, mod): an affine
// permutation, so keys look random but never repeat for i < mod.
type keyPerm struct{ a, b, base, mod uint64 }

func newKeyPerm(r *rand.Rand, base, mod uint64) keyPerm {
	a := r.Uint64N(mod)
	for gcd(a, mod) != 1 {
		a = r.Uint64N(mod)
	}
	return keyPerm{a: a, b: r.Uint64N(mod), base: base, mod: mod}
}

func (k keyPerm) key(i uint64) uint64 {
	hi, lo := bits.Mul64(k.a, i%k.mod)
	return k.base + (bits.Rem64(hi, lo, k.mod)+k.b)%k.mod
}

func gcd(a, b uint64) uint64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}
