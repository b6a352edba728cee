//! Integration tests: the tagged PDF. A checker (lopdf) walks the structure tree and every page's
//! content stream and asserts what a screen reader or an accessibility check relies on: every
//! marked-content sequence with an MCID belongs to the structure element the ParentTree names
//! (and that element lists it), nothing is painted outside marked content, the structure is
//! nested as marked (no MCID inside another), headings never skip a level, every Figure and
//! Formula has Alt, every TH a Scope, `/Lang`, `/MarkInfo /Marked true` and
//! `/DisplayDocTitle` are set, pages tab by structure. It knows every element's effective
//! language (its own `/Lang`, else its parent's, else the catalog's) and the text of its marked
//! content (decoded through the fonts' ToUnicode maps), so a test can ask which language a piece
//! of text is in.

use crate::pdf::{check_qpdf, render};
use crate::support;
use lopdf::{Document, Object, ObjectId};
use std::collections::{BTreeMap, HashMap, HashSet};

/// What the checker found: element counts by type, MCIDs, heading levels in order.
#[derive(Debug, Default)]
struct Report {
    counts: BTreeMap<String, usize>,
    mcids: usize,
    artifacts: usize,
    headings: Vec<u8>,
    /// Each annotation an `OBJR` kid names → the element whose kid it is.
    objr: HashMap<ObjectId, ObjectId>,
    /// Link annotations checked.
    links: usize,
    /// The `/Lang` of each element that has one.
    langs: Vec<(String, String)>,
    /// Each element: its type, its effective language and the type of the element that set it
    /// (`Catalog` when none up the tree has `/Lang`).
    lang_of: HashMap<ObjectId, (String, String, String)>,
    /// The text of each element's own marked content, in content order.
    text: HashMap<ObjectId, String>,
}

impl Report {
    /// (type of the element whose marked content holds `text`, its effective language, type of
    /// the element that set it); only letters and digits are compared (spaces are not glyphs,
    /// and some punctuation decodes as U+FFFD). Fails unless exactly one kind of element holds it.
    fn lang_of_text(&self, text: &str) -> (String, String, String) {
        let letters = |t: &str| t.chars().filter(|c| c.is_alphanumeric()).collect::<String>();
        let want = letters(text);
        let mut found: Vec<&(String, String, String)> = self
            .text
            .iter()
            .filter(|(_, t)| letters(t).contains(&want))
            .filter_map(|(id, _)| self.lang_of.get(id))
            .collect();
        found.sort();
        found.dedup();
        assert_eq!(found.len(), 1, "`{text}` is in {} elements: {found:?}; texts: {:?}", found.len(), self.text.values().collect::<Vec<_>>());
        found[0].clone()
    }
}

fn name_of(o: &Object) -> Option<String> {
    o.as_name().ok().map(|n| String::from_utf8_lossy(n).into_owned())
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(o),
        _ => o,
    }
}

