//! The thin last step: turns the page model into PDF bytes with printpdf 0.12.
//!
//! Glyph runs are written by glyph id in subset fonts (`embed`) with a ToUnicode map built from
//! each glyph's cluster text, so copying or extracting text gives the source text. Rectangles
//! are filled or stroked; JPEG images go in unchanged, PNG, GIF and WebP decoded with alpha as a
//! soft mask, SVG as vectors (`image`, `svg`); links become link annotations, made when they are
//! written (`links`). Bookmarks, page labels, language and metadata
//! are added to printpdf's lopdf document afterwards (`post`), and `file` writes its objects
//! out one by one (images read when written, the structure tree serialised straight into the
//! file), with the document ID a hash of the bytes. Nothing depends on the clock or on hash-map
//! order: the same input gives byte-identical output.
//!
//! Unless `[output.pdf] tagged = false` (or PDF/X-1a, which is PDF 1.3), the content is marked:
//! each run of items of one structure element is a `BDC` sequence with an MCID, everything else
//! an `/Artifact`, and `tags` writes the structure tree they belong to.

mod content;
mod embed;
mod file;
pub(crate) mod image;
mod links;
pub(crate) mod post;
mod tags;
#[cfg(test)]
mod parallel_tests;

use quire_core::Code;
use std::collections::BTreeMap;

use printpdf::{DictItem, PdfDocument, PdfPage, PdfSaveOptions, Pt, XObject, XObjectId};
use quire_core::{AssetId, Book, Diagnostic, MediaType};

use crate::fonts::FontBook;
use crate::model::{self, Color, GlyphRun, Item, Page, Rect, StructElem, StructId};
use crate::RenderError;
use content::{Content, Paint};
use embed::Embedded;

/// How colours and images are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum ColorMode {
    /// Colours as DeviceRGB, images as they come (screen PDF).
    #[default]
    Rgb,
    /// Colours as DeviceCMYK (neutral ones on the black plate only), RGB images converted to
    /// CMYK (see [`crate::print::color`]): the print profile.
    Cmyk,
}

/// Writer settings beyond the page model.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct WriteOptions {
    /// Colour model.
    pub color: ColorMode,
    /// Make the file PDF/X: output intent, identification, version (see [`crate::print`]).
    pub pdfx: Option<crate::print::PdfX>,
}

/// Writes the laid-out document as PDF bytes (screen PDF).
pub fn write(doc: &model::Document, fonts: &FontBook, book: &Book) -> Result<Vec<u8>, RenderError> {
    write_with(doc, fonts, book, &WriteOptions::default())
}

/// Writes the laid-out document as PDF bytes with these settings.
pub fn write_with(doc: &model::Document, fonts: &FontBook, book: &Book, opts: &WriteOptions) -> Result<Vec<u8>, RenderError> {
    write_report(doc, fonts, book, opts).map(|(bytes, _)| bytes)
}

/// [`write_with`], plus a `pdf-image-placeholder` warning for each image that could not be
/// drawn (it does not decode or convert) and is left as an empty frame.
pub fn write_report(doc: &model::Document, fonts: &FontBook, book: &Book, opts: &WriteOptions) -> Result<(Vec<u8>, Vec<Diagnostic>), RenderError> {
    let mut out = Vec::new();
    let diagnostics = write_to(doc, fonts, book, opts, &mut out)?;
    Ok((out, diagnostics))
}

/// [`write_report`] into `out` as the file is made: the bytes of each image are read (through
/// [`Book::asset_bytes`]) and converted when they are written, and dropped after, so the
/// images of a book are never all in memory (a few converted ones are kept from the first
/// look at them, within [`KEPT_IMAGE_BYTES`]). The bytes are the same as [`write_report`]'s.
pub fn write_to<W: std::io::Write>(doc: &model::Document, fonts: &FontBook, book: &Book, opts: &WriteOptions, out: &mut W) -> Result<Vec<Diagnostic>, RenderError> {
    write_inner(doc, None, fonts, book, opts, out, true)
}

/// [`write_to`], taking the document: each page's drawing (its items and turned runs, most of
/// a laid-out book's memory) is dropped as soon as its content stream is made, so it is not
/// held while the rest of the file is assembled and written. The same bytes.
pub fn write_owned_to<W: std::io::Write>(mut doc: model::Document, fonts: &FontBook, book: &Book, opts: &WriteOptions, out: &mut W) -> Result<Vec<Diagnostic>, RenderError> {
    let drawing = doc.pages.iter_mut().map(|p| (std::mem::take(&mut p.items), std::mem::take(&mut p.turned))).collect();
    write_inner(&doc, Some(drawing), fonts, book, opts, out, true)
}

/// Each page's items and turned runs, taken out of the document.
type Drawing = Vec<(Vec<Item>, Vec<model::TurnedRun>)>;

