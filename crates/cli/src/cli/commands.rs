//! The subcommands: `build`, `check`, `init`, `completions`.

use quire_core::Code;
use super::args::{BuildArgs, CheckArgs, Cli, CompletionsArgs, InitArgs};
use super::progress::Progress;
use super::loading::load_for;
use super::report::Reporter;
use quire::build::{build_with_progress, BuildRequest, Format};
use quire::{cache, fonts, init, write};
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
    rep.diagnostic(&quire_core::Diagnostic::error(Code::NoBook, e.to_string()).with_hint(NoBook::HINT), &quire_core::SourceMap::new());
}

/// The book folder: the argument (relative to `cwd`), else `cwd` itself when it holds a book.
/// `cwd` is the folder the command runs in; the empty path means the process's current folder.
pub fn book_dir(arg: Option<PathBuf>, cwd: &Path) -> Result<PathBuf, NoBook> {
    if let Some(p) = arg {
        return Ok(cwd.join(p));
    }
    if BOOK_MARKERS.iter().any(|m| cwd.join(m).is_file()) {
        // The process's folder is named in full, so that status lines say which book it is.
        return Ok(if cwd.as_os_str().is_empty() { std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")) } else { cwd.to_path_buf() });
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

/// `publish build`. A GitBook multi-language book (`LANGS.md`) builds each language as a book of
/// its own, into `<out>/<language folder>/`, as GitBook does.
pub fn build(rep: &mut Reporter<'_, '_>, args: BuildArgs, cwd: &Path, show_progress: bool) {
    let dir = match book_dir(args.book, cwd) {
        Ok(d) => d,
        Err(e) => return no_book(rep, &e),
    };
    let languages = quire_core::gitbook_langs::gitbook_languages(&dir);
    if languages.is_empty() {
        return build_book(rep, args.options, cwd, &dir, None, show_progress);
    }
    for lang in &languages {
        build_book(rep, args.options.clone(), cwd, &dir, Some(lang), show_progress);
    }
}

/// Builds the book at `dir` (one language of it when `lang` is given).
fn build_book(rep: &mut Reporter<'_, '_>, args: super::args::BuildOptions, cwd: &Path, dir: &Path, lang: Option<&quire_core::gitbook_langs::Language>, show_progress: bool) {
    let started = Instant::now();
    let dir = dir.to_path_buf();
    match lang {
        Some(l) => rep.status("Building", format!("{} ({}, {})", dir.display(), l.title, l.dir.display())),
        None => rep.status("Building", dir.display().to_string()),
    }
    let mut formats: Vec<Format> = Vec::new();
    for f in args.format.into_iter().map(Format::from) {
        if !formats.contains(&f) {
            formats.push(f);
        }
    }
    let Some((books, externals)) = load_for(rep, &dir, lang, &formats, true, "nothing was written; the previous outputs are as they were") else { return };
    let Some(book) = books.first().map(|(b, _)| b) else { return };
    let mut request = BuildRequest::new(formats.clone());
    if formats.contains(&Format::Epub) {
        request = request.with_configured_cover(book);
        let diags = quire::site_files::apply_epub(book, &mut request.epub);
        rep.diagnostics(&diags, &book.sources);
    }
    if formats.contains(&Format::Html) {
        let diags = quire::site_files::apply(book, &mut request.html);
        rep.diagnostics(&diags, &book.sources);
    }
    if args.profile.as_deref() == Some("print") {
        request = request.with_print_profile(book);
    }
    if formats.iter().any(|f| matches!(f, Format::Pdf | Format::Epub)) {
        let sources = fonts::FontSources::discover(args.fonts.map(|f| cwd.join(f)));
        let (loaded, parts) = sources.load();
        for part in parts {
            match (&part.error, &part.folder) {
                (Some(e), _) => rep.verbose("Fonts", format!("none ({e})")),
                (None, None) => rep.verbose("Fonts", format!("{} built in", count(part.files, "file"))),
                (None, Some(dir)) => rep.verbose("Fonts", format!("{} from {}", count(part.files, "file"), dir.display())),
            }
        }
        request = request.with_fonts(loaded);
        let system = !args.no_system_fonts && book.config.output.pdf.system_fonts != Some(false);
        if system && formats.contains(&Format::Pdf) {
            let (with_system, added) = request.with_system_fonts(book);
            request = with_system;
            if !added.is_empty() {
                rep.verbose("Fonts", format!("installed, for the PDF: {}", added.join(", ")));
            }
        }
    }

    let out = out_dir(args.out.map(|o| cwd.join(o)), book);
    let out = match lang {
        Some(l) => out.join(&l.dir),
        None => out,
    };
    // Checked again before writing; here too, so that a refused folder costs no rendering.
    let options = write::WriteOptions::for_book(book).force(args.force);
    if let Err(e) = quire::output_guard::check_manuscript(&out, &options.manuscript) {
        rep.api_error(write_error_code(&e), &e);
        return;
    }
    // The EPUB and the PDF are written into the output folder as they are made (renamed into
    // place when everything is written): a book's images are never all in memory.
    request.spool = Some(out.clone());
    let use_cache = !args.no_cache && formats.iter().any(|f| matches!(f, Format::Html | Format::Epub));
    let loaded = use_cache.then(|| cache::load(&out, request.cache()));
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
    let report = quire::build::BuildReport { name: quire::build::slug(book.title()), results };
    progress.clear();
    rep.verbose("Rendered", format!("in {:.3}s", rendering.elapsed().as_secs_f64()));

    rep.diagnostics(report.diagnostics(), &book.sources);
    for (_, e) in report.failures() {
        rep.error(Code::RenderFailed, e.to_string());
    }

    // External renderers run after Quire's own have rendered and before anything is written, so
    // that a failing checker leaves the previous outputs as they were.
    if !run_externals(rep, book, &externals, &out) {
        return;
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
        if let Err(e) = cache::save(&out, request.cache(), loaded) {
            rep.verbose("Cache", format!("not saved: {e}"));
        }
    }
    rep.status("Finished", format!("in {:.2}s", started.elapsed().as_secs_f64()));
}

/// Runs the book's external renderers in `<out>/NAME/`; false when one failed (reported, with a
/// hint that nothing was written).
fn run_externals(rep: &mut Reporter<'_, '_>, book: &Book, externals: &super::loading::Externals, out: &Path) -> bool {
    let timeout = book.config.quire.renderer_timeout();
    // Diagnostics point at the renderer's `[output.NAME]` table in book.toml.
    let at = |name: &str, d: quire_core::Diagnostic| {
        let id = book.sources.find(Path::new("book.toml"));
        let text = id.and_then(|id| book.sources.get(id)).map(|f| f.text.as_str()).unwrap_or_default();
        match (id, quire_core::config_load::key_span(text, &["output"], name)) {
            (Some(id), Some(r)) => d.with_span(quire_core::Span::new(id, r.start, r.end)),
            _ => d,
        }
    };
    for (renderer, context) in externals {
        rep.status("Rendering", format!("with `{}` ({})", renderer.name, renderer.command));
        match renderer.run(context, out, timeout) {
            Ok(quire::renderers::Rendered::Ran { destination, stdout, stderr }) => {
                for text in [&stdout, &stderr] {
                    if !text.is_empty() {
                        rep.passthrough(&renderer.name, text);
                    }
                }
                rep.verbose("Rendered", format!("`{}` into {}", renderer.name, destination.display()));
            }
            Ok(_) => {
                let d = quire_core::Diagnostic::warning(
                    Code::RendererMissing,
                    format!("renderer `{}`: command `{}` not found; skipped (optional = true)", renderer.name, renderer.command),
                )
                .with_hint(format!("install it (e.g. `cargo install mdbook-{}`) to run it", renderer.name));
                rep.diagnostic(&at(&renderer.name, d), &book.sources);
            }
            Err(e) => {
                let d = quire_core::Diagnostic::error(Code::RendererFailed, e.to_string())
                    .with_hint("nothing was written; the previous outputs are as they were");
                rep.diagnostic(&at(&renderer.name, d), &book.sources);
                return false;
            }
        }
    }
    true
}

/// The diagnostic code of a failed write.
fn write_error_code(e: &quire::Error) -> Code {
    match e {
        quire::Error::OutputHoldsManuscript { .. } => Code::OutputHoldsManuscript,
        quire::Error::NotWrittenByQuire { .. } => Code::OutputNotOwned,
        _ => Code::WriteFailed,
    }
}

/// `publish check`: loads the book with its preprocessors run for each format checked (each
/// asking with its renderer's name, as `build` does) and reports what loading, parsing and
/// resolving find in every result.
pub fn check(rep: &mut Reporter<'_, '_>, args: CheckArgs, cwd: &Path) {
    let dir = match book_dir(args.book, cwd) {
        Ok(d) => d,
        Err(e) => return no_book(rep, &e),
    };
    let mut formats: Vec<Format> = Vec::new();
    for f in args.format.into_iter().map(Format::from) {
        if !formats.contains(&f) {
            formats.push(f);
        }
    }
    // A GitBook multi-language book: each language is checked as the book it is built as.
    let languages = quire_core::gitbook_langs::gitbook_languages(&dir);
    let langs: Vec<Option<&quire_core::gitbook_langs::Language>> =
        if languages.is_empty() { vec![None] } else { languages.iter().map(Some).collect() };
    for lang in langs {
        match lang {
            Some(l) => rep.status("Checking", format!("{} ({}, {})", dir.display(), l.title, l.dir.display())),
            None => rep.status("Checking", dir.display().to_string()),
        }
        check_book(rep, &dir, lang, &formats);
    }
}

fn check_book(rep: &mut Reporter<'_, '_>, dir: &Path, lang: Option<&quire_core::gitbook_langs::Language>, formats: &[Format]) {
    let Some((books, _)) = load_for(rep, dir, lang, formats, false, "fix the preprocessor, or mark it `optional = true`, and check again") else { return };
    if let Some((book, _)) = books.first() {
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

/// `publish init`.
pub fn init(rep: &mut Reporter<'_, '_>, args: InitArgs) {
    match init::init_book(&args.dir, args.title.as_deref()) {
        Ok(files) => {
            for f in files {
                rep.status("Created", f.display().to_string());
            }
            rep.status("Next", format!("publish build {}", args.dir.display()));
        }
        Err(e) => rep.error(Code::InitFailed, e.to_string()),
    }
}

/// `publish completions`.
pub fn completions(rep: &mut Reporter<'_, '_>, args: CompletionsArgs) {
    let mut cmd = Cli::command();
    clap_complete::generate(args.shell, &mut cmd, "publish", rep.stdout());
}

/// `"1 chapter"`, `"3 chapters"`.
pub(super) fn count(n: usize, word: &str) -> String {
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
