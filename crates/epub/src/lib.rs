//! # quire-epub
//!
//! Renders a resolved [`quire_core::Book`] into an EPUB 3 package with epub-builder. A plain
//! function: no disk or clock access (the timestamp comes from the book), and the same book gives
//! the same bytes.
//!
//! The package holds one XHTML document per chapter (`<output_stem>.xhtml`), `nav.xhtml` (the
//! whole TOC with parts and nesting, plus landmarks), `toc.ncx`, a cover page, the images the
//! chapters use, subset fonts and one stylesheet.
//!
//! ```
//! use quire_core::{Book, MemorySource};
//!
//! // A book held in memory (`Book::load("manuscript")` reads a folder the same way).
//! let manuscript = MemorySource::new()
//!     .file("book.json", r#"{"title": "Small", "language": "en"}"#)
//!     .file("SUMMARY.md", "- [Start](start.md)\n")
//!     .file("start.md", "# Start\n\nOne page.\n");
//! let book = Book::load_from(&manuscript)?;
//! let out = quire_epub::render(&book, &quire_epub::Options::default()).expect("renders");
//! assert_eq!(out.files[0].path, "book.epub");
//! // A ZIP whose first entry is the stored `mimetype`, as EPUB requires.
//! let epub = &out.files[0].data;
//! assert!(epub.starts_with(b"PK\x03\x04"));
//! assert_eq!(&epub[30..38], b"mimetype");
//! # Ok::<(), quire_core::LoadError>(())
//! ```

pub mod body;
pub mod cover;
pub mod fonts;
pub mod images;
pub mod media;
pub mod metadata;
pub mod nav;
pub mod package;
pub mod schemes;
pub mod xml;

use epub_builder::{EpubBuilder, EpubContent, EpubVersion, ReferenceType, ZipLibrary};
use quire_core::ast::{Block, Footnote};
use quire_core::{Book, Diagnostic, MediaType, OutputFile, Rendered};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use rayon::prelude::*;
use std::sync::Arc;

/// A chapter's blocks and footnotes as the EPUB writes them: borrowed from the book, or a copy
/// whose images were rewritten.
type Prepared<'a> = (Cow<'a, [Block]>, Cow<'a, [Footnote]>);

/// The base stylesheet; the highlighting theme and `@font-face` rules are appended.
const BASE_CSS: &str = include_str!("style.css");

/// EPUB rendering options.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Font files to embed (subset to the glyphs used), as `(file name, bytes)`.
    pub fonts: Vec<(String, Arc<[u8]>)>,
    /// The configured cover image's bytes, read by the caller, for when the loader did not bring
    /// the cover in as an asset (the renderer reads no files). Used only when a cover is
    /// configured (`[output.epub] cover` or `[book] cover`).
    pub cover: Option<Arc<[u8]>>,
    /// Highlighted code of earlier builds (and of the HTML renderer of the same build, when the
    /// caller shares one cache between them).
    pub cache: Arc<quire_highlight::BuildCache>,
    /// The book's own stylesheets (`[output.epub] additional-css`, GitBook's `styles.ebook`),
    /// read by the caller, appended to the EPUB's stylesheet in order.
    pub additional_css: Vec<String>,
}

