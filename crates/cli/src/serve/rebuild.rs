//! Rebuilding the served site after the manuscript changed. The book is reloaded through a
//! [`SourceCache`] the [`Builder`] keeps: only the files whose size or modification time changed,
//! or that the watcher named, are read again, and only the chapters that read them are expanded
//! again; its mdBook preprocessors run for the `html` renderer as `publish build` runs them. The
//! [`Builder`] keeps its parsed chapters in a [`ParseMemo`]: a reload parses again only the
//! chapters whose text changed (the edited file, and the chapters that include it), and when only
//! chapter texts changed the loaded book is patched in place (only those chapters resolved).
//! Only what changed is re-rendered:
//!
//! - only chapter files changed and the book's shape (chapter list, titles, numbers, images) is
//!   the same: just those chapters' pages (`Options::only_chapters`), linking the search index
//!   the site already serves instead of building a new one; this is the fast path the preview
//!   waits for;
//! - anything else (SUMMARY.md, book.toml, an included file, an image, a new file): everything.
//!
//! The search index is kept by chapter (the `search_index` module): after a fast rebuild
//! [`Builder::update_search`] indexes the edited chapters again and serves the new index, right
//! after the pages are served. A full render is given the kept index's script.
//!
//! After a fast rebuild a full render is still owed: `print.html`, the index's new name in every
//! page and links into the edited chapter from other pages. [`Builder::settle`] does it once the
//! manuscript has been quiet for a moment, from the book already loaded.

use quire_core::Code;
use quire_highlight::BuildCache;
use std::sync::Arc;
use super::print::Printer;
use super::search_index::{KeptIndex, Stale};
use super::ServeError;
use super::site::Site;
use quire::preprocess::{LoadFailure, Reload};
use quire_core::{Book, ChapterId, LoadError, ParseMemo, Rendered, SourceCache};
use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::{PoisonError, RwLock};
use std::time::{Duration, Instant};

/// What one rebuild did and how long it took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rebuild {
    /// Which render ran.
    pub kind: RebuildKind,
    /// Output paths whose bytes changed (added, modified or removed), sorted.
    pub changed: Vec<String>,
    /// Time spent in [`Book::load`].
    pub load: Duration,
    /// Time spent rendering and updating the in-memory site.
    pub render: Duration,
}

impl Rebuild {
    /// Load plus render: from "the manuscript settled" to "the new pages are served".
    pub fn total(&self) -> Duration {
        self.load + self.render
    }
}

/// Which render a rebuild ran.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RebuildKind {
    /// Only these chapters' pages (their source paths, relative to the source folder).
    Chapters(Vec<String>),
    /// The whole site after a change that is not a chapter file.
    Full,
    /// The whole site from the already loaded book, owed after a [`RebuildKind::Chapters`].
    Settle,
    /// The search index, after a [`RebuildKind::Chapters`]: this many chapters indexed again
    /// (`None`: the whole book).
    SearchIndex(Option<usize>),
}

/// What has to be re-rendered for a set of changed files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// Only these chapters.
    Chapters(Vec<ChapterId>),
    /// Files the book read as text that are no chapter (an included file, SUMMARY.md, the
    /// config), perhaps with chapters: the reload finds which chapters' text changed, and
    /// renders everything when more than chapter texts changed.
    Texts,
    /// Everything.
    Full,
    /// Nothing: only files the book never read went away (an editor's temporary file).
    Nothing,
}

/// Chapter list, titles, numbering and images: when any of these differ after a reload, other
/// pages (sidebar, pager, images) change too, and a partial render is not enough.
type Shape = (Vec<(String, Vec<u32>, Option<PathBuf>, bool, String, Option<ChapterId>)>, Vec<(String, usize)>);

fn shape(book: &Book) -> Shape {
    let chapters = book
        .chapters
        .iter()
        .map(|c| (c.title.clone(), c.number.clone(), c.source_path.clone(), c.draft, c.output_stem.clone(), c.parent))
        .collect();
    let assets = book.assets.iter().map(|a| (a.output_path.clone(), a.size as usize)).collect();
    (chapters, assets)
}

