package pipeline

import (
	"bufio"
	"bytes"
	_ "embed" // the default record definition file
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/hrgflow/hrgflow/pipeline/validate"
	"github.com/hrgflow/hrgflow/schemas"
)

// Layout names an input layout.
type Layout uint8

// The input layouts.
const (
	// LayoutAuto chooses the layout of each file from its first row.
	LayoutAuto Layout = iota
	// LayoutHES is a HES extract: a header row of HES field names, any
	// subset in any order.
	LayoutHES
	// LayoutGrouper is the official HRG4+ grouper's APC layout: columns by
	// position as a record definition file (RDF) maps them, with or without
	// a header row.
	LayoutGrouper
)

// String returns the layout's name as --layout takes it.
func (l Layout) String() string {
	switch l {
	case LayoutHES:
		return "hes"
	case LayoutGrouper:
		return "grouper"
	}
	return "auto"
}

// ParseLayout parses a --layout value: auto, hes or grouper.
func ParseLayout(s string) (Layout, error) {
	switch strings.ToLower(s) {
	case "", "auto":
		return LayoutAuto, nil
	case "hes":
		return LayoutHES, nil
	case "grouper":
		return LayoutGrouper, nil
	}
	return LayoutAuto, fmt.Errorf("unknown layout %q: want auto, hes or grouper", s)
}

// TableError is a problem at a position in a record definition file; see schemas.TableError.
type TableError = schemas.TableError

// RDFField is one line of a record definition file.
type RDFField struct {
	// Display is the field's display name (first slot).
	Display string
	// Internal is the grouper's internal field name (second slot).
	Internal string
	// Position is the 1-based column position (third slot).
	Position int
	// StripChars are characters removed from values before use (seventh
	// slot; "." in the 99-code layout).
	StripChars string
}

// RDF is a parsed record definition file of the official grouper.
type RDF struct {
	// Name is where the RDF came from (a path, or "default").
	Name string
	// Fields are the RDF lines in file order.
	Fields []RDFField
}

// Width returns the highest position the RDF maps.
func (r *RDF) Width() int {
	w := 0
	for _, f := range r.Fields {
		w = max(w, f.Position)
	}
	return w
}

//go:embed rdf/HRG4+_default_APC.rdf
var defaultRDF []byte

// DefaultRDF returns the official 2024/25 grouper's default 43-field APC
// layout.
func DefaultRDF() *RDF {
	r, err := ParseRDF(bytes.NewReader(defaultRDF), "default")
	if err != nil {
		panic("embedded default RDF: " + err.Error()) // a build defect, caught by tests
	}
	return r
}

// ParseRDF reads a record definition file: a first line `COMMA DELIMITED`,
// then one line per field `DisplayName,InternalName,Position,,,,Strip`.
// Errors name the file and line.
func ParseRDF(r io.Reader, name string) (*RDF, error) {
	sc := bufio.NewScanner(r)
	rdf := &RDF{Name: name}
	seen := map[int]int{}
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\ufeff"))
		if line == 1 {
			if !strings.EqualFold(text, "COMMA DELIMITED") {
				return nil, &TableError{File: name, Line: line, Msg: "first line must be COMMA DELIMITED (the only delimiter hrgflow reads)"}
			}
			continue
		}
		if text == "" {
			continue
		}
		slots := strings.Split(text, ",")
		if len(slots) < 3 {
			return nil, &TableError{File: name, Line: line, Msg: fmt.Sprintf("has %d comma-separated slots, want at least 3 (display name, internal name, position)", len(slots))}
		}
		pos, err := strconv.Atoi(strings.TrimSpace(slots[2]))
		if err != nil || pos < 1 {
			return nil, &TableError{File: name, Line: line, Field: "position", Msg: "not a positive whole number"}
		}
		if prev, dup := seen[pos]; dup {
			return nil, &TableError{File: name, Line: line, Field: "position", Msg: fmt.Sprintf("position %d is already mapped on line %d", pos, prev)}
		}
		seen[pos] = line
		f := RDFField{Display: strings.TrimSpace(slots[0]), Internal: strings.ToUpper(strings.TrimSpace(slots[1])), Position: pos}
		if len(slots) >= 7 {
			f.StripChars = strings.TrimSpace(slots[6])
		}
		if f.Internal == "" {
			return nil, &TableError{File: name, Line: line, Field: "internal name", Msg: "is empty"}
		}
		rdf.Fields = append(rdf.Fields, f)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading RDF %s: %w", name, err)
	}
	if line == 0 {
		return nil, &TableError{File: name, Line: 1, Msg: "file is empty"}
	}
	if len(rdf.Fields) == 0 {
		return nil, &TableError{File: name, Line: line, Msg: "maps no fields"}
	}
	return rdf, nil
}

