package compare

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

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
	require.Empty(t, r.Diffs)
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
	left, err := Open(run, KindAuto, nil)
	require.NoError(t, err)
	require.Equal(t, KindRun, left.Kind)
	var episodes int64
	for _, s := range left.Spells {
		episodes += int64(len(s.Episodes))
	}
	require.Equal(t, int64(2200), episodes)
	spells := int64(len(left.Spells))

	right, err := Open(run, KindRun, nil)
	require.NoError(t, err)
	self, err := Compare(left, right, nil)
	require.NoError(t, err)
	requireFullAgreement(t, self, spells, episodes)
	require.True(t, self.Money)
	require.Equal(t, self.LeftTotal, self.RightTotal)
	require.Positive(t, self.LeftTotal)

	export, err := Open(filepath.Join(run, "grouper"), KindAuto, nil)
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
	require.Equal(t, left.Spells[0].HRG, cells[3])
	cells[3] = "ZZ99Z"
	lines[1] = strings.Join(cells, ",")
	require.NoError(t, os.WriteFile(spellFile, []byte(strings.Join(lines, "")), 0o600))
	export, err = Open(filepath.Join(run, "grouper"), KindAuto, nil)
	require.NoError(t, err)
	edited, err := Compare(left, export, nil)
	require.NoError(t, err)
	require.Len(t, edited.Diffs, 1)
	d := edited.Diffs[0]
	require.Equal(t, CauseDesign, d.Cause)
	require.Equal(t, "SpellHRG", d.Field)
	require.Equal(t, "ZZ99Z", d.Right)
	require.Contains(t, d.CauseDetail, "with the same codes")
	require.Contains(t, d.Explain, "left: hrgflow explain --input "+a+" --row ")
	require.Equal(t, spells-1, edited.Spells.SameHRG)
}

// The real artificial HES extract run through hrgflow, compared with the
// SUS HRGs the extract carries: matched on patient + provider + ADMIDATE,
// every spell accounted for. (Its SUSHRG is independent of its codes, so
// agreement is low: that is the data, not the tool.)
func TestRunVersusRealHESExtract(t *testing.T) {
	hesPath := "../../testdata/hes/artificial_hes_apc_0102.csv"
	run := runPipeline(t, hesPath)
	left, err := Open(run, KindAuto, nil)
	require.NoError(t, err)
	right, err := Open(hesPath, KindAuto, nil)
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
	for _, d := range r.Diffs {
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
	left := openStatement(t, fixture("statement_left.csv"), "statement.toml")
	right := openStatement(t, fixture("statement_right.csv"), "statement.toml")
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
