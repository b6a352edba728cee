//! Images as PDF XObjects.
//!
//! * JPEG is embedded as is (`/DCTDecode`, never re-encoded). A PNG without transparency or
//!   interlacing is embedded as is too (its zlib data with the PNG predictors, `/FlateDecode
//!   /DecodeParms`); other PNGs are decoded to 8-bit samples (Flate-compressed here) with the
//!   alpha channel as a soft mask.
//! * GIF (its first frame) and WebP (lossy or lossless, the first frame of an animation) are
//!   decoded with the `image` crate and embedded like a decoded PNG: gray when every pixel is,
//!   RGB otherwise, alpha as a soft mask.
//! * SVG is drawn as vectors: a Form XObject made by svg2pdf ([`svg_form`], [`crate::svg`]),
//!   converted once, when the file is written, its objects numbered into the file then.
//! * Decoding is bounded: the core refuses images whose header declares more than
//!   `[quire] max-image-pixels` before they become assets, and every decoder here is given the
//!   same bound through its limits API (png `Limits`, `image::Limits`, zune-jpeg's maximum
//!   width and height), so a header that lies cannot make a decoder allocate more.
//!
//! For the print profile ([`Target::Print`]) images are gray or CMYK: RGB samples go through
//! the output intent's ICC profile ([`crate::print::color::rgb8_to_cmyk8`]). PDF/X-4 keeps
//! alpha as a soft mask, tags RGB JPEGs `[/ICCBased sRGB]` and keeps SVG as vectors (svg2pdf's
//! colours are ICC-based sRGB, raster images inside it are tagged sRGB too). PDF/X-1a
//! (`flatten`: CMYK or gray only, no transparency) composites alpha onto white paper and
//! rasterises SVG with resvg at 300 ppi of its size on the page, converted to CMYK like any
//! RGB image: svg2pdf's output can hold gradients, soft masks and transparency groups in RGB,
//! which PDF/X-1a forbids and which cannot be recoloured one operator at a time.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use printpdf::{DictItem, ExternalStream, ExternalXObject};
use quire_core::MediaType;

use crate::fonts::FontBook;
use crate::svg::SvgFonts;

/// What the XObject is made for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    /// The screen PDF: RGB as it comes.
    Screen,
    /// The print profile: gray/CMYK; `flatten` for PDF/X-1a (no transparency, no RGB at all).
    Print {
        /// PDF/X-1a.
        flatten: bool,
    },
}

/// The fonts SVG text is set in, made on first use and shared by every image of a render.
pub(crate) struct SvgFontCache<'a> {
    fonts: &'a FontBook,
    cell: OnceLock<SvgFonts>,
}

impl<'a> SvgFontCache<'a> {
    /// A cache over the book's fonts.
    pub(crate) fn new(fonts: &'a FontBook) -> Self {
        SvgFontCache { fonts, cell: OnceLock::new() }
    }

    fn get(&self) -> &SvgFonts {
        self.cell.get_or_init(|| SvgFonts::new(self.fonts))
    }
}

/// The XObject for an image asset (`kind` is the asset's type, used when the bytes do not tell),
/// placed at most `placed_width` points wide; `None` when it cannot be drawn.
pub(crate) fn convert(data: &[u8], kind: MediaType, target: Target, svg_fonts: &SvgFontCache<'_>, placed_width: f32, max_pixels: u64) -> Option<ExternalXObject> {
    let kind = match MediaType::sniff(data) {
        MediaType::Other => kind,
        sniffed => sniffed,
    };
    if kind != MediaType::Svg {
        return match target {
            Target::Screen => xobject(data, max_pixels),
            Target::Print { flatten } => xobject_cmyk(data, flatten, max_pixels),
        };
    }
    if is_form(kind, target) {
        // Drawn as a Form XObject ([`svg_form`]), not an image.
        return None;
    }
    let tree = crate::svg::parse(data, Some(svg_fonts.get()))?;
    let (w, h, rgba) = crate::svg::rasterize(&tree, placed_width / 72.0 * 300.0)?;
    let (color, alpha) = split(&rgba, 3);
    Some(cmyk_image(Pixels { width: w, height: h, gray: false, color, alpha: Some(alpha) }, true))
}

/// Whether an image of `kind` is drawn as a Form XObject ([`svg_form`], made when the file is
/// written) rather than an image XObject ([`convert`]): SVG, but in PDF/X-1a, which rasterises
/// it.
pub(crate) fn is_form(kind: MediaType, target: Target) -> bool {
    kind == MediaType::Svg && target != Target::Print { flatten: true }
}

