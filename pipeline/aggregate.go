package pipeline

import (
	"fmt"
	"slices"
	"strings"

	"github.com/parquet-go/parquet-go"

	"github.com/hrgflow/hrgflow/grouper"
	"github.com/hrgflow/hrgflow/pipeline/price"
	"github.com/hrgflow/hrgflow/schemas"
)

// The aggregation stage builds two cubes from grouped and priced spells:
//
//	commissioning: Provider × Commissioner × SpellHRG × PointOfDelivery × DischargeMonth
//	costing:       Provider × TRETSPEF × SpellHRG × PointOfDelivery × FYEAR
//
// Each worker owns an aggregator and adds every batch it has grouped and
// priced to it; the run merges the workers' aggregators once, at the end,
// and sorts the cells, so the cubes are identical for any worker count
// and any order in which batches reached the workers. The dimensions and
// measures are defined in schemas.CommissioningDictionary and
// schemas.CostingDictionary.

// cellKey is a cell of both cubes at once: every dimension of either, so
// adding a spell probes one map, and the cubes are rolled up from these
// cells at the end. Text dimensions are ids in the aggregator's text
// table, so a key holds no pointer into a batch and is 28 bytes: on
// generated data nearly every spell has a cell of its own, so the size of
// a cell is the size of the stage.
type cellKey struct {
	provider, commissioner, tretspef uint32 // text ids; 0 is null
	month                            int32  // year×12 + month−1 of the discharge; NullInt when not discharged
	fyear                            int32  // the calendar year the financial year of the spell's end starts in; NullInt when unknown
	hrg                              grouper.HRG
	pod                              price.POD
}

// cubeMeasures are the sums of one cell (48 bytes). A cell was priced when
// unpriced < spells; excessKnown counts the spells that carry excess bed
// days, to tell a sum of zero from a sum of nothing. The counts are 32-bit:
// one cell would need over 2^31 episodes (a hundred years of all English
// admissions) to overflow them.
type cubeMeasures struct {
	bedDays, excessBedDays, base, total     int64
	episodes, spells, unpriced, excessKnown int32
}

func (m *cubeMeasures) add(o *cubeMeasures) {
	m.bedDays += o.bedDays
	m.excessBedDays += o.excessBedDays
	m.base += o.base
	m.total += o.total
	m.episodes += o.episodes
	m.spells += o.spells
	m.unpriced += o.unpriced
	m.excessKnown += o.excessKnown
}

// spellCubeMeasures are the measures one spell adds to its cells.
func spellCubeMeasures(s *spellRow) cubeMeasures {
	m := cubeMeasures{episodes: int32(s.count), spells: 1, bedDays: int64(max(s.los, 0))}
	p := &s.price
	if excessBedDaysKnown(p) {
		m.excessBedDays, m.excessKnown = int64(p.ExcessBedDays), 1
	}
	if p.Status.Priced() {
		m.base, m.total = int64(p.Base), int64(p.Total)
	} else {
		m.unpriced = 1
	}
	return m
}

// excessBedDaysKnown reports whether a spell's excess bed days are known:
// the spells dataset writes them (not null) exactly then.
func excessBedDaysKnown(p *price.Breakdown) bool {
	return p.Status.Priced() && !p.Notes.Has(price.NoteNoTrimPoint) && !p.Notes.Has(price.NoteLOSUnknown)
}

// aggregator holds partial sums of both cubes. Each worker owns one (it is
// not safe for concurrent use); mergeAggregators combines them once at the
// end. It holds no reference to a batch: text is copied into its own
// table, so batches go back to the pool as soon as they are added. With a
// cubeSpill, an aggregator whose cells reach the spill's limit writes them
// as a sorted run of each cube to a temporary file and starts afresh, so
// its memory does not grow with the input; the runs are merged when the
// cubes are written (cuberuns.go).
type aggregator struct {
	cells map[cellKey]cubeMeasures
	ids   map[string]uint32 // dimension text → id
	texts []string          // dimension text by id; texts[0] is "" (null)
	spill *cubeSpill        // nil: never spill
	runs  [numCubes][]string
}

// newAggregator returns an empty aggregator that spills to spill (nil:
// never).
func newAggregator(spill *cubeSpill) *aggregator {
	return &aggregator{
		cells: map[cellKey]cubeMeasures{},
		ids:   map[string]uint32{"": 0},
		texts: []string{""},
		spill: spill,
	}
}

