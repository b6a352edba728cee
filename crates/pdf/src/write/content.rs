//! Page content streams written straight from the page model, one page at a time, so the pages
//! of a book can be written on every core (see `write_inner`) and each stream compressed as
//! soon as it is made.
//!
//! printpdf 0.12 serialises content only through a whole document, building a lopdf operation
//! of owned objects for every operator and glyph: that was the largest part of the writer's
//! time, all on one thread. [`Content`] writes the same bytes directly: the operators the
//! writer uses, numbers as lopdf writes reals (Rust's shortest round-trip `{}` of an `f32`),
//! glyph codes as printpdf encodes them (the subset's glyph ids, or for a CID-keyed CFF face
//! the CIDs of its charset, see [`super::embed::Embedded::codes`]), and printpdf's merging of
//! glyphs set at positions on one baseline into one `TJ` array with kerns (its glyph-run
//! merger: a `Tm` is held until the next text shows whether it continues the open run). The
//! tests check the bytes against printpdf's for the same operations.
//!
//! printpdf still builds each font's widths and ToUnicode map from the glyphs its pages show:
//! the document it writes gets, on its first page, one text run per font showing every glyph
//! drawn anywhere with the text it stands for ([`glyph_ops`]); that page's content is then
//! replaced like every other ([`install`]).

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use printpdf::{Codepoint, Op, PdfFontHandle, Pt, TextItem};

use super::embed::Embedded;
use super::file::{write_name, write_string};
use crate::model::FontId;
use crate::RenderError;

/// A fill or stroke colour as written: DeviceRGB (`rg`) or DeviceCMYK (`k`) components.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Paint {
    /// Red, green, blue in 0–1.
    Rgb([f32; 3]),
    /// Cyan, magenta, yellow, black in 0–1.
    Cmyk([f32; 4]),
}

/// Glyphs on one baseline gathered into one `TJ` (printpdf's `PendingGlyphRun`).
struct Run {
    /// The text matrix of the run's first glyph.
    matrix: [f32; 6],
    font: FontId,
    size: f32,
    /// Where the viewer's pen is after the glyphs so far, from the run's origin, in 1/1000 em.
    pen: f64,
    /// The array's elements so far, serialised.
    array: Vec<u8>,
}

/// One page's content stream being written (see the module doc).
pub(crate) struct Content<'a> {
    out: Vec<u8>,
    fonts: &'a BTreeMap<FontId, Embedded>,
    /// Between `BT` and `ET`.
    in_text: bool,
    /// The font set by the last `Tf` (the face, its embedding) and its size.
    font: Option<(FontId, &'a Embedded)>,
    size: f32,
    /// A `Tm` not yet written: the next text decides whether it opens or continues a run.
    held: Option<[f32; 6]>,
    run: Option<Run>,
    /// Every glyph shown: its face and its glyph id in the subset.
    used: Vec<(FontId, u16)>,
    /// The printpdf operations these bytes stand for (the tests serialise them with printpdf).
    #[cfg(test)]
    pub(crate) ops: Vec<Op>,
}

/// A finished page content stream.
pub(crate) struct Made {
    /// The content stream, compressed.
    pub stream: lopdf::Stream,
    /// Every glyph shown, once each: its face and its glyph id in the subset, sorted.
    pub used: Vec<(FontId, u16)>,
}

impl<'a> Content<'a> {
    /// An empty content stream drawing with these fonts.
    pub(crate) fn new(fonts: &'a BTreeMap<FontId, Embedded>) -> Self {
        Content {
            out: Vec::new(),
            fonts,
            in_text: false,
            font: None,
            size: 0.0,
            held: None,
            run: None,
            used: Vec::new(),
            #[cfg(test)]
            ops: Vec::new(),
        }
    }

    /// Starts an operation (operations are separated by a newline).
    fn op(&mut self) {
        if !self.out.is_empty() {
            self.out.push(b'\n');
        }
    }

    /// A real operand and its separator.
    fn real(&mut self, v: f32) {
        real(&mut self.out, v);
        self.out.push(b' ');
    }

    /// An operation of real operands.
    fn reals(&mut self, values: &[f32], operator: &[u8]) {
        self.interrupt();
        self.op();
        for &v in values {
            self.real(v);
        }
        self.out.extend_from_slice(operator);
    }

    /// An operation without operands.
    fn bare(&mut self, operator: &[u8]) {
        self.interrupt();
        self.op();
        self.out.extend_from_slice(operator);
    }

