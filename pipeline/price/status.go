package price

import "strings"

// PriceStatus says whether and how a spell's core HRG was priced. The zero
// value is StatusNotPricedHRG, so a Breakdown never claims a price it was
// not given.
type PriceStatus uint8

// The price statuses; String gives the names in parentheses.
const (
	// StatusNotPricedHRG (not_priced_hrg): the HRG is not in the table.
	StatusNotPricedHRG PriceStatus = iota
	// StatusNotPricedPOD (not_priced_pod): the table lists the HRG but has
	// no price for the spell's point of delivery (a missing cell, a
	// regular attender, an unknown POD).
	StatusNotPricedPOD
	// StatusUngroupable (ungroupable): the HRG is UZ01Z, data invalid for
	// grouping, whose price is 0 by definition.
	StatusUngroupable
	// StatusZeroPrice (zero_price): the table prices the HRG at 0 for the
	// POD (LA97A, PB03Z, RD97Z, RN97Z, SB97Z, SC97Z in 2024/25).
	StatusZeroPrice
	// StatusPriced (priced): a price was found and applied.
	StatusPriced
	numStatuses
)

// statusNames are the String forms, indexed by PriceStatus.
var statusNames = [numStatuses]string{"not_priced_hrg", "not_priced_pod", "ungroupable", "zero_price", "priced"}

// String returns the status name: priced, not_priced_hrg, not_priced_pod,
// ungroupable or zero_price.
func (s PriceStatus) String() string {
	if s >= numStatuses {
		return "unknown"
	}
	return statusNames[s]
}

// Priced reports whether the spell has a price, possibly 0: every status
// but the two not-priced ones.
func (s PriceStatus) Priced() bool { return s >= StatusUngroupable }

// Note is a set of remarks on how a spell was priced: the decisions a
// finance user reconciling a price needs to see. The zero value is no
// remark.
type Note uint16

// The notes; String gives the names in parentheses.
const (
	// NoteCombined (combined): a day case or elective spell was priced from
	// the combined day case / ordinary elective column.
	NoteCombined Note = 1 << iota
	// NoteMFFDefault (mff_default): the provider is not in the MFF table,
	// so the default index 1.0 was used. Not set when no MFF table was
	// given.
	NoteMFFDefault
	// NoteNoTrimPoint (no_trim_point): the table has no trim point for the
	// POD, so no excess bed days were counted.
	NoteNoTrimPoint
	// NoteNoPerDay (no_per_day): excess bed days were counted but the
	// table has no per-day price, so they were not paid.
	NoteNoPerDay
	// NoteLOSUnknown (los_unknown): the length of stay was negative
	// (unknown): no excess bed days, no short-stay adjustment.
	NoteLOSUnknown
	// NoteSSEMAgeUnknown (ssem_age_unknown): the short-stay emergency
	// adjustment would have been considered but the age is unknown.
	NoteSSEMAgeUnknown
	// NoteSSEMNoValue (ssem_no_value): the HRG is flagged for the
	// short-stay emergency adjustment but the table gives neither its
	// price nor its percentage.
	NoteSSEMNoValue
	// NoteUnbundledNotPriced (unbundled_not_priced): at least one
	// unbundled HRG is not in the table or has no price; it adds nothing.
	NoteUnbundledNotPriced
)

// noteNames are the String forms, in bit order.
var noteNames = [...]string{"combined", "mff_default", "no_trim_point", "no_per_day",
	"los_unknown", "ssem_age_unknown", "ssem_no_value", "unbundled_not_priced"}

// Has reports whether every note of o is in n.
func (n Note) Has(o Note) bool { return n&o == o }

// String returns the notes' names joined by "|", "" for none.
func (n Note) String() string {
	var b strings.Builder
	for i, name := range noteNames {
		if n&(1<<i) == 0 {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('|')
		}
		b.WriteString(name)
	}
	return b.String()
}
