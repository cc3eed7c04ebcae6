package pipeline

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/parquet-go/parquet-go"

	"github.com/hrgflow/hrgflow/pipeline/validate"
	"github.com/hrgflow/hrgflow/schemas"
)

// batch is the unit that moves between stages: up to batchSize input rows
// of one file, first as raw input, then as decoded episodes. Batches are
// pooled; a batch owns every byte its episodes' strings point into, so the
// strings stay valid until the batch goes back to the pool.
type batch struct {
	seq  int64      // position in the run, for the ordered writer
	file *inputFile // the file the rows came from

	// CSV input: the rows' bytes and where each row lies in them.
	raw   []byte
	lines []lineRef

	// Parquet input: the record holding the rows, and the row number of
	// its first row.
	rec     arrow.RecordBatch
	recRow0 int64

	eps   []schemas.Episode // decoded episodes; len = rows in the batch
	cols  [][]parquet.Value // eps as Parquet values, one slice per column
	arena []byte            // bytes of strings that are not in raw

	// findings are the failed rules of the batch's episodes, in episode
	// order (Finding.Episode indexes eps).
	findings []validate.Finding
	qcols    [][]parquet.Value // findings as Parquet values, one slice per column
}

// lineRef locates one CSV row in batch.raw.
type lineRef struct {
	start, end int
	row        int64 // 1-based data row number in the file
}

func newBatch(size int) *batch {
	return &batch{
		raw:   make([]byte, 0, size*256),
		lines: make([]lineRef, 0, size),
		eps:   make([]schemas.Episode, 0, size),
	}
}

// rows returns the number of input rows in the batch.
func (b *batch) rows() int {
	if b.rec != nil {
		return int(b.rec.NumRows())
	}
	return len(b.lines)
}

// reset empties the batch for reuse and releases any Parquet record.
func (b *batch) reset() {
	b.file = nil
	b.raw = b.raw[:0]
	b.lines = b.lines[:0]
	if b.rec != nil {
		b.rec.Release()
		b.rec = nil
	}
	b.eps = b.eps[:0]
	b.arena = b.arena[:0]
	b.findings = b.findings[:0]
}
