package compare

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/hrgflow/hrgflow/schemas"
)

const fixtures = "../../testdata/compare"

func fixture(name string) string { return filepath.Join(fixtures, name) }

// newWorkspace returns a workspace closed when the test ends; small
// partitions when small is set, so tests exercise partitioning too.
func newWorkspace(t *testing.T) *Workspace {
	t.Helper()
	ws, err := NewWorkspace(t.TempDir())
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, ws.Close()) })
	return ws
}

// diffsOf reads a result's differences back.
func diffsOf(t *testing.T, r *Result) []Diff {
	t.Helper()
	d, err := r.Diffs()
	require.NoError(t, err)
	return d
}

func spellsOf(t *testing.T, s *Side) []Spell {
	t.Helper()
	sp, err := s.AllSpells()
	require.NoError(t, err)
	return sp
}

// causesBySpell maps each spell key to the cause of its differences, and
// checks every difference of a spell carries the same cause.
func causesBySpell(t *testing.T, r *Result) map[string]Cause {
	t.Helper()
	out := map[string]Cause{}
	for _, d := range diffsOf(t, r) {
		if c, ok := out[d.SpellKey]; ok {
			require.Equal(t, c, d.Cause, "spell %s has two causes", d.SpellKey)
		}
		out[d.SpellKey] = d.Cause
	}
	return out
}

func fieldsOf(t *testing.T, r *Result, key string) []string {
	var out []string
	for _, d := range diffsOf(t, r) {
		if d.SpellKey == key {
			f := d.Field
			if d.Episode {
				f = "ep" + string(rune('0'+d.EpisodeOrder)) + " " + f
			}
			out = append(out, f)
		}
	}
	return out
}

func openStatement(t *testing.T, ws *Workspace, path, mapPath string) *Side {
	t.Helper()
	m, err := LoadStatementMap(fixture(mapPath))
	require.NoError(t, err)
	s, err := ws.Open(path, KindAuto, m)
	require.NoError(t, err)
	return s
}

// The hand-made statements (testdata/compare/statement_*.csv) hold one
// spell per cause; the expected values are worked out in the comments.
func TestStatementCauses(t *testing.T) {
	ws := newWorkspace(t)
	left := openStatement(t, ws, fixture("statement_left.csv"), "statement.toml")
	right := openStatement(t, ws, fixture("statement_right.csv"), "statement.toml")
	r, err := Compare(left, right, nil)
	require.NoError(t, err)
	require.Equal(t, KeyProcodetProvspno, r.Key)
	require.Equal(t, map[string]Cause{
		"RXX|S002": CauseDesign,     // FD01B → FD01C, codes not carried
		"RXX|S003": CauseDatesLOS,   // LOS 5 → 7
		"RXX|S004": CausePOD,        // EL → DC
		"RXX|S005": CausePriceTable, // same HRG, POD, LOS: £450.00 → £460.25
		"RXX|S006": CauseUnmatched,  // left only
		"RXX|S008": CauseUnmatched,  // right only
		"RXX|S009": CauseDatesLOS,   // activity month 2024-07 → 2024-08
	}, causesBySpell(t, r))
	require.Equal(t, []string{"SpellHRG", "TotalPricePence"}, fieldsOf(t, r, "RXX|S002"))
	require.Equal(t, []string{"PointOfDelivery", "TotalPricePence"}, fieldsOf(t, r, "RXX|S004"))
	require.Equal(t, []string{"ActivityMonth"}, fieldsOf(t, r, "RXX|S009"))

	// S007's two lines (£1,000.00 + £150.00) are one spell equal to the
	// right's single £1,150.00 line; NEL maps onto NE.
	require.Empty(t, fieldsOf(t, r, "RXX|S007"))
	require.Equal(t, []string{"PricingLOS", "TotalPricePence"}, fieldsOf(t, r, "RXX|S003"))

	// Totals by hand: left 1,234.56 + 1,000 + 2,500 + 800 + 450 + 300 +
	// 1,150 + 500 = £7,934.56; right 1,234.56 + 900 + 2,700 + 700 + 460.25 +
	// 1,150 + 3,000 + 500 = £10,644.81.
	require.True(t, r.Money)
	require.Equal(t, int64(793456), r.LeftTotal)
	require.Equal(t, int64(1064481), r.RightTotal)
	var sum int64
	for _, d := range diffsOf(t, r) {
		sum += d.ValuePence
	}
	require.Equal(t, r.RightTotal-r.LeftTotal, sum, "diff ValuePence adds up to the difference of the totals")
	byCause := r.byCause()
	require.Equal(t, int64(-10000), byCause[CauseDesign].ValuePence)
	require.Equal(t, int64(20000), byCause[CauseDatesLOS].ValuePence)
	require.Equal(t, int64(-10000), byCause[CausePOD].ValuePence)
	require.Equal(t, int64(1025), byCause[CausePriceTable].ValuePence)
	require.Equal(t, int64(300000-30000), byCause[CauseUnmatched].ValuePence)
	var cells int64
	for _, c := range r.Cells() {
		cells += c.ValuePence
	}
	require.Equal(t, sum, cells, "summary cells add up too")

	require.Equal(t, Agreement{Left: 8, Right: 8, Matched: 7, LeftOnly: 1, RightOnly: 1, SameHRG: 6, Identical: 2}, r.Spells)
	require.Nil(t, r.Episodes)
	var out bytes.Buffer
	require.NoError(t, r.WriteSummary(&out))
	require.Contains(t, out.String(), "same HRG in 6 of 7 matched (85.71%)")
	require.Contains(t, out.String(), "difference £2,710.25")
	require.Equal(t, "DZ02M", r.Movers(1)[0].HRG, "the right-only £3,000 spell moves the most")
}

