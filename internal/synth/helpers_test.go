package synth

import (
	"bytes"
	"context"
	"encoding/csv"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// numCols is the number of columns of the HES layout Generate writes.
const numCols = 29 + maxDiag + 2*maxProc

func testConfig(episodes int, badRate float64) Config {
	cfg := DefaultConfig()
	cfg.Episodes, cfg.Seed, cfg.BadRate = episodes, 42, badRate
	return cfg
}

func generate(t testing.TB, cfg Config) ([]byte, Stats) {
	t.Helper()
	var buf bytes.Buffer
	st, err := Generate(context.Background(), &buf, cfg)
	require.NoError(t, err)
	require.Equal(t, int64(buf.Len()), st.Bytes)
	return buf.Bytes(), st
}

// table is parsed CSV output with columns looked up by name.
type table struct {
	col  map[string]int
	rows [][]string
}

func parse(t testing.TB, out []byte) table {
	t.Helper()
	cr := csv.NewReader(bytes.NewReader(out))
	cr.FieldsPerRecord = numCols
	recs, err := cr.ReadAll()
	require.NoError(t, err)
	tb := table{col: map[string]int{}, rows: recs[1:]}
	for i, name := range recs[0] {
		tb.col[name] = i
	}
	return tb
}

func (tb table) get(r []string, name string) string { return r[tb.col[name]] }

func (tb table) date(t testing.TB, r []string, name string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, tb.get(r, name))
	require.NoError(t, err, "%s %q", name, tb.get(r, name))
	return d
}

func (tb table) int(t testing.TB, r []string, name string) int {
	t.Helper()
	n, err := strconv.Atoi(tb.get(r, name))
	require.NoError(t, err, "%s %q", name, tb.get(r, name))
	return n
}

// ageYears maps STARTAGE to whole years (infant codes to 0).
func (tb table) ageYears(t testing.TB, r []string) int {
	a := tb.int(t, r, "STARTAGE")
	if a >= 7001 && a <= 7007 {
		return 0
	}
	return a
}

func (tb table) codes(r []string, prefix string, n int) []string {
	var out []string
	for i := 1; i <= n; i++ {
		if v := r[tb.col[prefix+string([]byte{byte('0' + i/10), byte('0' + i%10)})]]; v != "" {
			out = append(out, v)
		}
	}
	return out
}
