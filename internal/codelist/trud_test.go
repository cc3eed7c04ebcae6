package codelist

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

const (
	icd10Sample = "testdata/icd10_trud_sample.txt"
	opcs4Sample = "testdata/opcs4_trud_sample.txt"
)

func loadSamples(t *testing.T) *Table {
	t.Helper()
	tab, err := LoadFiles(icd10Sample, opcs4Sample)
	require.NoError(t, err)
	return tab
}

func TestLoadICD10TRUD(t *testing.T) {
	f, err := os.Open(icd10Sample)
	require.NoError(t, err)
	defer f.Close()
	src, err := LoadICD10TRUD(f, icd10Sample)
	require.NoError(t, err)
	require.True(t, src.Metadata)
	require.Len(t, src.Rows, 23)
	r := src.Rows[0]
	require.Equal(t, ICD10Row{Line: 2, Code: icd(t, "A00"), Category: true, Title: "Cholera", MinAge: -1, MaxAge: -1}, r)
	codable := map[string]bool{}
	for _, r := range src.Rows {
		if r.Codable {
			codable[r.Code.String()] = true
		}
	}
	// A00, I21 (subdivided) and M80.4 (has M80.40) are not codable; M45 is,
	// though M45.X0 adds a 5th character.
	require.Equal(t, map[string]bool{
		"A000": true, "A009": true, "A170": true, "C61X": true, "D250": true, "E114": true,
		"G01X": true, "G632": true, "I10X": true, "I210": true, "I219": true, "M45X": true,
		"M45X0": true, "M8040": true, "N40X": true, "O800": true, "P071": true, "R69X": true,
	}, codable)
}

func TestTRUDTable(t *testing.T) {
	tab := loadSamples(t)
	require.True(t, tab.UsageKnown())
	require.Equal(t, "testdata/icd10_trud_sample.txt (18 codes)", between(tab.Source(), "ICD-10: ", "; OPCS-4"))
	require.Contains(t, tab.Source(), "testdata/opcs4_trud_sample.txt (11 codes)")
	require.Contains(t, tab.Source(), "ICD-10 file, then project table (25 rules)")

	for _, tc := range []struct {
		code string
		want ICD10Info
	}{
		{"A000", ICD10Info{Valid: true}},
		{"A00X", ICD10Info{}},
		{"A170", ICD10Info{Valid: true, Usage: UsageDagger}},
		{"E114", ICD10Info{Valid: true, Usage: UsageDagger}},
		{"G01X", ICD10Info{Valid: true, Usage: UsageAsterisk}},
		{"G632", ICD10Info{Valid: true, Usage: UsageAsterisk}},
		{"I10X", ICD10Info{Valid: true}},
		{"I21X", ICD10Info{}},
		{"M804", ICD10Info{Parent: true}},
		{"M8040", ICD10Info{Valid: true}},
		{"M45X", ICD10Info{Valid: true, Parent: true}},
		// TRUD limits, inherited from the category where the row sets none.
		{"C61X", ICD10Info{Valid: true, Sex: SexMale, SexBasis: BasisTRUD}},
		{"D250", ICD10Info{Valid: true, Sex: SexFemale, SexBasis: BasisTRUD}},
		{"O800", ICD10Info{Valid: true, Sex: SexFemale, SexBasis: BasisTRUD, MinAge: 12, MaxAge: 55, AgeBasis: BasisTRUD}},
		{"P071", ICD10Info{Valid: true, MinAge: 0, MaxAge: 0, AgeBasis: BasisTRUD}},
		// Not in the file: the project table fills in.
		{"C620", ICD10Info{Sex: SexMale, SexBasis: BasisProject}},
		{"O600", ICD10Info{Sex: SexFemale, SexBasis: BasisProject, MinAge: 10, MaxAge: 60, AgeBasis: BasisProject}},
		{"P000", ICD10Info{MinAge: 0, MaxAge: 0, AgeBasis: BasisProject}},
	} {
		require.Equal(t, tc.want, tab.ICD10(icd(t, tc.code)), tc.code)
	}
	require.True(t, tab.SubdividedCategory(icd(t, "I21")))
	require.False(t, tab.SubdividedCategory(icd(t, "I10")))
	require.Equal(t, CategoryUnknown, tab.Category(icd(t, "B00")))
	require.Equal(t, "Acute myocardial infarction", tab.CategoryTitle(icd(t, "I210")))
	require.Equal(t, "Drug-induced osteoporosis with pathological fracture", tab.ICD10Title(icd(t, "M804")))

	require.Equal(t, OPCS4Info{Valid: true}, tab.OPCS4(opcs(t, "A011")))
	require.Equal(t, OPCS4Info{Valid: true, Placeholder: true}, tab.OPCS4(opcs(t, "X998")))
	require.Equal(t, OPCS4Info{Valid: true, Subsidiary: true}, tab.OPCS4(opcs(t, "Z942")))
	require.Equal(t, OPCS4Info{}, tab.OPCS4(opcs(t, "A013")))
	require.Equal(t, "Primary total prosthetic replacement of hip joint using cement", tab.OPCS4Title(opcs(t, "W371")))
}

