package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/pelletier/go-toml/v2/unstable"
)

// The configuration file, the environment and the command line set the
// same flags, with the precedence flags > environment > file > defaults.
// Layering works on a command's flag.FlagSet and needs no per-flag code:
// argv is parsed first, then every flag argv left alone takes its
// HRGFLOW_<NAME> environment variable, then the config file's value.
//
// The file is TOML. Its keys are the flag names. Top-level keys apply to
// every command that has the flag; a table per command ([run], [validate],
// [explain], [gen]) applies to that command and wins over a top-level key.
// Unknown tables and keys, wrong types and values a flag rejects are
// errors naming file:line (exit 2).

// configEnv names the environment variable holding the config file path.
const configEnv = "HRGFLOW_CONFIG"

// configCommand is a command that reads the config file, with a function
// building its flag set (the same one the command parses).
type configCommand struct {
	name  string
	flags func(e *env) *flag.FlagSet
}

// configCommands lists the commands that take --config.
func configCommands() []configCommand {
	return []configCommand{
		{"run", func(e *env) *flag.FlagSet { fs, _ := newRunFlags(e); return fs }},
		{"validate", func(e *env) *flag.FlagSet { fs, _ := newValidateFlags(e); return fs }},
		{"explain", func(e *env) *flag.FlagSet { fs, _ := newExplainFlags(e); return fs }},
		{"gen", func(e *env) *flag.FlagSet { fs, _ := newGenFlags(e); return fs }},
	}
}

// configError is a problem in the config file or the environment: exit 2.
type configError struct {
	File  string // config file, or "environment"
	Line  int    // 1-based; 0 when unknown
	Field string // [table] key, or the environment variable
	Msg   string
}

func (e *configError) Error() string {
	pos := e.File
	if e.Line > 0 {
		pos = fmt.Sprintf("%s:%d", e.File, e.Line)
	}
	if e.Field == "" {
		return pos + ": " + e.Msg
	}
	return pos + ": " + e.Field + ": " + e.Msg
}

// origin says where a flag's value came from: "flag", "env NAME" or
// "file PATH:LINE". Flags absent from the map have their default.
type origins map[string]string

// parseConfigured parses a configurable command's arguments and layers the
// environment and the config file under them. It records in e where each
// value came from, so later usage errors can name it.
func parseConfigured(e *env, fs *flag.FlagSet, args []string) (origins, error) {
	path := fs.String("config", "", "TOML configuration file (or "+configEnv+"); precedence: flags > HRGFLOW_* environment > file > defaults")
	if err := parseFlags(fs, args); err != nil {
		return nil, err
	}
	org := origins{}
	fs.Visit(func(f *flag.Flag) { org[f.Name] = "flag" })
	if fs.NArg() > 0 && fs.Lookup("input") != nil {
		org["input"] = "flag" // positional arguments are inputs
	}
	org["config"] = "flag" // never read from the environment or a file
	if err := applyEnv(e, fs, org); err != nil {
		return nil, err
	}
	file := *path
	if file == "" {
		file = e.getenv(configEnv)
	}
	if file != "" {
		cf, err := loadConfig(e, file)
		if err != nil {
			return nil, err
		}
		if err := cf.apply(fs, org); err != nil {
			return nil, err
		}
	}
	delete(org, "config")
	e.origins = org
	return org, nil
}

// envName is the environment variable of a flag: HRGFLOW_MAX_REJECT_RATE
// for --max-reject-rate.
func envName(flagName string) string {
	return "HRGFLOW_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// applyEnv sets every flag not yet set from its environment variable. An
// empty variable counts as unset; a repeatable flag takes a list separated
// like PATH (':').
func applyEnv(e *env, fs *flag.FlagSet, org origins) error {
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		name := envName(f.Name)
		v := e.getenv(name)
		if err != nil || org[f.Name] != "" || v == "" {
			return
		}
		vals := []string{v}
		if flagKind(f) == kindList {
			vals = filepath.SplitList(v)
		}
		for _, v := range vals {
			if serr := fs.Set(f.Name, v); serr != nil {
				err = &configError{File: "environment", Field: name, Msg: fmt.Sprintf("invalid value %q: %v", v, serr)}
				return
			}
		}
		org[f.Name] = "env " + name
	})
	return err
}

// flagKind is the TOML type a flag takes.
type kind uint8

const (
	kindString kind = iota
	kindBool
	kindInt
	kindFloat
	kindList
)

func (k kind) String() string {
	return [...]string{"a string", "a boolean", "an integer", "a number", "an array of strings"}[k]
}