/// Loads and re-renders the book being served.
#[derive(Debug)]
pub struct Builder {
    dir: PathBuf,
    printer: Printer,
    book: Book,
    /// Canonical root of the loaded book.
    root: PathBuf,
    /// Canonical chapter source file → chapter.
    chapter_files: HashMap<PathBuf, ChapterId>,
    /// Canonical paths of every file the book read (sources and images).
    known: HashSet<PathBuf>,
    /// Canonical paths of the files the book read as text (chapters, included files, SUMMARY.md,
    /// the config).
    texts: HashSet<PathBuf>,
    /// A full render is owed after a chapter-only rebuild.
    settle_due: bool,
    /// The last rebuild failed (or crashed): the next one renders everything.
    failed: bool,
    /// Highlighted code and the search index, kept from one rebuild to the next.
    cache: Arc<BuildCache>,
    /// Files read and chapters expanded, kept from one load to the next: a reload reads only the
    /// files that changed and expands only the chapters that read them.
    sources: SourceCache,
    /// Parsed chapters, kept from one load to the next: a reload parses only what changed.
    memo: ParseMemo,
    /// Rebuilds that patched the loaded book instead of loading it whole.
    patches: usize,
    /// The search index by chapter and its script (`None`: the site has no search).
    search: Option<KeptIndex>,
    /// Chapters whose search entries are owed after a chapter-only rebuild.
    search_due: Option<Stale>,
}

impl Builder {
    /// Loads the book in `dir` and renders the whole site. Prints the diagnostics.
    pub fn start(dir: &Path, printer: Printer) -> Result<(Builder, Site), ServeError> {
        let mut memo = ParseMemo::new();
        let mut sources = SourceCache::new();
        let book = match load(dir, &printer, &mut sources, &mut memo) {
            Ok(b) => b,
            Err(failure) => {
                return Err(match *failure {
                    LoadFailure::Load(e) => ServeError::Load(e),
                    other => ServeError::Preprocess(printer.load_failure(&other, "fix the preprocessor, or mark it `optional = true`, and serve again")),
                })
            }
        };
        printer.diagnostics(&book.diagnostics, &book.sources);
        let cache = Arc::new(BuildCache::new());
        let mut search = None;
        let script = KeptIndex::bring_up(&mut search, &book, &Stale::All).map(|(s, _)| s);
        let rendered = render(&book, None, None, &cache, script)?;
        printer.diagnostics(&rendered.diagnostics, &book.sources);
        let mut builder = Builder {
            dir: dir.to_path_buf(),
            printer,
            book,
            root: PathBuf::new(),
            chapter_files: HashMap::new(),
            known: HashSet::new(),
            texts: HashSet::new(),
            patches: 0,
            settle_due: false,
            failed: false,
            cache,
            sources,
            memo,
            search,
            search_due: None,
        };
        builder.index();
        let mut site = Site::new(rendered);
        site.set_not_found(quire_html::site::not_found_page(&builder.book));
        Ok((builder, site))
    }

    /// The book as last loaded.
    pub fn book(&self) -> &Book {
        &self.book
    }

    /// How many rebuilds patched the loaded book ([`Reload::Patched`]) instead of loading it
    /// whole.
    pub fn patches(&self) -> usize {
        self.patches
    }

    /// True when a full render is owed (see [`Builder::settle`]).
    pub fn settle_due(&self) -> bool {
        self.settle_due
    }

    fn index(&mut self) {
        let book = &self.book;
        self.root = std::fs::canonicalize(&book.root).unwrap_or_else(|_| book.root.clone());
        let src = self.root.join(book.config.book.src.clone().unwrap_or_default());
        self.chapter_files = book
            .chapters
            .iter()
            .filter_map(|c| {
                let p = src.join(c.source_path.as_ref()?);
                Some((std::fs::canonicalize(&p).unwrap_or(p), c.id))
            })
            .collect();
        let canonical = |p: &PathBuf| {
            let p = self.root.join(p);
            std::fs::canonicalize(&p).unwrap_or(p)
        };
        self.texts = book.sources.files().map(|(_, f)| canonical(&f.path)).collect();
        self.known = self.texts.iter().cloned().chain(book.assets.iter().map(|a| canonical(&a.path))).collect();
    }

