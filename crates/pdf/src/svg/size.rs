//! An SVG's intrinsic size read without building its tree: the root element's `width`,
//! `height` and `viewBox`, resolved as usvg resolves them, after one streaming pass
//! (quick-xml) over the whole document to check that it is well-formed.
//!
//! Layout needs only the size of each SVG; a full usvg parse for it was as much work as the
//! parse that draws the SVG (issue 18). [`read`] answers [`Cheap::Sure`] only where the answer
//! is certainly usvg's:
//!
//! * `width`/`height` numbers with no unit or `px`, `in`, `cm`, `mm`, `pt`, `pc` (96 px per
//!   inch), parsed by svgtypes as usvg parses them (a value that does not parse counts as
//!   missing, as in usvg); a missing or percentage side takes that share of the `viewBox`;
//! * not UTF-8: usvg refuses it too (`None`); a width or height that resolves to zero or less:
//!   `None` too.
//!
//! Anything else is [`Cheap::Unsure`] and the caller parses with usvg: compressed SVG (svgz),
//! a document quick-xml finds malformed or that uses entity references, a root that is not an
//! `svg` element in the SVG namespace by its default `xmlns`, `em`/`ex` units (they depend on
//! CSS font sizes), percentages without a `viewBox` (usvg then sizes the SVG by its content),
//! a DTD with an internal subset. So a malformed SVG is still found at layout (it becomes a
//! placeholder there), and the full parse is paid only by the few SVGs that need it.

use std::str::FromStr;

use quick_xml::events::{BytesStart, Event};
use svgtypes::{Length, LengthUnit, ViewBox};

/// The SVG namespace, which usvg requires of the root element.
const SVG_NS: &str = "http://www.w3.org/2000/svg";

/// usvg's default resolution (`Options::dpi`).
const DPI: f32 = 96.0;

/// The answer of the cheap read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Cheap {
    /// usvg's size (`None`: usvg would refuse the SVG or its size).
    Sure(Option<(f32, f32)>),
    /// Only a full parse can tell.
    Unsure,
}

/// The root element's sizing attributes, as written.
#[derive(Default)]
struct Root {
    width: Option<String>,
    height: Option<String>,
    view_box: Option<String>,
}

/// The size usvg gives `data`, when it can be told without parsing it (see the module doc).
pub(crate) fn read(data: &[u8]) -> Cheap {
    if data.starts_with(&[0x1f, 0x8b]) {
        return Cheap::Unsure;
    }
    let Ok(text) = std::str::from_utf8(data) else { return Cheap::Sure(None) };
    match scan(text) {
        Some(root) => resolve(&root),
        None => Cheap::Unsure,
    }
}

/// The root's attributes after one pass over the whole document, or `None` when quick-xml
/// finds it malformed or it holds anything the cheap read does not follow.
fn scan(text: &str) -> Option<Root> {
    if text.starts_with('\u{feff}') {
        return None;
    }
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut depth = 0usize;
    let mut root: Option<Root> = None;
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) => {
                element(&e, depth, &mut root)?;
                depth += 1;
            }
            Event::Empty(e) => element(&e, depth, &mut root)?,
            Event::End(_) => depth = depth.checked_sub(1)?,
            Event::Text(t) => {
                // Nothing but white space outside the root element.
                if depth == 0 && !t.bytes().all(|b| b.is_ascii_whitespace()) {
                    return None;
                }
            }
            Event::CData(_) if depth == 0 => return None,
            Event::GeneralRef(r) => {
                // Only the predefined entities and character references: anything else needs
                // the DTD.
                let name: &str = &r;
                let predefined = matches!(name, "lt" | "gt" | "amp" | "apos" | "quot");
                if depth == 0 || !(predefined || name.starts_with('#')) {
                    return None;
                }
            }
            Event::DocType(d) => {
                if d.contains('[') || root.is_some() {
                    return None;
                }
            }
            Event::Decl(d) => {
                if let Some(Ok(enc)) = d.encoding() {
                    if !enc.eq_ignore_ascii_case("utf-8") {
                        return None;
                    }
                }
            }
            Event::CData(_) | Event::Comment(_) | Event::PI(_) => {}
            Event::Eof => break,
        }
    }
    if depth != 0 {
        return None;
    }
    root
}

