package pipeline

import (
	"bufio"
	"fmt"
	"maps"
	"os"
	"reflect"
	"runtime"
	"slices"
	"unsafe"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress"
	"github.com/parquet-go/parquet-go/compress/snappy"
	"golang.org/x/sync/errgroup"

	"github.com/hrgflow/hrgflow/schemas"
)

// Version is hrgflow's version, written into Parquet metadata.
const Version = "0.1.0-dev"

// Compression names a Parquet compression codec: "snappy", "zstd" or "none".
type Compression string

// Check reports whether c names a codec hrgflow writes, so a command can
// refuse a bad flag before it reads any input.
func (c Compression) Check() error {
	_, err := c.codec()
	return err
}

func (c Compression) codec() (compress.Codec, error) {
	switch c {
	case "", "snappy":
		return &snappy.Codec{}, nil
	case "zstd":
		return newZstdCodec(), nil
	case "none":
		return &parquet.Uncompressed, nil
	}
	return nil, fmt.Errorf("unknown compression %q: want snappy, zstd or none", string(c))
}

// deltaIntegers reports whether a dataset's INT32, DATE and INT64 columns
// are DELTA_BINARY_PACKED (else PLAIN), for both writers. Rows in input
// order carry dates, ages, counts and row numbers that move in small
// steps: on 1M generated episodes delta shrinks episodes/ by 3.0%, spells/
// by 0.5% and quality/ by 6% and saves zstd 0.7 s of CPU. The two cubes
// are sorted by their dimensions and their measures are sums that jump
// from row to row: delta made them 30% larger (13.4 against 10.4 MB), so
// they stay PLAIN, at about 0.2 s more zstd CPU per million episodes.
func deltaIntegers(dataset string) bool {
	return dataset != "commissioning" && dataset != "costing"
}

// datasetSchema builds the Parquet schema of a dataset from its field
// dictionary: every column optional, code columns dictionary-encoded, dates
// as DATE, integers encoded as deltaIntegers says, decimals as DOUBLE,
// columns in dictionary order.
func datasetSchema(name string, fields []schemas.Field) *parquet.Schema {
	g := orderedGroup{fields: make([]parquet.Field, len(fields))}
	integer := func(n parquet.Node) parquet.Node {
		if deltaIntegers(name) {
			return parquet.Encoded(n, &parquet.DeltaBinaryPacked)
		}
		return n
	}
	for i, f := range fields {
		var n parquet.Node
		switch f.Kind {
		case schemas.KindCode:
			n = parquet.Encoded(parquet.String(), &parquet.RLEDictionary)
		case schemas.KindID:
			n = parquet.String()
		case schemas.KindInt:
			n = integer(parquet.Int(32))
		case schemas.KindDate:
			n = integer(parquet.Date())
		case schemas.KindInt64:
			n = integer(parquet.Int(64))
		case schemas.KindFloat64:
			n = parquet.Leaf(parquet.DoubleType)
		}
		g.fields[i] = namedField{Node: parquet.Optional(n), name: f.Name}
	}
	return parquet.NewSchema(name, g)
}

// orderedGroup is a Parquet group node whose fields keep the order given.
// parquet.Group is a map and sorts its fields by name; analysts expect the
// HES column order of the data dictionary.
type orderedGroup struct {
	parquet.Group
	fields []parquet.Field
}

// Fields returns the fields in dictionary order.
func (g orderedGroup) Fields() []parquet.Field { return g.fields }

// String returns the schema in Parquet's text form.
func (g orderedGroup) String() string { return fmt.Sprintf("group(%d fields)", len(g.fields)) }

// GoType is not used by the column writers; it reports an empty struct.
func (g orderedGroup) GoType() reflect.Type { return reflect.TypeOf(struct{}{}) }

type namedField struct {
	parquet.Node
	name string
}

func (f namedField) Name() string                           { return f.name }
func (f namedField) Value(base reflect.Value) reflect.Value { return base }