// target says what to do with one input column.
type target struct {
	kind     schemas.Kind // storage kind: KindCode for Str, KindInt, KindDate
	slot     int
	field    uint16 // index of the field in schemas.Dictionary()
	name     string // the episode field name
	strip    string // characters to remove from the value
	overflow bool   // a repeated field beyond the Episode's capacity
	skip     bool   // a column hrgflow does not read
}

// columnMap maps the columns of one input file onto episode fields.
type columnMap struct {
	layout  Layout
	targets []target // by input column
	width   int      // fields a row must have
	header  bool     // the file's first row is a header
	ignored []string // input columns not read (names, or "column N")
	present validate.FieldSet
	// spellKey are the input columns whose values identify a provider
	// spell, in key order; empty when the input has none (every episode is
	// then a spell of its own).
	spellKey []int
	// spellKeyNames names the key fields, for logs and the manifest.
	spellKeyNames []string
}

// finish records which episode fields the map fills and chooses the spell
// key (DOMAIN.md §3.2): PROCODET + PROVSPNO in the official grouper layout;
// SUSSPELLID in HES extracts that carry it; otherwise patient + provider +
// ADMIDATE.
func (m *columnMap) finish() *columnMap {
	col := map[string]int{}
	for i, t := range m.targets {
		if !t.skip && !t.overflow {
			m.present.Add(int(t.field))
			col[t.name] = i
		}
	}
	for _, key := range [][]string{
		{"PROCODET", "PROVSPNO"}, {"PROVSPNO"}, {"SUSSPELLID"},
		{"PSEUDO_HESID", "PROCODE3", "ADMIDATE"}, {"TOKEN_PERSON_ID", "PROCODE3", "ADMIDATE"},
		{"PSEUDO_HESID", "PROCODET", "ADMIDATE"}, {"TOKEN_PERSON_ID", "PROCODET", "ADMIDATE"},
	} {
		cols := make([]int, 0, len(key))
		for _, name := range key {
			if i, ok := col[name]; ok {
				cols = append(cols, i)
			}
		}
		if len(cols) == len(key) {
			m.spellKey, m.spellKeyNames = cols, key
			break
		}
	}
	return m
}

// targetFor returns the target of an episode field.
func targetFor(f schemas.Field) target {
	kind := f.Kind
	if kind == schemas.KindID {
		kind = schemas.KindCode
	}
	return target{kind: kind, slot: f.Slot, field: uint16(f.Index), name: f.Name}
}

// hesColumnMap maps a HES extract's header. Exact names win over aliases
// (DIAG_01 over DIAG_4_01); among aliases the first listed wins.
func hesColumnMap(header []string) (*columnMap, error) {
	m := &columnMap{layout: LayoutHES, targets: make([]target, len(header)), width: len(header), header: true}
	rank := map[string]int{} // field name → rank of the column holding it
	holder := map[string]int{}
	for i, raw := range header {
		name := strings.ToUpper(strings.TrimSpace(raw))
		f, ok := schemas.Lookup(name)
		if !ok {
			m.targets[i] = target{skip: true}
			m.ignored = append(m.ignored, raw)
			continue
		}
		r := aliasRank(f, name)
		if prev, dup := holder[f.Name]; dup {
			if rank[f.Name] <= r {
				m.targets[i] = target{skip: true}
				m.ignored = append(m.ignored, raw)
				continue
			}
			m.targets[prev] = target{skip: true}
			m.ignored = append(m.ignored, header[prev])
		}
		holder[f.Name], rank[f.Name] = i, r
		m.targets[i] = targetFor(f)
	}
	if len(holder) == 0 {
		return nil, fmt.Errorf("no column of the header is a HES field name")
	}
	return m.finish(), nil
}

