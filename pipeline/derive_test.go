package pipeline

import (
	"fmt"
	"maps"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/hrgflow/hrgflow/internal/codelist"
	"github.com/hrgflow/hrgflow/internal/interop"
	"github.com/hrgflow/hrgflow/pipeline/validate"
	"github.com/hrgflow/hrgflow/schemas"
)

// deriveRow is one input episode of a derivation case, HES column → value, or
// the derived fields expected of it, field → text ("null" for null).
type deriveRow map[string]string

// deriveBatch decodes and validates rows as the pipeline does (a HES
// extract whose header is every column the rows name) into one batch, and
// returns it with the rows' indexes in EPIORDER order.
func deriveBatch(t testing.TB, v *validate.Validator, rows ...deriveRow) (*batch, []int) {
	t.Helper()
	cols := map[string]bool{}
	for _, r := range rows {
		for k := range r {
			cols[k] = true
		}
	}
	header := slices.Sorted(maps.Keys(cols))
	m, err := hesColumnMap(header)
	require.NoError(t, err)
	b := &batch{eps: make([]schemas.Episode, len(rows))}
	d := rowDecoder{findings: &b.findings}
	order := make([]int, len(rows))
	for i, r := range rows {
		fields := make([][]byte, len(header))
		for j, h := range header {
			fields[j] = []byte(r[h])
		}
		e := &b.eps[i]
		e.Reset()
		d.episode = int32(i)
		d.decodeRow(e, m, fields, false, &b.arena)
		v.Validate(e, &m.present, int32(i), &b.findings, &b.arena)
		order[i] = i
	}
	sortByEpiorder(order, b.eps)
	return b, order
}

// deriveRows derives rows as one spell and returns its episodes in input
// order.
func deriveRows(t *testing.T, v *validate.Validator, rows ...deriveRow) []schemas.Episode {
	t.Helper()
	b, order := deriveBatch(t, v, rows...)
	deriveSpell(b, order, &spellRow{})
	return b.eps
}

var deriveFields = func() map[string]schemas.Field {
	m := map[string]schemas.Field{}
	for _, f := range schemas.Dictionary() {
		m[f.Name] = f
	}
	return m
}()

// derivedText renders an episode field as text, "null" for a null.
func derivedText(e *schemas.Episode, name string) string {
	f, ok := deriveFields[name]
	if !ok {
		panic("no field " + name)
	}
	switch f.Kind {
	case schemas.KindInt:
		if v := e.Int[f.Slot]; v != schemas.NullInt {
			return strconv.Itoa(int(v))
		}
	case schemas.KindFloat64:
		if v := e.F64[f.Slot]; v != schemas.NullF64 {
			return strconv.FormatFloat(v, 'f', -1, 64)
		}
	case schemas.KindDate:
		if d := e.Date[f.Slot]; d.Valid() {
			return d.String()
		}
	case schemas.KindInt64:
		if v := e.I64[f.Slot]; v != schemas.NullI64 {
			return strconv.FormatInt(v, 10)
		}
	default:
		if s := e.Str[f.Slot]; s != "" {
			return s
		}
	}
	return "null"
}

func deriveValidator(t testing.TB) *validate.Validator {
	t.Helper()
	codes, err := codelist.Default()
	require.NoError(t, err)
	v, err := validate.New(codes)
	require.NoError(t, err)
	return v
}

