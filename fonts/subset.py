#!/usr/bin/env python3
"""Regenerates the fonts Quire ships in fonts/ from the Debian Noto packages.

Usage (from the repository root):

    apt-get install -y fonts-noto-cjk fonts-noto-core fonts-noto-mono
    pip install 'fonttools>=4.40'
    python3 fonts/subset.py            # writes fonts/*.ttf, fonts/*.otf, fonts/charset.txt

Character set: every character of the shared corpora (../shared/corpora, all text files) and
of manuscript/, plus GB 2312, ASCII, Latin-1, Latin Extended-A, General Punctuation, CJK
Symbols and Punctuation, Halfwidth and Fullwidth Forms, arrows and geometric shapes (list
markers). Layout features kept: see FEATURES. Hinting is dropped (PDF viewers do not need it).
The output is deterministic for the same inputs (no timestamps are rewritten: fontTools keeps
the source head.modified when recalcTimestamp is off).
"""

import glob
import os
import shutil
import sys

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "fonts")
NOTO = "/usr/share/fonts/truetype/noto"
CJK = "/usr/share/fonts/opentype/noto"

# (output file, source file, face family name inside a collection or None)
# Faces copied whole: the math face's MATH table (size variants, assemblies of stretchy
# delimiters and radicals) and its math alphabets are glyphs no character of the text reaches.
WHOLE = {"Asana-Math.otf"}

FACES = [
    ("NotoSerif-Regular.ttf", f"{NOTO}/NotoSerif-Regular.ttf", None),
    ("NotoSerif-Bold.ttf", f"{NOTO}/NotoSerif-Bold.ttf", None),
    ("NotoSerif-Italic.ttf", f"{NOTO}/NotoSerif-Italic.ttf", None),
    ("NotoSerif-BoldItalic.ttf", f"{NOTO}/NotoSerif-BoldItalic.ttf", None),
    ("NotoSans-Regular.ttf", f"{NOTO}/NotoSans-Regular.ttf", None),
    ("NotoSans-Bold.ttf", f"{NOTO}/NotoSans-Bold.ttf", None),
    ("NotoSansMono-Regular.ttf", f"{NOTO}/NotoSansMono-Regular.ttf", None),
    ("NotoSansMono-Bold.ttf", f"{NOTO}/NotoSansMono-Bold.ttf", None),
    ("NotoSansSymbols2-Regular.ttf", f"{NOTO}/NotoSansSymbols2-Regular.ttf", None),
    ("NotoSansMath-Regular.ttf", f"{NOTO}/NotoSansMath-Regular.ttf", None),
    # apt-get install fonts-oflb-asana-math
    ("Asana-Math.otf", "/usr/share/fonts/opentype/asana-math/Asana-Math.otf", None),
    ("NotoSerifCJKsc-Regular.otf", f"{CJK}/NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC"),
    ("NotoSerifCJKsc-Bold.otf", f"{CJK}/NotoSerifCJK-Bold.ttc", "Noto Serif CJK SC"),
    ("NotoSansCJKsc-Regular.otf", f"{CJK}/NotoSansCJK-Regular.ttc", "Noto Sans CJK SC"),
    ("NotoSansCJKsc-Bold.otf", f"{CJK}/NotoSansCJK-Bold.ttc", "Noto Sans CJK SC"),
]

# OpenType layout features the typesetter may use.
FEATURES = [
    "kern", "liga", "clig", "calt", "ccmp", "locl", "mark", "mkmk",  # Latin
    "halt", "palt", "vhal", "vpal", "vert", "vrt2", "fwid", "hwid", "pwid",  # CJK spacing
]

RANGES = [
    (0x20, 0x7E),  # ASCII
    (0xA0, 0xFF),  # Latin-1
    (0x100, 0x17F),  # Latin Extended-A
    (0x2000, 0x206F),  # General Punctuation
    (0x0370, 0x03FF),  # Greek (math)
    (0x2100, 0x214F),  # Letterlike Symbols
    (0x2190, 0x21FF),  # Arrows
    (0x2200, 0x22FF),  # Mathematical Operators
    (0x2300, 0x23FF),  # Miscellaneous Technical
    (0x2500, 0x257F),  # Box Drawing (code)
    (0x25A0, 0x25FF),  # Geometric Shapes (list markers)
    (0x2600, 0x26FF),  # Miscellaneous Symbols (task-list boxes)
    (0x2700, 0x27BF),  # Dingbats (check marks)
    (0x27E8, 0x27EF),  # mathematical brackets
    (0x2A00, 0x2AFF),  # Supplemental Mathematical Operators
    (0x3000, 0x303F),  # CJK Symbols and Punctuation
    (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms
    (0xFFFD, 0xFFFD),  # replacement character
]


def gb2312():
    """Every character of GB 2312."""
    out = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                out.update(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return out


def text_chars(folder):
    """Every character of the UTF-8 text files under folder."""
    out = set()
    for path in sorted(glob.glob(os.path.join(folder, "**", "*"), recursive=True)):
        if not os.path.isfile(path) or os.path.getsize(path) > 4_000_000:
            continue
        try:
            with open(path, encoding="utf-8") as f:
                out.update(f.read())
        except (UnicodeDecodeError, OSError):
            pass
    return out


def charset():
    chars = set()
    for folder in [os.path.join(ROOT, "..", "shared", "corpora"), os.path.join(ROOT, "manuscript")]:
        if os.path.isdir(folder):
            chars |= text_chars(folder)
        else:
            print(f"note: {folder} is absent; its characters are not added", file=sys.stderr)
    chars |= gb2312()
    for lo, hi in RANGES:
        chars.update(chr(c) for c in range(lo, hi + 1))
    return sorted(ord(c) for c in chars if ord(c) >= 0x20 and not 0xD800 <= ord(c) <= 0xDFFF)


def load_face(src, family):
    if family is None:
        return TTFont(src, recalcTimestamp=False)
    for face in TTCollection(src, recalcTimestamp=False).fonts:
        if face["name"].getDebugName(1) == family:
            return face
    raise SystemExit(f"{src}: no face named {family!r}")


def main():
    codepoints = charset()
    with open(os.path.join(OUT, "charset.txt"), "w", encoding="utf-8") as f:
        f.write("".join(chr(c) for c in codepoints if c > 0x7F))
        f.write("\n")
    opts = subset.Options()
    opts.layout_features = FEATURES
    opts.hinting = False
    opts.desubroutinize = False
    opts.name_IDs = ["*"]
    opts.name_languages = [0x409]
    opts.notdef_outline = True
    opts.recalc_timestamp = False
    opts.drop_tables += ["DSIG"]
    for out, src, family in FACES:
        if out in WHOLE:
            shutil.copyfile(src, os.path.join(OUT, out))
            print(f"{out}: kept whole")
            continue
        font = load_face(src, family)
        sub = subset.Subsetter(opts)
        sub.populate(unicodes=codepoints)
        sub.subset(font)
        path = os.path.join(OUT, out)
        font.save(path, reorderTables=True)
        print(f"{out}: {os.path.getsize(path) / 1024:.0f} KiB, {len(font.getGlyphOrder())} glyphs")


if __name__ == "__main__":
    main()
