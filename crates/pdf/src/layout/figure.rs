//! Figures: the image scaled to fit the text block (and at most 60 % of its height), centred,
//! kept whole with its caption below. Raster images are sized by their pixels, SVG by its
//! intrinsic size (usvg: `width`/`height` in any unit, else the `viewBox`), both at 96 px per
//! inch. A missing or remote image, or an SVG that does not parse, becomes a framed placeholder
//! and a warning.

use quire_core::Code;
use super::blocks::{Ctx, TextSpec};
use super::chunk::Chunk;
use super::inline::{styled, Run, RunStyle, Styled};
use super::paragraph::Align;
use super::LineKind;
use crate::fonts::Family;
use crate::model::{Color, Item, Rect, Role};
use quire_core::{Diagnostic, Image, ImageSource, Inline, MediaType, Span};

/// The pixel size of an asset ([`image_size`]), its bytes read through the book and dropped;
/// `None` when it cannot be read or sized.
pub fn asset_size(book: &quire_core::Book, asset: &quire_core::Asset) -> Option<(f32, f32)> {
    let data = book.asset_bytes(asset).ok()?;
    image_size(&data, asset.media_type)
}

/// Pixel size of PNG, JPEG, GIF, WebP (VP8X/VP8L/VP8), BMP, TIFF, ICO or SVG (its intrinsic
/// size in CSS px, see [`crate::svg::size`]; `None` when it does not parse) data.
pub fn image_size(data: &[u8], kind: MediaType) -> Option<(f32, f32)> {
    let be32 = |o: usize| data.get(o..o + 4).map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as f32);
    let be16 = |o: usize| data.get(o..o + 2).map(|b| u16::from_be_bytes([b[0], b[1]]) as f32);
    let le16 = |o: usize| data.get(o..o + 2).map(|b| u16::from_le_bytes([b[0], b[1]]) as f32);
    match kind {
        MediaType::Png => Some((be32(16)?, be32(20)?)),
        MediaType::Gif => Some((le16(6)?, le16(8)?)),
        MediaType::Jpeg => {
            let mut i = 2;
            while i + 9 < data.len() {
                if data[i] != 0xFF {
                    i += 1;
                    continue;
                }
                let m = data[i + 1];
                if (0xC0..=0xCF).contains(&m) && m != 0xC4 && m != 0xC8 && m != 0xCC {
                    return Some((be16(i + 7)?, be16(i + 5)?));
                }
                i += 2 + be16(i + 2)? as usize;
            }
            None
        }
        MediaType::Webp => {
            let chunk = data.get(12..16)?;
            match chunk {
                b"VP8X" => {
                    let w = 1 + (u32::from(*data.get(24)?) | u32::from(*data.get(25)?) << 8 | u32::from(*data.get(26)?) << 16);
                    let h = 1 + (u32::from(*data.get(27)?) | u32::from(*data.get(28)?) << 8 | u32::from(*data.get(29)?) << 16);
                    Some((w as f32, h as f32))
                }
                b"VP8 " => Some(((le16(26)? as u32 & 0x3FFF) as f32, (le16(28)? as u32 & 0x3FFF) as f32)),
                b"VP8L" => {
                    let b = data.get(21..25)?;
                    let v = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
                    Some(((v & 0x3FFF) as f32 + 1.0, ((v >> 14) & 0x3FFF) as f32 + 1.0))
                }
                _ => None,
            }
        }
        MediaType::Svg => crate::svg::size(data),
        MediaType::Other => crate::write::image::other_raster_size(data).map(|(w, h)| (w as f32, h as f32)),
    }
}

/// A size hint of an `<img>` (`width`, `height`) in CSS px: a number, optionally with `px`.
fn px_hint(image: &Image, name: &str) -> Option<f32> {
    let v = image.attr(name)?.trim();
    let v: f32 = v.strip_suffix("px").unwrap_or(v).trim().parse().ok()?;
    (v.is_finite() && v > 0.0).then_some(v)
}

/// A `width`/`height` of an `<img>`: CSS px (a number, optionally `px`) or a percentage.
enum Hint {
    Px(f32),
    Percent(f32),
}

fn hint(image: &Image, name: &str) -> Option<Hint> {
    let v = image.attr(name)?.trim();
    if let Some(p) = v.strip_suffix('%') {
        let p: f32 = p.trim().parse().ok()?;
        return (p.is_finite() && p > 0.0).then_some(Hint::Percent(p.min(100.0)));
    }
    px_hint(image, name).map(Hint::Px)
}

/// The size in points a figure asks for: its `width`/`height` (px at 96 per inch, a width in %
/// of `measure`; one side alone keeps the aspect), else its pixel size `px` at 96 per inch.
fn requested_size(image: &Image, px: (f32, f32), measure: f32) -> (f32, f32) {
    let (pw, ph) = px;
    let width = match hint(image, "width") {
        Some(Hint::Px(w)) => Some(w * 0.75),
        Some(Hint::Percent(p)) => Some(measure * p / 100.0),
        None => None,
    };
    let height = match hint(image, "height") {
        Some(Hint::Px(h)) => Some(h * 0.75),
        _ => None,
    };
    match (width, height) {
        (Some(w), Some(h)) => (w, h),
        (Some(w), None) => (w, w * ph / pw),
        (None, Some(h)) => (h * pw / ph, h),
        (None, None) => (pw * 0.75, ph * 0.75),
    }
}