/// [`write_to`], the pages' drawing in `doc` or (when given) in `taken`; with `streamed` false
/// every image goes into the document whole before it is written (the plain way, which the
/// streamed one must match byte for byte).
fn write_inner<W: std::io::Write>(
    doc: &model::Document,
    taken: Option<Drawing>,
    fonts: &FontBook,
    book: &Book,
    opts: &WriteOptions,
    out: &mut W,
    streamed: bool,
) -> Result<Vec<Diagnostic>, RenderError> {
    let drawing: Vec<(&[Item], &[model::TurnedRun])> = match &taken {
        Some(t) => t.iter().map(|(i, r)| (i.as_slice(), r.as_slice())).collect(),
        None => doc.pages.iter().map(|p| (p.items.as_slice(), p.turned.as_slice())).collect(),
    };
    let embedded = embed::embed_all(&drawing, fonts)?;
    let mut pdf = PdfDocument::new(&doc.metadata.title);
    for e in embedded.values() {
        pdf.resources.fonts.map.insert(e.pdf_id.clone(), printpdf::PdfFont::new(e.font.clone()));
    }
    let svg_fonts = image::SvgFontCache::new(fonts);
    let (images, prepared) = add_images(&mut pdf, &drawing, &svg_fonts, book, opts);
    drop(drawing);
    let mut diagnostics: Vec<Diagnostic> = images
        .iter()
        .filter(|(_, x)| x.is_none())
        .filter_map(|(a, _)| book.asset(*a))
        .map(|a| {
            let msg = format!("image `{}` could not be decoded or converted; the PDF shows an empty frame", a.path.display());
            Diagnostic::warning(Code::PdfImagePlaceholder, msg)
        })
        .collect();
    let tagged = book.config.output.pdf.tagged != Some(false)
        && opts.pdfx != Some(crate::print::PdfX::X1a)
        && !doc.structure.is_empty();
    let structure: &[StructElem] = if tagged { &doc.structure } else { &[] };
    // Each page's content stream is written and compressed on its own, the pages on every core
    // (in page order whatever the threads: the same bytes as one after the other). Each
    // page's drawing (when taken) is dropped once its stream is made, and only the pages being
    // written have their uncompressed content in memory. The document printpdf makes holds
    // none of the pages' drawing (see `content`) and none of their links (see `links`).
    let ctx = PageContext { fonts: &embedded, images: &images, mode: opts.color, structure };
    // The glyphs every page shows go into one set as each page is made (a page's list is
    // dropped at once: kept for every page until all are made, they were tens of megabytes).
    let used = std::sync::Mutex::new(BTreeMap::<model::FontId, std::collections::BTreeSet<u16>>::new());
    let gather = |made: Result<(content::Made, Vec<StructId>), RenderError>| {
        made.map(|(m, ids)| {
            let mut used = used.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            for (font, gid) in m.used {
                used.entry(font).or_default().insert(gid);
            }
            (m.stream, ids)
        })
    };
    let made: Vec<(lopdf::Stream, Vec<StructId>)> = {
        use rayon::prelude::*;
        match taken {
            Some(taken) => taken
                .into_par_iter()
                .zip(doc.pages.par_iter())
                .map_init(content::compressor, |deflate, ((items, turned), page)| gather(ctx.page(page.height, &items, &turned, deflate)))
                .collect::<Result<_, _>>()?,
            None => doc
                .pages
                .par_iter()
                .map_init(content::compressor, |deflate, p| gather(ctx.page(p.height, &p.items, &p.turned, deflate)))
                .collect::<Result<_, _>>()?,
        }
    };
    let used = used.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    let (streams, mcids): (Vec<lopdf::Stream>, Vec<Vec<StructId>>) = made.into_iter().unzip();
    let mut pages: Vec<PdfPage> = doc.pages.iter().map(page_boxes).collect();
    if let Some(first) = pages.first_mut() {
        first.ops.extend(content::glyph_ops(&embedded, &used));
    }
    pdf.pages = pages;

    let save_opts = PdfSaveOptions { optimize: false, subset_fonts: false, secure: true, image_optimization: None };
    let mut warnings = Vec::new();
    let mut lo = printpdf::serialize::to_lopdf_doc(&pdf, &save_opts, &mut warnings);
    drop(pdf);
    content::install(&mut lo, streams)?;
    let mut parts = prepared.parts;
    let image_streams = place_images(&mut lo, &prepared.lengths, &mut parts, streamed).map_err(|e| RenderError::Failed(format!("reading an image: {e}")))?;
    if let Some(w) = warnings.iter().find(|w| matches!(w.severity, printpdf::PdfParseErrorSeverity::Error)) {
        return Err(RenderError::Failed(format!("printpdf: {}", w.msg)));
    }
    let lopdf_err = |e: lopdf::Error| RenderError::Failed(format!("writing the PDF: {e}"));
    post::finish(&mut lo, doc).map_err(lopdf_err)?;
    let page_ids: Vec<lopdf::ObjectId> = lo.get_pages().into_values().collect();
    // Link annotations: indirect in a tagged PDF (planned with the structure tree, made when
    // written), else direct in each page's /Annots; none in PDF/X (`pdfx::apply` removes
    // /Annots), whose Link elements keep their text only.
    let mut annots = links::Annots::default();
    if !tagged && opts.pdfx.is_none() {
        links::direct(&mut lo, &doc.pages, &page_ids).map_err(lopdf_err)?;
    }
    let mut tree = None;
    if tagged {
        let links: Vec<Vec<Option<StructId>>> = match opts.pdfx {
            Some(_) => Vec::new(),
            None => doc.pages.iter().map(|p| p.links.iter().map(|l| l.tag).collect()).collect(),
        };
        tree = tags::structure(&mut lo, &doc.structure, mcids, &links, &mut annots).map_err(lopdf_err)?;
        if crate::ua::requested(book) {
            tags::ua_identification(&mut lo).map_err(lopdf_err)?;
        }
    }
    if let Some(pdfx) = opts.pdfx {
        crate::print::pdfx::apply(&mut lo, doc, pdfx).map_err(lopdf_err)?;
    }
    post::prune_unreachable(&mut lo);
    compress_streams(&mut lo);
    // Object streams and a cross-reference stream (PDF 1.5): about 10% smaller. Not in
    // PDF/X-1a, which is PDF 1.3.
    let modern = opts.pdfx != Some(crate::print::PdfX::X1a);
    let failed = |e: std::io::Error| RenderError::Failed(format!("writing the PDF: {e}"));
    let mut file = file::PdfFile::new(out, &lo.version, lo.max_id + 1, modern).map_err(failed)?;
    // Each object is written and dropped in turn; an image's bytes are made when it is written,
    // an SVG's form and its objects too.
    for ((n, _), object) in std::mem::take(&mut lo.objects) {
        match (image_streams.get(&n), &object) {
            (Some(&key), _) if parts.is_form(key) => {
                if let Some(warning) = parts.write_form(key, n, &mut file).map_err(failed)? {
                    diagnostics.push(warning);
                }
            }
            (Some(&key), lopdf::Object::Stream(s)) => {
                let bytes = parts.bytes(key).map_err(|e| RenderError::Failed(format!("reading an image: {e}")))?;
                file.stream(n, &s.dict, &bytes).map_err(failed)?;
            }
            _ => match annots.dict(n, &doc.pages, &page_ids) {
                Some(d) => file.object(n, &lopdf::Object::Dictionary(d)).map_err(failed)?,
                None => file.object(n, &object).map_err(failed)?,
            },
        }
    }
    if let Some(tree) = tree {
        tree.write(&doc.structure, &mut file).map_err(failed)?;
    }
    file.finish(&lo.trailer).map_err(failed)?;
    Ok(diagnostics)
}

