package pipeline

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestDefaultRDF(t *testing.T) {
	r := DefaultRDF()
	require.Len(t, r.Fields, 43)
	require.Equal(t, 43, r.Width())
	m := grouperColumnMap(r, false)
	require.Empty(t, m.ignored, "every default field maps to an episode field")
	require.Equal(t, "PROCODET", m.targets[0].name)
	require.Equal(t, "OPERTN_12", m.targets[39].name)
	require.Equal(t, "SPCDAYS", m.targets[42].name)
}

func TestMaxRDFOverflowsBeyondCapacity(t *testing.T) {
	f, err := os.Open("rdf/Max_OPCS_and_ICD10.rdf")
	require.NoError(t, err)
	defer f.Close()
	r, err := ParseRDF(f, "Max_OPCS_and_ICD10.rdf")
	require.NoError(t, err)
	require.Equal(t, 215, r.Width())
	m := grouperColumnMap(r, false)
	require.Equal(t, "DIAG_01", m.targets[14].name)
	require.Equal(t, ".", m.targets[14].strip)
	require.Equal(t, "DIAG_20", m.targets[33].name)
	require.True(t, m.targets[34].overflow, "DIAG_21")
	require.Equal(t, "OPERTN_24", m.targets[113+23].name)
	require.True(t, m.targets[113+24].overflow, "OPER_25")
	require.Equal(t, "SPCDAYS", m.targets[214].name)
}

func TestParseRDFErrorsNameFileAndLine(t *testing.T) {
	for text, want := range map[string]string{
		"TAB DELIMITED\n":                         "x.rdf:1: first line must be COMMA DELIMITED",
		"COMMA DELIMITED\nA,A,1,,,,\nB,B,x,,,,\n": "x.rdf:3: position: not a positive whole number",
		"COMMA DELIMITED\nA,A,1,,,,\nB,B,1,,,,\n": "x.rdf:3: position: position 1 is already mapped on line 2",
		"COMMA DELIMITED\nA,A\n":                  "x.rdf:2: has 2 comma-separated slots",
		"COMMA DELIMITED\n\n":                     "x.rdf:2: maps no fields",
	} {
		_, err := ParseRDF(strings.NewReader(text), "x.rdf")
		require.Error(t, err)
		require.Contains(t, err.Error(), want)
		var te *TableError
		require.True(t, errors.As(err, &te))
	}
}

func TestChooseColumnMap(t *testing.T) {
	rdf := DefaultRDF()
	m, err := chooseColumnMap([]string{"EPIKEY", "ADMIDATE", "DIAG_4_01"}, LayoutAuto, rdf)
	require.NoError(t, err)
	require.Equal(t, LayoutHES, m.layout)

	row := make([]string, 44)
	for i := range row {
		row[i] = "1"
	}
	m, err = chooseColumnMap(row, LayoutAuto, rdf)
	require.NoError(t, err)
	require.Equal(t, LayoutGrouper, m.layout)
	require.False(t, m.header)

	_, err = chooseColumnMap([]string{"a", "b"}, LayoutAuto, rdf)
	require.ErrorContains(t, err, "cannot tell the layout")
}