// episodeWriter writes the rows of one dataset to one Parquet file, column
// by column. Large writes are shared out by column among up to shards
// goroutines (parquet-go's column writers share nothing mutable but
// concurrency-safe pools), so writing the 233-column episodes dataset is
// not bounded by one core. Every dataset is written by hrgflow's
// own encoder (enc, pqenc.go) instead of parquet-go's writer (w, cols);
// the methods are the same. Not safe for concurrent use.
type episodeWriter struct {
	path    string
	rel     string // path relative to the output folder
	f       *os.File
	bw      *bufio.Writer
	w       *parquet.GenericWriter[any]
	cols    []*parquet.ColumnWriter
	fields  []schemas.Field
	inGroup int // rows in the open row group
	groupN  int // rows per row group
	rows    int64
	shards  int               // goroutines sharing a large write; 1 writes in line
	scratch [][]parquet.Value // writeEpisodes: one slice per goroutine
	nulls   []parquet.Value   // nullValue of each column
	enc     *pqFile           // hrgflow's own encoder, in place of w and cols
}

// nativeEncoder switches every dataset from parquet-go's writer to
// hrgflow's own encoder (pqenc.go): same schema, encodings and metadata,
// checked cell by cell against parquet-go's output for every dataset of a
// run (TestRunNativeMatchesParquetGo) and read back by DuckDB and polars
// (the interop tests), at a fraction of the CPU. parquet-go stays the
// reference: tests turn the switch off to write the same run with it.
var nativeEncoder = true

// parallelCells is the size of a write, in cells (rows × columns), from
// which episodeWriter shares it among goroutines: about 60 µs of work,
// against about 1 µs to start and wait for a goroutine. A batch of
// episodes is 1,024 × 232 cells; the quality and unbundled datasets of a
// batch are a few hundred.
const parallelCells = 8 << 10

func newDatasetWriter(path, name string, fields []schemas.Field, comp Compression, rowGroup int, meta map[string]string) (*episodeWriter, error) {
	return newDatasetWriterWith(path, name, fields, comp, rowGroup, meta, nativeEncoder)
}