/// What `lopdf::Document::compress` does (each stream that may be compressed and names no
/// filter yet is deflated at level 9, kept when smaller: the fonts, their ToUnicode maps), the
/// streams on every core: the same bytes.
fn compress_streams(lo: &mut lopdf::Document) {
    use rayon::prelude::*;
    let mut streams: Vec<&mut lopdf::Stream> = lo
        .objects
        .values_mut()
        .filter_map(|o| match o {
            lopdf::Object::Stream(s) if s.allows_compression && s.dict.get(b"Filter").is_err() => Some(s),
            _ => None,
        })
        .collect();
    // The largest first, so a big font does not start last.
    streams.sort_by_key(|s| std::cmp::Reverse(s.content.len()));
    streams.par_iter_mut().with_max_len(1).for_each(|s| {
        // As lopdf: a stream that fails to compress is written as it is.
        let _ = s.compress();
    });
}

/// The most bytes of converted images kept in memory from their first conversion to their
/// writing; the others are converted again when written (same bytes). Only images whose
/// conversion is work are kept (SVG first, then decoded rasters): a JPEG or a PNG that goes in
/// as it is costs a read when written, so it is never kept.
pub const KEPT_IMAGE_BYTES: usize = 32 << 20;

/// The most bytes the image conversions running at once may hold, by their estimate
/// (`in_flight_estimate`: source, decoded samples, output). Conversions wait for room; one
/// estimated past it runs alone.
pub const IN_FLIGHT_IMAGE_BYTES: usize = 96 << 20;

/// The most bytes of converted images made ahead of the writer, in parallel, while it writes
/// (besides the one it waits for).
const AHEAD_IMAGE_BYTES: u64 = 16 << 20;

/// The dictionary key that marks a placeholder image stream with its asset number until
/// [`place_images`] finds it (never written: it is removed there).
const CONTENT_KEY: &str = "QuireAsset";

/// The images as first converted: the length of each part, and the means to make them again.
struct Prepared<'a> {
    /// Part key ([`part_key`]) → its length in bytes.
    lengths: BTreeMap<u64, u64>,
    /// Gives the bytes of the parts.
    parts: ImageParts<'a>,
}

/// The key of an image's samples (`mask` false) or of its soft mask.
fn part_key(asset: AssetId, mask: bool) -> u64 {
    (asset.0 as u64) * 2 + u64::from(mask)
}

/// The asset of a [`part_key`].
fn asset_of(key: u64) -> AssetId {
    AssetId(usize::try_from(key / 2).unwrap_or(usize::MAX))
}

/// Makes the bytes of image parts on demand: kept ones are handed over, the others read and
/// converted again, with the next few in write order converted alongside in parallel (within
/// [`AHEAD_IMAGE_BYTES`]); the image's other part is kept for when it is asked for.
struct ImageParts<'a> {
    book: &'a Book,
    target: image::Target,
    svg_fonts: &'a image::SvgFontCache<'a>,
    max_pixels: u64,
    /// Asset → the widest it is placed.
    widths: BTreeMap<AssetId, f32>,
    /// Part key → bytes already made.
    kept: BTreeMap<u64, Vec<u8>>,
    /// Part key → its length (from the first conversion).
    lengths: BTreeMap<u64, u64>,
    /// The assets in the order the writer asks for them, and each one's place in it.
    order: Vec<AssetId>,
    place: BTreeMap<AssetId, usize>,
    /// Bounds the memory of conversions running at once.
    in_flight: InFlight,
    /// The SVGs drawn as forms ([`image::is_form`]): converted once, when they are written.
    forms: std::collections::BTreeSet<AssetId>,
    /// Forms made ahead of the writer (`None`: it did not convert).
    kept_forms: BTreeMap<AssetId, Option<crate::svg::Form>>,
    /// Each image's widest placement (width, height), for the frame a form that does not
    /// convert draws instead.
    placed: BTreeMap<AssetId, (f32, f32)>,
}

/// A conversion made for the writer: an image's parts, or an SVG's form.
enum Made {
    Parts(Option<(Vec<u8>, Option<Vec<u8>>)>),
    Form(Option<crate::svg::Form>),
}

/// The estimated bytes of the conversions running, bounded by [`IN_FLIGHT_IMAGE_BYTES`].
struct InFlight {
    used: std::sync::Mutex<usize>,
    freed: std::sync::Condvar,
}

impl InFlight {
    fn new() -> Self {
        InFlight { used: std::sync::Mutex::new(0), freed: std::sync::Condvar::new() }
    }

