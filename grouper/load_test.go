package grouper

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/require"
)

// designFS returns the expressive design as an in-memory folder, with the
// files of edit replaced (an empty value removes the file).
func designFS(t testing.TB, edit map[string]string) fstest.MapFS {
	t.Helper()
	entries, err := os.ReadDir(expressiveDir)
	require.NoError(t, err)
	fsys := fstest.MapFS{}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(expressiveDir, e.Name()))
		require.NoError(t, err)
		fsys[e.Name()] = &fstest.MapFile{Data: data}
	}
	for name, data := range edit {
		if data == "" {
			delete(fsys, name)
			continue
		}
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return fsys
}

// appendRows returns file of the expressive design with rows added.
func appendRows(t testing.TB, file, rows string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(expressiveDir, file))
	require.NoError(t, err)
	return string(data) + rows
}

func TestLoadErrors(t *testing.T) {
	for _, tc := range []struct {
		name, file, data, want string
	}{
		{"unknown column", fileDiagnoses, "codes,root,colour\nI10X,EB03,red\n", "diagnoses.csv:1: colour: unknown column"},
		{"missing column", fileDiagnoses, "codes\nI10X\n", "diagnoses.csv:1: root: required column missing"},
		{"duplicate column", fileHRGs, "hrg,label,hrg\n", "hrgs.csv:1: hrg: column given twice"},
		{"3-character code", fileDiagnoses, "codes,root\n# comment\n\nI10,EB03\n", "diagnoses.csv:4: codes: item \"I10\": 3-character code: write I10X"},
		{"dotted code", fileDiagnoses, "codes,root\nI10.X,EB03\n", "diagnoses.csv:2: codes: item \"I10.X\": dots are not allowed"},
		{"backwards range", fileDiagnoses, "codes,root\nJ18-J12,DZ11\n", "range ends before it starts"},
		{"empty item", fileDiagnoses, "codes,root\nJ18*;;J12*,DZ11\n", "empty item"},
		{"bad 4th character", fileDiagnoses, "codes,root\nJ10A*,DZ11\n", "character 4 ('A') is not allowed"},
		{"bad OPCS", fileProcedures, "codes,hierarchy,root\nW3,60,HN12\n", "procedures.csv:2: codes: item \"W3\": not an OPCS-4 code"},
		{"hierarchy range", fileProcedures, "codes,hierarchy,root\nW37*,100,HN12\n", "procedures.csv:2: hierarchy: \"100\" is not a whole number from 0 to 99"},
		{"missing root", fileProcedures, "codes,hierarchy\nW37*,60\n", "procedures.csv:2: root: required for a grouping procedure"},
		{"unknown flag", fileProcedures, "codes,hierarchy,flags\nW37*,0,imaging\n", "procedures.csv:2: flags: unknown flag \"imaging\""},
		{"bad HRG", fileSplits, "root,order,hrg\nHN12,1,HN12\n", "splits.csv:2: hrg: \"HN12\" is not an HRG code"},
		{"HRG of another root", fileSplits, "root,order,hrg\nHN12,1,HN13Z\n", "splits.csv:2: hrg: HN13Z does not belong to root HN12"},
		{"band upside down", fileSplits, "root,order,hrg,cc_min,cc_max\nHN12,1,HN12A,3,1\n", "splits.csv:2: cc_max: 1 is below cc_min 3"},
		{"bad admission", fileSplits, "root,order,hrg,admission\nHN12,1,HN12A,emergency\n", "admission: \"emergency\" is not one of elective, non_elective"},
		{"bad sex", fileSplits, "root,order,hrg,sex\nHN12,1,HN12A,M\n", "sex: \"M\" is not one of 1, 2"},
		{"field count", fileHRGs, "hrg,label\nUZ01Z\n", "hrgs.csv:2: 1 fields, the header has 2"},
		{"csv syntax", fileHRGs, "hrg,label\nUZ01Z,\"Data\"x\n", "hrgs.csv:2: CSV syntax"},
		{"site with space", fileDiagnoses, "codes,root,trauma_site\nS06*,AA26,upper limb\n", "trauma_site: \"upper limb\": a site is one word"},
		{"min_sites", filePregroup, "priority,rule,root\n1,multiple_trauma,VA01\n", "pregroup.csv:2: min_sites: required for multiple_trauma"},
		{"unknown rule", filePregroup, "priority,rule,root\n1,poisoning,VA01\n", "rule: \"poisoning\" is not one of burns, multiple_trauma"},
		{"per_day procedure", fileUnbundled, "trigger,codes,hrg,per_day\nprocedure,U05*,RD20Z,yes\n", "unbundled.csv:2: per_day: a procedure trigger has no day count"},
		{"codes on day trigger", fileUnbundled, "trigger,codes,hrg\nrehabilitation_days,U05*,VC40Z\n", "unbundled.csv:2: codes: only for procedure triggers"},
		{"weight", fileCC, "subchapter,codes,weight\nDZ,I10X,0\n", "cc.csv:2: weight: \"0\" is not a whole number from 1 to 99"},
		{"subchapter", fileCC, "subchapter,codes\nDZ1,I10X\n", "cc.csv:2: subchapter: \"DZ1\" is not a 2-letter HRG subchapter"},
		{"no header", fileSplits, "# only a comment\n", "splits.csv:1: no header row"},
		{"missing file", fileSplits, "", "splits.csv:0: cannot read"},
		{"manifest key", fileManifest, `{"name":"x","version":"1","notice":"n",` + "\n" + `"colour":"red"}`, "manifest.json:2: colour: unknown key"},
		{"manifest notice", fileManifest, `{"name":"x","version":"1"}`, "manifest.json:1: notice: required and empty"},
		{"manifest syntax", fileManifest, "{\n\"name\": }", "manifest.json:2: JSON syntax"},
		{"manifest date", fileManifest, `{"name":"x","version":"1","notice":"n","valid_from":"1/4/2024"}`, "valid_from: \"1/4/2024\" is not a YYYY-MM-DD date"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(designFS(t, map[string]string{tc.file: tc.data}))
			require.Error(t, err)
			require.Contains(t, err.Error(), tc.want)
			var te *TableError
			require.True(t, errors.As(err, &te), "errors are *TableError")
		})
	}
}

