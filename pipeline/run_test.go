package pipeline

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/stretchr/testify/require"

	"github.com/hrgflow/hrgflow/internal/interop"
	"github.com/hrgflow/hrgflow/schemas"
)

const (
	hesFixture     = "../testdata/hes/artificial_hes_apc_0102.csv"
	grouperFixture = "../testdata/grouper/apc_grouper_layout.csv"
	parquetFixture = "../testdata/parquet/artificial_hes_apc_0102_duckdb.parquet"
)

func runFiles(t *testing.T, out string, mutate func(*Config), inputs ...string) Stats {
	t.Helper()
	cfg := DefaultConfig()
	cfg.Inputs, cfg.OutDir = inputs, out
	if mutate != nil {
		mutate(&cfg)
	}
	st, err := Run(context.Background(), cfg)
	require.NoError(t, err)
	return st
}

// dumpEpisodes reads an episodes dataset (a folder of Hive partitions, or
// one file) back with parquet-go and returns one map per row of column
// name → text (dates as YYYY-MM-DD, nulls absent, partition values from
// the folder names), sorted by SourceFile and SourceRow.
func dumpEpisodes(t *testing.T, path string) []map[string]string {
	t.Helper()
	return dumpDataset(t, path, schemas.Dictionary())
}

// dumpQuality reads the quality dataset of an output folder back.
func dumpQuality(t *testing.T, out string) []map[string]string {
	t.Helper()
	return dumpDataset(t, filepath.Join(out, "quality"), schemas.QualityDictionary())
}

func spellFields() []schemas.Field { return schemas.SpellDictionary() }

// dumpDataset reads every Parquet file under path (or the file path).
func dumpDataset(t *testing.T, path string, fields []schemas.Field) []map[string]string {
	t.Helper()
	var files []string
	require.NoError(t, filepath.WalkDir(path, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".parquet") {
			files = append(files, p)
		}
		return err
	}))
	require.NotEmpty(t, files, "no Parquet under %s", path)
	var out []map[string]string
	for _, f := range files {
		out = append(out, dumpFile(t, f, fields)...)
	}
	row := func(m map[string]string) int { n, _ := strconv.Atoi(m["SourceRow"]); return n }
	sort.SliceStable(out, func(i, j int) bool {
		if out[i]["SourceFile"] != out[j]["SourceFile"] {
			return out[i]["SourceFile"] < out[j]["SourceFile"]
		}
		return row(out[i]) < row(out[j])
	})
	return out
}

// dumpFile reads one Parquet file, naming columns by the file's schema.
func dumpFile(t *testing.T, path string, fields []schemas.Field) []map[string]string {
	t.Helper()
	kinds := map[string]schemas.Kind{}
	for _, f := range fields {
		kinds[f.Name] = f.Kind
	}
	partition := map[string]string{}
	for _, seg := range strings.Split(filepath.ToSlash(filepath.Dir(path)), "/") {
		if k, v, ok := strings.Cut(seg, "="); ok && v != hiveDefault {
			partition[k] = v
		}
	}
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	info, err := f.Stat()
	require.NoError(t, err)
	pf, err := parquet.OpenFile(f, info.Size())
	require.NoError(t, err)
	var names []string
	for _, c := range pf.Schema().Columns() {
		names = append(names, c[0])
	}
	r := parquet.NewReader(pf)
	defer r.Close()
	var out []map[string]string
	rows := make([]parquet.Row, 256)
	for {
		n, err := r.ReadRows(rows)
		for _, row := range rows[:n] {
			m := maps.Clone(partition)
			for _, v := range row {
				if v.IsNull() {
					continue
				}
				name := names[v.Column()]
				if kinds[name] == schemas.KindDate {
					m[name] = schemas.Date(v.Int32()).String()
				} else {
					m[name] = v.String()
				}
			}
			out = append(out, m)
		}
		if err == io.EOF {
			return out
		}
		require.NoError(t, err)
	}
}

func episodesFile(out string) string { return filepath.Join(out, "episodes") }

