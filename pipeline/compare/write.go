package compare

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/parquet-go/parquet-go"

	"github.com/hrgflow/hrgflow/pipeline"
	"github.com/hrgflow/hrgflow/schemas"
)

// Datasets are the folders Write creates under the output folder, each
// holding part-00000.parquet.
var Datasets = []string{"diff", "summary", "agreement", "movers"}

// SummaryFile is the printed summary Write also leaves in the output
// folder.
const SummaryFile = "summary.txt"

const partName = "part-00000.parquet"

// Write writes the result's datasets (diff/, summary/, agreement/,
// movers/) and summary.txt under outDir. They are built in a staging
// folder inside outDir and renamed into place, replacing an earlier
// comparison's, only when all were written.
func (r *Result) Write(outDir string, comp pipeline.Compression) (err error) {
	if err := os.MkdirAll(outDir, 0o750); err != nil {
		return err
	}
	stage, err := os.MkdirTemp(outDir, ".compare-")
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, os.RemoveAll(stage)) }()
	meta := map[string]string{
		"hrgflow.version":       pipeline.Version,
		"hrgflow.compare.left":  r.Left.Label(),
		"hrgflow.compare.right": r.Right.Label(),
		"hrgflow.compare.key":   r.Key.String(),
	}
	meta["hrgflow.dataset"] = "compare/diff"
	if err := r.writeDiffs(filepath.Join(stage, "diff"), comp, meta); err != nil {
		return err
	}
	sets := []struct {
		name   string
		fields []schemas.Field
		cols   [][]parquet.Value
		n      int
	}{
		{"summary", schemas.CompareSummaryDictionary(), nil, 0},
		{"agreement", schemas.CompareAgreementDictionary(), nil, 0},
		{"movers", schemas.CompareMoversDictionary(), nil, 0},
	}
	sets[0].cols, sets[0].n = r.summaryColumns()
	sets[1].cols, sets[1].n = r.agreementColumns()
	sets[2].cols, sets[2].n = r.moverColumns()
	for _, s := range sets {
		meta["hrgflow.dataset"] = "compare/" + s.name
		if err := writeDataset(filepath.Join(stage, s.name), s.name, s.fields, s.cols, s.n, comp, meta); err != nil {
			return err
		}
	}
	f, err := os.OpenFile(filepath.Join(stage, SummaryFile), os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o640)
	if err != nil {
		return err
	}
	if err := errors.Join(r.WriteSummary(f), f.Close()); err != nil {
		return fmt.Errorf("writing %s: %w", SummaryFile, err)
	}
	return pipeline.Publish(stage, outDir, append(append([]string{}, Datasets...), SummaryFile))
}

func writeDataset(dir, name string, fields []schemas.Field, cols [][]parquet.Value, n int, comp pipeline.Compression, meta map[string]string) error {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return err
	}
	w, err := pipeline.CreateDatasetFile(filepath.Join(dir, partName), name, fields, comp, 256<<10, meta)
	if err != nil {
		return err
	}
	if err := w.Write(cols, n); err != nil {
		w.Abort()
		return err
	}
	return w.Close()
}

// columns builds one dataset's column values.
type columns [][]parquet.Value

func newColumns(n int) columns { return make(columns, n) }

func (c columns) str(j int, s string) {
	if s == "" {
		c[j] = append(c[j], parquet.NullValue())
		return
	}
	c[j] = append(c[j], pipeline.Present(parquet.ByteArrayValue([]byte(s))))
}

func (c columns) i64(j int, v int64) {
	if v == Null {
		c[j] = append(c[j], parquet.NullValue())
		return
	}
	c[j] = append(c[j], pipeline.Present(parquet.Int64Value(v)))
}

func (c columns) i32(j int, v int32, null bool) {
	if null {
		c[j] = append(c[j], parquet.NullValue())
		return
	}
	c[j] = append(c[j], pipeline.Present(parquet.Int32Value(v)))
}

