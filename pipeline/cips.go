package pipeline

import (
	"bufio"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/parquet-go/parquet-go"

	"github.com/hrgflow/hrgflow/schemas"
)

// Continuous inpatient spells (CIPS, DOMAIN.md §3.4). A CIPS links one
// patient's consecutive provider spells across transfers, so it needs all
// of a patient's spells together, which no input order gives. The writer
// hands every spell, as it writes it, to a cipsCollector, which appends a
// small record of it to one of cipsParts temporary files chosen by a hash
// of the patient; at the end each file is read back alone, sorted by
// patient and admission, linked, and written to the cips dataset. Memory
// holds one partition at a time, about 1/cipsParts of the spells.

// cipsParts is the number of partition files.
const cipsParts = 64

// cipsRecord is what linking needs of one provider spell.
type cipsRecord struct {
	patient            string
	file               string // SourceFile
	spellRow           int64
	provider           string
	admidate, disdate  schemas.Date
	classpat, admisorc string // first episode
	admimeth           string // first episode
	disdest            string // last episode
}

// cipsCollector gathers spell records into partition files.
type cipsCollector struct {
	dir   string
	files [cipsParts]*os.File
	ws    [cipsParts]*bufio.Writer
	buf   []byte
	key   [8]byte
}

// FNV-1a over strings, without the allocation of hash/fnv's Write.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func fnvString(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * fnvPrime
	}
	return h
}

// newCIPSCollector creates the partition files in a new folder under
// tempDir ("" is the system's).
func newCIPSCollector(tempDir string) (*cipsCollector, error) {
	dir, err := os.MkdirTemp(tempDir, "hrgflow-cips-")
	if err != nil {
		return nil, fmt.Errorf("creating the CIPS partitions: %w", err)
	}
	c := &cipsCollector{dir: dir}
	for i := range c.files {
		f, err := os.OpenFile(filepath.Join(dir, fmt.Sprintf("part-%02d", i)), os.O_CREATE|os.O_EXCL|os.O_RDWR, 0o600)
		if err != nil {
			_ = c.remove()
			return nil, fmt.Errorf("creating a CIPS partition: %w", err)
		}
		c.files[i], c.ws[i] = f, bufio.NewWriterSize(f, 16<<10)
	}
	return c, nil
}

// add appends a record of every spell of b.
func (c *cipsCollector) add(b *batch) error {
	for i := range b.spells {
		s := &b.spells[i]
		first, last := &b.eps[s.head], &b.eps[s.tail]
		r := cipsRecord{
			patient:  first.Str[schemas.PSEUDO_HESID],
			file:     first.Str[schemas.SourceFile],
			spellRow: b.eps[s.first].I64[schemas.SourceRow],
			provider: spellProvider(first),
			admidate: first.Date[schemas.ADMIDATE], disdate: last.Date[schemas.DISDATE],
			classpat: first.Str[schemas.CLASSPAT], admisorc: first.Str[schemas.ADMISORC],
			admimeth: first.Str[schemas.ADMIMETH], disdest: last.Str[schemas.DISDEST],
		}
		if r.patient == "" {
			r.patient = first.Str[schemas.TOKEN_PERSON_ID]
		}
		// FNV-1a, fixed (CIPSId numbers partition by partition, so the
		// partition of a patient must not change between runs).
		h := fnvString(fnvOffset, r.patient)
		if r.patient == "" { // a CIPS of its own: spread such spells over the partitions
			h = fnvString(fnvString(h, r.file), string(binary.LittleEndian.AppendUint64(c.key[:0], uint64(r.spellRow))))
		}
		c.buf = appendCIPSRecord(c.buf[:0], &r)
		if _, err := c.ws[h%cipsParts].Write(c.buf); err != nil {
			return fmt.Errorf("writing a CIPS partition: %w", err)
		}
	}
	return nil
}

func appendCIPSRecord(dst []byte, r *cipsRecord) []byte {
	for _, s := range [...]string{r.patient, r.file, r.provider, r.classpat, r.admisorc, r.admimeth, r.disdest} {
		dst = binary.AppendUvarint(dst, uint64(len(s)))
		dst = append(dst, s...)
	}
	dst = binary.AppendVarint(dst, r.spellRow)
	dst = binary.AppendVarint(dst, int64(r.admidate))
	return binary.AppendVarint(dst, int64(r.disdate))
}

// readCIPSRecords reads a partition back.
func readCIPSRecords(r *bufio.Reader, out []cipsRecord) ([]cipsRecord, error) {
	broken := errors.New("reading a CIPS partition: broken record")
	str := func() (string, error) {
		n, err := binary.ReadUvarint(r)
		if err != nil {
			return "", err
		}
		if n > 1<<20 {
			return "", broken
		}
		b := make([]byte, n)
		if _, err := io.ReadFull(r, b); err != nil {
			return "", broken
		}
		return string(b), nil
	}
	for {
		var rec cipsRecord
		var err error
		if rec.patient, err = str(); err == io.EOF {
			return out, nil
		} else if err != nil {
			return out, broken
		}
		for _, p := range []*string{&rec.file, &rec.provider, &rec.classpat, &rec.admisorc, &rec.admimeth, &rec.disdest} {
			if *p, err = str(); err != nil {
				return out, broken
			}
		}
		var v [3]int64
		for i := range v {
			if v[i], err = binary.ReadVarint(r); err != nil {
				return out, broken
			}
		}
		rec.spellRow, rec.admidate, rec.disdate = v[0], schemas.Date(v[1]), schemas.Date(v[2])
		out = append(out, rec)
	}
}

