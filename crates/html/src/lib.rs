//! # quire-html
//!
//! Renders a resolved [`quire_core::Book`] into a static HTML site: one page per chapter
//! (`index.html` for the first), `print.html` with the whole book, `404.html`, a build-time
//! search index with an offline JavaScript client, a content-hashed stylesheet and script,
//! and the book's images. A plain function: no disk or clock access.
//!
//! ```
//! use quire_core::{Book, MemorySource};
//!
//! // A book held in memory (`Book::load("manuscript")` reads a folder the same way).
//! let manuscript = MemorySource::new()
//!     .file("SUMMARY.md", "- [Start](start.md)\n- [Next](next.md)\n")
//!     .file("start.md", "# Start\n\n![Logo](logo.svg)\n\nOn to [the next page](next.md).\n")
//!     .file("next.md", "# Next\n")
//!     .file("logo.svg", r#"<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>"#);
//! let book = Book::load_from(&manuscript)?;
//! let site = quire_html::render(&book, &quire_html::Options::default()).expect("renders");
//! let page = |path: &str| site.files.iter().find(|f| f.path == path).map(|f| String::from_utf8_lossy(&f.data).into_owned());
//! let index = page("index.html").expect("the first chapter is index.html");
//! assert!(index.contains(r#"<h1 id="start">"#) && index.contains(r#"<a href="next.html">the next page</a>"#), "{index}");
//! // The image is written beside the pages, with the bytes read from the source.
//! let logo = site.files.iter().find(|f| f.path == book.assets[0].output_path).expect("the image");
//! assert!(logo.data.starts_with(b"<svg"));
//! # Ok::<(), quire_core::LoadError>(())
//! ```

pub mod static_files;
pub mod i18n;
pub mod lang;
pub mod links;
pub mod page;
pub mod redirect;
pub mod search;
pub mod search_parts;
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
    /// With [`Options::only_chapters`]: the file name of the search index the pages link,
    /// instead of building the index to learn its (content-hashed) name. A preview serving the
    /// index of its last full render passes that index's name, so a one-chapter render does no
    /// book-wide work; the full render after it brings the index up to date. Ignored when
    /// rendering everything.
    pub search_index: Option<String>,
    /// For a render of everything: the search index script, made by the caller from the same
    /// book ([`search_parts::SearchParts::to_js`], which a preview keeps up to date by chapter),
    /// written instead of building the index. It must be the script the index of this book is
    /// (the page names it by its content hash). Ignored by a partial render.
    pub search_script: Option<std::sync::Arc<str>>,
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
