#!/usr/bin/env bash
# Image-heavy and large books (issue 18): time and peak memory of whole builds, with the ratios
# and bounds the issue sets, printed in one run.
#
#   benches/images.sh            (100 MB and 400 MB of images; MBS="100" for one size)
#
# For each size, benches/image_book.py writes a deterministic book (1,000 chapters of Chinese and
# Latin text, 400 images mixing JPEG, opaque PNG, PNG with alpha, SVG and GIF) and the same book
# without its images. Measured with /usr/bin/time -v (wall time, peak RSS), median of RUNS runs
# (default 3) for the times:
#   floor   = time to `cat` the image files (warm page cache) + the text-only PDF build
#   pdf     = `publish --format pdf`            goal: pdf / floor <= 3
#   all     = `publish --format epub,pdf,html`  goal: all / slowest single format <= 1.3
#   print   = `--profile print` PDF             goal: print / pdf <= 2, same memory bound
#   memory  = peak RSS of pdf and of all        goal: <= 300 MB at 100 MB of images, and the
#             400 MB book within 20% of that.
# Needs Pillow for the generator (installed with pip on demand).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
RUNS=${RUNS:-3}
MBS=${MBS:-"100 400"}
WORK=$ROOT/target/bench-images
mkdir -p "$WORK"
[ "${SKIP_BUILD:-0}" = 1 ] || cargo build --release -q -p quire-cli --bin publish
PUBLISH=$ROOT/target/release/publish
python3 -c 'import PIL' 2>/dev/null || pip install -q pillow
command -v /usr/bin/time >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null; }

# "seconds KB" of one run of "$@" (wall time and peak RSS).
measure() {
  local log=$WORK/time.log
  /usr/bin/time -f '%e %M' -o "$log" "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; }
  cat "$log"
}
# median wall seconds and max peak RSS over RUNS runs: "seconds KB".
median() {
  local ts=() ms=()
  for _ in $(seq "$RUNS"); do
    read -r t m < <(measure "$@")
    ts+=("$t"); ms+=("$m")
  done
  local t m
  t=$(printf '%s\n' "${ts[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  m=$(printf '%s\n' "${ms[@]}" | sort -g | tail -1)
  echo "$t $m"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", a/b}'; }
# "PASS" when $1 <= $2.
verdict() { awk -v a="$1" -v b="$2" 'BEGIN{print (a <= b) ? "PASS" : "FAIL"}'; }
mb() { awk -v k="$1" 'BEGIN{printf "%.0f", k/1024}'; }

declare -A PDF_RSS ALL_RSS
for size in $MBS; do
  book=$WORK/book-$size text=$WORK/text-$size
  [ -f "$book/src/SUMMARY.md" ] || python3 benches/image_book.py "$book" --mb "$size"
  [ -f "$text/src/SUMMARY.md" ] || python3 benches/image_book.py "$text" --mb "$size" --no-images
  bytes=$(cat "$book"/src/img/* | wc -c)
  out=$WORK/out-$size
  cat "$book"/src/img/* >/dev/null
  read -r cat_t _ < <(median sh -c "cat '$book'/src/img/* >/dev/null")
  read -r text_t _ < <(median "$PUBLISH" build "$text" --format pdf --out "$out-text" --quiet --no-cache)
  read -r pdf_t pdf_m < <(median "$PUBLISH" build "$book" --format pdf --out "$out" --quiet --no-cache)
  read -r epub_t epub_m < <(median "$PUBLISH" build "$book" --format epub --out "$out" --quiet --no-cache)
  read -r html_t html_m < <(median "$PUBLISH" build "$book" --format html --out "$out" --quiet --no-cache)
  read -r all_t all_m < <(median "$PUBLISH" build "$book" --format epub,pdf,html --out "$out" --quiet --no-cache)
  read -r print_t print_m < <(median "$PUBLISH" build "$book" --format pdf --profile print --out "$out-print" --quiet --no-cache)
  PDF_RSS[$size]=$pdf_m; ALL_RSS[$size]=$all_m
  slowest=$(printf '%s\n' "$pdf_t" "$epub_t" "$html_t" | sort -g | tail -1)
  floor=$(awk -v a="$cat_t" -v b="$text_t" 'BEGIN{print a+b}')
  echo "== $size MB book: $(awk -v b="$bytes" 'BEGIN{printf "%.1f", b/1e6}') MB in $(ls "$book"/src/img | wc -l) images, median of $RUNS runs"
  printf '  %-28s %7s s %6s MB\n' "cat images" "$cat_t" "-" "text-only pdf" "$text_t" "-" \
    "pdf" "$pdf_t" "$(mb "$pdf_m")" "epub" "$epub_t" "$(mb "$epub_m")" "html" "$html_t" "$(mb "$html_m")" \
    "epub+pdf+html" "$all_t" "$(mb "$all_m")" "pdf --profile print" "$print_t" "$(mb "$print_m")"
  r=$(ratio "$pdf_t" "$floor"); echo "  ratio pdf / (cat + text-only pdf) = $r (goal <= 3): $(verdict "$r" 3)"
  r=$(ratio "$all_t" "$slowest"); echo "  ratio all three / slowest alone   = $r (goal <= 1.3): $(verdict "$r" 1.3)"
  r=$(ratio "$print_t" "$pdf_t"); echo "  ratio print / screen pdf          = $r (goal <= 2): $(verdict "$r" 2)"
  if [ "$size" = 100 ]; then
    for what in "pdf $pdf_m" "all-three $all_m" "print $print_m"; do
      set -- $what
      echo "  peak RSS $1: $(mb "$2") MB (goal <= 300 MB): $(verdict "$(mb "$2")" 300)"
    done
  else
    echo "  peak RSS pdf $(mb "$pdf_m") MB, all three $(mb "$all_m") MB, print $(mb "$print_m") MB"
  fi
done
if [ -n "${PDF_RSS[100]:-}" ] && [ -n "${PDF_RSS[400]:-}" ]; then
  r=$(ratio "${PDF_RSS[400]}" "${PDF_RSS[100]}"); echo "== growth 100 MB -> 400 MB of images: pdf RSS x$r (goal <= 1.2): $(verdict "$r" 1.2)"
  r=$(ratio "${ALL_RSS[400]}" "${ALL_RSS[100]}"); echo "   all three RSS x$r (goal <= 1.2): $(verdict "$r" 1.2)"
fi