/// Checks an element's attributes (well-formed, unique, no entity references, no `<`) and
/// takes the root's (at `depth` 0: there must be one root, an `svg` in the SVG namespace).
fn element(e: &BytesStart<'_>, depth: usize, root: &mut Option<Root>) -> Option<()> {
    let is_root = depth == 0;
    if is_root && (root.is_some() || e.name().as_ref() != "svg") {
        return None;
    }
    let mut found = Root::default();
    let mut namespace = None;
    for attr in e.attributes().with_checks(true) {
        let attr = attr.ok()?;
        if attr.value.contains(['&', '<']) {
            return None;
        }
        if !is_root {
            continue;
        }
        let value = || normalized(&attr.value);
        match attr.key.as_ref() {
            "width" => found.width = Some(value()),
            "height" => found.height = Some(value()),
            "viewBox" => found.view_box = Some(value()),
            "xmlns" => namespace = Some(attr.value.to_string()),
            _ => {}
        }
    }
    if is_root {
        if namespace.as_deref() != Some(SVG_NS) {
            return None;
        }
        *root = Some(found);
    }
    Some(())
}

/// An attribute value as an XML parser hands it over: line ends and tabs become spaces.
fn normalized(value: &str) -> String {
    value.replace("\r\n", "\n").replace(['\t', '\n', '\r'], " ")
}

