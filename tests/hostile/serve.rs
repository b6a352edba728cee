//! Hostile input: `publish serve` on loopback: Host and Origin checks, header deadlines, slow-drip clients and many live-reload tabs.
//!
//! Every server here listens on 127.0.0.1 port 0 (a fresh free port), serves a scratch copy of
//! the `tests/cli/minimal` book, and every wait polls a condition against a deadline.

use crate::support;
use quire_cli::serve::{Limits, Printer, ServeOptions, Server};
use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// The longest a single response may take in these tests.
const ANSWER: Duration = Duration::from_secs(2);

/// A copy of the minimal book in a scratch folder of its own.
fn book(name: &str) -> PathBuf {
    let book = support::out_dir(&format!("hostile-serve-{name}")).join("book");
    support::copy_dir(&support::fixture("cli", "minimal"), &book);
    book
}

/// Serves `book` quietly on a free loopback port with `limits` and the extra host names.
fn serve(book: &PathBuf, limits: Limits, allowed: &[&str]) -> Server {
    let mut options = ServeOptions::new(book).with_port(0).with_printer(Printer { quiet: true, sink: Some(std::sync::Arc::new(|_: &str| {})), ..Printer::default() });
    options.limits = limits;
    options.allowed_hosts = allowed.iter().map(|s| s.to_string()).collect();
    Server::start(&options).expect("the server starts")
}

/// Sends `request` as is and reads the whole answer: (status, body), status 0 when the server
/// closed without answering. Panics when the answer takes longer than [`ANSWER`].
fn exchange(addr: SocketAddr, request: &str) -> (u16, String) {
    let started = Instant::now();
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(ANSWER)).expect("timeout");
    s.write_all(request.as_bytes()).expect("send");
    let mut raw = Vec::new();
    if let Err(e) = s.read_to_end(&mut raw) {
        assert!(e.kind() == ErrorKind::ConnectionReset && raw.is_empty(), "no answer within {ANSWER:?} to {request:?}: {e}");
    }
    assert!(started.elapsed() < ANSWER + Duration::from_millis(500), "{request:?} took {:?}", started.elapsed());
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    (status, body)
}

/// `GET path` with `Host: host` and optionally an `Origin`.
fn get_as(addr: SocketAddr, path: &str, host: &str, origin: Option<&str>) -> (u16, String) {
    let origin = origin.map(|o| format!("Origin: {o}\r\n")).unwrap_or_default();
    exchange(addr, &format!("GET {path} HTTP/1.1\r\nHost: {host}\r\n{origin}Connection: close\r\n\r\n"))
}

/// `GET path` as a page of the server would.
fn get(addr: SocketAddr, path: &str) -> (u16, String) {
    get_as(addr, path, &addr.to_string(), None)
}

