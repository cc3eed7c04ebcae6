// Package synth generates deterministic synthetic HES admitted patient care
// (APC) episodes as CSV in the layout of a HES APC extract. It backs the
// "hrgflow gen" command and feeds the rest of the pipeline with test and
// benchmark input: the CSV it writes is what the reader, validation,
// spell building and grouping stages consume.
//
// The data is shaped like the real thing (see shared/DOMAIN.md sections 2
// and 3): provider spells of one or more consultant episodes that share
// patient, provider, admission date and SUSSPELLID; contiguous episode
// dates; discharge fields on the last episode only; realistic admission
// method, patient classification and age mixes; ICD-10 and OPCS-4 codes
// drawn with a skewed frequency from package refdata and kept consistent
// with the patient's sex and age; providers and GP practices from the ODS
// files. A patient's spells never overlap, and nobody is admitted after
// dying.
//
// A configurable share of episodes (Config.BadRate) carries one deliberate
// error each, of one of the kinds listed by BadKind, so that validation has
// something to find. Every row keeps the right number of fields. Bad values
// are drawn from their own random stream: the same Config with a different
// BadRate produces the same episodes apart from the corrupted fields.
//
// Output is a pure function of Config: the same Config gives byte-identical
// CSV on every run and platform. Generate runs on one goroutine, writes
// through a bufio.Writer with hand-formatted fields and allocates nothing
// per episode once started.
package synth
