package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/rs/zerolog"
	"golang.org/x/sync/errgroup"

	"github.com/hrgflow/hrgflow/grouper"
	"github.com/hrgflow/hrgflow/internal/codelist"
	"github.com/hrgflow/hrgflow/pipeline/price"
	"github.com/hrgflow/hrgflow/pipeline/validate"
	"github.com/hrgflow/hrgflow/schemas"
)

const defaultBatchSize = 1024

// Config configures a run. Build one with DefaultConfig and change what
// differs.
type Config struct {
	// Inputs are the input files, read in order.
	Inputs []string
	// OutDir is the folder the datasets are written under.
	OutDir string
	// Workers is the number of decoding (and later validating and grouping)
	// workers; 0 means GOMAXPROCS.
	Workers int
	// Layout forces the input layout; LayoutAuto detects it per file.
	Layout Layout
	// RDF maps grouper-layout columns; nil means the default 43-field layout.
	RDF *RDF
	// BatchSize is the number of rows a batch carries between stages.
	BatchSize int
	// RowGroupSize is the number of rows per Parquet row group.
	RowGroupSize int
	// Compression is the Parquet codec.
	Compression Compression
	// SpellOrder says whether the input is ordered by spell (default:
	// probe each file). Unsorted files are partitioned by spell key into
	// temporary files under TempDir and regrouped, so memory stays near
	// MemoryBudget whatever the input size; their episodes are then
	// written grouped by spell, not in input order.
	SpellOrder SpellOrder
	// MemoryBudget is the bytes one spell partition may take in memory,
	// and the bytes the workers' aggregate cells may take between them
	// before they spill sorted runs to TempDir.
	MemoryBudget int64
	// TempDir holds the spell partitions and aggregate runs; empty means
	// the system default. Both are removed when the run ends.
	TempDir string
	// Datasets are the datasets to write: any of "episodes", "spells",
	// "unbundled", "quality", "aggregates" (both cubes) and "cips"
	// (continuous inpatient spells, not in the default set). Empty writes
	// nothing (validation only, summary in Stats); then OutDir may be
	// empty too.
	Datasets []string
	// PseudonymiseKey, when set, replaces patient identifiers (PSEUDO_HESID,
	// TOKEN_PERSON_ID) in every output with a keyed HMAC-SHA256 in hex.
	// Spells are assembled on the original values first.
	PseudonymiseKey []byte
	// ExportGrouperCSV also writes the official HRG4+ grouper's file set
	// (_FCE, _spell, _quality_rel, _ub_rel, _summary) under OutDir/grouper.
	ExportGrouperCSV bool
	// Suppress applies small-number suppression to the aggregates (counts
	// 1–7 hidden, others rounded to the nearest 5), for outputs that leave
	// the trust.
	Suppress bool
	// Validator applies the validation rules; nil means the default rules
	// with the embedded reference code lists.
	Validator *validate.Validator
	// Grouper is the compiled grouping design; nil means the embedded demo
	// design (illustrative, not the official HRG4+ design).
	Grouper *grouper.Table
	// DesignPath is the folder Grouper was compiled from, recorded in the
	// manifest so later tools (compare's traces) can load it again; empty
	// for the embedded demo design.
	DesignPath string
	// Prices is the price table; nil means the embedded 2024/25 table.
	Prices *price.Table
	// MFF is the market forces factor table; nil means 1.0 everywhere.
	MFF *price.MFF
	// PriceRules are the pricing rules (short-stay emergency ages, …).
	PriceRules price.Rules
	// Logger receives progress and summary events; never patient-level
	// values.
	Logger zerolog.Logger
	// Progress, when set, is told how far reading has got, as increments:
	// rows read (once per batch) and input bytes consumed (per read of the
	// file: compressed bytes for gzip; for Parquet the file size prorated
	// by rows). It is called from the reading goroutine only and must be
	// cheap; nil means no reports.
	Progress func(rows, bytes int64)

	// failAfter makes the writer fail after that many batches (tests).
	failAfter int64
}

// errInjected is the failure tests inject into the writer.
var errInjected = errors.New("injected writer failure")

// DefaultConfig returns the settings hrgflow uses when none are given.
func DefaultConfig() Config {
	return Config{
		Datasets:     []string{"episodes", "spells", "unbundled", "quality", "aggregates"},
		PriceRules:   price.DefaultRules(),
		MemoryBudget: 32 << 20,
		BatchSize:    defaultBatchSize,
		RowGroupSize: 128 * 1024, // 128k: 12% less peak memory than 256k at 1M episodes, and faster (less GC)
		Compression:  "zstd",
		Logger:       zerolog.Nop(),
	}
}

