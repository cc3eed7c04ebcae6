package validate

import (
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/hrgflow/hrgflow/internal/codelist"
	"github.com/hrgflow/hrgflow/pipeline/domains"
	"github.com/hrgflow/hrgflow/schemas"
)

func newTestValidator(t testing.TB) *Validator {
	t.Helper()
	codes, err := codelist.Default()
	require.NoError(t, err)
	v, err := New(codes)
	require.NoError(t, err)
	return v
}

func allFields() *FieldSet {
	var s FieldSet
	for _, f := range schemas.Dictionary() {
		s.Add(f.Index)
	}
	return &s
}

// cleanEpisode is a plausible finished elective episode that passes every
// rule: the base each case changes one thing of.
func cleanEpisode() schemas.Episode {
	var e schemas.Episode
	e.Reset()
	e.Str[schemas.EPIKEY] = "1"
	for slot, v := range map[int]string{
		schemas.SEX: "1", schemas.ADMIMETH: "11", schemas.ADMISORC: "19", schemas.CLASSPAT: "1",
		schemas.DISMETH: "1", schemas.DISDEST: "19", schemas.MAINSPEF: "110", schemas.TRETSPEF: "110",
		schemas.EPISTAT: "3", schemas.EPITYPE: "1", schemas.ADMINCAT: "01", schemas.ETHNOS: "A",
		schemas.SITETRET: "RXX01", schemas.PURCODE: "00C00", schemas.DIAG_01: "M170", schemas.DIAG_02: "I10X",
		schemas.OPERTN_01: "W401", schemas.OPERTN_02: "Z846",
	} {
		e.Str[slot] = v
	}
	e.Int[schemas.STARTAGE], e.Int[schemas.EPIORDER], e.Int[schemas.EPIDUR] = 67, 1, 3
	d := schemas.DateOf(2024, 5, 1)
	e.Date[schemas.ADMIDATE], e.Date[schemas.EPISTART], e.Date[schemas.EPIEND], e.Date[schemas.DISDATE] = d, d, d+3, d+3
	e.Date[schemas.ELECDATE], e.Date[schemas.OPDATE_01] = d-30, d+1
	return e
}

func reasons(v *Validator, e *schemas.Episode) []string {
	var out []Finding
	var arena []byte
	v.Validate(e, allFields(), 0, &out, &arena)
	var codes []string
	for _, f := range out {
		c := f.Rule.String()
		if f.Field != NoField {
			c += " " + schemas.Dictionary()[f.Field].Name
		}
		codes = append(codes, c)
	}
	sort.Strings(codes)
	return codes
}

func TestCleanEpisodePasses(t *testing.T) {
	v := newTestValidator(t)
	e := cleanEpisode()
	require.Empty(t, reasons(v, &e))
	require.Equal(t, "M170", e.Str[schemas.DIAG_01])
	require.Equal(t, "W401", e.OPCS[0].String())
	require.Equal(t, "I10X", e.ICD[1].String())
	require.Empty(t, e.Str[schemas.CodesRaw])
}