func flagKind(f *flag.Flag) kind {
	if _, ok := f.Value.(*listFlag); ok {
		return kindList
	}
	if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
		return kindBool
	}
	if g, ok := f.Value.(flag.Getter); ok {
		switch g.Get().(type) {
		case int, int64, uint, uint64:
			return kindInt
		case float64:
			return kindFloat
		}
	}
	return kindString
}

// configFile is a parsed config file: values by table ("" is the top
// level) and key, each with its line.
type configFile struct {
	path       string
	tables     map[string]map[string]configValue
	tableLines map[string]int // line of each [table] header
}

// configValue is one key's value, already in flag syntax.
type configValue struct {
	line   int
	kind   unstable.Kind // of the value, or of the elements of an array
	array  bool
	values []string
}

// loadConfig reads and checks a config file against every configurable
// command's flags.
func loadConfig(e *env, path string) (*configFile, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &configError{File: path, Msg: fmt.Sprintf("reading the config file: %v", errors.Unwrap(err))}
	}
	cf, err := parseConfig(path, data)
	if err != nil {
		return nil, err
	}
	return cf, cf.check(e)
}

// parseConfig turns TOML into tables of flag values. It accepts the subset
// of TOML a flag set can mirror: [command] tables (or dotted keys
// command.key) holding scalars and arrays of scalars.
func parseConfig(path string, data []byte) (*configFile, error) {
	cf := &configFile{path: path, tables: map[string]map[string]configValue{"": {}}, tableLines: map[string]int{}}
	var p unstable.Parser
	p.Reset(data)
	lineOf := func(b []byte) int { return lineAt(data, b) }
	table, tableLine := "", cf.tableLines
	for p.NextExpression() {
		n := p.Expression()
		switch n.Kind {
		case unstable.Table:
			keys, first := keyParts(n)
			line := lineOf(p.Raw(first.Raw))
			if len(keys) != 1 {
				return nil, &configError{File: path, Line: line, Field: "[" + strings.Join(keys, ".") + "]", Msg: "tables are one command name: [run], [validate], [explain] or [gen]"}
			}
			table = keys[0]
			if prev, ok := tableLine[table]; ok {
				return nil, &configError{File: path, Line: line, Field: "[" + table + "]", Msg: fmt.Sprintf("table defined twice (first at line %d)", prev)}
			}
			tableLine[table] = line
			if cf.tables[table] == nil {
				cf.tables[table] = map[string]configValue{}
			}
		case unstable.ArrayTable:
			_, first := keyParts(n)
			return nil, &configError{File: path, Line: lineOf(p.Raw(first.Raw)), Msg: "arrays of tables ([[...]]) are not used in hrgflow configuration"}
		case unstable.KeyValue:
			if err := cf.addKeyValue(&p, data, table, n); err != nil {
				return nil, err
			}
		}
	}
	if err := p.Error(); err != nil {
		var perr *unstable.ParserError
		line := 0
		if errors.As(err, &perr) {
			line = lineAt(data, perr.Highlight)
		}
		return nil, &configError{File: path, Line: line, Msg: "TOML syntax: " + err.Error()}
	}
	return cf, nil
}

// addKeyValue records one key = value expression found under table.
func (cf *configFile) addKeyValue(p *unstable.Parser, data []byte, table string, n *unstable.Node) error {
	keys, first := keyParts(n)
	line := lineAt(data, p.Raw(first.Raw))
	if table == "" && len(keys) == 2 { // run.workers = 4 at the top level
		table, keys = keys[0], keys[1:]
	}
	field := keyField(table, strings.Join(keys, "."))
	if len(keys) != 1 {
		return &configError{File: cf.path, Line: line, Field: field, Msg: "dotted keys are not used here: keys are flag names"}
	}
	v := configValue{line: line}
	val := n.Value()
	if val.Kind == unstable.Array {
		v.array, v.kind = true, unstable.String
		it := val.Children()
		for it.Next() {
			el := it.Node()
			if el.Kind == unstable.Array || el.Kind == unstable.InlineTable {
				return &configError{File: cf.path, Line: line, Field: field, Msg: "arrays hold plain values"}
			}
			v.kind = el.Kind
			v.values = append(v.values, string(el.Data))
		}
	} else {
		if val.Kind == unstable.InlineTable {
			return &configError{File: cf.path, Line: line, Field: field, Msg: "inline tables are not used in hrgflow configuration"}
		}
		v.kind, v.values = val.Kind, []string{string(val.Data)}
	}
	if cf.tables[table] == nil {
		cf.tables[table] = map[string]configValue{}
	}
	if prev, ok := cf.tables[table][keys[0]]; ok {
		return &configError{File: cf.path, Line: line, Field: field, Msg: fmt.Sprintf("set twice (first at line %d)", prev.line)}
	}
	cf.tables[table][keys[0]] = v
	return nil
}

