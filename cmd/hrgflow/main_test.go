package main

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func runMain(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = Main(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestUsageErrorsExit2(t *testing.T) {
	for _, args := range [][]string{
		nil,
		{"frobnicate"},
		{"run"},
		{"run", "--input", "x.csv"},
		{"run", "--input", "x.csv", "--out", "o", "--layout", "sideways"},
		{"run", "--no-such-flag"},
		{"gen", "--episodes", "10"},
		{"gen", "--out", "x", "--from", "1 April"},
	} {
		code, _, stderr := runMain(args...)
		require.Equal(t, exitUsage, code, "%v: %s", args, stderr)
	}
}

func TestHelpExits0(t *testing.T) {
	code, out, _ := runMain("help")
	require.Equal(t, exitOK, code)
	require.Contains(t, out, "hrgflow run")
	code, _, _ = runMain("run", "-h")
	require.Equal(t, exitOK, code)
}

func TestGenThenRun(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.csv.gz")
	code, out, stderr := runMain("gen", "--episodes", "3000", "--seed", "7", "--out", in)
	require.Equal(t, exitOK, code, stderr)
	require.Contains(t, out, "3000 episodes")

	again := filepath.Join(dir, "again.csv.gz")
	code, _, _ = runMain("gen", "--episodes", "3000", "--seed", "7", "--out", again)
	require.Equal(t, exitOK, code)
	require.Equal(t, sha(t, in), sha(t, again), "gen is deterministic")

	code, out, stderr = runMain("run", "--input", in, "--out", filepath.Join(dir, "out"), "--workers", "2")
	require.Equal(t, exitOK, code, stderr)
	require.Contains(t, out, "hrgflow run: 3000 episodes")
	require.FileExists(t, filepath.Join(dir, "out", "episodes", "FYEAR=2425", "part-00000.parquet"))
	require.NotContains(t, stderr, "TEST", "no patient identifiers in the logs")
}

func TestRunRejectRateExits3(t *testing.T) {
	out := t.TempDir()
	code, _, stderr := runMain("run", "--input", "../../testdata/grouper/apc_grouper_layout.csv", "--out", out, "--max-reject-rate", "0.1")
	require.Equal(t, exitRejected, code, stderr) // 3 of 14 rows are unreadable
	require.Contains(t, stderr, "max-reject-rate")
	code, _, _ = runMain("run", "--input", "../../testdata/grouper/apc_grouper_layout.csv", "--out", out, "--max-reject-rate", "0.5")
	require.Equal(t, exitOK, code)
}

func TestRunFailureExits1(t *testing.T) {
	code, _, stderr := runMain("run", "--input", "does-not-exist.csv", "--out", t.TempDir())
	require.Equal(t, exitFailed, code)
	require.Contains(t, stderr, "does-not-exist.csv")
	require.Contains(t, stderr, `"level":"error"`, "logs are JSON when stderr is not a terminal")
}

func TestRunWithRDF(t *testing.T) {
	code, _, stderr := runMain("run", "--rdf", "../../pipeline/rdf/HRG4+_default_APC.rdf", "--input", "../../testdata/grouper/apc_grouper_layout.csv", "--out", t.TempDir())
	require.Equal(t, exitOK, code, stderr)
	code, _, _ = runMain("run", "--rdf", "missing.rdf", "--input", "x.csv", "--out", t.TempDir())
	require.Equal(t, exitFailed, code)
}

func sha(t *testing.T, path string) [32]byte {
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	return sha256.Sum256(data)
}

func TestValidateSummaryAndTRUDLists(t *testing.T) {
	code, out, stderr := runMain("validate", "--input", "../../testdata/hes/artificial_hes_apc_0102.csv")
	require.Equal(t, exitOK, code, stderr)
	require.Contains(t, out, "hrgflow validate: 2075 episodes")
	require.Regexp(t, `(?m)^D06\s+error\s+18\s+18\s+DIAG_01`, out)
	require.NotContains(t, out, "wrote", "no --out, nothing written")

	dir := t.TempDir()
	code, out, _ = runMain("validate", "--input", "../../testdata/hes/artificial_hes_apc_0102.csv", "--out", dir)
	require.Equal(t, exitOK, code)
	require.Contains(t, out, "quality/part-00000.parquet")
	require.NoDirExists(t, filepath.Join(dir, "episodes"))

	// With the (tiny) TRUD sample lists most codes are unknown: the lists
	// really replace the embedded ones.
	code, out, stderr = runMain("validate", "--icd10-codes", "../../internal/codelist/testdata/icd10_trud_sample.txt",
		"--opcs4-codes", "../../internal/codelist/testdata/opcs4_trud_sample.txt", "--input", "../../testdata/grouper/apc_grouper_layout.csv")
	require.Equal(t, exitOK, code, stderr)
	require.Regexp(t, `(?m)^D02\s+error`, out)
	code, _, _ = runMain("validate", "--icd10-codes", "missing.txt", "--input", "x.csv")
	require.Equal(t, exitFailed, code)
}

func TestExplain(t *testing.T) {
	code, out, stderr := runMain("explain", "--input", "../../testdata/grouper/apc_grouper_layout.csv", "--row", "3")
	require.Equal(t, exitOK, code, stderr)
	require.Contains(t, out, "NOT the official NHS England HRG4+ design")
	require.Contains(t, out, "=> FCE_HRG ")
	require.Contains(t, out, "Spell: 3 episode(s), rows 2 to 4")
	require.Contains(t, out, "=> SpellHRG ")

	code, out, _ = runMain("explain", "--input", "../../testdata/hes/artificial_hes_apc_0102.csv", "--episode", "513700125763")
	require.Equal(t, exitOK, code)
	require.Contains(t, out, "EPIKEY 513700125763")

	code, _, stderr = runMain("explain", "--input", "../../testdata/hes/artificial_hes_apc_0102.csv", "--episode", "nope")
	require.Equal(t, exitFailed, code)
	require.Contains(t, stderr, "episode not found")
	code, _, _ = runMain("explain", "--input", "x.csv")
	require.Equal(t, exitUsage, code)
}

func TestDesignCommands(t *testing.T) {
	code, out, stderr := runMain("design", "check", "../../testdata/grouper/expressive")
	require.Equal(t, exitOK, code, stderr)
	require.Contains(t, out, "compiled")
	code, out, _ = runMain("design", "dump", "demo")
	require.Equal(t, exitOK, code)
	require.NotEmpty(t, out)
	code, _, _ = runMain("design", "check", t.TempDir())
	require.Equal(t, exitFailed, code, "an empty folder is not a design")
	code, _, _ = runMain("design", "frobnicate", "x")
	require.Equal(t, exitUsage, code)
}

func TestPricesTrimpoints(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.csv")
	code, _, stderr := runMain("gen", "--episodes", "20000", "--seed", "3", "--out", in)
	require.Equal(t, exitOK, code, stderr)
	run := filepath.Join(dir, "run")
	code, _, stderr = runMain("run", "--input", in, "--out", run)
	require.Equal(t, exitOK, code, stderr)
	table := filepath.Join(dir, "prices.csv")
	code, out, stderr := runMain("prices", "trimpoints", "--from", run, "--out", table, "--min-spells", "5")
	require.Equal(t, exitOK, code, stderr)
	require.Contains(t, out, "spells read")
	data, err := os.ReadFile(table)
	require.NoError(t, err)
	require.Contains(t, string(data), "elective_trim_point")
	// The derived table is a valid --prices input: a rerun with it prices
	// excess bed days.
	code, _, stderr = runMain("run", "--input", in, "--out", filepath.Join(dir, "run2"), "--prices", table)
	require.Equal(t, exitOK, code, stderr)
	code, _, _ = runMain("prices", "trimpoints", "--from", t.TempDir(), "--out", table)
	require.Equal(t, exitFailed, code, "no spells dataset")
}

// TestMain lets a test run the binary's Main in a child process (the test
// binary re-executed with HRGFLOW_TEST_MAIN=1), so it can be killed.
func TestMain(m *testing.M) {
	if os.Getenv("HRGFLOW_TEST_MAIN") == "1" {
		os.Exit(Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// TestSIGKILLMidwayKeepsPreviousOutputs kills a real run with SIGKILL while
// it writes: the previous outputs are untouched and the next run succeeds
// (and clears the killed run's staging folder).
func TestSIGKILLMidwayKeepsPreviousOutputs(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	code, _, stderr := runMain("run", "--input", "../../testdata/grouper/apc_grouper_layout.csv", "--out", out)
	require.Equal(t, exitOK, code, stderr)
	before := tree(t, out)
	big := filepath.Join(dir, "big.csv")
	code, _, _ = runMain("gen", "--episodes", "300000", "--seed", "5", "--out", big)
	require.Equal(t, exitOK, code)

	cmd := exec.Command(os.Args[0], "run", "--input", big, "--out", out)
	cmd.Env = append(os.Environ(), "HRGFLOW_TEST_MAIN=1")
	require.NoError(t, cmd.Start())
	deadline := time.Now().Add(20 * time.Second)
	for !hasStaging(t, out) && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond) // let it write
	require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
	require.Error(t, cmd.Wait())
	after := tree(t, out)
	for k := range after {
		if strings.HasPrefix(k, ".hrgflow-staging-") {
			delete(after, k)
		}
	}
	require.Equal(t, before, after, "the previous outputs are untouched")

	code, _, stderr = runMain("run", "--input", "../../testdata/grouper/apc_grouper_layout.csv", "--out", out)
	require.Equal(t, exitOK, code, stderr)
	require.False(t, hasStaging(t, out), "the killed run's staging folder is cleared")
}

func hasStaging(t *testing.T, dir string) bool {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".hrgflow-staging-") {
			return true
		}
	}
	return false
}

// tree maps every file under dir (relative path, with the staging folders'
// top names kept) to its SHA-256.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	require.NoError(t, filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if top, _, _ := strings.Cut(rel, string(filepath.Separator)); strings.HasPrefix(top, ".hrgflow-staging-") {
			m[top] = "staging"
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		m[rel] = fmt.Sprintf("%x", sha256.Sum256(data))
		return nil
	}))
	return m
}

