package price

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// hrg converts a code to its array form; the tests' codes are valid.
func hrg(s string) [5]byte {
	var h [5]byte
	copy(h[:], s)
	return h
}

// loadFile loads a price table from testdata.
func loadFile(t testing.TB, name string) *Table {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	require.NoError(t, err)
	defer f.Close()
	tab, err := LoadTable(f, name)
	require.NoError(t, err)
	return tab
}

// rows returns the rows of a table as a map.
func rows(t *Table) map[string]Prices {
	m := make(map[string]Prices)
	for h, p := range t.All() {
		m[HRGString(h)] = p
	}
	return m
}

func TestParseCells(t *testing.T) {
	money := []struct {
		in   string
		want Pence
	}{
		{"1234", 123400}, {"£1,234", 123400}, {" £1,234.5 ", 123450}, {"2000.50", 200050},
		{"0", 0}, {"£0", 0}, {"0.005", 1}, {"0.00499", 0}, {"1,234,567.891", 123456789},
		{"-", NoPrice}, {"", NoPrice}, {"  ", NoPrice}, {"–", NoPrice}, {"N/A", NoPrice},
	}
	for _, c := range money {
		got, err := parseMoney(c.in)
		require.NoError(t, err, c.in)
		require.Equal(t, c.want, got, c.in)
	}
	for _, bad := range []string{"abc", "-5", "1.2.3", "£", "12 34", "(5)", "10000000.01"} {
		_, err := parseMoney(bad)
		require.Error(t, err, bad)
	}

	pct := []struct {
		in   string
		want int64
	}{
		{"75%", 750_000}, {"75", 750_000}, {"0.75", 750_000}, {"52.5%", 525_000},
		{"0.5%", 5_000}, {"100%", 1_000_000}, {"1", 1_000_000}, {"-", NoPercent}, {"", NoPercent},
	}
	for _, c := range pct {
		got, err := parsePercent(c.in)
		require.NoError(t, err, c.in)
		require.Equal(t, c.want, got, c.in)
	}
	for _, bad := range []string{"150%", "x%", "101"} {
		_, err := parsePercent(bad)
		require.Error(t, err, bad)
	}

	for in, want := range map[string]int32{"12": 12, "12.0": 12, "1,000": 1000, "-": NoTrimPoint, "": NoTrimPoint} {
		got, err := parseDays(in)
		require.NoError(t, err, in)
		require.Equal(t, want, got, in)
	}
	for _, bad := range []string{"12.5", "x", "30000"} {
		_, err := parseDays(bad)
		require.Error(t, err, bad)
	}

	for in, want := range map[string]bool{"Yes": true, "Y": true, "yes": true, "TRUE": true, "No": false, "n": false, "": false, "-": false} {
		got, err := parseYesNo(in)
		require.NoError(t, err, in)
		require.Equal(t, want, got, in)
	}
	_, err := parseYesNo("maybe")
	require.Error(t, err)

	h, err := parseHRG(" fd01a ")
	require.NoError(t, err)
	require.Equal(t, hrg("FD01A"), h)
	for _, bad := range []string{"FD01", "F101A", "FDA1A", "FD011", "FD01AB", ""} {
		_, err := parseHRG(bad)
		require.Error(t, err, bad)
	}
}

func TestLoadAnnexA(t *testing.T) {
	annex := loadFile(t, "annex_a.csv")
	require.Equal(t, "annex_a.csv", annex.Name())
	require.Equal(t, 13, annex.Len())

	p, ok := annex.Lookup(hrg("AA01A"))
	require.True(t, ok)
	require.Equal(t, Prices{
		DayCase: NoPrice, Elective: NoPrice, Combined: 123400, NonElective: 200050,
		ElectiveTrim: 5, NonElectiveTrim: 10, PerDay: 25000,
		SSEMApplies: true, SSEMPercentPPM: 750_000, SSEMPrice: NoPrice,
	}, p)

	p, ok = annex.Lookup(hrg("AA01B")) // written "aa01b " in the file
	require.True(t, ok)
	require.Equal(t, Pence(80000), p.DayCase)
	require.Equal(t, Pence(110000), p.Elective)
	require.Equal(t, NoPrice, p.Combined)
	require.Equal(t, Pence(20025), p.PerDay)
	require.False(t, p.SSEMApplies)

	p, _ = annex.Lookup(hrg("AA01C"))
	require.Equal(t, Pence(110000), p.SSEMPrice)
	require.Equal(t, NoPercent, p.SSEMPercentPPM)
	require.Equal(t, NoTrimPoint, p.NonElectiveTrim)

	p, _ = annex.Lookup(hrg("LA97A"))
	require.Equal(t, Pence(0), p.DayCase, "£0 is a price of 0")
	p, _ = annex.Lookup(hrg("XD01Z"))
	require.Equal(t, missingPrices, p, "a row of dashes is not priced, not zero")

	_, ok = annex.Lookup(hrg("ZZ99Z"))
	require.False(t, ok)

	// The compact fixture holds the same table.
	require.Equal(t, rows(loadFile(t, "compact.csv")), rows(annex))
}

