package main

import (
	"fmt"
	"path/filepath"
	"text/tabwriter"

	"github.com/hrgflow/hrgflow/pipeline"
)

// printSummary prints what a run or validate read and found: the same
// summary for both commands. It holds counts only, never patient values.
func printSummary(e *env, command string, cfg pipeline.Config, st pipeline.Stats) {
	secs := st.Elapsed.Seconds()
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

func percent(n, of int64) string {
	if of == 0 {
		return "0%"
	}
	return fmt.Sprintf("%.2f%%", 100*float64(n)/float64(of))
}
