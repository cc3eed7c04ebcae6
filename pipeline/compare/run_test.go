package compare

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/hrgflow/hrgflow/grouper"
	"github.com/hrgflow/hrgflow/internal/interop"
	"github.com/hrgflow/hrgflow/internal/synth"
	"github.com/hrgflow/hrgflow/pipeline"
)

// runPipeline runs hrgflow on inputs into a fresh folder, with the
// official grouper file set exported, and returns the folder.
func runPipeline(t *testing.T, inputs ...string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "run")
	cfg := pipeline.DefaultConfig()
	cfg.Inputs, cfg.OutDir, cfg.Workers, cfg.ExportGrouperCSV = inputs, out, 2, true
	_, err := pipeline.Run(context.Background(), cfg)
	require.NoError(t, err)
	return out
}

// generated writes n synthetic episodes and returns the file.
func generated(t *testing.T, n int, seed uint64) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), fmt.Sprintf("gen%d.csv", seed))
	f, err := os.Create(path)
	require.NoError(t, err)
	cfg := synth.DefaultConfig()
	cfg.Episodes, cfg.Seed = n, seed
	_, err = synth.Generate(context.Background(), f, cfg)
	require.NoError(t, err)
	require.NoError(t, f.Close())
	return path
}

func requireFullAgreement(t *testing.T, r *Result, spells, episodes int64) {
	t.Helper()
	require.Zero(t, r.Differences)
	require.Empty(t, diffsOf(t, r))
	require.Equal(t, Agreement{Left: spells, Right: spells, Matched: spells, SameHRG: spells, Identical: spells}, r.Spells)
	require.NotNil(t, r.Episodes)
	require.Equal(t, Agreement{Left: episodes, Right: episodes, Matched: episodes, SameHRG: episodes, Identical: episodes}, *r.Episodes)
	p, ok := r.Spells.Percent()
	require.True(t, ok)
	require.Equal(t, 100.0, p)
}

