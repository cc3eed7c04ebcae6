package grouper

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite golden files")

// expressiveDir is the hand-written design that proves each construct.
var expressiveDir = filepath.Join("..", "testdata", "grouper", "expressive")

// expressive compiles the expressive design, requiring no diagnostics.
func expressive(t testing.TB) *Table {
	t.Helper()
	tab, diags, err := CompileDir(expressiveDir)
	require.NoError(t, err)
	require.Empty(t, diags)
	return tab
}

func TestDumpGolden(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, expressive(t).Dump(&buf))
	golden := filepath.Join("..", "testdata", "grouper", "expressive.dump")
	if *update {
		require.NoError(t, os.WriteFile(golden, buf.Bytes(), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "run go test ./grouper -run TestDumpGolden -update to create it")
	require.Equal(t, string(want), buf.String(), "compiled table changed: check the diff, then refresh with -update")
}