// The right statement as an xlsx workbook (a title row above the header)
// reads to the same comparison as the CSV.
func TestStatementXLSX(t *testing.T) {
	ws := newWorkspace(t)
	data, err := os.ReadFile(fixture("statement_right.csv"))
	require.NoError(t, err)
	tbRows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	require.NoError(t, err)
	require.NotEmpty(t, tbRows)
	f := excelize.NewFile()
	require.NoError(t, f.SetSheetName("Sheet1", "Statement"))
	require.NoError(t, f.SetCellValue("Statement", "A1", "Commissioner statement, month 3"))
	for i, row := range tbRows {
		cells := make([]any, len(row))
		for j, v := range row {
			cells[j] = v
		}
		cell, err := excelize.CoordinatesToCellName(1, i+2)
		require.NoError(t, err)
		require.NoError(t, f.SetSheetRow("Statement", cell, &cells))
	}
	path := filepath.Join(t.TempDir(), "statement.xlsx")
	require.NoError(t, f.SaveAs(path))
	require.NoError(t, f.Close())

	m, err := LoadStatementMap(fixture("statement.toml"))
	require.NoError(t, err)
	m.Sheet, m.HeaderRow = "Statement", 2
	x, err := ws.Open(path, KindAuto, m)
	require.NoError(t, err)
	csvSide := openStatement(t, ws, fixture("statement_right.csv"), "statement.toml")
	require.Equal(t, csvSide.Spells, x.Spells)
	xs, cs := spellsOf(t, x), spellsOf(t, csvSide)
	require.Len(t, xs, 8)
	for i := range xs {
		a, b := cs[i], xs[i]
		require.Equal(t, a.Row+1, b.Row, "the xlsx has its header one row lower")
		a.Row, b.Row = 0, 0
		require.Equal(t, a, b)
	}
}

