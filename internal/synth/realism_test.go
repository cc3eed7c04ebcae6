package synth

import (
	"bytes"
	"context"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/hrgflow/hrgflow/internal/refdata"
	"github.com/stretchr/testify/require"
)

// cleanOutput is a BadRate 0 run shared by the realism tests.
var cleanOutput = sync.OnceValues(func() ([]byte, error) {
	var buf bytes.Buffer
	_, err := Generate(context.Background(), &buf, testConfig(60_000, 0))
	return buf.Bytes(), err
})

func cleanRun(t *testing.T) table {
	out, err := cleanOutput()
	require.NoError(t, err)
	return parse(t, out)
}

func TestSpells(t *testing.T) {
	tb := cleanRun(t)
	bySpell := map[string][][]string{}
	var order []string
	for _, r := range tb.rows {
		id := tb.get(r, "SUSSPELLID")
		if bySpell[id] == nil {
			order = append(order, id)
		}
		bySpell[id] = append(bySpell[id], r)
	}
	for _, id := range order {
		checkSpell(t, tb, bySpell[id])
	}
}

// checkSpell checks DOMAIN.md 3.5's invariants on one spell's episodes.
func checkSpell(t *testing.T, tb table, eps [][]string) {
	first := eps[0]
	for k, r := range eps {
		for _, f := range []string{"PSEUDO_HESID", "PROCODE3", "ADMIDATE", "ADMIMETH", "CLASSPAT", "SEX"} {
			require.Equal(t, tb.get(first, f), tb.get(r, f), f)
		}
		require.Equal(t, strconv.Itoa(k+1), tb.get(r, "EPIORDER"))
		start, end := tb.date(t, r, "EPISTART"), tb.date(t, r, "EPIEND")
		require.Equal(t, int(end.Sub(start).Hours()/24), tb.int(t, r, "EPIDUR"))
		if k == 0 {
			require.Equal(t, tb.get(r, "ADMIDATE"), tb.get(r, "EPISTART"))
		} else {
			require.Equal(t, tb.get(eps[k-1], "EPIEND"), tb.get(r, "EPISTART"), "contiguous episodes")
		}
		if k < len(eps)-1 {
			require.Equal(t, []string{"", "8", "98"}, []string{tb.get(r, "DISDATE"), tb.get(r, "DISMETH"), tb.get(r, "DISDEST")})
			continue
		}
		require.Equal(t, tb.get(r, "EPIEND"), tb.get(r, "DISDATE"))
		require.NotEqual(t, "8", tb.get(r, "DISMETH"))
		require.NotEqual(t, "98", tb.get(r, "DISDEST"))
	}
	if tb.get(first, "CLASSPAT") == "2" {
		require.Len(t, eps, 1, "day cases have one episode")
		require.Equal(t, "0", tb.get(first, "EPIDUR"))
		require.Contains(t, []string{"11", "12", "13"}, tb.get(first, "ADMIMETH"))
	}
}

// TestPatients checks that a patient's spells never overlap and that
// nobody is admitted after dying.
func TestPatients(t *testing.T) {
	tb := cleanRun(t)
	type stay struct {
		adm, dis time.Time
		died     bool
	}
	stays := map[string][]stay{}
	for _, r := range tb.rows {
		if tb.get(r, "DISMETH") != "8" {
			id := tb.get(r, "PSEUDO_HESID")
			stays[id] = append(stays[id], stay{tb.date(t, r, "ADMIDATE"), tb.date(t, r, "DISDATE"), tb.get(r, "DISMETH") == "4"})
		}
	}
	several := 0
	for _, ss := range stays {
		slices.SortFunc(ss, func(a, b stay) int { return a.adm.Compare(b.adm) })
		for i := 1; i < len(ss); i++ {
			require.True(t, ss[i].adm.After(ss[i-1].dis), "overlapping spells")
			require.False(t, ss[i-1].died, "admitted after death")
			several++
		}
	}
	require.Positive(t, several)
}

