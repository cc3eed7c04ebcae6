package grouper

// Check loads and compiles the design folder dir and returns every
// diagnostic, for `hrgflow design check`. A load problem is returned as
// the error with no diagnostics; a design with error diagnostics returns
// them all and a non-nil error.
func Check(dir string) ([]Diagnostic, error) {
	d, err := LoadDir(dir)
	if err != nil {
		return nil, err
	}
	_, diags, err := Compile(d)
	return diags, err
}

// CompileDir loads and compiles the design folder dir (for --design DIR).
// Warnings are returned beside the table.
func CompileDir(dir string) (*Table, []Diagnostic, error) {
	d, err := LoadDir(dir)
	if err != nil {
		return nil, nil, err
	}
	return Compile(d)
}