func aliasRank(f schemas.Field, name string) int {
	if f.Name == name {
		return 0
	}
	for i, a := range f.Aliases {
		if a == name {
			return i + 1
		}
	}
	return len(f.Aliases) + 1
}

// grouperColumnMap maps columns by RDF position. Repeated fields beyond the
// Episode's capacity (DIAG_21..DIAG_99) become overflow targets: a value
// there marks the row invalid rather than being dropped silently.
func grouperColumnMap(rdf *RDF, header bool) *columnMap {
	w := rdf.Width()
	m := &columnMap{layout: LayoutGrouper, targets: make([]target, w), width: w, header: header}
	for i := range m.targets {
		m.targets[i] = target{skip: true}
	}
	for _, rf := range rdf.Fields {
		i := rf.Position - 1
		if f, ok := schemas.Lookup(rf.Internal); ok {
			t := targetFor(f)
			t.strip = rf.StripChars
			m.targets[i] = t
			continue
		}
		if isRepeatedCode(rf.Internal) {
			m.targets[i] = target{overflow: true, name: rf.Internal}
			continue
		}
		m.ignored = append(m.ignored, rf.Internal)
	}
	return m.finish()
}

// isRepeatedCode reports whether name is DIAG_nn or OPER_nn.
func isRepeatedCode(name string) bool {
	for _, p := range []string{"DIAG_", "OPER_", "OPERTN_"} {
		if rest, ok := strings.CutPrefix(name, p); ok {
			_, err := strconv.Atoi(rest)
			return err == nil
		}
	}
	return false
}

// looksLikeGrouperHeader reports whether a first row is the header of the
// grouper layout: at least half the RDF's names at their positions.
func looksLikeGrouperHeader(fields []string, rdf *RDF) bool {
	hits := 0
	for _, rf := range rdf.Fields {
		if rf.Position <= len(fields) {
			v := strings.ToUpper(strings.TrimSpace(fields[rf.Position-1]))
			if v == rf.Internal || v == strings.ToUpper(rf.Display) {
				hits++
			}
		}
	}
	return hits*2 >= len(rdf.Fields)
}

// looksLikeHESHeader reports whether at least three fields of a first row
// are HES field names.
func looksLikeHESHeader(fields []string) bool {
	hits := 0
	for _, f := range fields {
		if _, ok := schemas.Lookup(strings.ToUpper(strings.TrimSpace(f))); ok {
			hits++
		}
	}
	return hits >= 3
}

// chooseColumnMap decides the layout of a file from its first row.
func chooseColumnMap(first []string, layout Layout, rdf *RDF) (*columnMap, error) {
	switch layout {
	case LayoutGrouper:
		return grouperColumnMap(rdf, looksLikeGrouperHeader(first, rdf)), nil
	case LayoutHES:
		return hesColumnMap(first)
	}
	if looksLikeGrouperHeader(first, rdf) {
		return grouperColumnMap(rdf, true), nil
	}
	if looksLikeHESHeader(first) {
		return hesColumnMap(first)
	}
	if len(first) >= rdf.Width() {
		return grouperColumnMap(rdf, false), nil
	}
	return nil, fmt.Errorf("cannot tell the layout: the first row is not a HES header and has %d fields, fewer than the %d of the grouper layout (%s); use --layout or --rdf", len(first), rdf.Width(), rdf.Name)
}