// The hand-made official grouper outputs: the left with headers and
// trailing unbundled HRGs, the right's _spell without a header row and its
// _FCE with codes written loosely (H04.5, C07, e147, `-   `).
func TestGrouperCauses(t *testing.T) {
	ws := newWorkspace(t)
	left, err := ws.Open(fixture("grouper_left"), KindAuto, nil)
	require.NoError(t, err)
	require.Equal(t, KindGrouper, left.Kind)
	right, err := ws.Open(fixture("grouper_right/official"), KindAuto, nil)
	require.NoError(t, err)
	require.Equal(t, "HRG4+ 2024/25 Local Payment Grouper HRG4+ 2024/25 v1.0", right.Version)
	require.Equal(t, 2, right.MaxDiags)
	r, err := Compare(left, right, nil)
	require.NoError(t, err)
	require.Equal(t, KeyProcodetProvspno, r.Key)
	require.Equal(t, map[string]Cause{
		"RXX|P2": CauseCoding,    // ep2 OPER_01 W372 → W381 moves the HRG
		"RXX|P3": CauseDesign,    // same codes, FD01A → FD01B
		"RXX|P4": CauseDatesLOS,  // SpellLOS 3 → 5
		"RXX|P5": CauseUnmatched, // left only
		"RXX|P6": CauseUnmatched, // right only
	}, causesBySpell(t, r))
	require.Equal(t, []string{"SpellHRG", "SpellDominantProcedure", "ep2 FCE_HRG", "ep2 DominantProcedure"}, fieldsOf(t, r, "RXX|P2"))
	diffs := diffsOf(t, r)
	for _, d := range diffs {
		switch d.SpellKey {
		case "RXX|P2":
			require.Equal(t, "ep2 OPERTN_01 W372→W381", d.CauseDetail)
		case "RXX|P3":
			require.Contains(t, d.CauseDetail, "with the same codes")
			require.Contains(t, d.CauseDetail, "right HRG4+ 2024/25 Local Payment Grouper")
		case "RXX|P4":
			require.Equal(t, "SpellLOS 3→5", d.CauseDetail)
		}
		require.Equal(t, Null, d.ValuePence, "no prices on either side")
	}
	require.Len(t, diffs, 9)
	require.Equal(t, int64(9), r.Differences)
	require.Equal(t, Agreement{Left: 5, Right: 5, Matched: 4, LeftOnly: 1, RightOnly: 1, SameHRG: 2, Identical: 1}, r.Spells)
	require.Equal(t, &Agreement{Left: 6, Right: 6, Matched: 5, LeftOnly: 1, RightOnly: 1, SameHRG: 3, Identical: 3}, r.Episodes)
	require.False(t, r.Money)
}

// A HES extract with SUS HRGs: episodes out of order, SUSCOREHRG taken
// over SUSHRG, SPELDUR as the length of stay, matched on SUSSPELLID.
func TestHESSide(t *testing.T) {
	ws := newWorkspace(t)
	hes, err := ws.Open(fixture("hes_sus.csv"), KindAuto, nil)
	require.NoError(t, err)
	require.Equal(t, KindHES, hes.Kind)
	require.Equal(t, int64(2), hes.Spells)
	s := spellsOf(t, hes)[0]
	require.Equal(t, "FD01A", hes.Str(s.HRG), "SUSCOREHRG of the first episode by EPIORDER")
	require.Equal(t, int64(3), s.PricingLOS)
	require.Equal(t, "2024-05", hes.Str(s.Month))
	require.Equal(t, "15C", hes.Str(s.Commissioner))
	require.Equal(t, "9001", s.Keys[KeySUSSpellID])
	require.Equal(t, "TESTA|RXX|2024-05-01", s.Keys[KeyPatient])
	var diags []string
	for _, c := range s.Episodes[1].Diags {
		diags = append(diags, hes.CodeString(c, true))
	}
	require.Equal(t, []string{"K529", "E119"}, diags)
	require.Empty(t, s.Episodes[0].Procs, "the `-` placeholder is no code")
	stmt := openStatement(t, ws, fixture("hes_statement.csv"), "hes_statement.toml")
	r, err := Compare(hes, stmt, nil)
	require.NoError(t, err)
	require.Equal(t, KeySUSSpellID, r.Key)
	require.Equal(t, map[string]Cause{"9002": CauseDesign}, causesBySpell(t, r))
	require.Contains(t, diffsOf(t, r)[0].CauseDetail, "coding could not be checked")
}

