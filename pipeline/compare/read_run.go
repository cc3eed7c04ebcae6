package compare

import (
	"cmp"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/hrgflow/hrgflow/pipeline"
	"github.com/hrgflow/hrgflow/schemas"
)

// runHas is what an hrgflow run carries.
const runHas = HasHRG | HasMethod | HasDomProc | HasPOD | HasAdmiDate | HasDisDate | HasMonth |
	HasSpellLOS | HasPricingLOS | HasExcess | HasCodes | HasEpisodes | HasCommissioner | HasPrice | HasPriceParts

// spellRef locates a spell of a run: its input file and SpellRow.
type spellRef struct {
	file string
	row  int64
}

// readRun reads an hrgflow run folder: manifest.json, spells/ and
// episodes/.
func readRun(dir string) (*Side, error) {
	var man pipeline.Manifest
	data, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(data, &man); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, "manifest.json"), err)
	}
	side := &Side{Kind: KindRun, Path: dir, Version: man.Design.Name + " " + man.Design.Version,
		PriceTable: man.PriceTable, Has: runHas, MaxDiags: schemas.MaxDiagnoses, MaxProcs: schemas.MaxProcedures,
		Inputs: map[string]string{}}
	// RowNo of the official export: episodes numbered over the inputs in order.
	offset, order := map[string]int64{}, map[string]int{}
	var total int64
	for i, in := range man.Inputs {
		base := filepath.Base(in.Path)
		side.Inputs[base], offset[base], order[base] = in.Path, total, i
		total += in.Rows
	}
	byRef := map[spellRef]int{}
	if err := readRunSpells(dir, side, byRef); err != nil {
		return nil, err
	}
	if err := readRunEpisodes(dir, side, byRef); err != nil {
		return nil, err
	}
	for i := range side.Spells {
		s := &side.Spells[i]
		if off, ok := offset[s.SourceFile]; ok {
			s.Keys[KeyRowNo] = strconv.FormatInt(off+s.Row, 10)
		}
		slices.SortStableFunc(s.Episodes, func(a, b Episode) int {
			return cmp.Or(cmp.Compare(a.Order, b.Order), cmp.Compare(a.Row, b.Row))
		})
		if len(s.Episodes) > 0 {
			s.Commissioner = s.Episodes[0].commissioner // the first episode's, as the aggregates take it
		}
	}
	// Input order: by input file, then SpellRow (partitions split it).
	slices.SortStableFunc(side.Spells, func(a, b Spell) int {
		return cmp.Or(cmp.Compare(order[a.SourceFile], order[b.SourceFile]), cmp.Compare(a.Row, b.Row))
	})
	return side, nil
}