func TestRunHESExtract(t *testing.T) {
	out := t.TempDir()
	st := runFiles(t, out, nil, hesFixture)
	require.Equal(t, int64(2075), st.Rows)
	fs := st.Files[0]
	require.Equal(t, "hes", fs.Layout)
	require.Equal(t, "csv", fs.Format)
	require.Contains(t, fs.IgnoredColumns, "DIAG_3_01")

	rows := dumpEpisodes(t, episodesFile(out))
	require.Len(t, rows, 2075)
	first := rows[0]
	require.Equal(t, "513700125763", first["EPIKEY"])
	require.Equal(t, "2001-09-27", first["ADMIDATE"])
	require.Equal(t, "F321", first["DIAG_01"])
	require.Equal(t, "O721", first["DIAG_05"])
	require.Equal(t, "-", first["OPERTN_01"], "the padded '-   ' marker is trimmed")
	require.Equal(t, "34", first["STARTAGE"])
	require.Equal(t, "1", first["SourceRow"])
	require.Equal(t, "artificial_hes_apc_0102.csv", first["SourceFile"])
	require.NotContains(t, first, "DISDATE", "an empty date is null")
	require.Equal(t, "2075", rows[2074]["SourceRow"])

	infants, blankPrimary := 0, 0
	for _, r := range rows {
		if r["STARTAGE"] >= "7001" && r["STARTAGE"] <= "7007" && len(r["STARTAGE"]) == 4 {
			infants++
		}
		if r["DIAG_01"] == "" {
			blankPrimary++
		}
	}
	require.Equal(t, 18, blankPrimary, "DOMAIN.md §7 counts 18 blank DIAG_4_01")
	require.Positive(t, infants, "infant age codes 7001-7007 are kept as codes")
}

func TestRunGrouperLayout(t *testing.T) {
	out := t.TempDir()
	st := runFiles(t, out, nil, grouperFixture)
	fs := st.Files[0]
	require.Equal(t, "grouper", fs.Layout)
	require.True(t, fs.Header)
	require.Equal(t, int64(14), fs.Rows, "one episode per input row")
	require.Equal(t, []string{"dummy_field"}, fs.IgnoredColumns)
	rows := dumpEpisodes(t, episodesFile(out))
	require.Len(t, rows, 14)

	reasons := map[string]string{}
	for _, r := range rows {
		if r["Reasons"] != "" {
			reasons[r["SourceRow"]] = r["Severity"] + " " + r["Reasons"]
		}
	}
	require.Equal(t, map[string]string{
		"5":  "error F02",         // CLASSPAT 10
		"6":  "error D06",         // blank primary diagnosis
		"7":  "warning A05",       // STARTAGE 999
		"8":  "error P03",         // EPIDUR abc
		"13": "error P01",         // 15 fields
		"14": "error P02,P01,D01", // stray quote
	}, reasons)
	require.Equal(t, int64(5), st.Errors)

	r := rows[2] // second episode of spell SP0002
	require.Equal(t, "RXX", r["PROCODET"])
	require.Equal(t, "SP0002", r["PROVSPNO"])
	require.Equal(t, "2", r["EPIORDER"])
	require.Equal(t, "E851", r["OPERTN_01"])
	require.Equal(t, "2", r["CRITICALCAREDAYS"])
	require.Equal(t, "0", rows[10]["EPIDUR"], "0.0 reads as 0")
	require.Equal(t, "999", rows[6]["STARTAGE"])
	require.Equal(t, "I10X", rows[12]["DIAG_01"], "a short row keeps the fields it has")
}

