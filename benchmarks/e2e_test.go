package benchmarks

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/hrgflow/hrgflow/internal/synth"
	"github.com/hrgflow/hrgflow/pipeline"
)

// benchEpisodes returns the episode counts to benchmark: 1M by default, or
// HRGFLOW_BENCH_EPISODES.
func benchEpisodes(b *testing.B) int {
	if s := os.Getenv("HRGFLOW_BENCH_EPISODES"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			b.Fatalf("HRGFLOW_BENCH_EPISODES: %v", err)
		}
		return n
	}
	return 1_000_000
}

// input returns a generated HES-layout CSV of n episodes (seed 1), made
// once and kept in the system temporary folder for later runs.
func input(b *testing.B, n int) string {
	b.Helper()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("hrgflow-bench-%d-seed1.csv", n))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		b.Fatal(err)
	}
	cfg := synth.DefaultConfig()
	cfg.Episodes = n
	w := bufio.NewWriterSize(f, 1<<20)
	if _, err := synth.Generate(context.Background(), w, cfg); err != nil {
		b.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		b.Fatal(err)
	}
	return path
}

func fileSize(b *testing.B, path string) int64 {
	info, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	return info.Size()
}

// BenchmarkEndToEnd runs `hrgflow run` (CSV → episodes/ Parquet) on
// generated episodes.
func BenchmarkEndToEnd(b *testing.B) {
	n := benchEpisodes(b)
	path := input(b, n)
	b.Run(fmt.Sprintf("episodes=%d", n), func(b *testing.B) {
		b.SetBytes(fileSize(b, path))
		b.ReportAllocs()
		for b.Loop() {
			cfg := pipeline.DefaultConfig()
			cfg.Inputs, cfg.OutDir = []string{path}, b.TempDir()
			st, err := pipeline.Run(context.Background(), cfg)
			if err != nil {
				b.Fatal(err)
			}
			if st.Rows != int64(n) {
				b.Fatalf("wrote %d episodes, want %d", st.Rows, n)
			}
		}
		b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "episodes/s")
	})
}

// BenchmarkCSVParseOnly is the yardstick: encoding/csv with ReuseRecord
// over the same file, doing nothing with the fields.
func BenchmarkCSVParseOnly(b *testing.B) {
	n := benchEpisodes(b)
	path := input(b, n)
	b.Run(fmt.Sprintf("episodes=%d", n), func(b *testing.B) {
		b.SetBytes(fileSize(b, path))
		b.ReportAllocs()
		for b.Loop() {
			f, err := os.Open(path)
			if err != nil {
				b.Fatal(err)
			}
			r := csv.NewReader(bufio.NewReaderSize(f, 1<<20))
			r.ReuseRecord = true
			rows := 0
			for {
				_, err := r.Read()
				if err == io.EOF {
					break
				}
				if err != nil {
					b.Fatal(err)
				}
				rows++
			}
			_ = f.Close()
			if rows != n+1 {
				b.Fatalf("read %d rows, want %d", rows, n+1)
			}
		}
		b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "episodes/s")
	})
}
