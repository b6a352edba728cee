//! Files and include expansions kept from one load of a book to the next: a value the caller
//! owns (the `publish serve` rebuilder does), never process-wide state. See
//! [`crate::load::load_raw_cached`].
//!
//! **Files.** A file is kept with its size and full-precision modification time (its
//! stamp). A later load asks the source for the file's metadata only, and takes the kept text
//! when the stamp is the same and the caller did not name the file as changed
//! ([`SourceCache::mark_changed`]: the watcher's list, which also catches an edit that keeps the
//! size within the file system's clock tick). A source without modification times
//! ([`crate::MemorySource`]) is always read again.
//!
//! **Expansions.** A chapter's include expansion ([`crate::include::expand_chapter`]) is kept
//! with every step it took: each included path it looked up and what that resolved to, each file
//! it read, the id the file got and whether that read added it to the source map, and the
//! diagnostics it made. A later load replays the steps: the lookups must resolve the same way and
//! the reads must give the same ids and the same texts (the very kept copies, so a file that
//! changed fails the replay); then the kept expansion and diagnostics are used, else the chapter
//! is expanded again (from kept texts where they are current). So a chapter that includes an
//! edited file is expanded again, and one whose include appeared or went away too.
//!
//! The cache is bounded by the book: after each load only what that load used is kept.

use crate::diag::Diagnostic;
use crate::files::Files;
use crate::expand::ExpandedSource;
use crate::include::Variables;
use crate::source::Metadata;
use crate::span::{FileId, SourceFile};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

/// What a regular file looked like when it was read: its size and modification time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stamp {
    len: u64,
    modified: SystemTime,
}

impl Stamp {
    /// The stamp of a regular file with a full-precision modification time; `None` otherwise.
    pub(crate) fn of(meta: &Metadata) -> Option<Stamp> {
        if !meta.is_file() {
            return None;
        }
        Some(Stamp { len: meta.len, modified: meta.modified_at? })
    }

    /// The size in bytes.
    pub(crate) fn len(&self) -> u64 {
        self.len
    }
}

/// A file's text as last read, with what decoding it found.
#[derive(Debug, Clone)]
pub(crate) struct KeptFile {
    pub(crate) stamp: Stamp,
    pub(crate) file: Arc<SourceFile>,
    pub(crate) lossy: bool,
    pub(crate) encoding: Option<&'static str>,
    pub(crate) mtime: Option<i64>,
}

/// One step of an expansion, replayed to check that it would go the same way.
#[derive(Debug, Clone)]
pub(crate) enum Step {
    /// An included path looked up, and what it resolved to (`None`: nothing there).
    Lookup { target: PathBuf, found: Option<PathBuf> },
    /// A file read, and the id and text it gave (`None`: the read failed).
    Read { path: PathBuf, got: Option<(FileId, Arc<SourceFile>)> },
}

/// A step as recorded: with the range of the loader's diagnostics it pushed itself (a read's
/// invalid UTF-8 warning, pushed again by the replayed read when it is the load's first).
#[derive(Debug, Clone)]
pub(crate) struct Noted {
    pub(crate) step: Step,
    pub(crate) diagnostics: std::ops::Range<usize>,
}

/// What an expansion depended on besides its files.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Context {
    gitbook: bool,
    variables: Variables,
    max_include: u64,
    root: PathBuf,
    allow: Vec<PathBuf>,
}

/// A chapter's expansion, with the steps that made it.
#[derive(Debug, Clone)]
struct KeptExpansion {
    context: Context,
    file: FileId,
    text: Arc<SourceFile>,
    steps: Vec<Step>,
    /// The diagnostics the expansion made (not its reads'), each with the number of steps
    /// taken before it.
    diagnostics: Vec<(usize, Diagnostic)>,
    source: Arc<ExpandedSource>,
    title: Option<String>,
}

/// What the last load through the cache did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheStats {
    /// Files read from the source.
    pub read: usize,
    /// Files whose kept text was current (only their metadata was asked for).
    pub reused: usize,
    /// Chapters (and the 404 page) expanded.
    pub expanded: usize,
    /// Chapters whose kept expansion was current.
    pub replayed: usize,
}

