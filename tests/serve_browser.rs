//! Integration test: `publish serve` live reload in a real browser. A copy of the
//! `tests/cli/minimal` book is served by [`quire_cli::serve::Server`] on a free loopback port, and
//! Debian's Chromium (headless, a fresh profile) opens a chapter page, driven through the Chrome
//! DevTools Protocol over a WebSocket (a minimal client below: no extra dependency). The test then
//! appends a unique marker paragraph to the chapter's Markdown and, without navigating, polls the
//! open page's DOM until the marker shows: the page must have reloaded itself. The time from the
//! file write to the marker in the DOM is printed.
//!
//! A second tab opens the same page with `EventSource` removed before any page script runs, so
//! its live-reload script returns early. That page must never show the marker: the check fails
//! when the reload mechanism is missing, and the test is not fooled by anything else (a cache, a
//! navigation of its own).

use crate::support;
use quire_cli::serve::{Printer, RebuildKind, ServeOptions, Server};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Longest wait for Chromium to start and print its DevTools address.
const START: Duration = Duration::from_secs(15);
/// Longest wait for a page to load, or for an edit to show in the open page.
const WAIT: Duration = Duration::from_secs(5);
/// Guard against a hung socket: no DevTools answer may take longer.
const SOCKET: Duration = Duration::from_secs(10);

/// Installed before any page script: keeps every `EventSource` the page makes in
/// `window.__quireSources`, so the test knows when the live-reload stream is open.
const TRACK_EVENT_SOURCES: &str = "(function(){var E=window.EventSource;if(!E)return;\
window.EventSource=function(u,o){var s=new E(u,o);(window.__quireSources=window.__quireSources||[]).push(s);return s;};\
window.EventSource.prototype=E.prototype;})();";

/// The control tab: no `EventSource`, so the served page's reload script does nothing.
const REMOVE_EVENT_SOURCE: &str = "window.EventSource=undefined;";

/// Headless Chromium with a fresh profile; killed (and the profile removed) when dropped, so it
/// never outlives the test, whatever path the test takes.
struct Chromium {
    child: Child,
    profile: PathBuf,
    log: Arc<Mutex<String>>,
    /// `127.0.0.1:<port>` of the DevTools HTTP and WebSocket endpoint.
    devtools: String,
}

