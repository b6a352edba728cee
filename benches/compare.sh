#!/usr/bin/env bash
# Times whole builds of a real book with Quire beside its peers, in one run, and prints ratios.
#
#   benches/compare.sh [BOOK]      (default: ../shared/corpora/advanced-go-programming-book)
#
# - HTML: `publish build --format html` vs `mdbook build` (issue 3 goal: ≤ 1/3 of mdbook's time)
# - EPUB: `publish build --format epub` vs `pandoc` on the same chapters (issue 4 goal: ≥ 10× faster)
# - PDF:  `publish build --format pdf` vs calibre's `ebook-convert` from pandoc's EPUB, if present
#         (issue 5 goal: ≤ 2 s), and vs Typst (issue 18): each chapter converted by pandoc 3's
#         `typst` writer (PyPI's pypandoc-binary ships pandoc 3) beside its Markdown file in a copy
#         of the book, one main.typ including them in order, compiled by PyPI's `typst` package
#         (`typst.compile`, one Python process per run); conversion and compilation timed apart
# - all three formats at once vs `mdbook build` (HTML only) in the same run (issue 18 goal:
#   ≤ 2.5×), printed with PASS/FAIL
# Peers are installed on demand: mdbook with `cargo install`, pandoc and calibre with apt-get,
# pypandoc-binary and typst with pip (SKIP_TYPST=1 leaves Typst out, SKIP_CALIBRE=1 calibre).
# Each command runs RUNS times (default 5); the median wall time is used.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BOOK=$(realpath "${1:-../shared/corpora/advanced-go-programming-book}")
RUNS=${RUNS:-5}
WORK=$ROOT/target/bench-compare
rm -rf "$WORK"; mkdir -p "$WORK"

cargo build --release -q -p quire-cli --bin publish
PUBLISH=$ROOT/target/release/publish

need_apt() { command -v "$1" >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null; }; }
command -v mdbook >/dev/null || cargo install -q --locked mdbook
need_apt pandoc pandoc
need_apt /usr/bin/time time
[ "${SKIP_CALIBRE:-0}" = 1 ] || need_apt ebook-convert calibre || true

# median wall-clock seconds of running "$@" RUNS times
median() {
  local times=()
  for _ in $(seq "$RUNS"); do
    local s e
    s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N)
    times+=("$(awk -v a="$s" -v b="$e" 'BEGIN{print b-a}')")
  done
  printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

# An mdBook copy of the book (WaBook/GitBook books have no book.toml).
MD=$WORK/mdbook-src; cp -r "$BOOK" "$MD"
if [ ! -f "$MD/book.toml" ]; then
  printf '[book]\ntitle = "bench"\nsrc = "."\n[output.html]\n' > "$MD/book.toml"
fi

# The chapters in SUMMARY.md order, for pandoc.
SUMMARY="$BOOK/SUMMARY.md"; [ -f "$SUMMARY" ] || SUMMARY="$BOOK/src/SUMMARY.md"
SRCDIR=$(dirname "$SUMMARY")
mapfile -t CHAPTERS < <(grep -oE '\]\(([^)]+\.md)\)' "$SUMMARY" | sed -E 's/^\]\((.*)\)$/\1/' | while read -r f; do [ -f "$SRCDIR/$f" ] && echo "$SRCDIR/$f"; done)

echo "book: $BOOK ($(cat "${CHAPTERS[@]}" | wc -c) bytes of Markdown in ${#CHAPTERS[@]} chapters); median of $RUNS runs"
# Quire keeps highlighted code in <out>/.quire-cache between builds. "cold" is --no-cache
# (a first build, or a CI build from a clean clone); "warm" is every rebuild after the first.
q_html_cold=$(median "$PUBLISH" build "$BOOK" --format html --out "$WORK/q" --quiet --no-cache)
"$PUBLISH" build "$BOOK" --format html,epub --out "$WORK/q" --quiet >/dev/null 2>&1 || true
q_html=$(median "$PUBLISH" build "$BOOK" --format html --out "$WORK/q" --quiet)
m_html=$(median mdbook build "$MD" -d "$WORK/m")
q_epub_cold=$(median "$PUBLISH" build "$BOOK" --format epub --out "$WORK/q" --quiet --no-cache)
q_epub=$(median "$PUBLISH" build "$BOOK" --format epub --out "$WORK/q" --quiet)
p_epub=$(median pandoc --resource-path="$SRCDIR" -o "$WORK/p.epub" "${CHAPTERS[@]}")
q_pdf=$(median "$PUBLISH" build "$BOOK" --format pdf --out "$WORK/q" --quiet)
q_all=$(median "$PUBLISH" build "$BOOK" --format epub,pdf,html --out "$WORK/q" --quiet)

# Typst: convert once (timed), compile RUNS times. Images Typst cannot load (remote, missing, or a
# format it does not read) are replaced by their alt text, as a Typst user would have to.
t_convert=""; t_pdf=""
if [ "${SKIP_TYPST:-0}" != 1 ]; then
  python3 -c "import pypandoc, typst" 2>/dev/null || python3 -m pip install -q pypandoc-binary typst >/dev/null 2>&1 || true
  PANDOC3=$(python3 -c 'import pypandoc; print(pypandoc.get_pandoc_path())' 2>/dev/null || true)
  if [ -n "$PANDOC3" ] && python3 -c "import typst" 2>/dev/null; then
    TY=$WORK/typst-src; cp -r "$SRCDIR" "$TY"
    cat > "$WORK/typst-images.lua" <<'LUA'
