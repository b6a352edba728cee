//! What printpdf 0.12 cannot express, added to its lopdf document before saving: nested
//! bookmarks with positions, page labels, the document language, our own Info dictionary and
//! XMP metadata (dates from the book's timestamp, producer "Quire") and a content-derived
//! document ID.

use lopdf::{Dictionary, Object, ObjectId, StringFormat};

use crate::model::{Document, LabelStyle, Metadata, OutlineItem};

/// Applies everything to `pdf` (printpdf's output for `doc`).
pub(crate) fn finish(pdf: &mut lopdf::Document, doc: &Document) -> Result<(), lopdf::Error> {
    pdf.version = "1.7".into();
    let pages: Vec<ObjectId> = pdf.get_pages().into_values().collect();
    let heights: Vec<f32> = doc.pages.iter().map(|p| p.height).collect();
    for (page, id) in doc.pages.iter().zip(&pages) {
        let dict = pdf.get_dictionary_mut(*id)?;
        // Media-sized trim box unless the page has its own (printpdf's is [x y w h], wrong).
        let trim = page.trim_box.unwrap_or(crate::model::Rect { x: 0.0, y: 0.0, w: page.width, h: page.height });
        dict.set("TrimBox", pdf_box(trim, page.height));
        if let Some(b) = page.bleed_box {
            dict.set("BleedBox", pdf_box(b, page.height));
        }
    }
    let outline = if doc.outline.is_empty() { None } else { Some(outline(pdf, &doc.outline, &pages, &heights)) };
    let labels = labels(doc);
    let info = info(&doc.metadata);
    let info_id = pdf.add_object(info);
    let mut meta = Dictionary::new();
    meta.set("Type", Object::Name(b"Metadata".to_vec()));
    meta.set("Subtype", Object::Name(b"XML".to_vec()));
    let xmp_id = pdf.add_object(lopdf::Stream::new(meta, xmp(&doc.metadata).into_bytes()).with_compression(false));
    pdf.trailer.set("Info", Object::Reference(info_id));
    // The document ID (a hash of the file's bytes) is set by `file::PdfFile::finish`.
    let catalog = pdf.catalog_mut()?;
    if let Some(outline) = outline {
        catalog.set("Outlines", Object::Reference(outline));
        catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    } else {
        catalog.set("PageMode", Object::Name(b"UseNone".to_vec()));
    }
    if let Some(labels) = labels {
        catalog.set("PageLabels", labels);
    }
    if !doc.metadata.language.is_empty() {
        catalog.set("Lang", text(&doc.metadata.language));
    }
    catalog.set("Metadata", Object::Reference(xmp_id));
    catalog.set("ViewerPreferences", Object::Dictionary(Dictionary::from_iter(vec![("DisplayDocTitle", Object::Boolean(true))])));
    Ok(())
}

/// `[llx lly urx ury]` of a top-left-origin rectangle on a page of height `page_h`.
fn pdf_box(r: crate::model::Rect, page_h: f32) -> Object {
    let y0 = page_h - r.y - r.h;
    Object::Array(vec![Object::Real(r.x), Object::Real(y0), Object::Real(r.x + r.w), Object::Real(y0 + r.h)])
}

