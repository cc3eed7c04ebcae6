package pipeline

// This file compares episodeWriter (parquet-go, and hrgflow's own encoder
// of pqenc.go: lib=hrgflow) with an arrow-go writer of the same schema, on the same generated episodes, so the choice of Parquet
// library rests on figures for our own schema (DOMAIN §9.2 measured a
// 30-column stand-in). The arrow-go writer lives here, not in the package:
// it exists to be measured.
//
//	go test ./pipeline/ -run '^$' -bench BenchmarkEpisodeWriter -count 10 >writers.txt
//	benchstat -col /lib writers.txt

import (
	"bufio"
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	arrowpq "github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
	"github.com/stretchr/testify/require"

	"github.com/hrgflow/hrgflow/schemas"
)

// benchPools holds the code values the generator draws from, built once per
// call so that episodes share their code strings as decoded batches do.
type benchPools struct {
	procode3, procode5, purcode, ccg []string
	sites                            [][]string // by provider
	practices, specialties, patients []string
	diags, opers                     []string // in order of popularity
}

// Small code sets, repeated to weight the common values.
var (
	benchAdmimeth = []string{"11", "11", "11", "11", "12", "13", "21", "21", "21", "21", "21", "22", "23", "24", "28", "2A", "2B", "31", "81"}
	benchAdmisorc = []string{"19", "19", "19", "19", "19", "19", "51", "54", "29", "65", "79", "87"}
	benchAdmincat = []string{"01", "01", "01", "01", "01", "01", "01", "01", "01", "02"}
	benchClasspat = []string{"1", "1", "1", "1", "1", "2", "2", "2", "2", "3"}
	benchDismeth  = []string{"1", "1", "1", "1", "1", "1", "1", "1", "2", "4", "8"}
	benchDisdest  = []string{"19", "19", "19", "19", "19", "19", "51", "54", "65", "79", "98"}
	benchEpitype  = []string{"1", "1", "1", "1", "1", "1", "1", "1", "2", "3"}
	benchSex      = []string{"1", "2", "1", "2", "1", "2", "9"}
	benchEthnos   = []string{"A", "A", "A", "A", "A", "A", "B", "C", "D", "E", "F", "G", "H", "J", "K", "L", "M", "N", "P", "R", "S", "Z", "99"}
)

// benchCodes returns n distinct codes of a letter and digits digits (A123),
// in random order of popularity.
func benchCodes(r *rand.Rand, n, digits int) []string {
	space := 1
	for range digits {
		space *= 10
	}
	out := make([]string, n)
	for i, k := range r.Perm(26 * space)[:n] {
		out[i] = fmt.Sprintf("%c%0*d", 'A'+k/space, digits, k%space)
	}
	return out
}

func newBenchPools(r *rand.Rand, patients int) *benchPools {
	p := &benchPools{
		practices: benchCodes(r, 6500, 5),
		diags:     benchCodes(r, 4000, 3), // ICD-10-like: A123
		opers:     benchCodes(r, 2500, 3), // OPCS-4-like: A123
	}
	for _, k := range r.Perm(36 * 36)[:200] {
		p3 := "R" + strconv.FormatInt(int64(k), 36)
		if len(p3) == 2 {
			p3 = "R0" + p3[1:]
		}
		p.procode3 = append(p.procode3, p3)
		p.procode5 = append(p.procode5, p3+"00")
		p.sites = append(p.sites, []string{p3 + "01", p3 + "02", p3 + "03", p3 + "04"})
	}
	for _, k := range r.Perm(100 * 26)[:106] {
		c := fmt.Sprintf("%02d%c", k/26, 'A'+k%26)
		p.ccg = append(p.ccg, c)
		p.purcode = append(p.purcode, c+"00")
	}
	for _, k := range r.Perm(730)[:75] {
		p.specialties = append(p.specialties, strconv.Itoa(100+k))
	}
	p.patients = make([]string, patients)
	for i := range p.patients {
		p.patients[i] = fmt.Sprintf("%016X%016X", r.Uint64(), r.Uint64())
	}
	return p
}

func pick(r *rand.Rand, vals []string) string { return vals[r.IntN(len(vals))] }