func TestRunExportGrouperCSV(t *testing.T) {
	out := t.TempDir()
	code, stdout, stderr := runMain("run", "--input", "../../testdata/grouper/apc_grouper_layout.csv", "--out", out, "--export", "grouper-csv")
	require.Equal(t, exitOK, code, stderr)
	require.Contains(t, stdout, "grouper/hrgflow_FCE.csv")
	for _, f := range []string{"_FCE", "_spell", "_quality_rel", "_ub_rel", "_summary"} {
		require.FileExists(t, filepath.Join(out, "grouper", "hrgflow"+f+".csv"))
	}
	code, _, _ = runMain("run", "--input", "x.csv", "--out", out, "--export", "sas")
	require.Equal(t, exitUsage, code)
}

func TestRunWithoutAggregates(t *testing.T) {
	out := t.TempDir()
	code, _, stderr := runMain("run", "--input", "../../testdata/grouper/apc_grouper_layout.csv", "--out", out, "--aggregates=false")
	require.Equal(t, exitOK, code, stderr)
	require.NoDirExists(t, filepath.Join(out, "aggregates"))
	require.DirExists(t, filepath.Join(out, "spells"))
}

// TestLogsHoldNoPatientValues runs the pipeline on generated data with
// known identifiers (and validate, with its findings) and checks that no
// identifier reaches the logs.
func TestLogsHoldNoPatientValues(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.csv")
	code, _, _ := runMain("gen", "--episodes", "2000", "--seed", "9", "--bad-rate", "0.2", "--out", in)
	require.Equal(t, exitOK, code)
	data, err := os.ReadFile(in)
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	header := strings.Split(lines[0], ",")
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	var logs strings.Builder
	for _, args := range [][]string{
		{"run", "--input", in, "--out", filepath.Join(dir, "out")},
		{"validate", "--input", in},
		{"run", "--input", in, "--out", filepath.Join(dir, "out2"), "--spells", "unsorted", "--max-reject-rate", "0.01"},
	} {
		_, _, stderr := runMain(args...)
		logs.WriteString(stderr)
	}
	require.NotEmpty(t, logs.String())
	checked := 0
	for _, line := range lines[1:] {
		f := strings.Split(line, ",")
		for _, name := range []string{"EPIKEY", "PSEUDO_HESID", "SUSSPELLID"} {
			if v := f[col[name]]; len(v) >= 8 {
				require.NotContains(t, logs.String(), v, "%s of a row is in the logs", name)
				checked++
			}
		}
	}
	require.Greater(t, checked, 5000)
}

func TestPseudonymiseKeyFlag(t *testing.T) {
	dir := t.TempDir()
	key := filepath.Join(dir, "key")
	require.NoError(t, os.WriteFile(key, []byte("a secret key of 32 bytes, not 16\n"), 0o600))
	code, _, stderr := runMain("run", "--input", "../../testdata/hes/artificial_hes_apc_0102.csv", "--out", filepath.Join(dir, "out"), "--pseudonymise-key", key)
	require.Equal(t, exitOK, code, stderr)
	require.NoError(t, os.WriteFile(key, []byte("short\n"), 0o600))
	code, _, _ = runMain("run", "--input", "x.csv", "--out", dir, "--pseudonymise-key", key)
	require.Equal(t, exitUsage, code)
}
