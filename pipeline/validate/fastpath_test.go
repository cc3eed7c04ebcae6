package validate

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/hrgflow/hrgflow/internal/codelist"
	"github.com/hrgflow/hrgflow/pipeline/domains"
	"github.com/hrgflow/hrgflow/schemas"
)

// TestParseICD10AgreesWithNormalize checks the clean-code fast path
// against schemas.NormalizeICD10 on every 4- and 5-character string over
// an alphabet that covers each branch (letters, digits, X, the neighbours
// of '0' and '9', lower case, markers).
func TestParseICD10AgreesWithNormalize(t *testing.T) {
	first := "AIZ@[a"
	digit := "0259/:Xx.-DA*"
	n := 0
	for _, l := range []byte(first) {
		for _, d1 := range []byte("05/:") {
			for _, d2 := range []byte("09:") {
				for _, c4 := range []byte(digit) {
					code4 := string([]byte{l, d1, d2, c4})
					check := func(raw string) {
						n++
						gc, gn, gok := parseICD10(raw)
						wc, wn, wok := schemas.NormalizeICD10(raw)
						require.Equal(t, wok, gok, "%q", raw)
						require.Equal(t, wc, gc, "%q", raw)
						require.Equal(t, wn, gn, "%q", raw)
					}
					check(code4)
					for _, c5 := range []byte(digit) {
						check(code4 + string(c5))
					}
				}
			}
		}
	}
	require.Greater(t, n, 10_000)
	for _, raw := range []string{"I10X", "M8040", "M45X0", "A000", "Z999", "I10", "i10x", "A00.0", "E114-D", "G632A", " I10X", "I10X5"} {
		gc, gn, gok := parseICD10(raw)
		wc, wn, wok := schemas.NormalizeICD10(raw)
		require.Equal(t, []any{wc, wn, wok}, []any{gc, gn, gok}, raw)
	}
}

// TestParseOPCS4AgreesWithNormalize does the same for procedures.
func TestParseOPCS4AgreesWithNormalize(t *testing.T) {
	chars := "AWZ@[w059/:.X"
	for _, a := range []byte(chars) {
		for _, b := range []byte(chars) {
			for _, c := range []byte(chars) {
				for _, d := range []byte(chars) {
					raw := string([]byte{a, b, c, d})
					gc, gn, gok := parseOPCS4(raw)
					wc, wn, wok := schemas.NormalizeOPCS4(raw)
					require.Equal(t, []any{wc, wn, wok}, []any{gc, gn, gok}, raw)
				}
			}
		}
	}
	for _, raw := range []string{"W401", "W40.1", "w401", "W4011", "-", "&", "", "X999"} {
		gc, gn, gok := parseOPCS4(raw)
		wc, wn, wok := schemas.NormalizeOPCS4(raw)
		require.Equal(t, []any{wc, wn, wok}, []any{gc, gn, gok}, raw)
	}
}

// TestDiagTableAgreesWithCodeList checks every packed code's entry
// against the code list's ICD10Info, with the optional 5th-character
// fallback applied as the rules apply it: for the embedded lists, and for
// the TRUD sample, which has dagger and asterisk usage.
func TestDiagTableAgreesWithCodeList(t *testing.T) {
	codes, err := codelist.Default()
	require.NoError(t, err)
	usable, restricted := checkDiagTable(t, codes)
	require.Greater(t, usable, 10_000)
	require.Greater(t, restricted, 100)

	trud, err := codelist.LoadFiles("../../internal/codelist/testdata/icd10_trud_sample.txt", "../../internal/codelist/testdata/opcs4_trud_sample.txt")
	require.NoError(t, err)
	require.True(t, trud.UsageKnown())
	checkDiagTable(t, trud)
}