// FileStats describes what was read from one input file.
type FileStats struct {
	// Path is the input path as given.
	Path string
	// Format is csv, csv.gz or parquet.
	Format string
	// Layout is hes or grouper.
	Layout string
	// Header reports whether the file had a header row.
	Header bool
	// Rows is the number of data rows read (every one is in episodes/).
	Rows int64
	// Errors is the number of rows with an error finding (not groupable).
	Errors int64
	// Warnings is the number of rows whose worst finding is a warning.
	Warnings int64
	// BlankLines is the number of empty lines skipped.
	BlankLines int64
	// IgnoredColumns are input columns hrgflow does not read.
	IgnoredColumns []string
	// SpellOrder is how the file's spells were assembled: sorted
	// (streamed) or unsorted (partitioned by spell key).
	SpellOrder string
}

// ReasonStat counts the findings of one rule.
type ReasonStat struct {
	// Rule is the rule.
	Rule validate.Rule
	// Findings is the number of times it failed.
	Findings int64
	// Rows is the number of rows on which it failed at least once.
	Rows int64
}

// Stats summarises a run.
type Stats struct {
	// Files has one entry per input, in input order.
	Files []FileStats
	// Rows is the number of episodes written.
	Rows int64
	// Errors is the number of rows with an error finding (not groupable).
	Errors int64
	// Warnings is the number of rows whose worst finding is a warning.
	Warnings int64
	// Findings is the number of failed rules (rows of the quality dataset).
	Findings int64
	// Spells is the number of provider spells (rows of the spells dataset).
	Spells int64
	// Unbundled is the number of unbundled HRGs (rows of the unbundled
	// dataset).
	Unbundled int64
	// CommissioningRows and CostingRows are the cells of the aggregates.
	CommissioningRows, CostingRows int64
	// Reasons counts the findings of each rule that failed at least once,
	// in catalogue order.
	Reasons []ReasonStat
	// Outputs are the files written, relative to OutDir.
	Outputs []string
	// RunID identifies the run in manifest.json.
	RunID string

	outputRows []int64 // rows of each of Outputs
	// Elapsed is the wall time of the run.
	Elapsed time.Duration
}

// Run reads every input, decodes it in a fixed pool of workers and writes
// the episodes dataset in input order. Outputs are built in a staging
// folder inside OutDir and moved into place only when everything
// succeeded; on error or cancellation the previous outputs stay intact.
func Run(ctx context.Context, cfg Config) (Stats, error) {
	start := time.Now()
	cfg, err := withDefaults(cfg)
	if err != nil {
		return Stats{}, err
	}
	if len(cfg.Inputs) == 0 {
		return Stats{}, errors.New("no input files")
	}
	stage := ""
	if len(cfg.Datasets) > 0 {
		if err := os.MkdirAll(cfg.OutDir, dirMode); err != nil {
			return Stats{}, fmt.Errorf("creating output folder: %w", err)
		}
		removeStaleStaging(cfg.OutDir, cfg.Logger)
		if stage, err = os.MkdirTemp(cfg.OutDir, fmt.Sprintf("%s%d-", stagingPrefix, os.Getpid())); err != nil {
			return Stats{}, fmt.Errorf("creating staging folder: %w", err)
		}
		defer os.RemoveAll(stage) // after a publish: the previous outputs it replaced
	}
	files := make([]*inputFile, len(cfg.Inputs))
	for i, p := range cfg.Inputs {
		files[i] = &inputFile{index: i, path: p}
	}
	st := Stats{Files: make([]FileStats, len(files)), RunID: newRunID()}
	digests := make([]fileDigest, len(files))
	var hashing errgroup.Group // input SHA-256s for the manifest, beside the run
	if stage != "" {
		for i, in := range files {
			hashing.Go(func() (err error) { digests[i], err = digestFile(in.path); return err })
		}
	}
	err = runStages(ctx, cfg, files, stage, &st)
	if herr := hashing.Wait(); err == nil && herr != nil {
		err = herr
	}
	if err != nil {
		return st, err
	}
	st.Elapsed = time.Since(start)
	if stage != "" {
		man := buildManifest(cfg, &st, digests, st.RunID, start, start.Add(st.Elapsed))
		if err := writeManifest(stage, man); err != nil {
			return st, err
		}
		names := append(slices.Clone(cfg.Datasets), "manifest.json")
		if cfg.ExportGrouperCSV {
			names = append(names, "grouper")
		}
		if err := Publish(stage, cfg.OutDir, names); err != nil {
			return st, err
		}
	}
	return st, nil
}

