package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestBadInputCorpus runs every file of testdata/bad: each gives a clear
// message naming the file (and line or reason), a documented exit code,
// and keeps every row that could be read.
func TestBadInputCorpus(t *testing.T) {
	unreadable := filepath.Join(t.TempDir(), "unreadable.csv")
	require.NoError(t, os.WriteFile(unreadable, []byte("EPIKEY,ADMIDATE,DIAG_01\n1,2024-05-01,I10X\n"), 0o000))
	big := filepath.Join(t.TempDir(), "big_field.csv")
	field := make([]byte, 10<<20)
	for i := range field {
		field[i] = 'A'
	}
	require.NoError(t, os.WriteFile(big, append(append([]byte("EPIKEY,ADMIDATE,DIAG_01,SEX\n1,2024-05-01,I10X,1\n2,2024-05-02,"), field...), []byte(",2\n3,2024-05-03,J189,1\n")...), 0o644))
	cases := []struct {
		file   string
		code   int
		stdout string // in the summary (rows kept)
		stderr string // in the logs
	}{
		{"empty.csv", exitOK, "0 episodes", ""},
		{"header_only.csv", exitOK, "0 episodes", "missing_columns"},
		{"bom.csv", exitOK, "1 episodes", ""},
		{"mixed_line_endings.csv", exitOK, "3 episodes", ""},
		{"quoted_comma_newline.csv", exitOK, "4 episodes", ""}, // a quoted newline splits its row: both halves kept, flagged P02/P01
		{"ragged.csv", exitOK, "3 episodes", ""},
		{"non_utf8.csv", exitOK, "2 episodes", ""},
		{"missing_primary_column.csv", exitOK, "1 episodes", "DIAG_01"},
		{"truncated.csv.gz", exitFailed, "", "truncated.csv.gz: reading line 2: unexpected EOF"},
		{"a_directory.csv", exitFailed, "", "is a directory"},
		{unreadable, exitFailed, "", "permission denied"},
		{big, exitOK, "3 episodes", ""},
		// DIAG_01 INT64, ADMIDATE BOOLEAN, STARTAGE DOUBLE: coerced to text and
		// flagged (D01, P04, P03); EPISTART a LIST: not read, and a warning says so.
		{"wrong_types.parquet", exitOK, "3 episodes", `"column":"EPISTART"`},
	}
	for _, c := range cases {
		path := c.file
		if !filepath.IsAbs(path) {
			path = filepath.Join("..", "..", "testdata", "bad", c.file)
		}
		if c.file == unreadable && os.Geteuid() == 0 {
			continue // root reads any file
		}
		code, stdout, stderr := runMain("run", "--input", path, "--out", t.TempDir())
		require.Equal(t, c.code, code, "%s: %s", c.file, stderr)
		require.Contains(t, stdout, c.stdout, c.file)
		require.Contains(t, stderr, c.stderr, c.file)
		if c.code != exitOK {
			require.Contains(t, stderr, filepath.Base(path), "the message names the file")
		}
	}
}

// TestParquetWrongTypes checks what the reader does with scalar columns of
// the wrong Parquet type: each value is read as the text a CSV export would
// hold and validated like one, so every bad value is a finding on its row.
func TestParquetWrongTypes(t *testing.T) {
	code, stdout, stderr := runMain("validate", "--input", filepath.Join("..", "..", "testdata", "bad", "wrong_types.parquet"))
	require.Equal(t, exitOK, code, stderr)
	for _, want := range []string{
		"D01     error     2     2", // DIAG_01 1234 and 5678 (INT64); row 3's is null: D06
		"D06     error     1     1",
		"P04     error     2     2", // ADMIDATE true and false (BOOLEAN)
		"P03     error     1     1", // STARTAGE 45.5 (DOUBLE); 60.0 reads as 60
	} {
		require.Contains(t, stdout, want)
	}
	require.Contains(t, stderr, `"level":"warn","file":"../../testdata/bad/wrong_types.parquet","column":"EPISTART"`)
}