/// The Form XObject of an SVG and the objects it uses (see [`crate::svg::form`]): for the
/// screen, or for PDF/X-4 with its raster images tagged sRGB. `None` when it does not parse or
/// convert.
pub(crate) fn svg_form(data: &[u8], target: Target, svg_fonts: &SvgFontCache<'_>) -> Option<crate::svg::Form> {
    let tree = crate::svg::parse(data, Some(svg_fonts.get()))?;
    crate::svg::form(&tree, target != Target::Screen)
}

/// An image XObject for these bytes (JPEG, PNG, GIF, WebP), or `None` when the format is not
/// supported or the data does not decode.
pub(crate) fn xobject(data: &[u8], max_pixels: u64) -> Option<ExternalXObject> {
    match MediaType::sniff(data) {
        MediaType::Jpeg => jpeg(data),
        MediaType::Png => png_raw(data).or_else(|| png(data, max_pixels)),
        MediaType::Gif => gif_indexed(data, max_pixels, Target::Screen).or_else(|| decode_image(data, max_pixels).map(rgb_image)),
        MediaType::Webp | MediaType::Other => decode_image(data, max_pixels).map(rgb_image),
        MediaType::Svg => None,
    }
}

/// An image XObject for the print profile: gray and CMYK only. JPEG gray or CMYK goes in as
/// is; an RGB JPEG goes in tagged `[/ICCBased sRGB]` for PDF/X-4, where the RIP converts it with
/// the output intent, and is decoded and converted to CMYK for PDF/X-1a. PNG, GIF and WebP are
/// decoded and RGB samples are converted to CMYK ([`crate::print::color::rgb8_to_cmyk8`]).
/// `flatten` (PDF/X-1a: no transparency) composites alpha onto white paper; otherwise alpha
/// stays a soft mask.
pub(crate) fn xobject_cmyk(data: &[u8], flatten: bool, max_pixels: u64) -> Option<ExternalXObject> {
    match MediaType::sniff(data) {
        MediaType::Jpeg => match jpeg_info(data)? {
            (_, _, 1 | 4, _) => jpeg(data),
            (_, _, 3, _) if !flatten => {
                let mut x = jpeg(data)?;
                let profile = BTreeMap::from([("N".to_string(), DictItem::Int(3))]);
                let stream = ExternalStream { dict: profile, content: crate::print::pdfx::SRGB_PROFILE.to_vec(), compress: true };
                x.stream.dict.insert("ColorSpace".into(), DictItem::Array(vec![name("ICCBased"), DictItem::Stream { stream }]));
                Some(x)
            }
            (_, _, 3, _) => jpeg_rgb_to_cmyk(data, max_pixels),
            _ => None,
        },
        MediaType::Png => png_rows(data, max_pixels, Target::Print { flatten }).or_else(|| decode_png(data, max_pixels).map(|p| cmyk_image(p, flatten))),
        MediaType::Gif => gif_indexed(data, max_pixels, Target::Print { flatten }).or_else(|| decode_image(data, max_pixels).map(|p| cmyk_image(p, flatten))),
        MediaType::Webp | MediaType::Other => decode_image(data, max_pixels).map(|p| cmyk_image(p, flatten)),
        MediaType::Svg => None,
    }
}

/// Decoded 8-bit samples: gray (1 per pixel) or RGB (3), with an alpha plane when any pixel is
/// not opaque.
struct Pixels {
    width: u32,
    height: u32,
    gray: bool,
    color: Vec<u8>,
    alpha: Option<Vec<u8>>,
}

/// The most bytes a decoder may allocate for an image of at most `max_pixels`: 8 bytes a pixel
/// (16-bit RGBA), plus 16 MiB for its tables.
fn alloc_cap(max_pixels: u64) -> u64 {
    max_pixels.saturating_mul(8).saturating_add(16 << 20)
}

/// The largest side a decoder may accept (no side can exceed the pixel bound).
fn side_cap(max_pixels: u64) -> u32 {
    u32::try_from(max_pixels).unwrap_or(u32::MAX)
}

