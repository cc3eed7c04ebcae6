package interop

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestReadBackThroughDuckDBAndPolars(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.parquet")
	// One process: write with DuckDB, then read back; the last statement's
	// result is returned.
	r := DuckDB(t, fmt.Sprintf(`
		COPY (SELECT 1::INTEGER AS a, DATE '2024-04-01' AS d) TO %[1]s (FORMAT parquet);
		SELECT a, d FROM read_parquet(%[1]s);`, SQLString(path)))
	require.Equal(t, []Column{{"a", "INTEGER"}, {"d", "DATE"}}, r.Columns)
	require.Equal(t, [][]any{{json.Number("1"), "2024-04-01"}}, r.Rows)

	p := Polars(t, path)
	require.Equal(t, 1, p.Height)
	require.Equal(t, map[string]string{"a": "Int32", "d": "Date"}, p.Schema)
	require.Equal(t, []Column{{"a", "Int32"}, {"d", "Date"}}, p.Columns)
}

func TestDuckDBMultiSharesOneDatabase(t *testing.T) {
	rs := DuckDBMulti(t, []string{
		"CREATE TABLE t AS SELECT range::INTEGER AS i FROM range(5)",
		"SELECT count(*) AS n, sum(i) AS s FROM t",
		"SELECT i FROM t WHERE i > 100",
	})
	require.Len(t, rs, 3)
	require.Equal(t, []Column{{"n", "BIGINT"}, {"s", "HUGEINT"}}, rs[1].Columns)
	require.Equal(t, [][]any{{json.Number("5"), json.Number("10")}}, rs[1].Rows)
	require.Equal(t, []Column{{"i", "INTEGER"}}, rs[2].Columns)
	require.Empty(t, rs[2].Rows)
}

func TestDuckDBKeepsWideNumbersExact(t *testing.T) {
	r := DuckDB(t, `SELECT 9007199254740993::BIGINT AS b, -170141183460469231731687303715884105727::HUGEINT AS h,
		12345678.91::DECIMAL(12,2) AS m, NULL::BIGINT AS z, true AS ok, [1, 2]::BIGINT[] AS l`)
	require.Equal(t, [][]any{{
		json.Number("9007199254740993"),
		json.Number("-170141183460469231731687303715884105727"),
		json.Number("12345678.91"),
		nil,
		true,
		[]any{"1", "2"}, // nested wide integers stay strings
	}}, r.Rows)
}

func TestPolarsReadsHivePartitions(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ds")
	DuckDB(t, fmt.Sprintf(`COPY (SELECT range::INTEGER AS i, 'Q' || (range %% 3) AS icb FROM range(10))
		TO %s (FORMAT parquet, PARTITION_BY (icb))`, SQLString(dir)))

	p := Polars(t, dir+"/**/*.parquet")
	require.Equal(t, 10, p.Height)
	require.Equal(t, map[string]string{"i": "Int32", "icb": "String"}, p.Schema)
}

func TestDuckDBErrorFailsTheTest(t *testing.T) {
	need(t, duckdbPackage)
	f := runFake(t, func(tb testing.TB) { DuckDB(tb, "SELECT * FROM no_such_table") })
	require.True(t, f.failed)
	require.Contains(t, f.msg, "no_such_table")
	require.Contains(t, f.msg, "duckdb_query.mjs failed")

	f = runFake(t, func(tb testing.TB) { DuckDBMulti(tb, []string{"SELECT 1", "SELEC 2"}) })
	require.True(t, f.failed)
	require.Contains(t, f.msg, "script 1:")
}

func TestUnavailableSkipsUnlessStrict(t *testing.T) {
	cause := fmt.Errorf("%w: node not found on PATH", errUnavailable)
	for _, tc := range []struct {
		name string
		env  map[string]string
		fail bool
	}{
		{name: "env=none", env: nil, fail: false},
		{name: "CI=false", env: map[string]string{"CI": "false"}, fail: false},
		{name: "HRGFLOW_INTEROP=1", env: map[string]string{"HRGFLOW_INTEROP": "1"}, fail: true},
		{name: "CI=true", env: map[string]string{"CI": "true"}, fail: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			getenv := func(k string) string { return tc.env[k] }
			f := runFake(t, func(tb testing.TB) { endUnavailable(tb, cause, getenv) })
			require.Equal(t, tc.fail, f.failed)
			require.Equal(t, !tc.fail, f.skipped)
			require.Contains(t, f.msg, "node not found on PATH")
			require.Contains(t, f.msg, "make interop-deps")
		})
	}
}

func TestLocateReportsMissingPackages(t *testing.T) {
	_, err := locate(t.TempDir(), duckdbPackage)
	require.ErrorIs(t, err, errUnavailable)
}

func TestFindModuleRootFromPackageDir(t *testing.T) {
	wd, err := os.Getwd()
	require.NoError(t, err)
	root, err := findModuleRoot(wd)
	require.NoError(t, err)
	require.FileExists(t, filepath.Join(root, filepath.FromSlash(nodeDir), "package.json"))

	_, err = findModuleRoot(string(filepath.Separator))
	require.ErrorIs(t, err, errUnavailable)
}

func TestSQLString(t *testing.T) {
	require.Equal(t, `'it''s/x.parquet'`, SQLString("it's/x.parquet"))
}

// BenchmarkDuckDB measures the per-call cost the package doc quotes: one
// node process per call, and what batching scripts into one call saves.
func BenchmarkDuckDB(b *testing.B) {
	for _, n := range []int{1, 10} {
		b.Run(fmt.Sprintf("scripts=%d", n), func(b *testing.B) {
			scripts := make([]string, n)
			for i := range scripts {
				scripts[i] = fmt.Sprintf("SELECT %d AS x", i)
			}
			for b.Loop() {
				DuckDBMulti(b, scripts)
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N*n), "ms/script")
		})
	}
}

// fakeTB records how a helper ended a test. Fatalf and Skipf stop the calling
// goroutine as the real ones do; everything else goes to the embedded TB.
type fakeTB struct {
	testing.TB
	failed, skipped bool
	msg             string
}

func (f *fakeTB) Helper() {}

func (f *fakeTB) Fatalf(format string, args ...any) {
	f.failed, f.msg = true, fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func (f *fakeTB) Skipf(format string, args ...any) {
	f.skipped, f.msg = true, fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// runFake runs fn against a fakeTB on its own goroutine and waits for it.
func runFake(t *testing.T, fn func(tb testing.TB)) *fakeTB {
	t.Helper()
	f := &fakeTB{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn(f)
	}()
	<-done
	if !f.failed && !f.skipped {
		t.Fatalf("helper returned without ending the test")
	}
	f.msg = strings.TrimSpace(f.msg)
	return f
}
