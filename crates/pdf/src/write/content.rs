//! Page content streams made a batch of pages at a time, so the drawing operations of a whole
//! book are never in memory at once.
//!
//! printpdf serialises content only as part of a whole document ([`printpdf::serialize::to_lopdf_doc`]).
//! [`Contents`] gathers the drawing of a few pages (up to [`BATCH_WEIGHT`] operations and
//! glyphs) in a scratch document that holds the fonts and nothing else, has printpdf write it,
//! takes each page's content stream out, compresses it at once and drops the rest. The real
//! document gets pages with their link annotations only, plus, on its first page, one text run
//! per font showing every glyph drawn anywhere with the text it stands for
//! ([`Contents::finish`]): printpdf builds each font's widths and ToUnicode map from the
//! glyphs its pages show, so the fonts come out as they would with every page's drawing in
//! place. That run is never written: the first page's content is replaced like every other
//! ([`Contents::install`]). Each content stream is exactly the one printpdf writes for the page
//! in a whole document (its bytes depend only on the page's operations and the fonts), so the
//! file is the same.

use std::collections::BTreeMap;

use printpdf::{Codepoint, Op, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Pt, TextItem};

use super::embed::Embedded;
use crate::model::FontId;
use crate::RenderError;

/// How many operations plus glyphs a batch holds before it is written (a few MB of operations).
pub(crate) const BATCH_WEIGHT: usize = 1 << 18;

/// The content streams made so far and the batch being gathered.
pub(crate) struct Contents {
    /// The fonts and the pages of the batch being gathered.
    scratch: PdfDocument,
    /// Operations plus glyphs in the batch.
    weight: usize,
    /// Every page's content stream so far (compressed), in page order.
    streams: Vec<lopdf::Stream>,
    /// Glyphs drawn per font resource: glyph id → the text printpdf's ToUnicode gives it.
    used: BTreeMap<printpdf::FontId, BTreeMap<u16, Option<String>>>,
    /// The compressor of the content streams, reused.
    deflate: flate2::Compress,
}

fn save_options() -> PdfSaveOptions {
    PdfSaveOptions { optimize: false, subset_fonts: false, secure: true, image_optimization: None }
}

fn failed(e: impl std::fmt::Display) -> RenderError {
    RenderError::Failed(format!("writing the PDF: {e}"))
}

impl Contents {
    /// An empty set for a document with these fonts.
    pub(crate) fn new(fonts: &BTreeMap<FontId, Embedded>) -> Self {
        let mut scratch = PdfDocument::new("");
        for e in fonts.values() {
            scratch.resources.fonts.map.insert(e.pdf_id.clone(), printpdf::PdfFont::new(e.font.clone()));
        }
        Contents { scratch, weight: 0, streams: Vec::new(), used: BTreeMap::new(), deflate: flate2::Compress::new(flate2::Compression::new(CONTENT_LEVEL), true) }
    }

    /// Takes a page's drawing (written with the batch) and returns the page for the real
    /// document: the same boxes, its link annotations only.
    pub(crate) fn push(&mut self, page: PdfPage) -> Result<PdfPage, RenderError> {
        let PdfPage { media_box, trim_box, crop_box, ops } = page;
        let (links, drawing): (Vec<Op>, Vec<Op>) = ops.into_iter().partition(|op| matches!(op, Op::LinkAnnotation { .. }));
        self.weight += drawing.len() + note_glyphs(&drawing, &mut self.used);
        self.scratch.pages.push(PdfPage { media_box: media_box.clone(), trim_box: trim_box.clone(), crop_box: crop_box.clone(), ops: drawing });
        if self.weight >= BATCH_WEIGHT {
            self.flush()?;
        }
        Ok(PdfPage { media_box, trim_box, crop_box, ops: links })
    }

    /// Writes the gathered pages' content streams and drops their operations.
    fn flush(&mut self) -> Result<(), RenderError> {
        if self.scratch.pages.is_empty() {
            return Ok(());
        }
        let mut warnings = Vec::new();
        let mut lo = printpdf::serialize::to_lopdf_doc(&self.scratch, &save_options(), &mut warnings);
        if let Some(w) = warnings.iter().find(|w| matches!(w.severity, printpdf::PdfParseErrorSeverity::Error)) {
            return Err(RenderError::Failed(format!("printpdf: {}", w.msg)));
        }
        self.scratch.pages.clear();
        self.weight = 0;
        for id in lo.get_pages().into_values() {
            let contents = lo.get_dictionary(id).and_then(|d| d.get(b"Contents")).and_then(lopdf::Object::as_reference).map_err(failed)?;
            let Some(lopdf::Object::Stream(mut stream)) = lo.objects.remove(&contents) else {
                return Err(failed("a page without its content stream"));
            };
            if stream.allows_compression {
                compress(&mut stream, &mut self.deflate).map_err(failed)?;
            }
            self.streams.push(stream);
        }
        Ok(())
    }