/// GIF (first frame), WebP, or a raster format no output takes as it is (BMP, TIFF, ICO: see
/// [`other_raster_format`]), decoded within `max_pixels` (the `image` crate's limits).
fn decode_image(data: &[u8], max_pixels: u64) -> Option<Pixels> {
    let format = match MediaType::sniff(data) {
        MediaType::Gif => image::ImageFormat::Gif,
        MediaType::Webp => image::ImageFormat::WebP,
        MediaType::Other => other_raster_format(data)?,
        _ => return None,
    };
    let mut reader = image::ImageReader::with_format(std::io::Cursor::new(data), format);
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(side_cap(max_pixels));
    limits.max_image_height = Some(side_cap(max_pixels));
    limits.max_alloc = Some(alloc_cap(max_pixels));
    reader.limits(limits);
    let (w, h) = reader.into_dimensions().ok()?;
    if u64::from(w) * u64::from(h) > max_pixels {
        return None;
    }
    let mut reader = image::ImageReader::with_format(std::io::Cursor::new(data), format);
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(alloc_cap(max_pixels));
    reader.limits(limits);
    let img = reader.decode().ok()?;
    let (width, height) = (img.width(), img.height());
    let rgba = img.into_rgba8().into_raw();
    if rgba.len() != width as usize * height as usize * 4 || rgba.is_empty() {
        return None;
    }
    let gray = rgba.chunks_exact(4).all(|p| p[0] == p[1] && p[1] == p[2]);
    let (color, alpha) = if gray {
        (rgba.chunks_exact(4).map(|p| p[0]).collect(), rgba.chunks_exact(4).map(|p| p[3]).collect())
    } else {
        split(&rgba, 3)
    };
    Some(Pixels { width, height, gray, color, alpha: Some(alpha).filter(|a: &Vec<u8>| a.iter().any(|v| *v != 255)) })
}

/// A GIF whose first frame fills its logical screen, as an `/Indexed` image of its palette
/// indices (one byte a pixel, deflated) rather than decoded colours: the same pixels, a third of
/// the samples to compress (a GIF has at most 256 colours), and for print only the palette goes
/// through the colour transform (it is per colour, so each pixel gets what converting the
/// decoded samples gave). The transparent index, when a pixel uses it, is a colour-key mask
/// (`/Mask [t t]`): a GIF's alpha is 0 or 255, so it masks exactly the pixels the decoded alpha
/// did as a soft mask. Flattened (PDF/X-1a), that palette entry becomes paper white, as
/// compositing the decoded pixels onto white made them. The colour space is gray when every
/// palette entry a pixel uses is (as the decoded path checked every pixel). `None` when the
/// frame does not fill the screen, a pixel's index is past the palette (the decoded path makes
/// it transparent black) or the data does not decode: the caller decodes it the general way.
fn gif_indexed(data: &[u8], max_pixels: u64, target: Target) -> Option<ExternalXObject> {
    let mut options = gif::DecodeOptions::new();
    options.set_color_output(gif::ColorOutput::Indexed);
    options.set_memory_limit(gif::MemoryLimit::Bytes(std::num::NonZeroU64::new(alloc_cap(max_pixels))?));
    let mut decoder = options.read_info(std::io::Cursor::new(data)).ok()?;
    let (w, h) = (decoder.width(), decoder.height());
    if w == 0 || h == 0 || u64::from(w) * u64::from(h) > max_pixels {
        return None;
    }
    let (place, transparent, local) = {
        let frame = decoder.next_frame_info().ok()??;
        ((frame.left, frame.top, frame.width, frame.height), frame.transparent, frame.palette.clone())
    };
    if place != (0, 0, w, h) {
        return None;
    }
    let mut palette = match local {
        Some(p) => p,
        None => decoder.global_palette()?.to_vec(),
    };
    let mut indices = vec![0u8; decoder.buffer_size()];
    if indices.len() != usize::from(w) * usize::from(h) {
        return None;
    }
    decoder.read_into_buffer(&mut indices).ok()?;
    drop(decoder);
    let entries = (palette.len() / 3).min(256);
    palette.truncate(entries * 3);
    let mut used = [false; 256];
    for i in &indices {
        used[usize::from(*i)] = true;
    }
    if entries == 0 || used[entries..].iter().any(|u| *u) {
        return None;
    }
    let mask = transparent.filter(|t| used[usize::from(*t)]);
    let gray = palette.chunks_exact(3).zip(&used).all(|(c, u)| !u || (c[0] == c[1] && c[1] == c[2]));
    let (space, lookup) = match target {
        Target::Screen => ("DeviceRGB", palette),
        Target::Print { flatten } => {
            if let (true, Some(t)) = (flatten, mask) {
                palette[usize::from(t) * 3..usize::from(t) * 3 + 3].fill(255);
            }
            if gray {
                ("DeviceGray", palette.chunks_exact(3).map(|c| c[0]).collect())
            } else {
                ("DeviceCMYK", crate::print::color::rgb8_to_cmyk8(&palette))
            }
        }
    };
    let hival = i64::try_from(entries).ok()? - 1;
    let mut dict = image_dict(u32::from(w), u32::from(h), "DeviceGray");
    let lookup = DictItem::String { data: lookup, literal: false };
    dict.insert("ColorSpace".into(), DictItem::Array(vec![name("Indexed"), name(space), DictItem::Int(hival), lookup]));
    if let (Some(t), false) = (mask, target == Target::Print { flatten: true }) {
        dict.insert("Mask".into(), DictItem::Array(vec![DictItem::Int(i64::from(t)), DictItem::Int(i64::from(t))]));
    }
    Some(deflated(dict, &indices))
}

