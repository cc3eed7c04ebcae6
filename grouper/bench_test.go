package grouper

import (
	"math/rand/v2"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/hrgflow/hrgflow/grouper/designs"
	"github.com/hrgflow/hrgflow/internal/refdata"
	"github.com/hrgflow/hrgflow/schemas"
)

// benchEpisodes draws n episodes from the refdata code lists with a fixed
// seed. Primary diagnoses and most procedures come from the codes the
// table maps, so that grouping runs its whole path rather than stopping at
// UZ01Z; secondary diagnoses are any ICD-10 code.
func benchEpisodes(b *testing.B, tab *Table, n int) []schemas.Episode {
	all, mapped, procs, grouping := benchCodes(b, tab)
	rng := rand.New(rand.NewPCG(1, 2))
	eps := make([]schemas.Episode, n)
	for i := range eps {
		e := &eps[i]
		e.Reset()
		e.ICD[0] = draw(rng, mapped, all, 0.9)
		for j := 1; j <= rng.IntN(7); j++ {
			e.ICD[j] = all[rng.IntN(len(all))]
		}
		for j := 0; j < rng.IntN(5); j++ {
			e.OPCS[j] = draw(rng, grouping, procs, 0.5)
		}
		e.Int[schemas.STARTAGE] = int32(rng.IntN(96))
		e.Int[schemas.EPIDUR] = int32(rng.IntN(15))
		e.Str[schemas.SEX] = []string{"1", "2"}[rng.IntN(2)]
		e.Str[schemas.ADMIMETH] = []string{"11", "21", "22"}[rng.IntN(3)]
		if rng.IntN(20) == 0 {
			e.Int[schemas.REHABILITATIONDAYS] = int32(rng.IntN(5))
		}
	}
	return eps
}

// benchCodes returns the refdata codes, and those the table maps.
func benchCodes(b *testing.B, tab *Table) (all, mapped []schemas.ICD10, procs, grouping []schemas.OPCS4) {
	icds, err := refdata.ICD10()
	require.NoError(b, err)
	opcsList, err := refdata.OPCS4()
	require.NoError(b, err)
	for _, c := range icds {
		if code, _, ok := schemas.NormalizeICD10(c.Code); ok {
			all = append(all, code)
			if tab.DiagnosisMapped(code) {
				mapped = append(mapped, code)
			}
		}
	}
	for _, c := range opcsList {
		if code, _, ok := schemas.NormalizeOPCS4(c.Code); ok {
			procs = append(procs, code)
			if tab.ProcedureMapped(code) {
				grouping = append(grouping, code)
			}
		}
	}
	return all, mapped, procs, grouping
}

// draw draws from preferred with probability p, else from any.
func draw[T any](rng *rand.Rand, preferred, any []T, p float64) T {
	if len(preferred) > 0 && rng.Float64() < p {
		return preferred[rng.IntN(len(preferred))]
	}
	return any[rng.IntN(len(any))]
}

// benchTables returns the designs to benchmark: expressive, and demo once
// it is available.
func benchTables(b *testing.B) map[string]*Table {
	tables := map[string]*Table{"expressive": expressive(b)}
	if demo, err := Demo(); err == nil {
		tables["demo"] = demo
	}
	return tables
}

// BenchmarkGroupEpisode groups one episode per iteration, cycling through
// 4,096 generated episodes: ns/op is ns per episode.
func BenchmarkGroupEpisode(b *testing.B) {
	for _, name := range []string{"expressive", "demo"} {
		tab := benchTables(b)[name]
		if tab == nil {
			continue
		}
		b.Run("design="+name, func(b *testing.B) {
			eps := benchEpisodes(b, tab, 4096)
			var r EpisodeResult
			for i := range eps { // steady state: the table's pages are warm, as in a long run
				tab.GroupEpisode(&eps[i], &r, nil)
			}
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			t0 := threadCPU(b)
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				tab.GroupEpisode(&eps[i&4095], &r, nil)
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "episodes/s")
			b.ReportMetric(float64((threadCPU(b)-t0).Nanoseconds())/float64(b.N), "cpu-ns/episode")
		})
	}
}

// BenchmarkGroupEpisodeWarm is BenchmarkGroupEpisode with 64 episodes
// (about 200 KiB), which stay in cache: the pipeline groups a batch's
// episodes shortly after validating them. BenchmarkGroupEpisode's 4,096
// episodes (13 MiB) come from memory.
func BenchmarkGroupEpisodeWarm(b *testing.B) {
	for _, name := range []string{"expressive", "demo"} {
		tab := benchTables(b)[name]
		if tab == nil {
			continue
		}
		b.Run("design="+name, func(b *testing.B) {
			eps := benchEpisodes(b, tab, 4096)[:64]
			var r EpisodeResult
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			t0 := threadCPU(b)
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				tab.GroupEpisode(&eps[i&63], &r, nil)
			}
			b.ReportMetric(float64((threadCPU(b)-t0).Nanoseconds())/float64(b.N), "cpu-ns/episode")
		})
	}
}

// threadCPU returns the CPU time the calling thread has used. On a
// machine shared with other jobs it is steadier than elapsed time, which
// counts the time the thread waited for a core.
func threadCPU(tb testing.TB) time.Duration {
	var ts unix.Timespec
	require.NoError(tb, unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts))
	return time.Duration(ts.Nano())
}

// BenchmarkGroupSpell groups three-episode spells (episodes grouped first,
// as the pipeline does): ns/op is per spell.
func BenchmarkGroupSpell(b *testing.B) {
	tab := expressive(b)
	eps := benchEpisodes(b, tab, 3*1024)
	ptrs := make([]*schemas.Episode, len(eps))
	for i := range eps {
		ptrs[i] = &eps[i]
	}
	var results [3]EpisodeResult
	var s SpellResult
	for i := range eps {
		tab.GroupEpisode(&eps[i], &results[0], nil)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		spell := ptrs[3*(i&1023) : 3*(i&1023)+3]
		for j, e := range spell {
			tab.GroupEpisode(e, &results[j], nil)
		}
		tab.GroupSpell(spell, results[:], &s, nil)
	}
}

// BenchmarkCompile compiles the expressive design from its loaded tables,
// loads and compiles it from disk, and compiles the demo design.
func BenchmarkCompile(b *testing.B) {
	d, err := LoadDir(expressiveDir)
	require.NoError(b, err)
	b.Run("design=expressive/step=compile", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, _, err := Compile(d); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("design=expressive/step=load+compile", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, _, err := CompileDir(expressiveDir); err != nil {
				b.Fatal(err)
			}
		}
	})
	demo, err := Load(designs.Demo())
	require.NoError(b, err)
	b.Run("design=demo/step=compile", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, _, err := Compile(demo); err != nil {
				b.Fatal(err)
			}
		}
	})
}
