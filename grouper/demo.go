package grouper

import (
	"fmt"
	"sync"

	"github.com/hrgflow/hrgflow/grouper/designs"
)

// demoTable compiles the embedded demo design once.
var demoTable = sync.OnceValues(func() (*Table, error) {
	d, err := Load(designs.Demo())
	if err != nil {
		return nil, fmt.Errorf("demo design: %w", err)
	}
	tab, _, err := Compile(d)
	if err != nil {
		return nil, fmt.Errorf("demo design: %w", err)
	}
	return tab, nil
})

// Demo returns the compiled demo design embedded in the binary
// (package designs). It is compiled on first use and shared: every call
// returns the same *Table. The demo design is illustrative, not the
// official NHS HRG4+ design; its manifest notice says so.
func Demo() (*Table, error) { return demoTable() }
