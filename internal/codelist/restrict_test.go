package codelist

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParseRestrictions(t *testing.T) {
	rules, err := parseRestrictions("# c\n"+restrictionsHeader+"\nC60,C63,M,,,male genital, with a comma\nO00,O99,F,10,60,obstetric\nP00,P96,,0,,perinatal\n", "r.csv")
	require.NoError(t, err)
	require.Len(t, rules, 3)
	r := rules[0]
	require.Equal(t, 3, r.line)
	require.Equal(t, "C600", r.first.String())
	require.Equal(t, "C63X9", r.last.String())
	require.Equal(t, "male genital, with a comma", r.basis)
	require.Equal(t, SexMale, r.sex)
	require.False(t, r.hasAge())
	require.Equal(t, [2]int{10, 60}, [2]int{rules[1].minAge, rules[1].maxAge})
	require.Equal(t, [2]int{0, -1}, [2]int{rules[2].minAge, rules[2].maxAge})

	rules, err = parseRestrictions(restrictionsHeader+"\nD074,D076,M,,,x\nM8040,M8040,,5,,y\n", "r.csv")
	require.NoError(t, err)
	require.Equal(t, "D074 D0769", rules[0].first.String()+" "+rules[0].last.String())
	require.Equal(t, "M8040 M8040", rules[1].first.String()+" "+rules[1].last.String())
}

func TestParseRestrictionsErrors(t *testing.T) {
	h := restrictionsHeader + "\n"
	for _, tc := range []struct {
		name, text, want string
	}{
		{"no header", "# only a comment\n", "r.csv:1: no header"},
		{"wrong header", "first,last\nC60,C63,M,,,x\n", `r.csv:1: header "first,last"`},
		{"fields", h + "C60,C63,M\n", "r.csv:2: 3 fields, want 6"},
		{"first", h + "C6,C63,M,,,x\n", `r.csv:2: first: "C6" is not`},
		{"dotted", h + "C60,C63.1,M,,,x\n", `r.csv:2: last: "C63.1" is not`},
		{"order", h + "C63,C60,M,,,x\n", "r.csv:2: last: C60 comes before C63"},
		{"sex", h + "C60,C63,X,,,x\n", `r.csv:2: sex: "X", want M, F or blank`},
		{"min age", h + "O00,O99,F,-1,,x\n", `r.csv:2: min_age: "-1" is not an age`},
		{"max age", h + "O00,O99,F,,200,x\n", `r.csv:2: max_age: "200" is not an age`},
		{"age order", h + "O00,O99,F,60,10,x\n", "r.csv:2: min_age: 60 is above max_age 10"},
		{"nothing", h + "O00,O99,,,,x\n", "r.csv:2: neither sex nor age limit"},
		{"basis", h + "O00,O99,F,,, \n", "r.csv:2: basis: empty"},
		{"overlap sex", h + "N40,N51,M,,,x\nN50,N60,F,,,y\n", "r.csv:3: N50-N60 overlaps N40-N51 of line 2"},
		{"overlap age", h + "P00,P96,,0,0,x\n\nP960,P960,,0,1,y\n", "r.csv:4: P960-P960 overlaps P00-P96 of line 2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseRestrictions(tc.text, "r.csv")
			require.ErrorContains(t, err, tc.want)
		})
	}
	// Different kinds of limit may overlap.
	_, err := parseRestrictions(h+"O00,O99,F,,,x\nO00,O99,,10,60,y\n", "r.csv")
	require.NoError(t, err)
}

// TestProjectTableFile checks the embedded table parses and that its
// README's table has a row for every range.
func TestProjectTableFile(t *testing.T) {
	rules, err := projectRestrictions()
	require.NoError(t, err)
	readme, err := os.ReadFile("data/README.md")
	require.NoError(t, err)
	for _, r := range rules {
		require.NotEmpty(t, r.basis)
		require.Contains(t, string(readme), "\n| "+dotted(r.from), "line %d", r.line)
	}
}

// dotted writes a 4-character code with its dot, as the README does.
func dotted(code string) string {
	if len(code) > 3 {
		return code[:3] + "." + code[3:]
	}
	return code
}

func FuzzLoadICD10TRUD(f *testing.F) {
	f.Add(trudHeader + "\n" + row("A00.0", "DAGGER", "1", "0", "12"))
	f.Add(trudHeader + "\n" + row("I10", "", "", "", "") + "\n" + row("M80.40", "ASTERISK", "2", "", "60"))
	f.Add("CODE\tDESCRIPTION\tUSAGE\tGENDER_MASK\tMIN_AGE\tMAX_AGE\nA00\tx\t\t\t\t\n")
	f.Fuzz(func(t *testing.T, text string) {
		src, err := LoadICD10TRUD(strings.NewReader(text), "f.txt")
		if err != nil {
			return
		}
		if _, err := Build(Options{ICD10: src, OPCS4: &OPCS4Source{Name: "none"}, NoProjectRestrictions: true}); err != nil && !strings.Contains(err.Error(), "repeats line") {
			t.Fatalf("build: %v", err)
		}
	})
}
