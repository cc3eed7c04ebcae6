package pipeline

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/hrgflow/hrgflow/schemas"
)

// TestPresentSlots checks the mask the writer trusts to skip columns: a
// field filled in only the last episode is present, a field filled in none
// is absent, for every kind of field; a mask not scanned, or of a reset
// batch, skips nothing.
func TestPresentSlots(t *testing.T) {
	field := func(name string) *schemas.Field {
		f, ok := schemas.Lookup(name)
		require.True(t, ok, name)
		return &f
	}
	b := newBatch(8)
	b.eps = b.eps[:0]
	for range 5 {
		var e schemas.Episode
		e.Reset()
		b.eps = append(b.eps, e)
	}
	last := &b.eps[4]
	last.Str[schemas.DIAG_17] = "C341"
	last.Date[schemas.OPDATE_09] = schemas.Date(20000)
	last.Int[schemas.STARTAGE] = 0 // a present zero
	filled := []string{"DIAG_17", "OPDATE_09", "STARTAGE"}
	empty := []string{"DIAG_18", "OPDATE_10", "EPIDUR", "SourceRow"}

	var unscanned presentSlots
	for _, n := range append(filled, empty...) {
		require.False(t, unscanned.absent(field(n)), "%s: an unscanned mask skips nothing", n)
	}
	require.False(t, (*presentSlots)(nil).absent(field("DIAG_18")))

	b.present.scan(b.eps)
	for _, n := range filled {
		require.False(t, b.present.absent(field(n)), n)
	}
	for _, n := range empty {
		require.True(t, b.present.absent(field(n)), n)
	}
	b.reset()
	require.False(t, b.present.absent(field("DIAG_18")), "a reset batch's mask skips nothing")
}