/// PNG decoded to 8-bit gray or RGB samples with the alpha plane split off, within
/// `max_pixels` (checked from the header, and png's allocation limit).
fn decode_png(data: &[u8], max_pixels: u64) -> Option<Pixels> {
    let limits = png::Limits { bytes: usize::try_from(alloc_cap(max_pixels)).unwrap_or(usize::MAX) };
    let mut decoder = png::Decoder::new_with_limits(std::io::Cursor::new(data), limits);
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().ok()?;
    let (w, h) = reader.info().size();
    if u64::from(w) * u64::from(h) > max_pixels {
        return None;
    }
    let mut buf = vec![0; reader.output_buffer_size()];
    let frame = reader.next_frame(&mut buf).ok()?;
    let pixels = buf.get(..frame.buffer_size())?;
    let (gray, (color, alpha)) = match frame.color_type {
        png::ColorType::Grayscale => (true, (pixels.to_vec(), Vec::new())),
        png::ColorType::Rgb => (false, (pixels.to_vec(), Vec::new())),
        png::ColorType::GrayscaleAlpha => (true, split(pixels, 1)),
        png::ColorType::Rgba => (false, split(pixels, 3)),
        png::ColorType::Indexed => return None,
    };
    let alpha = Some(alpha).filter(|a| a.iter().any(|v| *v != 255));
    Some(Pixels { width: frame.width, height: frame.height, gray, color, alpha })
}

/// Decoded pixels as DeviceGray/DeviceRGB with a soft mask.
fn rgb_image(p: Pixels) -> ExternalXObject {
    let mut dict = image_dict(p.width, p.height, if p.gray { "DeviceGray" } else { "DeviceRGB" });
    if let Some(alpha) = p.alpha {
        let mask = deflated(image_dict(p.width, p.height, "DeviceGray"), &alpha);
        dict.insert("SMask".into(), DictItem::Stream { stream: mask.stream });
    }
    deflated(dict, &p.color)
}

/// Decoded pixels as DeviceGray/DeviceCMYK (RGB through the output intent's profile); alpha
/// composited onto white when `flatten`, else a soft mask.
fn cmyk_image(mut p: Pixels, flatten: bool) -> ExternalXObject {
    let n = if p.gray { 1 } else { 3 };
    if flatten {
        if let Some(a) = p.alpha.take() {
            for (px, a) in p.color.chunks_exact_mut(n).zip(a) {
                for v in px {
                    // Over white: v·a + 255·(1 − a).
                    *v = ((u32::from(*v) * u32::from(a) + 255 * (255 - u32::from(a)) + 127) / 255) as u8;
                }
            }
        }
    }
    let (space, samples) = if p.gray { ("DeviceGray", p.color) } else { ("DeviceCMYK", crate::print::color::rgb8_to_cmyk8(&p.color)) };
    let mut dict = image_dict(p.width, p.height, space);
    if let Some(alpha) = p.alpha {
        let mask = deflated(image_dict(p.width, p.height, "DeviceGray"), &alpha);
        dict.insert("SMask".into(), DictItem::Stream { stream: mask.stream });
    }
    deflated(dict, &samples)
}

/// PDF/X-1a: an RGB JPEG decoded (zune-jpeg) and converted to CMYK samples like an RGB PNG
/// ([`crate::print::color::rgb8_to_cmyk8`]), Flate-compressed. `None` if it does not decode.
fn jpeg_rgb_to_cmyk(data: &[u8], max_pixels: u64) -> Option<ExternalXObject> {
    use zune_jpeg::zune_core::{colorspace::ColorSpace, options::DecoderOptions};
    let side = side_cap(max_pixels) as usize;
    let options = DecoderOptions::default().jpeg_set_out_colorspace(ColorSpace::RGB).set_max_width(side).set_max_height(side);
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(data, options);
    decoder.decode_headers().ok()?;
    let (w, h) = decoder.dimensions()?;
    if (w as u64).saturating_mul(h as u64) > max_pixels {
        return None;
    }
    let rgb = decoder.decode().ok()?;
    let (w, h) = decoder.dimensions()?;
    if rgb.len() != w * h * 3 {
        return None;
    }
    let (w, h) = (u32::try_from(w).ok()?, u32::try_from(h).ok()?);
    Some(deflated(image_dict(w, h, "DeviceCMYK"), &crate::print::color::rgb8_to_cmyk8(&rgb)))
}

fn name(s: &str) -> DictItem {
    DictItem::Name(s.as_bytes().to_vec())
}