/// Walks the tree from the root; returns each (page, MCID) → its element.
fn walk(doc: &Document, report: &mut Report) -> HashMap<(ObjectId, i64), ObjectId> {
    let catalog = doc.catalog().expect("catalog");
    let catalog_lang = catalog.get(b"Lang").ok().and_then(|l| l.as_str().ok()).map(|l| String::from_utf8_lossy(l).into_owned()).unwrap_or_default();
    let root = catalog.get(b"StructTreeRoot").and_then(Object::as_reference).expect("a StructTreeRoot");
    let root = doc.get_dictionary(root).expect("root dict");
    let mut owner = HashMap::new();
    let top = (catalog_lang, "Catalog".to_string());
    let mut stack: Vec<(ObjectId, (String, String))> = match root.get(b"K").expect("root /K") {
        Object::Reference(id) => vec![(*id, top)],
        Object::Array(a) => a.iter().rev().filter_map(|o| o.as_reference().ok()).map(|id| (id, top.clone())).collect(),
        other => panic!("root /K: {other:?}"),
    };
    let mut seen = HashSet::new();
    while let Some((id, inherited)) = stack.pop() {
        assert!(seen.insert(id), "element {id:?} reached twice");
        let el = doc.get_dictionary(id).expect("StructElem");
        let s = el.get(b"S").ok().and_then(name_of).expect("/S");
        *report.counts.entry(s.clone()).or_default() += 1;
        if let Some(level) = s.strip_prefix('H').and_then(|n| n.parse::<u8>().ok()) {
            report.headings.push(level);
        }
        let own = el.get(b"Lang").ok().and_then(|l| l.as_str().ok()).map(|l| String::from_utf8_lossy(l).into_owned());
        if let Some(lang) = &own {
            assert!(!lang.is_empty() && !lang.contains(' '), "{s}: /Lang ({lang}) is not a language tag");
            report.langs.push((s.clone(), lang.clone()));
        }
        let effective = own.map_or(inherited, |l| (l, s.clone()));
        report.lang_of.insert(id, (s.clone(), effective.0.clone(), effective.1.clone()));
        if s == "Figure" || s == "Formula" {
            let alt = el.get(b"Alt").ok().and_then(|a| a.as_str().ok()).unwrap_or_default();
            assert!(!alt.is_empty(), "a {s} without /Alt");
        }
        if s == "TH" {
            let a = el.get(b"A").map(|a| deref(doc, a)).ok().and_then(|a| a.as_dict().ok()).expect("TH has /A");
            assert!(a.get(b"Scope").is_ok(), "TH without /Scope");
        }
        let pg = el.get(b"Pg").ok().and_then(|p| p.as_reference().ok());
        let kids = match el.get(b"K") {
            Ok(Object::Array(a)) => a.clone(),
            Ok(o) => vec![o.clone()],
            Err(_) => Vec::new(),
        };
        assert!(!kids.is_empty(), "{s} element without kids");
        let mut elems = Vec::new();
        for k in kids {
            match k {
                Object::Integer(mcid) => {
                    let pg = pg.expect("an MCID kid needs /Pg on its element");
                    assert!(owner.insert((pg, mcid), id).is_none(), "MCID {mcid} claimed twice");
                }
                Object::Dictionary(d) if d.get(b"Type").ok().and_then(name_of).as_deref() == Some("OBJR") => {
                    let obj = d.get(b"Obj").and_then(Object::as_reference).expect("OBJR /Obj");
                    assert!(d.get(b"Pg").and_then(Object::as_reference).is_ok(), "OBJR without /Pg");
                    assert!(report.objr.insert(obj, id).is_none(), "annotation {obj:?} claimed twice");
                }
                Object::Dictionary(d) => {
                    let pg = d.get(b"Pg").and_then(Object::as_reference).expect("MCR /Pg");
                    let mcid = d.get(b"MCID").and_then(Object::as_i64).expect("MCR /MCID");
                    assert!(owner.insert((pg, mcid), id).is_none(), "MCID {mcid} claimed twice");
                }
                Object::Reference(r) => {
                    let p = doc.get_dictionary(r).ok().and_then(|d| d.get(b"P").ok()).and_then(|p| p.as_reference().ok());
                    assert_eq!(p, Some(id), "a kid's /P is not its parent");
                    elems.push(r);
                }
                other => panic!("unexpected kid {other:?}"),
            }
        }
        stack.extend(elems.into_iter().rev().map(|e| (e, effective.clone())));
    }
    owner
}

/// The ParentTree's array for `key`.
fn parent_tree_entry(doc: &Document, key: i64) -> Vec<Object> {
    deref(doc, &parent_tree_value(doc, key)).as_array().expect("an array").clone()
}

