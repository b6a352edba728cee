//! The preview server: a loopback TCP listener serving the in-memory [`Site`], one thread per
//! connection, the live-reload event stream, and the watcher thread that rebuilds. Every loop
//! checks the stop flag at least every 250 ms, so [`Server::stop`] returns promptly.
//!
//! Slow or many clients cannot starve it (see [`Limits`]): a connection must send its whole
//! request head within the header deadline, and while it does it holds no request slot; when
//! too many are still sending, the one that has waited longest is closed. Page requests and
//! live-reload streams have separate caps, and a stream whose page closed is dropped within a
//! tick. Requests naming a foreign host are refused ([`HostPolicy`]).

use super::host_guard::HostPolicy;
use super::http::{self, Head, Request};
use super::rebuild::{Builder, Rebuild};
use super::site::{error_page, inject_reload, Site, EVENTS_PATH};
use super::{watch, Limits, ServeError, ServeOptions};
use std::collections::HashMap;
use std::io::{self, Read};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError, RwLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How often a live-reload stream looks whether its page went away.
const STREAM_TICK: Duration = Duration::from_millis(100);
/// Rebuilds kept in [`Stats::rebuilds`].
const HISTORY: usize = 32;
/// Stack of a connection thread (it parses a head and copies a page: little).
const CONNECTION_STACK: usize = 256 * 1024;
/// Stack of the rebuild thread: the main thread's, so that serve builds what `build` builds.
const BUILD_STACK: usize = 8 * 1024 * 1024;

/// The live-reload state the event streams wait on.
#[derive(Debug, Default)]
pub(super) struct Events {
    /// Bumped once per published change.
    pub generation: u64,
    /// The last change's event data: a JSON array of changed pages, or `"*"`.
    pub payload: String,
}

/// Connections still sending their request head, oldest first by id.
#[derive(Debug, Default)]
pub(super) struct Pending {
    next: u64,
    open: HashMap<u64, TcpStream>,
}

/// State shared by the listener, the connections and the watcher.
#[derive(Debug, Default)]
pub(super) struct Shared {
    pub site: RwLock<Site>,
    pub stop: AtomicBool,
    pub events: Mutex<Events>,
    pub changed: Condvar,
    pub events_sent: AtomicU64,
    /// Connection threads alive.
    pub connections: AtomicUsize,
    /// Page and file responses being written.
    pub requests: AtomicUsize,
    /// Live-reload streams open.
    pub streams: AtomicUsize,
    pub pending: Mutex<Pending>,
    pub rebuilds: Mutex<Vec<Rebuild>>,
    pub limits: Limits,
    pub policy: HostPolicy,
}

impl Shared {
    pub fn stopping(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    /// Records a rebuild and, when pages changed, tells every connected page. After a failed
    /// rebuild every page is told, since every page showed the error.
    pub fn publish(&self, rebuild: Rebuild) {
        let recovered = self.site.write().unwrap_or_else(PoisonError::into_inner).clear_failure();
        let payload = if recovered { Some("\"*\"".to_string()) } else { reload_payload(&rebuild.changed) };
        {
            let mut history = self.rebuilds.lock().unwrap_or_else(PoisonError::into_inner);
            if history.len() >= HISTORY {
                history.remove(0);
            }
            history.push(rebuild);
        }
        if let Some(payload) = payload {
            self.notify(payload);
        }
    }

    /// The manuscript did not build: every page shows `report` until a rebuild succeeds.
    pub fn fail(&self, report: &str) {
        self.site.write().unwrap_or_else(PoisonError::into_inner).set_failure(error_page(report));
        self.notify("\"*\"".into());
    }

    fn notify(&self, payload: String) {
        let mut events = self.events.lock().unwrap_or_else(PoisonError::into_inner);
        events.generation += 1;
        events.payload = payload;
        self.changed.notify_all();
    }

    /// Registers a connection that is about to send its request head; when
    /// [`Limits::max_pending`] already are, closes the one that has waited longest. `None` when
    /// the socket cannot be shared.
    fn admit(&self, stream: &TcpStream) -> Option<u64> {
        let clone = stream.try_clone().ok()?;
        let mut pending = self.pending.lock().unwrap_or_else(PoisonError::into_inner);
        while pending.open.len() >= self.limits.max_pending.max(1) {
            let Some(oldest) = pending.open.keys().min().copied() else { break };
            if let Some(s) = pending.open.remove(&oldest) {
                let _ = s.shutdown(Shutdown::Both);
            }
        }
        let id = pending.next;
        pending.next += 1;
        pending.open.insert(id, clone);
        Some(id)
    }

    /// The connection `id` has its head (or is done).
    fn release(&self, id: u64) {
        self.pending.lock().unwrap_or_else(PoisonError::into_inner).open.remove(&id);
    }
}

/// One taken slot of a capped kind (requests, streams), given back when dropped.
struct Slot<'a>(&'a AtomicUsize);

