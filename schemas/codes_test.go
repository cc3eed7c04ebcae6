package schemas

import (
	"strings"
	"testing"

	"github.com/hrgflow/hrgflow/internal/refdata"
	"github.com/stretchr/testify/require"
)

// icd10Cases are raw codes and what NormalizeICD10 must make of them; an
// empty want means the code is rejected.
var icd10Cases = []struct {
	raw   string
	want  string
	notes CodeNote
}{
	{"I10X", "I10X", 0},
	{"I10", "I10X", NoteXFiller},
	{"i10.x", "I10X", NoteLower | NoteDot},
	{"I10.X", "I10X", NoteDot},
	{"A000", "A000", 0},
	{"A00.0", "A000", NoteDot},
	{"a00.0", "A000", NoteDot | NoteLower},
	{"M8040", "M8040", 0},
	{"M80.40", "M8040", NoteDot},
	{"M45X0", "M45X0", 0},
	{"R69X6", "R69X6", 0},
	{"J960-", "J960", NoteDash5},
	{"E114-D", "E114", NoteDash5 | NoteDagger},
	{"E11.4-D", "E114", NoteDot | NoteDash5 | NoteDagger},
	{"E114D", "E114", NoteDagger},
	{"e114d", "E114", NoteLower | NoteDagger},
	{"E11.4†", "E114", NoteDot | NoteDagger},
	{"G63.2A", "G632", NoteDot | NoteAsterisk},
	{"G632-A", "G632", NoteDash5 | NoteAsterisk},
	{"G632A", "G632", NoteAsterisk},
	{"G63.2*", "G632", NoteDot | NoteAsterisk},
	{"M8040D", "M8040", NoteDagger},
	{"I10X-D", "I10X", NoteDash5 | NoteDagger},
	{"X59X", "X59X", 0}, // X is a chapter letter too
	{"X599", "X599", 0},
	{" I10X ", "I10X", NoteTrimmed},
	{"\"A000\"", "A000", NoteTrimmed},
	{"'r69x'\r\n", "R69X", NoteTrimmed | NoteLower},
	{"I21X", "I21X", 0}, // form only: the table says I21 is subdivided
	{"U071", "U071", 0},
	{"Z999", "Z999", 0},
	{"A00", "A00X", NoteXFiller},

	{"", "", 0},
	{"   ", "", 0},
	{"I1", "", 0},
	{"I", "", 0},
	{"1100", "", 0},
	{"II0X", "", 0},
	{"I1XX", "", 0},
	{"I10Y", "", 0},
	{"I10-", "", 0},
	{"I10XX", "", 0},
	{"I10X5X", "", 0},
	{"M80400", "", 0},
	{"A0000D", "A0000", NoteDagger},
	{"A00000D", "", 0},
	{"A00.0.", "", 0},
	{"A00.", "", 0},
	{"A0.00", "", 0},
	{"A000.", "", 0},
	{"A00..0", "", 0},
	{".A000", "", 0},
	{"A00 0", "", 0},
	{"E114-B", "", 0},
	{"E114--", "", 0},
	{"E114-DD", "", 0},
	{"E114AD", "", 0},
	{"G63*", "", 0},
	{"*G632", "", 0},
	{"E11†4", "", 0},
	{"A000,B000", "", 0},
	{"-", "", 0},
	{"&", "", 0},
	{"R69X,", "", 0},
	{"Ä000", "", 0},
}

func TestNormalizeICD10(t *testing.T) {
	for _, tc := range icd10Cases {
		code, notes, ok := NormalizeICD10(tc.raw)
		if tc.want == "" {
			require.False(t, ok, "%q accepted as %s", tc.raw, code)
			require.Zero(t, code, tc.raw)
			continue
		}
		require.True(t, ok, "%q rejected", tc.raw)
		require.Equal(t, tc.want, code.String(), tc.raw)
		require.Equal(t, tc.notes, notes, "%q: notes %s", tc.raw, notes)
	}
}

var opcs4Cases = []struct {
	raw   string
	want  string
	notes CodeNote
}{
	{"W371", "W371", 0},
	{"W37.1", "W371", NoteDot},
	{"w371", "W371", NoteLower},
	{"W3711", "W371", NoteOPCS5th},
	{"W371A", "W371", NoteOPCS5th},
	{"W37.11", "W371", NoteDot | NoteOPCS5th},
	{"X998", "X998", 0},
	{"X99.9", "X999", NoteDot},
	{"Z941", "Z941", 0},
	{"A011   ", "A011", NoteTrimmed},

	{"", "", 0},
	{"-", "", 0},
	{"-   ", "", 0},
	{"&", "", 0},
	{"W37", "", 0},
	{"W3", "", 0},
	{"W37X", "", 0},
	{"3711", "", 0},
	{"WW371", "", 0},
	{"W37111", "", 0},
	{"W371-", "", 0},
	{"W3.71", "", 0},
	{"W37.", "", 0},
	{"W371*", "", 0},
	{"W 371", "", 0},
}

