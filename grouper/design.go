package grouper

// Design is a grouping design as loaded from its folder by Load: the rows
// of every table, each with its line, not yet checked against each other.
// Compile checks and indexes it into a Table. A Design is not modified by
// Compile and may be compiled more than once.
type Design struct {
	dir        string // folder prefix of file names in diagnostics, "" for Load
	manifest   Manifest
	hrgs       []hrgRow
	diagnoses  []diagRow
	procedures []procRow
	pregroup   []pregroupRow
	cc         []ccRow
	exclusions []exclRow
	splits     []splitRow
	unbundled  []ubRow
}

// Manifest returns the design's manifest.
func (d *Design) Manifest() Manifest { return d.manifest }

// The file names of a design folder.
const (
	fileManifest   = "manifest.json"
	fileHRGs       = "hrgs.csv"
	fileDiagnoses  = "diagnoses.csv"
	fileProcedures = "procedures.csv"
	filePregroup   = "pregroup.csv"
	fileCC         = "cc.csv"
	fileExclusions = "cc_exclusions.csv"
	fileSplits     = "splits.csv"
	fileUnbundled  = "unbundled.csv"
)

type hrgRow struct {
	line  int
	hrg   HRG
	label string
}

// Diagnosis flags.
const (
	flagBurn uint8 = 1 << iota
	flagPoorPrimary
)

type diagRow struct {
	line  int
	codes []icdSpan
	root  [4]byte
	flags uint8
	site  string
}

// Procedure flags.
const (
	flagNonGrouping uint8 = 1 << iota
	flagIntervention
)

type procRow struct {
	line      int
	codes     []opcsSpan
	hierarchy uint8
	root      [4]byte // zero when blank
	when      []icdSpan
	whenText  string
	flags     uint8
}

// Pre-grouping rule kinds.
const (
	ruleBurns uint8 = 1 + iota
	ruleMultipleTrauma
)

type pregroupRow struct {
	line     int
	priority int
	rule     uint8
	minSites int
	root     [4]byte
}

type ccRow struct {
	line   int
	sub    [2]byte
	codes  []icdSpan
	weight uint8
}

type exclRow struct {
	line              int
	primary, excluded []icdSpan
}

// The split axes, in the order explain lists them.
const (
	axisCC = iota
	axisAge
	axisInterventions
	axisAdmission
	axisSex
	axisLOS
	numAxes
)

// Values of the admission axis.
const (
	admUnknown = iota
	admElective
	admNonElective
)

// interval is an inclusive range of an axis; unbounded ends are the
// extreme int32 values.
type interval struct{ lo, hi int32 }

type splitRow struct {
	line  int
	root  [4]byte
	order int
	hrg   HRG
	cond  [numAxes]interval
	label string
}

// Unbundled trigger kinds.
const (
	trigProcedure uint8 = 1 + iota
	trigRehab
	trigPalliative
	trigCritical
)

type ubRow struct {
	line    int
	trigger uint8
	codes   []opcsSpan
	hrg     HRG
	perDay  bool
}
