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
	cr := &countingReader{r: f}
	br := bufio.NewReaderSize(cr, 1<<20)
	magic, _ := br.Peek(4)
	if !bytes.Equal(magic, []byte("PAR1")) && cfg.Progress != nil {
		cfg.Progress(0, cr.n) // the bytes peeked, then every read
		cr.report = cfg.Progress
	}
	switch {
	case bytes.Equal(magic, []byte("PAR1")):
		fi, err := f.Stat()
		if err == nil {
			err = f.Close()
		}
		if err != nil {
			return nil, fmt.Errorf("closing input: %w", err)
		}
		in.format = formatParquet
		ps, err := openParquet(ctx, in, cfg.BatchSize)
		if err != nil {
			return nil, err
		}
		ps.progress, ps.size = cfg.Progress, fi.Size()
		return ps, nil
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

// countingReader counts the bytes read from a file and reports them to
// Config.Progress once report is set.
type countingReader struct {
	r      io.Reader
	n      int64
	report func(rows, bytes int64)
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if c.report != nil && n > 0 {
		c.report(0, int64(n))
	}
	return n, err
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
	in     *inputFile
	br     *bufio.Reader
	c      io.Closer
	line   int64    // physical lines read
	header int64    // header lines (0 or 1)
	held   heldLine // a row read but not yet placed in a batch
	buf    []byte   // the line being read
	blank  int64    // blank lines skipped
	eof    bool

	spell spellCutter
}

// heldLine is a row read ahead: the first data row of a headerless file, or
// the row that starts the next batch's first spell.
type heldLine struct {
	line  []byte
	row   int64
	isNew bool
	ok    bool
}

// maxSpellRows bounds how far a batch may grow past its size to keep a
// spell whole (the official grouper's longest spell has 87 episodes).
const maxSpellRows = 1 << 14

// spellCutter decides where spells start, from the spell-key columns of
// each row, so the reader can cut batches between spells.
type spellCutter struct {
	cols    []int
	width   int    // fields a line is split into: the last key column + 1
	last    []byte // key of the previous row
	key     []byte // scratch
	fields  [][]byte
	unq     []byte
	started bool
}

// newSpell reports whether a row with the given key fields starts a new
// spell, and remembers its key.
func (c *spellCutter) next(line []byte) bool {
	if len(c.cols) == 0 {
		return true
	}
	c.keyOf(line)
	isNew := !c.started || !bytes.Equal(c.key, c.last)
	c.started = true
	c.last, c.key = c.key, c.last
	return isNew
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
	}
	in.cols = cols
	s.spell.cols = cols.spellKey
	if !cols.header {
		s.held = heldLine{line: first, row: s.line, isNew: s.spell.next(first), ok: true}
	}
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

// fill adds rows to b until it holds max rows and the next row starts a
// new spell, so no spell spans two batches. A spell longer than
// maxSpellRows is split, its continuation marked as a new spell.
func (s *csvSource) fill(ctx context.Context, b *batch, max int) (bool, error) {
	for {
		h := s.held
		s.held.ok = false
		if !h.ok {
			if s.eof {
				break
			}
			var err error
			if s.buf, err = s.readLine(s.buf[:0]); err != nil {
				return false, fmt.Errorf("%s: %w", s.in.path, err)
			}
			if len(s.buf) == 0 {
				continue
			}
			h = heldLine{line: s.buf, row: s.line - s.header, isNew: s.spell.next(s.buf), ok: true}
		}
		if n := len(b.lines); n >= max && (h.isNew || n >= max+maxSpellRows) {
			s.held = heldLine{line: append(s.held.line[:0], h.line...), row: h.row, isNew: true, ok: true}
			break
		}
		start := len(b.raw)
		b.raw = append(b.raw, h.line...)
		b.lines = append(b.lines, lineRef{start, len(b.raw), h.row})
		b.newSpell = append(b.newSpell, h.isNew)
	}
	return s.held.ok || !s.eof, ctx.Err()
}

func (s *csvSource) close() error { return s.c.Close() }