func (c columns) f64(j int, v float64, ok bool) {
	if !ok {
		c[j] = append(c[j], parquet.NullValue())
		return
	}
	c[j] = append(c[j], pipeline.Present(parquet.DoubleValue(v)))
}

// diffChunk is how many diff/ rows are built before they are written.
const diffChunk = 16 << 10

// writeDiffs streams the differences into diff/, a chunk at a time.
func (r *Result) writeDiffs(dir string, comp pipeline.Compression, meta map[string]string) error {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return err
	}
	fields := schemas.CompareDiffDictionary()
	w, err := pipeline.CreateDatasetFile(filepath.Join(dir, partName), "diff", fields, comp, 256<<10, meta)
	if err != nil {
		return err
	}
	c, n := newColumns(len(fields)), 0
	flush := func() error {
		if err := w.Write(c, n); err != nil {
			return err
		}
		for j := range c {
			c[j] = c[j][:0]
		}
		n = 0
		return nil
	}
	err = r.EachDiff(func(d *Diff) error {
		r.diffRow(c, d)
		if n++; n == diffChunk {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		w.Abort()
		return err
	}
	return w.Close()
}

func (r *Result) diffRow(c columns, d *Diff) {
	level := "spell"
	if d.Episode {
		level = "episode"
	}
	c.str(0, d.Cause.String())
	c.str(1, d.CauseDetail)
	c.str(2, d.Field)
	c.str(3, level)
	c.str(4, r.Key.String())
	c.str(5, d.SpellKey)
	c.i32(6, d.EpisodeOrder, !d.Episode)
	c.i64(7, d.LeftRow)
	c.i64(8, d.RightRow)
	c.str(9, d.Provider)
	c.str(10, d.Commissioner)
	c.str(11, d.HRG)
	c.str(12, d.POD)
	c.str(13, d.Month)
	c.str(14, d.Left)
	c.str(15, d.Right)
	c.i64(16, d.ValuePence)
	c.str(17, d.Explain)
	c.str(18, d.LeftTrace)
	c.str(19, d.RightTrace)
}

func (r *Result) summaryColumns() ([][]parquet.Value, int) {
	c := newColumns(len(schemas.CompareSummaryDictionary()))
	cells := r.Cells()
	for _, x := range cells {
		c.str(0, x.Cause.String())
		c.str(1, x.Commissioner)
		c.str(2, x.HRG)
		c.str(3, x.POD)
		c.i64(4, x.Spells)
		c.i64(5, x.Differences)
		c.i64(6, x.ValuePence)
	}
	return c, len(cells)
}

func (r *Result) agreementColumns() ([][]parquet.Value, int) {
	c := newColumns(len(schemas.CompareAgreementDictionary()))
	add := func(level string, a Agreement, money bool) {
		c.str(0, level)
		for j, v := range []int64{a.Left, a.Right, a.Matched, a.LeftOnly, a.RightOnly, a.SameHRG, a.Identical} {
			c.i64(1+j, v)
		}
		p, ok := a.Percent()
		c.f64(8, p, ok)
		lt, rt := Null, Null
		if money {
			lt, rt = r.LeftTotal, r.RightTotal
		}
		c.i64(9, lt)
		c.i64(10, rt)
	}
	add("spells", r.Spells, r.Money)
	n := 1
	if r.Episodes != nil {
		add("episodes", *r.Episodes, false)
		n++
	}
	return c, n
}

func (r *Result) moverColumns() ([][]parquet.Value, int) {
	c := newColumns(len(schemas.CompareMoversDictionary()))
	movers := r.Movers(MaxMovers)
	for i, m := range movers {
		c.i32(0, int32(i+1), false)
		c.str(1, m.HRG)
		c.i64(2, m.Spells)
		c.i64(3, m.ValuePence)
	}
	return c, len(movers)
}