// TestRules is the conformance table of the catalogue: one change to a
// clean episode, and the findings it must produce (and nothing else).
func TestRules(t *testing.T) {
	v := newTestValidator(t)
	d := schemas.DateOf(2024, 5, 1)
	cases := []struct {
		name   string
		change func(e *schemas.Episode)
		want   string // space-separated "CODE FIELD" findings, sorted; "" for none
	}{
		{"dotted lower-case code is normalised", func(e *schemas.Episode) { e.Str[schemas.DIAG_02] = "i10" }, "D05 DIAG_02"},
		{"unknown ICD-10 code", func(e *schemas.Episode) { e.Str[schemas.DIAG_02] = "K998" }, "D02 DIAG_02"},
		{"not an ICD-10 code", func(e *schemas.Episode) { e.Str[schemas.DIAG_02] = "12AB" }, "D01 DIAG_02"},
		{"3-character code of a subdivided category", func(e *schemas.Episode) { e.Str[schemas.DIAG_02] = "I21" }, "D03 DIAG_02"},
		{"X filler on a subdivided category", func(e *schemas.Episode) { e.Str[schemas.DIAG_02] = "I21X" }, "D04 DIAG_02"},
		{"blank primary", func(e *schemas.Episode) { e.Str[schemas.DIAG_01] = "" }, "D06 DIAG_01 D15 DIAG_02"},
		{"R69X6 primary", func(e *schemas.Episode) { e.Str[schemas.DIAG_01] = "R69X6" }, "D07 DIAG_01"},
		{"external cause primary", func(e *schemas.Episode) { e.Str[schemas.DIAG_01] = "W010" }, "D08 DIAG_01"},
		{"asterisk primary", func(e *schemas.Episode) { e.Str[schemas.DIAG_01] = "G632-A" }, "D09 DIAG_01"},
		{"asterisk after its dagger", func(e *schemas.Episode) {
			e.Str[schemas.DIAG_01], e.Str[schemas.DIAG_02] = "E114-D", "G632-A"
		}, ""},
		{"asterisk without dagger", func(e *schemas.Episode) { e.Str[schemas.DIAG_02] = "G632A" }, "D10 DIAG_02"},
		{"female code on a male", func(e *schemas.Episode) { e.Str[schemas.DIAG_02] = "N800" }, "D11 DIAG_02"},
		{"perinatal code on an adult", func(e *schemas.Episode) { e.Str[schemas.DIAG_02] = "P599" }, "D12 DIAG_02"},
		{"perinatal code on an infant code 7002", func(e *schemas.Episode) {
			e.Str[schemas.DIAG_02], e.Int[schemas.STARTAGE] = "P599", 7002
		}, ""},
		{"symptom primary", func(e *schemas.Episode) { e.Str[schemas.DIAG_01] = "R074" }, "D13 DIAG_01"},
		{"Z primary outside accepted uses", func(e *schemas.Episode) { e.Str[schemas.DIAG_01] = "Z470" }, "D14 DIAG_01"},
		{"Z51 primary is accepted", func(e *schemas.Episode) { e.Str[schemas.DIAG_01] = "Z511" }, ""},
		{"diagnosis after a gap", func(e *schemas.Episode) { e.Str[schemas.DIAG_02], e.Str[schemas.DIAG_03] = "", "I10X" }, "D15 DIAG_03"},
		{"older edition primary before April 2016", func(e *schemas.Episode) {
			e.Str[schemas.DIAG_01] = "I48X"
			for _, s := range []int{schemas.ADMIDATE, schemas.EPISTART, schemas.EPIEND, schemas.DISDATE, schemas.ELECDATE, schemas.OPDATE_01} {
				e.Date[s] -= 3650
			}
		}, "D16 DIAG_01 D17 DIAG_01"},
		{"older edition code before April 2016", func(e *schemas.Episode) {
			e.Str[schemas.DIAG_02] = "I48X"
			for _, s := range []int{schemas.ADMIDATE, schemas.EPISTART, schemas.EPIEND, schemas.DISDATE, schemas.ELECDATE, schemas.OPDATE_01} {
				e.Date[s] -= 3650
			}
		}, "D16 DIAG_02"},
		{"fracture with closed 5th character", func(e *schemas.Episode) { e.Str[schemas.DIAG_01] = "S3250" }, ""},
		{"external cause with activity 5th character", func(e *schemas.Episode) { e.Str[schemas.DIAG_02] = "W0199" }, ""},
		{"not an OPCS code", func(e *schemas.Episode) { e.Str[schemas.OPERTN_02] = "W4" }, "O01 OPERTN_02"},
		{"unknown OPCS code", func(e *schemas.Episode) { e.Str[schemas.OPERTN_02] = "A991" }, "O02 OPERTN_02"},
		{"dotted OPCS code", func(e *schemas.Episode) { e.Str[schemas.OPERTN_01] = "W40.1" }, "O03 OPERTN_01"},
		{"site code as main procedure", func(e *schemas.Episode) { e.Str[schemas.OPERTN_01] = "Z846" }, "O04 OPERTN_01"},
		{"procedure after '-'", func(e *schemas.Episode) { e.Str[schemas.OPERTN_01] = "-" }, "O05 OPERTN_02"},
		{"'&' procedure", func(e *schemas.Episode) { e.Str[schemas.OPERTN_02] = "&" }, "O06 OPERTN_02"},
		{"procedure after a gap", func(e *schemas.Episode) { e.Str[schemas.OPERTN_02], e.Str[schemas.OPERTN_03] = "", "Z846" }, "O08 OPERTN_03"},
		{"X99 placeholder", func(e *schemas.Episode) { e.Str[schemas.OPERTN_02] = "X998" }, "O07 OPERTN_02"},
		{"episode ends before it starts", func(e *schemas.Episode) { e.Date[schemas.EPIEND] = d - 1 }, "T02 EPIEND T07 EPIDUR"},
		{"discharge before episode end", func(e *schemas.Episode) { e.Date[schemas.DISDATE] = d + 2 }, "T04 DISDATE"},
		{"start before admission", func(e *schemas.Episode) { e.Date[schemas.ADMIDATE] = d + 1 }, "T03 EPISTART S04 EPISTART"},
		{"decision to admit after admission", func(e *schemas.Episode) { e.Date[schemas.ELECDATE] = d + 1 }, "T05 ELECDATE"},
		{"procedure date outside episode", func(e *schemas.Episode) { e.Date[schemas.OPDATE_01] = d + 9 }, "T06 OPDATE_01"},
		{"EPIDUR mismatch", func(e *schemas.Episode) { e.Int[schemas.EPIDUR] = 4 }, "T07 EPIDUR"},
		{"EPIDUR out of range", func(e *schemas.Episode) { e.Int[schemas.EPIDUR] = 40000 }, "T08 EPIDUR"},
		{"no dates and no EPIDUR", func(e *schemas.Episode) {
			e.Int[schemas.EPIDUR], e.Date[schemas.EPIEND] = schemas.NullInt, schemas.NullDate
		}, "T09 EPISTART"},
		{"unfinished", func(e *schemas.Episode) { e.Str[schemas.EPISTAT] = "1" }, "S01 EPISTAT F03 EPISTAT"}, // EPISTAT 1 was retired after 2016-17,
		{"other maternity event", func(e *schemas.Episode) { e.Str[schemas.EPITYPE] = "5" }, "S02 EPITYPE"},
		{"DISMETH 8 with a discharge date", func(e *schemas.Episode) { e.Str[schemas.DISMETH] = "8" }, "S03 DISMETH"},
		{"EPIORDER 99", func(e *schemas.Episode) { e.Int[schemas.EPIORDER] = 99 }, "S05 EPIORDER"},
		{"died but destination not 79", func(e *schemas.Episode) { e.Str[schemas.DISMETH] = "4" }, "S06 DISDEST"},
		{"SEX missing", func(e *schemas.Episode) { e.Str[schemas.SEX] = "" }, "A01 SEX"},
		{"SEX X (not known) in 2024", func(e *schemas.Episode) { e.Str[schemas.SEX] = "X" }, "A02 SEX"},
		{"SEX 0 after its retirement", func(e *schemas.Episode) { e.Str[schemas.SEX] = "0" }, "A02 SEX F03 SEX"},
		{"STARTAGE missing", func(e *schemas.Episode) { e.Int[schemas.STARTAGE] = schemas.NullInt }, "A03 STARTAGE"},
		{"STARTAGE 150", func(e *schemas.Episode) { e.Int[schemas.STARTAGE] = 150 }, "A04 STARTAGE"},
		{"STARTAGE 999", func(e *schemas.Episode) { e.Int[schemas.STARTAGE] = 999 }, "A05 STARTAGE"},
		{"mandatory field missing", func(e *schemas.Episode) { e.Str[schemas.CLASSPAT] = "" }, "F01 CLASSPAT"},
		{"CLASSPAT 10", func(e *schemas.Episode) { e.Str[schemas.CLASSPAT] = "10" }, "F02 CLASSPAT"},
		{"ADMISORC 39 after its retirement", func(e *schemas.Episode) { e.Str[schemas.ADMISORC] = "39" }, "F03 ADMISORC"},
		{"ADMIMETH 2A before 2013", func(e *schemas.Episode) {
			e.Str[schemas.ADMIMETH] = "2A"
			for _, s := range []int{schemas.ADMIDATE, schemas.EPISTART, schemas.EPIEND, schemas.DISDATE, schemas.ELECDATE, schemas.OPDATE_01} {
				e.Date[s] -= 5000
			}
		}, "F04 ADMIMETH"},
		{"TRETSPEF &", func(e *schemas.Episode) { e.Str[schemas.TRETSPEF] = "&" }, "F05 TRETSPEF"},
		{"ETHNOS not a code", func(e *schemas.Episode) { e.Str[schemas.ETHNOS] = "Q" }, "F06 ETHNOS"},
		{"SITETRET missing", func(e *schemas.Episode) { e.Str[schemas.SITETRET] = "" }, "G01 SITETRET"},
		{"SITETRET short", func(e *schemas.Episode) { e.Str[schemas.SITETRET] = "01" }, "G02 SITETRET"},
		{"3-character commissioner", func(e *schemas.Episode) { e.Str[schemas.PURCODE] = "00C" }, "G03 PURCODE"},
	}
	covered := map[string]bool{}
	for _, c := range cases {
		e := cleanEpisode()
		c.change(&e)
		got := reasons(v, &e)
		want := []string{}
		if c.want != "" {
			parts := strings.Fields(c.want)
			for i := 0; i < len(parts); i += 2 {
				want = append(want, parts[i]+" "+parts[i+1])
				covered[parts[i]] = true
			}
		}
		sort.Strings(want)
		if len(got) == 0 {
			got = []string{}
		}
		require.Equal(t, want, got, c.name)
	}
	for _, r := range Rules() {
		if r.Code[0] != 'P' && r.Code != "T01" && !spellRule(r.Code) { // decoder and spell rules: tested in package pipeline
			require.True(t, covered[r.Code], "rule %s has no case in TestRules", r.Code)
		}
	}
}

