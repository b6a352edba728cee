//! Loading the book for a command: for `build`, with its mdBook preprocessors run once per
//! renderer (one parsed book per distinct result); for `check`, as written, with a note for each
//! preprocessor not run.

use quire_core::Code;
use super::commands::count;
use super::report::Reporter;
use quire::build::Format;
use quire_core::Book;
use std::path::Path;
use std::time::Instant;

/// Loads the book in `dir` for `formats`, running its mdBook preprocessors once per renderer:
/// one parsed book per distinct result, with the formats it is for (one book when no
/// preprocessor changes anything between renderers). `None` when loading or a preprocessor
/// failed (already reported).
pub(super) fn load_for(rep: &mut Reporter<'_, '_>, dir: &Path, formats: &[Format]) -> Option<Vec<(Book, Vec<Format>)>> {
    let started = Instant::now();
    let raw = match quire_core::RawBook::load(dir) {
        Ok(raw) => raw,
        Err(e) => {
            rep.load_error(&e);
            return None;
        }
    };
    let renderers: Vec<&str> = formats.iter().map(|f| f.as_str()).collect();
    let pre = match quire::preprocess::run_for(&raw, &renderers) {
        Ok(p) => p,
        Err(e) => {
            let mut sorted: Vec<_> = raw.diagnostics().iter().collect();
            sorted.sort_by_key(|d| d.span.map(|s| (s.file, s.start)));
            rep.diagnostics(sorted, raw.sources());
            let mut d = quire_core::Diagnostic::error(Code::PreprocessorFailed, e.to_string())
                .with_hint("nothing was written; the previous outputs are as they were");
            if let Some(span) = quire::preprocess::span_of(&raw, e.name()) {
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

pub(super) fn load(rep: &mut Reporter<'_, '_>, dir: &Path) -> Option<Book> {
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

/// One note per preprocessor of the book that this command does not run.
pub(crate) fn note_preprocessors_not_run(rep: &mut Reporter<'_, '_>, book: &Book, why: &str) {
    for name in book.config.preprocessor.keys().filter(|k| !quire::preprocess::BUILT_IN.contains(&k.as_str())) {
        let d = quire_core::Diagnostic::note(Code::PreprocessorNotRun, format!("preprocessor `{name}` is not run: {why}"))
            .with_hint("`publish build` runs it");
        rep.diagnostic(&d, &book.sources);
    }
}

