package pipeline

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/stretchr/testify/require"

	"github.com/hrgflow/hrgflow/grouper"
	"github.com/hrgflow/hrgflow/internal/synth"
	"github.com/hrgflow/hrgflow/pipeline/validate"
	"github.com/hrgflow/hrgflow/schemas"
)

// The stage benchmarks measure each stage of a run on its own, on one
// goroutine, on the same generated input (hrgflow gen, seed 1, 1% bad
// values; 100k episodes or HRGFLOW_STAGE_EPISODES), read into batches by
// the real reader and taken through the stages before the one measured
// outside the timer:
//
//	stage=read       file → batches of raw rows, cut between spells
//	stage=decode     split the rows and decode the fields into episodes
//	stage=validate   the validation rules, spell consistency, summaries
//	stage=group      episode grouping (grouper.GroupEpisode) and its fields
//	stage=spell      spell grouping, spell fields, HES derivations and
//	                 pricing (groupSpell, as a run calls it)
//	stage=price      pricing alone (priceSpell: a part of stage=spell)
//	stage=aggregate  both cubes: every spell added, merged, rows built
//	stage=write      encoding and writing every dataset to Parquet
//	stage=all        Run on the file with every worker (GOMAXPROCS)
//
// Every stage reports the input's CSV bytes (SetBytes), episodes/s and
// ns/episode, so the stages compare with each other and with stage=all.

// stageFixture is the shared input of the stage benchmarks, built once per
// test binary (benchmarks run one at a time).
type stageFixture struct {
	path    string
	size    int64
	n       int
	cfg     Config
	batches []*batch
	marks   []int                     // len(arena) of each batch after validation
	results [][]grouper.EpisodeResult // episode results of each batch
	orders  [][][]int                 // episode indexes of each spell of each batch, by EPIORDER
	decoded []validate.Finding        // scratch: a batch's decoding findings
}

var stageFixtures = map[int]*stageFixture{}

// stageEpisodes is the size of the stage benchmarks' input.
func stageEpisodes(tb testing.TB) int {
	if s := os.Getenv("HRGFLOW_STAGE_EPISODES"); s != "" {
		n, err := strconv.Atoi(s)
		require.NoError(tb, err, "HRGFLOW_STAGE_EPISODES")
		return n
	}
	return 100_000
}

// generatedCSV writes n generated episodes (seed 1) once into the system
// temporary folder and returns the path.
func generatedCSV(tb testing.TB, n int) string {
	tb.Helper()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("hrgflow-stages-%d-seed1.csv", n))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.tmp")
	require.NoError(tb, err)
	cfg := synth.DefaultConfig()
	cfg.Episodes = n
	w := bufio.NewWriterSize(f, 1<<20)
	_, err = synth.Generate(context.Background(), w, cfg)
	require.NoError(tb, err)
	require.NoError(tb, w.Flush())
	require.NoError(tb, f.Close())
	require.NoError(tb, os.Rename(f.Name(), path))
	return path
}

// fixture returns the n-episode fixture, read into batches.
func fixture(tb testing.TB, n int) *stageFixture {
	tb.Helper()
	if f := stageFixtures[n]; f != nil {
		return f
	}
	f := &stageFixture{path: generatedCSV(tb, n), n: n}
	info, err := os.Stat(f.path)
	require.NoError(tb, err)
	f.size = info.Size()
	f.cfg, err = withDefaults(DefaultConfig())
	require.NoError(tb, err)
	f.batches = readBatches(tb, f.cfg, f.path, nil)
	rows := 0
	for _, b := range f.batches {
		rows += b.rows()
	}
	require.Equal(tb, n, rows, "rows read")
	stageFixtures[n] = f
	return f
}

