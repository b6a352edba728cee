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

/// The handbook of the Quire source tree, for when `./manuscript` does not exist.
const REPO_MANUSCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../manuscript");

/// The book folder: the argument, else `./manuscript`, else the handbook in the source tree.
pub fn book_dir(arg: Option<PathBuf>) -> PathBuf {
    if let Some(p) = arg {
        return p;
    }
    let local = PathBuf::from("manuscript");
    if local.is_dir() {
        local
    } else {
        PathBuf::from(REPO_MANUSCRIPT)
    }
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
pub fn build(rep: &mut Reporter<'_, '_>, args: BuildArgs, show_progress: bool) {
    let started = Instant::now();
    let dir = book_dir(args.book);
    rep.status("Building", dir.display().to_string());
    let Some(book) = load(rep, &dir) else { return };

    let mut formats: Vec<Format> = Vec::new();
    for f in args.format.into_iter().map(Format::from) {
        if !formats.contains(&f) {
            formats.push(f);
        }
    }
    let mut request = BuildRequest::new(formats.clone());
    if formats.contains(&Format::Epub) {
        request = request.with_configured_cover(&book);
    }
    if args.profile.as_deref() == Some("print") {
        request = request.with_print_profile(&book);
    }
    if formats.iter().any(|f| matches!(f, Format::Pdf | Format::Epub)) {
        let font_dir = args.fonts.unwrap_or_else(fonts::default_dir);
        let loaded = match fonts::try_load_dir(&font_dir) {
            Ok(f) => f,
            Err(e) => {
                rep.verbose("Fonts", format!("none ({e})"));
                Vec::new()
            }
        };
        rep.verbose("Fonts", format!("{} from {}", count(loaded.len(), "file"), font_dir.display()));
        request = request.with_fonts(loaded);
        let system = !args.no_system_fonts && book.config.output.pdf.system_fonts != Some(false);
        if system && formats.contains(&Format::Pdf) {
            let (with_system, added) = request.with_system_fonts(&book);
            request = with_system;
            if !added.is_empty() {
                rep.verbose("Fonts", format!("installed, for the PDF: {}", added.join(", ")));
            }
        }
    }

    let out = out_dir(args.out, &book);
    // Checked again before writing; here too, so that a refused folder costs no rendering.
    let options = write::WriteOptions::for_book(&book).force(args.force);
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
    let report = build_with_progress(&book, &request, &|e| progress.event(e));
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
pub fn check(rep: &mut Reporter<'_, '_>, args: CheckArgs) {
    let dir = book_dir(args.book);
    rep.status("Checking", dir.display().to_string());
    if let Some(book) = load(rep, &dir) {
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