// addBatch adds the grouped and priced spells of b, reading b.spells and
// b.eps. It allocates only when it sees a new cell or a new dimension
// text, never per spell or episode in steady state. It fails only when a
// spill to a temporary file fails.
func (a *aggregator) addBatch(b *batch) error {
	for i := range b.spells {
		s := &b.spells[i]
		first, last := &b.eps[s.head], &b.eps[s.tail] // by EPIORDER, as spells/
		m := spellCubeMeasures(s)
		k := cellKey{
			provider: a.intern(spellProvider(first)), commissioner: a.intern(spellCommissioner(first)),
			tretspef: a.intern(first.Str[schemas.TRETSPEF]),
			month:    dischargeMonth(last.Date[schemas.DISDATE]), fyear: spellFYStart(last),
			hrg: s.result.HRG, pod: s.pod,
		}
		c := a.cells[k] // the assignment below finds the slot in cache
		c.add(&m)
		a.cells[k] = c
	}
	if a.spill != nil && len(a.cells) >= a.spill.limit {
		return a.spillCells()
	}
	return nil
}

// intern returns the id of text s, copying s (which points into a batch)
// the first time it is seen.
func (a *aggregator) intern(s string) uint32 {
	id, ok := a.ids[s]
	if !ok {
		id = uint32(len(a.texts))
		s = strings.Clone(s)
		a.ids[s] = id
		a.texts = append(a.texts, s)
	}
	return id
}

// spellProvider is the spell's provider: PROCODET, else PROCODE3.
func spellProvider(first *schemas.Episode) string {
	if p := first.Str[schemas.PROCODET]; p != "" {
		return p
	}
	return first.Str[schemas.PROCODE3]
}

// spellCommissioner is the spell's commissioner: PURCODE, else
// CCG_RESPONSIBILITY, else "" (null).
func spellCommissioner(first *schemas.Episode) string {
	if c := first.Str[schemas.PURCODE]; c != "" {
		return c
	}
	return first.Str[schemas.CCG_RESPONSIBILITY]
}

// dischargeMonth returns year×12 + month−1 of d, or NullInt for a null
// date.
func dischargeMonth(d schemas.Date) int32 {
	if !d.Valid() {
		return schemas.NullInt
	}
	y, m, _ := d.Civil()
	return int32(y*12 + m - 1)
}

// spellFYStart returns the calendar year in which the financial year
// (April to March) of the spell's end starts: from DISDATE of its last
// episode, else that episode's EPIEND; NullInt when both are missing.
func spellFYStart(last *schemas.Episode) int32 {
	d := last.Date[schemas.DISDATE]
	if !d.Valid() {
		d = last.Date[schemas.EPIEND]
	}
	if !d.Valid() {
		return schemas.NullInt
	}
	y, m, _ := d.Civil()
	if m < 4 {
		y--
	}
	return int32(y)
}

// mergeAggregators returns the sums of parts (nil entries are skipped). It
// folds the other parts into the largest, which it returns, and empties
// them, so memory is not doubled at the end of a run: parts must not be
// used afterwards. Sums are exact integers, so the cubes do not depend on
// the order of parts or on how spells were spread over them. The runs the
// parts spilled are the merged aggregator's runs.
func mergeAggregators(parts []*aggregator) *aggregator {
	var out *aggregator
	for _, p := range parts {
		if p != nil && (out == nil || len(p.cells) > len(out.cells)) {
			out = p
		}
	}
	if out == nil {
		return newAggregator(nil)
	}
	for _, p := range parts {
		if p == nil || p == out {
			continue
		}
		id := make([]uint32, len(p.texts)) // p's text id → out's
		for i, s := range p.texts {
			id[i] = out.intern(s)
		}
		for k, m := range p.cells {
			k.provider, k.commissioner, k.tretspef = id[k.provider], id[k.commissioner], id[k.tretspef]
			c := out.cells[k]
			c.add(&m)
			out.cells[k] = c
		}
		for c := range p.runs {
			out.runs[c] = append(out.runs[c], p.runs[c]...)
		}
		*p = aggregator{}
	}
	return out
}

// cubeDims is the number of dimensions of a cube; the last one is a time.
const cubeDims = 5

// The measure columns, in dictionary order; Suppressed is apart.
const (
	mEpisodes = iota
	mSpells
	mBedDays
	mExcessBedDays
	mBasePrice
	mTotalPrice
	mUnpriced
	numMeasures
)

var (
	measureNames = [numMeasures]string{"Episodes", "Spells", "BedDays", "ExcessBedDays", "BasePricePence", "TotalPricePence", "UnpricedSpells"}
	// measureIsCount marks the counts that small-number suppression
	// applies to; the others are money.
	measureIsCount     = [numMeasures]bool{true, true, true, true, false, false, true}
	commissioningNames = [cubeDims]string{"Provider", "Commissioner", "SpellHRG", "PointOfDelivery", "DischargeMonth"}
	costingNames       = [cubeDims]string{"Provider", "TRETSPEF", "SpellHRG", "PointOfDelivery", "FYEAR"}
)