impl Chromium {
    fn launch(out: &Path) -> Chromium {
        let profile = out.join("profile");
        let mut cmd = support::chromium(&profile);
        cmd.args([
            "--no-default-browser-check",
            // Both tabs stay as lively as a foreground one.
            "--disable-background-timer-throttling",
            "--disable-renderer-backgrounding",
            "--disable-backgrounding-occluded-windows",
            "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0",
        ])
        .arg("about:blank")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("start chromium");
        let stderr = child.stderr.take().expect("chromium stderr");
        let log = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = mpsc::channel();
        let thread_log = log.clone();
        // Drains stderr for the whole run (a full pipe would stall Chromium).
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(at) = line.find("DevTools listening on ws://") {
                    let _ = tx.send(line[at + "DevTools listening on ".len()..].trim().to_string());
                }
                let mut l = thread_log.lock().expect("log");
                l.push_str(&line);
                l.push('\n');
            }
        });
        let mut browser = Chromium { child, profile, log, devtools: String::new() };
        let ws = match rx.recv_timeout(START) {
            Ok(ws) => ws,
            Err(_) => panic!("chromium printed no DevTools address within {START:?}:\n{}", browser.log()),
        };
        // ws://127.0.0.1:<port>/devtools/browser/<id>
        browser.devtools = ws.trim_start_matches("ws://").split('/').next().expect("host:port").to_string();
        browser
    }

    fn log(&self) -> String {
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }

    /// A DevTools HTTP request (`GET /json/list`, `PUT /json/new?…`): the JSON answer.
    fn http(&self, method: &str, path: &str) -> Value {
        let mut s = TcpStream::connect(&self.devtools).expect("connect to DevTools");
        s.set_read_timeout(Some(SOCKET)).expect("timeout");
        write!(s, "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", self.devtools).expect("send");
        let mut raw = Vec::new();
        let mut buf = [0u8; 4096];
        // Read the head, then as much body as Content-Length says (or until the peer closes).
        loop {
            let n = s.read(&mut buf).expect("DevTools HTTP answer");
            raw.extend_from_slice(&buf[..n]);
            if let Some(split) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
                let len = head.lines().find_map(|l| l.strip_prefix("content-length:")).and_then(|v| v.trim().parse::<usize>().ok());
                let body = &raw[split + 4..];
                if n == 0 || len.is_some_and(|len| body.len() >= len) {
                    assert!(head.starts_with("http/1.1 200"), "{method} {path}: {head}");
                    return serde_json::from_slice(body).unwrap_or_else(|e| panic!("{method} {path}: not JSON ({e})"));
                }
            }
            assert!(n > 0, "{method} {path}: connection closed early");
        }
    }

    /// Connects to a page target other than `other` (the `about:blank` Chromium started with).
    fn page_except(&self, other: &str) -> Cdp {
        let list = self.http("GET", "/json/list");
        let page = list
            .as_array()
            .and_then(|a| a.iter().find(|t| t["type"] == "page" && t["id"] != other))
            .unwrap_or_else(|| panic!("no page target: {list}"));
        Cdp::connect(page["webSocketDebuggerUrl"].as_str().expect("page WebSocket URL"))
    }

    /// Opens a new tab and connects to it; also returns its target id.
    fn new_page(&self) -> (Cdp, String) {
        let target = self.http("PUT", "/json/new?about:blank");
        let ws = target["webSocketDebuggerUrl"].as_str().unwrap_or_else(|| panic!("new target: {target}"));
        (Cdp::connect(ws), target["id"].as_str().unwrap_or_default().to_string())
    }
}

impl Drop for Chromium {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// One DevTools session over a WebSocket (RFC 6455, client side: text frames, masked).
struct Cdp {
    stream: TcpStream,
    next_id: u64,
}

impl Cdp {
    fn connect(url: &str) -> Cdp {
        let rest = url.strip_prefix("ws://").unwrap_or_else(|| panic!("not a ws:// URL: {url}"));
        let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        let mut stream = TcpStream::connect(host).expect("connect to the page target");
        stream.set_read_timeout(Some(SOCKET)).expect("timeout");
        stream.set_nodelay(true).expect("nodelay");
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
             Sec-WebSocket-Key: cXVpcmUtc2VydmUtdGVzdA==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        .expect("send handshake");
        // Byte by byte up to the blank line, so no frame byte is read with the head.
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") {
            stream.read_exact(&mut byte).expect("handshake answer");
            head.push(byte[0]);
        }
        let head = String::from_utf8_lossy(&head);
        assert!(head.starts_with("HTTP/1.1 101"), "WebSocket handshake refused: {head}");
        Cdp { stream, next_id: 0 }
    }

    fn send_frame(&mut self, opcode: u8, payload: &[u8]) {
        let mask = [0x71u8, 0x75, 0x69, 0x72];
        let mut frame = vec![0x80 | opcode];
        match payload.len() {
            n if n < 126 => frame.push(0x80 | n as u8),
            n if n <= usize::from(u16::MAX) => {
                frame.push(0x80 | 126);
                frame.extend_from_slice(&(n as u16).to_be_bytes());
            }
            n => {
                frame.push(0x80 | 127);
                frame.extend_from_slice(&(n as u64).to_be_bytes());
            }
        }
        frame.extend_from_slice(&mask);
        frame.extend(payload.iter().enumerate().map(|(i, b)| b ^ mask[i % 4]));
        self.stream.write_all(&frame).expect("send frame");
    }