func TestNormalisationKeepsRaw(t *testing.T) {
	v := newTestValidator(t)
	e := cleanEpisode()
	e.Str[schemas.DIAG_02], e.Str[schemas.OPERTN_01], e.Str[schemas.DIAG_03] = "i10", "w40.1", "-"
	reasons(v, &e)
	require.Equal(t, "I10X", e.Str[schemas.DIAG_02])
	require.Equal(t, "W401", e.Str[schemas.OPERTN_01])
	require.Equal(t, "", e.Str[schemas.DIAG_03])
	require.Equal(t, "DIAG_02=i10;DIAG_03=-;OPERTN_01=w40.1", e.Str[schemas.CodesRaw])
}

func TestCatalogue(t *testing.T) {
	seen := map[string]bool{}
	for i, r := range Rules() {
		require.NotEmpty(t, r.Code, "rule %d", i)
		require.False(t, seen[r.Code], "duplicate code %s", r.Code)
		seen[r.Code] = true
		require.NotEqual(t, SeverityNone, r.Severity, r.Code)
		require.NotEmpty(t, r.Message, r.Code)
		require.NotEmpty(t, r.Class, r.Code)
		require.NotEmpty(t, r.Basis, r.Code)
		id, ok := Lookup(r.Code)
		require.True(t, ok)
		require.Equal(t, RuleID(i), id)
	}
	require.LessOrEqual(t, len(Rules()), 64, "pipeline's tally array holds 64 rules")
}

