package pipeline

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"unsafe"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/encoding/rle"
	"github.com/parquet-go/parquet-go/format"
	"github.com/stretchr/testify/require"

	"github.com/hrgflow/hrgflow/internal/interop"
	"github.com/hrgflow/hrgflow/schemas"
)

// TestAppendHybrid decodes the encoder's RLE/bit-packed hybrid runs with
// parquet-go's decoder: runs shorter and longer than 8, runs after
// literals that are not a whole group, every bit width a dictionary of up
// to 2^20 values needs.
func TestAppendHybrid(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for w := uint(1); w <= 20; w++ {
		for _, n := range []int{0, 1, 7, 8, 9, 15, 16, 17, 100, 1000, 5003} {
			vals := make([]uint32, 0, n)
			for len(vals) < n {
				v := r.Uint32N(1 << w)
				run := 1 + r.IntN(12) // runs of 1..12: some RLE, some literal
				if r.IntN(4) == 0 {
					run = 1
				}
				for range min(run, n-len(vals)) {
					vals = append(vals, v)
				}
			}
			enc := appendHybrid([]byte{byte(w)}, vals, w)
			got, err := new(rle.DictionaryEncoding).DecodeInt32(nil, enc)
			require.NoError(t, err, "w=%d n=%d", w, n)
			// A last bit-packed run is padded to 8: the reader stops at the
			// page's value count.
			require.GreaterOrEqual(t, len(got), n, "w=%d n=%d", w, n)
			for i, v := range vals {
				require.Equal(t, int32(v), got[i], "w=%d n=%d i=%d", w, n, i)
			}
		}
	}
	// Levels: bytes at width 1, a run of 20 after 3 literals.
	lv := []byte{1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}
	got, err := (&rle.Encoding{BitWidth: 1}).DecodeLevels(nil, appendHybrid(nil, lv, 1))
	require.NoError(t, err)
	require.Equal(t, lv, got[:len(lv)])
	// Hand-checked bytes: 3 literals and 5 of the zeros as one group of 8
	// (header 0x03, bits 10100000 LSB first = 0x05), an RLE run of the 15
	// other zeros (header 30, value 0x00), the final literal 1 padded to a
	// group (header 0x03, 0x01).
	require.Equal(t, []byte{0x03, 0x05, 30, 0x00, 0x03, 0x01}, appendHybrid(nil, lv, 1))
	// A run too short to pay for the padding stays bit-packed: 1,0,1 and
	// 10 zeros and 1 are two groups (header 0x05): 0x05, then bit 5 = 0x20.
	require.Equal(t, []byte{0x05, 0x05, 0x20}, appendHybrid(nil, []byte{1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 1))
}

// readAllRows reads every row of a Parquet file with parquet-go's reader,
// values cloned.
func readAllRows(t *testing.T, path string) ([]parquet.Row, *parquet.File) {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	t.Cleanup(func() { f.Close() })
	info, err := f.Stat()
	require.NoError(t, err)
	pf, err := parquet.OpenFile(f, info.Size())
	require.NoError(t, err)
	r := parquet.NewReader(pf)
	defer r.Close()
	var out []parquet.Row
	buf := make([]parquet.Row, 128)
	for {
		n, err := r.ReadRows(buf)
		for _, row := range buf[:n] {
			out = append(out, row.Clone())
		}
		if err == io.EOF {
			return out, pf
		}
		require.NoError(t, err)
	}
}

// requireSameCells checks that two files hold the same rows: every cell's
// column, null-ness and value (bytes, integers, float bits), and the same
// row group sizes, column types, logical types and dictionary columns.
func requireSameCells(t *testing.T, wantPath, gotPath string, n int) {
	t.Helper()
	want, wf := readAllRows(t, wantPath)
	got, gf := readAllRows(t, gotPath)
	require.Len(t, want, n)
	require.Len(t, got, n)
	for i := range want {
		require.Len(t, got[i], len(want[i]), "row %d", i)
		for j, w := range want[i] {
			g := got[i][j]
			name := wf.Schema().Columns()[w.Column()][0]
			require.Equal(t, w.Column(), g.Column(), "row %d column %s", i, name)
			require.Equal(t, w.IsNull(), g.IsNull(), "row %d column %s", i, name)
			require.Equal(t, w.Kind(), g.Kind(), "row %d column %s", i, name)
			require.Equal(t, w.DefinitionLevel(), g.DefinitionLevel(), "row %d column %s", i, name)
			require.True(t, parquet.Equal(w, g), "row %d column %s: %v != %v", i, name, w, g)
			if w.Kind() == parquet.Double {
				require.Equal(t, math.Float64bits(w.Double()), math.Float64bits(g.Double()), "row %d column %s", i, name)
			}
		}
	}
	if n > 0 { // footerLayout reads the first row group
		require.Equal(t, footerLayout(t, wantPath), footerLayout(t, gotPath))
	}
	wm, gm := wf.Metadata(), gf.Metadata()
	require.Equal(t, wm.Schema, gm.Schema)
	require.Equal(t, wm.KeyValueMetadata, gm.KeyValueMetadata)
	require.Equal(t, wm.CreatedBy, gm.CreatedBy)
	require.Equal(t, wm.NumRows, gm.NumRows)
	kinds := map[string]schemas.Kind{}
	for _, f := range schemas.Dictionary() {
		kinds[f.Name] = f.Kind
	}
	for g := range wm.RowGroups {
		for j := range wm.RowGroups[g].Columns {
			w, c := wm.RowGroups[g].Columns[j].MetaData, gm.RowGroups[g].Columns[j].MetaData
			require.Equal(t, w.Type, c.Type)
			require.Equal(t, w.Encoding, c.Encoding, "column %v", w.PathInSchema)
			require.Equal(t, pageKinds(w.EncodingStats), pageKinds(c.EncodingStats), "column %v", w.PathInSchema)
			require.Equal(t, w.NumValues, c.NumValues)
			require.Equal(t, w.Statistics.NullCount, c.Statistics.NullCount, "column %v", w.PathInSchema)
			require.Equal(t, w.Statistics.MinValue, c.Statistics.MinValue, "column %v", w.PathInSchema)
			require.Equal(t, w.Statistics.MaxValue, c.Statistics.MaxValue, "column %v", w.PathInSchema)
			// Neither writer sets the deprecated fields (signed byte order
			// in old readers).
			require.Nil(t, c.Statistics.Min, "column %v", w.PathInSchema)
			require.Nil(t, c.Statistics.Max, "column %v", w.PathInSchema)
		}
	}
}

// pageKinds lists the page types and encodings of a column chunk; the
// number of pages of each depends on each writer's page size.
func pageKinds(stats []format.PageEncodingStats) []string {
	var out []string
	for _, s := range stats {
		out = append(out, fmt.Sprintf("%v %v", s.PageType, s.Encoding))
	}
	return out
}

// edgeEpisodes returns generated episodes with the edge cases the encoder
// must keep: negative integers, dates before 1970, a column null
// everywhere (DIAG_20), a code column with one value (ADMINCAT), a
// 64-bit and a decimal column with extremes, and a present code column
// null in runs.
func edgeEpisodes(n int, seed uint64) []schemas.Episode {
	eps := benchEpisodes(n, seed)
	for i := range eps {
		e := &eps[i]
		e.Str[schemas.DIAG_20] = ""
		e.Str[schemas.ADMINCAT] = "01"
		if i%7 == 3 {
			e.Int[schemas.STARTAGE] = -int32(i)
		}
		if i%11 == 5 {
			e.Date[schemas.EPISTART] = schemas.Date(-1000 - i)
		}
		if i%50 < 20 {
			e.Str[schemas.ADMIMETH] = ""
		}
	}
	return eps
}

// writeBoth writes eps with parquet-go and with the native encoder in
// batches of batchN, in row groups of groupN, and returns both paths.
func writeBoth(t *testing.T, eps []schemas.Episode, fields []schemas.Field, comp Compression, groupN, batchN int) (pg, native string) {
	t.Helper()
	dir := t.TempDir()
	meta := map[string]string{"hrgflow.b": "2", "hrgflow.a": "1"}
	for _, nat := range []bool{false, true} {
		path := filepath.Join(dir, fmt.Sprintf("native=%t.parquet", nat))
		w, err := newDatasetWriterWith(path, "episodes", fields, comp, groupN, meta, nat)
		require.NoError(t, err)
		require.Equal(t, nat, w.enc != nil)
		for i := 0; i < len(eps); i += batchN {
			// The fields null in a whole batch (DIAG_20 in edgeEpisodes)
			// take the writer's shortcut, as in a run.
			part := eps[i:min(i+batchN, len(eps))]
			var present presentSlots
			present.scan(part)
			require.NoError(t, w.writeEpisodes(part, &present))
		}
		require.NoError(t, w.close())
		if nat {
			native = path
		} else {
			pg = path
		}
	}
	return pg, native
}

// TestNativeEncoderMatchesParquetGo writes the same episodes with both
// encoders and compares every cell read back by parquet-go: 5,000
// episodes in row groups of 2,048 (batches of 1,000 straddle them), every
// column of the dictionary, with each codec.
func TestNativeEncoderMatchesParquetGo(t *testing.T) {
	const n = 5000
	eps := edgeEpisodes(n, 11)
	for _, comp := range []Compression{"zstd", "snappy", "none"} {
		t.Run(string(comp), func(t *testing.T) {
			pg, nat := writeBoth(t, eps, schemas.Dictionary(), comp, 2048, 1000)
			requireSameCells(t, pg, nat, n)
			rows := dumpEpisodes(t, nat)
			require.Len(t, rows, n)
			for _, i := range []int{0, 3, 5, 2047, 2048, n - 1} {
				e, row := &eps[i], rows[i]
				require.Equal(t, e.Str[schemas.EPIKEY], row["EPIKEY"], "row %d", i)
				require.Equal(t, e.Str[schemas.DIAG_01], row["DIAG_01"], "row %d", i)
				require.Equal(t, strconv.Itoa(int(e.Int[schemas.STARTAGE])), row["STARTAGE"], "row %d", i)
				require.Equal(t, e.Date[schemas.EPISTART].String(), row["EPISTART"], "row %d", i)
				require.NotContains(t, row, "DIAG_20", "row %d", i)
				require.Equal(t, "01", row["ADMINCAT"], "row %d", i)
			}
			require.Equal(t, "-3", rows[3]["STARTAGE"])
			require.Equal(t, schemas.Date(-1005).String(), rows[5]["EPISTART"])
		})
	}
}

// TestNativeEncoderLargeWrites covers a write bigger than a row group and
// than a page (one call of 20,000 rows in row groups of 7,000) and a file
// of no rows.
func TestNativeEncoderLargeWrites(t *testing.T) {
	eps := edgeEpisodes(20000, 12)
	pg, nat := writeBoth(t, eps, schemas.Dictionary(), "zstd", 7000, len(eps))
	requireSameCells(t, pg, nat, len(eps))
	pg, nat = writeBoth(t, nil, schemas.Dictionary(), "zstd", 7000, 1)
	requireSameCells(t, pg, nat, 0)
}

// TestNativeEncoderValues feeds both encoders parquet.Values (the write
// path): a code column of 70,000 distinct values (a dictionary of more
// than 2^16 entries, indexes 17 bits wide), a present empty string
// beside nulls, negative and extreme integers.
func TestNativeEncoderValues(t *testing.T) {
	const n = 70000
	all := schemas.Dictionary()
	pickF := func(name string) schemas.Field {
		for _, f := range all {
			if f.Name == name {
				return f
			}
		}
		t.Fatalf("no field %s", name)
		return schemas.Field{}
	}
	fields := []schemas.Field{pickF("DIAG_01"), pickF("EPIKEY"), pickF("STARTAGE"), pickF("EPISTART")}
	var i64, f64 *schemas.Field
	for k := range all {
		if all[k].Kind == schemas.KindInt64 && i64 == nil {
			i64 = &all[k]
		}
		if all[k].Kind == schemas.KindFloat64 && f64 == nil {
			f64 = &all[k]
		}
	}
	if i64 != nil {
		fields = append(fields, *i64)
	}
	if f64 != nil {
		fields = append(fields, *f64)
	}
	cols := make([][]parquet.Value, len(fields))
	for i := range n {
		for j, f := range fields {
			null := parquet.NullValue().Level(0, 0, j)
			var v parquet.Value
			switch f.Kind {
			case schemas.KindCode:
				code := fmt.Sprintf("C%06d", i) // 7 bytes: the packed table
				if i%3 == 0 {
					code = fmt.Sprintf("LONGER%06d", i) // the map
				}
				if i%17 == 1 {
					code = "" // present, empty
				}
				v = parquet.ByteArrayValue([]byte(code))
			case schemas.KindID:
				switch i % 5 {
				case 0:
					v = null
				case 1:
					v = parquet.ByteArrayValue([]byte{}) // present, empty
				default:
					v = parquet.ByteArrayValue([]byte(strconv.Itoa(i)))
				}
			case schemas.KindInt, schemas.KindDate:
				v = parquet.Int32Value(int32(i*7919) - 250000)
				if i == 1 {
					v = parquet.Int32Value(math.MinInt32 + 1)
				}
			case schemas.KindInt64:
				v = parquet.Int64Value(int64(i)*-1e12 + 5)
			case schemas.KindFloat64:
				v = parquet.DoubleValue(float64(i)/3 - 100)
			}
			if i%13 == 0 && j != 1 {
				v = null
			}
			if !v.IsNull() {
				v = v.Level(0, 1, j)
			}
			cols[j] = append(cols[j], v)
		}
	}
	dir := t.TempDir()
	var paths []string
	for _, nat := range []bool{false, true} {
		path := filepath.Join(dir, fmt.Sprintf("native=%t.parquet", nat))
		w, err := newDatasetWriterWith(path, "episodes", fields, "zstd", 100000, nil, nat)
		require.NoError(t, err)
		for off := 0; off < n; off += 9000 {
			k := min(9000, n-off)
			part := make([][]parquet.Value, len(cols))
			for j := range cols {
				part[j] = cols[j][off : off+k]
			}
			require.NoError(t, w.write(part, k))
		}
		require.NoError(t, w.close())
		paths = append(paths, path)
	}
	requireSameCells(t, paths[0], paths[1], n)
	rows, _ := readAllRows(t, paths[1])
	require.Equal(t, "LONGER069999", rows[n-1][0].String())
	require.Equal(t, "C069998", rows[n-2][0].String())
	require.False(t, rows[1][1].IsNull())
	require.Empty(t, rows[1][1].ByteArray())
	require.True(t, rows[5][1].IsNull())
	require.False(t, rows[1][0].IsNull())
	require.Empty(t, rows[1][0].ByteArray())
}

// TestNativeEncoderCopiesBatches checks that the encoder keeps nothing of
// a batch's memory: the decode workers reuse a batch's string arena once
// the writer returns. Every string cell is moved into an arena that is
// overwritten after each write; codes of 8 bytes or more (the map of
// long codes) are among them.
func TestNativeEncoderCopiesBatches(t *testing.T) {
	const n, batchN = 3000, 250
	eps := edgeEpisodes(n, 13)
	for i := range eps {
		eps[i].Str[schemas.ADMIMETH] = fmt.Sprintf("LONG-CODE-%d", i%37)
	}
	dir := t.TempDir()
	pg := filepath.Join(dir, "pg.parquet")
	w, err := newDatasetWriterWith(pg, "episodes", schemas.Dictionary(), "zstd", 1000, nil, false)
	require.NoError(t, err)
	require.NoError(t, w.writeEpisodes(eps, nil))
	require.NoError(t, w.close())

	nat := filepath.Join(dir, "native.parquet")
	w, err = newDatasetWriterWith(nat, "episodes", schemas.Dictionary(), "zstd", 1000, nil, true)
	require.NoError(t, err)
	arena := make([]byte, 0, 4<<20)
	batch := make([]schemas.Episode, batchN)
	for off := 0; off < n; off += batchN {
		arena = arena[:0]
		for i := range batch {
			batch[i] = eps[off+i]
			for k, v := range batch[i].Str {
				start := len(arena)
				arena = append(arena, v...)
				batch[i].Str[k] = unsafe.String(unsafe.SliceData(arena[start:]), len(v))
			}
		}
		require.NoError(t, w.writeEpisodes(batch, nil))
		for i := range arena {
			arena[i] = 'X'
		}
	}
	require.NoError(t, w.close())
	requireSameCells(t, pg, nat, n)
}

// TestPackCode checks that codes of 1 to 7 bytes pack to distinct nonzero
// keys, zero bytes and lengths included, and that others do not pack.
func TestPackCode(t *testing.T) {
	seen := map[uint64]string{}
	alphabet := []byte{0, 'A', '1', 0xff}
	var walk func(prefix []byte)
	walk = func(prefix []byte) {
		if len(prefix) > 0 {
			k, ok := packCode(string(prefix))
			require.True(t, ok)
			require.NotZero(t, k)
			prev, dup := seen[k]
			require.False(t, dup, "%q and %q", prev, prefix)
			seen[k] = string(prefix)
		}
		if len(prefix) == 7 {
			return
		}
		for _, b := range alphabet {
			walk(append(prefix[:len(prefix):len(prefix)], b))
		}
	}
	walk(nil)
	require.Len(t, seen, 4+16+64+256+1024+4096+16384)
	for _, s := range []string{"", "ABCDEFGH", "A12345678"} {
		_, ok := packCode(s)
		require.False(t, ok, s)
	}
}

// TestRunNativeMatchesParquetGo writes one run's every dataset (episodes,
// spells, unbundled, quality, both cubes, CIPS) with parquet-go and with
// hrgflow's own encoder, in small row groups and batches so that row
// groups split inside writes, and compares every file cell by cell.
func TestRunNativeMatchesParquetGo(t *testing.T) {
	dir := t.TempDir()
	defer func(v bool) { nativeEncoder = v }(nativeEncoder)
	outs := map[bool]string{}
	for _, nat := range []bool{false, true} {
		nativeEncoder = nat
		outs[nat] = filepath.Join(dir, fmt.Sprint(nat))
		runFiles(t, outs[nat], func(c *Config) {
			c.BatchSize, c.RowGroupSize = 97, 500
			c.Datasets = []string{"episodes", "spells", "unbundled", "quality", "aggregates", "cips"}
		}, hesFixture, grouperFixture)
	}
	var rels []string
	require.NoError(t, filepath.WalkDir(outs[false], func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".parquet" {
			return err
		}
		rel, err := filepath.Rel(outs[false], p)
		require.NoError(t, err)
		rows, _ := readAllRows(t, p)
		require.NotEmpty(t, rows, rel)
		t.Run(filepath.ToSlash(rel), func(t *testing.T) {
			requireSameCells(t, p, filepath.Join(outs[true], rel), len(rows))
		})
		rels = append(rels, rel)
		return nil
	}))
	require.GreaterOrEqual(t, len(rels), 7, "every dataset written")
	// A second reader: DuckDB decodes every value of each own-encoder file
	// (a count alone could come from the footer) and finds the same rows
	// as in parquet-go's file, each row as often.
	var sqls []string
	for _, rel := range rels {
		a, b := interop.SQLString(filepath.Join(outs[false], rel)), interop.SQLString(filepath.Join(outs[true], rel))
		sqls = append(sqls, fmt.Sprintf(`SELECT (SELECT count(*) FROM (SELECT * FROM read_parquet(%[1]s) EXCEPT ALL SELECT * FROM read_parquet(%[2]s)))::VARCHAR,
			(SELECT count(*) FROM (SELECT * FROM read_parquet(%[2]s) EXCEPT ALL SELECT * FROM read_parquet(%[1]s)))::VARCHAR,
			(SELECT count(*) FROM read_parquet(%[2]s))::VARCHAR`, a, b))
	}
	for i, res := range interop.DuckDBMulti(t, sqls) {
		rows, _ := readAllRows(t, filepath.Join(outs[true], rels[i]))
		require.Equal(t, []any{"0", "0", fmt.Sprint(len(rows))}, res.Rows[0], "DuckDB on %s: rows only in parquet-go's file, only in the own encoder's, rows", rels[i])
	}
}

// TestPlainInts checks the big-endian path of plainInts (decoding PLAIN
// bytes) against the little-endian view.
func TestPlainInts(t *testing.T) {
	var plain []byte
	want32 := []int32{0, 1, -1, math.MaxInt32, math.MinInt32, 20000}
	for _, x := range want32 {
		plain = binary.LittleEndian.AppendUint32(plain, uint32(x))
	}
	var s32 []int32
	require.Equal(t, want32, plainInts(plain, &s32))
	defer func(v bool) { littleEndian = v }(littleEndian)
	littleEndian = false
	require.Equal(t, want32, plainInts(plain, &s32))
	plain = plain[:0]
	want64 := []int64{0, -1, math.MaxInt64, math.MinInt64, 1 << 40}
	for _, x := range want64 {
		plain = binary.LittleEndian.AppendUint64(plain, uint64(x))
	}
	var s64 []int64
	require.Equal(t, want64, plainInts(plain, &s64))
}
