//! # quire-html
//!
//! Renders a resolved [`quire_core::Book`] into a static HTML site: one page per chapter
//! (`index.html` for the first), `print.html` with the whole book, `404.html`, a build-time
//! search index with an offline JavaScript client, a content-hashed stylesheet and script,
//! and the book's images. A plain function: no disk or clock access.
//!
//! ```no_run
//! let book = quire_core::Book::load("manuscript").expect("loads");
//! let site = quire_html::render(&book, &quire_html::Options::default()).expect("renders");
//! assert!(site.files.iter().any(|f| f.path == "index.html"));
//! ```

pub mod static_files;
pub mod i18n;
pub mod lang;
pub mod links;
pub mod page;
pub mod redirect;
pub mod search;
pub mod site;
pub mod theme;
pub mod toc;

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod testbook;

use quire_core::{Book, Rendered};

/// HTML rendering options.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Only render these chapters' pages (for live reload); `None` renders everything.
    pub only_chapters: Option<Vec<quire_core::ChapterId>>,
    /// The book's own stylesheets (mdBook's `additional-css`), read by the caller: each is written
    /// at its path and linked on every page after Quire's stylesheet, in this order.
    pub additional_css: Vec<quire_core::OutputFile>,
    /// The book's own scripts (mdBook's `additional-js`), likewise, loaded after Quire's script.
    pub additional_js: Vec<quire_core::OutputFile>,
    /// Highlighted code and the search index of earlier builds (and of the EPUB renderer of
    /// the same build, when the caller shares one cache between them).
    pub cache: std::sync::Arc<quire_highlight::BuildCache>,
}

/// Why rendering failed outright.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RenderError {
    /// Something the renderer cannot do at all.
    #[error("html rendering failed: {0}")]
    Failed(String),
}

/// Renders the book to a set of files (relative paths) and diagnostics.
pub fn render(book: &Book, options: &Options) -> Result<Rendered, RenderError> {
    Ok(site::render_site(book, options))
}