// suppressedName is the column of the suppression flag.
const suppressedName = "Suppressed"

// The two cubes, as indexes into the per-cube arrays below.
const (
	cubeCommissioning = iota
	cubeCosting
	numCubes
)

// cubeTimeText gives the text of each cube's time dimension.
var cubeTimeText = [numCubes]func(int32) string{cubeMonthText, cubeFYText}

// cubeDimNames gives the dimension columns of each cube.
var cubeDimNames = [numCubes][cubeDims]string{commissioningNames, costingNames}

// cubeRows are rows of one cube in order: text byte-wise with null first,
// then the time dimension chronologically with null first. Tests and small
// cubes hold them all; a run streams them from a cubeMerger in chunks.
type cubeRows struct {
	dims [cubeDims]string // names of the dimension columns
	rows []cubeRow
}

// cubeRow is one cell of a cube, ready to encode.
type cubeRow struct {
	dim        [cubeDims - 1]string // text dimensions; "" is null
	when       int32                // the time dimension as a number; NullInt when null
	whenText   string               // its text; "" when null
	val        [numMeasures]int64   // schemas.NullI64 is null
	suppressed int32                // NullInt when suppression was not applied
}

// dimText returns the text of dimension d of row i, "" for null.
func (c *cubeRows) dimText(i, d int) string {
	r := &c.rows[i]
	if d < cubeDims-1 {
		return r.dim[d]
	}
	return r.whenText
}

// cube returns every row of cube c (cubeCommissioning or cubeCosting),
// suppressed when suppress is true (see suppressCubeRow), reading the
// aggregator's spilled runs and its cells. It does not change a.
func (a *aggregator) cube(c int, suppress bool) (cubeRows, error) {
	m, err := a.merger(c, suppress)
	if err != nil {
		return cubeRows{}, err
	}
	defer m.close()
	out := cubeRows{dims: cubeDimNames[c]}
	for {
		var r cubeRow
		ok, err := m.next(&r)
		if err != nil || !ok {
			return out, err
		}
		out.rows = append(out.rows, r)
	}
}

// cubeMonthText returns a month of dischargeMonth as YYYY-MM.
func cubeMonthText(m int32) string {
	y, mm := m/12, m%12
	if mm < 0 {
		y, mm = y-1, mm+12
	}
	return fmt.Sprintf("%04d-%02d", y, mm+1)
}

// cubeFYText returns a financial year of spellFYStart as HES writes it
// (2024 → "2425"). Like HES FYEAR it keeps two digits of each year, so
// years a century apart print alike; their rows still sort apart.
func cubeFYText(y int32) string {
	two := func(v int32) int32 { return (v%100 + 100) % 100 }
	return fmt.Sprintf("%02d%02d", two(y), two(y+1))
}

// setMeasures fills the row's measures from a cell's sums: excess bed days
// null when no spell carries them, money null when no spell was priced.
func (r *cubeRow) setMeasures(m *cubeMeasures, suppress bool) {
	priced := m.unpriced < m.spells
	r.val = [numMeasures]int64{
		mEpisodes: int64(m.episodes), mSpells: int64(m.spells), mBedDays: m.bedDays, mUnpriced: int64(m.unpriced),
		mExcessBedDays: cubeNullUnless(m.excessKnown > 0, m.excessBedDays),
		mBasePrice:     cubeNullUnless(priced, m.base),
		mTotalPrice:    cubeNullUnless(priced, m.total),
	}
	r.suppressed = schemas.NullInt
	if suppress {
		suppressCubeRow(r)
	}
}

func cubeNullUnless(ok bool, v int64) int64 {
	if !ok {
		return schemas.NullI64
	}
	return v
}

// suppressCubeRow applies small-number suppression to a row, following the
// HES analysis guide convention for outputs that leave the trust. Each
// count (Episodes, Spells, BedDays, ExcessBedDays, UnpricedSpells) of 1–7
// becomes null and sets Suppressed to 1; every other count is rounded to
// the nearest multiple of 5 (0 stays 0; a whole number is never halfway
// between two multiples of 5, so no tie rule is needed: 8 → 10, 12 → 10,
// 13 → 15). A count already null stays null. When Suppressed is 1 the
// money columns (BasePricePence, TotalPricePence) become null; otherwise
// they stay exact. Suppressed is 0 for a row with nothing suppressed.
// There is no secondary suppression. Suppression is for these cubes only:
// patient-level datasets are never suppressed and never leave the trust.
func suppressCubeRow(r *cubeRow) {
	r.suppressed = 0
	for j, isCount := range measureIsCount {
		if !isCount || r.val[j] == schemas.NullI64 {
			continue
		}
		if v, small := roundCubeCount(r.val[j]); small {
			r.val[j], r.suppressed = schemas.NullI64, 1
		} else {
			r.val[j] = v
		}
	}
	if r.suppressed == 1 {
		r.val[mBasePrice], r.val[mTotalPrice] = schemas.NullI64, schemas.NullI64
	}
}

