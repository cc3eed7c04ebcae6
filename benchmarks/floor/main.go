// Command floor measures the bare floor of hrgflow's job on this machine:
// the least work any CSV → Parquet pipeline must do, with nothing between
// reading and writing. It is the yardstick benchmarks/compare.sh prints
// hrgflow's throughput against; nothing in hrgflow imports it.
//
// Modes:
//
//	split    read the CSV and split every line into fields (bufio and a
//	         byte scanner, as fast as honest splitting goes: quoted lines
//	         take a slower, RFC 4180 path) and do nothing with them
//	csv      the same with encoding/csv (ReuseRecord), for reference
//	parquet  split as above and write the same rows, every column as an
//	         optional string (empty = null), to one Parquet file with
//	         parquet-go and zstd (fastest level), 128k-row row groups; one
//	         goroutine reads and splits, another writes, so both cores work
//
// Usage:
//
//	go run ./benchmarks/floor --mode parquet --input FILE --out FILE.parquet
//
// It prints one line: mode, rows, seconds and rows per second.
package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"reflect"
	"runtime/pprof"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/zstd"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("floor", flag.ContinueOnError)
	fs.SetOutput(stderr)
	mode := fs.String("mode", "parquet", "split, csv or parquet")
	input := fs.String("input", "", "CSV file with a header row")
	out := fs.String("out", "", "Parquet file to write (mode parquet)")
	cpuprofile := fs.String("cpuprofile", "", "write a pprof CPU profile to this file")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *input == "" || (*mode == "parquet" && *out == "") {
		fmt.Fprintln(stderr, "floor: --input is required, and --out with --mode parquet")
		return 2
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintf(stderr, "floor: %v\n", err)
			return 1
		}
		defer pprof.StopCPUProfile()
	}
	start := time.Now()
	var rows int64
	var err error
	switch *mode {
	case "split":
		rows, err = splitOnly(*input)
	case "csv":
		rows, err = encodingCSV(*input)
	case "parquet":
		rows, err = toParquet(*input, *out)
	default:
		fmt.Fprintf(stderr, "floor: unknown mode %q: want split, csv or parquet\n", *mode)
		return 2
	}
	if err != nil {
		fmt.Fprintf(stderr, "floor: %v\n", err)
		return 1
	}
	s := time.Since(start).Seconds()
	fmt.Fprintf(stdout, "mode=%s rows=%d seconds=%.3f rows_per_s=%.0f\n", *mode, rows, s, float64(rows)/s)
	return 0
}

// lineReader yields the lines of a file without their line endings. The
// slice it returns is valid until the next call.
type lineReader struct {
	br  *bufio.Reader
	buf []byte
}

func (r *lineReader) next() ([]byte, error) {
	line, err := r.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull { // a line longer than the buffer
		r.buf = append(r.buf[:0], line...)
		for err == bufio.ErrBufferFull {
			line, err = r.br.ReadSlice('\n')
			r.buf = append(r.buf, line...)
		}
		line = r.buf
	}
	if err != nil && err != io.EOF {
		return nil, err
	}
	if len(line) == 0 && err == io.EOF {
		return nil, io.EOF
	}
	return bytes.TrimRight(line, "\r\n"), nil
}

// split appends the fields of line to dst. Fields point into line, or into
// *unq when doubled quotes had to be undone.
func split(line []byte, dst [][]byte, unq *[]byte) [][]byte {
	if bytes.IndexByte(line, '"') < 0 {
		for {
			i := bytes.IndexByte(line, ',')
			if i < 0 {
				return append(dst, line)
			}
			dst = append(dst, line[:i])
			line = line[i+1:]
		}
	}
	for { // RFC 4180 within one line
		if len(line) == 0 || line[0] != '"' {
			i := bytes.IndexByte(line, ',')
			if i < 0 {
				return append(dst, line)
			}
			dst, line = append(dst, line[:i]), line[i+1:]
			continue
		}
		start := len(*unq)
		s := line[1:]
		for {
			i := bytes.IndexByte(s, '"')
			if i < 0 {
				*unq, s = append(*unq, s...), nil
				break
			}
			*unq = append(*unq, s[:i]...)
			if i+1 < len(s) && s[i+1] == '"' {
				*unq, s = append(*unq, '"'), s[i+2:]
				continue
			}
			s = s[i+1:]
			break
		}
		dst = append(dst, (*unq)[start:len(*unq):len(*unq)])
		i := bytes.IndexByte(s, ',')
		if i < 0 {
			return dst
		}
		line = s[i+1:]
	}
}

func open(path string) (*os.File, *lineReader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	return f, &lineReader{br: bufio.NewReaderSize(f, 1<<20)}, nil
}

// splitOnly reads and splits every data row and counts the fields.
func splitOnly(path string) (int64, error) {
	f, lr, err := open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	var fields [][]byte
	var unq []byte
	var rows, cells int64
	for {
		line, err := lr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return rows, fmt.Errorf("%s: %w", path, err)
		}
		unq = unq[:0]
		fields = split(line, fields[:0], &unq)
		cells += int64(len(fields))
		rows++
	}
	if cells == 0 {
		return 0, fmt.Errorf("%s: no fields", path)
	}
	return rows - 1, nil // the header is not a row
}

