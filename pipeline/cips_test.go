package pipeline

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/hrgflow/hrgflow/schemas"
)

// TestCIPSLinks runs single-episode spells of three patients and one
// without an identifier through `run` with the cips dataset, and checks
// each spell's CIPS by hand (DOMAIN.md §3.4):
//
//	P1: RA1 1-3 May, DISDEST 51 → RB2 3 May (gap 0: DISDEST) → RC3 6 May
//	    (gap 1 after 5 May, ADMISORC 51, ADMIMETH 81: ADMISORC); RA1 20 May
//	    is a new CIPS (gap 15). Row 2 comes first in the file.
//	P2: RA1 1-2 June DISDEST 19 → RB2 4 June (gap 2, ADMIMETH 2B) → RC3
//	    10 June: gap 2, but DISDEST 19 + ADMISORC 51 + ADMIMETH 21 is the
//	    excluded combination: a new CIPS.
//	P3: a regular day attender discharged to another provider (DISDEST 51)
//	    and admitted there the same day: never linked.
//	No identifier: a CIPS of its own.
func TestCIPSLinks(t *testing.T) {
	csv := `EPIKEY,PSEUDO_HESID,PROCODE3,EPIORDER,SEX,ADMIDATE,EPISTART,EPIEND,DISDATE,DISMETH,DISDEST,DIAG_01,CLASSPAT,ADMIMETH,ADMISORC,STARTAGE
2,P1,RB2,1,1,2024-05-03,2024-05-03,2024-05-05,2024-05-05,1,19,J189,1,21,19,70
1,P1,RA1,1,1,2024-05-01,2024-05-01,2024-05-03,2024-05-03,1,51,J189,1,21,19,70
3,P1,RC3,1,1,2024-05-06,2024-05-06,2024-05-08,2024-05-08,1,19,J189,1,81,51,70
4,P1,RA1,1,1,2024-05-20,2024-05-20,2024-05-21,2024-05-21,1,19,J189,1,21,19,70
5,P2,RA1,1,2,2024-06-01,2024-06-01,2024-06-02,2024-06-02,1,19,J189,1,21,19,40
6,P2,RB2,1,2,2024-06-04,2024-06-04,2024-06-08,2024-06-08,1,19,J189,1,2B,19,40
7,P2,RC3,1,2,2024-06-10,2024-06-10,2024-06-12,2024-06-12,1,19,J189,1,21,51,40
8,P3,RA1,1,1,2024-07-01,2024-07-01,2024-07-01,2024-07-01,1,51,J189,3,11,19,50
9,P3,RB2,1,1,2024-07-01,2024-07-01,2024-07-02,2024-07-02,1,19,J189,1,21,51,50
10,,RA1,1,1,2024-07-01,2024-07-01,2024-07-02,2024-07-02,1,19,J189,1,21,19,50
`
	path := filepath.Join(t.TempDir(), "cips.csv")
	require.NoError(t, os.WriteFile(path, []byte(csv), 0o644))
	out := t.TempDir()
	runFiles(t, out, func(c *Config) { c.Datasets = append(slices.Clone(c.Datasets), "cips") }, path)
	rows := dumpDataset(t, filepath.Join(out, "cips"), schemas.CIPSDictionary())
	require.Len(t, rows, 10, "one row per provider spell")
	bySpellRow := map[string]map[string]string{}
	for _, r := range rows {
		bySpellRow[r["SpellRow"]] = r
	}
	bySpell := map[string]map[string]string{} // by EPIKEY (one-episode spells)
	for _, e := range dumpEpisodes(t, filepath.Join(out, "episodes")) {
		bySpell[e["EPIKEY"]] = bySpellRow[e["SpellRow"]]
	}
	type want struct{ order, count, reason, gap, start, end, los string }
	for row, w := range map[string]want{
		"1":  {"1", "3", "", "", "2024-05-01", "2024-05-08", "7"},
		"2":  {"2", "3", "DISDEST", "0", "2024-05-01", "2024-05-08", "7"},
		"3":  {"3", "3", "ADMISORC", "1", "2024-05-01", "2024-05-08", "7"},
		"4":  {"1", "1", "", "", "2024-05-20", "2024-05-21", "1"},
		"5":  {"1", "2", "", "", "2024-06-01", "2024-06-08", "7"},
		"6":  {"2", "2", "ADMIMETH", "2", "2024-06-01", "2024-06-08", "7"},
		"7":  {"1", "1", "", "", "2024-06-10", "2024-06-12", "2"},
		"8":  {"1", "1", "", "", "2024-07-01", "2024-07-01", "0"},
		"9":  {"1", "1", "", "", "2024-07-01", "2024-07-02", "1"},
		"10": {"1", "1", "", "", "2024-07-01", "2024-07-02", "1"},
	} {
		r := bySpell[row]
		require.NotNil(t, r, "spell of EPIKEY %s", row)
		got := want{r["CIPSOrder"], r["CIPSSpellCount"], r["CIPSLinkReason"], r["CIPSLinkGap"], r["CIPSStart"], r["CIPSEnd"], r["CIPSLOS"]}
		require.Equal(t, w, got, "spell of EPIKEY %s", row)
	}
	same := func(a, b string) bool { return bySpell[a]["CIPSId"] == bySpell[b]["CIPSId"] }
	require.True(t, same("1", "2") && same("2", "3"), "P1's first three spells are one CIPS")
	require.False(t, same("3", "4"))
	require.True(t, same("5", "6"))
	require.False(t, same("6", "7"))
	require.Equal(t, "", bySpell["10"]["PatientID"], "no identifier")
	ids := map[string]bool{}
	for _, r := range rows {
		ids[r["CIPSId"]] = true
	}
	require.Len(t, ids, 7, "CIPS numbered once each")
	_, err := os.Stat(filepath.Join(out, "cips", partName))
	require.NoError(t, err)
}