/// The box (width, height in points) of an image set in running text, from its pixel size `px`:
/// the `width`/`height` hints of an `<img>` when given (the other side keeps the aspect), else
/// the image's own size, both at 96 px per inch. Without a hint, a small image (an icon, a badge:
/// at most two lines tall) is scaled down to the font size `em`, so its line keeps its height.
/// Every image is capped at four lines (`pitch`) tall and at the `measure`, its aspect kept.
pub(crate) fn inline_size(image: &Image, px: (f32, f32), em: f32, pitch: f32, measure: f32) -> (f32, f32) {
    let (pw, ph) = px;
    let (w, h) = match (px_hint(image, "width"), px_hint(image, "height")) {
        (Some(w), Some(h)) => (w, h),
        (Some(w), None) => (w, w * ph / pw),
        (None, Some(h)) => (h * pw / ph, h),
        (None, None) => (pw, ph),
    };
    let hinted = px_hint(image, "width").is_some() || px_hint(image, "height").is_some();
    let (w, h) = (w * 0.75, h * 0.75);
    let fit = |(w, h): (f32, f32), max_w: f32, max_h: f32| {
        let s = (max_w / w).min(max_h / h).min(1.0);
        (w * s, h * s)
    };
    let small = !hinted && h <= 2.0 * pitch;
    let size = if small { fit((w, h), f32::INFINITY, em) } else { (w, h) };
    fit(size, measure.max(1.0), 4.0 * pitch)
}