// A run compared with itself, and with its own --export grouper-csv
// files, agrees on every spell and episode. Two input files check that
// the official RowNo runs on across files.
func TestRunAgreesWithItselfAndItsExport(t *testing.T) {
	a, b := generated(t, 1500, 11), generated(t, 700, 12)
	run := runPipeline(t, a, b)
	ws := newWorkspace(t)
	left, err := ws.Open(run, KindAuto, nil)
	require.NoError(t, err)
	require.Equal(t, KindRun, left.Kind)
	var episodes int64
	leftSpells := spellsOf(t, left)
	for _, s := range leftSpells {
		episodes += int64(len(s.Episodes))
	}
	require.Equal(t, int64(2200), episodes)
	spells := left.Spells

	right, err := ws.Open(run, KindRun, nil)
	require.NoError(t, err)
	self, err := Compare(left, right, nil)
	require.NoError(t, err)
	requireFullAgreement(t, self, spells, episodes)
	require.True(t, self.Money)
	require.Equal(t, self.LeftTotal, self.RightTotal)
	require.Positive(t, self.LeftTotal)

	export, err := ws.Open(filepath.Join(run, "grouper"), KindAuto, nil)
	require.NoError(t, err)
	require.Equal(t, KindGrouper, export.Kind)
	vsExport, err := Compare(left, export, nil)
	require.NoError(t, err)
	require.Equal(t, KeyRowNo, vsExport.Key, "generated HES input has no PROCODET/PROVSPNO: the export links by RowNo")
	requireFullAgreement(t, vsExport, spells, episodes)

	// An edited export is noticed: the first spell's HRG changed in _spell.
	spellFile := filepath.Join(run, "grouper", "hrgflow_spell.csv")
	data, err := os.ReadFile(spellFile)
	require.NoError(t, err)
	lines := strings.SplitAfter(string(data), "\r\n")
	cells := strings.Split(lines[1], ",")
	require.Equal(t, left.Str(leftSpells[0].HRG), cells[3])
	cells[3] = "ZZ99Z"
	lines[1] = strings.Join(cells, ",")
	require.NoError(t, os.WriteFile(spellFile, []byte(strings.Join(lines, "")), 0o600))
	export, err = ws.Open(filepath.Join(run, "grouper"), KindAuto, nil)
	require.NoError(t, err)
	edited, err := Compare(left, export, nil)
	require.NoError(t, err)
	diffs := diffsOf(t, edited)
	require.Len(t, diffs, 1)
	d := diffs[0]
	require.Equal(t, CauseDesign, d.Cause)
	require.Equal(t, "SpellHRG", d.Field)
	require.Equal(t, "ZZ99Z", d.Right)
	require.Contains(t, d.CauseDetail, "with the same codes")
	require.Contains(t, d.Explain, "left: hrgflow explain --input "+a+" --row ")
	require.Equal(t, spells-1, edited.Spells.SameHRG)
	require.Empty(t, d.LeftTrace, "no traces unless asked for")
	n, notes, err := edited.LoadTraces(context.Background())
	require.NoError(t, err)
	require.Zero(t, n)
	require.Empty(t, notes)

	// With traces: the left side is the run, its input unchanged, its
	// design the embedded demo: the spell's trace sits on its rows.
	traced, err := CompareWith(left, export, Options{Traces: 5})
	require.NoError(t, err)
	n, notes, err = traced.LoadTraces(context.Background())
	require.NoError(t, err)
	require.Empty(t, notes)
	require.Equal(t, 1, n)
	d = diffsOf(t, traced)[0]
	first := leftSpells[0]
	require.Contains(t, d.LeftTrace, fmt.Sprintf("Episode: row %d of %s", first.ReportRow, filepath.Base(a)))
	require.Contains(t, d.LeftTrace, fmt.Sprintf("=> SpellHRG %s (", left.Str(first.HRG)))
	require.Contains(t, d.LeftTrace, fmt.Sprintf("reported on row %d", first.ReportRow))
	require.Empty(t, d.RightTrace, "the right side is the grouper export: no trace")

	// The datasets carry the trace; read back with DuckDB.
	out := t.TempDir()
	require.NoError(t, traced.Write(out, "zstd"))
	res := interop.DuckDBMulti(t, []string{"SELECT Field, LeftTrace, RightTrace IS NULL AS noright FROM read_parquet(" +
		interop.SQLString(filepath.Join(out, "diff", "part-00000.parquet")) + ")"})
	require.Len(t, res[0].Rows, 1)
	require.Equal(t, []any{"SpellHRG", d.LeftTrace, "true"}, jsonStrings(res[0].Rows[0]))

	// An input changed since the run keeps only the command, and says why.
	require.NoError(t, os.WriteFile(a, []byte("changed"), 0o600))
	traced, err = CompareWith(left, export, Options{Traces: 5})
	require.NoError(t, err)
	n, notes, err = traced.LoadTraces(context.Background())
	require.NoError(t, err)
	require.Zero(t, n)
	require.Len(t, notes, 1)
	require.Contains(t, notes[0], "has changed since the run")
	d = diffsOf(t, traced)[0]
	require.Empty(t, d.LeftTrace)
	require.Contains(t, d.Explain, "hrgflow explain")
}

// A run whose design is not the embedded demo keeps its explain commands.
func TestTracesNeedALoadableDesign(t *testing.T) {
	_, why := runDesign(&Side{Design: pipeline.ManifestDesign{Name: "hrg4plus-2425", Version: "1"}})
	require.Contains(t, why, `design "hrg4plus-2425", which is not embedded`)
	_, why = runDesign(&Side{Design: pipeline.ManifestDesign{Name: "demo", Version: "1999.1"}})
	require.Contains(t, why, "the run used design demo 1999.1, which is now demo ")

	// A design folder the manifest records is loaded again.
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata", "grouper", "expressive"))
	require.NoError(t, err)
	d, err := grouper.LoadDir(dir)
	require.NoError(t, err)
	want, _, err := grouper.Compile(d)
	require.NoError(t, err)
	m := want.Manifest()
	got, why := runDesign(&Side{Design: pipeline.ManifestDesign{Name: m.Name, Version: m.Version, Path: dir}})
	require.Empty(t, why)
	require.Equal(t, m, got.Manifest())
	_, why = runDesign(&Side{Design: pipeline.ManifestDesign{Name: m.Name, Version: m.Version, Path: filepath.Join(dir, "missing")}})
	require.Contains(t, why, "cannot be loaded")
}

