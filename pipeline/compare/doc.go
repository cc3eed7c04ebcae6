// Package compare reconciles two sets of grouped and priced admitted
// patient care spells, spell by spell, and explains each difference: the
// engine of `hrgflow compare LEFT RIGHT --out DIR` (issue #9).
//
// # Where it sits
//
// compare runs after the pipeline, on its outputs or on someone else's: an
// hrgflow run folder (spells/ and episodes/ read back with parquet-go), the
// official HRG4+ grouper's `_FCE` and `_spell` CSV files (or hrgflow's
// `--export grouper-csv` copy of them), a HES extract carrying SUS-assigned
// HRGs (SUSHRG, SUSCOREHRG), or a commissioner statement or SLAM extract
// (CSV or xlsx) read through a small TOML column map. Each reader turns its
// side into the same Side of Spell records (with their Episodes when the
// side has them), so the matcher and the classifier never know where a
// side came from. Workspace.Open detects the kind; Compare matches,
// classifies and summarises; LoadTraces adds grouping traces of hrgflow
// run sides; Write writes the diff/, summary/, agreement/ and movers/
// datasets documented in docs/outputs.md, with the dataset writer the run
// uses.
//
// # Memory
//
// Memory is bounded whatever the sides' size. Readers stream (CSV one
// record at a time, Parquet by column projection) and write compact spell
// records (symbols from a string table shared by both sides, packed codes,
// dates as days, varints) to temporary files of the Workspace: rows are
// assembled into spells in partitions by a hash of their link (assemble.go),
// and the sides are compared in partitions by a hash of the spell key
// (compare.go), each about Workspace.PartitionBytes of records. Differences
// are spooled to a temporary file and streamed into diff/; the summary
// cells and movers are summed as they are found.
//
// # Matching
//
// Spells are matched on the first spell key that at least 95% of the
// spells of both sides carry (spells without it are unmatched), in this
// order: PROCODET + PROVSPNO, PROVSPNO, SUSSPELLID, patient +
// provider + ADMIDATE, and the official grouper's RowNo (the row of the
// spell's first episode, which an hrgflow run reproduces from SourceFile and
// SpellRow when its input was read in order). Repeated keys are paired in
// order. Within a matched spell, episodes are paired by EPIKEY when both
// sides carry it, else by position (EPIORDER, then input order). Within a
// partition, left spells are taken in input order; diff/ lists them so,
// partition by partition.
//
// # Causes
//
// Each matched spell's differences are found field by field, over the
// fields both sides carry, and the spell gets one cause, the first that
// holds: unmatched, coding, dates_los, pod, design, price_table (see
// Cause). Codes are compared over the diagnosis and procedure positions
// both sides carry (the official layout has 14 and 12).
//
// # Money
//
// Money is integer pence, right minus left. A matched spell's price
// difference sits on its TotalPricePence row, an unmatched spell's whole
// total on its Spell row, so diff/ ValuePence sums to the right side's total
// minus the left side's, exactly.
//
// Nothing here logs patient-level values; the outputs hold spell keys and
// codes, as the run's own datasets do.
package compare
