#!/usr/bin/env bash
# The README's test command, N times in a row on a fresh clone, with the other core busy:
# how often it passes and how long it takes.
#
#   bench/suite.sh [RUNS] [--quiet-machine]
#
# RUNS defaults to 10. The clone and its venv are made once in a temporary folder of this
# user (not /tmp: the tests write session files); a busy loop keeps one core busy unless
# --quiet-machine is given. Prints one line per run and a summary.
set -u
runs=${1:-10}
busy=1
[ "${2:-}" = "--quiet-machine" ] && busy=0
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${XDG_CACHE_HOME:-$HOME/.cache}/beraad-suite.XXXXXX")
trap 'kill $hog 2>/dev/null; rm -rf "$work"' EXIT
git clone -q "$here" "$work/clone"
cd "$work/clone" || exit 1
python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]' || exit 1
hog=""
if [ $busy = 1 ]; then
  ( while :; do :; done ) &
  hog=$!
fi
passed=0
times=()
for n in $(seq 1 "$runs"); do
  start=$(date +%s.%N)
  if .venv/bin/pytest -q -p no:randomly > "$work/run-$n.log" 2>&1; then
    passed=$((passed + 1)); result=passed
  else
    result="FAILED ($(grep -cE '^(FAILED|ERROR)' "$work/run-$n.log") tests)"
    grep -E '^(FAILED|ERROR)' "$work/run-$n.log" | sed 's/^/    /'
  fi
  took=$(python3 -c "print(round($(date +%s.%N) - $start, 1))")
  times+=("$took")
  printf 'run %2d: %s in %.1f s (%s)\n' "$n" "$result" "$took" "$(tail -1 "$work/run-$n.log")"
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
median=$(printf '%s\n' "$sorted" | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}')
slowest=$(printf '%s\n' "$sorted" | tail -1)
echo "passed $passed of $runs; wall time median ${median} s, slowest ${slowest} s; other core busy: $([ $busy = 1 ] && echo yes || echo no)"
