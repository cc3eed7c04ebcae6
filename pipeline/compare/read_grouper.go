package compare

import (
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

// grouperReader reads the official grouper's output (or hrgflow's export):
// _spell rows are spells, _FCE rows their episodes, linked by PROCODET +
// PROVSPNO, else by RowNo (the spell whose first RowNo is the greatest not
// after the episode's; a spell with a key takes only episodes with a key).
// With no _spell file, spells are built from _FCE's spell columns.
type grouperReader struct {
	ws     *Workspace
	side   *Side
	a      *assembler
	starts []int64 // _spell RowNo, in file order
	sorted bool
	build_ bool // no _spell file
	sp     Spell
	link   []byte
	fce    string
}

func (ws *Workspace) readGrouper(path string) (*Side, error) {
	fcePath, spellPath, summaryPath := grouperFiles(path)
	if fcePath == "" && spellPath == "" {
		return nil, fmt.Errorf("%s: no official grouper output (*_FCE.csv or *_spell.csv)", path)
	}
	side, err := ws.newSide(KindGrouper, path, HasHRG|HasMethod|HasDomProc|HasSpellLOS)
	if err != nil {
		return nil, err
	}
	side.Version = grouperVersion(summaryPath)
	g := &grouperReader{ws: ws, side: side, build_: spellPath == "", sp: newSpell(), fce: fcePath}
	if g.a, err = ws.newAssembler((fileSize(fcePath) + fileSize(spellPath)) / 2); err != nil {
		return nil, err
	}
	defer g.a.remove()
	if spellPath != "" {
		if err := g.spells(spellPath); err != nil {
			return nil, err
		}
	}
	if fcePath != "" {
		if err := g.episodes(fcePath); err != nil {
			return nil, err
		}
	}
	if err := g.a.finish(g.assemble); err != nil {
		return nil, err
	}
	if side.hasExcess { // the 2024/25 groupers leave it empty
		side.Has |= HasExcess
	}
	return side, side.spool.finish()
}

// grouperVersion reads GrouperVersion and HRGDatabaseVersion from _summary.
func grouperVersion(path string) string {
	if path == "" {
		return ""
	}
	t, err := openCSV(path, nil, false)
	if err != nil {
		return ""
	}
	defer t.Close()
	if ok, err := t.read(); !ok || err != nil {
		return ""
	}
	return strings.TrimSpace(t.get("GrouperVersion") + " " + t.get("HRGDatabaseVersion"))
}

// spellKeyOf is the link between _FCE and _spell rows: PROCODET + PROVSPNO.
func spellKeyOf(t *rows) string { return joinKey(t.get("PROCODET"), t.get("PROVSPNO")) }

// spellFields reads a row's spell columns (either file) into s.
func (g *grouperReader) spellFields(t *rows, s *Spell) error {
	row, err := t.int(t.idx("RowNo"), "RowNo")
	if err != nil {
		return err
	}
	syms := g.ws.syms
	s.Row, s.Provider = row, syms.id(t.get("PROCODET"))
	s.HRG, s.Method = syms.id(t.get("SpellHRG")), syms.id(t.get("SpellGroupingMethodFlag"))
	s.DomProc = syms.id(t.get("SpellDominantProcedure"))
	if s.SpellLOS, err = t.int(t.idx("SpellLOS"), "SpellLOS"); err != nil {
		return err
	}
	if s.ExcessBedDays, err = t.int(t.idx("SpellExcessBeddays"), "SpellExcessBeddays"); err != nil {
		return err
	}
	s.setKeys(t.get("PROCODET"), "", t.get("PROVSPNO"), "", "")
	s.Keys[KeyRowNo] = itoa(row)
	return nil
}

// linkOf links a row by its spell key, else by a number.
func (g *grouperReader) linkOf(key string, n int64) []byte {
	if key != "" {
		g.link = append(g.link[:0], key...)
		return g.link
	}
	g.link = rowLink(g.link, n)
	return g.link
}

func (g *grouperReader) spells(path string) error {
	t, err := openCSV(path, grouperSpellHeader, true)
	if err != nil {
		return err
	}
	defer t.Close()
	for n := int64(0); ; n++ {
		if ok, err := t.read(); err != nil || !ok {
			return err
		}
		s := &g.sp
		s.reset()
		s.Seq = n
		if err := g.spellFields(t, s); err != nil {
			return err
		}
		g.starts = append(g.starts, s.Row)
		if err := g.a.add(fragSpell, g.linkOf(s.Keys[KeyProcodetProvspno], s.Row), int64(t.line), s); err != nil {
			return err
		}
	}
}

func (g *grouperReader) episodes(path string) error {
	t, err := openCSV(path, grouperFCEHeader, true)
	if err != nil {
		return err
	}
	defer t.Close()
	diagCols, procCols := codeColumns(t.header)
	g.side.MaxDiags, g.side.MaxProcs = len(diagCols), len(procCols)
	g.side.Has |= HasEpisodes
	if len(diagCols) > 0 {
		g.side.Has |= HasCodes
	}
	g.sorted = slices.IsSorted(g.starts)
	rowNo, epiKey, order, report := t.idx("RowNo"), t.idx("EPIKEY"), t.idx("EPIORDER"), t.idx("SpellReportFlag")
	hrg, method, domProc := t.idx("FCE_HRG"), t.idx("GroupingMethodFlag"), t.idx("DominantProcedure")
	ws := g.ws
	for n := int64(0); ; n++ {
		if ok, err := t.read(); err != nil || !ok {
			return err
		}
		s := &g.sp
		s.reset()
		s.Seq = n
		row, err := t.int(rowNo, "RowNo")
		if err != nil {
			return err
		}
		e := oneEpisode(s)
		diags, procs := e.Diags[:0], e.Procs[:0]
		*e = Episode{Row: row, EpiKey: t.at(epiKey), HRG: ws.syms.id(t.at(hrg)), Method: ws.syms.id(t.at(method)), DomProc: ws.syms.id(t.at(domProc))}
		o, err := t.int(order, "EPIORDER")
		if err != nil {
			return err
		}
		if o != Null {
			e.Order = int32(o)
		}
		for _, c := range diagCols {
			diags = append(diags, ws.diag(t.at(c)))
		}
		for _, c := range procCols {
			procs = append(procs, ws.proc(t.at(c)))
		}
		e.Diags, e.Procs = trimCodes(diags), trimCodes(procs)
		if t.at(report) == "1" {
			s.ReportRow = row
		}
		key := spellKeyOf(t)
		role, link := fragEpisode, []byte(nil)
		switch {
		case g.build_:
			if err := g.spellFields(t, s); err != nil {
				return err
			}
			role, link = fragRow, g.linkOf(key, -n-1)
		case key != "":
			link = g.linkOf(key, 0)
		case g.sorted:
			if j, _ := slices.BinarySearch(g.starts, row+1); j > 0 {
				link = g.linkOf("", g.starts[j-1])
			}
		}
		if link == nil {
			return &cellError{t.path, t.line, "RowNo", "episode belongs to no row of the _spell file"}
		}
		if err := g.a.add(role, link, int64(t.line), s); err != nil {
			return err
		}
	}
}

// assemble turns a link's fragments into spells: the _spell rows (the
// last takes the episodes when a key repeats), or with no _spell file the
// first _FCE row's spell columns.
func (g *grouperReader) assemble(frags []fragment) error {
	var spells []*Spell
	if g.build_ {
		spells = append(spells, frags[0].sp)
	} else {
		for _, f := range frags {
			if f.role == fragSpell {
				spells = append(spells, f.sp)
			}
		}
	}
	if len(spells) == 0 {
		return &cellError{g.fce, int(frags[0].line), "RowNo", "episode belongs to no row of the _spell file"}
	}
	s := spells[len(spells)-1]
	var eps []Episode
	for _, f := range frags {
		if f.role == fragSpell {
			continue
		}
		eps = append(eps, f.sp.Episodes[0])
		if f.sp.ReportRow != 0 {
			s.ReportRow = f.sp.ReportRow
		}
	}
	s.Episodes = s.Episodes[:0]
	for i := range eps {
		appendEpisode(s, &eps[i])
	}
	sortEpisodes(s)
	for _, sp := range spells {
		if err := g.side.emit(sp); err != nil {
			return err
		}
	}
	return nil
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
	byN := func(a, b pos) int { return a.n - b.n }
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