    /// Runs `f` once `bytes` fit beside the conversions running (at once when none runs).
    fn run<T>(&self, bytes: usize, f: impl FnOnce() -> T) -> T {
        /// Gives the room back however `f` ends.
        struct Room<'a>(&'a InFlight, usize);
        impl Drop for Room<'_> {
            fn drop(&mut self) {
                let mut used = self.0.used.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                *used = used.saturating_sub(self.1);
                self.0.freed.notify_all();
            }
        }
        let mut used = self.used.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        while *used > 0 && used.saturating_add(bytes) > IN_FLIGHT_IMAGE_BYTES {
            used = self.freed.wait(used).unwrap_or_else(std::sync::PoisonError::into_inner);
        }
        *used = used.saturating_add(bytes);
        drop(used);
        let _room = Room(self, bytes);
        f()
    }
}

/// The most bytes converting `data` is expected to hold at once: the source and its output
/// (twice the source), plus the decoded samples of a raster that is decoded (8 bytes a pixel,
/// the decoders' own bound), or forty times the source for an SVG (its usvg tree, svg2pdf's
/// chunk and the objects read from it).
fn in_flight_estimate(data: &[u8], kind: MediaType, target: image::Target) -> usize {
    let kind = match MediaType::sniff(data) {
        MediaType::Other => kind,
        sniffed => sniffed,
    };
    let decoded = match kind {
        MediaType::Svg => return data.len().saturating_mul(40),
        MediaType::Jpeg if target == image::Target::Screen => 0,
        _ => crate::layout::figure::image_size(data, kind).map_or(0, |(w, h)| (w as usize).saturating_mul(h as usize).saturating_mul(8)),
    };
    data.len().saturating_mul(2).saturating_add(decoded)
}

impl ImageParts<'_> {
    /// The whole XObject of `asset` as converted now (within the in-flight bound).
    fn convert_xobject(&self, asset: AssetId) -> Option<printpdf::ExternalXObject> {
        let w = self.widths.get(&asset).copied().unwrap_or(0.0);
        let a = self.book.asset(asset)?;
        let data = self.book.asset_bytes(a).ok()?;
        let estimate = in_flight_estimate(&data, a.media_type, self.target);
        self.in_flight.run(estimate, || image::convert(&data, a.media_type, self.target, self.svg_fonts, w, self.max_pixels))
    }

    /// The converted image of `asset`: its samples and soft mask.
    fn convert(&self, asset: AssetId) -> Option<(Vec<u8>, Option<Vec<u8>>)> {
        self.convert_xobject(asset).map(|x| split_parts(x).1)
    }

    /// The form of an SVG, converted now (within the in-flight bound).
    fn convert_form(&self, asset: AssetId) -> Option<crate::svg::Form> {
        let a = self.book.asset(asset)?;
        let data = self.book.asset_bytes(a).ok()?;
        let estimate = in_flight_estimate(&data, a.media_type, self.target);
        self.in_flight.run(estimate, || image::svg_form(&data, self.target, self.svg_fonts))
    }

    /// What the writer gets for `asset`: its parts, or its form.
    fn make(&self, asset: AssetId) -> Made {
        if self.forms.contains(&asset) {
            Made::Form(self.convert_form(asset))
        } else {
            Made::Parts(self.convert(asset))
        }
    }

    /// Whether part `key` is an SVG's form (written by [`ImageParts::write_form`]).
    fn is_form(&self, key: u64) -> bool {
        key.is_multiple_of(2) && self.forms.contains(&asset_of(key))
    }

    /// Writes the form of `key`'s SVG as object `n` of `file`, and the objects it uses under
    /// fresh numbers, converting it now unless it was made ahead. An SVG that does not convert
    /// gets a form drawing the placeholder frame, and the warning returned.
    fn write_form<W: std::io::Write>(&mut self, key: u64, n: u32, file: &mut file::PdfFile<'_, W>) -> std::io::Result<Option<Diagnostic>> {
        let asset = asset_of(key);
        let made = match self.kept_forms.remove(&asset) {
            Some(form) => form,
            None => match self.make_ahead(asset) {
                Made::Form(form) => form,
                Made::Parts(_) => None,
            },
        };
        let (form, warning) = match made {
            Some(form) => (form, None),
            None => {
                let (w, h) = self.placed.get(&asset).copied().unwrap_or((1.0, 1.0));
                let warning = self.book.asset(asset).map(|a| {
                    let msg = format!("image `{}` could not be decoded or converted; the PDF shows an empty frame", a.path.display());
                    Diagnostic::warning(Code::PdfImagePlaceholder, msg)
                });
                (crate::svg::frame(w, h, self.target != image::Target::Screen), warning)
            }
        };
        let first = file.reserve(form.others());
        for (id, object) in form.renumbered(n, first) {
            file.object(id, &object)?;
        }
        Ok(warning)
    }

    /// The bytes of part `key` (see [`part_key`]), kept or made again.
    fn bytes(&mut self, key: u64) -> std::io::Result<Vec<u8>> {
        if let Some(b) = self.kept.remove(&key) {
            return Ok(b);
        }
        let asset = asset_of(key);
        let Made::Parts(Some((content, mask))) = self.make_ahead(asset) else {
            return Err(std::io::Error::other(format!("image {} no longer converts", key / 2)));
        };
        let (want, other) = if key.is_multiple_of(2) { (Some(content), mask) } else { (mask, Some(content)) };
        if let Some(other) = other {
            self.kept.insert(key ^ 1, other);
        }
        want.ok_or_else(|| std::io::Error::other(format!("image {} has no soft mask now", key / 2)))
    }

    /// Converts `asset` and, alongside it in parallel, the next images in write order that are
    /// not kept (within [`AHEAD_IMAGE_BYTES`] of output, two per thread at most; an SVG's form
    /// counted by its source), whose parts or forms are kept for the writer. Returns what
    /// `asset` made.
    fn make_ahead(&mut self, asset: AssetId) -> Made {
        use rayon::prelude::*;
        let size = |a: AssetId| match self.forms.contains(&a) {
            true => self.book.asset(a).map_or(0, |x| x.size),
            false => self.lengths.get(&part_key(a, false)).copied().unwrap_or(0) + self.lengths.get(&part_key(a, true)).copied().unwrap_or(0),
        };
        let mut batch = vec![asset];
        if let Some(&at) = self.place.get(&asset) {
            let most = rayon::current_num_threads().max(1) * 2;
            let mut bytes = 0;
            for &next in self.order.iter().skip(at + 1) {
                if batch.len() >= most || bytes + size(next) > AHEAD_IMAGE_BYTES {
                    break;
                }
                if self.kept.contains_key(&part_key(next, false)) || self.kept.contains_key(&part_key(next, true)) || self.kept_forms.contains_key(&next) {
                    continue;
                }
                bytes += size(next);
                batch.push(next);
            }
        }
        let this = &*self;
        let mut made = batch.par_iter().map(|a| this.make(*a)).collect::<Vec<_>>().into_iter();
        let first = made.next().unwrap_or(Made::Parts(None));
        for (a, m) in batch.iter().skip(1).zip(made) {
            match m {
                Made::Parts(Some((content, mask))) => {
                    self.kept.insert(part_key(*a, false), content);
                    if let Some(mask) = mask {
                        self.kept.insert(part_key(*a, true), mask);
                    }
                }
                Made::Parts(None) => {}
                Made::Form(form) => {
                    self.kept_forms.insert(*a, form);
                }
            }
        }
        first
    }
}

