package compare

import (
	"cmp"
	"strings"

	"github.com/hrgflow/hrgflow/pipeline"
	"github.com/hrgflow/hrgflow/schemas"
)

// readHES reads a HES APC extract carrying SUS-assigned HRGs. The spell's
// HRG is SUSCOREHRG (SUS's spell core HRG) when the extract has it, else
// SUSHRG, from the spell's first episode. Rows are grouped into spells on
// the first key the row carries, as hrgflow does: PROCODET + PROVSPNO,
// PROVSPNO, SUSSPELLID, patient + provider + ADMIDATE.
func (ws *Workspace) readHES(path string) (*Side, error) {
	t, err := openCSV(path, nil, false)
	if err != nil {
		return nil, err
	}
	defer t.Close()
	side, err := ws.newSide(KindHES, path, HasHRG)
	if err != nil {
		return nil, err
	}
	hrgCol := "SUSHRG"
	if t.has("SUSCOREHRG") {
		hrgCol = "SUSCOREHRG"
	}
	diagCols, procCols := codeColumns(t.header)
	side.MaxDiags, side.MaxProcs = len(diagCols), len(procCols)
	for _, f := range []struct {
		ok  bool
		has Has
	}{{len(diagCols) > 0, HasCodes}, {t.has("ADMIDATE"), HasAdmiDate}, {t.has("DISDATE"), HasDisDate | HasMonth},
		{t.has("SPELDUR") || (t.has("ADMIDATE") && t.has("DISDATE")), HasPricingLOS},
		{t.has("PURCODE") || t.has("CCG_RESPONSIBILITY"), HasCommissioner}} {
		if f.ok {
			side.Has |= f.has
		}
	}
	a, err := ws.newAssembler(fileSize(path) / 2)
	if err != nil {
		return nil, err
	}
	defer a.remove()
	h := hesRow{ws: ws, t: t, hrg: t.idx(hrgCol), diagCols: diagCols, procCols: procCols, sp: newSpell()}
	for row := int64(1); ; row++ {
		ok, err := t.read()
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		if row == 1 {
			side.Version = strings.TrimSpace("SUS " + t.get("SUSHRGVERS"))
		}
		link, err := h.read(row)
		if err != nil {
			return nil, err
		}
		if err := a.add(fragRow, link, int64(t.line), &h.sp); err != nil {
			return nil, err
		}
	}
	if err := a.finish(func(g []fragment) error { return buildHESSpell(ws, side, g) }); err != nil {
		return nil, err
	}
	return side, side.spool.finish()
}

// hesRow reads one row of a HES extract as a spell of one episode.
type hesRow struct {
	ws                 *Workspace
	t                  *rows
	hrg                int
	diagCols, procCols []int
	sp                 Spell
	link               []byte
}

// read fills h.sp from the current row and returns its link: the first
// spell key it carries, else its row number.
func (h *hesRow) read(row int64) ([]byte, error) {
	t, ws, s := h.t, h.ws, &h.sp
	s.reset()
	var err error
	if s.AdmiDate, err = t.date(t.idx("ADMIDATE"), "ADMIDATE"); err != nil {
		return nil, err
	}
	if s.DisDate, err = t.date(t.idx("DISDATE"), "DISDATE"); err != nil {
		return nil, err
	}
	if s.PricingLOS, err = t.int(t.idx("SPELDUR"), "SPELDUR"); err != nil {
		return nil, err
	}
	s.Seq, s.Row = row, row
	s.setKeys(t.get("PROCODET"), t.get("PROCODE3"), t.get("PROVSPNO"), t.get("SUSSPELLID"),
		cmp.Or(t.get("PSEUDO_HESID"), t.get("TOKEN_PERSON_ID")))
	h.link = rowLink(h.link, row)
	for _, k := range s.Keys[:KeyRowNo] {
		if k != "" {
			h.link = append(h.link[:0], k...)
			break
		}
	}
	s.Keys[KeyRowNo] = itoa(row)
	s.Provider = ws.syms.id(cmp.Or(t.get("PROCODET"), t.get("PROCODE3")))
	e := oneEpisode(s)
	diags, procs := e.Diags[:0], e.Procs[:0]
	*e = Episode{Row: row, EpiKey: t.get("EPIKEY")}
	order, err := t.int(t.idx("EPIORDER"), "EPIORDER")
	if err != nil {
		return nil, err
	}
	if order != Null {
		e.Order = int32(order)
	}
	for _, c := range h.diagCols {
		diags = append(diags, ws.diag(t.at(c)))
	}
	for _, c := range h.procCols {
		procs = append(procs, ws.proc(t.at(c)))
	}
	e.Diags, e.Procs = trimCodes(diags), trimCodes(procs)
	e.HRG = ws.syms.id(t.at(h.hrg)) // not compared per episode: the spell takes its first episode's
	e.commissioner = ws.syms.id(cmp.Or(t.get("PURCODE"), t.get("CCG_RESPONSIBILITY")))
	return h.link, nil
}

// buildHESSpell makes a spell of its rows: keys and admission from the
// first, the last discharge date and SPELDUR given, the HRG and
// commissioner of the first episode by EPIORDER.
func buildHESSpell(ws *Workspace, side *Side, g []fragment) error {
	s := g[0].sp
	eps := []Episode{s.Episodes[0]}
	for _, f := range g[1:] {
		if f.sp.DisDate != NoDate {
			s.DisDate = f.sp.DisDate
		}
		if f.sp.PricingLOS != Null {
			s.PricingLOS = f.sp.PricingLOS
		}
		eps = append(eps, f.sp.Episodes[0])
	}
	s.Episodes = s.Episodes[:0]
	for i := range eps {
		appendEpisode(s, &eps[i])
	}
	sortEpisodes(s)
	s.HRG, s.Commissioner = s.Episodes[0].HRG, s.Episodes[0].commissioner
	s.Month = ws.month(s.DisDate)
	if s.PricingLOS == Null && s.AdmiDate != NoDate && s.DisDate != NoDate {
		s.PricingLOS = int64(s.DisDate - s.AdmiDate)
	}
	return side.emit(s)
}

// parseDate reads a date as the pipeline does (pipeline.ParseDate: the
// three layouts, a time of day dropped); blank and the HES sentinels
// 1800-01-01 and 1801-01-01 in any layout are NoDate.
func parseDate(s string) (Date, bool) {
	d, ok := pipeline.ParseDate(s)
	if !ok || d == schemas.NullDate {
		return NoDate, ok
	}
	return Date(d), true
}