impl<'a> Slot<'a> {
    /// Takes a slot when fewer than `cap` are taken.
    fn take(count: &'a AtomicUsize, cap: usize) -> Option<Slot<'a>> {
        count.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| (n < cap).then_some(n + 1)).ok().map(|_| Slot(count))
    }
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
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
    /// Live-reload streams open now.
    pub streams: usize,
    /// Connections still sending their request head now.
    pub pending: usize,
    /// True while the last rebuild failed and pages show the error page.
    pub failed: bool,
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
        let shared = Arc::new(Shared {
            site: RwLock::new(site),
            limits: options.limits.clone(),
            policy: HostPolicy::new(&options.allowed_hosts, options.host),
            ..Shared::default()
        });
        let watcher = watch::Watch::start(builder, options.debounce, options.printer.clone())?;

        let mut threads = Vec::new();
        let s = shared.clone();
        threads.push(spawn("quire-serve-accept", None, move || accept_loop(listener, s))?);
        let s = shared.clone();
        threads.push(spawn("quire-serve-watch", Some(BUILD_STACK), move || watcher.run(&s))?);
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
        let (files, failed) = {
            let site = self.shared.site.read().unwrap_or_else(PoisonError::into_inner);
            (site.len(), site.failure().is_some())
        };
        Stats {
            generation,
            events_sent: self.shared.events_sent.load(Ordering::SeqCst),
            rebuilds: self.shared.rebuilds.lock().unwrap_or_else(PoisonError::into_inner).clone(),
            files,
            streams: self.shared.streams.load(Ordering::SeqCst),
            pending: self.shared.pending.lock().unwrap_or_else(PoisonError::into_inner).open.len(),
            failed,
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

fn spawn(name: &str, stack: Option<usize>, f: impl FnOnce() + Send + 'static) -> Result<JoinHandle<()>, ServeError> {
    let mut builder = std::thread::Builder::new().name(name.into());
    if let Some(size) = stack {
        builder = builder.stack_size(size);
    }
    builder.spawn(f).map_err(ServeError::Thread)
}

/// Accepts connections until stopped; polls (the listener is non-blocking) so it sees the flag.
/// Every connection gets a thread; none is refused here (the caps apply once its head is read).
fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    while !shared.stopping() {
        match listener.accept() {
            Ok((stream, _)) => {
                let _ = stream.set_nonblocking(false);
                let Some(id) = shared.admit(&stream) else { continue };
                shared.connections.fetch_add(1, Ordering::SeqCst);
                let s = shared.clone();
                let spawned = std::thread::Builder::new().name("quire-serve-conn".into()).stack_size(CONNECTION_STACK).spawn(move || {
                    handle(&s, stream, id);
                    s.connections.fetch_sub(1, Ordering::SeqCst);
                });
                if spawned.is_err() {
                    shared.release(id);
                    shared.connections.fetch_sub(1, Ordering::SeqCst);
                }
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => std::thread::sleep(Duration::from_millis(5)),
            Err(_) => std::thread::sleep(Duration::from_millis(50)),
        }
    }
}

/// A short plain-text response.
fn plain(stream: &mut TcpStream, status: u16, text: &str) {
    let _ = http::write_response(stream, status, "text/plain; charset=utf-8", text.as_bytes(), false);
}

/// Serves one connection: one request, one response (or an event stream).
fn handle(shared: &Shared, mut stream: TcpStream, id: u64) {
    let limits = &shared.limits;
    let head = http::read_request(&mut stream, Instant::now() + limits.header_timeout, &shared.stop);
    shared.release(id);
    let _ = stream.set_write_timeout(Some(limits.header_timeout.max(Duration::from_millis(1))));
    let request = match head {
        Ok(Head::Request(r)) => r,
        Ok(Head::Bad) => return plain(&mut stream, 400, "bad request\n"),
        Ok(Head::TimedOut) => return plain(&mut stream, 408, "request head not received in time\n"),
        Ok(Head::Closed) | Err(_) => return,
    };
    if let Err((status, why)) = admissible(shared, &request) {
        return plain(&mut stream, status, why);
    }
    let Request { method, path, .. } = request;
    let head_only = method == "HEAD";
    if path == EVENTS_PATH {
        let Some(_slot) = Slot::take(&shared.streams, limits.max_streams) else {
            return plain(&mut stream, 503, "too many live-reload streams\n");
        };
        let _ = event_stream(shared, &mut stream);
        return;
    }
    let Some(_slot) = Slot::take(&shared.requests, limits.max_requests) else {
        return plain(&mut stream, 503, "too many requests\n");
    };
    let (found, not_found_page, failure) = {
        let site = shared.site.read().unwrap_or_else(PoisonError::into_inner);
        (site.lookup(&path), site.not_found_page(), site.failure())
    };
    let _ = match (found, not_found_page, failure) {
        (found, _, Some(page)) if found.as_ref().is_none_or(|(file, _)| file.ends_with(".html")) => {
            http::write_response(&mut stream, 500, "text/html; charset=utf-8", &inject_reload(&page), head_only)
        }
        (Some((file, data)), _, _) => {
            let ct = http::content_type(&file);
            if file.ends_with(".html") {
                http::write_response(&mut stream, 200, ct, &inject_reload(&data), head_only)
            } else {
                http::write_response(&mut stream, 200, ct, &data, head_only)
            }
        }
        (None, Some(page), _) => http::write_response(&mut stream, 404, "text/html; charset=utf-8", &inject_reload(&page), head_only),
        (None, None, _) => http::write_response(&mut stream, 404, "text/plain; charset=utf-8", b"404 Not Found\n", head_only),
    };
}

/// Why a request is not answered: its status and a short body. Checks, in order, that it names
/// this server (`Host`, an absolute target's authority, `Origin`), its method and its path.
fn admissible(shared: &Shared, r: &Request) -> Result<(), (u16, &'static str)> {
    let policy = &shared.policy;
    match &r.host {
        Some(host) if !policy.allows_host(host) => return Err((403, "forbidden: unknown Host (see --allow-host)\n")),
        None if r.version != "HTTP/1.0" => return Err((400, "bad request: no Host header\n")),
        _ => {}
    }
    if r.authority.as_deref().is_some_and(|a| !policy.allows_host(a)) {
        return Err((403, "forbidden: unknown host in the request target (see --allow-host)\n"));
    }
    if r.origin.as_deref().is_some_and(|o| !policy.allows_origin(o)) {
        return Err((403, "forbidden: unknown Origin (see --allow-host)\n"));
    }
    if r.method != "GET" && r.method != "HEAD" {
        return Err((405, "only GET and HEAD\n"));
    }
    if !http::safe_path(&r.path) {
        return Err((403, "forbidden path\n"));
    }
    Ok(())
}

/// Streams `reload` events to one page until it goes away or the server stops. A comment is
/// written every [`Limits::heartbeat`], and the socket is looked at every [`STREAM_TICK`]: a
/// page that closed is noticed by the end of file (or the failed write) and dropped at once.
fn event_stream(shared: &Shared, stream: &mut TcpStream) -> io::Result<()> {
    let mut seen = shared.events.lock().unwrap_or_else(PoisonError::into_inner).generation;
    http::write_event_stream_head(stream)?;
    let mut last_write = Instant::now();
    while !shared.stopping() {
        let events = shared.events.lock().unwrap_or_else(PoisonError::into_inner);
        let (events, _) = shared
            .changed
            .wait_timeout_while(events, STREAM_TICK, |e| e.generation == seen && !shared.stopping())
            .unwrap_or_else(PoisonError::into_inner);
        if events.generation != seen {
            seen = events.generation;
            let payload = events.payload.clone();
            drop(events);
            http::write_event(stream, "reload", &payload)?;
            shared.events_sent.fetch_add(1, Ordering::SeqCst);
            last_write = Instant::now();
        } else {
            drop(events);
            if last_write.elapsed() >= shared.limits.heartbeat {
                http::write_keepalive(stream)?;
                last_write = Instant::now();
            }
        }
        if peer_closed(stream) {
            return Ok(());
        }
    }
    Ok(())
}

/// True when the client closed its side (an event-stream client sends nothing after its
/// request, so end of file means the page went away) or the socket failed. Bytes it did send
/// are read and dropped.
fn peer_closed(stream: &TcpStream) -> bool {
    if stream.set_nonblocking(true).is_err() {
        return true;
    }
    let mut buf = [0u8; 256];
    let result = (&*stream).read(&mut buf);
    let restored = stream.set_nonblocking(false).is_ok();
    match result {
        Ok(0) => true,
        Ok(_) => !restored,
        Err(e) if matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::Interrupted) => !restored,
        Err(_) => true,
    }
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