// encodingCSV reads every row with encoding/csv.
func encodingCSV(path string) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReaderSize(f, 1<<20))
	r.ReuseRecord = true
	r.FieldsPerRecord = -1
	var rows int64
	for {
		_, err := r.Read()
		if err == io.EOF {
			return rows - 1, nil
		}
		if err != nil {
			return rows, fmt.Errorf("%s: %w", path, err)
		}
		rows++
	}
}

const (
	batchRows    = 1024
	rowGroupRows = 128 * 1024
)

// batch is rows of the input as Parquet values, one slice per column, and
// the bytes they point into.
type batch struct {
	raw  []byte
	cols [][]parquet.Value
	n    int
}

// toParquet splits the CSV in this goroutine and writes its rows to out in
// another, batches going round a pool of four.
func toParquet(in, out string) (int64, error) {
	f, lr, err := open(in)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	header, err := lr.next()
	if err != nil {
		return 0, fmt.Errorf("%s: reading the header: %w", in, err)
	}
	var unq []byte
	names := split(bytes.Clone(header), nil, &unq)
	free, full := make(chan *batch, 4), make(chan *batch, 4)
	for range 4 {
		b := &batch{cols: make([][]parquet.Value, len(names))}
		free <- b
	}
	result := make(chan error, 1)
	go func() { result <- writeParquet(out, names, full, free) }()
	rows, rerr := fill(lr, len(names), free, full)
	close(full)
	werr := <-result
	if err := errors.Join(rerr, werr); err != nil {
		return rows, err
	}
	return rows, nil
}

// fill reads batches of rows into free batches and sends them on full.
func fill(lr *lineReader, width int, free <-chan *batch, full chan<- *batch) (int64, error) {
	var rows int64
	var fields [][]byte
	for eof := false; !eof; {
		b := <-free
		b.raw, b.n = b.raw[:0], 0
		for j := range b.cols {
			b.cols[j] = b.cols[j][:0]
		}
		var offs []int // where each row's bytes start in raw; raw may move while growing
		for b.n < batchRows {
			line, err := lr.next()
			if err == io.EOF {
				eof = true
				break
			}
			if err != nil {
				return rows, err
			}
			offs = append(offs, len(b.raw))
			b.raw = append(b.raw, line...)
			b.n++
		}
		for k, off := range offs {
			end := len(b.raw)
			if k+1 < len(offs) {
				end = offs[k+1]
			}
			fields = split(b.raw[off:end:end], fields[:0], &b.raw)
			for j := range width {
				var v parquet.Value // null: a missing or empty field
				if j < len(fields) && len(fields[j]) > 0 {
					v = parquet.ByteArrayValue(fields[j])
					v.SetDefinitionLevel(1)
				}
				b.cols[j] = append(b.cols[j], v)
			}
		}
		rows += int64(b.n)
		full <- b
	}
	return rows, nil
}

// writeParquet writes every batch from full and returns it to free.
func writeParquet(path string, names [][]byte, full <-chan *batch, free chan<- *batch) (err error) {
	defer func() {
		for b := range full { // after a failure: keep the reader going to its end
			free <- b
		}
	}()
	out, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := out.Close(); err == nil {
			err = cerr
		}
	}()
	bw := bufio.NewWriterSize(out, 1<<20)
	g := orderedGroup{fields: make([]parquet.Field, len(names))}
	for i, n := range names {
		g.fields[i] = namedField{Node: parquet.Optional(parquet.String()), name: string(n)}
	}
	w := parquet.NewGenericWriter[any](bw, parquet.NewSchema("floor", g),
		parquet.Compression(&zstd.Codec{Level: zstd.SpeedFastest}))
	cols := w.ColumnWriters()
	inGroup := 0
	for b := range full {
		for j := range cols {
			if _, err := cols[j].WriteRowValues(b.cols[j]); err != nil {
				return fmt.Errorf("writing column %s: %w", names[j], err)
			}
		}
		if inGroup += b.n; inGroup >= rowGroupRows {
			if err := w.Flush(); err != nil {
				return err
			}
			inGroup = 0
		}
		free <- b
	}
	if err := w.Close(); err != nil {
		return err
	}
	return bw.Flush()
}

// orderedGroup is a Parquet group whose fields keep the CSV's column order
// (parquet.Group is a map and would sort them by name).
type orderedGroup struct {
	parquet.Group
	fields []parquet.Field
}

func (g orderedGroup) Fields() []parquet.Field { return g.fields }
func (g orderedGroup) String() string          { return fmt.Sprintf("group(%d fields)", len(g.fields)) }
func (g orderedGroup) GoType() reflect.Type    { return reflect.TypeOf(struct{}{}) }

type namedField struct {
	parquet.Node
	name string
}

func (f namedField) Name() string                           { return f.name }
func (f namedField) Value(base reflect.Value) reflect.Value { return base }
