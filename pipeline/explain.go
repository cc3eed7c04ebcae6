package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/hrgflow/hrgflow/grouper"
	"github.com/hrgflow/hrgflow/internal/codelist"
	"github.com/hrgflow/hrgflow/pipeline/validate"
	"github.com/hrgflow/hrgflow/schemas"
)

// ErrNotFound means Explain found no episode with the key or row asked for.
var ErrNotFound = errors.New("episode not found")

// Explain finds one episode of the first input, by EPIKEY (key) or by its
// 1-based data row (row), and writes to w, in words a clinical coder can
// check, how it was validated and grouped, and how its spell was grouped.
// It reads the file only as far as the episode's spell.
func Explain(ctx context.Context, cfg Config, key string, row int64, w io.Writer) error {
	found := false
	err := eachFirstInputBatch(ctx, cfg, func(t *grouper.Table, b *batch) (bool, error) {
		for i := range b.eps {
			e := &b.eps[i]
			if (key != "" && e.Str[schemas.EPIKEY] == key) || (row > 0 && e.I64[schemas.SourceRow] == row) {
				found = true
				return true, explainEpisode(w, t, b, i)
			}
		}
		return false, nil
	})
	if err == nil && !found {
		err = ErrNotFound
	}
	return err
}

// explainEpisode writes the explanation of episode i of b and its spell.
func explainEpisode(w io.Writer, t *grouper.Table, b *batch, i int) error {
	titles, err := codelist.Default()
	if err != nil {
		return err
	}
	e := &b.eps[i]
	m := t.Manifest()
	var sb strings.Builder
	fmt.Fprintf(&sb, "Episode: row %d of %s", e.I64[schemas.SourceRow], b.file.name)
	if k := e.Str[schemas.EPIKEY]; k != "" {
		fmt.Fprintf(&sb, " (EPIKEY %s)", k)
	}
	fmt.Fprintf(&sb, "\nGrouping design: %s %s. %s\n\nValidation:\n", m.Name, m.Version, m.Notice)
	writeFindings(&sb, b, i)
	var r grouper.EpisodeResult
	var tr grouper.Trace
	t.GroupEpisode(e, &r, &tr)
	sb.WriteString("\nEpisode grouping:\n")
	if err := tr.WriteText(&sb, t, titles); err != nil {
		return err
	}
	fmt.Fprintf(&sb, "=> FCE_HRG %s (%s), method %c\n", r.HRG, t.HRGLabel(r.HRG), r.Method)

	start, end := i, i+1
	for start > 0 && !b.newSpell[start] {
		start--
	}
	for end < len(b.eps) && !b.newSpell[end] {
		end++
	}
	var g grouping
	g.t = t
	g.results = make([]grouper.EpisodeResult, len(b.eps))
	for k := start; k < end; k++ {
		t.GroupEpisode(&b.eps[k], &g.results[k], nil)
	}
	order := make([]int, 0, end-start)
	for k := start; k < end; k++ {
		order = append(order, k)
	}
	sortByEpiorder(order, b.eps)
	var ptrs []*schemas.Episode
	var res []grouper.EpisodeResult
	for _, k := range order {
		ptrs, res = append(ptrs, &b.eps[k]), append(res, g.results[k])
	}
	var sr grouper.SpellResult
	tr.Reset()
	t.GroupSpell(ptrs, res, &sr, &tr)
	fmt.Fprintf(&sb, "\nSpell: %d episode(s), rows %d to %d, in EPIORDER order:\n", end-start,
		b.eps[start].I64[schemas.SourceRow], b.eps[end-1].I64[schemas.SourceRow])
	if err := tr.WriteText(&sb, t, titles); err != nil {
		return err
	}
	fmt.Fprintf(&sb, "=> SpellHRG %s (%s), method %c, reported on row %d\n", sr.HRG, t.HRGLabel(sr.HRG), sr.Method,
		ptrs[sr.ReportEpisode].I64[schemas.SourceRow])
	_, err = io.WriteString(w, sb.String())
	return err
}

func writeFindings(sb *strings.Builder, b *batch, i int) {
	rules, fields := validate.Rules(), schemas.Dictionary()
	n := 0
	for _, f := range b.findings {
		if f.Episode != int32(i) {
			continue
		}
		r := rules[f.Rule]
		field := r.Field
		if f.Field != validate.NoField {
			field = fields[f.Field].Name
		}
		fmt.Fprintf(sb, "  %s %s %s: %s\n", r.Code, r.Severity, field, r.Message)
		n++
	}
	if n == 0 {
		sb.WriteString("  passed every rule\n")
	}
}

// ExplainRows explains, as Explain does, every episode of the first input
// whose 1-based data row is in rows, in one pass over the file (stopping
// once all are found), and calls fn with each row found and its text.
// Rows not in the file are not reported. hrgflow compare uses it to attach
// grouping traces to its differences.
func ExplainRows(ctx context.Context, cfg Config, rows []int64, fn func(row int64, text string) error) error {
	want := make(map[int64]bool, len(rows))
	for _, r := range rows {
		want[r] = true
	}
	if len(want) == 0 {
		return nil
	}
	var sb strings.Builder
	return eachFirstInputBatch(ctx, cfg, func(t *grouper.Table, b *batch) (bool, error) {
		for i := range b.eps {
			row := b.eps[i].I64[schemas.SourceRow]
			if !want[row] {
				continue
			}
			delete(want, row)
			sb.Reset()
			if err := explainEpisode(&sb, t, b, i); err != nil {
				return true, err
			}
			if err := fn(row, sb.String()); err != nil {
				return true, err
			}
		}
		return len(want) == 0, nil
	})
}

// eachFirstInputBatch applies the defaults to cfg, reads its first input
// batch by batch, decoded, validated and summarised as a run does, and
// calls fn with the design and each batch until fn says it is done (or
// fails) or the file ends. Explain and ExplainRows read this way.
func eachFirstInputBatch(ctx context.Context, cfg Config, fn func(t *grouper.Table, b *batch) (done bool, err error)) error {
	cfg, err := withDefaults(cfg)
	if err != nil {
		return err
	}
	if len(cfg.Inputs) == 0 {
		return errors.New("no input file")
	}
	in := &inputFile{path: cfg.Inputs[0]}
	src, err := openSource(ctx, in, cfg)
	if err != nil {
		return err
	}
	defer src.close()
	var d rowDecoder
	b := newBatch(cfg.BatchSize)
	for more := true; more; {
		b.reset()
		b.file = in
		if more, err = src.fill(ctx, b, cfg.BatchSize); err != nil {
			return err
		}
		decodeBatch(&d, cfg.Validator, b, nil)
		summarise(b)
		if done, err := fn(cfg.Grouper, b); done || err != nil {
			return err
		}
	}
	return nil
}
