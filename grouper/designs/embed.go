package designs

import (
	"embed"
	"io/fs"
)

//go:generate go run ../internal/gendemo -shared ../../../shared/data -out demo -data ../internal/gendemo/data

//go:embed demo
var demo embed.FS

// Demo returns the shipped demo design folder (manifest.json, the CSV
// tables and README.md) as a file system rooted at the folder, ready for
// grouper.Load. The files are embedded in the binary; the returned value
// is read-only and safe for concurrent use.
func Demo() fs.FS {
	sub, err := fs.Sub(demo, "demo")
	if err != nil {
		// fs.Sub fails only for an invalid path; "demo" is valid.
		panic("designs: " + err.Error())
	}
	return sub
}
