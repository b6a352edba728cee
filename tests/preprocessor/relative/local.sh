#!/bin/sh
# A preprocessor named by a path relative to the book root: hands the book back unchanged
# except for a line in every chapter (sed on the JSON text).
[ "$1" = supports ] && exit 0
python3 -c 'import json,sys
ctx, book = json.load(sys.stdin)
def walk(items):
    for i in items:
        if isinstance(i, dict) and "Chapter" in i:
            i["Chapter"]["content"] += "\nFrom the local script.\n"
            walk(i["Chapter"]["sub_items"])
walk(book["items"])
json.dump(book, sys.stdout)'