/// Sets a figure into `cx`.
pub fn figure(cx: &mut Ctx, image: &Image, caption: &[Inline], number: Option<&str>, span: Span) {
    let pitch = cx.pitch();
    let maxw = cx.frame.width;
    let maxh = cx.geo.text_height * 0.6;
    cx.space(0.6 * pitch);
    let asset = match &image.source {
        ImageSource::Asset(id) => cx.book.asset(*id),
        _ => None,
    };
    let sized = asset.and_then(|a| asset_size(cx.book, a).map(|s| (a, s)));
    let mut chunk = Chunk { keep_with_next: true, float: true, ..Chunk::default() };
    // The image (or its placeholder) is a Figure whose alternate text is the image's alt text;
    // with an empty alt text it is decorative, as `alt=""` in HTML: an artifact.
    let tag = cx.tag;
    if image.alt.trim().is_empty() {
        chunk.items.push(Item::Mark(None));
    } else {
        cx.open(Role::Figure);
        if let Some(id) = cx.tag {
            cx.set_alt(id, &image.alt);
        }
        chunk.items.push(Item::Mark(cx.tag));
    }
    match sized {
        Some((a, (pw, ph))) if pw > 0.0 && ph > 0.0 => {
            // The size the author asked for (`width`/`height`, in px or % of the block), else
            // the image's own at 96 px per inch; never wider than the block nor taller than
            // 60 % of it.
            let (w0, h0) = requested_size(image, (pw, ph), maxw);
            let mut w = w0.min(maxw);
            let mut h = w * h0 / w0;
            if h > maxh {
                h = maxh;
                w = h * pw / ph;
            }
            let x = cx.frame.x + (maxw - w) / 2.0;
            chunk.items.push(Item::Image { asset: a.id, rect: Rect { x, y: 0.0, w, h } });
            chunk.height = h;
        }
        _ => {
            let what = match &image.source {
                ImageSource::Remote(u) => format!("remote image {u} is not embedded"),
                ImageSource::Missing(p) => format!("image `{p}` was not found"),
                ImageSource::Refused(p) => format!("image `{p}` has a URL scheme that is not allowed"),
                ImageSource::Asset(_) | ImageSource::Embedded(_) => format!("image `{}` could not be read (not a valid image)", image.raw_src),
            };
            cx.diags.push(
                Diagnostic::warning(Code::PdfImagePlaceholder, format!("{what}; the PDF shows a placeholder"))
                    .with_span(span),
            );
            let w = maxw * 0.6;
            let h = 4.0 * pitch;
            let x = cx.frame.x + (maxw - w) / 2.0;
            chunk.items.push(Item::Stroke { rect: Rect { x, y: 0.0, w, h }, color: Color::gray(0.5), width: 0.6 });
            let style = RunStyle { color: Color::gray(0.4), ..RunStyle::plain(Family::Sans, cx.size() * 0.85) };
            let label = if image.alt.is_empty() { image.raw_src.clone() } else { image.alt.clone() };
            let saved = cx.frame.clone();
            cx.frame.x = x + 6.0;
            cx.frame.width = w - 12.0;
            let spec = TextSpec { style, pitch: style.size * 1.4, align: Align::Center, indent: 0.0, kind: LineKind::Other };
            let st = Styled { runs: vec![Run { text: format!("[{label}]"), style }], links: Vec::new(), images: Vec::new(), rubies: Vec::new(), formulas: Vec::new() };
            let lines = cx.set(&st, &spec);
            cx.frame = saved;
            let th = lines.len() as f32 * spec.pitch;
            let mut y = ((h - th) / 2.0).max(0.0);
            for l in lines {
                for mut it in l.items {
                    super::chunk::shift_item(&mut it, 0.0, y);
                    chunk.items.push(it);
                }
                y += spec.pitch;
            }
            chunk.height = h;
        }
    }
    cx.emit(chunk);
    cx.tag = tag;
    let style = RunStyle::plain(Family::Serif, cx.size() * 0.9);
    let mut st = styled(caption, style, cx.chapter, cx.lang.is_cjk(), &cx.words);
    if let Some(n) = number {
        let label = format!("{}{}", cx.words.caption_label(&cx.words.figure, n), cx.words.caption_sep);
        st.runs.insert(0, Run { text: label, style: RunStyle { bold: true, ..style } });
    }
    if !st.runs.is_empty() {
        cx.space(0.4 * pitch);
        let spec = TextSpec { style, pitch: style.size * 1.45, align: Align::Center, indent: 0.0, kind: LineKind::Other };
        let tag = cx.open(Role::Caption);
        for c in cx.set(&st, &spec) {
            cx.emit(c);
        }
        cx.tag = tag;
    }
    cx.space(0.6 * pitch);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn img(attrs: &[(&str, &str)]) -> Image {
        Image {
            source: ImageSource::Missing(String::new()),
            raw_src: String::new(),
            alt: String::new(),
            title: None,
            attrs: attrs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        }
    }

    #[test]
    fn inline_images_fit_the_line_or_their_hint_within_the_cap() {
        let close = |a: (f32, f32), b: (f32, f32)| (a.0 - b.0).abs() < 0.01 && (a.1 - b.1).abs() < 0.01;
        // A 32 px icon (24 pt) is set at the font size.
        let s = inline_size(&img(&[]), (32.0, 32.0), 10.0, 13.0, 300.0);
        assert!(close(s, (10.0, 10.0)), "{s:?}");
        // A 12 px icon is not made bigger.
        let s = inline_size(&img(&[]), (12.0, 12.0), 10.0, 13.0, 300.0);
        assert!(close(s, (9.0, 9.0)), "{s:?}");
        // A height hint is honoured, the width follows the aspect.
        let s = inline_size(&img(&[("height", "20")]), (240.0, 120.0), 10.0, 13.0, 300.0);
        assert!(close(s, (30.0, 15.0)), "{s:?}");
        let s = inline_size(&img(&[("width", "16px"), ("height", "16")]), (32.0, 32.0), 10.0, 13.0, 300.0);
        assert!(close(s, (12.0, 12.0)), "{s:?}");
        // A big picture is capped at four lines, a wide one at the measure.
        let s = inline_size(&img(&[]), (240.0, 120.0), 10.0, 13.0, 300.0);
        assert!(close(s, (104.0, 52.0)), "{s:?}");
        let s = inline_size(&img(&[("width", "2000")]), (2000.0, 100.0), 10.0, 13.0, 300.0);
        assert!(close(s, (300.0, 15.0)), "{s:?}");
        // A percentage is no hint.
        let s = inline_size(&img(&[("width", "50%")]), (32.0, 32.0), 10.0, 13.0, 300.0);
        assert!(close(s, (10.0, 10.0)), "{s:?}");
    }

    /// A figure takes the size its `<img>` asks for: px, % of the block, one side keeping the
    /// aspect; without hints its own size.
    #[test]
    fn figures_take_the_requested_size() {
        let close = |a: (f32, f32), b: (f32, f32)| (a.0 - b.0).abs() < 0.01 && (a.1 - b.1).abs() < 0.01;
        let s = requested_size(&img(&[("width", "200")]), (800.0, 400.0), 400.0);
        assert!(close(s, (150.0, 75.0)), "{s:?}");
        let s = requested_size(&img(&[("width", "50%")]), (800.0, 400.0), 400.0);
        assert!(close(s, (200.0, 100.0)), "{s:?}");
        let s = requested_size(&img(&[("height", "100px")]), (800.0, 400.0), 400.0);
        assert!(close(s, (150.0, 75.0)), "{s:?}");
        let s = requested_size(&img(&[("width", "auto")]), (800.0, 400.0), 400.0);
        assert!(close(s, (600.0, 300.0)), "{s:?}");
    }

    #[test]
    fn png_and_svg_sizes() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend_from_slice(&300u32.to_be_bytes());
        png.extend_from_slice(&200u32.to_be_bytes());
        assert_eq!(image_size(&png, MediaType::Png), Some((300.0, 200.0)));
        let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 40 20\"/>";
        assert_eq!(image_size(svg, MediaType::Svg), Some((40.0, 20.0)));
        assert_eq!(image_size(b"<svg viewBox=\"0 0 40 20\">", MediaType::Svg), None, "not well-formed");
    }
}