// benchEpisodes returns n episodes filled like a HES APC extract of one
// financial year: unique 12-digit EPIKEYs, about three episodes per
// patient, 200 providers, skewed small code sets, 4 dates, 1-8 diagnoses
// and 0-6 procedures drawn Zipf-like from a few thousand codes, and the
// remaining repeated fields empty. The same n and seed give the same
// episodes.
func benchEpisodes(n int, seed uint64) []schemas.Episode {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	p := newBenchPools(r, n/3+1)
	diag := rand.NewZipf(r, 1.1, 2, uint64(len(p.diags)-1))
	oper := rand.NewZipf(r, 1.1, 2, uint64(len(p.opers)-1))
	eps := make([]schemas.Episode, n)
	var arena []byte
	for i := range eps {
		e := &eps[i]
		e.Reset()
		benchAdmin(e, r, p, i)
		benchClinical(e, r, p, diag, oper)
		benchDerive(e, &arena)
	}
	return eps
}

// benchDerive fills the clean codes validation would and the HES-derived
// fields, the per-position 3- and 4-character views among them, so the
// benchmark writes all of the episodes dataset's columns as a run does.
func benchDerive(e *schemas.Episode, arena *[]byte) {
	for k := range schemas.MaxDiagnoses {
		if c, _, ok := schemas.NormalizeICD10(e.Str[schemas.DIAG_01+k]); ok {
			e.ICD[k] = c
		}
	}
	for k := range schemas.MaxProcedures {
		if c, _, ok := schemas.NormalizeOPCS4(e.Str[schemas.OPERTN_01+k]); ok {
			e.OPCS[k] = c
		}
	}
	if cap(*arena)-len(*arena) < 1024 {
		*arena = make([]byte, 0, 1<<20) // strings keep the old arena alive
	}
	deriveEpisode(e, e.Date[schemas.ADMIDATE], arena)
}

// benchAdmin fills the identifiers, organisations and admission fields.
func benchAdmin(e *schemas.Episode, r *rand.Rand, p *benchPools, i int) {
	e.Str[schemas.SourceFile] = "hes_apc_2425.csv"
	e.I64[schemas.SourceRow] = int64(i) + 1
	e.Str[schemas.FYEAR] = "2425"
	e.Str[schemas.EPIKEY] = strconv.FormatUint(300_000_000_000+uint64(i)*7+r.Uint64N(7), 10)
	e.Str[schemas.PSEUDO_HESID] = pick(r, p.patients)
	e.Str[schemas.SUSRECID] = strconv.FormatUint(10_000_000_000_000+uint64(i)*13+r.Uint64N(13), 10)
	prov := r.IntN(len(p.procode3))
	e.Str[schemas.PROCODE3] = p.procode3[prov]
	e.Str[schemas.PROCODE5] = p.procode5[prov]
	e.Str[schemas.PROCODET] = p.procode3[prov]
	e.Str[schemas.SITETRET] = pick(r, p.sites[prov])
	ccg := r.IntN(len(p.ccg))
	e.Str[schemas.PURCODE] = p.purcode[ccg]
	e.Str[schemas.CCG_RESPONSIBILITY] = p.ccg[ccg]
	e.Str[schemas.GPPRAC] = pick(r, p.practices)
	e.Str[schemas.ADMIMETH] = pick(r, benchAdmimeth)
	e.Str[schemas.ADMISORC] = pick(r, benchAdmisorc)
	e.Str[schemas.ADMINCAT] = pick(r, benchAdmincat)
	e.Str[schemas.CLASSPAT] = pick(r, benchClasspat)
	e.Str[schemas.DISMETH] = pick(r, benchDismeth)
	e.Str[schemas.DISDEST] = pick(r, benchDisdest)
	e.Str[schemas.EPISTAT] = "3"
	e.Str[schemas.EPITYPE] = pick(r, benchEpitype)
	e.Str[schemas.SEX] = pick(r, benchSex)
	e.Str[schemas.ETHNOS] = pick(r, benchEthnos)
	spef := pick(r, p.specialties)
	e.Str[schemas.MAINSPEF], e.Str[schemas.TRETSPEF] = spef, spef
}

