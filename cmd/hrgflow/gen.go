package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/klauspost/compress/gzip"

	"github.com/hrgflow/hrgflow/internal/synth"
)

func cmdGen(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "gen", "--episodes N --seed S --out FILE [flags]")
	cfg := synth.DefaultConfig()
	fs.IntVar(&cfg.Episodes, "episodes", cfg.Episodes, "number of episodes to generate")
	fs.Uint64Var(&cfg.Seed, "seed", cfg.Seed, "random seed: the same seed and flags give the same file")
	fs.Float64Var(&cfg.BadRate, "bad-rate", cfg.BadRate, "share (0-1) of episodes carrying one deliberate bad value")
	from := fs.String("from", cfg.FirstAdmission.Format(time.DateOnly), "first admission date (YYYY-MM-DD)")
	to := fs.String("to", cfg.LastAdmission.Format(time.DateOnly), "last admission date (YYYY-MM-DD)")
	out := fs.String("out", "", "output CSV file; gzip-compressed when the name ends in .gz")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
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
