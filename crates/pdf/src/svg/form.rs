//! An SVG as a Form XObject on the unit square and the objects it uses, made by svg2pdf's
//! chunk API and numbered into the file when it is written.
//!
//! [`convert`] runs `svg2pdf::to_chunk` (a Form XObject whose `/Matrix` scales it to the unit
//! square, like an image XObject; the writer's `cm` scales it to the figure) and reads the
//! chunk's objects with [`super::chunk`], then:
//!
//! * equal objects without references (svg2pdf writes one graphics state per translucent
//!   shape, the same dictionary thousands of times) are kept once, and a form's `gs` operators
//!   name one resource per distinct state;
//! * every dictionary's keys are sorted (svg2pdf writes resource dictionaries in hash-map
//!   order), so the same SVG gives the same bytes;
//! * the form is an isolated transparency group in sRGB, as the page svg2pdf's `to_pdf` makes
//!   was, so it renders as before;
//! * for PDF/X-4 (`srgb_icc`), `/DeviceRGB` (raster images inside the SVG) becomes
//!   `[/ICCBased sRGB]`; svg2pdf already writes vector colours ICC-based;
//! * streams without a filter are deflated at the fastest level.
//!
//! The objects are numbered locally until [`Form::renumbered`] gives them the file's numbers:
//! the form the number the pages already refer to, the others fresh ones. Nothing of the SVG is
//! kept once they are written.

use std::collections::BTreeMap;

use lopdf::{Dictionary, Object, Stream};
use rustc_hash::FxHashMap;
use svg2pdf::usvg;

/// An SVG's Form XObject and the objects it uses, numbered locally.
pub(crate) struct Form {
    /// The form's local number.
    root: u32,
    /// Every object, the form too, by ascending local number.
    objects: Vec<(u32, Object)>,
}

impl Form {
    /// How many objects besides the form itself.
    pub(crate) fn others(&self) -> u32 {
        u32::try_from(self.objects.len().saturating_sub(1)).unwrap_or(u32::MAX)
    }

    /// The objects with the file's numbers: the form as `at`, the others from `first` on (in
    /// the order of their local numbers, [`Form::others`] of them).
    pub(crate) fn renumbered(self, at: u32, first: u32) -> impl Iterator<Item = (u32, Object)> {
        let mut map: FxHashMap<u32, u32> = FxHashMap::default();
        let mut next = first;
        for (id, _) in &self.objects {
            if *id == self.root {
                map.insert(*id, at);
            } else {
                map.insert(*id, next);
                next = next.saturating_add(1);
            }
        }
        self.objects.into_iter().map(move |(id, mut o)| {
            rewrite_refs(&mut o, &|old| map.get(&old).copied());
            (map.get(&id).copied().unwrap_or(at), o)
        })
    }
}

/// The tree as a [`Form`]; `None` when svg2pdf fails or its output is not what [`super::chunk`]
/// reads. `srgb_icc`: PDF/X-4 (see the module doc).
pub(crate) fn convert(tree: &usvg::Tree, srgb_icc: bool) -> Option<Form> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| convert_inner(tree, srgb_icc))).ok().flatten()
}

