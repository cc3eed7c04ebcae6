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

	// Parquet input: the records holding the rows, in order.
	recs []recSlice

	// newSpell[i] reports that row i starts a provider spell. The reader
	// cuts batches at spell boundaries, so a spell never spans batches.
	newSpell []bool

	eps []schemas.Episode // decoded episodes; len = rows in the batch
	// present marks the episode fields filled in some episode of eps,
	// scanned when the workers are done with the batch.
	present presentSlots
	arena   []byte // bytes of strings that are not in raw

	// findings are the failed rules of the batch's episodes, in episode
	// order (Finding.Episode indexes eps).
	findings []validate.Finding
	qcols    [][]parquet.Value // findings as Parquet values, one slice per column

	spells []spellRow        // the batch's provider spells, in input order
	scols  [][]parquet.Value // spells as Parquet values, one slice per column

	unbundled []unbundledRow    // the episodes' unbundled HRGs, in episode order
	ucols     [][]parquet.Value // unbundled HRGs as Parquet values
}

// lineRef locates one CSV row in batch.raw.
type lineRef struct {
	start, end int
	row        int64 // 1-based data row number in the file
}

// recSlice is rows [from, to) of a Parquet record; row is the 1-based
// data row number of row from in the file.
type recSlice struct {
	rec      arrow.RecordBatch
	from, to int
	row      int64
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
	return len(b.newSpell)
}

// reset empties the batch for reuse and releases any Parquet record.
func (b *batch) reset() {
	b.file = nil
	b.raw = b.raw[:0]
	b.lines = b.lines[:0]
	for _, r := range b.recs {
		r.rec.Release()
	}
	b.recs = b.recs[:0]
	b.newSpell = b.newSpell[:0]
	b.eps = b.eps[:0]
	b.present.valid = false
	b.arena = b.arena[:0]
	b.findings = b.findings[:0]
	b.spells = b.spells[:0]
	b.unbundled = b.unbundled[:0]
}
