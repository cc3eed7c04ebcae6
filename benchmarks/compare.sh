#!/usr/bin/env bash
# hrgflow side by side with its peer and its floor, on the same generated CSV:
#   hrgflow   bin/hrgflow run (every dataset, default settings)
#   duckdb    benchmarks/peer/duckdb_peer.mjs (DuckDB, 2 threads, join-based grouping)
#   floor     benchmarks/floor --mode parquet (read, split, write the rows as strings)
#   split     benchmarks/floor --mode split (read and split only)
# Runs them alternately RUNS times (default 3), each timed on the wall clock
# with its process start-up, and prints the median episodes/s and peak RSS of
# each, and the ratios hrgflow/duckdb and hrgflow/floor.
#
# Usage: make bench-compare   (or benchmarks/compare.sh after make build interop-deps)
# Env:   RUNS (3), EPISODES (1000000); the input is generated once and kept in
#        benchmarks/.data/ (gitignored); outputs go to a temporary folder.
# Peak RSS comes from /usr/bin/time (Debian: apt-get install time); without it
# the column says n/a and wall times come from date.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
n=${EPISODES:-1000000}
data=benchmarks/.data
mkdir -p "$data"
in=$data/gen-$n-seed1.csv
[[ -x bin/hrgflow ]] || { echo "compare.sh: bin/hrgflow missing: run make build" >&2; exit 1; }
if [[ ! -f $in ]]; then
  bin/hrgflow gen --episodes "$n" --seed 1 --out "$in.tmp" >/dev/null
  mv "$in.tmp" "$in"
fi
go build -o "$data/floor" ./benchmarks/floor
work=$(mktemp -d "${TMPDIR:-/tmp}/hrgflow-compare.XXXXXX")
trap 'rm -rf "$work"' EXIT

have_time=0
[[ -x /usr/bin/time ]] && have_time=1

# measure NAME CMD...: runs CMD once, appends "wall_s rss_kib" to $work/NAME.
measure() {
  local name=$1
  shift
  rm -rf "$work/out"
  mkdir -p "$work/out"
  if ((have_time)); then
    /usr/bin/time -f '%e %M' -o "$work/time" "$@" >"$work/log" 2>&1 || { cat "$work/log" >&2; exit 1; }
    cat "$work/time" >>"$work/$name"
  else
    local t0 t1
    t0=$(date +%s.%N)
    "$@" >"$work/log" 2>&1 || { cat "$work/log" >&2; exit 1; }
    t1=$(date +%s.%N)
    awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a, 0}' >>"$work/$name"
  fi
}

engines=(hrgflow duckdb floor split)
for ((r = 1; r <= runs; r++)); do
  echo "run $r/$runs" >&2
  measure hrgflow bin/hrgflow run --input "$in" --out "$work/out"
  measure duckdb node benchmarks/peer/duckdb_peer.mjs --input "$in" --out "$work/out"
  measure floor "$data/floor" --mode parquet --input "$in" --out "$work/out/floor.parquet"
  measure split "$data/floor" --mode split --input "$in"
done

# median FILE COLUMN: the median of one column of a measurements file.
median() {
  awk -v c="$2" '{print $c}' "$1" | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

declare -A eps
printf '%d episodes (%s, %d bytes), %d runs each, medians; %s, %d CPUs\n' \
  "$n" "$in" "$(stat -c %s "$in")" "$runs" "$(uname -sr)" "$(nproc)"
printf '%-8s %9s %12s %13s   %s\n' engine wall_s episodes/s peak_RSS_MiB "all wall_s"
for e in "${engines[@]}"; do
  wall=$(median "$work/$e" 1)
  rss=$(median "$work/$e" 2)
  eps[$e]=$(awk -v n="$n" -v w="$wall" 'BEGIN {printf "%.0f", n / w}')
  mib=n/a
  ((have_time)) && mib=$(awk -v k="$rss" 'BEGIN {printf "%.0f", k / 1024}')
  printf '%-8s %9.2f %12s %13s   %s\n' "$e" "$wall" "${eps[$e]}" "$mib" "$(awk '{printf "%s ", $1}' "$work/$e")"
done
awk -v h="${eps[hrgflow]}" -v d="${eps[duckdb]}" -v f="${eps[floor]}" -v s="${eps[split]}" 'BEGIN {
  printf "hrgflow / duckdb = %.2f (target >= 1.5)\n", h / d
  printf "hrgflow / floor  = %.2f (floor: read, split, write the rows to Parquet)\n", h / f
  printf "hrgflow / split  = %.2f (read and split only)\n", h / s
}'
