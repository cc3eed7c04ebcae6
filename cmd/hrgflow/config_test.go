package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"
)

// testEnv is an env with an injected environment.
func testEnv(vars map[string]string) *env {
	var out, errb bytes.Buffer
	return &env{stdout: &out, stderr: &errb, log: zerolog.Nop(), now: time.Now,
		getenv: func(k string) string { return vars[k] }}
}

func writeConfig(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "hrgflow.toml")
	require.NoError(t, os.WriteFile(path, []byte(text), 0o600))
	return path
}

// TestConfigPrecedence: flags > environment > file > defaults, each level
// seen on its own flag, with the origin recorded.
func TestConfigPrecedence(t *testing.T) {
	path := writeConfig(t, "workers = 3\nmemory = 7\n[run]\nworkers = 4\nout = \"file\"\nrow-group = 10\n")
	e := testEnv(map[string]string{"HRGFLOW_CONFIG": path, "HRGFLOW_OUT": "env", "HRGFLOW_ROW_GROUP": "20"})
	fs, r := newRunFlags(e)
	org, err := parseConfigured(e, fs, []string{"--row-group", "30", "in.csv"})
	require.NoError(t, err)
	require.Equal(t, 30, r.cfg.RowGroupSize) // flag over env and file
	require.Equal(t, "env", r.cfg.OutDir)    // env over file
	require.Equal(t, 4, *r.in.workers)       // [run] over the top level
	require.Equal(t, int64(7), *r.in.memory) // top level
	require.Equal(t, "zstd", *r.comp)        // default
	require.Empty(t, r.in.inputs, "positional inputs are added by apply, and the file cannot add to them")
	require.Equal(t, origins{"row-group": "flag", "input": "flag", "out": "env HRGFLOW_OUT",
		"workers": "file " + path + ":4", "memory": "file " + path + ":2"}, org)
}

// TestConfigValueForms covers the TOML spellings a flag accepts.
func TestConfigValueForms(t *testing.T) {
	path := writeConfig(t, `
[run]
input = ["a.csv", 'b.csv']
workers = 0x2
row-group = 1_000
max-reject-rate = 1   # an integer for a float flag
suppress = true
[gen]
from = 2024-05-01
bad-rate = 5e-2
seed = 18_446_744
[validate]
input = "one.csv"
`)
	e := testEnv(nil)
	fs, r := newRunFlags(e)
	_, err := parseConfigured(e, fs, []string{"--config", path})
	require.NoError(t, err)
	require.Equal(t, listFlag{"a.csv", "b.csv"}, r.in.inputs)
	require.Equal(t, 2, *r.in.workers)
	require.Equal(t, 1000, r.cfg.RowGroupSize)
	require.Equal(t, 1.0, *r.in.maxReject)
	require.True(t, r.cfg.Suppress)

	fs, g := newGenFlags(e)
	_, err = parseConfigured(e, fs, []string{"--config", path})
	require.NoError(t, err)
	require.Equal(t, "2024-05-01", *g.from)
	require.Equal(t, 0.05, g.cfg.BadRate)
	require.Equal(t, uint64(18_446_744), g.cfg.Seed)

	fs, v := newValidateFlags(e)
	_, err = parseConfigured(e, fs, []string{"--config", path})
	require.NoError(t, err)
	require.Equal(t, listFlag{"one.csv"}, v.in.inputs)
}

// TestConfigErrors: each problem is named with file:line and field.
func TestConfigErrors(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"[run]\nworkers = \"two\"\n", `:2: [run] workers: want an integer, got a string`},
		{"[run]\nsuppress = 1\n", `:2: [run] suppress: want a boolean, got an integer`},
		{"[run]\nout = [\"a\"]\n", `:2: [run] out: want a string, got an array`},
		{"[run]\ninput = [[\"a\"]]\n", `:2: [run] input: arrays hold plain values`},
		{"[run]\nprices = { file = \"x\" }\n", `:2: [run] prices: inline tables are not used`},
		{"[run]\nout = 2024-01-01T10:00:00Z\n", `:2: [run] out: want a string, got a datetime`},
		{"[run]\nworkers = 99999999999999999999\n", `:2: [run] workers: invalid value`},
		{"\n\n[run.extra]\n", `:3: [run.extra]: tables are one command name`},
		{"[[run]]\n", `:1: arrays of tables`},
		{"[run]\n[run]\n", `:2: [run]: table defined twice (first at line 1)`},
		{"run.workers = 2\nrun.workers = 3\n", `:2: [run] workers: set twice (first at line 1)`},
		{"a.b.c = 1\n", `:1: a.b.c: dotted keys are not used here`},
		{"[run]\nconfig = \"other.toml\"\n", `:2: [run] config: unknown key`},
		{"config = \"other.toml\"\n", `:1: config: unknown key: no command has this flag`},
		{"[gen]\nepisode = 5\n", `:2: [gen] episode: unknown key (did you mean episodes?)`},
		{"[help]\n", `:1: [help]: unknown table`},
		{"[run]\nworkers = 1\nout = \"x\"\n  bad line\n", `:4: TOML syntax: expected '=' after key`},
		{"[run\n", `:1: TOML syntax: expected ']' to close table name`},
	} {
		path := writeConfig(t, c.text)
		_, err := loadConfig(testEnv(nil), path)
		require.Error(t, err, c.text)
		var ce *configError
		require.True(t, errors.As(err, &ce), c.text)
		require.Contains(t, err.Error(), path+c.want, c.text)
	}
	_, err := loadConfig(testEnv(nil), filepath.Join(t.TempDir(), "missing.toml"))
	require.ErrorContains(t, err, "missing.toml: reading the config file: no such file or directory")
}