/// usvg's `resolve_svg_size` for these attributes (see the module doc for what is unsure).
fn resolve(root: &Root) -> Cheap {
    let length = |v: &Option<String>| v.as_deref().and_then(|s| Length::from_str(s).ok());
    let (width, height) = (length(&root.width), length(&root.height));
    if [width, height].iter().flatten().any(|l| matches!(l.unit, LengthUnit::Em | LengthUnit::Ex)) {
        return Cheap::Unsure;
    }
    // usvg's `parse_viewbox`: a tiny-skia `NonZeroRect` from x, y, w, h in f32.
    let view_box = root.view_box.as_deref().and_then(|s| ViewBox::from_str(s).ok()).and_then(|vb| {
        let (l, t) = (vb.x as f32, vb.y as f32);
        let (r, b) = (vb.w as f32 + l, vb.h as f32 + t);
        let (w, h) = (r - l, b - t);
        ([l, t, r, b, w, h].iter().all(|v| v.is_finite()) && l < r && t < b).then_some((w, h))
    });
    // A missing (or unparsable) side is 100%.
    let full = Length::new(100.0, LengthUnit::Percent);
    let (width, height) = (width.unwrap_or(full), height.unwrap_or(full));
    let side = |l: Length, of: Option<f32>| -> Option<f32> {
        let n = l.number as f32;
        Some(match l.unit {
            LengthUnit::Percent => of? * (l.number as f32 / 100.0),
            LengthUnit::None | LengthUnit::Px => n,
            LengthUnit::In => n * DPI,
            LengthUnit::Cm => n * DPI / 2.54,
            LengthUnit::Mm => n * DPI / 25.4,
            LengthUnit::Pt => n * DPI / 72.0,
            LengthUnit::Pc => n * DPI / 6.0,
            LengthUnit::Em | LengthUnit::Ex => return None,
        })
    };
    // A percentage without a viewBox: usvg sizes the SVG by its content.
    let (Some(w), Some(h)) = (side(width, view_box.map(|v| v.0)), side(height, view_box.map(|v| v.1))) else {
        return Cheap::Unsure;
    };
    let positive = |v: f32| v.is_finite() && v > 0.0;
    Cheap::Sure((positive(w) && positive(h)).then_some((w, h)))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    /// usvg's own answer, the reference.
    fn usvg_size(data: &[u8]) -> Option<(f32, f32)> {
        super::super::parse(data, None).map(|t| (t.size().width(), t.size().height())).filter(|(w, h)| *w > 0.0 && *h > 0.0)
    }

    fn svg(attrs: &str) -> String {
        format!(r#"<svg xmlns="http://www.w3.org/2000/svg" {attrs}><rect x="5" y="5" width="30" height="20" fill="teal"/></svg>"#)
    }

    /// Every size form the cheap read answers gives usvg's size exactly (the same f32).
    #[test]
    fn sure_sizes_are_usvgs() {
        let forms = [
            r#"width="200" height="100""#,
            r#"width="200px" height="100px""#,
            r#"width="1e2" height="5e1""#,
            r#"width="2in" height="1in" viewBox="0 0 200 100""#,
            r#"width="5cm" height="30mm""#,
            r#"width="72pt" height="6pc""#,
            r#"width="12.5cm" height="3.3mm""#,
            r#"viewBox="0 0 40 20""#,
            r#"viewBox="-10 -5 40.5 20.25""#,
            r#"viewBox="0,0,40,20""#,
            r#"width="50%" viewBox="0 0 40 20""#,
            r#"width="50%" height="25%" viewBox="10 10 400 200""#,
            r#"width="300" viewBox="0 0 40 20""#,
            r#"height="300" viewBox="0 0 40 20""#,
            r#"width="auto" height="80" viewBox="0 0 40 20""#,
            r#"width="0" height="10""#,
            r#"width="-5" height="10" viewBox="0 0 40 20""#,
            r#"width="10" height="10" viewBox="0 0 0 20""#,
        ];
        for attrs in forms {
            let data = svg(attrs);
            let cheap = read(data.as_bytes());
            assert_eq!(cheap, Cheap::Sure(usvg_size(data.as_bytes())), "{attrs}");
        }
        assert_eq!(read(svg(r#"width="2in" height="1in""#).as_bytes()), Cheap::Sure(Some((192.0, 96.0))));
        // Not UTF-8: usvg refuses it.
        assert_eq!(read(b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\">\xff</svg>"), Cheap::Sure(None));
    }

    /// What the cheap read leaves to usvg: units and percentages that need the document, a
    /// malformed document, a root outside the SVG namespace, entities, compressed data.
    #[test]
    fn unsure_forms_fall_back() {
        let unsure = [
            svg(r#"width="10em" height="5em""#),
            svg(r#"width="10ex" height="5""#),
            svg(r#"width="50%" height="100""#),
            // Unparsable: 100 %, and without a viewBox that is the content's size.
            svg(r#"width=" 200 " height="auto""#),
            // Line ends and tabs become spaces, which svgtypes does not take around a length.
            svg("width=\"200\n\" height=\"\t100\""),
            svg(""),
            svg(r#"width="10" height="10" width="20""#),
            svg(r#"width="&#49;0" height="10""#),
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><path d="M0 0 L"#.to_string(),
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><g></svg>"#.to_string(),
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width=10/></svg>"#.to_string(),
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/><svg/>"#.to_string(),
            r#"<svg width="10" height="10"/>"#.to_string(),
            r#"<s:svg xmlns:s="http://www.w3.org/2000/svg" width="10" height="10"/>"#.to_string(),
            r#"<html xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>"#.to_string(),
            r#"<!DOCTYPE svg [<!ENTITY w "10">]><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>"#.to_string(),
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&nbsp;</text></svg>"#.to_string(),
            "<svg".to_string(),
            "not xml".to_string(),
            String::new(),
        ];
        for data in &unsure {
            assert_eq!(read(data.as_bytes()), Cheap::Unsure, "{data}");
        }
        assert_eq!(read(&[0x1f, 0x8b, 8, 0]), Cheap::Unsure);
        // A DOCTYPE without an internal subset, predefined entities and comments are fine.
        let fine = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<!-- a comment -->
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="30" height="20"><text>a &amp; b &#x41;</text><![CDATA[x]]></svg>
"#;
        assert_eq!(read(fine.as_bytes()), Cheap::Sure(Some((30.0, 20.0))));
        assert_eq!(usvg_size(fine.as_bytes()), Some((30.0, 20.0)));
    }

    /// The SVG fixtures of the test suite and the handbook: the cheap read is sure of each and
    /// agrees with usvg.
    #[test]
    fn fixtures_agree_with_usvg() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut found = 0;
        let mut stack = vec![root.join("tests"), root.join("manuscript")];
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else { continue };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "svg") {
                    let data = std::fs::read(&path).expect("reads");
                    let want = usvg_size(&data);
                    match read(&data) {
                        Cheap::Sure(size) => {
                            assert_eq!(size, want, "{}", path.display());
                            found += 1;
                        }
                        Cheap::Unsure => assert!(want.is_none(), "{} is sized by usvg but the cheap read is unsure", path.display()),
                    }
                }
            }
        }
        assert!(found >= 2, "{found} fixture SVGs read");
    }
}
