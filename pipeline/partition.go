package pipeline

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/maphash"
	"os"
	"path/filepath"
	"slices"
)

// Spell assembly for input that is not ordered by spell. The reader first
// spills every row, as a CSV line, into one of P temporary partition files
// chosen by a hash of its spell key, so all episodes of a spell land in the
// same partition; then it reads the partitions back one at a time, sorts
// each by spell key (and input row within a spell) and serves its rows to
// the pipeline like any sorted input. Peak memory is one partition, and P
// grows with the input so a partition stays near the memory budget.

// lineSource is a source that can also hand out its rows one at a time as
// CSV lines: what partitioning spills.
type lineSource interface {
	source
	// nextLine returns the next row as a CSV line (valid until the next
	// call) and its 1-based data row number; ok is false at the end.
	nextLine() (line []byte, row int64, ok bool, err error)
	// estimatedBytes is a guess of the rows' total size as CSV text.
	estimatedBytes() int64
}

// partitionedSource serves the rows of a lineSource grouped by spell.
type partitionedSource struct {
	inner   lineSource
	cols    []int // spell key columns
	budget  int64 // bytes of one partition in memory
	tempDir string

	dir     string   // the partitions' folder, removed by close
	paths   []string // partition files
	spilled bool
	next    int // next partition to load

	buf  []byte    // the loaded partition: records back to back
	recs []partRec // index of the loaded partition, sorted
	pos  int       // next record to serve
}

// partRec locates one spilled row in partitionedSource.buf.
type partRec struct {
	key, line []byte
	row       int64
}

func newPartitionedSource(inner lineSource, cols []int, budget int64, tempDir string) *partitionedSource {
	return &partitionedSource{inner: inner, cols: cols, budget: budget, tempDir: tempDir}
}

// spill writes every row of the inner source into P partition files.
func (s *partitionedSource) spill(ctx context.Context) error {
	p := int(min(max(s.inner.estimatedBytes()/max(s.budget, 1)+1, 1), 4096))
	dir, err := os.MkdirTemp(s.tempDir, "hrgflow-spells-")
	if err != nil {
		return fmt.Errorf("creating spell partitions: %w", err)
	}
	s.dir = dir
	files := make([]*os.File, p)
	ws := make([]*bufio.Writer, p)
	for i := range files {
		s.paths = append(s.paths, filepath.Join(dir, fmt.Sprintf("part-%04d", i)))
		if files[i], err = os.OpenFile(s.paths[i], os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600); err != nil {
			return fmt.Errorf("creating spell partition: %w", err)
		}
		ws[i] = bufio.NewWriterSize(files[i], 64<<10)
	}
	seed := maphash.MakeSeed()
	var cut spellCutter
	cut.cols = s.cols
	var hdr [binary.MaxVarintLen64 * 3]byte
	for n := 0; ; n++ {
		if n%4096 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		line, row, ok, err := s.inner.nextLine()
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		key := cut.keyOf(line)
		w := ws[int(maphash.Bytes(seed, key)%uint64(p))]
		h := binary.AppendUvarint(hdr[:0], uint64(row))
		h = binary.AppendUvarint(h, uint64(len(key)))
		h = binary.AppendUvarint(h, uint64(len(line)))
		if _, err := w.Write(h); err != nil {
			return fmt.Errorf("writing spell partition: %w", err)
		}
		w.Write(key)
		w.Write(line)
	}
	var errs []error
	for i := range files {
		errs = append(errs, ws[i].Flush(), files[i].Close())
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("writing spell partitions: %w", err)
	}
	s.spilled = true
	return nil
}

// load reads partition i into memory and sorts it by spell key, then by
// input row.
func (s *partitionedSource) load(i int) error {
	// Drop the previous partition first: its bytes and the index entries
	// pointing into them, so they can be collected while this one loads.
	s.buf, s.recs = nil, nil
	data, err := os.ReadFile(s.paths[i])
	if err != nil {
		return fmt.Errorf("reading spell partition: %w", err)
	}
	_ = os.Remove(s.paths[i]) // free the disk as we go
	s.buf, s.pos = data, 0
	for len(data) > 0 {
		row, n1 := binary.Uvarint(data)
		kl, n2 := binary.Uvarint(data[n1:])
		ll, n3 := binary.Uvarint(data[n1+n2:])
		if n1 <= 0 || n2 <= 0 || n3 <= 0 {
			return errors.New("spell partition is corrupt")
		}
		data = data[n1+n2+n3:]
		s.recs = append(s.recs, partRec{key: data[:kl], line: data[kl : kl+ll], row: int64(row)})
		data = data[kl+ll:]
	}
	slices.SortFunc(s.recs, func(a, b partRec) int {
		if c := bytes.Compare(a.key, b.key); c != 0 {
			return c
		}
		return int(a.row - b.row)
	})
	return nil
}