func withDefaults(cfg Config) (Config, error) {
	d := DefaultConfig()
	if cfg.Validator == nil {
		codes, err := codelist.Default()
		if err != nil {
			return cfg, fmt.Errorf("loading reference code lists: %w", err)
		}
		if cfg.Validator, err = validate.New(codes); err != nil {
			return cfg, err
		}
	}
	if cfg.Grouper == nil {
		t, err := grouper.Demo()
		if err != nil {
			return cfg, fmt.Errorf("compiling the demo grouping design: %w", err)
		}
		cfg.Grouper = t
	}
	if len(cfg.PseudonymiseKey) > 0 && len(cfg.PseudonymiseKey) < minKeyBytes {
		return cfg, ErrShortKey
	}
	if cfg.Prices == nil {
		t, err := price.Default()
		if err != nil {
			return cfg, fmt.Errorf("loading the default price table: %w", err)
		}
		cfg.Prices = t
	}
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.GOMAXPROCS(0)
	}
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = d.BatchSize
	}
	if cfg.RowGroupSize <= 0 {
		cfg.RowGroupSize = d.RowGroupSize
	}
	if cfg.MemoryBudget <= 0 {
		cfg.MemoryBudget = d.MemoryBudget
	}
	if cfg.RDF == nil {
		cfg.RDF = DefaultRDF()
	}
	return cfg, nil
}

// runStages is the reader → workers → ordered writer pipeline under one
// errgroup. Batches come from a fixed pool, which bounds memory: the reader
// waits for a free batch when the writer falls behind.
func runStages(ctx context.Context, cfg Config, files []*inputFile, stage string, st *Stats) error {
	g, ctx := errgroup.WithContext(ctx)
	nBatches := 2*cfg.Workers + 2
	free := make(chan *batch, nBatches)
	for range nBatches {
		free <- newBatch(cfg.BatchSize)
	}
	work := make(chan *batch, nBatches)
	done := make(chan *batch, nBatches)

	g.Go(func() error {
		defer close(work)
		return readAll(ctx, cfg, files, free, work, st)
	})
	var wg sync.WaitGroup
	out := wantedDatasets(cfg)
	parts := make([]*aggregator, cfg.Workers) // worker-local partial aggregates
	spill := newCubeSpill(cfg.TempDir, cfg.MemoryBudget, cfg.Workers)
	defer func() {
		if err := spill.remove(); err != nil {
			cfg.Logger.Warn().Err(err).Msg("removing the aggregate spill folder")
		}
	}()
	for w := range cfg.Workers {
		if out.aggregates {
			parts[w] = newAggregator(spill)
		}
		wg.Add(1)
		g.Go(func() error {
			defer wg.Done()
			return decodeWorker(ctx, cfg, out, parts[w], work, done)
		})
	}
	g.Go(func() error {
		wg.Wait()
		close(done)
		return nil
	})
	g.Go(func() error {
		return writeOrdered(ctx, cfg, stage, done, free, parts, st)
	})
	return g.Wait()
}

