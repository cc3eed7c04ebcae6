package pipeline

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sync"

	"github.com/hrgflow/hrgflow/grouper"
	"github.com/hrgflow/hrgflow/schemas"
)

// Spilling the cubes. On generated data nearly every spell is a cell of
// its own, so held in memory the cubes would grow with the input. Instead
// each aggregator, when its cells reach a limit, sorts them into one run
// per cube (a temporary file of cells in the cube's output order) and
// starts afresh. Writing a cube merges its runs and the cells still held:
// cells with equal keys are summed as they meet, and the rows come out in
// order, so memory holds one buffered record per run.
//
// A cell's key in a run is the cube's four text dimensions, each with the
// bytes 0 and 1 escaped (as 1 1 and 1 2) and ended by a 0, then the time
// dimension as a big-endian uint32 with the sign bit flipped: comparing
// keys byte-wise orders text byte-wise with null ("") first, then time
// chronologically with null (NullInt, the least int32) first, which is the
// cubes' row order.

// cubeCellBytes is an estimate of the memory one held cell takes: its key
// and measures (76 bytes) in a map, with the map's spare slots.
const cubeCellBytes = 128

// maxMergeFan is the most runs merged at once; more are first merged into
// fewer, larger runs, so a merge never holds many files open.
const maxMergeFan = 64

// cubeSpill is where a run's aggregators spill their runs: a folder under
// the temporary directory, created on the first spill and removed by
// remove. It is safe for concurrent use.
type cubeSpill struct {
	tempDir string
	limit   int // cells an aggregator holds before it spills

	mu  sync.Mutex
	dir string
	n   int
}

// newCubeSpill returns a spill in tempDir ("" is the system's) for
// aggregators that hold at most half of budget (the run's --memory) in
// cells between them. A heap profile of 5M shuffled episodes put the
// cubes at 45 MB of a 468 MB peak with the whole budget; half costs more
// runs (merged in levels of maxMergeFan), not more memory.
func newCubeSpill(tempDir string, budget int64, aggregators int) *cubeSpill {
	limit := budget / 2 / int64(max(aggregators, 1)) / cubeCellBytes
	return &cubeSpill{tempDir: tempDir, limit: int(max(limit, 4096))}
}

// create opens a new, empty run file.
func (s *cubeSpill) create() (*os.File, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dir == "" {
		dir, err := os.MkdirTemp(s.tempDir, "hrgflow-cubes-")
		if err != nil {
			return nil, fmt.Errorf("creating the aggregate spill folder: %w", err)
		}
		s.dir = dir
	}
	s.n++
	f, err := os.OpenFile(filepath.Join(s.dir, fmt.Sprintf("run-%06d", s.n)), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, fmt.Errorf("creating an aggregate run: %w", err)
	}
	return f, nil
}

// runs reports how many runs were spilled.
func (s *cubeSpill) runs() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n
}

// remove deletes the spill folder and every run in it. A nil spill has
// nothing to remove.
func (s *cubeSpill) remove() error {
	if s == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dir == "" {
		return nil
	}
	err := os.RemoveAll(s.dir)
	s.dir = ""
	return err
}

// spillCells writes the aggregator's cells as one sorted run per cube and
// empties them. The text table stays: ids in later cells keep their text.
func (a *aggregator) spillCells() error {
	for c := range numCubes {
		r := a.sortedRun(c)
		path, err := writeRun(a.spill, r)
		if err != nil {
			return err
		}
		a.runs[c] = append(a.runs[c], path)
	}
	clear(a.cells)
	return nil
}

// writeRun writes the cells of it, in order, to a new run file of s and
// returns its path.
func writeRun(s *cubeSpill, it cellIter) (path string, err error) {
	f, err := s.create()
	if err != nil {
		return "", err
	}
	path = f.Name()
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("writing an aggregate run: %w", cerr)
		}
	}()
	w := bufio.NewWriterSize(f, 64<<10)
	var buf []byte
	for {
		ok, err := it.advance()
		if err != nil {
			return path, err
		}
		if !ok {
			break
		}
		buf = appendRunRecord(buf[:0], it.key(), it.measures())
		if _, err := w.Write(buf); err != nil {
			return path, fmt.Errorf("writing an aggregate run: %w", err)
		}
	}
	if err := w.Flush(); err != nil {
		return path, fmt.Errorf("writing an aggregate run: %w", err)
	}
	return path, nil
}