/// Polls `check` every 10 ms until it holds or `within` passes; returns whether it held.
fn poll(within: Duration, mut check: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + within;
    loop {
        if check() {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Opens a live-reload stream and waits until the server has answered it; `None` when it
/// answered with anything but the event stream (a 503 when the slots are full).
fn open_stream(addr: SocketAddr) -> Option<TcpStream> {
    let mut s = TcpStream::connect(addr).expect("connect events");
    s.set_read_timeout(Some(Duration::from_millis(50))).expect("timeout");
    write!(s, "GET /__quire/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n").expect("send");
    let deadline = Instant::now() + ANSWER;
    let mut seen = String::new();
    let mut buf = [0u8; 512];
    while Instant::now() < deadline && !seen.contains(": connected") {
        match s.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => seen.push_str(&String::from_utf8_lossy(&buf[..n])),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(_) => break,
        }
    }
    seen.contains(": connected").then_some(s)
}

#[test]
fn foreign_host_and_origin_are_refused_and_loopback_names_answered() {
    let book = book("host");
    let server = serve(&book, Limits::default(), &["book.test", ".docs.test"]);
    let addr = server.addr();
    let port = addr.port();

    for host in ["evil.example", &format!("evil.example:{port}"), "localhost.evil.example", "127.0.0.1.evil.example", "book.test.evil.example"] {
        let (status, body) = get_as(addr, "/", host, None);
        assert_eq!(status, 403, "Host: {host} -> {body}");
        assert!(body.len() < 200 && !body.contains("First"), "a short body, not the book: {body}");
    }
    for origin in ["http://evil.example", &format!("http://evil.example:{port}"), "null", "https://localhost.evil.example"] {
        assert_eq!(get_as(addr, "/", &format!("127.0.0.1:{port}"), Some(origin)).0, 403, "Origin: {origin}");
    }
    assert_eq!(get_as(addr, "/__quire/events", "evil.example", None).0, 403, "no live-reload stream for a foreign page");
    let absolute = exchange(addr, &format!("GET http://evil.example/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"));
    assert_eq!(absolute.0, 403, "an absolute target names the host too");

    for host in ["localhost", &format!("localhost:{port}"), "LOCALHOST", &format!("127.0.0.1:{port}"), "127.0.0.1", "127.3.2.1", &format!("[::1]:{port}"), "book.test", "a.docs.test"] {
        let (status, body) = get_as(addr, "/", host, None);
        assert_eq!(status, 200, "Host: {host}");
        assert!(body.contains("First"), "Host: {host} gets the book");
    }
    for origin in [format!("http://127.0.0.1:{port}"), format!("http://localhost:{port}"), "http://book.test".to_string()] {
        assert_eq!(get_as(addr, "/", &format!("127.0.0.1:{port}"), Some(&origin)).0, 200, "Origin: {origin}");
    }
    assert_eq!(exchange(addr, "GET / HTTP/1.0\r\n\r\n").0, 200, "HTTP/1.0 without Host (no browser sends that)");
    assert_eq!(exchange(addr, "GET / HTTP/1.1\r\n\r\n").0, 400, "HTTP/1.1 requires Host");
    server.stop();
}

#[test]
fn a_request_head_not_sent_in_time_is_closed() {
    let book = book("deadline");
    let limits = Limits { header_timeout: Duration::from_millis(800), ..Limits::default() };
    let server = serve(&book, limits, &[]);
    let addr = server.addr();

    // One client sends nothing; the other a byte every 100 ms, for ever.
    let mut idle = TcpStream::connect(addr).expect("connect");
    let mut drip = TcpStream::connect(addr).expect("connect");
    for s in [&idle, &drip] {
        s.set_read_timeout(Some(Duration::from_millis(20))).expect("timeout");
    }
    drip.write_all(b"GET / HTTP/1.1\r\nX-Slow: ").expect("send");
    let started = Instant::now();
    let (mut idle_closed, mut drip_closed) = (None, None);
    let mut buf = [0u8; 256];
    while started.elapsed() < Duration::from_secs(5) && (idle_closed.is_none() || drip_closed.is_none()) {
        let _ = drip.write_all(b"a");
        for (s, closed) in [(&mut idle, &mut idle_closed), (&mut drip, &mut drip_closed)] {
            if closed.is_none() {
                match s.read(&mut buf) {
                    Ok(_) => *closed = Some(started.elapsed()),
                    Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
                    Err(_) => *closed = Some(started.elapsed()),
                }
            }
        }
        std::thread::sleep(Duration::from_millis(60));
    }
    let (idle_closed, drip_closed) = (idle_closed.expect("the idle client is closed"), drip_closed.expect("the dripping client is closed"));
    eprintln!("header deadline 800 ms: idle closed after {idle_closed:?}, dripping after {drip_closed:?}");
    assert!(idle_closed < Duration::from_millis(2500) && drip_closed < Duration::from_millis(2500), "{idle_closed:?} {drip_closed:?}");
    assert!(drip_closed >= Duration::from_millis(700), "not before the deadline: {drip_closed:?}");
    assert_eq!(get(addr, "/").0, 200);
    server.stop();
}

/// Opens `n` connections that send the start of a request and then one byte a second, from one
/// thread, until `until`; returns how many it opened.
fn slow_drip(addr: SocketAddr, n: usize, until: Instant) -> std::thread::JoinHandle<usize> {
    let mut clients: Vec<TcpStream> = (0..n).map(|_| TcpStream::connect(addr).expect("connect a slow client")).collect();
    for c in &mut clients {
        c.set_nonblocking(true).expect("non-blocking");
        let _ = c.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Drip: ");
    }
    std::thread::spawn(move || {
        let mut next = Instant::now() + Duration::from_secs(1);
        while Instant::now() < until {
            if Instant::now() >= next {
                for c in &mut clients {
                    let _ = c.write_all(b"x");
                }
                next += Duration::from_secs(1);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        clients.len()
    })
}

#[test]
fn two_hundred_slow_clients_do_not_hold_the_request_slots() {
    let book = book("slow");
    let server = serve(&book, Limits::default(), &[]);
    let addr = server.addr();
    let drip = slow_drip(addr, 200, Instant::now() + Duration::from_secs(6));
    assert!(poll(Duration::from_secs(5), || server.stats().pending == 200), "the slow clients are connected: {}", server.stats().pending);
    let mut slowest = Duration::ZERO;
    for i in 0..20 {
        let started = Instant::now();
        let (status, body) = get(addr, if i % 2 == 0 { "/" } else { "/second.html" });
        let took = started.elapsed();
        slowest = slowest.max(took);
        assert_eq!(status, 200, "request {i} with 200 slow clients: {body}");
        assert!(took < ANSWER, "request {i} took {took:?}");
        std::thread::sleep(Duration::from_millis(100));
    }
    eprintln!("200 slow clients: 20 requests answered, slowest {slowest:?}; still pending {}", server.stats().pending);
    assert_eq!(drip.join().expect("drip thread"), 200);
    server.stop();
}

/// [`Limits::max_pending`] in [`too_many_slow_clients_evict_the_oldest`].
const PENDING_CAP_IN_EVICTION_TEST: usize = 32;

#[test]
fn too_many_slow_clients_evict_the_oldest() {
    let book = book("evict");
    let limits = Limits { max_pending: PENDING_CAP_IN_EVICTION_TEST, ..Limits::default() };
    let server = serve(&book, limits, &[]);
    let addr = server.addr();
    let until = Instant::now() + Duration::from_secs(4);
    let drip = slow_drip(addr, 100, until);
    assert!(poll(Duration::from_secs(5), || server.stats().pending == PENDING_CAP_IN_EVICTION_TEST), "{}", server.stats().pending);
    for i in 0..10 {
        let started = Instant::now();
        assert_eq!(get(addr, "/").0, 200, "request {i}");
        assert!(started.elapsed() < ANSWER);
        assert!(server.stats().pending <= PENDING_CAP_IN_EVICTION_TEST, "the cap holds");
    }
    assert_eq!(drip.join().expect("drip thread"), 100);
    server.stop();
}

#[test]
fn closed_live_reload_tabs_free_their_slots_at_once() {
    let book = book("tabs");
    let server = serve(&book, Limits::default(), &[]);
    let addr = server.addr();
    for round in 0..2 {
        let tabs: Vec<TcpStream> = (0..100).map(|i| open_stream(addr).unwrap_or_else(|| panic!("round {round}: tab {i} gets its stream"))).collect();
        assert_eq!(server.stats().streams, 100);
        let started = Instant::now();
        assert_eq!(get(addr, "/").0, 200, "pages are served while 100 tabs listen");
        drop(tabs);
        let (status, _) = get(addr, "/second.html");
        assert_eq!(status, 200);
        assert!(started.elapsed() < Duration::from_secs(1), "answered at once after the tabs closed: {:?}", started.elapsed());
        let closed = Instant::now();
        assert!(poll(Duration::from_secs(1), || server.stats().streams == 0), "round {round}: streams still held: {}", server.stats().streams);
        eprintln!("round {round}: 100 closed tabs dropped after {:?}", closed.elapsed());
    }
    server.stop();
}

#[test]
fn request_paths_cannot_leave_the_site() {
    let book = book("paths");
    let server = serve(&book, Limits::default(), &[]);
    let addr = server.addr();
    for target in [
        "/../book.toml",
        "/%2e%2e/book.toml",
        "/%2E%2E%2Fbook.toml",
        "/..%2fsrc%2ffirst.md",
        "/src/..%5c..%5cbook.toml",
        "/a\\..\\..\\book.toml",
        "/index.html%00.png",
        "//etc/passwd",
        "/%2fetc/passwd",
        "/images/../../../../etc/passwd",
        "/./index.html",
    ] {
        let (status, body) = get(addr, target);
        assert_eq!(status, 403, "{target}: {body}");
        assert!(!body.contains("[book]") && !body.contains("root:"), "{target}: {body}");
    }
    for target in ["/%252e%252e/book.toml", "/book.toml", "/src/first.md"] {
        assert_eq!(get(addr, target).0, 404, "{target}: the manuscript is not served");
    }
    assert_eq!(get(addr, "/second.html").0, 200);
    server.stop();
}

#[test]
fn a_book_that_stops_building_shows_the_error_page_and_recovers() {
    let book = book("broken");
    let server = serve(&book, Limits::default(), &[]);
    let addr = server.addr();
    let mut tab = open_stream(addr).expect("a live-reload stream");
    let config = book.join("book.toml");
    let good = std::fs::read_to_string(&config).expect("read book.toml");

    std::fs::write(&config, format!("{good}\n[output.html\n")).expect("break book.toml");
    let mut last = (0, String::new());
    assert!(
        poll(Duration::from_secs(5), || {
            last = get(addr, "/second.html");
            last.0 == 500
        }),
        "the error page is served: {last:?}"
    );
    assert!(last.1.contains("The book did not build") && last.1.contains("book.toml"), "{}", last.1);
    assert!(last.1.contains("/__quire/events"), "the error page reloads itself");
    assert!(server.stats().failed);
    assert_eq!(get(addr, "/").0, 500, "every page shows it");
    let mut seen = String::new();
    let mut buf = [0u8; 512];
    assert!(
        poll(Duration::from_secs(2), || {
            if let Ok(n) = tab.read(&mut buf) {
                seen.push_str(&String::from_utf8_lossy(&buf[..n]));
            }
            seen.contains("data: \"*\"")
        }),
        "open pages are told to reload: {seen:?}"
    );

    std::fs::write(&config, &good).expect("fix book.toml");
    assert!(
        poll(Duration::from_secs(5), || {
            last = get(addr, "/second.html");
            last.0 == 200
        }),
        "the fixed book is served again: {last:?}"
    );
    assert!(last.1.contains("First") && !server.stats().failed);
    server.stop();
}
