package schemas

import "strings"

// ICD10 is a clean ICD-10 diagnosis code packed into a dense index, so that
// reference tables can be slices indexed by code. The zero value means no
// code.
//
// The clean form is a letter, two digits, a 4th character that is a digit
// or the X filler of an undivided 3-character category, and an optional 5th
// digit: I10X, A000, M8040, M45X0. A code packs as
//
//	1 + ((letter*100 + dd)*11 + c4)*11 + c5
//
// with letter 0–25, dd the two digits, c4 the 4th digit or 10 for X, and c5
// 0 for no 5th character or 1 + the 5th digit. Packed values sort in the
// same order as the clean text, so the codes of a category, or of a 4-char
// code and its 5th-character subdivisions, form one contiguous range.
// Dagger and asterisk markers are not part of the code; NormalizeICD10
// reports them as notes.
type ICD10 uint32

const (
	icd10C4   = 11                // 4th character: digits 0–9, 10 for the X filler
	icd10C5   = 11                // 5th character: 0 none, 1 + digit
	icd10Cat  = icd10C4 * icd10C5 // packed codes per 3-character category
	icd10X    = 10                // c4 value of the X filler
	icd10Cats = 26 * 100

	// NumICD10 is one more than the largest packed ICD10, the length of a
	// slice indexed by ICD10.
	NumICD10 = 1 + icd10Cats*icd10Cat
	// NumICD10Categories is the number of 3-character categories A00–Z99,
	// the length of a slice indexed by ICD10.CategoryIndex.
	NumICD10Categories = icd10Cats
)

// packICD10 packs a category index (letter*100 + dd), a 4th character
// value (0–9, 10 for X) and a 5th character value (0 none, 1 + digit).
func packICD10(cat, c4, c5 int) ICD10 {
	return ICD10(1 + (cat*icd10C4+c4)*icd10C5 + c5)
}

// ok reports whether c is a packed code (not zero, not out of range).
func (c ICD10) ok() bool { return c != 0 && c < NumICD10 }

// parts unpacks c into category index, 4th and 5th character values.
func (c ICD10) parts() (cat, c4, c5 int) {
	i := int(c - 1)
	return i / icd10Cat, i / icd10C5 % icd10C4, i % icd10C5
}

// Letter returns the first character of c ('A'–'Z'), or 0 for the zero or
// an out-of-range code.
func (c ICD10) Letter() byte {
	if !c.ok() {
		return 0
	}
	cat, _, _ := c.parts()
	return byte('A' + cat/100)
}

// Fourth returns the 4th character of c: a digit or 'X'; 0 for the zero
// or an out-of-range code.
func (c ICD10) Fourth() byte {
	if !c.ok() {
		return 0
	}
	if _, c4, _ := c.parts(); c4 != icd10X {
		return byte('0' + c4)
	}
	return 'X'
}

// Fifth returns the 5th character of c (a digit), or 0 when c has none.
func (c ICD10) Fifth() byte {
	if !c.ok() {
		return 0
	}
	if _, _, c5 := c.parts(); c5 != 0 {
		return byte('0' + c5 - 1)
	}
	return 0
}

// CategoryIndex returns the index of c's 3-character category, letter*100 +
// the two digits (A00 is 0, Z99 is 2599), for slices of length
// NumICD10Categories. It returns -1 for the zero or an out-of-range code.
func (c ICD10) CategoryIndex() int {
	if !c.ok() {
		return -1
	}
	cat, _, _ := c.parts()
	return cat
}

// Category returns c's 3-character category packed in its X-filler form
// with no 5th character: A000 and A009 give A00X, I10X gives I10X, M8040
// gives M80X. For an undivided category this is the code itself; for a
// subdivided one (A00) it names the category but is not a valid code.
func (c ICD10) Category() ICD10 {
	if !c.ok() {
		return 0
	}
	cat, _, _ := c.parts()
	return packICD10(cat, icd10X, 0)
}

