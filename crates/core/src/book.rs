//! The loaded, parsed and resolved book: chapters in reading order, the table of contents, assets,
//! sources and diagnostics. This is what every renderer takes.

use crate::ast::{AssetId, Block, ChapterId, Footnote};
use crate::config::BookConfig;
use crate::diag::Diagnostic;
use crate::span::{SourceMap, Span};
use std::path::PathBuf;
use std::sync::Arc;

/// Where a chapter stands in SUMMARY.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChapterRole {
    /// Unnumbered chapter before the numbered ones (preface, introduction).
    Prefix,
    /// A numbered chapter (may be nested).
    Numbered,
    /// Unnumbered chapter after the numbered ones (appendix-like, contributors).
    Suffix,
}

/// One chapter (a file listed in SUMMARY.md, or a draft with no file).
#[derive(Debug, Clone)]
pub struct Chapter {
    /// Its id (index in [`Book::chapters`]).
    pub id: ChapterId,
    /// Title as given in SUMMARY.md (or the first heading when there is no SUMMARY): the TOC's,
    /// the sidebar's, the running heads'.
    pub title: String,
    /// The page title `{{#title …}}` sets: the site's `<title>` of this page, whole (mdBook sets
    /// only that; the TOC and the sidebar keep [`Chapter::title`]).
    pub page_title: Option<String>,
    /// Section number from SUMMARY.md nesting, e.g. `[2, 1]` for "2.1". Empty when unnumbered.
    pub number: Vec<u32>,
    /// Nesting depth in the TOC, 0 for top-level.
    pub depth: usize,
    /// Parent chapter in the TOC.
    pub parent: Option<ChapterId>,
    /// Prefix, numbered or suffix.
    pub role: ChapterRole,
    /// Source file, relative to the book's source root; `None` for a draft `[Title]()`.
    pub source_path: Option<PathBuf>,
    /// A stable, file-system-safe stem for output files (`ch1-basic/ch1-01-genesis`), unique in
    /// the book. Renderers append their own extension (`.html`, `.xhtml`).
    pub output_stem: String,
    /// True for a draft chapter (listed with no file).
    pub draft: bool,
    /// Parsed content (empty for drafts).
    pub blocks: Vec<Block>,
    /// Footnote definitions, in reference order.
    pub footnotes: Vec<Footnote>,
    /// Where the chapter is listed in SUMMARY.md (or the chapter file's start).
    pub span: Span,
    /// The raw HTML tags and attributes of nodes that came from raw HTML (see
    /// [`HtmlOrigins`](crate::ast::HtmlOrigins)), for a site that keeps raw HTML.
    pub html_origins: crate::ast::HtmlOrigins,
}

impl Chapter {
    /// "2.1" style number, or `None` when unnumbered.
    pub fn number_string(&self) -> Option<String> {
        if self.number.is_empty() {
            None
        } else {
            Some(self.number.iter().map(|n| n.to_string()).collect::<Vec<_>>().join("."))
        }
    }
}

/// A page of the site that is not a chapter: mdBook's 404 page (`[output.html] input-404`, by
/// default `404.md` in the source folder). It is parsed and resolved like a chapter, with spans
/// and diagnostics, but it is not in the reading order, the table of contents, the search index,
/// the EPUB or the PDF.
#[derive(Debug, Clone)]
pub struct Page {
    /// Its file, relative to the book's source root.
    pub source_path: PathBuf,
    /// The text of its first heading (empty when it has none).
    pub title: String,
    /// Parsed content.
    pub blocks: Vec<Block>,
    /// Footnote definitions, in reference order.
    pub footnotes: Vec<Footnote>,
    /// The start of its file.
    pub span: Span,
    /// The raw HTML tags and attributes of nodes that came from raw HTML.
    pub html_origins: crate::ast::HtmlOrigins,
}

/// An entry of the table of contents, in SUMMARY.md order.
#[derive(Debug, Clone, PartialEq)]
pub enum TocEntry {
    /// A chapter, with its children.
    Chapter {
        /// The chapter.
        id: ChapterId,
        /// Nested entries.
        children: Vec<TocEntry>,
    },
    /// A link to a section of a chapter listed before it (GitBook's
    /// `[Section](chapter.md#section)`): navigation only, the chapter is not repeated.
    Section {
        /// The chapter.
        chapter: ChapterId,
        /// The heading id it lands on.
        anchor: String,
        /// The entry's title.
        title: String,
        /// Its line in SUMMARY.md.
        span: Option<crate::span::Span>,
    },
    /// A part title (`# Part` in mdBook, `## Part` in GitBook).
    PartTitle(String),
    /// A separator line (`---`).
    Separator,
}

/// A file's media type, determined from its content (magic bytes), not its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MediaType {
    /// image/png
    Png,
    /// image/jpeg
    Jpeg,
    /// image/gif
    Gif,
    /// image/svg+xml
    Svg,
    /// image/webp
    Webp,
    /// Anything else.
    Other,
}

