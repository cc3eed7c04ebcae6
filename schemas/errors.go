package schemas

import "fmt"

// TableError is a problem at a position in a file hrgflow reads as a table:
// a record definition file, a grouping design, a price or MFF table, a TRUD
// code list. Every package that loads such files reports it, so users see
// one format everywhere: "file:line[:column]: field: message".
type TableError struct {
	// File names the file (a path, or an embedded file's name).
	File string
	// Line is the 1-based line number, 0 when the problem has no line.
	Line int
	// Column is the 1-based byte column of the cell, 0 when not known.
	Column int
	// Field is the column (or key) at fault, "" for the whole line.
	Field string
	// Msg says what is wrong.
	Msg string
	// Err is the underlying error, if any.
	Err error
}

// Error returns "file:line[:column]: field: message".
func (e *TableError) Error() string {
	s := fmt.Sprintf("%s:%d", e.File, e.Line)
	if e.Column > 0 {
		s += fmt.Sprintf(":%d", e.Column)
	}
	if e.Field != "" {
		s += ": " + e.Field
	}
	s += ": " + e.Msg
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the underlying error, if any.
func (e *TableError) Unwrap() error { return e.Err }
