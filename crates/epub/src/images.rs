//! Image handling before the chapter bodies are written: which assets go into the package, and
//! what replaces the images an EPUB cannot hold.
//!
//! * JPEG, PNG, GIF, SVG and WebP are EPUB 3.3 core media types: packaged at their
//!   `output_path`.
//! * BMP, TIFF and ICO are not, but decode: converted to PNG, packaged at `<output_path>.png`
//!   ([`converted_path`]).
//! * Anything else becomes a missing-image placeholder (the markup writer's rendering of
//!   [`ImageSource::Missing`]) and a warning says why.
//! * Remote images are never fetched: a link to the URL takes their place, or their alt text
//!   when they are inside a link already (a badge), since links do not nest.

use quire_core::Code;
use quire_core::ast::{Block, BlockKind, Footnote, Image, ImageSource, Inline, InlineKind, LinkTarget};
use quire_core::{AssetId, Book, Diagnostic, MediaType};
use std::collections::BTreeSet;

/// True for the image types every EPUB 3.3 reading system must support (WebP joined them in
/// EPUB 3.3).
pub fn is_core(t: MediaType) -> bool {
    matches!(t, MediaType::Png | MediaType::Jpeg | MediaType::Gif | MediaType::Svg | MediaType::Webp)
}

/// Raster formats that are not EPUB media types but that Quire converts to PNG.
const CONVERTED: &[image::ImageFormat] = &[image::ImageFormat::Bmp, image::ImageFormat::Tiff, image::ImageFormat::Ico];

/// Where an asset of a type the package does not take as it is goes once converted to PNG
/// (`<output_path>.png`), by its file extension; [`Rewriter`] only lets through the ones whose
/// content is such an image.
pub fn converted_path(a: &quire_core::Asset) -> Option<String> {
    let ext = a.output_path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase())?;
    (a.media_type == MediaType::Other && matches!(ext.as_str(), "bmp" | "dib" | "tif" | "tiff" | "ico" | "cur"))
        .then(|| format!("{}.png", a.output_path))
}

/// The PNG for a BMP, TIFF or ICO asset's bytes, within the book's pixel bound; `None` when they
/// are not one of those or do not decode.
pub fn to_png(data: &[u8], max_pixels: u64) -> Option<Vec<u8>> {
    let format = image::guess_format(data).ok().filter(|f| CONVERTED.contains(f))?;
    let mut reader = image::ImageReader::with_format(std::io::Cursor::new(data), format);
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(max_pixels.saturating_mul(8));
    reader.limits(limits);
    let (w, h) = image::ImageReader::with_format(std::io::Cursor::new(data), format).into_dimensions().ok()?;
    if u64::from(w) * u64::from(h) > max_pixels {
        return None;
    }
    let img = reader.decode().ok()?;
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).ok()?;
    Some(out.into_inner())
}

/// True when the asset converts ([`converted_path`] and [`to_png`] both agree).
fn converts(book: &Book, a: &quire_core::Asset) -> bool {
    converted_path(a).is_some() && book.asset_bytes(a).ok().is_some_and(|d| to_png(&d, book.config.quire.max_image_pixels()).is_some())
}

/// True when `blocks` or `notes` show an image anywhere (a figure, or an image inline at any
/// depth): only such a chapter has anything for the [`Rewriter`] to record or rewrite.
pub fn shows_images(blocks: &[Block], notes: &[Footnote]) -> bool {
    fn inlines(list: &[Inline]) -> bool {
        list.iter().any(|i| matches!(i.kind, InlineKind::Image(_)) || quire_core::ast::visit::children(i).is_some_and(inlines))
    }
    let mut found = false;
    let mut look = |b: &Block| {
        found = found
            || match &b.kind {
                BlockKind::Figure { .. } => true,
                BlockKind::Paragraph(i) | BlockKind::Heading { inlines: i, .. } => inlines(i),
                BlockKind::Table { head, rows, .. } => head.iter().chain(rows.iter().flatten()).any(|c| inlines(&c.inlines)),
                BlockKind::DefinitionList(items) => items.iter().any(|it| inlines(&it.term)),
                _ => false,
            };
    };
    quire_core::ast::visit::for_each_block(blocks, &mut look);
    for n in notes {
        quire_core::ast::visit::for_each_block(&n.blocks, &mut look);
    }
    found
}

/// What the rewrite found.
#[derive(Debug, Default)]
pub struct ImageUse {
    /// Assets to package.
    pub assets: BTreeSet<AssetId>,
    /// Some image is shown.
    pub has_images: bool,
    /// Some shown image has empty alt text.
    pub lacks_alt: bool,
}

/// Rewrites the images of a chapter's blocks and footnotes in place.
pub struct Rewriter<'a> {
    book: &'a Book,
    /// What was found so far.
    pub found: ImageUse,
    /// Warnings about images that could not be packaged.
    pub diagnostics: Vec<Diagnostic>,
    warned: BTreeSet<AssetId>,
    /// Inside a link now: a remote image becomes its alt text, not a second link.
    in_link: bool,
}

