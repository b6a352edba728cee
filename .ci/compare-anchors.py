#!/usr/bin/env python3
"""Compares the heading anchors of two HTML sites of one book: mdBook's and Quire's.

    .ci/compare-anchors.py MDBOOK_SITE QUIRE_SITE

Collects every (page, id) of an <h1>-<h6> element on the chapter pages (print.html, 404.html and
toc.html left out) and prints the pairs only one site has. Exit status 1 when an anchor of the
mdBook site is missing from Quire's (a link into the old site would break). mdBook's empty ids
(`id=""`, a heading with no letters such as `# \`?\``) are no anchors (a `page.html#` link opens
the top of the page either way) and are only counted; Quire names such a heading `#section`.
"""
import os
import re
import sys
from html import unescape

HEADING = re.compile(r"<h[1-6]\b[^>]*?\sid=\"([^\"]*)\"", re.I)
SKIP = {"print.html", "404.html", "toc.html"}


def anchors(root):
    found = set()
    for folder, _, files in os.walk(root):
        for name in files:
            if not name.endswith(".html"):
                continue
            path = os.path.join(folder, name)
            page = os.path.relpath(path, root).replace(os.sep, "/")
            if page in SKIP:
                continue
            with open(path, encoding="utf-8", errors="replace") as f:
                text = f.read()
            if "http-equiv=\"refresh\"" in text[:2000]:
                continue  # a redirect page
            for m in HEADING.finditer(text):
                found.add((page, unescape(m.group(1))))
    return found


def main():
    if len(sys.argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    mdbook, quire = anchors(sys.argv[1]), anchors(sys.argv[2])
    empty = {a for a in mdbook if a[1] == ""}
    mdbook -= empty
    only_md = sorted(mdbook - quire)
    only_q = sorted(quire - mdbook)
    for page, id_ in only_md:
        print(f"only mdBook: {page}#{id_}")
    for page, id_ in only_q:
        print(f"only Quire:  {page}#{id_}")
    print(f"{len(mdbook)} mdBook anchors (+{len(empty)} empty ids), {len(quire)} Quire anchors: "
          f"{len(only_md)} only in mdBook, {len(only_q)} only in Quire")
    return 1 if only_md else 0


if __name__ == "__main__":
    sys.exit(main())
