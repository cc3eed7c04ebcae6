package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/stretchr/testify/require"
)

func TestSplit(t *testing.T) {
	for _, c := range []struct{ line, want string }{
		{`a,,b`, `a||||b`},
		{`"x,y",z`, `x,y||z`},
		{`"say ""hi""",`, `say "hi"||`},
	} {
		var unq []byte
		var got []string
		for _, f := range split([]byte(c.line), nil, &unq) {
			got = append(got, string(f))
		}
		require.Equal(t, c.want, strings.Join(got, "||"), c.line)
	}
}

// TestParquetRoundTrip writes a small CSV through every mode and reads the
// Parquet file back: same rows, empty fields null, quoted fields unquoted.
func TestParquetRoundTrip(t *testing.T) {
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in.csv"), filepath.Join(dir, "out.parquet")
	var csv bytes.Buffer
	csv.WriteString("A,B\r\n")
	for i := range 5000 { // more than one batch
		if i == 7 {
			csv.WriteString("\"q,1\",\n")
			continue
		}
		csv.WriteString("x,y\n")
	}
	require.NoError(t, os.WriteFile(in, csv.Bytes(), 0o600))
	for _, mode := range []string{"split", "csv", "parquet"} {
		var stdout, stderr bytes.Buffer
		require.Equal(t, 0, run([]string{"--mode", mode, "--input", in, "--out", out}, &stdout, &stderr), stderr.String())
		require.Contains(t, stdout.String(), "rows=5000 ", mode)
	}
	type row struct {
		A *string `parquet:"A,optional"`
		B *string `parquet:"B,optional"`
	}
	rows, err := parquet.ReadFile[row](out)
	require.NoError(t, err)
	require.Len(t, rows, 5000)
	require.Equal(t, "x", *rows[0].A)
	require.Equal(t, "y", *rows[0].B)
	require.Equal(t, "q,1", *rows[7].A)
	require.Nil(t, rows[7].B, "an empty field is null")
}
