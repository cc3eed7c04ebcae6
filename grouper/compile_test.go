package grouper

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// compileEdited compiles the expressive design with rows appended to
// files, returning the diagnostics as text and the error.
func compileEdited(t *testing.T, add map[string]string) ([]string, error) {
	t.Helper()
	edit := map[string]string{}
	for file, rows := range add {
		edit[file] = appendRows(t, file, rows)
	}
	d, err := Load(designFS(t, edit))
	require.NoError(t, err)
	tab, diags, err := Compile(d)
	require.Equal(t, err == nil, tab != nil)
	var out []string
	for _, dg := range diags {
		out = append(out, dg.Error())
	}
	return out, err
}

func TestCompileDiagnostics(t *testing.T) {
	for _, tc := range []struct {
		name string
		add  map[string]string
		want string
		warn bool
	}{
		{"unlisted split HRG", map[string]string{fileSplits: "HD24,2,HD24Y,,,,,,,,,,,\n"}, "splits.csv:47: hrg: HD24Y is not listed in hrgs.csv", false},
		{"unlisted unbundled HRG", map[string]string{fileUnbundled: "procedure,U09*,RD99Z,\n"}, "unbundled.csv:8: hrg: RD99Z is not listed in hrgs.csv", false},
		{"duplicate HRG", map[string]string{fileHRGs: "AA26A,again\n"}, "hrgs.csv:51: hrg: AA26A is listed twice (first at line 3)", false},
		{"code mapped twice", map[string]string{fileDiagnoses: "J181;J90X,EB03,,\n"}, "diagnoses.csv:25: codes: J181 is already mapped at line 11", false},
		{"root without rules", map[string]string{fileDiagnoses: "L40*,JD07,,\n"}, "splits.csv:0: root: root JD07 (named at diagnoses.csv:25) has no split rule", false},
		{"rule after catch-all", map[string]string{fileSplits: "HN12,4,HN12A,3,,,,,,,,,,\n"}, "splits.csv:47: order: rule 4 of HN12 is never reached: the rule at line 26 has no conditions", false},
		{"rule covered by bands", map[string]string{fileSplits: "DZ21,3,DZ21A,1,1,,,,,,,,,\n"}, "rule 3 of DZ21 is never reached: the rules at lines 11 catch every case", false},
		{"duplicate order", map[string]string{fileSplits: "HD24,1,HD24Z,,,,,,,,,,,\n"}, "splits.csv:47: order: root HD24 has two rules with order 1 (line 23)", false},
		{"gap", map[string]string{fileDiagnoses: "L40*,JD07,,\n", fileSplits: "JD07,1,JD07A,3,,,,,,,,,,\n", fileHRGs: "JD07A,Psoriasis\n"}, "splits.csv:47: warning: the rules of JD07 leave a gap (such episodes group to UZ01Z): no rule matches cc 0–2", true},
		{"age gap", map[string]string{fileDiagnoses: "L40*,JD07,,\n", fileSplits: "JD07,1,JD07A,,,19,,,,,,,,\n", fileHRGs: "JD07A,Psoriasis\n"}, "no rule matches age 0–18", true},
		{"root nothing leads to", map[string]string{fileSplits: "JD07,1,JD07A,,,,,,,,,,,\n", fileHRGs: "JD07A,Psoriasis\n"}, "splits.csv:47: root: warning: no diagnosis, procedure or pre-grouping rule leads to root JD07", true},
		{"shadowed procedure", map[string]string{fileProcedures: "W371,70,HN13,,\n"}, "procedures.csv:22: codes: warning: row never applies: every code is matched first by the row at line 3", true},
		{"partly shadowed", map[string]string{fileProcedures: "W36-W37,70,HN13,,\n"}, "procedures.csv:22: codes: warning: W370 and 9 more codes are matched first by the row at line 3", true},
		{"condition after catch-all", map[string]string{fileProcedures: "H01*,50,HN13,R10*,\n"}, "procedures.csv:22: codes: warning: row never applies", true},
		{"CC listed twice", map[string]string{fileCC: "DZ,I10X;I11X,2\n"}, "cc.csv:34: codes: I10X is already on the DZ list at line 3", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			diags, err := compileEdited(t, tc.add)
			require.Equal(t, tc.warn, err == nil, "error: %v", err)
			require.Contains(t, strings.Join(diags, "\n"), tc.want)
			if !tc.warn {
				require.Contains(t, err.Error(), tc.want, "the error lists every error diagnostic")
			}
		})
	}
}

func TestCompileMissingUZ01Z(t *testing.T) {
	hrgs := strings.Replace(appendRows(t, fileHRGs, ""), "UZ01Z,Data Invalid for Grouping\n", "", 1)
	d, err := Load(designFS(t, map[string]string{fileHRGs: hrgs}))
	require.NoError(t, err)
	_, _, err = Compile(d)
	require.ErrorContains(t, err, "hrgs.csv:0: hrg: UZ01Z (Data Invalid for Grouping) is missing")
}

func TestCompileReachability(t *testing.T) {
	// A catch-all after sex 1 and sex 2 still catches unknown sexes: no error.
	diags, err := compileEdited(t, map[string]string{fileSplits: "LA04,3,LA04B,,,,,,,,,,,\n"})
	require.NoError(t, err)
	require.Empty(t, diags)
}

func TestCheck(t *testing.T) {
	diags, err := Check(expressiveDir)
	require.NoError(t, err)
	require.Empty(t, diags)
	_, err = Check("no-such-folder")
	require.Error(t, err)
}

func TestTableAccessors(t *testing.T) {
	tab := expressive(t)
	hrgs := tab.HRGs()
	require.Len(t, hrgs, 46)
	require.Contains(t, hrgs, hrgUZ01Z)
	require.Equal(t, "Data Invalid for Grouping", tab.HRGLabel(hrgUZ01Z))
	require.Equal(t, "", tab.HRGLabel(HRG{'Z', 'Z', '9', '9', 'Z'}))
	require.True(t, tab.DiagnosisMapped(icd(t, "J189")))
	require.False(t, tab.DiagnosisMapped(icd(t, "I10X")))
	require.True(t, tab.ProcedureMapped(opcs(t, "W371")))
	require.True(t, tab.ProcedureMapped(opcs(t, "B281")), "conditional rows count")
	require.False(t, tab.ProcedureMapped(opcs(t, "X999")))
	require.False(t, tab.DiagnosisMapped(1<<30))
	h, ok := ParseHRG("FD01A")
	require.True(t, ok)
	require.Equal(t, "FD01A", h.String())
	require.Equal(t, "", HRG{}.String())
	for _, bad := range []string{"FD01", "fd01a", "F101A", "FD0AA", "FD01a"} {
		_, ok := ParseHRG(bad)
		require.False(t, ok, bad)
	}
}
