//! Just enough HTTP/1.1 for a local preview server: read one `GET`/`HEAD` request line and its
//! headers (bounded in size, and in time by one deadline for the whole head, so a client sending
//! a byte a second cannot hold a connection open), write one response and close the connection.
//! No keep-alive, no request bodies, no chunked encoding.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use quire_core::resolve::paths::percent_decode_strict;

/// The largest request head (request line and headers) that is read.
const MAX_HEAD: usize = 16 * 1024;

/// The longest single wait for bytes, so that a reader sees the stop flag.
const READ_SLICE: Duration = Duration::from_millis(250);

/// One parsed request.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Request {
    /// `GET`, `HEAD`, …
    pub method: String,
    /// The decoded path without the leading `/`, query or fragment (`""` for the root).
    pub path: String,
    /// `HTTP/1.1`, `HTTP/1.0`, …
    pub version: String,
    /// The `Host` header.
    pub host: Option<String>,
    /// The `Origin` header.
    pub origin: Option<String>,
    /// The authority of an absolute-form target (`GET http://host/path`), which stands for
    /// `Host`.
    pub authority: Option<String>,
}

/// What reading a request head gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Head {
    /// A request we understand.
    Request(Request),
    /// Something that is not one: too long, not HTTP, a malformed escape, two `Host` headers.
    Bad,
    /// The client closed the connection (or the server is stopping) before a full head.
    Closed,
    /// The deadline passed before the head was complete.
    TimedOut,
}

/// Reads a request head from `stream`; the whole head must arrive before `deadline`. Returns
/// early with [`Head::Closed`] once `stop` is set.
pub fn read_request(stream: &mut TcpStream, deadline: Instant, stop: &AtomicBool) -> io::Result<Head> {
    let mut head = Vec::with_capacity(1024);
    let mut buf = [0u8; 2048];
    loop {
        if stop.load(Ordering::SeqCst) {
            return Ok(Head::Closed);
        }
        let now = Instant::now();
        if now >= deadline {
            return Ok(Head::TimedOut);
        }
        stream.set_read_timeout(Some((deadline - now).clamp(Duration::from_millis(1), READ_SLICE)))?;
        let n = match stream.read(&mut buf) {
            Ok(0) => return Ok(Head::Closed),
            Ok(n) => n,
            Err(e) if matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut | io::ErrorKind::Interrupted) => continue,
            Err(e) => return Err(e),
        };
        // Only the new bytes (and the three before them) can complete the blank line.
        let from = head.len().saturating_sub(3);
        head.extend_from_slice(&buf[..n]);
        let tail = &head[from..];
        if tail.windows(4).any(|w| w == b"\r\n\r\n") || tail.windows(2).any(|w| w == b"\n\n") {
            return Ok(parse_request(&String::from_utf8_lossy(&head)).map_or(Head::Bad, Head::Request));
        }
        if head.len() > MAX_HEAD {
            return Ok(Head::Bad);
        }
    }
}

/// Parses a request head: `GET /a%20b.html?x=1 HTTP/1.1`, then the `Host` and `Origin` headers.
/// `None` when it is not a request: a malformed line or escape, or more than one `Host`.
pub fn parse_request(head: &str) -> Option<Request> {
    let mut lines = head.lines();
    let line = lines.next()?;
    let mut parts = line.split_ascii_whitespace();
    let method = parts.next()?.to_string();
    let mut target = parts.next()?;
    let version = parts.next()?;
    if !version.starts_with("HTTP/") || parts.next().is_some() {
        return None;
    }
    // Absolute form (`http://host/path`), as proxies send it.
    let mut authority = None;
    if let Some(rest) = target.strip_prefix("http://").or_else(|| target.strip_prefix("https://")) {
        let at = rest.find('/').unwrap_or(rest.len());
        authority = Some(rest[..at].to_string());
        target = if at == rest.len() { "/" } else { &rest[at..] };
    }
    let raw = target.split(['?', '#']).next().unwrap_or("");
    let path = percent_decode_strict(raw.strip_prefix('/').unwrap_or(raw))?;
    let mut request = Request { method, path, version: version.to_string(), authority, ..Request::default() };
    for line in lines.take_while(|l| !l.trim().is_empty()) {
        let Some((name, value)) = line.split_once(':') else { continue };
        let value = value.trim().to_string();
        if name.eq_ignore_ascii_case("host") {
            if request.host.is_some() {
                return None;
            }
            request.host = Some(value);
        } else if name.eq_ignore_ascii_case("origin") {
            request.origin = Some(value);
        }
    }
    Some(request)
}