// appendRunRecord appends one cell of a run: the key's length and bytes,
// then the measures as varints.
func appendRunRecord(dst, key []byte, m *cubeMeasures) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(key)))
	dst = append(dst, key...)
	for _, v := range [...]int64{m.bedDays, m.excessBedDays, m.base, m.total,
		int64(m.episodes), int64(m.spells), int64(m.unpriced), int64(m.excessKnown)} {
		dst = binary.AppendVarint(dst, v)
	}
	return dst
}

// cubeKeyParts returns the second text dimension (an id) and the time of
// cell k in cube c; the others are shared by both cubes.
func (a *aggregator) cubeKeyParts(k *cellKey, c int) (second uint32, when int32) {
	if c == cubeCommissioning {
		return k.commissioner, k.month
	}
	return k.tretspef, k.fyear
}

// appendCubeKey appends the run key of cell k in cube c.
func (a *aggregator) appendCubeKey(dst []byte, k *cellKey, c int) []byte {
	second, when := a.cubeKeyParts(k, c)
	dst = appendKeyText(dst, a.texts[k.provider])
	dst = appendKeyText(dst, a.texts[second])
	if k.hrg != (grouper.HRG{}) {
		dst = append(dst, k.hrg[:]...) // HRG codes are printable
	}
	dst = append(dst, 0)
	dst = appendKeyText(dst, podTexts[k.pod])
	return binary.BigEndian.AppendUint32(dst, uint32(when)^(1<<31))
}

// appendKeyText appends s escaped and ended by 0.
func appendKeyText(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= 1 {
			dst = append(dst, 1, c+1)
		} else {
			dst = append(dst, c)
		}
	}
	return append(dst, 0)
}

// decodeCubeKey fills r's dimensions from a run key. Text is taken as
// substrings of one copy of the key.
func decodeCubeKey(key []byte, r *cubeRow, times map[int32]string, timeText func(int32) string) error {
	if len(key) < 4 {
		return errors.New("aggregate run: short key")
	}
	s := string(key[:len(key)-4])
	for d := range r.dim {
		end := 0
		escaped := false
		for end < len(s) && s[end] != 0 {
			if s[end] == 1 {
				escaped = true
				end++
			}
			end++
		}
		if end >= len(s) {
			return errors.New("aggregate run: broken key")
		}
		r.dim[d] = s[:end]
		if escaped {
			r.dim[d] = unescapeKeyText(s[:end])
		}
		s = s[end+1:]
	}
	if len(s) != 0 {
		return errors.New("aggregate run: broken key")
	}
	r.when = int32(binary.BigEndian.Uint32(key[len(key)-4:]) ^ (1 << 31))
	r.whenText = ""
	if r.when != schemas.NullInt {
		t, ok := times[r.when]
		if !ok {
			t = timeText(r.when)
			times[r.when] = t
		}
		r.whenText = t
	}
	return nil
}

func unescapeKeyText(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == 1 && i+1 < len(s) {
			i++
			out = append(out, s[i]-1)
			continue
		}
		out = append(out, s[i])
	}
	return string(out)
}

// cellIter walks the cells of a run in key order: advance moves to the
// next cell, after which key and measures describe it until the next
// advance.
type cellIter interface {
	advance() (bool, error)
	key() []byte
	measures() *cubeMeasures
	close() error
}

// memRun is a sorted run held in memory: keys in one arena, distinct.
type memRun struct {
	arena []byte
	spans [][2]uint32 // key i is arena[spans[i][0]:spans[i][1]]
	ms    []cubeMeasures
	i     int
}

