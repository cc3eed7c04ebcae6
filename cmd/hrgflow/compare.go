package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"path/filepath"

	"github.com/hrgflow/hrgflow/pipeline"
	"github.com/hrgflow/hrgflow/pipeline/compare"
)

// diffError means the comparison finished and found differences while
// --fail-on-diff was given: exit code 3, as for --max-reject-rate.
type diffError struct{ n int }

func (e *diffError) Error() string {
	return fmt.Sprintf("--fail-on-diff: the sides differ (%d differences; see the summary)", e.n)
}

// cmdCompare reconciles two sides spell by spell (docs/reconcile.md).
func cmdCompare(ctx context.Context, e *env, args []string) (err error) {
	fs := newFlagSet(e, "compare", "LEFT RIGHT --out DIR [flags]")
	out := fs.String("out", "", "folder to write diff/, summary/, agreement/, movers/ and summary.txt under")
	leftKind := fs.String("left-kind", "auto", "what LEFT is: auto, run, grouper, hes or statement")
	rightKind := fs.String("right-kind", "auto", "what RIGHT is: auto, run, grouper, hes or statement")
	leftMap := fs.String("left-map", "", "column map (TOML) of LEFT as a statement or SLAM extract (CSV or xlsx)")
	rightMap := fs.String("right-map", "", "column map (TOML) of RIGHT as a statement or SLAM extract (CSV or xlsx)")
	mapFile := fs.String("map", "", "same as --right-map: the statement is usually the right side")
	key := fs.String("key", "", "spell key to match on: procodet_provspno, provspno, susspellid, patient or rowno (default: the first both sides carry on every spell)")
	comp := fs.String("compression", "zstd", "Parquet compression: zstd, snappy or none")
	failOnDiff := fs.Bool("fail-on-diff", false, "exit 3 when the sides differ at all (for CI checks of agreement)")
	traces := fs.Int("traces", compare.DefaultTraces, "grouping traces of hrgflow run sides for the first N spells with design differences (0: none)")
	tempDir := fs.String("temp-dir", "", "folder for the comparison's temporary files (default: the system's)")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 || *out == "" {
		return &usageError{"usage: hrgflow compare LEFT RIGHT --out DIR [flags]"}
	}
	if *mapFile != "" {
		if *rightMap != "" {
			return &usageError{"compare: give --map or --right-map, not both"}
		}
		*rightMap = *mapFile
	}
	if err := pipeline.Compression(*comp).Check(); err != nil {
		return &usageError{"--compression: " + err.Error()}
	}
	var forced *compare.KeyKind
	if *key != "" {
		k, err := compare.ParseKeyKind(*key)
		if err != nil {
			return &usageError{err.Error()}
		}
		forced = &k
	}
	var kinds [2]compare.Kind
	for i, k := range []string{*leftKind, *rightKind} {
		var err error
		if kinds[i], err = compare.ParseKind(k); err != nil {
			return &usageError{err.Error()}
		}
	}
	ws, err := compare.NewWorkspace(*tempDir)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, ws.Close()) }()
	var sides [2]*compare.Side
	for i, s := range []struct{ path, mapPath string }{{pos[0], *leftMap}, {pos[1], *rightMap}} {
		var err error
		k := kinds[i]
		var m *compare.StatementMap
		if s.mapPath != "" {
			if m, err = compare.LoadStatementMap(s.mapPath); err != nil {
				return err
			}
		}
		if sides[i], err = ws.Open(s.path, k, m); err != nil {
			return err
		}
		e.log.Info().Str("side", [2]string{"left", "right"}[i]).Str("kind", sides[i].Kind.String()).
			Str("path", filepath.Base(s.path)).Int64("spells", sides[i].Spells).Msg("read")
	}
	res, err := compare.CompareWith(sides[0], sides[1], compare.Options{Key: forced, Traces: max(*traces, 0)})
	if err != nil {
		return err
	}
	if loaded, notes, err := res.LoadTraces(ctx); err != nil {
		return err
	} else if loaded > 0 || len(notes) > 0 {
		for _, n := range notes {
			e.log.Warn().Str("reason", n).Msg("some grouping traces not loaded: their explain commands remain")
		}
		e.log.Info().Int("traces", loaded).Msg("grouping traces")
	}
	if err := res.Write(*out, pipeline.Compression(*comp)); err != nil {
		return err
	}
	if err := res.WriteSummary(e.stdout); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "\nwrote %s: diff/ (%d rows), summary/, agreement/, movers/, %s\n", *out, res.Differences, compare.SummaryFile)
	e.log.Info().Str("key", res.Key.String()).Int64("matched_spells", res.Spells.Matched).
		Int64("left_only", res.Spells.LeftOnly).Int64("right_only", res.Spells.RightOnly).
		Int64("differences", res.Differences).Int("partitions", res.Partitions).Msg("compared")
	if *failOnDiff && res.Differences > 0 {
		return &diffError{int(res.Differences)}
	}
	return nil
}

// parseInterspersed parses flags given before, between or after the
// positional arguments, and returns the positional ones.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parseFlags(fs, args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos, args = append(pos, args[0]), args[1:]
	}
}
