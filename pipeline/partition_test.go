package pipeline

import (
	"bufio"
	"bytes"
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/hrgflow/hrgflow/internal/synth"
)

// shuffledCopy writes the lines of a CSV (after its header) in a random
// order, deterministically.
func shuffledCopy(t *testing.T, src, dst string, seed uint64) {
	t.Helper()
	data, err := os.ReadFile(src)
	require.NoError(t, err)
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	body := lines[1:]
	r := rand.New(rand.NewPCG(seed, seed))
	r.Shuffle(len(body), func(i, j int) { body[i], body[j] = body[j], body[i] })
	require.NoError(t, os.WriteFile(dst, []byte(lines[0]+"\n"+strings.Join(body, "\n")+"\n"), 0o644))
}

// spellSignature is a spells dataset as a sorted list of rows without the
// row-number columns, which depend on where the spell's rows sit.
func spellSignature(t *testing.T, out string) []string {
	t.Helper()
	var sig []string
	for _, s := range dumpDataset(t, filepath.Join(out, "spells"), spellFields()) {
		delete(s, "SpellRow")
		delete(s, "ReportEpisodeRow")
		delete(s, "SourceFile")
		var parts []string
		for k, v := range s {
			parts = append(parts, k+"="+v)
		}
		sort.Strings(parts)
		sig = append(sig, strings.Join(parts, " "))
	}
	sort.Strings(sig)
	return sig
}

// TestUnsortedSpellsMatchSorted groups generated episodes (multi-episode
// spells) as generated, and shuffled with --spells unsorted under a memory
// budget that forces many partitions: the spells are the same.
func TestUnsortedSpellsMatchSorted(t *testing.T) {
	dir := t.TempDir()
	sorted := filepath.Join(dir, "sorted.csv")
	f, err := os.Create(sorted)
	require.NoError(t, err)
	w := bufio.NewWriter(f)
	cfg := synth.DefaultConfig()
	cfg.Episodes = 5000
	_, err = synth.Generate(context.Background(), w, cfg)
	require.NoError(t, err)
	require.NoError(t, w.Flush())
	require.NoError(t, f.Close())
	shuffled := filepath.Join(dir, "shuffled.csv")
	shuffledCopy(t, sorted, shuffled, 7)

	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	stA := runFiles(t, a, nil, sorted)
	tmp := filepath.Join(dir, "tmp")
	require.NoError(t, os.Mkdir(tmp, 0o755))
	stB := runFiles(t, b, func(c *Config) {
		c.SpellOrder, c.MemoryBudget, c.TempDir, c.BatchSize = SpellOrderUnsorted, 64<<10, tmp, 300
	}, shuffled)
	require.Equal(t, stA.Rows, stB.Rows)
	require.Equal(t, stA.Spells, stB.Spells)
	require.Greater(t, stA.Rows, stA.Spells, "the input has multi-episode spells")
	require.Equal(t, spellSignature(t, a), spellSignature(t, b))
	left, err := os.ReadDir(tmp)
	require.NoError(t, err)
	require.Empty(t, left, "the spell partitions are removed")

	require.Equal(t, "unsorted", stB.Files[0].SpellOrder)

	// By default (auto) the probe finds the shuffled file unsorted and the
	// generated one sorted.
	d := filepath.Join(dir, "d")
	stD := runFiles(t, d, func(c *Config) { c.TempDir = tmp }, shuffled)
	require.Equal(t, "unsorted", stD.Files[0].SpellOrder)
	require.Equal(t, spellSignature(t, a), spellSignature(t, d))
	require.Equal(t, "sorted", stA.Files[0].SpellOrder)

	// Read as sorted, the shuffled file's spells fall apart.
	c := filepath.Join(dir, "c")
	stC := runFiles(t, c, func(c *Config) { c.SpellOrder = SpellOrderSorted }, shuffled)
	require.Greater(t, stC.Spells, stA.Spells)
	require.Equal(t, "sorted", stC.Files[0].SpellOrder)
}

func TestQuoteField(t *testing.T) {
	for in, want := range map[string]string{"abc": "abc", "a,b": `"a,b"`, `a"b`: `"a""b"`, "a\nb": `"a b"`} {
		got := quoteField([]byte("x,"+in), 2)
		require.Equal(t, "x,"+want, string(got))
		var unq []byte
		fields, problem := splitCSV(got, nil, &unq)
		require.Empty(t, problem)
		require.Equal(t, strings.ReplaceAll(in, "\n", " "), string(bytes.TrimSpace(fields[1])))
	}
}

// TestUnsortedParquetAndFailureCleanup runs the Parquet fixture through the
// partitioned path (rows become CSV lines in the partitions) and checks it
// matches the streaming path; then a run that fails midway leaves no
// partition files behind.
func TestUnsortedParquetAndFailureCleanup(t *testing.T) {
	dir := t.TempDir()
	tmp := filepath.Join(dir, "tmp")
	require.NoError(t, os.Mkdir(tmp, 0o755))
	a := runFiles(t, filepath.Join(dir, "a"), nil, parquetFixture)
	b := runFiles(t, filepath.Join(dir, "b"), func(c *Config) {
		c.SpellOrder, c.MemoryBudget, c.TempDir = SpellOrderUnsorted, 32<<10, tmp
	}, parquetFixture)
	require.Equal(t, a.Rows, b.Rows)
	require.Equal(t, a.Spells, b.Spells)
	require.Equal(t, a.Findings, b.Findings)
	require.Equal(t, spellSignature(t, filepath.Join(dir, "a")), spellSignature(t, filepath.Join(dir, "b")))

	cfg := DefaultConfig()
	cfg.Inputs, cfg.OutDir = []string{hesFixture}, filepath.Join(dir, "c")
	cfg.SpellOrder, cfg.MemoryBudget, cfg.TempDir, cfg.BatchSize, cfg.failAfter = SpellOrderUnsorted, 32<<10, tmp, 100, 2
	_, err := Run(context.Background(), cfg)
	require.ErrorIs(t, err, errInjected)
	left, err := os.ReadDir(tmp)
	require.NoError(t, err)
	require.Empty(t, left, "partitions are removed when the run fails")
}
