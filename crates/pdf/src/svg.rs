//! SVG figures: parsed with usvg, drawn as vectors by svg2pdf, or rasterised by resvg where the
//! print profile needs pixels (PDF/X-1a).
//!
//! * The intrinsic size is usvg's: `width`/`height` in any CSS unit, else the `viewBox`, in CSS
//!   px (96 per inch); layout scales it to the text block like a raster figure ([`size`]). It is
//!   read from the root element without building the tree where that is sure to give usvg's
//!   answer (`size`'s module), else by a full parse.
//! * Text in an SVG is set with the book's own fonts, never the system's: usvg gets a font
//!   database holding the [`FontBook`]'s files, with the generic families (`serif`,
//!   `sans-serif`, `monospace`, and the default for `<text>` without a family) mapped to the
//!   book's serif, sans and mono faces ([`SvgFonts`]). So the same SVG gives the same PDF on any
//!   machine. svg2pdf turns the text into outlines (no extra font objects to embed or check).
//! * `<image>` elements may only use `data:` URLs: the renderer reads no files.
//! * [`form`] converts the tree with svg2pdf's chunk API into a Form XObject on the unit square
//!   (like an image XObject) and the objects it uses, which the writer numbers into the file
//!   when it writes them (`form`'s module).
//! * [`rasterize`] renders the tree to RGBA pixels with resvg.
//!
//! Parsing and converting run under `catch_unwind`: a malformed or hostile SVG makes the figure
//! a placeholder with a warning, never a crash.

mod chunk;
mod form;
mod size;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

pub(crate) use form::{convert as form, frame, Form};
use svg2pdf::usvg;
use usvg::fontdb;

use crate::fonts::{Family, FontBook, Style};

/// Largest raster side in pixels for [`rasterize`] (about 25 cm at 300 ppi).
const MAX_RASTER_SIDE: f32 = 3000.0;

/// The book's fonts as a usvg font database, built once per render (see
/// [`crate::write::write_with`]).
#[derive(Clone)]
pub(crate) struct SvgFonts {
    db: Arc<fontdb::Database>,
    default_family: String,
}

impl SvgFonts {
    /// Every font file of `fonts` (collections with all their faces), generic families mapped
    /// to the book's regular serif, sans and mono faces.
    pub(crate) fn new(fonts: &FontBook) -> SvgFonts {
        let mut db = fontdb::Database::new();
        let mut files = std::collections::BTreeSet::new();
        for id in fonts.ids() {
            if let Some((data, _)) = fonts.data(id) {
                if files.insert(fonts.file_name(id).to_string()) {
                    db.load_font_source(fontdb::Source::Binary(Arc::new(data.clone())));
                }
            }
        }
        let family = |f: Family| {
            let wanted = Style::regular(f);
            let regular = fonts.ids().find(|id| fonts.style_of(*id) == Some(wanted) && !fonts.is_cjk(*id));
            let any = || fonts.ids().find(|id| fonts.style_of(*id).is_some_and(|s| s.family == f));
            regular.or_else(any).map(|id| fonts.family_name(id).to_string())
        };
        let first = fonts.ids().next().map(|id| fonts.family_name(id).to_string()).unwrap_or_default();
        let serif = family(Family::Serif).unwrap_or_else(|| first.clone());
        let sans = family(Family::Sans).unwrap_or_else(|| serif.clone());
        let mono = family(Family::Mono).unwrap_or_else(|| sans.clone());
        db.set_serif_family(serif.clone());
        db.set_sans_serif_family(sans.clone());
        db.set_cursive_family(serif.clone());
        db.set_fantasy_family(serif.clone());
        db.set_monospace_family(mono);
        SvgFonts { db: Arc::new(db), default_family: serif }
    }
}

/// usvg options: the given fonts (none: text is dropped, enough for sizing), no file access.
fn options(fonts: Option<&SvgFonts>) -> usvg::Options<'static> {
    let mut opt = usvg::Options {
        resources_dir: None,
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: usvg::ImageHrefResolver::default_data_resolver(),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    };
    match fonts {
        Some(f) => {
            opt.fontdb = f.db.clone();
            opt.font_family = f.default_family.clone();
        }
        None => opt.fontdb = Arc::new(fontdb::Database::new()),
    }
    opt
}

/// The parsed SVG, or `None` when it is not a usable SVG (malformed, empty size).
pub(crate) fn parse(data: &[u8], fonts: Option<&SvgFonts>) -> Option<usvg::Tree> {
    let opt = options(fonts);
    catch_unwind(AssertUnwindSafe(|| usvg::Tree::from_data(data, &opt).ok())).ok().flatten()
}

/// Intrinsic size in CSS px (96 per inch), or `None` when the SVG does not parse: read from the
/// root element when that tells it for sure ([`size::read`]), else from a full usvg parse.
pub fn size(data: &[u8]) -> Option<(f32, f32)> {
    match size::read(data) {
        size::Cheap::Sure(s) => s,
        size::Cheap::Unsure => {
            let tree = parse(data, None)?;
            let s = tree.size();
            (s.width() > 0.0 && s.height() > 0.0 && s.width().is_finite() && s.height().is_finite()).then(|| (s.width(), s.height()))
        }
    }
}

