#!/usr/bin/env python3
"""A tiny mdBook preprocessor for Quire's tests: `pp.py MODE [ARG]`, or `pp.py MODE supports R`.

Modes: mark (append "Marked by NAME for RENDERER." to every chapter), html-only (mark, but
`supports` says yes only for html), sections (mark, answer in mdBook 0.4's `sections` shape),
fail (exit 1 after a message on stderr), garbage (print something that is not JSON), hang
(sleep), drop (return one chapter less), link (add a link to a missing file), restructure (add
a chapter whose file does not exist, with a sub-chapter, and rename the last chapter).
"""
import json
import sys
import time

mode = sys.argv[1]
name = sys.argv[2] if len(sys.argv) > 2 and sys.argv[2] != "supports" else mode

if "supports" in sys.argv:
    renderer = sys.argv[-1]
    sys.exit(0 if mode != "html-only" or renderer == "html" else 1)

context, book = json.load(sys.stdin)
renderer = context["renderer"]
print(f"{name}: running for {renderer} as mdBook {context['mdbook_version']}", file=sys.stderr)

if mode == "fail":
    print("something went wrong in the plugin", file=sys.stderr)
    sys.exit(1)
if mode == "garbage":
    print("this is not a book")
    sys.exit(0)
if mode == "hang":
    time.sleep(30)


def chapters(items):
    for item in items:
        if isinstance(item, dict) and "Chapter" in item:
            yield item["Chapter"]
            yield from chapters(item["Chapter"]["sub_items"])


if mode == "sections":
    # As a plugin built on mdBook 0.4 reads it: `sections`, and the unit field it requires.
    assert "__non_exhaustive" in book, "mdBook 0.4's Book needs __non_exhaustive"
    items = book["sections"]
else:
    items = book["items"]
for ch in chapters(items):
    if mode == "restructure":
        break
    if mode == "link":
        ch["content"] += "\nSee [the missing page](missing.md).\n"
    else:
        ch["content"] += f"\nMarked by {name} for {renderer}.\n"
if mode == "drop":
    items.pop()
if mode == "restructure":
    last = items[-1]["Chapter"]
    last["name"] += ", renamed"
    sub = {"Chapter": {"name": "Generated part", "content": "# Generated part\n\nA sub-chapter.\n",
                       "number": [3, 1], "sub_items": [], "path": "generated/part.md",
                       "source_path": "generated/part.md", "parent_names": ["Generated"]}}
    items.append({"Chapter": {"name": "Generated", "content": f"# Generated\n\nMade by {name}.\n",
                              "number": [3], "sub_items": [sub], "path": "generated.md",
                              "source_path": "generated.md", "parent_names": []}})
if mode == "sections":
    book = {"sections": items}
json.dump(book, sys.stdout)