// fill serves sorted rows: whole spells, up to max rows (more to finish a
// spell).
func (s *partitionedSource) fill(ctx context.Context, b *batch, max int) (bool, error) {
	if !s.spilled {
		if err := s.spill(ctx); err != nil {
			return false, err
		}
	}
	for {
		if s.pos == len(s.recs) {
			if s.next == len(s.paths) {
				return false, ctx.Err()
			}
			if err := s.load(s.next); err != nil {
				return false, err
			}
			s.next++
			continue
		}
		r := &s.recs[s.pos]
		isNew := s.pos == 0 || !bytes.Equal(r.key, s.recs[s.pos-1].key) || len(s.cols) == 0
		if n := len(b.lines); n >= max && (isNew || n >= max+maxSpellRows) {
			return true, ctx.Err()
		}
		start := len(b.raw)
		b.raw = append(b.raw, r.line...)
		b.lines = append(b.lines, lineRef{start, len(b.raw), r.row})
		b.newSpell = append(b.newSpell, isNew)
		s.pos++
	}
}

func (s *partitionedSource) close() error {
	err := s.inner.close()
	if s.dir != "" {
		err = errors.Join(err, os.RemoveAll(s.dir))
	}
	return err
}

// keyOf returns the spell key of a CSV line (valid until the next call).
func (c *spellCutter) keyOf(line []byte) []byte {
	c.unq = c.unq[:0]
	if c.width == 0 { // the fields up to the last key column, worked out once
		for _, i := range c.cols {
			c.width = max(c.width, i+1)
		}
	}
	c.fields = splitCSVPrefix(line, c.width, c.fields[:0], &c.unq)
	c.key = c.key[:0]
	for _, i := range c.cols {
		if i < len(c.fields) {
			c.key = append(c.key, bytes.TrimSpace(c.fields[i])...)
		}
		c.key = append(c.key, 0x1f)
	}
	return c.key
}

// nextLine returns the next CSV row of the file.
func (s *csvSource) nextLine() ([]byte, int64, bool, error) {
	if s.held.ok {
		s.held.ok = false
		return s.held.line, s.held.row, true, nil
	}
	for !s.eof {
		var err error
		if s.buf, err = s.readLine(s.buf[:0]); err != nil {
			return nil, 0, false, fmt.Errorf("%s: %w", s.in.path, err)
		}
		if len(s.buf) > 0 {
			return s.buf, s.line - s.header, true, nil
		}
	}
	return nil, 0, false, nil
}

// estimatedBytes is the file's size, times 8 when it is gzip-compressed.
func (s *csvSource) estimatedBytes() int64 {
	info, err := os.Stat(s.in.path)
	if err != nil {
		return 0
	}
	if s.in.format == formatGzipCSV {
		return 8 * info.Size()
	}
	return info.Size()
}

// nextLine returns the next Parquet row as a CSV line of its columns, in
// schema order (nested and unread columns empty), quoted where needed.
func (s *parquetSource) nextLine() ([]byte, int64, bool, error) {
	for s.cur == nil || s.next == int(s.cur.NumRows()) {
		if err := s.advance(); err != nil || s.eof {
			return nil, 0, false, err
		}
	}
	i := s.next
	s.next++
	s.line = s.line[:0]
	for j, col := range s.cur.Columns() {
		if j > 0 {
			s.line = append(s.line, ',')
		}
		if s.in.cols.targets[j].skip || col.IsNull(i) {
			continue
		}
		start := len(s.line)
		s.line = appendArrowText(s.line, col, i)
		s.line = quoteField(s.line, start)
	}
	return s.line, s.rows + int64(i) + 1, true, nil
}

// quoteField quotes dst[start:] as a CSV field when it holds a comma, a
// quote or a line break; line breaks become spaces (fields never span
// lines in hrgflow's CSV).
func quoteField(dst []byte, start int) []byte {
	field := dst[start:]
	if !bytes.ContainsAny(field, ",\"\r\n") {
		return dst
	}
	tmp := append([]byte(nil), field...)
	dst = append(dst[:start], '"')
	for _, c := range tmp {
		switch c {
		case '"':
			dst = append(dst, '"', '"')
		case '\r', '\n':
			dst = append(dst, ' ')
		default:
			dst = append(dst, c)
		}
	}
	return append(dst, '"')
}

// estimatedBytes guesses 300 bytes of CSV per row.
func (s *parquetSource) estimatedBytes() int64 { return 300 * s.pf.NumRows() }