/// The ParentTree's value for `key`.
fn parent_tree_value(doc: &Document, key: i64) -> Object {
    let catalog = doc.catalog().expect("catalog");
    let root = catalog.get(b"StructTreeRoot").and_then(Object::as_reference).expect("root");
    let tree = doc.get_dictionary(root).and_then(|r| r.get(b"ParentTree")).map(|t| deref(doc, t)).expect("ParentTree");
    let nums = tree.as_dict().and_then(|d| d.get(b"Nums")).and_then(Object::as_array).expect("a flat /Nums");
    let mut it = nums.iter();
    while let (Some(k), Some(v)) = (it.next(), it.next()) {
        if k.as_i64().ok() == Some(key) {
            return v.clone();
        }
    }
    panic!("no ParentTree entry {key}");
}

/// Operators that paint.
const PAINT: &[&str] = &["Tj", "TJ", "'", "\"", "Do", "f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "sh", "BI"];

/// Checks a whole tagged PDF; returns what it found.
fn check(bytes: &[u8]) -> Report {
    let doc = Document::load_mem(bytes).expect("lopdf reads it");
    let catalog = doc.catalog().expect("catalog");
    let marked = catalog.get(b"MarkInfo").map(|m| deref(&doc, m)).ok().and_then(|m| m.as_dict().ok()).and_then(|m| m.get(b"Marked").ok()).and_then(|m| m.as_bool().ok());
    assert_eq!(marked, Some(true), "/MarkInfo /Marked true");
    let lang = catalog.get(b"Lang").ok().and_then(|l| l.as_str().ok()).unwrap_or_default();
    assert!(!lang.is_empty(), "/Lang on the catalog");
    let vp = catalog.get(b"ViewerPreferences").map(|v| deref(&doc, v)).ok().and_then(|v| v.as_dict().ok()).and_then(|v| v.get(b"DisplayDocTitle").ok()).and_then(|v| v.as_bool().ok());
    assert_eq!(vp, Some(true), "/DisplayDocTitle");
    let mut report = Report::default();
    let owner = walk(&doc, &mut report);
    let mut used = HashSet::new();
    for (n, page) in doc.get_pages() {
        let dict = doc.get_dictionary(page).expect("page");
        assert_eq!(dict.get(b"Tabs").ok().and_then(name_of).as_deref(), Some("S"), "page {n}: /Tabs /S");
        let parents = dict.get(b"StructParents").ok().and_then(|p| p.as_i64().ok());
        let entry = parents.map(|k| parent_tree_entry(&doc, k));
        // Every Link annotation has a structure parent: a `Link` element whose OBJR kid names
        // it, and the ParentTree entry of its /StructParent is that element.
        let annots = dict.get(b"Annots").map(|a| deref(&doc, a)).ok().and_then(|a| a.as_array().ok()).cloned().unwrap_or_default();
        for a in annots {
            let Ok(aid) = a.as_reference() else { continue };
            let ad = doc.get_dictionary(aid).expect("annotation");
            if ad.get(b"Subtype").ok().and_then(name_of).as_deref() != Some("Link") {
                continue;
            }
            let key = ad.get(b"StructParent").ok().and_then(|k| k.as_i64().ok()).unwrap_or_else(|| panic!("page {n}: a Link annotation without /StructParent"));
            let elem = *report.objr.get(&aid).unwrap_or_else(|| panic!("page {n}: a Link annotation no OBJR names"));
            assert_eq!(parent_tree_value(&doc, key).as_reference().ok(), Some(elem), "page {n}: the ParentTree names another parent for an annotation");
            let s = doc.get_dictionary(elem).ok().and_then(|e| e.get(b"S").ok()).and_then(name_of);
            assert_eq!(s.as_deref(), Some("Link"), "page {n}: an annotation's parent is not a Link");
            report.links += 1;
        }
        let content = doc.get_and_decode_page_content(page).expect("content decodes");
        let fonts = doc.get_page_fonts(page).unwrap_or_default();
        let encodings: HashMap<Vec<u8>, lopdf::Encoding> = fonts.iter().filter_map(|(k, f)| f.get_font_encoding(&doc).ok().map(|e| (k.clone(), e))).collect();
        let mut font: Option<&lopdf::Encoding> = None;
        // The open sequences: Some(mcid) for a structure one, None for artifacts and spans.
        let mut open: Vec<(String, Option<i64>)> = Vec::new();
        for op in &content.operations {
            if op.operator == "Tf" {
                font = op.operands.first().and_then(|f| f.as_name().ok()).and_then(|f| encodings.get(f));
            }
            // The text shown, for the element of the open structure sequence.
            let shown: Vec<&[u8]> = match op.operator.as_str() {
                "Tj" | "'" | "\"" => op.operands.last().and_then(|o| o.as_str().ok()).into_iter().collect(),
                "TJ" => op.operands.first().and_then(|o| o.as_array().ok()).map(|a| a.iter().filter_map(|o| o.as_str().ok()).collect()).unwrap_or_default(),
                _ => Vec::new(),
            };
            let mcid = open.iter().find_map(|(_, m)| *m);
            if let (Some(enc), Some(elem)) = (font, mcid.and_then(|m| owner.get(&(page, m)))) {
                for bytes in shown {
                    let t = Document::decode_text(enc, bytes).unwrap_or_default();
                    report.text.entry(*elem).or_default().push_str(&t);
                }
            }
            match op.operator.as_str() {
                "BDC" | "BMC" => {
                    let tag = op.operands.first().and_then(name_of).unwrap_or_default();
                    let mcid = op.operands.get(1).map(|p| deref(&doc, p)).and_then(|p| p.as_dict().ok()).and_then(|p| p.get(b"MCID").ok()).and_then(|m| m.as_i64().ok());
                    if let Some(mcid) = mcid {
                        assert!(open.is_empty(), "page {n}: MCID {mcid} nested in {open:?}");
                        let elem = owner.get(&(page, mcid)).unwrap_or_else(|| panic!("page {n}: MCID {mcid} belongs to no structure element"));
                        let listed = entry.as_ref().and_then(|e| e.get(mcid as usize)).and_then(|o| o.as_reference().ok());
                        assert_eq!(listed, Some(*elem), "page {n}: the ParentTree names another element for MCID {mcid}");
                        assert!(used.insert((page, mcid)), "page {n}: MCID {mcid} used twice");
                        report.mcids += 1;
                    } else if tag == "Artifact" {
                        assert!(open.is_empty(), "page {n}: an artifact nested in {open:?}");
                        report.artifacts += 1;
                    }
                    open.push((tag, mcid));
                }
                "EMC" => {
                    assert!(open.pop().is_some(), "page {n}: EMC without BDC");
                }
                op if PAINT.contains(&op) => {
                    let inside = open.iter().any(|(t, m)| m.is_some() || t == "Artifact");
                    assert!(inside, "page {n}: `{op}` painted outside marked content");
                }
                _ => {}
            }
        }
        assert!(open.is_empty(), "page {n}: unclosed marked content");
    }
    let unused: Vec<_> = owner.keys().filter(|k| !used.contains(k)).collect();
    assert!(unused.is_empty(), "structure elements point at MCIDs no page has: {unused:?}");
    report
}

/// Heading levels in reading order never go down by more than one.
fn assert_no_skipped_heading(levels: &[u8]) {
    let mut prev = 0u8;
    for (i, &l) in levels.iter().enumerate() {
        assert!(l <= prev + 1, "heading {i} is H{l} after H{prev}");
        prev = l;
    }
}

fn write_out(name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let dir = support::out_dir(&format!("pdf-tagged-{name}"));
    let pdf = dir.join("book.pdf");
    std::fs::write(&pdf, bytes).expect("write pdf");
    pdf
}

fn summary(r: &Report) -> String {
    let counts: Vec<String> = r.counts.iter().map(|(k, v)| format!("{k} {v}")).collect();
    format!("{} (MCIDs {}, artifact sequences {}, link annotations {})", counts.join(", "), r.mcids, r.artifacts, r.links)
}

#[test]
fn pdf_tagged_fixture_has_every_block_in_the_structure() {
    let book = support::load_fixture("pdf_tagged", "structure");
    let bytes = render(&book);
    let pdf = write_out("structure", &bytes);
    check_qpdf(&pdf);
    let (_, info, _) = support::run(support::tool("pdfinfo").arg(&pdf));
    assert!(info.contains("Tagged:          yes"), "{info}");
    let r = check(&bytes);
    assert_no_skipped_heading(&r.headings);
    println!("tagged fixture: {}", summary(&r));
    let count = |s: &str| r.counts.get(s).copied().unwrap_or(0);
    assert_eq!(count("Document"), 1);
    assert_eq!(count("Sect"), 3, "one per chapter");
    for s in ["H1", "H2", "H3", "P", "L", "LI", "Lbl", "LBody", "Table", "TR", "TH", "TD", "Figure", "Code", "BlockQuote", "Note", "TOC", "TOCI", "Div"] {
        assert!(count(s) > 0, "no {s}: {}", summary(&r));
    }
    // Inline structure: the external link and each contents entry are Links (every annotation
    // with its structure parent), the footnote mark a Reference, the Japanese words a Span with
    // their /Lang.
    assert!(count("Link") >= 4 && r.links >= 4, "{}", summary(&r));
    assert_eq!(count("Reference"), 1, "{}", summary(&r));
    assert_eq!(r.langs, vec![("Span".to_string(), "ja".to_string())], "{}", summary(&r));
    assert_eq!((count("THead"), count("TBody")), (1, 1), "{}", summary(&r));
    assert_eq!(count("TH"), 2);
    assert_eq!(count("TD"), 4);
    assert_eq!(count("TR"), 3);
}

#[test]
fn pdf_tagged_false_writes_no_structure() {
    let mut book = support::load_fixture("pdf_tagged", "structure");
    book.config.output.pdf.tagged = Some(false);
    let bytes = render(&book);
    let doc = Document::load_mem(&bytes).expect("lopdf reads it");
    let catalog = doc.catalog().expect("catalog");
    assert!(catalog.get(b"StructTreeRoot").is_err() && catalog.get(b"MarkInfo").is_err());
    let marked = doc.get_pages().values().any(|p| {
        let content = doc.get_and_decode_page_content(*p).expect("decodes");
        content.operations.iter().any(|o| o.operator == "BMC" || (o.operator == "BDC" && o.operands.first().and_then(name_of).as_deref() != Some("Span")))
    });
    assert!(!marked, "an untagged PDF has no marked content but /ActualText spans");
}

/// The handbook passes the checker; prints the structure summary (run with --nocapture).
#[test]
fn pdf_tagged_handbook_passes_the_checker() {
    let book = quire_core::Book::load(support::root().join("manuscript")).expect("the handbook loads");
    let bytes = render(&book);
    let pdf = write_out("handbook", &bytes);
    check_qpdf(&pdf);
    let r = check(&bytes);
    assert_no_skipped_heading(&r.headings);
    println!("handbook structure: {}", summary(&r));
    assert!(r.counts.get("P").copied().unwrap_or(0) > 100);
}

/// The print profile: PDF/X-4 keeps the tags (crop marks, registration marks and the slug are
/// artifacts, the checker finds nothing painted outside marked content); PDF/X-1a (PDF 1.3) is
/// untagged.
#[test]
fn pdf_tagged_print_profile_x4_tagged_x1a_not() {
    use quire_pdf::print::{PdfX, PrintOptions};
    let book = support::load_fixture("pdf_tagged", "structure");
    for pdfx in [PdfX::X4, PdfX::X1a] {
        let print = PrintOptions { pdfx, cover: false, ..PrintOptions::default() };
        let options = quire_pdf::Options { fonts: crate::pdf::fonts(), print: Some(print), ..Default::default() };
        let out = quire_pdf::render(&book, &options).expect("renders");
        let bytes = &out.files[0].data;
        let pdf = write_out(&format!("{pdfx:?}"), bytes);
        check_qpdf(&pdf);
        let doc = Document::load_mem(bytes).expect("lopdf reads it");
        let tree = doc.catalog().expect("catalog").get(b"StructTreeRoot").is_ok();
        match pdfx {
            PdfX::X1a => assert!(!tree, "PDF/X-1a is PDF 1.3: no structure"),
            _ => {
                assert!(tree, "PDF/X-4 is tagged");
                let r = check(bytes);
                assert!(r.artifacts > 0 && r.mcids > 0);
                // No annotations in PDF/X, so no object references to them.
                assert!(r.objr.is_empty(), "OBJR kids naming annotations PDF/X removed");
            }
        }
    }
}

/// Every shared corpus passes the structural checks (marked content, ParentTree, Alt, Scope,
/// Lang, MarkInfo, Link annotations), and its headings never skip a level in the tree although
/// the books' sources do (the tree's levels follow the outline).
#[test]
#[cfg_attr(not(has_corpora), ignore = "needs ../shared/corpora")]
fn pdf_tagged_corpora_pass_the_checker() {
    for name in support::corpus_names() {
        let c = crate::pdf::corpus_pdf(&name);
        let pdf = write_out(&name, &c.bytes);
        check_qpdf(&pdf);
        let r = check(&c.bytes);
        assert_no_skipped_heading(&r.headings);
        println!("{name}: {}", summary(&r));
        assert!(r.counts.get("P").copied().unwrap_or(0) > 10, "{name}");
    }
}

/// The UA diagnostics of a render: (code, path:line:col, has a hint).
fn ua_errors(book: &quire_core::Book, out: &quire_core::Rendered) -> Vec<(String, String)> {
    out.diagnostics
        .iter()
        .filter(|d| d.code.name().starts_with("pdf-ua-"))
        .map(|d| {
            assert_eq!(d.severity, quire_core::Severity::Error, "{d:?}");
            assert!(d.hint.is_some(), "a UA error without a hint: {d:?}");
            let (path, lc) = d.span.and_then(|s| book.sources.locate(s)).expect("a UA error has a place");
            let file = path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
            (d.code.name().to_string(), format!("{file}:{}:{}", lc.line, lc.column))
        })
        .collect()
}

/// `[output.pdf] standard = "ua-1"`: a book that meets it builds with no error, its PDF passes
/// the checker and claims PDF/UA-1 in its XMP (`pdfuaid:part` 1, `dc:title`), an image in
/// running text is part of its paragraph (one Figure: the image standing alone).
#[test]
fn pdf_ua1_passing_book_claims_the_standard() {
    let book = support::load_fixture("pdf", "ua-pass");
    let out = quire_pdf::render(&book, &quire_pdf::Options { fonts: crate::pdf::fonts(), ..Default::default() }).expect("renders");
    assert!(ua_errors(&book, &out).is_empty(), "{:?}", out.diagnostics);
    let bytes = &out.files[0].data;
    let pdf = write_out("ua-pass", bytes);
    check_qpdf(&pdf);
    let r = check(bytes);
    assert_no_skipped_heading(&r.headings);
    assert_eq!(r.counts.get("Figure").copied(), Some(1), "{}", summary(&r));
    let doc = Document::load_mem(bytes).expect("lopdf");
    let meta = doc.catalog().and_then(|c| c.get(b"Metadata")).and_then(Object::as_reference).expect("/Metadata");
    let xmp = doc.get_object(meta).and_then(Object::as_stream).map(|s| s.decompressed_content().unwrap_or_else(|_| s.content.clone())).expect("XMP stream");
    let xmp = String::from_utf8_lossy(&xmp);
    assert!(xmp.contains("<pdfuaid:part>1</pdfuaid:part>") && xmp.contains("PDF/UA pass</rdf:li>"), "{xmp}");
    // Without the key, no claim.
    let book = support::load_fixture("pdf_tagged", "structure");
    let doc = Document::load_mem(&render(&book)).expect("lopdf");
    let meta = doc.catalog().and_then(|c| c.get(b"Metadata")).and_then(Object::as_reference).expect("/Metadata");
    let xmp = doc.get_object(meta).and_then(Object::as_stream).map(|s| s.decompressed_content().unwrap_or_else(|_| s.content.clone())).expect("XMP");
    assert!(!String::from_utf8_lossy(&xmp).contains("pdfuaid"));
}

/// With `standard = "ua-1"`, what UA forbids and the book can fix is an error at its place:
/// each image without alt text (in running text and alone), a heading that skips a level; the
/// PDF is refused (nothing written, the previous one kept by the build).
#[test]
fn pdf_ua1_fails_on_missing_alt_and_skipped_heading() {
    let book = support::load_fixture("pdf", "ua-fail");
    // Refused before anything is written: no PDF, the errors.
    let refused = match quire_pdf::render(&book, &quire_pdf::Options { fonts: crate::pdf::fonts(), ..Default::default() }) {
        Err(quire_pdf::RenderError::Refused(d)) => d,
        other => panic!("a UA book with errors must be refused: {:?}", other.map(|r| r.diagnostics)),
    };
    let out = quire_core::Rendered { diagnostics: refused, ..Default::default() };
    let mut errors = ua_errors(&book, &out);
    errors.sort();
    let want = vec![
        ("pdf-ua-heading-skip".to_string(), "chapter.md:7:1".to_string()),
        ("pdf-ua-image-alt".to_string(), "chapter.md:3:44".to_string()),
        ("pdf-ua-image-alt".to_string(), "chapter.md:5:1".to_string()),
    ];
    assert_eq!(errors, want, "{:?}", out.diagnostics);
}

/// The language of every piece of text is known to the structure tree: the catalog's `/Lang` is
/// the book's, and a `Span` or block element whose language differs from its parent's carries
/// its own `/Lang` — from `lang` on inline and block HTML elements (`<span>`, `<em>`, `<p>`,
/// `<blockquote>`, `<div>` around a chapter's text), or, in text in the book's language, from
/// the script of CJK letters. A malformed tag is reported at its place and ignored. The site and
/// the EPUB carry the same `lang` attributes.
#[test]
fn pdf_tagged_spans_and_blocks_in_another_language_carry_lang() {
    let book = support::load_fixture("pdf", "lang-spans");
    let request = quire::BuildRequest::new(vec![quire::Format::Pdf]).with_fonts(crate::pdf::fonts());
    let (request, _) = request.with_system_fonts(&book);
    let out = quire_pdf::render(&book, &request.pdf).expect("renders");
    let bytes = &out.files[0].data;
    let pdf = write_out("lang-spans", bytes);
    check_qpdf(&pdf);
    let r = check(bytes);
    let doc = Document::load_mem(bytes).expect("lopdf");
    let catalog_lang = doc.catalog().ok().and_then(|c| c.get(b"Lang").ok()).and_then(|l| l.as_str().ok()).map(|l| String::from_utf8_lossy(l).into_owned());
    assert_eq!(catalog_lang.as_deref(), Some("en"));
    let want = |role: &str, lang: &str, from: &str| (role.to_string(), lang.to_string(), from.to_string());
    let cases = [
        // Inline elements.
        ("Bonjour", want("Span", "fr", "Span")),
        ("Grüezi", want("Span", "de-CH", "Span")),
        ("直骨角", want("Span", "ja", "Span")),
        ("這裡", want("Span", "zh-Hant", "Span")),
        ("merci", want("Span", "fr", "Span")),
        // Block elements: the paragraph itself, the quotation around a paragraph.
        ("Dieser Absatz ist deutsch.", want("P", "de", "P")),
        ("Une citation française.", want("P", "fr", "BlockQuote")),
        // By script, in text in the book's language.
        ("ちょっとコーヒー", want("Span", "ja", "Span")),
        ("한국어", want("Span", "ko", "Span")),
        // Text in the book's language, a malformed tag ignored.
        ("Spans: the French", want("P", "en", "Catalog")),
        ("Plainword", want("P", "en", "Catalog")),
        // The Chinese chapter: its text in a `<div lang="zh">`, an English span in it; a
        // paragraph with no tag is Chinese by its script.
        ("这一章是中文的", want("P", "zh", "P")),
        ("Typesetting", want("Span", "en", "Span")),
        ("没有标记的中文段落。", want("Span", "zh-Hans", "Span")),
    ];
    for (text, expected) in cases {
        assert_eq!(r.lang_of_text(text), expected, "`{text}`");
    }
    // Elements in the book's language carry no /Lang of their own.
    assert_eq!(r.langs.iter().filter(|(_, l)| l == "en").count(), 1, "only the English span in the Chinese text: {:?}", r.langs);
    let (_, h1, _) = r.lang_of_text("中文章节");
    assert_eq!(h1, "zh-Hans", "the Chinese chapter title is Chinese by its script");
    // The malformed tag: one warning at its place, with a hint.
    let bad: Vec<_> = book.diagnostics.iter().filter(|d| d.code == "raw-html-lang").collect();
    assert_eq!(bad.len(), 1, "{:?}", book.diagnostics);
    assert!(bad[0].hint.is_some());
    let (path, lc) = bad[0].span.and_then(|s| book.sources.locate(s)).expect("a place");
    assert_eq!((path.file_name().and_then(|f| f.to_str()), lc.line, lc.column), (Some("languages.md"), 15, 28));

    // The site and the EPUB say the same.
    for (format, text) in crate::pdf_lang::site_and_epub_markup(&book) {
        for want in [
            "<span lang=\"fr\" xml:lang=\"fr\">Bonjour</span>",
            "<span lang=\"de-CH\" xml:lang=\"de-CH\">Grüezi</span>",
            "<span lang=\"zh-Hant\" xml:lang=\"zh-Hant\">這裡</span>",
            "<span lang=\"fr\" xml:lang=\"fr\"><em>merci</em></span>",
            "<p lang=\"de\" xml:lang=\"de\">Dieser Absatz ist deutsch.</p>",
            "<div lang=\"fr\" xml:lang=\"fr\">\n<blockquote>",
            "<div lang=\"zh\" xml:lang=\"zh\">",
            "<span lang=\"en\" xml:lang=\"en\">Typesetting</span>",
        ] {
            assert!(text.contains(want), "{format:?}: no `{want}`");
        }
        assert!(!text.contains("english"), "{format:?}: the malformed tag is written");
    }
}

/// A Chinese book with Korean and Traditional Chinese parts: the Korean found by its script is a
/// `Span` with `/Lang ko`, `<div lang="zh-Hant">` and `<p lang="ko">` put `/Lang` on their
/// paragraphs, and Latin letters in the Chinese text stay Chinese (no `Span`).
#[test]
fn pdf_tagged_chinese_book_tags_korean_by_script_and_blocks_by_lang() {
    let book = support::load_fixture("pdf", "lang-zh-ko");
    let request = quire::BuildRequest::new(vec![quire::Format::Pdf]).with_fonts(crate::pdf::fonts());
    let (request, _) = request.with_system_fonts(&book);
    let out = quire_pdf::render(&book, &request.pdf).expect("renders");
    let r = check(&out.files[0].data);
    let langs: HashSet<&str> = r.langs.iter().map(|(_, l)| l.as_str()).collect();
    assert!(langs.contains("ko") && langs.contains("zh-Hant"), "{:?}", r.langs);
    assert!(r.langs.iter().filter(|(s, _)| s == "Span").all(|(_, l)| l == "ko"), "only Korean is a Span: {:?}", r.langs);
    assert_eq!(r.lang_of_text("다음은").1, "ko");
    assert_eq!(r.lang_of_text("這").1, "zh-Hant");
}
