package domains

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/hrgflow/hrgflow/schemas"
)

// on returns a date in the middle of a calendar year's summer, well inside
// the financial year that starts in April of that year.
func on(year int) schemas.Date { return schemas.DateOf(year, 7, 1) }

func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		field, value string
		on           schemas.Date
		want         Result
	}{
		{"SEX", "0", on(2019), Unknown},
		{"SEX", "0", on(2023), Retired},
		{"SEX", "X", on(2023), Unknown},
		{"SEX", "X", on(2019), NotYetValid},
		{"SEX", "1", on(1990), Valid},
		{"SEX", "1", on(2024), Valid},
		{"SEX", "3", on(1995), Valid},
		{"SEX", "3", on(1997), Retired},
		{"SEX", "9", on(2019), Valid},
		{"SEX", "9", on(2023), Valid},
		{"ADMIMETH", "2A", on(2012), NotYetValid},
		{"ADMIMETH", "2A", on(2014), Valid},
		{"ADMIMETH", "2A", schemas.DateOf(2013, 3, 31), NotYetValid},
		{"ADMIMETH", "2A", schemas.DateOf(2013, 4, 1), Valid},
		{"ADMIMETH", "28", on(2001), Valid},
		{"ADMIMETH", "99", on(2001), Unknown},
		{"ADMISORC", "37", on(2000), Valid},
		{"ADMISORC", "37", on(2010), Retired},
		{"ADMISORC", "37", on(2023), Valid},
		{"ADMISORC", "37", on(1998), NotYetValid},
		{"ADMISORC", "39", on(2021), Valid},
		{"ADMISORC", "39", on(2022), Retired},
		{"MAINSPEF", "107", on(2020), NotYetValid},
		{"MAINSPEF", "107", on(2022), Valid},
		{"MAINSPEF", "191", on(2003), Valid},
		{"MAINSPEF", "191", on(2005), Retired},
		{"MAINSPEF", "&", on(2001), Unknown},
		{"TRETSPEF", "&", on(2001), Unknown},
		{"TRETSPEF", "&", on(2024), Unknown},
		{"TRETSPEF", "102", on(2003), NotYetValid},
		{"CLASSPAT", "10", on(2001), Invalid},
		{"CLASSPAT", "10", schemas.NullDate, Invalid},
		{"CLASSPAT", "8", on(2001), Unknown},
		{"DISMETH", "2", on(2021), Valid},
		{"DISMETH", "2", on(2023), Retired},
		{"DISMETH", "2", schemas.DateOf(2022, 3, 31), Valid},
		{"DISMETH", "2", schemas.DateOf(2022, 4, 1), Retired},
		{"DISMETH", "6", on(2023), Valid},
		{"DISMETH", "6", on(2021), NotYetValid},
		{"DISMETH", "8", on(2023), Unknown},
		{"DISDEST", "38", on(2021), Valid},
		{"DISDEST", "38", on(2023), Retired},
		{"ETHNOS", "A", on(2001), Valid},
		{"ETHNOS", "A", on(2000), NotYetValid},
		{"ETHNOS", "0", on(2000), Valid},
		{"ETHNOS", "0", on(2001), Retired},
		{"ETHNOS", "X", on(2012), Unknown},
		{"ETHNOS", "X", on(2014), Retired},
		{"ETHNOS", "99", on(2014), Unknown},
		{"ETHNOS", "99", on(2005), Retired},
		{"ETHNOS", "Z", on(2005), Unknown},
		{"EPISTAT", "1", on(2016), Valid},
		{"EPISTAT", "1", on(2017), Retired},
		{"ADMINCAT", "01", on(2001), Valid},
		{"ADMINCAT", "1", on(2001), Valid},
		{"ADMINCAT", " 1 ", on(2001), Valid},
		{"ADMINCAT", "9", on(2001), Invalid},
		{"ADMINCAT", "001", on(2001), Invalid},
		{"CLASSPAT", "01", on(2001), Invalid},
		{"ADMIMETH", " 2A  ", on(2014), Valid},
		{"ADMIMETH", "2a", on(2014), Invalid},
		{"ADMIMETH", "2A1", on(2014), Invalid},
		{"ADMIMETH", "2AAA", on(2014), Invalid},
		{"ADMIMETH", "", on(2014), Blank},
		{"ADMIMETH", "   ", on(2014), Blank},
		{"MAINSPEF", "", on(2014), Blank},
		{"SEX", "X", schemas.NullDate, Unknown},
		{"SEX", "0", schemas.NullDate, Unknown},
		{"ADMIMETH", "2A", schemas.NullDate, Valid},
		{"SPELEND", "Y", on(2001), Valid},
		{"WAITLIST", "1", on(2001), Valid},
	} {
		d, ok := Lookup(tc.field)
		require.True(t, ok, tc.field)
		require.Equal(t, tc.want, d.Check(tc.value, tc.on), "%s %q on %s", tc.field, tc.value, tc.on)
	}
}

