package compare

import (
	"errors"
	"os"
	"strings"
	"time"

	"github.com/hrgflow/hrgflow/schemas"
)

// Sym is a symbol of a comparison's string table: a short text that
// recurs (a provider, commissioner, HRG, point of delivery, month, method,
// dominant procedure, an unreadable code) stored once. 0 is "".
type Sym uint32

// syms is a comparison's string table. Both sides of a comparison share
// one, so equal texts have equal symbols.
type syms struct {
	ids  map[string]Sym
	strs []string
}

func newSyms() *syms { return &syms{ids: map[string]Sym{"": 0}, strs: []string{""}} }

// id returns the symbol of v, adding it when new.
func (t *syms) id(v string) Sym {
	if v == "" {
		return 0
	}
	if id, ok := t.ids[v]; ok {
		return id
	}
	v = strings.Clone(v) // v may point into a reader's line buffer
	id := Sym(len(t.strs))
	t.ids[v] = id
	t.strs = append(t.strs, v)
	return id
}

// str returns the text of a symbol ("" for an unknown one).
func (t *syms) str(id Sym) string {
	if int(id) < len(t.strs) {
		return t.strs[id]
	}
	return ""
}

// Code is a diagnosis or procedure code packed: a schemas.ICD10 or
// schemas.OPCS4 value, or, with the codeRaw bit, the symbol of a code that
// cannot be read (kept as supplied, trimmed and upper-cased). 0 is empty.
type Code uint32

const codeRaw Code = 1 << 31

// Workspace holds what the two sides of one comparison share: the string
// table and a temporary folder for the sides' spell records and the
// differences. Open both sides with the same Workspace and Close it when
// the comparison's outputs are written. Not safe for concurrent use.
type Workspace struct {
	dir    string
	syms   *syms
	months map[int32]Sym
	buf    []byte
	// PartitionBytes bounds the records held in memory at once, in bytes
	// of compact records (per assembly or comparison partition).
	PartitionBytes int64
}

// DefaultPartitionBytes is the default Workspace.PartitionBytes.
const DefaultPartitionBytes = 32 << 20

// NewWorkspace creates a workspace with its temporary folder under
// tempDir ("" means the system's).
func NewWorkspace(tempDir string) (*Workspace, error) {
	dir, err := os.MkdirTemp(tempDir, "hrgflow-compare-")
	if err != nil {
		return nil, err
	}
	return &Workspace{dir: dir, syms: newSyms(), months: map[int32]Sym{}, PartitionBytes: DefaultPartitionBytes}, nil
}

// Close removes the workspace's temporary files.
func (w *Workspace) Close() error {
	if w == nil || w.dir == "" {
		return nil
	}
	err := os.RemoveAll(w.dir)
	w.dir = ""
	return err
}

func (w *Workspace) tempFile(pattern string) (*os.File, error) {
	if w.dir == "" {
		return nil, errors.New("compare: the workspace is closed")
	}
	return os.CreateTemp(w.dir, pattern)
}

// month returns the symbol of d's month (YYYY-MM), 0 for NoDate.
func (w *Workspace) month(d Date) Sym {
	if d == NoDate {
		return 0
	}
	y, m, _ := time.Unix(int64(d)*86400, 0).UTC().Date()
	k := int32(y)*12 + int32(m)
	if s, ok := w.months[k]; ok {
		return s
	}
	s := w.syms.id(d.Month())
	w.months[k] = s
	return s
}

// diag packs a raw ICD-10 code: 0 for a blank or HES's `-` and `&`
// placeholders; an unreadable code is kept as supplied.
func (w *Workspace) diag(raw string) Code {
	if raw == "" || schemas.IsOPCSPlaceholder(raw) {
		return 0
	}
	if c, _, ok := schemas.NormalizeICD10(raw); ok {
		return Code(c)
	}
	return codeRaw | Code(w.syms.id(upperTrim(raw)))
}

// proc packs a raw OPCS-4 code, as diag.
func (w *Workspace) proc(raw string) Code {
	if raw == "" || schemas.IsOPCSPlaceholder(raw) {
		return 0
	}
	if c, _, ok := schemas.NormalizeOPCS4(raw); ok {
		return Code(c)
	}
	return codeRaw | Code(w.syms.id(upperTrim(raw)))
}

// codeString returns a code's clean form (I10X, W371), "" for 0.
func (w *Workspace) codeString(c Code, diag bool) string {
	switch {
	case c == 0:
		return ""
	case c&codeRaw != 0:
		return w.syms.str(Sym(c &^ codeRaw))
	case diag:
		return schemas.ICD10(c).String()
	}
	return schemas.OPCS4(c).String()
}

// trimCodes drops trailing empty positions.
func trimCodes(codes []Code) []Code {
	n := len(codes)
	for n > 0 && codes[n-1] == 0 {
		n--
	}
	return codes[:n]
}
