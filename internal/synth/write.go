package synth

import (
	"strconv"
	"strings"
)

// header is the CSV header: the HES APC extract column names in order.
var header = buildHeader()

func buildHeader() string {
	var b strings.Builder
	b.WriteString("FYEAR,EPIKEY,PSEUDO_HESID,SUSSPELLID,PROCODE3,PROCODE5,SITETRET,PURCODE,GPPRAC," +
		"ADMIDATE,ADMIMETH,ADMISORC,ADMINCAT,CLASSPAT,ELECDATE,EPISTART,EPIEND,EPIORDER,EPISTAT," +
		"EPITYPE,EPIDUR,DISDATE,DISMETH,DISDEST,STARTAGE,SEX,ETHNOS,MAINSPEF,TRETSPEF")
	for _, col := range []struct {
		name string
		n    int
	}{{"DIAG_4_", maxDiag}, {"OPERTN_4_", maxProc}, {"OPDATE_", maxProc}} {
		for i := 1; i <= col.n; i++ {
			b.WriteByte(',')
			b.WriteString(col.name)
			b.WriteByte(byte('0' + i/10))
			b.WriteByte(byte('0' + i%10))
		}
	}
	b.WriteByte('\n')
	return b.String()
}

// noProcedure is HES's "no procedure" placeholder, space-padded to the
// width of OPERTN_4_nn.
const noProcedure = "-   "

// appendRow appends one CSV line for ep of spell sp.
func (g *generator) appendRow(b []byte, sp *spell, ep *episode) []byte {
	b = g.appendIDs(b, sp, ep)
	b = g.appendAdmission(b, sp, ep)
	b = g.appendEpisode(b, sp, ep)
	b = g.appendCodes(b, ep)
	return append(b, '\n')
}

// appendIDs writes FYEAR to GPPRAC.
func (g *generator) appendIDs(b []byte, sp *spell, ep *episode) []byte {
	p := sp.pat
	trust := g.trusts[sp.trust].Code
	b = append(b, ep.fyear[:]...)
	b = append(b, ',')
	b = strconv.AppendUint(b, ep.key, 10)
	b = append(b, ',')
	b = append(b, p.hesid[:]...)
	b = append(b, ',')
	b = strconv.AppendUint(b, sp.key, 10)
	b = append(append(b, ','), trust...)
	b = append(append(append(b, ','), trust...), "00,"...)
	b = append(append(b, trust...), sp.site...)
	b = append(append(append(b, ','), g.practices[p.ccg].CCG...), "00,"...)
	if p.practice < 0 {
		return append(b, "V81999,"...)
	}
	return append(append(b, g.practices[p.practice].Code...), ',')
}

// appendAdmission writes ADMIDATE to ELECDATE.
func (g *generator) appendAdmission(b []byte, sp *spell, ep *episode) []byte {
	b = append(g.dates.append(b, ep.admidate), ',')
	b = append(append(b, ep.admimeth...), ',')
	b = append(append(b, sp.admisorc...), ',')
	b = append(append(b, sp.admincat...), ',')
	b = append(b, sp.classpat, ',')
	return append(g.dates.append(b, sp.elecdate), ',')
}

// appendEpisode writes EPISTART to TRETSPEF.
func (g *generator) appendEpisode(b []byte, sp *spell, ep *episode) []byte {
	b = append(g.dates.append(b, ep.start), ',')
	b = append(g.dates.append(b, ep.end), ',')
	b = append(strconv.AppendInt(b, int64(ep.order), 10), ",3,"...)
	b = append(b, ep.epitype, ',')
	b = strconv.AppendInt(b, int64(ep.dur), 10)
	if ep.corrupt && ep.bad == BadDurationFloat {
		b = append(b, ".5"...)
	}
	b = append(g.dates.append(append(b, ','), ep.disdate), ',')
	b = append(b, ep.dismeth, ',')
	b = append(append(b, ep.disdest...), ',')
	if ep.age == ageText {
		b = append(b, "abc"...)
	} else {
		b = strconv.AppendInt(b, int64(ep.age), 10)
	}
	b = append(b, ',', ep.sex, ',')
	b = append(append(b, sp.pat.ethnos...), ',')
	b = append(append(b, ep.spec.main...), ',')
	return append(b, ep.spec.tret...)
}

// appendCodes writes DIAG_4_01 to OPDATE_24.
func (g *generator) appendCodes(b []byte, ep *episode) []byte {
	for i := range maxDiag {
		b = append(b, ',')
		if i < ep.ndiag {
			b = g.appendDiagnosis(b, ep.diag[i])
		}
	}
	for i := range maxProc {
		b = append(b, ',')
		switch {
		case i < ep.nproc:
			b = append(b, g.px.codes[ep.proc[i]][:]...)
		case i == 0:
			b = append(b, noProcedure...)
		}
	}
	for i := range maxProc {
		b = append(b, ',')
		if i < ep.nproc {
			b = g.dates.append(b, ep.opdate[i])
		}
	}
	return b
}

func (g *generator) appendDiagnosis(b []byte, c int32) []byte {
	switch {
	case c >= 0:
		return append(b, g.dx.codes[c][:]...)
	case c == diagBlank:
		return b
	}
	return append(b, invalidDiagnoses[diagInvalid-c]...)
}
