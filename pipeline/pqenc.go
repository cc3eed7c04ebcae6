package pipeline

// pqenc.go is hrgflow's own Parquet encoder for every dataset: the
// writer stage's episodeWriter hands it batches of episodes (or column
// values, for the other datasets) and it writes the same schema, encodings, compression and
// metadata as the parquet-go writer, without parquet-go's per-cell path
// (a parquet.Value per cell, a Go map lookup per dictionary value, page
// bounds computed twice, level histograms). Each column of a row group
// accumulates definition levels and values straight from the episodes,
// one page at a time: dictionary indexes for code columns, PLAIN bytes for
// the others. A full page is encoded (RLE/bit-packed hybrid levels and
// indexes), compressed and kept until its row group is written out, in
// column order, after the column's dictionary page. The footer is
// parquet-go's own footer of an empty file with the same options (schema,
// key-value metadata, created_by, column orders), with the row groups
// added, so the two writers cannot disagree on the schema.

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"math/bits"
	"slices"
	"strings"
	"unsafe"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress"
	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"

	"github.com/hrgflow/hrgflow/schemas"
)

// pqPageBytes is the raw size of a page (one byte per definition level,
// four per dictionary index, the PLAIN bytes of other values) at which a
// column's page is encoded and compressed. With 232 columns this bounds
// the uncompressed buffers of a file to about 30 MB.
const pqPageBytes = 128 << 10

// pqCheckRows is the number of rows between checks of whether a page is
// full: a page ends at a multiple of it, whatever the sizes of the writes
// (the decode workers' batches), so a run writes the same bytes with any
// number of workers.
const pqCheckRows = 1024

// pqFile is one Parquet file being written by the encoder. Columns are
// independent: appendEpisodes, appendValues and finish of different
// columns may run on different goroutines; the rest is not safe for
// concurrent use.
type pqFile struct {
	out    io.Writer
	offset int64 // bytes written to out
	meta   format.FileMetaData
	cols   []pqColumn
}

// newPQFile returns an encoder writing to out the columns fields with the
// metadata template meta (parquet-go's footer of an empty file with the
// same schema and options; see pqTemplate), compressed with codec, integer
// and date columns DELTA_BINARY_PACKED when delta is set (deltaIntegers).
func newPQFile(out io.Writer, fields []schemas.Field, codec compress.Codec, meta *format.FileMetaData, delta bool) (*pqFile, error) {
	if len(meta.Schema) != len(fields)+1 {
		return nil, fmt.Errorf("parquet schema has %d elements for %d fields", len(meta.Schema), len(fields))
	}
	p := &pqFile{out: out, meta: *meta, cols: make([]pqColumn, len(fields))}
	p.meta.RowGroups = nil
	p.meta.NumRows = 0
	for j := range fields {
		f := &fields[j]
		if name := meta.Schema[j+1].Name; name != f.Name {
			return nil, fmt.Errorf("parquet schema column %d is %s, field is %s", j, name, f.Name)
		}
		c := &p.cols[j]
		c.kind, c.slot, c.name, c.codec = f.Kind, f.Slot, f.Name, codec
		c.delta = delta && (f.Kind == schemas.KindInt || f.Kind == schemas.KindDate || f.Kind == schemas.KindInt64)
		switch f.Kind {
		case schemas.KindCode:
			c.ptype = format.ByteArray
			c.dict = map[string]uint32{}
		case schemas.KindID:
			c.ptype = format.ByteArray
			c.offs = []uint32{0}
		case schemas.KindInt, schemas.KindDate:
			c.ptype = format.Int32
		case schemas.KindInt64:
			c.ptype = format.Int64
		case schemas.KindFloat64:
			c.ptype = format.Double
		default:
			return nil, fmt.Errorf("column %s: kind %v not supported by the episode encoder", f.Name, f.Kind)
		}
	}
	return p, nil
}

// pqTemplate returns the footer parquet-go writes for an empty file with
// opts: the schema, key-value metadata, created_by and column orders of
// the dataset.
func pqTemplate(opts []parquet.WriterOption) (*format.FileMetaData, error) {
	var buf bytes.Buffer
	w := parquet.NewGenericWriter[any](&buf, opts...)
	if err := w.Close(); err != nil {
		return nil, err
	}
	f, err := parquet.OpenFile(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		return nil, err
	}
	return f.Metadata(), nil
}

