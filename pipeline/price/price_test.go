package price

import (
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The rows of testdata/compact.csv the examples use (prices in £, trim
// points in days):
//
//	AA01A combined 1,234  NE 2,000.50  trim EL 5 / NE 10  per day 250     SSEM Yes 75%
//	AA01B DC 800  EL 1,100  NE 1,500   trim EL 3 / NE 8   per day 200.25  SSEM No
//	AA01C NE 3,000  no trim points, no per day            SSEM Yes, price 1,100
//	BB02A combined 1,000 only
//	CC03A DC 927  EL 1,063  NE 4,567.89  trim EL 4 / NE 12  per day 333.33  SSEM Yes 52.5%
//	DD04A EL 500  trim EL 2, no per day
//	EE05A NE 600  SSEM Yes, neither percentage nor price
//	LA97A, SB97Z, UZ01Z priced 0;  SB12Z combined 350;  VC01Z NE 125.50;  XD01Z no price
//
// testdata/mff.csv: RAA 1.0234, RBB 0.9995, RCC 1, RDD 1.000001, RHH 0.9925.

// spell is a SpellInput with an adult age and the compact fixture's codes.
func spell(code string, pod POD, los int32, unb ...UnbundledInput) SpellInput {
	return SpellInput{HRG: hrg(code), POD: pod, LOS: los, AgeYears: 40, Unbundled: unb}
}

// ub is an unbundled HRG.
func ub(code string, mult int32) UnbundledInput {
	return UnbundledInput{HRG: hrg(code), Multiplier: mult}
}

// priced is the Breakdown of a priced spell at MFF 1.0, with Total filled
// in by the caller.
func priced(base Pence) Breakdown {
	return Breakdown{Status: StatusPriced, Base: base, MFFIndexPPM: UnitIndexPPM}
}

type priceCase struct {
	name     string
	in       SpellInput
	provider string // looked up in testdata/mff.csv when set
	rules    func(*Rules)
	want     Breakdown
}

// with returns b changed by f, to write the expected breakdowns inline.
func with(b Breakdown, f func(*Breakdown)) Breakdown {
	f(&b)
	return b
}

var priceCases = []priceCase{
	// Base price by point of delivery.
	{name: "DC day case price", in: spell("CC03A", PODDayCase, 0),
		// DC column: £927 = 92,700p.
		want: with(priced(92700), func(b *Breakdown) { b.Total = 92700 })},
	{name: "EL elective price", in: spell("CC03A", PODElective, 2),
		// EL column £1,063; LOS 2 ≤ trim 4: no excess.
		want: with(priced(106300), func(b *Breakdown) { b.Total = 106300 })},
	{name: "DC from combined", in: spell("AA01A", PODDayCase, 0),
		// No DC price: combined £1,234.
		want: with(priced(123400), func(b *Breakdown) { b.Total = 123400; b.Notes = NoteCombined })},
	{name: "EL from combined", in: spell("BB02A", PODElective, 1),
		// No EL price: combined £1,000; LOS 1 but no trim point.
		want: with(priced(100000), func(b *Breakdown) { b.Total = 100000; b.Notes = NoteCombined | NoteNoTrimPoint })},
	{name: "NE non-elective price", in: spell("AA01B", PODNonElective, 8),
		// NE £1,500; LOS 8 = trim 8: no excess.
		want: with(priced(150000), func(b *Breakdown) { b.Total = 150000 })},
	{name: "MAT priced as NE, never SSEM", in: spell("AA01A", PODMaternity, 1),
		// NE £2,000.50, flagged SSEM but maternity is not an emergency POD.
		want: with(priced(200050), func(b *Breakdown) { b.Total = 200050 })},

	// Excess bed days.
	{name: "EL excess bed days", in: spell("AA01B", PODElective, 6),
		// (6 − EL trim 3) = 3 days × £200.25 = £600.75; £1,100 + £600.75 = £1,700.75.
		want: with(priced(110000), func(b *Breakdown) { b.ExcessBedDays = 3; b.ExcessPayment = 60075; b.Total = 170075 })},
	{name: "NE excess bed days", in: spell("AA01A", PODNonElective, 14),
		// (14 − NE trim 10) = 4 days × £250 = £1,000; £2,000.50 + £1,000 = £3,000.50.
		want: with(priced(200050), func(b *Breakdown) { b.ExcessBedDays = 4; b.ExcessPayment = 100000; b.Total = 300050 })},
	{name: "DC uses the elective trim point", in: spell("AA01B", PODDayCase, 4),
		// (4 − EL trim 3) = 1 day × £200.25; £800 + £200.25 = £1,000.25.
		want: with(priced(80000), func(b *Breakdown) { b.ExcessBedDays = 1; b.ExcessPayment = 20025; b.Total = 100025 })},
	{name: "OTH excess at the NE trim point", in: spell("AA01A", PODOtherNonElective, 11),
		// (11 − 10) = 1 day × £250; £2,000.50 + £250 = £2,250.50.
		want: with(priced(200050), func(b *Breakdown) { b.ExcessBedDays = 1; b.ExcessPayment = 25000; b.Total = 225050 })},
	{name: "excess counted without a per-day price", in: spell("DD04A", PODElective, 5),
		// (5 − 2) = 3 days counted, no per-day price: paid £0; total £500.
		want: with(priced(50000), func(b *Breakdown) { b.ExcessBedDays = 3; b.Total = 50000; b.Notes = NoteNoPerDay })},
	{name: "excess switched off", in: spell("AA01B", PODElective, 6), rules: func(r *Rules) { r.ApplyExcessBedDays = false },
		want: with(priced(110000), func(b *Breakdown) { b.Total = 110000 })},
	{name: "no trim point", in: spell("AA01C", PODNonElective, 5),
		want: with(priced(300000), func(b *Breakdown) { b.Total = 300000; b.Notes = NoteNoTrimPoint })},
	{name: "unknown LOS", in: spell("AA01A", PODNonElective, -1),
		// No excess and no SSEM can be judged: the NE price alone.
		want: with(priced(200050), func(b *Breakdown) { b.Total = 200050; b.Notes = NoteLOSUnknown })},

	// Reduced short-stay emergency.
	{name: "SSEM by percentage", in: spell("AA01A", PODNonElectiveShortStay, 1),
		// 75% × £2,000.50 = 150,037.5p → half up 150,038p.
		want: with(priced(200050), func(b *Breakdown) { b.ShortStayAdjusted = true; b.ShortStayPrice = 150038; b.Total = 150038 })},
	{name: "SSEM by percentage, rounding down", in: SpellInput{HRG: hrg("CC03A"), POD: PODNonElectiveShortStay, AgeYears: 19},
		// Age 19 is the minimum. 52.5% × 456,789p = 239,814.225p → 239,814p.
		want: with(priced(456789), func(b *Breakdown) { b.ShortStayAdjusted = true; b.ShortStayPrice = 239814; b.Total = 239814 })},
	{name: "SSEM by price", in: spell("AA01C", PODNonElectiveShortStay, 0),
		// The SSEM price £1,100 replaces the NE price £3,000.
		want: with(priced(300000), func(b *Breakdown) { b.ShortStayAdjusted = true; b.ShortStayPrice = 110000; b.Total = 110000 })},
	{name: "SSEM flagged without values", in: spell("EE05A", PODNonElectiveShortStay, 0),
		want: with(priced(60000), func(b *Breakdown) { b.Total = 60000; b.Notes = NoteSSEMNoValue })},
	{name: "SSEM not under the minimum age", in: SpellInput{HRG: hrg("AA01A"), POD: PODNonElectiveShortStay, LOS: 1, AgeYears: 18},
		want: with(priced(200050), func(b *Breakdown) { b.Total = 200050 })},
	{name: "SSEM not for an unknown age", in: SpellInput{HRG: hrg("AA01A"), POD: PODNonElectiveShortStay, LOS: 1, AgeYears: -1},
		want: with(priced(200050), func(b *Breakdown) { b.Total = 200050; b.Notes = NoteSSEMAgeUnknown })},
	{name: "SSEM not for elective", in: spell("AA01A", PODElective, 0),
		// Elective LOS 0: combined £1,234, no adjustment.
		want: with(priced(123400), func(b *Breakdown) { b.Total = 123400; b.Notes = NoteCombined })},
	{name: "SSEM not at LOS 2", in: spell("AA01A", PODNonElective, 2),
		want: with(priced(200050), func(b *Breakdown) { b.Total = 200050 })},
	{name: "SSEM switched off", in: spell("AA01A", PODNonElectiveShortStay, 1), rules: func(r *Rules) { r.ApplySSEM = false },
		want: with(priced(200050), func(b *Breakdown) { b.Total = 200050 })},
	{name: "SSEM under-19 reading applies at 18",
		in:    SpellInput{HRG: hrg("AA01A"), POD: PODNonElectiveShortStay, LOS: 1, AgeYears: 18},
		rules: func(r *Rules) { r.SSEMMinAge, r.SSEMMaxAge = 0, 18 },
		want:  with(priced(200050), func(b *Breakdown) { b.ShortStayAdjusted = true; b.ShortStayPrice = 150038; b.Total = 150038 })},
	{name: "SSEM under-19 reading not at 19",
		in:    SpellInput{HRG: hrg("AA01A"), POD: PODNonElectiveShortStay, LOS: 1, AgeYears: 19},
		rules: func(r *Rules) { r.SSEMMinAge, r.SSEMMaxAge = 0, 18 },
		want:  with(priced(200050), func(b *Breakdown) { b.Total = 200050 })},
	{name: "SSEM without age bounds ignores an unknown age",
		in:    SpellInput{HRG: hrg("AA01A"), POD: PODNonElectiveShortStay, LOS: 0, AgeYears: -1},
		rules: func(r *Rules) { r.SSEMMinAge = 0 },
		want:  with(priced(200050), func(b *Breakdown) { b.ShortStayAdjusted = true; b.ShortStayPrice = 150038; b.Total = 150038 })},

	// Market forces factor.
	{name: "MFF rounds to the penny", in: spell("CC03A", PODNonElective, 3), provider: "RAA",
		// 456,789p × 1.0234 = 467,477.8626p → 467,478p; adjustment 10,689p.
		want: with(priced(456789), func(b *Breakdown) { b.MFFIndexPPM = 1_023_400; b.MFFAdjustment = 10689; b.Total = 467478 })},
	{name: "MFF rounds half up", in: spell("AA01A", PODDayCase, 0), provider: "RHH",
		// 123,400p × 0.9925 = 122,474.5p → 122,475p; adjustment −925p.
		want: with(priced(123400), func(b *Breakdown) {
			b.Notes = NoteCombined
			b.MFFIndexPPM = 992_500
			b.MFFAdjustment = -925
			b.Total = 122475
		})},
	{name: "MFF below one", in: spell("AA01A", PODDayCase, 0), provider: "rbb",
		// 123,400p × 0.9995 = 123,338.3p → 123,338p; adjustment −62p.
		want: with(priced(123400), func(b *Breakdown) {
			b.Notes = NoteCombined
			b.MFFIndexPPM = 999_500
			b.MFFAdjustment = -62
			b.Total = 123338
		})},
	{name: "MFF multiplies the whole", in: spell("AA01B", PODElective, 6, ub("SB12Z", 1)), provider: "RAA01",
		// (£1,100 + 3 × £200.25 + £350) = 205,075p × 1.0234 = 209,873.755p → 209,874p.
		want: with(priced(110000), func(b *Breakdown) {
			b.ExcessBedDays, b.ExcessPayment = 3, 60075
			b.UnbundledPayment = 35000
			b.MFFIndexPPM, b.MFFAdjustment, b.Total = 1_023_400, 4799, 209874
		})},
	{name: "MFF unknown provider", in: spell("CC03A", PODDayCase, 0), provider: "RZZ",
		want: with(priced(92700), func(b *Breakdown) { b.Total = 92700; b.Notes = NoteMFFDefault })},

	// Unbundled HRGs.
	{name: "unbundled with multipliers",
		in: spell("CC03A", PODDayCase, 0, ub("SB12Z", 1), ub("VC01Z", 5), ub("XD01Z", 1), ub("SB12Z", 0), UnbundledInput{}, ub("ZZ99Z", 2)),
		// SB12Z combined £350 × 1 = 35,000p; VC01Z NE-only £125.50 × 5 = 62,750p; XD01Z no price: noted;
		// SB12Z × 0 counts once: 35,000p; the zero HRG is skipped; ZZ99Z not in the table: noted.
		// Unbundled 132,750p; total 92,700p + 132,750p = 225,450p.
		want: with(priced(92700), func(b *Breakdown) {
			b.UnbundledPayment = 132750
			b.Total = 225450
			b.Notes = NoteUnbundledNotPriced
		})},

	// Not priced, ungroupable and zero prices.
	{name: "HRG not in the table", in: spell("ZZ99Z", PODNonElective, 2, ub("SB12Z", 1)),
		// No price: Total 0; the unbundled £350 is shown but not totalled.
		want: Breakdown{Status: StatusNotPricedHRG, UnbundledPayment: 35000, MFFIndexPPM: UnitIndexPPM}},
	{name: "no price for the POD", in: spell("BB02A", PODNonElective, 2),
		want: Breakdown{Status: StatusNotPricedPOD, MFFIndexPPM: UnitIndexPPM}},
	{name: "regular attender not priced", in: spell("BB02A", PODRegularDay, 0),
		want: Breakdown{Status: StatusNotPricedPOD, MFFIndexPPM: UnitIndexPPM}},
	{name: "unknown POD not priced", in: spell("CC03A", PODUnknown, 0),
		want: Breakdown{Status: StatusNotPricedPOD, MFFIndexPPM: UnitIndexPPM}},
	{name: "regular attender as day case", in: spell("BB02A", PODRegularNight, 0),
		rules: func(r *Rules) { r.RegularAttendersAsDayCase = true },
		want:  with(priced(100000), func(b *Breakdown) { b.Total = 100000; b.Notes = NoteCombined })},
	{name: "UZ01Z ungroupable", in: spell("UZ01Z", PODNonElective, 3),
		want: Breakdown{Status: StatusUngroupable, MFFIndexPPM: UnitIndexPPM}},
	{name: "UZ01Z still pays unbundled", in: spell("UZ01Z", PODNonElective, 3, ub("SB12Z", 1)), provider: "RAA",
		// 35,000p × 1.0234 = 35,819p.
		want: Breakdown{Status: StatusUngroupable, UnbundledPayment: 35000, MFFIndexPPM: 1_023_400, MFFAdjustment: 819, Total: 35819}},
	{name: "zero-priced HRG", in: spell("LA97A", PODDayCase, 0),
		want: Breakdown{Status: StatusZeroPrice, MFFIndexPPM: UnitIndexPPM}},
	{name: "zero-priced HRG paid through unbundled", in: spell("SB97Z", PODDayCase, 0, ub("SB12Z", 3)),
		// £0 + 3 × £350 = 105,000p.
		want: Breakdown{Status: StatusZeroPrice, UnbundledPayment: 105000, MFFIndexPPM: UnitIndexPPM, Total: 105000}},
}

func TestPriceExamples(t *testing.T) {
	tab := loadFile(t, "compact.csv")
	mff := loadMFF(t)
	for _, c := range priceCases {
		t.Run(c.name, func(t *testing.T) {
			rules := DefaultRules()
			if c.rules != nil {
				c.rules(&rules)
			}
			var m *MFF
			if c.provider != "" {
				m = mff
				c.in.Provider = c.provider
			}
			got := tab.Price(c.in, m, rules)
			require.Equal(t, c.want, got, "%s", got)
			if got.Status.Priced() {
				core := got.Base + got.ExcessPayment
				if got.ShortStayAdjusted {
					core = got.ShortStayPrice
				}
				require.Equal(t, got.Total, core+got.UnbundledPayment+got.MFFAdjustment, "components add up")
			} else {
				require.Zero(t, got.Total)
			}
			require.Zero(t, testing.AllocsPerRun(20, func() { tab.Price(c.in, m, rules) }))
		})
	}
}

func TestPriceUZ01ZWithoutRow(t *testing.T) {
	tab, err := LoadTable(strings.NewReader("hrg,combined\nAA01A,1\n"), "p.csv")
	require.NoError(t, err)
	b := tab.Price(spell("UZ01Z", PODElective, 0), nil, DefaultRules())
	require.Equal(t, StatusUngroupable, b.Status)
}

func TestPriceSaturates(t *testing.T) {
	tab, err := LoadTable(strings.NewReader("hrg,combined,elective_trim_point,per_day\nAA01A,10000000,0,10000000\n"), "p.csv")
	require.NoError(t, err)
	many := make([]UnbundledInput, 10)
	for i := range many {
		many[i] = ub("AA01A", math.MaxInt32)
	}
	b := tab.Price(spell("AA01A", PODElective, math.MaxInt32, many...), nil, DefaultRules())
	require.Equal(t, Pence(math.MaxInt64), b.UnbundledPayment)
	require.Equal(t, Pence(math.MaxInt64), b.Total, "saturates, never wraps")

	require.Equal(t, Pence(math.MaxInt64), scaleRound(math.MaxInt64, 2*UnitIndexPPM))
	require.Equal(t, Pence(math.MaxInt64/2+1), scaleRound(math.MaxInt64, UnitIndexPPM/2)) // …807 / 2 = …403.5 → up
}

// benchSpells is a deterministic mix of spells over the default table.
func benchSpells(b *testing.B, tab *Table) []SpellInput {
	var hrgs [][5]byte
	for h := range tab.All() {
		hrgs = append(hrgs, h)
	}
	pods := []POD{PODDayCase, PODElective, PODNonElective, PODNonElectiveShortStay, PODMaternity, PODRegularDay}
	provs := []string{"RAA", "RBB01", "RZZ", "rhh"}
	unb := []UnbundledInput{ub("SB12Z", 1), ub("XD01Z", 3)}
	spells := make([]SpellInput, 4096)
	for i := range spells {
		spells[i] = SpellInput{
			HRG: hrgs[(i*7919)%len(hrgs)], POD: pods[i%len(pods)], LOS: int32(i % 17), AgeYears: i % 90,
			Provider: provs[i%len(provs)],
		}
		if i%5 == 0 {
			spells[i].Unbundled = unb
		}
	}
	return spells
}

func BenchmarkPrice(b *testing.B) {
	tab, err := Default()
	require.NoError(b, err)
	mff := loadMFF(b)
	spells := benchSpells(b, tab)
	rules := DefaultRules()
	b.ReportAllocs()
	var sum Pence
	i := 0
	for b.Loop() {
		sum += tab.Price(spells[i%len(spells)], mff, rules).Total
		i++
	}
	b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "spells/s")
	if sum < 0 {
		b.Fatal("negative total")
	}
}
