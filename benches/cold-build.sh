#!/usr/bin/env bash
# How long `private-tracker-macros` and its dependencies take to build from clean,
# dev and release, each ROUNDS times in a fresh target directory (median).
#
#   bash benches/cold-build.sh
set -euo pipefail
ROUNDS=${ROUNDS:-3}
cd "$(dirname "$0")/.."
for profile in dev release; do
  times=()
  for ((r = 1; r <= ROUNDS; r++)); do
    dir=$(mktemp -d)
    start=$(date +%s.%N)
    CARGO_TARGET_DIR="$dir" cargo build -q -p private-tracker-macros --profile "$profile"
    end=$(date +%s.%N)
    times+=("$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')")
    rm -rf "$dir"
  done
  median=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "tracker-macros from clean, $profile: median ${median} s (runs: ${times[*]})"
done
echo
echo "Dependencies built: $(cargo tree -p private-tracker-macros -e normal --prefix none | sed 's| (\*)||' | sort -u | tr '\n' ' ')"
