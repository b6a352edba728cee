//! # quire
//!
//! The multi-format build: load a book once, then render the requested formats in parallel
//! (rayon) and write each output atomically. The `publish` binary is a thin shell over this, so
//! tools that import Quire get the same parallel build.
//!
//! ```no_run
//! use quire::{build, BuildRequest, Format};
//! let book = quire_core::Book::load("manuscript").expect("loads");
//! let report = build(&book, &BuildRequest::new(vec![Format::Html, Format::Epub, Format::Pdf]));
//! for r in &report.results {
//!     println!("{:?}: {} file(s)", r.format, r.rendered.as_ref().map(|x| x.files.len()).unwrap_or(0));
//! }
//! ```

use quire_core::{Book, Rendered};
use rayon::prelude::*;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Static HTML site.
    Html,
    /// EPUB 3.
    Epub,
    /// PDF.
    Pdf,
}

/// What to build.
#[derive(Debug, Clone)]
pub struct BuildRequest {
    /// Formats to render, in parallel.
    pub formats: Vec<Format>,
}

impl BuildRequest {
    /// A request for these formats with default options.
    pub fn new(formats: Vec<Format>) -> Self {
        BuildRequest { formats }
    }
}

/// The outcome of one format.
#[derive(Debug)]
pub struct FormatResult {
    /// Which format.
    pub format: Format,
    /// The rendered files, or why rendering failed.
    pub rendered: Result<Rendered, String>,
}

/// The outcome of a build.
#[derive(Debug)]
pub struct BuildReport {
    /// One result per requested format, in request order.
    pub results: Vec<FormatResult>,
}

/// Renders every requested format of `book` in parallel. Writes nothing.
pub fn build(book: &Book, request: &BuildRequest) -> BuildReport {
    let results = request
        .formats
        .par_iter()
        .map(|&format| FormatResult { format, rendered: render_one(book, format) })
        .collect();
    BuildReport { results }
}

fn render_one(book: &Book, format: Format) -> Result<Rendered, String> {
    match format {
        Format::Html => quire_html::render(book, &quire_html::Options::default()).map_err(|e| e.to_string()),
        Format::Epub => quire_epub::render(book, &quire_epub::Options::default()).map_err(|e| e.to_string()),
        Format::Pdf => quire_pdf::render(book, &quire_pdf::Options::default()).map_err(|e| e.to_string()),
    }
}