// Code4 returns c without its 5th character (M8040 gives M804); a 4-char
// code is returned unchanged. It is the code a 4-character view such as
// HES DIAG_4_nn would hold.
func (c ICD10) Code4() ICD10 {
	if !c.ok() {
		return 0
	}
	return c - ICD10((c-1)%icd10C5)
}

// CategorySpan returns the first and last packed values of c's category
// (A000 and A00X9 for any code of A00): every code of the category lies in
// [first, last]. It returns zeros for the zero or an out-of-range code.
func (c ICD10) CategorySpan() (first, last ICD10) {
	if !c.ok() {
		return 0, 0
	}
	cat, _, _ := c.parts()
	return packICD10(cat, 0, 0), packICD10(cat, icd10X, icd10C5-1)
}

// Code4Span returns c's 4-char code and its last possible 5th-character
// extension (M804 and M8049 for M804 or M8040): every code that begins
// with c's first four characters lies in [first, last].
func (c ICD10) Code4Span() (first, last ICD10) {
	if !c.ok() {
		return 0, 0
	}
	first = c.Code4()
	return first, first + icd10C5 - 1
}

// Len returns the number of characters of c's clean form: 4, or 5 when it
// has a 5th character; 0 for the zero or an out-of-range code.
func (c ICD10) Len() int {
	switch {
	case !c.ok():
		return 0
	case (c-1)%icd10C5 != 0:
		return 5
	}
	return 4
}

// AppendText appends the clean form of c (I10X, A000, M8040) to b and
// returns the extended slice. It appends nothing for the zero or an
// out-of-range code, and does not allocate when b has room.
func (c ICD10) AppendText(b []byte) []byte {
	if !c.ok() {
		return b
	}
	cat, _, c5 := c.parts()
	b = append(b, byte('A'+cat/100), byte('0'+cat/10%10), byte('0'+cat%10), c.Fourth())
	if c5 != 0 {
		b = append(b, byte('0'+c5-1))
	}
	return b
}

// String returns the clean form of c (I10X, A000, M8040), or "" for the
// zero or an out-of-range code.
func (c ICD10) String() string {
	var buf [5]byte
	return string(c.AppendText(buf[:0]))
}

// OPCS4 is an OPCS-4 procedure code (a letter and three digits) packed into
// a dense index, 1 + letter*1000 + the three digits as a number. Packed
// values sort in the order of the code text. The zero value means no code.
type OPCS4 uint32

// NumOPCS4 is one more than the largest packed OPCS4, the length of a slice
// indexed by OPCS4.
const NumOPCS4 = 1 + 26*1000

// ok reports whether c is a packed code.
func (c OPCS4) ok() bool { return c != 0 && c < NumOPCS4 }

// Letter returns the chapter letter of c ('A'–'Z'), or 0 for the zero or
// an out-of-range code.
func (c OPCS4) Letter() byte {
	if !c.ok() {
		return 0
	}
	return byte('A' + (c-1)/1000)
}

// AppendText appends the clean form of c (W371) to b and returns the
// extended slice. It appends nothing for the zero or an out-of-range code,
// and does not allocate when b has room.
func (c OPCS4) AppendText(b []byte) []byte {
	if !c.ok() {
		return b
	}
	n := int(c-1) % 1000
	return append(b, c.Letter(), byte('0'+n/100), byte('0'+n/10%10), byte('0'+n%10))
}

// String returns the clean form of c (W371), or "" for the zero or an
// out-of-range code.
func (c OPCS4) String() string {
	var buf [4]byte
	return string(c.AppendText(buf[:0]))
}

// CodeNote is a set of bit flags saying what NormalizeICD10 or
// NormalizeOPCS4 changed or found in a raw code. A validator keeps the raw
// value and reports the notes it cares about.
type CodeNote uint16

