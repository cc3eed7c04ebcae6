package main

import (
	"context"
	"fmt"
	"io"

	"github.com/hrgflow/hrgflow/pipeline"
	"github.com/hrgflow/hrgflow/pipeline/price"
)

func cmdPrices(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] != "trimpoints" {
		return &usageError{"usage: hrgflow prices trimpoints --from RUN_DIR --out FILE [--prices FILE] [--min-spells N]"}
	}
	fs := newFlagSet(e, "prices trimpoints", "--from RUN_DIR --out FILE [flags]")
	from := fs.String("from", "", "output folder of a previous run (its spells dataset is read)")
	out := fs.String("out", "", "price table CSV to write, with trim points filled in")
	prices := fs.String("prices", "", "price table to start from (default: the embedded 2024/25 table)")
	minSpells := fs.Int64("min-spells", 10, "fewest spells of an HRG and admission type to derive a trim point from")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if *from == "" || *out == "" {
		return &usageError{"prices trimpoints needs --from and --out"}
	}
	cfg := pipeline.DefaultConfig()
	if err := loadPrices(&cfg, *prices, ""); err != nil {
		return err
	}
	base := cfg.Prices
	if base == nil {
		var err error
		if base, err = price.Default(); err != nil {
			return err
		}
	}
	t, n, err := pipeline.TrimPointsFrom(*from, *minSpells, base)
	if err != nil {
		return err
	}
	if err := writeFileAtomically(*out, func(w io.Writer) error { return price.WriteTable(w, t) }); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "hrgflow prices trimpoints: %d spells read from %s; wrote %s\n", n, *from, *out)
	return nil
}