/// Files and expansions kept between loads. See the module docs.
#[derive(Debug, Default)]
pub struct SourceCache {
    files: HashMap<PathBuf, KeptFile>,
    expansions: HashMap<PathBuf, KeptExpansion>,
    /// Paths named as changed since the last load: read again whatever their stamp says.
    changed: HashSet<PathBuf>,
    used_files: HashSet<PathBuf>,
    used_expansions: HashSet<PathBuf>,
    stats: CacheStats,
}

impl SourceCache {
    /// An empty cache: the first load through it reads and expands everything.
    pub fn new() -> Self {
        SourceCache::default()
    }

    /// Names files that changed (absolute paths, canonical as the loader reads them): the next
    /// load reads them again even when their size and modification time look the same.
    pub fn mark_changed<I: IntoIterator<Item = PathBuf>>(&mut self, paths: I) {
        self.changed.extend(paths);
    }

    /// What the last load did.
    pub fn stats(&self) -> CacheStats {
        self.stats
    }

    /// Files kept.
    pub fn files(&self) -> usize {
        self.files.len()
    }

    /// Expansions kept.
    pub fn expansions(&self) -> usize {
        self.expansions.len()
    }

    /// The kept text of `canonical`, when `meta` says it is current and nobody named it changed.
    pub(crate) fn current(&self, canonical: &Path, meta: &Metadata, max: u64, shown: &Path) -> Option<&KeptFile> {
        let stamp = Stamp::of(meta)?;
        if stamp.len() > max || self.changed.contains(canonical) {
            return None;
        }
        self.files.get(canonical).filter(|f| f.stamp == stamp && f.file.path == shown)
    }

    /// The kept copy of a file just read, when its text is the same (a save that changed
    /// nothing): expansions that read it stay current.
    pub(crate) fn same_text(&self, canonical: &Path, file: &SourceFile) -> Option<Arc<SourceFile>> {
        self.files.get(canonical).filter(|f| f.file.path == file.path && f.file.text == file.text).map(|f| f.file.clone())
    }

    /// Keeps a file read (or taken from the cache) by this load.
    pub(crate) fn keep_file(&mut self, canonical: &Path, kept: Option<KeptFile>, reused: bool) {
        if reused {
            self.stats.reused += 1;
        } else {
            self.stats.read += 1;
        }
        match kept {
            Some(k) => {
                self.files.insert(canonical.to_path_buf(), k);
                self.used_files.insert(canonical.to_path_buf());
            }
            // No stamp (no modification time): not kept.
            None => {
                self.files.remove(canonical);
            }
        }
    }

    /// Starts a load: counts from zero.
    pub(crate) fn begin(&mut self) {
        self.stats = CacheStats::default();
        self.used_files.clear();
        self.used_expansions.clear();
    }

    /// Ends a load: after a good one, drops what it did not use and forgets the changed paths
    /// (their new texts are kept now).
    pub(crate) fn end(&mut self, ok: bool) {
        if ok {
            let used = std::mem::take(&mut self.used_files);
            self.files.retain(|p, _| used.contains(p));
            let used = std::mem::take(&mut self.used_expansions);
            self.expansions.retain(|p, _| used.contains(p));
            self.changed.clear();
        }
        self.used_files.clear();
        self.used_expansions.clear();
    }
}

