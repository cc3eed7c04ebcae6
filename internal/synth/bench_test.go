package synth

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"testing"
)

// BenchmarkGenerate measures generation into io.Discard. Run the 1M case
// with -benchtime=1x or more for the headline figure.
func BenchmarkGenerate(b *testing.B) {
	for _, n := range []int{10_000, 1_000_000} {
		b.Run(fmt.Sprintf("episodes=%d", n), func(b *testing.B) {
			cfg := DefaultConfig()
			cfg.Episodes = n
			// Parse the embedded reference data outside the timed loop.
			warm := cfg
			warm.Episodes = 0
			if _, err := Generate(context.Background(), io.Discard, warm); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			var st Stats
			for b.Loop() {
				var err error
				if st, err = Generate(context.Background(), io.Discard, cfg); err != nil {
					b.Fatal(err)
				}
			}
			b.SetBytes(st.Bytes)
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "episodes/s")
		})
	}
}

func appendUint(v uint64) []byte { return strconv.AppendUint(nil, v, 10) }
