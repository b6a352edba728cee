//! SVG figures: parsed with usvg, drawn as vectors by svg2pdf, or rasterised by resvg where the
//! print profile needs pixels (PDF/X-1a).
//!
//! * The intrinsic size is usvg's: `width`/`height` in any CSS unit, else the `viewBox`, in CSS
//!   px (96 per inch); layout scales it to the text block like a raster figure ([`size`]).
//! * Text in an SVG is set with the book's own fonts, never the system's: usvg gets a font
//!   database holding the [`FontBook`]'s files, with the generic families (`serif`,
//!   `sans-serif`, `monospace`, and the default for `<text>` without a family) mapped to the
//!   book's serif, sans and mono faces ([`SvgFonts`]). So the same SVG gives the same PDF on any
//!   machine. svg2pdf turns the text into outlines (no extra font objects to embed or check).
//! * `<image>` elements may only use `data:` URLs: the renderer reads no files.
//! * [`form_xobject`] converts the tree to a one-page PDF with svg2pdf and makes that page a
//!   Form XObject normalised to the unit square (like an image XObject), with the page's
//!   resources inlined and its transparency group kept.
//! * [`rasterize`] renders the tree to RGBA pixels with resvg.
//!
//! Parsing and converting run under `catch_unwind`: a malformed or hostile SVG makes the figure
//! a placeholder with a warning, never a crash.

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use printpdf::{DictItem, ExternalStream, ExternalXObject};
use svg2pdf::usvg;
use usvg::fontdb;

use crate::fonts::{Family, FontBook, Style};

/// Largest raster side in pixels for [`rasterize`] (about 25 cm at 300 ppi).
const MAX_RASTER_SIDE: f32 = 3000.0;

/// Inlined PDF objects per SVG at most: svg2pdf's resources form a DAG, which inlining could
/// blow up.
const MAX_INLINED: usize = 200_000;

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

/// Intrinsic size in CSS px (96 per inch), or `None` when the SVG does not parse.
pub fn size(data: &[u8]) -> Option<(f32, f32)> {
    let tree = parse(data, None)?;
    let s = tree.size();
    (s.width() > 0.0 && s.height() > 0.0 && s.width().is_finite() && s.height().is_finite()).then(|| (s.width(), s.height()))
}

/// The tree as a Form XObject on the unit square (`/Matrix` scales its page size down, the
/// writer's `cm` scales it up to the figure). `srgb_icc`: replace `DeviceRGB` (raster images
/// inside the SVG) with `[/ICCBased sRGB]`, as PDF/X-4 needs; svg2pdf already writes vector
/// colours ICC-based.
pub(crate) fn form_xobject(tree: &usvg::Tree, srgb_icc: bool) -> Option<ExternalXObject> {
    catch_unwind(AssertUnwindSafe(|| form_xobject_inner(tree, srgb_icc))).ok().flatten()
}

fn form_xobject_inner(tree: &usvg::Tree, srgb_icc: bool) -> Option<ExternalXObject> {
    // Text as outlines; 72 dpi, so one SVG px is one PDF unit and svg2pdf writes no scaling
    // `cm` (its pattern and shading matrices assume that).
    // Uncompressed: svg2pdf deflates at level 6 (miniz_oxide), which was most of an SVG's
    // conversion time; `inline` and the content below deflate at the fastest level instead.
    let co = svg2pdf::ConversionOptions { compress: false, embed_text: false, ..svg2pdf::ConversionOptions::default() };
    let pdf = svg2pdf::to_pdf(tree, co, svg2pdf::PageOptions { dpi: 72.0 }).ok()?;
    let doc = lopdf::Document::load_mem(&pdf).ok()?;
    let page_id = doc.page_iter().next()?;
    let page = doc.get_dictionary(page_id).ok()?;
    let media: Vec<f32> = page.get(b"MediaBox").ok()?.as_array().ok()?.iter().filter_map(|o| o.as_float().ok()).collect();
    let [x0, y0, x1, y1] = <[f32; 4]>::try_from(media).ok()?;
    let (w, h) = (x1 - x0, y1 - y0);
    if !(w > 0.0 && h > 0.0 && w.is_finite() && h.is_finite()) {
        return None;
    }
    let mut budget = MAX_INLINED;
    let mut dict: BTreeMap<String, DictItem> = BTreeMap::new();
    dict.insert("Type".into(), name("XObject"));
    dict.insert("Subtype".into(), name("Form"));
    dict.insert("BBox".into(), DictItem::Array(vec![DictItem::Real(x0), DictItem::Real(y0), DictItem::Real(x1), DictItem::Real(y1)]));
    let matrix = [1.0 / w, 0.0, 0.0, 1.0 / h, -x0 / w, -y0 / h];
    dict.insert("Matrix".into(), DictItem::Array(matrix.iter().map(|v| DictItem::Real(*v)).collect()));
    let mut resources = match page.get(b"Resources") {
        Ok(r) => inline(&doc, r, 0, &mut budget)?,
        Err(_) => DictItem::Dict { map: BTreeMap::new() },
    };
    if let Ok(group) = page.get(b"Group") {
        dict.insert("Group".into(), inline(&doc, group, 0, &mut budget)?);
    }
    // The page content: one stream (svg2pdf), deflated unless it has a filter already.
    let (content, filter) = match page.get(b"Contents").ok()? {
        lopdf::Object::Reference(id) => {
            let s = doc.get_object(*id).ok()?.as_stream().ok()?;
            (s.content.clone(), s.dict.get(b"Filter").ok().map(|f| inline(&doc, f, 0, &mut budget)))
        }
        _ => (doc.get_page_content(page_id), None),
    };
    let content = match filter {
        Some(f) => {
            dict.insert("Filter".into(), f?);
            content
        }
        None => {
            let content = shared_ext_gstates(&mut resources, content);
            deflate_into(&mut dict, content)
        }
    };
    dict.insert("Resources".into(), resources);
    let mut item = DictItem::Dict { map: dict };
    if srgb_icc {
        tag_srgb(&mut item);
    }
    let DictItem::Dict { map } = item else { return None };
    Some(ExternalXObject { stream: ExternalStream { dict: map, content, compress: false }, width: None, height: None, dpi: None })
}

