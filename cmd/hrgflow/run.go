package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/hrgflow/hrgflow/internal/codelist"
	"github.com/hrgflow/hrgflow/pipeline"
	"github.com/hrgflow/hrgflow/pipeline/price"
	"github.com/hrgflow/hrgflow/pipeline/validate"
)

// runFlags are the flags of run beyond the input flags.
type runFlags struct {
	in                           *inputFlags
	cfg                          pipeline.Config
	progress                     *string
	comp, prices, mff, pseudoKey *string
	export                       *string
	aggregates, cips             *bool
}

// newRunFlags defines run's flags; config check lists them too.
func newRunFlags(e *env) (*flag.FlagSet, *runFlags) {
	fs := newFlagSet(e, "run", "--input PATH [--input PATH...] --out DIR [flags]")
	r := &runFlags{in: addInputFlags(fs), cfg: pipeline.DefaultConfig()}
	r.progress = addProgressFlag(fs)
	cfg := &r.cfg
	fs.StringVar(&cfg.OutDir, "out", "", "output folder (datasets are written under it)")
	r.comp = fs.String("compression", string(cfg.Compression), "Parquet compression: zstd, snappy or none")
	r.prices = fs.String("prices", "", "price table CSV (compact or NHS Annex A headers) instead of the embedded 2024/25 table")
	r.mff = fs.String("mff", "", "market forces factor CSV (provider, payment index); default 1.0 for every provider")
	fs.IntVar(&cfg.PriceRules.SSEMMinAge, "ssem-min-age", cfg.PriceRules.SSEMMinAge, "minimum age for the reduced short-stay emergency price (19: adults only, the majority reading; see pipeline/price/README.md)")
	fs.IntVar(&cfg.RowGroupSize, "row-group", cfg.RowGroupSize, "rows per Parquet row group")
	r.pseudoKey = fs.String("pseudonymise-key", "", "file holding a secret key (16+ bytes): patient identifiers in every output become HMAC-SHA256 pseudonyms, the same for the same patient under one key")
	r.aggregates = fs.Bool("aggregates", true, "write the commissioning and costing cubes (cells beyond --memory spill to sorted runs under --temp-dir)")
	r.cips = fs.Bool("cips", false, "also write the cips dataset: each provider spell with its continuous inpatient spell, linked across transfers between providers (docs/outputs.md)")
	r.export = fs.String("export", "", "also write another tool's file set: grouper-csv (the official HRG4+ grouper's _FCE, _spell, _quality_rel, _ub_rel and _summary files, under OUT/grouper)")
	fs.BoolVar(&cfg.Suppress, "suppress", false, "small-number suppression in the aggregates for outputs that leave the trust: counts 1-7 hidden and flagged, others rounded to the nearest 5")
	return fs, r
}

