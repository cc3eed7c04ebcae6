package synth

import "math/rand/v2"

// choice draws one of a fixed set of values with fixed integer weights.
// Tables are built once at package initialisation and never modified.
type choice[T any] struct {
	vals []T
	cum  []uint32
}

func newChoice[T any](vals []T, weights ...uint32) choice[T] {
	if len(vals) != len(weights) {
		panic("synth: choice table with unequal lengths") // programming error in a literal table
	}
	cum := make([]uint32, len(weights))
	var sum uint32
	for i, w := range weights {
		sum += w
		cum[i] = sum
	}
	return choice[T]{vals: vals, cum: cum}
}

func (c *choice[T]) pick(r *rand.Rand) T {
	x := r.Uint32N(c.cum[len(c.cum)-1])
	for i, s := range c.cum {
		if x < s {
			return c.vals[i]
		}
	}
	return c.vals[len(c.vals)-1]
}

// ageBand is an age range in whole years, inclusive.
type ageBand struct{ lo, hi int }

// Shares are per mille unless said otherwise. They approximate the shape
// of English HES APC data, not any published figure.
var (
	// ageBands skews the patient pool towards the elderly, with a bump for
	// infants; newborns come from birth spells instead.
	ageBands = newChoice([]ageBand{
		{0, 0}, {1, 4}, {5, 14}, {15, 24}, {25, 34}, {35, 44},
		{45, 54}, {55, 64}, {65, 74}, {75, 84}, {85, 94}, {95, 104},
	}, 40, 30, 40, 60, 90, 90, 110, 140, 160, 150, 80, 10)

	sexes = newChoice([]byte{'1', '2', '9'}, 485, 513, 2)

	ethnicities = newChoice([]string{
		"A", "B", "C", "D", "E", "F", "G", "H", "J", "K", "L", "M", "N", "P", "R", "S", "Z", "99",
	}, 700, 10, 60, 5, 5, 5, 5, 25, 25, 10, 15, 5, 15, 5, 5, 20, 50, 35)

	electiveMethods  = newChoice([]string{"11", "12", "13"}, 600, 200, 200)
	emergencyMethods = newChoice([]string{"21", "22", "23", "24", "28", "2A", "2B", "2D"},
		650, 100, 10, 50, 40, 30, 30, 90)

	// electiveClasses: day case, ordinary, regular day and night attender.
	electiveClasses = newChoice([]byte{'2', '1', '3', '4'}, 850, 100, 40, 10)

	admissionSources = newChoice([]string{"19", "29", "51", "55", "56", "87"},
		940, 15, 15, 15, 10, 5)

	// dischargeMethods for survivors: 6 and 7 (self-discharge, relative)
	// are valid from 2022/23; 2 was retired then.
	dischargeMethods = newChoice([]byte{'1', '3', '6', '7'}, 970, 5, 20, 5)

	destinations = newChoice([]string{"19", "29", "51", "55", "56", "87", "88"},
		900, 20, 30, 20, 15, 5, 5)

	siteSuffixes = newChoice([]string{"00", "01", "02", "03", "04"}, 750, 120, 70, 40, 20)
)

// specialty is a consultant main specialty and the treatment function
// recorded with it.
type specialty struct {
	main, tret string
	female     bool // gynaecology and obstetrics
}

var (
	adultSpecialties = newChoice([]specialty{
		{"300", "300", false}, {"300", "326", false}, {"430", "430", false},
		{"320", "320", false}, {"340", "340", false}, {"301", "301", false},
		{"100", "100", false}, {"100", "104", false}, {"101", "101", false},
		{"110", "110", false}, {"120", "120", false}, {"130", "130", false},
		{"140", "140", false}, {"160", "160", false}, {"303", "303", false},
		{"370", "370", false}, {"800", "800", false}, {"361", "361", false},
		{"400", "400", false}, {"302", "302", false}, {"330", "330", false},
		{"410", "410", false}, {"180", "180", false}, {"502", "502", true},
	}, 120, 40, 80, 50, 40, 60, 70, 20, 50, 80, 30, 60, 10, 10, 30, 30, 30, 20, 10, 10, 10, 10, 30, 40)

	paediatrics = specialty{"420", "420", false}
	wellBabies  = specialty{"420", "424", false}
	obstetrics  = specialty{"501", "501", true}
)