// TestDeriveSpellFields checks the spell and episode flags on hand-built
// spells. Rows are given in input order; derivation follows EPIORDER.
func TestDeriveSpellFields(t *testing.T) {
	v := deriveValidator(t)
	admitted := deriveRow{"ADMIDATE": "2025-03-20", "ADMIMETH": "21", "EPISTAT": "3", "EPITYPE": "1", "STARTAGE": "67"}
	with := func(base deriveRow, kv ...string) deriveRow {
		r := maps.Clone(base)
		for i := 0; i < len(kv); i += 2 {
			r[kv[i]] = kv[i+1]
		}
		return r
	}
	for _, tc := range []struct {
		name string
		rows []deriveRow
		want []deriveRow
	}{
		{
			name: "spell spanning two financial years, rows out of EPIORDER order",
			rows: []deriveRow{
				with(admitted, "EPIORDER", "2", "EPISTART", "2025-04-03", "EPIEND", "2025-04-10", "DISDATE", "2025-04-10", "DISMETH", "1"),
				with(admitted, "EPIORDER", "1", "EPISTART", "2025-03-20", "EPIEND", "2025-04-03", "DISMETH", "8"),
			},
			want: []deriveRow{
				{"FYEAR": "2526", "SPELBGIN": "0", "SPELEND": "Y", "SPELDUR": "21", "SPELDUR_CALC": "21", "FAE": "0", "FAE_EMERGENCY": "0", "FCE": "1", "FDE": "1", "ELECDUR": "9998"},
				{"FYEAR": "2526", "SPELBGIN": "1", "SPELEND": "N", "SPELDUR": "21", "SPELDUR_CALC": "21", "FAE": "1", "FAE_EMERGENCY": "1", "FCE": "1", "FDE": "0", "ELECDUR": "9998"},
			},
		},
		{
			name: "first episode ends in the year the spell started",
			rows: []deriveRow{with(admitted, "ADMIDATE", "2024-04-01", "EPIORDER", "1", "EPISTART", "2024-04-01", "EPIEND", "2025-03-31", "DISDATE", "2025-03-31", "DISMETH", "4", "ADMIMETH", "12", "ELECDATE", "2024-03-02")},
			want: []deriveRow{{"FYEAR": "2425", "SPELBGIN": "2", "SPELEND": "Y", "SPELDUR": "364", "SPELDUR_CALC": "364", "FAE": "1", "FAE_EMERGENCY": "0", "FCE": "1", "FDE": "1", "ELECDUR": "30"}},
		},
		{
			name: "unfinished spell",
			rows: []deriveRow{
				with(admitted, "ADMIDATE", "2024-05-01", "EPIORDER", "1", "EPISTART", "2024-05-01", "EPIEND", "2024-05-04", "DISMETH", "8"),
				with(admitted, "ADMIDATE", "2024-05-01", "EPIORDER", "2", "EPISTART", "2024-05-04", "EPIEND", "2024-05-11", "DISMETH", "8"),
			},
			want: []deriveRow{
				{"SPELBGIN": "2", "SPELEND": "N", "SPELDUR": "null", "SPELDUR_CALC": "10", "FAE": "1", "FDE": "0"},
				{"SPELBGIN": "0", "SPELEND": "N", "SPELDUR": "null", "SPELDUR_CALC": "10", "FAE": "0", "FDE": "0"},
			},
		},
		{
			name: "the spell's first episode is not in the input",
			rows: []deriveRow{
				with(admitted, "EPIORDER", "2", "EPISTART", "2025-04-01", "EPIEND", "2025-04-02", "DISMETH", "8"),
				with(admitted, "EPIORDER", "3", "EPISTART", "2025-04-02", "EPIEND", "2025-04-05", "DISDATE", "2025-04-05", "DISMETH", "1"),
			},
			want: []deriveRow{
				{"SPELBGIN": "0", "FAE": "0", "FAE_EMERGENCY": "0", "SPELEND": "N", "SPELDUR": "16"},
				{"SPELBGIN": "0", "FAE": "0", "SPELEND": "Y", "FDE": "1", "SPELDUR": "16"},
			},
		},
		{
			name: "discharge date without a discharge method",
			rows: []deriveRow{with(admitted, "EPIORDER", "1", "EPISTART", "2025-03-20", "EPIEND", "2025-03-22", "DISDATE", "2025-03-22", "DISMETH", "9")},
			want: []deriveRow{{"SPELEND": "Y", "FDE": "1", "SPELDUR": "null", "SPELDUR_CALC": "2", "SPELBGIN": "2", "FYEAR": "2425"}},
		},
		{
			name: "self-discharge, DISMETH 6 from 2022-23",
			rows: []deriveRow{with(admitted, "EPIORDER", "1", "EPISTART", "2025-03-20", "EPIEND", "2025-03-27", "DISDATE", "2025-03-27", "DISMETH", "6", "ADMIMETH", "2A")},
			want: []deriveRow{{"SPELEND": "Y", "SPELDUR": "7", "FAE_EMERGENCY": "1", "ELECDUR": "9998"}},
		},
		{
			name: "other maternity event",
			rows: []deriveRow{with(admitted, "EPIORDER", "1", "EPISTART", "2025-03-20", "EPIEND", "2025-03-21", "DISDATE", "2025-03-21", "DISMETH", "1", "EPITYPE", "5", "ADMIMETH", "31")},
			want: []deriveRow{{"SPELDUR": "null", "SPELDUR_CALC": "1", "FCE": "0", "FAE": "1", "FAE_EMERGENCY": "0", "FDE": "1", "ELECDUR": "9998"}},
		},
		{
			name: "unfinished episode",
			rows: []deriveRow{with(admitted, "EPIORDER", "1", "EPISTART", "2025-03-20", "EPISTAT", "1", "DISMETH", "8")},
			want: []deriveRow{{"FCE": "0", "FAE": "0", "FDE": "0", "SPELEND": "N", "FYEAR": "2425", "SPELDUR_CALC": "null"}},
		},
		{
			name: "elective without a decision date, FYEAR from ADMIDATE",
			rows: []deriveRow{{"ADMIDATE": "2001-06-01", "ADMIMETH": "11", "EPIORDER": "1"}},
			want: []deriveRow{{"FYEAR": "0102", "ELECDUR": "9999", "SPELBGIN": "2", "FCE": "1", "FAE": "1", "FAE_EMERGENCY": "0"}},
		},
		{
			name: "decision to admit after the admission",
			rows: []deriveRow{{"ADMIDATE": "1999-06-01", "ELECDATE": "1999-06-02", "ADMIMETH": "13", "EPIEND": "1999-06-03"}},
			want: []deriveRow{{"FYEAR": "9900", "ELECDUR": "9999"}},
		},
		{
			name: "no dates, no admission method",
			rows: []deriveRow{{"EPIORDER": "1", "STARTAGE": "999"}},
			want: []deriveRow{{"FYEAR": "null", "SPELBGIN": "null", "ELECDUR": "null", "SPELDUR": "null", "SPELDUR_CALC": "null", "SPELEND": "N", "STARTAGE_CALC": "null"}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			eps := deriveRows(t, v, tc.rows...)
			for i, want := range tc.want {
				for name, w := range want {
					require.Equal(t, w, derivedText(&eps[i], name), "row %d %s", i, name)
				}
			}
		})
	}
}

