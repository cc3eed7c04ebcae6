package grouper

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hrgflow/hrgflow/schemas"
)

// fuzzTables are the design files FuzzLoad replaces.
var fuzzTables = []string{fileHRGs, fileDiagnoses, fileProcedures, filePregroup, fileCC, fileExclusions, fileSplits, fileUnbundled, fileManifest}

// errLine is the form of every load error: file:line: …
var errLine = regexp.MustCompile(`^[a-z_]+\.(csv|json):\d+: `)

// FuzzLoad feeds arbitrary bytes as one table of the expressive design:
// loading and compiling never panic, and every load error names file:line.
func FuzzLoad(f *testing.F) {
	for i, name := range fuzzTables {
		data, err := os.ReadFile(filepath.Join(expressiveDir, name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(uint8(i), data)
		f.Add(uint8(i), data[:len(data)/2])
	}
	f.Add(uint8(1), []byte("codes,root\nS*,AA26\nS06*,AA26\n"))
	f.Add(uint8(6), []byte("root,order,hrg,cc_min\nHN12,1,HN12A,\"3\nHN12,2,HN12B,x\n"))
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		name := fuzzTables[int(which)%len(fuzzTables)]
		fsys := designFS(t, nil)
		fsys[name].Data = data
		d, err := Load(fsys)
		if err != nil {
			for _, line := range strings.Split(err.Error(), "\n") {
				if !errLine.MatchString(line) && !strings.HasPrefix(line, "… and ") {
					t.Fatalf("error without file:line: %q", line)
				}
			}
			return
		}
		tab, _, err := Compile(d)
		if err == nil {
			groupFuzzed(t, tab, data)
		}
	})
}

// FuzzGroupEpisode groups episodes built from arbitrary bytes (packed
// codes in and out of range, ages, sexes, admission methods, day counts)
// on the expressive design: grouping never panics and every HRG it
// outputs is listed in hrgs.csv.
func FuzzGroupEpisode(f *testing.F) {
	f.Add([]byte{})
	f.Add(bytes.Repeat([]byte{0xff}, 300))
	f.Add([]byte("S720 S223 W461 T213 J189 N185 C349 I10X"))
	tab := expressive(f)
	f.Fuzz(func(t *testing.T, data []byte) { groupFuzzed(t, tab, data) })
}

// fuzzCodes are codes of the expressive design, so that fuzzed episodes
// reach its rules and not only UZ01Z.
var fuzzCodes = strings.Fields("S065 S066 S223 S361 S320 S422 S720 S822 J189 J181 J449 J459 J90X I500 R104 M161 M170 M870 N390 N10X C509 T213 T201 T207 R69X Z509 Z515 I10X E119 N184 N185 C349 F03X I209 L409")
var fuzzProcs = strings.Fields("W371 W381 W461 B281 H011 S062 G451 H229 H251 X332 U051 U212 X721 Y531 Z942 X999")

func groupFuzzed(t *testing.T, tab *Table, data []byte) {
	eps := [2]schemas.Episode{fuzzEpisode(data), fuzzEpisode(append([]byte{7}, data...))}
	ptrs := []*schemas.Episode{&eps[0], &eps[1]}
	var results [2]EpisodeResult
	var tr Trace
	for i := range eps {
		tab.GroupEpisode(ptrs[i], &results[i], &tr)
		checkResult(t, tab, results[i].HRG, results[i].Method)
		for _, u := range results[i].UnbundledHRGs() {
			checkResult(t, tab, u.HRG, MethodProcedure)
		}
	}
	var s SpellResult
	tab.GroupSpell(ptrs, results[:], &s, &tr)
	checkResult(t, tab, s.HRG, s.Method)
	if err := tr.WriteText(&bytes.Buffer{}, tab, nil); err != nil {
		t.Fatal(err)
	}
}

func checkResult(t *testing.T, tab *Table, h HRG, method byte) {
	if _, ok := tab.hrgIndex(h); !ok {
		t.Fatalf("HRG %q is not in hrgs.csv", h)
	}
	if !strings.ContainsRune("PDBMU", rune(method)) {
		t.Fatalf("method %q", method)
	}
}

// fuzzEpisode builds an episode from bytes: each field takes a few.
func fuzzEpisode(data []byte) schemas.Episode {
	var e schemas.Episode
	e.Reset()
	next := func() uint32 {
		var b [4]byte
		n := copy(b[:], data)
		data = data[n:]
		return binary.LittleEndian.Uint32(b[:])
	}
	for i := range e.ICD {
		switch v := next(); v % 4 {
		case 0:
			e.ICD[i], _, _ = schemas.NormalizeICD10(fuzzCodes[v/4%uint32(len(fuzzCodes))])
		case 1:
			e.ICD[i] = schemas.ICD10(v / 4)
		}
	}
	for i := range e.OPCS {
		switch v := next(); v % 3 {
		case 0:
			e.OPCS[i], _, _ = schemas.NormalizeOPCS4(fuzzProcs[v/3%uint32(len(fuzzProcs))])
		case 1:
			e.OPCS[i] = schemas.OPCS4(v / 3)
		}
	}
	for _, slot := range []int{schemas.STARTAGE, schemas.EPIDUR, schemas.CRITICALCAREDAYS, schemas.REHABILITATIONDAYS, schemas.SPCDAYS} {
		e.Int[slot] = int32(next())
	}
	e.Date[schemas.EPISTART], e.Date[schemas.EPIEND] = schemas.Date(next()), schemas.Date(next())
	v := next()
	e.Str[schemas.SEX] = []string{"", "1", "2", "9"}[v%4]
	e.Str[schemas.ADMIMETH] = []string{"", "11", "21", "99", "2A"}[v/4%5]
	if v/20%10 == 0 {
		e.Str[schemas.Severity] = "error"
	}
	return e
}
