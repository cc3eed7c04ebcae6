package compare

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// readHES reads a HES APC extract carrying SUS-assigned HRGs. The spell's
// HRG is SUSCOREHRG (SUS's spell core HRG) when the extract has it, else
// SUSHRG, from the spell's first episode. Rows are grouped into spells on
// the first key the row carries, as hrgflow does: PROCODET + PROVSPNO,
// PROVSPNO, SUSSPELLID, patient + provider + ADMIDATE.
func readHES(path string) (*Side, error) {
	t, err := readCSV(path, nil)
	if err != nil {
		return nil, err
	}
	side := &Side{Kind: KindHES, Path: path, Has: HasHRG}
	hrgCol := "SUSHRG"
	if t.has("SUSCOREHRG") {
		hrgCol = "SUSCOREHRG"
	}
	diagCols, procCols := codeColumns(t.header)
	side.MaxDiags, side.MaxProcs = len(diagCols), len(procCols)
	if len(diagCols) > 0 {
		side.Has |= HasCodes
	}
	if t.has("ADMIDATE") {
		side.Has |= HasAdmiDate
	}
	if t.has("DISDATE") {
		side.Has |= HasDisDate | HasMonth
	}
	if t.has("SPELDUR") || (t.has("ADMIDATE") && t.has("DISDATE")) {
		side.Has |= HasPricingLOS
	}
	if t.has("PURCODE") || t.has("CCG_RESPONSIBILITY") {
		side.Has |= HasCommissioner
	}
	byKey := map[string]int{}
	for i := range t.rows {
		if err := hesRow(t, i, side, byKey, hrgCol, diagCols, procCols); err != nil {
			return nil, err
		}
	}
	for i := range side.Spells {
		s := &side.Spells[i]
		slices.SortStableFunc(s.Episodes, func(a, b Episode) int {
			return cmp.Or(cmp.Compare(a.Order, b.Order), cmp.Compare(a.Row, b.Row))
		})
		if len(s.Episodes) > 0 {
			s.HRG, s.Commissioner = s.Episodes[0].HRG, s.Episodes[0].commissioner
		}
		s.Month = s.DisDate.Month()
		if s.PricingLOS == Null && s.AdmiDate != NoDate && s.DisDate != NoDate {
			s.PricingLOS = int64(s.DisDate - s.AdmiDate)
		}
	}
	if len(t.rows) > 0 {
		side.Version = strings.TrimSpace("SUS " + t.get(0, "SUSHRGVERS"))
	}
	return side, nil
}

func hesRow(t *table, i int, side *Side, byKey map[string]int, hrgCol string, diagCols, procCols []int) error {
	admi, err := t.date(i, "ADMIDATE")
	if err != nil {
		return err
	}
	dis, err := t.date(i, "DISDATE")
	if err != nil {
		return err
	}
	s := newSpell()
	s.AdmiDate = admi
	s.setKeys(t.get(i, "PROCODET"), t.get(i, "PROCODE3"), t.get(i, "PROVSPNO"), t.get(i, "SUSSPELLID"),
		cmp.Or(t.get(i, "PSEUDO_HESID"), t.get(i, "TOKEN_PERSON_ID")))
	key := ""
	for _, k := range s.Keys[:KeyRowNo] {
		if k != "" {
			key = k
			break
		}
	}
	row := int64(i + 1)
	e := Episode{Row: row, EpiKey: t.get(i, "EPIKEY")}
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
	k, ok := byKey[key]
	if !ok || key == "" {
		s.Row = row
		s.Provider = cmp.Or(t.get(i, "PROCODET"), t.get(i, "PROCODE3"))
		s.Keys[KeyRowNo] = strconv.FormatInt(row, 10)
		k = len(side.Spells)
		byKey[key] = k
		side.Spells = append(side.Spells, s)
	}
	sp := &side.Spells[k]
	e.HRG = t.get(i, hrgCol) // not compared per episode: the spell takes its first episode's
	e.commissioner = cmp.Or(t.get(i, "PURCODE"), t.get(i, "CCG_RESPONSIBILITY"))
	if dis != NoDate {
		sp.DisDate = dis
	}
	if los, err := t.int(i, "SPELDUR"); err != nil {
		return err
	} else if los != Null {
		sp.PricingLOS = los
	}
	sp.Episodes = append(sp.Episodes, e)
	return nil
}

// date reads a date (YYYY-MM-DD, YYYYMMDD or DD/MM/YYYY); blank and the
// HES null sentinels 1800-01-01 and 1801-01-01 are NoDate.
func (t *table) date(i int, name string) (Date, error) {
	s := t.get(i, name)
	d, ok := parseDate(s)
	if !ok {
		return NoDate, &cellError{t.path, t.line(i), name, "not a date (want YYYY-MM-DD)"}
	}
	return d, nil
}

func parseDate(s string) (Date, bool) {
	if s == "" || s == "1800-01-01" || s == "1801-01-01" {
		return NoDate, true
	}
	for _, layout := range []string{time.DateOnly, "20060102", "02/01/2006"} {
		if tm, err := time.Parse(layout, s); err == nil {
			return Date(tm.Unix() / 86400), true
		}
	}
	return NoDate, false
}