func TestRunGrouperLayoutWithoutHeaderAnd99CodeRDF(t *testing.T) {
	dir := t.TempDir()
	f, err := os.Open("rdf/Max_OPCS_and_ICD10.rdf")
	require.NoError(t, err)
	rdf, err := ParseRDF(f, "Max_OPCS_and_ICD10.rdf")
	require.NoError(t, err)
	require.NoError(t, f.Close())

	row := func(diag23 string) string {
		fields := make([]string, 215)
		copy(fields, strings.Split("RXX,SP"+diag23+",1,60,1,1,19,21,19,1,3,300,8,300", ","))
		fields[14], fields[15], fields[14+22] = "J18.9", "I10.X", diag23
		fields[113] = "E85.1"
		return strings.Join(fields, ",")
	}
	path := filepath.Join(dir, "wide.csv")
	require.NoError(t, os.WriteFile(path, []byte(row("")+"\n"+row("N17.9")+"\n"), 0o644))
	out := filepath.Join(dir, "out")
	st := runFiles(t, out, func(c *Config) { c.RDF, c.Layout = rdf, LayoutGrouper }, path)
	require.False(t, st.Files[0].Header)
	rows := dumpEpisodes(t, episodesFile(out))
	require.Len(t, rows, 2)
	require.Equal(t, "J189", rows[0]["DIAG_01"], "the RDF's '.' is stripped")
	require.Equal(t, "I10X", rows[0]["DIAG_02"])
	require.Equal(t, "E851", rows[0]["OPERTN_01"])
	require.NotContains(t, rows[0]["Reasons"], "P05")
	require.Equal(t, "P05", rows[1]["Reasons"], "DIAG_23 is beyond the 20 diagnoses hrgflow keeps")
}

func TestRunGzipDetectedByContent(t *testing.T) {
	dir := t.TempDir()
	raw, err := os.ReadFile(hesFixture)
	require.NoError(t, err)
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	_, err = zw.Write(raw)
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	path := filepath.Join(dir, "extract.dat") // no .gz in the name
	require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))

	outCSV, outGz := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	runFiles(t, outCSV, nil, hesFixture)
	st := runFiles(t, outGz, nil, path)
	require.Equal(t, "csv.gz", st.Files[0].Format)
	require.Equal(t, int64(2075), st.Rows)
	a, b := dumpEpisodes(t, episodesFile(outCSV)), dumpEpisodes(t, episodesFile(outGz))
	for i := range a {
		delete(a[i], "SourceFile")
		delete(b[i], "SourceFile")
	}
	require.Equal(t, a, b)
}

// TestRunParquetWrittenByDuckDB reads a Parquet file DuckDB wrote from the
// artificial extract (DATE, TIMESTAMP, SMALLINT, BIGINT and VARCHAR
// columns) and expects the same episodes as reading the CSV.
func TestRunParquetWrittenByDuckDB(t *testing.T) {
	dir := t.TempDir()
	outCSV, outPq := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	stCSV := runFiles(t, outCSV, nil, hesFixture)
	st := runFiles(t, outPq, func(c *Config) { c.BatchSize = 500 }, parquetFixture)
	require.Equal(t, "parquet", st.Files[0].Format)
	require.Equal(t, int64(2075), st.Rows)
	require.Equal(t, stCSV.Errors, st.Errors, "the same findings as reading the CSV")
	require.Equal(t, stCSV.Findings, st.Findings)
	a, b := dumpEpisodes(t, episodesFile(outCSV)), dumpEpisodes(t, episodesFile(outPq))
	for i := range a {
		delete(a[i], "SourceFile")
		delete(b[i], "SourceFile")
	}
	require.Equal(t, a, b)
}

func TestRunIdenticalForAnyWorkers(t *testing.T) {
	dir := t.TempDir()
	var sums []string
	for _, w := range []int{1, 4} {
		out := filepath.Join(dir, fmt.Sprint(w))
		runFiles(t, out, func(c *Config) { c.Workers, c.BatchSize, c.RowGroupSize = w, 97, 1000 }, hesFixture, grouperFixture, parquetFixture)
		snap := snapshot(t, out)
		delete(snap, "manifest.json") // run id and timings differ by design
		sums = append(sums, fmt.Sprint(snap))
	}
	require.Equal(t, sums[0], sums[1])
}