// The notes a normaliser can report.
const (
	// NoteTrimmed means surrounding spaces, tabs, line ends or quotes were
	// removed.
	NoteTrimmed CodeNote = 1 << iota
	// NoteDot means the full stop after the 3rd character was removed
	// (A00.0).
	NoteDot
	// NoteLower means lower-case letters were raised (i10x).
	NoteLower
	// NoteXFiller means a 3-character code was given the X filler (I10
	// became I10X); whether the category is undivided is for a code table
	// to say.
	NoteXFiller
	// NoteDash5 means a '-' placeholder 5th character was dropped
	// (E114-D).
	NoteDash5
	// NoteDagger means the code carried a dagger marker: a D after the 4th
	// or 5th character (E114-D, E114D, M8040D) or the † sign.
	NoteDagger
	// NoteAsterisk means the code carried an asterisk marker: an A after
	// the 4th or 5th character (G632-A, G632A) or the '*' sign.
	NoteAsterisk
	// NoteOPCS5th means a local 5th character of an OPCS-4 code was
	// removed (W3711 became W371).
	NoteOPCS5th
)

var noteNames = [...]string{"trimmed", "dot", "lower", "x-filler", "dash5", "dagger", "asterisk", "opcs-5th"}

// String lists the names of the notes in n joined by "|" (for example
// "dot|x-filler"), or "none".
func (n CodeNote) String() string {
	if n == 0 {
		return "none"
	}
	var parts []string
	for i, name := range noteNames {
		if n&(1<<i) != 0 {
			parts = append(parts, name)
		}
	}
	if rest := n &^ (1<<len(noteNames) - 1); rest != 0 {
		parts = append(parts, "unknown")
	}
	return strings.Join(parts, "|")
}

// maxRaw bounds the clean characters a raw code may hold (ICD-10: 4th,
// 5th and marker characters after the category; OPCS-4: a local 5th).
const maxRaw = 6

// clean trims junk from raw, removes one dot after the 3rd character,
// raises lower case and maps the † and '*' markers to 'D' and 'A'. It
// writes at most maxRaw characters to buf and reports how many, with false
// when raw is too long or has a misplaced dot.
func clean(raw string, buf *[maxRaw]byte) (n int, notes CodeNote, ok bool) {
	s := trimJunk(raw)
	if len(s) != len(raw) {
		notes |= NoteTrimmed
	}
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch == '.':
			if n != 3 || notes&NoteDot != 0 || i == len(s)-1 {
				return 0, notes, false
			}
			notes |= NoteDot
			continue
		case ch >= 'a' && ch <= 'z':
			ch -= 'a' - 'A'
			notes |= NoteLower
		case ch == '*':
			ch = 'a' // marker; only valid as the last character
		case ch == 0xE2 && strings.HasPrefix(s[i:], "†"):
			ch = 'd'
			i += len("†") - 1
		}
		if n == maxRaw {
			return 0, notes, false
		}
		buf[n] = ch
		n++
	}
	return n, notes, true
}

