package grouper

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/hrgflow/hrgflow/schemas"
)

func icd(t testing.TB, s string) schemas.ICD10 {
	t.Helper()
	c, _, ok := schemas.NormalizeICD10(s)
	require.True(t, ok, s)
	return c
}

func opcs(t testing.TB, s string) schemas.OPCS4 {
	t.Helper()
	c, _, ok := schemas.NormalizeOPCS4(s)
	require.True(t, ok, s)
	return c
}
