package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/schollz/progressbar/v3"

	"github.com/hrgflow/hrgflow/pipeline"
)

// addProgressFlag defines --progress for run and validate.
func addProgressFlag(fs *flag.FlagSet) *string {
	return fs.String("progress", "auto", "progress bar on stderr: auto (only when stderr is a terminal), always or never")
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && isatty.IsTerminal(f.Fd())
}

// progress draws a bar of input bytes read, with rows read and rows/s in
// its description and an ETA, on stderr. Log lines are written above the
// bar. The mutex serialises the reader's reports and log writes from any
// goroutine.
type progress struct {
	mu       sync.Mutex
	bar      *progressbar.ProgressBar
	w        io.Writer
	now      func() time.Time
	start    time.Time
	shown    time.Time // when the description was last updated
	rows     int64
	finished bool
}

// describeEvery is how often the rows and rows/s text is refreshed.
const describeEvery = 250 * time.Millisecond

// startProgress sets cfg.Logger and, when mode asks for a bar ("always",
// or "auto" with stderr a terminal), cfg.Progress; while the bar shows,
// e.log writes above it. stop removes the bar and restores e.log.
func startProgress(e *env, mode string, cfg *pipeline.Config) (stop func(), err error) {
	cfg.Logger = e.log
	switch mode {
	case "never":
		return func() {}, nil
	case "auto":
		if !isTerminal(e.stderr) {
			return func() {}, nil
		}
	case "always":
	default:
		return nil, &usageError{"--progress must be auto, always or never"}
	}
	var total int64
	for _, path := range cfg.Inputs {
		if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() {
			total += fi.Size()
		}
	}
	if total == 0 {
		total = -1 // a spinner
	}
	p := &progress{w: e.stderr, now: e.now, start: e.now()}
	p.bar = progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(e.stderr),
		progressbar.OptionSetDescription("reading"),
		progressbar.OptionShowBytes(true),
		progressbar.OptionShowTotalBytes(true),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionSetElapsedTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionSetWidth(20),
		progressbar.OptionSetRenderBlankState(true),
		progressbar.OptionUseIECUnits(true),
	)
	cfg.Progress = p.add
	saved := e.log
	e.log = newLoggerTo(p, isTerminal(e.stderr))
	cfg.Logger = e.log
	return func() {
		p.stop()
		e.log = saved
	}, nil
}

// add is the pipeline's Config.Progress hook.
func (p *progress) add(rows, bytes int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.finished {
		return
	}
	p.rows += rows
	if bytes > 0 {
		_ = p.bar.Add64(bytes)
	}
	if now := p.now(); rows > 0 && now.Sub(p.shown) >= describeEvery {
		p.shown = now
		secs := max(now.Sub(p.start).Seconds(), 1e-9)
		p.bar.Describe(fmt.Sprintf("%d rows, %.0f rows/s", p.rows, float64(p.rows)/secs))
	}
}

// Write writes a log line above the bar: the bar is cleared and is drawn
// again on the next report.
func (p *progress) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.finished {
		_ = p.bar.Clear()
	}
	return p.w.Write(b)
}

// stop clears the bar for good.
func (p *progress) stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.finished {
		_ = p.bar.Clear()
		p.finished = true
	}
}
