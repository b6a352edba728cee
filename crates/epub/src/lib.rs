//! # quire-epub
//!
//! Renders a resolved [`quire_core::Book`] into an EPUB 3 package with epub-builder. A plain
//! function: no disk or clock access (the timestamp comes from the book).
//!
//! ```no_run
//! let book = quire_core::Book::load("manuscript").expect("loads");
//! let out = quire_epub::render(&book, &quire_epub::Options::default()).expect("renders");
//! assert_eq!(out.files[0].path, "book.epub");
//! ```

use quire_core::{Book, Rendered};

/// EPUB rendering options.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Font files to embed (subset to the glyphs used), as `(file name, bytes)`.
    pub fonts: Vec<(String, std::sync::Arc<[u8]>)>,
}

/// Why rendering failed outright.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// Something the renderer cannot do at all.
    #[error("epub rendering failed: {0}")]
    Failed(String),
}

/// Renders the book to `book.epub` (in [`Rendered::files`]) and diagnostics.
pub fn render(book: &Book, options: &Options) -> Result<Rendered, RenderError> {
    let _ = (book, options);
    Err(RenderError::Failed("not written yet".into()))
}
