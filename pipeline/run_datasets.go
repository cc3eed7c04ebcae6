package pipeline

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/parquet-go/parquet-go"
	"golang.org/x/sync/errgroup"

	"github.com/hrgflow/hrgflow/schemas"
)

// wanted says which datasets a run writes, so workers encode only those.
type wanted struct{ episodes, spells, unbundled, quality, aggregates, cips bool }

func wantedDatasets(cfg Config) wanted {
	var w wanted
	for _, d := range cfg.Datasets {
		w.episodes = w.episodes || d == "episodes"
		w.quality = w.quality || d == "quality"
		w.spells = w.spells || d == "spells"
		w.unbundled = w.unbundled || d == "unbundled"
		w.aggregates = w.aggregates || d == "aggregates"
		w.cips = w.cips || d == "cips"
	}
	return w
}

// datasets are the open writers of a run.
type datasets struct {
	episodes, spells, unbundled, quality datasetSink
	commissioning, costing, cips         *episodeWriter
}

const partName = "part-00000.parquet"

// partitioned are the datasets written as Hive partitions, and their
// partition column.
var partitioned = map[string]string{"episodes": "FYEAR", "spells": "FYEAR"}

func openDatasets(cfg Config, stage string) (*datasets, error) {
	ws := &datasets{}
	for _, name := range cfg.Datasets {
		if name == "aggregates" {
			var err error
			if ws.commissioning, err = ws.file(cfg, stage, "aggregates/commissioning", "commissioning", schemas.CommissioningDictionary()); err != nil {
				return nil, err
			}
			if ws.costing, err = ws.file(cfg, stage, "aggregates/costing", "costing", schemas.CostingDictionary()); err != nil {
				return nil, err
			}
			continue
		}
		if name == "cips" {
			var err error
			if ws.cips, err = ws.file(cfg, stage, "cips", "cips", schemas.CIPSDictionary()); err != nil {
				return nil, err
			}
			continue
		}
		var fields []schemas.Field
		var dst *datasetSink
		switch name {
		case "episodes":
			fields, dst = schemas.Dictionary(), &ws.episodes
		case "quality":
			fields, dst = schemas.QualityDictionary(), &ws.quality
		case "spells":
			fields, dst = schemas.SpellDictionary(), &ws.spells
		case "unbundled":
			fields, dst = schemas.UnbundledDictionary(), &ws.unbundled
		default:
			ws.abort()
			return nil, fmt.Errorf("unknown dataset %q", name)
		}
		if col, ok := partitioned[name]; ok {
			open := func(path string, sub []schemas.Field) (*episodeWriter, error) {
				return newDatasetWriter(path, name, sub, cfg.Compression, cfg.RowGroupSize, ws.meta(cfg, name))
			}
			pw, err := newPartitionedWriter(stage, name, name, fields, col, open)
			if err != nil {
				ws.abort()
				return nil, err
			}
			*dst = pw
			continue
		}
		w, err := ws.file(cfg, stage, name, name, fields)
		if err != nil {
			return nil, err
		}
		*dst = w
	}
	return ws, nil
}

func (ws *datasets) meta(cfg Config, name string) map[string]string {
	meta := datasetMetadata(name, cfg.Grouper.Manifest(), cfg.Prices.Name())
	if name == "commissioning" || name == "costing" {
		meta["hrgflow.suppression"] = fmt.Sprint(cfg.Suppress)
	}
	return meta
}

// file creates the single-file writer of one dataset under the staging
// folder.
func (ws *datasets) file(cfg Config, stage, dir, name string, fields []schemas.Field) (*episodeWriter, error) {
	path := filepath.Join(stage, dir)
	if err := os.MkdirAll(path, dirMode); err != nil {
		ws.abort()
		return nil, fmt.Errorf("creating %s: %w", path, err)
	}
	w, err := newDatasetWriter(filepath.Join(path, partName), name, fields, cfg.Compression, cfg.RowGroupSize, ws.meta(cfg, name))
	if err != nil {
		ws.abort()
		return nil, err
	}
	w.rel = filepath.Join(dir, partName)
	return w, nil
}

// sinks lists the open sinks in output order.
func (ws *datasets) sinks() []datasetSink {
	var out []datasetSink
	for _, s := range []datasetSink{ws.episodes, ws.spells, ws.unbundled, ws.quality} {
		if s != nil {
			out = append(out, s)
		}
	}
	for _, w := range []*episodeWriter{ws.commissioning, ws.costing, ws.cips} {
		if w != nil {
			out = append(out, w)
		}
	}
	return out
}

// write writes a batch to every dataset. The episodes are written beside
// the other datasets, not before them: each writer shares its columns
// among goroutines only for writes large enough to pay for it, and a
// batch's spells reach their FYEAR partitions in runs too small for that,
// so on their own they would leave a core idle.
func (ws *datasets) write(b *batch) error {
	var g errgroup.Group
	if ws.episodes != nil {
		g.Go(func() error { return ws.episodes.writeEpisodes(b.eps, &b.present) })
	}
	var err error
	for _, d := range []struct {
		s    datasetSink
		cols [][]parquet.Value
		n    int
	}{
		{ws.spells, b.scols, len(b.spells)},
		{ws.unbundled, b.ucols, len(b.unbundled)}, {ws.quality, b.qcols, len(b.findings)},
	} {
		if d.s != nil && err == nil {
			err = d.s.write(d.cols, d.n)
		}
	}
	if gerr := g.Wait(); err == nil {
		err = gerr
	}
	return err
}

func (ws *datasets) close() error {
	var errs []error
	for _, s := range ws.sinks() {
		errs = append(errs, s.close())
	}
	return errors.Join(errs...)
}

func (ws *datasets) abort() {
	for _, s := range ws.sinks() {
		s.abort()
	}
}

// outputs lists every file written with its row count.
func (ws *datasets) outputs() []fileRows {
	var out []fileRows
	for _, s := range ws.sinks() {
		out = append(out, s.files()...)
	}
	return out
}