fn convert_inner(tree: &usvg::Tree, srgb_icc: bool) -> Option<Form> {
    // Text as outlines; uncompressed (svg2pdf deflates at level 6 with miniz_oxide, slower than
    // the fastest zlib level used below, and the graphics states are shared in the plain
    // content first).
    let co = svg2pdf::ConversionOptions { compress: false, embed_text: false, ..svg2pdf::ConversionOptions::default() };
    let (chunk, root) = svg2pdf::to_chunk(tree, co).ok()?;
    let root = u32::try_from(root.get()).ok()?;
    let mut objects: Vec<(u32, Object)> = Vec::new();
    // Equal objects without references: the first one's number, by their bytes.
    let mut first: FxHashMap<Vec<u8>, u32> = FxHashMap::default();
    let mut alias: FxHashMap<u32, u32> = FxHashMap::default();
    let mut key = Vec::new();
    super::chunk::objects(chunk.as_bytes(), |id, object| {
        if id != root && !matches!(object, Object::Stream(_)) && !has_refs(&object) {
            key.clear();
            object_key(&object, &mut key);
            if let Some(kept) = first.get(&key) {
                alias.insert(id, *kept);
                return;
            }
            first.insert(key.clone(), id);
        }
        objects.push((id, object));
    })?;
    drop(chunk);
    drop(first);
    if !alias.is_empty() {
        for (_, o) in &mut objects {
            rewrite_refs(o, &|old| Some(alias.get(&old).copied().unwrap_or(old)));
        }
    }
    objects.sort_by_key(|(id, _)| *id);
    let next = objects.last().map_or(root, |(id, _)| *id).max(root) + 1;
    // The sRGB profile svg2pdf wrote for its colours (the only ICC stream with three
    // components), else one of ours.
    let icc = objects.iter().find(|(_, o)| matches!(o, Object::Stream(s) if s.dict.get(b"N").and_then(Object::as_i64).ok() == Some(3))).map(|(id, _)| *id);
    let icc = match icc {
        Some(id) => id,
        None => {
            let id = next;
            let dict = Dictionary::from_iter(vec![("N", Object::Integer(3))]);
            objects.push((id, Object::Stream(Stream::new(dict, crate::print::pdfx::SRGB_PROFILE.to_vec()))));
            id
        }
    };
    for (id, o) in &mut objects {
        if srgb_icc {
            tag_srgb(o, icc);
        }
        if let Object::Stream(s) = o {
            if *id == root {
                let group = Dictionary::from_iter(vec![
                    ("Type", name("Group")),
                    ("S", name("Transparency")),
                    ("I", Object::Boolean(true)),
                    ("K", Object::Boolean(false)),
                    ("CS", Object::Array(vec![name("ICCBased"), Object::Reference((icc, 0))])),
                ]);
                s.dict.set("Group", Object::Dictionary(group));
            }
            let is_form = s.dict.get(b"Subtype").and_then(Object::as_name).is_ok_and(|n| n == b"Form");
            let plain = s.dict.get(b"Filter").is_err();
            if is_form && plain {
                share_ext_gstates(s);
            }
            if plain {
                deflate(s);
            }
        }
        sort_keys(o);
    }
    objects.sort_by_key(|(id, _)| *id);
    Some(Form { root, objects })
}

/// A form that draws the frame the writer draws for an image it cannot draw (0.5 pt, 60 %
/// grey) around a `w` × `h` pt placement, on the unit square: for an SVG that passed layout but
/// does not convert when the file is written. `cmyk`: the grey on the black plate.
pub(crate) fn frame(w: f32, h: f32, cmyk: bool) -> Form {
    // The stroke is centred on the edge: a quarter point either side, in unit-square terms.
    let (a, b) = (0.25 / w.max(1.0), 0.25 / h.max(1.0));
    let grey = crate::model::Color::gray(0.6);
    let color = if cmyk {
        let [c, m, y, k] = crate::print::color::cmyk(grey);
        format!("{c} {m} {y} {k} k")
    } else {
        format!("{} g", grey.r)
    };
    let content = format!(
        "{color}\n{} {} {} {} re\n{a} {b} {} {} re\nf*\n",
        -a,
        -b,
        1.0 + 2.0 * a,
        1.0 + 2.0 * b,
        1.0 - 2.0 * a,
        1.0 - 2.0 * b
    );
    let dict = Dictionary::from_iter(vec![
        ("BBox", Object::Array([-a, -b, 1.0 + a, 1.0 + b].map(Object::Real).to_vec())),
        ("Subtype", name("Form")),
        ("Type", name("XObject")),
    ]);
    Form { root: 1, objects: vec![(1, Object::Stream(Stream::new(dict, content.into_bytes())))] }
}

fn name(s: &str) -> Object {
    Object::Name(s.as_bytes().to_vec())
}

fn has_refs(o: &Object) -> bool {
    match o {
        Object::Reference(_) => true,
        Object::Array(items) => items.iter().any(has_refs),
        Object::Dictionary(d) => d.iter().any(|(_, v)| has_refs(v)),
        Object::Stream(s) => s.dict.iter().any(|(_, v)| has_refs(v)),
        _ => false,
    }
}

/// Gives every reference the number `map` gives its object (a reference it has none for
/// becomes `null`). Objects are as deep as [`super::chunk`] reads (64).
fn rewrite_refs(o: &mut Object, map: &dyn Fn(u32) -> Option<u32>) {
    match o {
        Object::Reference((n, _)) => match map(*n) {
            Some(to) => *o = Object::Reference((to, 0)),
            None => *o = Object::Null,
        },
        Object::Array(items) => items.iter_mut().for_each(|i| rewrite_refs(i, map)),
        Object::Dictionary(d) => d.iter_mut().for_each(|(_, v)| rewrite_refs(v, map)),
        Object::Stream(s) => s.dict.iter_mut().for_each(|(_, v)| rewrite_refs(v, map)),
        _ => {}
    }
}