// benchClinical fills ages, dates, durations, diagnoses and procedures.
func benchClinical(e *schemas.Episode, r *rand.Rand, p *benchPools, diag, oper *rand.Zipf) {
	order := int32(1)
	if r.IntN(5) == 0 {
		order += 1 + int32(r.IntN(3))
	}
	dur := 0
	if e.Str[schemas.CLASSPAT] == "1" {
		dur = min(int(r.ExpFloat64()*5), 400)
	}
	start := schemas.DateOf(2024, 4, 1) + schemas.Date(r.IntN(365))
	e.Int[schemas.EPIORDER] = order
	e.Int[schemas.STARTAGE] = int32(r.IntN(100))
	e.Int[schemas.EPIDUR] = int32(dur)
	e.Date[schemas.ADMIDATE] = start - schemas.Date(int(order-1)*r.IntN(4))
	e.Date[schemas.EPISTART] = start
	e.Date[schemas.EPIEND] = start + schemas.Date(dur)
	if e.Str[schemas.DISMETH] != "8" {
		e.Date[schemas.DISDATE] = start + schemas.Date(dur)
	}
	for k := range 1 + r.IntN(4) + r.IntN(5) { // 1-8, mostly 3-5
		e.Str[schemas.DIAG_01+k] = p.diags[diag.Uint64()]
	}
	for k := range max(0, r.IntN(9)-2) { // 0-6, a third none
		e.Str[schemas.OPERTN_01+k] = p.opers[oper.Uint64()]
		e.Date[schemas.OPDATE_01+k] = start + schemas.Date(r.IntN(dur+1))
	}
}

// arrowEpisodeWriter writes episodes with arrow-go's pqarrow.FileWriter in
// the layout of episodeWriter: same columns in the same order, all
// nullable, dictionary encoding on code columns only, DATE for dates. Rows
// are gathered into records of recN rows and written with WriteBuffered
// into row groups of groupN rows (DOMAIN §9.3: Write makes a row group per
// record). Not safe for concurrent use.
type arrowEpisodeWriter struct {
	path    string
	f       *os.File
	bw      *bufio.Writer
	fw      *pqarrow.FileWriter
	rb      *array.RecordBuilder
	cols    []arrowColumn
	recN    int // rows per record
	groupN  int // rows per row group
	inRec   int // rows in the record being built
	inGroup int // rows written to the open row group
}

// arrowColumn is one column's builder, typed once so appends need no type
// switch on the builder.
type arrowColumn struct {
	kind schemas.Kind
	slot int
	str  *array.StringBuilder
	i32  *array.Int32Builder
	d32  *array.Date32Builder
	i64  *array.Int64Builder
	f64  *array.Float64Builder
}

// arrowEpisodeSchema is episodeSchema for Arrow.
func arrowEpisodeSchema() *arrow.Schema {
	dict := schemas.Dictionary()
	fields := make([]arrow.Field, len(dict))
	for i, f := range dict {
		var t arrow.DataType
		switch f.Kind {
		case schemas.KindCode, schemas.KindID:
			t = arrow.BinaryTypes.String
		case schemas.KindInt:
			t = arrow.PrimitiveTypes.Int32
		case schemas.KindDate:
			t = arrow.FixedWidthTypes.Date32
		case schemas.KindInt64:
			t = arrow.PrimitiveTypes.Int64
		case schemas.KindFloat64:
			t = arrow.PrimitiveTypes.Float64
		}
		fields[i] = arrow.Field{Name: f.Name, Type: t, Nullable: true}
	}
	return arrow.NewSchema(fields, nil)
}

// arrowWriterProperties matches episodeWriter's settings: dictionary on
// code columns only, and zstd at its fastest level as parquet-go's
// zstd.SpeedFastest (arrow-go's default level is 3).
func arrowWriterProperties(comp Compression, groupN int, mem memory.Allocator) (*arrowpq.WriterProperties, error) {
	opts := []arrowpq.WriterProperty{
		arrowpq.WithAllocator(mem),
		arrowpq.WithCreatedBy("hrgflow version " + Version),
		arrowpq.WithMaxRowGroupLength(int64(groupN)),
		arrowpq.WithDictionaryDefault(false),
	}
	switch comp {
	case "", "snappy":
		opts = append(opts, arrowpq.WithCompression(compress.Codecs.Snappy))
	case "zstd":
		opts = append(opts, arrowpq.WithCompression(compress.Codecs.Zstd), arrowpq.WithCompressionLevel(1))
	case "none":
		opts = append(opts, arrowpq.WithCompression(compress.Codecs.Uncompressed))
	default:
		return nil, fmt.Errorf("unknown compression %q", string(comp))
	}
	for _, f := range schemas.Dictionary() {
		if f.Kind == schemas.KindCode {
			opts = append(opts, arrowpq.WithDictionaryFor(f.Name, true))
		}
	}
	return arrowpq.NewWriterProperties(opts...), nil
}

