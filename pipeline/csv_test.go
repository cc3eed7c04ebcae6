package pipeline

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSplitCSV(t *testing.T) {
	cases := []struct {
		line    string
		want    []string
		problem string
	}{
		{"a,b,c", []string{"a", "b", "c"}, ""},
		{"", []string{""}, ""},
		{"a,,", []string{"a", "", ""}, ""},
		{`"F321,Z370",x`, []string{"F321,Z370", "x"}, ""},
		{`"say ""hi""",2`, []string{`say "hi"`, "2"}, ""},
		{`"",x`, []string{"", "x"}, ""},
		{`a,"b`, []string{"a", "b"}, "broken quoting: a quoted field is not closed before the end of the line"},
		{`a,"b"c,d`, []string{"a", "b", "d"}, "broken quoting: text after a closing quote"},
		{`a,b"c,d`, []string{"a", `b"c`, "d"}, "broken quoting: a quote inside an unquoted field"},
		{`"a""`, []string{`a"`}, "broken quoting: a quoted field is not closed before the end of the line"},
	}
	for _, c := range cases {
		var unq []byte
		fields, problem := splitCSV([]byte(c.line), nil, &unq)
		got := make([]string, len(fields))
		for i, f := range fields {
			got[i] = string(f)
		}
		require.Equal(t, c.want, got, "line %q", c.line)
		require.Equal(t, c.problem, problem, "line %q", c.line)
	}
}

func FuzzSplitCSV(f *testing.F) {
	for _, s := range []string{"a,b", `"a,b",c`, `"a""b"`, `a"b`, `"a`, ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		var unq, unq2 []byte
		fields, problem := splitCSV([]byte(line), [][]byte{[]byte("pre")}, &unq)
		require.Greater(t, len(fields), 1)
		require.Equal(t, "pre", string(fields[0]), "fields already in dst are kept")
		var got []string
		for _, f := range fields[1:] {
			got = append(got, string(f))
		}
		if !strings.Contains(line, `"`) {
			require.Equal(t, strings.Split(line, ","), got, "an unquoted line splits at every comma")
			require.Empty(t, problem)
			return
		}
		// A quoted line: quoting each field again and splitting gives the
		// same fields back.
		var joined []byte
		for i, f := range fields[1:] {
			if i > 0 {
				joined = append(joined, ',')
			}
			joined = quoteField(append(joined, f...), len(joined))
		}
		again, _ := splitCSV(joined, nil, &unq2)
		var back []string
		for _, f := range again {
			back = append(back, string(f))
		}
		if !strings.ContainsAny(line, "\r\n") { // quoteField turns line breaks into spaces
			require.Equal(t, got, back, "fields quoted again split back the same")
		}
	})
}

// TestSplitCSVPrefix checks that the first n fields are those splitCSV
// gives, for plain, short and quoted lines.
func TestSplitCSVPrefix(t *testing.T) {
	for _, line := range []string{"a,b,c,d,e", "a,b", "", "a,\"b,x\",c,d", ",,,,", "x"} {
		var unq1, unq2 []byte
		all, _ := splitCSV([]byte(line), nil, &unq1)
		for n := 0; n <= 6; n++ {
			got := splitCSVPrefix([]byte(line), n, nil, &unq2)
			want := all[:min(n, len(all))]
			require.GreaterOrEqual(t, len(got), len(want), "%q n=%d", line, n)
			for i := range want {
				require.Equal(t, string(want[i]), string(got[i]), "%q n=%d field %d", line, n, i)
			}
		}
	}
}
