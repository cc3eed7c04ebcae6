package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"text/tabwriter"

	"github.com/hrgflow/hrgflow/pipeline"
)

func cmdRun(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "run", "--input PATH [--input PATH...] --out DIR [flags]")
	var inputs listFlag
	cfg := pipeline.DefaultConfig()
	fs.Var(&inputs, "input", "input file: CSV, gzip-compressed CSV or Parquet (repeatable; extra arguments are inputs too)")
	fs.StringVar(&cfg.OutDir, "out", "", "output folder (datasets are written under it)")
	fs.IntVar(&cfg.Workers, "workers", 0, "number of workers (0 = one per CPU)")
	layout := fs.String("layout", "auto", "input layout: auto, hes or grouper")
	rdf := fs.String("rdf", "", "record definition file of the official grouper mapping columns by position (implies --layout grouper)")
	comp := fs.String("compression", string(cfg.Compression), "Parquet compression: zstd, snappy or none")
	fs.IntVar(&cfg.RowGroupSize, "row-group", cfg.RowGroupSize, "rows per Parquet row group")
	maxReject := fs.Float64("max-reject-rate", 1, "exit with code 3 when more than this share (0-1) of rows is rejected")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	inputs = append(inputs, fs.Args()...)
	if len(inputs) == 0 {
		return &usageError{"run needs at least one --input"}
	}
	if cfg.OutDir == "" {
		return &usageError{"run needs --out"}
	}
	var err error
	if cfg.Layout, err = pipeline.ParseLayout(*layout); err != nil {
		return &usageError{err.Error()}
	}
	if *maxReject < 0 || *maxReject > 1 {
		return &usageError{"--max-reject-rate must be between 0 and 1"}
	}
	if *rdf != "" {
		if cfg.RDF, err = loadRDF(*rdf); err != nil {
			return err
		}
		if cfg.Layout == pipeline.LayoutAuto {
			cfg.Layout = pipeline.LayoutGrouper
		}
	}
	cfg.Inputs = inputs
	cfg.Compression = pipeline.Compression(*comp)
	cfg.Logger = e.log
	st, err := pipeline.Run(ctx, cfg)
	if err != nil {
		return err
	}
	printRunSummary(e, cfg, st)
	if st.Rows > 0 {
		if rate := float64(st.Invalid) / float64(st.Rows); rate > *maxReject {
			return &rejectError{rate: rate, limit: *maxReject}
		}
	}
	return nil
}

func loadRDF(path string) (*pipeline.RDF, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("opening RDF: %w", err)
	}
	defer f.Close()
	return pipeline.ParseRDF(f, path)
}

func printRunSummary(e *env, cfg pipeline.Config, st pipeline.Stats) {
	secs := st.Elapsed.Seconds()
	fmt.Fprintf(e.stdout, "hrgflow run: %d episodes from %d file(s) in %.2fs (%.0f episodes/s)\n",
		st.Rows, len(st.Files), secs, float64(st.Rows)/max(secs, 1e-9))
	fmt.Fprintf(e.stdout, "rows not read cleanly (marked invalid, kept): %d\n\n", st.Invalid)
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "file\tformat\tlayout\theader\trows\tinvalid\tblank lines\tignored columns")
	for _, f := range st.Files {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%v\t%d\t%d\t%d\t%d\n", filepath.Base(f.Path), f.Format, f.Layout, f.Header, f.Rows, f.Invalid, f.BlankLines, len(f.IgnoredColumns))
	}
	_ = tw.Flush()
	fmt.Fprintln(e.stdout)
	for _, o := range st.Outputs {
		fmt.Fprintf(e.stdout, "wrote %s\n", filepath.Join(cfg.OutDir, o))
	}
}