fn image_dict(w: u32, h: u32, color_space: &str) -> BTreeMap<String, DictItem> {
    BTreeMap::from([
        ("Type".to_string(), name("XObject")),
        ("Subtype".to_string(), name("Image")),
        ("Width".to_string(), DictItem::Int(i64::from(w))),
        ("Height".to_string(), DictItem::Int(i64::from(h))),
        ("ColorSpace".to_string(), name(color_space)),
        ("BitsPerComponent".to_string(), DictItem::Int(8)),
    ])
}

fn wrap(dict: BTreeMap<String, DictItem>, content: Vec<u8>, compress: bool) -> ExternalXObject {
    ExternalXObject { stream: ExternalStream { dict, content, compress }, width: None, height: None, dpi: None }
}

/// Decoded samples, deflated here (in parallel, see `write::add_images`) so the writer leaves
/// them alone. At the fastest level: decoded images are a minority of a book's image bytes
/// (JPEG and opaque PNG go in as they are), and level 6 spent most of the writer's time on them
/// for a few percent of their size.
fn deflated(mut dict: BTreeMap<String, DictItem>, samples: &[u8]) -> ExternalXObject {
    use std::io::Write;
    let mut enc = flate2::write::ZlibEncoder::new(Vec::with_capacity(samples.len() / 4), flate2::Compression::fast());
    match enc.write_all(samples).and_then(|()| enc.finish()) {
        Ok(z) => {
            dict.insert("Filter".into(), name("FlateDecode"));
            wrap(dict, z, false)
        }
        Err(_) => wrap(dict, samples.to_vec(), true),
    }
}

/// JPEG: size and components from the SOF marker; the bytes go in unchanged.
fn jpeg(data: &[u8]) -> Option<ExternalXObject> {
    let (w, h, comps, adobe) = jpeg_info(data)?;
    let cs = match comps {
        1 => "DeviceGray",
        3 => "DeviceRGB",
        4 => "DeviceCMYK",
        _ => return None,
    };
    let mut dict = image_dict(w, h, cs);
    dict.insert("Filter".into(), name("DCTDecode"));
    if comps == 4 && adobe {
        // Adobe writes inverted CMYK JPEGs.
        let decode = [1, 0, 1, 0, 1, 0, 1, 0].iter().map(|v| DictItem::Int(*v)).collect();
        dict.insert("Decode".into(), DictItem::Array(decode));
    }
    Some(wrap(dict, data.to_vec(), false))
}

/// (width, height, components, has an Adobe APP14 marker) from a JPEG's markers.
fn jpeg_info(data: &[u8]) -> Option<(u32, u32, u8, bool)> {
    let mut i = 2;
    let mut adobe = false;
    while i + 4 <= data.len() {
        if data[i] != 0xFF {
            return None;
        }
        let marker = data[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        let len = usize::from(u16::from_be_bytes([data[i + 2], data[i + 3]]));
        let seg = data.get(i + 4..i + 2 + len)?;
        match marker {
            0xEE if seg.starts_with(b"Adobe") => adobe = true,
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                let h = u32::from(u16::from_be_bytes([*seg.get(1)?, *seg.get(2)?]));
                let w = u32::from(u16::from_be_bytes([*seg.get(3)?, *seg.get(4)?]));
                return Some((w, h, *seg.get(5)?, adobe));
            }
            _ => {}
        }
        i += 2 + len;
    }
    None
}

/// An opaque, non-interlaced PNG with its compressed data copied: gray or RGB (8 bit), gray or
/// palette (1–8 bit). `None` when it needs decoding.
fn png_raw(data: &[u8]) -> Option<ExternalXObject> {
    let mut pos = 8;
    let (mut ihdr, mut palette, mut idat) = (None, None, Vec::new());
    while pos + 12 <= data.len() {
        let len = u32::from_be_bytes(data[pos..pos + 4].try_into().ok()?) as usize;
        let kind = &data[pos + 4..pos + 8];
        let body = data.get(pos + 8..pos + 8 + len)?;
        match kind {
            b"IHDR" => ihdr = Some(body),
            b"PLTE" => palette = Some(body),
            b"IDAT" => idat.extend_from_slice(body),
            b"tRNS" => return None,
            b"IEND" => break,
            _ => {}
        }
        pos += 12 + len;
    }
    let h = ihdr.filter(|h| h.len() == 13)?;
    let (w, ht) = (u32::from_be_bytes(h[0..4].try_into().ok()?), u32::from_be_bytes(h[4..8].try_into().ok()?));
    let (depth, color, interlace) = (h[8], h[9], h[12]);
    if interlace != 0 || idat.is_empty() {
        return None;
    }
    let (colors, space) = match (color, depth) {
        (0, 1 | 2 | 4 | 8) => (1, name("DeviceGray")),
        (2, 8) => (3, name("DeviceRGB")),
        (3, 1 | 2 | 4 | 8) => {
            let pal = palette?;
            let n = i64::try_from(pal.len() / 3).ok()?.checked_sub(1)?;
            let lookup = DictItem::String { data: pal.to_vec(), literal: false };
            (1, DictItem::Array(vec![name("Indexed"), name("DeviceRGB"), DictItem::Int(n), lookup]))
        }
        _ => return None,
    };
    let mut dict = image_dict(w, ht, "DeviceGray");
    dict.insert("ColorSpace".into(), space);
    dict.insert("BitsPerComponent".into(), DictItem::Int(i64::from(depth)));
    dict.insert("Filter".into(), name("FlateDecode"));
    let parms = BTreeMap::from([
        ("Predictor".to_string(), DictItem::Int(15)),
        ("Colors".to_string(), DictItem::Int(colors)),
        ("BitsPerComponent".to_string(), DictItem::Int(i64::from(depth))),
        ("Columns".to_string(), DictItem::Int(i64::from(w))),
    ]);
    dict.insert("DecodeParms".into(), DictItem::Dict { map: parms });
    Some(wrap(dict, idat, false))
}