    /// The next whole text message (answers pings, joins fragments).
    fn read_message(&mut self) -> String {
        let mut message = Vec::new();
        loop {
            let mut h = [0u8; 2];
            self.stream.read_exact(&mut h).expect("frame header (DevTools silent)");
            let (fin, opcode, masked) = (h[0] & 0x80 != 0, h[0] & 0x0f, h[1] & 0x80 != 0);
            let len = match h[1] & 0x7f {
                126 => {
                    let mut b = [0u8; 2];
                    self.stream.read_exact(&mut b).expect("length");
                    u64::from(u16::from_be_bytes(b))
                }
                127 => {
                    let mut b = [0u8; 8];
                    self.stream.read_exact(&mut b).expect("length");
                    u64::from_be_bytes(b)
                }
                n => u64::from(n),
            };
            let mut key = [0u8; 4];
            if masked {
                self.stream.read_exact(&mut key).expect("mask");
            }
            let mut payload = vec![0u8; usize::try_from(len).expect("frame size")];
            self.stream.read_exact(&mut payload).expect("payload");
            if masked {
                payload.iter_mut().enumerate().for_each(|(i, b)| *b ^= key[i % 4]);
            }
            match opcode {
                0x0..=0x2 => {
                    message.extend_from_slice(&payload);
                    if fin {
                        return String::from_utf8(message).expect("UTF-8 message");
                    }
                }
                0x8 => panic!("DevTools closed the connection"),
                0x9 => self.send_frame(0xA, &payload),
                _ => {}
            }
        }
    }

    /// Sends a command; returns its `result`, or its `error` (events in between are skipped).
    fn call(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        self.next_id += 1;
        let id = self.next_id;
        let text = json!({ "id": id, "method": method, "params": params }).to_string();
        self.send_frame(0x1, text.as_bytes());
        loop {
            let msg: Value = serde_json::from_str(&self.read_message()).expect("DevTools JSON");
            if msg["id"] == id {
                return match msg.get("error") {
                    Some(e) => Err(e.clone()),
                    None => Ok(msg["result"].clone()),
                };
            }
        }
    }

    /// The value of a JavaScript expression, or `None` while the page has no context to run it
    /// in (between unload and the next document) or the expression threw.
    fn eval(&mut self, expression: &str) -> Option<Value> {
        let r = self.call("Runtime.evaluate", json!({ "expression": expression, "returnByValue": true })).ok()?;
        if r.get("exceptionDetails").is_some() {
            return None;
        }
        Some(r["result"]["value"].clone())
    }