// roundCubeCount returns n (≥ 0) rounded to the nearest 5, or reports that it
// is a small number (1–7) to suppress.
func roundCubeCount(n int64) (int64, bool) {
	if n >= 1 && n <= 7 {
		return 0, true
	}
	return (n + 2) / 5 * 5, false
}

// Where a cube column's values come from.
const (
	cubeFromDim = iota
	cubeFromMeasure
	cubeFromSuppressed
	cubeFromNone
)

// cubeSource finds the column named name among a cube's dimensions and
// the measures.
func cubeSource(dims *[cubeDims]string, name string) (from, index int) {
	if i := slices.Index(dims[:], name); i >= 0 {
		return cubeFromDim, i
	}
	if i := slices.Index(measureNames[:], name); i >= 0 {
		return cubeFromMeasure, i
	}
	if name == suppressedName {
		return cubeFromSuppressed, 0
	}
	return cubeFromNone, 0
}

// cubeIter yields a cube's rows in order.
type cubeIter interface {
	// next fills r with the next row and reports whether there was one.
	next(r *cubeRow) (bool, error)
}

// sliceCubeIter yields held rows.
type sliceCubeIter struct {
	rows []cubeRow
	i    int
}

func (s *sliceCubeIter) next(r *cubeRow) (bool, error) {
	if s.i >= len(s.rows) {
		return false, nil
	}
	*r = s.rows[s.i]
	s.i++
	return true, nil
}

// encodeCube turns held rows into column values for
// newDatasetWriter(…, fields, …).write, one slice per field in order, and
// returns them with the number of rows.
func encodeCube(rows cubeRows, fields []schemas.Field) ([][]parquet.Value, int) {
	return appendCubeColumns(nil, rows.rows, &rows.dims, fields), len(rows.rows)
}

// writeCube writes the rows of it, a cube with dimension columns dims, to
// w, encoding at most chunk rows at a time into buffers it reuses, so
// memory stays bounded whatever the cube's size.
func writeCube(w *episodeWriter, it cubeIter, dims [cubeDims]string, fields []schemas.Field, chunk int) error {
	chunk = max(chunk, 1)
	var cols [][]parquet.Value
	rows := make([]cubeRow, 0, chunk)
	for {
		rows = rows[:0]
		for len(rows) < chunk {
			rows = append(rows, cubeRow{})
			ok, err := it.next(&rows[len(rows)-1])
			if err != nil {
				return err
			}
			if !ok {
				rows = rows[:len(rows)-1]
				break
			}
		}
		if len(rows) == 0 {
			return nil
		}
		cols = appendCubeColumns(cols, rows, &dims, fields)
		if err := w.write(cols, len(rows)); err != nil {
			return err
		}
		if len(rows) < chunk {
			return nil
		}
	}
}

// appendCubeColumns encodes rows into dst, reused, one slice per field.
// The values point into the rows' text, which must outlive the write.
func appendCubeColumns(dst [][]parquet.Value, rows []cubeRow, dims *[cubeDims]string, fields []schemas.Field) [][]parquet.Value {
	if len(dst) != len(fields) {
		dst = make([][]parquet.Value, len(fields))
	}
	for j, f := range fields {
		src, idx := cubeSource(dims, f.Name)
		col := dst[j][:0]
		for i := range rows {
			r := &rows[i]
			switch src {
			case cubeFromDim:
				t := r.whenText
				if idx < cubeDims-1 {
					t = r.dim[idx]
				}
				col = append(col, stringVal(t, j))
			case cubeFromMeasure:
				col = append(col, cubeNumberVal(r.val[idx], f.Kind, j))
			case cubeFromSuppressed:
				col = append(col, int32Val(r.suppressed, j))
			default:
				col = append(col, parquet.NullValue().Level(0, 0, j))
			}
		}
		dst[j] = col
	}
	return dst
}

// cubeNumberVal writes v (schemas.NullI64 is null) as a field of kind k.
func cubeNumberVal(v int64, k schemas.Kind, col int) parquet.Value {
	if k == schemas.KindInt && v != schemas.NullI64 {
		return int32Val(int32(v), col)
	}
	return int64Val(v, col)
}
