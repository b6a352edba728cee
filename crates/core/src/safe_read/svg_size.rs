//! What an SVG declares before anything draws it: the size of its root (`width`/`height` in any
//! CSS unit, else its `viewBox`), in CSS px, and the raster images it carries inline as `data:`
//! URLs. A vector has no pixels of its own, but a reader that rasterises it at its declared size
//! (an EPUB reader, a PDF converter) or decodes an image inside it pays for what it declares, so
//! [`super::image_pixels`] holds both to `max-image-pixels`.
//!
//! The XML is read with roxmltree (entity expansion checked by it, node count capped), lengths with svgtypes, data
//! URLs with data-url: the same crates usvg uses when the PDF draws the figure. A gzip-compressed
//! SVG (`.svgz`) is not inflated here (the AST crate has no decompressor); the PDF's own decoder
//! caps what it inflates.

use std::str::FromStr;

/// At most this many XML nodes are read; a larger SVG is judged on what was read before it.
const NODES_LIMIT: u32 = 1_000_000;

/// CSS px per unit (96 per inch), `None` for units relative to something unknown here.
fn px_per(unit: svgtypes::LengthUnit) -> Option<f64> {
    use svgtypes::LengthUnit as U;
    Some(match unit {
        U::None | U::Px => 1.0,
        U::In => 96.0,
        U::Cm => 96.0 / 2.54,
        U::Mm => 96.0 / 25.4,
        U::Pt => 96.0 / 72.0,
        U::Pc => 16.0,
        // The CSS initial font size.
        U::Em => 16.0,
        U::Ex => 8.0,
        U::Percent => return None,
    })
}

/// A length attribute in CSS px, when it is an absolute length.
fn length_px(node: roxmltree::Node<'_, '_>, name: &str) -> Option<f64> {
    let l = svgtypes::Length::from_str(node.attribute(name)?.trim()).ok()?;
    let px = l.number * px_per(l.unit)?;
    (px.is_finite() && px >= 0.0).then_some(px)
}

/// The root's declared size in CSS px, as a renderer computes it: `width`/`height`, a missing
/// or relative one taken from the `viewBox`'s aspect (or its own size).
fn declared_size(root: roxmltree::Node<'_, '_>) -> Option<(f64, f64)> {
    let vb = root.attribute("viewBox").and_then(|v| svgtypes::ViewBox::from_str(v).ok()).filter(|v| v.w > 0.0 && v.h > 0.0 && v.w.is_finite() && v.h.is_finite());
    match (length_px(root, "width"), length_px(root, "height"), vb) {
        (Some(w), Some(h), _) => Some((w, h)),
        (Some(w), None, Some(vb)) => Some((w, w * vb.h / vb.w)),
        (None, Some(h), Some(vb)) => Some((h * vb.w / vb.h, h)),
        (None, None, Some(vb)) => Some((vb.w, vb.h)),
        _ => None,
    }
}

/// Whether `bytes` look like an SVG document (an XML or `<svg` start after white space and a BOM).
pub(super) fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(head.len());
    let head = &head[start..];
    (head.starts_with(b"<?xml") || head.starts_with(b"<!") || head.starts_with(b"<svg")) && head.windows(4).any(|w| w == b"<svg")
}

/// What an SVG declares: its own size in CSS px (when it has one) and the bytes of every raster
/// image it embeds as a `data:` URL. `None` when it is not well-formed XML (the renderers then
/// show their placeholder for it).
pub(super) struct Declared {
    /// The root's size in CSS px.
    pub size: Option<(f64, f64)>,
    /// Decoded `data:` images (`<image href="data:…">`), in document order.
    pub embedded: Vec<Vec<u8>>,
}

/// Reads what `bytes` (an SVG document) declare; see [`Declared`].
pub(super) fn declared(bytes: &[u8]) -> Option<Declared> {
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)).ok()?;
    let opts = roxmltree::ParsingOptions { allow_dtd: true, nodes_limit: NODES_LIMIT };
    let doc = roxmltree::Document::parse_with_options(text, opts).ok()?;
    let root = doc.root_element();
    let mut embedded = Vec::new();
    for node in root.descendants().filter(|n| n.is_element() && n.tag_name().name() == "image") {
        let href = node.attributes().find(|a| a.name() == "href").map(|a| a.value());
        let Some(href) = href.map(str::trim).filter(|h| h.get(..5).is_some_and(|s| s.eq_ignore_ascii_case("data:"))) else { continue };
        if let Ok(url) = data_url::DataUrl::process(href) {
            if let Ok((data, _)) = url.decode_to_vec() {
                embedded.push(data);
            }
        }
    }
    Some(Declared { size: declared_size(root), embedded })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn size_of(svg: &str) -> Option<(f64, f64)> {
        declared(svg.as_bytes()).and_then(|d| d.size)
    }

    #[test]
    fn sizes_in_css_px_from_units_or_the_view_box() {
        let ns = r#"xmlns="http://www.w3.org/2000/svg""#;
        assert_eq!(size_of(&format!(r#"<svg {ns} width="200" height="100"/>"#)), Some((200.0, 100.0)));
        assert_eq!(size_of(&format!(r#"<svg {ns} width="2in" height="72pt"/>"#)), Some((192.0, 96.0)));
        assert_eq!(size_of(&format!(r#"<svg {ns} viewBox="0 0 40 20"/>"#)), Some((40.0, 20.0)));
        assert_eq!(size_of(&format!(r#"<svg {ns} width="80" viewBox="0 0 40 20"/>"#)), Some((80.0, 40.0)));
        assert_eq!(size_of(&format!(r#"<svg {ns} width="100%" height="100%" viewBox="0 0 40 20"/>"#)), Some((40.0, 20.0)));
        assert_eq!(size_of(&format!(r#"<svg {ns}/>"#)), None);
        assert!(declared(b"<svg").is_none(), "malformed XML is not judged");
    }

    #[test]
    fn finds_data_images_in_either_href_spelling() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">
            <image xlink:href="data:image/png;base64,iVBORw0KGgo="/>
            <g><image href=" DATA:text/plain,hi"/></g>
            <image href="pic.png"/></svg>"#;
        let d = declared(svg.as_bytes()).expect("parses");
        assert_eq!(d.embedded, vec![b"\x89PNG\r\n\x1a\n".to_vec(), b"hi".to_vec()]);
    }

    #[test]
    fn recognises_svg_starts() {
        assert!(looks_like_svg(b"\xEF\xBB\xBF  <?xml version=\"1.0\"?><svg/>"));
        assert!(looks_like_svg(b"<!-- c --><svg/>"));
        assert!(!looks_like_svg(b"\x89PNG"));
        assert!(!looks_like_svg(b"<html></html>"));
    }

    #[test]
    fn doctypes_are_read_and_entity_bombs_stop() {
        let dtd = r#"<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"/>"#;
        assert_eq!(size_of(dtd), Some((9.0, 9.0)));
        let mut ents = String::from(r#"<!ENTITY e0 "aaaaaaaaaa">"#);
        for i in 1..10 {
            let p = i - 1;
            ents.push_str(&format!(r#"<!ENTITY e{i} "&e{p};&e{p};&e{p};&e{p};&e{p};&e{p};&e{p};&e{p};&e{p};&e{p};">"#));
        }
        let bomb = format!(r#"<?xml version="1.0"?><!DOCTYPE svg [{ents}]><svg xmlns="http://www.w3.org/2000/svg" width="1" height="1">&e9;</svg>"#);
        assert!(declared(bomb.as_bytes()).is_none(), "a billion laughs is refused, not expanded");
    }
}
