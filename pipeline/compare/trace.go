package compare

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/hrgflow/hrgflow/grouper"
	"github.com/hrgflow/hrgflow/pipeline"
)

// DefaultTraces is how many spells with design differences get grouping
// traces unless told otherwise (--traces).
const DefaultTraces = 1000

// traceReq asks for the grouping traces of one spell with design
// differences: per side, the input file (base name) and row of the
// episode that drove the spell's HRG, and the text once loaded.
type traceReq struct {
	sides [2]traceSide
}

type traceSide struct {
	file string
	row  int64
	text string
}

// requestTrace asks for the traces of the current spell's hrgflow run
// sides, while fewer than Options.Traces spells have asked.
func (c *comparer) requestTrace(ls, rs *Spell) {
	if c.traces <= 0 {
		return
	}
	var req traceReq
	found := false
	for k, s := range [2]*Spell{ls, rs} {
		side := [2]*Side{c.res.Left, c.res.Right}[k]
		name := c.ws.syms.str(s.SourceFile)
		if _, ok := side.Inputs[name]; side.Kind != KindRun || s.ReportRow <= 0 || !ok {
			continue
		}
		req.sides[k], found = traceSide{file: name, row: s.ReportRow}, true
	}
	if !found {
		return
	}
	c.traces--
	c.res.traces = append(c.res.traces, req)
	for i := range c.spellDiffs {
		c.spellDiffs[i].trace = int32(len(c.res.traces))
	}
}

// LoadTraces computes the grouping traces requested while comparing
// (Options.Traces): for each hrgflow run side, with the run's design when
// this hrgflow can load it (the embedded demo design, same version), from
// each input file whose SHA-256 still matches the run's manifest, in one
// pass over the file (pipeline.ExplainRows). What cannot be traced keeps
// only its explain command; notes say why, without patient-level values.
// It returns how many traces were loaded.
func (r *Result) LoadTraces(ctx context.Context) (loaded int, notes []string, err error) {
	for k, side := range [2]*Side{r.Left, r.Right} {
		byFile := map[string][]int64{}
		for i := range r.traces {
			if ts := r.traces[i].sides[k]; ts.file != "" {
				byFile[ts.file] = append(byFile[ts.file], ts.row)
			}
		}
		if len(byFile) == 0 {
			continue
		}
		label := [2]string{"left", "right"}[k]
		table, why := runDesign(side)
		if table == nil {
			notes = append(notes, label+": "+why)
			continue
		}
		files := make([]string, 0, len(byFile))
		for f := range byFile {
			files = append(files, f)
		}
		slices.Sort(files)
		for _, file := range files {
			in := side.Inputs[file]
			if why := checkInput(in); why != "" {
				notes = append(notes, label+": "+why)
				continue
			}
			cfg := pipeline.DefaultConfig()
			cfg.Inputs, cfg.Grouper = []string{in.Path}, table
			if l, err := pipeline.ParseLayout(in.Layout); err == nil {
				cfg.Layout = l
			}
			texts := map[int64]string{}
			err := pipeline.ExplainRows(ctx, cfg, byFile[file], func(row int64, text string) error {
				texts[row] = text
				return nil
			})
			if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
				return loaded, notes, err
			}
			if err != nil {
				notes = append(notes, fmt.Sprintf("%s: %s: %v", label, file, err))
				continue
			}
			for i := range r.traces {
				ts := &r.traces[i].sides[k]
				if ts.file == file && texts[ts.row] != "" {
					ts.text = texts[ts.row]
					loaded++
				}
			}
		}
	}
	return loaded, notes, nil
}

// runDesign returns the compiled design an hrgflow run used, when this
// hrgflow can load it: the design folder the manifest records, or the
// embedded demo design, of the same name and version. Otherwise the reason
// is returned instead.
func runDesign(s *Side) (*grouper.Table, string) {
	var t *grouper.Table
	switch {
	case s.Design.Path != "":
		d, err := grouper.LoadDir(s.Design.Path)
		if err != nil {
			return nil, fmt.Sprintf("the run's design folder cannot be loaded: %v", err)
		}
		if t, _, err = grouper.Compile(d); err != nil {
			return nil, fmt.Sprintf("the run's design folder does not compile: %v", err)
		}
	case s.Design.Name == "demo":
		var err error
		if t, err = grouper.Demo(); err != nil {
			return nil, err.Error()
		}
	default:
		return nil, fmt.Sprintf("the run used design %q, which is not embedded and whose folder the manifest does not record: its traces need `hrgflow explain --design`", s.Design.Name)
	}
	if m := t.Manifest(); m.Name != s.Design.Name || m.Version != s.Design.Version {
		return nil, fmt.Sprintf("the run used design %s %s, which is now %s %s", s.Design.Name, s.Design.Version, m.Name, m.Version)
	}
	return t, ""
}

// checkInput returns why an hrgflow run's input cannot be traced (it is
// gone or changed since the run), "" when its SHA-256 still matches.
func checkInput(in RunInput) string {
	f, err := os.Open(in.Path)
	if err != nil {
		return fmt.Sprintf("input %s cannot be read: %v", in.Path, err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return fmt.Sprintf("input %s cannot be read: %v", in.Path, err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != in.SHA256 {
		return fmt.Sprintf("input %s has changed since the run (SHA-256 differs from the manifest)", in.Path)
	}
	return ""
}

// EachDiff calls fn with every difference in diff/ order, traces filled
// in; d is reused between calls.
func (r *Result) EachDiff(fn func(d *Diff) error) error {
	var d Diff
	return r.diffs.each(func(rec []byte) error {
		if err := decodeDiff(rec, &d); err != nil {
			return err
		}
		if d.trace > 0 {
			t := &r.traces[d.trace-1]
			d.LeftTrace, d.RightTrace = t.sides[0].text, t.sides[1].text
		}
		return fn(&d)
	})
}

// Diffs returns every difference in diff/ order: for tests and small
// comparisons only, as it holds them all.
func (r *Result) Diffs() ([]Diff, error) {
	var out []Diff
	err := r.EachDiff(func(d *Diff) error {
		out = append(out, *d)
		return nil
	})
	return out, err
}
