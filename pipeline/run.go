package pipeline

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/rs/zerolog"
	"golang.org/x/sync/errgroup"

	"github.com/hrgflow/hrgflow/schemas"
)

const defaultBatchSize = 4096

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
	// Logger receives progress and summary events; never patient-level
	// values.
	Logger zerolog.Logger
}

// DefaultConfig returns the settings hrgflow uses when none are given.
func DefaultConfig() Config {
	return Config{
		BatchSize:    defaultBatchSize,
		RowGroupSize: 256 * 1024,
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
	// Invalid is the number of rows that could not be read cleanly.
	Invalid int64
	// BlankLines is the number of empty lines skipped.
	BlankLines int64
	// IgnoredColumns are input columns hrgflow does not read.
	IgnoredColumns []string
}

// Stats summarises a run.
type Stats struct {
	// Files has one entry per input, in input order.
	Files []FileStats
	// Rows is the number of episodes written.
	Rows int64
	// Invalid is the number of rows marked invalid.
	Invalid int64
	// Outputs are the files written, relative to OutDir.
	Outputs []string
	// Elapsed is the wall time of the run.
	Elapsed time.Duration
}

// Run reads every input, decodes it in a fixed pool of workers and writes
// the episodes dataset in input order. Outputs are built in a staging
// folder inside OutDir and moved into place only when everything
// succeeded; on error or cancellation the previous outputs stay intact.
func Run(ctx context.Context, cfg Config) (Stats, error) {
	start := time.Now()
	cfg = withDefaults(cfg)
	if len(cfg.Inputs) == 0 {
		return Stats{}, errors.New("no input files")
	}
	if err := os.MkdirAll(cfg.OutDir, 0o755); err != nil {
		return Stats{}, fmt.Errorf("creating output folder: %w", err)
	}
	stage, err := os.MkdirTemp(cfg.OutDir, ".hrgflow-staging-")
	if err != nil {
		return Stats{}, fmt.Errorf("creating staging folder: %w", err)
	}
	defer os.RemoveAll(stage) // empty after a successful publish
	files := make([]*inputFile, len(cfg.Inputs))
	for i, p := range cfg.Inputs {
		files[i] = &inputFile{index: i, path: p}
	}
	st := Stats{Files: make([]FileStats, len(files))}
	if err := runStages(ctx, cfg, files, stage, &st); err != nil {
		return st, err
	}
	if err := publish(stage, cfg.OutDir, []string{"episodes"}); err != nil {
		return st, err
	}
	st.Elapsed = time.Since(start)
	return st, nil
}

func withDefaults(cfg Config) Config {
	d := DefaultConfig()
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.GOMAXPROCS(0)
	}
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = d.BatchSize
	}
	if cfg.RowGroupSize <= 0 {
		cfg.RowGroupSize = d.RowGroupSize
	}
	if cfg.RDF == nil {
		cfg.RDF = DefaultRDF()
	}
	return cfg
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
	for range cfg.Workers {
		wg.Add(1)
		g.Go(func() error {
			defer wg.Done()
			return decodeWorker(ctx, work, done)
		})
	}
	g.Go(func() error {
		wg.Wait()
		close(done)
		return nil
	})
	g.Go(func() error {
		return writeOrdered(ctx, cfg, stage, done, free, st)
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
		fs := &st.Files[in.index]
		fs.Path, fs.Format, fs.Layout, fs.Header = in.path, in.format, in.cols.layout.String(), in.cols.header
		fs.IgnoredColumns = in.cols.ignored
		cfg.Logger.Info().Str("file", in.path).Str("format", in.format).Str("layout", fs.Layout).
			Bool("header", fs.Header).Int("ignored_columns", len(in.cols.ignored)).Msg("reading input")
		err = readFile(ctx, cfg, src, in, free, work, &seq)
		if cs, ok := src.(*csvSource); ok {
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
		select {
		case work <- b:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// decodeWorker decodes batches until work is closed.
func decodeWorker(ctx context.Context, work <-chan *batch, done chan<- *batch) error {
	var d rowDecoder
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
		fields = decodeBatch(&d, b, fields)
		b.cols = encodeColumns(b.eps, b.cols)
		select {
		case done <- b:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// decodeBatch turns the batch's rows into episodes. fields is scratch space,
// returned for reuse.
func decodeBatch(d *rowDecoder, b *batch, fields [][]byte) [][]byte {
	n := b.rows()
	if cap(b.eps) < n {
		b.eps = make([]schemas.Episode, n)
	}
	b.eps = b.eps[:n]
	name := b.file.name
	for i := range b.eps {
		b.eps[i].Reset()
		b.eps[i].Str[schemas.SourceFile] = name
	}
	if b.rec != nil {
		for i := range b.eps {
			b.eps[i].I64[schemas.SourceRow] = b.recRow0 + int64(i)
		}
		d.decodeRecord(b)
		return fields
	}
	for i, ln := range b.lines {
		e := &b.eps[i]
		e.I64[schemas.SourceRow] = ln.row
		var problem string
		fields, problem = splitCSV(b.raw[ln.start:ln.end], fields[:0], &b.arena)
		d.decodeRow(e, b.file.cols, fields, problem, &b.arena)
	}
	return fields
}

// writeOrdered writes batches in sequence order, whatever order the workers
// finish them in, and returns each to the pool once written.
func writeOrdered(ctx context.Context, cfg Config, stage string, done <-chan *batch, free chan<- *batch, st *Stats) error {
	dir := filepath.Join(stage, "episodes")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", dir, err)
	}
	const part = "part-00000.parquet"
	w, err := newEpisodeWriter(filepath.Join(dir, part), cfg.Compression, cfg.RowGroupSize, episodeMetadata())
	if err != nil {
		return err
	}
	pending := map[int64]*batch{}
	var next int64
	for b := range done {
		pending[b.seq] = b
		for {
			nb, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			if err := w.write(nb.cols, len(nb.eps)); err != nil {
				w.abort()
				return err
			}
			count(st, nb)
			nb.reset()
			select {
			case free <- nb:
			case <-ctx.Done():
				w.abort()
				return ctx.Err()
			}
		}
	}
	if err := ctx.Err(); err != nil {
		w.abort()
		return err
	}
	if err := w.close(); err != nil {
		return err
	}
	st.Outputs = append(st.Outputs, filepath.Join("episodes", part))
	return nil
}

func count(st *Stats, b *batch) {
	fs := &st.Files[b.file.index]
	for i := range b.eps {
		fs.Rows++
		st.Rows++
		if b.eps[i].Str[schemas.ParseError] != "" {
			fs.Invalid++
			st.Invalid++
		}
	}
}

func episodeMetadata() map[string]string {
	return map[string]string{
		"hrgflow.version": Version,
		"hrgflow.dataset": "episodes",
	}
}

// publish moves each dataset folder from the staging folder into outDir,
// replacing the previous run's. A dataset is swapped with two renames, so a
// reader never sees it half-written.
func publish(stage, outDir string, datasets []string) error {
	suffix := make([]byte, 6)
	if _, err := rand.Read(suffix); err != nil {
		return fmt.Errorf("naming old outputs: %w", err)
	}
	for _, d := range datasets {
		dst := filepath.Join(outDir, d)
		old := filepath.Join(stage, ".old-"+d+"-"+hex.EncodeToString(suffix))
		if err := os.Rename(dst, old); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("moving previous %s aside: %w", d, err)
		}
		if err := os.Rename(filepath.Join(stage, d), dst); err != nil {
			return fmt.Errorf("publishing %s: %w", d, err)
		}
	}
	return nil
}
