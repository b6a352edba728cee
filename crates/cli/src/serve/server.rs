//! The preview server: a loopback TCP listener serving the in-memory [`Site`], one thread per
//! connection (bounded), the live-reload event stream, and the watcher thread that rebuilds.
//! Every loop checks the stop flag at least every 250 ms, so [`Server::stop`] returns promptly.

use super::http::{self, Request};
use super::rebuild::{Builder, Rebuild};
use super::site::{inject_reload, Site, EVENTS_PATH};
use super::{watch, ServeError, ServeOptions};
use std::io;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError, RwLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Most connections served at once (each event stream holds one).
const MAX_CONNECTIONS: usize = 64;
/// How often idle loops look at the stop flag.
const TICK: Duration = Duration::from_millis(250);
/// An event stream sends a comment this often when idle, to find closed connections.
const KEEPALIVE: Duration = Duration::from_secs(15);
/// Rebuilds kept in [`Stats::rebuilds`].
const HISTORY: usize = 32;

/// The live-reload state the event streams wait on.
#[derive(Debug, Default)]
pub(super) struct Events {
    /// Bumped once per published change.
    pub generation: u64,
    /// The last change's event data: a JSON array of changed pages, or `"*"`.
    pub payload: String,
}

/// State shared by the listener, the connections and the watcher.
#[derive(Debug, Default)]
pub(super) struct Shared {
    pub site: RwLock<Site>,
    pub stop: AtomicBool,
    pub events: Mutex<Events>,
    pub changed: Condvar,
    pub events_sent: AtomicU64,
    pub connections: AtomicUsize,
    pub rebuilds: Mutex<Vec<Rebuild>>,
}

impl Shared {
    pub fn stopping(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    /// Records a rebuild and, when pages changed, tells every connected page.
    pub fn publish(&self, rebuild: Rebuild) {
        let payload = reload_payload(&rebuild.changed);
        {
            let mut history = self.rebuilds.lock().unwrap_or_else(PoisonError::into_inner);
            if history.len() >= HISTORY {
                history.remove(0);
            }
            history.push(rebuild);
        }
        if let Some(payload) = payload {
            let mut events = self.events.lock().unwrap_or_else(PoisonError::into_inner);
            events.generation += 1;
            events.payload = payload;
            self.changed.notify_all();
        }
    }
}

/// The event data for a set of changed output paths: the changed pages, or `"*"` when a
/// stylesheet, script or image changed (any page may show it). `None` when nothing changed.
pub(super) fn reload_payload(changed: &[String]) -> Option<String> {
    if changed.is_empty() {
        return None;
    }
    let search_index = |p: &str| p.starts_with("searchindex-") && p.ends_with(".js");
    if changed.iter().any(|p| !p.ends_with(".html") && !search_index(p)) {
        return Some("\"*\"".into());
    }
    let pages: Vec<&String> = changed.iter().filter(|p| p.ends_with(".html")).collect();
    if pages.is_empty() {
        return None;
    }
    serde_json::to_string(&pages).ok()
}

/// What a running server has done so far.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    /// Number of changes published to pages.
    pub generation: u64,
    /// Reload events written to connected pages, in total.
    pub events_sent: u64,
    /// The last rebuilds, oldest first (at most 32).
    pub rebuilds: Vec<Rebuild>,
    /// Files in the served site.
    pub files: usize,
}

/// A running preview server. Stops on [`Server::stop`] or when dropped.
#[derive(Debug)]
pub struct Server {
    addr: SocketAddr,
    shared: Arc<Shared>,
    threads: Vec<JoinHandle<()>>,
}

impl Server {
    /// Loads and renders the book, starts listening (port 0 picks a free port) and watching.
    pub fn start(options: &ServeOptions) -> Result<Server, ServeError> {
        if !options.host.is_loopback() && !options.allow_non_loopback {
            return Err(ServeError::NonLoopback { host: options.host });
        }
        let (builder, site) = Builder::start(&options.book, options.printer.clone())?;
        let wanted = SocketAddr::new(options.host, options.port);
        let listener = TcpListener::bind(wanted).map_err(|source| ServeError::Bind { addr: wanted, source })?;
        let addr = listener.local_addr().map_err(|source| ServeError::Bind { addr: wanted, source })?;
        listener.set_nonblocking(true).map_err(|source| ServeError::Bind { addr, source })?;
        let shared = Arc::new(Shared { site: RwLock::new(site), ..Shared::default() });
        let watcher = watch::Watch::start(builder, options.debounce, options.printer.clone())?;

        let mut threads = Vec::new();
        let s = shared.clone();
        threads.push(spawn("quire-serve-accept", move || accept_loop(listener, s))?);
        let s = shared.clone();
        threads.push(spawn("quire-serve-watch", move || watcher.run(&s))?);
        Ok(Server { addr, shared, threads })
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://<addr>/`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// A snapshot of what the server has done.
    pub fn stats(&self) -> Stats {
        let generation = self.shared.events.lock().unwrap_or_else(PoisonError::into_inner).generation;
        Stats {
            generation,
            events_sent: self.shared.events_sent.load(Ordering::SeqCst),
            rebuilds: self.shared.rebuilds.lock().unwrap_or_else(PoisonError::into_inner).clone(),
            files: self.shared.site.read().unwrap_or_else(PoisonError::into_inner).len(),
        }
    }

    /// Blocks until the server stops (it runs until stopped, or the process ends).
    pub fn wait(mut self) {
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }

    /// Stops listening, watching and every event stream; waits (at most a second) for open
    /// connections to close.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        self.shared.changed.notify_all();
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
        let deadline = Instant::now() + Duration::from_secs(1);
        while self.shared.connections.load(Ordering::SeqCst) > 0 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if !self.threads.is_empty() {
            self.shutdown();
        }
    }
}

