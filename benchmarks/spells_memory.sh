#!/usr/bin/env bash
# Peak memory of `hrgflow run` on generated episodes, in input order and
# shuffled (--spells unsorted), for the sizes given (default 1M and 5M).
# Usage: benchmarks/spells_memory.sh [N...]   (needs bin/hrgflow: make build)
# Prints one line per run: episodes, order, wall seconds, peak RSS MiB.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${HRGFLOW_BIN:-bin/hrgflow}
work=${TMPDIR:-/tmp}/hrgflow-spells-memory
mkdir -p "$work"
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(1000000 5000000)
printf '%-10s %-9s %8s %10s\n' episodes order wall_s peak_MiB
for n in "${sizes[@]}"; do
  sorted=$work/gen-$n.csv
  shuffled=$work/gen-$n-shuffled.csv
  [[ -f $sorted ]] || $bin gen --episodes "$n" --seed 1 --out "$sorted" >/dev/null
  if [[ ! -f $shuffled ]]; then
    head -n 1 "$sorted" >"$shuffled"
    tail -n +2 "$sorted" | shuf --random-source=<(yes) >>"$shuffled"
  fi
  for order in sorted unsorted; do
    in=$sorted
    [[ $order == unsorted ]] && in=$shuffled
    /usr/bin/time -f '%e %M' -o "$work/time" $bin run --input "$in" --out "$work/out" --spells "$order" --temp-dir "$work" >/dev/null 2>&1
    read -r wall kb <"$work/time"
    printf '%-10s %-9s %8s %10d\n' "$n" "$order" "$wall" $((kb / 1024))
  done
done
rm -rf "$work/out"