// trimJunk removes surrounding spaces, tabs, line ends and quotes.
func trimJunk(s string) string {
	for len(s) > 0 && isJunk(s[0]) {
		s = s[1:]
	}
	for len(s) > 0 && isJunk(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	return s
}

func isJunk(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '"' || c == '\''
}

func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isLetter(c byte) bool { return c >= 'A' && c <= 'Z' }

// NormalizeICD10 parses a raw ICD-10 code as found in HES, a grouper
// input or a code list and returns it packed, with notes saying what was
// changed or found. It accepts the clean form (I10X, A000, M8040), dotted
// codes (A00.0, M80.40, i10.x), 3-character codes (I10, given the X filler
// and NoteXFiller), a '-' 5th character (J960-, dropped with NoteDash5) and
// a dagger or asterisk marker as 6th character (E114-D, E11.4-D, E114D,
// G63.2A, G632-A, or the signs † and *), each noted. Surrounding spaces and
// quotes are trimmed. Anything else is rejected with ok false: a first
// character that is not a letter, a non-digit 2nd or 3rd character, a 4th
// character that is neither a digit nor X, an X after the 4th character, a
// dot anywhere but between the 3rd and 4th characters, inner spaces, and
// codes too short or too long.
//
// NormalizeICD10 checks form only; whether the code exists, or whether the
// X filler suits its category, is for a code table to say. It does not
// allocate and is safe for concurrent use.
func NormalizeICD10(raw string) (code ICD10, notes CodeNote, ok bool) {
	var buf [maxRaw]byte
	n, notes, ok := clean(raw, &buf)
	if !ok || n < 3 || !isLetter(buf[0]) || !isDigit(buf[1]) || !isDigit(buf[2]) {
		return 0, notes, false
	}
	cat := int(buf[0]-'A')*100 + int(buf[1]-'0')*10 + int(buf[2]-'0')
	c4 := icd10X
	switch {
	case n == 3:
		return packICD10(cat, icd10X, 0), notes | NoteXFiller, true
	case isDigit(buf[3]):
		c4 = int(buf[3] - '0')
	case buf[3] != 'X':
		return 0, notes, false
	}
	c5, more, ok := icd10Tail(buf[4:n])
	if !ok {
		return 0, notes, false
	}
	return packICD10(cat, c4, c5), notes | more, true
}

// icd10Tail reads what follows the 4th character: nothing, a 5th digit or
// '-', and a dagger or asterisk marker.
func icd10Tail(t []byte) (c5 int, notes CodeNote, ok bool) {
	if len(t) > 2 {
		return 0, 0, false
	}
	if len(t) > 0 {
		switch ch := t[0]; {
		case isDigit(ch):
			c5 = int(ch-'0') + 1
			t = t[1:]
		case ch == '-':
			notes |= NoteDash5
			t = t[1:]
		}
	}
	if len(t) == 0 {
		return c5, notes, true
	}
	if len(t) > 1 {
		return 0, 0, false
	}
	switch t[0] {
	case 'D', 'd':
		return c5, notes | NoteDagger, true
	case 'A', 'a':
		return c5, notes | NoteAsterisk, true
	}
	return 0, 0, false
}

// NormalizeOPCS4 parses a raw OPCS-4 code and returns it packed, with notes
// saying what was changed. It accepts W371, W37.1 and w371, and removes a
// local 5th character (W3711, with NoteOPCS5th). Surrounding spaces and
// quotes are trimmed. The HES placeholders '-' and '&' (see
// IsOPCSPlaceholder), blanks and anything not a letter and three digits
// are rejected with ok false. X997–X999 are ordinary codes here; a
// validator decides what to make of them.
//
// NormalizeOPCS4 does not allocate and is safe for concurrent use.
func NormalizeOPCS4(raw string) (code OPCS4, notes CodeNote, ok bool) {
	var buf [maxRaw]byte
	n, notes, ok := clean(raw, &buf)
	if !ok || n < 4 || n > 5 || !isLetter(buf[0]) || !isDigit(buf[1]) || !isDigit(buf[2]) || !isDigit(buf[3]) {
		return 0, notes, false
	}
	if n == 5 {
		if !isDigit(buf[4]) && !isLetter(buf[4]) {
			return 0, notes, false
		}
		notes |= NoteOPCS5th
	}
	v := int(buf[0]-'A')*1000 + int(buf[1]-'0')*100 + int(buf[2]-'0')*10 + int(buf[3]-'0')
	return OPCS4(1 + v), notes, true
}

// IsOPCSPlaceholder reports whether s, after trimming surrounding spaces,
// is one of the HES procedure placeholders: '-' (no procedure performed) or
// '&' (not known). HES pads them with spaces to the field width.
func IsOPCSPlaceholder(s string) bool {
	s = trimJunk(s)
	return s == "-" || s == "&"
}
