package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/hrgflow/hrgflow/pipeline/validate"
)

// TestDocFresh fails when docs/validation.md no longer matches the
// catalogue: run `go generate ./pipeline/validate`.
func TestDocFresh(t *testing.T) {
	got, err := os.ReadFile(filepath.Join("..", "..", "..", "..", "docs", "validation.md"))
	require.NoError(t, err)
	require.Equal(t, string(render(validate.Rules())), string(got), "docs/validation.md is stale: run go generate ./pipeline/validate")
}

// TestEveryRuleDocumented checks that every rule falls in a section.
func TestEveryRuleDocumented(t *testing.T) {
	doc := string(render(validate.Rules()))
	for _, r := range validate.Rules() {
		require.Contains(t, doc, "| "+r.Code+" |", r.Code)
		require.True(t, strings.ContainsAny(r.Code[:1], "PDOTSAFG"), r.Code)
	}
}