// TestCIPSLinkRule checks the cases the run test does not: a gap of 3
// days, an overlap, an undischarged previous spell, no transfer evidence.
func TestCIPSLinkRule(t *testing.T) {
	d := schemas.DateOf
	prev := cipsRecord{patient: "P", admidate: d(2024, 5, 1), disdate: d(2024, 5, 3), disdest: "51", classpat: "1"}
	next := cipsRecord{patient: "P", admidate: d(2024, 5, 5), classpat: "1", admisorc: "19", admimeth: "21"}
	require.Equal(t, cipsDISDEST, cipsLink(&prev, &next), "gap 2")
	next.admidate = d(2024, 5, 6)
	require.Equal(t, cipsNotLinked, cipsLink(&prev, &next), "gap 3")
	next.admidate = d(2024, 5, 2)
	require.Equal(t, cipsNotLinked, cipsLink(&prev, &next), "admitted before the previous discharge")
	next.admidate = d(2024, 5, 3)
	p := prev
	p.disdate = schemas.NullDate
	require.Equal(t, cipsNotLinked, cipsLink(&p, &next), "previous spell not discharged")
	p = prev
	p.disdest = "19"
	require.Equal(t, cipsNotLinked, cipsLink(&p, &next), "no transfer evidence")
	next.admisorc = "87"
	require.Equal(t, cipsADMISORC, cipsLink(&p, &next))
	next.classpat = "4"
	require.Equal(t, cipsNotLinked, cipsLink(&p, &next), "regular night attender")
}

// TestCIPSColumnsInDictionaryOrder guards encodeCIPS's fixed positions.
func TestCIPSColumnsInDictionaryOrder(t *testing.T) {
	var names []string
	for _, f := range schemas.CIPSDictionary() {
		names = append(names, f.Name)
	}
	require.Equal(t, []string{"SourceFile", "SpellRow", "PatientID", "Provider", "ADMIDATE", "DISDATE", "CIPSId", "CIPSOrder",
		"CIPSSpellCount", "CIPSStart", "CIPSEnd", "CIPSLOS", "CIPSLinkGap", "CIPSLinkReason"}, names)
}