/// Takes the bytes of an image XObject and of its soft mask out of it.
fn split_parts(mut x: printpdf::ExternalXObject) -> (printpdf::ExternalXObject, (Vec<u8>, Option<Vec<u8>>)) {
    let mask = match x.stream.dict.get_mut("SMask") {
        Some(DictItem::Stream { stream }) => Some(std::mem::take(&mut stream.content)),
        _ => None,
    };
    let content = std::mem::take(&mut x.stream.content);
    (x, (content, mask))
}

/// Whether converting the image was work worth keeping its bytes for: anything but a JPEG or a
/// PNG that goes in as it is (`/DCTDecode`, or PNG predictors).
fn worth_keeping(x: &printpdf::ExternalXObject) -> bool {
    let dct = matches!(x.stream.dict.get("Filter"), Some(DictItem::Name(n)) if n == b"DCTDecode");
    !dct && !x.stream.dict.contains_key("DecodeParms")
}

/// Registers one XObject per supported image asset (`Im<asset>`, converted in parallel);
/// unsupported ones map to `None`. The XObjects registered carry no bytes: only their lengths
/// are kept (and the bytes of a few, within [`KEPT_IMAGE_BYTES`]: SVGs first, as they cost the
/// most to convert again); the rest are made again when written (see [`Prepared`]). SVG text
/// uses the book's fonts, loaded for usvg once.
fn add_images<'a>(
    pdf: &mut PdfDocument,
    drawing: &[(&[Item], &[model::TurnedRun])],
    svg_fonts: &'a image::SvgFontCache<'a>,
    book: &'a Book,
    opts: &WriteOptions,
) -> (BTreeMap<AssetId, Option<XObjectId>>, Prepared<'a>) {
    use rayon::prelude::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    // Each image with its widest placement (SVG is rasterised for that width in PDF/X-1a).
    let mut placed: BTreeMap<AssetId, (f32, f32)> = BTreeMap::new();
    for item in drawing.iter().flat_map(|(items, _)| items.iter()) {
        if let Item::Image { asset, rect } = item {
            let p = placed.entry(*asset).or_insert((rect.w, rect.h));
            if rect.w > p.0 {
                *p = (rect.w, rect.h);
            }
        }
    }
    let widths: BTreeMap<AssetId, f32> = placed.iter().map(|(a, (w, _))| (*a, *w)).collect();
    let target = match opts.color {
        ColorMode::Rgb => image::Target::Screen,
        ColorMode::Cmyk => image::Target::Print { flatten: opts.pdfx == Some(crate::print::PdfX::X1a) },
    };
    let max_pixels = book.config.quire.max_image_pixels();
    // SVGs drawn as forms are converted only when written; of the others, SVGs (rasterised
    // for PDF/X-1a) first, so the budget keeps them before rasters.
    let is_form = |a: &AssetId| book.asset(*a).is_some_and(|a| image::is_form(a.media_type, target));
    let (forms, images): (Vec<AssetId>, Vec<AssetId>) = widths.keys().copied().partition(is_form);
    let is_svg = |a: &AssetId| book.asset(*a).is_some_and(|a| a.media_type == MediaType::Svg);
    let (svgs, rasters): (Vec<AssetId>, Vec<AssetId>) = images.into_iter().partition(is_svg);
    let mut parts = ImageParts {
        book,
        target,
        svg_fonts,
        max_pixels,
        widths,
        kept: BTreeMap::new(),
        lengths: BTreeMap::new(),
        order: Vec::new(),
        place: BTreeMap::new(),
        in_flight: InFlight::new(),
        forms: forms.iter().copied().collect(),
        kept_forms: BTreeMap::new(),
        placed,
    };
    let budget = AtomicUsize::new(KEPT_IMAGE_BYTES);
    // Rayon converts as many images at once as it has threads (within the in-flight bound);
    // each result keeps only the XObject's dictionary and lengths (and its bytes while the
    // budget lasts).
    let convert = |a: &AssetId| {
        let x = parts.convert_xobject(*a)?;
        let worth = worth_keeping(&x);
        let (x, (content, mask)) = split_parts(x);
        let lens = (content.len() as u64, mask.as_ref().map(|m| m.len() as u64));
        let size = content.len() + mask.as_ref().map_or(0, Vec::len);
        let keep = worth && budget.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| left.checked_sub(size)).is_ok();
        Some((x, lens, keep.then_some((content, mask))))
    };
    let mut converted: Vec<_> = svgs.par_iter().map(&convert).collect();
    converted.extend(rasters.par_iter().map(&convert).collect::<Vec<_>>());
    let mut out = BTreeMap::new();
    let mut lengths = BTreeMap::new();
    for (asset, x) in svgs.iter().chain(&rasters).zip(converted) {
        let id = x.map(|(mut x, (len, mask_len), kept)| {
            lengths.insert(part_key(*asset, false), len);
            if let Some(m) = mask_len {
                lengths.insert(part_key(*asset, true), m);
            }
            if let Some((content, mask)) = kept {
                parts.kept.insert(part_key(*asset, false), content);
                if let Some(mask) = mask {
                    parts.kept.insert(part_key(*asset, true), mask);
                }
            }
            let n = i64::try_from(asset.0).unwrap_or(i64::MAX);
            x.stream.dict.insert(CONTENT_KEY.into(), DictItem::Int(n));
            let id = XObjectId(format!("Im{}", asset.0));
            pdf.resources.xobjects.map.insert(id.clone(), XObject::External(x));
            id
        });
        out.insert(*asset, id);
    }
    // An SVG's form: a placeholder on the unit square the pages draw, its objects made when
    // it is written (see `place_images`).
    for asset in forms {
        let n = i64::try_from(asset.0).unwrap_or(i64::MAX);
        let unit = [0.0, 0.0, 1.0, 1.0].map(DictItem::Real).to_vec();
        let dict = BTreeMap::from([
            ("Type".to_string(), DictItem::Name(b"XObject".to_vec())),
            ("Subtype".to_string(), DictItem::Name(b"Form".to_vec())),
            ("BBox".to_string(), DictItem::Array(unit)),
            (CONTENT_KEY.to_string(), DictItem::Int(n)),
        ]);
        let stream = printpdf::ExternalStream { dict, content: Vec::new(), compress: false };
        let id = XObjectId(format!("Im{}", asset.0));
        pdf.resources.xobjects.map.insert(id.clone(), XObject::External(printpdf::ExternalXObject { stream, width: None, height: None, dpi: None }));
        out.insert(asset, Some(id));
    }
    parts.lengths = lengths.clone();
    (out, Prepared { lengths, parts })
}

