package pipeline

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/rs/zerolog"
)

// stagingPrefix names the staging folders of runs: the process id follows,
// so a later run can tell a killed run's leftovers from a live run's.
const stagingPrefix = ".hrgflow-staging-"

// removeStaleStaging removes staging folders in outDir left by runs whose
// process no longer exists (killed, or the machine restarted). A live
// run's folder is left alone.
func removeStaleStaging(outDir string, log zerolog.Logger) {
	entries, err := os.ReadDir(outDir)
	if err != nil {
		return
	}
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), stagingPrefix)
		if !ok || !e.IsDir() {
			continue
		}
		pidText, _, _ := strings.Cut(rest, "-")
		pid, err := strconv.Atoi(pidText)
		if err != nil || processAlive(pid) {
			continue
		}
		if err := os.RemoveAll(filepath.Join(outDir, e.Name())); err == nil {
			log.Warn().Str("folder", e.Name()).Msg("removed the staging folder of an interrupted run")
		}
	}
}

// processAlive reports whether a process with this id exists.
func processAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