    /// Anything but text ends the open run and writes a held `Tm`, in that order.
    fn interrupt(&mut self) {
        if let Some(r) = self.run.take() {
            self.op();
            for v in r.matrix {
                self.real(v);
            }
            self.out.extend_from_slice(b"Tm\n[");
            self.out.extend_from_slice(&r.array);
            self.out.extend_from_slice(b"] TJ");
        }
        self.write_held();
    }

    fn write_held(&mut self) {
        if let Some(m) = self.held.take() {
            self.op();
            for v in m {
                self.real(v);
            }
            self.out.extend_from_slice(b"Tm");
        }
    }

    /// `q`.
    pub(crate) fn save(&mut self) {
        #[cfg(test)]
        self.ops.push(Op::SaveGraphicsState);
        self.bare(b"q");
    }

    /// `Q`.
    pub(crate) fn restore(&mut self) {
        #[cfg(test)]
        self.ops.push(Op::RestoreGraphicsState);
        self.bare(b"Q");
    }

    /// `rg` or `k`.
    pub(crate) fn fill_color(&mut self, paint: Paint) {
        #[cfg(test)]
        self.ops.push(Op::SetFillColor { col: tests::color(paint) });
        match paint {
            Paint::Rgb(c) => self.reals(&c, b"rg"),
            Paint::Cmyk(c) => self.reals(&c, b"k"),
        }
    }

    /// `RG` or `K`.
    pub(crate) fn stroke_color(&mut self, paint: Paint) {
        #[cfg(test)]
        self.ops.push(Op::SetOutlineColor { col: tests::color(paint) });
        match paint {
            Paint::Rgb(c) => self.reals(&c, b"RG"),
            Paint::Cmyk(c) => self.reals(&c, b"K"),
        }
    }

    /// `w`.
    pub(crate) fn line_width(&mut self, width: f32) {
        #[cfg(test)]
        self.ops.push(Op::SetOutlineThickness { pt: Pt(width) });
        self.reals(&[width], b"w");
    }

    /// `x y w h re` then `f` (`fill`) or `S`, in PDF coordinates.
    pub(crate) fn rect(&mut self, [x, y, w, h]: [f32; 4], fill: bool) {
        #[cfg(test)]
        self.ops.push(Op::DrawRectangle { rectangle: tests::rect([x, y, w, h], fill) });
        self.reals(&[x, y, w, h], b"re");
        self.op();
        self.out.extend_from_slice(if fill { b"f" } else { b"S" });
    }

    /// `cm`.
    pub(crate) fn transform(&mut self, m: [f32; 6]) {
        #[cfg(test)]
        self.ops.push(Op::SetTransformationMatrix { matrix: printpdf::CurTransMat::Raw(m) });
        self.reals(&m, b"cm");
    }

    /// Paints XObject `name` (as printpdf does: in its own `q`/`Q`, under an identity `cm`).
    pub(crate) fn xobject(&mut self, name: &str) {
        #[cfg(test)]
        self.ops.push(Op::UseXobject {
            id: printpdf::XObjectId(name.to_string()),
            transform: printpdf::XObjectTransform { no_auto_scale: true, ..Default::default() },
        });
        self.bare(b"q");
        self.reals(&[1.0, 0.0, 0.0, 1.0, 0.0, 0.0], b"cm");
        self.op();
        write_name(&mut self.out, name.as_bytes());
        self.out.extend_from_slice(b" Do\nQ");
    }

    /// `BT`.
    pub(crate) fn begin_text(&mut self) {
        #[cfg(test)]
        self.ops.push(Op::StartTextSection);
        self.bare(b"BT");
        self.in_text = true;
    }

    /// `ET`.
    pub(crate) fn end_text(&mut self) {
        #[cfg(test)]
        self.ops.push(Op::EndTextSection);
        self.bare(b"ET");
        self.in_text = false;
    }

    /// `Tf` of face `font`; false (nothing written) when the face is not embedded.
    pub(crate) fn set_font(&mut self, font: FontId, size: f32) -> bool {
        let fonts = self.fonts;
        let Some(e) = fonts.get(&font) else { return false };
        #[cfg(test)]
        self.ops.push(Op::SetFont { font: PdfFontHandle::External(e.pdf_id.clone()), size: Pt(size) });
        self.interrupt();
        self.op();
        write_name(&mut self.out, e.pdf_id.0.as_bytes());
        self.out.push(b' ');
        self.real(size);
        self.out.extend_from_slice(b"Tf");
        self.font = Some((font, e));
        self.size = size;
        true
    }

