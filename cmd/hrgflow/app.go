package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"github.com/rs/zerolog"
)

// Exit codes, chosen in one place (Main).
const (
	exitOK       = 0
	exitFailed   = 1 // the run failed: I/O, bad layout, bad design or price table
	exitUsage    = 2 // the command line, config file or HRGFLOW_* variables were wrong
	exitRejected = 3 // the command finished but a threshold was exceeded: --max-reject-rate, --fail-on-diff
)

// usageError is a command-line mistake: exit code 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// rejectError means the run finished but the share of rejected rows
// exceeded --max-reject-rate: exit code 3.
type rejectError struct{ rate, limit float64 }

func (e *rejectError) Error() string {
	return fmt.Sprintf("%.2f%% of rows were rejected, more than --max-reject-rate %.2f%%", 100*e.rate, 100*e.limit)
}

// env is what a command needs from the outside world, injected for tests.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	log            zerolog.Logger
	now            func() time.Time
	getenv         func(string) string
	origins        origins // where the command's settings came from (config.go)
}

// Main runs hrgflow with args (without the program name) and returns the
// process exit code.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	setMemoryLimit()
	if path := os.Getenv("HRGFLOW_CPUPROFILE"); path != "" {
		if stop, err := startCPUProfile(path); err == nil {
			defer stop()
		}
	}
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, log: newLogger(stderr), now: time.Now, getenv: os.Getenv}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := dispatch(ctx, e, args)
	var ue *usageError
	var re *rejectError
	var de *diffError
	var ce *configError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "hrgflow: %s\nRun 'hrgflow help' for usage.\n", withOrigin(err.Error(), e.origins))
		return exitUsage
	case errors.As(err, &ce):
		fmt.Fprintf(stderr, "hrgflow: %s\n", strings.ReplaceAll(err.Error(), "\n", "\nhrgflow: "))
		return exitUsage
	case errors.As(err, &re):
		e.log.Error().Float64("reject_rate", re.rate).Float64("max_reject_rate", re.limit).Msg(err.Error())
		return exitRejected
	case errors.As(err, &de):
		e.log.Error().Int("differences", de.n).Msg(err.Error())
		return exitRejected
	}
	e.log.Error().Err(err).Msg("hrgflow failed")
	return exitFailed
}

// defaultMemoryLimit is the Go runtime's soft memory limit when the user
// sets none (GOMEMLIMIT). Measured on 1M generated episodes: peak RSS 486
// MiB without a limit, 387 MiB with 400 MiB; the limit keeps a run inside
// the 512 MiB budget whatever the input size (benchmarks/README.md).
const defaultMemoryLimit = 448 << 20

// setMemoryLimit applies defaultMemoryLimit unless GOMEMLIMIT is set.
func setMemoryLimit() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
}

// startCPUProfile writes a pprof CPU profile of the command to path (set
// HRGFLOW_CPUPROFILE), for the performance work in benchmarks/.
func startCPUProfile(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		_ = f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); _ = f.Close() }, nil
}

// newLogger logs JSON when stderr is not a terminal, readable text when it is.
func newLogger(w io.Writer) zerolog.Logger {
	return newLoggerTo(w, isTerminal(w))
}

// newLoggerTo logs to w: readable text when console, else JSON lines.
func newLoggerTo(w io.Writer, console bool) zerolog.Logger {
	if console {
		w = zerolog.ConsoleWriter{Out: w, TimeFormat: time.TimeOnly}
	}
	return zerolog.New(w).With().Timestamp().Logger()
}

const usage = `hrgflow turns coded hospital episodes into HES-style Parquet datasets.

Usage:
  hrgflow run --input PATH [--input PATH...] --out DIR [flags]
  hrgflow validate --input PATH [--input PATH...] [--out DIR] [flags]
  hrgflow explain --input PATH (--episode EPIKEY | --row N) [flags]
  hrgflow design check|dump DIR
  hrgflow prices trimpoints --from RUN_DIR --out FILE
  hrgflow compare LEFT RIGHT --out DIR [flags]
  hrgflow gen --episodes N --seed S --out FILE [flags]
  hrgflow config check [--config FILE] [COMMAND [flags]]
  hrgflow help

Run 'hrgflow COMMAND -h' for a command's flags. run, validate, explain and
gen also read a TOML config file (--config FILE or HRGFLOW_CONFIG) and
HRGFLOW_<FLAG> environment variables; flags win over the environment, the
environment over the file.

Exit codes: 0 success; 1 the run failed; 2 usage or configuration error;
3 more rows rejected than --max-reject-rate.
`

func dispatch(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(e.stderr, usage)
		return &usageError{"no command given"}
	}
	switch args[0] {
	case "run":
		return cmdRun(ctx, e, args[1:])
	case "validate":
		return cmdValidate(ctx, e, args[1:])
	case "gen":
		return cmdGen(ctx, e, args[1:])
	case "explain":
		return cmdExplain(ctx, e, args[1:])
	case "design":
		return cmdDesign(ctx, e, args[1:])
	case "prices":
		return cmdPrices(ctx, e, args[1:])
	case "compare":
		return cmdCompare(ctx, e, args[1:])
	case "config":
		return cmdConfig(ctx, e, args[1:])
	case "help", "-h", "--help":
		fmt.Fprint(e.stdout, usage)
		return nil
	}
	return &usageError{fmt.Sprintf("unknown command %q", args[0])}
}

// newFlagSet returns a flag set that reports errors instead of exiting.
func newFlagSet(e *env, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: hrgflow %s %s\n\nFlags:\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args, turning flag errors into usage errors.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return &usageError{err.Error()}
	}
	return nil
}

// listFlag is a repeatable string flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }
