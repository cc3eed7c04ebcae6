// Command gendomains generates pipeline/domains/domains_gen.go, the
// effective-dated value domains of coded HES APC fields, from the HES APC
// data dictionary extract pipeline/domains/data/hes_apc_metadata.json. Run
// it with `go generate ./pipeline/domains`; a test fails when the checked-in
// file is stale.
//
// The dictionary's value lists are free text. The generator reads each line
// of a field's Values as one of: a code line (`11 = Waiting list`, `0=
// White`, `Null = Other Maternity Event`), a continuation of the previous
// code line (`- transfer of ...`), a period heading (`From 2022-23
// onwards:`, `From 1996-97 to 2022-23:`, `Prior to April 1996:`) that
// bounds the codes below it, a section heading (a line ending in a colon,
// with no year, such as `Elective Admission, ...:`), or a blank line. A
// code's own period comes from a date annotation in parentheses at the end
// of its entry. Anything else — an unknown line shape, a parenthesis with a
// year that is not at the end or does not parse, a leftover non-ASCII
// character — fails the run, naming the field and line. Irregular lines are
// resolved by hand in the override table below, never by guessing; an
// override that no longer matches a line also fails the run.
//
// See the package documentation of pipeline/domains for how periods read
// the dictionary's dates.
package main

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/format"
	"log"
	"math"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/hrgflow/hrgflow/schemas"
)

// fields are the dictionary fields turned into domains. Besides the
// validated episode fields, the short derived flags are cheap to check and
// catch column shifts in extracts.
var fields = []string{
	"ADMIMETH", "ADMISORC", "ADMINCAT", "CLASSPAT", "DISMETH", "DISDEST",
	"EPISTAT", "EPITYPE", "SEX", "ETHNOS", "MAINSPEF", "TRETSPEF",
	"ADMINCATST", "SPELBGIN", "SPELEND", "FAE", "FAE_EMERGENCY", "FCE", "FDE",
	"WAITLIST", "CCG_RESPONSIBILITY_ORIGIN", "CCG_TREATMENT_ORIGIN",
	"PCTORIG_HIS", "GORTREAT", "RESGOR",
}

// override rewrites one irregular dictionary line before it is read. The
// line is matched exactly after cleaning (mojibake replaced, runs of white
// space collapsed, ends trimmed).
type override struct {
	field string
	line  string
	// with replaces the line; "" drops it.
	with string
}

// overrides are the hand-resolved lines, each with the reason for its
// reading.
var overrides = []override{
	// A narrative note between code lines, not a code.
	{"ADMIMETH", "Note that this does not include a transfer from another Hospital Provider (see 81 below).", ""},
	// The last example of code 28 ("Other means, examples are: ...") carries
	// "(retired on 2022-23)": that example moved to its own code 2C; code 28
	// itself stays valid in the NHS Data Dictionary. Read as a plain example,
	// so 28 is not retired (reading it as retiring 28 flagged every
	// "other means" admission after April 2022).
	{"ADMIMETH", "- baby born at home as intended (retired on 2022-23)",
		"- baby born at home as intended (an example that moved to 2C)"},
	// Bare years. Read as the financial years 1999-00 to 2006-07, the
	// window the dictionary gives every other high security psychiatric
	// hospital code (ADMISORC 30, 38, 48, 50).
	{"ADMIMETH", "84 = Admission by Admissions Panel of a High Security Psychiatric Hospital, patient not entered on the HSPH Admissions Waiting List (available between 1999 and 2006)",
		"84 = Admission by Admissions Panel of a High Security Psychiatric Hospital, patient not entered on the HSPH Admissions Waiting List (1999-00 to 2006-07)"},
	{"ADMIMETH", "89 = HSPH Admissions Waiting List of a High Security Psychiatric Hospital (available between 1999 and 2006)",
		"89 = HSPH Admissions Waiting List of a High Security Psychiatric Hospital (1999-00 to 2006-07)"},
	// "to 2022-23" names the switch year, not the last year: 42 Police
	// Station / Police Custody Suite takes over in 2022-23, when ADMISORC
	// retires its police and court codes ("retired in 2022-23"). Read like
	// "retired in 2022-23": valid to 31 March 2022.
	{"DISDEST", "38 = Penal establishment - police station (1999-2000 to 2022-23)",
		"38 = Penal establishment - police station (1999-2000 to 2021-22)"},
	// Same reading: the next heading is "From 2022-23 onwards" and the two
	// lists cannot both hold in 2022-23 (0 and X both mean not known).
	// DOMAIN.md §7 row 16: SEX 0 -> X from 2022-23.
	{"SEX", "From 1996-97 to 2022-23:", "From 1996-97 to 2021-22:"},
	// A bare calendar year. HES code lists change on 1 April, so "prior to
	// 2013" and "2013 onwards" are read as the switch at the start of the
	// financial year 2013-14 (DOMAIN.md: ETHNOS X -> 99 in 2013).
	{"ETHNOS", "X = Not known (prior to 2013)", "X = Not known (retired in 2013-14)"},
	{"ETHNOS", "99 = Not known (2013 onwards)", "99 = Not known (from 2013-14)"},
	// The retirement is not at the end of the entry and is qualified: the
	// code "is retained for consultants qualified in this Main Specialty
	// prior to 1 April 2010", so it stays valid on any date.
	{"MAINSPEF", "312 = Clinical Cytogenetics and Molecular Genetics (Retired 1 April 2010). National Code 312 is retained for consultants qualified in this Main Specialty prior to 1 April 2010",
		"312 = Clinical Cytogenetics and Molecular Genetics"},
	// " - " for " = ".
	{"WAITLIST", "1 - Patient who was admitted via the waiting list", "1 = Patient who was admitted via the waiting list"},
	{"WAITLIST", "0 - Patient not admitted via the waiting list", "0 = Patient not admitted via the waiting list"},
}

func main() {
	in := flag.String("in", "data/hes_apc_metadata.json", "HES APC data dictionary extract")
	out := flag.String("out", "domains_gen.go", "generated Go file")
	flag.Parse()
	src, err := os.ReadFile(*in)
	if err != nil {
		log.Fatal(err)
	}
	code, err := generate(src, *in, fields, overrides)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, code, 0o644); err != nil {
		log.Fatal(err)
	}
}

// LineError is a dictionary line the generator could not read.
type LineError struct {
	File  string
	Field string
	// Line is the 1-based line within the field's Values text, or 0 for
	// the field as a whole.
	Line int
	Text string
	Msg  string
}

// Error returns "file: FIELD line N: msg: "text"".
func (e *LineError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %s: %s", e.File, e.Field, e.Msg)
	}
	return fmt.Sprintf("%s: %s line %d: %s: %q", e.File, e.Field, e.Line, e.Msg, e.Text)
}

// entry is one field of the dictionary extract.
type entry struct {
	Field        string `json:"Field"`
	Name         string `json:"Field name"`
	Format       string `json:"Format"`
	Availability string `json:"Availability"`
	Values       string `json:"Values"`
}

// code is one code of a domain during one period [from, to).
type code struct {
	value    string
	from, to schemas.Date
	unknown  bool
	label    string
}

// domain is one generated field domain.
type domain struct {
	field, name, format, availability string
	null                              string
	padZero                           bool
	codes                             []code
}