fn spawn(name: &str, f: impl FnOnce() + Send + 'static) -> Result<JoinHandle<()>, ServeError> {
    std::thread::Builder::new().name(name.into()).spawn(f).map_err(ServeError::Thread)
}

/// Accepts connections until stopped; polls (the listener is non-blocking) so it sees the flag.
fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    while !shared.stopping() {
        match listener.accept() {
            Ok((mut stream, _)) => {
                let _ = stream.set_nonblocking(false);
                if shared.connections.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
                    shared.connections.fetch_sub(1, Ordering::SeqCst);
                    let _ = http::write_response(&mut stream, 503, "text/plain; charset=utf-8", b"too many connections\n", false);
                    continue;
                }
                let s = shared.clone();
                let spawned = std::thread::Builder::new().name("quire-serve-conn".into()).spawn(move || {
                    handle(&s, stream);
                    s.connections.fetch_sub(1, Ordering::SeqCst);
                });
                if spawned.is_err() {
                    shared.connections.fetch_sub(1, Ordering::SeqCst);
                }
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => std::thread::sleep(Duration::from_millis(15)),
            Err(_) => std::thread::sleep(Duration::from_millis(50)),
        }
    }
}

/// Serves one connection: one request, one response (or an event stream).
fn handle(shared: &Shared, mut stream: TcpStream) {
    let request = match http::read_request(&mut stream) {
        Ok(Some(r)) => r,
        Ok(None) => {
            let _ = http::write_response(&mut stream, 400, "text/plain; charset=utf-8", b"bad request\n", false);
            return;
        }
        Err(_) => return,
    };
    let Request { method, path } = request;
    if method != "GET" && method != "HEAD" {
        let _ = http::write_response(&mut stream, 405, "text/plain; charset=utf-8", b"only GET and HEAD\n", false);
        return;
    }
    let head_only = method == "HEAD";
    if path == EVENTS_PATH {
        let _ = event_stream(shared, &mut stream);
        return;
    }
    let (found, not_found_page) = {
        let site = shared.site.read().unwrap_or_else(PoisonError::into_inner);
        (site.lookup(&path), site.get("404.html"))
    };
    let _ = match (found, not_found_page) {
        (Some((file, data)), _) => {
            let ct = http::content_type(&file);
            if file.ends_with(".html") {
                http::write_response(&mut stream, 200, ct, &inject_reload(&data), head_only)
            } else {
                http::write_response(&mut stream, 200, ct, &data, head_only)
            }
        }
        (None, Some(page)) => http::write_response(&mut stream, 404, "text/html; charset=utf-8", &inject_reload(&page), head_only),
        (None, None) => http::write_response(&mut stream, 404, "text/plain; charset=utf-8", b"404 Not Found\n", head_only),
    };
}

/// Streams `reload` events to one page until it goes away or the server stops.
fn event_stream(shared: &Shared, stream: &mut TcpStream) -> io::Result<()> {
    let mut seen = shared.events.lock().unwrap_or_else(PoisonError::into_inner).generation;
    http::write_event_stream_head(stream)?;
    let mut idle = Duration::ZERO;
    while !shared.stopping() {
        let events = shared.events.lock().unwrap_or_else(PoisonError::into_inner);
        let (events, _) = shared
            .changed
            .wait_timeout_while(events, TICK, |e| e.generation == seen && !shared.stopping())
            .unwrap_or_else(PoisonError::into_inner);
        if events.generation != seen {
            seen = events.generation;
            let payload = events.payload.clone();
            drop(events);
            http::write_event(stream, "reload", &payload)?;
            shared.events_sent.fetch_add(1, Ordering::SeqCst);
            idle = Duration::ZERO;
        } else {
            drop(events);
            idle += TICK;
            if idle >= KEEPALIVE {
                http::write_keepalive(stream)?;
                idle = Duration::ZERO;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads() {
        assert_eq!(reload_payload(&[]), None);
        assert_eq!(reload_payload(&["a.html".into(), "searchindex-1.js".into()]).as_deref(), Some("[\"a.html\"]"));
        assert_eq!(reload_payload(&["searchindex-1.js".into()]), None);
        assert_eq!(reload_payload(&["a.html".into(), "images/x.png".into()]).as_deref(), Some("\"*\""));
    }
}