func TestFailedRunLeavesPreviousOutputs(t *testing.T) {
	out := t.TempDir()
	runFiles(t, out, nil, grouperFixture)
	before := snapshot(t, out)

	cfg := DefaultConfig()
	cfg.Inputs, cfg.OutDir = []string{hesFixture, filepath.Join(out, "missing.csv")}, out
	_, err := Run(context.Background(), cfg)
	require.ErrorContains(t, err, "missing.csv")
	require.Equal(t, before, snapshot(t, out))
	entries, err := os.ReadDir(out)
	require.NoError(t, err)
	require.Len(t, entries, 6, "episodes, spells, unbundled, quality, aggregates and manifest.json, and no staging folder left behind")
}

func TestRunCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	cfg := DefaultConfig()
	cfg.Inputs, cfg.OutDir = []string{hesFixture}, t.TempDir()
	_, err := Run(ctx, cfg)
	require.ErrorIs(t, err, context.Canceled)
	_, err = os.Stat(episodesFile(cfg.OutDir))
	require.ErrorIs(t, err, os.ErrNotExist)
}

// TestDuckDBReadsEpisodes checks the datasets with a real third-party
// reader: row counts, column types, and that quality joins back to
// episodes on file and row.
func TestDuckDBReadsEpisodes(t *testing.T) {
	out := t.TempDir()
	st := runFiles(t, out, nil, hesFixture)
	ep := interop.SQLString(filepath.Join(out, "episodes", "*", "*.parquet"))
	q := interop.SQLString(filepath.Join(out, "quality", "*.parquet"))
	res := interop.DuckDB(t, fmt.Sprintf(`
		CREATE VIEW e AS SELECT * FROM read_parquet(%s);
		CREATE VIEW q AS SELECT * FROM read_parquet(%s);
		SELECT (SELECT count(*) FROM e)::VARCHAR AS n,
		       (SELECT count(*) FROM q)::VARCHAR AS findings,
		       (SELECT count(*) FROM q LEFT JOIN e USING (SourceFile, SourceRow) WHERE e.EPIKEY IS NULL)::VARCHAR AS orphans,
		       (SELECT count(*) FROM e WHERE Severity = 'error')::VARCHAR AS errors,
		       string_agg(column_name || ':' || column_type, ',' ORDER BY column_name) AS types
		FROM (DESCRIBE e) WHERE column_name IN ('EPIKEY','ADMIDATE','STARTAGE','SourceRow','DIAG_01','OPDATE_24','ReasonCount')`, ep, q))
	require.Len(t, res.Rows, 1)
	require.Equal(t, []any{"2075", fmt.Sprint(st.Findings), "0", fmt.Sprint(st.Errors),
		"ADMIDATE:DATE,DIAG_01:VARCHAR,EPIKEY:VARCHAR,OPDATE_24:DATE,ReasonCount:INTEGER,STARTAGE:INTEGER,SourceRow:BIGINT"}, res.Rows[0])
}

// TestRunLeavesNoGoroutines checks that every stage exits, on success and
// on error.
func TestRunLeavesNoGoroutines(t *testing.T) {
	before := runtime.NumGoroutine()
	runFiles(t, t.TempDir(), nil, hesFixture)
	cfg := DefaultConfig()
	cfg.Inputs, cfg.OutDir = []string{hesFixture, "missing.csv"}, t.TempDir()
	_, err := Run(context.Background(), cfg)
	require.Error(t, err)
	after := runtime.NumGoroutine()
	for deadline := time.Now().Add(5 * time.Second); after > before && time.Now().Before(deadline); after = runtime.NumGoroutine() {
		time.Sleep(10 * time.Millisecond) // exiting goroutines may still be unwinding
	}
	require.LessOrEqual(t, after, before, "goroutines leaked")
}

