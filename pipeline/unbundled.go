package pipeline

import (
	"github.com/parquet-go/parquet-go"

	"github.com/hrgflow/hrgflow/grouper"
	"github.com/hrgflow/hrgflow/schemas"
)

// unbundledRow is one unbundled HRG of an episode of a batch.
type unbundledRow struct {
	episode  int32
	position int32
	u        grouper.Unbundled
}

// collectUnbundled appends episode i's unbundled HRGs to b.unbundled.
func collectUnbundled(b *batch, i int, r *grouper.EpisodeResult) {
	for k, u := range r.Unbundled[:r.NUnbundled] {
		b.unbundled = append(b.unbundled, unbundledRow{episode: int32(i), position: int32(k + 1), u: u})
	}
}

// encodeUnbundled turns the batch's unbundled HRGs into the unbundled
// dataset's column values, reusing dst.
func encodeUnbundled(b *batch, dst [][]parquet.Value) [][]parquet.Value {
	n := len(schemas.UnbundledDictionary())
	if len(dst) != n {
		dst = make([][]parquet.Value, n)
	}
	for j := range dst {
		dst[j] = dst[j][:0]
	}
	for k := range b.unbundled {
		r := &b.unbundled[k]
		e := &b.eps[r.episode]
		mult := schemas.NullInt
		if r.u.Multiplier > 0 {
			mult = r.u.Multiplier
		}
		dst[0] = append(dst[0], stringVal(e.Str[schemas.SourceFile], 0))
		dst[1] = append(dst[1], int64Val(e.I64[schemas.SourceRow], 1))
		dst[2] = append(dst[2], int64Val(e.I64[schemas.SpellRow], 2))
		dst[3] = append(dst[3], int32Val(r.position, 3))
		dst[4] = append(dst[4], stringVal(appendHRG(r.u.HRG, &b.arena), 4))
		dst[5] = append(dst[5], int32Val(mult, 5))
	}
	return dst
}