// pqColumn is one column of a pqFile: its open page, the encoded pages of
// the open row group and its dictionary.
type pqColumn struct {
	kind  schemas.Kind
	slot  int
	name  string
	ptype format.Type
	codec compress.Codec
	delta bool // numbers DELTA_BINARY_PACKED, not PLAIN

	// The open page.
	levels []byte   // definition levels, one byte per row
	nulls  int      // zeros in levels
	idx    []uint32 // dictionary indexes of the present values
	plain  []byte   // PLAIN values of the present values; identifiers: their bytes
	offs   []uint32 // identifiers: offsets of the values in plain, from 0

	// The open column chunk.
	dict      map[string]uint32 // code columns: value of 8 bytes or more → index
	short     codeTable         // code columns: value of 1 to 7 bytes → index
	keys      []string          // the dictionary's values by index
	dictPlain []byte            // the dictionary's values, PLAIN
	lastKey   string            // the last code looked up (a key of dict)
	lastIdx   uint32
	pages     []byte // encoded data pages, headers included
	numPages  int32
	rows      int64
	nullCount int64
	rawSize   int64 // data pages' uncompressed size, headers included
	hasMinMax bool
	minI      int64
	maxI      int64
	minF      float64 // DOUBLE columns, with hasMinMax
	maxF      float64
	minB      []byte // identifier columns, with hasMinMax
	maxB      []byte

	// Set by finish.
	dictPage    []byte
	dictRawSize int64
	err         error

	ints32 []int32 // scratch: a page's INT32 values on a big-endian machine
	ints64 []int64 // scratch: a page's INT64 values on a big-endian machine

	lv   []byte // scratch: a page's encoded definition levels
	body []byte // scratch: a page's values before compression
	comp []byte // scratch: a page after compression
}

func (c *pqColumn) pageFull() bool {
	return len(c.levels)+4*len(c.idx)+4*len(c.offs)+len(c.plain) >= pqPageBytes
}

func (c *pqColumn) minMax(x int64) {
	if !c.hasMinMax {
		c.hasMinMax, c.minI, c.maxI = true, x, x
		return
	}
	c.minI = min(c.minI, x)
	c.maxI = max(c.maxI, x)
}

// code appends a present code value, looking it up in the dictionary
// (codes repeat: the last one looked up is checked first).
func (c *pqColumn) code(s string) {
	if s != c.lastKey || s == "" { // "": lastKey's zero value, or a present empty code
		c.lookup(s)
	}
	c.levels = append(c.levels, 1)
	c.idx = append(c.idx, c.lastIdx)
}

// lookup sets lastKey and lastIdx to the dictionary's copy of s and its
// index, adding s if it is new. Codes of up to 7 bytes (nearly all) are
// looked up as packed integers in an open-addressing table, longer ones in
// a map.
func (c *pqColumn) lookup(s string) {
	var i uint32
	k, short := packCode(s)
	if short {
		i = c.short.find(k, uint32(len(c.keys)))
	} else {
		var found bool
		if i, found = c.dict[s]; !found {
			i = uint32(len(c.keys))
		}
	}
	if i == uint32(len(c.keys)) { // new
		// s belongs to a batch that will be reused: the dictionary
		// keeps a copy, the map's key included.
		s = strings.Clone(s)
		if !short {
			c.dict[s] = i
		}
		c.keys = append(c.keys, s)
		c.dictPlain = binary.LittleEndian.AppendUint32(c.dictPlain, uint32(len(s)))
		c.dictPlain = append(c.dictPlain, s...)
	}
	c.lastKey, c.lastIdx = c.keys[i], i // the dictionary's copy, not the batch's
}

// packCode packs a string of 1 to 7 bytes into a nonzero integer: its
// bytes, little-endian, and its length in the top byte.
func packCode(s string) (uint64, bool) {
	n := len(s)
	if n == 0 || n > 7 {
		return 0, false
	}
	var k uint64
	b := unsafe.Slice(unsafe.StringData(s), n)
	switch {
	case n >= 4:
		k = uint64(binary.LittleEndian.Uint32(b)) | uint64(binary.LittleEndian.Uint32(b[n-4:]))<<((n-4)*8)
	case n >= 2:
		k = uint64(binary.LittleEndian.Uint16(b)) | uint64(binary.LittleEndian.Uint16(b[n-2:]))<<((n-2)*8)
	default:
		k = uint64(b[0])
	}
	return k | uint64(n)<<56, true
}