func readRunSpells(dir string, side *Side, byRef map[spellRef]int) error {
	files, err := datasetFiles(filepath.Join(dir, "spells"))
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("%s: no spells dataset (spells/*.parquet): was the run written with --datasets leaving spells out?", dir)
	}
	for _, path := range files {
		err := readParquet(path, spellColumns, func(r pqRow) error {
			s := newSpell()
			s.SourceFile, s.Row = r.str("SourceFile"), r.num("SpellRow")
			s.Provider = cmp.Or(r.str("PROCODET"), r.str("PROCODE3"))
			s.HRG, s.Method, s.DomProc = r.str("SpellHRG"), r.str("SpellGroupingMethodFlag"), r.str("SpellDominantProcedure")
			s.POD = r.str("PointOfDelivery")
			s.AdmiDate, s.DisDate = r.date("ADMIDATE"), r.date("DISDATE")
			s.Month = s.DisDate.Month()
			s.SpellLOS, s.PricingLOS, s.ExcessBedDays = r.num("SpellLOS"), r.num("PricingLOS"), r.num("ExcessBedDays")
			s.ReportRow = r.num("ReportEpisodeRow")
			for k, name := range moneyFields {
				s.Money[k] = r.num(name)
			}
			if s.Money[MoneyTotal] == Null {
				s.Money[MoneyTotal] = 0 // not priced: pays nothing
			}
			s.setKeys(r.str("PROCODET"), r.str("PROCODE3"), r.str("PROVSPNO"), r.str("SUSSPELLID"),
				cmp.Or(r.str("PSEUDO_HESID"), r.str("TOKEN_PERSON_ID")))
			byRef[spellRef{s.SourceFile, s.Row}] = len(side.Spells)
			side.Spells = append(side.Spells, s)
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// spellColumns and episodeColumns are the columns read from a run.
var (
	spellColumns = append([]string{"SourceFile", "SpellRow", "PROCODET", "PROCODE3", "PROVSPNO", "SUSSPELLID",
		"PSEUDO_HESID", "TOKEN_PERSON_ID", "SpellHRG", "SpellGroupingMethodFlag", "SpellDominantProcedure",
		"PointOfDelivery", "ADMIDATE", "DISDATE", "SpellLOS", "PricingLOS", "ExcessBedDays", "ReportEpisodeRow"}, moneyFields[:]...)
	episodeColumns = append(append([]string{"SourceFile", "SourceRow", "SpellRow", "EPIKEY", "EPIORDER", "FCE_HRG",
		"GroupingMethodFlag", "DominantProcedure", "PURCODE", "CCG_RESPONSIBILITY"}, diagNames...), procNames...)
)

// diagNames and procNames are the episode code columns, by position.
var diagNames, procNames = func() (d, p []string) {
	for i := 1; i <= schemas.MaxDiagnoses; i++ {
		d = append(d, fmt.Sprintf("DIAG_%02d", i))
	}
	for i := 1; i <= schemas.MaxProcedures; i++ {
		p = append(p, fmt.Sprintf("OPERTN_%02d", i))
	}
	return d, p
}()

func readRunEpisodes(dir string, side *Side, byRef map[spellRef]int) error {
	files, err := datasetFiles(filepath.Join(dir, "episodes"))
	if err != nil {
		return err
	}
	if len(files) == 0 {
		side.Has &^= HasEpisodes | HasCodes | HasCommissioner
		return nil
	}
	for _, path := range files {
		err := readParquet(path, episodeColumns, func(r pqRow) error {
			k, ok := byRef[spellRef{r.str("SourceFile"), r.num("SpellRow")}]
			if !ok {
				return fmt.Errorf("episode in row %d has no spell in spells/", r.num("SourceRow"))
			}
			s := &side.Spells[k]
			e := Episode{Row: r.num("SourceRow"), EpiKey: r.str("EPIKEY"), HRG: r.str("FCE_HRG"),
				Method: r.str("GroupingMethodFlag"), DomProc: r.str("DominantProcedure")}
			if o := r.num("EPIORDER"); o != Null {
				e.Order = int32(o)
			}
			var buf [schemas.MaxProcedures]string
			for i, n := range diagNames {
				buf[i] = cleanDiag(r.str(n))
			}
			e.Diags = trimCodes(buf[:len(diagNames)])
			for i, n := range procNames {
				buf[i] = cleanProc(r.str(n))
			}
			e.Procs = trimCodes(buf[:len(procNames)])
			e.commissioner = cmp.Or(r.str("PURCODE"), r.str("CCG_RESPONSIBILITY"))
			s.Episodes = append(s.Episodes, e)
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// cleanDiag returns an ICD-10 code in hrgflow's clean form (I10X, no dot,
// no dagger marker), "" for a blank or HES's `-` and `&` placeholders;
// unreadable codes stay as supplied, trimmed and upper-cased.
func cleanDiag(raw string) string {
	if raw == "" || schemas.IsOPCSPlaceholder(raw) {
		return ""
	}
	if c, _, ok := schemas.NormalizeICD10(raw); ok {
		return c.String()
	}
	return upperTrim(raw)
}

// cleanProc returns an OPCS-4 code in clean form (W371), "" for a blank
// or a placeholder (`-`, `&`).
func cleanProc(raw string) string {
	if raw == "" || schemas.IsOPCSPlaceholder(raw) {
		return ""
	}
	if c, _, ok := schemas.NormalizeOPCS4(raw); ok {
		return c.String()
	}
	return upperTrim(raw)
}

// trimCodes returns a copy of codes without its trailing empty positions
// (nil when all are empty): most episodes carry a few codes of 44
// positions, and a comparison holds every episode of both sides.
func trimCodes(codes []string) []string {
	n := len(codes)
	for n > 0 && codes[n-1] == "" {
		n--
	}
	if n == 0 {
		return nil
	}
	return append([]string(nil), codes[:n]...)
}
