//! Watching the manuscript (notify): the book root recursively, plus the folders of files it
//! reads from outside the root. Events are debounced (a save often arrives as several events),
//! then the [`Builder`] rebuilds and the server publishes the change. Every wait is bounded, so
//! the loop sees the stop flag. A rebuild that fails, or panics, puts the error page up
//! ([`Shared::fail`]) and the loop goes on: the next save that builds takes it down.

use quire_core::Code;
use super::print::Printer;
use super::rebuild::{Builder, Rebuild, RebuildKind};
use super::server::Shared;
use super::ServeError;
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// The longest a burst of events is collected before rebuilding anyway.
const MAX_DEBOUNCE: Duration = Duration::from_secs(1);
/// How often the loop looks at the stop flag while idle.
const TICK: Duration = Duration::from_millis(100);
/// Quiet time after a chapter-only rebuild before the owed full render runs.
const SETTLE_AFTER: Duration = Duration::from_millis(300);

/// The watcher and the rebuild loop.
#[derive(Debug)]
pub struct Watch {
    builder: Builder,
    watcher: RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
    watched: Vec<(PathBuf, bool)>,
    debounce: Duration,
    printer: Printer,
}

impl Watch {
    /// Starts watching the folders of the loaded book.
    pub fn start(builder: Builder, debounce: Duration, printer: Printer) -> Result<Watch, ServeError> {
        let (tx, events) = std::sync::mpsc::channel();
        let watcher = notify::recommended_watcher(tx).map_err(|source| ServeError::Watch { path: PathBuf::new(), source })?;
        let mut watch = Watch { builder, watcher, events, watched: Vec::new(), debounce, printer };
        watch.update_watches(true)?;
        Ok(watch)
    }

    /// Adds watches for folders the book now reads from. The first call fails on an unwatchable
    /// root; later ones only warn.
    fn update_watches(&mut self, first: bool) -> Result<(), ServeError> {
        for (path, recursive) in self.builder.watch_roots() {
            if self.watched.contains(&(path.clone(), recursive)) {
                continue;
            }
            let mode = if recursive { RecursiveMode::Recursive } else { RecursiveMode::NonRecursive };
            match self.watcher.watch(&path, mode) {
                Ok(()) => self.watched.push((path, recursive)),
                Err(source) if first && self.watched.is_empty() => return Err(ServeError::Watch { path, source }),
                Err(e) => self.printer.error(Code::WatchFailed, format!("cannot watch {}: {e}", path.display())),
            }
        }
        Ok(())
    }

    /// Runs until the server stops: waits for changes, rebuilds, publishes.
    pub fn run(mut self, shared: &Shared) {
        while !shared.stopping() {
            let wait = if self.builder.settle_due() { SETTLE_AFTER } else { TICK };
            let first = match self.events.recv_timeout(wait) {
                Ok(ev) => ev,
                Err(RecvTimeoutError::Timeout) => {
                    match catch_unwind(AssertUnwindSafe(|| self.builder.settle(&shared.site))) {
                        Ok(Some(r)) => {
                            self.report(&r, None);
                            shared.publish(r);
                        }
                        Ok(None) => {}
                        Err(panic) => self.crashed(shared, panic.as_ref()),
                    }
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => break,
            };
            let started = Instant::now();
            let mut paths = BTreeSet::new();
            self.collect(first, &mut paths);
            while started.elapsed() < MAX_DEBOUNCE {
                match self.events.recv_timeout(self.debounce) {
                    Ok(ev) => self.collect(ev, &mut paths),
                    Err(_) => break,
                }
            }
            let paths: Vec<PathBuf> = paths.into_iter().filter(|p| !self.builder.ignored(p)).collect();
            if paths.is_empty() {
                continue;
            }
            match catch_unwind(AssertUnwindSafe(|| self.builder.rebuild(&paths, &shared.site))) {
                Ok(Ok(Some(r))) => {
                    self.report(&r, Some(started.elapsed()));
                    let full = r.kind == RebuildKind::Full;
                    shared.publish(r);
                    if full {
                        let _ = self.update_watches(false);
                    }
                    // The pages are served: now the search index, by delta.
                    match catch_unwind(AssertUnwindSafe(|| self.builder.update_search(&shared.site))) {
                        Ok(Some(r)) => {
                            self.report(&r, Some(started.elapsed()));
                            shared.publish(r);
                        }
                        Ok(None) => {}
                        Err(panic) => self.crashed(shared, panic.as_ref()),
                    }
                }
                Ok(Ok(None)) => {}
                Ok(Err(report)) => shared.fail(&report),
                Err(panic) => self.crashed(shared, panic.as_ref()),
            }
        }
    }

    /// A rebuild panicked (a bug: no input should do that): says so, and shows it in the pages.
    fn crashed(&self, shared: &Shared, panic: &(dyn std::any::Any + Send)) {
        let what = panic.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| panic.downcast_ref::<String>().cloned()).unwrap_or_default();
        let message = format!("the rebuild crashed: {what} (please report this as a bug); still serving, save again to retry");
        self.printer.error(Code::RebuildCrashed, message.clone());
        shared.fail(&format!("error[{}]: {message}", Code::RebuildCrashed));
    }

    fn collect(&self, event: notify::Result<notify::Event>, paths: &mut BTreeSet<PathBuf>) {
        match event {
            // Reads (ours included: every rebuild reads the manuscript) change nothing.
            Ok(ev) if matches!(ev.kind, EventKind::Access(_)) => {}
            Ok(ev) => paths.extend(ev.paths),
            Err(e) => self.printer.error(Code::WatchFailed, e.to_string()),
        }
    }

    /// Prints what a rebuild did and how long it took.
    fn report(&self, r: &Rebuild, since_change: Option<Duration>) {
        let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1000.0);
        let pages = |n: usize| if n == 1 { "1 file".to_string() } else { format!("{n} files") };
        let after = since_change.map(|d| format!("; {} after the change", ms(d))).unwrap_or_default();
        let what = match &r.kind {
            RebuildKind::Chapters(files) => files.join(", "),
            RebuildKind::Full => "the whole site".to_string(),
            RebuildKind::Settle => "the print page, search index name and links".to_string(),
            RebuildKind::SearchIndex(Some(1)) => "the search index (1 chapter indexed again)".to_string(),
            RebuildKind::SearchIndex(Some(n)) => format!("the search index ({n} chapters indexed again)"),
            RebuildKind::SearchIndex(None) => "the search index (the whole book indexed again)".to_string(),
        };
        let label = match r.kind {
            RebuildKind::Settle => "Refreshed",
            RebuildKind::SearchIndex(_) => "Indexed",
            _ => "Rebuilt",
        };
        self.printer.status(
            label,
            format!("{what}: {} changed in {} (load {}, render {}{after})", pages(r.changed.len()), ms(r.total()), ms(r.load), ms(r.render)),
        );
    }
}