func TestParseAmount(t *testing.T) {
	for _, c := range []struct {
		in     string
		pounds bool
		want   int64
	}{
		{"1,234.56", true, 123456}, {"£1234.5", true, 123450}, {"-12.345", true, -1235}, {"(12.50)", true, -1250},
		{"900", true, 90000}, {"0.005", true, 1}, {"", true, Null}, {"-", true, Null}, {"7", false, 7}, {"7.0", false, 7},
	} {
		got, err := parseAmount(c.in, c.pounds)
		require.NoError(t, err, c.in)
		require.Equal(t, c.want, got, c.in)
	}
	for _, bad := range []string{"12a", "£", "1.2.3", "abc"} {
		_, err := parseAmount(bad, true)
		require.Error(t, err, bad)
	}
	_, err := parseAmount("2.5", false)
	require.Error(t, err)
}

func TestParseMonth(t *testing.T) {
	for in, want := range map[string]string{"2024-05": "2024-05", "202405": "2024-05", "2024-05-31": "2024-05",
		"31/05/2024": "2024-05", "May-24": "2024-05", "May 2024": "2024-05", "45443": "2024-05", "": ""} {
		got, err := parseMonth(in)
		require.NoError(t, err, in)
		require.Equal(t, want, got, in)
	}
	_, err := parseMonth("Spring")
	require.Error(t, err)
}

// Bad input names the file, line and field.
func TestBadInputErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.toml")
	require.NoError(t, os.WriteFile(bad, []byte("key = \"susspellid\"\n[columns]\nspell = \"S\"\nhrg = \"H\"\nprise = \"P\"\n"), 0o600))
	_, err := LoadStatementMap(bad)
	require.ErrorContains(t, err, "bad.toml:5")
	require.ErrorContains(t, err, "prise")

	stmt := filepath.Join(dir, "s.csv")
	require.NoError(t, os.WriteFile(stmt, []byte("Spell No,Provider,HRG,Price\nS1,RXX,FD01A,12.00\nS2,RXX,FD01A,twelve\n"), 0o600))
	m := &StatementMap{Key: "procodet_provspno", Columns: StatementColumns{Spell: "Spell No", Provider: "Provider", HRG: "HRG", Price: "Price"}}
	ws := newWorkspace(t)
	_, err = ws.Open(stmt, KindStatement, m)
	require.ErrorContains(t, err, "s.csv:3: Price:")

	m.Columns.POD = "Point of delivery"
	_, err = ws.Open(stmt, KindStatement, m)
	require.ErrorContains(t, err, `no column "Point of delivery"`)

	_, err = Detect(stmt, false)
	require.ErrorContains(t, err, "cannot tell what this file is")
	_, err = Detect(filepath.Join(dir, "nothing"), false)
	require.ErrorContains(t, err, "no such file")
}

func TestNoCommonKey(t *testing.T) {
	ws := newWorkspace(t)
	hes, err := ws.Open(fixture("hes_sus.csv"), KindAuto, nil)
	require.NoError(t, err)
	left, err := ws.Open(fixture("grouper_left"), KindAuto, nil)
	require.NoError(t, err)
	k := KeySUSSpellID
	_, err = Compare(left, hes, &k)
	require.ErrorContains(t, err, "not carried by both sides")
	hes.keyCount[KeyRowNo] = 0
	_, err = Compare(left, hes, nil)
	require.ErrorIs(t, err, ErrNoCommonKey)
	require.True(t, strings.Contains(err.Error(), "left: procodet_provspno (100.0% of spells), provspno (100.0% of spells), rowno (100.0% of spells)"), err.Error())
}