    /// `1 0 0 1 x y Tm` (held inside text: see [`Run`]).
    pub(crate) fn text_position(&mut self, x: f32, y: f32) {
        #[cfg(test)]
        self.ops.push(Op::SetTextMatrix { matrix: printpdf::TextMatrix::Raw([1.0, 0.0, 0.0, 1.0, x, y]) });
        let m = [1.0, 0.0, 0.0, 1.0, x, y];
        if self.in_text {
            self.write_held();
            self.held = Some(m);
        } else {
            self.reals(&m, b"Tm");
        }
    }

    /// Shows `glyphs` (glyph ids in the subset, each with the kern after it in 1/1000 em).
    pub(crate) fn show(&mut self, glyphs: &[(u16, f32)]) {
        #[cfg(test)]
        self.ops.push(Op::ShowText { items: vec![TextItem::GlyphIds(tests::codepoints(glyphs, self.font.map(|f| f.1)))] });
        if let Some((id, _)) = self.font {
            self.used.extend(glyphs.iter().map(|&(g, _)| (id, g)));
        }
        if !self.merge(glyphs) {
            let mut array = Vec::new();
            for &(g, offset) in glyphs {
                push_hex(&mut array, self.font.map_or(g, |f| f.1.code(g)));
                if offset != 0.0 {
                    push_real(&mut array, offset);
                }
            }
            self.interrupt();
            self.op();
            self.out.push(b'[');
            self.out.extend_from_slice(&array);
            self.out.extend_from_slice(b"] TJ");
        }
    }

    /// printpdf's glyph-run merger: false when `glyphs` must be written on their own.
    fn merge(&mut self, glyphs: &[(u16, f32)]) -> bool {
        let Some((font, e)) = self.font else { return false };
        let size = self.size;
        if !self.in_text || (self.held.is_none() && self.run.is_none()) || size <= 0.0 {
            return false;
        }
        match self.held.take() {
            Some(m) => match &mut self.run {
                Some(r) if r.matrix[5] == m[5] && r.font == font && r.size == size => {
                    let dx_em = (f64::from(m[4]) - f64::from(r.matrix[4])) * 1000.0 / f64::from(size);
                    let kern = (r.pen - dx_em) as f32;
                    if kern != 0.0 {
                        push_real(&mut r.array, kern);
                        r.pen -= f64::from(kern);
                    }
                }
                _ => {
                    self.interrupt();
                    self.run = Some(Run { matrix: m, font, size, pen: 0.0, array: Vec::new() });
                }
            },
            None => {
                if !self.run.as_ref().is_some_and(|r| r.font == font && r.size == size) {
                    return false;
                }
            }
        }
        let Some(r) = self.run.as_mut() else { return false };
        for &(g, offset) in glyphs {
            push_hex(&mut r.array, e.code(g));
            r.pen += e.width(g) as f64;
            if offset != 0.0 {
                push_real(&mut r.array, offset);
                r.pen -= f64::from(offset);
            }
        }
        true
    }

    /// `/tag BMC`.
    pub(crate) fn begin_marked(&mut self, tag: &str) {
        #[cfg(test)]
        self.ops.push(Op::BeginMarkedContent { tag: tag.to_string() });
        self.interrupt();
        self.op();
        write_name(&mut self.out, tag.as_bytes());
        self.out.extend_from_slice(b" BMC");
    }

    /// `/tag <</MCID n>> BDC`.
    pub(crate) fn begin_mcid(&mut self, tag: &str, mcid: i64) {
        #[cfg(test)]
        self.ops.push(Op::BeginMarkedContentWithProperties {
            tag: tag.to_string(),
            properties: printpdf::DictItem::Dict { map: BTreeMap::from([("MCID".to_string(), printpdf::DictItem::Int(mcid))]) },
        });
        self.interrupt();
        self.op();
        write_name(&mut self.out, tag.as_bytes());
        let _ = write!(self.out, " <</MCID {mcid}>> BDC");
    }

    /// `/Span <</ActualText <FEFF…>>> BDC`: what the glyphs up to the next `EMC` stand for.
    pub(crate) fn begin_actual_text(&mut self, text: &str) {
        let mut data = vec![0xFE, 0xFF];
        data.extend(text.encode_utf16().flat_map(|u| u.to_be_bytes()));
        #[cfg(test)]
        self.ops.push(Op::BeginMarkedContentWithProperties {
            tag: "Span".into(),
            properties: printpdf::DictItem::Dict {
                map: BTreeMap::from([("ActualText".to_string(), printpdf::DictItem::String { data: data.clone(), literal: false })]),
            },
        });
        self.interrupt();
        self.op();
        self.out.extend_from_slice(b"/Span <</ActualText");
        write_string(&mut self.out, &data, lopdf::StringFormat::Hexadecimal);
        self.out.extend_from_slice(b">> BDC");
    }