func TestNormalizeOPCS4(t *testing.T) {
	for _, tc := range opcs4Cases {
		code, notes, ok := NormalizeOPCS4(tc.raw)
		if tc.want == "" {
			require.False(t, ok, "%q accepted as %s", tc.raw, code)
			continue
		}
		require.True(t, ok, "%q rejected", tc.raw)
		require.Equal(t, tc.want, code.String(), tc.raw)
		require.Equal(t, tc.notes, notes, "%q: notes %s", tc.raw, notes)
	}
}

func TestIsOPCSPlaceholder(t *testing.T) {
	for _, s := range []string{"-", "&", "-   ", "&  ", " - "} {
		require.True(t, IsOPCSPlaceholder(s), "%q", s)
	}
	for _, s := range []string{"", " ", "X998", "X999", "--", "-&", "W371"} {
		require.False(t, IsOPCSPlaceholder(s), "%q", s)
	}
}

// TestICD10Exhaustive round-trips every packed code through its text and
// checks the accessors and that packed order is text order. It uses plain
// comparisons: require per code would take seconds.
func TestICD10Exhaustive(t *testing.T) {
	prev := ""
	for c := ICD10(1); c < NumICD10; c++ {
		s := c.String()
		got, notes, ok := NormalizeICD10(s)
		if !ok || got != c || notes != 0 || len(s) != c.Len() || s <= prev {
			t.Fatalf("%d: %q → %d, %s, %v (previous %q)", c, s, got, notes, ok, prev)
		}
		prev = s
		fifth := byte(0)
		if len(s) == 5 {
			fifth = s[4]
		}
		if c.Letter() != s[0] || c.Fourth() != s[3] || c.Fifth() != fifth ||
			c.Category().String() != s[:3]+"X" || c.Code4().String() != s[:4] {
			t.Fatalf("%s: accessors wrong", s)
		}
		first, last := c.CategorySpan()
		if first.String() != s[:3]+"0" || last.String() != s[:3]+"X9" || c < first || c > last {
			t.Fatalf("%s: category span %s–%s", s, first, last)
		}
		if first, last = c.Code4Span(); first.String() != s[:4] || last.String() != s[:4]+"9" {
			t.Fatalf("%s: code4 span %s–%s", s, first, last)
		}
	}
	require.Equal(t, "A000", ICD10(1).String())
	require.Equal(t, "Z99X9", ICD10(NumICD10-1).String())
	require.Equal(t, NumICD10Categories-1, ICD10(NumICD10-1).CategoryIndex())
	require.Equal(t, 0, ICD10(1).CategoryIndex())
}

func TestOPCS4Exhaustive(t *testing.T) {
	prev := ""
	for c := OPCS4(1); c < NumOPCS4; c++ {
		s := c.String()
		got, notes, ok := NormalizeOPCS4(s)
		if !ok || got != c || notes != 0 || s <= prev || c.Letter() != s[0] {
			t.Fatalf("%d: %q → %d, %s, %v (previous %q)", c, s, got, notes, ok, prev)
		}
		prev = s
	}
	require.Equal(t, "A000", OPCS4(1).String())
	require.Equal(t, "Z999", OPCS4(NumOPCS4-1).String())
}

func TestZeroAndOutOfRange(t *testing.T) {
	for _, c := range []ICD10{0, NumICD10, NumICD10 + 5} {
		require.Empty(t, c.String())
		require.Zero(t, c.Letter())
		require.Zero(t, c.Fourth())
		require.Zero(t, c.Fifth())
		require.Zero(t, c.Category())
		require.Zero(t, c.Code4())
		require.Zero(t, c.Len())
		require.Equal(t, -1, c.CategoryIndex())
		first, last := c.CategorySpan()
		require.Zero(t, first+last)
		first, last = c.Code4Span()
		require.Zero(t, first+last)
	}
	for _, c := range []OPCS4{0, NumOPCS4} {
		require.Empty(t, c.String())
		require.Zero(t, c.Letter())
	}
}

