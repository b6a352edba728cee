//! Just enough HTTP/1.1 for a local preview server: read one `GET`/`HEAD` request line and its
//! headers (bounded in size and time), write one response and close the connection. No
//! keep-alive, no request bodies, no chunked encoding.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// The largest request head (request line and headers) that is read.
const MAX_HEAD: usize = 16 * 1024;

/// How long a client may take to send its request.
const READ_TIMEOUT: Duration = Duration::from_secs(5);

/// One parsed request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// `GET`, `HEAD`, …
    pub method: String,
    /// The decoded path without the leading `/`, query or fragment (`""` for the root).
    pub path: String,
}

/// Reads a request head from `stream`. `Ok(None)` when the client sent something that is not a
/// request we understand (closed early, too long, not HTTP).
pub fn read_request(stream: &mut TcpStream) -> io::Result<Option<Request>> {
    stream.set_read_timeout(Some(READ_TIMEOUT))?;
    let mut head = Vec::with_capacity(1024);
    let mut buf = [0u8; 2048];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && !head.windows(2).any(|w| w == b"\n\n") {
        if head.len() > MAX_HEAD {
            return Ok(None);
        }
        let n = stream.read(&mut buf)?;
        if n == 0 {
            return Ok(None);
        }
        head.extend_from_slice(&buf[..n]);
    }
    Ok(parse_request_line(&String::from_utf8_lossy(&head)))
}

/// Parses the first line of a request head: `GET /a%20b.html?x=1 HTTP/1.1`.
pub fn parse_request_line(head: &str) -> Option<Request> {
    let line = head.lines().next()?;
    let mut parts = line.split_ascii_whitespace();
    let method = parts.next()?.to_string();
    let mut target = parts.next()?;
    if !parts.next()?.starts_with("HTTP/") {
        return None;
    }
    // Absolute form (`http://host/path`), as proxies send it.
    if let Some(rest) = target.strip_prefix("http://").or_else(|| target.strip_prefix("https://")) {
        target = rest.find('/').map_or("/", |i| &rest[i..]);
    }
    let raw = target.split(['?', '#']).next().unwrap_or("");
    let path = percent_decode(raw.trim_start_matches('/'))?;
    Some(Request { method, path })
}

/// Decodes `%XX` escapes (UTF-8); `None` for a malformed escape or invalid UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
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
        404 => "Not Found",
        405 => "Method Not Allowed",
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
        let r = parse_request_line("GET /ch1/a%20b.html?x=1#y HTTP/1.1\r\nHost: x\r\n\r\n");
        assert_eq!(r, Some(Request { method: "GET".into(), path: "ch1/a b.html".into() }));
        let r = parse_request_line("GET http://127.0.0.1:3000/zh/%E4%B8%AD.html HTTP/1.1\r\n\r\n");
        assert_eq!(r.map(|r| r.path), Some("zh/中.html".into()));
        assert_eq!(parse_request_line("GET / HTTP/1.0\r\n\r\n").map(|r| r.path), Some(String::new()));
        assert_eq!(parse_request_line("GET /%zz HTTP/1.1\r\n\r\n"), None);
        assert_eq!(parse_request_line("hello\r\n\r\n"), None);
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/b.HTML"), "text/html; charset=utf-8");
        assert_eq!(content_type("searchindex-1234.js"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("images/x.svg"), "image/svg+xml");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }
}
