package interop

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// Column is one result column: its name and the reader's type name
// (DuckDB: "INTEGER", "DATE", "DECIMAL(10,2)"; polars: "Int32", "Date").
type Column struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

// Result is what one DuckDB script returned.
//
// Rows holds one []any per row, cells in column order, as decoded by
// encoding/json with UseNumber: NULL is nil, BOOLEAN is bool, every number
// is a json.Number holding the exact text (BIGINT, HUGEINT and DECIMAL
// included), VARCHAR, DATE ("2006-01-02"), TIME and TIMESTAMP
// ("2006-01-02 15:04:05") are string, LIST is []any and STRUCT is
// map[string]any. Inside a LIST or STRUCT, 64-bit and wider integers and
// decimals are strings. NaN and infinities are the strings "NaN", "Infinity"
// and "-Infinity".
type Result struct {
	Columns []Column `json:"columns"`
	Rows    [][]any  `json:"rows"`
}

// DuckDB runs sql in a new in-memory DuckDB (threads=2) in one node process
// and returns the result of its last statement. sql may hold several
// statements separated by semicolons; they run in order in the same database.
// Relative paths in sql resolve against the test's working directory (the
// package directory under go test).
//
// Any DuckDB error ends the test with DuckDB's message. When node or the npm
// packages are missing the test is skipped, or fails under HRGFLOW_INTEROP=1
// or CI=true. Each call costs a node start-up; see the package documentation.
func DuckDB(t testing.TB, sql string) Result {
	t.Helper()
	rt := need(t, duckdbPackage)
	out := rt.run(t, "duckdb_query.mjs", []byte(sql))
	var r Result
	if err := decode(out, &r); err != nil {
		t.Fatalf("interop: decode DuckDB result: %v\noutput:\n%s", err, clip(out, 2000))
	}
	return r
}

// DuckDBMulti runs each script in turn in one node process and one in-memory
// DuckDB, and returns one Result per script: the result of that script's last
// statement. Later scripts see tables and views earlier ones created. It fails
// and skips as DuckDB does; a failing script is named by its index.
func DuckDBMulti(t testing.TB, scripts []string) []Result {
	t.Helper()
	rt := need(t, duckdbPackage)
	in, err := json.Marshal(scripts)
	if err != nil {
		t.Fatalf("interop: encode scripts: %v", err)
	}
	out := rt.run(t, "duckdb_query.mjs", in, "--multi")
	var rs []Result
	if err := decode(out, &rs); err != nil {
		t.Fatalf("interop: decode DuckDB results: %v\noutput:\n%s", err, clip(out, 2000))
	}
	if len(rs) != len(scripts) {
		t.Fatalf("interop: %d DuckDB results for %d scripts", len(rs), len(scripts))
	}
	return rs
}

// SQLString quotes s as a SQL string literal, for putting a path into a
// query: fmt.Sprintf("SELECT count(*) FROM read_parquet(%s)", SQLString(p)).
func SQLString(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// decode reads exactly one JSON value from out into v, keeping number text.
func decode(out []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(out))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("trailing data after JSON value")
	}
	return nil
}
