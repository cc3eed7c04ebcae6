package compare

import (
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/hrgflow/hrgflow/pipeline"
	"github.com/hrgflow/hrgflow/schemas"
)

// The official grouper's output columns (DOMAIN.md §4.4), for files
// without a header row. UnbundledHRGs follow without headers.
var (
	grouperSpellHeader = []string{"RowNo", "PROCODET", "PROVSPNO", "SpellHRG", "SpellGroupingMethodFlag", "SpellDominantProcedure",
		"SpellPDiag", "SpellSDiag", "SpellEpisodeCount", "SpellLOS", "ReportingSpellLOS", "SpellTrimpoint",
		"SpellExcessBeddays", "SpellCCDays", "SpellPBC"}
	grouperFCEHeader = func() []string {
		var h []string
		for _, f := range pipeline.DefaultRDF().Fields {
			h = append(h, f.Display)
		}
		return append(h, "RowNo", "FCE_HRG", "GroupingMethodFlag", "DominantProcedure", "FCE_PBC", "CalcEpidur",
			"ReportingEPIDUR", "FCETrimpoint", "FCEExcessBeddays", "SpellReportFlag", "FCESSC_Ct",
			"FCESSCs1", "FCESSCs2", "FCESSCs3", "FCESSCs4", "FCESSCs5", "FCESSCs6", "FCESSCs7",
			"SpellHRG", "SpellGroupingMethodFlag", "SpellDominantProcedure", "SpellPDiag", "SpellSDiag",
			"SpellEpisodeCount", "SpellLOS", "ReportingSpellLOS", "SpellTrimpoint", "SpellExcessBeddays", "SpellCCDays", "SpellPBC")
	}()
)

// grouperFiles finds the _FCE, _spell and _summary files of an official
// grouper output given as a folder, a file prefix (out/grouper/hrgflow) or
// one of the files; a file not found is "".
func grouperFiles(path string) (fce, spell, summary string) {
	find := func(pattern string) string {
		m, _ := filepath.Glob(pattern)
		slices.Sort(m)
		for _, f := range m {
			if !strings.Contains(strings.ToLower(filepath.Base(f)), "_rel") {
				return f
			}
		}
		return ""
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return find(filepath.Join(path, "*_FCE.csv")), find(filepath.Join(path, "*_spell.csv")), find(filepath.Join(path, "*_summary.csv"))
	}
	prefix := path
	for _, suf := range []string{"_FCE.csv", "_spell.csv", "_summary.csv"} {
		prefix = strings.TrimSuffix(prefix, suf)
	}
	exists := func(p string) string {
		if _, err := os.Stat(p); err == nil {
			return p
		}
		return ""
	}
	return exists(prefix + "_FCE.csv"), exists(prefix + "_spell.csv"), exists(prefix + "_summary.csv")
}

// readGrouperTable reads an official output file, with or without its
// header row (a first cell that is a number means no header).
func readGrouperTable(path string, header []string) (*table, error) {
	first, err := readHead(path)
	if err != nil {
		return nil, err
	}
	if len(first) > 0 {
		if _, err := strconv.Atoi(strings.TrimSpace(first[0])); err == nil || strings.TrimSpace(first[0]) == "" {
			if !slices.Contains(first, "RowNo") {
				return readCSV(path, header)
			}
		}
	}
	return readCSV(path, nil)
}

// readGrouper reads the official grouper's output (or hrgflow's export).
func readGrouper(path string) (*Side, error) {
	fcePath, spellPath, summaryPath := grouperFiles(path)
	if fcePath == "" && spellPath == "" {
		return nil, fmt.Errorf("%s: no official grouper output (*_FCE.csv or *_spell.csv)", path)
	}
	side := &Side{Kind: KindGrouper, Path: path, Has: HasHRG | HasMethod | HasDomProc | HasSpellLOS}
	side.Version = grouperVersion(summaryPath)
	byKey := map[string]int{}
	if spellPath != "" {
		t, err := readGrouperTable(spellPath, grouperSpellHeader)
		if err != nil {
			return nil, err
		}
		if err := grouperSpells(t, side, byKey); err != nil {
			return nil, err
		}
	}
	if fcePath != "" {
		t, err := readGrouperTable(fcePath, grouperFCEHeader)
		if err != nil {
			return nil, err
		}
		if err := grouperEpisodes(t, side, byKey, spellPath == ""); err != nil {
			return nil, err
		}
	}
	excess := false
	for i := range side.Spells {
		excess = excess || side.Spells[i].ExcessBedDays != Null
	}
	if excess { // the 2024/25 groupers leave it empty
		side.Has |= HasExcess
	}
	return side, nil
}

// grouperVersion reads GrouperVersion and HRGDatabaseVersion from _summary.
func grouperVersion(path string) string {
	if path == "" {
		return ""
	}
	t, err := readCSV(path, nil)
	if err != nil || len(t.rows) == 0 {
		return ""
	}
	return strings.TrimSpace(t.get(0, "GrouperVersion") + " " + t.get(0, "HRGDatabaseVersion"))
}

// spellKeyOf is the link between _FCE and _spell rows: PROCODET + PROVSPNO.
func spellKeyOf(t *table, i int) string { return joinKey(t.get(i, "PROCODET"), t.get(i, "PROVSPNO")) }

