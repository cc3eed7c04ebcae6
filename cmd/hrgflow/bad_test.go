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