/// PNG: decoded to 8-bit gray/RGB, alpha split off into a soft mask (a row at a time unless
/// it is interlaced).
fn png(data: &[u8], max_pixels: u64) -> Option<ExternalXObject> {
    png_rows(data, max_pixels, Target::Screen).or_else(|| decode_png(data, max_pixels).map(rgb_image))
}

/// A non-interlaced PNG decoded a row at a time, each row's samples (and alpha) deflated as
/// they come, so its decoded pixels are never all in memory: the XObject [`rgb_image`] (screen)
/// or [`cmyk_image`] (print) makes of [`decode_png`]'s pixels, with the same samples (the colour
/// transform and compositing are per pixel). `None` when it is interlaced (Adam7 rows come by
/// pass) or does not decode: the caller decodes it whole.
fn png_rows(data: &[u8], max_pixels: u64, target: Target) -> Option<ExternalXObject> {
    use std::io::Write;
    let limits = png::Limits { bytes: usize::try_from(alloc_cap(max_pixels)).unwrap_or(usize::MAX) };
    let mut decoder = png::Decoder::new_with_limits(std::io::Cursor::new(data), limits);
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().ok()?;
    let (w, h) = reader.info().size();
    if reader.info().interlaced || u64::from(w) * u64::from(h) > max_pixels || w == 0 || h == 0 {
        return None;
    }
    let (n, has_alpha) = match reader.output_color_type().0 {
        png::ColorType::Grayscale => (1, false),
        png::ColorType::Rgb => (3, false),
        png::ColorType::GrayscaleAlpha => (1, true),
        png::ColorType::Rgba => (3, true),
        png::ColorType::Indexed => return None,
    };
    let (flatten, cmyk) = match target {
        Target::Screen => (false, false),
        Target::Print { flatten } => (flatten, n == 3),
    };
    let z = |raw: usize| flate2::write::ZlibEncoder::new(Vec::with_capacity(raw / 4), flate2::Compression::fast());
    let pixels = w as usize * h as usize;
    let mut color_z = z(pixels * if cmyk { 4 } else { n });
    let mut alpha_z = (has_alpha && !flatten).then(|| z(pixels));
    let mut opaque = true;
    let (mut color, mut alpha) = (Vec::with_capacity(w as usize * n), Vec::with_capacity(w as usize));
    for _ in 0..h {
        let row = reader.next_row().ok()??;
        let row = row.data();
        color.clear();
        alpha.clear();
        if has_alpha {
            for px in row.chunks_exact(n + 1) {
                color.extend_from_slice(&px[..n]);
                alpha.push(px[n]);
            }
        } else {
            color.extend_from_slice(row);
        }
        if color.len() != w as usize * n {
            return None;
        }
        opaque = opaque && alpha.iter().all(|a| *a == 255);
        if flatten && has_alpha {
            for (px, a) in color.chunks_exact_mut(n).zip(&alpha) {
                for v in px {
                    // Over white, as `cmyk_image` does.
                    *v = ((u32::from(*v) * u32::from(*a) + 255 * (255 - u32::from(*a)) + 127) / 255) as u8;
                }
            }
        }
        if cmyk {
            color_z.write_all(&crate::print::color::rgb8_to_cmyk8(&color)).ok()?;
        } else {
            color_z.write_all(&color).ok()?;
        }
        if let Some(a) = alpha_z.as_mut() {
            a.write_all(&alpha).ok()?;
        }
    }
    drop(reader);
    let space = match (n, cmyk) {
        (1, _) => "DeviceGray",
        (_, true) => "DeviceCMYK",
        _ => "DeviceRGB",
    };
    let mut dict = image_dict(w, h, space);
    if let (Some(a), false) = (alpha_z, opaque) {
        let mut mask = image_dict(w, h, "DeviceGray");
        mask.insert("Filter".into(), name("FlateDecode"));
        let mask = wrap(mask, a.finish().ok()?, false);
        dict.insert("SMask".into(), DictItem::Stream { stream: mask.stream });
    }
    dict.insert("Filter".into(), name("FlateDecode"));
    Some(wrap(dict, color_z.finish().ok()?, false))
}

