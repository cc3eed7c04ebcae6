package grouper

import (
	"bytes"
	"compress/gzip"
	"flag"
	"io"
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

// TestDemoDumpGolden pins the compiled demo design: any change to the
// generator, the design files or the compiler shows up here. The golden
// file is gzipped (2 MB of text); refresh it with -update.
func TestDemoDumpGolden(t *testing.T) {
	tab, err := Demo()
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, tab.Dump(&buf))
	golden := filepath.Join("..", "testdata", "grouper", "demo.dump.gz")
	if *update {
		var z bytes.Buffer
		zw := gzip.NewWriter(&z)
		_, err := zw.Write(buf.Bytes())
		require.NoError(t, err)
		require.NoError(t, zw.Close())
		require.NoError(t, os.WriteFile(golden, z.Bytes(), 0o644))
	}
	f, err := os.Open(golden)
	require.NoError(t, err, "run go test ./grouper -run TestDemoDumpGolden -update to create it")
	defer f.Close()
	zr, err := gzip.NewReader(f)
	require.NoError(t, err)
	want, err := io.ReadAll(zr)
	require.NoError(t, err)
	if string(want) != buf.String() {
		t.Fatalf("compiled demo design changed (%d bytes, golden %d): compare `hrgflow design dump demo` with zcat %s, then refresh with -update", buf.Len(), len(want), golden)
	}
}