func TestLabel(t *testing.T) {
	for _, tc := range []struct{ field, value, want string }{
		{"SEX", "2", "Female"},
		{"SEX", "9", "Indeterminate (unable to be classified as either male or female)"},
		{"ADMIMETH", "2B", "Transfer of an admitted patient from another Hospital Provider in an emergency"},
		{"ADMIMETH", "21", "Emergency Care Department or acute or emergency dental service"},
		{"ADMINCAT", "1", mustLookup("ADMINCAT").Label("01")},
		{"TRETSPEF", " & ", "Not known"},
		{"CLASSPAT", "10", ""},
		{"CLASSPAT", "", ""},
	} {
		require.Equal(t, tc.want, mustLookup(tc.field).Label(tc.value), "%s %q", tc.field, tc.value)
	}
	require.Equal(t, "Other Maternity Event", mustLookup("MAINSPEF").NullLabel())
	require.Empty(t, mustLookup("ADMIMETH").NullLabel())
}

// mustLookup is Lookup for tests: it panics on an unknown field.
func mustLookup(field string) *Domain {
	d, ok := Lookup(field)
	if !ok {
		panic("no domain for " + field)
	}
	return d
}

func TestLookup(t *testing.T) {
	fields := Fields()
	require.True(t, slices.IsSorted(fields))
	require.Subset(t, fields, []string{"ADMIMETH", "ADMISORC", "ADMINCAT", "CLASSPAT", "DISMETH",
		"DISDEST", "EPISTAT", "EPITYPE", "SEX", "ETHNOS", "MAINSPEF", "TRETSPEF"})
	for _, f := range fields {
		d, ok := Lookup(f)
		require.True(t, ok, f)
		require.Equal(t, f, d.Field())
		require.NotEmpty(t, d.Name())
		require.NotEmpty(t, d.Format())
		require.NotEmpty(t, d.Availability())
	}
	_, ok := Lookup("DIAG_01")
	require.False(t, ok)
	_, ok = Lookup("admimeth")
	require.False(t, ok)
}

// TestGeneratedTables checks the invariants Check relies on: keys parallel
// to codes and packed as pack packs, sorted by key then period, periods of
// one code non-empty and disjoint.
func TestGeneratedTables(t *testing.T) {
	for i := range domainTable {
		d := &domainTable[i]
		require.Len(t, d.keys, len(d.codes), d.field)
		for j, c := range d.codes {
			k, ok := pack(c.Value)
			require.True(t, ok, "%s %q", d.field, c.Value)
			require.Equal(t, k, d.keys[j], "%s %q", d.field, c.Value)
			require.Less(t, c.From, c.To, "%s %q", d.field, c.Value)
			require.NotEmpty(t, c.Label, "%s %q", d.field, c.Value)
			if j == 0 {
				continue
			}
			require.LessOrEqual(t, d.keys[j-1], d.keys[j], "%s %q", d.field, c.Value)
			if d.keys[j-1] == d.keys[j] {
				require.LessOrEqual(t, d.codes[j-1].To, c.From, "%s %q overlaps", d.field, c.Value)
			}
		}
		require.Equal(t, d.codes, d.Codes())
	}
}