impl MediaType {
    /// Sniffs the type from the first bytes of a file.
    pub fn sniff(bytes: &[u8]) -> MediaType {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            MediaType::Png
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            MediaType::Jpeg
        } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
            MediaType::Gif
        } else if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            MediaType::Webp
        } else {
            let head = &bytes[..bytes.len().min(1024)];
            let head = String::from_utf8_lossy(head);
            if head.contains("<svg") {
                MediaType::Svg
            } else {
                MediaType::Other
            }
        }
    }

    /// The MIME type.
    pub fn mime(self) -> &'static str {
        match self {
            MediaType::Png => "image/png",
            MediaType::Jpeg => "image/jpeg",
            MediaType::Gif => "image/gif",
            MediaType::Svg => "image/svg+xml",
            MediaType::Webp => "image/webp",
            MediaType::Other => "application/octet-stream",
        }
    }

    /// The conventional file extension for this type (without the dot).
    pub fn extension(self) -> &'static str {
        match self {
            MediaType::Png => "png",
            MediaType::Jpeg => "jpg",
            MediaType::Gif => "gif",
            MediaType::Svg => "svg",
            MediaType::Webp => "webp",
            MediaType::Other => "bin",
        }
    }
}

/// An image (or other file) the book uses. Its bytes are held in memory ([`Asset::data`]) when
/// the book was loaded from a borrowed source; a book loaded with its source kept
/// ([`crate::RawBook::finish`]) holds none and reads each asset on use, so a book's memory does not
/// grow with its images: renderers get the bytes with [`Book::asset_bytes`].
#[derive(Debug, Clone)]
pub struct Asset {
    /// Its id.
    pub id: AssetId,
    /// Path relative to the book root (as found on disk, `/`-separated).
    pub path: PathBuf,
    /// A safe output path for renderers: ASCII, no spaces, extension matching the real content
    /// type (e.g. `images/3f2a…-singa-on-mesos.jpg`). Unique in the book.
    pub output_path: String,
    /// Type from the content.
    pub media_type: MediaType,
    /// The bytes, when held in memory; `None` when they are read on use ([`Book::asset_bytes`]).
    pub data: Option<Arc<[u8]>>,
    /// The size of the file in bytes, as checked when it was loaded.
    pub size: u64,
    /// Width and height in pixels its header declares (raster images; `None` for SVG and
    /// unknown formats).
    pub pixels: Option<(u32, u32)>,
}

/// Reads the bytes of assets the book does not hold, from the source the book was loaded from
/// (set by resolution; renderers never touch the disk themselves).
pub trait AssetBytes: std::fmt::Debug + Send + Sync {
    /// The bytes of `asset` as they are now.
    fn read(&self, asset: &Asset) -> std::io::Result<Vec<u8>>;
}

/// A loaded, parsed and resolved book.
#[derive(Debug, Clone)]
pub struct Book {
    /// Configuration from book.toml / book.json / book.ini (or defaults).
    pub config: BookConfig,
    /// The book's root folder (where book.toml or SUMMARY.md is).
    pub root: PathBuf,
    /// Every file read, for spans.
    pub sources: SourceMap,
    /// The table of contents, as SUMMARY.md gives it.
    pub toc: Vec<TocEntry>,
    /// Chapters in reading order (depth-first over the TOC).
    pub chapters: Vec<Chapter>,
    /// Images and other files, by [`AssetId`].
    pub assets: Vec<Asset>,
    /// The cover image among [`Book::assets`]: the configured one (`[output.epub] cover`, else
    /// `[book] cover`), else a GitBook book's `cover.jpg`; `None` when there is none (renderers
    /// may generate one).
    pub cover: Option<AssetId>,
    /// The site's 404 page, when the book has one ([`Page`]); `None`: the site writes its own.
    pub not_found: Option<Page>,
    /// Everything found while loading, parsing and resolving.
    pub diagnostics: Vec<Diagnostic>,
    /// Where the bytes of assets without [`Asset::data`] are read from; `None` when every asset
    /// holds its bytes.
    pub asset_reader: Option<Arc<dyn AssetBytes>>,
    /// Build timestamp (Unix seconds): `SOURCE_DATE_EPOCH` if set, else the newest source mtime.
    /// Renderers use this, never the clock.
    pub timestamp: i64,
}

impl Book {
    /// The chapter with this id.
    pub fn chapter(&self, id: ChapterId) -> Option<&Chapter> {
        self.chapters.get(id.0)
    }

    /// The asset with this id.
    pub fn asset(&self, id: AssetId) -> Option<&Asset> {
        self.assets.get(id.0)
    }

    /// The bytes of `asset`: the held ones, else read through [`Book::asset_reader`] (an error
    /// when it cannot be read, or when its size changed since the book was loaded).
    pub fn asset_bytes(&self, asset: &Asset) -> std::io::Result<Arc<[u8]>> {
        if let Some(data) = &asset.data {
            return Ok(data.clone());
        }
        let reader = self.asset_reader.as_ref().ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, "the book holds no reader for its assets"))?;
        let bytes = reader.read(asset)?;
        if bytes.len() as u64 != asset.size {
            let msg = format!("`{}` changed since the book was loaded", asset.path.display());
            return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, msg));
        }
        Ok(Arc::from(bytes))
    }

    /// The book's language tag (`"en"` if unset).
    pub fn language(&self) -> &str {
        self.config.language()
    }

    /// The title (the translation table's `untitled` word if unset, see [`BookConfig::title`]).
    pub fn title(&self) -> &str {
        self.config.title()
    }
}
