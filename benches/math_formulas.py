#!/usr/bin/env python3
"""Formulas of a Markdown book, one per line, for benches/math_vs_latex.sh.

    math_formulas.py extract CHAPTER.md...   > formulas.tsv   (index, D|T, TeX on one line)
    math_formulas.py tex formulas.tsv FONTDIR > formulas.tex  (XeLaTeX: one box per formula, its
                                                                width/height/depth in the log)
    math_formulas.py table latex.tsv quire.tsv                 (the comparison table)

Display formulas (`$$ … $$`) are measured in display style, inline ones (`$ … $`) in text style.
A `\\tag{…}` is left out on both sides (the engine sets it apart from the formula).
"""
import re
import sys


def extract(paths):
    n = 0
    for path in paths:
        src = open(path, encoding="utf-8").read()
        # Code spans and blocks hold no math.
        src = re.sub(r"```.*?```", "", src, flags=re.S)
        src = re.sub(r"`[^`\n]*`", "", src)
        pos = 0
        pat = re.compile(r"\$\$(.*?)\$\$|\$([^$\n]+?)\$", re.S)
        for m in pat.finditer(src):
            display = m.group(1) is not None
            tex = (m.group(1) if display else m.group(2)) or ""
            tex = re.sub(r"\\tag\*?\{[^}]*\}", "", tex)
            tex = " ".join(tex.split())
            if not tex:
                continue
            n += 1
            print(f"{n}\t{'D' if display else 'T'}\t{tex}")


TEX_HEAD = r"""\documentclass{article}
\usepackage{amsmath}
\usepackage{mathtools}
\usepackage{unicode-math}
\setmainfont{NotoSerif}[Path=%(fonts)s/, Extension=.ttf, UprightFont=*-Regular, BoldFont=*-Bold, ItalicFont=*-Italic, BoldItalicFont=*-BoldItalic]
\setsansfont{NotoSans}[Path=%(fonts)s/, Extension=.ttf, UprightFont=*-Regular, BoldFont=*-Bold]
\setmonofont{NotoSansMono}[Path=%(fonts)s/, Extension=.ttf, UprightFont=*-Regular, BoldFont=*-Bold]
\setmathfont{Asana-Math.otf}[Path=%(fonts)s/]
\pagestyle{empty}
\setlength{\parindent}{0pt}
\newsavebox\qbox
\newwrite\out
\immediate\openout\out=\jobname.dims
\newcommand\measure[3]{\sbox\qbox{#2}\immediate\write\out{#1\string\t#3\string\t\the\wd\qbox\string\t\the\ht\qbox\string\t\the\dp\qbox}\usebox\qbox\newpage}
\begin{document}
\fontsize{10}{12}\selectfont
"""


def tex(tsv, fonts):
    out = [TEX_HEAD % {"fonts": fonts}]
    for line in open(tsv, encoding="utf-8"):
        i, mode, body = line.rstrip("\n").split("\t", 2)
        style = r"\displaystyle " if mode == "D" else ""
        out.append(f"\\measure{{{i}}}{{${style}{body}$}}{{{mode}}}\n")
    out.append("\\immediate\\closeout\\out\n\\end{document}\n")
    sys.stdout.write("".join(out))


def read(path):
    """index → (mode, w, h+d) in points."""
    rows = {}
    for line in open(path, encoding="utf-8"):
        f = line.rstrip("\n").replace("\\t", "\t").split("\t")
        if len(f) < 5:
            continue
        pt = lambda s: float(s.replace("pt", ""))
        rows[f[0]] = (f[1], pt(f[2]), pt(f[3]) + pt(f[4]))
    return rows


def table(latex_path, quire_path, tsv):
    latex, quire = read(latex_path), read(quire_path)
    texs = {}
    for line in open(tsv, encoding="utf-8"):
        i, _, body = line.rstrip("\n").split("\t", 2)
        texs[i] = body
    ok = total = 0
    print(f"{'#':>3} {'':1} {'LaTeX w×h':>15} {'Quire w×h':>15} {'w ratio':>7} {'h ratio':>7} ok  formula")
    for i in sorted(latex, key=int):
        if i not in quire:
            continue
        m, lw, lh = latex[i]
        _, qw, qh = quire[i]
        rw = qw / lw if lw else 0.0
        rh = qh / lh if lh else 0.0
        good = abs(rw - 1) <= 0.10 and abs(rh - 1) <= 0.10
        total += 1
        ok += good
        f = texs.get(i, "")
        f = f if len(f) <= 60 else f[:59] + "…"
        print(f"{i:>3} {m} {lw:6.1f}×{lh:5.1f}pt {qw:6.1f}×{qh:5.1f}pt {rw:7.3f} {rh:7.3f} {'yes' if good else 'NO ':3} {f}")
    share = 100.0 * ok / total if total else 0.0
    print(f"\nwithin ±10% in width and height: {ok}/{total} = {share:.0f}%  (goal: ≥ 90%)")


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "extract":
        extract(args)
    elif cmd == "tex":
        tex(args[0], args[1])
    elif cmd == "table":
        table(args[0], args[1], args[2])
    else:
        sys.exit(__doc__)
