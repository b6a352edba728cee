//! Loading the book for a command, with its mdBook preprocessors run once per renderer (one
//! parsed book per distinct result): `build` for the formats it builds, `check` for those it
//! checks.

use quire_core::Code;
use super::commands::count;
use super::report::Reporter;
use quire::build::Format;
use quire::preprocess::LoadFailure;
use quire::renderers::{ExternalRenderer, RenderContext};
use quire_core::{Book, RawBook};
use std::path::Path;
use std::time::Instant;

/// The book's external renderers (`[output.NAME]` with a command), each with the
/// `RenderContext` its preprocessors left.
pub(super) type Externals = Vec<(ExternalRenderer, RenderContext)>;

/// The parsed books, each with the formats it is for.
pub(super) type Books = Vec<(Book, Vec<Format>)>;

/// Loads the book in `dir` for `formats`, running its mdBook preprocessors once per renderer:
/// one parsed book per distinct result, with the formats it is for (one book when no
/// preprocessor changes anything between renderers). With `external`, also for each of the
/// book's external renderers, whose contexts come back beside the books. `None` when loading or
/// a preprocessor failed, or an `[output.NAME]` table is wrong (already reported; `failed_hint`
/// says what that means for this command).
pub(super) fn load_for(
    rep: &mut Reporter<'_, '_>,
    dir: &Path,
    lang: Option<&quire_core::gitbook_langs::Language>,
    formats: &[Format],
    external: bool,
    failed_hint: &str,
) -> Option<(Books, Externals)> {
    let started = Instant::now();
    let loaded = match lang {
        Some(l) => RawBook::load_language(dir, l),
        None => RawBook::load(dir),
    };
    let raw = match loaded {
        Ok(r) => r,
        Err(e) => {
            report_failure(rep, &LoadFailure::Load(e), failed_hint);
            return None;
        }
    };
    let externals = if external {
        match quire::renderers::configured(&raw.config) {
            Ok(list) => list,
            Err(e) => {
                rep.diagnostics(raw.diagnostics(), raw.sources());
                let mut d = quire_core::Diagnostic::error(Code::RendererFailed, e.to_string()).with_hint(failed_hint);
                if let Some(span) = output_span(&raw, e.name()) {
                    d = d.with_span(span);
                }
                rep.diagnostic(&d, raw.sources());
                return None;
            }
        }
    } else {
        Vec::new()
    };
    let mut renderers: Vec<&str> = formats.iter().map(|f| f.as_str()).collect();
    renderers.extend(externals.iter().map(|r| r.name.as_str()));
    let loaded = match quire::preprocess::load_raw(raw, &renderers) {
        Ok(l) => l,
        Err(failure) => {
            report_failure(rep, &failure, failed_hint);
            return None;
        }
    };
    let mut contexts = loaded.contexts.clone();
    let externals: Externals = externals
        .into_iter()
        .filter_map(|r| {
            let i = contexts.iter().position(|c| c.renderer == r.name)?;
            Some((r, contexts.swap_remove(i)))
        })
        .collect();
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
    Some((books, externals))
}

/// Where `[output.<name>]` is in book.toml.
pub(super) fn output_span(raw: &RawBook, name: &str) -> Option<quire_core::Span> {
    let id = raw.sources().find(Path::new("book.toml"))?;
    let text = raw.sources().get(id)?.text.as_str();
    let r = quire_core::config_load::key_span(text, &["output"], name)?;
    Some(quire_core::Span::new(id, r.start, r.end))
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
