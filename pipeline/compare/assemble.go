package compare

import (
	"bytes"
	"cmp"
	"os"
	"slices"
	"strconv"
)

// Assembly: a reader turns its rows into fragments (a spell without its
// episodes, one episode, or a row that starts a spell or adds to it), each
// with a link naming its spell. Fragments are spilled to P temporary files
// by a hash of the link, so all fragments of a spell meet in one file; the
// files are then read back one at a time, fragments grouped by link and
// ordered by Seq, and the reader's build function turns each group into
// spells. Memory holds one partition, and P grows with the input.

type fragRole uint8

const (
	fragSpell   fragRole = iota // a spell without episodes
	fragEpisode                 // one episode (Episodes[0]) of the linked spell
	fragRow                     // a row: the first of a link starts the spell
)

// fragment is one decoded fragment of a group.
type fragment struct {
	role fragRole
	line int64 // where it is in its file, for errors
	sp   *Spell
}

type assembler struct {
	ws    *Workspace
	parts []*spool
	buf   []byte
}

// partitionsFor returns how many partitions keep bytes of records near
// the workspace's partition size.
func (ws *Workspace) partitionsFor(bytes int64) int {
	return int(min(max(1, (bytes+ws.PartitionBytes-1)/ws.PartitionBytes), 512))
}

// newAssembler starts an assembly of about estimate bytes of fragments.
func (ws *Workspace) newAssembler(estimate int64) (*assembler, error) {
	a := &assembler{ws: ws}
	for range ws.partitionsFor(estimate) {
		s, err := ws.newSpool("frag-*")
		if err != nil {
			a.remove()
			return nil, err
		}
		a.parts = append(a.parts, s)
	}
	return a, nil
}

func (a *assembler) remove() {
	for _, p := range a.parts {
		_ = p.remove()
	}
}

// add spills a fragment.
func (a *assembler) add(role fragRole, link []byte, line int64, s *Spell) error {
	e := enc{a.buf[:0]}
	e.b = append(e.b, byte(role))
	e.u(uint64(len(link)))
	e.b = append(e.b, link...)
	e.n(line)
	a.buf = encodeSpell(e.b, s)
	return a.parts[fnv64(link)%uint64(len(a.parts))].add(a.buf)
}

type fragRef struct {
	link []byte
	seq  int64
	rec  []byte // role, link, line, spell
}

// finish reads the partitions back one at a time and calls build with
// each link's fragments in Seq order. The fragments are reused after
// build returns.
func (a *assembler) finish(build func(g []fragment) error) error {
	defer a.remove()
	var arena []byte
	var pool []Spell
	for _, p := range a.parts {
		var offs [][2]int
		var err error
		arena, offs, err = p.readAll(arena[:0])
		if err != nil {
			return err
		}
		if err := p.remove(); err != nil {
			return err
		}
		refs := make([]fragRef, len(offs))
		for i, o := range offs {
			rec := arena[o[0]:o[1]]
			d := dec{b: rec[1:]}
			link := d.bytes()
			d.n()
			seq, _, err := recordHead(d.b, 0)
			if err != nil || d.bad {
				return errCorrupt
			}
			refs[i] = fragRef{link, seq, rec}
		}
		slices.SortFunc(refs, func(x, y fragRef) int { return cmp.Or(bytes.Compare(x.link, y.link), cmp.Compare(x.seq, y.seq)) })
		var g []fragment
		for i := 0; i < len(refs); {
			j := i + 1
			for j < len(refs) && bytes.Equal(refs[j].link, refs[i].link) {
				j++
			}
			if len(pool) < j-i {
				pool = append(pool, make([]Spell, j-i-len(pool))...)
			}
			g = g[:0]
			for k := i; k < j; k++ {
				rec := refs[k].rec
				d := dec{b: rec[1:]}
				d.bytes()
				line := d.n()
				sp := &pool[k-i]
				if err := decodeSpell(d.b, sp); err != nil {
					return err
				}
				g = append(g, fragment{fragRole(rec[0]), line, sp})
			}
			if err := build(g); err != nil {
				return err
			}
			i = j
		}
	}
	return nil
}

// emit adds an assembled spell to the side.
func (s *Side) emit(sp *Spell) error {
	if s.spool == nil {
		var err error
		if s.spool, err = s.ws.newSpool("side-*"); err != nil {
			return err
		}
	}
	s.Spells++
	for k, v := range sp.Keys {
		if v != "" {
			s.keyCount[k]++
		}
	}
	if sp.ExcessBedDays != Null {
		s.hasExcess = true
	}
	s.ws.buf = encodeSpell(s.ws.buf[:0], sp)
	return s.spool.add(s.ws.buf)
}

// newSide starts a side read into ws.
func (ws *Workspace) newSide(kind Kind, path string, has Has) (*Side, error) {
	s := &Side{Kind: kind, Path: path, Has: has, ws: ws}
	var err error
	if s.spool, err = ws.newSpool("side-*"); err != nil {
		return nil, err
	}
	return s, nil
}

// sortEpisodes orders a spell's episodes by EPIORDER, then row.
func sortEpisodes(s *Spell) {
	slices.SortStableFunc(s.Episodes, func(a, b Episode) int {
		return cmp.Or(cmp.Compare(a.Order, b.Order), cmp.Compare(a.Row, b.Row))
	})
}

// appendEpisode appends a copy of e (its codes copied) to s.
func appendEpisode(s *Spell, e *Episode) {
	c := *e
	c.Diags, c.Procs = slices.Clone(e.Diags), slices.Clone(e.Procs)
	s.Episodes = append(s.Episodes, c)
}

// rowLink is the link of a row that has no spell key of its own: "#" and
// a number, which no key value starts with.
func rowLink(dst []byte, n int64) []byte {
	return strconv.AppendInt(append(dst[:0], '#'), n, 10)
}

func fileSize(path string) int64 {
	if st, err := os.Stat(path); err == nil {
		return st.Size()
	}
	return 0
}

// oneEpisode makes s hold one episode, reusing its capacity, and returns
// it (its code slices kept for reuse, the rest stale).
func oneEpisode(s *Spell) *Episode {
	if cap(s.Episodes) == 0 {
		s.Episodes = make([]Episode, 1)
	}
	s.Episodes = s.Episodes[:1]
	return &s.Episodes[0]
}