// A spell survives its compact record: symbols, packed and unreadable
// codes, missing numbers and dates, negative money.
func TestSpellRecordRoundTrip(t *testing.T) {
	ws := newWorkspace(t)
	s := newSpell()
	s.Seq, s.Row, s.ReportRow = 7, 12, 13
	s.Keys[KeyProvspno], s.Keys[KeyRowNo] = "S1", "12"
	s.HRG, s.POD, s.Month = ws.syms.id("FD01A"), ws.syms.id("NE"), ws.month(Date(19875))
	s.AdmiDate, s.SpellLOS = Date(19870), 5
	s.Money[MoneyTotal], s.Money[MoneyShortStay] = 123456, -250
	s.Episodes = []Episode{{Order: 2, Row: 12, EpiKey: "E1", HRG: ws.syms.id("FD01B"),
		Diags: []Code{ws.diag("K52.9"), 0, ws.diag("Q99Q")}, Procs: []Code{ws.proc("H22.9")}}}
	var got Spell
	require.NoError(t, decodeSpell(encodeSpell(nil, &s), &got))
	require.Equal(t, s, got)
	require.Equal(t, NoDate, got.DisDate)
	require.Equal(t, Null, got.PricingLOS)
	require.Equal(t, "2024-06", ws.syms.str(got.Month))
	require.Equal(t, "K529", ws.codeString(got.Episodes[0].Diags[0], true))
	require.Equal(t, "Q99Q", ws.codeString(got.Episodes[0].Diags[2], true), "unreadable codes are kept as supplied")
	require.Equal(t, "H229", ws.codeString(got.Episodes[0].Procs[0], false))
	seq, key, err := recordHead(encodeSpell(nil, &s), KeyRowNo)
	require.NoError(t, err)
	require.Equal(t, int64(7), seq)
	require.Equal(t, "12", string(key))
	require.ErrorIs(t, decodeSpell([]byte{0x80}, &got), errCorrupt)
}

// A statement by site code (RXX01) matches one by trust code (RXX) spell
// for spell when its map keeps the first 3 characters of the provider.
func TestStatementProviderChars(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile(fixture("statement_left.csv"))
	require.NoError(t, err)
	bySite := filepath.Join(dir, "by_site.csv")
	require.NoError(t, os.WriteFile(bySite, []byte(strings.ReplaceAll(string(data), "\nRXX,", "\nRXX01,")), 0o644))
	mapData, err := os.ReadFile(fixture("statement.toml"))
	require.NoError(t, err)
	siteMap := filepath.Join(dir, "site.toml")
	require.NoError(t, os.WriteFile(siteMap, []byte("provider_chars = 3\n"+string(mapData)), 0o644))

	ws := newWorkspace(t)
	left := openStatement(t, ws, fixture("statement_left.csv"), "statement.toml")
	m, err := LoadStatementMap(siteMap)
	require.NoError(t, err)
	site, err := ws.Open(bySite, KindAuto, m)
	require.NoError(t, err)
	r, err := Compare(left, site, nil)
	require.NoError(t, err)
	require.Zero(t, r.Differences, "the same statement, by site code")

	plain, err := ws.Open(bySite, KindAuto, mustMap(t, fixture("statement.toml")))
	require.NoError(t, err)
	r, err = Compare(left, plain, nil)
	require.NoError(t, err)
	require.NotZero(t, r.Differences, "without provider_chars no spell matches")

	require.NoError(t, os.WriteFile(siteMap, []byte("provider_chars = -1\n"+string(mapData)), 0o644))
	_, err = LoadStatementMap(siteMap)
	require.ErrorContains(t, err, "provider_chars -1")
}

func mustMap(t *testing.T, path string) *StatementMap {
	t.Helper()
	m, err := LoadStatementMap(path)
	require.NoError(t, err)
	return m
}

// HES dates read as the pipeline reads them: a time of day is dropped and
// the null sentinels are missing dates in every layout.
func TestHESDates(t *testing.T) {
	may1 := Date(schemas.DateOf(2024, 5, 1))
	for in, want := range map[string]Date{
		"2024-05-01": may1, "20240501": may1, "01/05/2024": may1,
		"2024-05-01 00:00:00": may1, "2024-05-01T00:00:00Z": may1,
		"": NoDate, "1800-01-01": NoDate, "18000101": NoDate, "01/01/1800": NoDate, "1801-01-01": NoDate,
	} {
		got, ok := parseDate(in)
		require.True(t, ok, in)
		require.Equal(t, want, got, in)
	}
	_, ok := parseDate("2024-13-01")
	require.False(t, ok)
}
