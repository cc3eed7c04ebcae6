package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestScripts runs the end-to-end scripts in testdata/script: every
// command, flag errors and exit codes, config precedence. Script commands
// beyond testscript's own:
//
//	hrgflow ARGS...            runs hrgflow (! hrgflow: must fail)
//	exits CODE hrgflow ARGS... runs hrgflow and requires exit code CODE
//
// hrgflow is this test binary, linked as $WORK/.bin/hrgflow and run with
// HRGFLOW_TEST_MAIN=1, so TestMain (main_test.go) calls Main. $REPO is the
// repository root: fixtures live under $REPO/testdata and $REPO/docs.
func TestScripts(t *testing.T) {
	repo, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir: filepath.Join("testdata", "script"),
		Setup: func(env *testscript.Env) error {
			bin := filepath.Join(env.WorkDir, ".bin")
			if err := os.Mkdir(bin, 0o755); err != nil {
				return err
			}
			if err := os.Symlink(self, filepath.Join(bin, "hrgflow")); err != nil {
				return err
			}
			env.Setenv("PATH", bin+string(filepath.ListSeparator)+env.Getenv("PATH"))
			env.Setenv("HRGFLOW_TEST_MAIN", "1")
			env.Setenv("REPO", repo)
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"hrgflow": cmdHrgflow,
			"exits":   cmdExits,
		},
	})
}

// cmdHrgflow is the script command `hrgflow ARGS...`: like exec hrgflow.
func cmdHrgflow(ts *testscript.TestScript, neg bool, args []string) {
	err := ts.Exec("hrgflow", args...)
	switch {
	case err != nil && !neg:
		ts.Fatalf("hrgflow: %v", err)
	case err == nil && neg:
		ts.Fatalf("hrgflow: unexpected success")
	}
}

// cmdExits is the script command `exits CODE PROGRAM [ARGS...]`: it runs
// PROGRAM, keeps its stdout and stderr for the next stdout/stderr checks,
// and fails unless PROGRAM exited with CODE.
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits CODE program [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exits: bad exit code %q", args[0])
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("exits: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with code %d, want %d", args[1], got, want)
	}
}
