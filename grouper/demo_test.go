package grouper_test

import (
	"encoding/csv"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/hrgflow/hrgflow/grouper"
	"github.com/hrgflow/hrgflow/grouper/designs"
	"github.com/hrgflow/hrgflow/internal/refdata"
	"github.com/hrgflow/hrgflow/schemas"
)

// priceList is the copy of the 2024/25 APC spell price list the demo
// design's HRG codes are taken from.
const priceList = "internal/gendemo/data/apc_spell_prices_2024_25.csv"

// demoTable loads and compiles the embedded demo design folder.
func demoTable(t testing.TB) *grouper.Table {
	t.Helper()
	d, err := grouper.Load(designs.Demo())
	require.NoError(t, err)
	tab, diags, err := grouper.Compile(d)
	require.NoError(t, err)
	for _, dg := range diags {
		t.Errorf("demo design: %v", dg)
	}
	return tab
}

// TestDemoCompilesClean checks that the shipped design compiles without
// errors or warnings and says everywhere that it is illustrative.
func TestDemoCompilesClean(t *testing.T) {
	m := demoTable(t).Manifest()
	require.Equal(t, "demo", m.Name)
	require.Contains(t, m.Notice, "NOT the official NHS England HRG4+ design")
	require.Contains(t, m.Licence, "Open Government Licence v3.0")
}

// TestDemoEmbedded checks that grouper.Demo serves the same design.
func TestDemoEmbedded(t *testing.T) {
	tab, err := grouper.Demo()
	require.NoError(t, err)
	require.Equal(t, demoTable(t).HRGs(), tab.HRGs())
}

// TestDemoCoverage proves that every selectable ICD-10 and OPCS-4 code of
// the embedded code lists is deliberately mapped.
func TestDemoCoverage(t *testing.T) {
	tab := demoTable(t)
	icd, err := refdata.ICD10()
	require.NoError(t, err)
	var missing []string
	for _, c := range icd {
		p, _, ok := schemas.NormalizeICD10(c.Code)
		if !ok || !tab.DiagnosisMapped(p) {
			missing = append(missing, c.Code)
		}
	}
	require.Empty(t, missing, "ICD-10 codes without a mapping")
	opcs, err := refdata.OPCS4()
	require.NoError(t, err)
	for _, c := range opcs {
		p, _, ok := schemas.NormalizeOPCS4(c.Code)
		if !ok || !tab.ProcedureMapped(p) {
			missing = append(missing, c.Code)
		}
	}
	require.Empty(t, missing, "OPCS-4 codes without a mapping")
	require.Greater(t, len(icd), 16000)
	require.Greater(t, len(opcs), 9000)
}

// TestDemoHRGsFromPriceList checks that the design outputs only HRG codes
// of the 2024/25 price list, plus UZ01Z, each labelled as a demo HRG.
func TestDemoHRGsFromPriceList(t *testing.T) {
	f, err := os.Open(priceList)
	require.NoError(t, err)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	priced := map[string]bool{}
	for _, r := range rows[1:] {
		priced[r[0]] = true
	}
	require.Len(t, priced, 2405)
	tab := demoTable(t)
	hrgs := tab.HRGs()
	require.NotEmpty(t, hrgs)
	for _, h := range hrgs {
		code, label := h.String(), tab.HRGLabel(h)
		if code == "UZ01Z" {
			require.Equal(t, "Data Invalid for Grouping", label)
			continue
		}
		require.True(t, priced[code], "%s is not in the price list", code)
		require.True(t, strings.HasPrefix(label, "Demo: "), "%s label %q", code, label)
	}
}

// TestDemoRandomEpisodes groups thousands of random episodes and spells:
// every result is an HRG of the design, and only an invalid episode gets
// UZ01Z (every code is mapped and every root's split rules end with a
// catch-all).
func TestDemoRandomEpisodes(t *testing.T) {
	tab := demoTable(t)
	known := map[grouper.HRG]bool{}
	for _, h := range tab.HRGs() {
		known[h] = true
	}
	g := newEpisodeGen(t)
	var res [3]grouper.EpisodeResult
	for n := range 4000 {
		eps := make([]*schemas.Episode, 1+n%3)
		invalid := false
		for i := range eps {
			eps[i] = g.episode()
			tab.GroupEpisode(eps[i], &res[i], nil)
			r := &res[i]
			bad := eps[i].Str[schemas.Severity] == "error"
			invalid = invalid || bad
			require.True(t, known[r.HRG], "episode %d: HRG %s not in hrgs.csv", n, r.HRG)
			require.Contains(t, "PDBMU", string(r.Method))
			require.Equal(t, bad, r.Method == grouper.MethodError, "episode %d: %s %c, invalid %v", n, r.HRG, r.Method, bad)
			for _, u := range r.UnbundledHRGs() {
				require.True(t, known[u.HRG], "unbundled HRG %s not in hrgs.csv", u.HRG)
			}
		}
		var s grouper.SpellResult
		tab.GroupSpell(eps, res[:len(eps)], &s, nil)
		require.True(t, known[s.HRG], "spell %d: HRG %s not in hrgs.csv", n, s.HRG)
		require.Equal(t, invalid, s.Method == grouper.MethodError, "spell %d: %s %c", n, s.HRG, s.Method)
	}
}

// episodeGen draws random episodes from the embedded code lists.
type episodeGen struct {
	rng  *rand.Rand
	icd  []string
	opcs []string
}

func newEpisodeGen(t *testing.T) *episodeGen {
	icd, err := refdata.ICD10()
	require.NoError(t, err)
	opcs, err := refdata.OPCS4()
	require.NoError(t, err)
	g := &episodeGen{rng: rand.New(rand.NewPCG(2024, 25))}
	for _, c := range icd {
		g.icd = append(g.icd, c.Code)
	}
	for _, c := range opcs {
		g.opcs = append(g.opcs, c.Code)
	}
	return g
}

func (g *episodeGen) episode() *schemas.Episode {
	r := g.rng
	e := new(schemas.Episode)
	e.Reset()
	e.Str[schemas.CLASSPAT] = "1"
	e.Str[schemas.SEX] = []string{"1", "2", "9"}[r.IntN(3)]
	e.Str[schemas.ADMIMETH] = []string{"11", "12", "21", "22", "81", ""}[r.IntN(6)]
	switch k := r.IntN(20); {
	case k == 0:
		e.Int[schemas.STARTAGE] = 7001 + r.Int32N(7)
	case k == 1:
		e.Int[schemas.STARTAGE] = 999
	default:
		e.Int[schemas.STARTAGE] = r.Int32N(101)
	}
	e.Int[schemas.EPIDUR] = r.Int32N(30)
	if r.IntN(10) == 0 {
		e.Int[schemas.CRITICALCAREDAYS] = r.Int32N(5)
		e.Int[schemas.REHABILITATIONDAYS] = r.Int32N(5)
		e.Int[schemas.SPCDAYS] = r.Int32N(5)
	}
	if r.IntN(50) == 0 {
		e.Str[schemas.Severity] = "error"
	}
	for i := range 1 + r.IntN(14) {
		c := g.icd[r.IntN(len(g.icd))]
		e.Str[schemas.DIAG_01+i] = c
		e.ICD[i], _, _ = schemas.NormalizeICD10(c)
	}
	for i := range r.IntN(7) {
		c := g.opcs[r.IntN(len(g.opcs))]
		e.Str[schemas.OPERTN_01+i] = c
		e.OPCS[i], _, _ = schemas.NormalizeOPCS4(c)
	}
	e.Str[schemas.EPIKEY] = strconv.Itoa(r.Int())
	return e
}
