package refdata

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestICD10(t *testing.T) {
	codes, err := ICD10()
	require.NoError(t, err)
	// The file has 16,312 selectable rows; two are not codes: the
	// "Block M30-M36" heading and UK Biobank's "I21X".
	require.Equal(t, 16_310, len(codes))
	byLen := map[int]int{}
	for _, c := range codes {
		byLen[len(c.Code)]++
	}
	require.Equal(t, map[int]int{3: 258, 4: 11_627, 5: 4_425}, byLen)
	require.Equal(t, Code{Code: "A000", Title: "Cholera due to Vibrio cholerae 01, biovar cholerae"}, codes[0])
	require.Equal(t, "Z999", codes[len(codes)-1].Code)
	require.Contains(t, codes, Code{Code: "I10", Title: "Essential (primary) hypertension"})
	require.Contains(t, codes, Code{Code: "M45X0", Title: "Ankylosing spondylitis (Multiple sites in spine)"})
	requireUnique(t, codes)
}

func TestICD10Nodes(t *testing.T) {
	nodes, err := ICD10Nodes()
	require.NoError(t, err)
	byLen := map[int]int{}
	for _, c := range nodes {
		byLen[len(c.Code)]++
	}
	// The file's non-selectable rows less its chapter and block rows.
	require.Equal(t, map[int]int{3: 1_802, 4: 757}, byLen)
	require.Equal(t, Code{Code: "A00", Title: "Cholera"}, nodes[0])
	require.Contains(t, nodes, Code{Code: "I21", Title: "Acute myocardial infarction"})
	require.Contains(t, nodes, Code{Code: "J960", Title: "Acute respiratory failure"})
	requireUnique(t, nodes)

	codes, err := ICD10()
	require.NoError(t, err)
	selectable := make(map[string]bool, len(codes))
	for _, c := range codes {
		selectable[c.Code] = true
	}
	for _, n := range nodes {
		require.False(t, selectable[n.Code], "%s both selectable and a node", n.Code)
	}
}

func TestOPCS4(t *testing.T) {
	codes, err := OPCS4()
	require.NoError(t, err)
	require.Equal(t, 9_697, len(codes))
	require.Equal(t, Code{Code: "A011", Title: "Hemispherectomy"}, codes[0])
	require.Equal(t, "Z999", codes[len(codes)-1].Code)
	for _, c := range codes {
		require.Len(t, c.Code, 4, c.Code)
	}
	requireUnique(t, codes)
}

func requireUnique(t *testing.T, codes []Code) {
	t.Helper()
	seen := make(map[string]bool, len(codes))
	for _, c := range codes {
		require.False(t, seen[c.Code], "duplicate %s", c.Code)
		seen[c.Code] = true
		require.NotEmpty(t, c.Title, c.Code)
		require.False(t, strings.HasPrefix(c.Title, c.Code[:3]), "title keeps its code: %q", c.Title)
	}
}

func TestTrusts(t *testing.T) {
	trusts, err := Trusts()
	require.NoError(t, err)
	// 218 trusts in the register, 6 of them closed.
	require.Equal(t, 212, len(trusts))
	require.Equal(t, Trust{Code: "R0A", Name: "Manchester University NHS Foundation Trust"}, trusts[0])
	require.Equal(t, "RYY", trusts[len(trusts)-1].Code)
	require.Contains(t, trusts, Trust{Code: "RCX", Name: "The Queen Elizabeth Hospital, King's Lynn, NHS Foundation Trust"})
	for _, tr := range trusts {
		require.Len(t, tr.Code, 3, tr.Code)
		require.NotEqual(t, "RW6", tr.Code, "closed trust returned")
	}
}

func TestPractices(t *testing.T) {
	ps, err := Practices()
	require.NoError(t, err)
	require.Equal(t, 6_708, len(ps))
	require.Equal(t, Practice{Code: "A81001", CCG: "16C"}, ps[0])
	require.Equal(t, Practice{Code: "Y06792", CCG: "52R"}, ps[len(ps)-1])
	for i, p := range ps {
		require.Len(t, p.Code, 6, p.Code)
		require.Len(t, p.CCG, 3, p.Code)
		if i > 0 {
			require.Less(t, ps[i-1].Code, p.Code)
		}
	}
}

func TestShared(t *testing.T) {
	a, err := ICD10()
	require.NoError(t, err)
	b, err := ICD10()
	require.NoError(t, err)
	require.Same(t, &a[0], &b[0], "ICD10 parsed twice")
}

func TestIsICD10(t *testing.T) {
	for s, want := range map[string]bool{
		"I10": true, "A000": true, "M8040": true, "M45X0": true,
		"I21X": false, "I10X": false, "Block M30-M36": false, "A00": true,
		"A0": false, "a000": false, "A00.0": false, "A00000": false, "AB00": false,
	} {
		require.Equal(t, want, isICD10(s), s)
	}
}
