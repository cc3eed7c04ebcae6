// Package validate is hrgflow's validation stage: the catalogue of
// clinical-coding and data-quality rules and the validator that applies
// them to each episode.
//
// It sits in the worker stage of package pipeline, after decoding and
// before spell building and grouping. For every episode it normalises the
// diagnosis and procedure codes (keeping the raw values), then runs every
// rule of the catalogue and appends one [Finding] per failed rule: all
// failures of a row are reported, not just the first. A finding of
// severity error means the episode cannot be grouped (it will group to
// UZ01Z); a warning means it is grouped but flagged. Nothing is dropped.
//
// Each rule has a stable reason code (D03, T02, …), a severity, the field
// it concerns, a value class and a message a clinical coder can act on.
// docs/validation.md is generated from the catalogue.
//
// [New] compiles what the rules look up into flat tables (per packed
// ICD-10 code, one byte naming its usability and sex and age limits; per
// coded field, financial year and value, the rule to report), so that
// validating an episode needs no map, no calendar conversion and no string
// building unless a rule fails or a code was normalised.
//
// A [Validator] is immutable after [New] and safe for concurrent use; the
// findings slice and the string arena it appends to belong to the caller.
// Validating an episode allocates nothing.
package validate

//go:generate go run ./internal/gendoc