// TestSexAge checks the sex and age rules of the validation checklist on
// every row of a clean run.
func TestSexAge(t *testing.T) {
	tb := cleanRun(t)
	in := func(c string, ch byte, lo, hi int) bool {
		n, _ := strconv.Atoi(c[1:3])
		return c[0] == ch && n >= lo && n <= hi
	}
	for _, r := range tb.rows {
		sex, age := tb.get(r, "SEX"), tb.ageYears(t, r)
		for _, c := range tb.codes(r, "DIAG_4_", maxDiag) {
			if c[0] == 'O' || in(c, 'C', 51, 58) || in(c, 'N', 70, 98) {
				require.Equal(t, "2", sex, c)
			}
			if in(c, 'C', 60, 63) || in(c, 'N', 40, 51) {
				require.Equal(t, "1", sex, c)
			}
			if c[0] == 'O' {
				require.True(t, age >= 15 && age <= 50, "%s at age %d", c, age)
			}
			if c[0] == 'P' {
				require.Zero(t, age, c)
			}
		}
		require.NotContains(t, []byte{'V', 'W', 'X', 'Y'}, tb.get(r, "DIAG_4_01")[0], "external cause as primary")
		if tb.get(r, "ADMIMETH") == "31" {
			require.Equal(t, "2", sex)
		}
	}
}

func TestCodesFromRefdata(t *testing.T) {
	tb := cleanRun(t)
	icd, opcs := diagSet(t), procSet(t)
	for _, r := range tb.rows {
		diags := tb.codes(r, "DIAG_4_", maxDiag)
		require.NotEmpty(t, diags)
		require.Equal(t, diags[0], tb.get(r, "DIAG_4_01"), "diagnoses are packed from the first field")
		for _, c := range diags {
			require.True(t, icd[c], "diagnosis %q not in refdata", c)
		}
		procs, dates := tb.codes(r, "OPERTN_4_", maxProc), tb.codes(r, "OPDATE_", maxProc)
		if procs[0] == "-   " {
			require.Len(t, procs, 1)
			require.Empty(t, dates)
			continue
		}
		require.NotContains(t, "YZ", procs[0][:1], "subsidiary code as main procedure")
		require.Len(t, dates, len(procs))
		start, end := tb.date(t, r, "EPISTART"), tb.date(t, r, "EPIEND")
		for i, c := range procs {
			require.True(t, opcs[c], "procedure %q not in refdata", c)
			d := tb.date(t, r, "OPDATE_"+strconv.Itoa(101 + i)[1:])
			require.False(t, d.Before(start) || d.After(end), "OPDATE outside the episode")
		}
	}
}

// diagSet is every DIAG_4 value refdata allows: 3-character codes with X
// filler, 4-character codes, 5-character codes cut to four.
func diagSet(t *testing.T) map[string]bool {
	codes, err := refdata.ICD10()
	require.NoError(t, err)
	set := map[string]bool{}
	for _, c := range codes {
		k := c.Code
		if len(k) == 3 {
			k += "X"
		}
		set[k[:4]] = true
	}
	for _, bad := range invalidDiagnoses {
		require.False(t, set[bad], "invalid diagnosis %s is in refdata", bad)
	}
	return set
}

func procSet(t *testing.T) map[string]bool {
	codes, err := refdata.OPCS4()
	require.NoError(t, err)
	set := map[string]bool{}
	for _, c := range codes {
		set[c.Code] = true
	}
	return set
}

// TestMix checks the broad shares the package promises.
func TestMix(t *testing.T) {
	tb := cleanRun(t)
	var spells, elective, emergency, ordinary, dayCase, multi, infants, died float64
	for _, r := range tb.rows {
		if tb.get(r, "DISMETH") == "4" {
			died++
		}
		if tb.get(r, "EPIORDER") == "2" {
			multi++
		}
		if tb.get(r, "EPIORDER") != "1" {
			continue
		}
		spells++
		switch m := tb.get(r, "ADMIMETH"); {
		case m[0] == '1':
			elective++
		case m[0] == '2':
			emergency++
		}
		switch tb.get(r, "CLASSPAT") {
		case "1":
			ordinary++
		case "2":
			dayCase++
		}
		if a := tb.int(t, r, "STARTAGE"); a >= 7001 && a <= 7007 {
			infants++
		}
	}
	require.InDelta(t, 0.40, elective/spells, 0.05, "elective")
	require.InDelta(t, 0.50, emergency/spells, 0.05, "emergency")
	require.InDelta(t, 0.62, ordinary/spells, 0.05, "ordinary admissions")
	require.InDelta(t, 0.34, dayCase/spells, 0.05, "day cases")
	require.InDelta(t, 0.125, multi/spells, 0.03, "multi-episode spells")
	require.InDelta(t, 0.06, infants/spells, 0.03, "infants")
	require.InDelta(t, 0.015, died/spells, 0.01, "deaths")
}
