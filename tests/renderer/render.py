#!/usr/bin/env python3
"""A tiny mdBook external renderer for Quire's tests: `render.py MODE`.

Reads mdBook's RenderContext on stdin. Modes: check (assert the context is what mdBook 0.5
sends, then write `report.txt` in the working folder), linkcheck (an mdbook-linkcheck-style
checker: exit 1 naming every link to a `.md` file that does not exist under the source folder).
"""
import json
import os
import re
import sys

mode = sys.argv[1]
ctx = json.load(sys.stdin)


def chapters(items):
    for item in items:
        if isinstance(item, dict) and "Chapter" in item:
            yield item["Chapter"]
            yield from chapters(item["Chapter"]["sub_items"])


def fail(why):
    print(f"render.py: {why}", file=sys.stderr)
    sys.exit(2)


book = ctx["book"]
chs = list(chapters(book["items"]))
src = os.path.join(ctx["root"], ctx["config"]["book"].get("src") or "src")

if mode == "check":
    if ctx["version"] != "0.5.0":
        fail(f"version {ctx['version']!r}")
    if not os.path.isfile(os.path.join(ctx["root"], "book.toml")):
        fail(f"root {ctx['root']!r} holds no book.toml")
    if os.path.realpath(ctx["destination"]) != os.path.realpath(os.getcwd()):
        fail(f"destination {ctx['destination']!r} is not the working folder {os.getcwd()!r}")
    if os.path.basename(ctx["destination"]) != "check":
        fail(f"destination {ctx['destination']!r} is not <build-dir>/check")
    if book["sections"] != book["items"]:
        fail("sections differ from items")
    if [c["name"] for c in chs] != ["One", "Two"] or chs[0]["path"] != "one.md":
        fail(f"chapters {[(c['name'], c['path']) for c in chs]!r}")
    if "Marked by mark for check." not in chs[0]["content"]:
        fail(f"the preprocessors did not run for this renderer: {chs[0]['content']!r}")
    if ctx["config"]["output"]["check"]["colour"] != "blue":
        fail("config lacks the renderer's own table")
    with open("report.txt", "w") as f:
        f.write(f"{ctx['config']['book']['title']}: {len(chs)} chapters\n")
    print("render.py: checked", file=sys.stderr)
elif mode == "linkcheck":
    broken = []
    for c in chs:
        for target in re.findall(r"\]\(([^)#\s]+\.md)", c["content"]):
            base = os.path.dirname(c["source_path"] or "")
            if not os.path.isfile(os.path.join(src, base, target)):
                broken.append(f"{c['source_path']}: broken link to {target}")
    for b in broken:
        print(f"error: {b}", file=sys.stderr)
    if broken:
        print(f"error: {len(broken)} broken links found", file=sys.stderr)
        sys.exit(1)
