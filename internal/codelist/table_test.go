package codelist

import (
	"strings"
	"sync"
	"testing"

	"github.com/hrgflow/hrgflow/internal/refdata"
	"github.com/hrgflow/hrgflow/schemas"
	"github.com/stretchr/testify/require"
)

func icd(t testing.TB, s string) schemas.ICD10 {
	t.Helper()
	c, _, ok := schemas.NormalizeICD10(s)
	require.True(t, ok, s)
	return c
}

func opcs(t testing.TB, s string) schemas.OPCS4 {
	t.Helper()
	c, _, ok := schemas.NormalizeOPCS4(s)
	require.True(t, ok, s)
	return c
}

func mustDefault(t testing.TB) *Table {
	t.Helper()
	tab, err := Default()
	require.NoError(t, err)
	return tab
}

// TestDefaultCoversRefdata checks that every embedded code is valid with
// its title, and that the table holds no other valid codes.
func TestDefaultCoversRefdata(t *testing.T) {
	tab := mustDefault(t)
	codes, err := refdata.ICD10()
	require.NoError(t, err)
	want := make(map[schemas.ICD10]bool, len(codes))
	for _, rc := range codes {
		c := icd(t, rc.Code)
		want[c] = true
		if !tab.ICD10(c).Valid || tab.ICD10Title(c) != rc.Title {
			t.Fatalf("%s: info %+v, title %q", rc.Code, tab.ICD10(c), tab.ICD10Title(c))
		}
		if tab.Category(c) == CategoryUnknown {
			t.Fatalf("%s: category unknown", rc.Code)
		}
	}
	valid := 0
	for c := schemas.ICD10(1); c < schemas.NumICD10; c++ {
		if tab.ICD10(c).Valid {
			valid++
			if !want[c] {
				t.Fatalf("%s valid but not in refdata", c)
			}
		}
	}
	require.Equal(t, len(codes), valid)

	ops, err := refdata.OPCS4()
	require.NoError(t, err)
	for _, rc := range ops {
		c := opcs(t, rc.Code)
		if !tab.OPCS4(c).Valid || tab.OPCS4Title(c) != rc.Title {
			t.Fatalf("%s: info %+v, title %q", rc.Code, tab.OPCS4(c), tab.OPCS4Title(c))
		}
	}
	valid = 0
	for c := schemas.OPCS4(1); c < schemas.NumOPCS4; c++ {
		if tab.OPCS4(c).Valid {
			valid++
		}
	}
	require.Equal(t, len(ops), valid)
	require.False(t, tab.UsageKnown())
	require.Contains(t, tab.Source(), "UK Biobank data-coding 19 (16310 codes)")
	require.Contains(t, tab.Source(), "data-coding 240 (9697 codes)")
	require.Contains(t, tab.Source(), "project table (25 rules)")
}

// TestDefaultNodes checks the category kinds against the embedded tree:
// every non-selectable 3-character node is a subdivided category, every
// non-selectable 4-character node a parent.
func TestDefaultNodes(t *testing.T) {
	tab := mustDefault(t)
	nodes, err := refdata.ICD10Nodes()
	require.NoError(t, err)
	require.NotEmpty(t, nodes)
	for _, n := range nodes {
		c := icd(t, n.Code)
		if len(n.Code) == 3 {
			require.True(t, tab.SubdividedCategory(c), n.Code)
			require.Equal(t, n.Title, tab.CategoryTitle(c), n.Code)
		} else {
			in := tab.ICD10(c)
			require.True(t, in.Parent && !in.Valid, n.Code)
			require.Equal(t, n.Title, tab.ICD10Title(c), n.Code)
		}
	}
	kinds := map[CategoryKind]int{}
	for _, k := range tab.cats {
		kinds[k]++
	}
	// 1,802 subdivided categories in the tree and 258 undivided ones (M45,
	// T08 among them: selectable, with X-filler 5th characters as well).
	require.Equal(t, map[CategoryKind]int{CategoryUnknown: 540, CategoryUndivided: 258, CategorySubdivided: 1802}, kinds)
}