    /// `EMC`.
    pub(crate) fn end_marked(&mut self) {
        #[cfg(test)]
        self.ops.push(Op::EndMarkedContent);
        self.bare(b"EMC");
    }

    /// The uncompressed content and the glyphs shown (each once, sorted).
    pub(crate) fn finish(mut self) -> (Vec<u8>, Vec<(FontId, u16)>) {
        self.interrupt();
        let mut used = std::mem::take(&mut self.used);
        used.sort_unstable();
        used.dedup();
        (std::mem::take(&mut self.out), used)
    }

    /// [`Content::finish`], the content compressed with `deflate` (reset first) as a stream.
    pub(crate) fn finish_compressed(self, deflate: &mut flate2::Compress) -> Result<Made, RenderError> {
        let (bytes, used) = self.finish();
        let mut stream = lopdf::Stream::new(lopdf::Dictionary::new(), bytes);
        compress(&mut stream, deflate).map_err(failed)?;
        Ok(Made { stream, used })
    }
}

/// `<XXXX>`: a two-byte code.
fn push_hex(out: &mut Vec<u8>, code: u16) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let [a, b] = code.to_be_bytes();
    out.extend_from_slice(&[b'<', HEX[usize::from(a >> 4)], HEX[usize::from(a & 15)], HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)], b'>']);
}

/// A number in an array: after a space unless it is the first element.
fn push_real(array: &mut Vec<u8>, v: f32) {
    if !array.is_empty() {
        array.push(b' ');
    }
    real(array, v);
}

