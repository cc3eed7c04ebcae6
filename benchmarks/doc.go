// Package benchmarks holds hrgflow's end-to-end benchmarks and the peer
// comparisons that keep its performance claims honest. It sits beside the
// pipeline, not in it: nothing imports it.
//
// Benchmarks generate their input deterministically with package synth and
// measure hrgflow next to a yardstick in the same run (parsing the same CSV
// with encoding/csv and doing nothing else; and, in compare.sh, the DuckDB
// peer of peer/ and the bare floor of floor/), so the figures are
// reported as ratios that survive a change of machine. README.md records the
// latest figures and the commands that reproduce them.
package benchmarks
