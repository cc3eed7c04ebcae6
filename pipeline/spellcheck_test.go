package pipeline

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestSpellConsistencyRules runs a HES-layout file whose spells break each
// spell rule once and checks the reasons on each row.
func TestSpellConsistencyRules(t *testing.T) {
	csv := `EPIKEY,SUSSPELLID,EPIORDER,SEX,ADMIDATE,EPISTART,EPIEND,DISDATE,DISMETH,DISDEST,DIAG_01,CLASSPAT,ADMIMETH,ADMISORC
1,A,1,1,2024-05-01,2024-05-01,2024-05-02,,8,98,J189,1,21,19
2,A,3,1,2024-05-01,2024-05-02,2024-05-04,2024-05-04,1,19,J189,1,21,19
3,B,1,2,2024-05-01,2024-05-01,2024-05-02,2024-05-02,1,19,J189,1,21,19
4,B,1,1,2024-05-01,2024-05-02,2024-05-03,2024-05-03,1,19,J189,1,21,19
5,C,2,2,2024-05-03,2024-05-03,2024-05-04,2024-05-04,1,19,J189,1,21,19
6,C,1,2,2024-05-01,2024-05-01,2024-05-03,,8,98,J189,1,21,19
`
	path := filepath.Join(t.TempDir(), "spells.csv")
	require.NoError(t, os.WriteFile(path, []byte(csv), 0o644))
	out := t.TempDir()
	runFiles(t, out, nil, path)
	got := map[string][]string{}
	for _, q := range dumpQuality(t, out) {
		if q["Reason"][0] == 'S' && q["Reason"] >= "S07" {
			got[q["SourceRow"]] = append(got[q["SourceRow"]], q["Reason"]+" "+q["Field"])
		}
	}
	require.Equal(t, map[string][]string{
		"2": {"S07 EPIORDER"},            // 1 then 3: episode 2 missing
		"3": {"S10 DISDATE"},             // B: two episodes numbered 1; the first (input order) is not last
		"4": {"S08 EPIORDER", "S09 SEX"}, // duplicate EPIORDER, and SEX differs
		"5": {"S09 ADMIDATE"},            // C in EPIORDER order is row 6 then row 5
	}, got)
	eps := dumpEpisodes(t, episodesFile(out))
	require.Equal(t, "UZ01Z", eps[3]["FCE_HRG"], "S08 is an error: the episode cannot be grouped")
	require.Equal(t, "UZ01Z", eps[2]["SpellHRG"], "and it cascades to its spell")
}
