package pipeline

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// Manifest is manifest.json: what a run read, with what, and what it
// wrote. It is the one output that holds run-specific values (the run id
// and timings); the datasets hold none, so reruns give identical files.
type Manifest struct {
	// RunID identifies the run; random.
	RunID string `json:"run_id"`
	// Tool is the tool name and version.
	Tool string `json:"tool"`
	// Started and Finished are the run's wall-clock times (UTC, RFC 3339).
	Started  string `json:"started"`
	Finished string `json:"finished"`
	// ElapsedSeconds is the run's duration.
	ElapsedSeconds float64 `json:"elapsed_seconds"`
	// Design is the grouping design used.
	Design ManifestDesign `json:"design"`
	// PriceTable names the price table used.
	PriceTable string `json:"price_table"`
	// Inputs are the input files, in order.
	Inputs []ManifestInput `json:"inputs"`
	// Rows counts what was read: read = accepted + rejected.
	Rows ManifestRows `json:"rows"`
	// Reasons counts findings by reason code.
	Reasons []ManifestReason `json:"reasons"`
	// Spells is the number of provider spells.
	Spells int64 `json:"spells"`
	// Outputs are the dataset files written, relative to the output folder.
	Outputs []ManifestOutput `json:"outputs"`
}

// ManifestDesign describes the grouping design of a run.
type ManifestDesign struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Notice  string `json:"notice"`
	// Path is the design folder (absolute) the run compiled; empty for
	// the embedded demo design.
	Path string `json:"path,omitempty"`
}

// ManifestInput describes one input file.
type ManifestInput struct {
	Path    string `json:"path"`
	Bytes   int64  `json:"bytes"`
	SHA256  string `json:"sha256"`
	Format  string `json:"format"`
	Layout  string `json:"layout"`
	Rows    int64  `json:"rows"`
	Ignored int    `json:"ignored_columns"`
	// SpellOrder is how the file's spells were assembled: sorted
	// (streamed) or unsorted (partitioned by spell key).
	SpellOrder string `json:"spell_order"`
}

// ManifestRows counts rows: every row read is in episodes/; rejected rows
// have an error finding (they group to UZ01Z).
type ManifestRows struct {
	Read     int64 `json:"read"`
	Accepted int64 `json:"accepted"`
	Rejected int64 `json:"rejected"`
	Warned   int64 `json:"warned"`
	Findings int64 `json:"findings"`
}

// ManifestReason counts the findings of one rule.
type ManifestReason struct {
	Code     string `json:"code"`
	Severity string `json:"severity"`
	Rows     int64  `json:"rows"`
	Findings int64  `json:"findings"`
}

// ManifestOutput is one dataset file with its row count.
type ManifestOutput struct {
	Path string `json:"path"`
	Rows int64  `json:"rows"`
}

// fileDigest is the size and SHA-256 of an input file.
type fileDigest struct {
	bytes int64
	sum   string
}

func digestFile(path string) (fileDigest, error) {
	f, err := os.Open(path)
	if err != nil {
		return fileDigest{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return fileDigest{}, fmt.Errorf("hashing %s: %w", path, err)
	}
	return fileDigest{n, hex.EncodeToString(h.Sum(nil))}, nil
}

func newRunID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return hex.EncodeToString(b)
}

// buildManifest assembles the manifest of a finished run.
func buildManifest(cfg Config, st *Stats, digests []fileDigest, runID string, start, end time.Time) Manifest {
	m := cfg.Grouper.Manifest()
	man := Manifest{
		RunID: runID, Tool: "hrgflow " + Version,
		Started: start.UTC().Format(time.RFC3339), Finished: end.UTC().Format(time.RFC3339),
		ElapsedSeconds: end.Sub(start).Seconds(),
		Design:         ManifestDesign{Name: m.Name, Version: m.Version, Notice: m.Notice, Path: cfg.DesignPath},
		PriceTable:     cfg.Prices.Name(),
		Rows: ManifestRows{Read: st.Rows, Accepted: st.Rows - st.Errors, Rejected: st.Errors,
			Warned: st.Warnings, Findings: st.Findings},
		Spells: st.Spells, Reasons: []ManifestReason{},
	}
	for i, f := range st.Files {
		man.Inputs = append(man.Inputs, ManifestInput{Path: f.Path, Bytes: digests[i].bytes, SHA256: digests[i].sum,
			Format: f.Format, Layout: f.Layout, Rows: f.Rows, Ignored: len(f.IgnoredColumns), SpellOrder: f.SpellOrder})
	}
	for _, r := range st.Reasons {
		man.Reasons = append(man.Reasons, ManifestReason{Code: r.Rule.Code, Severity: r.Rule.Severity.String(), Rows: r.Rows, Findings: r.Findings})
	}
	for i, o := range st.Outputs {
		man.Outputs = append(man.Outputs, ManifestOutput{Path: filepath.ToSlash(o), Rows: st.outputRows[i]})
	}
	return man
}

// writeManifest writes manifest.json into dir.
func writeManifest(dir string, man Manifest) error {
	data, err := json.MarshalIndent(man, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "manifest.json"), append(data, '\n'), fileMode)
}