func TestDeriveStartAge(t *testing.T) {
	v := deriveValidator(t)
	for age, want := range map[string]string{
		"7001": "0.002", "7002": "0.01", "7003": "0.048", "7004": "0.167", "7005": "0.375", "7006": "0.625", "7007": "0.875",
		"0": "0", "34": "34", "120": "120", "999": "null", "": "null", "7008": "null",
	} {
		eps := deriveRows(t, v, deriveRow{"STARTAGE": age, "EPIEND": "2024-05-01"})
		require.Equal(t, want, derivedText(&eps[0], "STARTAGE_CALC"), "STARTAGE %q", age)
	}
}

// TestDeriveCodeViews checks the diagnosis and procedure views, lists,
// counts and cause codes, after validation as the pipeline runs it.
func TestDeriveCodeViews(t *testing.T) {
	v := deriveValidator(t)
	for _, tc := range []struct {
		name string
		in   deriveRow
		want deriveRow
	}{
		{
			name: "views, a gap, an unusable code, a 5-character code and a cause in position 4",
			in: deriveRow{"EPIEND": "2024-05-01", "DIAG_01": "S720", "DIAG_02": "i10", "DIAG_03": "", "DIAG_04": "W19.0", "DIAG_05": "M8040", "DIAG_06": "A999",
				"OPERTN_01": "W371", "OPERTN_02": "&", "OPERTN_03": "X998", "OPERTN_04": "Z94.2"},
			want: deriveRow{
				"DIAG_01": "S720", "DIAG_02": "I10X", "DIAG_06": "A999",
				"DIAG_4_01": "S720", "DIAG_4_02": "I10X", "DIAG_4_03": "null", "DIAG_4_04": "W190", "DIAG_4_05": "M804", "DIAG_4_06": "null",
				"DIAG_3_01": "S72", "DIAG_3_02": "I10", "DIAG_3_03": "null", "DIAG_3_04": "W19", "DIAG_3_05": "M80", "DIAG_3_06": "null", "DIAG_3_20": "null",
				"DIAG_4_CONCAT": "S720,I10X,W190,M804", "DIAG_3_CONCAT": "S72,I10,W19,M80", "DIAG_COUNT": "4",
				"CAUSE_3": "W19", "CAUSE_4": "W190",
				"OPERTN_4_01": "W371", "OPERTN_4_02": "&", "OPERTN_4_03": "X998", "OPERTN_4_04": "Z942", "OPERTN_4_05": "null",
				"OPERTN_3_01": "W37", "OPERTN_3_02": "&", "OPERTN_3_03": "X99", "OPERTN_3_04": "Z94",
				"OPERTN_4_CONCAT": "W371,&,X998,Z942", "OPERTN_3_CONCAT": "W37,&,X99,Z94", "OPERTN_COUNT": "3",
			},
		},
		{
			name: "HES null primary, padded no-procedure marker",
			in:   deriveRow{"EPIEND": "2024-05-01", "DIAG_01": "R69X6", "DIAG_02": "Z380", "OPERTN_01": "-   "},
			want: deriveRow{
				"DIAG_4_01": "R69X", "DIAG_3_01": "R69", "DIAG_4_CONCAT": "R69X,Z380", "DIAG_3_CONCAT": "R69,Z38", "DIAG_COUNT": "2",
				"CAUSE_3": "null", "CAUSE_4": "null",
				"OPERTN_4_01": "-", "OPERTN_3_01": "-", "OPERTN_4_CONCAT": "-", "OPERTN_3_CONCAT": "-", "OPERTN_COUNT": "0",
			},
		},
		{
			name: "no codes",
			in:   deriveRow{"EPIEND": "2024-05-01", "DIAG_01": "", "OPERTN_01": ""},
			want: deriveRow{"DIAG_4_01": "null", "DIAG_4_CONCAT": "null", "DIAG_3_CONCAT": "null", "DIAG_COUNT": "0", "CAUSE_4": "null",
				"OPERTN_4_CONCAT": "null", "OPERTN_3_01": "null", "OPERTN_COUNT": "0"},
		},
		{
			name: "external cause in the primary position, HES dash in a diagnosis",
			in:   deriveRow{"EPIEND": "2024-05-01", "DIAG_01": "X599", "DIAG_02": "-", "DIAG_03": "S720", "DIAG_04": "W190"},
			want: deriveRow{"CAUSE_4": "X599", "CAUSE_3": "X59", "DIAG_4_CONCAT": "X599,S720,W190", "DIAG_4_02": "null", "DIAG_COUNT": "3"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			eps := deriveRows(t, v, tc.in)
			for name, w := range tc.want {
				require.Equal(t, w, derivedText(&eps[0], name), name)
			}
		})
	}
}

