package pipeline

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/klauspost/compress/gzip"
)

// Input formats, as detected from a file's first bytes.
const (
	formatCSV     = "csv"
	formatGzipCSV = "csv.gz"
	formatParquet = "parquet"
)

// inputFile is one input of a run. The reader fills in the column map when
// it opens the file; after that it is read-only and shared by workers.
type inputFile struct {
	index  int
	path   string
	name   string // base name, written to SourceFile
	format string
	cols   *columnMap
}

// source reads the rows of one input file into batches.
type source interface {
	// fill adds up to max rows to b. It returns false when the file has no
	// more rows.
	fill(ctx context.Context, b *batch, max int) (more bool, err error)
	// close releases the file.
	close() error
}

// openSource opens path, detects its format by content (gzip and Parquet
// magic bytes, whatever the name) and its layout from its first row.
func openSource(ctx context.Context, in *inputFile, cfg Config) (source, error) {
	layout, rdf := cfg.Layout, cfg.RDF
	f, err := os.Open(in.path)
	if err != nil {
		return nil, fmt.Errorf("opening input: %w", err)
	}
	in.name = filepath.Base(in.path)
	br := bufio.NewReaderSize(f, 1<<20)
	magic, _ := br.Peek(4)
	switch {
	case bytes.Equal(magic, []byte("PAR1")):
		if err := f.Close(); err != nil {
			return nil, fmt.Errorf("closing input: %w", err)
		}
		in.format = formatParquet
		return openParquet(ctx, in, cfg.BatchSize)
	case len(magic) >= 2 && magic[0] == 0x1f && magic[1] == 0x8b:
		zr, err := gzip.NewReader(br)
		if err != nil {
			_ = f.Close()
			return nil, fmt.Errorf("%s: reading gzip header: %w", in.path, err)
		}
		in.format = formatGzipCSV
		return newCSVSource(in, bufio.NewReaderSize(zr, 1<<20), multiCloser{zr, f}, layout, rdf)
	}
	in.format = formatCSV
	return newCSVSource(in, br, f, layout, rdf)
}

type multiCloser []io.Closer

func (m multiCloser) Close() error {
	var errs []error
	for _, c := range m {
		errs = append(errs, c.Close())
	}
	return errors.Join(errs...)
}

// csvSource reads comma-separated rows, one per line.
type csvSource struct {
	in      *inputFile
	br      *bufio.Reader
	c       io.Closer
	line    int64  // physical lines read
	header  int64  // header lines (0 or 1)
	pending []byte // a first data row read while detecting the layout
	blank   int64  // blank lines skipped
	eof     bool
}

func newCSVSource(in *inputFile, br *bufio.Reader, c io.Closer, layout Layout, rdf *RDF) (*csvSource, error) {
	s := &csvSource{in: in, br: br, c: c}
	first, err := s.readLine(nil)
	if err != nil {
		_ = c.Close()
		return nil, fmt.Errorf("%s: %w", in.path, err)
	}
	if len(first) == 0 { // an empty file: no rows, nothing to detect
		in.cols = &columnMap{layout: layout}
		return s, nil
	}
	first = bytes.TrimPrefix(first, []byte("\ufeff"))
	var unq []byte
	fields, _ := splitCSV(first, nil, &unq)
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = string(f)
	}
	cols, err := chooseColumnMap(names, layout, rdf)
	if err != nil {
		_ = c.Close()
		return nil, fmt.Errorf("%s: %w", in.path, err)
	}
	if cols.header {
		s.header = s.line
		if cols.layout == LayoutGrouper && len(names) > cols.width {
			cols.ignored = append(cols.ignored, names[cols.width:]...)
		}
	} else {
		s.pending = first
	}
	in.cols = cols
	return s, nil
}

// readLine appends the next non-blank line, without its line ending, to dst.
// Blank lines are counted and skipped. At end of input it returns dst
// unchanged and sets s.eof.
func (s *csvSource) readLine(dst []byte) ([]byte, error) {
	for !s.eof {
		start := len(dst)
		for {
			chunk, err := s.br.ReadSlice('\n')
			dst = append(dst, chunk...)
			if err == bufio.ErrBufferFull {
				continue // a line longer than the buffer
			}
			if err == io.EOF {
				s.eof = true
			} else if err != nil {
				return dst[:start], fmt.Errorf("reading line %d: %w", s.line+1, err)
			}
			break
		}
		if len(dst) == start {
			return dst, nil // end of input right after a line ending
		}
		s.line++
		dst = dst[:start+len(bytes.TrimRight(dst[start:], "\r\n"))]
		if len(bytes.TrimSpace(dst[start:])) > 0 {
			return dst, nil
		}
		s.blank++
		dst = dst[:start]
	}
	return dst, nil
}

func (s *csvSource) fill(ctx context.Context, b *batch, max int) (bool, error) {
	if s.pending != nil {
		b.raw = append(b.raw, s.pending...)
		b.lines = append(b.lines, lineRef{0, len(b.raw), s.line - s.header})
		s.pending = nil
	}
	for len(b.lines) < max && !s.eof {
		start := len(b.raw)
		var err error
		if b.raw, err = s.readLine(b.raw); err != nil {
			return false, fmt.Errorf("%s: %w", s.in.path, err)
		}
		if len(b.raw) > start {
			b.lines = append(b.lines, lineRef{start, len(b.raw), s.line - s.header})
		}
	}
	return !s.eof, ctx.Err()
}

func (s *csvSource) close() error { return s.c.Close() }
