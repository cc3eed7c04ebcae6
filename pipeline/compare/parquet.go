package compare

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/parquet-go/parquet-go"
)

// pqRow gives the values of one row of a flat Parquet file by column name.
type pqRow struct {
	row parquet.Row
	idx map[string]int
}

// bytes returns a text column's value, nil when null or absent; it
// aliases the reader's buffers until the next row.
func (r pqRow) bytes(name string) []byte {
	i, ok := r.idx[name]
	if !ok || r.row[i].IsNull() {
		return nil
	}
	return r.row[i].ByteArray()
}

// str returns a text column's value, "" when null or absent.
func (r pqRow) str(name string) string { return string(r.bytes(name)) }

// num returns a whole-number column's value, Null when null or absent.
func (r pqRow) num(name string) int64 {
	i, ok := r.idx[name]
	if !ok || r.row[i].IsNull() {
		return Null
	}
	v := r.row[i]
	if v.Kind() == parquet.Int32 {
		return int64(v.Int32())
	}
	return v.Int64()
}

// date returns a DATE column's value, NoDate when null or absent.
func (r pqRow) date(name string) Date {
	i, ok := r.idx[name]
	if !ok || r.row[i].IsNull() {
		return NoDate
	}
	return Date(r.row[i].Int32())
}

// readParquet calls fn for every row of the flat Parquet file at path,
// reading only the columns named in want that the file has (a projection:
// the episodes dataset has over 200 columns), a few hundred rows at a
// time.
func readParquet(path string, want []string, fn func(pqRow) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	pf, err := parquet.OpenFile(f, st.Size(), parquet.SkipBloomFilters(true), parquet.ReadBufferSize(256<<10))
	if err != nil {
		return fmt.Errorf("reading %s: %w", path, err)
	}
	group := parquet.Group{}
	for _, f := range pf.Schema().Fields() {
		if slices.Contains(want, f.Name()) {
			group[f.Name()] = f
		}
	}
	proj := parquet.NewSchema(pf.Schema().Name(), group)
	idx := map[string]int{}
	for i, p := range proj.Columns() {
		idx[p[0]] = i
	}
	r := parquet.NewReader(pf, proj)
	defer r.Close()
	rows := make([]parquet.Row, 256)
	for {
		n, err := r.ReadRows(rows)
		for _, row := range rows[:n] {
			if len(row) != len(idx) {
				return fmt.Errorf("reading %s: not a flat dataset file (%d values for %d columns)", path, len(row), len(idx))
			}
			if ferr := fn(pqRow{row, idx}); ferr != nil {
				return fmt.Errorf("%s: %w", path, ferr)
			}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading %s: %w", path, err)
		}
	}
}

// datasetFiles lists the Parquet files of a dataset folder, flat or
// Hive-partitioned one level deep, sorted.
func datasetFiles(dir string) ([]string, error) {
	flat, err := filepath.Glob(filepath.Join(dir, "*.parquet"))
	if err != nil {
		return nil, err
	}
	nested, err := filepath.Glob(filepath.Join(dir, "*", "*.parquet"))
	if err != nil {
		return nil, err
	}
	files := append(flat, nested...)
	slices.Sort(files)
	return files, nil
}
