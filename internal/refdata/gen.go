//go:build ignore

// Gen rebuilds the embedded files in data/ from the project's shared data
// folder. Run it with "go generate ./internal/refdata" from the module root.
// The output depends only on the input files (and on the Go release's
// compress/flate), so rerunning it reproduces the committed files.
//
//	go run gen.go -src ../../../shared/data -dst data
package main

import (
	"compress/gzip"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
)

func main() {
	src := flag.String("src", "../../../shared/data", "shared data folder")
	dst := flag.String("dst", "data", "output folder")
	flag.Parse()
	if err := run(*src, *dst); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(src, dst string) error {
	// The committed files are what builds use; a checkout without the shared
	// data folder keeps them rather than failing "go generate ./...".
	if _, err := os.Stat(src); errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(os.Stderr, "gen: %s not found; embedded data left unchanged\n", src)
		return nil
	}
	for _, name := range []string{"icd10_ukb_coding19.tsv", "opcs4_ukb_coding240.tsv"} {
		if err := gzipFile(filepath.Join(src, "codes", name), filepath.Join(dst, name+".gz")); err != nil {
			return err
		}
	}
	if err := copyFile(filepath.Join(src, "ods", "etr_tidy.csv"), filepath.Join(dst, "etr_tidy.csv")); err != nil {
		return err
	}
	return reducePractices(filepath.Join(src, "ods", "gp_practice_map.csv"), filepath.Join(dst, "gp_practice_ccg.csv"))
}

// gzipFile compresses src into dst with an empty modification time, so the
// output is the same on every run.
func gzipFile(src, dst string) (err error) {
	in, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, out.Close()) }()
	zw, err := gzip.NewWriterLevel(out, gzip.BestCompression)
	if err != nil {
		return err
	}
	zw.Name = filepath.Base(src)
	if _, err := zw.Write(in); err != nil {
		return err
	}
	return zw.Close()
}

func copyFile(src, dst string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, b, 0o644)
}

// reducePractices keeps the PRACTICE_CODE and CCG_CODE columns of the GP
// practice map, sorted by practice code.
func reducePractices(src, dst string) error {
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return fmt.Errorf("%s: %w", src, err)
	}
	if len(rows) == 0 {
		return fmt.Errorf("%s: empty file", src)
	}
	pc, cc := slices.Index(rows[0], "PRACTICE_CODE"), slices.Index(rows[0], "CCG_CODE")
	if pc < 0 || cc < 0 {
		return fmt.Errorf("%s: PRACTICE_CODE or CCG_CODE column missing", src)
	}
	out := make([][]string, 0, len(rows)-1)
	for _, r := range rows[1:] {
		out = append(out, []string{r[pc], r[cc]})
	}
	slices.SortFunc(out, slices.Compare[[]string])
	return writeCSV(dst, append([][]string{{"PRACTICE_CODE", "CCG_CODE"}}, out...))
}

func writeCSV(dst string, rows [][]string) (err error) {
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, out.Close()) }()
	return csv.NewWriter(out).WriteAll(rows)
}
