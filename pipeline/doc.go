// Package pipeline runs hrgflow's batch job: it reads APC episode files,
// decodes them into [schemas.Episode] records and writes the output
// datasets as Parquet.
//
// It sits between the command line (cmd/hrgflow) and the grouping engine
// (package grouper). A run is one errgroup of stages that exchange pooled
// batches of a few thousand rows:
//
//	reader (one goroutine: splits input into batches of raw rows)
//	  → workers (a fixed pool: decode fields into typed episodes)
//	  → ordered writer (one goroutine: writes batches in input order)
//
// Validation, spell building, grouping and pricing plug into the worker
// stage as later capabilities land; today the stage list is only as long as
// what exists.
//
// Inputs are detected by content: gzip-compressed CSV, Parquet (any scalar
// column types, read with arrow-go's pqarrow) or plain CSV; and by first
// row: a HES extract (a header of HES field names in any order) or the
// official HRG4+ grouper's APC layout (columns by the positions of a record
// definition file, with or without a header). Bad data is data: a row with
// the wrong field count, broken quoting or an unreadable number or date is
// kept, marked in its ParseError column, and counted. Only I/O, layout and
// Parquet failures stop a run.
//
// Outputs are written in a staging folder inside the output folder and
// renamed into place when the run succeeds, so a failed run leaves the
// previous outputs as they were. The same inputs give byte-identical files
// for any number of workers.
package pipeline