// readBatches reads the file into batches as a run's reader does. With
// pool set, that one batch is reused and nothing is kept.
func readBatches(tb testing.TB, cfg Config, path string, pool *batch) []*batch {
	in := &inputFile{path: path}
	src, err := openSource(context.Background(), in, cfg)
	require.NoError(tb, err)
	var out []*batch
	for more := true; more; {
		b := pool
		if b == nil {
			b = newBatch(cfg.BatchSize)
		}
		b.reset()
		b.file = in
		more, err = src.fill(context.Background(), b, cfg.BatchSize)
		require.NoError(tb, err)
		if b.rows() > 0 && pool == nil {
			out = append(out, b)
		}
	}
	require.NoError(tb, src.close())
	return out
}

// decodeOnly is decodeBatch without validation: split and decode each row.
func decodeOnly(d *rowDecoder, b *batch, fields [][]byte) [][]byte {
	n := b.rows()
	if cap(b.eps) < n {
		b.eps = make([]schemas.Episode, n)
	}
	b.eps, b.arena, b.findings = b.eps[:n], b.arena[:0], b.findings[:0]
	d.findings = &b.findings
	for i, ln := range b.lines {
		e := &b.eps[i]
		e.Reset()
		e.Str[schemas.SourceFile] = b.file.name
		e.I64[schemas.SourceRow] = ln.row
		var problem string
		fields, problem = splitCSV(b.raw[ln.start:ln.end], fields[:0], &b.arena)
		d.episode = int32(i)
		d.decodeRow(e, b.file.cols, fields, problem != "", &b.arena)
	}
	return fields
}

// validateOnly runs what a worker runs between decoding and grouping. As in
// decodeBatch, each episode is validated with its decoding findings at the
// tail of the batch's findings (some rules look at them).
func (f *stageFixture) validateOnly(b *batch, order *[]int) {
	f.decoded = append(f.decoded[:0], b.findings...)
	b.findings = b.findings[:0]
	k := 0
	for i := range b.eps {
		for ; k < len(f.decoded) && f.decoded[k].Episode == int32(i); k++ {
			b.findings = append(b.findings, f.decoded[k])
		}
		f.cfg.Validator.Validate(&b.eps[i], &b.file.cols.present, int32(i), &b.findings, &b.arena)
	}
	checkSpells(b, order)
	summarise(b)
}

// groupEpisodes is the episode half of groupBatch; the results stay in
// g.results.
func groupEpisodes(g *grouping, b *batch) {
	n := len(b.eps)
	if cap(g.results) < n {
		g.results = make([]grouper.EpisodeResult, n)
	}
	g.results = g.results[:n]
	b.unbundled = b.unbundled[:0]
	for i := range b.eps {
		g.t.GroupEpisode(&b.eps[i], &g.results[i], nil)
		setEpisodeResult(&b.eps[i], &g.results[i], &b.arena)
		collectUnbundled(b, i, &g.results[i])
	}
}

// groupSpells is the spell half of groupBatch; it reads g.results.
func groupSpells(g *grouping, b *batch) {
	b.spells = b.spells[:0]
	for start := 0; start < len(b.eps); {
		end := start + 1
		for end < len(b.eps) && !b.newSpell[end] {
			end++
		}
		b.spells = append(b.spells, g.groupSpell(b, start, end))
		start = end
	}
}

func (f *stageFixture) grouping() *grouping {
	return &grouping{t: f.cfg.Grouper, prices: f.cfg.Prices, mff: f.cfg.MFF, rules: f.cfg.PriceRules}
}

// prepare takes every batch through decoding and validation, and through
// grouping when grouped is set, recording what later stages restore.
func (f *stageFixture) prepare(grouped bool) {
	var d rowDecoder
	var fields [][]byte
	var order []int
	g := f.grouping()
	f.marks = make([]int, len(f.batches))
	f.results = make([][]grouper.EpisodeResult, len(f.batches))
	f.orders = make([][][]int, len(f.batches))
	for k, b := range f.batches {
		fields = decodeOnly(&d, b, fields)
		f.validateOnly(b, &order)
		f.marks[k] = len(b.arena)
		if !grouped {
			continue
		}
		g.results = nil
		groupEpisodes(g, b)
		groupSpells(g, b)
		f.results[k] = g.results
		for _, s := range b.spells {
			o := make([]int, 0, s.count)
			for i := s.first; i < s.first+s.count; i++ {
				o = append(o, i)
			}
			sortByEpiorder(o, b.eps)
			f.orders[k] = append(f.orders[k], o)
		}
		b.present.scan(b.eps) // as a run's worker does before the writer
	}
}