func TestExternalCauseRange(t *testing.T) {
	for code, want := range map[string]bool{
		"V011": true, "W190": true, "X599": true, "Y98X": true, "Y909": true,
		"V00X": false, "Y99X": false, "S720": false, "U071": false, "Z380": false, "T509": false,
	} {
		c, _, ok := schemas.NormalizeICD10(code)
		require.True(t, ok, code)
		require.Equal(t, want, externalCause(c), code)
	}
}

// TestDeriveSpellDoesNotAllocate checks that deriving allocates nothing
// once the arena has grown: text goes into the arena, enums are static.
func TestDeriveSpellDoesNotAllocate(t *testing.T) {
	v := deriveValidator(t)
	b, order := deriveBatch(t, v,
		deriveRow{"EPIORDER": "1", "ADMIDATE": "2024-05-01", "EPIEND": "2024-05-04", "DIAG_01": "S720", "DIAG_02": "W190", "OPERTN_01": "W371", "OPERTN_02": "-", "STARTAGE": "7003", "ADMIMETH": "11", "ELECDATE": "2024-04-01"},
		deriveRow{"EPIORDER": "2", "ADMIDATE": "2024-05-01", "EPIEND": "2024-05-09", "DIAG_01": "I10X", "DISDATE": "2024-05-09", "DISMETH": "1", "ADMIMETH": "11", "ELECDATE": "2024-04-01"},
	)
	b.arena = make([]byte, 0, 1<<12)
	var s spellRow
	allocs := testing.AllocsPerRun(100, func() {
		b.arena = b.arena[:0]
		deriveSpell(b, order, &s)
	})
	require.Zero(t, allocs)
	require.Equal(t, "S720,W190", b.eps[0].Str[schemas.DIAG_4_CONCAT])
	require.Equal(t, "30", derivedText(&b.eps[1], "ELECDUR"))
}

// TestFieldSetHoldsEveryField guards validate.FieldSet, sized from the
// Episode arrays it predates (Str, Int, Date, I64): it must still have a
// bit for every dictionary index now that F64 exists.
func TestFieldSetHoldsEveryField(t *testing.T) {
	require.LessOrEqual(t, len(schemas.Dictionary()), 64*len(validate.FieldSet{}))
}