/// Why rendering failed outright.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RenderError {
    /// Something the renderer cannot do at all.
    #[error("epub rendering failed: {0}")]
    Failed(String),
    /// The EPUB container could not be assembled.
    #[error("epub packaging failed: {0}")]
    Package(#[from] epub_builder::Error),
    /// The archive could not be made deterministic.
    #[error("epub repacking failed: {0}")]
    Repack(#[from] package::RepackError),
}

/// File names the package uses itself; a chapter with such a stem is renamed.
const RESERVED: &[&str] = &["nav", "cover", "toc", "content", "stylesheet"];

/// Package paths of the chapters, by chapter index: `<output_stem>.xhtml`, made unique.
pub fn chapter_paths(book: &Book) -> Vec<String> {
    // Unique as paths, and unique as the manifest ids epub-builder derives from them
    // (`a/b.xhtml` and `a_b.xhtml` would both be `id_a_b.xhtml`).
    let mut used: BTreeSet<String> = BTreeSet::new();
    let mut ids: BTreeSet<String> = BTreeSet::new();
    book.chapters
        .iter()
        .map(|c| {
            let stem = c.output_stem.trim_matches('/');
            let stem = if stem.is_empty() { format!("chapter-{}", c.id.0 + 1) } else { stem.to_string() };
            let base = if RESERVED.contains(&stem.as_str()) { format!("{stem}-chapter") } else { stem };
            let mut path = format!("{base}.xhtml");
            let mut n = 1;
            while used.contains(&path) || ids.contains(&builder_id(&path)) {
                n += 1;
                path = format!("{base}-{n}.xhtml");
            }
            used.insert(path.clone());
            ids.insert(builder_id(&path));
            path
        })
        .collect()
}

/// Renders the book to `book.epub` (in [`Rendered::files`]) and diagnostics.
pub fn render(book: &Book, options: &Options) -> Result<Rendered, RenderError> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut rendered = render_to(book, options, &mut out)?;
    rendered.files.insert(0, OutputFile { path: "book.epub".to_string(), data: out.into_inner() });
    Ok(rendered)
}