// newDatasetWriterWith is newDatasetWriter with the choice of encoder:
// native for hrgflow's own (episode fields only), else parquet-go.
func newDatasetWriterWith(path, name string, fields []schemas.Field, comp Compression, rowGroup int, meta map[string]string, native bool) (*episodeWriter, error) {
	codec, err := comp.codec()
	if err != nil {
		return nil, err
	}
	f, err := createOutput(path)
	if err != nil {
		return nil, fmt.Errorf("creating %s: %w", path, err)
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	opts := []parquet.WriterOption{
		datasetSchema(name, fields),
		parquet.Compression(codec),
		parquet.CreatedBy("hrgflow", Version, ""),
	}
	for _, k := range slices.Sorted(maps.Keys(meta)) { // sorted: identical bytes on every run
		opts = append(opts, parquet.KeyValueMetadata(k, meta[k]))
	}
	ew := &episodeWriter{
		path: path, f: f, bw: bw,
		fields: fields, groupN: rowGroup, shards: runtime.GOMAXPROCS(0),
	}
	if native {
		tmpl, err := pqTemplate(opts)
		if err == nil {
			ew.enc, err = newPQFile(bw, fields, codec, tmpl, deltaIntegers(name))
		}
		if err == nil {
			err = ew.enc.writeHeader()
		}
		if err != nil {
			_ = f.Close()
			return nil, fmt.Errorf("creating %s: %w", path, err)
		}
		return ew, nil
	}
	ew.w = parquet.NewGenericWriter[any](bw, opts...)
	ew.cols = ew.w.ColumnWriters()
	ew.nulls = make([]parquet.Value, len(fields))
	for j := range ew.nulls {
		ew.nulls[j] = nullValue(j)
	}
	return ew, nil
}

// encodeColumns turns episodes into Parquet values, one slice per column
// in dictionary order, reusing dst. The pipeline no longer calls it (the
// writer encodes each column as it writes it, writeEpisodes); benchmarks
// of the writer stage that feed episodeWriter.write do.
func encodeColumns(eps []schemas.Episode, dst [][]parquet.Value) [][]parquet.Value {
	fields := schemas.Dictionary()
	if len(dst) != len(fields) {
		dst = make([][]parquet.Value, len(fields))
	}
	for j := range fields {
		dst[j] = appendColumn(dst[j][:0], eps, &fields[j], nullValue(j))
	}
	return dst
}

// appendColumn appends the values of field f of eps to vals, null (made by
// nullValue) where a value is missing. Each loop stores into a slice grown
// once and sets the definition level in line (SetDefinitionLevel inlines
// where a helper returning the value, present, does not): this is the
// inner loop of writing episodes, once per cell.
func appendColumn(vals []parquet.Value, eps []schemas.Episode, f *schemas.Field, null parquet.Value) []parquet.Value {
	n := len(vals)
	vals = slices.Grow(vals, len(eps))[:n+len(eps)]
	out := vals[n:]
	switch f.Kind {
	case schemas.KindCode, schemas.KindID:
		for i := range eps {
			s := eps[i].Str[f.Slot]
			if s == "" {
				out[i] = null
				continue
			}
			v := parquet.ByteArrayValue(unsafe.Slice(unsafe.StringData(s), len(s)))
			v.SetDefinitionLevel(1)
			out[i] = v
		}
	case schemas.KindInt:
		for i := range eps {
			out[i] = null
			if x := eps[i].Int[f.Slot]; x != schemas.NullInt {
				out[i] = parquet.Int32Value(x)
				out[i].SetDefinitionLevel(1)
			}
		}
	case schemas.KindDate:
		for i := range eps {
			out[i] = null
			if x := eps[i].Date[f.Slot]; x != schemas.NullDate {
				out[i] = parquet.Int32Value(int32(x))
				out[i].SetDefinitionLevel(1)
			}
		}
	case schemas.KindInt64:
		for i := range eps {
			out[i] = null
			if x := eps[i].I64[f.Slot]; x != schemas.NullI64 {
				out[i] = parquet.Int64Value(x)
				out[i].SetDefinitionLevel(1)
			}
		}
	case schemas.KindFloat64:
		for i := range eps {
			out[i] = null
			if x := eps[i].F64[f.Slot]; x != schemas.NullF64 {
				out[i] = parquet.DoubleValue(x)
				out[i].SetDefinitionLevel(1)
			}
		}
	}
	return vals
}

// nullValue is the null of column col, built once per column: a call to
// Value.Level costs as much as encoding a short run of cells, and a batch
// reaches the writer as about 14 runs of one FYEAR.
func nullValue(col int) parquet.Value { return parquet.NullValue().Level(0, 0, col) }

// writeEpisodes appends episodes, the own encoder reading each column's
// cells straight from them (parquet-go: encoding them into a small scratch
// slice per goroutine that stays in the cache). A column that present
// marks as null in every episode is appended as nulls without reading
// them; present may be nil. The writer's fields must be episode fields
// (schemas.Dictionary, or a subset of it).
func (w *episodeWriter) writeEpisodes(eps []schemas.Episode, present *presentSlots) error {
	if w.enc != nil {
		return w.encodeEach(len(eps), func(off, k, j int) {
			if present.absent(&w.fields[j]) {
				w.enc.cols[j].appendNulls(k)
			} else {
				w.enc.cols[j].appendEpisodes(eps[off : off+k])
			}
		})
	}
	if len(w.scratch) < w.shards {
		w.scratch = make([][]parquet.Value, w.shards)
	}
	for off := 0; off < len(eps); {
		k := min(len(eps)-off, w.groupN-w.inGroup)
		part := eps[off : off+k]
		if err := w.shardedBy(k, func(s, j int) error {
			w.scratch[s] = appendColumn(w.scratch[s][:0], part, &w.fields[j], w.nulls[j])
			if _, err := w.cols[j].WriteRowValues(w.scratch[s]); err != nil {
				return fmt.Errorf("writing %s column %s: %w", w.path, w.fields[j].Name, err)
			}
			return nil
		}); err != nil {
			return err
		}
		if err := w.wrote(k); err != nil {
			return err
		}
		off += k
	}
	return nil
}

// write appends n rows, given as column values (one slice per column, as
// encodeSpells or encodeQuality make them), flushing a row group whenever
// the open one reaches the configured size. The values' byte arrays are
// copied; the caller may reuse them after.
func (w *episodeWriter) write(cols [][]parquet.Value, n int) error {
	if w.enc != nil {
		return w.encodeEach(n, func(off, k, j int) { w.enc.cols[j].appendValues(cols[j][off : off+k]) })
	}
	for off := 0; off < n; {
		k := min(n-off, w.groupN-w.inGroup)
		if err := w.shardedBy(k, func(_, j int) error {
			if _, err := w.cols[j].WriteRowValues(cols[j][off : off+k]); err != nil {
				return fmt.Errorf("writing %s column %s: %w", w.path, w.fields[j].Name, err)
			}
			return nil
		}); err != nil {
			return err
		}
		if err := w.wrote(k); err != nil {
			return err
		}
		off += k
	}
	return nil
}

// encodeEach feeds n rows to the native encoder, add(off, k, j) giving it
// rows off to off+k of column j, split at row group boundaries.
func (w *episodeWriter) encodeEach(n int, add func(off, k, j int)) error {
	for off := 0; off < n; {
		k := min(n-off, w.groupN-w.inGroup)
		if err := w.shardedBy(k, func(_, j int) error {
			add(off, k, j)
			return nil
		}); err != nil {
			return err
		}
		if err := w.wrote(k); err != nil {
			return err
		}
		off += k
	}
	return nil
}

// wrote counts k rows written to the open row group and ends the group
// when it is full.
func (w *episodeWriter) wrote(k int) error {
	w.inGroup += k
	w.rows += int64(k)
	if w.inGroup >= w.groupN {
		return w.flushGroup()
	}
	return nil
}

// shardedBy calls do(s, j) for every column j, sharing the columns among
// w.shards goroutines s when a write of rows rows is large enough to pay
// for them. Column j goes to goroutine j % shards: neighbouring columns
// (DIAG_01, DIAG_02…) cost alike, so each goroutine gets a similar mix.
func (w *episodeWriter) shardedBy(rows int, do func(s, j int) error) error {
	each := func(s, step int) error {
		for j := s; j < len(w.fields); j += step {
			if err := do(s, j); err != nil {
				return err
			}
		}
		return nil
	}
	if w.shards <= 1 || rows*len(w.fields) < parallelCells {
		return each(0, 1)
	}
	var g errgroup.Group
	for s := 1; s < w.shards; s++ {
		g.Go(func() error { return each(s, w.shards) })
	}
	err := each(0, w.shards)
	if gerr := g.Wait(); err == nil {
		err = gerr
	}
	return err
}

// flushGroup ends the open row group. Each column's last page is encoded
// and compressed first, in parallel; parquet-go then writes the row group
// (dictionary pages, the buffered pages, the metadata) in column order.
func (w *episodeWriter) flushGroup() error {
	if w.enc != nil {
		err := w.shardedBy(w.inGroup*8, func(_, j int) error { return w.enc.cols[j].finish() })
		if err == nil {
			err = w.enc.writeGroup(w.inGroup)
		}
		if err != nil {
			return fmt.Errorf("writing %s: %w", w.path, err)
		}
		w.inGroup = 0
		return nil
	}
	err := w.shardedBy(w.inGroup, func(_, j int) error { return w.cols[j].Flush() })
	if err == nil {
		err = w.w.Flush()
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w", w.path, err)
	}
	w.inGroup = 0
	return nil
}

// close writes the footer and closes the file. The footer is where a
// Parquet file becomes readable, so its error matters.
func (w *episodeWriter) close() error {
	var err error
	if w.enc != nil {
		if w.inGroup > 0 {
			err = w.flushGroup()
		}
		if err == nil {
			err = w.enc.writeFooter()
		}
	} else {
		err = w.shardedBy(w.inGroup, func(_, j int) error { return w.cols[j].Flush() })
		if err == nil {
			err = w.w.Close()
		}
	}
	if err == nil {
		err = w.bw.Flush()
	}
	if cerr := w.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("finishing %s: %w", w.path, err)
	}
	return nil
}

// abort closes the file without finishing it; the caller removes it.
func (w *episodeWriter) abort() { _ = w.f.Close() }

// present marks a value as defined in an optional column. It sets the
// definition level in place, which inlines, where Value.Level copies the
// value through a call: 5% of a run's CPU (profile of 2026-11-22). The
// column index is left unset: the column writers do not read it.
func present(v parquet.Value) parquet.Value {
	v.SetDefinitionLevel(1)
	return v
}