// codeTable maps packed codes to dictionary indexes: open addressing,
// linear probing, at most half full.
type codeTable struct {
	keys []uint64 // 0: empty slot
	vals []uint32
	n    int
	bits uint
}

// find returns the index of key k, adding it with index next if absent.
func (t *codeTable) find(k uint64, next uint32) uint32 {
	if 2*(t.n+1) > len(t.keys) {
		t.grow()
	}
	mask := uint64(len(t.keys) - 1)
	for h := (k * 0x9e3779b97f4a7c15) >> (64 - t.bits); ; h = (h + 1) & mask {
		switch t.keys[h] {
		case k:
			return t.vals[h]
		case 0:
			t.keys[h], t.vals[h] = k, next
			t.n++
			return next
		}
	}
}

func (t *codeTable) grow() {
	old, oldVals := t.keys, t.vals
	t.bits = max(t.bits+1, 8)
	t.keys, t.vals = make([]uint64, 1<<t.bits), make([]uint32, 1<<t.bits)
	t.n = 0
	for i, k := range old {
		if k != 0 {
			t.find(k, oldVals[i])
		}
	}
}

// reset empties the table, keeping its slots.
func (t *codeTable) reset() {
	clear(t.keys)
	t.n = 0
}

func (c *pqColumn) null() {
	c.levels = append(c.levels, 0)
	c.nulls++
}

// appendNulls appends n null cells.
func (c *pqColumn) appendNulls(n int) {
	for n > 0 {
		k := min(n, pqCheckRows-len(c.levels)%pqCheckRows)
		n -= k
		c.levels = slices.Grow(c.levels, k)
		l := len(c.levels)
		c.levels = c.levels[:l+k]
		clear(c.levels[l:])
		c.nulls += k
		if len(c.levels)%pqCheckRows == 0 && c.pageFull() {
			c.flushPage()
		}
	}
}

// appendEpisodes appends the column's cells of eps.
func (c *pqColumn) appendEpisodes(eps []schemas.Episode) {
	for len(eps) > 0 {
		part := eps[:min(len(eps), pqCheckRows-len(c.levels)%pqCheckRows)]
		eps = eps[len(part):]
		c.levels = slices.Grow(c.levels, len(part))
		switch c.kind {
		case schemas.KindCode:
			c.idx = slices.Grow(c.idx, len(part))
			for i := range part {
				s := part[i].Str[c.slot]
				if s == "" {
					c.null()
					continue
				}
				if s != c.lastKey {
					c.lookup(s)
				}
				c.levels = append(c.levels, 1)
				c.idx = append(c.idx, c.lastIdx)
			}
		case schemas.KindID:
			for i := range part {
				if s := part[i].Str[c.slot]; s != "" {
					c.levels = append(c.levels, 1)
					c.plain = append(c.plain, s...)
					c.offs = append(c.offs, uint32(len(c.plain)))
				} else {
					c.null()
				}
			}
		case schemas.KindInt:
			for i := range part {
				if x := part[i].Int[c.slot]; x != schemas.NullInt {
					c.levels = append(c.levels, 1)
					c.plain = binary.LittleEndian.AppendUint32(c.plain, uint32(x))
					c.minMax(int64(x))
				} else {
					c.null()
				}
			}
		case schemas.KindDate:
			for i := range part {
				if x := part[i].Date[c.slot]; x != schemas.NullDate {
					c.levels = append(c.levels, 1)
					c.plain = binary.LittleEndian.AppendUint32(c.plain, uint32(x))
					c.minMax(int64(x))
				} else {
					c.null()
				}
			}
		case schemas.KindInt64:
			for i := range part {
				if x := part[i].I64[c.slot]; x != schemas.NullI64 {
					c.levels = append(c.levels, 1)
					c.plain = binary.LittleEndian.AppendUint64(c.plain, uint64(x))
					c.minMax(x)
				} else {
					c.null()
				}
			}
		case schemas.KindFloat64:
			for i := range part {
				if x := part[i].F64[c.slot]; x != schemas.NullF64 {
					c.levels = append(c.levels, 1)
					c.plain = binary.LittleEndian.AppendUint64(c.plain, math.Float64bits(x))
				} else {
					c.null()
				}
			}
		}
		if len(c.levels)%pqCheckRows == 0 && c.pageFull() {
			c.flushPage()
		}
	}
}