/// svg2pdf writes one graphics state per shape with an opacity (`/ca 0.6`), the same
/// dictionary thousands of times in an SVG of many translucent shapes: 2–3 KB of memory each
/// until the PDF is written, which made SVGs most of an image-heavy book's peak memory (issue 18).
/// Equal ones become one entry, and the `gs` operators of the (uncompressed) `content` name it.
/// The content is returned as it is when it does not parse or nothing is shared.
fn shared_ext_gstates(resources: &mut DictItem, content: Vec<u8>) -> Vec<u8> {
    let DictItem::Dict { map } = resources else { return content };
    let Some(DictItem::Dict { map: states }) = map.get_mut("ExtGState") else { return content };
    // The first name (in sorted order) of each distinct dictionary, and every name's keeper.
    let mut keeper: BTreeMap<String, String> = BTreeMap::new();
    let mut first: BTreeMap<Vec<u8>, String> = BTreeMap::new();
    for (name, state) in states.iter() {
        let mut key = Vec::new();
        item_key(state, &mut key);
        let kept = first.entry(key).or_insert_with(|| name.clone());
        if kept != name {
            keeper.insert(name.clone(), kept.clone());
        }
    }
    if keeper.is_empty() {
        return content;
    }
    let encoded = rename_gs(&content, &keeper);
    states.retain(|name, _| !keeper.contains_key(name));
    encoded
}

/// Bytes that are equal exactly when two items are: a tag per kind, lengths before contents
/// (formatting each graphics state with `{:?}` to compare them was a quarter of an SVG's
/// conversion). Items are as deep as [`inline`] allows (64).
fn item_key(item: &DictItem, out: &mut Vec<u8>) {
    let bytes = |tag: u8, b: &[u8], out: &mut Vec<u8>| {
        out.push(tag);
        out.extend_from_slice(&(b.len() as u64).to_le_bytes());
        out.extend_from_slice(b);
    };
    match item {
        DictItem::Array(items) => {
            out.push(b'a');
            out.extend_from_slice(&(items.len() as u64).to_le_bytes());
            items.iter().for_each(|i| item_key(i, out));
        }
        DictItem::String { data, literal } => bytes(if *literal { b's' } else { b'h' }, data, out),
        DictItem::Bytes(b) => bytes(b'b', b, out),
        DictItem::Bool(b) => out.extend_from_slice(&[b'?', u8::from(*b)]),
        DictItem::Float(f) => {
            out.push(b'f');
            out.extend_from_slice(&f.to_bits().to_le_bytes());
        }
        DictItem::Int(i) => {
            out.push(b'i');
            out.extend_from_slice(&i.to_le_bytes());
        }
        DictItem::Real(f) => {
            out.push(b'r');
            out.extend_from_slice(&f.to_bits().to_le_bytes());
        }
        DictItem::Name(n) => bytes(b'n', n, out),
        DictItem::Ref { obj, gen } => {
            out.push(b'R');
            out.extend_from_slice(&obj.to_le_bytes());
            out.extend_from_slice(&gen.to_le_bytes());
        }
        DictItem::Dict { map } => dict_key(b'd', map, out),
        DictItem::Stream { stream } => {
            dict_key(b'S', &stream.dict, out);
            out.push(u8::from(stream.compress));
            bytes(b'c', &stream.content, out);
        }
        DictItem::Null => out.push(b'0'),
    }
}