// Compared in many small partitions, two runs of different inputs give
// the same agreement, totals and differences as in one partition; the
// differences come partition by partition, so they are compared as sets.
func TestPartitionsAgreeWithOnePartition(t *testing.T) {
	a, b := generated(t, 1200, 21), generated(t, 900, 22)
	runA, runB := runPipeline(t, a), runPipeline(t, b)
	compareIn := func(partBytes int64) (*Result, []Diff) {
		ws := newWorkspace(t)
		ws.PartitionBytes = partBytes
		left, err := ws.Open(runA, KindRun, nil)
		require.NoError(t, err)
		right, err := ws.Open(filepath.Join(runB, "grouper"), KindGrouper, nil)
		require.NoError(t, err)
		r, err := Compare(left, right, nil)
		require.NoError(t, err)
		return r, diffsOf(t, r)
	}
	one, oneDiffs := compareIn(DefaultPartitionBytes)
	many, manyDiffs := compareIn(8 << 10)
	require.Equal(t, 1, one.Partitions)
	require.Greater(t, many.Partitions, 4)
	require.Equal(t, one.Spells, many.Spells)
	require.Equal(t, *one.Episodes, *many.Episodes)
	require.Positive(t, one.Spells.LeftOnly, "900 episodes against 1,200: left-only spells")
	require.Less(t, one.Spells.SameHRG, one.Spells.Matched, "different inputs: different HRGs")
	require.Equal(t, one.Cells(), many.Cells())
	require.Equal(t, one.Movers(MaxMovers), many.Movers(MaxMovers))
	require.ElementsMatch(t, oneDiffs, manyDiffs)
	// In one partition, the left spells come in input order (LeftRow
	// ascends over the rows of left spells).
	last := int64(0)
	for _, d := range oneDiffs {
		if d.LeftRow != Null {
			require.GreaterOrEqual(t, d.LeftRow, last)
			last = d.LeftRow
		}
	}
}

// The real artificial HES extract run through hrgflow, compared with the
// SUS HRGs the extract carries: matched on patient + provider + ADMIDATE,
// every spell accounted for. (Its SUSHRG is independent of its codes, so
// agreement is low: that is the data, not the tool.)
func TestRunVersusRealHESExtract(t *testing.T) {
	hesPath := "../../testdata/hes/artificial_hes_apc_0102.csv"
	run := runPipeline(t, hesPath)
	ws := newWorkspace(t)
	left, err := ws.Open(run, KindAuto, nil)
	require.NoError(t, err)
	right, err := ws.Open(hesPath, KindAuto, nil)
	require.NoError(t, err)
	require.Equal(t, KindHES, right.Kind)
	r, err := Compare(left, right, nil)
	require.NoError(t, err)
	require.Equal(t, KeyPatient, r.Key)
	require.Equal(t, r.Spells.Left, r.Spells.Matched+r.Spells.LeftOnly)
	require.Equal(t, r.Spells.Right, r.Spells.Matched+r.Spells.RightOnly)
	require.Positive(t, r.Spells.Matched)
	require.Less(t, r.Spells.SameHRG, r.Spells.Matched)
	var fromDiffs int64
	seen := map[string]bool{}
	for _, d := range diffsOf(t, r) {
		if d.Cause != CauseUnmatched && !seen[d.SpellKey] {
			seen[d.SpellKey] = true
			fromDiffs++
		}
	}
	require.Equal(t, r.Spells.Matched-r.Spells.Identical, fromDiffs, "every matched spell that is not identical has difference rows")
}