// appendValues appends the column's cells given as parquet-go values
// (episodeWriter.write): null where IsNull, else a value of the column's
// physical type.
func (c *pqColumn) appendValues(vals []parquet.Value) {
	for len(vals) > 0 {
		part := vals[:min(len(vals), pqCheckRows-len(c.levels)%pqCheckRows)]
		vals = vals[len(part):]
		for i := range part {
			v := &part[i]
			if v.IsNull() {
				c.null()
				continue
			}
			switch c.kind {
			case schemas.KindCode:
				b := v.ByteArray() // lookup copies a new code; the bytes are only read here
				c.code(unsafe.String(unsafe.SliceData(b), len(b)))
			case schemas.KindID:
				c.levels = append(c.levels, 1)
				c.plain = append(c.plain, v.ByteArray()...)
				c.offs = append(c.offs, uint32(len(c.plain)))
			case schemas.KindInt, schemas.KindDate:
				c.levels = append(c.levels, 1)
				c.plain = binary.LittleEndian.AppendUint32(c.plain, uint32(v.Int32()))
				c.minMax(int64(v.Int32()))
			case schemas.KindInt64:
				c.levels = append(c.levels, 1)
				c.plain = binary.LittleEndian.AppendUint64(c.plain, uint64(v.Int64()))
				c.minMax(v.Int64())
			case schemas.KindFloat64:
				c.levels = append(c.levels, 1)
				c.plain = binary.LittleEndian.AppendUint64(c.plain, math.Float64bits(v.Double()))
			}
		}
		if len(c.levels)%pqCheckRows == 0 && c.pageFull() {
			c.flushPage()
		}
	}
}

// dictBitWidth is the bit width of the dictionary indexes of a page: enough
// for every index of the dictionary so far, at least 1.
func (c *pqColumn) dictBitWidth() uint {
	return uint(max(1, bits.Len32(uint32(max(len(c.keys), 1)-1))))
}

// flushPage encodes, compresses and keeps the open page, as parquet-go
// writes it: a Data Page V2, its definition levels an RLE/bit-packed
// hybrid left uncompressed, then the values, compressed.
func (c *pqColumn) flushPage() {
	n := len(c.levels)
	if n == 0 || c.err != nil {
		return
	}
	lv := c.lv[:0]
	switch c.nulls {
	case 0:
		lv = appendRLERun(lv, 1, n, 1)
	case n:
		lv = appendRLERun(lv, 0, n, 1)
	default:
		lv = appendHybrid(lv, c.levels, 1)
	}
	c.lv = lv
	body := c.body[:0]
	enc := format.Plain
	switch {
	case c.dict != nil:
		enc = format.RLEDictionary
		w := c.dictBitWidth()
		body = append(body, byte(w))
		body = appendHybrid(body, c.idx, w)
	case c.kind == schemas.KindID:
		// DELTA_LENGTH_BYTE_ARRAY, as parquet-go writes strings.
		enc = format.DeltaLengthByteArray
		var err error
		if body, err = parquet.DeltaLengthByteArray.EncodeByteArray(body, c.plain, c.offs); err != nil {
			c.err = fmt.Errorf("encoding column %s: %w", c.name, err)
			return
		}
	case c.delta && c.ptype == format.Int32:
		// DELTA_BINARY_PACKED, as datasetSchema asks of parquet-go
		// (deltaIntegers): the page is a fraction of PLAIN's before zstd
		// sees it.
		enc = format.DeltaBinaryPacked
		body, c.err = parquet.DeltaBinaryPacked.EncodeInt32(body, plainInts[int32](c.plain, &c.ints32))
	case c.delta && c.ptype == format.Int64:
		enc = format.DeltaBinaryPacked
		body, c.err = parquet.DeltaBinaryPacked.EncodeInt64(body, plainInts[int64](c.plain, &c.ints64))
	default:
		body = append(body, c.plain...)
	}
	if c.err != nil {
		c.err = fmt.Errorf("encoding column %s: %w", c.name, c.err)
		return
	}
	c.body = body
	header := format.PageHeader{
		Type: format.DataPageV2,
		DataPageHeaderV2: thrift.New(format.DataPageHeaderV2{
			NumValues:                  int32(n),
			NumNulls:                   int32(c.nulls),
			NumRows:                    int32(n),
			Encoding:                   enc,
			DefinitionLevelsByteLength: int32(len(lv)),
			IsCompressed:               thrift.New(c.compressed()),
			Statistics:                 format.Statistics{NullCount: int64(c.nulls)},
		}),
	}
	if !c.keepPage(&header, lv, body) {
		return
	}
	c.pageBounds()
	c.numPages++
	c.rows += int64(n)
	c.nullCount += int64(c.nulls)
	c.levels, c.idx, c.plain, c.nulls = c.levels[:0], c.idx[:0], c.plain[:0], 0
	if c.offs != nil {
		c.offs = c.offs[:1]
	}
}

