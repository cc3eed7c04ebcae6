package grouper

// HRG is a Healthcare Resource Group code such as FD01A or UZ01Z, held as
// its five ASCII characters so that results are plain values. The zero
// value means no HRG.
type HRG [5]byte

// String returns the code (FD01A), or "" for the zero value.
func (h HRG) String() string {
	if h == (HRG{}) {
		return ""
	}
	return string(h[:])
}

// Root returns the 4-character root of h (FD01 for FD01A).
func (h HRG) Root() [4]byte { return [4]byte{h[0], h[1], h[2], h[3]} }

// ParseHRG parses a 5-character HRG code: two capital letters, two digits
// and a capital split letter (FD01A, UZ01Z). It reports false for anything
// else.
func ParseHRG(s string) (HRG, bool) {
	var h HRG
	if len(s) != len(h) || !isRoot(s[:4]) || !isUpper(s[4]) {
		return HRG{}, false
	}
	copy(h[:], s)
	return h, true
}

// hrgUZ01Z is "Data Invalid for Grouping", the error HRG.
var hrgUZ01Z = HRG{'U', 'Z', '0', '1', 'Z'}

// isRoot reports whether s is a 4-character root: two capital letters and
// two digits (FD01).
func isRoot(s string) bool {
	return len(s) == 4 && isUpper(s[0]) && isUpper(s[1]) && isDigit(s[2]) && isDigit(s[3])
}

func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// rootString returns the text of a root, "" for the zero root.
func rootString(r [4]byte) string {
	if r == ([4]byte{}) {
		return ""
	}
	return string(r[:])
}

// The grouping method flags of EpisodeResult.Method and SpellResult.Method
// (GroupingMethodFlag and SpellGroupingMethodFlag of the official grouper).
const (
	// MethodProcedure: the dominant procedure's root gave the HRG.
	MethodProcedure byte = 'P'
	// MethodDiagnosis: the primary diagnosis's root gave the HRG.
	MethodDiagnosis byte = 'D'
	// MethodBurns: the burns pre-grouping rule fired.
	MethodBurns byte = 'B'
	// MethodTrauma: the multiple-trauma pre-grouping rule fired.
	MethodTrauma byte = 'M'
	// MethodGlobal is the official grouper's global exception flag; no
	// rule of the design format produces it today.
	MethodGlobal byte = 'G'
	// MethodError: the record could not be grouped and got UZ01Z.
	MethodError byte = 'U'
)

// Manifest describes a design: manifest.json of its folder.
type Manifest struct {
	// Name is the design's short name (demo).
	Name string
	// Version is the design's version (2024.1).
	Version string
	// ValidFrom and ValidTo bound the activity dates the design is meant
	// for, as YYYY-MM-DD; either may be empty.
	ValidFrom, ValidTo string
	// Source says where the design's content comes from.
	Source string
	// Licence is the licence of the design's content.
	Licence string
	// Notice is shown wherever results are (for the demo design: that it
	// is illustrative, not the official NHS HRG4+ design).
	Notice string
}