// The written datasets read back with DuckDB: diff/ rows, ValuePence adding
// up to the difference of the totals, the summary and agreement.
func TestWriteReadsBackInDuckDB(t *testing.T) {
	ws := newWorkspace(t)
	left := openStatement(t, ws, fixture("statement_left.csv"), "statement.toml")
	right := openStatement(t, ws, fixture("statement_right.csv"), "statement.toml")
	r, err := Compare(left, right, nil)
	require.NoError(t, err)
	out := t.TempDir()
	require.NoError(t, r.Write(out, "zstd"))
	q := func(ds string) string { return interop.SQLString(filepath.Join(out, ds, "part-00000.parquet")) }
	res := interop.DuckDBMulti(t, []string{
		"SELECT count(*)::INT AS n, sum(ValuePence)::BIGINT AS pence, count(*) FILTER (WHERE Cause = 'unmatched')::INT AS unmatched FROM read_parquet(" + q("diff") + ")",
		"SELECT Cause, sum(Spells)::INT AS spells, sum(ValuePence)::BIGINT AS pence FROM read_parquet(" + q("summary") + ") GROUP BY Cause ORDER BY Cause",
		"SELECT Level, Matched, SameHRG, AgreementPercent, RightTotalPence - LeftTotalPence AS diff FROM read_parquet(" + q("agreement") + ")",
		"SELECT Rank, SpellHRG, ValuePence FROM read_parquet(" + q("movers") + ") ORDER BY Rank LIMIT 1",
	})
	require.Equal(t, []any{"10", "271025", "2"}, jsonStrings(res[0].Rows[0]))
	var spells int
	for _, row := range res[1].Rows {
		n := jsonStrings(row)
		var k int
		_, _ = fmt.Sscan(n[1].(string), &k)
		spells += k
	}
	require.Equal(t, 7, spells, "7 spells with differences")
	require.Equal(t, []any{"spells", "7", "6", "85.71428571428571", "271025"}, jsonStrings(res[2].Rows[0]))
	require.Equal(t, []any{"1", "DZ02M", "300000"}, jsonStrings(res[3].Rows[0]))
	summary, err := os.ReadFile(filepath.Join(out, SummaryFile))
	require.NoError(t, err)
	require.Contains(t, string(summary), "difference £2,710.25")
}

// jsonStrings turns a DuckDB result row into strings for comparison.
func jsonStrings(row []any) []any {
	out := make([]any, len(row))
	for i, v := range row {
		out[i] = fmt.Sprint(v)
	}
	return out
}

// TestWriteReplacesAnEarlierComparison writes two comparisons into one
// folder: the second's outputs replace the first's whole (no file of the
// first is left inside them), and no staging folder is left behind.
func TestWriteReplacesAnEarlierComparison(t *testing.T) {
	ws := newWorkspace(t)
	left := openStatement(t, ws, fixture("statement_left.csv"), "statement.toml")
	right := openStatement(t, ws, fixture("statement_right.csv"), "statement.toml")
	out := t.TempDir()
	differs, err := Compare(left, right, nil)
	require.NoError(t, err)
	require.NoError(t, differs.Write(out, "zstd"))
	stray := filepath.Join(out, "diff", "stray.txt") // a file only the first output holds
	require.NoError(t, os.WriteFile(stray, []byte("x"), 0o600))
	same, err := Compare(left, left, nil)
	require.NoError(t, err)
	require.NoError(t, same.Write(out, "zstd"))
	require.NoFileExists(t, stray)
	entries, err := os.ReadDir(out)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	require.ElementsMatch(t, append(append([]string{}, Datasets...), SummaryFile), names)
	summary, err := os.ReadFile(filepath.Join(out, SummaryFile))
	require.NoError(t, err)
	require.NotContains(t, string(summary), "difference £2,710.25", "the second comparison's summary")
}