/// Sorts the keys of every dictionary in `o`.
fn sort_keys(o: &mut Object) {
    match o {
        Object::Array(items) => items.iter_mut().for_each(sort_keys),
        Object::Dictionary(d) => sort_dict(d),
        Object::Stream(s) => sort_dict(&mut s.dict),
        _ => {}
    }
}

fn sort_dict(d: &mut Dictionary) {
    d.as_hashmap_mut().sort_keys();
    d.iter_mut().for_each(|(_, v)| sort_keys(v));
}

/// Replaces every `/DeviceRGB` name (not in content) with `[/ICCBased icc]`.
fn tag_srgb(o: &mut Object, icc: u32) {
    match o {
        Object::Name(n) if n == b"DeviceRGB" => *o = Object::Array(vec![name("ICCBased"), Object::Reference((icc, 0))]),
        Object::Array(items) => items.iter_mut().for_each(|i| tag_srgb(i, icc)),
        Object::Dictionary(d) => d.iter_mut().for_each(|(_, v)| tag_srgb(v, icc)),
        Object::Stream(s) => s.dict.iter_mut().for_each(|(_, v)| tag_srgb(v, icc)),
        _ => {}
    }
}

/// Bytes that are equal exactly when two objects are: a tag per kind, lengths before contents.
fn object_key(o: &Object, out: &mut Vec<u8>) {
    let bytes = |tag: u8, b: &[u8], out: &mut Vec<u8>| {
        out.push(tag);
        out.extend_from_slice(&(b.len() as u64).to_le_bytes());
        out.extend_from_slice(b);
    };
    match o {
        Object::Null => out.push(b'0'),
        Object::Boolean(b) => out.extend_from_slice(&[b'?', u8::from(*b)]),
        Object::Integer(i) => {
            out.push(b'i');
            out.extend_from_slice(&i.to_le_bytes());
        }
        Object::Real(r) => {
            out.push(b'r');
            out.extend_from_slice(&r.to_bits().to_le_bytes());
        }
        Object::Name(n) => bytes(b'n', n, out),
        Object::String(s, f) => bytes(if matches!(f, lopdf::StringFormat::Literal) { b's' } else { b'h' }, s, out),
        Object::Array(items) => {
            out.push(b'a');
            out.extend_from_slice(&(items.len() as u64).to_le_bytes());
            items.iter().for_each(|i| object_key(i, out));
        }
        Object::Dictionary(d) => {
            // In key order: equal dictionaries written in another order are equal.
            let mut entries: Vec<(&Vec<u8>, &Object)> = d.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            out.push(b'd');
            out.extend_from_slice(&(entries.len() as u64).to_le_bytes());
            for (k, v) in entries {
                bytes(b'k', k, out);
                object_key(v, out);
            }
        }
        Object::Stream(s) => {
            object_key(&Object::Dictionary(s.dict.clone()), out);
            bytes(b'c', &s.content, out);
        }
        Object::Reference((n, g)) => {
            out.push(b'R');
            out.extend_from_slice(&n.to_le_bytes());
            out.extend_from_slice(&g.to_le_bytes());
        }
    }
}

/// In a form with plain content: resource names of its graphics states that now name the same
/// object become one (the first in sorted order), and its `gs` operators name that one.
fn share_ext_gstates(s: &mut Stream) {
    let Ok(Object::Dictionary(resources)) = s.dict.get_mut(b"Resources") else { return };
    let Ok(Object::Dictionary(states)) = resources.get_mut(b"ExtGState") else { return };
    let mut by_target: BTreeMap<(u32, u16), Vec<u8>> = BTreeMap::new();
    let mut names: Vec<(Vec<u8>, (u32, u16))> = states.iter().filter_map(|(k, v)| Some((k.clone(), v.as_reference().ok()?))).collect();
    names.sort();
    let mut keeper: BTreeMap<String, String> = BTreeMap::new();
    for (n, target) in names {
        let kept = by_target.entry(target).or_insert_with(|| n.clone());
        if *kept != n {
            if let (Ok(from), Ok(to)) = (String::from_utf8(n), String::from_utf8(kept.clone())) {
                keeper.insert(from, to);
            }
        }
    }
    if keeper.is_empty() {
        return;
    }
    for from in keeper.keys() {
        states.remove(from.as_bytes());
    }
    s.content = rename_gs(&s.content, &keeper);
}

