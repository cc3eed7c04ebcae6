package synth

import (
	"errors"
	"fmt"
	"math"
	"time"
)

// ErrConfig is wrapped by the error Generate and Config.Validate return
// for an unusable Config.
var ErrConfig = errors.New("synth: invalid config")

// Config says what Generate produces. The zero value is not usable; start
// from DefaultConfig.
type Config struct {
	// Episodes is the number of episode rows to write.
	Episodes int
	// Seed selects the data set: the same Config always yields the same
	// bytes.
	Seed uint64
	// BadRate is the share of episodes, 0 to 1, that carry one deliberate
	// error each.
	BadRate float64
	// FirstAdmission and LastAdmission bound the admission dates,
	// inclusive. Only their calendar dates (year, month, day in their own
	// location) are used. Episodes may end after LastAdmission.
	FirstAdmission, LastAdmission time.Time
}

// DefaultConfig returns a Config for 100,000 episodes with seed 1, 1% bad
// episodes and admissions across financial year 2024/25 (1 April 2024 to
// 31 March 2025).
func DefaultConfig() Config {
	return Config{
		Episodes:       100_000,
		Seed:           1,
		BadRate:        0.01,
		FirstAdmission: time.Date(2024, time.April, 1, 0, 0, 0, 0, time.UTC),
		LastAdmission:  time.Date(2025, time.March, 31, 0, 0, 0, 0, time.UTC),
	}
}

// maxEpisodesPerRun keeps 12-digit EPIKEYs unique.
const maxEpisodesPerRun = 900_000_000_000

// Validate reports whether c can be generated; the error wraps ErrConfig.
func (c Config) Validate() error {
	first, last := dayOf(c.FirstAdmission), dayOf(c.LastAdmission)
	switch {
	case c.Episodes < 0 || c.Episodes > maxEpisodesPerRun:
		return fmt.Errorf("%w: Episodes %d outside [0, %d]", ErrConfig, c.Episodes, maxEpisodesPerRun)
	case math.IsNaN(c.BadRate) || c.BadRate < 0 || c.BadRate > 1:
		return fmt.Errorf("%w: BadRate %v outside [0, 1]", ErrConfig, c.BadRate)
	case c.FirstAdmission.Year() < 1900 || c.LastAdmission.Year() > 9000:
		return fmt.Errorf("%w: admission dates must lie in years 1900 to 9000", ErrConfig)
	case last < first:
		return fmt.Errorf("%w: LastAdmission %s before FirstAdmission %s", ErrConfig,
			c.LastAdmission.Format(time.DateOnly), c.FirstAdmission.Format(time.DateOnly))
	}
	return nil
}

// Stats counts what Generate wrote.
type Stats struct {
	// Episodes is the number of episode rows, not counting the header.
	Episodes int
	// Spells is the number of provider spells the episodes form.
	Spells int
	// Patients is the number of distinct patients (PSEUDO_HESID values).
	Patients int
	// Bad counts the corrupted episodes by kind, indexed by BadKind.
	Bad [NumBadKinds]int
	// Bytes is the size of the CSV output, header included.
	Bytes int64
}

// BadEpisodes returns the number of corrupted episodes of all kinds.
func (s Stats) BadEpisodes() int {
	n := 0
	for _, b := range s.Bad {
		n += b
	}
	return n
}

// BadKind is a kind of deliberate error Generate puts into an episode.
type BadKind uint8

// The kinds of deliberate error. Each corrupted episode has exactly one.
const (
	// BadDiagnosis replaces one diagnosis with a code that is not in the
	// ICD-10 list, such as "Q999X" or "I10Y".
	BadDiagnosis BadKind = iota
	// BadPrimaryBlank empties the primary diagnosis DIAG_4_01.
	BadPrimaryBlank
	// BadAgeText writes STARTAGE as "abc".
	BadAgeText
	// BadDurationFloat writes EPIDUR as a decimal such as "3.5".
	BadDurationFloat
	// BadEndBeforeStart moves EPIEND 1 to 5 days before EPISTART.
	BadEndBeforeStart
	// BadSentinelDate writes 1801-01-01 (HES "invalid date submitted")
	// into ADMIDATE, EPISTART or EPIEND.
	BadSentinelDate
	// BadSex writes SEX as "X". From 2022/23 HES reads X as "not known";
	// the grouper accepts only 1 and 2.
	BadSex
	// BadAdmissionMethod writes the unknown ADMIMETH "77".
	BadAdmissionMethod

	// NumBadKinds is the number of kinds of deliberate error.
	NumBadKinds = 8
)

var badKindNames = [NumBadKinds]string{
	"diagnosis", "primary_blank", "age_text", "duration_float",
	"end_before_start", "sentinel_date", "sex", "admission_method",
}

// String returns the kind's short snake_case name, for example
// "primary_blank".
func (k BadKind) String() string {
	if int(k) < len(badKindNames) {
		return badKindNames[k]
	}
	return fmt.Sprintf("BadKind(%d)", uint8(k))
}
