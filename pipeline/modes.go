package pipeline

import "os"

// Outputs hold patient-level data, so they are readable by the owner and
// the owner's group only: files 0640, folders 0750 (before the umask).
// Temporary spell partitions are the owner's alone (0600).
const (
	fileMode os.FileMode = 0o640
	dirMode  os.FileMode = 0o750
)

// createOutput creates (or truncates) an output file with fileMode.
func createOutput(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, fileMode)
}