    /// Writes the last batch; returns the content streams (one per page, in order) and the
    /// operations that make printpdf embed every font with exactly the glyphs drawn, for the
    /// real document's first page.
    pub(crate) fn finish(mut self) -> Result<(Vec<lopdf::Stream>, Vec<Op>), RenderError> {
        self.flush()?;
        let mut ops = Vec::new();
        for (font, glyphs) in std::mem::take(&mut self.used) {
            let glyphs = glyphs.into_iter().map(|(gid, cid)| Codepoint { gid, offset: 0.0, cid }).collect();
            ops.push(Op::StartTextSection);
            ops.push(Op::SetFont { font: PdfFontHandle::External(font), size: Pt(10.0) });
            ops.push(Op::ShowText { items: vec![TextItem::GlyphIds(glyphs)] });
            ops.push(Op::EndTextSection);
        }
        Ok((self.streams, ops))
    }

    /// Puts the content streams in the real document's pages (in page order).
    pub(crate) fn install(lo: &mut lopdf::Document, streams: Vec<lopdf::Stream>) -> Result<(), RenderError> {
        let pages: Vec<lopdf::ObjectId> = lo.get_pages().into_values().collect();
        if pages.len() != streams.len() {
            return Err(failed(format!("{} content streams for {} pages", streams.len(), pages.len())));
        }
        for (id, stream) in pages.into_iter().zip(streams) {
            let contents = lo.get_dictionary(id).and_then(|d| d.get(b"Contents")).and_then(lopdf::Object::as_reference).map_err(failed)?;
            lo.objects.insert(contents, lopdf::Object::Stream(stream));
        }
        Ok(())
    }
}

/// The zlib level page content streams are compressed at. lopdf's own `Stream::compress` uses
/// the slowest (9). Measured on the 488 content streams of a 1 MB Chinese book's PDF (6.9 MB of
/// operators, zlib-rs as flate2 builds it here): level 9 gives 1.27 MB in 0.88–1.05 s, 6 gives
/// 1.25 MB in 0.52–0.57 s, 3 gives 1.36 MB in 0.39 s, 2 gives 1.45 MB in 0.32 s, 1 gives
/// 1.95 MB. Level 3 keeps the PDF within 2% of its size for well under half the time. The
/// same bytes every run at any level.
pub(crate) const CONTENT_LEVEL: u32 = 3;

/// What `lopdf::Stream::compress` does (zlib Flate, kept only when it is smaller), at
/// [`CONTENT_LEVEL`], with `deflate` reset and reused (setting up a compressor clears its
/// tables: a cost per stream). `lopdf::Document::compress` leaves a stream with a `/Filter` alone.
fn compress(stream: &mut lopdf::Stream, deflate: &mut flate2::Compress) -> Result<(), flate2::CompressError> {
    if stream.dict.get(b"Filter").is_ok() {
        return Ok(());
    }
    deflate.reset();
    let input = &stream.content;
    let mut out = Vec::with_capacity(input.len() / 3 + 64);
    loop {
        let read = usize::try_from(deflate.total_in()).unwrap_or(usize::MAX).min(input.len());
        let status = deflate.compress_vec(&input[read..], &mut out, flate2::FlushCompress::Finish)?;
        if status == flate2::Status::StreamEnd {
            break;
        }
        out.reserve(out.capacity().max(64));
    }
    if out.len() + 19 < input.len() {
        stream.dict.set("Filter", "FlateDecode");
        stream.set_content(out);
    }
    Ok(())
}

/// Records the glyphs `ops` show per font as printpdf does when it builds ToUnicode (the last
/// text given for a glyph wins); returns how many glyphs they show.
fn note_glyphs(ops: &[Op], used: &mut BTreeMap<printpdf::FontId, BTreeMap<u16, Option<String>>>) -> usize {
    let mut font: Option<&printpdf::FontId> = None;
    let mut count = 0;
    for op in ops {
        match op {
            Op::SetFont { font: PdfFontHandle::External(id), .. } => font = Some(id),
            Op::SetFont { .. } => font = None,
            Op::ShowText { items } => {
                for item in items {
                    let TextItem::GlyphIds(glyphs) = item else { continue };
                    count += glyphs.len();
                    let Some(id) = font else { continue };
                    let map = used.entry(id.clone()).or_default();
                    for g in glyphs {
                        if map.get(&g.gid) != Some(&g.cid) {
                            map.insert(g.gid, g.cid.clone());
                        }
                    }
                }
            }
            _ => {}
        }
    }
    count
}
