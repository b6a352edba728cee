//! The multi-format build: render the requested formats of one loaded [`Book`] in parallel
//! (rayon). Writes nothing; see [`crate::write_outputs`] for that.

use crate::error::Error;
use quire_core::{Book, Diagnostic, Rendered};
use rayon::prelude::*;
use std::fmt;
use std::str::FromStr;
use quire_highlight::BuildCache;
use std::sync::Arc;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Format {
    /// EPUB 3 e-book: `<out>/<name>.epub`.
    Epub,
    /// Print-quality PDF: `<out>/<name>.pdf`.
    Pdf,
    /// Static HTML site: `<out>/html/`.
    Html,
}

impl Format {
    /// Every format, in the order the CLI lists them.
    pub const ALL: [Format; 3] = [Format::Epub, Format::Pdf, Format::Html];

    /// Lower-case name (`epub`, `pdf`, `html`), as `--format` takes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Epub => "epub",
            Format::Pdf => "pdf",
            Format::Html => "html",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error of [`Format::from_str`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown format `{0}` (expected epub, pdf or html)")]
pub struct UnknownFormat(pub String);

impl FromStr for Format {
    type Err = UnknownFormat;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "epub" => Ok(Format::Epub),
            "pdf" => Ok(Format::Pdf),
            "html" => Ok(Format::Html),
            _ => Err(UnknownFormat(s.to_string())),
        }
    }
}

/// What to build, with the options of each renderer.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct BuildRequest {
    /// Formats to render, in parallel. Duplicates are rendered once.
    pub formats: Vec<Format>,
    /// Options of the HTML renderer.
    pub html: quire_html::Options,
    /// Options of the EPUB renderer.
    pub epub: quire_epub::Options,
    /// Options of the PDF renderer.
    pub pdf: quire_pdf::Options,
    /// The output folder, when the EPUB and the PDF are to be written there as they are made
    /// (under a temporary name that [`crate::write::write_outputs`] renames into place, see
    /// [`quire_core::SpooledFile`]), so their bytes are never all in memory. `None` keeps them
    /// in [`Rendered::files`].
    pub spool: Option<std::path::PathBuf>,
}

impl BuildRequest {
    /// A request for these formats with default options (and no fonts). The HTML and EPUB
    /// renderers share one new, empty [`BuildCache`]; see [`BuildRequest::with_cache`].
    pub fn new(formats: Vec<Format>) -> Self {
        BuildRequest { formats, ..Default::default() }.with_cache(Arc::default())
    }

    /// Memoises highlighted code (and the search index) in `cache`, shared by the HTML and EPUB
    /// renderers: a cache loaded from the last build ([`crate::cache::load`]), or the one a
    /// series of rebuilds keeps (`publish serve`).
    pub fn with_cache(mut self, cache: Arc<BuildCache>) -> Self {
        self.epub.cache = cache.clone();
        self.html.cache = cache;
        self
    }

    /// The cache the HTML renderer uses (the EPUB renderer's too, unless they were given
    /// different ones).
    pub fn cache(&self) -> &Arc<BuildCache> {
        &self.html.cache
    }

    /// Hands the book's configured cover image (see [`crate::cover::configured_cover`]) to the
    /// EPUB renderer.
    pub fn with_configured_cover(mut self, book: &Book) -> Self {
        self.epub.cover = crate::cover::configured_cover(book);
        self
    }

    /// Asks the PDF renderer for the print profile (`--profile print`) with the book's
    /// `[output.pdf.print]` settings: `<name>.pdf` as PDF/X and `<name>-cover.pdf`.
    pub fn with_print_profile(mut self, book: &Book) -> Self {
        let cfg = book.config.output.pdf.print.clone().unwrap_or_default();
        self.pdf.print = Some(quire_pdf::print::PrintOptions::from_config(&cfg));
        self
    }

    /// Adds the installed system fonts the book needs beyond the PDF's fonts so far (see
    /// [`crate::system_fonts`]) to the PDF renderer's fonts, after them. Call after
    /// [`BuildRequest::with_fonts`]. Returns the request and the file names added.
    pub fn with_system_fonts(mut self, book: &Book) -> (Self, Vec<String>) {
        let found = crate::system_fonts::find(book, &self.pdf.fonts);
        let names = found.iter().map(|(n, _)| n.clone()).collect();
        self.pdf.fonts.extend(found);
        (self, names)
    }

    /// Gives these font files (see [`crate::fonts::load_dir`]) to the PDF and EPUB renderers.
    pub fn with_fonts(mut self, fonts: Vec<(String, Arc<[u8]>)>) -> Self {
        self.epub.fonts = fonts.clone();
        self.pdf.fonts = fonts;
        self
    }
}

/// The outcome of one format.
#[derive(Debug)]
pub struct FormatResult {
    /// Which format.
    pub format: Format,
    /// The rendered files, or why rendering failed.
    pub rendered: Result<Rendered, Error>,
}

/// The outcome of a build.
#[derive(Debug)]
pub struct BuildReport {
    /// File name stem of the EPUB and PDF (a slug of the title, or `book`).
    pub name: String,
    /// One result per requested format, in request order.
    pub results: Vec<FormatResult>,
}