// buildCubes adds every batch to a new aggregator (in memory: no spill) and
// returns both cubes' rows, as the end of a run merges them.
func buildCubes(tb testing.TB, f *stageFixture) [numCubes]cubeRows {
	a := newAggregator(nil)
	for _, bt := range f.batches {
		require.NoError(tb, a.addBatch(bt))
	}
	m := mergeAggregators([]*aggregator{a})
	var out [numCubes]cubeRows
	for c := range out {
		var err error
		out[c], err = m.cube(c, false)
		require.NoError(tb, err)
	}
	return out
}

// BenchmarkStages measures every stage on the same input; see the comment
// at the top of the file.
func BenchmarkStages(b *testing.B) {
	f := fixture(b, stageEpisodes(b))
	stages := []struct {
		name string
		run  func(b *testing.B, f *stageFixture)
	}{
		{"read", benchRead}, {"decode", benchDecode}, {"validate", benchValidate},
		{"group", benchGroup}, {"spell", benchSpell}, {"price", benchPrice},
		{"aggregate", benchAggregate}, {"write", benchWrite}, {"all", benchAll},
	}
	for _, st := range stages {
		b.Run("stage="+st.name, func(b *testing.B) {
			b.SetBytes(f.size)
			b.ReportAllocs()
			st.run(b, f)
			s := b.Elapsed().Seconds()
			b.ReportMetric(float64(f.n)*float64(b.N)/s, "episodes/s")
			b.ReportMetric(s*1e9/(float64(f.n)*float64(b.N)), "ns/episode")
		})
	}
}

func benchRead(b *testing.B, f *stageFixture) {
	pool := newBatch(f.cfg.BatchSize)
	b.ResetTimer()
	for range b.N {
		readBatches(b, f.cfg, f.path, pool)
	}
}

func benchDecode(b *testing.B, f *stageFixture) {
	var d rowDecoder
	var fields [][]byte
	b.ResetTimer()
	for range b.N {
		for _, bt := range f.batches {
			fields = decodeOnly(&d, bt, fields)
		}
	}
}

// benchValidate decodes afresh outside the timer before each pass:
// validation normalises codes in place.
func benchValidate(b *testing.B, f *stageFixture) {
	var d rowDecoder
	var fields [][]byte
	var order []int
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		for _, bt := range f.batches {
			fields = decodeOnly(&d, bt, fields)
		}
		b.StartTimer()
		for _, bt := range f.batches {
			f.validateOnly(bt, &order)
		}
	}
}

func benchGroup(b *testing.B, f *stageFixture) {
	f.prepare(false)
	g := f.grouping()
	b.ResetTimer()
	for range b.N {
		for k, bt := range f.batches {
			bt.arena = bt.arena[:f.marks[k]] // forget the previous pass's text
			groupEpisodes(g, bt)
		}
	}
}

func benchSpell(b *testing.B, f *stageFixture) {
	f.prepare(true)
	g := f.grouping()
	b.ResetTimer()
	for range b.N {
		for k, bt := range f.batches {
			g.results = f.results[k]
			groupSpells(g, bt)
		}
	}
}

func benchPrice(b *testing.B, f *stageFixture) {
	f.prepare(true)
	g := f.grouping()
	b.ResetTimer()
	for range b.N {
		for k, bt := range f.batches {
			g.results = f.results[k]
			for j := range bt.spells {
				g.order = f.orders[k][j]
				g.priceSpell(bt, &bt.spells[j])
			}
		}
	}
}

func benchAggregate(b *testing.B, f *stageFixture) {
	f.prepare(true)
	b.ResetTimer()
	for range b.N {
		if cubes := buildCubes(b, f); len(cubes[cubeCommissioning].rows) == 0 {
			b.Fatal("empty commissioning cube")
		}
	}
}

