package compare

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/hrgflow/hrgflow/pipeline"
)

// Kind is the kind of a side: where its spells come from.
type Kind uint8

// The kinds of side.
const (
	// KindAuto asks Open to detect the kind.
	KindAuto Kind = iota
	// KindRun is an hrgflow run folder (manifest.json, spells/, episodes/).
	KindRun
	// KindGrouper is the official HRG4+ grouper's output (`_FCE` and
	// `_spell` CSV files), or hrgflow's `--export grouper-csv` copy.
	KindGrouper
	// KindHES is a HES APC extract carrying SUS-assigned HRGs.
	KindHES
	// KindStatement is a commissioner statement or SLAM extract (CSV or
	// xlsx) read through a column map.
	KindStatement
)

var kindNames = [...]string{"auto", "run", "grouper", "hes", "statement"}

// String returns the kind's name as --left-kind takes it.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// ParseKind returns the kind named s (auto, run, grouper, hes, statement).
func ParseKind(s string) (Kind, error) {
	for k, n := range kindNames {
		if s == n {
			return Kind(k), nil
		}
	}
	return KindAuto, fmt.Errorf("unknown side kind %q: want auto, run, grouper, hes or statement", s)
}

// KeyKind is a kind of spell key. The order is the order of preference.
type KeyKind uint8

// The spell keys, in order of preference.
const (
	KeyProcodetProvspno KeyKind = iota // PROCODET + PROVSPNO
	KeyProvspno                        // PROVSPNO alone
	KeySUSSpellID                      // SUSSPELLID
	KeyPatient                         // patient + provider + ADMIDATE
	KeyRowNo                           // the official grouper's RowNo
	numKeys
)

var keyNames = [numKeys]string{"procodet_provspno", "provspno", "susspellid", "patient", "rowno"}

// String returns the key kind's name, as diff/ KeyKind and --key show it.
func (k KeyKind) String() string {
	if k < numKeys {
		return keyNames[k]
	}
	return fmt.Sprintf("KeyKind(%d)", uint8(k))
}

// ParseKeyKind returns the key kind named s.
func ParseKeyKind(s string) (KeyKind, error) {
	for k, n := range keyNames {
		if s == n {
			return KeyKind(k), nil
		}
	}
	return 0, fmt.Errorf("unknown spell key %q: want procodet_provspno, provspno, susspellid, patient or rowno", s)
}

// Has is a set of fields a side carries (on every spell it describes).
type Has uint32

// The fields a side can carry.
const (
	HasHRG Has = 1 << iota
	HasMethod
	HasDomProc
	HasPOD
	HasAdmiDate
	HasDisDate
	HasMonth
	HasSpellLOS
	HasPricingLOS
	HasExcess
	HasCodes
	HasEpisodes
	HasCommissioner
	HasPrice // TotalPricePence
	HasPriceParts
)

// Date is a calendar date as days since 1970-01-01; NoDate is missing.
type Date int32

// NoDate is a missing date.
const NoDate Date = -1 << 31

// String returns the date as YYYY-MM-DD, or "" when missing.
func (d Date) String() string {
	if d == NoDate {
		return ""
	}
	return time.Unix(int64(d)*86400, 0).UTC().Format(time.DateOnly)
}

// Month returns the date's month as YYYY-MM, or "" when missing.
func (d Date) Month() string {
	if d == NoDate {
		return ""
	}
	return time.Unix(int64(d)*86400, 0).UTC().Format("2006-01")
}

// Null marks a missing whole number (length of stay, money).
const Null int64 = -1 << 63

func itoa(v int64) string {
	if v == Null {
		return ""
	}
	return strconv.FormatInt(v, 10)
}

// Price components, indexes of Spell.Money.
const (
	MoneyBase = iota
	MoneyExcess
	MoneyShortStay
	MoneyUnbundled
	MoneyMFF
	MoneyTotal
	numMoney
)

// moneyFields are the diff/ Field names of the price components.
var moneyFields = [numMoney]string{"BasePricePence", "ExcessBedDayPaymentPence", "ShortStayPricePence",
	"UnbundledPaymentPence", "MFFAdjustmentPence", "TotalPricePence"}

// Episode is one episode of a spell, as far as a side describes it. Text
// fields are symbols of the comparison's string table (Syms) and codes are
// packed, so a decoded episode holds almost no strings.
type Episode struct {
	Order   int32  // EPIORDER as supplied; 0 when unknown
	Row     int64  // where it is on its side (SourceRow, RowNo, data row)
	EpiKey  string // EPIKEY; "" when the side has none
	HRG     Sym    // FCE_HRG
	Method  Sym    // GroupingMethodFlag
	DomProc Sym    // DominantProcedure
	// Diags and Procs are the codes by position (DIAG_01.., OPERTN_01..),
	// 0 for an empty position or a placeholder, without trailing empties.
	Diags, Procs []Code

	commissioner Sym // PURCODE, else CCG_RESPONSIBILITY
}