/// Splits interleaved samples with `n` colour components and one alpha.
fn split(pixels: &[u8], n: usize) -> (Vec<u8>, Vec<u8>) {
    let mut color = Vec::with_capacity(pixels.len() / (n + 1) * n);
    let mut alpha = Vec::with_capacity(pixels.len() / (n + 1));
    for px in pixels.chunks_exact(n + 1) {
        color.extend_from_slice(&px[..n]);
        alpha.push(px[n]);
    }
    (color, alpha)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn jpeg_header_is_read() {
        // SOI, APP0 (len 4), SOF0: len 11, precision 8, h=2, w=3, 3 components.
        let mut j = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00];
        j.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x0B, 8, 0, 2, 0, 3, 3, 0, 0, 0, 0, 0]);
        assert_eq!(jpeg_info(&j), Some((3, 2, 3, false)));
    }

    const MAX: u64 = quire_core::safe_read::DEFAULT_MAX_IMAGE_PIXELS;

    fn encode(color: png::ColorType, w: u32, h: u32, data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(color);
        enc.set_depth(png::BitDepth::Eight);
        let mut writer = enc.write_header().expect("header");
        writer.write_image_data(data).expect("data");
        drop(writer);
        out
    }

    #[test]
    fn png_alpha_becomes_a_soft_mask() {
        let rgba = [255, 0, 0, 128, 0, 255, 0, 255];
        let x = xobject(&encode(png::ColorType::Rgba, 2, 1, &rgba), MAX).expect("png");
        let inflate = |z: &[u8]| {
            use std::io::Read;
            let mut out = Vec::new();
            flate2::read::ZlibDecoder::new(z).read_to_end(&mut out).expect("zlib");
            out
        };
        assert_eq!(inflate(&x.stream.content), vec![255, 0, 0, 0, 255, 0]);
        match x.stream.dict.get("SMask") {
            Some(DictItem::Stream { stream }) => assert_eq!(inflate(&stream.content), vec![128, 255]),
            other => panic!("no soft mask: {other:?}"),
        }
        // Fully opaque alpha: no mask.
        let opaque = [1, 2, 3, 255];
        let x = xobject(&encode(png::ColorType::Rgba, 1, 1, &opaque), MAX).expect("png");
        assert!(!x.stream.dict.contains_key("SMask"));
        assert!(xobject(b"GIF89a....", MAX).is_none());
        // Opaque RGB is copied, not decoded.
        let rgb = encode(png::ColorType::Rgb, 1, 1, &[1, 2, 3]);
        let x = xobject(&rgb, MAX).expect("png");
        assert!(matches!(x.stream.dict.get("Filter"), Some(DictItem::Name(n)) if n == b"FlateDecode"));
        assert!(!x.stream.compress);
    }

    fn inflate(z: &[u8]) -> Vec<u8> {
        use std::io::Read;
        let mut out = Vec::new();
        flate2::read::ZlibDecoder::new(z).read_to_end(&mut out).expect("zlib");
        out
    }

    fn gif(w: u16, h: u16, palette: &[u8], transparent: Option<u8>, indices: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        {
            let mut enc = gif::Encoder::new(&mut out, w, h, palette).expect("gif");
            let mut frame = gif::Frame { width: w, height: h, buffer: std::borrow::Cow::Borrowed(indices), transparent, ..gif::Frame::default() };
            frame.palette = None;
            enc.write_frame(&frame).expect("frame");
        }
        out
    }

    /// A GIF goes in as its palette indices: the colour of every pixel is the one decoding it
    /// gave, the transparent index is a colour-key mask (only when a pixel uses it), and print
    /// converts the palette (paper white for the transparent entry when flattened).
    #[test]
    fn gif_is_indexed_with_the_decoded_colours() {
        let palette = [200, 10, 10, 7, 7, 7, 10, 200, 10, 0, 0, 0];
        let indices = [0, 1, 2, 1, 0, 2];
        let data = gif(3, 2, &palette, Some(1), &indices);
        let x = xobject(&data, MAX).expect("gif");
        assert_eq!(inflate(&x.stream.content), indices);
        let Some(DictItem::Array(space)) = x.stream.dict.get("ColorSpace") else { panic!("no colour space") };
        assert_eq!(space[0], name("Indexed"));
        assert_eq!(space[1], name("DeviceRGB"));
        assert_eq!(space[2], DictItem::Int(3));
        let DictItem::String { data: lookup, .. } = &space[3] else { panic!("no lookup") };
        let decoded = decode_image(&data, MAX).expect("decodes");
        let alpha = decoded.alpha.expect("transparent pixels");
        for (i, ix) in indices.iter().enumerate() {
            let ix = usize::from(*ix);
            if alpha[i] == 255 {
                assert_eq!(&lookup[ix * 3..ix * 3 + 3], &decoded.color[i * 3..i * 3 + 3], "pixel {i}");
            } else {
                assert_eq!(ix, 1, "only the transparent index is masked");
            }
        }
        assert_eq!(x.stream.dict.get("Mask"), Some(&DictItem::Array(vec![DictItem::Int(1), DictItem::Int(1)])));
        assert!(!x.stream.dict.contains_key("SMask"));
        // No pixel uses the transparent index: no mask.
        let x = xobject(&gif(3, 2, &palette, Some(3), &indices), MAX).expect("gif");
        assert!(!x.stream.dict.contains_key("Mask"));
        // Flattened print: the transparent entry is white paper; gray palette entries stay gray.
        let x = xobject_cmyk(&gif(2, 1, &[9, 9, 9, 50, 50, 50], Some(1), &[0, 1]), true, MAX).expect("gif");
        let Some(DictItem::Array(space)) = x.stream.dict.get("ColorSpace") else { panic!("no colour space") };
        assert_eq!(space[1], name("DeviceGray"));
        assert_eq!(space[3], DictItem::String { data: vec![9, 255], literal: false });
        assert!(!x.stream.dict.contains_key("Mask"));
        // An index past the palette: decoded the general way.
        let x = xobject(&gif(2, 1, &[9, 9, 9, 50, 50, 50], None, &[0, 3]), MAX);
        assert!(x.is_none_or(|x| !matches!(x.stream.dict.get("ColorSpace"), Some(DictItem::Array(_)))));
    }

    /// A PNG decoded a row at a time gives the samples and mask of decoding it whole.
    #[test]
    fn png_rows_match_the_whole_decode() {
        let rgba: Vec<u8> = (0..37 * 11).flat_map(|i: u32| [(i * 7) as u8, (i * 13) as u8, (i * 3) as u8, (i % 5 * 60) as u8]).collect();
        let data = encode(png::ColorType::Rgba, 37, 11, &rgba);
        for target in [Target::Screen, Target::Print { flatten: false }, Target::Print { flatten: true }] {
            let rows = png_rows(&data, MAX, target).expect("rows");
            let whole = match target {
                Target::Screen => rgb_image(decode_png(&data, MAX).expect("decodes")),
                Target::Print { flatten } => cmyk_image(decode_png(&data, MAX).expect("decodes"), flatten),
            };
            assert_eq!(inflate(&rows.stream.content), inflate(&whole.stream.content), "{target:?}");
            let mask = |x: &ExternalXObject| match x.stream.dict.get("SMask") {
                Some(DictItem::Stream { stream }) => Some(inflate(&stream.content)),
                _ => None,
            };
            assert_eq!(mask(&rows), mask(&whole), "{target:?}");
            assert_eq!(rows.stream.dict.get("ColorSpace"), whole.stream.dict.get("ColorSpace"));
        }
    }

    #[test]
    fn decoding_is_bounded_by_the_pixel_limit() {
        // 40 × 30 with alpha: decoded (not copied), so the limit applies.
        let rgba: Vec<u8> = (0..40 * 30).flat_map(|_| [9, 8, 7, 100]).collect();
        let png_data = encode(png::ColorType::Rgba, 40, 30, &rgba);
        assert!(xobject(&png_data, 1200).is_some());
        assert!(xobject(&png_data, 1199).is_none());
        assert!(xobject_cmyk(&png_data, true, 1199).is_none());
    }
}

/// The format of raster data that is not one of the book's media types but that the `image`
/// crate decodes (BMP, TIFF, ICO), by its magic bytes.
pub(crate) fn other_raster_format(data: &[u8]) -> Option<image::ImageFormat> {
    match image::guess_format(data).ok()? {
        f @ (image::ImageFormat::Bmp | image::ImageFormat::Tiff | image::ImageFormat::Ico) => Some(f),
        _ => None,
    }
}

/// The pixel size of BMP, TIFF or ICO data, from its header.
pub(crate) fn other_raster_size(data: &[u8]) -> Option<(u32, u32)> {
    let format = other_raster_format(data)?;
    image::ImageReader::with_format(std::io::Cursor::new(data), format).into_dimensions().ok()
}