// TestCodeCounts pins the number of distinct codes per field (& included;
// Null is not a code).
func TestCodeCounts(t *testing.T) {
	got := map[string]int{}
	for _, f := range Fields() {
		for i, c := range mustLookup(f).Codes() {
			if i == 0 || c.Value != mustLookup(f).codes[i-1].Value {
				got[f]++
			}
		}
	}
	require.Equal(t, map[string]int{
		"ADMIMETH": 22, "ADMINCAT": 6, "ADMINCATST": 6, "ADMISORC": 29,
		"CCG_RESPONSIBILITY_ORIGIN": 5, "CCG_TREATMENT_ORIGIN": 3, "CLASSPAT": 7,
		"DISDEST": 27, "DISMETH": 9, "EPISTAT": 3, "EPITYPE": 6, "ETHNOS": 29,
		"FAE": 2, "FAE_EMERGENCY": 2, "FCE": 2, "FDE": 2, "GORTREAT": 10,
		"MAINSPEF": 97, "PCTORIG_HIS": 7, "RESGOR": 16, "SEX": 6, "SPELBGIN": 3,
		"SPELEND": 2, "TRETSPEF": 179, "WAITLIST": 2,
	}, got)
}

func TestResultString(t *testing.T) {
	var names []string
	for r := Invalid; r <= Blank; r++ {
		names = append(names, r.String())
	}
	require.Equal(t, "Invalid Valid Unknown NotYetValid Retired Blank", strings.Join(names, " "))
	require.Equal(t, "Result(9)", Result(9).String())
}

func TestDomainString(t *testing.T) {
	require.Equal(t, `SEX "Person Stated Gender Code" String(1) "1989-90 onwards"
	0    [1996-04-01, 2022-04-01) unknown "Not known (not recorded)"
	1    [-, -) "Male"
	2    [-, -) "Female"
	3    [-, 1996-04-01) "Indeterminate, including those undergoing sex change operations"
	9    [1996-04-01, 2022-04-01) "Not specified (indeterminate, i.e. unable to be classified as either male or female)"
	9    [2022-04-01, -) "Indeterminate (unable to be classified as either male or female)"
	X    [2022-04-01, -) unknown "Not Known (Person stated gender code not recorded)"
`, mustLookup("SEX").String())
}

func TestCheckAllocatesNothing(t *testing.T) {
	d := mustLookup("ADMINCAT")
	allocs := testing.AllocsPerRun(100, func() {
		_ = d.Check(" 1 ", on(2001))
		_ = d.Check("99", schemas.NullDate)
		_ = d.Check("zz", on(2001))
		_ = d.Label("02")
	})
	require.Zero(t, allocs)
}

func FuzzCheck(f *testing.F) {
	for _, s := range []string{"", "1", "01", "2A", "&", " X ", "\x00", "999", "1234"} {
		f.Add(s, int32(on(2001)))
	}
	f.Fuzz(func(t *testing.T, value string, day int32) {
		for _, field := range Fields() {
			d := mustLookup(field)
			r := d.Check(value, schemas.Date(day))
			require.LessOrEqual(t, r, Blank)
			if r != Invalid && r != Blank {
				require.NotEmpty(t, d.Label(value))
			}
		}
	})
}

func BenchmarkCheck(b *testing.B) {
	cases := []struct {
		field  string
		values []string
	}{
		{"SEX", []string{"1", "2", "0", "X", "9"}},
		{"ADMIMETH", []string{"11", "21", "2A", "28", "99", "81", "13", "7Z"}},
		{"ADMINCAT", []string{"01", "1", "02", "98"}},
		{"TRETSPEF", []string{"100", "300", "420", "&", "620", "999", "110", "502"}},
	}
	dates := []schemas.Date{on(2001), on(2013), on(2023), schemas.NullDate}
	for _, tc := range cases {
		d := mustLookup(tc.field)
		b.Run(fmt.Sprintf("field=%s", tc.field), func(b *testing.B) {
			b.ReportAllocs()
			var n [Blank + 1]int
			i := 0
			for b.Loop() {
				n[d.Check(tc.values[i%len(tc.values)], dates[i%len(dates)])]++
				i++
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "checks/s")
		})
	}
}