    /// Folders to watch: the book root (recursively), plus the source folder and the folders of
    /// included files and images when they lie outside the root (`[book] src`, allow-paths).
    pub fn watch_roots(&self) -> Vec<(PathBuf, bool)> {
        let mut roots = vec![(self.root.clone(), true)];
        let src = self.root.join(self.book.config.book.src.clone().unwrap_or_default());
        let src = std::fs::canonicalize(&src).unwrap_or(src);
        if !src.starts_with(&self.root) {
            roots.push((src, true));
        }
        let files = self.book.sources.files().map(|(_, f)| f.path.clone());
        let assets = self.book.assets.iter().map(|a| a.path.clone());
        for p in files.chain(assets) {
            let abs = self.root.join(p);
            let Some(parent) = abs.parent() else { continue };
            let parent = std::fs::canonicalize(parent).unwrap_or_else(|_| parent.to_path_buf());
            if !roots.iter().any(|(r, recursive)| parent.starts_with(r) && (*recursive || parent == *r)) {
                roots.push((parent, false));
            }
        }
        roots
    }

    /// True for paths whose changes never affect the site: the build folder, hidden files and
    /// folders (`.git`), editor backups and swap files.
    pub fn ignored(&self, path: &Path) -> bool {
        let out = crate::cli::out_dir(None, &self.book);
        let out = match out.strip_prefix(&self.book.root) {
            Ok(rel) => self.root.join(rel),
            Err(_) => out,
        };
        if path.starts_with(&out) {
            return true;
        }
        let rel = path.strip_prefix(&self.root).unwrap_or(path);
        let hidden = rel.components().any(|c| matches!(c, Component::Normal(n) if n.to_string_lossy().starts_with('.')));
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        hidden || name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".swx") || name == "4913"
    }

    /// What `changed` (absolute paths) requires. A path that no longer exists matters only if
    /// the book read it (editors save through temporary files that are gone by now).
    pub fn plan(&self, changed: &[PathBuf]) -> Plan {
        let mut ids = Vec::new();
        let mut texts = false;
        for p in changed {
            let Ok(canonical) = std::fs::canonicalize(p) else {
                if self.known.contains(p) || self.chapter_files.contains_key(p) {
                    return Plan::Full;
                }
                continue;
            };
            match self.chapter_files.get(&canonical) {
                Some(id) if !ids.contains(id) => ids.push(*id),
                Some(_) => {}
                None if self.texts.contains(&canonical) => texts = true,
                None => return Plan::Full,
            }
        }
        if texts {
            Plan::Texts
        } else if ids.is_empty() {
            Plan::Nothing
        } else {
            Plan::Chapters(ids)
        }
    }

    /// Reloads the book and re-renders what `changed` requires, updating `site`. Prints the
    /// diagnostics. `Ok(None)` when nothing needed rebuilding; `Err` with the report (what was
    /// printed, without colour) when the book no longer loads or renders, the site left as it
    /// was. After a failure (or a crash: the flag is set before the work starts) the next
    /// rebuild renders everything.
    pub fn rebuild(&mut self, changed: &[PathBuf], site: &RwLock<Site>) -> Result<Option<Rebuild>, String> {
        let plan = self.plan(changed);
        if plan == Plan::Nothing {
            return Ok(None);
        }
        let was_failed = std::mem::replace(&mut self.failed, true);
        let started = Instant::now();
        // The watcher's word, besides sizes and times: these files are read again.
        self.sources.mark_changed(changed.iter().flat_map(|p| std::iter::once(p.clone()).chain(std::fs::canonicalize(p).ok())));
        // Chapter texts only, after a good rebuild: the book is patched in place when it can be.
        let reload = if was_failed || plan == Plan::Full {
            quire::preprocess::load_memo(&self.dir, &["html"], &mut self.sources, &mut self.memo).map(Reload::Loaded)
        } else {
            quire::preprocess::reload_memo(&self.dir, "html", &mut self.sources, &mut self.memo, &mut self.book)
        };
        let reload = match reload {
            Ok(r) => r,
            Err(failure) => return Err(self.printer.load_failure(&failure, "the preview shows this error until it is fixed, then the site again")),
        };
        let book = match reload {
            Reload::Patched { chapters, preprocessed, .. } => {
                print_preprocessed(&self.printer, &preprocessed, &self.book.sources);
                return self.render_patched(chapters, started.elapsed(), site);
            }
            Reload::Loaded(loaded) => match first_book(&self.dir, &self.printer, loaded) {
                Ok(b) => b,
                Err(failure) => return Err(self.printer.load_failure(&failure, "the preview shows this error until it is fixed, then the site again")),
            },
        };
        let load = started.elapsed();
        let plan = match plan {
            Plan::Chapters(ids) if !was_failed && shape(&book) == shape(&self.book) => Plan::Chapters(ids),
            _ => Plan::Full,
        };
        let rendering = Instant::now();
        let only = match &plan {
            Plan::Chapters(ids) => Some(ids.clone()),
            Plan::Full | Plan::Texts | Plan::Nothing => None,
        };
        // A partial render links the index the site serves ([`Builder::update_search`] brings
        // it up to date); a full one is given the kept index, brought up to the new book.
        let index = only.as_ref().and_then(|_| site.read().unwrap_or_else(PoisonError::into_inner).search_index().map(str::to_string));
        let script = match only {
            Some(_) => None,
            None => KeptIndex::bring_up(&mut self.search, &book, &Stale::All).map(|(s, _)| s),
        };
        let rendered = match render(&book, only, index, &self.cache, script) {
            Ok(r) => r,
            Err(e) => {
                self.printer.error(Code::RenderFailed, e.to_string());
                return Err(format!("error[{}]: {e}", Code::RenderFailed));
            }
        };
        let rebuild = match plan {
            Plan::Chapters(ids) => {
                let changed = site.write().unwrap_or_else(PoisonError::into_inner).update(rendered.files);
                let render_time = rendering.elapsed();
                let files: Vec<_> = ids.iter().filter_map(|id| book.chapter(*id)).filter_map(|c| c.source_path.as_ref()).collect();
                let ids_files: Vec<_> = files.iter().filter_map(|p| book.sources.find(&self.display_path(p, &book))).collect();
                self.printer.diagnostics(book.diagnostics.iter().filter(|d| d.span.is_some_and(|s| ids_files.contains(&s.file))), &book.sources);
                self.printer.diagnostics(&rendered.diagnostics, &book.sources);
                let names = files.iter().map(|p| p.to_string_lossy().replace('\\', "/")).collect();
                self.settle_due = true;
                // Loaded whole: resolving may have changed what other chapters show.
                self.owe_search(Stale::All);
                Rebuild { kind: RebuildKind::Chapters(names), changed, load, render: render_time }
            }
            Plan::Full | Plan::Texts | Plan::Nothing => {
                let diagnostics = rendered.diagnostics;
                let mut served = site.write().unwrap_or_else(PoisonError::into_inner);
                served.set_not_found(quire_html::site::not_found_page(&book));
                let changed = served.replace_all(Rendered { files: rendered.files, diagnostics: Vec::new(), ..Default::default() });
                drop(served);
                let render_time = rendering.elapsed();
                self.printer.diagnostics(&book.diagnostics, &book.sources);
                self.printer.diagnostics(&diagnostics, &book.sources);
                self.settle_due = false;
                self.search_due = None;
                Rebuild { kind: RebuildKind::Full, changed, load, render: render_time }
            }
        };
        self.book = book;
        self.index();
        self.failed = false;
        Ok(Some(rebuild))
    }

    /// After the book was patched in place ([`Reload::Patched`]): renders the pages of the
    /// chapters whose text changed, linking the search index the site serves; the rest is owed
    /// to [`Builder::settle`]. Their pages are all that changed: the chapter list, titles and
    /// anchors other pages show are the same (the patch checked).
    fn render_patched(&mut self, ids: Vec<ChapterId>, load: Duration, site: &RwLock<Site>) -> Result<Option<Rebuild>, String> {
        self.patches += 1;
        let rendering = Instant::now();
        let index = site.read().unwrap_or_else(PoisonError::into_inner).search_index().map(str::to_string);
        let rendered = match render(&self.book, Some(ids.clone()), index, &self.cache, None) {
            Ok(r) => r,
            Err(e) => {
                self.printer.error(Code::RenderFailed, e.to_string());
                return Err(format!("error[{}]: {e}", Code::RenderFailed));
            }
        };
        let changed = site.write().unwrap_or_else(PoisonError::into_inner).update(rendered.files);
        let render_time = rendering.elapsed();
        let book = &self.book;
        let files: Vec<&Path> = ids.iter().filter_map(|id| book.chapter(*id)).filter_map(|c| c.source_path.as_deref()).collect();
        // The diagnostics in the changed chapters' texts (their included files too).
        let spans: HashSet<_> = ids.iter().filter_map(|id| book.chapter(*id)).map(|c| c.span.file).collect();
        let in_files: HashSet<_> = files.iter().filter_map(|p| book.sources.find(&self.display_path(p, book))).chain(spans).collect();
        self.printer.diagnostics(book.diagnostics.iter().filter(|d| d.span.is_some_and(|s| in_files.contains(&s.file))), &book.sources);
        self.printer.diagnostics(&rendered.diagnostics, &book.sources);
        let names = files.iter().map(|p| p.to_string_lossy().replace('\\', "/")).collect();
        if book.sources.files().count() != self.texts.len() {
            self.index();
        }
        self.settle_due = true;
        self.failed = false;
        self.owe_search(Stale::Chapters(ids));
        Ok(Some(Rebuild { kind: RebuildKind::Chapters(names), changed, load, render: render_time }))
    }

    /// Notes that these chapters' search entries are out of date.
    fn owe_search(&mut self, stale: Stale) {
        self.search_due = Some(match self.search_due.take() {
            Some(due) => due.and(stale),
            None => stale,
        });
    }

    /// True when the search index is owed after a chapter-only rebuild (see
    /// [`Builder::update_search`]).
    pub fn search_due(&self) -> bool {
        self.search_due.is_some()
    }

    /// The search index owed after a chapter-only rebuild: indexes the edited chapters again,
    /// writes the index from the kept parts and serves it in place of the old one. `None` when
    /// none is owed (or the last rebuild failed: the next good one brings the index up).
    pub fn update_search(&mut self, site: &RwLock<Site>) -> Option<Rebuild> {
        let stale = self.search_due.take()?;
        if self.failed {
            return None;
        }
        let started = Instant::now();
        let (script, done) = KeptIndex::bring_up(&mut self.search, &self.book, &stale)?;
        let changed = if done == Some(0) {
            Vec::new()
        } else {
            let name = quire_html::static_files::hashed_name("searchindex", "js", script.as_bytes());
            // The script's bytes are shared with the kept index, not copied.
            site.write().unwrap_or_else(PoisonError::into_inner).set_search_index(name, Arc::<[u8]>::from(script.clone()))
        };
        Some(Rebuild { kind: RebuildKind::SearchIndex(done), changed, load: Duration::ZERO, render: started.elapsed() })
    }

    /// The full render owed after chapter-only rebuilds, from the loaded book (no reload).
    /// `None` when none is owed, or the last rebuild failed.
    pub fn settle(&mut self, site: &RwLock<Site>) -> Option<Rebuild> {
        // After a failed rebuild the loaded book is out of date; the next good one renders all.
        if !std::mem::take(&mut self.settle_due) || self.failed {
            return None;
        }
        let started = Instant::now();
        let stale = self.search_due.take().unwrap_or(Stale::Chapters(Vec::new()));
        let script = KeptIndex::bring_up(&mut self.search, &self.book, &stale).map(|(s, _)| s);
        let rendered = match render(&self.book, None, None, &self.cache, script) {
            Ok(r) => r,
            Err(e) => {
                self.printer.error(Code::RenderFailed, e.to_string());
                return None;
            }
        };
        let changed = site.write().unwrap_or_else(PoisonError::into_inner).replace_all(rendered);
        Some(Rebuild { kind: RebuildKind::Settle, changed, load: Duration::ZERO, render: started.elapsed() })
    }

    /// The path a chapter file has in the source map: relative to the root, `/`-separated.
    fn display_path(&self, source_path: &Path, book: &Book) -> PathBuf {
        let p = Path::new(&book.config.book.src.clone().unwrap_or_default()).join(source_path);
        let abs = self.root.join(&p);
        let canonical = std::fs::canonicalize(&abs).unwrap_or(abs);
        match canonical.strip_prefix(&self.root) {
            Ok(rel) => PathBuf::from(rel.to_string_lossy().replace('\\', "/")),
            Err(_) => canonical,
        }
    }
}

