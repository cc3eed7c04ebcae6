package codelist

import (
	"github.com/hrgflow/hrgflow/schemas"
)

// Sex is the patient sex an ICD-10 code is restricted to.
type Sex uint8

// The sex restrictions.
const (
	// SexAny means the code suits patients of either sex.
	SexAny Sex = iota
	// SexMale means the code is for male patients only.
	SexMale
	// SexFemale means the code is for female patients only.
	SexFemale
)

// String returns "any", "male" or "female".
func (s Sex) String() string {
	switch s {
	case SexAny:
		return "any"
	case SexMale:
		return "male"
	case SexFemale:
		return "female"
	}
	return "Sex(?)"
}

// Usage is how the NHS ICD-10 5th Edition marks a code in the dagger and
// asterisk (aetiology and manifestation) convention. Only the TRUD file
// says; with the embedded lists every code is UsageNone (see
// Table.UsageKnown).
type Usage uint8

// The usages.
const (
	// UsageNone means neither dagger nor asterisk, or not known.
	UsageNone Usage = iota
	// UsageDagger marks an aetiology code, one that an asterisk code may
	// follow.
	UsageDagger
	// UsageAsterisk marks a manifestation code, which must never be used
	// alone and follows its dagger code.
	UsageAsterisk
)

// String returns "none", "dagger" or "asterisk".
func (u Usage) String() string {
	switch u {
	case UsageNone:
		return "none"
	case UsageDagger:
		return "dagger"
	case UsageAsterisk:
		return "asterisk"
	}
	return "Usage(?)"
}

// Basis says where a restriction came from, so that a validator can report
// it with the right confidence.
type Basis uint8

// The bases.
const (
	// BasisNone means there is no restriction of that kind.
	BasisNone Basis = iota
	// BasisTRUD means the restriction is the licensed NHS TRUD ICD-10
	// file's.
	BasisTRUD
	// BasisProject means the restriction is the project's own table,
	// data/restrictions.csv, a best understanding rather than an official
	// source.
	BasisProject
)

// String returns "none", "trud" or "project".
func (b Basis) String() string {
	switch b {
	case BasisNone:
		return "none"
	case BasisTRUD:
		return "trud"
	case BasisProject:
		return "project"
	}
	return "Basis(?)"
}

// NoMaxAge is ICD10Info.MaxAge when a code has a minimum age but no
// maximum.
const NoMaxAge = 999

// ICD10Info is what a Table knows about one packed ICD-10 code. The zero
// value describes a code that is not in the classification and has no
// restrictions.
type ICD10Info struct {
	// Valid reports that the code may be recorded as it stands: it is in
	// the classification and not subdivided further (A000, I10X, M8040;
	// not I21X, J960 or M804).
	Valid bool
	// Parent reports that the classification subdivides the code at the
	// 5th character (J960 has J9600…J9609; M804 has M8040…M8049). A code
	// with Parent and without Valid lacks its 5th character.
	Parent bool
	// Usage is the code's dagger or asterisk convention (TRUD file only).
	Usage Usage
	// Sex is the sex the code is restricted to, SexAny for none.
	Sex Sex
	// SexBasis says where the sex restriction came from; BasisNone when
	// Sex is SexAny.
	SexBasis Basis
	// MinAge is the youngest patient age, in whole years, the code suits;
	// meaningful only when HasAgeLimit reports true.
	MinAge int
	// MaxAge is the oldest patient age, in whole years and inclusive, the
	// code suits, NoMaxAge when open; meaningful only when HasAgeLimit
	// reports true.
	MaxAge int
	// AgeBasis says where the age limits came from; BasisNone when the
	// code has none.
	AgeBasis Basis
}

// HasAgeLimit reports whether the code is restricted to an age range.
func (i ICD10Info) HasAgeLimit() bool { return i.AgeBasis != BasisNone }

// AgeAllowed reports whether a patient aged years (whole years; negative
// when not known) may have the code: true when the code has no age limit
// or the age is not known.
func (i ICD10Info) AgeAllowed(years int) bool {
	return !i.HasAgeLimit() || years < 0 || (years >= i.MinAge && years <= i.MaxAge)
}

// SexAllowed reports whether a patient of sex s may have the code; SexAny
// stands for a patient whose sex is not known or not specified, who passes.
func (i ICD10Info) SexAllowed(s Sex) bool {
	return i.Sex == SexAny || s == SexAny || s == i.Sex
}

// CategoryKind says how the classification divides a 3-character category.
type CategoryKind uint8

