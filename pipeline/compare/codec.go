package compare

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
)

// Spells and differences travel between the stages of a comparison as
// compact binary records in temporary files: varints, symbols for
// recurring texts, packed codes. enc appends, dec reads.

type enc struct{ b []byte }

func (e *enc) u(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *enc) i(v int64)  { e.b = binary.AppendVarint(e.b, v) }
func (e *enc) s(v string) { e.u(uint64(len(v))); e.b = append(e.b, v...) }

// n appends a whole number that may be Null.
func (e *enc) n(v int64) {
	if v == Null {
		e.u(0)
		return
	}
	e.u((uint64(v<<1) ^ uint64(v>>63)) + 1)
}

func (e *enc) date(d Date) {
	if d == NoDate {
		e.n(Null)
		return
	}
	e.n(int64(d))
}

// errCorrupt means a temporary record could not be decoded.
var errCorrupt = errors.New("compare: corrupt temporary record")

type dec struct {
	b   []byte
	bad bool
}

func (d *dec) u() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.bad, d.b = true, nil
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *dec) i() int64 {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.bad, d.b = true, nil
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *dec) bytes() []byte {
	n := d.u()
	if uint64(len(d.b)) < n {
		d.bad, d.b = true, nil
		return nil
	}
	v := d.b[:n]
	d.b = d.b[n:]
	return v
}

func (d *dec) s() string { return string(d.bytes()) }

func (d *dec) n() int64 {
	x := d.u()
	if x == 0 {
		return Null
	}
	x--
	return int64(x>>1) ^ -int64(x&1)
}

func (d *dec) date() Date {
	v := d.n()
	if v == Null {
		return NoDate
	}
	return Date(v)
}

func (d *dec) sym() Sym { return Sym(d.u()) }

// encodeSpell appends the record of s. The seq and keys come first so
// that recordHead reads them without decoding the rest.
func encodeSpell(dst []byte, s *Spell) []byte {
	e := enc{dst}
	e.u(uint64(s.Seq))
	var mask uint64
	for k, v := range s.Keys {
		if v != "" {
			mask |= 1 << k
		}
	}
	e.u(mask)
	for _, v := range s.Keys {
		if v != "" {
			e.s(v)
		}
	}
	e.n(s.Row)
	e.n(s.ReportRow)
	for _, v := range [...]Sym{s.SourceFile, s.Provider, s.Commissioner, s.HRG, s.Method, s.DomProc, s.POD, s.Month} {
		e.u(uint64(v))
	}
	e.date(s.AdmiDate)
	e.date(s.DisDate)
	e.n(s.SpellLOS)
	e.n(s.PricingLOS)
	e.n(s.ExcessBedDays)
	for _, v := range s.Money {
		e.n(v)
	}
	e.u(uint64(len(s.Episodes)))
	for i := range s.Episodes {
		ep := &s.Episodes[i]
		e.i(int64(ep.Order))
		e.n(ep.Row)
		e.s(ep.EpiKey)
		for _, v := range [...]Sym{ep.HRG, ep.Method, ep.DomProc, ep.commissioner} {
			e.u(uint64(v))
		}
		for _, codes := range [2][]Code{ep.Diags, ep.Procs} {
			e.u(uint64(len(codes)))
			for _, c := range codes {
				e.u(uint64(c))
			}
		}
	}
	return e.b
}

// recordHead returns a spell record's seq and its key of kind k, without
// decoding the rest; the key aliases rec.
func recordHead(rec []byte, k KeyKind) (seq int64, key []byte, err error) {
	d := dec{b: rec}
	seq = int64(d.u())
	mask := d.u()
	for j := KeyKind(0); j < numKeys; j++ {
		if mask&(1<<j) == 0 {
			continue
		}
		v := d.bytes()
		if j == k {
			key = v
		}
	}
	if d.bad {
		return 0, nil, errCorrupt
	}
	return seq, key, nil
}

// decodeSpell decodes a spell record into s, reusing s's episodes.
func decodeSpell(rec []byte, s *Spell) error {
	eps := s.Episodes[:0]
	d := dec{b: rec}
	s.Seq = int64(d.u())
	mask := d.u()
	for k := range s.Keys {
		s.Keys[k] = ""
		if mask&(1<<k) != 0 {
			s.Keys[k] = d.s()
		}
	}
	s.Row, s.ReportRow = d.n(), d.n()
	for _, p := range [...]*Sym{&s.SourceFile, &s.Provider, &s.Commissioner, &s.HRG, &s.Method, &s.DomProc, &s.POD, &s.Month} {
		*p = d.sym()
	}
	s.AdmiDate, s.DisDate = d.date(), d.date()
	s.SpellLOS, s.PricingLOS, s.ExcessBedDays = d.n(), d.n(), d.n()
	for k := range s.Money {
		s.Money[k] = d.n()
	}
	n := d.u()
	if n > uint64(len(d.b)) {
		return errCorrupt
	}
	for range n {
		if len(eps) < cap(eps) {
			eps = eps[:len(eps)+1]
		} else {
			eps = append(eps, Episode{})
		}
		ep := &eps[len(eps)-1]
		ep.Order = int32(d.i())
		ep.Row = d.n()
		ep.EpiKey = d.s()
		ep.HRG, ep.Method, ep.DomProc, ep.commissioner = d.sym(), d.sym(), d.sym(), d.sym()
		ep.Diags = decodeCodes(&d, ep.Diags[:0])
		ep.Procs = decodeCodes(&d, ep.Procs[:0])
	}
	s.Episodes = eps
	if d.bad {
		return errCorrupt
	}
	return nil
}

