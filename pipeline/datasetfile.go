package pipeline

import (
	"github.com/parquet-go/parquet-go"

	"github.com/hrgflow/hrgflow/schemas"
)

// DatasetFile writes one Parquet file of a dataset described by a field
// dictionary, exactly as the run's own datasets are written: columns in
// dictionary order, all optional, code columns dictionary-encoded, dates as
// DATE, file mode 0640. It lets other commands (hrgflow compare) write
// datasets that docs/outputs.md documents the same way. Not safe for
// concurrent use.
type DatasetFile struct{ w *episodeWriter }

// CreateDatasetFile creates path and returns a writer for the dataset
// named name with the columns fields, compressed with comp, carrying meta
// as key-value metadata (sorted, so reruns give identical bytes).
func CreateDatasetFile(path, name string, fields []schemas.Field, comp Compression, rowGroup int, meta map[string]string) (*DatasetFile, error) {
	w, err := newDatasetWriter(path, name, fields, comp, rowGroup, meta)
	if err != nil {
		return nil, err
	}
	return &DatasetFile{w}, nil
}

// Write appends n rows given as one slice of values per column, in
// dictionary order; a null is parquet.NullValue(). Values of present cells
// must have their definition level set to 1 (see Present).
func (d *DatasetFile) Write(cols [][]parquet.Value, n int) error { return d.w.write(cols, n) }

// Close writes the footer and closes the file.
func (d *DatasetFile) Close() error { return d.w.close() }

// Abort closes the file without finishing it; the caller removes it.
func (d *DatasetFile) Abort() { d.w.abort() }

// Present marks v as a defined value of an optional column, for
// DatasetFile.Write.
func Present(v parquet.Value) parquet.Value { return present(v) }