// TestExampleConfig: docs/hrgflow.example.toml is accepted and mentions
// every flag of every configurable command, so it stays complete.
func TestExampleConfig(t *testing.T) {
	path := filepath.Join("..", "..", "docs", "hrgflow.example.toml")
	e := testEnv(nil)
	_, err := loadConfig(e, path)
	require.NoError(t, err)
	text, err := os.ReadFile(path)
	require.NoError(t, err)
	for _, c := range configCommands() {
		c.flags(e).VisitAll(func(f *flag.Flag) {
			re := regexp.MustCompile(`(?m)(^|# |or )` + regexp.QuoteMeta(f.Name) + ` = `)
			require.True(t, re.Match(text), "the example config does not mention %s's --%s", c.name, f.Name)
		})
	}
	code, stdout, stderr := runMain("config", "check", "--config", path)
	require.Equal(t, exitOK, code, stderr)
	require.Contains(t, stdout, "[gen]\n")
}

// TestEnvErrorsAndLists: bad environment values name the variable; lists
// split like PATH; an empty variable is unset.
func TestEnvErrorsAndLists(t *testing.T) {
	e := testEnv(map[string]string{"HRGFLOW_INPUT": "a.csv:b.csv", "HRGFLOW_OUT": "", "HRGFLOW_SUPPRESS": "true"})
	fs, r := newRunFlags(e)
	org, err := parseConfigured(e, fs, nil)
	require.NoError(t, err)
	require.Equal(t, listFlag{"a.csv", "b.csv"}, r.in.inputs)
	require.Empty(t, r.cfg.OutDir)
	require.True(t, r.cfg.Suppress)
	require.Equal(t, "env HRGFLOW_SUPPRESS", org["suppress"])

	e = testEnv(map[string]string{"HRGFLOW_WORKERS": "lots"})
	fs, _ = newRunFlags(e)
	_, err = parseConfigured(e, fs, nil)
	require.EqualError(t, err, `environment: HRGFLOW_WORKERS: invalid value "lots": parse error`)
}

func TestWithOrigin(t *testing.T) {
	org := origins{"layout": "file a.toml:3", "workers": "flag"}
	require.Equal(t, "--layout: bad (set by file a.toml:3)", withOrigin("--layout: bad", org))
	require.Equal(t, "--workers: bad", withOrigin("--workers: bad", org))
	require.Equal(t, "no flag named", withOrigin("no flag named", org))
	require.True(t, strings.HasPrefix(envName("max-reject-rate"), "HRGFLOW_MAX_REJECT_RATE"))
}

// TestLogFieldsDocumented runs run and validate into every log event they
// can emit, with JSON logs, and checks that docs/logs.md lists each field
// and message seen.
func TestLogFieldsDocumented(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "logs.md"))
	require.NoError(t, err)
	dir := t.TempDir()
	in := filepath.Join(dir, "in.csv")
	code, _, stderr := runMain("gen", "--episodes", "200", "--out", in)
	require.Equal(t, exitOK, code, stderr)
	out := filepath.Join(dir, "out")
	require.NoError(t, os.MkdirAll(filepath.Join(out, ".hrgflow-staging-999999999-1"), 0o750)) // a dead run's
	bad := filepath.Join("..", "..", "testdata", "bad")
	var logs strings.Builder
	for _, c := range []struct {
		code int
		args []string
	}{
		{exitOK, []string{"run", "--input", in, "--out", out}},
		{exitOK, []string{"validate", "--input", filepath.Join(bad, "header_only.csv"), "--input", filepath.Join(bad, "wrong_types.parquet")}},
		{exitRejected, []string{"validate", "--input", filepath.Join(bad, "wrong_types.parquet"), "--max-reject-rate", "0.5"}},
		{exitFailed, []string{"run", "--input", filepath.Join(dir, "missing.csv"), "--out", out}},
	} {
		code, _, stderr := runMain(c.args...)
		require.Equal(t, c.code, code, "%v: %s", c.args, stderr)
		logs.WriteString(stderr)
	}
	seen := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		var ev map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &ev), line)
		for k := range ev {
			seen[k] = true
			require.Contains(t, string(doc), "`"+k+"`", "docs/logs.md does not list the field %q (%s)", k, line)
		}
		msg, _ := ev["message"].(string)
		if head, _, _ := strings.Cut(msg, ":"); !strings.Contains(msg, "%") {
			require.Contains(t, string(doc), head, "docs/logs.md does not list the message %q", msg)
		}
	}
	for _, k := range []string{"missing_columns", "column", "folder", "rows_per_s", "reject_rate", "error"} {
		require.True(t, seen[k], "no event carried %q: the test no longer reaches every event", k)
	}
}
