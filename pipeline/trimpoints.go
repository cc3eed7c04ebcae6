package pipeline

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/parquet-go/parquet-go"

	"github.com/hrgflow/hrgflow/pipeline/price"
)

// trimRow is the projection of the spells dataset that trim points need.
type trimRow struct {
	SpellHRG        string `parquet:"SpellHRG,optional"`
	PointOfDelivery string `parquet:"PointOfDelivery,optional"`
	PricingLOS      *int32 `parquet:"PricingLOS,optional"`
}

// TrimPointsFrom derives trim points from the spells dataset of a previous
// run (runDir/spells/**/*.parquet): per HRG, the upper quartile plus 1.5
// times the interquartile range of PricingLOS over elective (EL) and
// non-elective (NE, NES, MAT, OTH) spells, rounded up to whole days
// (DOMAIN.md §6.4). HRGs with fewer than minSpells spells of a kind get
// no trim point of that kind. It returns base with the trim points filled
// in and the number of spells read.
func TrimPointsFrom(runDir string, minSpells int64, base *price.Table) (*price.Table, int64, error) {
	files, err := filepath.Glob(filepath.Join(runDir, "spells", "*.parquet"))
	if err != nil {
		return nil, 0, err
	}
	nested, err := filepath.Glob(filepath.Join(runDir, "spells", "*", "*.parquet"))
	if err != nil {
		return nil, 0, err
	}
	files = append(files, nested...)
	if len(files) == 0 {
		return nil, 0, fmt.Errorf("%s: no spells dataset (spells/*.parquet) to derive trim points from", runDir)
	}
	var samples price.LOSSamples
	var n int64
	for _, path := range files {
		k, err := readTrimSamples(path, &samples)
		n += k
		if err != nil {
			return nil, n, err
		}
	}
	return base.WithTrimPoints(samples.TrimPoints(minSpells), true), n, nil
}

func readTrimSamples(path string, samples *price.LOSSamples) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	r := parquet.NewGenericReader[trimRow](f)
	defer r.Close()
	rows := make([]trimRow, 1024)
	var n int64
	for {
		k, err := r.Read(rows)
		for _, row := range rows[:k] {
			pod, ok := price.ParsePOD(row.PointOfDelivery)
			if !ok || row.PricingLOS == nil || len(row.SpellHRG) != 5 {
				continue
			}
			var hrg [5]byte
			copy(hrg[:], row.SpellHRG)
			if samples.Add(hrg, pod, *row.PricingLOS) {
				n++
			}
		}
		if errors.Is(err, io.EOF) {
			return n, nil
		}
		if err != nil {
			return n, fmt.Errorf("reading %s: %w", path, err)
		}
	}
}
