package refdata

import (
	"bytes"
	"compress/gzip"
	"embed"
	"fmt"
	"io"
	"strings"
	"sync"
)

//go:generate go run gen.go -src ../../../shared/data -dst data

//go:embed data/*.gz data/*.csv
var files embed.FS

const (
	icd10File = "data/icd10_ukb_coding19.tsv.gz"
	opcs4File = "data/opcs4_ukb_coding240.tsv.gz"
)

// Code is one clinical code and its title, as listed in a classification
// file.
type Code struct {
	// Code is the code without a dot or filler, for example "A000",
	// "I10", "M8040" (ICD-10) or "W371" (OPCS-4).
	Code string
	// Title is the code's description without the leading dotted code,
	// for example "Cholera due to Vibrio cholerae 01, biovar cholerae".
	Title string
}

var (
	icd10Once      = sync.OnceValues(func() ([]Code, error) { return loadCodes(icd10File, "Y", isICD10) })
	icd10NodesOnce = sync.OnceValues(func() ([]Code, error) { return loadCodes(icd10File, "N", isICD10Node) })
	opcs4Once      = sync.OnceValues(func() ([]Code, error) { return loadCodes(opcs4File, "Y", isOPCS4) })
)

// ICD10 returns the selectable ICD-10 codes of UK Biobank data-coding 19 in
// file order, with no dots: 3-character codes without subdivisions ("I10",
// no X filler), 4-character codes ("A000") and 5-character codes ("M8040",
// and "M45X0" where the 5th character follows an X filler). Two selectable
// rows are left out: the block heading "Block M30-M36" and "I21X", a UK
// Biobank addition that is not an ICD-10 code. The file is parsed once;
// every call returns the same shared slice, which callers must not modify.
// It is safe for concurrent use.
func ICD10() ([]Code, error) { return icd10Once() }

// ICD10Nodes returns the non-selectable code nodes of UK Biobank data-coding
// 19 in file order, with no dots: the 3-character categories that are
// subdivided at the 4th character ("A00", "I21"), and the 4-character codes
// that are subdivided at the 5th ("J960", "M804"). Chapter and block rows
// are left out. Together with ICD10 they make the code tree; the titles
// name the categories in reports. The file is parsed once; every call
// returns the same shared slice, which callers must not modify. It is safe
// for concurrent use.
func ICD10Nodes() ([]Code, error) { return icd10NodesOnce() }

// OPCS4 returns the selectable 4-character OPCS-4 codes of UK Biobank
// data-coding 240 in file order, with no dots ("W371"). The file's one
// selectable 3-character entry, "E45 Code deleted", is left out. The file
// is parsed once; every call returns the same shared slice, which callers
// must not modify. It is safe for concurrent use.
func OPCS4() ([]Code, error) { return opcs4Once() }

// loadCodes reads a gzipped UK Biobank data-coding file (tab-separated
// coding, meaning, node_id, parent_id, selectable) and keeps the rows whose
// selectable column is selectable and whose coding passes keep.
func loadCodes(name, selectable string, keep func(string) bool) ([]Code, error) {
	text, err := gunzip(name)
	if err != nil {
		return nil, err
	}
	var out []Code
	for i, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		if i == 0 {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 5 {
			return nil, fmt.Errorf("refdata: %s:%d: %d fields, want 5", name, i+1, len(f))
		}
		if f[4] != selectable || !keep(f[0]) {
			continue
		}
		out = append(out, Code{Code: f[0], Title: title(f[1])})
	}
	return out, nil
}

// gunzip returns the decompressed content of an embedded file as one
// string, so that the codes and titles cut from it share its memory.
func gunzip(name string) (string, error) {
	b, err := files.ReadFile(name)
	if err != nil {
		return "", fmt.Errorf("refdata: %w", err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return "", fmt.Errorf("refdata: %s: %w", name, err)
	}
	var sb strings.Builder
	if _, err := io.Copy(&sb, zr); err != nil {
		return "", fmt.Errorf("refdata: %s: %w", name, err)
	}
	return sb.String(), zr.Close()
}

// title strips the dotted code that starts every meaning ("A00.0 Cholera"
// becomes "Cholera").
func title(meaning string) string {
	if _, rest, ok := strings.Cut(meaning, " "); ok {
		return rest
	}
	return meaning
}

// isICD10 reports whether s is an ICD-10 code as the file writes it: a
// letter and two digits, optionally a digit, optionally a 5th digit; the
// 4th character may be an X filler only when a 5th character follows.
func isICD10(s string) bool {
	if len(s) < 3 || len(s) > 5 || !isUpper(s[0]) || !allDigits(s[1:3]) {
		return false
	}
	if len(s) == 5 && s[3] == 'X' {
		return allDigits(s[4:])
	}
	return allDigits(s[3:])
}

// isICD10Node reports whether s is a 3- or 4-character ICD-10 code node: a
// letter, two digits and optionally a digit or X.
func isICD10Node(s string) bool {
	if len(s) < 3 || len(s) > 4 || !isUpper(s[0]) || !allDigits(s[1:3]) {
		return false
	}
	return len(s) == 3 || s[3] == 'X' || allDigits(s[3:])
}

// isOPCS4 reports whether s is a 4-character OPCS-4 code: a letter and
// three digits.
func isOPCS4(s string) bool {
	return len(s) == 4 && isUpper(s[0]) && allDigits(s[1:])
}

func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }

func allDigits(s string) bool {
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