func TestRunEmptyAndBlankLines(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.csv")
	require.NoError(t, os.WriteFile(empty, nil, 0o644))
	blanks := filepath.Join(dir, "blanks.csv")
	require.NoError(t, os.WriteFile(blanks, []byte("\r\nEPIKEY,ADMIDATE,DIAG_01\r\n1,2024-04-01,I10X\r\n\r\n  \r\n2,2024-04-02,J189"), 0o644))
	out := filepath.Join(dir, "out")
	st := runFiles(t, out, nil, empty, blanks)
	require.Equal(t, int64(0), st.Files[0].Rows)
	require.Equal(t, int64(2), st.Files[1].Rows)
	require.Equal(t, int64(3), st.Files[1].BlankLines)
	rows := dumpEpisodes(t, episodesFile(out))
	require.Len(t, rows, 2)
	require.Equal(t, "1", rows[0]["SourceRow"], "row numbers count data lines after the header")
	require.Equal(t, "4", rows[1]["SourceRow"], "blank lines keep their numbers so rows match the file")
	require.Equal(t, "J189", rows[1]["DIAG_01"], "a last line without a line ending is read")
}

// TestEveryFlaggedRowIsInQuality checks the row accounting: rows read =
// rows in episodes/, and every row with a finding has its findings in
// quality/, with the same count.
func TestEveryFlaggedRowIsInQuality(t *testing.T) {
	out := t.TempDir()
	st := runFiles(t, out, nil, hesFixture, grouperFixture)
	eps := dumpEpisodes(t, episodesFile(out))
	q := dumpQuality(t, out)
	require.Len(t, eps, int(st.Rows))
	require.Len(t, q, int(st.Findings))
	perRow := map[string]int{}
	for _, r := range q {
		perRow[r["SourceFile"]+":"+r["SourceRow"]]++
		require.NotEmpty(t, r["Reason"])
		require.Contains(t, []string{"error", "warning"}, r["Severity"])
		require.NotEmpty(t, r["Message"])
	}
	flagged := 0
	for _, e := range eps {
		n := perRow[e["SourceFile"]+":"+e["SourceRow"]]
		require.Equal(t, e["ReasonCount"], fmt.Sprint(n), "row %s", e["SourceRow"])
		if n > 0 {
			flagged++
			require.NotEmpty(t, e["Severity"])
		}
	}
	require.Equal(t, int(st.Errors+st.Warnings), flagged)
}

func TestManifest(t *testing.T) {
	out := t.TempDir()
	st := runFiles(t, out, nil, hesFixture, grouperFixture)
	data, err := os.ReadFile(filepath.Join(out, "manifest.json"))
	require.NoError(t, err)
	var m Manifest
	require.NoError(t, json.Unmarshal(data, &m))
	require.Equal(t, st.RunID, m.RunID)
	require.Len(t, m.Inputs, 2)
	raw, err := os.ReadFile(hesFixture)
	require.NoError(t, err)
	require.Equal(t, fmt.Sprintf("%x", sha256.Sum256(raw)), m.Inputs[0].SHA256)
	require.Equal(t, int64(len(raw)), m.Inputs[0].Bytes)
	require.Equal(t, int64(2075+14), m.Rows.Read)
	require.Equal(t, m.Rows.Read, m.Rows.Accepted+m.Rows.Rejected)
	require.Equal(t, "demo", m.Design.Name)
	require.Contains(t, m.Design.Notice, "NOT the official")
	require.Empty(t, m.Design.Path, "the embedded design has no folder")
	// The artificial extract is FY 2001/02 but for one row whose dates are
	// all sentinels (FYEAR null); the grouper-layout file has no dates.
	require.Equal(t, []ManifestOutput{
		{Path: "episodes/FYEAR=0102/part-00000.parquet", Rows: 2074},
		{Path: "episodes/FYEAR=__HIVE_DEFAULT_PARTITION__/part-00000.parquet", Rows: 1 + 14},
		{Path: "spells/FYEAR=0102/part-00000.parquet", Rows: 2074},
		{Path: "spells/FYEAR=__HIVE_DEFAULT_PARTITION__/part-00000.parquet", Rows: st.Spells - 2074},
		{Path: "unbundled/part-00000.parquet", Rows: st.Unbundled},
		{Path: "quality/part-00000.parquet", Rows: st.Findings},
		{Path: "aggregates/commissioning/part-00000.parquet", Rows: st.CommissioningRows},
		{Path: "aggregates/costing/part-00000.parquet", Rows: st.CostingRows},
	}, m.Outputs)
	var sum int64
	for _, r := range m.Reasons {
		sum += r.Findings
	}
	require.Equal(t, st.Findings, sum)
}