func checkDiagTable(t *testing.T, codes *codelist.Table) (usable, restricted int) {
	t.Helper()
	tab := newDiagTable(codes)
	require.NotNil(t, tab.idx8)
	wide := diagTable{idx16: make([]uint16, len(tab.idx8)), entries: tab.entries} // the layout for > 256 entries
	for c, i := range tab.idx8 {
		wide.idx16[c] = uint16(i)
	}
	daggers, asterisks := 0, 0
	for c := schemas.ICD10(0); c < schemas.NumICD10; c++ {
		info := codes.ICD10(c)
		if c4 := codes.ICD10(c.Code4()); !info.Valid && optionalFifth(c) && (c4.Valid || c4.Parent) {
			info, info.Valid = c4, true
		}
		en := tab.lookup(c)
		if *en != *wide.lookup(c) {
			t.Fatalf("%s: 8-bit index gives %+v, 16-bit %+v", c, *en, *wide.lookup(c))
		}
		if (info.Valid || info.Parent) != (en.flags&diagUsable != 0) ||
			(info.Usage == codelist.UsageDagger) != (en.flags&diagDagger != 0) ||
			(info.Usage == codelist.UsageAsterisk) != (en.flags&diagAsterisk != 0) {
			t.Fatalf("%s: entry %+v, code list %+v", c, *en, info)
		}
		for _, sex := range []byte{0, '1', '2'} {
			want := (info.Sex == codelist.SexMale && sex == '2') || (info.Sex == codelist.SexFemale && sex == '1')
			if want != (en.sexBad != 0 && en.sexBad == sex) {
				t.Fatalf("%s sex %c: entry %+v, code list %+v", c, sex, *en, info)
			}
		}
		for _, age := range []int{0, 1, 5, 9, 10, 11, 15, 16, 17, 18, 19, 28, 55, 59, 60, 61, 65, 66, 100, 130} {
			want := info.HasAgeLimit() && (age < info.MinAge || age > info.MaxAge)
			if want != (age < int(en.minAge) || age > int(en.maxAge)) {
				t.Fatalf("%s age %d: entry %+v, code list %+v", c, age, *en, info)
			}
		}
		if en.flags&diagUsable != 0 {
			usable++
		}
		if en.sexBad != 0 || en.maxAge != 1000 {
			restricted++
		}
		if en.flags&diagDagger != 0 {
			daggers++
		}
		if en.flags&diagAsterisk != 0 {
			asterisks++
		}
	}
	require.Equal(t, unknownDiag, *tab.lookup(schemas.NumICD10 + 5))
	require.Equal(t, unknownDiag, *wide.lookup(schemas.NumICD10 + 5))
	if codes.UsageKnown() {
		require.Positive(t, daggers)
		require.Positive(t, asterisks)
	}
	return usable, restricted
}

// TestFYIndex checks the table-driven financial year against the calendar.
func TestFYIndex(t *testing.T) {
	require.Equal(t, -1, fyIndex(schemas.NullDate))
	require.Equal(t, -1, fyIndex(domains.NoStart))
	require.Equal(t, -1, fyIndex(domains.NoEnd))
	for d := schemas.DateOf(1980, 1, 1); d < schemas.DateOf(2060, 1, 1); d++ {
		y, m, _ := d.Civil()
		if m < 4 {
			y--
		}
		want := y - firstFY
		if y < firstFY || y >= firstFY+numFY {
			want = -1
		}
		require.Equal(t, want, fyIndex(d), "%s", d)
	}
}

// TestFieldCheckAgreesWithDomains checks each coded field's compiled rules
// against the domain's own Check on dates across the years, including
// values the table cannot hold, values only other fields list (the fields
// share one value index) and dates without a financial year.
func TestFieldCheckAgreesWithDomains(t *testing.T) {
	v := newTestValidator(t)
	var shared []string // every field's values
	for _, df := range domainFields {
		d, ok := domains.Lookup(df.name)
		require.True(t, ok)
		shared = append(shared, candidateValues(d)...)
	}
	for i, df := range domainFields {
		d, ok := domains.Lookup(df.name)
		require.True(t, ok)
		field := domainField{mandatory: df.mandatory, noUnknown: df.noUnknown}
		f := &v.fields[i]
		require.Equal(t, df.name, schemas.Dictionary()[f.field].Name)
		values := append(slices.Clone(shared), "ZZ", "7", "&", "1", "01", "999", " 1", "1 ", "a", "2A ", "ABCD")
		dates := []schemas.Date{schemas.NullDate, schemas.DateOf(1970, 6, 1), schemas.DateOf(2070, 6, 1)}
		for y := 1989; y <= 2030; y++ {
			dates = append(dates, schemas.DateOf(y, 4, 1), schemas.DateOf(y, 3, 31), schemas.DateOf(y, 9, 15))
		}
		for _, c := range d.Codes() { // the odd period ends, on and around them
			for _, b := range []schemas.Date{c.From, c.To} {
				if b != domains.NoStart && b != domains.NoEnd {
					dates = append(dates, b-1, b, b+1)
				}
			}
		}
		for _, val := range values {
			for _, on := range dates {
				want := field.verdict(d.Check(val, on))
				require.Equal(t, want, f.rule(val, fyIndex(on), on), "%s %q %s", df.name, val, on)
			}
		}
	}
}

// TestValueIndex checks the weighted valueIndex against the definition:
// dense over 1–3 characters of 0-9, A-Z and '&', negative otherwise.
func TestValueIndex(t *testing.T) {
	alphabet := "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ&"
	want := 0
	for n := 1; n <= 3; n++ {
		var rec func(prefix string)
		rec = func(prefix string) {
			if len(prefix) == n {
				if got := valueIndex(prefix); got != want {
					t.Fatalf("valueIndex(%q) = %d, want %d", prefix, got, want)
				}
				want++
				return
			}
			for i := range len(alphabet) {
				rec(prefix + alphabet[i:i+1])
			}
		}
		rec("")
	}
	require.Equal(t, numValues, want)
	for _, v := range []string{"", "a", " 1", "1 ", "A-", "\xff\xff\xff", "&&&&", "12a", "é", "1\x00", "ZZ@", "@ZZ", "Z@Z"} {
		require.Negative(t, valueIndex(v), "%q", v)
	}
}