// finish links the spells of each partition in turn and writes them to w.
// It removes the partitions whether or not it succeeds.
func (c *cipsCollector) finish(w *episodeWriter) (err error) {
	defer func() { err = errors.Join(err, c.remove()) }()
	var id int64
	var recs []cipsRecord
	var cols [][]parquet.Value
	for i, f := range c.files {
		if err := c.ws[i].Flush(); err != nil {
			return fmt.Errorf("writing a CIPS partition: %w", err)
		}
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return fmt.Errorf("reading a CIPS partition: %w", err)
		}
		if recs, err = readCIPSRecords(bufio.NewReaderSize(f, 64<<10), recs[:0]); err != nil {
			return err
		}
		sortCIPS(recs)
		links := linkCIPS(recs)
		cols = encodeCIPS(cols, recs, links, &id)
		if err := w.write(cols, len(recs)); err != nil {
			return err
		}
	}
	return nil
}

// remove closes and deletes the partition files.
func (c *cipsCollector) remove() error {
	var err error
	for _, f := range c.files {
		if f != nil {
			err = errors.Join(err, f.Close())
		}
	}
	return errors.Join(err, os.RemoveAll(c.dir))
}

// sortCIPS orders spells by patient, ADMIDATE, DISDATE (unknown last),
// SourceFile and SpellRow.
func sortCIPS(recs []cipsRecord) {
	slices.SortFunc(recs, func(x, y cipsRecord) int {
		if c := cmp.Compare(x.patient, y.patient); c != 0 {
			return c
		}
		if c := cmp.Compare(x.admidate, y.admidate); c != 0 { // NullDate (least) first
			return c
		}
		if x.disdate.Valid() != y.disdate.Valid() {
			if x.disdate.Valid() {
				return -1
			}
			return 1
		}
		if c := cmp.Compare(x.disdate, y.disdate); c != 0 {
			return c
		}
		if c := cmp.Compare(x.file, y.file); c != 0 {
			return c
		}
		return cmp.Compare(x.spellRow, y.spellRow)
	})
}

// CIPS link reasons.
const (
	cipsNotLinked = ""
	cipsDISDEST   = "DISDEST"
	cipsADMISORC  = "ADMISORC"
	cipsADMIMETH  = "ADMIMETH"
)

// cipsTransferDest, cipsTransferSource and cipsTransferMethod are the codes
// that are evidence of a transfer (HSCIC 2014).
var (
	cipsTransferDest   = []string{"49", "50", "51", "52", "53", "84"}
	cipsTransferSource = []string{"49", "50", "51", "52", "53", "87"}
	cipsTransferMethod = []string{"2B", "81"}
)

// cipsLink says whether next continues prev's CIPS, and why.
func cipsLink(prev, next *cipsRecord) string {
	if prev.patient == "" || prev.patient != next.patient || !prev.disdate.Valid() || !next.admidate.Valid() {
		return cipsNotLinked
	}
	if gap := next.admidate - prev.disdate; gap < 0 || gap > 2 {
		return cipsNotLinked
	}
	if regularAttender(prev.classpat) || regularAttender(next.classpat) {
		return cipsNotLinked
	}
	if prev.disdest == "19" && next.admisorc == "51" && next.admimeth == "21" {
		return cipsNotLinked
	}
	switch {
	case slices.Contains(cipsTransferDest, prev.disdest):
		return cipsDISDEST
	case slices.Contains(cipsTransferSource, next.admisorc):
		return cipsADMISORC
	case slices.Contains(cipsTransferMethod, next.admimeth):
		return cipsADMIMETH
	}
	return cipsNotLinked
}

func regularAttender(classpat string) bool { return classpat == "3" || classpat == "4" }

// linkCIPS returns, for sorted records, why each is linked to the one
// before ("" for the first spell of a CIPS).
func linkCIPS(recs []cipsRecord) []string {
	links := make([]string, len(recs))
	for i := 1; i < len(recs); i++ {
		links[i] = cipsLink(&recs[i-1], &recs[i])
	}
	return links
}

// encodeCIPS encodes linked records as cips dataset columns, numbering
// CIPS from *id+1.
func encodeCIPS(dst [][]parquet.Value, recs []cipsRecord, links []string, id *int64) [][]parquet.Value {
	fields := schemas.CIPSDictionary()
	if len(dst) != len(fields) {
		dst = make([][]parquet.Value, len(fields))
	}
	for j := range dst {
		dst[j] = dst[j][:0]
	}
	for start := 0; start < len(recs); {
		end := start + 1
		for end < len(recs) && links[end] != cipsNotLinked {
			end++
		}
		*id++
		first, last := &recs[start], &recs[end-1]
		los := schemas.NullInt
		if first.admidate.Valid() && last.disdate.Valid() {
			los = int32(last.disdate - first.admidate)
		}
		for i := start; i < end; i++ {
			r := &recs[i]
			gap := schemas.NullInt
			if i > start {
				gap = int32(r.admidate - recs[i-1].disdate)
			}
			row := [...]parquet.Value{
				stringVal(r.file, 0), int64Val(r.spellRow, 1), stringVal(r.patient, 2), stringVal(r.provider, 3),
				int32Val(int32(r.admidate), 4), int32Val(int32(r.disdate), 5),
				int64Val(*id, 6), int32Val(int32(i-start+1), 7), int32Val(int32(end-start), 8),
				int32Val(int32(first.admidate), 9), int32Val(int32(last.disdate), 10), int32Val(los, 11),
				int32Val(gap, 12), stringVal(links[i], 13),
			}
			for j := range row {
				dst[j] = append(dst[j], row[j])
			}
		}
		start = end
	}
	return dst
}