// sortedRun returns the aggregator's cells rolled up into cube c, sorted.
// It sorts 16-byte handles (the key's first 8 bytes as a number, and the
// cell's position) rather than the cells, comparing whole keys only on a
// tie of the prefixes.
func (a *aggregator) sortedRun(c int) *memRun {
	type handle struct {
		prefix uint64
		i      uint32
	}
	var arena []byte
	spans := make([][2]uint32, 0, len(a.cells))
	ms := make([]cubeMeasures, 0, len(a.cells))
	hs := make([]handle, 0, len(a.cells))
	for k, m := range a.cells {
		start := uint32(len(arena))
		arena = a.appendCubeKey(arena, &k, c)
		// A key is at least 8 bytes: four text terminators and the time.
		hs = append(hs, handle{binary.BigEndian.Uint64(arena[start:]), uint32(len(spans))})
		spans = append(spans, [2]uint32{start, uint32(len(arena))})
		ms = append(ms, m)
	}
	key := func(i uint32) []byte { return arena[spans[i][0]:spans[i][1]] }
	slices.SortFunc(hs, func(x, y handle) int {
		if x.prefix != y.prefix {
			return cmp.Compare(x.prefix, y.prefix)
		}
		return bytes.Compare(key(x.i), key(y.i))
	})
	r := &memRun{arena: arena, i: -1, spans: make([][2]uint32, 0, len(hs)), ms: make([]cubeMeasures, 0, len(hs))}
	for _, h := range hs {
		if n := len(r.spans); n > 0 && bytes.Equal(arena[r.spans[n-1][0]:r.spans[n-1][1]], key(h.i)) {
			r.ms[n-1].add(&ms[h.i])
			continue
		}
		r.spans = append(r.spans, spans[h.i])
		r.ms = append(r.ms, ms[h.i])
	}
	return r
}

func (r *memRun) advance() (bool, error) {
	r.i++
	return r.i < len(r.spans), nil
}
func (r *memRun) key() []byte             { return r.arena[r.spans[r.i][0]:r.spans[r.i][1]] }
func (r *memRun) measures() *cubeMeasures { return &r.ms[r.i] }
func (r *memRun) close() error            { return nil }

// fileRun reads a run file written by writeRun.
type fileRun struct {
	f    *os.File
	r    *bufio.Reader
	path string
	k    []byte
	m    cubeMeasures
}

func openRun(path string) (*fileRun, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("opening an aggregate run: %w", err)
	}
	return &fileRun{f: f, r: bufio.NewReaderSize(f, 32<<10), path: path}, nil
}

func (r *fileRun) advance() (bool, error) {
	n, err := binary.ReadUvarint(r.r)
	if err == io.EOF {
		return false, nil
	}
	if err != nil || n > 1<<20 {
		return false, fmt.Errorf("reading aggregate run %s: broken record", r.path)
	}
	r.k = slices.Grow(r.k[:0], int(n))[:n]
	if _, err := io.ReadFull(r.r, r.k); err != nil {
		return false, fmt.Errorf("reading aggregate run %s: %w", r.path, err)
	}
	var v [8]int64
	for i := range v {
		if v[i], err = binary.ReadVarint(r.r); err != nil {
			return false, fmt.Errorf("reading aggregate run %s: %w", r.path, err)
		}
	}
	r.m = cubeMeasures{bedDays: v[0], excessBedDays: v[1], base: v[2], total: v[3],
		episodes: int32(v[4]), spells: int32(v[5]), unpriced: int32(v[6]), excessKnown: int32(v[7])}
	return true, nil
}
func (r *fileRun) key() []byte             { return r.k }
func (r *fileRun) measures() *cubeMeasures { return &r.m }
func (r *fileRun) close() error            { return r.f.Close() }

// mergeIter merges runs: cells with equal keys are summed, keys come out
// in order, each once.
type mergeIter struct {
	runs []cellIter
	heap []int // indexes into runs, a min-heap by current key
	cur  []byte
	m    cubeMeasures
	init bool
}

func newMergeIter(runs []cellIter) *mergeIter { return &mergeIter{runs: runs} }

func (it *mergeIter) less(i, j int) bool {
	return bytes.Compare(it.runs[it.heap[i]].key(), it.runs[it.heap[j]].key()) < 0
}

