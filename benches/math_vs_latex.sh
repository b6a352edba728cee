#!/usr/bin/env bash
# Sets the formulas of the math fixture (tests/pdf/math) with XeLaTeX and with Quire's math engine,
# both in Asana Math (unicode-math) over Noto Serif at 10 pt, and prints each formula's box (width
# × height+depth) on both sides, the ratios and the share within ±10% (issue 16's goal: ≥ 90%).
# XeLaTeX is installed on demand (Debian: texlive-xetex texlive-latex-recommended). Not part of
# the test suite.
#
#   benches/math_vs_latex.sh            (or: make math-vs-latex)
#
# Also writes one page per formula, target/math-vs-latex/latex.pdf, and page images of it and of
# the fixture's PDF (target/math-vs-latex/{latex,quire}-*.png) to compare by eye.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=$ROOT/target/math-vs-latex
rm -rf "$WORK"; mkdir -p "$WORK"

if ! command -v xelatex >/dev/null || ! kpsewhich unicode-math.sty >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends texlive-xetex texlive-latex-recommended >/dev/null
fi
command -v pdftoppm >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null

SRC=tests/pdf/math/src
python3 benches/math_formulas.py extract "$SRC/formulas.md" "$SRC/textbook.md" > "$WORK/formulas.tsv"
python3 benches/math_formulas.py tex "$WORK/formulas.tsv" "$ROOT/fonts" > "$WORK/latex.tex"
(cd "$WORK" && xelatex -interaction=nonstopmode -halt-on-error latex.tex >/dev/null) || { tail -30 "$WORK/latex.log"; exit 1; }

cargo run -q -p quire-suite --example math_boxes -- "$WORK/formulas.tsv" > "$WORK/quire.tsv"

python3 benches/math_formulas.py table "$WORK/latex.dims" "$WORK/quire.tsv" "$WORK/formulas.tsv" | tee "$WORK/table.txt"

# Page images: the LaTeX boxes one per page, and the fixture as Quire's PDF sets it.
pdftoppm -r 60 -png "$WORK/latex.pdf" "$WORK/latex" 2>/dev/null || true
cargo run -q -p quire-cli --bin publish -- build tests/pdf/math --format pdf --no-system-fonts --out "$WORK/quire" >/dev/null 2>&1 || true
PDF=$(find "$WORK/quire" -name '*.pdf' | head -1)
[ -n "$PDF" ] && pdftoppm -r 60 -png "$PDF" "$WORK/quire"
echo "table: $WORK/table.txt; page images: $WORK/{latex,quire}-*.png"
