package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/hrgflow/hrgflow/grouper"
	"github.com/hrgflow/hrgflow/internal/synth"
	"github.com/hrgflow/hrgflow/pipeline/price"
	"github.com/hrgflow/hrgflow/schemas"
)

// aggSpell describes one spell of a hand-built batch. The first episode
// carries the provider, commissioner and treatment function; later
// episodes carry other values, which must not be used. The last episode
// carries the dates.
type aggSpell struct {
	procodet, procode3, purcode, ccg, tretspef string
	hrg                                        string
	pod                                        price.POD
	episodes                                   int
	disdate, epiend                            schemas.Date
	los                                        int32
	price                                      price.Breakdown
}

// handBatch builds a batch of grouped, priced spells without reading or
// grouping anything.
func handBatch(spells ...aggSpell) *batch {
	b := newBatch(16)
	for _, s := range spells {
		first := len(b.eps)
		for i := range s.episodes {
			var e schemas.Episode
			e.Reset()
			e.Str[schemas.PROCODET], e.Str[schemas.PROCODE3], e.Str[schemas.PURCODE] = "RZZ", "RZZ", "ZZZ00"
			e.Str[schemas.CCG_RESPONSIBILITY], e.Str[schemas.TRETSPEF] = "99Z", "999"
			if i == 0 {
				e.Str[schemas.PROCODET], e.Str[schemas.PROCODE3], e.Str[schemas.PURCODE] = s.procodet, s.procode3, s.purcode
				e.Str[schemas.CCG_RESPONSIBILITY], e.Str[schemas.TRETSPEF] = s.ccg, s.tretspef
			}
			if i == s.episodes-1 {
				e.Date[schemas.DISDATE], e.Date[schemas.EPIEND] = s.disdate, s.epiend
			}
			b.eps = append(b.eps, e)
		}
		var h grouper.HRG
		copy(h[:], s.hrg)
		b.spells = append(b.spells, spellRow{first: first, count: s.episodes, head: first, tail: first + s.episodes - 1, result: grouper.SpellResult{HRG: h},
			pod: s.pod, los: s.los, price: s.price})
	}
	return b
}

func pricedAt(base, total price.Pence, excess int32) price.Breakdown {
	return price.Breakdown{Status: price.StatusPriced, Base: base, Total: total, ExcessBedDays: excess, MFFIndexPPM: price.UnitIndexPPM}
}

func aggDate(y, m, d int) schemas.Date { return schemas.DateOf(y, m, d) }

// handBatches are two batches of spells whose cells are worked out by hand
// in TestCubeRowsExact.
func handBatches() []*batch {
	noTrim := pricedAt(200000, 200000, 0)
	noTrim.Notes = price.NoteNoTrimPoint
	return []*batch{
		handBatch(
			// A: RXX, QAW00, May 2024, FY 2425; 2 episodes, excess 2.
			aggSpell{procodet: "RXX", procode3: "RXX", purcode: "QAW00", ccg: "15N", tretspef: "100", hrg: "FD01A", pod: price.PODElective,
				episodes: 2, disdate: aggDate(2024, 5, 10), epiend: aggDate(2024, 5, 10), los: 4, price: pricedAt(100000, 110000, 2)},
			// B: no PROCODET or PURCODE: RYY from PROCODE3, 15N from CCG_RESPONSIBILITY; no trim point.
			aggSpell{procode3: "RYY", ccg: "15N", tretspef: "300", hrg: "FD01A", pod: price.PODNonElective,
				episodes: 1, disdate: aggDate(2025, 3, 31), epiend: aggDate(2025, 3, 31), los: 10, price: noTrim},
			// C: A's cells, not priced.
			aggSpell{procodet: "RXX", purcode: "QAW00", tretspef: "100", hrg: "FD01A", pod: price.PODElective,
				episodes: 1, disdate: aggDate(2024, 5, 31), epiend: aggDate(2024, 5, 31), los: 1, price: price.Breakdown{Status: price.StatusNotPricedPOD}},
			// D: not discharged: null month; FY 2324 from EPIEND; no commissioner.
			aggSpell{procodet: "RXX", tretspef: "100", hrg: "FD01A", pod: price.PODElective,
				episodes: 1, disdate: schemas.NullDate, epiend: aggDate(2024, 3, 15), los: 2, price: pricedAt(100000, 100000, 0)},
		),
		handBatch(
			// E: A's costing cell, next month.
			aggSpell{procodet: "RXX", purcode: "QAW00", tretspef: "100", hrg: "FD01A", pod: price.PODElective,
				episodes: 3, disdate: aggDate(2024, 6, 1), epiend: aggDate(2024, 6, 1), los: 6, price: pricedAt(100000, 120000, 1)},
			// F: nothing priced in its cells.
			aggSpell{procodet: "RYY", purcode: "13T00", tretspef: "300", hrg: "WA14Z", pod: price.PODNonElectiveShortStay,
				episodes: 1, disdate: aggDate(2025, 3, 1), epiend: aggDate(2025, 3, 1), los: 0, price: price.Breakdown{Status: price.StatusNotPricedHRG}},
		),
	}
}