impl<'a> Rewriter<'a> {
    /// A rewriter for `book`.
    pub fn new(book: &'a Book) -> Self {
        Rewriter { book, found: ImageUse::default(), diagnostics: Vec::new(), warned: BTreeSet::new(), in_link: false }
    }

    /// Rewrites blocks (and nested content).
    pub fn blocks(&mut self, blocks: &mut [Block]) {
        for b in blocks {
            self.block(b);
        }
    }

    /// Rewrites footnote contents.
    pub fn footnotes(&mut self, notes: &mut [Footnote]) {
        for n in notes {
            self.blocks(&mut n.blocks);
        }
    }

    fn block(&mut self, b: &mut Block) {
        let replacement = match &mut b.kind {
            BlockKind::Paragraph(i) => {
                self.inlines(i);
                None
            }
            BlockKind::Heading { inlines, .. } => {
                self.inlines(inlines);
                None
            }
            BlockKind::BlockQuote(bs) | BlockKind::Admonition { blocks: bs, .. } | BlockKind::HtmlElement { blocks: bs, .. } => {
                self.blocks(bs);
                None
            }
            BlockKind::List { items, .. } => {
                for it in items {
                    self.blocks(&mut it.blocks);
                }
                None
            }
            BlockKind::Table { head, rows, .. } => {
                for c in head.iter_mut().chain(rows.iter_mut().flatten()) {
                    self.inlines(&mut c.inlines);
                }
                None
            }
            BlockKind::DefinitionList(items) => {
                for it in items {
                    self.inlines(&mut it.term);
                    for d in &mut it.definitions {
                        self.blocks(d);
                    }
                }
                None
            }
            BlockKind::Figure { image, caption, .. } => {
                self.inlines(caption);
                match self.image(image, b.span) {
                    Some(link) => Some(BlockKind::Paragraph(vec![Inline { kind: link, span: b.span }])),
                    None => None,
                }
            }
            BlockKind::CodeBlock { .. }
            | BlockKind::ThematicBreak
            | BlockKind::Html(_)
            | BlockKind::Math { .. } => None,
        };
        if let Some(k) = replacement {
            b.kind = k;
        }
    }

    fn inlines(&mut self, inlines: &mut [Inline]) {
        for i in inlines {
            let replacement = match &mut i.kind {
                InlineKind::Emphasis(c)
                | InlineKind::Strong(c)
                | InlineKind::Strikethrough(c)
                | InlineKind::Superscript(c)
                | InlineKind::Subscript(c) => {
                    self.inlines(c);
                    None
                }
                InlineKind::Link { children, .. } => {
                    let outer = std::mem::replace(&mut self.in_link, true);
                    self.inlines(children);
                    self.in_link = outer;
                    None
                }
                InlineKind::HtmlElement { tag, children, .. } => {
                    let outer = self.in_link;
                    self.in_link |= tag == "a";
                    self.inlines(children);
                    self.in_link = outer;
                    None
                }
                InlineKind::Image(img) => self.image(img, i.span),
                _ => None,
            };
            if let Some(k) = replacement {
                i.kind = k;
            }
        }
    }

    /// Fixes `img` in place; returns a link to put in its place for remote images.
    fn image(&mut self, img: &mut Image, span: quire_core::Span) -> Option<InlineKind> {
        match &img.source {
            ImageSource::Asset(id) => {
                let id = *id;
                match self.book.asset(id) {
                    // An asset already let through is not read and converted again per use.
                    Some(a) if is_core(a.media_type) || self.found.assets.contains(&id) || converts(self.book, a) => {
                        self.found.assets.insert(id);
                        self.found.has_images = true;
                        if img.alt.trim().is_empty() {
                            self.found.lacks_alt = true;
                        }
                    }
                    Some(a) => {
                        if self.warned.insert(id) {
                            self.diagnostics.push(
                                Diagnostic::warning(
                                    Code::EpubImageType,
                                    format!(
                                        "{} is {}, which is not an EPUB core media type; the EPUB shows a placeholder",
                                        a.path.display(),
                                        a.media_type.mime()
                                    ),
                                )
                                .with_span(span)
                                .with_hint("convert the image to PNG, JPEG or WebP"),
                            );
                        }
                        img.source = ImageSource::Missing(img.raw_src.clone());
                    }
                    None => img.source = ImageSource::Missing(img.raw_src.clone()),
                }
                None
            }
            ImageSource::Remote(url) => {
                let text = if img.alt.trim().is_empty() { url.clone() } else { img.alt.clone() };
                if self.in_link {
                    // A badge inside a link: its alt text in the one link (links do not nest).
                    return Some(InlineKind::Text(text));
                }
                Some(InlineKind::Link {
                    target: LinkTarget::External(url.clone()),
                    raw_dest: url.clone(),
                    title: img.title.clone(),
                    children: vec![Inline::text(text, span)],
                })
            }
            ImageSource::Missing(_) | ImageSource::Refused(_) | ImageSource::Embedded(_) => None,
        }
    }
}