impl BuildReport {
    /// Every diagnostic the renderers reported, in format order (a refusing renderer's too).
    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.results.iter().flat_map(|r| match &r.rendered {
            Ok(x) => x.diagnostics.as_slice(),
            Err(Error::Refused { diagnostics, .. }) => diagnostics.as_slice(),
            Err(_) => &[],
        })
    }

    /// The formats whose renderer failed outright, with the error.
    pub fn failures(&self) -> impl Iterator<Item = (Format, &Error)> {
        self.results.iter().filter_map(|r| r.rendered.as_ref().err().map(|e| (r.format, e)))
    }

    /// True when every format rendered.
    pub fn is_ok(&self) -> bool {
        self.failures().next().is_none()
    }
}

/// Progress of a build, for progress bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum BuildEvent {
    /// A format started rendering.
    Started(Format),
    /// A format finished; `ok` is false when its renderer failed.
    Finished {
        /// The format.
        format: Format,
        /// Whether it rendered.
        ok: bool,
    },
}

/// Renders every requested format of `book` in parallel. Writes nothing.
pub fn build(book: &Book, request: &BuildRequest) -> BuildReport {
    build_with_progress(book, request, &|_| {})
}

/// Like [`build`], calling `progress` (from worker threads) as formats start and finish.
pub fn build_with_progress(
    book: &Book,
    request: &BuildRequest,
    progress: &(dyn Fn(BuildEvent) + Sync),
) -> BuildReport {
    let mut formats = Vec::new();
    for f in &request.formats {
        if !formats.contains(f) {
            formats.push(*f);
        }
    }
    // Both renderers highlight code the same way; do it once per cache they use, block by block
    // on every core, before they start (see `quire_highlight::prewarm`).
    let mut caches: Vec<&Arc<BuildCache>> = Vec::new();
    for f in &formats {
        let cache = match f {
            Format::Html => &request.html.cache,
            Format::Epub => &request.epub.cache,
            _ => continue,
        };
        if !caches.iter().any(|c| Arc::ptr_eq(c, cache)) {
            caches.push(cache);
        }
    }
    for cache in caches {
        quire_highlight::prewarm(book, cache);
    }
    let results = formats
        .par_iter()
        .map(|&format| {
            progress(BuildEvent::Started(format));
            let rendered = render_one(book, request, format);
            progress(BuildEvent::Finished { format, ok: rendered.is_ok() });
            FormatResult { format, rendered }
        })
        .collect();
    BuildReport { name: slug(book.title()), results }
}

fn render_one(book: &Book, request: &BuildRequest, format: Format) -> Result<Rendered, Error> {
    let failed = |message: String| Error::Render { format, message };
    if let (Some(dir), Format::Epub | Format::Pdf) = (&request.spool, format) {
        return spool(dir, &slug(book.title()), format, |out| match format {
            Format::Epub => quire_epub::render_to(book, &request.epub, out).map_err(|e| failed(e.to_string())),
            _ => quire_pdf::render_to(book, &request.pdf, out).map_err(pdf_error),
        });
    }
    match format {
        Format::Html => quire_html::render(book, &request.html).map_err(|e| failed(e.to_string())),
        Format::Epub => quire_epub::render(book, &request.epub).map_err(|e| failed(e.to_string())),
        Format::Pdf => quire_pdf::render(book, &request.pdf).map_err(pdf_error),
    }
}

/// The PDF renderer's error as the build's: a refusal keeps its diagnostics.
fn pdf_error(e: quire_pdf::RenderError) -> Error {
    match e {
        quire_pdf::RenderError::Refused(diagnostics) => Error::Refused { format: Format::Pdf, diagnostics },
        e => Error::Render { format: Format::Pdf, message: e.to_string() },
    }
}

/// Renders one file of `format` straight into a temporary file beside its output in `dir`
/// (flushed to disk), listed in [`Rendered::spooled`]; removed again when rendering fails.
fn spool(
    dir: &std::path::Path,
    name: &str,
    format: Format,
    render: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> Result<Rendered, Error>,
) -> Result<Rendered, Error> {
    use std::io::Write;
    let target = dir.join(format!("{name}.{}", format.as_str()));
    let temp = crate::temp_files::temp_sibling(&target, "tmp");
    let io = |e: std::io::Error| Error::io("cannot write", &temp, e);
    let result = (|| {
        std::fs::create_dir_all(dir).map_err(|e| Error::io("cannot create", dir, e))?;
        let file = std::fs::File::create(&temp).map_err(io)?;
        let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
        let mut rendered = render(&mut out)?;
        out.flush().map_err(io)?;
        let file = out.into_inner().map_err(|e| io(e.into_error()))?;
        file.sync_all().map_err(io)?;
        let size = file.metadata().map_err(io)?.len();
        rendered.spooled.push(quire_core::SpooledFile { path: format!("book.{}", format.as_str()), temp: temp.clone(), size });
        Ok(rendered)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// A file-name-safe slug of a title: lower-case ASCII letters and digits joined by `-`;
/// `book` when nothing is left (e.g. an all-Chinese title).
///
/// ```
/// assert_eq!(quire::slug("The Quire Handbook"), "the-quire-handbook");
/// assert_eq!(quire::slug("Go 语言高级编程"), "go");
/// assert_eq!(quire::slug("中文"), "book");
/// ```
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.len() > 80 {
        out.truncate(80);
        while out.ends_with('-') {
            out.pop();
        }
    }
    if out.is_empty() {
        "book".to_string()
    } else {
        out
    }
}
