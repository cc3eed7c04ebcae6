package pipeline

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"

	"github.com/parquet-go/parquet-go"

	"github.com/hrgflow/hrgflow/schemas"
)

// hiveDefault is the Hive partition of rows whose partition value is null,
// as Spark, DuckDB and polars name it.
const hiveDefault = "__HIVE_DEFAULT_PARTITION__"

// datasetSink is where the ordered writer sends one dataset's rows: a
// single file, or a set of Hive partitions.
type datasetSink interface {
	write(cols [][]parquet.Value, n int) error
	// writeEpisodes writes episodes straight from their fields, encoding
	// each column as it goes (sinks of episode fields only).
	// present, when not nil, marks the fields filled in some of eps.
	writeEpisodes(eps []schemas.Episode, present *presentSlots) error
	close() error
	abort()
	// files lists the files written, relative to the output folder, with
	// their row counts; valid after close.
	files() []fileRows
}

// fileRows is one output file and its row count.
type fileRows struct {
	path string
	rows int64
}

// files of a single-file dataset.
func (w *episodeWriter) files() []fileRows { return []fileRows{{w.rel, w.rows}} }

// partitionedWriter writes a dataset as Hive partitions by one column
// (`episodes/FYEAR=2425/part-00000.parquet`), the partition column not
// stored in the files (readers take it from the folder name). Rows keep
// their order within each partition. Not safe for concurrent use.
type partitionedWriter struct {
	stage, dir, name string
	colName          string          // the partition column's name
	col              int             // the partition column in the full schema
	fields           []schemas.Field // the full schema
	sub              []schemas.Field // the schema without it
	open             func(path string, fields []schemas.Field) (*episodeWriter, error)
	parts            map[string]*episodeWriter
	keyBuf           []byte
	part             [][]parquet.Value // scratch: one run's columns without col
}

func newPartitionedWriter(stage, dir, name string, fields []schemas.Field, col string,
	open func(path string, fields []schemas.Field) (*episodeWriter, error)) (*partitionedWriter, error) {
	w := &partitionedWriter{stage: stage, dir: dir, name: name, colName: col, col: -1, fields: fields, open: open, parts: map[string]*episodeWriter{}}
	for i, f := range fields {
		if f.Name == col {
			w.col = i
			continue
		}
		w.sub = append(w.sub, f)
	}
	if w.col < 0 {
		return nil, fmt.Errorf("dataset %s has no column %s to partition by", name, col)
	}
	// The dataset folder exists even when no row arrives (an empty input).
	if err := os.MkdirAll(filepath.Join(stage, dir), dirMode); err != nil {
		return nil, fmt.Errorf("creating %s: %w", dir, err)
	}
	return w, nil
}

// partitionKey is the folder value of a partition column value.
func partitionKey(v parquet.Value, buf []byte) []byte {
	if v.IsNull() {
		return append(buf[:0], hiveDefault...)
	}
	return append(buf[:0], v.ByteArray()...)
}

// write sends each run of rows with the same partition value to its
// partition's file. Values keep the column index of the full schema; the
// column writers do not use it.
func (w *partitionedWriter) write(cols [][]parquet.Value, n int) error {
	for start := 0; start < n; {
		w.keyBuf = partitionKey(cols[w.col][start], w.keyBuf)
		end := start + 1
		var next []byte
		for ; end < n; end++ {
			next = partitionKey(cols[w.col][end], next)
			if !bytes.Equal(next, w.keyBuf) {
				break
			}
		}
		pw, err := w.writerFor(w.keyBuf)
		if err != nil {
			return err
		}
		w.part = w.part[:0]
		for j, c := range cols {
			if j != w.col {
				w.part = append(w.part, c[start:end])
			}
		}
		if err := pw.write(w.part, end-start); err != nil {
			return err
		}
		start = end
	}
	return nil
}

// writeEpisodes sends each run of episodes with the same partition value
// to its partition's file.
func (w *partitionedWriter) writeEpisodes(eps []schemas.Episode, present *presentSlots) error {
	slot := w.fields[w.col].Slot
	key := func(e *schemas.Episode) string {
		if v := e.Str[slot]; v != "" {
			return v
		}
		return hiveDefault
	}
	for start := 0; start < len(eps); {
		k := key(&eps[start])
		end := start + 1
		for end < len(eps) && key(&eps[end]) == k {
			end++
		}
		w.keyBuf = append(w.keyBuf[:0], k...)
		pw, err := w.writerFor(w.keyBuf)
		if err != nil {
			return err
		}
		if err := pw.writeEpisodes(eps[start:end], present); err != nil {
			return err
		}
		start = end
	}
	return nil
}

func (w *partitionedWriter) writerFor(key []byte) (*episodeWriter, error) {
	if pw, ok := w.parts[string(key)]; ok {
		return pw, nil
	}
	k := string(key)
	dir := filepath.Join(w.stage, w.dir, w.colName+"="+k)
	if err := os.MkdirAll(dir, dirMode); err != nil {
		return nil, fmt.Errorf("creating %s: %w", dir, err)
	}
	pw, err := w.open(filepath.Join(dir, partName), w.sub)
	if err != nil {
		return nil, err
	}
	pw.rel = filepath.Join(w.dir, w.colName+"="+k, partName)
	w.parts[k] = pw
	return pw, nil
}

// close finishes every partition's file, in partition order.
func (w *partitionedWriter) close() error {
	for _, k := range slices.Sorted(maps.Keys(w.parts)) {
		if err := w.parts[k].close(); err != nil {
			return err
		}
	}
	return nil
}

func (w *partitionedWriter) abort() {
	for _, pw := range w.parts {
		pw.abort()
	}
}

func (w *partitionedWriter) files() []fileRows {
	var out []fileRows
	for _, k := range slices.Sorted(maps.Keys(w.parts)) {
		out = append(out, w.parts[k].files()...)
	}
	return out
}
