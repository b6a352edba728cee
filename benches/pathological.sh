#!/usr/bin/env bash
# Counts the instructions `publish build --format html,epub,pdf` spends on each pathological input
# of issue 11 (item 5) at size N and 2N, with valgrind's callgrind (exact counts, not wall time:
# stable on a noisy machine), and prints the ratio of the work above an empty book's:
#   ratio = (I(2N) - I(empty)) / (I(N) - I(empty))
# Linear work gives about 2, quadratic about 4. Exits 1 when a ratio is over MAX (default 2.5).
#
#   benches/pathological.sh [N]        (default N = 4000; cases: benches/pathological.py)
#   CASES="long-word backticks" benches/pathological.sh    (only these cases)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-4000}
MAX=${MAX:-2.5}
FORMATS=${FORMATS:-html,epub,pdf}
WORK=target/bench-books/pathological-callgrind
command -v valgrind >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null; }
cargo build --release -q -p quire-cli --bin publish
PUBLISH=$PWD/target/release/publish
rm -rf "$WORK"; mkdir -p "$WORK/empty"
python3 benches/pathological.py "$WORK/n" "$N"
python3 benches/pathological.py "$WORK/2n" "$((2 * N))"
printf 'x\n' > "$WORK/empty/a.md"

# Instructions of one build of book $1.
count() {
  local out; out=$(mktemp -d)
  valgrind --tool=callgrind --callgrind-out-file=/dev/null \
    "$PUBLISH" build "$1" -o "$out" --format "$FORMATS" --no-cache --quiet 2>&1 >/dev/null \
    | sed -n 's/.*Collected : \([0-9]*\).*/\1/p' | tail -n 1
  rm -rf "$out"
}

base=$(count "$WORK/empty")
printf '%-16s %16s %16s %7s\n' case "I(N=$N)" "I(2N)" ratio
fail=0
for dir in "$WORK"/n/*/; do
  case=$(basename "$dir")
  if [ -n "${CASES:-}" ] && ! grep -qw -- "$case" <<<"$CASES"; then continue; fi
  a=$(count "$WORK/n/$case"); b=$(count "$WORK/2n/$case")
  ratio=$(python3 -c "a,b,z=$a,$b,$base; print(f'{(b-z)/max(a-z,1):.2f}')")
  over=$(python3 -c "print(int($ratio > $MAX))")
  printf '%-16s %16s %16s %7s%s\n' "$case" "$a" "$b" "$ratio" "$([ "$over" = 1 ] && echo '  OVER')"
  [ "$over" = 1 ] && fail=1
done
echo "empty book: $base instructions; ratios over $MAX fail"
exit $fail
