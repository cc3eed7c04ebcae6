package price

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
)

// WriteTable writes t in the compact CSV form, one line per HRG in code
// order, under the header
//
//	hrg,day_case,elective,combined,non_elective,elective_trim_point,non_elective_trim_point,per_day,ssem_applies,ssem_percent,ssem_price
//
// Prices are pounds without "£" or separators (927, or 927.50 when there
// are pence), trim points whole days, the flag Yes or No, the percentage
// with "%" (75%), and every missing value an empty cell. LoadTable reads
// the output back into an equal table.
func WriteTable(w io.Writer, t *Table) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(compactHeader[colHRG:]); err != nil {
		return fmt.Errorf("price: writing table header: %w", err)
	}
	rec := make([]string, numColumns-colHRG)
	for h, p := range t.All() {
		rec = rec[:0]
		rec = append(rec, HRGString(h),
			money(p.DayCase), money(p.Elective), money(p.Combined), money(p.NonElective),
			days(p.ElectiveTrim), days(p.NonElectiveTrim), money(p.PerDay),
			yesNo(p.SSEMApplies), percent(p.SSEMPercentPPM), money(p.SSEMPrice))
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("price: writing table row %s: %w", HRGString(h), err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("price: writing table: %w", err)
	}
	return nil
}

// money formats a price cell: plain pounds, "" for NoPrice.
func money(p Pence) string {
	if !p.Valid() {
		return ""
	}
	return string(p.appendPounds(nil, false, false))
}

// days formats a trim point cell, "" for NoTrimPoint.
func days(d int32) string {
	if d < 0 {
		return ""
	}
	return strconv.Itoa(int(d))
}

// yesNo formats a flag cell.
func yesNo(b bool) string {
	if b {
		return "Yes"
	}
	return "No"
}

// percent formats a percentage in ppm as "75%" or "52.5%", "" for
// NoPercent.
func percent(ppm int64) string {
	if ppm < 0 {
		return ""
	}
	whole, frac := ppm/10_000, ppm%10_000
	s := strconv.FormatInt(whole, 10)
	if frac != 0 {
		f := fmt.Sprintf("%04d", frac)
		for f[len(f)-1] == '0' {
			f = f[:len(f)-1]
		}
		s += "." + f
	}
	return s + "%"
}
