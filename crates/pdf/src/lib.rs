//! # quire-pdf
//!
//! Typesets a resolved [`quire_core::Book`] into a PDF: layout produces a page model, a thin
//! last step writes it with printpdf. A plain function: no disk or clock access.
//!
//! ```no_run
//! let book = quire_core::Book::load("manuscript").expect("loads");
//! let out = quire_pdf::render(&book, &quire_pdf::Options::default()).expect("renders");
//! assert_eq!(out.files[0].path, "book.pdf");
//! ```

pub mod fonts;
pub mod model;

use quire_core::{Book, Rendered};

/// PDF rendering options.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Font files available for typesetting, as `(file name, bytes)`, in fallback order.
    pub fonts: Vec<(String, std::sync::Arc<[u8]>)>,
}

/// Why rendering failed outright.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// Something the renderer cannot do at all.
    #[error("pdf rendering failed: {0}")]
    Failed(String),
}

/// Renders the book to `book.pdf` (in [`Rendered::files`]) and diagnostics.
pub fn render(book: &Book, options: &Options) -> Result<Rendered, RenderError> {
    let _ = (book, options);
    Err(RenderError::Failed("not written yet".into()))
}