func newArrowEpisodeWriter(path string, comp Compression, groupN, recN int, mem memory.Allocator) (*arrowEpisodeWriter, error) {
	props, err := arrowWriterProperties(comp, groupN, mem)
	if err != nil {
		return nil, err
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("creating %s: %w", path, err)
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	schema := arrowEpisodeSchema()
	fw, err := pqarrow.NewFileWriter(schema, bw, props, pqarrow.NewArrowWriterProperties(pqarrow.WithAllocator(mem)))
	if err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("starting %s: %w", path, err)
	}
	w := &arrowEpisodeWriter{path: path, f: f, bw: bw, fw: fw, rb: array.NewRecordBuilder(mem, schema), recN: recN, groupN: groupN}
	for i, fd := range schemas.Dictionary() {
		c := arrowColumn{kind: fd.Kind, slot: fd.Slot}
		switch b := w.rb.Field(i).(type) {
		case *array.StringBuilder:
			c.str = b
		case *array.Int32Builder:
			c.i32 = b
		case *array.Date32Builder:
			c.d32 = b
		case *array.Int64Builder:
			c.i64 = b
		case *array.Float64Builder:
			c.f64 = b
		}
		w.cols = append(w.cols, c)
	}
	w.rb.Reserve(recN)
	return w, nil
}

// write appends episodes, writing a record whenever one is full or
// completes a row group.
func (w *arrowEpisodeWriter) write(eps []schemas.Episode) error {
	for len(eps) > 0 {
		n := min(len(eps), w.recN-w.inRec, w.groupN-w.inGroup-w.inRec)
		w.appendColumns(eps[:n])
		eps = eps[n:]
		w.inRec += n
		if w.inRec == w.recN || w.inGroup+w.inRec == w.groupN {
			if err := w.flushRecord(); err != nil {
				return err
			}
		}
	}
	return nil
}

func (w *arrowEpisodeWriter) appendColumns(eps []schemas.Episode) {
	for _, c := range w.cols {
		switch c.kind {
		case schemas.KindCode, schemas.KindID:
			for i := range eps {
				if s := eps[i].Str[c.slot]; s != "" {
					c.str.Append(s)
				} else {
					c.str.AppendNull()
				}
			}
		case schemas.KindInt:
			for i := range eps {
				if v := eps[i].Int[c.slot]; v != schemas.NullInt {
					c.i32.Append(v)
				} else {
					c.i32.AppendNull()
				}
			}
		case schemas.KindDate:
			for i := range eps {
				if d := eps[i].Date[c.slot]; d != schemas.NullDate {
					c.d32.Append(arrow.Date32(d))
				} else {
					c.d32.AppendNull()
				}
			}
		case schemas.KindInt64:
			for i := range eps {
				if v := eps[i].I64[c.slot]; v != schemas.NullI64 {
					c.i64.Append(v)
				} else {
					c.i64.AppendNull()
				}
			}
		case schemas.KindFloat64:
			for i := range eps {
				if v := eps[i].F64[c.slot]; v != schemas.NullF64 {
					c.f64.Append(v)
				} else {
					c.f64.AppendNull()
				}
			}
		}
	}
}

// flushRecord writes the record being built into the open row group,
// starting a new row group first when the last one is full.
func (w *arrowEpisodeWriter) flushRecord() error {
	if w.inGroup == w.groupN {
		if err := w.fw.NewBufferedRowGroupChecked(); err != nil {
			return fmt.Errorf("writing %s: %w", w.path, err)
		}
		w.inGroup = 0
	}
	rec := w.rb.NewRecordBatch()
	err := w.fw.WriteBuffered(rec)
	rec.Release()
	if err != nil {
		return fmt.Errorf("writing %s: %w", w.path, err)
	}
	w.inGroup += w.inRec
	w.inRec = 0
	w.rb.Reserve(w.recN)
	return nil
}

