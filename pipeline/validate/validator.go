package validate

import (
	"fmt"
	"math/bits"

	"github.com/hrgflow/hrgflow/internal/codelist"
	"github.com/hrgflow/hrgflow/pipeline/domains"
	"github.com/hrgflow/hrgflow/schemas"
)

// FieldSet is a set of episode fields by dictionary index: the columns an
// input file supplies. Rules about a field the input does not carry are
// skipped, so a grouper-layout file (no dates, no SITETRET) is not flagged
// on every row for what its layout cannot hold.
type FieldSet [(schemas.NumStr + schemas.NumInt + schemas.NumDate + schemas.NumI64 + 63) / 64]uint64

// Add puts the field with dictionary index i in the set.
func (s *FieldSet) Add(i int) { s[i/64] |= 1 << (i % 64) }

// Has reports whether the field with dictionary index i is in the set.
func (s *FieldSet) Has(i int) bool { return s[i/64]&(1<<(i%64)) != 0 }

// Dictionary indexes of the fields rules name, fixed at initialisation.
var (
	fDISDATE  = fieldIndex("DISDATE")
	fDISDEST  = fieldIndex("DISDEST")
	fDISMETH  = fieldIndex("DISMETH")
	fELECDATE = fieldIndex("ELECDATE")
	fEPIDUR   = fieldIndex("EPIDUR")
	fEPIEND   = fieldIndex("EPIEND")
	fEPIORDER = fieldIndex("EPIORDER")
	fEPISTART = fieldIndex("EPISTART")
	fEPISTAT  = fieldIndex("EPISTAT")
	fEPITYPE  = fieldIndex("EPITYPE")
	fPURCODE  = fieldIndex("PURCODE")
	fSEX      = fieldIndex("SEX")
	fSITETRET = fieldIndex("SITETRET")
	fSTARTAGE = fieldIndex("STARTAGE")
)

// fieldIndex returns the dictionary index of a field as findings hold it.
func fieldIndex(name string) uint16 { return uint16(schemas.MustIndex(name)) }

// domainField is a coded field checked against its HES value list.
type domainField struct {
	slot      int
	field     int // dictionary index
	domain    *domains.Domain
	table     *domainTable
	mandatory bool // the official grouper needs it
	noUnknown bool // the official grouper rejects its not-known codes
}

// Validator applies the rule catalogue to episodes. It is immutable after
// New and safe for concurrent use.
type Validator struct {
	codes  *codelist.Table
	diags  diagTable
	fields []fieldCheck
	diag   [schemas.MaxDiagnoses]uint16 // dictionary index of DIAG_nn
	oper   [schemas.MaxProcedures]uint16
	opdate [schemas.MaxProcedures]uint16
}

// domainFields are the coded fields checked against the HES value lists;
// mandatory ones are those the official grouper validates (DOMAIN.md §4.2).
// The official grouper rejects TRETSPEF and MAINSPEF '&' and CLASSPAT 9
// (DOMAIN.md §4.2); other not-known codes (DISMETH 8 on a non-final
// episode, DISDEST 98) are normal.
var domainFields = []struct {
	name                 string
	mandatory, noUnknown bool
}{
	{"ADMIMETH", true, false}, {"ADMISORC", true, false}, {"CLASSPAT", true, true}, {"DISDEST", true, false},
	{"DISMETH", true, false}, {"MAINSPEF", true, true}, {"TRETSPEF", true, true}, {"SEX", false, false},
	{"ADMINCAT", false, false}, {"EPISTAT", false, false}, {"EPITYPE", false, false}, {"ETHNOS", false, false},
}

// New builds a validator over reference code lists.
func New(codes *codelist.Table) (*Validator, error) {
	v := &Validator{codes: codes, diags: newDiagTable(codes)}
	for n := range schemas.MaxDiagnoses {
		v.diag[n] = fieldIndex(fmt.Sprintf("DIAG_%02d", n+1))
	}
	for n := range schemas.MaxProcedures {
		v.oper[n] = fieldIndex(fmt.Sprintf("OPERTN_%02d", n+1))
		v.opdate[n] = fieldIndex(fmt.Sprintf("OPDATE_%02d", n+1))
	}
	var dfs []domainField
	for _, df := range domainFields {
		d, ok := domains.Lookup(df.name)
		if !ok {
			return nil, fmt.Errorf("no HES value list for %s", df.name)
		}
		f, _ := schemas.Lookup(df.name)
		dfs = append(dfs, domainField{slot: f.Slot, field: f.Index, domain: d, table: newDomainTable(d), mandatory: df.mandatory, noUnknown: df.noUnknown})
	}
	_, v.fields = newCodedRules(dfs)
	return v, nil
}

