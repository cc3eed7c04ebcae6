package main

import (
	"context"

	"github.com/hrgflow/hrgflow/pipeline"
)

func cmdValidate(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "validate", "--input PATH [--input PATH...] [--out DIR] [flags]")
	in := addInputFlags(fs)
	cfg := pipeline.DefaultConfig()
	fs.StringVar(&cfg.OutDir, "out", "", "write the quality dataset under this folder (optional)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := in.apply(fs, &cfg); err != nil {
		return err
	}
	cfg.Datasets = nil
	if cfg.OutDir != "" {
		cfg.Datasets = []string{"quality"}
	}
	cfg.Logger = e.log
	st, err := pipeline.Run(ctx, cfg)
	if err != nil {
		return err
	}
	printSummary(e, "validate", cfg, st)
	return in.checkRejects(st)
}
