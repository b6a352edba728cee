#!/usr/bin/env python3
"""Writes the pathological books of issue 11 item 5, each at a size N, as plain-folder books.

    benches/pathological.py OUT_DIR N        # OUT_DIR/<case>/ for every case, scaled by N

Used by `benches/pathological.sh` (instruction counts at N and 2N) and the criterion bench
`benches/pathological.rs` mirrors the same cases in-process.
"""
import os
import sys


def cases(n):
    """name -> {relative path: text}. Each grows linearly with n."""
    return {
        # Math: balanced groups nested and in sequence.
        "math-nested": {"a.md": "$" + "{" * n + "x" + "}" * n + "$\n"},
        "math-seq": {"a.md": "$$\n" + "{x}" * n + "\n$$\n"},
        # Raw HTML: nested <div>s, and a flat run of them.
        "divs-nested": {"a.md": "<div>" * n + "x" + "</div>" * n + "\n"},
        "divs-flat": {"a.md": "<div>x</div>" * n + "\n"},
        "html-misnested": {"a.md": "a " + "<b><i></b></i>" * n + " b\n"},
        "html-attributes": {"a.md": "<div>" + "".join(
            f'<span data-a="{"v" * 40}" data-b="{"v" * 40}" id="s{i}">x</span>' for i in range(n // 4)) + "</div>\n"},
        # One unbreakable word in a paragraph (PDF emergency breaks).
        "long-word": {"a.md": "a" * (10 * n) + "\n"},
        # Long backtick runs: unmatched runs of growing length.
        # Unmatched runs of every length from 1 up, about 10n bytes in all.
        "backticks": {"a.md": "".join("`" * k + "x " for k in range(1, int((20 * n) ** 0.5) + 1)) + "\n"},
        "backtick-run": {"a.md": "`" * (10 * n) + "\n"},
        # Smart-quote / guillemet-like punctuation run.
        "guillemets": {"a.md": "‹" * (10 * n) + "\n"},
        # A deep SUMMARY.md: the site must not repeat the sidebar per level per page.
        "summary-deep": summary_deep(n // 20),
        # Many chapters in a flat SUMMARY.md.
        "summary-wide": summary_wide(n // 10),
        # Emphasis delimiters that never close.
        "emphasis-open": {"a.md": "*a " * n + "\n"},
        "links-open": {"a.md": "[a " * n + "\n"},
    }


def summary_deep(depth):
    files = {"SUMMARY.md": "# Summary\n\n" + "".join(
        "  " * i + f"- [c{i}](c{i}.md)\n" for i in range(depth))}
    for i in range(depth):
        files[f"c{i}.md"] = f"# c{i}\n\ntext {i}\n"
    return files


def summary_wide(count):
    files = {"SUMMARY.md": "# Summary\n\n" + "".join(f"- [c{i}](c{i}.md)\n" for i in range(count))}
    for i in range(count):
        files[f"c{i}.md"] = f"# c{i}\n\ntext {i}\n"
    return files


def main():
    out, n = sys.argv[1], int(sys.argv[2])
    for name, files in cases(n).items():
        for rel, text in files.items():
            path = os.path.join(out, name, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)


if __name__ == "__main__":
    main()