// close writes the last record and the footer and closes the file.
func (w *arrowEpisodeWriter) close() error {
	var err error
	if w.inRec > 0 {
		err = w.flushRecord()
	}
	w.rb.Release()
	if cerr := w.fw.Close(); err == nil {
		err = cerr
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

// benchSink is what both writers offer; the comparison needs no more.
type benchSink interface {
	write(eps []schemas.Episode) error
	close() error
}

// parquetGoSink feeds episodeWriter as the pipeline's writer stage does:
// each column is encoded (into Parquet values for parquet-go, straight
// into pages for hrgflow's own encoder) just before it is written, on the
// writer's goroutines. The arrow-go writer builds its records in line
// too.
type parquetGoSink struct{ *episodeWriter }

func (s parquetGoSink) write(eps []schemas.Episode) error {
	var present presentSlots // scanned here: a run's workers do it
	present.scan(eps)
	return s.writeEpisodes(eps, &present)
}

// benchLib opens a writer of one library on path.
type benchLib struct {
	name string
	open func(path string, comp Compression, groupN int, mem memory.Allocator) (benchSink, error)
}

var benchLibs = []benchLib{
	{"parquet-go", func(path string, comp Compression, groupN int, _ memory.Allocator) (benchSink, error) {
		w, err := newDatasetWriterWith(path, "episode", schemas.Dictionary(), comp, groupN, nil, false)
		if err != nil {
			return nil, err
		}
		return parquetGoSink{w}, nil
	}},
	{"hrgflow", func(path string, comp Compression, groupN int, _ memory.Allocator) (benchSink, error) {
		w, err := newDatasetWriterWith(path, "episode", schemas.Dictionary(), comp, groupN, nil, true)
		if err != nil {
			return nil, err
		}
		return parquetGoSink{w}, nil
	}},
	{"arrow-go", func(path string, comp Compression, groupN int, mem memory.Allocator) (benchSink, error) {
		return newArrowEpisodeWriter(path, comp, groupN, min(groupN, 64*1024), mem)
	}},
}

// writeEpisodesFile writes eps to path in batches of batchN, as the
// pipeline's writer stage does, and returns the file size.
func writeEpisodesFile(tb testing.TB, lib benchLib, path string, comp Compression, groupN, batchN int, mem memory.Allocator, eps []schemas.Episode) int64 {
	tb.Helper()
	w, err := lib.open(path, comp, groupN, mem)
	require.NoError(tb, err)
	for i := 0; i < len(eps); i += batchN {
		require.NoError(tb, w.write(eps[i:min(i+batchN, len(eps))]))
	}
	require.NoError(tb, w.close())
	info, err := os.Stat(path)
	require.NoError(tb, err)
	return info.Size()
}

// BenchmarkEpisodeWriter writes 200,000 generated episodes per op to a real
// file with each library and codec, at the pipeline's default row group
// and batch sizes. arrow-go's time includes building the Arrow records.
func BenchmarkEpisodeWriter(b *testing.B) {
	const n = 200_000
	eps := benchEpisodes(n, 1)
	for _, lib := range benchLibs {
		b.Run("lib="+lib.name, func(b *testing.B) {
			for _, comp := range []Compression{"snappy", "zstd"} {
				b.Run("codec="+string(comp), func(b *testing.B) {
					path := filepath.Join(b.TempDir(), "episodes.parquet")
					b.ReportAllocs()
					var size int64
					ops := 0
					for b.Loop() {
						size = writeEpisodesFile(b, lib, path, comp, DefaultConfig().RowGroupSize, defaultBatchSize, memory.DefaultAllocator, eps)
						ops++
					}
					b.SetBytes(size)
					b.ReportMetric(float64(n*ops)/b.Elapsed().Seconds(), "episodes/s")
					b.ReportMetric(float64(size)/1e6, "file-MB")
				})
			}
		})
	}
}

// TestArrowAndParquetGoWritersAgree checks that the benchmark compares like
// with like: both writers' files hold the same rows and values, in the same
// row groups, with dictionaries on the same columns.
func TestArrowAndParquetGoWritersAgree(t *testing.T) {
	const n, groupN = 5000, 2048 // three row groups, the last one short
	eps := benchEpisodes(n, 7)
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	dir := t.TempDir()
	paths := map[string]string{}
	for _, lib := range benchLibs {
		paths[lib.name] = filepath.Join(dir, lib.name+".parquet")
		writeEpisodesFile(t, lib, paths[lib.name], "snappy", groupN, 1000, mem, eps)
	}
	pg, ar, hf := dumpEpisodes(t, paths["parquet-go"]), dumpEpisodes(t, paths["arrow-go"]), dumpEpisodes(t, paths["hrgflow"])
	require.Len(t, pg, n)
	require.Len(t, ar, n)
	require.Len(t, hf, n)
	for i := range pg {
		require.Equal(t, pg[i], ar[i], "row %d", i)
		require.Equal(t, pg[i], hf[i], "row %d", i)
	}
	for _, i := range []int{0, 1, 2047, 2048, n - 1} {
		e, row := &eps[i], pg[i]
		require.Equal(t, e.Str[schemas.EPIKEY], row["EPIKEY"], "row %d", i)
		require.Equal(t, e.Str[schemas.DIAG_01], row["DIAG_01"], "row %d", i)
		require.Equal(t, strconv.Itoa(int(e.Int[schemas.STARTAGE])), row["STARTAGE"], "row %d", i)
		require.Equal(t, e.Date[schemas.EPISTART].String(), row["EPISTART"], "row %d", i)
		require.Equal(t, strconv.Itoa(i+1), row["SourceRow"], "row %d", i)
		_, hasOp := row["OPERTN_01"]
		require.Equal(t, e.Str[schemas.OPERTN_01] != "", hasOp, "row %d", i)
		require.NotContains(t, row, "DIAG_20", "row %d", i)
		require.NotContains(t, row, "Severity", "row %d", i)
	}
	require.Equal(t, footerLayout(t, paths["parquet-go"]), footerLayout(t, paths["arrow-go"]))
	require.Equal(t, footerLayout(t, paths["parquet-go"]), footerLayout(t, paths["hrgflow"]))
}

// footerLayout describes a file's row group sizes and, per column, its
// physical type, logical type and whether its first chunk is
// dictionary-encoded.
func footerLayout(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	info, err := f.Stat()
	require.NoError(t, err)
	pf, err := parquet.OpenFile(f, info.Size())
	require.NoError(t, err)
	var out []string
	for _, rg := range pf.RowGroups() {
		out = append(out, fmt.Sprintf("row group of %d rows", rg.NumRows()))
	}
	md := pf.Metadata()
	for j, leaf := range pf.Schema().Columns() {
		col, _ := pf.Schema().Lookup(leaf...)
		cm := md.RowGroups[0].Columns[j].MetaData
		dict := cm.DictionaryPageOffset != 0 || slices.Contains(cm.Encoding, format.RLEDictionary)
		out = append(out, fmt.Sprintf("%s %s %v dict=%t", leaf[0], col.Node.Type().Kind(), col.Node.Type().LogicalType(), dict))
	}
	return out
}

// writeWith writes eps to a new file in batches of 1,000 with shards
// goroutines, either straight from the episodes (writeEpisodes, as the
// pipeline does) or from encodeColumns' values (write), and returns the
// file's bytes.
func writeWith(t *testing.T, eps []schemas.Episode, shards int, fromValues, native bool) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "episodes.parquet")
	w, err := newDatasetWriterWith(path, "episodes", schemas.Dictionary(), "zstd", 2048, map[string]string{"k": "v"}, native)
	require.NoError(t, err)
	require.Equal(t, native, w.enc != nil, "the writer under test")
	w.shards = shards
	feed(t, w, eps, 1000, fromValues)
	require.NoError(t, w.close())
	require.Equal(t, []fileRows{{"", int64(len(eps))}}, w.files())
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return b
}

