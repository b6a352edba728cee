//! Integration test: `publish serve` as a library ([`quire_cli::serve::Server`]). A copy of the
//! `tests/cli/minimal` book is served on 127.0.0.1 port 0; a chapter file is edited and the new
//! text must be served, with a reload event on the live-reload stream, within 5 s. The rebuild
//! time is printed (the timing goal lives in `benches/rebuild.rs`; here only a generous bound).

use crate::support;
use quire_cli::serve::{Printer, RebuildKind, ServeOptions, Server};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The longest any wait in this test may take.
const WAIT: Duration = Duration::from_secs(5);

/// One `GET` with `Connection: close`: (status, head, body).
fn get(addr: SocketAddr, path: &str) -> (u16, String, Vec<u8>) {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(WAIT)).expect("timeout");
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").expect("send");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read response");
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("response head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head.split_whitespace().nth(1).and_then(|c| c.parse().ok()).expect("status code");
    (status, head, raw[split + 4..].to_vec())
}

/// Reads the event stream until `needle` shows up (or `WAIT` passes); returns what was read.
fn read_events_until(stream: &mut TcpStream, seen: &mut String, needle: &str) -> bool {
    let deadline = Instant::now() + WAIT;
    let mut buf = [0u8; 1024];
    while !seen.contains(needle) && Instant::now() < deadline {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => seen.push_str(&String::from_utf8_lossy(&buf[..n])),
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {}
            Err(e) => panic!("event stream: {e}"),
        }
    }
    seen.contains(needle)
}

