package pipeline

import (
	"bytes"
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/hrgflow/hrgflow/internal/codelist"
	"github.com/hrgflow/hrgflow/internal/synth"
	"github.com/hrgflow/hrgflow/pipeline/validate"
	"github.com/hrgflow/hrgflow/schemas"
)

// decodedGenerated returns n generated episodes (hrgflow gen, seed 1,
// 1% bad values) decoded as the pipeline decodes them, and their column map.
func decodedGenerated(tb testing.TB, n int) ([]schemas.Episode, *columnMap) {
	tb.Helper()
	cfg := synth.DefaultConfig()
	cfg.Episodes = n
	var buf bytes.Buffer
	_, err := synth.Generate(context.Background(), &buf, cfg)
	require.NoError(tb, err)
	lines := bytes.Split(bytes.TrimSpace(buf.Bytes()), []byte("\n"))
	var unq []byte
	header, _ := splitCSV(lines[0], nil, &unq)
	names := make([]string, len(header))
	for i, h := range header {
		names[i] = string(h)
	}
	m, err := hesColumnMap(names)
	require.NoError(tb, err)
	eps := make([]schemas.Episode, len(lines)-1)
	var findings []validate.Finding
	var arena []byte
	d := rowDecoder{findings: &findings}
	var fields [][]byte
	for i, ln := range lines[1:] {
		eps[i].Reset()
		fields, _ = splitCSV(ln, fields[:0], &unq)
		d.decodeRow(&eps[i], m, fields, false, &arena)
	}
	return eps, m
}

// BenchmarkValidateGenerated measures the validation cost per episode on
// generated data (the decoded episodes are copied fresh for each pass, as
// validation normalises codes in place; the copy is outside the timer's
// per-episode figure only approximately, so it is reported separately by
// BenchmarkCopyEpisodes).
func BenchmarkValidateGenerated(b *testing.B) {
	eps, m := decodedGenerated(b, 20_000)
	v := benchValidator(b)
	work := make([]schemas.Episode, len(eps))
	findings := make([]validate.Finding, 0, 1<<16)
	arena := make([]byte, 0, 1<<20)
	b.ReportAllocs()
	for b.Loop() {
		copy(work, eps)
		findings, arena = findings[:0], arena[:0]
		for i := range work {
			v.Validate(&work[i], &m.present, int32(i), &findings, &arena)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(eps)), "ns/episode")
}

// BenchmarkValidateOnly is BenchmarkValidateGenerated with the copy
// outside the timer: the same work, without a subtraction that doubles
// the noise on a shared machine.
func BenchmarkValidateOnly(b *testing.B) {
	eps, m := decodedGenerated(b, 20_000)
	v := benchValidator(b)
	work := make([]schemas.Episode, len(eps))
	findings := make([]validate.Finding, 0, 1<<16)
	arena := make([]byte, 0, 1<<20)
	runtime.LockOSThread() // so that the thread's CPU time is the benchmark's
	defer runtime.UnlockOSThread()
	var cpu time.Duration
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		copy(work, eps)
		findings, arena = findings[:0], arena[:0]
		b.StartTimer()
		t0 := threadCPU(b)
		for i := range work {
			v.Validate(&work[i], &m.present, int32(i), &findings, &arena)
		}
		cpu += threadCPU(b) - t0
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(eps)), "ns/episode")
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N*len(eps)), "cpu-ns/episode")
}

// threadCPU returns the CPU time the calling thread has used. On a
// machine shared with other jobs it is steadier than elapsed time, which
// counts the time the thread waited for a core.
func threadCPU(tb testing.TB) time.Duration {
	var ts unix.Timespec
	require.NoError(tb, unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts))
	return time.Duration(ts.Nano())
}

// BenchmarkCopyEpisodes is the copy BenchmarkValidateGenerated makes per
// pass, to subtract.
func BenchmarkCopyEpisodes(b *testing.B) {
	eps, _ := decodedGenerated(b, 20_000)
	work := make([]schemas.Episode, len(eps))
	b.ReportAllocs()
	for b.Loop() {
		copy(work, eps)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(eps)), "ns/episode")
}

// warmEpisodes is how many generated episodes the warm benchmarks cycle
// through: about 800 KiB, so that they stay in a core's L2 cache.
const warmEpisodes = 256

// BenchmarkValidateWarm measures validation with the episodes in cache, as
// the pipeline runs it: decodeBatch validates each row right after
// decoding it. It cycles through a few hundred generated episodes, copying
// them fresh each pass (validation normalises codes in place); that copy
// alone is BenchmarkCopyWarm, to subtract.
func BenchmarkValidateWarm(b *testing.B) {
	all, m := decodedGenerated(b, 20_000)
	eps := all[:warmEpisodes]
	v := benchValidator(b)
	work := make([]schemas.Episode, len(eps))
	findings := make([]validate.Finding, 0, 1<<12)
	arena := make([]byte, 0, 1<<16)
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	t0 := threadCPU(b)
	b.ReportAllocs()
	for b.Loop() {
		copy(work, eps)
		findings, arena = findings[:0], arena[:0]
		for i := range work {
			v.Validate(&work[i], &m.present, int32(i), &findings, &arena)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(eps)), "ns/episode")
	b.ReportMetric(float64((threadCPU(b)-t0).Nanoseconds())/float64(b.N*len(eps)), "cpu-ns/episode")
}

// BenchmarkCopyWarm is the copy BenchmarkValidateWarm makes per pass.
func BenchmarkCopyWarm(b *testing.B) {
	all, _ := decodedGenerated(b, 20_000)
	eps := all[:warmEpisodes]
	work := make([]schemas.Episode, len(eps))
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	t0 := threadCPU(b)
	b.ReportAllocs()
	for b.Loop() {
		copy(work, eps)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(eps)), "ns/episode")
	b.ReportMetric(float64((threadCPU(b)-t0).Nanoseconds())/float64(b.N*len(eps)), "cpu-ns/episode")
}

// benchValidator returns a validator on the embedded code lists.
func benchValidator(b *testing.B) *validate.Validator {
	codes, err := codelist.Default()
	require.NoError(b, err)
	v, err := validate.New(codes)
	require.NoError(b, err)
	return v
}
