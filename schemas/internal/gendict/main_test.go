package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/hrgflow/hrgflow/schemas"
)

// TestGeneratedFilesFresh fails when slots_gen.go or docs/data-dictionary.md
// no longer match the dictionary: run `go generate ./schemas`.
func TestGeneratedFilesFresh(t *testing.T) {
	slots, err := renderSlots(schemas.Dictionary())
	require.NoError(t, err)
	for path, want := range map[string][]byte{
		filepath.Join("..", "..", "slots_gen.go"):                     slots,
		filepath.Join("..", "..", "..", "docs", "data-dictionary.md"): renderDataDictionary(schemas.Dictionary()),
		filepath.Join("..", "..", "..", "docs", "outputs.md"):         renderOutputs(),
	} {
		got, err := os.ReadFile(path)
		require.NoError(t, err)
		require.Equal(t, string(want), string(got), "%s is stale: run go generate ./schemas", path)
	}
}