// TestAggregatesAddUp reads the cubes back with DuckDB and checks that
// they add up to the spells dataset: spells, episodes, bed days and money.
func TestAggregatesAddUp(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "gen.csv")
	writeGenerated(t, in, 3000)
	out := filepath.Join(dir, "out")
	runFiles(t, out, nil, in)
	q := func(p string) string { return interop.SQLString(filepath.Join(out, p, "*.parquet")) }
	res := interop.DuckDB(t, fmt.Sprintf(`
		SELECT (SELECT sum(Spells)::VARCHAR || '/' || sum(Episodes)::VARCHAR || '/' || sum(BedDays)::VARCHAR || '/' || coalesce(sum(TotalPricePence), 0)::VARCHAR FROM read_parquet(%s)),
		       (SELECT sum(Spells)::VARCHAR || '/' || sum(Episodes)::VARCHAR || '/' || sum(BedDays)::VARCHAR || '/' || coalesce(sum(TotalPricePence), 0)::VARCHAR FROM read_parquet(%s)),
		       (SELECT count(*)::VARCHAR || '/' || sum(SpellEpisodeCount)::VARCHAR || '/' || sum(PricingLOS)::VARCHAR || '/' || sum(TotalPricePence)::VARCHAR FROM read_parquet(%s))`,
		q("aggregates/commissioning"), q("aggregates/costing"), q("spells/*")))
	require.Len(t, res.Rows, 1)
	require.Equal(t, res.Rows[0][2], res.Rows[0][0], "commissioning cube adds up to spells/")
	require.Equal(t, res.Rows[0][2], res.Rows[0][1], "costing cube adds up to spells/")

	// Per commissioner too: spells/ carries the cube's Commissioner.
	byComm := interop.DuckDB(t, fmt.Sprintf(`
		SELECT count(*)::VARCHAR FROM (
		  SELECT Commissioner, sum(Spells) AS n, sum(TotalPricePence) AS p FROM read_parquet(%s) GROUP BY ALL) c
		FULL JOIN (
		  SELECT Commissioner, count(*) AS n, sum(TotalPricePence) AS p FROM read_parquet(%s) GROUP BY ALL) s
		ON c.Commissioner IS NOT DISTINCT FROM s.Commissioner
		WHERE c.n IS DISTINCT FROM s.n OR c.p IS DISTINCT FROM s.p`, q("aggregates/commissioning"), q("spells/*")))
	require.Equal(t, "0", byComm.Rows[0][0], "commissioners that differ between the cube and spells/")
	distinct := interop.DuckDB(t, fmt.Sprintf(`SELECT count(DISTINCT Commissioner)::VARCHAR FROM read_parquet(%s)`, q("spells/*")))
	require.NotEqual(t, "0", distinct.Rows[0][0])
}

