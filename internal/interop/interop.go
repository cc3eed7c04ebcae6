package interop

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// Timeout bounds one node process: start-up, the reader's work and its output.
const Timeout = 2 * time.Minute

// nodeDir is the folder of package.json and the scripts, relative to the
// module root.
const nodeDir = "internal/interop/node"

// installHint says how to get the readers; every "unavailable" message ends
// with it.
const installHint = "run `make interop-deps` from the repository root " +
	"(needs Node.js >= 20 and npm; it runs `npm ci --prefix " + nodeDir + "`)"

// Node packages each reader needs under node_modules.
const (
	duckdbPackage = "@duckdb/node-api"
	polarsPackage = "nodejs-polars"
)

// errUnavailable marks a missing tool or dependency, as opposed to a reader
// that ran and failed.
var errUnavailable = errors.New("reader unavailable")

// nodeEnv is a located node binary and the folder holding the scripts and
// their node_modules.
type nodeEnv struct {
	node string
	dir  string
}

// strict reports whether a missing reader fails the test instead of skipping
// it: HRGFLOW_INTEROP=1 (or any true value) or CI=true.
func strict(getenv func(string) string) bool {
	for _, key := range []string{"HRGFLOW_INTEROP", "CI"} {
		if on, err := strconv.ParseBool(getenv(key)); err == nil && on {
			return true
		}
	}
	return false
}

// findModuleRoot returns the nearest directory at or above dir that holds a
// go.mod file.
func findModuleRoot(dir string) (string, error) {
	for d := dir; ; {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", fmt.Errorf("%w: no go.mod at or above %s", errUnavailable, dir)
		}
		d = parent
	}
}

// locate finds node on PATH and checks that the module rooted at root has
// the given npm packages installed.
func locate(root string, packages ...string) (nodeEnv, error) {
	dir := filepath.Join(root, filepath.FromSlash(nodeDir))
	node, err := exec.LookPath("node")
	if err != nil {
		return nodeEnv{}, fmt.Errorf("%w: node not found on PATH", errUnavailable)
	}
	for _, p := range packages {
		manifest := filepath.Join(dir, "node_modules", filepath.FromSlash(p), "package.json")
		if _, err := os.Stat(manifest); err != nil {
			return nodeEnv{}, fmt.Errorf("%w: npm package %s is not installed in %s",
				errUnavailable, p, filepath.Join(dir, "node_modules"))
		}
	}
	return nodeEnv{node: node, dir: dir}, nil
}

// need returns the nodeEnv for packages, or ends the test through
// endUnavailable.
func need(t testing.TB, packages ...string) nodeEnv {
	t.Helper()
	rt, err := needErr(packages...)
	if err != nil {
		endUnavailable(t, err, os.Getenv)
	}
	return rt
}

// endUnavailable ends a test whose reader is unavailable: t.Fatal when strict,
// t.Skip otherwise.
func endUnavailable(t testing.TB, err error, getenv func(string) string) {
	t.Helper()
	if strict(getenv) {
		t.Fatalf("interop: %v; %s (HRGFLOW_INTEROP=1 or CI=true makes this fatal)", err, installHint)
	}
	t.Skipf("interop: %v; %s (skipping: set HRGFLOW_INTEROP=1 to fail instead)", err, installHint)
}

func needErr(packages ...string) (nodeEnv, error) {
	wd, err := os.Getwd()
	if err != nil {
		return nodeEnv{}, fmt.Errorf("%w: working directory: %w", errUnavailable, err)
	}
	root, err := findModuleRoot(wd)
	if err != nil {
		return nodeEnv{}, err
	}
	return locate(root, packages...)
}

// run starts one node process on script with args, feeds it stdin and returns
// its stdout. Any failure ends the test with the script's stderr.
func (rt nodeEnv) run(t testing.TB, script string, stdin []byte, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), Timeout)
	defer cancel()
	argv := append([]string{filepath.Join(rt.dir, script)}, args...)
	cmd := exec.CommandContext(ctx, rt.node, argv...)
	cmd.Stdin = bytes.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	// Do not hang on pipes held open by a grandchild after a kill.
	cmd.WaitDelay = 5 * time.Second
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("interop: %s did not finish within %v (%v)\nstderr:\n%s", script, Timeout, ctx.Err(), stderr.Bytes())
	}
	if err != nil {
		t.Fatalf("interop: %s failed: %v\nstderr:\n%s\ninput:\n%s", script, err, stderr.Bytes(), clip(stdin, 2000))
	}
	return stdout.Bytes()
}

// clip shortens b for an error message.
func clip(b []byte, n int) []byte {
	if len(b) <= n {
		return b
	}
	return append(b[:n:n], "…"...)
}