    /// Polls `expression` every few ms until it is `true`; the time that took, or `None` after
    /// `limit`.
    fn wait_true(&mut self, expression: &str, limit: Duration) -> Option<Duration> {
        let started = Instant::now();
        while started.elapsed() < limit {
            if self.eval(expression) == Some(Value::Bool(true)) {
                return Some(started.elapsed());
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        None
    }

    /// Runs `script` before any script of every document this tab loads, then opens `url`.
    fn open(&mut self, url: &str, script: &str) {
        self.call("Page.enable", json!({})).expect("Page.enable");
        self.call("Page.addScriptToEvaluateOnNewDocument", json!({ "source": script })).expect("add script");
        let nav = self.call("Page.navigate", json!({ "url": url })).expect("Page.navigate");
        assert!(nav.get("errorText").is_none(), "navigation to {url} failed: {nav}");
    }
}

/// True (as JavaScript) when the page's main content contains `text`.
fn shows(text: &str) -> String {
    format!("(function(){{var m=document.getElementById('content');return !!m&&m.textContent.indexOf({})>=0;}})()", json!(text))
}

#[test]
fn an_open_page_reloads_itself_when_its_chapter_changes() {
    let out = support::out_dir("serve-browser");
    let book = out.join("book");
    support::copy_dir(&support::fixture("cli", "minimal"), &book);
    let printer = Printer { sink: Some(Arc::new(|l: &str| eprintln!("{l}"))), ..Printer::default() };
    // Declared before the browser, so dropped after it: Chromium goes first, then the server.
    let server = Server::start(&ServeOptions::new(&book).with_port(0).with_printer(printer)).expect("server starts");
    let url = format!("http://{}/second.html", server.addr());
    let browser = Chromium::launch(&out);

    // The control tab first (so the tab under test is the newest one), then the tab under test.
    let (mut control, control_id) = browser.new_page();
    control.open(&url, REMOVE_EVENT_SOURCE);
    let mut page = browser.page_except(&control_id);
    page.open(&url, TRACK_EVENT_SOURCES);
    let ready = "document.readyState==='complete'&&(window.__quireSources||[]).some(function(s){return s.readyState===1;})";
    let loaded = page.wait_true(ready, WAIT);
    assert!(loaded.is_some(), "the page did not load with an open live-reload stream:\n{}", browser.log());
    let control_ready = format!("document.readyState==='complete'&&typeof window.EventSource==='undefined'&&{}", shows("Details"));
    assert!(control.wait_true(&control_ready, WAIT).is_some(), "the control page did not load:\n{}", browser.log());
    assert!(page.eval(&shows("Details")) == Some(Value::Bool(true)), "the chapter text is on the page");
    // A mark on this document: a reload makes a new one without it.
    page.eval("window.__quireBeforeEdit=true").expect("mark the document");

    let marker = format!("Live reload marker {} {}", std::process::id(), SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0));
    assert!(page.eval(&shows(&marker)) == Some(Value::Bool(false)), "the marker is new");
    let chapter = book.join("src/second.md");
    let text = std::fs::read_to_string(&chapter).expect("read chapter");
    std::fs::write(&chapter, format!("{text}\n{marker}：实时刷新。\n")).expect("edit chapter");
    let written = Instant::now();
    let written_ms = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs_f64() * 1e3).unwrap_or(0.0);

    let latency = page.wait_true(&shows(&marker), WAIT).map(|_| written.elapsed());
    let Some(latency) = latency else {
        panic!("the open page did not show the edit within {WAIT:?} (no reload?):\n{}", browser.log());
    };
    assert_eq!(page.eval("window.__quireBeforeEdit===undefined"), Some(Value::Bool(true)), "a new document: the page reloaded");
    // The new document's navigation started after the write (its time origin, epoch ms).
    let origin = page.eval("performance.timeOrigin").and_then(|v| v.as_f64()).expect("time origin");
    let nav_type = page.eval("performance.getEntriesByType('navigation')[0].type").unwrap_or(Value::Null);
    let dom_ready = page.eval("performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd").and_then(|v| v.as_f64()).unwrap_or(f64::NAN);
    assert_eq!(nav_type, "reload", "the page reloaded itself (location.reload), it was not navigated");
    let stats = server.stats();
    let rebuild = stats.rebuilds.iter().find(|r| matches!(r.kind, RebuildKind::Chapters(_))).map(|r| r.total().as_secs_f64() * 1e3);
    eprintln!(
        "serve in Chromium: edit of second.md visible in the open page {:.0} ms after the write \
         (polled every 5 ms; reload started {:.0} ms and the new DOM was ready {:.0} ms after the write; \
         server rebuild {} ms)",
        latency.as_secs_f64() * 1e3,
        origin - written_ms,
        origin + dom_ready - written_ms,
        rebuild.map_or("?".to_string(), |r| format!("{r:.1}")),
    );

    // The tab without EventSource never reloads, so it never shows the marker.
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(control.eval(&shows(&marker)), Some(Value::Bool(false)), "the control page must not change without live reload");
    assert_eq!(control.eval(&shows("Details")), Some(Value::Bool(true)), "the control page is still there");
    drop(browser);
    server.stop();
}
