//! The subcommands: `build`, `check`, `init`, `completions`.

use super::args::{BuildArgs, CheckArgs, Cli, CompletionsArgs, InitArgs};
use super::progress::Progress;
use super::report::Reporter;
use crate::build::{build_with_progress, BuildRequest, Format};
use crate::{cache, fonts, init, write};
use clap::CommandFactory;
use quire_core::Book;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The files whose presence makes a folder a book, in the order they are looked for.
pub const BOOK_MARKERS: [&str; 4] = ["book.toml", "book.json", "book.ini", "SUMMARY.md"];

/// No BOOK was given and the current folder holds none of [`BOOK_MARKERS`].
#[derive(Debug, Clone, thiserror::Error)]
#[error("no book in {}: looked there for book.toml, book.json, book.ini and SUMMARY.md and found none", dir.display())]
pub struct NoBook {
    /// The folder that was looked in (absolute when it can be known).
    pub dir: PathBuf,
}

impl NoBook {
    /// What to do about it.
    pub const HINT: &'static str = "run publish in the book's folder, or name the folder: `publish build path/to/book`";
}

fn no_book(rep: &mut Reporter<'_, '_>, e: &NoBook) {
    rep.diagnostic(&quire_core::Diagnostic::error("no-book", e.to_string()).with_hint(NoBook::HINT), &quire_core::SourceMap::new());
}

/// The book folder: the argument (relative to `cwd`), else `cwd` itself when it holds a book.
/// `cwd` is the folder the command runs in; the empty path means the process's current folder.
pub fn book_dir(arg: Option<PathBuf>, cwd: &Path) -> Result<PathBuf, NoBook> {
    if let Some(p) = arg {
        return Ok(cwd.join(p));
    }
    if BOOK_MARKERS.iter().any(|m| cwd.join(m).is_file()) {
        return Ok(if cwd.as_os_str().is_empty() { PathBuf::from(".") } else { cwd.to_path_buf() });
    }
    let dir = if cwd.as_os_str().is_empty() {
        std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."))
    } else if cwd.is_relative() {
        std::env::current_dir().map(|d| d.join(cwd)).unwrap_or_else(|_| cwd.to_path_buf())
    } else {
        cwd.to_path_buf()
    };
    Err(NoBook { dir })
}

/// The output folder: `--out`, else `[build] build-dir` (relative to the book root), else
/// `<book root>/book`.
pub fn out_dir(arg: Option<PathBuf>, book: &Book) -> PathBuf {
    if let Some(p) = arg {
        return p;
    }
    match &book.config.build.build_dir {
        Some(d) if d.is_absolute() => d.clone(),
        Some(d) => book.root.join(d),
        None => book.root.join("book"),
    }
}

/// Loads the book in `dir` for `formats`, running its mdBook preprocessors once per renderer:
/// one parsed book per distinct result, with the formats it is for (one book when no
/// preprocessor changes anything between renderers). `None` when loading or a preprocessor
/// failed (already reported).
fn load_for(rep: &mut Reporter<'_, '_>, dir: &Path, formats: &[Format]) -> Option<Vec<(Book, Vec<Format>)>> {
    let started = Instant::now();
    let raw = match quire_core::RawBook::load(dir) {
        Ok(raw) => raw,
        Err(e) => {
            rep.load_error(&e);
            return None;
        }
    };
    let renderers: Vec<&str> = formats.iter().map(|f| f.as_str()).collect();
    let pre = match crate::preprocess::run_for(&raw, &renderers) {
        Ok(p) => p,
        Err(e) => {
            let mut sorted: Vec<_> = raw.diagnostics().iter().collect();
            sorted.sort_by_key(|d| d.span.map(|s| (s.file, s.start)));
            rep.diagnostics(sorted, raw.sources());
            let mut d = quire_core::Diagnostic::error("preprocessor-failed", e.to_string())
                .with_hint("nothing was written; the previous outputs are as they were");
            if let Some(span) = crate::preprocess::span_of(&raw, e.name()) {
                d = d.with_span(span);
            }
            rep.diagnostic(&d, raw.sources());
            return None;
        }
    };
    for (name, text) in &pre.stderr {
        rep.passthrough(name, text);
    }
    rep.diagnostics(&pre.diagnostics, raw.sources());
    let mut variants: Vec<Vec<quire_core::ChapterEdit>> = Vec::new();
    let mut groups: Vec<Vec<Format>> = Vec::new();
    for (run, format) in pre.runs.into_iter().zip(formats) {
        if !run.ran.is_empty() {
            rep.verbose("Preprocessed", format!("for {}: {}", run.renderer, run.ran.join(", ")));
        }
        match variants.iter().position(|v| *v == run.edits) {
            Some(i) => groups[i].push(*format),
            None => {
                variants.push(run.edits);
                groups.push(vec![*format]);
            }
        }
    }
    if variants.is_empty() {
        variants.push(Vec::new());
        groups.push(Vec::new());
    }
    let books = raw.finish_many(&variants);
    for book in &books {
        let mut sorted: Vec<_> = book.diagnostics.iter().collect();
        sorted.sort_by_key(|d| d.span.map(|s| (s.file, s.start)));
        rep.diagnostics(sorted, &book.sources);
    }
    if let Some(book) = books.first() {
        rep.verbose(
            "Loaded",
            format!(
                "{} ({}, {}{}) in {:.3}s",
                book.title(),
                count(book.chapters.len(), "chapter"),
                count(book.assets.len(), "image"),
                if books.len() > 1 { format!(", {} preprocessed variants", books.len()) } else { String::new() },
                started.elapsed().as_secs_f64()
            ),
        );
    }
    Some(books.into_iter().zip(groups).collect())
}

