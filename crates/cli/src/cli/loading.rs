//! Loading the book for a command, with its mdBook preprocessors run once per renderer (one
//! parsed book per distinct result): `build` for the formats it builds, `check` for those it
//! checks.

use quire_core::Code;
use super::commands::count;
use super::report::Reporter;
use quire::build::Format;
use quire::preprocess::LoadFailure;
use quire_core::Book;
use std::path::Path;
use std::time::Instant;

/// Loads the book in `dir` for `formats`, running its mdBook preprocessors once per renderer:
/// one parsed book per distinct result, with the formats it is for (one book when no
/// preprocessor changes anything between renderers). `None` when loading or a preprocessor
/// failed (already reported; `failed_hint` says what that means for this command).
pub(super) fn load_for(rep: &mut Reporter<'_, '_>, dir: &Path, formats: &[Format], failed_hint: &str) -> Option<Vec<(Book, Vec<Format>)>> {
    let started = Instant::now();
    let renderers: Vec<&str> = formats.iter().map(|f| f.as_str()).collect();
    let loaded = match quire::preprocess::load(dir, &renderers) {
        Ok(l) => l,
        Err(failure) => {
            report_failure(rep, &failure, failed_hint);
            return None;
        }
    };
    for (name, text) in &loaded.preprocessed.stderr {
        rep.passthrough(name, text);
    }
    rep.diagnostics(&loaded.preprocessed.diagnostics, &loaded.sources);
    for run in &loaded.preprocessed.runs {
        if !run.ran.is_empty() {
            rep.verbose("Preprocessed", format!("for {}: {}", run.renderer, run.ran.join(", ")));
        }
    }
    let variants = loaded.books.len();
    let books: Vec<(Book, Vec<Format>)> =
        loaded.books.into_iter().map(|(b, for_)| (b, for_.iter().filter_map(|i| formats.get(*i).copied()).collect())).collect();
    for (book, _) in &books {
        let mut sorted: Vec<_> = book.diagnostics.iter().collect();
        sorted.sort_by_key(|d| d.span.map(|s| (s.file, s.start)));
        rep.diagnostics(sorted, &book.sources);
    }
    if let Some((book, _)) = books.first() {
        rep.verbose(
            "Loaded",
            format!(
                "{} ({}, {}{}) in {:.3}s",
                book.title(),
                count(book.chapters.len(), "chapter"),
                count(book.assets.len(), "image"),
                if variants > 1 { format!(", {variants} preprocessed variants") } else { String::new() },
                started.elapsed().as_secs_f64()
            ),
        );
    }
    Some(books)
}

/// Reports why the book did not load or a preprocessor failed.
pub(crate) fn report_failure(rep: &mut Reporter<'_, '_>, failure: &LoadFailure, hint: &str) {
    match failure {
        LoadFailure::Load(e) => rep.load_error(e),
        LoadFailure::Preprocess { error, span, diagnostics, sources } => {
            let mut sorted: Vec<_> = diagnostics.iter().collect();
            sorted.sort_by_key(|d| d.span.map(|s| (s.file, s.start)));
            rep.diagnostics(sorted, sources);
            let mut d = quire_core::Diagnostic::error(Code::PreprocessorFailed, error.to_string()).with_hint(hint);
            if let Some(span) = span {
                d = d.with_span(*span);
            }
            rep.diagnostic(&d, sources);
        }
        other => rep.error(Code::LoadFailed, other.to_string()),
    }
}
