package main

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hrgflow/hrgflow/internal/refdata"
	"github.com/hrgflow/hrgflow/schemas"
)

// The input files, relative to the shared data folder.
const (
	pricesFile = "tariff/apc_spell_prices_2024_25.csv"
	ccDir      = "grouper/cc_lists"
	icd10File  = "codes/icd10_ukb_coding19.tsv"
)

// price is one row of the 2024/25 APC spell price list.
type price struct {
	hrg                     string
	dayCase, elective, nonE int
}

// inputs is everything the design is generated from.
type inputs struct {
	prices   []price                  // in file order (sorted by HRG)
	priced   map[string]bool          // HRG code → listed
	letters  map[string][]price       // root → its priced HRGs in letter order
	ccLists  map[string][]string      // subchapter → CC codes as listed (I10X, J960)
	ccFiles  map[string]string        // subchapter → file name
	blocks   []string                 // ICD-10 blocks ("A00-A09") in file order
	icd      []uint32                 // packed selectable ICD-10 codes, sorted
	opcs     []uint32                 // packed selectable OPCS-4 codes, sorted
	opcsName map[uint32]string        // OPCS-4 titles
	icdName  map[schemas.ICD10]string // ICD-10 titles
}

// readInputs reads the shared data folder and the embedded code lists.
func readInputs(shared string) (*inputs, error) {
	if st, err := os.Stat(shared); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("shared data folder %s not found: gendemo runs on a checkout with the project's shared/data folder beside the repository (pass -shared)", shared)
	}
	in := &inputs{priced: map[string]bool{}, letters: map[string][]price{}, ccLists: map[string][]string{}, ccFiles: map[string]string{}}
	if err := in.readPrices(filepath.Join(shared, pricesFile)); err != nil {
		return nil, err
	}
	if err := in.readCCLists(filepath.Join(shared, ccDir)); err != nil {
		return nil, err
	}
	if err := in.readBlocks(filepath.Join(shared, icd10File)); err != nil {
		return nil, err
	}
	return in, in.readCodes()
}

func (in *inputs) readPrices(path string) error {
	rows, err := readCSV(path)
	if err != nil {
		return err
	}
	if len(rows) < 2 || strings.Join(rows[0], ",") != "hrg,day_case_elective_gbp,ordinary_elective_gbp,non_elective_gbp" {
		return fmt.Errorf("%s: unexpected header %v", path, rows[0])
	}
	for i, r := range rows[1:] {
		p := price{hrg: r[0]}
		if len(p.hrg) != 5 {
			return fmt.Errorf("%s:%d: HRG %q is not 5 characters", path, i+2, p.hrg)
		}
		if _, err := fmt.Sscan(r[1]+" "+r[2]+" "+r[3], &p.dayCase, &p.elective, &p.nonE); err != nil {
			return fmt.Errorf("%s:%d: %w", path, i+2, err)
		}
		in.prices = append(in.prices, p)
		in.priced[p.hrg] = true
		in.letters[p.hrg[:4]] = append(in.letters[p.hrg[:4]], p)
	}
	return nil
}

// readCCLists reads every <SUB>_<n>_cc_list.csv: no header, code and an
// observation count (not a weight, which the demo ignores).
func (in *inputs) readCCLists(dir string) error {
	names, err := filepath.Glob(filepath.Join(dir, "*_cc_list.csv"))
	if err != nil || len(names) == 0 {
		return fmt.Errorf("%s: no *_cc_list.csv files", dir)
	}
	slices.Sort(names)
	for _, name := range names {
		sub := filepath.Base(name)[:2]
		if _, dup := in.ccLists[sub]; dup {
			return fmt.Errorf("%s: second CC list for subchapter %s", name, sub)
		}
		rows, err := readCSV(name)
		if err != nil {
			return err
		}
		codes := make([]string, 0, len(rows))
		for _, r := range rows {
			codes = append(codes, r[0])
		}
		in.ccLists[sub], in.ccFiles[sub] = codes, filepath.Base(name)
	}
	return nil
}

// readBlocks reads the ICD-10 block rows ("Block A00-A09") of the UK
// Biobank coding file.
func (in *inputs) readBlocks(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if b, ok := strings.CutPrefix(sc.Text(), "Block "); ok {
			b, _, _ = strings.Cut(b, "\t")
			in.blocks = append(in.blocks, b)
		}
	}
	if len(in.blocks) == 0 {
		return fmt.Errorf("%s: no ICD-10 block rows", path)
	}
	slices.Sort(in.blocks)
	return sc.Err()
}

// readCodes takes the selectable codes from package refdata (itself made
// from the shared data folder), so that the design covers exactly the
// codes the coverage test checks.
func (in *inputs) readCodes() error {
	icd, err := refdata.ICD10()
	if err != nil {
		return err
	}
	in.icdName = map[schemas.ICD10]string{}
	for _, c := range icd {
		p, _, ok := schemas.NormalizeICD10(c.Code)
		if !ok {
			return fmt.Errorf("refdata ICD-10 code %q does not normalise", c.Code)
		}
		in.icd = append(in.icd, uint32(p))
		in.icdName[p] = c.Title
	}
	opcs, err := refdata.OPCS4()
	if err != nil {
		return err
	}
	in.opcsName = map[uint32]string{}
	for _, c := range opcs {
		p, _, ok := schemas.NormalizeOPCS4(c.Code)
		if !ok {
			return fmt.Errorf("refdata OPCS-4 code %q does not normalise", c.Code)
		}
		in.opcs = append(in.opcs, uint32(p))
		in.opcsName[uint32(p)] = c.Title
	}
	slices.Sort(in.icd)
	slices.Sort(in.opcs)
	in.icd, in.opcs = slices.Compact(in.icd), slices.Compact(in.opcs)
	return nil
}

func readCSV(path string) ([][]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	rows, err := csv.NewReader(strings.NewReader(string(b))).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return rows, nil
}

// copyFile copies src to dst byte for byte.
func copyFile(src, dst string) error {
	b, err := os.ReadFile(src)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s: %w", src, err)
	}
	if err != nil {
		return err
	}
	return os.WriteFile(dst, b, 0o644)
}