fn load(rep: &mut Reporter<'_, '_>, dir: &Path) -> Option<Book> {
    let started = Instant::now();
    match Book::load(dir) {
        Ok(book) => {
            rep.verbose(
                "Loaded",
                format!(
                    "{} ({}, {}) in {:.3}s",
                    book.title(),
                    count(book.chapters.len(), "chapter"),
                    count(book.assets.len(), "image"),
                    started.elapsed().as_secs_f64()
                ),
            );
            let mut sorted: Vec<_> = book.diagnostics.iter().collect();
            sorted.sort_by_key(|d| d.span.map(|s| (s.file, s.start)));
            rep.diagnostics(sorted, &book.sources);
            Some(book)
        }
        Err(e) => {
            rep.load_error(&e);
            None
        }
    }
}

/// `publish build`.
pub fn build(rep: &mut Reporter<'_, '_>, args: BuildArgs, cwd: &Path, show_progress: bool) {
    let started = Instant::now();
    let dir = match book_dir(args.book, cwd) {
        Ok(d) => d,
        Err(e) => return no_book(rep, &e),
    };
    let args = args.options;
    rep.status("Building", dir.display().to_string());
    let mut formats: Vec<Format> = Vec::new();
    for f in args.format.into_iter().map(Format::from) {
        if !formats.contains(&f) {
            formats.push(f);
        }
    }
    let Some(books) = load_for(rep, &dir, &formats) else { return };
    let Some(book) = books.first().map(|(b, _)| b) else { return };
    let mut request = BuildRequest::new(formats.clone());
    if formats.contains(&Format::Epub) {
        request = request.with_configured_cover(book);
    }
    if formats.contains(&Format::Html) {
        let diags = crate::site_files::apply(book, &mut request.html);
        rep.diagnostics(&diags, &book.sources);
    }
    if args.profile.as_deref() == Some("print") {
        request = request.with_print_profile(book);
    }
    if formats.iter().any(|f| matches!(f, Format::Pdf | Format::Epub)) {
        let font_dir = args.fonts.map(|f| cwd.join(f)).unwrap_or_else(fonts::default_dir);
        let loaded = match fonts::try_load_dir(&font_dir) {
            Ok(f) => f,
            Err(e) => {
                rep.verbose("Fonts", format!("none ({e})"));
                Vec::new()
            }
        };
        rep.verbose("Fonts", format!("{} from {}", count(loaded.len(), "file"), font_dir.display()));
        request = request.with_fonts(loaded);
    }

    let out = out_dir(args.out.map(|o| cwd.join(o)), book);
    // Checked again before writing; here too, so that a refused folder costs no rendering.
    let options = write::WriteOptions::for_book(book).force(args.force);
    if let Err(e) = crate::guard::check_manuscript(&out, &options.manuscript) {
        rep.api_error(write_error_code(&e), &e);
        return;
    }
    let use_cache = !args.no_cache && formats.iter().any(|f| matches!(f, Format::Html | Format::Epub));
    let loaded = use_cache.then(|| cache::load(&out));
    if let Some(loaded) = &loaded {
        match loaded {
            cache::Loaded::Entries(n) => rep.verbose("Cache", format!("{} highlighted blocks from {}", n, cache::dir(&out).display())),
            cache::Loaded::Absent => rep.verbose("Cache", format!("none yet in {}", cache::dir(&out).display())),
            cache::Loaded::Refused(why) => rep.verbose("Cache", format!("not used: {why}")),
        }
    }

    let progress = Progress::new(&formats, show_progress);
    let rendering = Instant::now();
    let mut results = Vec::new();
    for (variant, for_formats) in &books {
        let mut sub = request.clone();
        sub.formats = for_formats.clone();
        results.extend(build_with_progress(variant, &sub, &|e| progress.event(e)).results);
    }
    results.sort_by_key(|r| formats.iter().position(|f| *f == r.format));
    let report = crate::build::BuildReport { name: crate::build::slug(book.title()), results };
    progress.clear();
    rep.verbose("Rendered", format!("in {:.3}s", rendering.elapsed().as_secs_f64()));

    rep.diagnostics(report.diagnostics(), &book.sources);
    for (_, e) in report.failures() {
        rep.error("render-failed", e.to_string());
    }

    let writing = Instant::now();
    let mut refused = false;
    match write::write_outputs_with(&report, &out, &options) {
        Ok(written) => {
            for w in written {
                rep.status(
                    "Wrote",
                    format!("{} ({}, {})", w.path.display(), count(w.files, "file"), human_bytes(w.bytes)),
                );
            }
        }
        Err(e) => {
            refused = e.is_refusal();
            rep.api_error(write_error_code(&e), &e);
        }
    }
    rep.verbose("Written", format!("in {:.3}s", writing.elapsed().as_secs_f64()));
    // A refused folder gets nothing, not even a cache.
    if let Some(loaded) = loaded.as_ref().filter(|_| !refused) {
        if let Err(e) = cache::save(&out, loaded) {
            rep.verbose("Cache", format!("not saved: {e}"));
        }
    }
    rep.status("Finished", format!("in {:.2}s", started.elapsed().as_secs_f64()));
}