// benchWrite encodes and writes every dataset into a new folder per pass.
// The cube rows are built outside the timer: they are stage=aggregate's.
func benchWrite(b *testing.B, f *stageFixture) {
	f.prepare(true)
	cubes := buildCubes(b, f)
	cfg := f.cfg
	dir := b.TempDir()
	var scols, ucols, qcols [][]parquet.Value // reused by every batch in turn
	b.ResetTimer()
	for i := range b.N {
		stage := filepath.Join(dir, strconv.Itoa(i))
		require.NoError(b, os.Mkdir(stage, dirMode))
		ws, err := openDatasets(cfg, stage)
		require.NoError(b, err)
		for _, bt := range f.batches {
			bt.scols, bt.ucols, bt.qcols = scols, ucols, qcols
			bt.scols = encodeSpells(bt, bt.scols)
			bt.ucols = encodeUnbundled(bt, bt.ucols)
			bt.qcols = encodeQuality(bt, bt.qcols)
			require.NoError(b, ws.write(bt))
			scols, ucols, qcols = bt.scols, bt.ucols, bt.qcols
			bt.scols, bt.ucols, bt.qcols = nil, nil, nil
		}
		for c, w := range [numCubes]*episodeWriter{ws.commissioning, ws.costing} {
			fields := schemas.CommissioningDictionary()
			if c == cubeCosting {
				fields = schemas.CostingDictionary()
			}
			require.NoError(b, writeCube(w, &sliceCubeIter{rows: cubes[c].rows}, cubes[c].dims, fields, cubeChunk))
		}
		require.NoError(b, ws.close())
		b.StopTimer()
		require.NoError(b, os.RemoveAll(stage))
		b.StartTimer()
	}
}

func benchAll(b *testing.B, f *stageFixture) {
	dir := b.TempDir()
	b.ResetTimer()
	for range b.N {
		cfg := DefaultConfig()
		cfg.Inputs, cfg.OutDir = []string{f.path}, dir
		cfg.Validator, cfg.Grouper, cfg.Prices = f.cfg.Validator, f.cfg.Grouper, f.cfg.Prices
		st, err := Run(context.Background(), cfg)
		require.NoError(b, err)
		require.Equal(b, int64(f.n), st.Rows)
	}
}

// TestStagesMatchRun checks that the stage benchmarks take the input
// through the same work as a run: stage by stage, a generated file gives
// the findings, rows in error, spells, unbundled HRGs and cube cells that
// Run reports for it.
func TestStagesMatchRun(t *testing.T) {
	f := fixture(t, 3000)
	f.prepare(true)
	var findings, spells, unbundled, errors int64
	for _, b := range f.batches {
		findings += int64(len(b.findings))
		spells += int64(len(b.spells))
		unbundled += int64(len(b.unbundled))
		for i := range b.eps {
			require.NotEmpty(t, b.eps[i].Str[schemas.FCE_HRG], "episode %d of a batch has no HRG", i)
			if b.eps[i].Str[schemas.Severity] == "error" {
				errors++
			}
		}
	}
	cubes := buildCubes(t, f)

	cfg := DefaultConfig()
	cfg.Inputs, cfg.OutDir = []string{f.path}, t.TempDir()
	st, err := Run(context.Background(), cfg)
	require.NoError(t, err)
	require.Equal(t, int64(3000), st.Rows)
	require.Positive(t, st.Findings, "generated data carries bad values")
	require.Equal(t, st.Findings, findings, "findings")
	require.Equal(t, st.Errors, errors, "rows in error")
	require.Equal(t, st.Spells, spells, "spells")
	require.Equal(t, st.Unbundled, unbundled, "unbundled HRGs")
	require.Equal(t, st.CommissioningRows, int64(len(cubes[cubeCommissioning].rows)), "commissioning cells")
	require.Equal(t, st.CostingRows, int64(len(cubes[cubeCosting].rows)), "costing cells")
}
