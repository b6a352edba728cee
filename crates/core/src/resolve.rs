//! Resolution: book-wide unique heading ids, links between chapters, images loaded as assets,
//! numbering of chapters, figures, tables and listings.

pub mod slug;

use crate::book::Book;

/// Resolution settings (from the config and the detected layout).
#[derive(Debug, Clone, Default)]
pub struct ResolveOptions {
    /// GitBook quirks (image paths with spaces, URL-decoding).
    pub gitbook_compat: bool,
    /// Number figures.
    pub number_figures: bool,
    /// Number tables.
    pub number_tables: bool,
    /// Number listings.
    pub number_listings: bool,
    /// Number headings inside chapters.
    pub number_sections: bool,
    /// Absolute folders outside the root that may be read.
    pub allow_paths: Vec<std::path::PathBuf>,
}

/// Resolves links, anchors, images and numbering in place, pushing diagnostics to
/// `book.diagnostics`. Reads image files from disk (relative to `book.root`).
pub fn resolve(book: &mut Book, opts: &ResolveOptions) {
    let _ = (book, opts);
}
