package price

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestDefaultTable(t *testing.T) {
	tab, err := Default()
	require.NoError(t, err)
	again, err := Default()
	require.NoError(t, err)
	require.Same(t, tab, again, "loaded once")
	require.Equal(t, DefaultName, tab.Name())
	require.Equal(t, 2405, tab.Len(), "DOMAIN §6.7: 2,405 HRGs")

	// DOMAIN §6.7: BZ34A and BZ34B are the only HRGs whose day case and
	// elective prices differ (DC £927, EL £1,063).
	p, ok := tab.Lookup(hrg("BZ34A"))
	require.True(t, ok)
	require.Equal(t, Pence(92700), p.DayCase)
	require.Equal(t, Pence(106300), p.Elective)
	var differ []string
	var zero []string
	for h, p := range tab.All() {
		// Whole pounds, no blanks; no combined, trim, per-day or SSEM columns.
		require.True(t, p.DayCase.Valid() && p.Elective.Valid() && p.NonElective.Valid(), HRGString(h))
		require.Zero(t, p.DayCase%100+p.Elective%100+p.NonElective%100, HRGString(h))
		require.Equal(t, NoPrice, p.Combined)
		require.Equal(t, NoTrimPoint, p.ElectiveTrim)
		require.Equal(t, NoTrimPoint, p.NonElectiveTrim)
		require.Equal(t, NoPrice, p.PerDay)
		require.False(t, p.SSEMApplies)
		if p.DayCase != p.Elective {
			differ = append(differ, HRGString(h))
		}
		if p.DayCase == 0 && p.Elective == 0 && p.NonElective == 0 {
			zero = append(zero, HRGString(h))
		}
	}
	require.Equal(t, []string{"BZ34A", "BZ34B"}, differ)
	require.Equal(t, []string{"LA97A", "PB03Z", "RD97Z", "RN97Z", "SB97Z", "SC97Z", "UZ01Z"}, zero,
		"DOMAIN §6.7: seven HRGs priced 0, in code order")

	// UZ01Z is priced 0, not missing; its status is ungroupable.
	p, ok = tab.Lookup(hrg("UZ01Z"))
	require.True(t, ok)
	require.Equal(t, Pence(0), p.NonElective)
	b := tab.Price(SpellInput{HRG: hrg("UZ01Z"), POD: PODNonElective, LOS: 3, AgeYears: 50}, nil, DefaultRules())
	require.Equal(t, StatusUngroupable, b.Status)
	require.Equal(t, Pence(0), b.Total)

	// The embedded file's first HRG: AA22C,9647,9647,11113.
	b = tab.Price(SpellInput{HRG: hrg("AA22C"), POD: PODNonElective, LOS: 5, AgeYears: 70}, nil, DefaultRules())
	require.Equal(t, "priced base=£11,113.00 excess=0d/£0.00 ssem=no/£0.00 unbundled=£0.00 mff=1.000000/£0.00 total=£11,113.00 notes=no_trim_point", b.String())
}

func TestLookupMissing(t *testing.T) {
	tab := loadFile(t, "compact.csv")
	p, ok := tab.Lookup(hrg("ZZ99Z"))
	require.False(t, ok)
	require.Equal(t, missingPrices, p)
	_, ok = tab.Lookup([5]byte{})
	require.False(t, ok)
	require.Zero(t, testing.AllocsPerRun(100, func() { tab.Lookup(hrg("CC03A")) }))
}

func TestPackHRG(t *testing.T) {
	for _, s := range []string{"AA22C", "UZ01Z", "ZZ99Z", "AB01A"} {
		require.Equal(t, hrg(s), unpackHRG(packHRG(hrg(s))))
	}
	require.Less(t, packHRG(hrg("AA22C")), packHRG(hrg("AA22D")))
	require.Less(t, packHRG(hrg("AZ99Z")), packHRG(hrg("BA01A")))
}

func TestWriteTableRoundTrip(t *testing.T) {
	for _, name := range []string{"compact.csv", "annex_a.csv"} {
		tab := loadFile(t, name)
		var buf bytes.Buffer
		require.NoError(t, WriteTable(&buf, tab))
		back, err := LoadTable(&buf, "back.csv")
		require.NoError(t, err)
		require.Equal(t, rows(tab), rows(back), name)
	}
	// The compact fixture is in the written form, byte for byte but for
	// the flag of rows without one and the pence of whole pounds.
	var buf bytes.Buffer
	require.NoError(t, WriteTable(&buf, loadFile(t, "compact.csv")))
	lines := strings.Split(buf.String(), "\n")
	require.Equal(t, "hrg,day_case,elective,combined,non_elective,elective_trim_point,non_elective_trim_point,per_day,ssem_applies,ssem_percent,ssem_price", lines[0])
	require.Equal(t, "AA01A,,,1234,2000.50,5,10,250,Yes,75%,", lines[1])
	require.Equal(t, "CC03A,927,1063,,4567.89,4,12,333.33,Yes,52.5%,", lines[5])
	require.Equal(t, "EE05A,,,,600,,,,Yes,,", lines[7])

	def, err := Default()
	require.NoError(t, err)
	buf.Reset()
	require.NoError(t, WriteTable(&buf, def))
	require.True(t, strings.HasPrefix(strings.Split(buf.String(), "\n")[1], "AA22C,9647,9647,,11113,,,,No,,"))
	back, err := LoadTable(&buf, "back.csv")
	require.NoError(t, err)
	require.Equal(t, rows(def), rows(back))
}

func TestWithTrimPoints(t *testing.T) {
	tab := loadFile(t, "compact.csv")
	tp := map[[5]byte]TrimPoints{
		hrg("AA01A"): {Elective: 7, NonElective: NoTrimPoint}, // has 5 and 10
		hrg("AA01C"): {Elective: 2, NonElective: 9},           // has none
		hrg("ZZ99Z"): {Elective: 1, NonElective: 1},           // not in the table
	}
	filled := tab.WithTrimPoints(tp, false)
	p, _ := filled.Lookup(hrg("AA01A"))
	require.Equal(t, int32(5), p.ElectiveTrim, "kept")
	require.Equal(t, int32(10), p.NonElectiveTrim)
	p, _ = filled.Lookup(hrg("AA01C"))
	require.Equal(t, TrimPoints{2, 9}, TrimPoints{p.ElectiveTrim, p.NonElectiveTrim})
	_, ok := filled.Lookup(hrg("ZZ99Z"))
	require.False(t, ok)

	over := tab.WithTrimPoints(tp, true)
	p, _ = over.Lookup(hrg("AA01A"))
	require.Equal(t, int32(7), p.ElectiveTrim, "replaced")
	require.Equal(t, int32(10), p.NonElectiveTrim, "NoTrimPoint never replaces")

	p, _ = tab.Lookup(hrg("AA01C"))
	require.Equal(t, NoTrimPoint, p.ElectiveTrim, "the original is unchanged")
}

func TestPenceString(t *testing.T) {
	for p, want := range map[Pence]string{
		0: "£0.00", 5: "£0.05", 92700: "£927.00", 123456789: "£1,234,567.89", -320: "-£3.20", NoPrice: "-",
	} {
		require.Equal(t, want, p.String())
	}
	require.Equal(t, "2000.50", money(200050))
	require.Equal(t, "927", money(92700))
	require.Equal(t, "", money(NoPrice))
	require.Equal(t, "52.5%", percent(525_000))
	require.Equal(t, "0.0001%", percent(1))
	require.Equal(t, "100%", percent(1_000_000))
}