func TestTRUDWithoutProjectTable(t *testing.T) {
	f, err := os.Open(icd10Sample)
	require.NoError(t, err)
	defer f.Close()
	src, err := LoadICD10TRUD(f, icd10Sample)
	require.NoError(t, err)
	tab, err := Build(Options{ICD10: src, NoProjectRestrictions: true})
	require.NoError(t, err)
	require.Equal(t, ICD10Info{}, tab.ICD10(icd(t, "C620")))
	require.Equal(t, SexMale, tab.ICD10(icd(t, "C61")).Sex)
	require.Contains(t, tab.Source(), "sex/age limits: ICD-10 file")
	require.Contains(t, tab.Source(), "embedded UK Biobank data-coding 240 (9697 codes)")
}

func between(s, from, to string) string {
	_, s, _ = strings.Cut(s, from)
	s, _, _ = strings.Cut(s, to)
	return s
}

// row builds a TRUD ICD-10 data line from code, usage, gender and ages.
func row(code, usage, gender, minAge, maxAge string) string {
	return strings.Join([]string{code, "", usage, "", "Title", "", "", "", gender, minAge, maxAge, "Tree"}, "\t")
}

const trudHeader = "CODE\tALT_CODE\tUSAGE\tUSAGE_UK\tDESCRIPTION\tMODIFIER_4\tMODIFIER_5\tQUALIFIERS\tGENDER_MASK\tMIN_AGE\tMAX_AGE\tTREE_DESCRIPTION"

func TestLoadICD10TRUDErrors(t *testing.T) {
	for _, tc := range []struct {
		name, text, want string
	}{
		{"empty", "", "x.txt:1: empty file"},
		{"no header", "\n\n", "x.txt:1: empty file"},
		{"missing column", "CODE\tDESCRIPTION\tUSAGE\tGENDER_MASK\tMIN_AGE\n", "x.txt:1: MAX_AGE: missing column"},
		{"short row", trudHeader + "\nA00.0\tA000\tDEFAULT\n", "x.txt:2: 3 fields, want at least 11"},
		{"bad code", trudHeader + "\n" + row("A00.0", "", "", "", "") + "\n" + row("AA0.0", "", "", "", ""), "x.txt:3: CODE: \"AA0.0\" is not an ICD-10 code"},
		{"lower code", trudHeader + "\n" + row("a00.0", "", "", "", ""), "x.txt:2: CODE: \"a00.0\" is not"},
		{"usage", trudHeader + "\n" + row("A00.0", "DUAL", "", "", ""), "x.txt:2: USAGE: \"DUAL\""},
		{"gender", trudHeader + "\n" + row("A00.0", "", "M", "", ""), "x.txt:2: GENDER_MASK: \"M\""},
		{"min age", trudHeader + "\n" + row("A00.0", "", "", "x", ""), "x.txt:2: MIN_AGE: \"x\" is not an age"},
		{"max age", trudHeader + "\n" + row("A00.0", "", "", "", "999"), "x.txt:2: MAX_AGE: \"999\" is not an age"},
		{"age order", trudHeader + "\n" + row("A00.0", "", "", "50", "10"), "x.txt:2: MIN_AGE: 50 is above MAX_AGE 10"},
		{"blank line then error", trudHeader + "\r\n\r\n" + row("A00.0", "", "9", "", ""), "x.txt:3: GENDER_MASK"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadICD10TRUD(strings.NewReader(tc.text), "x.txt")
			require.ErrorContains(t, err, tc.want)
			var te *TableError
			require.ErrorAs(t, err, &te)
		})
	}
}