// feed writes eps to s in batches of batchN, either straight from the
// episodes (writeEpisodes, as the pipeline does) or from encodeColumns'
// values (write).
func feed(t *testing.T, s datasetSink, eps []schemas.Episode, batchN int, fromValues bool) {
	t.Helper()
	var cols [][]parquet.Value
	for i := 0; i < len(eps); i += batchN {
		batch := eps[i:min(i+batchN, len(eps))]
		if fromValues {
			cols = encodeColumns(batch, cols)
			require.NoError(t, s.write(cols, len(batch)))
		} else {
			require.NoError(t, s.writeEpisodes(batch, nil))
		}
	}
}

// TestShardedWritesAreIdentical checks that sharing a write's columns
// among goroutines, and encoding columns as they are written, change no
// byte of the file: 5,000 episodes in row groups of 2,048, so batches
// straddle row groups.
func TestShardedWritesAreIdentical(t *testing.T) {
	eps := benchEpisodes(5000, 3)
	want := writeWith(t, eps, 1, true, false)
	// bytes.Equal: a diff of two 400 KB files is no help to read.
	require.True(t, bytes.Equal(want, writeWith(t, eps, 1, false, false)), "writeEpisodes, one goroutine")
	require.True(t, bytes.Equal(want, writeWith(t, eps, 3, false, false)), "writeEpisodes, three goroutines")
	require.True(t, bytes.Equal(want, writeWith(t, eps, 2, true, false)), "write, two goroutines")
	// The own encoder (every dataset's writer): the same bytes for
	// any number of goroutines and either way in.
	native := writeWith(t, eps, 1, false, true)
	require.True(t, bytes.Equal(native, writeWith(t, eps, 3, false, true)), "own encoder, three goroutines")
	require.True(t, bytes.Equal(native, writeWith(t, eps, 2, true, true)), "own encoder from values, two goroutines")
	path := filepath.Join(t.TempDir(), "episodes.parquet")
	require.NoError(t, os.WriteFile(path, want, 0o600))
	rows := dumpEpisodes(t, path)
	require.Len(t, rows, 5000)
	require.Equal(t, eps[4999].Str[schemas.EPIKEY], rows[4999]["EPIKEY"])
	require.Equal(t, eps[4999].Str[schemas.DIAG_4_01], rows[4999]["DIAG_4_01"])
}

