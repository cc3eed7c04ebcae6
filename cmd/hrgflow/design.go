package main

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"github.com/hrgflow/hrgflow/grouper"
	"github.com/hrgflow/hrgflow/pipeline"
)

// loadDesign returns the compiled design named by a --design value: "demo"
// (embedded) or a design folder.
func loadDesign(name string) (*grouper.Table, error) {
	if name == "" || name == "demo" {
		return grouper.Demo()
	}
	d, err := grouper.LoadDir(name)
	if err != nil {
		return nil, err
	}
	t, _, err := grouper.Compile(d)
	return t, err
}

func cmdDesign(ctx context.Context, e *env, args []string) error {
	if len(args) < 2 || (args[0] != "check" && args[0] != "dump") {
		return &usageError{"usage: hrgflow design check|dump DIR (DIR may be demo)"}
	}
	verb, dir := args[0], args[1]
	if verb == "dump" {
		t, err := loadDesign(dir)
		if err != nil {
			return err
		}
		return t.Dump(e.stdout)
	}
	var diags []grouper.Diagnostic
	var err error
	if dir == "demo" {
		_, err = grouper.Demo()
	} else {
		diags, err = grouper.Check(dir)
	}
	for _, d := range diags {
		fmt.Fprintln(e.stdout, d.Error())
	}
	if err != nil {
		return err
	}
	warnings := 0
	for _, d := range diags {
		if d.Warning {
			warnings++
		}
	}
	fmt.Fprintf(e.stdout, "design %s: compiled, %d warning(s)\n", dir, warnings)
	return nil
}

// explainFlags are explain's settings.
type explainFlags struct {
	in  *inputFlags
	key *string
	row *int64
}

// newExplainFlags defines explain's flags; config check lists them too.
func newExplainFlags(e *env) (*flag.FlagSet, *explainFlags) {
	fs := newFlagSet(e, "explain", "--input PATH (--episode EPIKEY | --row N) [flags]")
	x := &explainFlags{in: addInputFlags(fs)}
	x.key = fs.String("episode", "", "EPIKEY of the episode to explain")
	x.row = fs.Int64("row", 0, "1-based data row of the episode to explain")
	return fs, x
}

func cmdExplain(ctx context.Context, e *env, args []string) error {
	fs, x := newExplainFlags(e)
	if _, err := parseConfigured(e, fs, args); err != nil {
		return err
	}
	in, key, row := x.in, x.key, x.row
	if (*key == "") == (*row <= 0) {
		return &usageError{"explain needs exactly one of --episode or --row"}
	}
	cfg := pipeline.DefaultConfig()
	if err := in.apply(fs, &cfg); err != nil {
		return err
	}
	cfg.Logger = e.log
	err := pipeline.Explain(ctx, cfg, *key, *row, e.stdout)
	if errors.Is(err, pipeline.ErrNotFound) {
		return fmt.Errorf("%s: %w", cfg.Inputs[0], err)
	}
	return err
}
