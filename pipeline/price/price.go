package price

import (
	"fmt"
	"strings"
)

// Rules are the pricing choices that the national rules leave open or that
// a user may want to switch off. Rules is a plain value; DefaultRules gives
// the defaults.
type Rules struct {
	// ApplySSEM turns on the reduced short-stay emergency adjustment.
	ApplySSEM bool
	// SSEMMinAge is the youngest age at admission, in years, the
	// short-stay emergency adjustment applies to. The default, 19, is the
	// adult-only reading of public implementations of the 2017/19 rules
	// (DOMAIN §6.5). One implementation applies it to patients under 19
	// instead (citing NTPS para 54b); that reading is SSEMMinAge 0 with
	// SSEMMaxAge 18. The question is unresolved: confirm against the
	// NHSPS year in force.
	SSEMMinAge int
	// SSEMMaxAge is the oldest age the adjustment applies to; negative
	// means no upper bound (the default).
	SSEMMaxAge int
	// ApplyExcessBedDays turns on the long-stay payment for days beyond
	// the trim point.
	ApplyExcessBedDays bool
	// RegularAttendersAsDayCase prices regular day and night attenders
	// (RDA, RNA) as day cases. Off by default: they have no national
	// price and are normally priced locally, so they are not_priced_pod.
	RegularAttendersAsDayCase bool
}

// DefaultRules returns the default rules: short-stay emergency adjustment
// on for ages 19 and over, excess bed days on, regular attenders not
// priced.
func DefaultRules() Rules {
	return Rules{ApplySSEM: true, SSEMMinAge: 19, SSEMMaxAge: -1, ApplyExcessBedDays: true}
}

// UnbundledInput is one unbundled HRG of a spell.
type UnbundledInput struct {
	// HRG is the unbundled HRG code; the zero value is skipped.
	HRG [5]byte
	// Multiplier is the number of units (days of rehabilitation or
	// palliative care, the "*5" of the grouper's output); 0 or less
	// counts as 1.
	Multiplier int32
}

// SpellInput is what Price needs to know about a spell.
type SpellInput struct {
	// HRG is the spell's core HRG.
	HRG [5]byte
	// POD is the spell's point of delivery (see PointOfDelivery).
	POD POD
	// LOS is the length of stay in days that pricing counts (see
	// PointOfDelivery); negative means unknown.
	LOS int32
	// AgeYears is the age at admission in whole years; -1 means unknown.
	AgeYears int
	// Provider is the provider code the MFF index is looked up by.
	Provider string
	// Unbundled lists the spell's unbundled HRGs. Price only reads it.
	Unbundled []UnbundledInput
}

// Breakdown is a spell's price, component by component, in pence.
//
// Total = (core + UnbundledPayment) × MFF index, rounded half up to the
// penny, where core is ShortStayPrice when ShortStayAdjusted, else Base +
// ExcessPayment; MFFAdjustment = Total − (core + UnbundledPayment). When
// Status is not_priced_hrg or not_priced_pod, Base, ExcessPayment,
// ShortStayPrice, MFFAdjustment and Total are 0 and mean "no price"
// (writers should store nulls); UnbundledPayment is still computed so its
// value stays visible, but it is not added to a Total that would then look
// like the spell's price.
type Breakdown struct {
	// Status says whether the core HRG was priced.
	Status PriceStatus
	// Notes records the decisions and fallbacks taken.
	Notes Note
	// Base is the price of the POD's column, before any adjustment.
	Base Pence
	// ExcessBedDays counts the days beyond the POD's trim point. It is
	// counted whenever the trim point is known, even without a per-day
	// price.
	ExcessBedDays int32
	// ExcessPayment is ExcessBedDays × the per-day long-stay payment.
	ExcessPayment Pence
	// ShortStayAdjusted says the reduced short-stay emergency price
	// replaced Base (and any excess payment).
	ShortStayAdjusted bool
	// ShortStayPrice is the reduced short-stay emergency price, 0 when not
	// adjusted.
	ShortStayPrice Pence
	// UnbundledPayment is the sum of the unbundled HRGs' prices.
	UnbundledPayment Pence
	// MFFIndexPPM is the provider's MFF index in parts per million.
	MFFIndexPPM int64
	// MFFAdjustment is what the MFF index added (negative when the index
	// is below 1.0).
	MFFAdjustment Pence
	// Total is the spell's payment.
	Total Pence
}

// uz01z is "Data Invalid for Grouping", priced 0 by definition.
var uz01z = [5]byte{'U', 'Z', '0', '1', 'Z'}

// Price prices a spell: base price by point of delivery, excess bed days,
// reduced short-stay emergency adjustment, unbundled HRGs and MFF, as the
// package documentation describes. mff may be nil (index 1.0 for every
// provider). Price allocates nothing and, as t and mff are immutable, is
// safe for concurrent use.
func (t *Table) Price(in SpellInput, mff *MFF, rules Rules) Breakdown {
	b := Breakdown{MFFIndexPPM: UnitIndexPPM}
	if mff != nil {
		ppm, found := mff.Index(in.Provider)
		b.MFFIndexPPM = ppm
		if !found {
			b.Notes |= NoteMFFDefault
		}
	}
	b.UnbundledPayment = t.unbundled(in.Unbundled, &b.Notes)
	core := t.core(in, rules, &b)
	if !b.Status.Priced() {
		return b
	}
	sub := addSat(core, b.UnbundledPayment)
	b.Total = scaleRound(sub, b.MFFIndexPPM)
	b.MFFAdjustment = b.Total - sub
	return b
}

