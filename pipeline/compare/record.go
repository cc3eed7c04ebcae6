package compare

import (
	"fmt"
	"strconv"
	"time"
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

// Episode is one episode of a spell, as far as a side describes it.
type Episode struct {
	Order   int32  // EPIORDER as supplied; 0 when unknown
	Row     int64  // where it is on its side (SourceRow, RowNo, data row)
	EpiKey  string // EPIKEY; "" when the side has none
	HRG     string // FCE_HRG
	Method  string // GroupingMethodFlag
	DomProc string
	// Diags and Procs are the clean codes by position (DIAG_01.., OPERTN_01..),
	// "" for an empty position or a placeholder.
	Diags, Procs []string

	commissioner string // PURCODE, else CCG_RESPONSIBILITY (hrgflow runs)
}

// Spell is one provider spell of a side, with what the side says of it.
// Text fields are "" and numbers Null (dates NoDate) when the side does not
// give them for this spell.
type Spell struct {
	Keys                                [numKeys]string // key values by KeyKind; "" when not carried
	Row                                 int64           // where it is on its side (SpellRow, RowNo, data row)
	Provider                            string
	Commissioner                        string
	HRG, Method, DomProc                string
	POD                                 string
	AdmiDate, DisDate                   Date
	Month                               string // activity month YYYY-MM
	SpellLOS, PricingLOS, ExcessBedDays int64
	Money                               [numMoney]int64
	Episodes                            []Episode
	// ReportRow is the row of the episode that drove the spell's HRG (for
	// explain), 0 when unknown; SourceFile names its input file.
	ReportRow  int64
	SourceFile string
}

func newSpell() Spell {
	s := Spell{AdmiDate: NoDate, DisDate: NoDate, SpellLOS: Null, PricingLOS: Null, ExcessBedDays: Null}
	for i := range s.Money {
		s.Money[i] = Null
	}
	return s
}

// Side is one side of a comparison: its spells and what they carry.
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
	// Spells are the side's spells, in the order read.
	Spells []Spell
	// Inputs maps an hrgflow run's input base names to their paths, for
	// explain commands.
	Inputs map[string]string
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
	if len(s.Spells) == 0 {
		return 0
	}
	n := 0
	for i := range s.Spells {
		if s.Spells[i].Keys[k] != "" {
			n++
		}
	}
	return float64(n) / float64(len(s.Spells))
}

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

// setPatientKeys fills the keys that come from identifiers.
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