function Image(el)
  local src = el.src
  local ext = (src:match('%.([%w]+)$') or ''):lower()
  local ok = ({png=1, jpg=1, jpeg=1, gif=1, svg=1, webp=1})[ext]
  if src:match('^%a[%w+.-]*:') or not ok then return el.caption end
  local f = io.open(src, 'rb')
  if not f then return el.caption end
  f:close()
  return el
end
LUA
    # Each chapter is a Typst file of its own with the definitions of pandoc's template (an
    # included file does not see the including file's definitions): the template up to its
    # document setup, then the body.
    "$PANDOC3" --print-default-template typst | sed '/^\$if(template)\$/,$d' > "$WORK/typst-chapter.typst"
    printf '\n$body$\n' >> "$WORK/typst-chapter.typst"
    convert_typst() {
      : > "$TY/main.md"
      for f in "${CHAPTERS[@]}"; do
        local rel=${f#"$SRCDIR"/}
        (cd "$TY/$(dirname "$rel")" && "$PANDOC3" -f gfm -t typst --template "$WORK/typst-chapter.typst" --lua-filter "$WORK/typst-images.lua" -o "$(basename "$rel" .md).typ" "$(basename "$rel")") 2>/dev/null || true
        # pandoc's writer leaves `#emph[x].cc` (Typst reads a field access): end the call first.
        perl -pi -e 's/(#(?:emph|strong|strike|underline|smallcaps|super|sub)\[[^\[\]]*\])(?=\.)/$1;/g' "$TY/${rel%.md}.typ" 2>/dev/null || true
        printf '```{=typst}\n#include "%s"\n#pagebreak(weak: true)\n```\n\n' "${rel%.md}.typ" >> "$TY/main.md"
      done
      "$PANDOC3" -s -f markdown -t typst -M title=bench -V lang=zh -V mainfont="Noto Serif CJK SC" -o "$TY/main.typ" "$TY/main.md"
    }
    s=$(date +%s.%N); convert_typst; e=$(date +%s.%N)
    t_convert=$(awk -v a="$s" -v b="$e" 'BEGIN{print b-a}')
    if python3 -c "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2], root=sys.argv[3])" "$TY/main.typ" "$WORK/t.pdf" "$TY" 2>"$WORK/typst.log"; then
      t_pdf=$(median python3 -c "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2], root=sys.argv[3])" "$TY/main.typ" "$WORK/t.pdf" "$TY")
    else
      echo "typst did not compile the converted book (left out): $(head -c 400 "$WORK/typst.log")"
    fi
  else
    echo "pypandoc-binary or typst could not be installed: Typst left out"
  fi
fi
printf '%-34s %8s s\n' "quire html (cold, --no-cache)" "$q_html_cold" "quire html (warm cache)" "$q_html" "mdbook html" "$m_html" \
  "quire epub (cold, --no-cache)" "$q_epub_cold" "quire epub (warm cache)" "$q_epub" "pandoc epub" "$p_epub" \
  "quire pdf" "$q_pdf" "quire epub+pdf+html (parallel)" "$q_all"
[ -n "$t_pdf" ] && printf '%-34s %8s s\n' "pandoc 3 md -> typst (1 run)" "$t_convert" "typst compile pdf" "$t_pdf"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.3f", a/b}'; }
echo "ratio html  quire/mdbook  = $(ratio "$q_html" "$m_html") warm, $(ratio "$q_html_cold" "$m_html") cold (goal <= 0.333)"
echo "ratio epub  pandoc/quire  = $(ratio "$p_epub" "$q_epub")x warm, $(ratio "$p_epub" "$q_epub_cold")x cold (goal >= 10x)"
if command -v ebook-convert >/dev/null && [ "${SKIP_CALIBRE:-0}" != 1 ]; then
  pandoc --resource-path="$SRCDIR" -o "$WORK/p.epub" "${CHAPTERS[@]}" 2>/dev/null || true
  c_pdf=$(RUNS=1 median env QTWEBENGINE_CHROMIUM_FLAGS=--no-sandbox ebook-convert "$WORK/p.epub" "$WORK/c.pdf")
  printf '%-34s %8s s\n' "calibre ebook-convert pdf (1 run)" "$c_pdf"
  echo "ratio pdf   calibre/quire = $(ratio "$c_pdf" "$q_pdf")x"
fi
[ -n "$t_pdf" ] && echo "ratio pdf   typst/quire   = $(ratio "$t_pdf" "$q_pdf")x (compile only; $(ratio "$(awk -v a="$t_pdf" -v b="$t_convert" 'BEGIN{print a+b}')" "$q_pdf")x with pandoc's conversion)"
# The 2.5x goal: mdbook (HTML) and Quire (all three formats) run alternately, so that both see
# the same load on a shared machine; medians of each.
alt_m=(); alt_q=()
for _ in $(seq "$RUNS"); do
  alt_m+=("$(RUNS=1 median mdbook build "$MD" -d "$WORK/m")")
  alt_q+=("$(RUNS=1 median "$PUBLISH" build "$BOOK" --format epub,pdf,html --out "$WORK/q" --quiet)")
done
med() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
m_alt=$(med "${alt_m[@]}"); q_alt=$(med "${alt_q[@]}")
all_ratio=$(ratio "$q_alt" "$m_alt")
echo "ratio all   quire epub+pdf+html / mdbook html = $all_ratio ($q_alt s / $m_alt s, run alternately; goal <= 2.5): $(awk -v r="$all_ratio" 'BEGIN{print (r <= 2.5) ? "PASS" : "FAIL"}')"
/usr/bin/time -f 'quire pdf peak RSS: %M KB' "$PUBLISH" build "$BOOK" --format pdf --out "$WORK/q" --quiet 2>&1 | tail -1 || true