/// Loads the book with its preprocessors run for the `html` renderer, as `publish build` runs
/// them; passes on what they write on stderr and prints their notes.
fn load(dir: &Path, printer: &Printer, sources: &mut SourceCache, memo: &mut ParseMemo) -> Result<Book, Box<LoadFailure>> {
    first_book(dir, printer, quire::preprocess::load_memo(dir, &["html"], sources, memo)?)
}

/// What the preprocessors wrote on stderr, passed on, and their notes.
fn print_preprocessed(printer: &Printer, preprocessed: &quire::preprocess::Preprocessed, sources: &quire_core::SourceMap) {
    for (_, text) in &preprocessed.stderr {
        printer.passthrough(text);
    }
    printer.diagnostics(&preprocessed.diagnostics, sources);
}

/// The book of a load for the `html` renderer, its preprocessors' output printed.
fn first_book(dir: &Path, printer: &Printer, loaded: quire::preprocess::Loaded) -> Result<Book, Box<LoadFailure>> {
    print_preprocessed(printer, &loaded.preprocessed, &loaded.sources);
    // `load` always makes a book; the error stands for an impossible empty list.
    loaded.books.into_iter().next().map(|(b, _)| b).ok_or_else(|| {
        Box::new(LoadFailure::Load(LoadError::NotFound { path: dir.to_path_buf(), reason: "loading made no book".into() }))
    })
}

