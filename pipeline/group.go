package pipeline

import (
	"strconv"

	"github.com/hrgflow/hrgflow/grouper"
	"github.com/hrgflow/hrgflow/pipeline/price"
	"github.com/hrgflow/hrgflow/pipeline/validate"
	"github.com/hrgflow/hrgflow/schemas"
)

// spellRow is one provider spell of a batch: its episodes are
// eps[first : first+count], in input order.
type spellRow struct {
	first, count int
	head, tail   int // indexes in eps of the first and last episodes by EPIORDER
	report       int // index in eps of the episode with SpellReportFlag 1
	result       grouper.SpellResult
	unbundled    int
	pod          price.POD
	los          int32 // the LOS pricing counted
	price        price.Breakdown
}

// grouping is a worker's scratch space for grouping a batch.
type grouping struct {
	t       *grouper.Table
	prices  *price.Table
	mff     *price.MFF
	rules   price.Rules
	ub      []price.UnbundledInput
	results []grouper.EpisodeResult
	order   []int // a spell's episode indexes in EPIORDER order
	ptrs    []*schemas.Episode
	res     []grouper.EpisodeResult
}

// groupBatch groups every episode of b, then every spell (runs of rows the
// reader marked, episodes sorted by EPIORDER), and writes the results onto
// the episodes and into b.spells.
func (g *grouping) groupBatch(b *batch) {
	n := len(b.eps)
	if cap(g.results) < n {
		g.results = make([]grouper.EpisodeResult, n)
	}
	g.results = g.results[:n]
	b.unbundled = b.unbundled[:0]
	for i := range b.eps {
		g.t.GroupEpisode(&b.eps[i], &g.results[i], nil)
		setEpisodeResult(&b.eps[i], &g.results[i], &b.arena)
		collectUnbundled(b, i, &g.results[i])
	}
	b.spells = b.spells[:0]
	for start := 0; start < n; {
		end := start + 1
		for end < n && !b.newSpell[end] {
			end++
		}
		b.spells = append(b.spells, g.groupSpell(b, start, end))
		start = end
	}
}

// groupSpell groups the spell of episodes [start, end) of b.
func (g *grouping) groupSpell(b *batch, start, end int) spellRow {
	g.order = g.order[:0]
	for i := start; i < end; i++ {
		g.order = append(g.order, i)
	}
	sortByEpiorder(g.order, b.eps)
	g.ptrs, g.res = g.ptrs[:0], g.res[:0]
	unbundled := 0
	for _, i := range g.order {
		g.ptrs = append(g.ptrs, &b.eps[i])
		g.res = append(g.res, g.results[i])
		unbundled += int(g.results[i].NUnbundled)
	}
	s := spellRow{first: start, count: end - start, unbundled: unbundled, head: g.order[0], tail: g.order[len(g.order)-1]}
	g.t.GroupSpell(g.ptrs, g.res, &s.result, nil)
	s.report = g.order[s.result.ReportEpisode]
	r := &s.result
	hrg, method := appendHRG(r.HRG, &b.arena), methodText(r.Method)
	dom, pdiag, sdiag := codeText(r.DominantProcedure, &b.arena), icdText(r.PDiag, &b.arena), icdText(r.SDiag, &b.arena)
	row := b.eps[start].I64[schemas.SourceRow]
	for i := start; i < end; i++ {
		e := &b.eps[i]
		e.I64[schemas.SpellRow] = row
		e.Str[schemas.SpellHRG], e.Str[schemas.SpellGroupingMethodFlag] = hrg, method
		e.Str[schemas.SpellDominantProcedure], e.Str[schemas.SpellPDiag], e.Str[schemas.SpellSDiag] = dom, pdiag, sdiag
		e.Int[schemas.SpellReportFlag] = 0
		e.Int[schemas.SpellEpisodeCount], e.Int[schemas.SpellLOS] = int32(end-start), r.LOS
	}
	b.eps[s.report].Int[schemas.SpellReportFlag] = 1
	deriveSpell(b, g.order, &s)
	g.priceSpell(b, &s)
	return s
}

