package grouper

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hrgflow/hrgflow/schemas"
)

// TableError is a problem at a position in a design file, found while loading it; see schemas.TableError.
type TableError = schemas.TableError

// Diagnostic is a problem Compile found in a loaded design: an error that
// stops the design compiling (an HRG not listed in hrgs.csv, a code mapped
// twice) or a warning (a root whose split rules leave a gap).
type Diagnostic struct {
	// File names the design file of the row at fault.
	File string
	// Line is the 1-based line of the row, 0 for the design as a whole.
	Line int
	// Field is the column at fault, "" for the whole row.
	Field string
	// Msg says what is wrong.
	Msg string
	// Warning is true for a problem that does not stop compiling.
	Warning bool
}

// Error returns "file:line: field: message", with "warning: " before the
// message of a warning.
func (d Diagnostic) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s:%d: ", d.File, d.Line)
	if d.Field != "" {
		b.WriteString(d.Field + ": ")
	}
	if d.Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(d.Msg)
	return b.String()
}

// maxErrors bounds the problems one load or compile reports.
const maxErrors = 200

// errList collects load errors up to maxErrors.
type errList struct {
	errs    []error
	dropped int
}

func (l *errList) add(err error) {
	if len(l.errs) >= maxErrors {
		l.dropped++
		return
	}
	l.errs = append(l.errs, err)
}

// err returns nil, the one error, or every error joined.
func (l *errList) err() error {
	switch {
	case len(l.errs) == 0:
		return nil
	case len(l.errs) == 1:
		return l.errs[0]
	}
	errs := l.errs
	if l.dropped > 0 {
		errs = append(errs[:len(errs):len(errs)], fmt.Errorf("… and %d more problems", l.dropped))
	}
	return errors.Join(errs...)
}
