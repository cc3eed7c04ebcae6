// Package interop is a test-only helper that runs real third-party readers
// against hrgflow's Parquet outputs, so a test can check that what the
// pipeline wrote reads back elsewhere with the expected rows and types.
//
// # Where it sits
//
// hrgflow's data flow ends at Parquet files (hive key=value directories
// allowed). The tests of pipeline and cmd write such outputs into
// t.TempDir() and then ask this package what DuckDB or polars makes of them.
// Nothing outside _test.go files imports it: it takes a testing.TB and ends
// the test on error.
//
// # Readers
//
// DuckDB runs SQL in a fresh in-memory DuckDB (npm @duckdb/node-api, 2
// threads) and returns columns with DuckDB type names and rows decoded with
// json.Decoder.UseNumber (see Result for the value mapping). Polars scans a
// file, directory or glob with nodejs-polars and returns the row count and
// schema. Each call runs one node process on a script in
// internal/interop/node (duckdb_query.mjs, polars_read.mjs); both scripts
// also run by hand, which helps when a test fails. Relative paths in SQL or
// in Polars' path resolve against the test's working directory. Calls share
// nothing, so they are safe in parallel tests. Each is bounded by Timeout.
//
// # Setup and skipping
//
// The npm packages are pinned in internal/interop/node/package.json and
// package-lock.json and installed by `make interop-deps` (npm ci, ~3 s,
// skipped while node_modules is newer than the lock file); the folder is
// found by walking up from the working directory to go.mod, so any package
// of the module can use it. When node or node_modules is missing the test is
// skipped with that instruction, unless HRGFLOW_INTEROP=1 or CI=true, where
// it fails instead: CI must run `make interop-deps` before go test.
//
// Pinned: @duckdb/node-api 1.5.5-r.5 (DuckDB 1.5.5), nodejs-polars 0.25.2
// and its Linux binary nodejs-polars-linux-x64-gnu 0.25.2. Newer releases
// (1.5.6-r.1, 0.26.1) also read hrgflow-style files in earlier trials, but
// the registry this project reaches lacks their builds for some other
// platforms, and npm 11.16 and later then reject their own lock file in
// `npm ci` ("Missing: …@ from lock file", npm/cli#9846). Move up once either
// is fixed and `npm ci` passes on the new lock file. The polars
// binary is a plain dependency, not left to nodejs-polars' optional ones,
// because it declares node >= 22 and npm silently drops an optional package
// whose engine does not match; on node 20 npm only warns (EBADENGINE) and the
// binary works. This makes the install Linux x64 glibc only, the project's
// machine kind.
//
// # Cost: batch checks into one call
//
// Every call starts node and loads a native library: on the project machine
// (2 cores) a DuckDB call costs ~0.35 s (node ~0.07 s, loading DuckDB
// ~0.22 s, a small query a few ms; counting and summing a 1M-row file
// ~0.4 s in all), a Polars call ~0.25 s. So put several checks into one
// call: a DuckDB script may hold many statements (their result is the last
// one's), one query can return many checks as columns, and DuckDBMulti runs
// several scripts in one process and database at ~0.35 s in total, with each
// extra script costing milliseconds. BenchmarkDuckDB measures both.
package interop
