//! Loading a book with its preprocessors run, as `publish build`, `check` and `serve` all do:
//! load up to the chapter texts, run the preprocessors once per renderer, then parse and resolve
//! one book per distinct result.

use super::{run_for, span_of, PreprocessError, Preprocessed, Restructure};
use quire_core::{Book, ChapterEdit, Diagnostic, LoadError, ParseMemo, RawBook, SourceCache, SourceMap, Span};
use std::path::Path;

/// A book loaded with its preprocessors run for some renderers.
#[derive(Debug)]
#[non_exhaustive]
pub struct Loaded {
    /// One parsed book per distinct preprocessed result, each with the indices (into the
    /// renderers asked for) of the renderers it is for. Never empty: a book of its own when no
    /// renderer was asked for.
    pub books: Vec<(Book, Vec<usize>)>,
    /// The preprocessors' notes and warnings, their stderr, and which ran for each renderer.
    pub preprocessed: Preprocessed,
    /// The files read while loading, where [`Preprocessed::diagnostics`] point.
    pub sources: SourceMap,
    /// mdBook's `RenderContext` for each renderer asked for that is not Quire's own (an
    /// external renderer, [`crate::renderers`]), with the book its preprocessors left.
    pub contexts: Vec<crate::renderers::RenderContext>,
}

/// Why a book could not be loaded with its preprocessors.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoadFailure {
    /// The book did not load.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// A preprocessor failed.
    #[error("{error}")]
    Preprocess {
        /// What went wrong.
        error: PreprocessError,
        /// Where the preprocessor's table is in book.toml.
        span: Option<Span>,
        /// What loading had found before (config notes, SUMMARY.md problems).
        diagnostics: Vec<Diagnostic>,
        /// The files read while loading.
        sources: SourceMap,
    },
}

/// Loads the book in `dir` and runs its preprocessors once for each of `renderers` (`html`,
/// `epub`, `pdf`), each asking with its own name; renderers whose chapters come back the same
/// share one parsed book. Any other name is an external renderer's: it gets a
/// [`Loaded::contexts`] entry, not a parsed book.
pub fn load(dir: &Path, renderers: &[&str]) -> Result<Loaded, Box<LoadFailure>> {
    let raw = RawBook::load(dir).map_err(|e| Box::new(LoadFailure::Load(e)))?;
    load_raw(raw, renderers)
}

/// [`load`] through a [`SourceCache`] and a [`ParseMemo`] kept from an earlier load of the same
/// book (as `publish serve` reloads it after each edit): only the files that changed are read
/// again, only the chapters whose files changed are expanded again, and only the chapters whose
/// text changed are parsed again.
pub fn load_memo(dir: &Path, renderers: &[&str], cache: &mut SourceCache, memo: &mut ParseMemo) -> Result<Loaded, Box<LoadFailure>> {
    let raw = quire_core::load::load_raw_cached(dir, cache).map_err(|e| Box::new(LoadFailure::Load(e)))?;
    load_raw_with(raw, renderers, Some(memo))
}

/// What [`reload_memo`] did.
#[derive(Debug)]
pub enum Reload {
    /// The book was patched in place: these chapters' texts changed (see [`RawBook::patch`]).
    Patched {
        /// The chapters whose text changed.
        chapters: Vec<quire_core::ChapterId>,
        /// The preprocessors' notes and stderr (none changed the book); they point into the
        /// patched book's [`Book::sources`].
        preprocessed: Preprocessed,
    },
    /// The book had to be built again: here it is, as [`load_memo`] gives it.
    Loaded(Loaded),
}

