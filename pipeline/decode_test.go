package pipeline

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/hrgflow/hrgflow/pipeline/validate"
	"github.com/hrgflow/hrgflow/schemas"
)

func TestParseInt(t *testing.T) {
	for in, want := range map[string]int32{"0": 0, "42": 42, "-3": -3, "+7": 7, "2.0": 2, "5.00": 5, "": schemas.NullInt, "7001": 7001, "2147483647": 2147483647} {
		got, ok := parseInt([]byte(in))
		require.True(t, ok, in)
		require.Equal(t, want, got, in)
	}
	for _, in := range []string{"abc", "3.5", "1e3", "-", "2147483648", "-2147483648", "12345678901", "1 2"} {
		_, ok := parseInt([]byte(in))
		require.False(t, ok, in)
	}
}

func TestParseDate(t *testing.T) {
	for in, want := range map[string]string{
		"2024-04-01": "2024-04-01", "20240401": "2024-04-01", "01/04/2024": "2024-04-01",
		"2024-02-29": "2024-02-29", "2024-04-01 00:00:00": "2024-04-01", "2024-04-01T13:00:00Z": "2024-04-01",
		"1970-01-01": "1970-01-01", "1899-12-31": "1899-12-31",
		"": "null", "1800-01-01": "null",
	} {
		got, ok := parseDate([]byte(in))
		require.True(t, ok, in)
		require.Equal(t, want, got.String(), in)
	}
	for _, in := range []string{"1801-01-01", "18010101"} {
		got, ok := parseDate([]byte(in))
		require.True(t, ok, in)
		require.Equal(t, invalidSubmitted, got, in)
	}
	for _, in := range []string{"2023-02-29", "2024-13-01", "2024-04-31", "2024-4-1", "abc", "2024/04/01", "00000000"} {
		_, ok := parseDate([]byte(in))
		require.False(t, ok, in)
	}
}

func TestDecodeRowReportsEveryProblem(t *testing.T) {
	m, err := hesColumnMap([]string{"EPIKEY", "EPIDUR", "ADMIDATE", "DIAG_4_01", "ELECDATE"})
	require.NoError(t, err)
	var findings []validate.Finding
	d := rowDecoder{findings: &findings, episode: 7}
	var e schemas.Episode
	e.Reset()
	var arena []byte
	fields := [][]byte{[]byte("123"), []byte("x9"), []byte("2024-99-01"), []byte(" I10X "), []byte("1801-01-01")}
	d.decodeRow(&e, m, fields, true, &arena)
	f := func(name string) uint16 { x, _ := schemas.Lookup(name); return uint16(x.Index) }
	require.Equal(t, []validate.Finding{
		{Episode: 7, Rule: validate.RuleQuoting, Field: validate.NoField},
		{Episode: 7, Rule: validate.RuleNotNumber, Field: f("EPIDUR")},
		{Episode: 7, Rule: validate.RuleNotDate, Field: f("ADMIDATE")},
		{Episode: 7, Rule: validate.RuleDateInvalidSubmitted, Field: f("ELECDATE")},
	}, findings)
	require.Equal(t, "I10X", e.Diag(1))
	require.Equal(t, schemas.NullInt, e.Int[schemas.EPIDUR])
	require.Equal(t, schemas.NullDate, e.Date[schemas.ELECDATE])

	findings = findings[:0]
	d.decodeRow(&e, m, fields[:3], false, &arena)
	require.Equal(t, validate.RuleFieldCount, findings[0].Rule)
}

func TestHESColumnMapPrefersFullCodes(t *testing.T) {
	m, err := hesColumnMap([]string{"DIAG_4_01", "DIAG_01", "OPER_01", "OPERTN_4_01", "NOT_A_FIELD"})
	require.NoError(t, err)
	require.True(t, m.targets[0].skip)
	require.Equal(t, "DIAG_01", m.targets[1].name)
	require.True(t, m.targets[2].skip, "OPERTN_4_01 outranks OPER_01")
	require.Equal(t, "OPERTN_01", m.targets[3].name)
	require.ElementsMatch(t, []string{"DIAG_4_01", "OPER_01", "NOT_A_FIELD"}, m.ignored)
}

func FuzzParseDateAndInt(f *testing.F) {
	for _, s := range []string{"2024-04-01", "20240401", "01/04/2024", "2.0", "-7", "1801-01-01", "9999-99-99T"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if d, ok := parseDate([]byte(s)); ok && d.Valid() && d != invalidSubmitted {
			y, m, dd := d.Civil()
			require.Equal(t, d, schemas.DateOf(y, m, dd))
		}
		if n, ok := parseInt([]byte(s)); ok && s != "" {
			require.NotEqual(t, schemas.NullInt, n, "parsed %q", s) // NullInt only for empty input
		}
	})
}
