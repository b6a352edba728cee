#!/usr/bin/env python3
"""`publish serve` on a big book (issue 18): the time from saving a one-chapter edit to the
served page showing it, through the real server and HTTP, on a generated 300-chapter book
(benches/text_book.py: 50 KB chapters of mixed Chinese/English Markdown, 15 MB in all).

    python3 benches/serve.py [--chapters 300] [--edits 7] [--skip-build] [--work DIR]

It builds the release binary, generates the book into target/bench-serve/, starts
`publish serve BOOK --port 0` and waits for its URL, then edits one chapter (appends a
paragraph with a fresh marker) EDITS times, each time polling the chapter's page over HTTP
until the marker appears. It prints, per edit, the time from the save to the page showing the
edit minus the server's debounce (read from `ServeOptions::new` in crates/cli/src/serve/mod.rs:
the watcher waits that long for a burst of file events to end before it rebuilds), with the
server's own "Rebuilt …: N files changed in … (load …, render …)" line, then the median with
PASS/FAIL against the goal: visible within 100 ms after the debounce.

The edit also adds a word no other text has; after the page shows the edit the script polls the
served search index (`searchindex-latest.js`: the server answers any index name it does not
hold with its newest index) until the word is a term of it, and prints that time too (after the
debounce), with the server's "Indexed …" line (the index brought up to date by delta: only the
edited chapter indexed again) when there is one. Medians of the server's own times are printed
beside the load average.

Between edits it waits for the server's settle pass ("Refreshed …", the full render owed after
a chapter-only rebuild), so that every edit is measured from the same state.
"""
import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
GOAL_MS = 100.0


def debounce_ms():
    """The server's default debounce, from `ServeOptions::new`."""
    src = open(os.path.join(ROOT, "crates/cli/src/serve/mod.rs"), encoding="utf-8").read()
    m = re.search(r"debounce:\s*Duration::from_millis\((\d+)\)", src)
    if not m:
        sys.exit("cannot find the debounce in crates/cli/src/serve/mod.rs")
    return float(m.group(1))


class ServerLog:
    """Reads the server's stderr in a thread; keeps the lines, wakes waiters on each."""

    def __init__(self, stream):
        self.lines = []
        self.cond = threading.Condition()
        self.thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self.thread.start()

    def _read(self, stream):
        for raw in stream:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            with self.cond:
                self.lines.append(line)
                self.cond.notify_all()

    def wait_for(self, pattern, start, timeout):
        """The first line at index >= start matching `pattern`, and its index; None on timeout."""
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for i in range(start, len(self.lines)):
                    if rx.search(self.lines[i]):
                        return i, self.lines[i]
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self.cond.wait(left)