func TestDefaultCategories(t *testing.T) {
	tab := mustDefault(t)
	for _, tc := range []struct {
		code  string
		kind  CategoryKind
		valid bool
	}{
		{"I21", CategorySubdivided, false},
		{"I21X", CategorySubdivided, false},
		{"I210", CategorySubdivided, true},
		{"I10", CategoryUndivided, true},
		{"I10X", CategoryUndivided, true},
		{"I100", CategoryUndivided, false},
		{"R69X", CategoryUndivided, true},
		{"M45X", CategoryUndivided, true},
		{"M45X0", CategoryUndivided, true},
		{"A10", CategoryUnknown, false},
		{"J960", CategorySubdivided, false},
		{"J9600", CategorySubdivided, true},
	} {
		c := icd(t, tc.code)
		require.Equal(t, tc.kind, tab.Category(c), tc.code)
		require.Equal(t, tc.kind == CategorySubdivided, tab.SubdividedCategory(c), tc.code)
		require.Equal(t, tc.valid, tab.ICD10(c).Valid, tc.code)
	}
	require.True(t, tab.ICD10(icd(t, "J960")).Parent)
	require.True(t, tab.ICD10(icd(t, "M804")).Parent)
	require.True(t, tab.ICD10(icd(t, "M45X")).Parent)
	require.False(t, tab.ICD10(icd(t, "I10X")).Parent)
	require.Equal(t, CategoryUnknown, tab.Category(0))
	require.Equal(t, ICD10Info{}, tab.ICD10(0))
	require.Equal(t, ICD10Info{}, tab.ICD10(schemas.NumICD10))
	require.Equal(t, OPCS4Info{}, tab.OPCS4(schemas.NumOPCS4))
}

func TestDefaultTitles(t *testing.T) {
	tab := mustDefault(t)
	require.Equal(t, "Essential (primary) hypertension", tab.ICD10Title(icd(t, "I10")))
	require.Equal(t, "Cholera due to Vibrio cholerae 01, biovar cholerae", tab.ICD10Title(icd(t, "A00.0")))
	require.Equal(t, "Acute myocardial infarction", tab.CategoryTitle(icd(t, "I21.9")))
	require.Empty(t, tab.ICD10Title(icd(t, "I21X")))
	require.Equal(t, "Essential (primary) hypertension", tab.CategoryTitle(icd(t, "I10X")))
	require.Equal(t, "Hemispherectomy", tab.OPCS4Title(opcs(t, "A01.1")))
	require.Empty(t, tab.OPCS4Title(opcs(t, "A000")))
}

func TestDefaultOPCS4Flags(t *testing.T) {
	tab := mustDefault(t)
	for _, tc := range []struct {
		code string
		want OPCS4Info
	}{
		{"W371", OPCS4Info{Valid: true}},
		{"X997", OPCS4Info{Valid: true, Placeholder: true}},
		{"X998", OPCS4Info{Valid: true, Placeholder: true}},
		{"X999", OPCS4Info{Valid: true, Placeholder: true}},
		{"X996", OPCS4Info{}},
		{"Y531", OPCS4Info{Valid: true, Subsidiary: true}},
		{"Z941", OPCS4Info{Valid: true, Subsidiary: true}},
		{"A000", OPCS4Info{}},
	} {
		require.Equal(t, tc.want, tab.OPCS4(opcs(t, tc.code)), tc.code)
	}
}