/// Finds the placeholder streams printpdf wrote for each image (and its soft mask) and removes
/// their marker. With `streamed`, a stream that already names its filter (so lopdf will not
/// compress it) is left empty: its bytes are made when the file is written (the returned map:
/// object number → part key, in the order the writer asks for them, which `parts` learns to
/// convert ahead). Any other gets its bytes now. An SVG's form is always left to the writer,
/// which writes it whole (`ImageParts::write_form`).
fn place_images(
    lo: &mut lopdf::Document,
    lengths: &BTreeMap<u64, u64>,
    parts: &mut ImageParts<'_>,
    streamed: bool,
) -> std::io::Result<BTreeMap<u32, u64>> {
    let mut later = BTreeMap::new();
    let mut masks = Vec::new();
    let mut forms = Vec::new();
    let mut fill = |id: lopdf::ObjectId, stream: &mut lopdf::Stream, key: u64, parts: &mut ImageParts<'_>| -> std::io::Result<()> {
        if !lengths.contains_key(&key) {
            return Ok(());
        }
        if streamed && stream.dict.get(b"Filter").is_ok() {
            later.insert(id.0, key);
        } else {
            stream.set_content(parts.bytes(key)?);
        }
        Ok(())
    };
    for (&id, object) in lo.objects.iter_mut() {
        let Ok(stream) = object.as_stream_mut() else { continue };
        let Some(asset) = stream.dict.get(CONTENT_KEY.as_bytes()).ok().and_then(|o| o.as_i64().ok()) else { continue };
        stream.dict.remove(CONTENT_KEY.as_bytes());
        let Ok(asset) = usize::try_from(asset).map(AssetId) else { continue };
        if parts.forms.contains(&asset) {
            // Written whole by the writer, streamed or not.
            forms.push((id.0, part_key(asset, false)));
            continue;
        }
        fill(id, stream, part_key(asset, false), parts)?;
        if let (true, Ok(mask)) = (lengths.contains_key(&part_key(asset, true)), stream.dict.get(b"SMask").and_then(lopdf::Object::as_reference)) {
            masks.push((mask, part_key(asset, true)));
        }
    }
    for (id, key) in masks {
        if let Ok(stream) = lo.get_object_mut(id).and_then(lopdf::Object::as_stream_mut) {
            fill(id, stream, key, parts)?;
        }
    }
    later.extend(forms);
    for key in later.values() {
        let asset = asset_of(*key);
        if !parts.place.contains_key(&asset) {
            parts.place.insert(asset, parts.order.len());
            parts.order.push(asset);
        }
    }
    Ok(later)
}

/// What every page's content stream is written with.
struct PageContext<'a> {
    fonts: &'a BTreeMap<model::FontId, Embedded>,
    images: &'a BTreeMap<AssetId, Option<XObjectId>>,
    mode: ColorMode,
    /// The structure elements; empty: nothing is marked.
    structure: &'a [StructElem],
}