/// Renders `book.epub` into `out` as it is made (its images read one at a time and dropped
/// after); returns the diagnostics (no files). The bytes are those of [`render`].
pub fn render_to<W: std::io::Write + std::io::Seek>(book: &Book, options: &Options, out: W) -> Result<Rendered, RenderError> {
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    let paths = chapter_paths(book);
    let identifier = metadata::identifier(book);

    // Chapter documents, with images the EPUB cannot hold replaced.
    let opts = quire_xhtml::Options::epub()
        .with_book_labels(&book.config)
        .with_url_schemes(&book.config.quire.allowed_url_schemes)
        .with_cache(options.cache.clone());
    let mut rewriter = images::Rewriter::new(book);
    let mut written: Vec<body::Written> = Vec::with_capacity(book.chapters.len());
    let mut raw_assets: BTreeSet<quire_core::AssetId> = BTreeSet::new();
    let mut placeholder_used = false;
    // Image rewriting records what the book uses, in order; the markup of each chapter (where
    // highlighting dominates) is independent, so it runs in parallel and is merged in order.
    // Only a chapter that shows an image is copied to be rewritten; the others are written from
    // the book's own tree, so the EPUB does not hold a second copy of a text book.
    let mut prepared: Vec<Prepared<'_>> = Vec::with_capacity(book.chapters.len());
    for ch in &book.chapters {
        if !images::shows_images(&ch.blocks, &ch.footnotes) {
            prepared.push((Cow::Borrowed(&ch.blocks), Cow::Borrowed(&ch.footnotes)));
            continue;
        }
        let mut blocks = ch.blocks.clone();
        let mut notes = ch.footnotes.clone();
        rewriter.blocks(&mut blocks);
        rewriter.footnotes(&mut notes);
        prepared.push((Cow::Owned(blocks), Cow::Owned(notes)));
    }
    let chapters: Vec<_> = book
        .chapters
        .par_iter()
        .zip(paths.par_iter())
        .zip(prepared.par_iter())
        .map(|((ch, path), (blocks, notes))| {
            let doc = body::ChapterDoc { chapter: ch, path, blocks, footnotes: notes };
            let resolver = body::Resolver::new(book, &paths, ch, path);
            let fragment = body::markup_body(&doc, &resolver, &opts);
            let raw = resolver.raw_assets.take();
            let placeholder = resolver.placeholder_used.get();
            let mut diags = fragment.diagnostics;
            diags.extend(resolver.unlinked.borrow().note(ch.span));
            (diags, raw, placeholder, body::document(book, &doc, &fragment.html))
        })
        .collect();
    for (diags, mut raw, placeholder, doc) in chapters {
        diagnostics.extend(diags);
        raw_assets.append(&mut raw);
        placeholder_used |= placeholder;
        written.push(doc);
    }
    let mut used = std::mem::take(&mut rewriter.found);
    if !raw_assets.is_empty() {
        used.has_images = true;
    }
    used.assets.append(&mut raw_assets);
    diagnostics.append(&mut rewriter.diagnostics);

    // Cover.
    let cover_image = cover::choose(book, options.cover.as_ref(), &mut diagnostics);
    let cover_page = cover::cover_page(book, &cover_image);

    // Navigation.
    let nav_input = nav::NavInput { chapter_paths: &paths, cover_path: cover::COVER_PAGE, identifier: &identifier };
    let nav_xhtml = nav::nav_xhtml(book, &nav_input);
    let toc_ncx = nav::toc_ncx(book, &nav_input);

    // Fonts, subset to the characters of every document.
    let embed = book.config.output.epub.embed_fonts.unwrap_or(true);
    let embedded = if embed && !options.fonts.is_empty() {
        let mut chars: BTreeSet<char> = (' '..='~').collect();
        fonts::text_chars(written.iter().map(|w| w.xhtml.as_str()), &mut chars);
        fonts::text_chars([nav_xhtml.as_str(), cover_page.as_str()], &mut chars);
        chars.extend(book.title().chars());
        fonts::subset_all(&options.fonts, &chars, &mut diagnostics)
    } else {
        Vec::new()
    };
    let mut css = String::from(BASE_CSS);
    css.push_str("\n/* Code highlighting (the HTML site's light theme). */\n");
    css.push_str(&quire_highlight::theme_css(quire_highlight::Theme::Light, ""));
    css.push_str(&fonts::css(&embedded));
    for extra in &options.additional_css {
        css.push_str("\n/* The book's own stylesheet. */\n");
        css.push_str(extra);
    }

    // Package document patch: our metadata, manifest properties, nav in the spine.
    let facts = metadata::ContentFacts {
        has_images: used.has_images || !matches!(cover_image, cover::CoverImage::Generated(_)),
        images_lack_alt: used.lacks_alt,
        has_mathml: written.iter().any(|w| w.mathml),
    };
    let mut patch = package::OpfPatch {
        metadata: metadata::opf_metadata(book, facts),
        nav_after_idref: Some(builder_id(cover::COVER_PAGE)),
        direction_rtl: book.config.book.text_direction.as_deref().is_some_and(|d| d.eq_ignore_ascii_case("rtl")),
        lang: book.language().to_string(),
        ..Default::default()
    };
    for (w, path) in written.iter().zip(&paths) {
        let mut props = BTreeSet::new();
        if w.mathml {
            props.insert("mathml");
        }
        if w.svg {
            props.insert("svg");
        }
        if !props.is_empty() {
            patch.properties.insert(path.clone(), props);
        }
    }
    let mut overrides = BTreeMap::new();
    overrides.insert("OEBPS/nav.xhtml".to_string(), nav_xhtml.into_bytes());
    overrides.insert("OEBPS/toc.ncx".to_string(), toc_ncx.into_bytes());

    // Assemble.
    let mut builder = EpubBuilder::new(ZipLibrary::new()?)?;
    builder.epub_version(EpubVersion::V30);
    builder.set_title(book.title());
    builder.add_language(book.language());
    builder.set_uuid(metadata::derived_uuid(book));
    if let Some(t) = chrono::DateTime::from_timestamp(book.timestamp, 0) {
        builder.set_modified_date(t);
    }
    builder.set_generator("Quire");
    let words = nav::words(book);
    builder.set_toc_name(words.contents.as_str());
    builder.stylesheet(css.as_bytes())?;
    match &cover_image {
        cover::CoverImage::Asset(a) => {
            let data = book.asset_bytes(a).map_err(|e| RenderError::Failed(format!("reading the cover image: {e}")))?;
            builder.add_cover_image(&a.output_path, &data[..], a.media_type.mime())?;
        }
        cover::CoverImage::Provided(data, _) => {
            builder.add_cover_image(cover_image.path(), &data[..], cover_image.mime())?;
        }
        cover::CoverImage::Generated(svg) => {
            builder.add_cover_image(cover::GENERATED_COVER, svg.as_bytes(), cover_image.mime())?;
        }
    }
    let cover_asset = match &cover_image {
        cover::CoverImage::Asset(a) => Some(a.id),
        cover::CoverImage::Provided(..) | cover::CoverImage::Generated(_) => None,
    };
    // Raster images are already compressed: epub-builder gets an empty stand-in (so the manifest
    // lists them) and the repack step stores the real bytes uncompressed.
    let mut stored: BTreeMap<String, &quire_core::Asset> = BTreeMap::new();
    for id in &used.assets {
        if Some(*id) == cover_asset {
            continue;
        }
        if let Some(a) = book.asset(*id) {
            // Audio and video are compressed too (timed text is not).
            let media = media::mime(a).filter(|_| a.media_type == MediaType::Other);
            let compressed = matches!(a.media_type, MediaType::Jpeg | MediaType::Png | MediaType::Gif | MediaType::Webp)
                || media.is_some_and(|m| m != "text/vtt");
            if let (false, Some(path)) = (images::is_core(a.media_type), images::converted_path(a)) {
                let data = book.asset_bytes(a).map_err(|e| RenderError::Failed(format!("reading `{}`: {e}", a.path.display())))?;
                let png = images::to_png(&data, book.config.quire.max_image_pixels())
                    .ok_or_else(|| RenderError::Failed(format!("`{}` no longer converts to PNG", a.path.display())))?;
                builder.add_resource(&path, &png[..], "image/png")?;
            } else if compressed {
                stored.insert(format!("OEBPS/{}", a.output_path), a);
                builder.add_resource(&a.output_path, &[][..], media.unwrap_or(a.media_type.mime()))?;
            } else {
                let data = book.asset_bytes(a).map_err(|e| RenderError::Failed(format!("reading `{}`: {e}", a.path.display())))?;
                builder.add_resource(&a.output_path, &data[..], media.unwrap_or(a.media_type.mime()))?;
            }
        }
    }
    if placeholder_used {
        builder.add_resource(body::PLACEHOLDER_IMAGE, body::placeholder_svg(&words).as_bytes(), "image/svg+xml")?;
    }
    // Fonts and chapters are most of the package: epub-builder gets empty stand-ins (for its
    // manifest and spine) and the repack step deflates the real bytes on every core.
    let mut deflated: BTreeMap<String, &[u8]> = BTreeMap::new();
    for f in &embedded {
        deflated.insert(format!("OEBPS/{}", f.path), &f.data[..]);
        builder.add_resource(&f.path, &[][..], f.mime)?;
    }
    builder.add_content(
        EpubContent::new(cover::COVER_PAGE, cover_page.as_bytes())
            .title(words.cover.as_str())
            .reftype(ReferenceType::Cover),
    )?;
    let start = nav::bodymatter_start(book);
    for ((ch, path), w) in book.chapters.iter().zip(&paths).zip(&written) {
        deflated.insert(format!("OEBPS/{path}"), w.xhtml.as_bytes());
        let mut content = EpubContent::new(path.as_str(), &[][..]);
        if Some(ch.id) == start {
            content = content.title(nav::chapter_label(ch, &words)).reftype(ReferenceType::Text);
        }
        builder.add_content(content)?;
    }
    let mut bytes = Vec::new();
    builder.generate(&mut bytes)?;
    let read = |a: &&quire_core::Asset| book.asset_bytes(a);
    package::repack(&bytes, book.timestamp, &overrides, &stored, &read, &deflated, &patch, out)?;
    Ok(Rendered { diagnostics, ..Default::default() })
}

/// The manifest id epub-builder gives a file (`id_` + the href with non-name characters as `_`).
fn builder_id(href: &str) -> String {
    let mut id = String::from("id_");
    for c in href.chars() {
        if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
            id.push(c);
        } else {
            id.push('_');
        }
    }
    id
}