/// True when a decoded request path can name a file of the site: no `.` or `..` segment, no
/// backslash, no NUL or other control character, no leading `/` (after the one stripped). The
/// site lives in memory, so nothing could be read from outside it anyway; such paths are
/// refused outright so that no later change can turn them into an escape.
pub fn safe_path(path: &str) -> bool {
    !path.starts_with('/')
        && !path.chars().any(|c| c == '\\' || c.is_control())
        && !path.split('/').any(|seg| seg == "." || seg == "..")
}

/// The `Content-Type` for a file path, by extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "txt" | "md" => "text/plain; charset=utf-8",
        "xml" | "xhtml" => "application/xhtml+xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "epub" => "application/epub+zip",
        _ => "application/octet-stream",
    }
}

/// The reason phrase of the status codes the server sends.
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Unknown",
    }
}

/// Writes a complete response (`Connection: close`, never cached); the body is left out for
/// `HEAD`.
pub fn write_response(stream: &mut TcpStream, status: u16, content_type: &str, body: &[u8], head_only: bool) -> io::Result<()> {
    let head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        reason(status),
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// Writes the head of a Server-Sent Events stream; events follow with [`write_event`].
pub fn write_event_stream_head(stream: &mut TcpStream) -> io::Result<()> {
    stream.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\nretry: 1000\n: connected\n\n",
    )?;
    stream.flush()
}

/// Writes one Server-Sent Event (`data` must be a single line).
pub fn write_event(stream: &mut TcpStream, event: &str, data: &str) -> io::Result<()> {
    stream.write_all(format!("event: {event}\ndata: {data}\n\n").as_bytes())?;
    stream.flush()
}

/// Writes an SSE comment: keeps proxies from timing out and finds closed connections.
pub fn write_keepalive(stream: &mut TcpStream) -> io::Result<()> {
    stream.write_all(b": ping\n\n")?;
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_lines() {
        let r = parse_request("GET /ch1/a%20b.html?x=1#y HTTP/1.1\r\nHost: x\r\nORIGIN:  http://x \r\n\r\n");
        let want = Request {
            method: "GET".into(),
            path: "ch1/a b.html".into(),
            version: "HTTP/1.1".into(),
            host: Some("x".into()),
            origin: Some("http://x".into()),
            authority: None,
        };
        assert_eq!(r, Some(want));
        let r = parse_request("GET http://127.0.0.1:3000/zh/%E4%B8%AD.html HTTP/1.1\r\n\r\n");
        assert_eq!(r.as_ref().map(|r| r.path.as_str()), Some("zh/中.html"));
        assert_eq!(r.and_then(|r| r.authority).as_deref(), Some("127.0.0.1:3000"));
        assert_eq!(parse_request("GET http://evil.example HTTP/1.1\r\n\r\n").map(|r| (r.path, r.authority)), Some((String::new(), Some("evil.example".into()))));
        assert_eq!(parse_request("GET / HTTP/1.0\r\n\r\n").map(|r| (r.path, r.host)), Some((String::new(), None)));
        assert_eq!(parse_request("GET //etc/passwd HTTP/1.0\r\n\r\n").map(|r| r.path), Some("/etc/passwd".into()));
        assert_eq!(parse_request("GET /%zz HTTP/1.1\r\n\r\n"), None);
        assert_eq!(parse_request("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"), None, "two Host headers");
        assert_eq!(parse_request("hello\r\n\r\n"), None);
    }

    #[test]
    fn unsafe_paths() {
        for ok in ["", "index.html", "ch1/", "a..b/c.html", "zh/中.html", ".well-known/x"] {
            assert!(safe_path(ok), "{ok}");
        }
        for bad in ["..", "../book.toml", "a/../../x", "a/./b", "/etc/passwd", "a\\..\\b", "x\0.png", "a\r\nb"] {
            assert!(!safe_path(bad), "{bad:?}");
        }
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/b.HTML"), "text/html; charset=utf-8");
        assert_eq!(content_type("searchindex-1234.js"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("images/x.svg"), "image/svg+xml");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }
}
