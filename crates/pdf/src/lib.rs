//! # quire-pdf
//!
//! Typesets a resolved [`quire_core::Book`] into a PDF: layout produces a page model, a thin
//! last step writes it with printpdf. A plain function: no disk or clock access.
//!
//! ```
//! use quire_core::{Book, MemorySource};
//!
//! // A book held in memory (`Book::load("manuscript")` reads a folder the same way).
//! let manuscript = MemorySource::new()
//!     .file("SUMMARY.md", "- [Start](start.md)\n")
//!     .file("start.md", "# Start\n\nOne page.\n");
//! let book = Book::load_from(&manuscript)?;
//! // The renderer needs at least one font; the repository ships some in `fonts/`.
//! let font = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fonts/NotoSerif-Regular.ttf");
//! let options = quire_pdf::Options {
//!     fonts: vec![("NotoSerif-Regular.ttf".into(), std::fs::read(font).expect("font").into())],
//!     ..Default::default()
//! };
//! let out = quire_pdf::render(&book, &options).expect("renders");
//! assert_eq!(out.files[0].path, "book.pdf");
//! assert!(out.files[0].data.starts_with(b"%PDF-"));
//! # Ok::<(), quire_core::LoadError>(())
//! ```

pub mod fonts;
pub mod layout;
pub mod math;
pub mod model;
pub mod print;
pub(crate) mod svg;
mod ua;
pub mod write;

use quire_core::{Book, OutputFile, Rendered};

pub use fonts::{Family, FontBook, FontError, FontMetrics, ShapedGlyph, Style};

/// PDF rendering options.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Font files available for typesetting, as `(file name, bytes)`. The caller passes every
    /// `*.otf`/`*.ttf` of the repository's `fonts/` folder, sorted by name; the fallback order
    /// comes from the faces themselves (see [`fonts`]) and `[output.pdf] fonts`.
    pub fonts: Vec<(String, std::sync::Arc<[u8]>)>,
    /// Typesetting choices not in the book's configuration.
    pub layout: layout::LayoutOptions,
    /// The print profile (`--profile print`): `book.pdf` as PDF/X with boxes, marks and
    /// signatures, plus `book-cover.pdf`. `None`: the screen PDF, unless `[output.pdf.print]`
    /// has `enabled = true`.
    pub print: Option<print::PrintOptions>,
}

/// Why rendering failed outright.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RenderError {
    /// Something the renderer cannot do at all.
    #[error("pdf rendering failed: {0}")]
    Failed(String),
    /// The fonts cannot be loaded.
    #[error(transparent)]
    Fonts(#[from] FontError),
    /// The book breaks the standard it asks for (`standard = "ua-1"`): nothing is written, and
    /// these errors say what to fix, each at its place.
    #[error("the book does not meet the PDF standard it asks for ({} problems)", .0.len())]
    Refused(Vec<quire_core::Diagnostic>),
}

/// The font book for a book: the given files, `[output.pdf] fonts` first, the book's language
/// for shaping.
pub fn font_book(book: &Book, options: &Options) -> Result<FontBook, RenderError> {
    Ok(FontBook::new(&options.fonts)?
        .with_preferred_families(&book.config.output.pdf.fonts.for_language(book.language()))
        .with_font_choice(&book.config.output.pdf.fonts)
        .with_language(book.language()))
}

/// The layout options with the book's `[output.pdf]` choices applied (`line-break`,
/// `cover-page`).
pub fn configured_layout(book: &Book, base: &layout::LayoutOptions) -> layout::LayoutOptions {
    let mut out = base.clone();
    if book.config.output.pdf.cover_page == Some(false) {
        out.cover_page = false;
    }
    if let Some(lb) = book.config.output.pdf.line_break {
        out.strictness = match lb {
            quire_core::config::LineBreak::Strict => layout::Strictness::Strict,
            quire_core::config::LineBreak::Normal => layout::Strictness::Normal,
            quire_core::config::LineBreak::Loose => layout::Strictness::Loose,
        };
    }
    out
}

/// Renders the book to `book.pdf` (in [`Rendered::files`]) and diagnostics; with the print
/// profile also `book-cover.pdf` (see [`mod@print`]). The whole PDF is in memory: a caller
/// writing it to a file uses [`render_to`].
pub fn render(book: &Book, options: &Options) -> Result<Rendered, RenderError> {
    let mut data = Vec::new();
    let mut rendered = render_to(book, options, &mut data)?;
    rendered.files.insert(0, OutputFile { path: "book.pdf".into(), data });
    Ok(rendered)
}

/// Renders `book.pdf` into `out` as it is made (each image read, converted and written in turn,
/// never all at once: see [`write::write_to`]); returns the diagnostics and the other files (the
/// print profile's `book-cover.pdf`). The bytes are those of [`render`].
pub fn render_to<W: std::io::Write>(book: &Book, options: &Options, out: &mut W) -> Result<Rendered, RenderError> {
    // PDF/UA: what the book must fix is found before anything is written, so a refused build
    // leaves the previous PDF.
    let ua_diags = if ua::requested(book) { ua::check(book) } else { Vec::new() };
    if ua_diags.iter().any(|d| d.severity == quire_core::Severity::Error) {
        return Err(RenderError::Refused(ua_diags));
    }
    let fonts = font_book(book, options)?;
    let layout_options = configured_layout(book, &options.layout);
    if let Some(p) = options.print.clone().or_else(|| print::configured(book)) {
        let mut r = print::render_to(book, &fonts, &layout_options, &p, out)?;
        r.diagnostics.extend(ua_diags);
        return Ok(r);
    }
    let (doc, mut diagnostics) = layout::layout(book, &fonts, &layout_options);
    let image_diags = write::write_owned_to(doc, &fonts, book, &write::WriteOptions::default(), out)?;
    diagnostics.extend(image_diags);
    diagnostics.extend(ua_diags);
    Ok(Rendered { files: Vec::new(), diagnostics, ..Default::default() })
}
