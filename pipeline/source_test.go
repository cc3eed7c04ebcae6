package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// batchesOf reads a file with a batch size and returns each batch's rows
// as "row" or "row*" (starts a spell).
func batchesOf(t *testing.T, path string, size int) [][]string {
	t.Helper()
	cfg := DefaultConfig()
	cfg.RDF = DefaultRDF()
	in := &inputFile{path: path}
	src, err := openSource(context.Background(), in, cfg)
	require.NoError(t, err)
	defer src.close()
	var out [][]string
	for more := true; more; {
		b := newBatch(size)
		b.file = in
		more, err = src.fill(context.Background(), b, size)
		require.NoError(t, err)
		var rows []string
		for i, ns := range b.newSpell {
			r := ""
			if len(b.lines) > 0 {
				r = strings.SplitN(string(b.raw[b.lines[i].start:b.lines[i].end]), ",", 2)[0]
			} else {
				r = "p"
			}
			if ns {
				r += "*"
			}
			rows = append(rows, r)
		}
		if len(rows) > 0 {
			out = append(out, rows)
		}
	}
	return out
}

func TestBatchesNeverSplitASpell(t *testing.T) {
	path := filepath.Join(t.TempDir(), "spells.csv")
	csv := "EPIKEY,SUSSPELLID,SEX\n1,A,1\n2,A,1\n3,A,1\n4,B,2\n5,C,1\n6,C,1\n7,D,2\n"
	require.NoError(t, os.WriteFile(path, []byte(csv), 0o644))
	require.Equal(t, [][]string{{"1*", "2", "3"}, {"4*", "5*", "6"}, {"7*"}}, batchesOf(t, path, 2))
	require.Equal(t, [][]string{{"1*", "2", "3", "4*", "5*", "6", "7*"}}, batchesOf(t, path, 100))

	// The grouper layout's key is PROCODET + PROVSPNO: SP0002 has three episodes.
	b := batchesOf(t, grouperFixture, 2)
	require.Equal(t, []string{"RXX*", "RXX*", "RXX", "RXX"}, b[0], "the first batch grows to hold spell SP0002 (rows 2-4) whole")
}

func TestBatchesKeepParquetSpellsWhole(t *testing.T) {
	// Every artificial episode is its own spell (DOMAIN.md §3.5), so every
	// row starts one, and batches of 7 slice the records exactly.
	b := batchesOf(t, parquetFixture, 7)
	total := 0
	for _, rows := range b {
		require.LessOrEqual(t, len(rows), 7)
		total += len(rows)
	}
	require.Equal(t, 2075, total)
}