/// A real as lopdf writes it (`{}` of the `f32`); whole numbers (most operands: `1 0 0 1`, page
/// positions, colours 0 and 1) without the float formatter, in the same digits.
fn real(out: &mut Vec<u8>, v: f32) {
    if v.fract() == 0.0 && v.abs() < 1e7 && !(v == 0.0 && v.is_sign_negative()) {
        // Exact: a whole f32 below 1e7 is an integer of at most 7 digits.
        let mut n = v as i32;
        if n < 0 {
            out.push(b'-');
            n = -n;
        }
        let mut digits = [0u8; 8];
        let mut i = digits.len();
        loop {
            i -= 1;
            digits[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        out.extend_from_slice(&digits[i..]);
    } else {
        let _ = write!(out, "{v}");
    }
}

fn failed(e: impl std::fmt::Display) -> RenderError {
    RenderError::Failed(format!("writing the PDF: {e}"))
}

/// The operations that make printpdf embed every font with exactly the glyphs `used` (face →
/// glyph ids in its subset), each with the text it stands for: for the first page of the
/// document printpdf writes (its content is replaced, see [`install`]).
pub(crate) fn glyph_ops(fonts: &BTreeMap<FontId, Embedded>, used: &BTreeMap<FontId, BTreeSet<u16>>) -> Vec<Op> {
    let mut ops = Vec::new();
    for (font, gids) in used {
        let Some(e) = fonts.get(font) else { continue };
        let glyphs = gids.iter().map(|&gid| Codepoint { gid, offset: 0.0, cid: e.text_of(gid).cloned() }).collect();
        ops.push(Op::StartTextSection);
        ops.push(Op::SetFont { font: PdfFontHandle::External(e.pdf_id.clone()), size: Pt(10.0) });
        ops.push(Op::ShowText { items: vec![TextItem::GlyphIds(glyphs)] });
        ops.push(Op::EndTextSection);
    }
    ops
}

/// Puts the content streams in the document's pages (in page order).
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

/// The zlib level page content streams are compressed at. lopdf's own `Stream::compress` uses
/// the slowest (9). Measured on the 488 content streams of a 1 MB Chinese book's PDF (6.9 MB of
/// operators, zlib-rs as flate2 builds it here): level 9 gives 1.27 MB in 0.88–1.05 s, 6 gives
/// 1.25 MB in 0.52–0.57 s, 3 gives 1.36 MB in 0.39 s, 2 gives 1.45 MB in 0.32 s, 1 gives
/// 1.95 MB. Level 3 keeps the PDF within 2% of its size for well under half the time. The
/// same bytes every run at any level.
pub(crate) const CONTENT_LEVEL: u32 = 3;

/// A compressor for content streams (one per thread, reset for each stream).
pub(crate) fn compressor() -> flate2::Compress {
    flate2::Compress::new(flate2::Compression::new(CONTENT_LEVEL), true)
}

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

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn color(p: Paint) -> printpdf::Color {
        match p {
            Paint::Rgb([r, g, b]) => printpdf::Color::Rgb(printpdf::Rgb { r, g, b, icc_profile: None }),
            Paint::Cmyk([c, m, y, k]) => printpdf::Color::Cmyk(printpdf::Cmyk { c, m, y, k, icc_profile: None }),
        }
    }

    pub(crate) fn rect([x, y, w, h]: [f32; 4], fill: bool) -> printpdf::Rect {
        let mut r = printpdf::Rect::from_xywh(Pt(x), Pt(y), Pt(w), Pt(h));
        r.mode = Some(if fill { printpdf::PaintMode::Fill } else { printpdf::PaintMode::Stroke });
        r
    }

    pub(crate) fn codepoints(glyphs: &[(u16, f32)], font: Option<&Embedded>) -> Vec<Codepoint> {
        glyphs.iter().map(|&(gid, offset)| Codepoint { gid, offset, cid: font.and_then(|e| e.text_of(gid).cloned()) }).collect()
    }

    /// The content stream printpdf writes for a page of these operations (uncompressed).
    pub(crate) fn printpdf_bytes(fonts: &BTreeMap<FontId, Embedded>, ops: Vec<Op>) -> Vec<u8> {
        let mut pdf = printpdf::PdfDocument::new("");
        for e in fonts.values() {
            pdf.resources.fonts.map.insert(e.pdf_id.clone(), printpdf::PdfFont::new(e.font.clone()));
        }
        let media = printpdf::Rect::from_wh(Pt(100.0), Pt(100.0));
        pdf.pages.push(printpdf::PdfPage { media_box: media.clone(), trim_box: media.clone(), crop_box: media, ops });
        let opts = printpdf::PdfSaveOptions { optimize: false, subset_fonts: false, secure: true, image_optimization: None };
        let mut warnings = Vec::new();
        let lo = printpdf::serialize::to_lopdf_doc(&pdf, &opts, &mut warnings);
        let page = lo.get_pages().into_values().next().unwrap();
        let contents = lo.get_dictionary(page).unwrap().get(b"Contents").unwrap().as_reference().unwrap();
        lo.get_object(contents).unwrap().as_stream().unwrap().content.clone()
    }

    #[test]
    fn hex_and_reals_as_lopdf_writes_them() {
        let mut v = Vec::new();
        push_hex(&mut v, 0x1AF0);
        push_real(&mut v, -12.5);
        push_hex(&mut v, 3);
        push_real(&mut v, 0.1);
        assert_eq!(String::from_utf8(v).unwrap(), "<1AF0> -12.5<0003> 0.1");
        for v in [1.0f32, -0.0, 0.0, -3.0, 9_999_999.0, 10_000_000.0, -1e7, 1e20, 0.5, -12.25, 1e-7, f32::MIN_POSITIVE, 595.2756, 16_777_216.0] {
            let mut w = Vec::new();
            real(&mut w, v);
            assert_eq!(String::from_utf8(w).unwrap(), format!("{v}"), "{v:?}");
        }
        for i in -100_000..100_000 {
            let mut w = Vec::new();
            real(&mut w, i as f32);
            assert_eq!(String::from_utf8(w).unwrap(), format!("{}", i as f32));
        }
    }

    /// Operations without text give printpdf's bytes.
    #[test]
    fn drawing_without_fonts_matches_printpdf() {
        let fonts = BTreeMap::new();
        let mut c = Content::new(&fonts);
        c.begin_marked("Artifact");
        c.save();
        c.fill_color(Paint::Rgb([0.5, 0.25, 1.0]));
        c.rect([10.0, 20.5, 30.0, 0.75], true);
        c.restore();
        c.end_marked();
        c.begin_mcid("H1", 3);
        c.save();
        c.stroke_color(Paint::Cmyk([0.0, 0.1, 0.2, 0.9]));
        c.line_width(0.5);
        c.rect([1.0, 2.0, 3.0, 4.0], false);
        c.restore();
        c.save();
        c.transform([100.0, 0.0, 0.0, 50.0, 12.0, 400.25]);
        c.xobject("Im3");
        c.restore();
        c.begin_actual_text("a（");
        c.end_marked();
        c.end_marked();
        let ops = std::mem::take(&mut c.ops);
        let (ours, used) = c.finish();
        assert!(used.is_empty());
        assert_eq!(String::from_utf8_lossy(&ours), String::from_utf8_lossy(&printpdf_bytes(&fonts, ops)));
    }
}