func TestLoadICD10TRUDVariants(t *testing.T) {
	// Columns in another order, lower-case header, byte order mark, a
	// dagger marker on the code, a missing TREE_DESCRIPTION.
	text := "\uFEFFdescription\tcode\tusage\tgender_mask\tmin_age\tmax_age\r\n" +
		"Tuberculous meningitis\tA17.0†\t\t0\t0\t\r\n" +
		"Hyperplasia of prostate\tN40\tDEFAULT\t1\t\t\r\n"
	src, err := LoadICD10TRUD(strings.NewReader(text), "v.txt")
	require.NoError(t, err)
	require.Equal(t, []ICD10Row{
		{Line: 2, Code: icd(t, "A170"), Codable: true, Title: "Tuberculous meningitis", Usage: UsageDagger, MinAge: -1, MaxAge: -1},
		{Line: 3, Code: icd(t, "N40X"), Category: true, Codable: true, Title: "Hyperplasia of prostate", Sex: SexMale, MinAge: -1, MaxAge: -1},
	}, src.Rows)

	dup := trudHeader + "\n" + row("A00.0", "", "", "", "") + "\n" + row("A000", "", "", "", "")
	src, err = LoadICD10TRUD(strings.NewReader(dup), "d.txt")
	require.NoError(t, err)
	_, err = Build(Options{ICD10: src})
	require.EqualError(t, err, "d.txt:3: CODE: A000 repeats line 2")

	// A minimum age alone leaves the maximum open.
	src, err = LoadICD10TRUD(strings.NewReader(trudHeader+"\n"+row("Z99.9", "", "", "16", "")), "m.txt")
	require.NoError(t, err)
	tab, err := Build(Options{ICD10: src})
	require.NoError(t, err)
	in := tab.ICD10(icd(t, "Z999"))
	require.Equal(t, [2]int{16, NoMaxAge}, [2]int{in.MinAge, in.MaxAge})
	require.False(t, in.AgeAllowed(15))
	require.True(t, in.AgeAllowed(100))
}

func TestLoadOPCS4TRUDErrors(t *testing.T) {
	for _, tc := range []struct {
		name, text, want string
	}{
		{"one field", "A01.1\tHemispherectomy\nA01.2\n", "o.txt:2: 1 fields, want 2"},
		{"three fields", "A01.1\tHemi\tsphere\n", "o.txt:1: 3 fields, want 2"},
		{"bad code", "A01\tMajor\nA01.1\tHemi\nA1.1\tBad\n", "o.txt:3: code: \"A1.1\" is not an OPCS-4 code"},
		{"5th character", "A01.11\tLocal\n", "o.txt:1: code: \"A01.11\""},
		{"placeholder", "-\tNone\n", "o.txt:1: code: \"-\""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadOPCS4TRUD(strings.NewReader(tc.text), "o.txt")
			require.ErrorContains(t, err, tc.want)
		})
	}
	src, err := LoadOPCS4TRUD(strings.NewReader("A01.1\tHemispherectomy\nA01.1\tAgain\n"), "o.txt")
	require.NoError(t, err)
	_, err = Build(Options{OPCS4: src})
	require.EqualError(t, err, "o.txt:2: CODE: A011 repeats line 1")
}

func TestLoadFilesErrors(t *testing.T) {
	_, err := LoadFiles(filepath.Join(t.TempDir(), "missing.txt"), "")
	require.ErrorIs(t, err, os.ErrNotExist)
	_, err = LoadFiles("", filepath.Join(t.TempDir(), "missing.txt"))
	require.ErrorIs(t, err, os.ErrNotExist)

	bad := filepath.Join(t.TempDir(), "bad.txt")
	require.NoError(t, os.WriteFile(bad, []byte("A01.1\n"), 0o644))
	_, err = LoadFiles("", bad)
	var te *TableError
	require.True(t, errors.As(err, &te))
	require.Equal(t, TableError{File: bad, Line: 1, Msg: "1 fields, want 2 (code, title)"}, *te)
}

func TestTableError(t *testing.T) {
	inner := errors.New("boom")
	e := &TableError{File: "f", Line: 3, Field: "CODE", Msg: "bad", Err: inner}
	require.Equal(t, "f:3: CODE: bad: boom", e.Error())
	require.ErrorIs(t, e, inner)
	require.Equal(t, "f:0: read failed", (&TableError{File: "f", Msg: "read failed"}).Error())
}