/// [`load_memo`] for a book that `book` was built from through `cache` and `memo` (`publish serve` after an
/// edit), for one renderer: when its preprocessors change nothing and only chapter texts
/// changed, `book` is patched in place ([`RawBook::patch`]: only the changed chapters are parsed
/// and resolved); otherwise the book is loaded whole, as [`load_memo`] does.
pub fn reload_memo(dir: &Path, renderer: &str, cache: &mut SourceCache, memo: &mut ParseMemo, book: &mut Book) -> Result<Reload, Box<LoadFailure>> {
    let raw = quire_core::load::load_raw_cached(dir, cache).map_err(|e| Box::new(LoadFailure::Load(e)))?;
    let renderers = [renderer];
    let mut pre = preprocess(&raw, &renderers)?;
    let untouched = pre.runs.iter().all(|r| crate::renderers::BUILT_IN.contains(&r.renderer.as_str()) && r.edits.is_empty() && r.outline.is_none());
    if untouched {
        let patched = raw.patch(book, memo);
        if let Some(chapters) = patched {
            return Ok(Reload::Patched { chapters, preprocessed: pre });
        }
    }
    let (books, contexts) = finish(&raw, &mut pre, Some(memo));
    Ok(Reload::Loaded(Loaded { books, preprocessed: pre, sources: raw.sources().clone(), contexts }))
}

/// [`load`] for a book already loaded up to its chapter texts.
pub fn load_raw(raw: RawBook, renderers: &[&str]) -> Result<Loaded, Box<LoadFailure>> {
    load_raw_with(raw, renderers, None)
}

fn load_raw_with(raw: RawBook, renderers: &[&str], memo: Option<&mut ParseMemo>) -> Result<Loaded, Box<LoadFailure>> {
    let mut pre = preprocess(&raw, renderers)?;
    let (books, contexts) = finish(&raw, &mut pre, memo);
    Ok(Loaded { books, preprocessed: pre, sources: raw.sources().clone(), contexts })
}

/// The preprocessors run for each renderer, or why they failed.
fn preprocess(raw: &RawBook, renderers: &[&str]) -> Result<Preprocessed, Box<LoadFailure>> {
    run_for(raw, renderers).map_err(|error| {
        let span = span_of(raw, error.name());
        Box::new(LoadFailure::Preprocess { error, span, diagnostics: raw.diagnostics().to_vec(), sources: raw.sources().clone() })
    })
}

/// The books, each with the renderers it is for, and the external renderers' contexts.
type Finished = (Vec<(Book, Vec<usize>)>, Vec<crate::renderers::RenderContext>);

/// The books of a loaded book whose preprocessors ran (`pre`, whose edits are taken).
fn finish(raw: &RawBook, pre: &mut Preprocessed, memo: Option<&mut ParseMemo>) -> Finished {
    // One book per distinct result: the same edits, or the same new chapter list.
    let mut variants: Vec<(Vec<ChapterEdit>, Option<Restructure>)> = Vec::new();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut contexts = Vec::new();
    for (i, run) in pre.runs.iter_mut().enumerate() {
        if !crate::renderers::BUILT_IN.contains(&run.renderer.as_str()) {
            let items = run.items.take().unwrap_or_else(|| super::json::book_items(raw));
            contexts.push(crate::renderers::RenderContext::new(raw, &run.renderer, items));
            continue;
        }
        let result = (std::mem::take(&mut run.edits), run.outline.take());
        match variants.iter().position(|v| *v == result) {
            Some(k) => groups[k].push(i),
            None => {
                variants.push(result);
                groups.push(vec![i]);
            }
        }
    }
    if variants.is_empty() {
        variants.push((Vec::new(), None));
        groups.push(Vec::new());
    }
    // Chapter edits share one parse of the unchanged chapters; a new chapter list is a book of
    // its own.
    let edited: Vec<Vec<ChapterEdit>> = variants.iter().filter(|(_, o)| o.is_none()).map(|(e, _)| e.clone()).collect();
    let edited_books = match memo {
        Some(memo) => raw.finish_many_memo(&edited, memo),
        None => raw.finish_many(&edited),
    };
    let mut edited_books = edited_books.into_iter();
    let mut books = Vec::with_capacity(variants.len());
    for ((_, outline), group) in variants.iter().zip(groups) {
        let book = match outline {
            Some(r) => Some(raw.restructured(&r.entries, &r.by).finish(&[])),
            None => edited_books.next(),
        };
        if let Some(book) = book {
            books.push((book, group));
        }
    }
    (books, contexts)
}