// TestEveryDatasetReadByDuckDBAndPolars reads every dataset with both
// third-party readers and checks their row counts against the manifest.
func TestEveryDatasetReadByDuckDBAndPolars(t *testing.T) {
	out := t.TempDir()
	st := runFiles(t, out, func(c *Config) { c.Datasets = append(slices.Clone(c.Datasets), "cips") }, hesFixture, grouperFixture)
	data, err := os.ReadFile(filepath.Join(out, "manifest.json"))
	require.NoError(t, err)
	var m Manifest
	require.NoError(t, json.Unmarshal(data, &m))
	perDataset := map[string]int64{}
	var order []string
	for _, o := range m.Outputs {
		d := strings.Split(o.Path, "/FYEAR=")[0]
		d = strings.TrimSuffix(d, "/part-00000.parquet")
		if _, ok := perDataset[d]; !ok {
			order = append(order, d)
		}
		perDataset[d] += o.Rows
	}
	require.Equal(t, m.Rows.Read, perDataset["episodes"], "rows in episodes/ = rows read")
	require.Equal(t, perDataset["spells"], perDataset["cips"], "one cips row per spell")
	require.Equal(t, st.Spells, perDataset["cips"])
	var sqls []string
	for _, d := range order {
		glob := filepath.Join(out, d, "**", "*.parquet")
		sqls = append(sqls, fmt.Sprintf("SELECT count(*)::VARCHAR FROM read_parquet(%s, hive_partitioning = true)", interop.SQLString(glob)))
	}
	res := interop.DuckDBMulti(t, sqls)
	for i, d := range order {
		require.Equal(t, fmt.Sprint(perDataset[d]), res[i].Rows[0][0], "DuckDB rows of %s", d)
		p := interop.Polars(t, filepath.Join(out, d))
		require.Equal(t, int(perDataset[d]), p.Height, "polars rows of %s", d)
	}
}

// TestWriterFailureMidwayKeepsPreviousOutputs injects a writer failure
// after a few batches: the previous run's outputs stay as they were, no
// staging folder is left, and a rerun succeeds.
func TestWriterFailureMidwayKeepsPreviousOutputs(t *testing.T) {
	out := t.TempDir()
	runFiles(t, out, nil, grouperFixture)
	before := snapshot(t, out)
	cfg := DefaultConfig()
	cfg.Inputs, cfg.OutDir, cfg.BatchSize, cfg.failAfter = []string{hesFixture}, out, 100, 3
	_, err := Run(context.Background(), cfg)
	require.ErrorIs(t, err, errInjected)
	require.Equal(t, before, snapshot(t, out))
	st := runFiles(t, out, nil, hesFixture)
	require.Equal(t, int64(2075), st.Rows)
}

// snapshot maps every file under dir to its SHA-256.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	require.NoError(t, filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		m[rel] = fmt.Sprintf("%x", sha256.Sum256(data))
		return nil
	}))
	return m
}

// TestGrouperCSVExport writes the official grouper's file set for the
// grouper-layout fixture and checks its shape against the datasets.
func TestGrouperCSVExport(t *testing.T) {
	out := t.TempDir()
	st := runFiles(t, out, func(c *Config) { c.ExportGrouperCSV = true }, grouperFixture)
	read := func(suffix string) [][]string {
		data, err := os.ReadFile(filepath.Join(out, "grouper", "hrgflow"+suffix+".csv"))
		require.NoError(t, err)
		var rows [][]string
		for _, line := range strings.Split(strings.TrimRight(string(data), "\r\n"), "\r\n") {
			rows = append(rows, strings.Split(line, ","))
		}
		return rows
	}
	fce := read("_FCE")
	require.Len(t, fce, 1+14)
	require.Equal(t, []string{"PROCODET", "PROVSPNO", "EPIORDER"}, fce[0][:3])
	require.Equal(t, "RowNo", fce[0][43])
	require.Equal(t, "FCE_HRG", fce[0][44])
	eps := dumpEpisodes(t, episodesFile(out))
	col := map[string]int{}
	for i, h := range fce[0] {
		col[h] = i
	}
	for i, row := range fce[1:] {
		require.GreaterOrEqual(t, len(row), len(fce[0]), "row %d has every headed column", i+1)
		require.Equal(t, fmt.Sprint(i+1), row[43], "RowNo")
		require.Equal(t, eps[i]["FCE_HRG"], row[44])
		require.Equal(t, eps[i]["SpellHRG"], row[col["SpellHRG"]])
		require.Equal(t, eps[i]["CalcEpidur"], row[col["CalcEpidur"]])
		require.Equal(t, eps[i]["SpellLOS"], row[col["SpellLOS"]])
	}
	require.Len(t, read("_spell"), 1+int(st.Spells))
	require.Len(t, read("_quality_rel"), 1+int(st.Findings))
	require.Len(t, read("_ub_rel"), 1+int(st.Unbundled))
	summary := read("_summary")
	require.Equal(t, "14", summary[1][2])
	require.Equal(t, fmt.Sprint(st.Spells), summary[1][3])
}

