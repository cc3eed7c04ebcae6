package price

// POD is a point of delivery: how a spell was delivered, which decides the
// price column, the trim point and whether the short-stay emergency
// adjustment can apply. The zero value is PODUnknown.
type POD uint8

// The points of delivery. String gives the short codes in parentheses.
const (
	// PODUnknown (UNK): the admission method or patient classification is
	// missing, not known or outside the mappings below. Not priced.
	PODUnknown POD = iota
	// PODDayCase (DC): elective admission (ADMIMETH 11, 12, 13) as a day
	// case (CLASSPAT 2).
	PODDayCase
	// PODElective (EL): elective admission (ADMIMETH 11, 12, 13) as an
	// ordinary admission (CLASSPAT 1).
	PODElective
	// PODNonElective (NE): emergency admission (ADMIMETH 21–25, 28,
	// 2A–2D) with a length of stay of 2 days or more, or unknown.
	PODNonElective
	// PODNonElectiveShortStay (NES): emergency admission with a length of
	// stay of 0 or 1 days.
	PODNonElectiveShortStay
	// PODMaternity (MAT): maternity admission (ADMIMETH 31 ante-partum,
	// 32 post-partum). Priced as non-elective.
	PODMaternity
	// PODOtherNonElective (OTH): other non-elective admission (ADMIMETH 81
	// transfer from another provider, 82 birth in this provider, 83 baby
	// born outside the provider). Priced as non-elective.
	PODOtherNonElective
	// PODRegularDay (RDA): regular day attender (CLASSPAT 3). Not priced
	// unless Rules.RegularAttendersAsDayCase.
	PODRegularDay
	// PODRegularNight (RNA): regular night attender (CLASSPAT 4). Not
	// priced unless Rules.RegularAttendersAsDayCase.
	PODRegularNight
	numPODs
)

// podCodes are the String forms, indexed by POD.
var podCodes = [numPODs]string{"UNK", "DC", "EL", "NE", "NES", "MAT", "OTH", "RDA", "RNA"}

// String returns the POD's short code: DC, EL, NE, NES, MAT, OTH, RDA, RNA
// or UNK.
func (p POD) String() string {
	if p >= numPODs {
		return "UNK"
	}
	return podCodes[p]
}

// ParsePOD returns the POD of a short code as String writes it, and
// whether the code is one.
func ParsePOD(s string) (POD, bool) {
	for p, c := range podCodes {
		if s == c {
			return POD(p), true
		}
	}
	return PODUnknown, false
}

// nonElective reports whether p is priced from the non-elective column.
func (p POD) nonElective() bool {
	return p == PODNonElective || p == PODNonElectiveShortStay || p == PODMaternity || p == PODOtherNonElective
}

// emergency reports whether p is an emergency admission, the PODs the
// short-stay emergency adjustment can apply to.
func (p POD) emergency() bool {
	return p == PODNonElective || p == PODNonElectiveShortStay
}

// PointOfDelivery derives the point of delivery of a spell from its
// admission method (ADMIMETH), patient classification (CLASSPAT) and
// length of stay in days. Codes are compared without surrounding spaces
// and the letter of 2A–2D in any case; it allocates nothing.
//
// The rules, in order: CLASSPAT 3 → RDA and 4 → RNA whatever the method;
// ADMIMETH 11/12/13 → DC with CLASSPAT 2, EL with CLASSPAT 1, UNK with any
// other classification (a day case cannot be told from an ordinary
// admission); ADMIMETH 21–25, 28, 2A–2D → NES when 0 ≤ los ≤ 1, else NE
// (a negative los means unknown and gives NE); 31/32 → MAT; 81/82/83 →
// OTH; anything else (26, 27, 84, 89, 98, 99, blank) → UNK.
//
// los is the spell's length of stay in whole days, discharge date minus
// admission date (HES SPELDUR): 0 for a same-day spell, 1 for one night.
func PointOfDelivery(admimeth, classpat string, los int32) POD {
	switch trimSpaces(classpat) {
	case "3":
		return PODRegularDay
	case "4":
		return PODRegularNight
	}
	m := trimSpaces(admimeth)
	if len(m) != 2 {
		return PODUnknown
	}
	a, b := m[0], m[1]
	if b >= 'a' && b <= 'z' {
		b -= 'a' - 'A'
	}
	switch {
	case a == '1' && b >= '1' && b <= '3':
		switch trimSpaces(classpat) {
		case "1":
			return PODElective
		case "2":
			return PODDayCase
		}
		return PODUnknown
	case a == '2' && (b >= '1' && b <= '5' || b == '8' || b >= 'A' && b <= 'D'):
		if los >= 0 && los <= 1 {
			return PODNonElectiveShortStay
		}
		return PODNonElective
	case a == '3' && (b == '1' || b == '2'):
		return PODMaternity
	case a == '8' && b >= '1' && b <= '3':
		return PODOtherNonElective
	}
	return PODUnknown
}

// trimSpaces removes ASCII spaces around s without allocating.
func trimSpaces(s string) string {
	for len(s) > 0 && s[0] == ' ' {
		s = s[1:]
	}
	for len(s) > 0 && s[len(s)-1] == ' ' {
		s = s[:len(s)-1]
	}
	return s
}
