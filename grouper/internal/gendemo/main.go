// Gendemo generates hrgflow's illustrative "demo" grouping design from the
// project's shared public data. It runs from grouper/designs with
//
//	go generate ./grouper/designs
//
// which calls
//
//	go run ../internal/gendemo -shared ../../../shared/data -out demo -data ../internal/gendemo/data
//
// It reads the 2024/25 APC spell price list (the HRG codes the design may
// use), the inferred CC lists and the ICD-10 block list from the shared
// data folder, and the selectable ICD-10 and OPCS-4 codes from package
// refdata; the mapping, hierarchy and split rules are the tables in this
// package. It writes the design tables, a README documenting every rule,
// and a copy of the price list the tests check HRG codes against. The
// output depends only on the inputs: running it twice gives identical
// files.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	shared := flag.String("shared", "../../../shared/data", "the project's shared data folder")
	out := flag.String("out", "demo", "design folder to write")
	data := flag.String("data", "../internal/gendemo/data", "folder for the copy of the price list")
	flag.Parse()
	if err := run(*shared, *out, *data); err != nil {
		fmt.Fprintln(os.Stderr, "gendemo:", err)
		os.Exit(1)
	}
}

func run(shared, out, data string) error {
	in, err := readInputs(shared)
	if err != nil {
		return err
	}
	d, err := build(in)
	if err != nil {
		return err
	}
	if err := d.write(out); err != nil {
		return err
	}
	return copyFile(filepath.Join(shared, pricesFile), filepath.Join(data, filepath.Base(pricesFile)))
}