/// `content` with the operand of each `/Name gs` renamed by `keeper`, in one pass over the
/// bytes. svg2pdf's content holds only operators and numbers (text is outlines, images are
/// XObjects), so a name followed by `gs` is the operand of a `gs` operator.
pub(super) fn rename_gs(content: &[u8], keeper: &BTreeMap<String, String>) -> Vec<u8> {
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

/// Deflates the stream's content at the fastest level, with `/Filter /FlateDecode`; leaves it
/// as it is when that fails or is not smaller.
fn deflate(s: &mut Stream) {
    use std::io::Write;
    let mut enc = flate2::write::ZlibEncoder::new(Vec::with_capacity(s.content.len() / 4), flate2::Compression::fast());
    if let Ok(z) = enc.write_all(&s.content).and_then(|()| enc.finish()) {
        if z.len() < s.content.len() {
            s.dict.set("Filter", name("FlateDecode"));
            s.dict.remove(b"DecodeParms");
            s.content = z;
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn inflate(z: &[u8]) -> Vec<u8> {
        use std::io::Read;
        let mut out = Vec::new();
        flate2::read::ZlibDecoder::new(z).read_to_end(&mut out).expect("zlib");
        out
    }

    fn form_of(svg: &[u8], srgb: bool) -> Form {
        convert(&super::super::parse(svg, None).expect("parses"), srgb).expect("converts")
    }

    fn root(f: &Form) -> &Stream {
        f.objects.iter().find(|(id, _)| *id == f.root).and_then(|(_, o)| o.as_stream().ok()).expect("root stream")
    }

    #[test]
    fn gs_operands_are_renamed_only_there() {
        let keeper = BTreeMap::from([("g2".to_string(), "g1".to_string())]);
        let out = rename_gs(b"/g1 gs 0 0 m /g2 gs\n/g2 cs /g2  gs", &keeper);
        assert_eq!(String::from_utf8(out).expect("ascii"), "/g1 gs 0 0 m /g1 gs\n/g2 cs /g1  gs");
    }

    /// Four translucent shapes, two opacities: two graphics state objects, two names, and
    /// every `gs` names one of them.
    #[test]
    fn equal_graphics_states_are_shared() {
        let svg = br##"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">
  <circle cx="10" cy="10" r="5" fill="#f00" fill-opacity="0.6"/>
  <circle cx="30" cy="30" r="5" fill="#0f0" fill-opacity="0.6"/>
  <circle cx="50" cy="50" r="5" fill="#00f" fill-opacity="0.6"/>
  <circle cx="70" cy="70" r="5" fill="#000" fill-opacity="0.3"/>
</svg>"##;
        let f = form_of(svg, false);
        let gstates = f.objects.iter().filter(|(_, o)| o.as_dict().is_ok_and(|d| d.has_type(b"ExtGState"))).count();
        assert_eq!(gstates, 2);
        let x = root(&f);
        let states = x.dict.get(b"Resources").unwrap().as_dict().unwrap().get(b"ExtGState").unwrap().as_dict().unwrap();
        assert_eq!(states.len(), 2, "one name per distinct opacity: {states:?}");
        let content = inflate(&x.content);
        let ops = lopdf::content::Content::decode(&content).expect("content parses");
        let used: Vec<Vec<u8>> = ops.operations.iter().filter(|o| o.operator == "gs").filter_map(|o| o.operands.first()?.as_name().ok().map(<[u8]>::to_vec)).collect();
        assert_eq!(used.len(), 4, "{used:?}");
        assert!(used.iter().all(|n| states.has(n)), "{used:?} not in {states:?}");
    }

    /// The form is on the unit square, an isolated sRGB group, with its resources; its
    /// dictionaries are in key order; the same SVG gives the same objects; renumbering gives
    /// the form the number asked for and the others the next ones, references following.
    #[test]
    fn form_is_a_unit_square_group_renumbered_into_the_file() {
        let svg = br##"<svg xmlns="http://www.w3.org/2000/svg" width="2in" height="1in" viewBox="0 0 200 100">
  <defs><linearGradient id="g"><stop offset="0" stop-color="#f00"/><stop offset="1" stop-color="#00f"/></linearGradient></defs>
  <rect width="200" height="100" fill="url(#g)" opacity="0.5"/>
  <path d="M10 90 L100 10 L190 90 Z" fill="none" stroke="#000" stroke-width="4"/>
</svg>"##;
        let f = form_of(svg, false);
        let x = root(&f);
        assert_eq!(x.dict.get(b"Subtype").unwrap().as_name().unwrap(), b"Form");
        let m: Vec<f32> = x.dict.get(b"Matrix").unwrap().as_array().unwrap().iter().map(|o| o.as_float().unwrap()).collect();
        assert!((m[0] - 1.0 / 192.0).abs() < 1e-6 && (m[3] - 1.0 / 96.0).abs() < 1e-6, "{m:?}");
        let group = x.dict.get(b"Group").unwrap().as_dict().unwrap();
        assert!(group.get(b"I").unwrap().as_bool().unwrap());
        let res = x.dict.get(b"Resources").unwrap().as_dict().unwrap();
        // The translucent gradient: a group XObject whose resources hold the shading.
        assert!(res.has(b"XObject"), "{res:?}");
        assert!(format!("{:?}", f.objects).contains("Shading"));
        let keys: Vec<&Vec<u8>> = res.iter().map(|(k, _)| k).collect();
        assert!(keys.windows(2).all(|w| w[0] <= w[1]), "{keys:?}");
        let again = form_of(svg, false);
        assert_eq!(format!("{:?}", f.objects), format!("{:?}", again.objects), "the same SVG, the same objects");
        let others = f.others();
        assert!(others >= 2);
        let out: Vec<(u32, Object)> = f.renumbered(500, 900).collect();
        let numbers: std::collections::BTreeSet<u32> = out.iter().map(|(n, _)| *n).collect();
        assert!(numbers.contains(&500));
        assert_eq!(numbers.len() as u32, others + 1);
        assert!(numbers.iter().all(|n| *n == 500 || (900..900 + others).contains(n)), "{numbers:?}");
        fn refs(o: &Object, out: &mut Vec<u32>) {
            match o {
                Object::Reference((n, _)) => out.push(*n),
                Object::Array(a) => a.iter().for_each(|i| refs(i, out)),
                Object::Dictionary(d) => d.iter().for_each(|(_, v)| refs(v, out)),
                Object::Stream(s) => s.dict.iter().for_each(|(_, v)| refs(v, out)),
                _ => {}
            }
        }
        let mut all = Vec::new();
        out.iter().for_each(|(_, o)| refs(o, &mut all));
        assert!(!all.is_empty() && all.iter().all(|n| numbers.contains(n) && *n != 500), "{all:?}");
    }

    /// PDF/X-4: a raster image inside the SVG is tagged sRGB; nothing says DeviceRGB.
    #[test]
    fn print_tags_raster_images_srgb() {
        let png = {
            let mut out = Vec::new();
            let mut enc = png::Encoder::new(&mut out, 2, 1);
            enc.set_color(png::ColorType::Rgb);
            enc.set_depth(png::BitDepth::Eight);
            let mut w = enc.write_header().unwrap();
            w.write_image_data(&[255, 0, 0, 0, 0, 255]).unwrap();
            drop(w);
            out
        };
        use base64::Engine as _;
        let b64 = base64::engine::general_purpose::STANDARD.encode(&png);
        let svg = format!(r#"<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"><image width="20" height="10" href="data:image/png;base64,{b64}"/></svg>"#);
        let debug = |srgb: bool| format!("{:?}", form_of(svg.as_bytes(), srgb).objects);
        assert!(debug(false).contains("DeviceRGB"), "svg2pdf writes the image DeviceRGB");
        let tagged = debug(true);
        assert!(!tagged.contains("DeviceRGB") && tagged.contains("ICCBased"), "{tagged}");
    }

    #[test]
    fn frame_is_one_form() {
        let f = frame(200.0, 100.0, true);
        assert_eq!(f.others(), 0);
        let (n, o) = f.renumbered(7, 8).next().unwrap();
        assert_eq!(n, 7);
        let s = o.as_stream().unwrap();
        assert!(String::from_utf8_lossy(&s.content).contains(" k\n"));
        assert!(lopdf::content::Content::decode(&s.content).is_ok());
    }
}