impl Files<'_> {
    fn context(&self, gitbook: bool, variables: &Variables) -> Context {
        Context { gitbook, variables: variables.clone(), max_include: self.max_include_size, root: self.root.clone(), allow: self.allow.clone() }
    }

    fn same_context(&self, c: &Context, gitbook: bool, variables: &Variables) -> bool {
        c.gitbook == gitbook && c.max_include == self.max_include_size && c.root == self.root && c.allow == self.allow && c.variables == *variables
    }

    /// Records a step of the expansion being kept; it pushed the diagnostics from `since` on.
    pub(crate) fn note(&mut self, step: Step, since: usize) {
        let end = self.diagnostics.len();
        if let Some(j) = self.journal.as_mut() {
            j.push(Noted { step, diagnostics: since..end });
        }
    }

    /// The kept expansion of the chapter file `file` at canonical `path`, when replaying its steps
    /// shows it current (see the module docs). The replay reads the same files the expansion
    /// would, in the same order, so a failed replay leaves the loader where an expansion
    /// starting afresh would be.
    pub(crate) fn replay_expansion(&mut self, file: FileId, path: &Path, gitbook: bool, variables: &Variables) -> Option<(Arc<ExpandedSource>, Option<String>)> {
        let entry = self.kept.as_mut()?.expansions.remove(path)?;
        let text = self.sources.shared(file)?;
        if entry.file != file || !Arc::ptr_eq(text, &entry.text) || !self.same_context(&entry.context, gitbook, variables) {
            return None;
        }
        // Where the kept diagnostics went, to take them out again if the replay fails (the
        // expansion made afresh pushes its own; the reads' stay, as they would).
        let mut pushed = Vec::new();
        let mut kept_diags = entry.diagnostics.iter().peekable();
        let mut current = true;
        for (taken, step) in entry.steps.iter().enumerate() {
            while let Some((_, d)) = kept_diags.next_if(|(at, _)| *at <= taken) {
                pushed.push(self.diagnostics.len());
                self.diagnostics.push(d.clone());
            }
            current = match step {
                Step::Lookup { target, found } => self.source.canonicalize(target).ok().as_ref() == found.as_ref(),
                Step::Read { path, got } => match (self.read(path).ok(), got) {
                    (Some(id), Some((was, text))) => id == *was && self.sources.shared(id).is_some_and(|t| Arc::ptr_eq(t, text)),
                    (None, None) => true,
                    _ => false,
                },
            };
            if !current {
                break;
            }
        }
        if !current {
            for at in pushed.into_iter().rev() {
                self.diagnostics.remove(at);
            }
            return None;
        }
        self.diagnostics.extend(kept_diags.map(|(_, d)| d.clone()));
        for step in &entry.steps {
            if let Step::Read { path, got: Some(_) } = step {
                self.included.insert(path.clone());
            }
        }
        let expansion = (entry.source.clone(), entry.title.clone());
        let kept = self.kept.as_mut()?;
        kept.stats.replayed += 1;
        kept.used_expansions.insert(path.to_path_buf());
        kept.expansions.insert(path.to_path_buf(), entry);
        Some(expansion)
    }

    /// Starts recording the steps of an expansion, when a cache is kept; returns where its
    /// diagnostics start.
    pub(crate) fn start_expansion(&mut self) -> usize {
        if self.kept.is_some() {
            self.journal = Some(Vec::new());
        }
        self.diagnostics.len()
    }

    /// Keeps the expansion just made of the chapter file `file` at canonical `path`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn keep_expansion(&mut self, file: FileId, path: &Path, gitbook: bool, variables: &Variables, start: usize, source: &Arc<ExpandedSource>, title: &Option<String>) {
        let Some(noted) = self.journal.take() else { return };
        let Some(text) = self.sources.shared(file).cloned() else { return };
        let context = self.context(gitbook, variables);
        // The expansion's own diagnostics, each after the steps that came before it; the reads'
        // are left out (a replayed read pushes them again when it is the load's first).
        let mut diagnostics = Vec::new();
        let mut taken = 0;
        for (at, d) in self.diagnostics.iter().enumerate().skip(start) {
            while noted.get(taken).is_some_and(|n| n.diagnostics.end <= at && n.diagnostics.start <= at) {
                taken += 1;
            }
            if noted.get(taken).is_some_and(|n| n.diagnostics.contains(&at)) {
                continue;
            }
            diagnostics.push((taken, d.clone()));
        }
        let steps = noted.into_iter().map(|n| n.step).collect();
        let Some(kept) = self.kept.as_mut() else { return };
        kept.stats.expanded += 1;
        kept.used_expansions.insert(path.to_path_buf());
        kept.expansions.insert(path.to_path_buf(), KeptExpansion { context, file, text, steps, diagnostics, source: source.clone(), title: title.clone() });
    }
}

#[cfg(test)]
#[path = "source_cache_tests.rs"]
mod tests;
