// Package grouper assigns Healthcare Resource Groups (HRGs) to episodes
// and spells with a compiled decision table, the way NHS England's HRG4+
// grouper does (docs/design-format.md describes the design format and the
// algorithm; DOMAIN.md §4 the official grouper).
//
// It sits in the middle of hrgflow's data flow, cmd → pipeline → grouper →
// schemas: the pipeline validates each schemas.Episode (filling the packed
// codes e.ICD and e.OPCS and the severity), builds spells, and calls the
// grouper; the grouper reads only the episode record and its own table.
//
// # Designs and tables
//
// A design is a folder of CSV tables plus manifest.json: which root each
// diagnosis and procedure leads to, procedure hierarchies, pre-grouping
// rules (burns, multiple trauma), CC lists and exclusions per subchapter,
// split rules per root, and unbundled HRGs. Load (or LoadDir) reads a
// folder into a Design, checking every row and naming file, line and
// column on error. Compile checks the rows against each other (unknown
// HRGs, codes mapped twice, roots without split rules, unreachable rules,
// gaps) and indexes them into a Table:
//
//	d, err := grouper.LoadDir("designs/2024")
//	tab, warnings, err := grouper.Compile(d)
//
// Compile once, evaluate many, as with regexp. A Table is flat data: dense
// slices indexed by packed ICD-10 and OPCS-4 code (a diagnosis class, a CC
// profile and an exclusion group per ICD-10 code; a procedure row list and
// an unbundled rule list per OPCS-4 code) and rules as small structs linked
// by index. Dump prints it for golden tests and `hrgflow design dump`;
// Check serves `hrgflow design check`.
//
// # Grouping
//
// GroupEpisode groups one episode into an EpisodeResult (HRG, method flag,
// dominant procedure, CC score, CalcEpidur, unbundled HRGs); GroupSpell
// groups a spell's episodes, in EPIORDER, into a SpellResult from their
// episode results. Both overwrite the result they are given and allocate
// nothing, so a worker reuses its results across millions of records.
//
// A Table is immutable and safe for concurrent use: share one across all
// workers. A Trace, passed to record why each decision was taken, belongs
// to one goroutine; a nil *Trace costs nothing. Trace.WriteText renders it
// in words a clinical coder can check (`hrgflow explain`).
//
// # The demo design
//
// Demo returns the design embedded in the binary. It is illustrative, not
// the official NHS HRG4+ design: its tables were written for hrgflow from
// public information, and its notice says so wherever results are shown.
// Users holding NHS England's licensed Code to Group workbook convert it
// into the same tables and pass the folder with --design. The expressive
// design under testdata/grouper/expressive proves that the format can say
// each construct the official logic needs.
package grouper