/// Polls `path` until its body contains `needle` (or `WAIT` passes).
fn wait_for_text(addr: SocketAddr, path: &str, needle: &str) -> Option<Duration> {
    let started = Instant::now();
    while started.elapsed() < WAIT {
        let (status, _, body) = get(addr, path);
        if status == 200 && String::from_utf8_lossy(&body).contains(needle) {
            return Some(started.elapsed());
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    None
}

#[test]
fn serves_the_site_and_live_reloads_an_edited_chapter() {
    let book = support::out_dir("cli-serve").join("book");
    support::copy_dir(&support::fixture("cli", "minimal"), &book);
    let lines = Arc::new(Mutex::new(Vec::<String>::new()));
    let sink_lines = lines.clone();
    let printer = Printer {
        sink: Some(Arc::new(move |l: &str| {
            eprintln!("{l}");
            sink_lines.lock().expect("lines").push(l.to_string());
        })),
        ..Printer::default()
    };
    let server = Server::start(&ServeOptions::new(&book).with_port(0).with_printer(printer)).expect("server starts");
    let addr = server.addr();
    assert!(addr.ip().is_loopback() && addr.port() != 0, "{addr}");

    // Pages, with the live-reload script; other files with their content type; a 404 page.
    let (status, head, body) = get(addr, "/");
    let index = String::from_utf8_lossy(&body).into_owned();
    assert_eq!(status, 200, "{head}");
    assert!(head.contains("Content-Type: text/html; charset=utf-8"), "{head}");
    assert!(index.contains("<h1") && index.contains("First"), "{index}");
    assert!(index.contains("new EventSource(\"/__quire/events\")"), "the reload script is injected");
    let css = index.split("href=\"").filter_map(|s| s.split('"').next()).find(|h| h.ends_with(".css")).expect("a stylesheet link");
    let (status, head, _) = get(addr, &format!("/{css}"));
    assert!(status == 200 && head.contains("Content-Type: text/css"), "{head}");
    let (status, _, body) = get(addr, "/no/such/page.html");
    assert_eq!(status, 404);
    assert!(String::from_utf8_lossy(&body).contains("Page not found"));
    let (status, _, body) = get(addr, "/second.html");
    assert_eq!(status, 200);
    assert!(!String::from_utf8_lossy(&body).contains("Served live"));

    // Listen for reload events like a page does.
    let mut events = TcpStream::connect(addr).expect("connect events");
    events.set_read_timeout(Some(Duration::from_millis(200))).expect("timeout");
    write!(events, "GET /__quire/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n").expect("send");
    let mut stream_text = String::new();
    assert!(read_events_until(&mut events, &mut stream_text, ": connected"), "stream opened: {stream_text:?}");
    assert!(stream_text.contains("Content-Type: text/event-stream"), "{stream_text}");

    // Edit one chapter: only its page is re-rendered, and the page is told to reload.
    let chapter = book.join("src/second.md");
    let text = std::fs::read_to_string(&chapter).expect("read chapter");
    std::fs::write(&chapter, format!("{text}\nServed live: 更新了。\n")).expect("edit chapter");
    let visible = wait_for_text(addr, "/second.html", "Served live: 更新了。").expect("the edit is served within 5 s");
    assert!(read_events_until(&mut events, &mut stream_text, "second.html"), "reload event: {stream_text:?}");
    assert!(stream_text.contains("event: reload\ndata: [\"second.html\"]"), "{stream_text}");

    let stats = server.stats();
    assert!(stats.events_sent >= 1 && stats.generation >= 1, "{stats:?}");
    let rebuild = stats
        .rebuilds
        .iter()
        .find(|r| r.kind == RebuildKind::Chapters(vec!["second.md".into()]))
        .unwrap_or_else(|| panic!("a chapter-only rebuild: {stats:?}"));
    assert_eq!(rebuild.changed, vec!["second.html".to_string()]);
    eprintln!(
        "serve: one-chapter rebuild {:.1} ms (load {:.1} ms, render {:.1} ms); edit visible to a polling client after {:.1} ms",
        rebuild.total().as_secs_f64() * 1e3,
        rebuild.load.as_secs_f64() * 1e3,
        rebuild.render.as_secs_f64() * 1e3,
        visible.as_secs_f64() * 1e3
    );
    assert!(rebuild.total() < Duration::from_secs(3), "generous bound (debug build, loaded machine): {rebuild:?}");

    // Once the manuscript is quiet, the owed full render brings print.html up to date; the other
    // chapter pages only got a new search index name, so they are not reloaded.
    wait_for_text(addr, "/print.html", "Served live: 更新了。").expect("print.html catches up within 5 s");
    assert!(read_events_until(&mut events, &mut stream_text, "print.html"), "{stream_text}");
    let settled = server.stats().rebuilds.into_iter().find(|r| r.kind == RebuildKind::Settle).expect("a settle pass");
    assert!(settled.changed.contains(&"print.html".to_string()), "{settled:?}");
    assert!(!settled.changed.iter().any(|p| p == "index.html" || p == "second.html"), "{settled:?}");

    // A SUMMARY.md change re-renders the whole site: the sidebar of every page changes.
    let summary = book.join("src/SUMMARY.md");
    let s = std::fs::read_to_string(&summary).expect("read summary");
    std::fs::write(&summary, s.replace("[Second]", "[The Second One]")).expect("edit summary");
    wait_for_text(addr, "/index.html", "The Second One").expect("the new title is in the first page's sidebar");
    // The rebuild's record is pushed after its pages are served, so a fast client can see the
    // page first: wait for the record rather than read it at once.
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while !server.stats().rebuilds.iter().any(|r| r.kind == RebuildKind::Full) && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(server.stats().rebuilds.iter().any(|r| r.kind == RebuildKind::Full), "{:?}", server.stats());
    assert!(read_events_until(&mut events, &mut stream_text, "index.html"), "{stream_text}");

    server.stop();
    assert!(TcpStream::connect_timeout(&addr, Duration::from_millis(500)).is_err() || get_fails(addr), "stopped");
    let printed = lines.lock().expect("lines").join("\n");
    assert!(printed.contains("Rebuilt") && printed.contains("second.md"), "{printed}");
}

/// After `stop`, a connection may still be accepted by the OS backlog but is never answered.
fn get_fails(addr: SocketAddr) -> bool {
    let Ok(mut s) = TcpStream::connect(addr) else { return true };
    let _ = s.set_read_timeout(Some(Duration::from_millis(500)));
    let _ = write!(s, "GET / HTTP/1.1\r\n\r\n");
    let mut buf = [0u8; 16];
    !matches!(s.read(&mut buf), Ok(n) if n > 0)
}

/// `publish serve` runs the book's mdBook preprocessors as `publish build` does, for the `html`
/// renderer, on the first build and on every rebuild; a preprocessor that fails is reported (and
/// shown in the browser) and the site comes back with the next good build.
#[test]
fn serve_runs_preprocessors_and_shows_a_failure_until_it_is_mended() {
    let root = support::out_dir("cli-serve-preprocessor");
    let book = root.join("mark");
    support::copy_dir(&support::fixture("preprocessor", "mark"), &book);
    std::fs::copy(support::fixture("preprocessor", "pp.py"), root.join("pp.py")).expect("copy pp.py");
    let lines = Arc::new(Mutex::new(Vec::<String>::new()));
    let sink_lines = lines.clone();
    let printer = Printer { sink: Some(Arc::new(move |l: &str| sink_lines.lock().expect("lines").push(l.to_string()))), ..Printer::default() };
    let server = Server::start(&ServeOptions::new(&book).with_port(0).with_printer(printer)).expect("server starts");
    let addr = server.addr();
    let (_, _, body) = get(addr, "/one.html");
    assert!(String::from_utf8_lossy(&body).contains("Marked by mark for html."), "run on the first build");

    // An edit is preprocessed too.
    let chapter = book.join("src/one.md");
    std::fs::write(&chapter, "# One\n\nEdited while served.\n").expect("edit chapter");
    wait_for_text(addr, "/one.html", "Edited while served.").expect("the edit is served");
    let (_, _, body) = get(addr, "/one.html");
    assert!(String::from_utf8_lossy(&body).contains("Marked by mark for html."), "run on the rebuild");

    // A failing preprocessor: an error naming it, and the last good site stays.
    let toml = book.join("book.toml");
    let text = std::fs::read_to_string(&toml).expect("book.toml");
    std::fs::write(&toml, text.replace("pp.py mark", "pp.py fail")).expect("break it");
    let deadline = Instant::now() + WAIT;
    while !lines.lock().expect("lines").iter().any(|l| l.contains("preprocessor-failed")) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let printed = lines.lock().expect("lines").join("\n");
    assert!(printed.contains("error[preprocessor-failed]") && printed.contains("something went wrong in the plugin"), "{printed}");
    // The browser shows the error instead of the pages (the site is kept, not replaced) …
    let deadline = Instant::now() + WAIT;
    let shown = loop {
        let (status, _, body) = get(addr, "/one.html");
        if status == 500 && String::from_utf8_lossy(&body).contains("preprocessor-failed") {
            break true;
        }
        if Instant::now() > deadline {
            break false;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(shown, "the error is shown in the browser");
    // … and the site is back with the next good build.
    std::fs::write(&toml, text).expect("mend it");
    wait_for_text(addr, "/one.html", "Marked by mark for html.").expect("the site is back");
    server.stop();
}

#[test]
fn serve_answers_unknown_paths_with_the_books_input_404_page() {
    let book = support::out_dir("serve-input-404");
    support::copy_dir(&support::fixture("site_options", "input-404"), &book);
    let server = Server::start(&ServeOptions::new(&book).with_port(0).with_printer(Printer::default())).expect("server starts");
    let (status, _, body) = get(server.addr(), "/no/such/page.html");
    let page = String::from_utf8_lossy(&body).into_owned();
    assert_eq!(status, 404);
    assert!(page.contains("Nothing here") && page.contains("new EventSource("), "the book's own page, live:\n{page}");
    let (status, _, lost) = get(server.addr(), "/pages/lost.html");
    assert_eq!(status, 200, "the page itself is served at its path");
    assert_eq!(lost, body, "the same page");
}

/// Every file of a served site, by path.
fn site_files(site: &quire_cli::serve::site::Site) -> std::collections::BTreeMap<String, Vec<u8>> {
    site.paths().map(|p| (p.to_string(), site.get(p).map(|d| d.to_vec()).unwrap_or_default())).collect()
}

/// The rebuilder patches the loaded book after an edit to chapter texts (only the edited
/// chapters are parsed, resolved and rendered); once the owed full render ran, the site is byte
/// for byte the site a fresh start on the edited manuscript serves, for each kind of edit: a body
/// edit, an edit to an included file, a new cross-reference, a heading edit (its anchors change,
/// so the book is loaded whole and only the settle pass re-renders the page that links to the old
/// anchor), a title edit in SUMMARY.md (everything: the neighbours' pager and every sidebar show
/// the new title at once), and an edit undone. After each rebuild and the search index update
/// that follows it (by delta: only the edited chapters are indexed again), before the settle
/// pass, the served search index is the fresh start's, byte for byte.
#[test]
fn serve_patches_edited_chapters_and_serves_what_a_full_build_serves() {
    use quire_cli::serve::rebuild::Builder;
    use std::sync::RwLock;
    let book = support::out_dir("cli-serve-incremental").join("book");
    support::copy_dir(&support::fixture("cli", "incremental"), &book);
    let quiet = Printer { quiet: true, ..Printer::default() };
    let (mut builder, site) = Builder::start(&book, quiet.clone()).expect("the book builds");
    let site = RwLock::new(site);
    let src = book.join("src");
    let edit = |file: &str, from: &str, to: &str| {
        let path = src.join(file);
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(text.contains(from), "{file} holds {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
        path
    };
    let start_text = std::fs::read_to_string(src.join("start.md")).expect("read");
    // (file, from, to, the rebuild renders these chapters' pages (None: every page), the book
    // is patched, not loaded whole)
    let cases: Vec<(&str, &str, &str, Option<Vec<&str>>, bool)> = vec![
        ("start.md", "Download the archive.", "Download the archive, then unpack it.", Some(vec!["start.md"]), true),
        ("parts/common.md", "included in two chapters", "included in two chapters, and edited once", Some(vec!["shared.md", "details.md"]), true),
        ("reference.md", "Back to", "See [the edge cases](details.md#edge-cases), or back to", Some(vec!["reference.md"]), true),
        ("details.md", "## Edge cases", "## Corner cases", Some(vec!["details.md"]), false),
        ("SUMMARY.md", "[Reference]", "[The Reference]", None, false),
        ("start.md", "Download the archive, then unpack it.", "Download the archive.", Some(vec!["start.md"]), true),
    ];
    for (file, from, to, pages, patch) in cases {
        let path = edit(file, from, to);
        let patches = builder.patches();
        let rebuild = builder.rebuild(&[path], &site).expect("the rebuild succeeds").expect("something to rebuild");
        assert_eq!(builder.patches() - patches, usize::from(patch), "patched after editing {file}");
        match &pages {
            Some(chapters) => {
                assert_eq!(rebuild.kind, RebuildKind::Chapters(chapters.iter().map(|c| c.to_string()).collect()), "{file}");
                // Before the settle pass the patched pages are already the full build's pages, but
                // for the name of the search index, which the settle pass brings.
                let fresh = Builder::start(&book, quiet.clone()).expect("the edited book builds").1;
                let served = site.read().expect("site");
                let (old_index, new_index) = (served.search_index().expect("an index"), fresh.search_index().expect("an index"));
                for c in chapters {
                    let page = c.replace(".md", ".html");
                    let want = String::from_utf8_lossy(&fresh.get(&page).expect("page")).replace(new_index, old_index);
                    assert_eq!(String::from_utf8_lossy(&served.get(&page).expect("page")), want, "{page} after editing {file}");
                }
            }
            None => {
                assert_eq!(rebuild.kind, RebuildKind::Full, "{file}");
                // Everything was rendered: the neighbours' pager and the sidebars too.
                let fresh = Builder::start(&book, quiet.clone()).expect("the edited book builds").1;
                let (got, want) = (site_files(&site.read().expect("site")), site_files(&fresh));
                assert!(got == want, "after editing {file} the whole site is a fresh start's at once");
                assert!(!builder.search_due(), "a full render brought the index up");
            }
        }
        // The search index, by delta, right after the pages (before the settle pass).
        let indexed = builder.update_search(&site);
        assert_eq!(indexed.is_some(), pages.is_some(), "an index update follows a chapter-only rebuild, after {file}");
        if let Some(r) = &indexed {
            let want = if patch { RebuildKind::SearchIndex(Some(pages.as_ref().map_or(0, Vec::len))) } else { RebuildKind::SearchIndex(Some(1)) };
            assert_eq!(r.kind, want, "only the edited chapters are indexed again after editing {file}");
        }
        {
            let fresh = Builder::start(&book, quiet.clone()).expect("the edited book builds").1;
            let served = site.read().expect("site");
            let (got, want) = (served.search_index().expect("an index"), fresh.search_index().expect("an index"));
            assert_eq!(got, want, "the served index has the fresh start's name after editing {file}");
            assert!(served.get(got) == fresh.get(want), "the served index is the fresh start's after editing {file}");
            let indexes: Vec<&str> = served.paths().filter(|p| p.starts_with("searchindex-")).collect();
            assert_eq!(indexes, [got], "one index is served");
        }
        builder.settle(&site);
        let fresh = Builder::start(&book, quiet.clone()).expect("the edited book builds").1;
        let (got, want) = (site_files(&site.read().expect("site")), site_files(&fresh));
        assert_eq!(got.keys().collect::<Vec<_>>(), want.keys().collect::<Vec<_>>(), "the same files after editing {file}");
        for (path, data) in &want {
            assert!(got[path] == *data, "{path} differs from a full build's after editing {file}:\n{}", String::from_utf8_lossy(&got[path]));
        }
    }
    assert_eq!(std::fs::read_to_string(src.join("start.md")).expect("read"), start_text, "the last edit undid the first");
}
