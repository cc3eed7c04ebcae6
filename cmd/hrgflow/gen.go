package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/klauspost/compress/gzip"

	"github.com/hrgflow/hrgflow/internal/synth"
)

// genFlags are gen's settings.
type genFlags struct {
	cfg           synth.Config
	from, to, out *string
}

// newGenFlags defines gen's flags; config check lists them too.
func newGenFlags(e *env) (*flag.FlagSet, *genFlags) {
	fs := newFlagSet(e, "gen", "--episodes N --seed S --out FILE [flags]")
	g := &genFlags{cfg: synth.DefaultConfig()}
	cfg := &g.cfg
	fs.IntVar(&cfg.Episodes, "episodes", cfg.Episodes, "number of episodes to generate")
	fs.Uint64Var(&cfg.Seed, "seed", cfg.Seed, "random seed: the same seed and flags give the same file")
	fs.Float64Var(&cfg.BadRate, "bad-rate", cfg.BadRate, "share (0-1) of episodes carrying one deliberate bad value")
	g.from = fs.String("from", cfg.FirstAdmission.Format(time.DateOnly), "first admission date (YYYY-MM-DD)")
	g.to = fs.String("to", cfg.LastAdmission.Format(time.DateOnly), "last admission date (YYYY-MM-DD)")
	g.out = fs.String("out", "", "output CSV file; gzip-compressed when the name ends in .gz")
	return fs, g
}

func cmdGen(ctx context.Context, e *env, args []string) error {
	fs, g := newGenFlags(e)
	if _, err := parseConfigured(e, fs, args); err != nil {
		return err
	}
	cfg, from, to, out := g.cfg, g.from, g.to, g.out
	if *out == "" {
		return &usageError{"gen needs --out"}
	}
	var err error
	if cfg.FirstAdmission, err = time.Parse(time.DateOnly, *from); err != nil {
		return &usageError{"--from: want YYYY-MM-DD"}
	}
	if cfg.LastAdmission, err = time.Parse(time.DateOnly, *to); err != nil {
		return &usageError{"--to: want YYYY-MM-DD"}
	}
	if err := cfg.Validate(); err != nil {
		return &usageError{err.Error()}
	}
	start := e.now()
	var st synth.Stats
	err = writeFileAtomically(*out, func(w io.Writer) error {
		var err error
		if strings.HasSuffix(*out, ".gz") {
			zw := gzip.NewWriter(w)
			st, err = synth.Generate(ctx, zw, cfg)
			return errors.Join(err, zw.Close())
		}
		st, err = synth.Generate(ctx, w, cfg)
		return err
	})
	if err != nil {
		return err
	}
	secs := e.now().Sub(start).Seconds()
	fmt.Fprintf(e.stdout, "hrgflow gen: %d episodes in %d spells of %d patients (%d with a deliberate bad value) → %s in %.2fs\n",
		st.Episodes, st.Spells, st.Patients, st.BadEpisodes(), *out, secs)
	return nil
}