/// Straight (not premultiplied) RGBA pixels of the tree, `width_px` wide (at most
/// [`MAX_RASTER_SIDE`] on the longer side): `(width, height, rgba)`.
pub(crate) fn rasterize(tree: &usvg::Tree, width_px: f32) -> Option<(u32, u32, Vec<u8>)> {
    catch_unwind(AssertUnwindSafe(|| rasterize_inner(tree, width_px))).ok().flatten()
}

fn rasterize_inner(tree: &usvg::Tree, width_px: f32) -> Option<(u32, u32, Vec<u8>)> {
    let size = tree.size();
    let (sw, sh) = (size.width(), size.height());
    if !(sw > 0.0 && sh > 0.0 && width_px.is_finite()) {
        return None;
    }
    let mut scale = width_px.max(1.0) / sw;
    let longest = sw.max(sh) * scale;
    if longest > MAX_RASTER_SIDE {
        scale *= MAX_RASTER_SIDE / longest;
    }
    let (w, h) = ((sw * scale).ceil().max(1.0) as u32, (sh * scale).ceil().max(1.0) as u32);
    let mut pixmap = resvg::tiny_skia::Pixmap::new(w, h)?;
    resvg::render(tree, resvg::tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    let rgba = pixmap
        .pixels()
        .iter()
        .flat_map(|p| {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue(), c.alpha()]
        })
        .collect();
    Some((w, h, rgba))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    const SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="2in" height="1in" viewBox="0 0 200 100">
  <defs><linearGradient id="g"><stop offset="0" stop-color="#f00"/><stop offset="1" stop-color="#00f"/></linearGradient></defs>
  <rect width="200" height="100" fill="url(#g)"/>
  <path d="M10 90 L100 10 L190 90 Z" fill="none" stroke="#000" stroke-width="4"/>
</svg>"##;

    #[test]
    fn size_is_in_css_px_and_bad_svg_is_none() {
        assert_eq!(size(SVG.as_bytes()), Some((192.0, 96.0)));
        assert_eq!(size(b"<svg viewBox=\"0 0 40 20\" xmlns=\"http://www.w3.org/2000/svg\"/>"), Some((40.0, 20.0)));
        // Sized at the root, or by the full parse (em units), the same answer as usvg's.
        assert_eq!(size(b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"2em\" height=\"1em\"/>"), Some((24.0, 12.0)));
        // Malformed after a good root: found at layout all the same.
        assert_eq!(size(b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><path d=\"M0 0 L"), None);
        for bad in [&b"<svg"[..], b"not xml", b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"0\" height=\"10\"/>", b"\xff\xfe", b""] {
            assert_eq!(size(bad), None, "{}", String::from_utf8_lossy(bad));
        }
    }

    /// Counts text nodes, and those laid out into outlines.
    fn texts(g: &usvg::Group) -> (usize, usize) {
        g.children().iter().fold((0, 0), |(n, shaped), node| match node {
            usvg::Node::Text(t) => (n + 1, shaped + usize::from(t.flattened().children().iter().next().is_some())),
            usvg::Node::Group(g) => {
                let (a, b) = texts(g);
                (n + a, shaped + b)
            }
            _ => (n, shaped),
        })
    }

    #[test]
    fn svg_text_uses_the_book_fonts_only() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fonts/");
        let files: Vec<(String, Arc<[u8]>)> = ["NotoSans-Regular.ttf", "NotoSerif-Regular.ttf"]
            .iter()
            .map(|f| (f.to_string(), Arc::from(std::fs::read(format!("{dir}{f}")).expect("font"))))
            .collect();
        let book = FontBook::new(&files).expect("font book");
        let fonts = SvgFonts::new(&book);
        assert_eq!(fonts.db.len(), 2, "only the book's faces, no system fonts");
        assert_eq!(fonts.default_family, "Noto Serif");
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="40"><text x="5" y="20" font-family="Helvetica, sans-serif">Hi</text><text x="5" y="35">Ho</text></svg>"#;
        let tree = parse(svg, Some(&fonts)).expect("parses");
        assert_eq!(texts(tree.root()), (2, 2), "both texts set in the book's fonts");
        // Without fonts the text is dropped (never taken from the system).
        assert_eq!(texts(parse(svg, None).expect("parses").root()).1, 0);
    }

    #[test]
    fn rasterises_at_the_width_asked() {
        let tree = parse(SVG.as_bytes(), None).expect("parses");
        let (w, h, rgba) = rasterize(&tree, 96.0).expect("rasterises");
        assert_eq!((w, h), (96, 48));
        assert_eq!(rgba.len(), 96 * 48 * 4);
        // Left edge red, right edge blue.
        assert!(rgba[(24 * 96) * 4] > 200 && rgba[(24 * 96 + 95) * 4 + 2] > 200);
    }
}