func cmdRun(ctx context.Context, e *env, args []string) error {
	fs, r := newRunFlags(e)
	if _, err := parseConfigured(e, fs, args); err != nil {
		return err
	}
	cfg, in := r.cfg, r.in
	comp, prices, mff, pseudoKey, aggregates, export := r.comp, r.prices, r.mff, r.pseudoKey, r.aggregates, r.export
	if cfg.OutDir == "" {
		return &usageError{"run needs --out"}
	}
	if err := in.apply(fs, &cfg); err != nil {
		return err
	}
	cfg.Compression = pipeline.Compression(*comp)
	if err := cfg.Compression.Check(); err != nil {
		return &usageError{"--compression: " + err.Error()}
	}
	if *pseudoKey != "" {
		key, err := os.ReadFile(*pseudoKey)
		if err != nil {
			return fmt.Errorf("reading the pseudonymisation key: %w", err)
		}
		cfg.PseudonymiseKey = bytes.TrimSpace(key)
		if len(cfg.PseudonymiseKey) < 16 {
			return &usageError{"--pseudonymise-key: the key must hold at least 16 bytes"}
		}
	}
	if !*aggregates {
		cfg.Datasets = slices.DeleteFunc(slices.Clone(cfg.Datasets), func(d string) bool { return d == "aggregates" })
	}
	if *r.cips {
		cfg.Datasets = append(slices.Clone(cfg.Datasets), "cips")
	}
	switch *export {
	case "":
	case "grouper-csv":
		cfg.ExportGrouperCSV = true
	default:
		return &usageError{"--export takes grouper-csv"}
	}
	if err := loadPrices(&cfg, *prices, *mff); err != nil {
		return err
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
	printSummary(e, "run", cfg, st)
	return in.checkRejects(st)
}

// inputFlags are the flags run and validate share.
type inputFlags struct {
	inputs    listFlag
	workers   *int
	layout    *string
	rdf       *string
	maxReject *float64
	icd10     *string
	opcs4     *string
	design    *string
	spells    *string
	memory    *int64
	tempDir   *string
}

func addInputFlags(fs *flag.FlagSet) *inputFlags {
	in := &inputFlags{}
	fs.Var(&in.inputs, "input", "input file: CSV, gzip-compressed CSV or Parquet (repeatable; extra arguments are inputs too)")
	in.workers = fs.Int("workers", 0, "number of workers (0 = one per CPU)")
	in.layout = fs.String("layout", "auto", "input layout: auto, hes or grouper")
	in.rdf = fs.String("rdf", "", "record definition file of the official grouper mapping columns by position (implies --layout grouper)")
	in.maxReject = fs.Float64("max-reject-rate", 1, "exit with code 3 when more than this share (0-1) of rows has an error finding")
	in.icd10 = fs.String("icd10-codes", "", "NHS ICD-10 5th Edition metadata file from TRUD (tab-separated; adds dagger/asterisk, sex and age limits) instead of the embedded list")
	in.opcs4 = fs.String("opcs4-codes", "", "OPCS-4 codes-and-titles file from TRUD instead of the embedded list")
	in.design = fs.String("design", "demo", "grouping design: demo (embedded, illustrative) or a design folder")
	in.spells = fs.String("spells", "auto", "input order: auto (probe the first 262,144 rows of each file: a spell key that comes back after another spell began means unsorted), sorted (the episodes of a spell are consecutive rows: streamed) or unsorted (rows are partitioned by spell key through temporary files)")
	in.memory = fs.Int64("memory", 32, "MiB of CSV text per spell partition held in memory with --spells unsorted (it takes about twice that with its index), and of aggregate cells held before they spill to sorted runs")
	in.tempDir = fs.String("temp-dir", "", "folder for temporary spell partitions, aggregate runs and CIPS partitions, all removed when the run ends (default: the system's)")
	return in
}

// apply checks the shared flags and puts them into cfg.
func (in *inputFlags) apply(fs *flag.FlagSet, cfg *pipeline.Config) error {
	in.inputs = append(in.inputs, fs.Args()...)
	if len(in.inputs) == 0 {
		return &usageError{fs.Name() + " needs at least one --input"}
	}
	var err error
	if cfg.Layout, err = pipeline.ParseLayout(*in.layout); err != nil {
		return &usageError{"--layout: " + err.Error()}
	}
	if *in.maxReject < 0 || *in.maxReject > 1 {
		return &usageError{"--max-reject-rate must be between 0 and 1"}
	}
	if *in.rdf != "" {
		if cfg.RDF, err = loadRDF(*in.rdf); err != nil {
			return err
		}
		if cfg.Layout == pipeline.LayoutAuto {
			cfg.Layout = pipeline.LayoutGrouper
		}
	}
	cfg.Inputs, cfg.Workers = in.inputs, *in.workers
	if cfg.SpellOrder, err = pipeline.ParseSpellOrder(*in.spells); err != nil {
		return &usageError{"--spells must be auto, sorted or unsorted"}
	}
	if *in.memory < 1 {
		return &usageError{"--memory must be at least 1 (MiB)"}
	}
	cfg.MemoryBudget, cfg.TempDir = *in.memory<<20, *in.tempDir
	t, err := loadDesign(*in.design)
	if err != nil {
		return err
	}
	cfg.Grouper = t
	if *in.design != "" && *in.design != "demo" {
		if cfg.DesignPath, err = filepath.Abs(*in.design); err != nil {
			return err
		}
	}
	if *in.icd10 != "" || *in.opcs4 != "" {
		codes, err := codelist.LoadFiles(*in.icd10, *in.opcs4)
		if err != nil {
			return err
		}
		if cfg.Validator, err = validate.New(codes); err != nil {
			return err
		}
	}
	return nil
}

// checkRejects returns a rejectError when too many rows have errors.
func (in *inputFlags) checkRejects(st pipeline.Stats) error {
	if st.Rows == 0 {
		return nil
	}
	if rate := float64(st.Errors) / float64(st.Rows); rate > *in.maxReject {
		return &rejectError{rate: rate, limit: *in.maxReject}
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

// loadPrices reads --prices and --mff into cfg.
func loadPrices(cfg *pipeline.Config, prices, mff string) error {
	if prices != "" {
		f, err := os.Open(prices)
		if err != nil {
			return fmt.Errorf("opening price table: %w", err)
		}
		defer f.Close()
		if cfg.Prices, err = price.LoadTable(f, prices); err != nil {
			return err
		}
	}
	if mff != "" {
		f, err := os.Open(mff)
		if err != nil {
			return fmt.Errorf("opening MFF table: %w", err)
		}
		defer f.Close()
		if cfg.MFF, err = price.LoadMFF(f, mff); err != nil {
			return err
		}
	}
	return nil
}