func TestLoadErrors(t *testing.T) {
	cases := []struct {
		name, csv string
		line, col int
		field     string
		msg       string
	}{
		{"no hrg column", "code,day_case\nAA01A,1\n", 1, 0, "", "no HRG column"},
		{"no price column", "hrg,per_day\nAA01A,1\n", 1, 0, "", "no price column"},
		{"second column", "hrg,day_case,Day case spell tariff (£)\n", 1, 14, "Day case spell tariff (£)", "second day_case column (the first is field 2)"},
		{"bad money", "hrg,day_case,elective\nAA01A,1,\nAA01B,2,x1\n", 3, 9, "elective", `"x1" is not an amount`},
		{"bad hrg", "hrg,day_case\nAA01A,1\n  A1,2\n", 3, 1, "hrg", "not an HRG code"},
		{"bad flag", "hrg,non_elective,ssem_applies\nAA01A,1,perhaps\n", 2, 9, "ssem_applies", "not Yes or No"},
		{"short row", "day_case,hrg\n1,AA01A\n2\n", 3, 0, "hrg", `"" is not an HRG code`},
		{"duplicate", "hrg,day_case\nAA01A,1\n\nAA01A,2\n", 4, 1, "hrg", "already priced on line 2"},
		{"quotes", "hrg,day_case\nAA01A,\"1\n", 2, 10, "", "malformed CSV"},
		{"empty", "", 0, 0, "", "empty file"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := LoadTable(strings.NewReader(c.csv), "p.csv")
			require.Error(t, err)
			var te *TableError
			require.True(t, errors.As(err, &te), "%v", err)
			require.Equal(t, "p.csv", te.File)
			require.Equal(t, c.line, te.Line, "%v", err)
			require.Equal(t, c.col, te.Column, "%v", err)
			require.Equal(t, c.field, te.Field, "%v", err)
			require.Contains(t, err.Error(), c.msg)
		})
	}
}

func TestLoadErrorMessage(t *testing.T) {
	_, err := LoadTable(strings.NewReader("hrg,day_case,elective\nAA01A,1,2\nAA01B,-5,x\n"), "prices.csv")
	require.EqualError(t, err, `prices.csv:3:7: day_case: "-5" is not an amount of pounds: negative`+"\n"+
		`prices.csv:3:10: elective: "x" is not an amount of pounds: not a number`)
}

func TestLoadTooManyErrors(t *testing.T) {
	var b strings.Builder
	b.WriteString("hrg,day_case\n")
	for range 2 * maxErrors {
		b.WriteString("bad,1\n")
	}
	_, err := LoadTable(strings.NewReader(b.String()), "p.csv")
	require.ErrorContains(t, err, "stopped after 50 problems")
}

func FuzzLoadTable(f *testing.F) {
	for _, name := range []string{"annex_a.csv", "compact.csv"} {
		b, err := os.ReadFile("testdata/" + name)
		require.NoError(f, err)
		f.Add(b)
	}
	f.Add([]byte("hrg,combined\nAA01A,\"£1,2\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		tab, err := LoadTable(strings.NewReader(string(b)), "fuzz.csv")
		if err != nil {
			return
		}
		// Whatever loads prices without panicking and writes back.
		for h := range tab.All() {
			tab.Price(SpellInput{HRG: h, POD: PODNonElectiveShortStay, LOS: 1, AgeYears: 30}, nil, DefaultRules())
		}
		var out strings.Builder
		require.NoError(t, WriteTable(&out, tab))
		back, err := LoadTable(strings.NewReader(out.String()), "back.csv")
		require.NoError(t, err)
		require.Equal(t, rows(tab), rows(back))
	})
}