func decodeCodes(d *dec, dst []Code) []Code {
	n := d.u()
	if n > uint64(len(d.b)) {
		d.bad = true
		return dst
	}
	for range n {
		dst = append(dst, Code(d.u()))
	}
	return dst
}

// spool is a temporary file of length-prefixed records, written once and
// then read back in order, as often as needed.
type spool struct {
	path  string
	f     *os.File
	w     *bufio.Writer
	bytes int64
	n     int64
	lenb  [binary.MaxVarintLen64]byte
}

func (ws *Workspace) newSpool(pattern string) (*spool, error) {
	f, err := ws.tempFile(pattern)
	if err != nil {
		return nil, err
	}
	return &spool{path: f.Name(), f: f, w: bufio.NewWriterSize(f, 256<<10)}, nil
}

func (s *spool) add(rec []byte) error {
	n := binary.PutUvarint(s.lenb[:], uint64(len(rec)))
	if _, err := s.w.Write(s.lenb[:n]); err != nil {
		return err
	}
	_, err := s.w.Write(rec)
	s.bytes += int64(n + len(rec))
	s.n++
	return err
}

// finish flushes and closes the file for writing; each reads it back.
func (s *spool) finish() error {
	if s.f == nil {
		return nil
	}
	err := errors.Join(s.w.Flush(), s.f.Close())
	s.f, s.w = nil, nil
	if err != nil {
		return fmt.Errorf("writing temporary file %s: %w", s.path, err)
	}
	return nil
}

// each calls fn with every record in order; rec is valid until fn returns.
func (s *spool) each(fn func(rec []byte) error) error {
	if s == nil {
		return nil
	}
	if err := s.finish(); err != nil {
		return err
	}
	f, err := os.Open(s.path)
	if err != nil {
		return err
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 256<<10)
	var buf []byte
	for {
		n, err := binary.ReadUvarint(r)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading temporary file %s: %w", s.path, err)
		}
		buf = slices64(buf, int(n))
		if _, err := io.ReadFull(r, buf); err != nil {
			return fmt.Errorf("reading temporary file %s: %w", s.path, err)
		}
		if err := fn(buf); err != nil {
			return err
		}
	}
}

// readAll appends every record to arena and returns their [start, end)
// offsets.
func (s *spool) readAll(arena []byte) ([]byte, [][2]int, error) {
	var offs [][2]int
	err := s.each(func(rec []byte) error {
		offs = append(offs, [2]int{len(arena), len(arena) + len(rec)})
		arena = append(arena, rec...)
		return nil
	})
	return arena, offs, err
}

// remove deletes the file.
func (s *spool) remove() error {
	if s == nil {
		return nil
	}
	err := s.finish()
	return errors.Join(err, os.Remove(s.path))
}

func slices64(b []byte, n int) []byte {
	if cap(b) < n {
		return make([]byte, n)
	}
	return b[:n]
}

// fnv64 is FNV-1a: a fixed hash, so partitions (and the order of
// differences across them) are the same on every run.
func fnv64(b []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range b {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h
}

// encodeDiff appends the record of a difference.
func encodeDiff(dst []byte, d *Diff) []byte {
	e := enc{dst}
	e.u(uint64(d.Cause))
	for _, s := range [...]string{d.CauseDetail, d.Field, d.SpellKey, d.Provider, d.Commissioner, d.HRG, d.POD, d.Month, d.Left, d.Right, d.Explain} {
		e.s(s)
	}
	ep := uint64(0)
	if d.Episode {
		ep = 1
	}
	e.u(ep)
	e.i(int64(d.EpisodeOrder))
	e.n(d.LeftRow)
	e.n(d.RightRow)
	e.n(d.ValuePence)
	e.u(uint64(d.trace))
	return e.b
}

// decodeDiff decodes a difference record into d.
func decodeDiff(rec []byte, d *Diff) error {
	x := dec{b: rec}
	*d = Diff{Cause: Cause(x.u())}
	for _, p := range [...]*string{&d.CauseDetail, &d.Field, &d.SpellKey, &d.Provider, &d.Commissioner, &d.HRG, &d.POD, &d.Month, &d.Left, &d.Right, &d.Explain} {
		*p = x.s()
	}
	d.Episode = x.u() == 1
	d.EpisodeOrder = int32(x.i())
	d.LeftRow, d.RightRow, d.ValuePence = x.n(), x.n(), x.n()
	d.trace = int32(x.u())
	if x.bad {
		return errCorrupt
	}
	return nil
}