// check is the state of validating one episode. It is kept small: it is
// zeroed for every episode.
type check struct {
	v       *Validator
	e       *schemas.Episode
	present *FieldSet
	out     *[]Finding
	arena   *[]byte
	idx     int32
	first   int // index in *out of the episode's first finding
	date    schemas.Date
	fy      int // index of date's financial year in domain tables, or -1
	age     int // whole years; -1 when not known
	sex     byte

	// changed has bit n for DIAG_(n+1) and bit MaxDiagnoses+n for
	// OPERTN_(n+1) when normalisation changed the position's text. The
	// raw text stays in e.Str until writeRaw has copied it to CodesRaw;
	// the clean text is then the packed code's (or "" for a '-' diagnosis).
	changed uint64
	// placeholders has bit n when OPERTN_(n+1) changed and is an
	// X99.7–X99.9 placeholder: its clean code is in e.OPCS[n] only until
	// writeRaw has written the clean text.
	placeholders uint32
	primaryBlank bool          // DIAG_01 is empty or '-'
	primaryCode  schemas.ICD10 // DIAG_01 as normalised, valid or not
}

// flag appends a finding. It is kept out of line: rules seldom fail, and
// an inlined append in every rule would crowd the hot loops' registers.
//
//go:noinline
func (c *check) flag(id RuleID, field uint16) {
	*c.out = append(*c.out, Finding{Episode: c.idx, Rule: id, Field: field})
}

func (c *check) has(field uint16) bool { return c.present.Has(int(field)) }

// flagged reports whether the episode already has a finding on field.
func (c *check) flagged(field uint16) bool {
	for _, f := range (*c.out)[c.first:] {
		if f.Field == field {
			return true
		}
	}
	return false
}

// Validate runs every rule on e, the episode at index idx of its batch,
// appending a Finding per failed rule to out. It normalises the diagnosis
// and procedure codes in place (clean text into arena, packed codes into
// e.ICD and e.OPCS) and records the raw values that changed in CodesRaw.
// present lists the fields the input supplies. Findings the decoder made
// for the same episode must already be in out.
func (v *Validator) Validate(e *schemas.Episode, present *FieldSet, idx int32, out *[]Finding, arena *[]byte) {
	first := len(*out)
	for first > 0 && (*out)[first-1].Episode == idx {
		first--
	}
	c := check{v: v, e: e, present: present, out: out, arena: arena, idx: idx, first: first}
	c.date = episodeDate(e)
	c.fy = fyIndex(c.date)
	c.age = AgeYears(e.Int[schemas.STARTAGE])
	if s := e.Str[schemas.SEX]; len(s) == 1 && (s[0] == '1' || s[0] == '2') {
		c.sex = s[0]
	}
	c.diagnoses()
	c.primary()
	c.procedures()
	c.dates()
	c.status()
	c.demographics()
	c.fieldDomains()
	c.organisations()
	c.writeRaw()
}

// episodeDate is the date validation is effective on: the episode's end,
// else its start, admission or discharge date.
func episodeDate(e *schemas.Episode) schemas.Date {
	for _, s := range [...]int{schemas.EPIEND, schemas.EPISTART, schemas.ADMIDATE, schemas.DISDATE} {
		if d := e.Date[s]; d.Valid() {
			return d
		}
	}
	return schemas.NullDate
}

// AgeYears maps STARTAGE to whole years: infant codes 7001–7007 are age 0;
// 999 and anything else out of range are unknown (-1).
func AgeYears(a int32) int {
	switch {
	case a >= 0 && a <= 130:
		return int(a)
	case a >= 7001 && a <= 7007:
		return 0
	}
	return -1
}

// writeRaw stores the changed raw values as `FIELD=raw;…` in CodesRaw, in
// position order (diagnoses, then procedures), and puts the clean texts in
// their slots.
func (c *check) writeRaw() {
	if c.changed == 0 {
		return
	}
	e := c.e
	a := *c.arena
	start := len(a)
	for m := c.changed; m != 0; m &= m - 1 {
		if len(a) > start {
			a = append(a, ';')
		}
		n := bits.TrailingZeros64(m)
		name, slot := c.position(n)
		a = append(a, name...)
		a = append(a, '=')
		a = append(a, e.Str[slot]...)
	}
	e.Str[schemas.CodesRaw] = bytesString(a[start:len(a):len(a)])
	for m := c.changed; m != 0; m &= m - 1 {
		n := bits.TrailingZeros64(m)
		_, slot := c.position(n)
		from := len(a)
		if n < schemas.MaxDiagnoses {
			a = e.ICD[n].AppendText(a) // nothing for a '-' (ICD 0)
		} else {
			a = e.OPCS[n-schemas.MaxDiagnoses].AppendText(a)
		}
		e.Str[slot] = bytesString(a[from:len(a):len(a)])
	}
	*c.arena = a
	for m := c.placeholders; m != 0; m &= m - 1 {
		e.OPCS[bits.TrailingZeros32(m)] = 0
	}
}

// position returns the field name and Str slot of bit n of check.changed.
func (c *check) position(n int) (string, int) {
	if n < schemas.MaxDiagnoses {
		return schemas.Dictionary()[c.v.diag[n]].Name, schemas.DIAG_01 + n
	}
	n -= schemas.MaxDiagnoses
	return schemas.Dictionary()[c.v.oper[n]].Name, schemas.OPERTN_01 + n
}
