package refdata

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"
)

const (
	trustFile    = "data/etr_tidy.csv"
	practiceFile = "data/gp_practice_ccg.csv"
)

// Trust is an NHS trust from the ODS register.
type Trust struct {
	// Code is the 3-character ODS organisation code, for example "RX1";
	// it is what HES holds in PROCODE3.
	Code string
	// Name is the trust's registered name.
	Name string
}

// Practice is a GP practice and the clinical commissioning group it
// belonged to in September 2020.
type Practice struct {
	// Code is the 6-character practice code, for example "A81001"; it is
	// what HES holds in GPPRAC.
	Code string
	// CCG is the 3-character CCG code, for example "16C".
	CCG string
}

var (
	trustsOnce    = sync.OnceValues(loadTrusts)
	practicesOnce = sync.OnceValues(loadPractices)
)

// Trusts returns the open NHS trusts (those with no close date) of the ODS
// trust register, in file order. The file is parsed once; every call
// returns the same shared slice, which callers must not modify. It is safe
// for concurrent use.
func Trusts() ([]Trust, error) { return trustsOnce() }

// Practices returns the GP practices of the September 2020 practice map
// with their CCG codes, sorted by practice code. The file is parsed once;
// every call returns the same shared slice, which callers must not modify.
// It is safe for concurrent use.
func Practices() ([]Practice, error) { return practicesOnce() }

func loadTrusts() ([]Trust, error) {
	var out []Trust
	err := readCSV(trustFile, []string{"ods_code", "ods_name", "close_date"}, func(r []string) {
		if r[2] == "" || r[2] == "NA" {
			out = append(out, Trust{Code: r[0], Name: r[1]})
		}
	})
	return out, err
}

func loadPractices() ([]Practice, error) {
	var out []Practice
	err := readCSV(practiceFile, []string{"PRACTICE_CODE", "CCG_CODE"}, func(r []string) {
		out = append(out, Practice{Code: r[0], CCG: r[1]})
	})
	return out, err
}

// readCSV calls row with the named columns of each record of an embedded
// CSV file, in the order the names are given.
func readCSV(name string, cols []string, row func([]string)) error {
	f, err := files.Open(name)
	if err != nil {
		return fmt.Errorf("refdata: %w", err)
	}
	defer f.Close()
	cr := csv.NewReader(f)
	header, err := cr.Read()
	if err != nil {
		return fmt.Errorf("refdata: %s: header: %w", name, err)
	}
	idx := make([]int, len(cols))
	for i, c := range cols {
		if idx[i] = slices.Index(header, c); idx[i] < 0 {
			return fmt.Errorf("refdata: %s:1: column %s missing", name, c)
		}
	}
	picked := make([]string, len(cols))
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("refdata: %s: %w", name, err)
		}
		for i, j := range idx {
			picked[i] = rec[j]
		}
		row(picked)
	}
}