// priceSpell prices a grouped spell from its first episode's admission
// fields and all its episodes' unbundled HRGs.
func (g *grouping) priceSpell(b *batch, s *spellRow) {
	first, last := &b.eps[s.head], &b.eps[s.tail]
	s.los = s.result.LOS
	if a, d := first.Date[schemas.ADMIDATE], last.Date[schemas.DISDATE]; a.Valid() && d.Valid() && d >= a {
		s.los = int32(d - a)
	}
	s.pod = price.PointOfDelivery(first.Str[schemas.ADMIMETH], first.Str[schemas.CLASSPAT], s.los)
	g.ub = g.ub[:0]
	for _, i := range g.order {
		r := &g.results[i]
		for _, u := range r.Unbundled[:r.NUnbundled] {
			g.ub = append(g.ub, price.UnbundledInput{HRG: u.HRG, Multiplier: u.Multiplier})
		}
	}
	provider := first.Str[schemas.PROCODET]
	if provider == "" {
		provider = first.Str[schemas.PROCODE3]
	}
	s.price = g.prices.Price(price.SpellInput{
		HRG: s.result.HRG, POD: s.pod, LOS: s.los, AgeYears: validate.AgeYears(first.Int[schemas.STARTAGE]),
		Provider: provider, Unbundled: g.ub,
	}, g.mff, g.rules)
}

// sortByEpiorder sorts episode indexes by EPIORDER (missing last), keeping
// input order among equals: insertion sort, as spells are short.
func sortByEpiorder(idx []int, eps []schemas.Episode) {
	key := func(i int) int32 {
		if o := eps[i].Int[schemas.EPIORDER]; o != schemas.NullInt {
			return o
		}
		return 1<<31 - 1
	}
	for i := 1; i < len(idx); i++ {
		for j := i; j > 0 && key(idx[j]) < key(idx[j-1]); j-- {
			idx[j], idx[j-1] = idx[j-1], idx[j]
		}
	}
}

// setEpisodeResult writes an episode's grouping result into its fields;
// text goes into the batch arena.
func setEpisodeResult(e *schemas.Episode, r *grouper.EpisodeResult, arena *[]byte) {
	e.Str[schemas.FCE_HRG] = appendHRG(r.HRG, arena)
	e.Str[schemas.GroupingMethodFlag] = methodText(r.Method)
	e.Str[schemas.DominantProcedure] = codeText(r.DominantProcedure, arena)
	e.Int[schemas.CCScore], e.Int[schemas.CalcEpidur] = r.CCScore, r.CalcEpidur
	e.Str[schemas.UnbundledHRGs] = ""
	if r.NUnbundled == 0 {
		return
	}
	start := len(*arena)
	for k, u := range r.Unbundled[:r.NUnbundled] {
		if k > 0 {
			*arena = append(*arena, ';')
		}
		*arena = append(*arena, u.HRG[:]...)
		if u.Multiplier > 0 {
			*arena = append(*arena, '*')
			*arena = strconv.AppendInt(*arena, int64(u.Multiplier), 10)
		}
	}
	e.Str[schemas.UnbundledHRGs] = bytesString((*arena)[start:len(*arena):len(*arena)])
}

func appendHRG(h grouper.HRG, arena *[]byte) string {
	if h == (grouper.HRG{}) {
		return ""
	}
	start := len(*arena)
	*arena = append(*arena, h[:]...)
	return bytesString((*arena)[start:len(*arena):len(*arena)])
}

var methodTexts = [256]string{'P': "P", 'D': "D", 'B': "B", 'M': "M", 'G': "G", 'U': "U", 'O': "O"}

func methodText(m byte) string { return methodTexts[m] }

func codeText(c schemas.OPCS4, arena *[]byte) string {
	if c == 0 {
		return ""
	}
	start := len(*arena)
	*arena = c.AppendText(*arena)
	return bytesString((*arena)[start:len(*arena):len(*arena)])
}

func icdText(c schemas.ICD10, arena *[]byte) string {
	if c == 0 {
		return ""
	}
	start := len(*arena)
	*arena = c.AppendText(*arena)
	return bytesString((*arena)[start:len(*arena):len(*arena)])
}