// keyParts returns the parts of a table's or key-value's (dotted) key and
// the node of the first part.
func keyParts(n *unstable.Node) ([]string, *unstable.Node) {
	var parts []string
	var first *unstable.Node
	it := n.Key()
	for it.Next() {
		if first == nil {
			first = it.Node()
		}
		parts = append(parts, string(it.Node().Data))
	}
	return parts, first
}

// lineAt is the 1-based line of b, a subslice of data (0 if it is not one).
func lineAt(data, b []byte) int {
	off := cap(data) - cap(b)
	if b == nil || off < 0 || off > len(data) {
		return 0
	}
	return bytes.Count(data[:off], []byte("\n")) + 1
}

func keyField(table, key string) string {
	if table == "" {
		return key
	}
	return "[" + table + "] " + key
}

// check applies every table to a fresh flag set of its command, so that
// unknown tables and keys, wrong types and rejected values are found
// whichever command runs. It reports every problem, in line order.
func (cf *configFile) check(e *env) error {
	cmds := configCommands()
	var errs []*configError
	for _, table := range sortedKeys(cf.tables) {
		if table != "" && !slices.ContainsFunc(cmds, func(c configCommand) bool { return c.name == table }) {
			errs = append(errs, &configError{File: cf.path, Line: cf.tableLines[table], Field: "[" + table + "]", Msg: "unknown table: want [run], [validate], [explain] or [gen]"})
		}
	}
	known := map[string]bool{}
	for _, c := range cmds {
		fs := c.flags(e)
		fs.VisitAll(func(f *flag.Flag) { known[f.Name] = true })
		errs = append(errs, cf.applyTable(fs, c.name, origins{}, true)...)
	}
	for _, key := range sortedKeys(cf.tables[""]) {
		if !known[key] || key == "config" {
			errs = append(errs, cf.unknownKey("", key, known))
		}
	}
	return joinConfigErrors(errs)
}

// joinConfigErrors sorts problems by line and drops repeats (a top-level
// key is checked once per command).
func joinConfigErrors(errs []*configError) error {
	slices.SortStableFunc(errs, func(a, b *configError) int { return a.Line - b.Line })
	var out []error
	seen := map[string]bool{}
	for _, e := range errs {
		if msg := e.Error(); !seen[msg] {
			seen[msg] = true
			out = append(out, e)
		}
	}
	return errors.Join(out...)
}

// apply sets the flags of fs not yet set from its command's table, then
// from the top level.
func (cf *configFile) apply(fs *flag.FlagSet, org origins) error {
	return joinConfigErrors(cf.applyTable(fs, fs.Name(), org, false))
}

// applyTable sets flags from the command's table and the top level. With
// strict, a key of the command's table that is not one of its flags is a
// problem too.
func (cf *configFile) applyTable(fs *flag.FlagSet, command string, org origins, strict bool) []*configError {
	var errs []*configError
	for _, table := range []string{command, ""} {
		vals := cf.tables[table]
		for _, key := range sortedKeys(vals) {
			v := vals[key]
			f := fs.Lookup(key)
			if f == nil || key == "config" {
				if table != "" && strict { // a top-level key is for the commands that have it
					known := map[string]bool{}
					fs.VisitAll(func(f *flag.Flag) { known[f.Name] = true })
					errs = append(errs, cf.unknownKey(table, key, known))
				}
				continue
			}
			if org[key] != "" {
				continue
			}
			if err := cf.set(fs, f, table, key, v); err != nil {
				errs = append(errs, err)
				continue
			}
			org[key] = fmt.Sprintf("file %s:%d", cf.path, v.line)
		}
	}
	return errs
}

// set checks a value's type against the flag and sets it.
func (cf *configFile) set(fs *flag.FlagSet, f *flag.Flag, table, key string, v configValue) *configError {
	fail := func(msg string) *configError {
		return &configError{File: cf.path, Line: v.line, Field: keyField(table, key), Msg: msg}
	}
	want := flagKind(f)
	if v.array && want != kindList {
		return fail("want " + want.String() + ", got an array")
	}
	ok := v.kind == unstable.String || v.kind == unstable.LocalDate // from = 2024-04-01
	switch want {
	case kindBool:
		ok = v.kind == unstable.Bool
	case kindInt:
		ok = v.kind == unstable.Integer
	case kindFloat:
		ok = v.kind == unstable.Integer || v.kind == unstable.Float
	}
	if !ok && len(v.values) > 0 {
		return fail(fmt.Sprintf("want %s, got %s", want, tomlKind(v.kind)))
	}
	for _, s := range v.values {
		s, err := flagText(v.kind, s)
		if err == nil {
			err = fs.Set(f.Name, s)
		}
		if err != nil {
			return fail(fmt.Sprintf("invalid value %s: %v", s, err))
		}
	}
	return nil
}