// cubeText renders rows one per line: the dimensions joined by |, then
// the cubeMeasures; - is null.
func cubeText(rows cubeRows) []string {
	num := func(v int64) string {
		if v == schemas.NullI64 {
			return "-"
		}
		return fmt.Sprint(v)
	}
	var out []string
	for i, r := range rows.rows {
		dims := make([]string, cubeDims)
		for d := range dims {
			dims[d] = nullDash(rows.dimText(i, d))
		}
		sup := "-"
		if r.suppressed != schemas.NullInt {
			sup = fmt.Sprint(r.suppressed)
		}
		out = append(out, fmt.Sprintf("%s ep=%s sp=%s bd=%s xbd=%s base=%s total=%s unp=%s sup=%s", strings.Join(dims, "|"),
			num(r.val[mEpisodes]), num(r.val[mSpells]), num(r.val[mBedDays]), num(r.val[mExcessBedDays]),
			num(r.val[mBasePrice]), num(r.val[mTotalPrice]), num(r.val[mUnpriced]), sup))
	}
	return out
}

func nullDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func aggregateAll(bs ...*batch) *aggregator {
	a := newAggregator(nil)
	for _, b := range bs {
		if err := a.addBatch(b); err != nil {
			panic(err)
		}
	}
	return a
}

// commissioning returns every row of the commissioning cube.
func (a *aggregator) commissioning(suppress bool) cubeRows {
	return mustCube(a.cube(cubeCommissioning, suppress))
}

// costing returns every row of the costing cube.
func (a *aggregator) costing(suppress bool) cubeRows { return mustCube(a.cube(cubeCosting, suppress)) }

func mustCube(r cubeRows, err error) cubeRows {
	if err != nil {
		panic(err)
	}
	return r
}

func TestCubeRowsExact(t *testing.T) {
	a := aggregateAll(handBatches()...)
	require.Equal(t, []string{
		"RXX|-|FD01A|EL|- ep=1 sp=1 bd=2 xbd=0 base=100000 total=100000 unp=0 sup=-",
		"RXX|QAW00|FD01A|EL|2024-05 ep=3 sp=2 bd=5 xbd=2 base=100000 total=110000 unp=1 sup=-",
		"RXX|QAW00|FD01A|EL|2024-06 ep=3 sp=1 bd=6 xbd=1 base=100000 total=120000 unp=0 sup=-",
		"RYY|13T00|WA14Z|NES|2025-03 ep=1 sp=1 bd=0 xbd=- base=- total=- unp=1 sup=-",
		"RYY|15N|FD01A|NE|2025-03 ep=1 sp=1 bd=10 xbd=- base=200000 total=200000 unp=0 sup=-",
	}, cubeText(a.commissioning(false)))
	require.Equal(t, []string{
		"RXX|100|FD01A|EL|2324 ep=1 sp=1 bd=2 xbd=0 base=100000 total=100000 unp=0 sup=-",
		"RXX|100|FD01A|EL|2425 ep=6 sp=3 bd=11 xbd=3 base=200000 total=230000 unp=1 sup=-",
		"RYY|300|FD01A|NE|2425 ep=1 sp=1 bd=10 xbd=- base=200000 total=200000 unp=0 sup=-",
		"RYY|300|WA14Z|NES|2425 ep=1 sp=1 bd=0 xbd=- base=- total=- unp=1 sup=-",
	}, cubeText(a.costing(false)))
}

