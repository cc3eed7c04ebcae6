package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/hrgflow/hrgflow/schemas"
)

const dictFile = "../../data/hes_apc_metadata.json"

// TestGeneratedFileFresh regenerates domains_gen.go in memory and fails
// when the checked-in file differs: run `go generate ./pipeline/domains`.
func TestGeneratedFileFresh(t *testing.T) {
	src, err := os.ReadFile(dictFile)
	require.NoError(t, err)
	want, err := generate(src, "data/hes_apc_metadata.json", fields, overrides)
	require.NoError(t, err)
	got, err := os.ReadFile(filepath.Join("..", "..", "domains_gen.go"))
	require.NoError(t, err)
	require.Equal(t, string(want), string(got), "domains_gen.go is stale: run go generate ./pipeline/domains")
}

// dict builds a one-field dictionary extract with the given value lines.
func dict(t *testing.T, field string, lines ...string) []byte {
	t.Helper()
	b, err := json.Marshal([]entry{{Field: field, Name: "Test field", Format: "String(2)",
		Availability: "1989-90 onwards", Values: strings.Join(lines, "\r\n")}})
	require.NoError(t, err)
	return b
}

func TestUnreadableLinesFailNamingFieldAndLine(t *testing.T) {
	for _, tc := range []struct {
		name  string
		lines []string
		want  string
	}{
		{"prose", []string{"1 = One", "Some narrative text."}, `FOO line 2: not a code line`},
		{"bad annotation", []string{"1 = One", "2 = Two (available sometime in 2013)"}, `FOO line 2: unreadable date annotation`},
		{"bare years", []string{"84 = X (available between 1999 and 2006)"}, `FOO line 1: unreadable date annotation`},
		{"annotation not at end", []string{"312 = X (Retired 1 April 2010). Retained"}, `FOO line 1: date annotation (Retired 1 April 2010) is not at the end`},
		{"inconsistent year", []string{"1 = One (from 2013-15)"}, `FOO line 1: unreadable date annotation`},
		{"bad heading", []string{"From 2022/23 on:", "1 = One"}, `FOO line 1: period heading`},
		{"year in section heading", []string{"Codes used in 2022:", "1 = One"}, `FOO line 1: not a code line`},
		{"orphan continuation", []string{"", "- an example"}, `FOO line 2: continuation line without a code line`},
		{"mojibake left", []string{"1 = Caf\u00e9"}, `FOO line 1: unexpected character`},
		{"overlap", []string{"1 = One (from 2013-14)", "1 = Uno (retired in 2020-21)"}, `FOO: code 1 has overlapping periods`},
		{"empty under heading", []string{"From 2001-02 onwards:", "1 = One (retired in 2000-01)"}, `FOO line 2: period is empty`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := generate(dict(t, "FOO", tc.lines...), "dict.json", []string{"FOO"}, nil)
			require.ErrorContains(t, err, "dict.json: "+tc.want)
		})
	}
}

func TestMissingFieldAndStaleOverrideFail(t *testing.T) {
	src := dict(t, "FOO", "1 = One")
	_, err := generate(src, "dict.json", []string{"FOO", "BAR"}, nil)
	require.ErrorContains(t, err, "dict.json: BAR: field not in the dictionary")
	_, err = generate(src, "dict.json", []string{"FOO"}, []override{{"FOO", "2 - Two", "2 = Two"}})
	require.ErrorContains(t, err, `dict.json: FOO: override matches no line: "2 - Two"`)
	_, err = generate(src, "dict.json", []string{"FOO"}, []override{{"BAR", "1 - One", "1 = One"}})
	require.ErrorContains(t, err, `dict.json: BAR: override matches no line: "1 - One"`)
	_, err = generate(dict(t, "FOO", "1 = One (from 2013-15)", "2 - Two"), "dict.json", []string{"FOO"},
		[]override{{"FOO", "2 - Two", "2 = Two"}})
	require.ErrorContains(t, err, "FOO line 1: unreadable date annotation")
	require.NotContains(t, err.Error(), "override matches no line", "overrides after a failed line are not stale")
}