// pageBounds folds the least and greatest present values of the open page
// into the chunk's, for the columns whose bounds are not kept per cell:
// identifiers (byte-wise order, as Parquet orders UTF-8) and DOUBLE
// (STARTAGE_CALC, compare's AgreementPercent: computed from counts and
// dates, never NaN; like parquet-go's, a NaN would make both bounds NaN).
func (c *pqColumn) pageBounds() {
	switch {
	case c.dict != nil:
	case c.kind == schemas.KindID && len(c.offs) > 1:
		lo, hi := c.plain[:c.offs[1]], c.plain[:c.offs[1]]
		for i := 2; i < len(c.offs); i++ {
			v := c.plain[c.offs[i-1]:c.offs[i]]
			if bytes.Compare(v, lo) < 0 {
				lo = v
			} else if bytes.Compare(v, hi) > 0 {
				hi = v
			}
		}
		if !c.hasMinMax || bytes.Compare(lo, c.minB) < 0 {
			c.minB = append(c.minB[:0], lo...)
		}
		if !c.hasMinMax || bytes.Compare(hi, c.maxB) > 0 {
			c.maxB = append(c.maxB[:0], hi...)
		}
		c.hasMinMax = true
	case c.kind == schemas.KindFloat64 && len(c.plain) > 0:
		for b := c.plain; len(b) >= 8; b = b[8:] {
			x := math.Float64frombits(binary.LittleEndian.Uint64(b))
			if !c.hasMinMax {
				c.hasMinMax, c.minF, c.maxF = true, x, x
				continue
			}
			c.minF = min(c.minF, x)
			c.maxF = max(c.maxF, x)
		}
	}
}

// littleEndian reports whether the machine stores integers little-endian,
// as PLAIN bytes hold them.
var littleEndian = func() bool {
	x := uint16(1)
	return *(*byte)(unsafe.Pointer(&x)) == 1
}()

// plainInts returns PLAIN little-endian values as integers: the same
// memory on a little-endian machine (Go allocates byte slices 8-byte
// aligned; the encoders only read it), decoded into scratch otherwise.
func plainInts[T int32 | int64](plain []byte, scratch *[]T) []T {
	size := int(unsafe.Sizeof(T(0)))
	n := len(plain) / size
	if littleEndian {
		return unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(plain))), n)
	}
	out := (*scratch)[:0]
	for i := range n {
		if size == 4 {
			out = append(out, T(int32(binary.LittleEndian.Uint32(plain[4*i:]))))
		} else {
			out = append(out, T(int64(binary.LittleEndian.Uint64(plain[8*i:]))))
		}
	}
	*scratch = out
	return out
}

// compressed reports whether the codec compresses.
func (c *pqColumn) compressed() bool { return c.codec.CompressionCodec() != format.Uncompressed }

// keepPage compresses body, completes header with the sizes and checksum
// of levels (uncompressed) and body, and appends the page to the chunk's
// pages (a dictionary page to dictPage); false (c.err set) on an error.
func (c *pqColumn) keepPage(header *format.PageHeader, levels, body []byte) bool {
	comp := body
	if c.compressed() {
		var err error
		if comp, err = c.codec.Encode(c.comp[:0], body); err != nil {
			c.err = fmt.Errorf("compressing column %s: %w", c.name, err)
			return false
		}
		c.comp = comp
	}
	header.UncompressedPageSize = int32(len(levels) + len(body))
	header.CompressedPageSize = int32(len(levels) + len(comp))
	header.CRC = int32(crc32.Update(crc32.ChecksumIEEE(levels), crc32.IEEETable, comp))
	hb, err := thrift.Marshal(new(thrift.CompactProtocol), header)
	if err != nil {
		c.err = fmt.Errorf("encoding a page header of column %s: %w", c.name, err)
		return false
	}
	raw := int64(len(hb) + len(levels) + len(body))
	if header.Type == format.DictionaryPage {
		c.dictPage = append(append(append(c.dictPage[:0], hb...), levels...), comp...)
		c.dictRawSize = raw
		return true
	}
	c.pages = append(c.pages, hb...)
	c.pages = append(c.pages, levels...)
	c.pages = append(c.pages, comp...)
	c.rawSize += raw
	return true
}