// TestDerivedMatchesArtificialExtract runs the artificial 2001/02 extract
// and compares the derived fields with the extract's own. The extract is
// artificial: its spell fields (SPELDUR, SPELBGIN, FAE…) and cause codes
// are drawn independently of its dates and diagnoses, so only the code
// lists, counts, FYEAR and infant ages can be compared.
func TestDerivedMatchesArtificialExtract(t *testing.T) {
	out := t.TempDir()
	st := runFiles(t, out, nil, hesFixture)
	for _, c := range []string{"FYEAR", "SPELDUR", "DIAG_4_CONCAT", "STARTAGE_CALC", "OPERTN_COUNT", "DIAG_3_01"} {
		require.Contains(t, st.Files[0].IgnoredColumns, c, "derived: the input column is ignored")
	}
	require.NotContains(t, st.Files[0].IgnoredColumns, "DIAG_4_01", "read into DIAG_01")
	eps := dumpEpisodes(t, episodesFile(out))
	raw := readArtificial(t)
	require.Len(t, eps, len(raw))
	codes, err := codelist.Default()
	require.NoError(t, err)

	fy0102 := 0
	for i, r := range raw {
		if d := parseDateString(r["EPIEND"]); d.Valid() && d >= schemas.DateOf(2001, 4, 1) && d <= schemas.DateOf(2002, 3, 31) {
			require.Equal(t, "0102", eps[i]["FYEAR"], "row %d", i+1)
			fy0102++
		}
	}
	require.Equal(t, 2074, fy0102, "every row but one has an EPIEND in 2001/02")
	require.NotContains(t, eps[1941], "FYEAR", "row 1942: every date 1801-01-01 (invalid), where HES writes the extract's year")

	var compared, withDash, excluded, excludedDiffer int
	invalid := map[string]int{}
	for i, r := range raw {
		ours := eps[i]["DIAG_4_CONCAT"]
		if bad := invalidDiagnosis(codes, r); bad != "" {
			excluded++
			invalid[bad]++
			if ours != withoutDashes(r["DIAG_4_CONCAT"]) {
				excludedDiffer++
			}
			continue
		}
		compared++
		if strings.Contains(r["DIAG_4_CONCAT"], "-") {
			withDash++
		}
		require.Equal(t, withoutDashes(r["DIAG_4_CONCAT"]), ours, "row %d", i+1)
		require.Equal(t, hesCountText(r["DIAG_COUNT"]), eps[i]["DIAG_COUNT"], "row %d", i+1)
	}
	t.Logf("DIAG_4_CONCAT: %d rows with every code valid match once HES's '-' items (in %d of them) are dropped; "+
		"%d rows hold a code not in the 5th Edition list (the extract predates it; %d distinct, e.g. %v), "+
		"%d of them differ: hrgflow leaves such codes out of the views", compared, withDash, excluded, len(invalid), firstKeys(invalid, 8), excludedDiffer)
	require.Equal(t, len(raw), compared+excluded)

	var opCompared int
	var opExcluded []string
	for i, r := range raw {
		want, ok := procedureList(codes, r)
		if !ok {
			opExcluded = append(opExcluded, strings.TrimSpace(r["OPERTN_4_CONCAT"]))
			continue
		}
		opCompared++
		require.Equal(t, want, eps[i]["OPERTN_4_CONCAT"], "row %d", i+1)
		require.Equal(t, hesCountText(r["OPERTN_COUNT"]), eps[i]["OPERTN_COUNT"], "row %d", i+1)
	}
	t.Logf("OPERTN_4_CONCAT: %d rows with every code valid match once HES's padding is trimmed; %d rows hold an unknown code %q", opCompared, len(opExcluded), opExcluded)

	infants, wholeYears, maxGap := 0, 0, 0.0
	for i, r := range raw {
		age, err := strconv.Atoi(r["STARTAGE"])
		if err != nil {
			continue
		}
		if age >= 7001 && age <= 7007 {
			require.Equal(t, r["STARTAGE_CALC"], eps[i]["STARTAGE_CALC"], "row %d", i+1)
			infants++
			continue
		}
		theirs, err1 := strconv.ParseFloat(r["STARTAGE_CALC"], 64)
		ours, err2 := strconv.ParseFloat(eps[i]["STARTAGE_CALC"], 64)
		if err1 == nil && err2 == nil {
			wholeYears++
			maxGap = math.Max(maxGap, math.Abs(theirs-ours))
		}
	}
	t.Logf("STARTAGE_CALC: %d infant rows match; %d whole-year rows differ by at most %.3f years (HES from date of birth)", infants, wholeYears, maxGap)
}