/// [`item_key`] of a dictionary: its entries in key order.
fn dict_key(tag: u8, map: &BTreeMap<String, DictItem>, out: &mut Vec<u8>) {
    out.push(tag);
    out.extend_from_slice(&(map.len() as u64).to_le_bytes());
    for (k, v) in map {
        out.extend_from_slice(&(k.len() as u64).to_le_bytes());
        out.extend_from_slice(k.as_bytes());
        item_key(v, out);
    }
}

/// `content` with the operand of each `/Name gs` renamed by `keeper`, in one pass over the
/// bytes (lopdf's content parser took a third of an SVG's conversion). svg2pdf's content holds
/// only operators and numbers (text is outlines, images are XObjects), so a name followed by
/// `gs` is the operand of a `gs` operator.
fn rename_gs(content: &[u8], keeper: &BTreeMap<String, String>) -> Vec<u8> {
    let delim = |b: u8| b.is_ascii_whitespace() || b"()<>[]{}/%".contains(&b);
    let mut out = Vec::with_capacity(content.len());
    let mut i = 0;
    while i < content.len() {
        if content[i] != b'/' {
            out.push(content[i]);
            i += 1;
            continue;
        }
        let start = i + 1;
        let mut end = start;
        while end < content.len() && !delim(content[end]) {
            end += 1;
        }
        let mut after = end;
        while after < content.len() && content[after].is_ascii_whitespace() {
            after += 1;
        }
        let is_gs = content.get(after..after + 2) == Some(b"gs") && content.get(after + 2).is_none_or(|b| delim(*b));
        let renamed = if is_gs { std::str::from_utf8(&content[start..end]).ok().and_then(|n| keeper.get(n)) } else { None };
        out.push(b'/');
        match renamed {
            Some(k) => out.extend_from_slice(k.as_bytes()),
            None => out.extend_from_slice(&content[start..end]),
        }
        i = end;
    }
    out
}

/// `content` deflated at the fastest level, with `/Filter /FlateDecode` set in `dict`; as it is
/// when deflating fails or does not make it smaller.
fn deflate_into(dict: &mut BTreeMap<String, DictItem>, content: Vec<u8>) -> Vec<u8> {
    use std::io::Write;
    let mut enc = flate2::write::ZlibEncoder::new(Vec::with_capacity(content.len() / 4), flate2::Compression::fast());
    match enc.write_all(&content).and_then(|()| enc.finish()) {
        Ok(z) if z.len() < content.len() => {
            dict.insert("Filter".into(), name("FlateDecode"));
            dict.remove("DecodeParms");
            z
        }
        _ => content,
    }
}

fn name(s: &str) -> DictItem {
    DictItem::Name(s.as_bytes().to_vec())
}

/// A lopdf object as a self-contained [`DictItem`]: references resolved, streams kept with
/// their filters (the writer makes them indirect objects again). `None` past the depth or
/// size budget.
fn inline(doc: &lopdf::Document, obj: &lopdf::Object, depth: usize, budget: &mut usize) -> Option<DictItem> {
    use lopdf::Object;
    if depth > 64 || *budget == 0 {
        return None;
    }
    *budget -= 1;
    let dict = |d: &lopdf::Dictionary, budget: &mut usize| -> Option<BTreeMap<String, DictItem>> {
        d.iter()
            .filter(|(k, _)| k.as_slice() != b"Length")
            .map(|(k, v)| Some((String::from_utf8_lossy(k).into_owned(), inline(doc, v, depth + 1, budget)?)))
            .collect()
    };
    Some(match obj {
        Object::Null => DictItem::Null,
        Object::Boolean(b) => DictItem::Bool(*b),
        Object::Integer(i) => DictItem::Int(*i),
        Object::Real(r) => DictItem::Real(*r),
        Object::Name(n) => DictItem::Name(n.clone()),
        Object::String(s, f) => DictItem::String { data: s.clone(), literal: matches!(f, lopdf::StringFormat::Literal) },
        Object::Array(a) => DictItem::Array(a.iter().map(|o| inline(doc, o, depth + 1, budget)).collect::<Option<_>>()?),
        Object::Dictionary(d) => DictItem::Dict { map: dict(d, budget)? },
        Object::Stream(s) => {
            let mut map = dict(&s.dict, budget)?;
            let content = if map.contains_key("Filter") { s.content.clone() } else { deflate_into(&mut map, s.content.clone()) };
            DictItem::Stream { stream: ExternalStream { dict: map, content, compress: false } }
        }
        Object::Reference(id) => inline(doc, doc.get_object(*id).ok()?, depth + 1, budget)?,
    })
}