func TestLoadOptionalFiles(t *testing.T) {
	fsys := designFS(t, map[string]string{filePregroup: "", fileCC: "", fileExclusions: "", fileUnbundled: "", "README.md": "ignored"})
	d, err := Load(fsys)
	require.NoError(t, err)
	tab, _, err := Compile(d)
	require.NoError(t, err)
	require.Equal(t, "expressive", tab.Manifest().Name)
}

func TestLoadDirNames(t *testing.T) {
	_, err := LoadDir(filepath.Join("testdata", "no-such-design"))
	require.ErrorContains(t, err, "design folder")
	dir := t.TempDir()
	for name, f := range designFS(t, map[string]string{fileHRGs: "hrg,label\nUZ01\n"}) {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), f.Data, 0o644))
	}
	_, err = LoadDir(dir)
	require.ErrorContains(t, err, filepath.Join(dir, "hrgs.csv")+":2:")
}

func TestLoadCollectsEveryError(t *testing.T) {
	_, err := Load(designFS(t, map[string]string{fileDiagnoses: "codes,root\nI10,EB03\nJ18-J12,DZ11\n"}))
	require.Error(t, err)
	require.Equal(t, 2, strings.Count(err.Error(), "diagnoses.csv:"), err.Error())
}

func TestCodeLists(t *testing.T) {
	for in, want := range map[string]string{
		"I10X":         "I10X",
		"I10X;A000":    "I10X;A000",
		"I2*":          "I200-I29X9",
		"S*":           "S000-S99X9",
		"I25X*":        "I25X-I25X9",
		"M8040":        "M8040",
		"I20-I25":      "I200-I25X9",
		"I200-I25":     "I200-I25X9",
		" J18* ; I10X": "J180-J18X9;I10X",
	} {
		spans, err := parseICDList(in)
		require.NoError(t, err, in)
		require.Equal(t, want, spansText(spans), in)
	}
	for in, want := range map[string]string{"W371": "W371", "W37*": "W370-W379", "W*": "W000-W999", "W37-W39": "W370-W399"} {
		spans, err := parseOPCSList(in)
		require.NoError(t, err, in)
		require.Equal(t, want, spansText(spans), in)
	}
	for _, bad := range []string{"*", "I10", "i10x", "I10XX", "I1X*", "1*", "I10X-", "-I10X", "I10X7D"} {
		_, err := parseICDList(bad)
		require.Error(t, err, bad)
	}
	for _, bad := range []string{"W37", "W3711", "w371", "W3X*", "W39-W37"} {
		_, err := parseOPCSList(bad)
		require.Error(t, err, bad)
	}
}