// TestOutputPermissions checks that outputs, which hold patient-level
// data, are not world-readable: files 0640, folders 0750 (umask 022).
func TestOutputPermissions(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	runFiles(t, out, func(c *Config) { c.ExportGrouperCSV = true }, grouperFixture)
	n := 0
	require.NoError(t, filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if d.IsDir() {
			require.Zero(t, info.Mode().Perm()&0o027, "%s is %v", p, info.Mode().Perm())
		} else {
			require.Zero(t, info.Mode().Perm()&0o137, "%s is %v", p, info.Mode().Perm())
			n++
		}
		return nil
	}))
	require.Greater(t, n, 8)
}

// TestPseudonymise replaces patient identifiers with keyed pseudonyms:
// linkable (one patient, one pseudonym), stable across runs with the same
// key, different under another key, and no original identifier survives.
func TestPseudonymise(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "gen.csv")
	writeGenerated(t, in, 3000)
	run := func(out string, key string) []map[string]string {
		runFiles(t, out, func(c *Config) { c.PseudonymiseKey = []byte(key) }, in)
		return dumpEpisodes(t, episodesFile(out))
	}
	plain := dumpEpisodes(t, episodesFile(func() string { o := filepath.Join(dir, "p"); runFiles(t, o, nil, in); return o }()))
	a := run(filepath.Join(dir, "a"), "0123456789abcdef-secret")
	b := run(filepath.Join(dir, "b"), "0123456789abcdef-secret")
	c := run(filepath.Join(dir, "c"), "another key, 16+ bytes")
	pseudonymOf := map[string]string{}
	for i := range plain {
		orig, p := plain[i]["PSEUDO_HESID"], a[i]["PSEUDO_HESID"]
		require.Len(t, p, 64)
		require.NotEqual(t, orig, p)
		require.Equal(t, p, b[i]["PSEUDO_HESID"], "the same key gives the same pseudonym")
		require.NotEqual(t, p, c[i]["PSEUDO_HESID"], "another key gives another pseudonym")
		if prev, ok := pseudonymOf[orig]; ok {
			require.Equal(t, prev, p, "one patient, one pseudonym")
		}
		pseudonymOf[orig] = p
		require.Equal(t, plain[i]["SpellRow"], a[i]["SpellRow"], "spells are assembled on the original identifiers")
	}
	for _, s := range dumpDataset(t, filepath.Join(dir, "a", "spells"), spellFields()) {
		_, original := pseudonymOf[s["PSEUDO_HESID"]]
		require.False(t, original, "spells/ holds an original identifier")
		require.Len(t, s["PSEUDO_HESID"], 64)
	}
	cfg := DefaultConfig()
	cfg.Inputs, cfg.OutDir, cfg.PseudonymiseKey = []string{in}, t.TempDir(), []byte("short")
	_, err := Run(context.Background(), cfg)
	require.ErrorIs(t, err, ErrShortKey)
}

// TestPublishPutsThePreviousOutputBack: when the new output cannot be
// renamed into place, the previous one is renamed back, whole.
func TestPublishPutsThePreviousOutputBack(t *testing.T) {
	out := t.TempDir()
	stage := filepath.Join(out, ".stage")
	require.NoError(t, os.Mkdir(stage, 0o750))
	require.NoError(t, os.Mkdir(filepath.Join(out, "spells"), 0o750))
	prev := filepath.Join(out, "spells", "part-00000.parquet")
	require.NoError(t, os.WriteFile(prev, []byte("previous"), 0o600))
	err := Publish(stage, out, []string{"spells"}) // stage holds no spells/
	require.ErrorContains(t, err, "publishing spells")
	data, rerr := os.ReadFile(prev)
	require.NoError(t, rerr)
	require.Equal(t, "previous", string(data))
}
