#!/usr/bin/env python3
"""Writes the generated text book of benches/parse.rs (mixed Chinese/English Markdown, 50 KB
chapters of its CHAPTER template) at any size, for the whole-build benches of benches/large.sh.

    python3 benches/text_book.py OUT_DIR --mb 10
    python3 benches/text_book.py OUT_DIR --chapters 300      (300 chapters of 50 KB: benches/serve.py)

The template is read from benches/parse.rs, so both benches build the same book.
"""
import argparse
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--mb", type=float, default=1.0)
    ap.add_argument("--chapters", type=int, default=0, help="this many chapters instead of --mb")
    args = ap.parse_args()
    src = open(os.path.join(HERE, "parse.rs"), encoding="utf-8").read()
    chapter = re.search(r'const CHAPTER: &str = r#"(.*?)"#;', src, re.S).group(1)
    total = int(args.mb * 1_000_000)
    per_chapter = 50_000
    chapters = args.chapters if args.chapters > 0 else max(1, -(-total // per_chapter))
    os.makedirs(os.path.join(args.out, "src"), exist_ok=True)
    with open(os.path.join(args.out, "book.toml"), "w", encoding="utf-8") as f:
        f.write('[book]\ntitle = "生成的书"\nlanguage = "zh"\n')
    summary = ["# Summary\n\n"]
    for c in range(chapters):
        summary.append(f"- [第 {c} 章](chapter-{c}.md)\n")
        text = f"# 第 {c} 章\n\n"
        n = 0
        # parse.rs measures String::len, in UTF-8 bytes.
        size = len(text.encode("utf-8"))
        while size < per_chapter:
            piece = chapter.replace("sched-N", f"sched-{n}").replace("[^n]", f"[^n{n}]")
            text += piece
            size += len(piece.encode("utf-8"))
            n += 1
        with open(os.path.join(args.out, "src", f"chapter-{c}.md"), "w", encoding="utf-8") as f:
            f.write(text)
    with open(os.path.join(args.out, "src", "SUMMARY.md"), "w", encoding="utf-8") as f:
        f.write("".join(summary))


if __name__ == "__main__":
    main()
