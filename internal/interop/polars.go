package interop

import "testing"

// PolarsResult is what nodejs-polars saw when it scanned a Parquet path.
type PolarsResult struct {
	// Height is the number of rows.
	Height int `json:"height"`
	// Schema maps column name to polars dtype name ("Int32", "Date",
	// "String", "Decimal(10,2)", "Datetime(us,)").
	Schema map[string]string `json:"schema"`
	// Columns repeats Schema in the reader's column order.
	Columns []Column `json:"columns"`
}

// Polars scans path with nodejs-polars in one node process and returns the
// row count and schema. path is a Parquet file, a directory or a glob such as
// dir+"/**/*.parquet"; key=value directories become columns (hive
// partitioning), whose types polars infers from the directory names. It fails
// and skips as DuckDB does.
func Polars(t testing.TB, path string) PolarsResult {
	t.Helper()
	rt := need(t, polarsPackage)
	out := rt.run(t, "polars_read.mjs", nil, path)
	var r PolarsResult
	if err := decode(out, &r); err != nil {
		t.Fatalf("interop: decode polars result: %v\noutput:\n%s", err, clip(out, 2000))
	}
	return r
}