// TestDefaultRestrictions checks that every project rule resolves on the
// codes at both ends of its range, that those categories exist, and a few
// codes by name.
func TestDefaultRestrictions(t *testing.T) {
	tab := mustDefault(t)
	rules, err := projectRestrictions()
	require.NoError(t, err)
	require.Len(t, rules, 25)
	for _, r := range rules {
		for _, end := range []string{r.from, r.to} {
			c := icd(t, end)
			require.NotEqual(t, CategoryUnknown, tab.Category(c), "line %d: %s not in the classification", r.line, end)
			in := tab.ICD10(c)
			require.Equal(t, r.sex, in.Sex, end)
			if r.sex != SexAny {
				require.Equal(t, BasisProject, in.SexBasis, end)
			}
			require.Equal(t, r.hasAge(), in.HasAgeLimit(), end)
			if r.hasAge() {
				require.Equal(t, BasisProject, in.AgeBasis, end)
				require.Equal(t, max(r.minAge, 0), in.MinAge, end)
			}
		}
	}
	for _, tc := range []struct {
		code     string
		sex      Sex
		min, max int
		ages     bool
	}{
		{"C61", SexMale, 0, 0, false},
		{"N40", SexMale, 0, 0, false},
		{"N509", SexMale, 0, 0, false},
		{"D075", SexMale, 0, 0, false},
		{"C539", SexFemale, 0, 0, false},
		{"N951", SexFemale, 0, 0, false},
		{"D250", SexFemale, 0, 0, false},
		{"Z370", SexFemale, 0, 0, false},
		{"Z390", SexFemale, 0, 0, false},
		{"O800", SexFemale, 10, 60, true},
		{"O99", SexFemale, 10, 60, true},
		{"P071", SexAny, 0, 0, true},
		{"Z380", SexAny, 0, 0, true},
		{"I10", SexAny, 0, 0, false},
		{"C50", SexAny, 0, 0, false},
		{"D077", SexAny, 0, 0, false},
		{"N99", SexAny, 0, 0, false},
		{"Q56", SexAny, 0, 0, false},
	} {
		in := tab.ICD10(icd(t, tc.code))
		require.Equal(t, tc.sex, in.Sex, tc.code)
		require.Equal(t, tc.ages, in.HasAgeLimit(), tc.code)
		if tc.ages {
			require.Equal(t, [2]int{tc.min, tc.max}, [2]int{in.MinAge, in.MaxAge}, tc.code)
		}
	}
	o := tab.ICD10(icd(t, "O800"))
	require.True(t, o.AgeAllowed(30))
	require.True(t, o.AgeAllowed(-1))
	require.False(t, o.AgeAllowed(9))
	require.False(t, o.AgeAllowed(61))
	require.True(t, o.SexAllowed(SexFemale))
	require.True(t, o.SexAllowed(SexAny))
	require.False(t, o.SexAllowed(SexMale))
	require.True(t, tab.ICD10(icd(t, "I10")).AgeAllowed(200))
}

func TestNoProjectRestrictions(t *testing.T) {
	tab, err := Build(Options{NoProjectRestrictions: true})
	require.NoError(t, err)
	require.Equal(t, ICD10Info{Valid: true}, tab.ICD10(icd(t, "C61")))
	require.Contains(t, tab.Source(), "sex/age limits: none")
}

// TestInterned checks that the dense index stays two bytes a code and the
// distinct infos few.
func TestInterned(t *testing.T) {
	tab := mustDefault(t)
	require.Len(t, tab.icdIdx, schemas.NumICD10)
	require.Less(t, len(tab.icdInfos), 64)
	require.Equal(t, ICD10Info{}, tab.icdInfos[0])
}

func TestDefaultShared(t *testing.T) {
	var wg sync.WaitGroup
	tabs := make([]*Table, 8)
	for i := range tabs {
		wg.Go(func() { tabs[i] = mustDefault(t) })
	}
	wg.Wait()
	for _, tab := range tabs {
		require.Same(t, tabs[0], tab)
	}
}

func TestLookupAllocs(t *testing.T) {
	tab := mustDefault(t)
	c, o := icd(t, "E11.4"), opcs(t, "W37.1")
	n := testing.AllocsPerRun(100, func() {
		_ = tab.ICD10(c)
		_ = tab.SubdividedCategory(c)
		_ = tab.Category(c)
		_ = tab.OPCS4(o)
	})
	require.Zero(t, n)
}

func TestEnumStrings(t *testing.T) {
	require.Equal(t, "any male female Sex(?)", strings.Join([]string{SexAny.String(), SexMale.String(), SexFemale.String(), Sex(9).String()}, " "))
	require.Equal(t, "none dagger asterisk Usage(?)", strings.Join([]string{UsageNone.String(), UsageDagger.String(), UsageAsterisk.String(), Usage(9).String()}, " "))
	require.Equal(t, "none trud project Basis(?)", strings.Join([]string{BasisNone.String(), BasisTRUD.String(), BasisProject.String(), Basis(9).String()}, " "))
	require.Equal(t, "unknown undivided subdivided CategoryKind(?)", strings.Join([]string{CategoryUnknown.String(), CategoryUndivided.String(), CategorySubdivided.String(), CategoryKind(9).String()}, " "))
}