// flagText turns a TOML scalar into the text its flag parses.
func flagText(k unstable.Kind, s string) (string, error) {
	switch k {
	case unstable.Integer:
		n, err := strconv.ParseInt(s, 0, 64) // TOML's 0x, 0o, 0b and _ are Go's too
		return strconv.FormatInt(n, 10), err
	case unstable.Float:
		x, err := strconv.ParseFloat(strings.ReplaceAll(s, "_", ""), 64)
		return strconv.FormatFloat(x, 'g', -1, 64), err
	}
	return s, nil
}

func tomlKind(k unstable.Kind) string {
	switch k {
	case unstable.String:
		return "a string"
	case unstable.Bool:
		return "a boolean"
	case unstable.Integer:
		return "an integer"
	case unstable.Float:
		return "a float"
	}
	return "a " + strings.ToLower(k.String())
}

func (cf *configFile) unknownKey(table, key string, known map[string]bool) *configError {
	msg := "unknown key"
	if table == "" {
		msg = "unknown key: no command has this flag"
	}
	best, dist := "", 3
	for k := range known {
		if d := editDistance(key, k); d < dist || (d == dist && k < best) {
			best, dist = k, d
		}
	}
	if best != "" && best != "config" {
		msg += fmt.Sprintf(" (did you mean %s?)", best)
	}
	return &configError{File: cf.path, Line: cf.tables[table][key].line, Field: keyField(table, key), Msg: msg}
}

// editDistance is the Levenshtein distance of two short strings.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// withOrigin adds to a usage error's message where the flag it names was
// set, when that was the environment or the config file.
func withOrigin(msg string, org origins) string {
	for _, name := range sortedKeys(org) {
		if o := org[name]; o != "flag" && strings.Contains(msg, "--"+name) {
			return msg + " (set by " + o + ")"
		}
	}
	return msg
}

const configUsage = "hrgflow config check [--config FILE] [COMMAND [FLAGS...]]"

// cmdConfig is "hrgflow config check": it loads the config file (if any),
// checks it against every command, and prints each command's effective
// settings with where each came from. With a COMMAND and its flags, it
// shows that command as those flags would run it.
func cmdConfig(_ context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] != "check" {
		return &usageError{"usage: " + configUsage}
	}
	fs := newFlagSet(e, "config check", "[--config FILE] [COMMAND [FLAGS...]]")
	path := fs.String("config", "", "TOML configuration file (default: "+configEnv+")")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	file := *path
	if file == "" {
		file = e.getenv(configEnv)
	}
	cmds := configCommands()
	if rest := fs.Args(); len(rest) > 0 {
		i := slices.IndexFunc(cmds, func(c configCommand) bool { return c.name == rest[0] })
		if i < 0 {
			return &usageError{fmt.Sprintf("config check: %q does not read the config file (run, validate, explain or gen do)", rest[0])}
		}
		cmds, args = cmds[i:i+1], rest[1:]
	} else {
		args = nil
	}
	if file != "" {
		args = append([]string{"--config", file}, args...)
		if _, err := loadConfig(e, file); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "# %s: ok\n", file)
	} else {
		fmt.Fprintf(e.stdout, "# no config file (--config or %s): defaults and environment only\n", configEnv)
	}
	for _, c := range cmds {
		fs := c.flags(e)
		org, err := parseConfigured(e, fs, args)
		if err != nil {
			return err
		}
		printSettings(e, c.name, fs, org)
	}
	return nil
}

// printSettings writes a command's settings as a TOML table, each value
// commented with its origin: the output is itself a valid config file.
func printSettings(e *env, command string, fs *flag.FlagSet, org origins) {
	fmt.Fprintf(e.stdout, "\n[%s]\n", command)
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fs.VisitAll(func(f *flag.Flag) {
		if f.Name == "config" {
			return
		}
		o := org[f.Name]
		if o == "" {
			o = "default"
		}
		fmt.Fprintf(tw, "%s = %s\t# %s\n", f.Name, tomlValue(f), o)
	})
	_ = tw.Flush()
}

// tomlValue is a flag's current value in TOML syntax.
func tomlValue(f *flag.Flag) string {
	switch flagKind(f) {
	case kindList:
		l := f.Value.(*listFlag)
		q := make([]string, len(*l))
		for i, s := range *l {
			q[i] = strconv.Quote(s)
		}
		return "[" + strings.Join(q, ", ") + "]"
	case kindString:
		return strconv.Quote(f.Value.String())
	}
	return f.Value.String()
}
