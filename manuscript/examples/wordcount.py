"""Counts the words of every chapter listed in SUMMARY.md."""
import pathlib
import re

src = pathlib.Path("manuscript/src")
for line in (src / "SUMMARY.md").read_text(encoding="utf-8").splitlines():
    match = re.search(r"\]\(([^)]+\.md)\)", line)
    if match:
        text = (src / match.group(1)).read_text(encoding="utf-8")
        print(f"{match.group(1):40} {len(text.split()):6} words")