// core sets the status, base, excess and short-stay fields of b and
// returns the core price.
func (t *Table) core(in SpellInput, rules Rules, b *Breakdown) Pence {
	if in.HRG == uz01z {
		b.Status = StatusUngroupable
		return 0
	}
	p, ok := t.Lookup(in.HRG)
	if !ok {
		b.Status = StatusNotPricedHRG
		return 0
	}
	pod := in.POD
	if rules.RegularAttendersAsDayCase && (pod == PODRegularDay || pod == PODRegularNight) {
		pod = PODDayCase
	}
	base, trim := basePrice(p, pod, &b.Notes)
	if !base.Valid() {
		b.Status = StatusNotPricedPOD
		return 0
	}
	b.Base, b.Status = base, StatusPriced
	if base == 0 {
		b.Status = StatusZeroPrice
	}
	if in.LOS < 0 {
		b.Notes |= NoteLOSUnknown
		return base
	}
	if rules.ApplySSEM && pod.emergency() && in.LOS <= 1 && p.SSEMApplies && rules.ssemAge(in.AgeYears, &b.Notes) {
		switch {
		case p.SSEMPrice.Valid():
			b.ShortStayAdjusted, b.ShortStayPrice = true, p.SSEMPrice
		case p.SSEMPercentPPM >= 0:
			b.ShortStayAdjusted, b.ShortStayPrice = true, scaleRound(base, p.SSEMPercentPPM)
		default:
			b.Notes |= NoteSSEMNoValue
		}
		if b.ShortStayAdjusted {
			return b.ShortStayPrice
		}
	}
	if rules.ApplyExcessBedDays {
		excess(p, trim, in.LOS, b)
	}
	return addSat(base, b.ExcessPayment)
}

// basePrice returns the price and trim point of pod's columns, noting a
// fallback to the combined column. The price is NoPrice when pod has none.
func basePrice(p Prices, pod POD, notes *Note) (Pence, int32) {
	switch {
	case pod == PODDayCase || pod == PODElective:
		price := p.DayCase
		if pod == PODElective {
			price = p.Elective
		}
		if !price.Valid() && p.Combined.Valid() {
			price = p.Combined
			*notes |= NoteCombined
		}
		return price, p.ElectiveTrim
	case pod.nonElective():
		return p.NonElective, p.NonElectiveTrim
	}
	return NoPrice, NoTrimPoint
}

// excess counts the days of a known los beyond trim and pays them at the
// per-day price.
func excess(p Prices, trim, los int32, b *Breakdown) {
	if trim < 0 {
		if los > 0 {
			b.Notes |= NoteNoTrimPoint
		}
		return
	}
	if los <= trim {
		return
	}
	b.ExcessBedDays = los - trim
	if !p.PerDay.Valid() {
		b.Notes |= NoteNoPerDay
		return
	}
	b.ExcessPayment = mulSat(p.PerDay, int64(b.ExcessBedDays))
}

// ssemAge reports whether age (years, -1 unknown) is inside the rules'
// short-stay emergency age bounds. An unknown age passes only when there
// are no bounds; otherwise it is noted.
func (r Rules) ssemAge(age int, notes *Note) bool {
	if r.SSEMMinAge <= 0 && r.SSEMMaxAge < 0 {
		return true
	}
	if age < 0 {
		*notes |= NoteSSEMAgeUnknown
		return false
	}
	return age >= r.SSEMMinAge && (r.SSEMMaxAge < 0 || age <= r.SSEMMaxAge)
}

// unbundledPrice returns the price an unbundled HRG is paid at: the first
// present of the combined, elective, day case and non-elective prices.
func unbundledPrice(p Prices) Pence {
	for _, v := range [...]Pence{p.Combined, p.Elective, p.DayCase, p.NonElective} {
		if v.Valid() {
			return v
		}
	}
	return NoPrice
}

// unbundled sums the prices of the unbundled HRGs, each times its
// multiplier, noting any it cannot price.
func (t *Table) unbundled(us []UnbundledInput, notes *Note) Pence {
	var sum Pence
	for _, u := range us {
		if u.HRG == ([5]byte{}) {
			continue
		}
		p, ok := t.Lookup(u.HRG)
		v := unbundledPrice(p)
		if !ok || !v.Valid() {
			*notes |= NoteUnbundledNotPriced
			continue
		}
		sum = addSat(sum, mulSat(v, max(int64(u.Multiplier), 1)))
	}
	return sum
}

// String returns a one-line dump of b for logs, explain and tests:
// "priced base=£927.00 excess=0d/£0.00 ssem=no/£0.00 unbundled=£0.00
// mff=1.000000/£0.00 total=£927.00", with "notes=…" when there are any.
func (b Breakdown) String() string {
	var s strings.Builder
	ssem := "no"
	if b.ShortStayAdjusted {
		ssem = "yes"
	}
	fmt.Fprintf(&s, "%s base=%s excess=%dd/%s ssem=%s/%s unbundled=%s mff=%d.%06d/%s total=%s",
		b.Status, b.Base, b.ExcessBedDays, b.ExcessPayment, ssem, b.ShortStayPrice, b.UnbundledPayment,
		b.MFFIndexPPM/UnitIndexPPM, b.MFFIndexPPM%UnitIndexPPM, b.MFFAdjustment, b.Total)
	if b.Notes != 0 {
		s.WriteString(" notes=" + b.Notes.String())
	}
	return s.String()
}