// readAll reads every file in turn into batches.
func readAll(ctx context.Context, cfg Config, files []*inputFile, free chan *batch, work chan<- *batch, st *Stats) error {
	var seq int64
	for _, in := range files {
		src, err := openSource(ctx, in, cfg)
		if err != nil {
			return err
		}
		unsorted := cfg.SpellOrder == SpellOrderUnsorted
		if cfg.SpellOrder == SpellOrderAuto {
			if unsorted, err = probeSpellOrder(ctx, in, cfg); err != nil {
				_ = src.close()
				return err
			}
			if unsorted {
				cfg.Logger.Info().Str("file", in.path).Msg("input is not ordered by spell: partitioning it by spell key")
			}
		}
		fs := &st.Files[in.index]
		fs.SpellOrder = SpellOrderSorted.String()
		if ls, ok := src.(lineSource); ok && unsorted && len(in.cols.spellKey) > 0 {
			src = newPartitionedSource(ls, in.cols.spellKey, cfg.MemoryBudget, cfg.TempDir)
			fs.SpellOrder = SpellOrderUnsorted.String()
		}
		fs.Path, fs.Format, fs.Layout, fs.Header = in.path, in.format, in.cols.layout.String(), in.cols.header
		fs.IgnoredColumns = in.cols.ignored
		cfg.Logger.Info().Str("file", in.path).Str("format", in.format).Str("layout", fs.Layout).
			Bool("header", fs.Header).Int("ignored_columns", len(in.cols.ignored)).Msg("reading input")
		if missing := missingColumns(in.cols); len(missing) > 0 && in.cols.targets != nil {
			cfg.Logger.Warn().Str("file", in.path).Strs("missing_columns", missing).
				Msg("input lacks columns grouping needs: their episodes group with these fields unknown (no primary diagnosis: UZ01Z)")
		}
		err = readFile(ctx, cfg, src, in, free, work, &seq)
		inner := src
		if ps, ok := src.(*partitionedSource); ok {
			inner = ps.inner
		}
		if cs, ok := inner.(*csvSource); ok {
			fs.BlankLines = cs.blank
		}
		if cerr := src.close(); err == nil && cerr != nil {
			err = fmt.Errorf("closing %s: %w", in.path, cerr)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func readFile(ctx context.Context, cfg Config, src source, in *inputFile, free chan *batch, work chan<- *batch, seq *int64) error {
	for more := true; more; {
		var b *batch
		select {
		case b = <-free:
		case <-ctx.Done():
			return ctx.Err()
		}
		b.reset()
		b.file = in
		var err error
		if more, err = src.fill(ctx, b, cfg.BatchSize); err != nil {
			return err
		}
		if b.rows() == 0 {
			b.reset()
			free <- b // cannot block: the batch came from free
			continue
		}
		b.seq = *seq
		*seq++
		if cfg.Progress != nil {
			cfg.Progress(int64(b.rows()), 0)
		}
		select {
		case work <- b:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// decodeWorker decodes and validates batches, and encodes them for the
// writer, until work is closed.
func decodeWorker(ctx context.Context, cfg Config, out wanted, agg *aggregator, work <-chan *batch, done chan<- *batch) error {
	var d rowDecoder
	v := cfg.Validator
	g := grouping{t: cfg.Grouper, prices: cfg.Prices, mff: cfg.MFF, rules: cfg.PriceRules}
	var pseudo *pseudonymiser
	if len(cfg.PseudonymiseKey) > 0 {
		pseudo = newPseudonymiser(cfg.PseudonymiseKey)
	}
	var fields [][]byte
	for {
		var b *batch
		var ok bool
		select {
		case b, ok = <-work:
			if !ok {
				return nil
			}
		case <-ctx.Done():
			return ctx.Err()
		}
		fields = decodeBatch(&d, v, b, fields)
		if pseudo != nil {
			for i := range b.eps {
				pseudo.apply(&b.eps[i], &b.arena)
			}
		}
		checkSpells(b, &g.order)
		summarise(b)
		g.groupBatch(b)
		if agg != nil {
			if err := agg.addBatch(b); err != nil {
				return err
			}
		}
		if out.spells {
			b.scols = encodeSpells(b, b.scols)
		}
		if out.unbundled {
			b.ucols = encodeUnbundled(b, b.ucols)
		}
		if out.quality {
			b.qcols = encodeQuality(b, b.qcols)
		}
		if out.episodes {
			b.present.scan(b.eps) // for the episodes writer only
		}
		select {
		case done <- b:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// decodeBatch turns the batch's rows into episodes and validates each one
// right after decoding it, so findings stay in episode order. fields is
// scratch space, returned for reuse.
func decodeBatch(d *rowDecoder, v *validate.Validator, b *batch, fields [][]byte) [][]byte {
	n := b.rows()
	if cap(b.eps) < n {
		b.eps = make([]schemas.Episode, n)
	}
	b.eps = b.eps[:n]
	name := b.file.name
	d.findings = &b.findings
	for i := range b.eps {
		b.eps[i].Reset()
		b.eps[i].Str[schemas.SourceFile] = name
	}
	i := 0
	for _, rs := range b.recs {
		for r := rs.from; r < rs.to; r, i = r+1, i+1 {
			e := &b.eps[i]
			e.I64[schemas.SourceRow] = rs.row + int64(r-rs.from)
			d.episode = int32(i)
			d.decodeRecordRow(e, b.file.cols, rs.rec, r, &b.arena)
			v.Validate(e, &b.file.cols.present, int32(i), &b.findings, &b.arena)
		}
	}
	for i, ln := range b.lines {
		e := &b.eps[i]
		e.I64[schemas.SourceRow] = ln.row
		var problem string
		fields, problem = splitCSV(b.raw[ln.start:ln.end], fields[:0], &b.arena)
		d.episode = int32(i)
		d.decodeRow(e, b.file.cols, fields, problem != "", &b.arena)
		v.Validate(e, &b.file.cols.present, int32(i), &b.findings, &b.arena)
	}
	return fields
}

// groupingColumns are the fields grouping reads; a file without them still
// runs, but the user is told.
var groupingColumns = []string{"DIAG_01", "SEX", "STARTAGE", "ADMIMETH", "CLASSPAT"}

// missingColumns lists the grouping columns a file does not supply.
func missingColumns(m *columnMap) []string {
	var out []string
	for _, name := range groupingColumns {
		if !m.present.Has(schemas.MustIndex(name)) {
			out = append(out, name)
		}
	}
	return out
}