// Spell is one provider spell of a side, with what the side says of it.
// Symbols are 0 (""), numbers Null and dates NoDate when the side does not
// give them for this spell.
type Spell struct {
	// Seq is the spell's place in its side's order (input order).
	Seq                                 int64
	Keys                                [numKeys]string // key values by KeyKind; "" when not carried
	Row                                 int64           // where it is on its side (SpellRow, RowNo, data row)
	Provider, Commissioner              Sym
	HRG, Method, DomProc                Sym
	POD                                 Sym
	AdmiDate, DisDate                   Date
	Month                               Sym // activity month YYYY-MM
	SpellLOS, PricingLOS, ExcessBedDays int64
	Money                               [numMoney]int64
	Episodes                            []Episode
	// ReportRow is the row of the episode that drove the spell's HRG (for
	// explain), 0 when unknown; SourceFile names its input file.
	ReportRow  int64
	SourceFile Sym
}

// reset empties s for reuse, keeping the capacity of its episodes.
func (s *Spell) reset() {
	eps := s.Episodes[:0]
	*s = Spell{AdmiDate: NoDate, DisDate: NoDate, SpellLOS: Null, PricingLOS: Null, ExcessBedDays: Null}
	for i := range s.Money {
		s.Money[i] = Null
	}
	s.Episodes = eps
}

func newSpell() Spell {
	var s Spell
	s.reset()
	return s
}

// Side is one side of a comparison: what it carries, and its spells,
// assembled and kept in a temporary file of compact records (see Open).
type Side struct {
	// Kind is where the side comes from.
	Kind Kind
	// Path is the file, folder or prefix it was read from.
	Path string
	// Version names the grouping design or grouper version, when known.
	Version string
	// PriceTable names the price table, when known.
	PriceTable string
	// Has lists the fields the side carries.
	Has Has
	// MaxDiags and MaxProcs are the code positions the side carries.
	MaxDiags, MaxProcs int
	// Spells is the number of spells.
	Spells int64
	// Inputs are an hrgflow run's input files by base name, for explain
	// commands and traces.
	Inputs map[string]RunInput
	// Design is an hrgflow run's grouping design (name and version).
	Design pipeline.ManifestDesign

	ws       *Workspace
	keyCount [numKeys]int64
	spool    *spool
	// hasExcess is set when some spell carries excess bed days (grouper).
	hasExcess bool
}

// RunInput is one input file of an hrgflow run, as its manifest lists it.
type RunInput struct {
	Path, SHA256, Layout string
}

// Label describes the side in a line: kind, path and version.
func (s *Side) Label() string {
	l := s.Kind.String() + " " + s.Path
	if s.Version != "" {
		l += " (" + s.Version + ")"
	}
	return l
}

// keyShare returns the share of the side's spells that carry key k.
func (s *Side) keyShare(k KeyKind) float64 {
	if s.Spells == 0 {
		return 0
	}
	return float64(s.keyCount[k]) / float64(s.Spells)
}

// Each calls fn with every spell of the side, in the order they were
// assembled (not necessarily input order: see Spell.Seq). The spell is
// reused between calls.
func (s *Side) Each(fn func(*Spell) error) error {
	var sp Spell
	return s.spool.each(func(rec []byte) error {
		if err := decodeSpell(rec, &sp); err != nil {
			return err
		}
		return fn(&sp)
	})
}

// AllSpells returns every spell of the side in input order (Seq): for
// tests and small sides only, as it holds them all.
func (s *Side) AllSpells() ([]Spell, error) {
	var out []Spell
	err := s.Each(func(sp *Spell) error {
		c := *sp
		c.Episodes = nil
		for _, e := range sp.Episodes {
			e.Diags, e.Procs = slices.Clone(e.Diags), slices.Clone(e.Procs)
			c.Episodes = append(c.Episodes, e)
		}
		out = append(out, c)
		return nil
	})
	slices.SortStableFunc(out, func(a, b Spell) int { return cmp.Compare(a.Seq, b.Seq) })
	return out, err
}

// Str returns the text of a symbol of the side's comparison.
func (s *Side) Str(v Sym) string { return s.ws.syms.str(v) }

// CodeString returns the clean form of a diagnosis (diag) or procedure
// code of the side's comparison.
func (s *Side) CodeString(c Code, diag bool) string { return s.ws.codeString(c, diag) }

// joinKey joins key parts with '|', or returns "" when any part is empty.
func joinKey(parts ...string) string {
	n := 0
	for _, p := range parts {
		if p == "" {
			return ""
		}
		n += len(p) + 1
	}
	b := make([]byte, 0, n)
	for i, p := range parts {
		if i > 0 {
			b = append(b, '|')
		}
		b = append(b, p...)
	}
	return string(b)
}

// setKeys fills the keys that come from identifiers.
func (s *Spell) setKeys(procodet, procode3, provspno, susspellid, patient string) {
	s.Keys[KeyProcodetProvspno] = joinKey(procodet, provspno)
	s.Keys[KeyProvspno] = provspno
	if susspellid != "-1" {
		s.Keys[KeySUSSpellID] = susspellid
	}
	prov := procode3
	if prov == "" {
		prov = procodet
	}
	s.Keys[KeyPatient] = joinKey(patient, prov, s.AdmiDate.String())
}