impl PageContext<'_> {
    /// The content stream of a page of height `h` (compressed with `deflate`), and the structure
    /// element of each MCID on it (in MCID order).
    fn page(&self, h: f32, items: &[Item], turned: &[model::TurnedRun], deflate: &mut flate2::Compress) -> Result<(content::Made, Vec<StructId>), RenderError> {
        let (c, mcids) = self.content(h, items, turned);
        Ok((c.finish_compressed(deflate)?, mcids))
    }

    /// The content of a page of height `h`, not yet finished.
    fn content(&self, h: f32, items: &[Item], turned: &[model::TurnedRun]) -> (Content<'_>, Vec<StructId>) {
        let mode = self.mode;
        let mut c = Content::new(self.fonts);
        let mut marks = Marker { structure: self.structure, want: None, open: None, mcids: Vec::new() };
        for item in items {
            if let Item::Mark(m) = item {
                marks.want = *m;
                continue;
            }
            marks.begin(&mut c);
            match item {
                Item::Mark(_) => {}
                Item::Text(run) => text_ops(&mut c, run, h, self.fonts, mode),
                Item::Fill { rect, color } => {
                    c.save();
                    c.fill_color(paint(*color, mode));
                    c.rect(pdf_rect(*rect, h), true);
                    c.restore();
                }
                Item::Stroke { rect, color, width } => stroke(&mut c, *rect, *color, *width, h, mode),
                Item::Image { asset, rect } => match self.images.get(asset).and_then(Option::as_ref) {
                    Some(id) => {
                        let y = h - rect.y - rect.h;
                        c.save();
                        c.transform([rect.w, 0.0, 0.0, rect.h, rect.x, y]);
                        c.xobject(&id.0);
                        c.restore();
                    }
                    // Not drawable (it does not decode): a grey frame keeps the space visible.
                    None => stroke(&mut c, *rect, Color::gray(0.6), 0.5, h, mode),
                },
            }
        }
        // Turned runs (a cover's spine) are artifacts.
        marks.want = None;
        for t in turned {
            marks.begin(&mut c);
            // Turn about the run's origin, then set the run at the origin of that frame.
            // Rounded so quarter turns are exact (cos 90° is 0, not 4e-8).
            let (sin, cos) = t.angle.to_radians().sin_cos();
            let (sin, cos) = ((sin * 1e6).round() / 1e6, (cos * 1e6).round() / 1e6);
            c.save();
            c.transform([cos, sin, -sin, cos, t.run.x, h - t.run.baseline]);
            let run = GlyphRun { x: 0.0, baseline: 0.0, ..t.run.clone() };
            text_ops(&mut c, &run, 0.0, self.fonts, mode);
            c.restore();
        }
        marks.end(&mut c);
        (c, marks.mcids)
    }
}

/// The page for printpdf's document: its boxes only (its content is made apart, see
/// [`PageContext`], and its link annotations when written, see `links`).
fn page_boxes(page: &Page) -> PdfPage {
    let media = printpdf::Rect::from_wh(Pt(page.width), Pt(page.height));
    // printpdf 0.12 writes /TrimBox as [x y width height]; `post` sets the real one.
    PdfPage { media_box: media.clone(), trim_box: media.clone(), crop_box: media, ops: Vec::new() }
}

/// Wraps a page's drawing in marked-content sequences: one per run of items of one structure
/// element (`/P <</MCID n>> BDC … EMC`), `/Artifact BMC … EMC` for the rest.
struct Marker<'a> {
    /// The elements; empty: mark nothing.
    structure: &'a [StructElem],
    /// What the next item belongs to.
    want: Option<StructId>,
    /// The open sequence, if any: an element or an artifact.
    open: Option<Option<StructId>>,
    /// The element of each MCID so far.
    mcids: Vec<StructId>,
}

impl Marker<'_> {
    /// Opens the sequence the next item belongs to, closing the one before if it differs.
    fn begin(&mut self, c: &mut Content<'_>) {
        if self.structure.is_empty() {
            return;
        }
        let want = self.want.filter(|id| (id.0 as usize) < self.structure.len());
        if self.open == Some(want) {
            return;
        }
        self.end(c);
        match want.and_then(|id| self.structure.get(id.0 as usize).map(|e| (id, e))) {
            Some((id, e)) => {
                c.begin_mcid(&e.role.name(), self.mcids.len() as i64);
                self.mcids.push(id);
            }
            None => c.begin_marked("Artifact"),
        }
        self.open = Some(want);
    }

    /// Closes the open sequence.
    fn end(&mut self, c: &mut Content<'_>) {
        if self.open.take().is_some() {
            c.end_marked();
        }
    }
}

