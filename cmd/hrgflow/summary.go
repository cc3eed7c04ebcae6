package main

import (
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/hrgflow/hrgflow/pipeline"
)

// printSummary prints what a run or validate read and found: the same
// summary for both commands, and logs it as one line (for log shippers; the
// fields are in docs/logs.md). It holds counts only, never patient values.
func printSummary(e *env, command string, cfg pipeline.Config, st pipeline.Stats) {
	secs := st.Elapsed.Seconds()
	logSummary(e, command, st)
	fmt.Fprintf(e.stdout, "hrgflow %s: %d episodes in %d spells from %d file(s) in %.2fs (%.0f episodes/s)\n",
		command, st.Rows, st.Spells, len(st.Files), secs, float64(st.Rows)/max(secs, 1e-9))
	fmt.Fprintf(e.stdout, "rows with errors (not groupable): %d (%s); rows with warnings only: %d (%s); findings: %d\n\n",
		st.Errors, percent(st.Errors, st.Rows), st.Warnings, percent(st.Warnings, st.Rows), st.Findings)
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "file\tformat\tlayout\theader\trows\terrors\twarnings\tblank lines\tignored columns")
	for _, f := range st.Files {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%v\t%d\t%d\t%d\t%d\t%d\n", filepath.Base(f.Path), f.Format, f.Layout, f.Header, f.Rows, f.Errors, f.Warnings, f.BlankLines, len(f.IgnoredColumns))
	}
	_ = tw.Flush()
	if len(st.Reasons) > 0 {
		fmt.Fprintln(e.stdout)
		tw = tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "reason\tseverity\trows\tfindings\tfield\tmessage")
		for _, r := range st.Reasons {
			fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\t%s\n", r.Rule.Code, r.Rule.Severity, r.Rows, r.Findings, r.Rule.Field, r.Rule.Message)
		}
		_ = tw.Flush()
	}
	if len(st.Outputs) > 0 {
		fmt.Fprintln(e.stdout)
	}
	for _, o := range st.Outputs {
		fmt.Fprintf(e.stdout, "wrote %s\n", filepath.Join(cfg.OutDir, o))
	}
	if cfg.ExportGrouperCSV {
		fmt.Fprintf(e.stdout, "wrote %s (official grouper file set)\n", filepath.Join(cfg.OutDir, "grouper", "hrgflow_FCE.csv, _spell, _quality_rel, _ub_rel, _summary"))
	}
}

// logSummary logs the nested Parquet columns not read, then the one
// summary line of the run (docs/logs.md).
func logSummary(e *env, command string, st pipeline.Stats) {
	secs := st.Elapsed.Seconds()
	for _, f := range st.Files {
		for _, c := range f.IgnoredColumns {
			if name, ok := strings.CutSuffix(c, " (nested type)"); ok {
				e.log.Warn().Str("file", f.Path).Str("column", name).
					Msg("a Parquet column of a nested type (list, struct or map) is not read: its field is missing from every row")
			}
		}
	}
	e.log.Info().Str("command", command).Str("run_id", st.RunID).Int("files", len(st.Files)).
		Int64("rows", st.Rows).Int64("spells", st.Spells).Int64("rows_with_errors", st.Errors).
		Int64("rows_with_warnings", st.Warnings).Int64("findings", st.Findings).Int("outputs", len(st.Outputs)).
		Float64("duration_s", round3(secs)).Float64("rows_per_s", float64(int64(float64(st.Rows)/max(secs, 1e-9)))).
		Msg(command + " finished")
}

// round3 rounds to milliseconds.
func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

func percent(n, of int64) string {
	if of == 0 {
		return "0%"
	}
	return fmt.Sprintf("%.2f%%", 100*float64(n)/float64(of))
}
