package compare

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Open reads one side of a comparison. With KindAuto the kind is
// detected: a folder holding manifest.json is an hrgflow run; a folder, a
// file prefix or a file with `*_FCE.csv` / `*_spell.csv` is official
// grouper output; a CSV whose header has SUSHRG or SUSCOREHRG is a HES
// extract; a side given a column map (m not nil) is a statement. Errors
// name the file, and the line and field of a bad value.
//
// The side's spells are assembled into compact records in the workspace's
// temporary folder, partition by partition, so memory stays bounded
// whatever the side's size.
func (ws *Workspace) Open(path string, kind Kind, m *StatementMap) (*Side, error) {
	if kind == KindAuto {
		var err error
		if kind, err = Detect(path, m != nil); err != nil {
			return nil, err
		}
	}
	switch kind {
	case KindRun:
		return ws.readRun(path)
	case KindGrouper:
		return ws.readGrouper(path)
	case KindHES:
		return ws.readHES(path)
	case KindStatement:
		if m == nil {
			return nil, fmt.Errorf("%s: a statement needs a column map (--left-map or --right-map)", path)
		}
		return ws.readStatement(path, m)
	}
	return nil, fmt.Errorf("%s: unknown side kind %v", path, kind)
}

// Detect tells the kind of the side at path (see Open).
func Detect(path string, mapped bool) (Kind, error) {
	if mapped {
		return KindStatement, nil
	}
	st, statErr := os.Stat(path)
	if statErr == nil && st.IsDir() {
		if _, err := os.Stat(filepath.Join(path, "manifest.json")); err == nil {
			return KindRun, nil
		}
	}
	if fce, spell, _ := grouperFiles(path); fce != "" || spell != "" {
		return KindGrouper, nil
	}
	if statErr != nil {
		return KindAuto, fmt.Errorf("%s: no such file, folder or grouper output prefix", path)
	}
	if st.IsDir() {
		return KindAuto, fmt.Errorf("%s: a folder with neither manifest.json (an hrgflow run) nor *_FCE.csv / *_spell.csv (official grouper output)", path)
	}
	lower := strings.ToLower(path)
	if strings.HasSuffix(lower, ".xlsx") {
		return KindAuto, fmt.Errorf("%s: a spreadsheet is read as a statement: give its column map with --left-map or --right-map", path)
	}
	head, err := readHead(path)
	if err != nil {
		return KindAuto, err
	}
	for i := range head {
		head[i] = upperTrim(head[i])
	}
	if slices.Contains(head, "SUSHRG") || slices.Contains(head, "SUSCOREHRG") {
		return KindHES, nil
	}
	return KindAuto, fmt.Errorf("%s: cannot tell what this file is (no SUSHRG or SUSCOREHRG column for a HES extract): give a column map with --left-map/--right-map, or --left-kind/--right-kind", path)
}