/// A text string: PDFDocEncoding-safe ASCII as is, anything else as UTF-16BE with a BOM.
pub(crate) fn text(s: &str) -> Object {
    if s.bytes().all(|b| (0x20..0x7F).contains(&b)) {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        bytes.extend(s.encode_utf16().flat_map(|u| u.to_be_bytes()));
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

/// `D:YYYYMMDDHHmmSSZ` from Unix seconds (UTC), without touching the clock.
pub(crate) fn pdf_date(ts: i64) -> String {
    let (y, m, d, hh, mm, ss) = civil(ts);
    format!("D:{y:04}{m:02}{d:02}{hh:02}{mm:02}{ss:02}Z")
}

/// `YYYY-MM-DDTHH:MM:SSZ` (XMP) from Unix seconds.
fn iso_date(ts: i64) -> String {
    let (y, m, d, hh, mm, ss) = civil(ts);
    format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}Z")
}

/// (year, month, day, hour, minute, second) in UTC.
fn civil(ts: i64) -> (i64, i64, i64, i64, i64, i64) {
    let days = ts.div_euclid(86_400);
    let secs = ts.rem_euclid(86_400);
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d, secs / 3600, secs % 3600 / 60, secs % 60)
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The XMP packet: Dublin Core title/creator/description/language, dates, tool and producer.
fn xmp(m: &Metadata) -> String {
    let date = iso_date(m.timestamp);
    let lang = if m.language.is_empty() { "x-default".to_string() } else { xml_escape(&m.language) };
    let mut dc = format!(
        "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{t}</rdf:li></rdf:Alt></dc:title>",
        t = xml_escape(&m.title)
    );
    if !m.author.is_empty() {
        let names: String = m.author.split(", ").map(|a| format!("<rdf:li>{}</rdf:li>", xml_escape(a))).collect();
        dc.push_str(&format!("<dc:creator><rdf:Seq>{names}</rdf:Seq></dc:creator>"));
    }
    if !m.subject.is_empty() {
        dc.push_str(&format!(
            "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:description>",
            xml_escape(&m.subject)
        ));
    }
    if !m.language.is_empty() {
        dc.push_str(&format!("<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>"));
    }
    format!(
        "<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
         <x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n\
         <rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
         xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n\
         {dc}\n<xmp:CreateDate>{date}</xmp:CreateDate><xmp:ModifyDate>{date}</xmp:ModifyDate>\
         <xmp:MetadataDate>{date}</xmp:MetadataDate><xmp:CreatorTool>Quire</xmp:CreatorTool>\
         <pdf:Producer>Quire</pdf:Producer>\n</rdf:Description></rdf:RDF></x:xmpmeta>\n<?xpacket end=\"w\"?>"
    )
}

fn info(m: &Metadata) -> Dictionary {
    let date = Object::String(pdf_date(m.timestamp).into_bytes(), StringFormat::Literal);
    let mut d = Dictionary::new();
    d.set("Title", text(&m.title));
    if !m.author.is_empty() {
        d.set("Author", text(&m.author));
    }
    if !m.subject.is_empty() {
        d.set("Subject", text(&m.subject));
    }
    d.set("Creator", text("Quire"));
    d.set("Producer", text("Quire"));
    d.set("CreationDate", date.clone());
    d.set("ModDate", date);
    d
}

fn dest(pages: &[ObjectId], heights: &[f32], page: usize, y: f32) -> Object {
    let Some(id) = pages.get(page) else { return Object::Null };
    let top = heights.get(page).map(|h| h - y).unwrap_or(0.0);
    Object::Array(vec![Object::Reference(*id), Object::Name(b"XYZ".to_vec()), Object::Null, Object::Real(top), Object::Null])
}

/// Builds the outline tree; returns the /Outlines dictionary's id.
fn outline(pdf: &mut lopdf::Document, items: &[OutlineItem], pages: &[ObjectId], heights: &[f32]) -> ObjectId {
    let root = pdf.new_object_id();
    let (first, last, count) = outline_level(pdf, items, root, 0, pages, heights);
    let mut d = Dictionary::new();
    d.set("Type", Object::Name(b"Outlines".to_vec()));
    if let (Some(first), Some(last)) = (first, last) {
        d.set("First", Object::Reference(first));
        d.set("Last", Object::Reference(last));
    }
    d.set("Count", Object::Integer(count));
    pdf.set_object(root, d);
    root
}

/// Writes one level of siblings under `parent`; returns (first, last, visible descendants).
fn outline_level(
    pdf: &mut lopdf::Document,
    items: &[OutlineItem],
    parent: ObjectId,
    depth: usize,
    pages: &[ObjectId],
    heights: &[f32],
) -> (Option<ObjectId>, Option<ObjectId>, i64) {
    let ids: Vec<ObjectId> = items.iter().map(|_| pdf.new_object_id()).collect();
    let mut total = 0;
    for (i, item) in items.iter().enumerate() {
        let (first, last, count) = outline_level(pdf, &item.children, ids[i], depth + 1, pages, heights);
        let mut d = Dictionary::new();
        d.set("Title", text(&item.title));
        d.set("Parent", Object::Reference(parent));
        d.set("Dest", dest(pages, heights, item.page, item.y));
        if i > 0 {
            d.set("Prev", Object::Reference(ids[i - 1]));
        }
        if let Some(next) = ids.get(i + 1) {
            d.set("Next", Object::Reference(*next));
        }
        if let (Some(first), Some(last)) = (first, last) {
            d.set("First", Object::Reference(first));
            d.set("Last", Object::Reference(last));
            // Top-level entries open (their children shown), deeper ones closed.
            let open = depth == 0;
            d.set("Count", Object::Integer(if open { count } else { -count }));
            if open {
                total += count;
            }
        }
        pdf.set_object(ids[i], d);
        total += 1;
    }
    (ids.first().copied(), ids.last().copied(), total)
}

fn labels(doc: &Document) -> Option<Object> {
    if doc.labels.is_empty() {
        return None;
    }
    let mut labels = doc.labels.clone();
    labels.sort_by_key(|l| l.first_page);
    let mut nums = Vec::new();
    if labels[0].first_page != 0 {
        // Pages before the first range get plain decimal numbers.
        nums.push(Object::Integer(0));
        nums.push(Object::Dictionary(Dictionary::from_iter(vec![("S", Object::Name(b"D".to_vec()))])));
    }
    for l in labels {
        let style: Option<&[u8]> = match l.style {
            LabelStyle::LowerRoman => Some(b"r"),
            LabelStyle::Decimal => Some(b"D"),
            LabelStyle::None => None,
        };
        let mut dict = Dictionary::new();
        if let Some(s) = style {
            dict.set("S", Object::Name(s.to_vec()));
            dict.set("St", Object::Integer(i64::from(l.start.max(1))));
        }
        if !l.prefix.is_empty() {
            dict.set("P", text(&l.prefix));
        }
        nums.push(Object::Integer(l.first_page as i64));
        nums.push(Object::Dictionary(dict));
    }
    Some(Object::Dictionary(Dictionary::from_iter(vec![("Nums", Object::Array(nums))])))
}

/// Removes the objects nothing reaches from the trailer: what lopdf's `prune_objects` removes,
/// in linear time (it looks every reference up in a list of those seen, quadratic in the
/// number of objects: 70% of the time of a 3 MB book's PDF).
pub(crate) fn prune_unreachable(doc: &mut lopdf::Document) {
    use std::collections::HashSet;
    fn refs(object: &Object, out: &mut Vec<ObjectId>) {
        match object {
            Object::Array(items) => items.iter().for_each(|o| refs(o, out)),
            Object::Dictionary(dict) => dict.iter().for_each(|(_, o)| refs(o, out)),
            Object::Stream(stream) => stream.dict.iter().for_each(|(_, o)| refs(o, out)),
            Object::Reference(id) => out.push(*id),
            _ => {}
        }
    }
    let mut seen: HashSet<ObjectId> = HashSet::new();
    let mut queue = Vec::new();
    for (_, o) in doc.trailer.iter() {
        refs(o, &mut queue);
    }
    while let Some(id) = queue.pop() {
        if seen.insert(id) {
            if let Some(object) = doc.objects.get(&id) {
                refs(object, &mut queue);
            }
        }
    }
    doc.objects.retain(|id, _| seen.contains(id));
}

/// 128-bit FNV-1a-style hash (two 64-bit lanes) of a file's bytes, fed in pieces: enough for
/// an ID.
#[derive(Clone)]
pub(crate) struct Hasher {
    a: u64,
    b: u64,
}

impl Hasher {
    /// The hash of nothing.
    pub(crate) fn new() -> Self {
        Hasher { a: 0xcbf2_9ce4_8422_2325, b: 0x6c62_272e_07bb_0142 }
    }

    /// Feeds the next bytes.
    pub(crate) fn update(&mut self, bytes: &[u8]) {
        let (mut a, mut b) = (self.a, self.b);
        for &x in bytes {
            a = (a ^ u64::from(x)).wrapping_mul(0x0100_0000_01b3);
            b = (b ^ u64::from(x)).wrapping_mul(0x0000_0100_0000_01b3 ^ 0x2f);
        }
        (self.a, self.b) = (a, b);
    }

    /// The ID.
    pub(crate) fn finish(&self) -> [u8; 16] {
        let mut out = [0; 16];
        out[..8].copy_from_slice(&self.a.to_be_bytes());
        out[8..].copy_from_slice(&self.b.to_be_bytes());
        out
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    /// The linear pruning keeps exactly the objects lopdf's `prune_objects` keeps: those a chain
    /// of references from the trailer reaches, through arrays, dictionaries and stream
    /// dictionaries, cycles included.
    #[test]
    fn pruning_keeps_what_lopdf_keeps() {
        let mut doc = lopdf::Document::with_version("1.7");
        let r = |n: u32| Object::Reference((n, 0));
        doc.objects.insert((1, 0), Object::Dictionary(Dictionary::from_iter(vec![("Pages", r(2)), ("Self", r(1))])));
        doc.objects.insert((2, 0), Object::Array(vec![r(3), Object::Array(vec![r(4)])]));
        let stream = lopdf::Stream::new(Dictionary::from_iter(vec![("Next", r(5))]), b"x".to_vec());
        doc.objects.insert((3, 0), Object::Stream(stream));
        doc.objects.insert((4, 0), Object::Integer(4));
        doc.objects.insert((5, 0), Object::Dictionary(Dictionary::from_iter(vec![("Back", r(2)), ("Gone", r(99))])));
        doc.objects.insert((6, 0), Object::Dictionary(Dictionary::from_iter(vec![("Orphan", r(4))])));
        doc.objects.insert((7, 0), Object::Integer(7));
        doc.trailer.set("Root", r(1));
        let mut theirs = doc.clone();
        theirs.prune_objects();
        prune_unreachable(&mut doc);
        let keys = |d: &lopdf::Document| d.objects.keys().copied().collect::<Vec<_>>();
        assert_eq!(keys(&doc), keys(&theirs));
        assert_eq!(keys(&doc), vec![(1, 0), (2, 0), (3, 0), (4, 0), (5, 0)]);
    }

    #[test]
    fn dates_are_civil() {
        assert_eq!(pdf_date(0), "D:19700101000000Z");
        assert_eq!(pdf_date(1_700_000_000), "D:20231114221320Z");
    }

    #[test]
    fn xmp_has_escaped_title_and_dates() {
        let m = Metadata { title: "A & B <中文>".into(), author: "X, Y".into(), language: "zh-CN".into(), subject: String::new(), timestamp: 0 };
        let x = xmp(&m);
        assert!(x.contains("A &amp; B &lt;中文&gt;"), "{x}");
        assert!(x.contains("<rdf:li>X</rdf:li><rdf:li>Y</rdf:li>"));
        assert!(x.contains("<xmp:CreateDate>1970-01-01T00:00:00Z</xmp:CreateDate>"));
        assert!(x.contains("<rdf:li>zh-CN</rdf:li>"));
    }
}
