package price

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestPointOfDelivery(t *testing.T) {
	cases := []struct {
		admimeth, classpat string
		los                int32
		want               POD
	}{
		{"11", "2", 0, PODDayCase},
		{"12", "2", 1, PODDayCase}, // classification decides, not LOS
		{"13", "1", 0, PODElective},
		{"11", "1", 5, PODElective},
		{"11", "9", 5, PODUnknown}, // day case or ordinary? cannot tell
		{"11", "", 0, PODUnknown},
		{"21", "1", 0, PODNonElectiveShortStay},
		{"22", "1", 1, PODNonElectiveShortStay},
		{"23", "1", 2, PODNonElective},
		{"24", "1", 30, PODNonElective},
		{"25", "1", 3, PODNonElective},
		{"28", "1", 3, PODNonElective},
		{"2A", "1", 0, PODNonElectiveShortStay},
		{"2b", "1", 4, PODNonElective}, // letter in any case
		{"2C", "1", 4, PODNonElective},
		{"2D", "2", 4, PODNonElective},
		{"21", "1", -1, PODNonElective}, // unknown LOS is not short stay
		{"26", "1", 3, PODUnknown},
		{"27", "1", 3, PODUnknown},
		{"2E", "1", 3, PODUnknown},
		{"31", "1", 0, PODMaternity}, // never NES
		{"32", "1", 3, PODMaternity},
		{"81", "1", 3, PODOtherNonElective},
		{"82", "1", 0, PODOtherNonElective},
		{"83", "1", 3, PODOtherNonElective},
		{"84", "1", 3, PODUnknown},
		{"89", "1", 3, PODUnknown},
		{"11", "3", 0, PODRegularDay},
		{"21", "4", 0, PODRegularNight}, // classification 3/4 wins
		{" 11 ", " 2 ", 0, PODDayCase},
		{"98", "1", 0, PODUnknown},
		{"99", "2", 0, PODUnknown},
		{"", "", 0, PODUnknown},
		{"1", "1", 0, PODUnknown},
	}
	for _, c := range cases {
		got := PointOfDelivery(c.admimeth, c.classpat, c.los)
		require.Equal(t, c.want, got, "%q %q %d: got %s", c.admimeth, c.classpat, c.los, got)
	}
	var sink POD
	require.Zero(t, testing.AllocsPerRun(100, func() { sink = PointOfDelivery("2A", "1", 1) }))
	require.Equal(t, PODNonElectiveShortStay, sink)
}

func TestPODString(t *testing.T) {
	want := []string{"UNK", "DC", "EL", "NE", "NES", "MAT", "OTH", "RDA", "RNA"}
	for i, s := range want {
		require.Equal(t, s, POD(i).String())
		p, ok := ParsePOD(s)
		require.True(t, ok)
		require.Equal(t, POD(i), p)
	}
	require.Equal(t, "UNK", POD(200).String())
	_, ok := ParsePOD("XX")
	require.False(t, ok)
}

func TestStatusAndNoteStrings(t *testing.T) {
	require.Equal(t, "priced", StatusPriced.String())
	require.Equal(t, "not_priced_hrg", StatusNotPricedHRG.String())
	require.Equal(t, "not_priced_pod", StatusNotPricedPOD.String())
	require.Equal(t, "ungroupable", StatusUngroupable.String())
	require.Equal(t, "zero_price", StatusZeroPrice.String())
	require.Equal(t, "unknown", PriceStatus(99).String())
	require.Equal(t, "not_priced_hrg", Breakdown{}.Status.String(), "the zero value claims no price")
	require.False(t, StatusNotPricedPOD.Priced())
	require.True(t, StatusZeroPrice.Priced())

	require.Equal(t, "", Note(0).String())
	require.Equal(t, "combined|mff_default", (NoteCombined | NoteMFFDefault).String())
	require.Equal(t, "unbundled_not_priced", NoteUnbundledNotPriced.String())
	require.Equal(t, "no_trim_point|no_per_day|los_unknown|ssem_age_unknown|ssem_no_value",
		(NoteNoTrimPoint | NoteNoPerDay | NoteLOSUnknown | NoteSSEMAgeUnknown | NoteSSEMNoValue).String())
	require.True(t, (NoteCombined | NoteNoPerDay).Has(NoteNoPerDay))
	require.False(t, NoteCombined.Has(NoteNoPerDay))
}