/// The diagnostic code of a failed write.
fn write_error_code(e: &crate::Error) -> &'static str {
    match e {
        crate::Error::OutputHoldsManuscript { .. } => "output-holds-manuscript",
        crate::Error::NotWrittenByQuire { .. } => "output-not-owned",
        _ => "write-failed",
    }
}

/// `publish check`.
pub fn check(rep: &mut Reporter<'_, '_>, args: CheckArgs, cwd: &Path) {
    let dir = match book_dir(args.book, cwd) {
        Ok(d) => d,
        Err(e) => return no_book(rep, &e),
    };
    rep.status("Checking", dir.display().to_string());
    if let Some(book) = load(rep, &dir) {
        note_preprocessors_not_run(rep, &book, "`publish check` reads the chapters as written");
        rep.status(
            "Checked",
            format!(
                "{}: {}, {}",
                book.title(),
                count(book.chapters.len(), "chapter"),
                count(book.assets.len(), "image")
            ),
        );
    }
}

/// One note per preprocessor of the book that this command does not run.
pub(crate) fn note_preprocessors_not_run(rep: &mut Reporter<'_, '_>, book: &Book, why: &str) {
    for name in book.config.preprocessor.keys().filter(|k| !crate::preprocess::BUILT_IN.contains(&k.as_str())) {
        let d = quire_core::Diagnostic::note("preprocessor-not-run", format!("preprocessor `{name}` is not run: {why}"))
            .with_hint("`publish build` runs it");
        rep.diagnostic(&d, &book.sources);
    }
}

/// `publish init`.
pub fn init(rep: &mut Reporter<'_, '_>, args: InitArgs) {
    match init::init_book(&args.dir, args.title.as_deref()) {
        Ok(files) => {
            for f in files {
                rep.status("Created", f.display().to_string());
            }
            rep.status("Next", format!("publish build {}", args.dir.display()));
        }
        Err(e) => rep.error("init-failed", e.to_string()),
    }
}

/// `publish completions`.
pub fn completions(rep: &mut Reporter<'_, '_>, args: CompletionsArgs) {
    let mut cmd = Cli::command();
    clap_complete::generate(args.shell, &mut cmd, "publish", rep.stdout());
}

/// `"1 chapter"`, `"3 chapters"`.
fn count(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn human_bytes(n: u64) -> String {
    const KIB: f64 = 1024.0;
    let f = n as f64;
    if f < KIB {
        format!("{n} B")
    } else if f < KIB * KIB {
        format!("{:.1} KiB", f / KIB)
    } else {
        format!("{:.1} MiB", f / KIB / KIB)
    }
}