// The category kinds.
const (
	// CategoryUnknown means the category is not in the classification
	// (A10, for example).
	CategoryUnknown CategoryKind = iota
	// CategoryUndivided means the category has no 4th-character
	// subdivisions and is coded with the X filler (I10X, R69X, M45X0).
	CategoryUndivided
	// CategorySubdivided means a 4th character is required (I21 needs
	// I210…I219; I21X is invalid).
	CategorySubdivided
)

// String returns "unknown", "undivided" or "subdivided".
func (k CategoryKind) String() string {
	switch k {
	case CategoryUnknown:
		return "unknown"
	case CategoryUndivided:
		return "undivided"
	case CategorySubdivided:
		return "subdivided"
	}
	return "CategoryKind(?)"
}

// OPCS4Info is what a Table knows about one packed OPCS-4 code. The zero
// value describes a code that is not in the classification.
type OPCS4Info struct {
	// Valid reports that the code is in the classification.
	Valid bool
	// Subsidiary reports a code of the Y (method) or Z (site) chapters,
	// which qualifies the procedure before it and is never primary. It is
	// set for every Y and Z code, valid or not.
	Subsidiary bool
	// Placeholder reports X99.7, X99.8 and X99.9, legacy codes that record
	// that no procedure, or no codable procedure, was performed; HES
	// treats them as placeholders, not procedures.
	Placeholder bool
}

// Table is a compiled set of reference code tables: per packed ICD-10 and
// OPCS-4 code, whether it is valid and what restrictions apply, plus the
// titles. Build it once with Default, Build or LoadFiles; it is immutable
// afterwards and safe for concurrent use by any number of goroutines. The
// lookups ICD10, OPCS4, Category and SubdividedCategory are a few
// nanoseconds and do not allocate.
type Table struct {
	// icdIdx maps a packed ICD-10 code to its entry in icdInfos; most
	// codes share a handful of distinct infos, so the dense part is two
	// bytes a code.
	icdIdx   []uint16
	icdInfos []ICD10Info
	cats     []CategoryKind // by schemas.ICD10.CategoryIndex
	opcs     []OPCS4Info    // by schemas.OPCS4

	icdTitles  map[schemas.ICD10]string
	catTitles  map[int]string // by category index
	opcsTitles map[schemas.OPCS4]string

	usageKnown bool
	source     string
}

// ICD10 returns what the table knows about c. Out-of-range codes get the
// zero ICD10Info.
func (t *Table) ICD10(c schemas.ICD10) ICD10Info {
	if uint(c) >= uint(len(t.icdIdx)) {
		return ICD10Info{}
	}
	return t.icdInfos[t.icdIdx[c]]
}

// Category returns how the classification divides c's 3-character
// category.
func (t *Table) Category(c schemas.ICD10) CategoryKind {
	k := c.CategoryIndex()
	if k < 0 || k >= len(t.cats) {
		return CategoryUnknown
	}
	return t.cats[k]
}

// SubdividedCategory reports whether c's 3-character category needs a 4th
// character: true for any code of I21 (so I21 and I21X are errors), false
// for I10 (I10X is the code) and for categories not in the classification.
func (t *Table) SubdividedCategory(c schemas.ICD10) bool {
	return t.Category(c) == CategorySubdivided
}

// OPCS4 returns what the table knows about c. Out-of-range codes get the
// zero OPCS4Info.
func (t *Table) OPCS4(c schemas.OPCS4) OPCS4Info {
	if uint(c) >= uint(len(t.opcs)) {
		return OPCS4Info{}
	}
	return t.opcs[c]
}

// ICD10Title returns the title of code c ("Essential (primary)
// hypertension" for I10X), or "" when the table has none. Codes that are
// not valid on their own may still have titles (J960 "Acute respiratory
// failure").
func (t *Table) ICD10Title(c schemas.ICD10) string { return t.icdTitles[c] }

// CategoryTitle returns the title of c's 3-character category ("Acute
// myocardial infarction" for any code of I21), or "".
func (t *Table) CategoryTitle(c schemas.ICD10) string { return t.catTitles[c.CategoryIndex()] }

// OPCS4Title returns the title of c ("Hemispherectomy" for A011), or "".
func (t *Table) OPCS4Title(c schemas.OPCS4) string { return t.opcsTitles[c] }

// UsageKnown reports whether the ICD-10 source recorded dagger and
// asterisk usage (the TRUD file does, the embedded list does not), that
// is whether ICD10Info.Usage can be trusted to be UsageNone.
func (t *Table) UsageKnown() bool { return t.usageKnown }

// Source describes what the table was built from, for logs and run
// summaries: file names, code counts and the basis of the restrictions.
func (t *Table) Source() string { return t.source }
