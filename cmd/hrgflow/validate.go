package main

import (
	"context"
	"flag"

	"github.com/hrgflow/hrgflow/pipeline"
)

// newValidateFlags defines validate's flags; config check lists them too.
func newValidateFlags(e *env) (*flag.FlagSet, *runFlags) {
	fs := newFlagSet(e, "validate", "--input PATH [--input PATH...] [--out DIR] [flags]")
	r := &runFlags{in: addInputFlags(fs), cfg: pipeline.DefaultConfig()}
	r.progress = addProgressFlag(fs)
	fs.StringVar(&r.cfg.OutDir, "out", "", "write the quality dataset under this folder (optional)")
	return fs, r
}

func cmdValidate(ctx context.Context, e *env, args []string) error {
	fs, r := newValidateFlags(e)
	if _, err := parseConfigured(e, fs, args); err != nil {
		return err
	}
	cfg, in := r.cfg, r.in
	if err := in.apply(fs, &cfg); err != nil {
		return err
	}
	cfg.Datasets = nil
	if cfg.OutDir != "" {
		cfg.Datasets = []string{"quality"}
	}
	stop, err := startProgress(e, *r.progress, &cfg)
	if err != nil {
		return err
	}
	st, err := pipeline.Run(ctx, cfg)
	stop()
	if err != nil {
		return err
	}
	printSummary(e, "validate", cfg, st)
	return in.checkRejects(st)
}