// TestPartitionedWriteEpisodes checks that episodes go to the Hive
// partition of their FYEAR, runs of one year kept together, a missing
// FYEAR to the default partition, with the same bytes as the values path.
func TestPartitionedWriteEpisodes(t *testing.T) {
	eps := benchEpisodes(3000, 5)
	years := []string{"2425", "2425", "2324", "", "2425", "2526"} // a pattern of 6, runs of 1 and 2
	for i := range eps {
		eps[i].Str[schemas.FYEAR] = years[i%len(years)]
	}
	write := func(fromValues bool) string {
		stage := t.TempDir()
		open := func(path string, fields []schemas.Field) (*episodeWriter, error) {
			return newDatasetWriter(path, "episode", fields, "zstd", 1024, nil)
		}
		pw, err := newPartitionedWriter(stage, "episodes", "episodes", schemas.Dictionary(), "FYEAR", open)
		require.NoError(t, err)
		feed(t, pw, eps, 700, fromValues)
		require.NoError(t, pw.close())
		require.Equal(t, []fileRows{
			{"episodes/FYEAR=2324/" + partName, 500},
			{"episodes/FYEAR=2425/" + partName, 1500},
			{"episodes/FYEAR=2526/" + partName, 500},
			{"episodes/FYEAR=" + hiveDefault + "/" + partName, 500},
		}, pw.files())
		return stage
	}
	direct, values := write(false), write(true)
	for _, year := range []string{"2324", "2425", "2526", hiveDefault} {
		rel := filepath.Join("episodes", "FYEAR="+year, partName)
		a, err := os.ReadFile(filepath.Join(direct, rel))
		require.NoError(t, err)
		b, err := os.ReadFile(filepath.Join(values, rel))
		require.NoError(t, err)
		require.True(t, bytes.Equal(b, a), rel)
	}
	rows := dumpDataset(t, filepath.Join(direct, "episodes", "FYEAR=2324"), schemas.Dictionary())
	require.Len(t, rows, 500)
	require.Equal(t, eps[2].Str[schemas.EPIKEY], rows[0]["EPIKEY"])
	require.Equal(t, eps[8].Str[schemas.EPIKEY], rows[1]["EPIKEY"])
}
