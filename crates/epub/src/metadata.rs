//! Package metadata: the stable identifier, `dcterms:modified` from the book's timestamp (no
//! clock), Dublin Core fields and schema.org accessibility metadata, rendered as the OPF
//! `<metadata>` element that replaces epub-builder's own (which cannot express identifiers other
//! than UUIDs, the publisher, or refinements without duplicate ids).

use crate::xml;
use quire_core::Book;

/// The id of the `dc:identifier` element, as epub-builder's package template names it in
/// `unique-identifier`.
pub const IDENTIFIER_ID: &str = "epub-id-1";

/// What the chapters turned out to contain, for the accessibility metadata.
#[derive(Debug, Clone, Copy, Default)]
pub struct ContentFacts {
    /// Some chapter has an image (or the cover is an image).
    pub has_images: bool,
    /// Some image has no alt text.
    pub images_lack_alt: bool,
    /// Some chapter has MathML.
    pub has_mathml: bool,
}

/// The book's unique identifier: `[book] identifier` if set, else a name-based (v5) UUID URN
/// derived from the title and authors, so rebuilding the same book gives the same identifier.
pub fn identifier(book: &Book) -> String {
    if let Some(id) = book.config.book.identifier.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        return id.to_string();
    }
    format!("urn:uuid:{}", derived_uuid(book))
}

/// The name-based UUID for a book without a configured identifier.
pub fn derived_uuid(book: &Book) -> uuid::Uuid {
    let mut name = String::from("quire-book\u{0}");
    name.push_str(book.title());
    for a in &book.config.book.authors {
        name.push('\u{0}');
        name.push_str(a);
    }
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, name.as_bytes())
}

/// Formats Unix seconds as `YYYY-MM-DDThh:mm:ssZ` (proleptic Gregorian, UTC). Years are clamped to
/// 0000–9999 so the result always has the W3CDTF shape.
pub fn w3c_datetime(unix: i64) -> String {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    let (y, m, d, secs) = if y < 0 {
        (0, 1, 1, 0)
    } else if y > 9999 {
        (9999, 12, 31, 86_399)
    } else {
        (y, m, d, secs)
    };
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", secs / 3600, secs / 60 % 60, secs % 60)
}

/// (year, month, day) of the civil date `days` after 1970-01-01 (Howard Hinnant's algorithm).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// The whole `<metadata>…</metadata>` element of the package document.
pub fn opf_metadata(book: &Book, facts: ContentFacts) -> String {
    let meta = &book.config.book;
    let mut out = String::from(
        "<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:opf=\"http://www.idpf.org/2007/opf\">\n",
    );
    let mut line = |s: String| {
        out.push_str("    ");
        out.push_str(&s);
        out.push('\n');
    };
    line(format!("<dc:identifier id=\"{IDENTIFIER_ID}\">{}</dc:identifier>", xml::text(&identifier(book))));
    line(format!("<dc:title id=\"title\">{}</dc:title>", xml::text(book.title())));
    line("<meta refines=\"#title\" property=\"title-type\">main</meta>".to_string());
    line(format!("<dc:language>{}</dc:language>", xml::text(book.language())));
    for (i, a) in meta.authors.iter().filter(|a| !a.trim().is_empty()).enumerate() {
        line(format!("<dc:creator id=\"creator-{i}\">{}</dc:creator>", xml::text(a.trim())));
        line(format!(
            "<meta refines=\"#creator-{i}\" property=\"role\" scheme=\"marc:relators\">aut</meta>"
        ));
    }
    if let Some(d) = meta.description.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        line(format!("<dc:description>{}</dc:description>", xml::text(d)));
    }
    if let Some(p) = meta.publisher.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        line(format!("<dc:publisher>{}</dc:publisher>", xml::text(p)));
    }
    for s in meta.subjects.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        line(format!("<dc:subject>{}</dc:subject>", xml::text(s)));
    }
    line(format!("<meta property=\"dcterms:modified\">{}</meta>", w3c_datetime(book.timestamp)));
    for m in accessibility(facts) {
        line(m);
    }
    line("<meta name=\"generator\" content=\"Quire\"/>".to_string());
    out.push_str("  </metadata>");
    out
}

/// schema.org accessibility metadata (EPUB Accessibility 1.1 discovery metadata).
fn accessibility(f: ContentFacts) -> Vec<String> {
    let meta = |p: &str, v: &str| format!("<meta property=\"schema:{p}\">{}</meta>", xml::text(v));
    let mut out = vec![meta("accessMode", "textual")];
    if f.has_images {
        out.push(meta("accessMode", "visual"));
    }
    if f.has_images && f.images_lack_alt {
        // Some images have no text alternative: text alone is not enough.
        out.push(meta("accessModeSufficient", "textual,visual"));
    } else {
        out.push(meta("accessModeSufficient", "textual"));
    }
    let mut features = vec!["structuralNavigation", "tableOfContents", "readingOrder"];
    if f.has_images && !f.images_lack_alt {
        features.push("alternativeText");
    }
    if f.has_mathml {
        features.push("MathML");
    }
    features.push("displayTransformability");
    for feat in features {
        out.push(meta("accessibilityFeature", feat));
    }
    out.push(meta("accessibilityHazard", "none"));
    let mut summary = String::from(
        "This publication has a navigable table of contents, headings that follow the document \
         structure, and a logical reading order. Text can be resized and restyled.",
    );
    if f.has_images {
        summary.push_str(if f.images_lack_alt {
            " Some images have no text alternative."
        } else {
            " Images have text alternatives."
        });
    }
    if f.has_mathml {
        summary.push_str(" Mathematics is encoded as MathML.");
    }
    out.push(meta("accessibilitySummary", &summary));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(w3c_datetime(0), "1970-01-01T00:00:00Z");
        assert_eq!(w3c_datetime(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(w3c_datetime(1_700_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(w3c_datetime(-1), "1969-12-31T23:59:59Z");
        assert_eq!(w3c_datetime(4_102_444_799), "2099-12-31T23:59:59Z");
    }
}
