//! `publish serve`: a local preview of the HTML site with live reload.
//!
//! The book is rendered into memory (nothing is written to disk) and served over HTTP on a
//! loopback address. The manuscript is watched; on a change the book is reloaded and only what
//! changed is re-rendered (see [`rebuild`]), then every open page that changed reloads itself:
//! served pages (not the built files) carry a small script listening to the Server-Sent Events
//! stream at `/__quire/events`.
//!
//! ```no_run
//! use quire_cli::serve::{Server, ServeOptions};
//! let server = Server::start(&ServeOptions::new("manuscript").with_port(0))?;
//! println!("serving on {}", server.url());
//! server.stop();
//! # Ok::<(), quire_cli::serve::ServeError>(())
//! ```

mod command;
pub mod host_guard;
pub mod http;
pub mod print;
pub mod rebuild;
mod search_index;
mod server;
pub mod site;
mod watch;

pub use command::{run_command, ServeArgs};
pub use print::Printer;
pub use rebuild::{Rebuild, RebuildKind};
pub use server::{Server, Stats};

use quire_core::Code;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

/// What to serve and how.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The book folder.
    pub book: PathBuf,
    /// Address to listen on; loopback unless [`ServeOptions::allow_non_loopback`].
    pub host: IpAddr,
    /// Port; 0 picks a free one.
    pub port: u16,
    /// Allow a non-loopback `host` (the user named it explicitly).
    pub allow_non_loopback: bool,
    /// Quiet time that ends a burst of file events before rebuilding.
    pub debounce: Duration,
    /// Open the site in the default browser once it is served.
    pub open: bool,
    /// Where status lines and diagnostics go.
    pub printer: Printer,
    /// Host names accepted in `Host` and `Origin` besides the loopback names (`--allow-host`);
    /// a leading dot (`.example.test`) accepts the name and every subdomain. See [`host_guard`].
    pub allowed_hosts: Vec<String>,
    /// Deadlines and caps on connections.
    pub limits: Limits,
}

/// Deadlines and caps that keep slow or many clients from starving the preview.
///
/// A connection first waits for its request head with [`Limits::header_timeout`]; at most
/// [`Limits::max_pending`] do so at once, and when more arrive the one that has waited longest is
/// closed. Then a page or file request takes one of [`Limits::max_requests`] slots for as long
/// as its response is written, while a live-reload stream takes one of
/// [`Limits::max_streams`] separate slots, freed within a tick of the page closing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Time a client has to send its whole request head (and to take a response); the
    /// connection is closed after it. Default 10 s.
    pub header_timeout: Duration,
    /// Connections still sending their request head at once. Default 256.
    pub max_pending: usize,
    /// Page and file responses being written at once; more get 503. Default 64.
    pub max_requests: usize,
    /// Live-reload streams open at once; more get 503. Default 256.
    pub max_streams: usize,
    /// A live-reload stream writes a comment this often, to notice closed pages. Default 1 s.
    pub heartbeat: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_timeout: Duration::from_secs(10),
            max_pending: 256,
            max_requests: 64,
            max_streams: 256,
            heartbeat: Duration::from_secs(1),
        }
    }
}

impl ServeOptions {
    /// Serving `book` on 127.0.0.1:3000, 50 ms debounce, printing to stderr.
    pub fn new(book: impl Into<PathBuf>) -> Self {
        ServeOptions {
            book: book.into(),
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 3000,
            allow_non_loopback: false,
            debounce: Duration::from_millis(50),
            open: false,
            printer: Printer::default(),
            allowed_hosts: Vec::new(),
            limits: Limits::default(),
        }
    }

    /// The same, on another port.
    pub fn with_port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// The same, printing through `printer`.
    pub fn with_printer(mut self, printer: Printer) -> Self {
        self.printer = printer;
        self
    }
}

/// Why serving failed.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The book did not load.
    #[error(transparent)]
    Load(#[from] quire_core::LoadError),
    /// A preprocessor failed on the first build (printed already).
    #[error("{0}")]
    Preprocess(String),
    /// The HTML renderer failed.
    #[error(transparent)]
    Render(#[from] quire_html::RenderError),
    /// A non-loopback address that the user did not ask for explicitly.
    #[error("refusing to serve on {host}: not a loopback address (name it with --host to serve to other machines)")]
    NonLoopback {
        /// The address.
        host: IpAddr,
    },
    /// No BOOK was given and the current folder holds no book.
    #[error("{0}")]
    NoBook(String),
    /// `--host` is not an IP address or `localhost`.
    #[error("invalid --host `{0}`: expected an IP address such as 127.0.0.1, or localhost")]
    BadHost(String),
    /// The address could not be listened on (in use, not local).
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// The manuscript folder could not be watched.
    #[error("cannot watch {}: {source}", path.display())]
    Watch {
        /// The folder.
        path: PathBuf,
        /// The watcher's error.
        #[source]
        source: notify::Error,
    },
    /// A server thread could not be started.
    #[error("cannot start a thread: {0}")]
    Thread(#[source] std::io::Error),
}

/// Serves the book until the process is stopped (Ctrl-C): starts a [`Server`], prints its URL,
/// opens a browser when asked, and waits.
pub fn serve(options: &ServeOptions) -> Result<(), ServeError> {
    let server = Server::start(options)?;
    let url = server.url();
    let stats = server.stats();
    options.printer.status("Serving", format!("{} ({} files; Ctrl-C to stop)", url, stats.files));
    if !options.host.is_loopback() {
        options.printer.status("Warning", format!("{} is reachable from other machines", server.addr()));
    }
    if options.open {
        if let Err(e) = open_browser(&url) {
            options.printer.error(Code::OpenFailed, format!("cannot open a browser: {e}"));
        }
    }
    server.wait();
    Ok(())
}

/// Opens `url` with the desktop's default browser.
fn open_browser(url: &str) -> std::io::Result<()> {
    let mut cmd = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    cmd.arg(url).stdin(std::process::Stdio::null()).stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null());
    cmd.spawn().map(|_| ())
}