func TestOverrideRewritesAndDrops(t *testing.T) {
	src := dict(t, "FOO", "1 - One", "A note.", "2\u00c2\u00a0=  Two  (retired in 2022-23)")
	out, err := generate(src, "dict.json", []string{"FOO"}, []override{
		{"FOO", "1 - One", "1 = One"},
		{"FOO", "A note.", ""},
	})
	require.NoError(t, err)
	require.Contains(t, string(out), `{Value: "1", From: NoStart, To: NoEnd, Label: "One"}`)
	require.Contains(t, string(out), `{Value: "2", From: NoStart, To: 19083 /* 2022-04-01 */, Label: "Two"}`)
}

func TestAnnotations(t *testing.T) {
	d := schemas.DateOf
	for _, tc := range []struct {
		text, label string
		want        []period
	}{
		{"Planned (e.g. check cystoscopy)", "Planned (e.g. check cystoscopy)", nil},
		{"Other (available from 2013/14)", "Other", []period{{d(2013, 4, 1), noEnd}}},
		{"Penal (available from 2022-23)", "Penal", []period{{d(2022, 4, 1), noEnd}}},
		{"Court (retired in 2022-23)", "Court", []period{{noStart, d(2022, 4, 1)}}},
		{"Court (1999-00 to 2006-07)", "Court", []period{{d(1999, 4, 1), d(2007, 4, 1)}}},
		{"Court (1999-00 to 2006-07 and from 2022-23)", "Court",
			[]period{{d(1999, 4, 1), d(2007, 4, 1)}, {d(2022, 4, 1), noEnd}}},
		{"Vascular (Introduced 1 April 2021)", "Vascular", []period{{d(2021, 4, 1), noEnd}}},
		{"Pain (Retired 1 April 2004)", "Pain", []period{{noStart, d(2004, 4, 1)}}},
		{"Spinal (From April 2013)", "Spinal", []period{{d(2013, 4, 1), noEnd}}},
		{"Midwifery (From October 1995)", "Midwifery", []period{{d(1995, 10, 1), noEnd}}},
		{"Repatriation (from 1999-2000)", "Repatriation", []period{{d(1999, 4, 1), noEnd}}},
		{"Unfinished (until 2016-17)", "Unfinished", []period{{noStart, d(2017, 4, 1)}}},
		{"Foreign (from 1990-91 onwards)", "Foreign", []period{{d(1990, 4, 1), noEnd}}},
	} {
		label, got, err := splitAnnotation(tc.text)
		require.NoError(t, err, tc.text)
		require.Equal(t, tc.label, label, tc.text)
		require.Equal(t, tc.want, got, tc.text)
	}
}

func TestHeadings(t *testing.T) {
	d := schemas.DateOf
	for s, want := range map[string]period{
		"From 2022-23 onwards":    {d(2022, 4, 1), noEnd},
		"From 1995-96 to 2000-01": {d(1995, 4, 1), d(2001, 4, 1)},
		"Prior to April 1996":     {noStart, d(1996, 4, 1)},
	} {
		got, err := parseHeading(s)
		require.NoError(t, err, s)
		require.Equal(t, want, got, s)
	}
}

// TestUnknownCodes pins the code periods flagged as national "not known" or
// "not applicable" values (ETHNOS 99 has two periods), so a change in the
// label rule shows up here.
func TestUnknownCodes(t *testing.T) {
	src, err := os.ReadFile(dictFile)
	require.NoError(t, err)
	var entries []entry
	require.NoError(t, json.Unmarshal(src, &entries))
	got := map[string]string{}
	for _, e := range entries {
		if !slices.Contains(fields, e.Field) {
			continue
		}
		d, err := parseField(e, "dict.json", overrides, make([]bool, len(overrides)))
		require.NoError(t, err)
		var codes []string
		for _, c := range d.codes {
			if c.unknown {
				codes = append(codes, c.value)
			}
		}
		if len(codes) > 0 {
			got[e.Field] = strings.Join(codes, " ")
		}
	}
	require.Equal(t, map[string]string{
		"ADMIMETH": "98 99", "ADMINCAT": "98 99", "ADMINCATST": "98 99", "ADMISORC": "98 99",
		"CCG_RESPONSIBILITY_ORIGIN": "9", "CCG_TREATMENT_ORIGIN": "9", "CLASSPAT": "8 9",
		"DISDEST": "98 99", "DISMETH": "8 9", "ETHNOS": "9 X Z 99 99", "GORTREAT": "Y",
		"MAINSPEF": "&", "PCTORIG_HIS": "9", "RESGOR": "Y", "SEX": "0 X", "TRETSPEF": "&",
	}, got)
}