// finish ends the column's chunk of the open row group: its last page and
// its dictionary page.
func (c *pqColumn) finish() error {
	c.flushPage()
	if c.dict != nil && c.err == nil {
		header := format.PageHeader{
			Type: format.DictionaryPage,
			DictionaryPageHeader: thrift.New(format.DictionaryPageHeader{
				NumValues: int32(len(c.keys)),
				Encoding:  format.Plain,
			}),
		}
		c.keepPage(&header, nil, c.dictPlain)
	}
	return c.err
}

// metadata returns the column chunk's metadata, its dictionary page
// written at dictOffset (if any) and its data pages after it.
func (c *pqColumn) metadata(dictOffset int64) format.ColumnChunk {
	md := format.ColumnMetaData{
		Type:                  c.ptype,
		PathInSchema:          []string{c.name},
		Codec:                 c.codec.CompressionCodec(),
		NumValues:             c.rows,
		TotalUncompressedSize: c.rawSize,
		TotalCompressedSize:   int64(len(c.pages)),
		DataPageOffset:        dictOffset,
		Statistics:            format.Statistics{NullCount: c.nullCount},
	}
	if c.dict != nil {
		md.Encoding = []format.Encoding{format.Plain, format.RLE, format.RLEDictionary}
		md.DictionaryPageOffset = dictOffset
		md.DataPageOffset = dictOffset + int64(len(c.dictPage))
		md.TotalUncompressedSize += c.dictRawSize
		md.TotalCompressedSize += int64(len(c.dictPage))
		md.EncodingStats = []format.PageEncodingStats{
			{PageType: format.DictionaryPage, Encoding: format.Plain, Count: 1},
			{PageType: format.DataPageV2, Encoding: format.RLEDictionary, Count: c.numPages},
		}
		if len(c.keys) > 0 {
			md.Statistics.MinValue, md.Statistics.MaxValue = c.dictBounds()
		}
	} else {
		enc := format.Plain
		switch {
		case c.kind == schemas.KindID:
			enc = format.DeltaLengthByteArray
		case c.delta:
			enc = format.DeltaBinaryPacked
		}
		md.Encoding = slices.Sorted(slices.Values([]format.Encoding{enc, format.RLE}))
		md.EncodingStats = []format.PageEncodingStats{
			{PageType: format.DataPageV2, Encoding: enc, Count: c.numPages},
		}
	}
	if c.hasMinMax {
		var lo, hi []byte
		switch c.ptype {
		case format.ByteArray:
			// An empty string's bound is empty, not absent.
			lo, hi = append([]byte{}, c.minB...), append([]byte{}, c.maxB...)
		case format.Double:
			lo = binary.LittleEndian.AppendUint64(nil, math.Float64bits(c.minF))
			hi = binary.LittleEndian.AppendUint64(nil, math.Float64bits(c.maxF))
		case format.Int32:
			lo = binary.LittleEndian.AppendUint32(nil, uint32(c.minI))
			hi = binary.LittleEndian.AppendUint32(nil, uint32(c.maxI))
		default:
			lo = binary.LittleEndian.AppendUint64(nil, uint64(c.minI))
			hi = binary.LittleEndian.AppendUint64(nil, uint64(c.maxI))
		}
		// Only the current fields: like parquet-go by default, no
		// deprecated min/max (signed byte order in old readers).
		md.Statistics.MinValue, md.Statistics.MaxValue = lo, hi
	}
	return format.ColumnChunk{MetaData: md}
}

// dictBounds returns the least and greatest dictionary values (byte-wise
// order, as Parquet orders UTF-8 strings).
func (c *pqColumn) dictBounds() (lo, hi []byte) {
	a, b := slices.Min(c.keys), slices.Max(c.keys)
	return []byte(a), []byte(b)
}