// TestRefdataRoundTrip normalises every code of the embedded lists: the
// clean text is the list's code, with the X filler for 3-character codes.
func TestRefdataRoundTrip(t *testing.T) {
	icd, err := refdata.ICD10()
	require.NoError(t, err)
	seen := make(map[ICD10]string, len(icd))
	for _, rc := range icd {
		code, notes, ok := NormalizeICD10(rc.Code)
		want, wantNotes := rc.Code, CodeNote(0)
		if len(rc.Code) == 3 {
			want, wantNotes = rc.Code+"X", NoteXFiller
		}
		if !ok || code.String() != want || notes != wantNotes {
			t.Fatalf("%s → %s, %s, %v; want %s, %s", rc.Code, code, notes, ok, want, wantNotes)
		}
		if other, dup := seen[code]; dup {
			t.Fatalf("%s and %s pack alike", rc.Code, other)
		}
		seen[code] = rc.Code
	}
	opcs, err := refdata.OPCS4()
	require.NoError(t, err)
	for _, rc := range opcs {
		if code, notes, ok := NormalizeOPCS4(rc.Code); !ok || code.String() != rc.Code || notes != 0 {
			t.Fatalf("%s → %s, %s, %v", rc.Code, code, notes, ok)
		}
	}
}

func TestCodeNoteString(t *testing.T) {
	require.Equal(t, "none", CodeNote(0).String())
	require.Equal(t, "dot|x-filler", (NoteDot | NoteXFiller).String())
	require.Equal(t, "trimmed|dot|lower|x-filler|dash5|dagger|asterisk|opcs-5th",
		(NoteTrimmed | NoteDot | NoteLower | NoteXFiller | NoteDash5 | NoteDagger | NoteAsterisk | NoteOPCS5th).String())
	require.Equal(t, "dagger|unknown", (NoteDagger | 1<<15).String())
}

func TestNormalizeAllocs(t *testing.T) {
	raws := []string{"I10", "e11.4-D", " M80.40 ", "G63.2*", "bad!", "E11.4†"}
	var sink ICD10
	n := testing.AllocsPerRun(100, func() {
		for _, r := range raws {
			c, _, _ := NormalizeICD10(r)
			sink += c
		}
	})
	require.Zero(t, n)
	var osink OPCS4
	n = testing.AllocsPerRun(100, func() {
		for _, r := range []string{"W37.1", "w3711", "-", "&"} {
			c, _, _ := NormalizeOPCS4(r)
			osink += c
		}
	})
	require.Zero(t, n)
	buf := make([]byte, 0, 16)
	n = testing.AllocsPerRun(100, func() {
		buf = ICD10(12345).AppendText(buf[:0])
		buf = OPCS4(12345).AppendText(buf)
	})
	require.Zero(t, n)
	require.NotZero(t, sink+ICD10(osink))
}

func FuzzNormalizeICD10(f *testing.F) {
	for _, tc := range icd10Cases {
		f.Add(tc.raw)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		code, _, ok := NormalizeICD10(raw)
		if !ok {
			if code != 0 {
				t.Fatalf("%q rejected with code %d", raw, code)
			}
			return
		}
		s := code.String()
		again, notes, ok := NormalizeICD10(s)
		if !ok || again != code || notes != 0 {
			t.Fatalf("%q → %s → %v, %s, %v", raw, s, again, notes, ok)
		}
		lower, _, ok := NormalizeICD10(strings.ToLower(s))
		if !ok || lower != code {
			t.Fatalf("%q: lower case of %s does not normalise", raw, s)
		}
	})
}

func FuzzNormalizeOPCS4(f *testing.F) {
	for _, tc := range opcs4Cases {
		f.Add(tc.raw)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		code, _, ok := NormalizeOPCS4(raw)
		if !ok {
			if code != 0 {
				t.Fatalf("%q rejected with code %d", raw, code)
			}
			return
		}
		s := code.String()
		again, notes, ok := NormalizeOPCS4(s)
		if !ok || again != code || notes != 0 {
			t.Fatalf("%q → %s → %v, %s, %v", raw, s, again, notes, ok)
		}
		if IsOPCSPlaceholder(raw) {
			t.Fatalf("placeholder %q accepted", raw)
		}
	})
}

func BenchmarkNormalizeICD10(b *testing.B) {
	for _, raw := range []string{"I10X", "E11.4-D", "m80.40"} {
		b.Run("raw="+raw, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				NormalizeICD10(raw)
			}
		})
	}
}

func BenchmarkNormalizeOPCS4(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		NormalizeOPCS4("W37.1")
	}
}
