package main

import (
	"os"
	"path/filepath"
	"testing"
)

// shared is the project's shared data folder, seen from this package.
const shared = "../../../../shared/data"

// TestCheckedInDesignIsCurrent regenerates the design twice and compares
// both runs with the checked-in folder: the generator is deterministic and
// grouper/designs/demo is up to date. It needs the shared data folder.
func TestCheckedInDesignIsCurrent(t *testing.T) {
	if _, err := os.Stat(shared); err != nil {
		t.Skipf("shared data folder %s not present", shared)
	}
	want := "../../designs/demo"
	for run := range 2 {
		dir := t.TempDir()
		in, err := readInputs(shared)
		if err != nil {
			t.Fatal(err)
		}
		d, err := build(in)
		if err != nil {
			t.Fatal(err)
		}
		if err := d.write(dir); err != nil {
			t.Fatal(err)
		}
		names, err := filepath.Glob(filepath.Join(dir, "*"))
		if err != nil || len(names) != 10 {
			t.Fatalf("run %d: wrote %d files (%v), want 10", run, len(names), err)
		}
		for _, name := range names {
			got, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			old, err := os.ReadFile(filepath.Join(want, filepath.Base(name)))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != string(old) {
				t.Errorf("run %d: %s differs from the checked-in file: run go generate ./grouper/designs", run, filepath.Base(name))
			}
		}
	}
}

// TestSplitPatterns checks the split-rule derivation on price shapes of
// the 2024/25 list.
func TestSplitPatterns(t *testing.T) {
	p := func(hrg string, el, ne int) price { return price{hrg: hrg, elective: el, nonE: ne} }
	cases := []struct {
		name string
		ps   []price
		want string
	}{
		{"single", []price{p("AA32Z", 279, 295)}, patternSingle},
		{"falling", []price{p("NZ30A", 2945, 2945), p("NZ30B", 2945, 2945), p("NZ30C", 2416, 2416)}, patternCC},
		{"second dearer", []price{p("CA13A", 156, 801), p("CA13B", 893, 998)}, patternAge},
		{"rising", []price{p("VA10A", 1, 1), p("VA10B", 2, 2), p("VA10C", 3, 3)}, patternReverseCC},
		{"series", []price{p("DZ09J", 9, 9), p("DZ09K", 5, 5), p("DZ09L", 6, 6), p("DZ09M", 4, 4)}, patternInterv},
	}
	for _, c := range cases {
		if got := pattern(c.ps); got != c.want {
			t.Errorf("%s: pattern %s, want %s", c.name, got, c.want)
		}
		rules := splitRules("ROOT", c.ps)
		last := rules[len(rules)-1]
		if last.ccMin != "" || last.ageMax != "" || last.interventionsMin != "" {
			t.Errorf("%s: last rule %+v has conditions", c.name, last)
		}
	}
}
