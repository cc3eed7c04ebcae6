// Package codelist compiles the ICD-10 and OPCS-4 reference tables that
// validation and grouping look codes up in.
//
// It sits between the raw code lists and their users: package refdata (or
// a licensed NHS TRUD file the user supplies) → codelist → the validator
// and the grouper. Codes are first normalised and packed by
// schemas.NormalizeICD10 and schemas.NormalizeOPCS4; a Table then answers,
// for a packed code, with small structs from dense slices:
//
//   - ICD10Info: whether the code is valid as it stands, whether it lacks a
//     5th character, its dagger or asterisk usage, and its sex and age
//     limits with the basis of each (the TRUD file or the project's table);
//   - Category and SubdividedCategory: whether a 3-character category is
//     undivided (I10, coded I10X) or needs a 4th character (I21, where I21X
//     is invalid);
//   - OPCS4Info: whether the code is valid, a Y/Z subsidiary code or one of
//     the X99.7–X99.9 placeholders.
//
// Build once, look up many: Default, Build and LoadFiles do all parsing and
// indexing and return an immutable *Table that is safe for concurrent use;
// lookups are a few nanoseconds and allocate nothing. Titles are kept in
// maps for display, off the hot path.
//
// Sources. Default uses the embedded UK Biobank lists (package refdata),
// which hold no dagger, sex or age metadata, plus the project's own sex and
// age table in data/restrictions.csv (see data/README.md for its basis).
// LoadICD10TRUD and LoadOPCS4TRUD read the licensed TRUD files when a user
// supplies them; the interpretation of the TRUD ICD-10 metadata columns is
// documented on LoadICD10TRUD. Problems in any file are *TableError values
// naming file, line and column.
package codelist
