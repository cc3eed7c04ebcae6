package pipeline

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/hrgflow/hrgflow/grouper"
	"github.com/hrgflow/hrgflow/pipeline/validate"
	"github.com/hrgflow/hrgflow/schemas"
)

// writeOrdered writes batches in sequence order, whatever order the workers
// finish them in, and returns each to the pool once written.
func writeOrdered(ctx context.Context, cfg Config, stage string, done <-chan *batch, free chan<- *batch, parts []*aggregator, st *Stats) (err error) {
	ws, err := openDatasets(cfg, stage)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			ws.abort()
		}
	}()
	var export *grouperExport
	if cfg.ExportGrouperCSV {
		if export, err = openGrouperExport(stage); err != nil {
			return err
		}
		defer func() {
			if err != nil {
				export.abort()
			}
		}()
	}
	var cips *cipsCollector
	if ws.cips != nil {
		if cips, err = newCIPSCollector(cfg.TempDir); err != nil {
			return err
		}
		defer func() {
			if err != nil {
				_ = cips.remove()
			}
		}()
	}
	started := time.Now()
	var tally tally
	pending := map[int64]*batch{}
	var next int64
	for b := range done {
		pending[b.seq] = b
		for nb, ok := pending[next]; ok; nb, ok = pending[next] {
			delete(pending, next)
			next++
			if err := ws.write(nb); err != nil {
				return err
			}
			if export != nil {
				if err := export.write(nb); err != nil {
					return err
				}
			}
			if cips != nil {
				if err := cips.add(nb); err != nil {
					return err
				}
			}
			if cfg.failAfter > 0 && next >= cfg.failAfter {
				return errInjected
			}
			tally.add(st, nb)
			nb.reset()
			select {
			case free <- nb:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if ws.commissioning != nil {
		// done is closed: every worker has finished with its partial.
		m := mergeAggregators(parts)
		// The two cubes are merged and written side by side: the end of
		// a run has nothing else left to do, and each cube's merge is a
		// single goroutine. They share m's cells read-only. Both cubes'
		// sorted copies of the held cells (at most half of --memory
		// between them) and their open runs exist at once here; the
		// peak RSS of 20M shuffled episodes stayed at 476 MiB.
		var cubes errgroup.Group
		for c, w := range [numCubes]*episodeWriter{ws.commissioning, ws.costing} {
			cubes.Go(func() error {
				fields := schemas.CommissioningDictionary()
				if c == cubeCosting {
					fields = schemas.CostingDictionary()
				}
				it, err := m.merger(c, cfg.Suppress)
				if err != nil {
					return err
				}
				err = writeCube(w, it, cubeDimNames[c], fields, cubeChunk)
				if cerr := it.close(); err == nil && cerr != nil {
					err = fmt.Errorf("reading an aggregate run: %w", cerr)
				}
				return err
			})
		}
		if err := cubes.Wait(); err != nil {
			return err
		}
		st.CommissioningRows, st.CostingRows = ws.commissioning.rows, ws.costing.rows
	}
	if cips != nil {
		if err := cips.finish(ws.cips); err != nil {
			return err
		}
	}
	if err := ws.close(); err != nil {
		return err
	}
	st.Reasons = tally.reasons()
	if export != nil {
		if err := export.close(cfg, st, started, time.Now()); err != nil {
			return fmt.Errorf("writing the grouper export: %w", err)
		}
	}
	for _, f := range ws.outputs() {
		st.Outputs = append(st.Outputs, f.path)
		st.outputRows = append(st.outputRows, f.rows)
	}
	return nil
}

// cubeChunk is the number of cube rows encoded at a time.
const cubeChunk = 16 << 10

// tally counts rows and findings as batches are written.
type tally struct {
	findings, rows [validateRuleCount]int64
}

const validateRuleCount = 64 // ≥ the number of rules; checked by a test

func (t *tally) add(st *Stats, b *batch) {
	fs := &st.Files[b.file.index]
	for i := range b.eps {
		fs.Rows++
		st.Rows++
		switch b.eps[i].Str[schemas.Severity] {
		case "error":
			fs.Errors++
			st.Errors++
		case "warning":
			fs.Warnings++
			st.Warnings++
		}
	}
	st.Findings += int64(len(b.findings))
	st.Spells += int64(len(b.spells))
	st.Unbundled += int64(len(b.unbundled))
	for j, f := range b.findings {
		t.findings[f.Rule]++
		if j == 0 || b.findings[j-1].Episode != f.Episode || !hasRule(episodeFindings(b.findings[:j], f.Episode), f.Rule) {
			t.rows[f.Rule]++
		}
	}
}

// episodeFindings returns the tail of fs that belongs to episode ep.
func episodeFindings(fs []validate.Finding, ep int32) []validate.Finding {
	i := len(fs)
	for i > 0 && fs[i-1].Episode == ep {
		i--
	}
	return fs[i:]
}

func (t *tally) reasons() []ReasonStat {
	var out []ReasonStat
	for id, r := range validate.Rules() {
		if t.findings[id] > 0 {
			out = append(out, ReasonStat{Rule: r, Findings: t.findings[id], Rows: t.rows[id]})
		}
	}
	return out
}

// datasetMetadata is the key-value metadata of every Parquet file: nothing
// run-specific, so reruns give identical files.
func datasetMetadata(dataset string, m grouper.Manifest, prices string) map[string]string {
	return map[string]string{
		"hrgflow.price_table":    prices,
		"hrgflow.version":        Version,
		"hrgflow.dataset":        dataset,
		"hrgflow.design":         m.Name,
		"hrgflow.design_version": m.Version,
		"hrgflow.design_notice":  m.Notice,
	}
}

// Publish moves each named folder or file from the staging folder stage
// into outDir, replacing the previous one: the previous one is renamed
// into stage first (the caller removes stage, and with it the previous
// outputs, afterwards), then the new one into place, so a reader never
// sees an output half-written. If the second rename fails the previous
// output is renamed back; outputs published before the failure stay the
// new ones, so a failed publish can leave a mix of the two runs, each
// output whole. stage must be on the same file system as outDir (a folder
// inside it). Runs and comparisons publish this way.
func Publish(stage, outDir string, datasets []string) error {
	suffix := make([]byte, 6)
	if _, err := rand.Read(suffix); err != nil {
		return fmt.Errorf("naming old outputs: %w", err)
	}
	for _, d := range datasets {
		dst := filepath.Join(outDir, d)
		old := filepath.Join(stage, ".old-"+d+"-"+hex.EncodeToString(suffix))
		moved := true
		if err := os.Rename(dst, old); errors.Is(err, os.ErrNotExist) {
			moved = false
		} else if err != nil {
			return fmt.Errorf("moving previous %s aside: %w", d, err)
		}
		if err := os.Rename(filepath.Join(stage, d), dst); err != nil {
			if moved {
				err = errors.Join(err, os.Rename(old, dst))
			}
			return fmt.Errorf("publishing %s: %w", d, err)
		}
	}
	return nil
}
