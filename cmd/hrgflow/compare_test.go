package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// A run compared with its own grouper-csv export: 100% agreement, exit 0,
// the datasets written; the statements with --fail-on-diff exit 3.
func TestCompareCommand(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.csv")
	code, _, stderr := runMain("gen", "--episodes", "800", "--seed", "5", "--out", in)
	require.Equal(t, exitOK, code, stderr)
	run := filepath.Join(dir, "run")
	code, _, stderr = runMain("run", "--input", in, "--out", run, "--export", "grouper-csv")
	require.Equal(t, exitOK, code, stderr)

	out := filepath.Join(dir, "cmp")
	code, stdout, stderr := runMain("compare", run, filepath.Join(run, "grouper"), "--out", out, "--fail-on-diff")
	require.Equal(t, exitOK, code, stderr)
	require.Contains(t, stdout, "matched on spell key rowno")
	require.Regexp(t, `spells: (\d+) left, \d+ right, \d+ matched, 0 left only, 0 right only; same HRG in (\d+) of \d+ matched \(100\.00%\)`, stdout)
	require.Regexp(t, `episodes: 800 left, 800 right, 800 matched, 0 left only, 0 right only; same HRG in 800 of 800 matched \(100\.00%\)`, stdout)
	require.Contains(t, stdout, "Differences: 0")
	for _, ds := range []string{"diff", "summary", "agreement", "movers"} {
		_, err := os.Stat(filepath.Join(out, ds, "part-00000.parquet"))
		require.NoError(t, err, ds)
	}
	require.NotContains(t, stderr, "TEST", "no patient identifiers in the logs")

	// An HRG edited in the export: one design difference, traced from the
	// run's (unchanged) input with the embedded demo design; --traces 0
	// leaves the trace out.
	spellFile := filepath.Join(run, "grouper", "hrgflow_spell.csv")
	data, err := os.ReadFile(spellFile)
	require.NoError(t, err)
	lines := strings.SplitAfter(string(data), "\r\n")
	cells := strings.Split(lines[1], ",")
	cells[3] = "ZZ99Z"
	lines[1] = strings.Join(cells, ",")
	require.NoError(t, os.WriteFile(spellFile, []byte(strings.Join(lines, "")), 0o600))
	code, stdout, stderr = runMain("compare", run, filepath.Join(run, "grouper"), "--out", out, "--fail-on-diff", "--temp-dir", dir)
	require.Equal(t, exitRejected, code, stderr)
	require.Contains(t, stdout, "design            1 spells       1 differences")
	require.Contains(t, stderr, `"traces":1`)
	code, _, stderr = runMain("compare", run, filepath.Join(run, "grouper"), "--out", out, "--traces", "0")
	require.Equal(t, exitOK, code, stderr)
	require.NotContains(t, stderr, `"traces"`)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range entries {
		require.NotContains(t, e.Name(), "hrgflow-compare-", "temporary files removed")
	}

	fixtures := filepath.Join("..", "..", "testdata", "compare")
	code, stdout, stderr = runMain("compare", "--left-map", filepath.Join(fixtures, "statement.toml"),
		filepath.Join(fixtures, "statement_left.csv"), filepath.Join(fixtures, "statement_right.csv"),
		"--map", filepath.Join(fixtures, "statement.toml"), "--out", out, "--fail-on-diff")
	require.Equal(t, exitRejected, code, stderr)
	require.Contains(t, stdout, "difference £2,710.25")
	require.Contains(t, stderr, "--fail-on-diff")
}

func TestCompareUsage(t *testing.T) {
	for _, args := range [][]string{
		{"compare"},
		{"compare", "a", "--out", "x"},
		{"compare", "a", "b"},
		{"compare", "a", "b", "--out", "x", "--left-kind", "sideways"},
		{"compare", "a", "b", "--out", "x", "--key", "nhs_number"},
	} {
		code, _, stderr := runMain(args...)
		require.Equal(t, exitUsage, code, "%v: %s", args, stderr)
	}
	code, _, stderr := runMain("compare", "no-such-left", "no-such-right", "--out", t.TempDir())
	require.Equal(t, exitFailed, code)
	require.Contains(t, stderr, "no such file")
}
