#!/usr/bin/env bash
# Large books (issue 18), every bound printed with PASS/FAIL:
#  - text: all three formats of the generated text book (benches/parse.rs's template,
#    benches/text_book.py) at 1 MB and 10 MB, measured with /usr/bin/time -v: CPU time
#    (user+sys, steadier than wall time on a loaded machine) and wall time per MB of Markdown,
#    their ratio 10 MB / 1 MB (goal <= 1.15), and the peak RSS of the 10 MB build (goal <= 600 MB);
#  - images: benches/images.sh (the 100 MB and 400 MB image books: PDF alone, all three formats,
#    `--profile print`; peak RSS <= 300 MB, growth <= 1.2, the time ratios).
#
#   benches/large.sh        (RUNS=3 by default; SKIP_BUILD=1 uses target/release/publish as is;
#                            SIZES="1 10" by default; IMAGES=0 skips the image books, MBS is
#                            passed on to benches/images.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
RUNS=${RUNS:-3}
SIZES=${SIZES:-"1 10"}
WORK=$ROOT/target/bench-large
mkdir -p "$WORK"
[ "${SKIP_BUILD:-0}" = 1 ] || cargo build --release -q -p quire-cli --bin publish
PUBLISH=$ROOT/target/release/publish
command -v /usr/bin/time >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null; }
export SOURCE_DATE_EPOCH=1700000000

# "wall cpu KB" medians (max for KB) over RUNS runs of "$@".
measure() {
  local log=$WORK/time.log ws=() cs=() ms=()
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f '%e %U %S %M' -o "$log" "$@" >/dev/null 2>&1 || echo "failed: $*" >&2
    read -r w u s m < "$log"
    ws+=("$w"); cs+=("$(awk -v u="$u" -v s="$s" 'BEGIN{print u+s}')"); ms+=("$m")
  done
  med() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
  echo "$(med "${ws[@]}") $(med "${cs[@]}") $(printf '%s\n' "${ms[@]}" | sort -g | tail -1)"
}

declare -A WALL CPU MB
for size in $SIZES; do
  book=$WORK/text-$size
  [ -f "$book/src/SUMMARY.md" ] || python3 benches/text_book.py "$book" --mb "$size"
  mb=$(cat "$book"/src/*.md | wc -c | awk '{print $1/1e6}')
  read -r w c m < <(measure "$PUBLISH" build "$book" --format epub,pdf,html --out "$WORK/out-$size" --quiet --no-cache)
  WALL[$size]=$(awk -v a="$w" -v b="$mb" 'BEGIN{print a/b}')
  CPU[$size]=$(awk -v a="$c" -v b="$mb" 'BEGIN{print a/b}')
  MB[$size]=$m
  printf '%5s MB book (%.2f MB of Markdown): wall %6.2f s (%.3f s/MB), cpu %6.2f s (%.3f s/MB), peak RSS %d MB\n' \
    "$size" "$mb" "$w" "${WALL[$size]}" "$c" "${CPU[$size]}" "$((m / 1024))"
done
# "PASS" when $1 <= $2.
verdict() { awk -v a="$1" -v b="$2" 'BEGIN{print (a <= b) ? "PASS" : "FAIL"}'; }
if [ -n "${CPU[1]:-}" ] && [ -n "${CPU[10]:-}" ]; then
  cpu_ratio=$(awk -v a="${CPU[10]}" -v b="${CPU[1]}" 'BEGIN{printf "%.2f", a/b}')
  wall_ratio=$(awk -v a="${WALL[10]}" -v b="${WALL[1]}" 'BEGIN{printf "%.2f", a/b}')
  echo "ratio per MB 10 MB / 1 MB: cpu $cpu_ratio, wall $wall_ratio (goal <= 1.15): $(verdict "$cpu_ratio" 1.15)"
  echo "peak RSS 10 MB, all three formats: $((MB[10] / 1024)) MB (goal <= 600 MB): $(verdict "$((MB[10] / 1024))" 600)"
fi
if [ "${IMAGES:-1}" = 1 ]; then
  SKIP_BUILD=1 RUNS=$RUNS bash benches/images.sh
fi
