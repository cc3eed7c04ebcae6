package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/hrgflow/hrgflow/pipeline/validate"
	"github.com/hrgflow/hrgflow/schemas"
)

// parquetSource reads a Parquet file of episodes whose column names are HES
// (or grouper) field names, as a Spark, pandas, polars or DuckDB user would
// write it. Columns of any scalar type are read; their values are turned
// into text and decoded exactly as CSV values are, so every input format
// follows the same rules.
type parquetSource struct {
	in   *inputFile
	pf   *file.Reader
	rr   pqarrow.RecordReader
	rows int64
}

func openParquet(ctx context.Context, in *inputFile, batchSize int) (*parquetSource, error) {
	pf, err := file.OpenParquetFile(in.path, false)
	if err != nil {
		return nil, fmt.Errorf("%s: opening Parquet: %w", in.path, err)
	}
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: int64(batchSize)}, memory.DefaultAllocator)
	if err != nil {
		_ = pf.Close()
		return nil, fmt.Errorf("%s: reading Parquet schema: %w", in.path, err)
	}
	schema, err := fr.Schema()
	if err != nil {
		_ = pf.Close()
		return nil, fmt.Errorf("%s: reading Parquet schema: %w", in.path, err)
	}
	names := make([]string, schema.NumFields())
	for i, f := range schema.Fields() {
		names[i] = f.Name
	}
	cols, err := hesColumnMap(names)
	if err != nil {
		_ = pf.Close()
		return nil, fmt.Errorf("%s: %w", in.path, err)
	}
	for i, f := range schema.Fields() {
		if _, nested := f.Type.(arrow.NestedType); nested && !cols.targets[i].skip {
			cols.targets[i] = target{skip: true}
			cols.ignored = append(cols.ignored, f.Name+" (nested type)")
		}
	}
	cols.present = validate.FieldSet{}
	cols.finish()
	cols.width = 0 // no field counts in Parquet
	in.cols = cols
	rr, err := fr.GetRecordReader(ctx, nil, nil)
	if err != nil {
		_ = pf.Close()
		return nil, fmt.Errorf("%s: %w", in.path, err)
	}
	return &parquetSource{in: in, pf: pf, rr: rr}, nil
}

// fill puts the next record of the file into b. Records hold BatchSize rows,
// so max is ignored.
func (s *parquetSource) fill(ctx context.Context, b *batch, _ int) (bool, error) {
	rec, err := s.rr.Read()
	if errors.Is(err, io.EOF) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("%s: reading Parquet rows: %w", s.in.path, err)
	}
	rec.Retain()
	b.rec = rec
	b.recRow0 = s.rows + 1
	s.rows += rec.NumRows()
	return true, ctx.Err()
}

func (s *parquetSource) close() error {
	s.rr.Release()
	return s.pf.Close()
}

// decodeRecordRow decodes Parquet row i of b into b.eps[i].
func (d *rowDecoder) decodeRecordRow(b *batch, i int) {
	e, m := &b.eps[i], b.file.cols
	d.episode = int32(i)
	for j, col := range b.rec.Columns() {
		t := &m.targets[j]
		if t.skip || col.IsNull(i) {
			continue
		}
		start := len(b.arena)
		b.arena = appendArrowText(b.arena, col, i)
		d.decodeValue(e, t, b.arena[start:len(b.arena):len(b.arena)], &b.arena)
	}
}

// appendArrowText appends the text form of value i of a column: the form a
// CSV export of the same data would hold.
func appendArrowText(dst []byte, col arrow.Array, i int) []byte {
	switch a := col.(type) {
	case *array.String:
		return append(dst, a.Value(i)...)
	case *array.LargeString:
		return append(dst, a.Value(i)...)
	case *array.Binary:
		return append(dst, a.Value(i)...)
	case *array.Int8:
		return strconv.AppendInt(dst, int64(a.Value(i)), 10)
	case *array.Int16:
		return strconv.AppendInt(dst, int64(a.Value(i)), 10)
	case *array.Int32:
		return strconv.AppendInt(dst, int64(a.Value(i)), 10)
	case *array.Int64:
		return strconv.AppendInt(dst, a.Value(i), 10)
	case *array.Uint8:
		return strconv.AppendUint(dst, uint64(a.Value(i)), 10)
	case *array.Uint16:
		return strconv.AppendUint(dst, uint64(a.Value(i)), 10)
	case *array.Uint32:
		return strconv.AppendUint(dst, uint64(a.Value(i)), 10)
	case *array.Uint64:
		return strconv.AppendUint(dst, a.Value(i), 10)
	case *array.Float32:
		return strconv.AppendFloat(dst, float64(a.Value(i)), 'f', -1, 32)
	case *array.Float64:
		return strconv.AppendFloat(dst, a.Value(i), 'f', -1, 64)
	case *array.Date32:
		return schemas.Date(a.Value(i)).AppendText(dst)
	case *array.Date64:
		return schemas.Date(floorDiv(int64(a.Value(i)), 86_400_000)).AppendText(dst)
	case *array.Timestamp:
		unit := a.DataType().(*arrow.TimestampType).Unit
		perDay := int64(86_400) * int64(1e9/unit.Multiplier()) // units per day
		return schemas.Date(floorDiv(int64(a.Value(i)), perDay)).AppendText(dst)
	case *array.Dictionary:
		return appendArrowText(dst, a.Dictionary(), a.GetValueIndex(i))
	}
	return append(dst, col.ValueStr(i)...)
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}