func grouperSpells(t *table, side *Side, byKey map[string]int) error {
	for i := range t.rows {
		s := newSpell()
		row, err := t.int(i, "RowNo")
		if err != nil {
			return err
		}
		s.Row = row
		s.Provider = t.get(i, "PROCODET")
		s.HRG, s.Method, s.DomProc = t.get(i, "SpellHRG"), t.get(i, "SpellGroupingMethodFlag"), t.get(i, "SpellDominantProcedure")
		if s.SpellLOS, err = t.int(i, "SpellLOS"); err != nil {
			return err
		}
		if s.ExcessBedDays, err = t.int(i, "SpellExcessBeddays"); err != nil {
			return err
		}
		s.setKeys(t.get(i, "PROCODET"), "", t.get(i, "PROVSPNO"), "", "")
		s.Keys[KeyRowNo] = itoa(row)
		if k := spellKeyOf(t, i); k != "" {
			byKey[k] = len(side.Spells)
		}
		side.Spells = append(side.Spells, s)
	}
	return nil
}

// grouperEpisodes reads _FCE: episodes joined to their _spell row by
// PROCODET + PROVSPNO, else by RowNo (the spell whose first RowNo is the
// greatest not after the episode's). With no _spell file, spells are built
// from _FCE's spell columns.
func grouperEpisodes(t *table, side *Side, byKey map[string]int, build bool) error {
	diagCols, procCols := codeColumns(t.header)
	side.MaxDiags, side.MaxProcs = len(diagCols), len(procCols)
	side.Has |= HasEpisodes
	if len(diagCols) > 0 {
		side.Has |= HasCodes
	}
	starts := make([]int64, len(side.Spells)) // _spell RowNo, ascending
	for i := range side.Spells {
		starts[i] = side.Spells[i].Row
	}
	sorted := slices.IsSorted(starts)
	for i := range t.rows {
		row, err := t.int(i, "RowNo")
		if err != nil {
			return err
		}
		e := Episode{Row: row, EpiKey: t.get(i, "EPIKEY"), HRG: t.get(i, "FCE_HRG"),
			Method: t.get(i, "GroupingMethodFlag"), DomProc: t.get(i, "DominantProcedure")}
		order, err := t.int(i, "EPIORDER")
		if err != nil {
			return err
		}
		if order != Null {
			e.Order = int32(order)
		}
		for _, c := range diagCols {
			e.Diags = append(e.Diags, cleanDiag(cell(t, i, c)))
		}
		for _, c := range procCols {
			e.Procs = append(e.Procs, cleanProc(cell(t, i, c)))
		}
		e.Diags, e.Procs = trimCodes(e.Diags), trimCodes(e.Procs)
		k, ok := byKey[spellKeyOf(t, i)]
		if !ok && build {
			k, err = newFCESpell(t, i, side, byKey)
			if err != nil {
				return err
			}
			ok = true
		}
		if !ok && sorted {
			if j, _ := slices.BinarySearch(starts, row+1); j > 0 {
				k, ok = j-1, true
			}
		}
		if !ok {
			return &cellError{t.path, t.line(i), "RowNo", "episode belongs to no row of the _spell file"}
		}
		side.Spells[k].Episodes = append(side.Spells[k].Episodes, e)
		if t.get(i, "SpellReportFlag") == "1" {
			side.Spells[k].ReportRow = row
		}
	}
	for i := range side.Spells {
		slices.SortStableFunc(side.Spells[i].Episodes, func(a, b Episode) int {
			return cmp.Or(cmp.Compare(a.Order, b.Order), cmp.Compare(a.Row, b.Row))
		})
	}
	return nil
}

// newFCESpell starts a spell from an _FCE row's spell columns, when the
// output has no _spell file. Rows without a spell key each start one.
func newFCESpell(t *table, i int, side *Side, byKey map[string]int) (int, error) {
	s := newSpell()
	row, err := t.int(i, "RowNo")
	if err != nil {
		return 0, err
	}
	s.Row, s.Provider = row, t.get(i, "PROCODET")
	s.HRG, s.Method, s.DomProc = t.get(i, "SpellHRG"), t.get(i, "SpellGroupingMethodFlag"), t.get(i, "SpellDominantProcedure")
	if s.SpellLOS, err = t.int(i, "SpellLOS"); err != nil {
		return 0, err
	}
	if s.ExcessBedDays, err = t.int(i, "SpellExcessBeddays"); err != nil {
		return 0, err
	}
	s.setKeys(t.get(i, "PROCODET"), "", t.get(i, "PROVSPNO"), "", "")
	s.Keys[KeyRowNo] = itoa(row)
	k := len(side.Spells)
	if key := spellKeyOf(t, i); key != "" {
		byKey[key] = k
	}
	side.Spells = append(side.Spells, s)
	return k, nil
}

// codeColumns returns the columns of a header holding diagnoses and
// procedures, in position order (DIAG_01/DIAG_4_01, OPER_01/OPERTN_01).
func codeColumns(header []string) (diags, procs []int) {
	type pos struct{ n, col int }
	var d, p []pos
	for i, h := range header {
		f, ok := schemas.Lookup(strings.ToUpper(strings.TrimSpace(h)))
		if !ok {
			continue
		}
		if n, ok := position(f.Name, "DIAG_"); ok {
			d = append(d, pos{n, i})
		} else if n, ok := position(f.Name, "OPERTN_"); ok {
			p = append(p, pos{n, i})
		}
	}
	byN := func(a, b pos) int { return cmp.Compare(a.n, b.n) }
	slices.SortFunc(d, byN)
	slices.SortFunc(p, byN)
	for _, x := range d {
		diags = append(diags, x.col)
	}
	for _, x := range p {
		procs = append(procs, x.col)
	}
	return diags, procs
}

// position returns nn of a field named prefix+nn.
func position(name, prefix string) (int, bool) {
	rest, ok := strings.CutPrefix(name, prefix)
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(rest)
	return n, err == nil
}

func cell(t *table, i, col int) string {
	if col >= len(t.rows[i]) {
		return ""
	}
	return strings.TrimSpace(t.rows[i][col])
}