// reset empties the column's chunk for the next row group, keeping its
// buffers.
func (c *pqColumn) reset() {
	c.pages = c.pages[:0]
	c.numPages, c.rows, c.nullCount, c.rawSize = 0, 0, 0, 0
	c.hasMinMax, c.minI, c.maxI = false, 0, 0
	c.dictPage, c.dictRawSize = c.dictPage[:0], 0
	if c.dict != nil {
		clear(c.dict)
		c.short.reset()
		clear(c.keys)
		c.keys = c.keys[:0]
		c.dictPlain = c.dictPlain[:0]
		c.lastKey, c.lastIdx = "", 0
	}
}

// writeHeader writes the file's magic number.
func (p *pqFile) writeHeader() error { return p.write([]byte("PAR1")) }

func (p *pqFile) write(b []byte) error {
	n, err := p.out.Write(b)
	p.offset += int64(n)
	return err
}

// writeGroup writes the open row group of rows rows, whose columns have
// all been finished, in column order, and resets the columns.
func (p *pqFile) writeGroup(rows int) error {
	rg := format.RowGroup{NumRows: int64(rows), FileOffset: p.offset, Ordinal: int16(len(p.meta.RowGroups))}
	rg.Columns = make([]format.ColumnChunk, len(p.cols))
	for j := range p.cols {
		c := &p.cols[j]
		if c.err != nil {
			return c.err
		}
		if c.rows != int64(rows) {
			return fmt.Errorf("column %s has %d rows in a row group of %d", c.name, c.rows, rows)
		}
		rg.Columns[j] = c.metadata(p.offset)
		if err := p.write(c.dictPage); err != nil {
			return err
		}
		if err := p.write(c.pages); err != nil {
			return err
		}
		rg.TotalByteSize += rg.Columns[j].MetaData.TotalUncompressedSize
		rg.TotalCompressedSize += rg.Columns[j].MetaData.TotalCompressedSize
		c.reset()
	}
	p.meta.RowGroups = append(p.meta.RowGroups, rg)
	p.meta.NumRows += int64(rows)
	return nil
}

// writeFooter writes the file metadata, its length and the magic number.
func (p *pqFile) writeFooter() error {
	b, err := thrift.Marshal(new(thrift.CompactProtocol), &p.meta)
	if err != nil {
		return err
	}
	b = binary.LittleEndian.AppendUint32(b, uint32(len(b)))
	return p.write(append(b, "PAR1"...))
}

// appendRLERun appends an RLE run of count copies of v at bit width w.
func appendRLERun(dst []byte, v uint32, count int, w uint) []byte {
	dst = binary.AppendUvarint(dst, uint64(count)<<1)
	for range (w + 7) / 8 {
		dst = append(dst, byte(v))
		v >>= 8
	}
	return dst
}

// appendBitPacked appends vals as one bit-packed run at bit width w, the
// last group of 8 padded with zeros. Only the last run of a page may have
// a length that is not a multiple of 8.
func appendBitPacked[T uint8 | uint32](dst []byte, vals []T, w uint) []byte {
	if len(vals) == 0 {
		return dst
	}
	groups := (len(vals) + 7) / 8
	dst = binary.AppendUvarint(dst, uint64(groups)<<1|1)
	var acc uint64
	var nbits uint
	for _, v := range vals {
		acc |= uint64(v) << nbits
		nbits += w
		for nbits >= 8 {
			dst = append(dst, byte(acc))
			acc >>= 8
			nbits -= 8
		}
	}
	for range groups*8 - len(vals) { // padding
		nbits += w
		for nbits >= 8 {
			dst = append(dst, byte(acc))
			acc >>= 8
			nbits -= 8
		}
	}
	return dst
}

// appendHybrid appends vals in Parquet's RLE/bit-packed hybrid encoding at
// bit width w (without a length prefix): runs of 8 or more equal values
// as RLE runs, the rest bit-packed in groups of 8.
func appendHybrid[T uint8 | uint32](dst []byte, vals []T, w uint) []byte {
	lit, i, n := 0, 0, len(vals)
	for i < n {
		v := vals[i]
		j := i + 1
		for j < n && vals[j] == v {
			j++
		}
		if j-i >= 8 {
			// The literals before the run must be whole groups of 8: the
			// run lends them its first values.
			pad := (8 - (i-lit)%8) % 8
			if j-i-pad >= 8 {
				dst = appendBitPacked(dst, vals[lit:i+pad], w)
				dst = appendRLERun(dst, uint32(v), j-i-pad, w)
				lit = j
			}
		}
		i = j
	}
	return appendBitPacked(dst, vals[lit:], w)
}