func TestValidateAllocatesNothing(t *testing.T) {
	v := newTestValidator(t)
	e := cleanEpisode()
	e.Str[schemas.DIAG_02] = "i10" // exercise normalisation and CodesRaw
	out := make([]Finding, 0, 64)
	arena := make([]byte, 0, 1<<16)
	present := allFields()
	allocs := testing.AllocsPerRun(100, func() {
		x := e
		out, arena = out[:0], arena[:0]
		v.Validate(&x, present, 0, &out, &arena)
	})
	require.Zero(t, allocs)
}

func BenchmarkValidate(b *testing.B) {
	v := newTestValidator(b)
	e := cleanEpisode()
	out := make([]Finding, 0, 64)
	arena := make([]byte, 0, 1<<16)
	present := allFields()
	b.ReportAllocs()
	for b.Loop() {
		x := e
		out, arena = out[:0], arena[:0]
		v.Validate(&x, present, 0, &out, &arena)
	}
}

// TestDomainTableAgreesWithDomains checks the precomputed tables against
// the domains package for every code, on dates across the years.
func TestDomainTableAgreesWithDomains(t *testing.T) {
	for _, df := range domainFields {
		d, ok := domains.Lookup(df.name)
		require.True(t, ok)
		tab := newDomainTable(d)
		values := append(candidateValues(d), "ZZ", "7", "&", "1", "01", "999")
		for _, v := range values {
			for y := 1995; y <= 2030; y += 1 {
				for _, on := range []schemas.Date{schemas.DateOf(y, 4, 1), schemas.DateOf(y, 3, 31), schemas.DateOf(y, 9, 15)} {
					require.Equal(t, d.Check(v, on), tab.check(d, v, fyIndex(on), on), "%s %q %s", df.name, v, on)
				}
			}
		}
	}
}

// spellRule reports the spell consistency rules, which package pipeline
// runs over whole spells.
func spellRule(code string) bool {
	return code == "S07" || code == "S08" || code == "S09" || code == "S10"
}