/// Renders the site, or only some chapters' pages (linking the search index named `index`, when
/// given, instead of building it). A full render writes the search index `script` when given
/// (the kept index's), else builds it.
fn render(book: &Book, only: Option<Vec<ChapterId>>, index: Option<String>, cache: &Arc<BuildCache>, script: Option<Arc<str>>) -> Result<Rendered, quire_html::RenderError> {
    let mut options = quire_html::Options { only_chapters: only, search_index: index, search_script: script, cache: cache.clone(), ..Default::default() };
    let _ = quire::site_files::apply(book, &mut options);
    let mut rendered = quire_html::render(book, &options)?;
    // The server holds the site in memory: the images too.
    rendered.read_assets().map_err(|e| quire_html::RenderError::Failed(format!("reading an image: {e}")))?;
    Ok(rendered)
}

#[cfg(test)]
#[allow(clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn plans() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/cli/minimal");
        let Ok((builder, _)) = Builder::start(&dir, Printer { quiet: true, ..Printer::default() }) else {
            panic!("the minimal fixture loads");
        };
        let src = builder.root.join("src");
        let second = builder.book().chapters.iter().find(|c| c.title == "Second").map(|c| c.id);
        assert_eq!(builder.plan(&[src.join("second.md")]), Plan::Chapters(second.into_iter().collect()));
        // Other files the book read as text: the reload finds out what changed.
        assert_eq!(builder.plan(&[src.join("second.md"), src.join("SUMMARY.md")]), Plan::Texts);
        assert_eq!(builder.plan(&[builder.root.join("book.toml")]), Plan::Texts);
        assert_eq!(builder.plan(&[src.join(".second.md.swp-gone"), src.join("second.md___jb_tmp___")]), Plan::Nothing);
        assert_eq!(builder.plan(&[src.join("second.md___jb_tmp___"), src.join("second.md")]), Plan::Chapters(second.into_iter().collect()));
        assert!(builder.ignored(&builder.root.join("book/index.html")) && builder.ignored(&src.join(".git/x")));
        assert!(builder.ignored(&src.join("first.md~")) && !builder.ignored(&src.join("first.md")));
    }
}
