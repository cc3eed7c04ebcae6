package pipeline

import (
	"bytes"
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
	rows int64 // rows of the file before cur

	cur  arrow.RecordBatch // the record being consumed, or nil
	next int               // its next row
	eof  bool

	line []byte // nextLine's CSV text of a row

	keyCols []int
	last    []byte // spell key of the previous row
	key     []byte
	started bool

	progress func(rows, bytes int64) // Config.Progress, or nil
	size     int64                   // the file's bytes
	reported int64                   // bytes reported to progress so far
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
	cols.width = len(names) // nextLine writes one field per column
	in.cols = cols
	rr, err := fr.GetRecordReader(ctx, nil, nil)
	if err != nil {
		_ = pf.Close()
		return nil, fmt.Errorf("%s: %w", in.path, err)
	}
	return &parquetSource{in: in, pf: pf, rr: rr, keyCols: cols.spellKey}, nil
}

// fill adds rows to b, as slices of the file's records, until it holds max
// rows and the next row starts a new spell.
func (s *parquetSource) fill(ctx context.Context, b *batch, max int) (bool, error) {
	for {
		if s.cur == nil || s.next == int(s.cur.NumRows()) {
			if err := s.advance(); err != nil || s.eof {
				return false, err
			}
			continue
		}
		from := s.next
		for s.next < int(s.cur.NumRows()) {
			isNew := s.newSpell(s.next)
			if n := len(b.newSpell); n >= max && (isNew || n >= max+maxSpellRows) {
				s.started = false // compare this row afresh in the next batch
				break
			}
			b.newSpell = append(b.newSpell, isNew)
			s.next++
		}
		if s.next > from {
			s.cur.Retain()
			b.recs = append(b.recs, recSlice{rec: s.cur, from: from, to: s.next, row: s.rows + int64(from) + 1})
		}
		if s.next < int(s.cur.NumRows()) {
			return true, ctx.Err()
		}
	}
}

// advance moves to the next record of the file.
func (s *parquetSource) advance() error {
	if s.cur != nil {
		s.rows += s.cur.NumRows()
		s.cur.Release()
		s.cur = nil
	}
	rec, err := s.rr.Read()
	if errors.Is(err, io.EOF) {
		s.eof = true
		s.reportBytes(s.rows)
		return nil
	}
	if err != nil {
		return fmt.Errorf("%s: reading Parquet rows: %w", s.in.path, err)
	}
	rec.Retain()
	s.cur, s.next = rec, 0
	s.reportBytes(s.rows + rec.NumRows())
	return nil
}

// reportBytes tells the progress hook the share of the file's bytes that
// the rows read so far stand for (Parquet is read by column chunks, so
// bytes consumed say little; rows are the honest measure).
func (s *parquetSource) reportBytes(rowsRead int64) {
	if s.progress == nil {
		return
	}
	want := s.size
	if n := s.pf.NumRows(); n > 0 && rowsRead < n {
		want = int64(float64(s.size) * float64(rowsRead) / float64(n))
	}
	if want > s.reported {
		s.progress(0, want-s.reported)
		s.reported = want
	}
}

// newSpell reports whether row i of the current record starts a spell.
func (s *parquetSource) newSpell(i int) bool {
	if len(s.keyCols) == 0 {
		return true
	}
	s.key = s.key[:0]
	for _, c := range s.keyCols {
		if col := s.cur.Column(c); !col.IsNull(i) {
			s.key = appendArrowText(s.key, col, i)
		}
		s.key = append(s.key, 0x1f)
	}
	isNew := !s.started || !bytes.Equal(s.key, s.last)
	s.started = true
	s.last, s.key = s.key, s.last
	return isNew
}

func (s *parquetSource) close() error {
	if s.cur != nil {
		s.cur.Release()
	}
	s.rr.Release()
	return s.pf.Close()
}

// decodeRecordRow decodes row r of a Parquet record into e.
func (d *rowDecoder) decodeRecordRow(e *schemas.Episode, m *columnMap, rec arrow.RecordBatch, r int, arena *[]byte) {
	for j, col := range rec.Columns() {
		t := &m.targets[j]
		if t.skip || col.IsNull(r) {
			continue
		}
		start := len(*arena)
		*arena = appendArrowText(*arena, col, r)
		d.decodeValue(e, t, (*arena)[start:len(*arena):len(*arena)], arena)
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