/// Writes a glyph run: one `BT` … `ET`, glyphs on one baseline in one `TJ`.
fn text_ops(c: &mut Content<'_>, run: &GlyphRun, h: f32, fonts: &BTreeMap<model::FontId, Embedded>, mode: ColorMode) {
    let Some(font) = fonts.get(&run.font) else { return };
    if run.size <= 0.0 {
        return;
    }
    c.begin_text();
    c.set_font(run.font, run.size);
    c.fill_color(paint(run.color, mode));
    // Glyphs on one baseline go in one TJ: the pen advances by the /W widths (1/1000 em,
    // truncated as printpdf writes them) and a kern is written only where the layout's position
    // differs by more than 1/2000 em.
    let width = |gid: u16| font.width(gid) as f32;
    // The segment being gathered: subset glyph ids, each with the kern after it.
    let mut seg: Vec<(u16, f32)> = Vec::new();
    let mut origin = (0.0f32, 0.0f32);
    let mut pen = 0.0f32;
    // The last glyph put in `seg`: its position and text.
    let mut last_glyph: Option<((f32, f32), &str)> = None;
    let flush = |c: &mut Content<'_>, seg: &mut Vec<(u16, f32)>, (x, y): (f32, f32)| {
        if !seg.is_empty() {
            c.text_position(x, y);
            c.show(seg);
            seg.clear();
        }
    };
    for g in run.glyphs() {
        let Some(gid) = font.subset_gid(g.id) else { continue };
        let (x, y) = (run.x + g.x, h - run.baseline + g.y_offset);
        // ToUnicode has one text per glyph (every occurrence must carry the same text); an
        // occurrence standing for other text gets it as /ActualText.
        if font.text_of(gid).map(String::as_str) != Some(g.text) {
            flush(c, &mut seg, origin);
            c.begin_actual_text(g.text);
            flush(c, &mut vec![(gid, 0.0)], (x, y));
            c.end_marked();
            continue;
        }
        if !seg.is_empty() && origin.1 == y {
            let kern = ((pen - (x - origin.0) * 1000.0 / run.size) * 10.0).round() / 10.0;
            if let Some((at, text)) = last_glyph.filter(|_| kern >= PULLED_BACK) {
                // Compressed punctuation (`），` in one em): this glyph starts inside the last
                // one's box, and text extraction would read it as a new line. The pair goes in
                // one span whose /ActualText is the two characters, so a copy or a search gets
                // the text as written.
                if let Some((prev, _)) = seg.pop() {
                    flush(c, &mut seg, origin);
                    c.begin_actual_text(&format!("{text}{}", g.text));
                    flush(c, &mut vec![(prev, 0.0)], at);
                    flush(c, &mut vec![(gid, 0.0)], (x, y));
                    c.end_marked();
                    last_glyph = None;
                    pen = 0.0;
                    continue;
                }
            }
            if kern.abs() >= 0.5 {
                if let Some(last) = seg.last_mut() {
                    last.1 = kern;
                    pen -= kern;
                }
            }
        } else {
            flush(c, &mut seg, origin);
            origin = (x, y);
            pen = 0.0;
        }
        pen += width(gid);
        seg.push((gid, 0.0));
        last_glyph = Some(((x, y), g.text));
    }
    flush(c, &mut seg, origin);
    c.end_text();
}

/// How far (1/1000 em) a glyph may start before the end of the previous one's /W box and still be
/// read in order by text extraction; past it, the two are drawn in one /ActualText span.
const PULLED_BACK: f32 = 250.0;

fn stroke(c: &mut Content<'_>, rect: Rect, color: Color, width: f32, h: f32, mode: ColorMode) {
    c.save();
    c.stroke_color(paint(color, mode));
    c.line_width(width);
    c.rect(pdf_rect(rect, h), false);
    c.restore();
}

/// A top-left-origin rectangle in PDF's bottom-left coordinates.
fn pdf_rect(r: Rect, page_h: f32) -> [f32; 4] {
    [r.x, page_h - r.y - r.h, r.w, r.h]
}

fn paint(c: Color, mode: ColorMode) -> Paint {
    match mode {
        ColorMode::Rgb => {
            let v = |x: f32| x.clamp(0.0, 1.0);
            Paint::Rgb([v(c.r), v(c.g), v(c.b)])
        }
        ColorMode::Cmyk => Paint::Cmyk(crate::print::color::cmyk(c)),
    }
}

/// `YYYY-MM-DD` (UTC) of Unix seconds, for slug lines; never the clock.
pub(crate) fn iso_day(ts: i64) -> String {
    let d = post::pdf_date(ts);
    let part = |r: std::ops::Range<usize>| d.get(r).unwrap_or_default().to_string();
    format!("{}-{}-{}", part(2..6), part(6..8), part(8..10))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    /// The shipped fonts but the CJK ones (the math tests' font book).
    fn fonts() -> FontBook {
        crate::math::tests::book()
    }

    /// Images whose bytes are made as the file is written (a JPEG, a PNG with a soft mask)
    /// give exactly the bytes of the plain way, whether the book holds its images or reads them
    /// on use; the file parses.
    #[test]
    fn streamed_images_give_the_plain_bytes() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/pdf/mixed");
        let held = Book::load(&dir).expect("loads");
        let streamed = quire_core::RawBook::load(&dir).expect("loads").finish(&[]);
        assert!(held.assets.iter().all(|a| a.data.is_some()) && !held.assets.is_empty());
        assert!(streamed.assets.iter().all(|a| a.data.is_none()), "a book with its source kept holds no image bytes");
        let fonts = fonts();
        let (doc, _) = crate::layout::layout(&held, &fonts, &crate::layout::LayoutOptions::default());
        assert!(doc.pages.iter().flat_map(|p| &p.items).filter(|i| matches!(i, Item::Image { .. })).count() >= 2);
        let opts = WriteOptions::default();
        let mut plain = Vec::new();
        write_inner(&doc, None, &fonts, &held, &opts, &mut plain, false).expect("writes");
        let mut streamed_out = Vec::new();
        write_inner(&doc, None, &fonts, &held, &opts, &mut streamed_out, true).expect("writes");
        let mut read = Vec::new();
        write_to(&doc, &fonts, &streamed, &opts, &mut read).expect("writes");
        assert!(plain == streamed_out, "streamed bytes differ from the plain ones");
        assert!(plain == read, "bytes differ when the images are read on use");
        let parsed = lopdf::Document::load_mem(&read).expect("parses");
        let images = parsed.objects.values().filter_map(|o| o.as_stream().ok()).filter(|s| s.dict.get(b"Subtype").and_then(lopdf::Object::as_name).is_ok_and(|n| n == b"Image")).count();
        assert!(images >= 2, "{images} image streams");
        assert!(!read.windows(17).any(|w| w == b"%QuireImageBytes:"), "a marker was left in the file");
    }
}