func TestCubeSuppressedExact(t *testing.T) {
	a := aggregateAll(handBatches()...)
	// Every count of these small cells is 1–7 or 0: counts of 1–7 are
	// null, zeros stay, the flag is set and the money is null.
	require.Equal(t, []string{
		"RXX|100|FD01A|EL|2324 ep=- sp=- bd=- xbd=0 base=- total=- unp=0 sup=1",
		"RXX|100|FD01A|EL|2425 ep=- sp=- bd=10 xbd=- base=- total=- unp=- sup=1",
		"RYY|300|FD01A|NE|2425 ep=- sp=- bd=10 xbd=- base=- total=- unp=0 sup=1",
		"RYY|300|WA14Z|NES|2425 ep=- sp=- bd=0 xbd=- base=- total=- unp=- sup=1",
	}, cubeText(a.costing(true)))
}

func TestRoundCount(t *testing.T) {
	for _, tc := range []struct {
		n, want int64
		small   bool
	}{
		{0, 0, false}, {1, 0, true}, {3, 0, true}, {7, 0, true}, {8, 10, false}, {10, 10, false},
		{12, 10, false}, {13, 15, false}, {17, 15, false}, {18, 20, false}, {1002, 1000, false}, {1003, 1005, false},
	} {
		got, small := roundCubeCount(tc.n)
		require.Equal(t, tc.small, small, "n=%d", tc.n)
		if !small {
			require.Equal(t, tc.want, got, "n=%d", tc.n)
		}
	}
}

func TestSuppressRow(t *testing.T) {
	big := cubeMeasures{episodes: 13, spells: 12, bedDays: 8, unpriced: 0, excessBedDays: 22, excessKnown: 9, base: 123456, total: 130001}
	var r cubeRow
	r.setMeasures(&big, true)
	require.Equal(t, [numMeasures]int64{15, 10, 10, 20, 123456, 130001, 0}, r.val, "nothing small: counts rounded, money exact")
	require.Equal(t, int32(0), r.suppressed)

	oneSmall := big
	oneSmall.unpriced = 3
	r.setMeasures(&oneSmall, true)
	n := schemas.NullI64
	require.Equal(t, [numMeasures]int64{15, 10, 10, 20, n, n, n}, r.val, "unpriced 3: null, and the money with it")
	require.Equal(t, int32(1), r.suppressed)

	unknownExcess := big
	unknownExcess.excessKnown, unknownExcess.excessBedDays = 0, 0
	r.setMeasures(&unknownExcess, true)
	require.Equal(t, [numMeasures]int64{15, 10, 10, n, 123456, 130001, 0}, r.val, "an unknown count is null but not suppressed")
	require.Equal(t, int32(0), r.suppressed)

	r.setMeasures(&oneSmall, false)
	require.Equal(t, [numMeasures]int64{13, 12, 8, 22, 123456, 130001, 3}, r.val)
	require.Equal(t, schemas.NullInt, r.suppressed, "not requested: no flag")
}