func (it *mergeIter) down(i int) {
	for {
		l := 2*i + 1
		if l >= len(it.heap) {
			return
		}
		if r := l + 1; r < len(it.heap) && it.less(r, l) {
			l = r
		}
		if !it.less(l, i) {
			return
		}
		it.heap[i], it.heap[l] = it.heap[l], it.heap[i]
		i = l
	}
}

func (it *mergeIter) advance() (bool, error) {
	if !it.init {
		it.init = true
		for i, r := range it.runs {
			ok, err := r.advance()
			if err != nil {
				return false, err
			}
			if ok {
				it.heap = append(it.heap, i)
			}
		}
		for i := len(it.heap)/2 - 1; i >= 0; i-- {
			it.down(i)
		}
	}
	if len(it.heap) == 0 {
		return false, nil
	}
	top := it.runs[it.heap[0]]
	it.cur = append(it.cur[:0], top.key()...)
	it.m = cubeMeasures{}
	for len(it.heap) > 0 {
		r := it.runs[it.heap[0]]
		if !bytes.Equal(r.key(), it.cur) {
			break
		}
		it.m.add(r.measures())
		ok, err := r.advance()
		if err != nil {
			return false, err
		}
		if !ok {
			last := len(it.heap) - 1
			it.heap[0] = it.heap[last]
			it.heap = it.heap[:last]
		}
		it.down(0)
	}
	return true, nil
}

func (it *mergeIter) key() []byte             { return it.cur }
func (it *mergeIter) measures() *cubeMeasures { return &it.m }

func (it *mergeIter) close() error {
	var err error
	for _, r := range it.runs {
		err = errors.Join(err, r.close())
	}
	return err
}

// cubeMerger yields the rows of one cube from an aggregator's runs and
// cells.
type cubeMerger struct {
	it       *mergeIter
	suppress bool
	times    map[int32]string
	timeText func(int32) string
}

// merger returns the rows of cube c of a, in order. When a has more runs
// than maxMergeFan it first merges them into fewer runs of its spill (and
// deletes the merged ones).
func (a *aggregator) merger(c int, suppress bool) (*cubeMerger, error) {
	paths := a.runs[c]
	for len(paths) > maxMergeFan {
		var next []string
		for from := 0; from < len(paths); from += maxMergeFan {
			group := paths[from:min(from+maxMergeFan, len(paths))]
			if len(group) == 1 {
				next = append(next, group[0])
				continue
			}
			runs, err := openRuns(group)
			if err != nil {
				return nil, err
			}
			it := newMergeIter(runs)
			path, err := writeRun(a.spill, it)
			err = errors.Join(err, it.close())
			if err != nil {
				return nil, err
			}
			for _, p := range group {
				_ = os.Remove(p)
			}
			next = append(next, path)
		}
		paths = next
	}
	a.runs[c] = paths
	runs, err := openRuns(paths)
	if err != nil {
		return nil, err
	}
	if len(a.cells) > 0 {
		runs = append(runs, a.sortedRun(c))
	}
	return &cubeMerger{it: newMergeIter(runs), suppress: suppress, times: map[int32]string{}, timeText: cubeTimeText[c]}, nil
}

func openRuns(paths []string) ([]cellIter, error) {
	runs := make([]cellIter, 0, len(paths)+1)
	for _, p := range paths {
		r, err := openRun(p)
		if err != nil {
			for _, o := range runs {
				_ = o.close()
			}
			return nil, err
		}
		runs = append(runs, r)
	}
	return runs, nil
}

// next fills r with the next row of the cube.
func (m *cubeMerger) next(r *cubeRow) (bool, error) {
	ok, err := m.it.advance()
	if err != nil || !ok {
		return false, err
	}
	if err := decodeCubeKey(m.it.key(), r, m.times, m.timeText); err != nil {
		return false, err
	}
	r.setMeasures(m.it.measures(), m.suppress)
	return true, nil
}

func (m *cubeMerger) close() error { return m.it.close() }
