package compare

import (
	"cmp"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/hrgflow/hrgflow/pipeline"
	"github.com/hrgflow/hrgflow/schemas"
)

// runHas is what an hrgflow run carries.
const runHas = HasHRG | HasMethod | HasDomProc | HasPOD | HasAdmiDate | HasDisDate | HasMonth |
	HasSpellLOS | HasPricingLOS | HasExcess | HasCodes | HasEpisodes | HasCommissioner | HasPrice | HasPriceParts

// runReader reads an hrgflow run folder: manifest.json, then spells/ and
// episodes/ as fragments linked by input file and SpellRow.
type runReader struct {
	ws   *Workspace
	side *Side
	a    *assembler
	// offset and order by input file symbol: RowNo of the official export
	// numbers episodes over the inputs in order.
	offset map[Sym]int64
	order  map[Sym]int64
	sp     Spell
	link   []byte
}

func (ws *Workspace) readRun(dir string) (*Side, error) {
	var man pipeline.Manifest
	data, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(data, &man); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, "manifest.json"), err)
	}
	side, err := ws.newSide(KindRun, dir, runHas)
	if err != nil {
		return nil, err
	}
	side.Version, side.PriceTable, side.Design = man.Design.Name+" "+man.Design.Version, man.PriceTable, man.Design
	side.MaxDiags, side.MaxProcs, side.Inputs = schemas.MaxDiagnoses, schemas.MaxProcedures, map[string]RunInput{}
	rr := &runReader{ws: ws, side: side, offset: map[Sym]int64{}, order: map[Sym]int64{}, sp: newSpell()}
	var total int64
	for i, in := range man.Inputs {
		base := filepath.Base(in.Path)
		side.Inputs[base] = RunInput{Path: in.Path, SHA256: in.SHA256, Layout: in.Layout}
		f := ws.syms.id(base)
		rr.offset[f], rr.order[f] = total, int64(i)
		total += in.Rows
	}
	// About 100 bytes of fragments an episode, 150 a spell.
	if rr.a, err = ws.newAssembler(250 * max(man.Rows.Read, man.Spells)); err != nil {
		return nil, err
	}
	defer rr.a.remove()
	if err := rr.spells(dir); err != nil {
		return nil, err
	}
	if err := rr.episodes(dir); err != nil {
		return nil, err
	}
	if err := rr.a.finish(rr.build); err != nil {
		return nil, err
	}
	return side, side.spool.finish()
}

// seqOf orders a run's rows: by input file, then row.
func (rr *runReader) seqOf(file Sym, row int64) int64 { return rr.order[file]<<40 | row }

func (rr *runReader) linkOf(file Sym, spellRow int64) []byte {
	rr.link = append(strconv.AppendUint(rr.link[:0], uint64(file), 10), ':')
	rr.link = strconv.AppendInt(rr.link, spellRow, 10)
	return rr.link
}

func (rr *runReader) spells(dir string) error {
	files, err := datasetFiles(filepath.Join(dir, "spells"))
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("%s: no spells dataset (spells/*.parquet): was the run written with --datasets leaving spells out?", dir)
	}
	syms := rr.ws.syms
	for _, path := range files {
		err := readParquet(path, spellColumns, func(r pqRow) error {
			s := &rr.sp
			s.reset()
			s.SourceFile, s.Row = syms.id(r.str("SourceFile")), r.num("SpellRow")
			s.Seq = rr.seqOf(s.SourceFile, s.Row)
			s.Provider = syms.id(cmp.Or(r.str("PROCODET"), r.str("PROCODE3")))
			s.HRG, s.Method = syms.id(r.str("SpellHRG")), syms.id(r.str("SpellGroupingMethodFlag"))
			s.DomProc, s.POD = syms.id(r.str("SpellDominantProcedure")), syms.id(r.str("PointOfDelivery"))
			s.AdmiDate, s.DisDate = r.date("ADMIDATE"), r.date("DISDATE")
			s.Month = rr.ws.month(s.DisDate)
			s.SpellLOS, s.PricingLOS, s.ExcessBedDays = r.num("SpellLOS"), r.num("PricingLOS"), r.num("ExcessBedDays")
			s.ReportRow = r.num("ReportEpisodeRow")
			if s.ReportRow == Null {
				s.ReportRow = 0
			}
			for k, name := range moneyFields {
				s.Money[k] = r.num(name)
			}
			if s.Money[MoneyTotal] == Null {
				s.Money[MoneyTotal] = 0 // not priced: pays nothing
			}
			s.setKeys(r.str("PROCODET"), r.str("PROCODE3"), r.str("PROVSPNO"), r.str("SUSSPELLID"),
				cmp.Or(r.str("PSEUDO_HESID"), r.str("TOKEN_PERSON_ID")))
			if off, ok := rr.offset[s.SourceFile]; ok {
				s.Keys[KeyRowNo] = strconv.FormatInt(off+s.Row, 10)
			}
			return rr.a.add(fragSpell, rr.linkOf(s.SourceFile, s.Row), s.Row, s)
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

func (rr *runReader) episodes(dir string) error {
	files, err := datasetFiles(filepath.Join(dir, "episodes"))
	if err != nil {
		return err
	}
	if len(files) == 0 {
		rr.side.Has &^= HasEpisodes | HasCodes | HasCommissioner
		return nil
	}
	ws := rr.ws
	for _, path := range files {
		err := readParquet(path, episodeColumns, func(r pqRow) error {
			s := &rr.sp
			s.reset()
			file, row := ws.syms.id(r.str("SourceFile")), r.num("SourceRow")
			s.Seq = rr.seqOf(file, row)
			e := oneEpisode(s)
			diags, procs := e.Diags[:0], e.Procs[:0]
			*e = Episode{Row: row, EpiKey: r.str("EPIKEY"), HRG: ws.syms.id(r.str("FCE_HRG")),
				Method: ws.syms.id(r.str("GroupingMethodFlag")), DomProc: ws.syms.id(r.str("DominantProcedure"))}
			if o := r.num("EPIORDER"); o != Null {
				e.Order = int32(o)
			}
			for _, n := range diagNames {
				diags = append(diags, ws.diag(string(r.bytes(n))))
			}
			for _, n := range procNames {
				procs = append(procs, ws.proc(string(r.bytes(n))))
			}
			e.Diags, e.Procs = trimCodes(diags), trimCodes(procs)
			e.commissioner = ws.syms.id(cmp.Or(r.str("PURCODE"), r.str("CCG_RESPONSIBILITY")))
			return rr.a.add(fragEpisode, rr.linkOf(file, r.num("SpellRow")), row, s)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// build joins a spell with its episodes.
func (rr *runReader) build(g []fragment) error {
	var s *Spell
	for _, f := range g {
		if f.role == fragSpell {
			s = f.sp
		}
	}
	if s == nil {
		return fmt.Errorf("%s: episode in row %d has no spell in spells/", rr.side.Path, g[0].line)
	}
	s.Episodes = s.Episodes[:0]
	for _, f := range g {
		if f.role == fragEpisode {
			appendEpisode(s, &f.sp.Episodes[0])
		}
	}
	sortEpisodes(s)
	if len(s.Episodes) > 0 {
		s.Commissioner = s.Episodes[0].commissioner // the first episode's, as the aggregates take it
	}
	return rr.side.emit(s)
}