// TestMergeOrderDoesNotMatter spreads the spells of generated, grouped
// and priced batches over partial aggregators in several ways and merges
// them in several orders: the cubes are the same as one aggregator's.
func TestMergeOrderDoesNotMatter(t *testing.T) {
	bs := groupedBatches(t, 6000, 500)
	require.Greater(t, len(bs), 5)
	want := aggregateAll(bs...)
	wantCubes := allCubes(want)
	require.Greater(t, len(want.cells), 20)

	for _, workers := range []int{1, 2, 3, 7} {
		for _, order := range [][]int{ascending(workers), descending(workers)} {
			parts := make([]*aggregator, workers)
			for i := range parts {
				parts[i] = newAggregator(nil)
			}
			for i := len(bs) - 1; i >= 0; i-- { // batches in reverse, spread unevenly
				require.NoError(t, parts[(i*5)%workers].addBatch(bs[i]))
			}
			ordered := make([]*aggregator, 0, workers+1)
			for _, i := range order {
				ordered = append(ordered, parts[i])
			}
			ordered = append(ordered, nil) // a worker that never started
			require.Equal(t, wantCubes, allCubes(mergeAggregators(ordered)), "workers=%d order=%v", workers, order)
		}
	}

	// The cubes account for every spell, episode and penny.
	var spells, episodes, total int64
	for _, b := range bs {
		for _, s := range b.spells {
			spells++
			episodes += int64(s.count)
			if s.price.Status.Priced() {
				total += int64(s.price.Total)
			}
		}
	}
	for _, c := range []cubeRows{want.commissioning(false), want.costing(false)} {
		var sp, ep, tot int64
		for _, r := range c.rows {
			sp, ep = sp+r.val[mSpells], ep+r.val[mEpisodes]
			if r.val[mTotalPrice] != schemas.NullI64 {
				tot += r.val[mTotalPrice]
			}
		}
		require.Equal(t, [3]int64{spells, episodes, total}, [3]int64{sp, ep, tot})
	}
}

// allCubes renders both cubes, unsuppressed and suppressed.
func allCubes(a *aggregator) []string {
	var out []string
	for _, c := range []cubeRows{a.commissioning(false), a.costing(false), a.commissioning(true), a.costing(true)} {
		out = append(append(out, "cube"), cubeText(c)...)
	}
	return out
}