// generate reads the domains of the fields want from the dictionary
// extract src (named file in errors), applying the overrides ovs, and
// returns the formatted domains_gen.go.
func generate(src []byte, file string, want []string, ovs []override) ([]byte, error) {
	var entries []entry
	if err := json.Unmarshal(src, &entries); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	byField := make(map[string]entry, len(entries))
	for _, e := range entries {
		byField[e.Field] = e
	}
	used := make([]bool, len(ovs))
	var doms []domain
	var errs []error
	failed := map[string]bool{}
	for _, f := range want {
		e, ok := byField[f]
		if !ok {
			errs = append(errs, &LineError{File: file, Field: f, Msg: "field not in the dictionary"})
			failed[f] = true
			continue
		}
		d, err := parseField(e, file, ovs, used)
		if err != nil {
			errs = append(errs, err)
			failed[f] = true
			continue
		}
		doms = append(doms, d)
	}
	// The overrides of a field that failed may not have been reached.
	for i, u := range used {
		if !u && !failed[ovs[i].field] {
			errs = append(errs, &LineError{File: file, Field: ovs[i].field,
				Msg: fmt.Sprintf("override matches no line: %q", ovs[i].line)})
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	slices.SortFunc(doms, func(a, b domain) int { return strings.Compare(a.field, b.field) })
	return render(doms)
}

var (
	codeLine  = regexp.MustCompile(`^([0-9A-Z&]{1,3}|Null) ?= ?(.*)$`)
	yearRE    = regexp.MustCompile(`\b(1[89]|20)\d\d\b`)
	cleanText = strings.NewReplacer(
		"\r", "",
		"\u00c2\u00a0", " ", // UTF-8 no-break space read as Latin-1 and re-encoded
		"\u00a0", " ",
		"\u00e2\u20ac\u2122", "'", // right single quotation mark, same mojibake
		"\u00e2\u20ac\u201c", "-", // en dash, same mojibake
	)
)

// pending is a code entry being read: its code line and continuations.
type pending struct {
	line  int
	value string
	text  string
}

// reader holds the state of reading one field's Values.
type reader struct {
	file   string
	e      entry
	ctx    period // the current period heading's bounds
	cur    *pending
	d      domain
	nulled bool
}

// parseField reads the value list of one dictionary field.
func parseField(e entry, file string, ovs []override, used []bool) (domain, error) {
	r := &reader{file: file, e: e, ctx: period{noStart, noEnd},
		d: domain{field: e.Field, name: clean(e.Name), format: clean(e.Format), availability: clean(e.Availability)}}
	for i, raw := range strings.Split(cleanText.Replace(e.Values), "\n") {
		n := i + 1
		t := clean(raw)
		for j, o := range ovs {
			if o.field == e.Field && o.line == t {
				t, used[j] = o.with, true
			}
		}
		if err := r.line(n, t); err != nil {
			return domain{}, err
		}
	}
	if err := r.flush(); err != nil {
		return domain{}, err
	}
	return r.finish()
}

// line reads one cleaned line.
func (r *reader) line(n int, t string) error {
	for _, c := range t {
		if c > 0x7e {
			return r.errorf(n, t, "unexpected character %q", c)
		}
	}
	switch m := codeLine.FindStringSubmatch(t); {
	case t == "":
		return r.flush()
	case m != nil:
		if err := r.flush(); err != nil {
			return err
		}
		r.cur = &pending{line: n, value: m[1], text: m[2]}
		return nil
	case strings.HasPrefix(t, "- "):
		if r.cur == nil {
			return r.errorf(n, t, "continuation line without a code line before it")
		}
		sep := "; "
		if strings.HasSuffix(r.cur.text, ":") {
			sep = " "
		}
		r.cur.text += sep + strings.TrimPrefix(t, "- ")
		return nil
	case strings.HasSuffix(t, ":") && (strings.HasPrefix(t, "From ") || strings.HasPrefix(t, "Prior to ")):
		if err := r.flush(); err != nil {
			return err
		}
		p, err := parseHeading(strings.TrimSuffix(t, ":"))
		if err != nil {
			return r.errorf(n, t, "period heading: %v", err)
		}
		r.ctx = p
		return nil
	case strings.HasSuffix(t, ":") && !yearRE.MatchString(t):
		return r.flush() // section heading: "Elective Admission, ...:"
	}
	return r.errorf(n, t, "not a code line, continuation, period heading or section heading")
}

// flush turns the pending entry into codes.
func (r *reader) flush() error {
	p := r.cur
	if p == nil {
		return nil
	}
	r.cur = nil
	label, periods, err := splitAnnotation(p.text)
	if err != nil {
		return r.errorf(p.line, p.value+" = "+p.text, "%v", err)
	}
	if label == "" {
		return r.errorf(p.line, p.value+" = "+p.text, "empty label")
	}
	if p.value == "Null" {
		if r.nulled || periods != nil {
			return r.errorf(p.line, p.text, "Null listed twice or with dates")
		}
		r.d.null, r.nulled = label, true
		return nil
	}
	if periods == nil {
		periods = []period{{noStart, noEnd}}
	}
	for _, q := range periods {
		q = q.intersect(r.ctx)
		if q.from >= q.to {
			return r.errorf(p.line, p.value+" = "+p.text, "period is empty under the heading")
		}
		r.d.codes = append(r.d.codes, code{value: p.value, from: q.from, to: q.to, unknown: isUnknown(label), label: label})
	}
	return nil
}

// finish sorts the codes, merges contiguous periods with the same label
// and rejects overlapping periods of one code.
func (r *reader) finish() (domain, error) {
	d := r.d
	if len(d.codes) == 0 {
		return domain{}, &LineError{File: r.file, Field: d.field, Msg: "no codes"}
	}
	slices.SortStableFunc(d.codes, func(a, b code) int {
		return cmp.Or(cmp.Compare(pack(a.value), pack(b.value)), cmp.Compare(a.from, b.from))
	})
	merged := d.codes[:1]
	for _, c := range d.codes[1:] {
		last := &merged[len(merged)-1]
		switch {
		case c.value != last.value:
		case c.from < last.to:
			return domain{}, &LineError{File: r.file, Field: d.field,
				Msg: fmt.Sprintf("code %s has overlapping periods", c.value)}
		case c.from == last.to && c.label == last.label && c.unknown == last.unknown:
			last.to = c.to
			continue
		}
		merged = append(merged, c)
	}
	d.codes = merged
	// A one-character value stands for a two-character code with a
	// leading zero when the field's codes are written zero-padded
	// (ADMINCAT 01-04): see Domain.Check.
	for _, c := range d.codes {
		if len(c.value) == 2 && c.value[0] == '0' {
			d.padZero = true
		}
	}
	return d, nil
}

func (r *reader) errorf(n int, text, format string, args ...any) error {
	return &LineError{File: r.file, Field: r.e.Field, Line: n, Text: text, Msg: fmt.Sprintf(format, args...)}
}

// clean collapses runs of white space and trims the ends.
func clean(s string) string {
	return strings.Join(strings.Fields(cleanText.Replace(s)), " ")
}

// unknownPrefixes and the suffix "not known" mark the national "not known"
// and "not applicable" codes (98, 99, 8, 9, &, X, Z, Y ...). Labels are
// matched, not codes, because 9 is "not known" in CLASSPAT but
// "indeterminate" in SEX; and only at the ends, because MAINSPEF 199
// ("Non-UK Provider - Specialty Function Not Known, Treatment Mainly
// Surgical") carries information.
var unknownPrefixes = []string{"not applicable", "not known", "not stated", "not given", "unknown"}

func isUnknown(label string) bool {
	l := strings.ToLower(label)
	for _, p := range unknownPrefixes {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	return strings.HasSuffix(l, "not known")
}

// pack mirrors pipeline/domains.pack: length in the top byte, then the
// bytes left-aligned. A test in package domains checks the generated keys.
func pack(v string) uint32 {
	k := uint32(len(v)) << 24
	for i := 0; i < len(v); i++ {
		k |= uint32(v[i]) << (16 - 8*i)
	}
	return k
}

// render writes domains_gen.go.
func render(doms []domain) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("// Code generated by pipeline/domains/internal/gendomains from data/hes_apc_metadata.json. DO NOT EDIT.\n\n")
	b.WriteString("package domains\n\n")
	b.WriteString("// domainTable holds the domains sorted by field name, for Lookup.\n")
	b.WriteString("var domainTable = [...]Domain{\n")
	for _, d := range doms {
		fmt.Fprintf(&b, "\t// %s: %s, %d codes.\n\t{\n", d.field, d.name, distinct(d.codes))
		fmt.Fprintf(&b, "\t\tfield: %q,\n\t\tname: %q,\n\t\tformat: %q,\n\t\tavailability: %q,\n",
			d.field, d.name, d.format, d.availability)
		if d.null != "" {
			fmt.Fprintf(&b, "\t\tnull: %q,\n", d.null)
		}
		if d.padZero {
			b.WriteString("\t\tpadZero: true,\n")
		}
		b.WriteString("\t\tkeys: []uint32{")
		for i, c := range d.codes {
			if i%8 == 0 {
				b.WriteString("\n\t\t\t")
			} else {
				b.WriteByte(' ')
			}
			fmt.Fprintf(&b, "%#08x,", pack(c.value))
		}
		b.WriteString("\n\t\t},\n\t\tcodes: []Code{\n")
		for _, c := range d.codes {
			fmt.Fprintf(&b, "\t\t\t{Value: %q, From: %s, To: %s, ", c.value, dateLit(c.from), dateLit(c.to))
			if c.unknown {
				b.WriteString("Unknown: true, ")
			}
			fmt.Fprintf(&b, "Label: %s},\n", strconv.Quote(c.label))
		}
		b.WriteString("\t\t},\n\t},\n")
	}
	b.WriteString("}\n")
	return format.Source(b.Bytes())
}

// distinct counts the distinct code values of a sorted code list.
func distinct(codes []code) int {
	n := 0
	for i, c := range codes {
		if i == 0 || c.value != codes[i-1].value {
			n++
		}
	}
	return n
}

// dateLit writes a period end as Go: NoStart, NoEnd or the day number with
// its date in a comment.
func dateLit(d schemas.Date) string {
	switch d {
	case noStart:
		return "NoStart"
	case noEnd:
		return "NoEnd"
	}
	return fmt.Sprintf("%d /* %s */", int32(d), d)
}

// The open ends of a period, equal to pipeline/domains.NoStart and NoEnd.
const (
	noStart schemas.Date = math.MinInt32 + 1
	noEnd   schemas.Date = math.MaxInt32
)

// period is a half-open range of dates [from, to).
type period struct{ from, to schemas.Date }

func (p period) intersect(q period) period {
	return period{max(p.from, q.from), min(p.to, q.to)}
}

var (
	// fyRE reads a financial year: 2013-14, 2013/14, 1999-00, 1999-2000.
	fyRE = regexp.MustCompile(`^(\d{4})[-/](\d{2}|\d{4})$`)
	// dayRE reads a date: 1 April 2004, or April 2013 for the 1st.
	dayRE  = regexp.MustCompile(`^(?:(\d{1,2}) )?([a-z]+) (\d{4})$`)
	months = []string{"january", "february", "march", "april", "may", "june", "july",
		"august", "september", "october", "november", "december"}
)

// splitAnnotation splits a code's text into its label and the periods of
// the date annotation that ends it: a parenthesis with a year in it. The
// periods are nil when there is no annotation. A parenthesis with a year
// anywhere else is an error.
func splitAnnotation(text string) (string, []period, error) {
	label := text
	var periods []period
	if open := strings.LastIndexByte(text, '('); open >= 0 && strings.HasSuffix(text, ")") &&
		yearRE.MatchString(text[open:]) {
		var err error
		if periods, err = parseAnnotation(text[open+1 : len(text)-1]); err != nil {
			return "", nil, err
		}
		label = strings.TrimSpace(text[:open])
	}
	for rest := label; ; {
		open := strings.IndexByte(rest, '(')
		if open < 0 {
			break
		}
		rest = rest[open+1:]
		inner, _, _ := strings.Cut(rest, ")")
		if yearRE.MatchString(inner) {
			return "", nil, fmt.Errorf("date annotation (%s) is not at the end of the entry", inner)
		}
	}
	return label, periods, nil
}

// parseAnnotation reads the inside of a date annotation: one or more
// clauses joined by " and ", each giving one period ("1999-00 to 2006-07
// and from 2022-23" is two periods).
func parseAnnotation(s string) ([]period, error) {
	var out []period
	for _, c := range strings.Split(strings.ToLower(s), " and ") {
		p, ok := parseClause(strings.TrimSpace(c))
		if !ok {
			return nil, fmt.Errorf("unreadable date annotation (%s)", s)
		}
		out = append(out, p)
	}
	return out, nil
}

// parseClause reads one clause of a date annotation, in lower case.
func parseClause(c string) (period, bool) {
	for _, prefix := range []string{"available from ", "from ", "introduced "} {
		if rest, ok := strings.CutPrefix(c, prefix); ok {
			d, ok := when(strings.TrimSuffix(rest, " onwards"))
			return period{d, noEnd}, ok
		}
	}
	if rest, ok := strings.CutPrefix(c, "retired in "); ok {
		// Retired in a financial year: not valid during it (see the
		// package documentation of pipeline/domains).
		y, ok := fy(rest)
		return period{noStart, y.from}, ok
	}
	if rest, ok := strings.CutPrefix(c, "retired "); ok {
		d, ok := day(rest)
		return period{noStart, d}, ok
	}
	if rest, ok := strings.CutPrefix(c, "until "); ok {
		// Until a financial year: valid during it.
		y, ok := fy(rest)
		return period{noStart, y.to}, ok
	}
	if a, b, ok := strings.Cut(c, " to "); ok {
		// From one financial year to another, both included.
		ya, oka := fy(a)
		yb, okb := fy(b)
		return period{ya.from, yb.to}, oka && okb && ya.from < yb.to
	}
	return period{}, false
}

// parseHeading reads a period heading without its colon: "From 2022-23
// onwards", "From 1996-97 to 2021-22", "Prior to April 1996".
func parseHeading(s string) (period, error) {
	l := strings.ToLower(s)
	if rest, ok := strings.CutPrefix(l, "prior to "); ok {
		if d, ok := when(rest); ok {
			return period{noStart, d}, nil
		}
	}
	if rest, ok := strings.CutPrefix(l, "from "); ok {
		if y, ok := strings.CutSuffix(rest, " onwards"); ok {
			if d, ok := when(y); ok {
				return period{d, noEnd}, nil
			}
		}
		if a, b, ok := strings.Cut(rest, " to "); ok {
			ya, oka := fy(a)
			yb, okb := fy(b)
			if oka && okb && ya.from < yb.to {
				return period{ya.from, yb.to}, nil
			}
		}
	}
	return period{}, errors.New("unreadable dates")
}

// when reads a financial year (giving its first day) or a date.
func when(s string) (schemas.Date, bool) {
	if y, ok := fy(s); ok {
		return y.from, true
	}
	return day(s)
}

// fy reads a financial year and returns it as a period, 1 April to 1 April.
// The second year must follow the first ("2013-15" is an error).
func fy(s string) (period, bool) {
	m := fyRE.FindStringSubmatch(s)
	if m == nil {
		return period{}, false
	}
	y, _ := strconv.Atoi(m[1])
	next, _ := strconv.Atoi(m[2])
	if len(m[2]) == 2 && next != (y+1)%100 || len(m[2]) == 4 && next != y+1 {
		return period{}, false
	}
	return period{schemas.DateOf(y, 4, 1), schemas.DateOf(y+1, 4, 1)}, true
}

// day reads "1 April 2004", or "April 2013" for the first of the month, in
// lower case.
func day(s string) (schemas.Date, bool) {
	m := dayRE.FindStringSubmatch(s)
	if m == nil {
		return 0, false
	}
	month := slices.Index(months, m[2]) + 1
	dd := 1
	if m[1] != "" {
		dd, _ = strconv.Atoi(m[1])
	}
	y, _ := strconv.Atoi(m[3])
	if month == 0 || dd < 1 || dd > 31 {
		return 0, false
	}
	return schemas.DateOf(y, month, dd), true
}