def cpu_ms(pid):
    """CPU time (user + system) the process has used so far, in ms: on a loaded machine the
    wall time of a rebuild says more about the other processes than about the server."""
    try:
        fields = open(f"/proc/{pid}/stat", encoding="ascii").read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) * 1000.0 / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return float("nan")


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read()
    except OSError:
        return b""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--chapters", type=int, default=300)
    ap.add_argument("--edits", type=int, default=7)
    ap.add_argument("--skip-build", action="store_true", help="use target/release/publish as it is")
    ap.add_argument("--publish", help="this publish binary (implies --skip-build)")
    ap.add_argument("--verbose", action="store_true", help="print the server's lines after each edit")
    ap.add_argument("--work", help="where the book is generated (default target/bench-serve)")
    args = ap.parse_args()
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    if not args.skip_build and not args.publish:
        subprocess.run(["cargo", "build", "--release", "-q", "-p", "quire-cli", "--bin", "publish"], cwd=ROOT, check=True)
    publish = args.publish or os.path.join(target, "release", "publish")
    work = args.work or os.path.join(ROOT, "target", "bench-serve")
    book = os.path.join(work, f"book-{args.chapters}")
    if os.path.exists(book):
        shutil.rmtree(book)
    os.makedirs(work, exist_ok=True)
    subprocess.run([sys.executable, os.path.join(HERE, "text_book.py"), book, "--chapters", str(args.chapters)], check=True)
    middle = args.chapters // 2
    chapter = os.path.join(book, "src", f"chapter-{middle}.md")
    debounce = debounce_ms()

    server = subprocess.Popen([publish, "serve", book, "--port", "0"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, "NO_COLOR": "1"})
    log = ServerLog(server.stderr)
    try:
        found = log.wait_for(r"Serving\s+(http://\S+/)", 0, 300)
        if not found:
            sys.exit("the server did not start:\n" + "\n".join(log.lines))
        url = re.search(r"(http://\S+/)", found[1]).group(1)
        page = f"{url}chapter-{middle}.html"
        if not fetch(page):
            sys.exit(f"{page} is not served")
        print(f"book: {args.chapters} chapters, {sum(os.path.getsize(os.path.join(book, 'src', f)) for f in os.listdir(os.path.join(book, 'src'))) / 1e6:.1f} MB; {url}; "
              f"editing {os.path.relpath(chapter, book)}; debounce {debounce:.0f} ms (crates/cli/src/serve/mod.rs)")
        results, cpus, indexed, server_ms, index_ms = [], [], [], [], []
        ms_of = lambda line: float(m.group(1)) if line and (m := re.search(r"changed in ([\d.]+) ms", line)) else float("nan")
        for n in range(args.edits):
            marker = f"QUIRE-BENCH-EDIT-{os.getpid()}-{n}-{time.time_ns()}"
            # One word (a search term) that no other text has: lower-case letters and digits.
            word = f"quirebench{os.getpid()}x{n}x{time.time_ns()}"
            text = open(chapter, encoding="utf-8").read()
            mark = len(log.lines)
            with open(chapter, "w", encoding="utf-8") as f:
                f.write(text + f"\n\nEdited: {marker} {word}\n")
            saved = time.monotonic()
            cpu_before = cpu_ms(server.pid)
            seen = None
            while time.monotonic() - saved < 30:
                if marker.encode() in fetch(page):
                    seen = time.monotonic()
                    break
                time.sleep(0.002)
            if seen is None:
                sys.exit(f"edit {n}: the page never showed the edit\n" + "\n".join(log.lines[mark:]))
            cpu = cpu_ms(server.pid) - cpu_before
            # The search index: polled for the new word (a term key `"word":`).
            needle = f'"{word}":'.encode()
            in_index = None
            while time.monotonic() - saved < 60:
                if needle in fetch(f"{url}searchindex-latest.js"):
                    in_index = time.monotonic()
                    break
                time.sleep(0.005)
            if in_index is None:
                sys.exit(f"edit {n}: the search index never showed the edit\n" + "\n".join(log.lines[mark:]))
            rebuilt = log.wait_for(r"Rebuilt\s", mark, 10)
            line = rebuilt[1].strip() if rebuilt else "(no Rebuilt line)"
            after = (seen - saved) * 1000.0 - debounce
            index_after = (in_index - saved) * 1000.0 - debounce
            results.append(after)
            indexed.append(index_after)
            cpus.append(cpu)
            server_ms.append(ms_of(rebuilt[1] if rebuilt else None))
            ix = log.wait_for(r"Indexed\s", mark, 0.01)
            print(f"edit {n + 1}: visible {after:7.1f} ms after the debounce ({(seen - saved) * 1000.0:.1f} ms after the save; server CPU {cpu:.0f} ms); "
                  f"in the search index {index_after:7.1f} ms after the debounce; server: {line}" + (f"; {ix[1].strip()}" if ix else ""))
            if ix:
                index_ms.append(ms_of(ix[1]))
            # The settle pass (full render) runs once the manuscript is quiet: wait for it.
            log.wait_for(r"Refreshed\s", rebuilt[0] if rebuilt else mark, 60)
            if args.verbose:
                for l in log.lines[mark:]:
                    print(f"    | {l}")
        med = statistics.median(results)
        verdict = "PASS" if med <= GOAL_MS else "FAIL"
        load = os.getloadavg()[0]
        print(f"median: visible {med:.1f} ms after the debounce (best {min(results):.1f}, worst {max(results):.1f}; "
              f"server CPU {statistics.median(cpus):.0f} ms; load average {load:.1f} on {os.cpu_count()} CPUs); goal <= {GOAL_MS:.0f} ms: {verdict}")
        print(f"median: server rebuild (\"N files changed in … ms\") {statistics.median(server_ms):.1f} ms; search index shows the edit "
              f"{statistics.median(indexed):.1f} ms after the debounce (best {min(indexed):.1f}, worst {max(indexed):.1f})"
              + (f"; server \"Indexed\" {statistics.median(index_ms):.1f} ms" if index_ms else "; no \"Indexed\" lines (the index is rebuilt by the settle pass)")
              + f"; load average {load:.1f}")
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    main()