// TestDuckDBReadsDerivedFields checks the derived columns' types as DuckDB
// reads them, STARTAGE_CALC as DOUBLE among them.
func TestDuckDBReadsDerivedFields(t *testing.T) {
	out := t.TempDir()
	runFiles(t, out, nil, hesFixture)
	ep := interop.SQLString(filepath.Join(out, "episodes", "*", "*.parquet"))
	res := interop.DuckDB(t, fmt.Sprintf(`
		CREATE VIEW e AS SELECT * FROM read_parquet(%s);
		SELECT (SELECT count(*) FROM e WHERE STARTAGE_CALC = 0.002)::VARCHAR AS newborn,
		       (SELECT count(*) FROM e WHERE FYEAR = '0102')::VARCHAR AS fy,
		       string_agg(column_name || ':' || column_type, ',' ORDER BY column_name) AS types
		FROM (DESCRIBE e) WHERE column_name IN ('FYEAR','SPELDUR','STARTAGE_CALC','DIAG_4_CONCAT','OPERTN_3_24')`, ep))
	require.Len(t, res.Rows, 1)
	require.Equal(t, []any{"90", "2074",
		"DIAG_4_CONCAT:VARCHAR,FYEAR:VARCHAR,OPERTN_3_24:VARCHAR,SPELDUR:INTEGER,STARTAGE_CALC:DOUBLE"}, res.Rows[0])
}

// invalidDiagnosis returns the first diagnosis of an artificial row that
// is not a code of the ICD-10 5th Edition list, read independently of the
// validator, or "" when every one is.
func invalidDiagnosis(codes *codelist.Table, r artificialRow) string {
	for _, d := range r.diags() {
		c, _, ok := schemas.NormalizeICD10(d)
		if !ok {
			return d
		}
		if info := codes.ICD10(c); !info.Valid && !info.Parent {
			return d
		}
	}
	return ""
}

// procedureList returns an artificial row's OPERTN_4_CONCAT with HES's
// padding trimmed, and false when a code is not in the OPCS-4 list.
func procedureList(codes *codelist.Table, r artificialRow) (string, bool) {
	items := strings.Split(r["OPERTN_4_CONCAT"], ",")
	for i, it := range items {
		it = strings.TrimSpace(it)
		items[i] = it
		if it == "" || it == "-" || it == "&" {
			continue
		}
		c, _, ok := schemas.NormalizeOPCS4(it)
		if !ok || !codes.OPCS4(c).Valid {
			return "", false
		}
	}
	return strings.Join(slices.DeleteFunc(items, func(s string) bool { return s == "" }), ","), true
}

// withoutDashes drops HES's '-' items from a diagnosis list.
func withoutDashes(list string) string {
	items := slices.DeleteFunc(strings.Split(list, ","), func(s string) bool { return s == "-" || s == "" })
	return strings.Join(items, ",")
}

// hesCountText turns a HES count as the artificial CSV writes it ("3.0", or
// empty for none) into hrgflow's.
func hesCountText(s string) string {
	if s == "" {
		return "0"
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return s
	}
	return strconv.Itoa(int(f))
}

// firstKeys returns up to n keys of m, sorted.
func firstKeys(m map[string]int, n int) []string {
	keys := slices.Sorted(maps.Keys(m))
	return keys[:min(n, len(keys))]
}

// BenchmarkDeriveSpell measures deriving a two-episode spell with codes.
func BenchmarkDeriveSpell(b *testing.B) {
	bt, order := deriveBatch(b, deriveValidator(b),
		deriveRow{"EPIORDER": "1", "ADMIDATE": "2024-05-01", "EPIEND": "2024-05-04", "DIAG_01": "S720", "DIAG_02": "W190", "DIAG_03": "I10X", "DIAG_04": "E119",
			"OPERTN_01": "W371", "OPERTN_02": "Z942", "STARTAGE": "67", "ADMIMETH": "21", "EPISTAT": "3", "EPITYPE": "1", "DISMETH": "8"},
		deriveRow{"EPIORDER": "2", "ADMIDATE": "2024-05-01", "EPIEND": "2024-05-09", "DIAG_01": "I10X", "DIAG_02": "E119", "DISDATE": "2024-05-09", "DISMETH": "1",
			"ADMIMETH": "21", "EPISTAT": "3", "EPITYPE": "1", "STARTAGE": "67"},
	)
	bt.arena = make([]byte, 0, 1<<12)
	var s spellRow
	b.ReportAllocs()
	for b.Loop() {
		bt.arena = bt.arena[:0]
		deriveSpell(bt, order, &s)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(order)), "ns/episode")
}