func ascending(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

func descending(n int) []int {
	out := ascending(n)
	for i, j := 0, n-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// TestTextSurvivesMerge checks that dimension text keeps its value through
// merging, whatever order each part first saw it in (so whatever its ids).
func TestTextSurvivesMerge(t *testing.T) {
	long1, long2 := "A-PROVIDER-CODE-FAR-TOO-LONG-1", "A-PROVIDER-CODE-FAR-TOO-LONG-2"
	spell := func(p string) aggSpell {
		return aggSpell{procodet: p, purcode: "QAW00", tretspef: "100", hrg: "FD01A", pod: price.PODElective,
			episodes: 1, disdate: aggDate(2024, 5, 10), epiend: aggDate(2024, 5, 10), los: 1, price: pricedAt(100, 100, 0)}
	}
	parts := func() (*aggregator, *aggregator) {
		return aggregateAll(handBatch(spell(long1), spell(long2))), aggregateAll(handBatch(spell(long2), spell(long1), spell(long2)))
	}
	want := []string{
		long1 + "|QAW00|FD01A|EL|2024-05 ep=2 sp=2 bd=2 xbd=0 base=200 total=200 unp=0 sup=-",
		long2 + "|QAW00|FD01A|EL|2024-05 ep=3 sp=3 bd=3 xbd=0 base=300 total=300 unp=0 sup=-",
	}
	p1, p2 := parts()
	require.Equal(t, want, cubeText(mergeAggregators([]*aggregator{p1, p2}).commissioning(false)))
	p1, p2 = parts()
	require.Equal(t, want, cubeText(mergeAggregators([]*aggregator{p2, p1}).commissioning(false)))
}

// TestEncodeCubeRoundTrip writes both cubes with the dataset writer and
// reads them back.
func TestEncodeCubeRoundTrip(t *testing.T) {
	a := aggregateAll(handBatches()...)
	for _, tc := range []struct {
		name   string
		fields []schemas.Field
		rows   cubeRows
	}{
		{"commissioning", schemas.CommissioningDictionary(), a.commissioning(true)},
		{"costing", schemas.CostingDictionary(), a.costing(false)},
	} {
		for _, f := range tc.fields {
			from, _ := cubeSource(&tc.rows.dims, f.Name)
			require.NotEqual(t, cubeFromNone, from, "%s column %s has no source", tc.name, f.Name)
		}
		path := filepath.Join(t.TempDir(), tc.name+".parquet")
		w, err := newDatasetWriter(path, tc.name, tc.fields, "zstd", 3, nil)
		require.NoError(t, err)
		if tc.name == "costing" {
			require.NoError(t, writeCube(w, &sliceCubeIter{rows: tc.rows.rows}, tc.rows.dims, tc.fields, 2))
		} else {
			cols, n := encodeCube(tc.rows, tc.fields)
			require.NoError(t, w.write(cols, n))
		}
		require.NoError(t, w.close())
		got := dumpDataset(t, path, tc.fields)
		require.Len(t, got, len(tc.rows.rows))
		for i, r := range cubeText(tc.rows) {
			require.Equal(t, r, rowText(got[i], tc.fields), "%s row %d", tc.name, i)
		}
	}
}

// rowText renders a row read back from Parquet as cubeText does.
func rowText(m map[string]string, fields []schemas.Field) string {
	v := func(name string) string {
		if s, ok := m[name]; ok {
			return s
		}
		return "-"
	}
	dims := make([]string, cubeDims)
	for d := range dims {
		dims[d] = v(fields[d].Name)
	}
	return fmt.Sprintf("%s ep=%s sp=%s bd=%s xbd=%s base=%s total=%s unp=%s sup=%s", strings.Join(dims, "|"),
		v("Episodes"), v("Spells"), v("BedDays"), v("ExcessBedDays"), v("BasePricePence"), v("TotalPricePence"), v("UnpricedSpells"), v("Suppressed"))
}

func TestAddBatchAllocatesNothingInSteadyState(t *testing.T) {
	bs := groupedBatches(t, 4000, 4096)
	a := aggregateAll(bs...)
	allocs := testing.AllocsPerRun(20, func() {
		for _, b := range bs {
			a.addBatch(b)
		}
	})
	require.Zero(t, allocs)
}

// groupedBatches generates n episodes (hrgflow gen, seed 1) and returns
// them decoded, validated, grouped and priced in batches of size rows, as
// the workers leave them.
func groupedBatches(tb testing.TB, n, size int) []*batch {
	tb.Helper()
	gcfg := synth.DefaultConfig()
	gcfg.Episodes = n
	var buf bytes.Buffer
	_, err := synth.Generate(context.Background(), &buf, gcfg)
	require.NoError(tb, err)
	path := filepath.Join(tb.TempDir(), "gen.csv")
	require.NoError(tb, os.WriteFile(path, buf.Bytes(), 0o644))

	cfg, err := withDefaults(DefaultConfig())
	require.NoError(tb, err)
	in := &inputFile{path: path}
	src, err := openSource(context.Background(), in, cfg)
	require.NoError(tb, err)
	defer src.close()
	var d rowDecoder
	g := grouping{t: cfg.Grouper, prices: cfg.Prices, mff: cfg.MFF, rules: cfg.PriceRules}
	var out []*batch
	for more := true; more; {
		b := newBatch(size)
		b.file = in
		more, err = src.fill(context.Background(), b, size)
		require.NoError(tb, err)
		if b.rows() == 0 {
			continue
		}
		decodeBatch(&d, cfg.Validator, b, nil)
		summarise(b)
		g.groupBatch(b)
		out = append(out, b)
	}
	return out
}

// BenchmarkAggregatorAddBatch measures adding grouped and priced batches
// of generated episodes to a warm aggregator (its cells already exist, as
// for all but the first batches of a run). data=gen is hrgflow gen's mix
// of 201 providers and 135 commissioners, where nearly every spell has a
// cell of its own; data=trust gives every spell one provider and one of 8
// commissioners, as in one trust's extract.
func BenchmarkAggregatorAddBatch(b *testing.B) {
	bs := groupedBatches(b, 100_000, defaultBatchSize)
	commissioners := []string{"QAW00", "15N00", "11J00", "QJK00", "QR100", "QOX00", "92G00", "13T00"}
	for _, data := range []string{"gen", "trust"} {
		if data == "trust" {
			for _, x := range bs {
				for i, s := range x.spells {
					e := &x.eps[s.first]
					e.Str[schemas.PROCODET], e.Str[schemas.PURCODE] = "RXX", commissioners[i%len(commissioners)]
				}
			}
		}
		b.Run("data="+data, func(b *testing.B) {
			var episodes, spells int
			for _, x := range bs {
				episodes += len(x.eps)
				spells += len(x.spells)
			}
			a := aggregateAll(bs...)
			b.ReportAllocs()
			for b.Loop() {
				for _, x := range bs {
					_ = a.addBatch(x)
				}
			}
			perPass := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
			b.ReportMetric(perPass/float64(episodes), "ns/episode")
			b.ReportMetric(perPass/float64(spells), "ns/spell")
			b.ReportMetric(float64(len(a.cells)), "cells")
		})
	}
}

// BenchmarkMergeAndSort measures the end of the stage: merging two
// workers' partial aggregates and building both sorted, suppressed cubes.
// Merging consumes the parts, so each pass rebuilds them off the clock.
func BenchmarkMergeAndSort(b *testing.B) {
	bs := groupedBatches(b, 100_000, defaultBatchSize)
	b.ReportAllocs()
	rows := 0
	for b.Loop() {
		b.StopTimer()
		parts := []*aggregator{newAggregator(nil), newAggregator(nil)}
		for i, x := range bs {
			_ = parts[i%2].addBatch(x)
		}
		b.StartTimer()
		m := mergeAggregators(parts)
		rows = len(m.commissioning(true).rows) + len(m.costing(true).rows)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*rows), "ns/row")
}

// TestSpilledCubesEqualHeld spills every few cells to sorted runs (many
// more runs than one merge takes, so runs are merged in two levels) and
// checks the cubes are those of an aggregator that held every cell, and
// that removing the spill leaves nothing behind.
func TestSpilledCubesEqualHeld(t *testing.T) {
	bs := groupedBatches(t, 6000, 40)
	want := aggregateAll(bs...)
	wantCubes := allCubes(want)

	tmp := t.TempDir()
	spill := &cubeSpill{tempDir: tmp, limit: 7}
	parts := []*aggregator{newAggregator(spill), newAggregator(spill)}
	for i, b := range bs {
		require.NoError(t, parts[i%2].addBatch(b))
	}
	require.Greater(t, spill.runs(), numCubes*2*maxMergeFan, "enough runs per cube for a two-level merge")
	m := mergeAggregators(parts)
	require.Equal(t, wantCubes, allCubes(m))
	require.NoError(t, spill.remove())
	left, err := os.ReadDir(tmp)
	require.NoError(t, err)
	require.Empty(t, left, "the spill folder is removed")
}

// TestCubeKeyOrderAndEscapes checks that run keys order cells as the cubes
// do (text byte-wise, null first; time chronologically, null first) and
// that text holding the escape bytes survives a run file.
func TestCubeKeyOrderAndEscapes(t *testing.T) {
	texts := []string{"", "A", "A\x00", "A\x00B", "A\x01", "A\x02", "AB", "B"}
	a := newAggregator(&cubeSpill{tempDir: t.TempDir(), limit: 1 << 20})
	var cells []cellKey
	for _, p := range texts {
		for _, month := range []int32{schemas.NullInt, -5, 0, 24290, 24300} {
			k := cellKey{provider: a.intern(p), commissioner: a.intern(p), month: month, hrg: grouper.HRG{'F', 'D', '0', '1', 'A'}}
			cells = append(cells, k)
			a.cells[k] = cubeMeasures{spells: 1, episodes: 2, base: -3}
		}
	}
	require.NoError(t, a.spillCells())
	rows := a.commissioning(false).rows
	require.Len(t, rows, len(cells), "every cell comes back once")
	i := 0
	for _, p := range texts {
		for _, month := range []int32{schemas.NullInt, -5, 0, 24290, 24300} {
			require.Equal(t, [2]string{p, p}, [2]string{rows[i].dim[0], rows[i].dim[1]}, "row %d", i)
			require.Equal(t, month, rows[i].when, "row %d", i)
			require.Equal(t, int64(-3), rows[i].val[mBasePrice])
			i++
		}
	}
}