/// Replaces every `/DeviceRGB` with `[/ICCBased <sRGB>]`.
fn tag_srgb(item: &mut DictItem) {
    match item {
        DictItem::Name(n) if n == b"DeviceRGB" => {
            let icc = BTreeMap::from([("N".to_string(), DictItem::Int(3))]);
            let stream = ExternalStream { dict: icc, content: crate::print::pdfx::SRGB_PROFILE.to_vec(), compress: true };
            *item = DictItem::Array(vec![name("ICCBased"), DictItem::Stream { stream }]);
        }
        DictItem::Array(a) => a.iter_mut().for_each(tag_srgb),
        DictItem::Dict { map } => map.values_mut().for_each(tag_srgb),
        DictItem::Stream { stream } => stream.dict.values_mut().for_each(tag_srgb),
        _ => {}
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
    fn gs_operands_are_renamed_only_there() {
        let keeper = BTreeMap::from([("g2".to_string(), "g1".to_string())]);
        let out = rename_gs(b"/g1 gs 0 0 m /g2 gs\n/g2 cs /g2  gs", &keeper);
        assert_eq!(String::from_utf8(out).expect("ascii"), "/g1 gs 0 0 m /g1 gs\n/g2 cs /g1  gs");
    }

    #[test]
    fn equal_graphics_states_are_shared() {
        let svg = br##"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">
  <circle cx="10" cy="10" r="5" fill="#f00" fill-opacity="0.6"/>
  <circle cx="30" cy="30" r="5" fill="#0f0" fill-opacity="0.6"/>
  <circle cx="50" cy="50" r="5" fill="#00f" fill-opacity="0.6"/>
  <circle cx="70" cy="70" r="5" fill="#000" fill-opacity="0.3"/>
</svg>"##;
        let tree = parse(svg, None).expect("parses");
        let x = form_xobject(&tree, false).expect("converts");
        let Some(DictItem::Dict { map: res }) = x.stream.dict.get("Resources") else { panic!("no resources") };
        let Some(DictItem::Dict { map: states }) = res.get("ExtGState") else { panic!("no graphics states: {res:?}") };
        assert_eq!(states.len(), 2, "one per distinct opacity: {states:?}");
        use std::io::Read;
        let mut content = Vec::new();
        flate2::read::ZlibDecoder::new(&x.stream.content[..]).read_to_end(&mut content).expect("deflated");
        let ops = lopdf::content::Content::decode(&content).expect("content parses");
        let used: Vec<String> = ops
            .operations
            .iter()
            .filter(|o| o.operator == "gs")
            .filter_map(|o| o.operands.first()?.as_name().ok().map(|n| String::from_utf8_lossy(n).into_owned()))
            .collect();
        assert_eq!(used.len(), 4, "{used:?}");
        assert!(used.iter().all(|n| states.contains_key(n)), "{used:?} not in {states:?}");
    }

    #[test]
    fn size_is_in_css_px_and_bad_svg_is_none() {
        assert_eq!(size(SVG.as_bytes()), Some((192.0, 96.0)));
        assert_eq!(size(b"<svg viewBox=\"0 0 40 20\" xmlns=\"http://www.w3.org/2000/svg\"/>"), Some((40.0, 20.0)));
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
    fn form_xobject_is_a_unit_square_form_with_resources() {
        let tree = parse(SVG.as_bytes(), None).expect("parses");
        let x = form_xobject(&tree, false).expect("converts");
        assert_eq!(x.stream.dict.get("Subtype"), Some(&name("Form")));
        match x.stream.dict.get("Matrix") {
            Some(DictItem::Array(m)) => assert!(matches!(m[0], DictItem::Real(v) if (v - 1.0 / 192.0).abs() < 1e-6)),
            other => panic!("no matrix: {other:?}"),
        }
        // The gradient is a pattern resource, inlined.
        let Some(DictItem::Dict { map }) = x.stream.dict.get("Resources") else { panic!("no resources") };
        assert!(map.contains_key("Pattern"), "{:?}", map.keys().collect::<Vec<_>>());
        assert!(!x.stream.content.is_empty());
        let (w, h, rgba) = rasterize(&tree, 96.0).expect("rasterises");
        assert_eq!((w, h), (96, 48));
        assert_eq!(rgba.len(), 96 * 48 * 4);
        // Left edge red, right edge blue.
        assert!(rgba[(24 * 96) * 4] > 200 && rgba[(24 * 96 + 95) * 4 + 2] > 200);
    }
}
