//! Integration tests: raw HTML in the manuscript, parsed once into the AST and drawn in every
//! format. One fixture book per element family under `tests/rawhtml/<family>/`, each rendered
//! as a site (Nu checker, well-formed XHTML), an EPUB (EPUBCheck 0/0) and a PDF (qpdf,
//! pdftotext, the XObjects painted), plus linearity checks and a corpus count of images.

use crate::support;
use quire_core::{Book, Diagnostic};
use std::collections::BTreeSet;
use std::path::Path;

/// One family rendered in the three formats.
struct Outputs {
    book: Book,
    /// The chapter's site page.
    site: String,
    /// The chapter's EPUB XHTML.
    epub: String,
    /// Every file name in the EPUB.
    epub_files: Vec<String>,
    /// `pdftotext -layout` of the PDF.
    pdf_text: String,
    /// The PDF.
    pdf: Vec<u8>,
    /// Where the PDF was written.
    pdf_path: std::path::PathBuf,
    /// Diagnostics of load and the three renderers.
    diags: Vec<Diagnostic>,
}

fn outputs(family: &str) -> Outputs {
    let book = support::load_fixture("rawhtml", family);
    let mut diags = book.diagnostics.clone();
    let (dir, site) = crate::html::render_to(&format!("rawhtml-{family}"), &book);
    let vnu = crate::html::vnu_errors(&dir);
    assert!(vnu.is_empty(), "{family}: Nu checker errors:\n{}", vnu.join("\n"));
    let ch = &book.chapters[0];
    let page = crate::html::file(&site, &quire_html::links::page_path(&book, ch)).to_string();
    let problems = crate::html::xhtml_problems(&page);
    assert!(problems.is_empty(), "{family}: site page not well-formed: {problems:?}\n{page}");
    diags.extend(site.diagnostics.iter().cloned());
    let (epub_bytes, epub_diags) = crate::epub::render_and_check(&format!("rawhtml-{family}"), &book, &quire_epub::Options::default());
    diags.extend(epub_diags);
    let entries = crate::epub::entries(&epub_bytes);
    let epub_files: Vec<String> = entries.iter().map(|e| e.name.clone()).collect();
    let xhtml_name = epub_files.iter().find(|n| n.ends_with("chapter.xhtml")).cloned().unwrap_or_else(|| panic!("no chapter in {epub_files:?}"));
    let epub = crate::epub::text_of(&entries, &xhtml_name);
    let pdf = crate::pdf::render(&book);
    let out_dir = support::out_dir(&format!("rawhtml-pdf-{family}"));
    let path = out_dir.join("book.pdf");
    std::fs::write(&path, &pdf).expect("write pdf");
    crate::pdf::check_qpdf(&path);
    let (ok, pdf_text, err) = support::run(support::tool("pdftotext").args(["-layout", "-enc", "UTF-8"]).arg(&path).arg("-"));
    assert!(ok, "pdftotext: {err}");
    Outputs { book, site: page, epub, epub_files, pdf_text, pdf, pdf_path: path, diags }
}

/// Every word of a PDF with its box (`pdftotext -bbox`): text, xMin, yMin, xMax, yMax.
fn word_boxes(path: &Path) -> Vec<(String, f32, f32, f32, f32)> {
    let (ok, out, err) = support::run(support::tool("pdftotext").args(["-bbox", "-enc", "UTF-8"]).arg(path).arg("-"));
    assert!(ok, "pdftotext -bbox: {err}");
    let attr = |l: &str, k: &str| -> f32 {
        let at = l.find(&format!("{k}=\"")).map(|i| i + k.len() + 2).unwrap_or(0);
        l[at..].split('"').next().and_then(|v| v.parse().ok()).unwrap_or(f32::NAN)
    };
    out.lines()
        .filter(|l| l.trim_start().starts_with("<word "))
        .map(|l| {
            let text = l.split('>').nth(1).and_then(|t| t.split('<').next()).unwrap_or("").to_string();
            (text, attr(l, "xMin"), attr(l, "yMin"), attr(l, "xMax"), attr(l, "yMax"))
        })
        .collect()
}

fn codes(diags: &[Diagnostic], code: &str) -> usize {
    diags.iter().filter(|d| d.code == code).count()
}

/// Distinct image and form XObjects painted (`Do`) on some page of `pdf`.
pub(crate) fn painted_xobjects(pdf: &[u8]) -> usize {
    use lopdf::{content::Content, Document, Object};
    let doc = Document::load_mem(pdf).expect("the PDF reads back");
    let mut seen = BTreeSet::new();
    for (_, page) in doc.get_pages() {
        let content = doc.get_page_content(page);
        let Ok(ops) = Content::decode(&content) else { continue };
        let (res, more) = doc.get_page_resources(page).unwrap_or((None, Vec::new()));
        let mut dicts: Vec<&lopdf::Dictionary> = res.into_iter().collect();
        dicts.extend(more.iter().filter_map(|id| doc.get_dictionary(*id).ok()));
        for op in ops.operations.iter().filter(|o| o.operator == "Do") {
            let Some(Object::Name(name)) = op.operands.first() else { continue };
            for d in &dicts {
                let xobjects = match d.get(b"XObject") {
                    Ok(Object::Reference(id)) => doc.get_dictionary(*id).ok(),
                    Ok(Object::Dictionary(x)) => Some(x),
                    _ => None,
                };
                if let Some(Ok(Object::Reference(id))) = xobjects.map(|x| x.get(name)) {
                    seen.insert(*id);
                }
            }
        }
    }
    seen.len()
}

#[test]
fn rawhtml_images_are_figures_in_every_format() {
    let o = outputs("images");
    // Four distinct local files: the SVG, JPEG, GIF (HTML tags) and the PNG (HTML and Markdown).
    assert_eq!(o.book.assets.len(), 4, "assets: {:?}", o.book.assets.iter().map(|a| &a.path).collect::<Vec<_>>());
    assert!(o.site.contains("class=\"center\"") && o.site.contains("width=\"300\""), "img attributes kept:\n{}", o.site);
    assert!(o.site.contains("The <strong>gradient</strong> used on the cover</figcaption>"), "{}", o.site);
    let packed = o.epub_files.iter().filter(|n| n.contains("/images/") && [".svg", ".jpg", ".gif", ".png"].iter().any(|x| n.ends_with(x))).count();
    assert_eq!(packed, 4, "EPUB images: {:?}", o.epub_files);
    assert!(o.epub.contains("<figure"), "{}", o.epub);
    assert_eq!(painted_xobjects(&o.pdf), 4, "PDF draws the four images");
    assert!(o.pdf_text.contains("The gradient used on the cover"), "{}", o.pdf_text);
    // The `<img>` without alt warns; the decorative `alt=""` does not.
    let missing: Vec<_> = o.diags.iter().filter(|d| d.code == "missing-alt").map(|d| d.message.clone()).collect();
    assert!(!missing.is_empty() && missing.iter().all(|m| m.contains("img/dot.png")), "{missing:?}");
    assert!(o.diags.iter().filter(|d| d.code == "missing-alt").all(|d| d.span.is_some()));
}

#[test]
fn rawhtml_tables_are_tables_in_every_format() {
    let o = outputs("tables");
    assert!(o.site.contains("colspan=\"3\""), "{}", o.site);
    assert!(o.site.contains("<th style=\"text-align: left\">Setting</th>"), "{}", o.site);
    assert!(o.epub.contains("colspan=\"3\""), "{}", o.epub);
    // Cells side by side on one line of the PDF, not run-on text.
    let row = o.pdf_text.lines().find(|l| l.contains("cpus")).unwrap_or_else(|| panic!("no cpus row:\n{}", o.pdf_text));
    assert!(row.contains("1.0") && row.contains("CPU shares per task"), "row: {row}");
    let row = o.pdf_text.lines().find(|l| l.contains("alpha")).unwrap_or_else(|| panic!("{}", o.pdf_text));
    assert!(row.contains("beta"), "{row}");
    assert!(!o.pdf_text.contains("<td>"));
    // Spanning cells are set across the columns they cover, not squeezed into their first one.
    let words = word_boxes(&o.pdf_path);
    let word = |t: &str| words.iter().find(|w| w.0 == t).cloned().unwrap_or_else(|| panic!("no word {t} in {words:?}"));
    let (note, columns, cpu) = (word("note"), word("columns"), word("CPU"));
    assert!((note.2 - columns.2).abs() < 0.5, "the colspan=3 note is on one line: {note:?} {columns:?}");
    assert!(columns.3 > cpu.1, "the note reaches into the third column: {columns:?} vs {cpu:?}");
    let (wide, across, b1, c1, third) = (word("Wideheader"), word("acrosstwo"), word("b1"), word("c1"), word("Third"));
    assert!((wide.2 - across.2).abs() < 0.5, "the colspan=2 header is on one line: {wide:?} {across:?}");
    assert!(across.3 > b1.1, "the header reaches into the second column: {across:?} vs {b1:?}");
    assert!(third.1 > across.3 && (third.1 - c1.1).abs() < 0.5, "the header's neighbour starts the third column: {third:?} {c1:?}");
    let (tall, b2, c2) = (word("Tall"), word("b2"), word("c2"));
    assert!((tall.2 - b1.2).abs() < 0.5 && b2.2 > b1.2, "the rowspan cell is in its first row: {tall:?} {b1:?} {b2:?}");
    assert!((b2.1 - b1.1).abs() < 0.5 && (c2.1 - c1.1).abs() < 0.5, "the row under a rowspan keeps its columns: {b2:?} {c2:?}");
}

#[test]
fn rawhtml_inline_styles_in_every_format() {
    let o = outputs("inline-styles");
    for s in ["H<sub>2</sub>O", "mc<sup>2</sup>", "<kbd>Ctrl</kbd>", "<strong>bold</strong>", "<em>italic</em>", "<del>struck</del>", "<mark>marked</mark>", "<abbr title=\"HyperText Markup Language\">HTML</abbr>", "<span class=\"filename\">main.rs</span>", "<br/>"] {
        assert!(o.site.contains(s), "site lacks {s}:\n{}", o.site);
        assert!(o.epub.contains(s), "EPUB lacks {s}:\n{}", o.epub);
    }
    let flat = o.pdf_text.split_whitespace().collect::<Vec<_>>().join(" ");
    for s in ["Ctrl", "mc", "marked", "quoted", "main.rs", "font"] {
        assert!(flat.contains(s), "PDF lacks {s}:\n{flat}");
    }
    assert!(!flat.contains('<'), "no tag text in the PDF:\n{flat}");
}

#[test]
fn rawhtml_anchors_and_links_resolve_in_every_format() {
    let o = outputs("anchors-links");
    let anchor_warnings: Vec<_> = o.diags.iter().filter(|d| d.message.contains("does not exist")).map(|d| d.message.clone()).collect();
    assert!(anchor_warnings.is_empty(), "{anchor_warnings:?}");
    assert!(o.site.contains("id=\"old-anchor\"") && o.site.contains("id=\"boxed\"") && o.site.contains("id=\"inline-target\""), "{}", o.site);
    assert!(o.site.contains("href=\"https://example.com/raw\""), "{}", o.site);
    assert!(!o.site.contains("javascript:") && !o.epub.contains("javascript:"));
    // The badge: one link in the EPUB, the remote image as its alt text inside it.
    assert!(o.epub.contains("build passing"), "{}", o.epub);
    let flat = o.pdf_text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("inline target") && flat.contains("raw link"), "{flat}");
}

#[test]
fn rawhtml_unregistered_link_schemes_are_text_in_the_epub_with_one_note() {
    // `outputs` checks the EPUB with EPUBCheck (0 errors, 0 warnings).
    let o = outputs("link-schemes");
    for text in ["the repository", "the editor plugin", "the other plugin"] {
        assert!(o.epub.contains(text), "EPUB keeps the text {text:?}:\n{}", o.epub);
    }
    assert!(!o.epub.contains("git://") && !o.epub.contains("vscode:"), "no unregistered scheme in the EPUB:\n{}", o.epub);
    for kept in ["https://example.com/quire", "ftp://ftp.example.com/quire", "mailto:quire@example.com"] {
        assert!(o.epub.contains(&format!("href=\"{kept}\"")), "registered scheme {kept} stays a link:\n{}", o.epub);
    }
    // The site keeps the links the book allows.
    assert!(o.site.contains("href=\"git://example.com/quire.git\"") && o.site.contains("href=\"vscode:extension/quire.quire\""), "{}", o.site);
    let notes: Vec<_> = o.diags.iter().filter(|d| d.code == "epub-unregistered-scheme").collect();
    assert_eq!(notes.len(), 1, "one note for the chapter: {notes:?}");
    let note = notes[0];
    assert_eq!(note.severity, quire_core::Severity::Note);
    assert!(note.message.starts_with("3 links use") && note.message.contains("`git:`") && note.message.contains("`vscode:`"), "{}", note.message);
    let at = note.span.and_then(|s| o.book.sources.locate(s)).unwrap_or_else(|| panic!("note without a place: {note:?}"));
    assert!(at.0.ends_with("chapter.md") && at.1.line == 3, "the note points at the first such link: {at:?}");
}

#[test]
fn rawhtml_blocks_details_and_alignment_in_every_format() {
    let o = outputs("blocks-details-align");
    assert!(o.site.contains("<details>") && o.site.contains("<summary>Show the answer</summary>"), "{}", o.site);
    assert!(o.site.contains("<em>42</em>"), "Markdown inside <details>:\n{}", o.site);
    assert!(o.site.contains("text-align:center"), "{}", o.site);
    assert!(o.site.contains("<ol start=\"3\">"), "{}", o.site);
    assert!(o.site.contains("&lt;verbatim&gt;"), "{}", o.site);
    // A custom element keeps its Markdown content, in a classed container.
    assert!(o.site.contains("<div class=\"custom-listing\">"), "{}", o.site);
    let flat = o.pdf_text.split_whitespace().collect::<Vec<_>>().join(" ");
    // mdBook's `<div class="warning">` is a warning admonition.
    for (format, text) in [("site", &o.site), ("EPUB", &o.epub)] {
        assert!(text.contains("<aside class=\"admonition warning\"") && text.contains("mdBook's warning block, with <strong>Markdown</strong> inside."), "{format}:\n{text}");
    }
    assert!(o.pdf_text.contains("Warning") && o.pdf_text.contains("mdBook's warning block"), "{}", o.pdf_text);
    for s in ["Centred Markdown between two HTML blocks", "An old centre tag", "Show the answer", "The answer is 42", "A quoted HTML block", "Its definition", "An HTML heading", "println!(\"<verbatim>\");", "Listing body in Markdown."] {
        assert!(flat.contains(s), "PDF lacks {s:?}:\n{flat}");
    }
}

#[test]
fn rawhtml_embeds_are_placeholders_on_paper_with_one_note_each() {
    let o = outputs("embeds");
    assert_eq!(codes(&o.book.diagnostics, "raw-html-embed"), 4, "{:?}", o.book.diagnostics);
    for out in [&o.site, &o.epub] {
        assert!(!out.contains("never shown") && !out.contains("color: red"), "{out}");
        assert!(out.contains("https://www.youtube.com/embed/abc123"), "{out}");
    }
    let flat = o.pdf_text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("[iframe: https://www.youtube.com/embed/abc123]"), "{flat}");
    assert!(flat.contains("[video: https://media.example.com/clip.mp4]"), "{flat}");
    assert!(!flat.contains("never shown") && flat.contains("After the embeds."), "{flat}");
}

#[test]
fn rawhtml_misnested_and_stray_tags_are_repaired() {
    let o = outputs("repair");
    assert!(o.site.contains("Vec&lt;T&gt;") && o.site.contains("Option&lt;String&gt;"), "{}", o.site);
    assert!(o.site.contains("<strong>bold <em>both</em></strong><em> italic</em>"), "{}", o.site);
    assert!(o.site.contains("<p>first</p>") && o.site.contains("<p>second</p>"), "{}", o.site);
    let flat = o.pdf_text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("Vec<T>") && flat.contains("Markdown in an unclosed div."), "{flat}");
}

/// Where image XObjects are painted on page `index` (0-based) of `pdf`, in painting order:
/// (x, y from the page top of the image's top edge, width, height), from the CTM at each `Do`.
fn painted_images(pdf: &[u8], index: usize) -> Vec<(f32, f32, f32, f32)> {
    use lopdf::{content::Content, Document, Object};
    let doc = Document::load_mem(pdf).expect("the PDF reads back");
    let pages: Vec<_> = doc.get_pages().into_values().collect();
    let page = pages[index];
    let media = doc.get_dictionary(page).ok().and_then(|d| d.get(b"MediaBox").ok()).and_then(|m| m.as_array().ok()).cloned().unwrap_or_default();
    let num = |o: &Object| o.as_float().ok().or_else(|| o.as_i64().ok().map(|i| i as f32)).unwrap_or(0.0);
    let page_h = media.get(3).map(num).unwrap_or(0.0);
    let ops = Content::decode(&doc.get_page_content(page)).expect("content decodes").operations;
    let mut ctm = [1.0f32, 0.0, 0.0, 1.0, 0.0, 0.0];
    let mut stack = Vec::new();
    let mut out = Vec::new();
    for op in ops {
        match op.operator.as_str() {
            "q" => stack.push(ctm),
            "Q" => ctm = stack.pop().unwrap_or(ctm),
            "cm" => {
                let m: Vec<f32> = op.operands.iter().map(num).collect();
                let c = ctm;
                ctm = [
                    m[0] * c[0] + m[1] * c[2],
                    m[0] * c[1] + m[1] * c[3],
                    m[2] * c[0] + m[3] * c[2],
                    m[2] * c[1] + m[3] * c[3],
                    m[4] * c[0] + m[5] * c[2] + c[4],
                    m[4] * c[1] + m[5] * c[3] + c[5],
                ];
            }
            "Do" => out.push((ctm[4], page_h - ctm[5] - ctm[3], ctm[0], ctm[3])),
            _ => {}
        }
    }
    out
}

/// Whether page `index` (0-based) of `pdf` shows any text.
fn page_has_text(pdf: &[u8], index: usize) -> bool {
    use lopdf::{content::Content, Document};
    let doc = Document::load_mem(pdf).expect("the PDF reads back");
    let page = doc.get_pages().into_values().nth(index).expect("page");
    let ops = Content::decode(&doc.get_page_content(page)).expect("content decodes").operations;
    ops.iter().any(|o| matches!(o.operator.as_str(), "Tj" | "TJ" | "\'" | "\""))
}

/// The `/PageLabels` number tree of `pdf`: (first page, prefix, style).
fn page_labels(pdf: &[u8]) -> Vec<(i64, String, String)> {
    use lopdf::{Document, Object};
    let doc = Document::load_mem(pdf).expect("the PDF reads back");
    let deref = |o: &Object| match o {
        Object::Reference(id) => doc.get_object(*id).ok().cloned().unwrap_or(Object::Null),
        o => o.clone(),
    };
    let catalog = doc.catalog().expect("catalog");
    let Ok(labels) = catalog.get(b"PageLabels") else { return Vec::new() };
    let labels = deref(labels);
    let nums = labels.as_dict().ok().and_then(|d| d.get(b"Nums").ok()).map(&deref).and_then(|n| n.as_array().ok().cloned()).unwrap_or_default();
    nums.chunks(2)
        .filter_map(|pair| {
            let first = pair[0].as_i64().ok()?;
            let d = deref(&pair[1]);
            let d = d.as_dict().ok()?;
            let prefix = d.get(b"P").ok().and_then(|p| p.as_str().ok()).map(|b| String::from_utf8_lossy(b).into_owned()).unwrap_or_default();
            let style = d.get(b"S").ok().and_then(|s| s.as_name().ok()).map(|b| String::from_utf8_lossy(b).into_owned()).unwrap_or_default();
            Some((first, prefix, style))
        })
        .collect()
}

/// The screen PDF opens with the book's cover (configured in book.toml, not referenced in the
/// text) as a full page: fitted, aspect kept, no text; a blank inside page follows, then the
/// title page. `cover-page = false` leaves it out; the print profile keeps it out of the interior
/// and sets it on `book-cover.pdf`.
#[test]
fn rawhtml_cover_opens_the_screen_pdf() {
    let o = outputs("cover");
    let cover = o.book.cover.and_then(|c| o.book.asset(c)).expect("the fixture has a cover");
    assert!(cover.path.ends_with("cover.png"), "{:?}", cover.path);
    assert!(o.epub_files.iter().any(|f| f.contains("cover")), "{:?}", o.epub_files);
    let doc = lopdf::Document::load_mem(&o.pdf).expect("reads");
    let (w, h) = {
        let first = *doc.get_pages().values().next().expect("a page");
        let m = doc.get_dictionary(first).expect("page").get(b"MediaBox").expect("box").as_array().expect("array").clone();
        let f = |o: &lopdf::Object| o.as_float().ok().or_else(|| o.as_i64().ok().map(|i| i as f32)).unwrap_or(0.0);
        (f(&m[2]), f(&m[3]))
    };
    let on_cover = painted_images(&o.pdf, 0);
    assert_eq!(on_cover.len(), 1, "one image on the first page: {on_cover:?}");
    let (x, y, iw, ih) = on_cover[0];
    // 200 × 300 px on a 6 × 9 in page: the same aspect, so it fills the page.
    assert!((iw / ih - 200.0 / 300.0).abs() < 0.01, "aspect kept: {iw} × {ih}");
    assert!(((iw - w).abs() < 0.5 || (ih - h).abs() < 0.5) && iw <= w + 0.5 && ih <= h + 0.5, "fitted to the page {w} × {h}: {iw} × {ih}");
    assert!((x + iw / 2.0 - w / 2.0).abs() < 0.5 && (y + ih / 2.0 - h / 2.0).abs() < 0.5, "centred: {on_cover:?}");
    assert!(!page_has_text(&o.pdf, 0), "no running head or folio on the cover");
    assert!(!page_has_text(&o.pdf, 1) && painted_images(&o.pdf, 1).is_empty(), "the inside of the cover is blank");
    assert!(page_has_text(&o.pdf, 2), "the title page follows");
    let labels = page_labels(&o.pdf);
    assert_eq!(labels.first(), Some(&(0, "Cover".to_string(), String::new())), "{labels:?}");
    assert_eq!(labels.get(1).map(|l| (l.0, l.2.as_str())), Some((2, "r")), "front matter numbered from the title page: {labels:?}");
    assert_eq!(painted_xobjects(&o.pdf), 2, "the cover and the figure");
    // The count test's rule on this book: PDF = EPUB = site = referenced + cover.
    let counts = image_counts(&support::fixture("rawhtml", "cover"));
    assert!(counts.all_drawn() && counts.cover_only.is_some() && counts.pdf == counts.text + 1, "{counts}");
    // Turned off.
    let mut off = o.book.clone();
    off.config.output.pdf.cover_page = Some(false);
    let plain = crate::pdf::render(&off);
    assert_eq!(painted_xobjects(&plain), 1, "only the figure");
    assert!(page_has_text(&plain, 0), "the title page comes first");
    let pages = |pdf: &[u8]| lopdf::Document::load_mem(pdf).expect("reads").get_pages().len();
    assert_eq!(pages(&plain) + 2, pages(&o.pdf));
    // The print profile: not in the interior, on the separate cover.
    let print = quire_pdf::render(
        &o.book,
        &quire_pdf::Options { fonts: crate::pdf::fonts(), print: Some(quire_pdf::print::PrintOptions::default()), ..Default::default() },
    )
    .expect("print renders");
    let interior = &print.files.iter().find(|f| f.path == "book.pdf").expect("interior").data;
    let sheet = &print.files.iter().find(|f| f.path == "book-cover.pdf").expect("cover file").data;
    assert_eq!(painted_xobjects(interior), 1, "the print interior has only the figure");
    assert_eq!(painted_xobjects(sheet), 1, "the cover image is on book-cover.pdf");
}

/// Images in running text are set in their line, between the words around them; an image alone
/// in its paragraph stays a figure.
#[test]
fn rawhtml_inline_images_are_set_in_their_line() {
    let o = outputs("inline-images");
    assert!(o.site.contains("Press the alpha <img"), "{}", o.site);
    assert!(o.epub.contains("Press the alpha <img"), "{}", o.epub);
    let words = word_boxes(&o.pdf_path);
    let word = |t: &str| words.iter().find(|w| w.0 == t).cloned().unwrap_or_else(|| panic!("no word {t} in {words:?}"));
    // (word before, word after, expected size of the box in points or None)
    let cases: [(&str, &str, Option<(f32, f32)>); 4] =
        [("alpha", "omega", Some((10.0, 10.0))), ("before", "after,", Some((12.0, 12.0))), ("kearly", "kbadge", Some((30.0, 15.0))), ("bigstart", "bigend,", None)];
    // The chapter's first page: the one with the first word on it.
    let page = (0..lopdf::Document::load_mem(&o.pdf).expect("reads").get_pages().len())
        .find(|&p| painted_images(&o.pdf, p).len() >= 4)
        .unwrap_or_else(|| panic!("no page with the inline images"));
    let images = painted_images(&o.pdf, page);
    assert_eq!(images.len(), 5, "four inline images and one figure on the page: {images:?}");
    for (k, (before, after, size)) in cases.iter().enumerate() {
        let (b, a) = (word(before), word(after));
        let (x, top, w, h) = images[k];
        assert!(x >= b.3 && x + w <= a.1, "{before} [{x}, {}] {after}: between {b:?} and {a:?}", x + w);
        // pdftotext's box for a word: yMin at the ascent, yMax at the descent; the image's bottom
        // sits on the baseline, inside that box.
        let bottom = top + h;
        assert!(bottom > b.2 && bottom < b.4 + 0.5 && (a.2 - b.2).abs() < 0.5, "{before}: image bottom {bottom} in the line {b:?} {a:?}");
        if let Some((ew, eh)) = size {
            assert!((w - ew).abs() < 0.1 && (h - eh).abs() < 0.1, "{before}: {w} × {h}, expected {ew} × {eh}");
            assert!(top >= b.2 - 6.0, "{before}: a small image stays within its line: top {top}, line {b:?}");
        } else {
            assert!(h > 30.0 && h <= 4.0 * 13.2 + 0.1, "the big image is capped at four lines: {h}");
        }
    }
    // The image alone in its paragraph is a figure: centred, on no line of text.
    let (x, top, w, h) = images[4];
    let doc_w = 432.0;
    assert!((x + w / 2.0 - doc_w / 2.0).abs() < 40.0 && w > 100.0, "a centred figure: {:?}", images[4]);
    assert!(!words.iter().any(|wd| wd.2 > top && wd.2 < top + h), "no text beside the figure");
    assert_eq!(painted_xobjects(&o.pdf), 2, "the icon and the picture");
}

/// `[output.html] raw-html = "keep"`: the site writes the author's comments back where they
/// were written (between blocks, inside an element, inside running text); a sanitised site, the
/// EPUB and the PDF leave them out.
#[test]
fn rawhtml_keep_writes_comments_where_they_were() {
    let o = outputs("keep");
    let order = [
        "<!-- comment-before: a lone comment before an HTML block -->",
        "<div class=\"note\" data-x=\"single\">",
        "<!-- comment-inside: inside the element -->",
        "Markdown <em>inside</em> the div.",
        "<!-- comment-after: between two HTML blocks -->",
        "bold",
        "<!-- comment-inline --> text.",
        "<span title=\"plain\">a span</span> <!-- comment-in-paragraph --> and more.",
    ];
    let mut at = 0;
    for piece in order {
        let found = o.site[at..].find(piece).unwrap_or_else(|| panic!("site lacks {piece:?} after byte {at}:\n{}", o.site));
        at += found + piece.len();
    }
    assert!(!o.epub.contains("comment-"), "the EPUB drops comments:\n{}", o.epub);
    assert!(!o.pdf_text.contains("comment"), "{}", o.pdf_text);
    let mut book = o.book.clone();
    book.config.output.html.raw_html = quire_core::config::RawHtml::Sanitize;
    let (_, site) = crate::html::render_to("rawhtml-keep-sanitized", &book);
    let page = crate::html::file(&site, &quire_html::links::page_path(&book, &book.chapters[0])).to_string();
    assert!(!page.contains("comment-") && page.contains("Markdown <em>inside</em> the div."), "{page}");
}

/// Parse + site markup of one chapter.
fn site_html(md: &str) -> String {
    use quire_core::expand::ExpandedSource;
    use quire_core::parse::{parse_chapter, ParseOptions};
    let parsed = parse_chapter(&ExpandedSource::single(quire_core::FileId(0), md.to_string()), &ParseOptions { html_nodes: true, ..Default::default() });
    let opts = quire_xhtml::Options::html();
    let mut w = quire_xhtml::Writer::new(&Plain, &opts).with_footnotes(&parsed.footnotes);
    w.blocks(&parsed.blocks);
    w.finish().html
}

struct Plain;

impl quire_xhtml::LinkResolver for Plain {
    fn chapter_href(&self, chapter: quire_core::ChapterId, _: Option<&str>) -> String {
        chapter.0.to_string()
    }
    fn asset_src(&self, _: quire_core::AssetId) -> Option<String> {
        None
    }
}

/// Large inputs of each shape go through parsing and the site writer and keep their text. How
/// the time grows with them (N against 2N) is measured in `benches/pathological.sh` (instruction
/// counts, cases `divs-*` and `html-*`), not here: a timed test is a flaky test.
#[test]
fn rawhtml_handles_deep_nesting_many_tags_and_attributes() {
    let v = "v".repeat(40);
    let cases: [(&str, String, &str); 5] = [
        ("nested <div>", format!("{}x-nested{}\n", "<div>\n".repeat(20_000), "</div>\n".repeat(20_000)), "x-nested"),
        ("<div> on one line", format!("{}x-line\n", "<div>".repeat(20_000)), "x-line"),
        ("inline <b><i>", format!("a {} x-inline\n", "<b><i></b></i>".repeat(20_000)), "x-inline"),
        (
            "1 MB of attributes",
            format!("<div>{}x-attrs</div>\n", (0..5_000).map(|i| format!("<span data-a=\"{v}\" data-b=\"{v}\" data-c=\"{v}\" data-d=\"{v}\" id=\"s{i}\">y</span>")).collect::<String>()),
            "x-attrs",
        ),
        // One tag with a megabyte of attributes is cut (html5gum's stack grows with them).
        ("one tag, 1 MB of attributes", format!("<div {}>x-tag</div>\n", (0..24_000).map(|i| format!("data-a{i}=\"{v}\"")).collect::<Vec<_>>().join(" ")), "x-tag"),
    ];
    for (name, md, marker) in cases {
        let html = site_html(&md);
        assert!(html.contains(marker), "{name}: the text after the markup is kept");
    }
}

/// Image counts of one book in every format.
struct ImageCounts {
    /// Distinct existing local image files the manuscript references (Markdown and HTML).
    text: usize,
    /// The book's cover when the manuscript does not reference it: the EPUB packs it as its
    /// cover, the site copies it and the screen PDF draws it on its cover page.
    cover_only: Option<String>,
    pdf: usize,
    epub: usize,
    site: usize,
}

/// The distinct assets the manuscript's image nodes refer to (inline images and figures).
fn text_images(book: &Book) -> BTreeSet<quire_core::AssetId> {
    use quire_core::ast::visit::{visit_all_inlines, visit_blocks};
    use quire_core::{BlockKind, ImageSource, InlineKind};
    let mut ids = BTreeSet::new();
    for ch in &book.chapters {
        let mut blocks = ch.blocks.clone();
        visit_blocks(&mut blocks, &mut |b| {
            if let BlockKind::Figure { image, .. } = &b.kind {
                if let ImageSource::Asset(a) = image.source {
                    ids.insert(a);
                }
            }
        });
        visit_all_inlines(&mut blocks, &mut |i| {
            if let InlineKind::Image(img) = &i.kind {
                if let ImageSource::Asset(a) = img.source {
                    ids.insert(a);
                }
            }
        });
    }
    ids
}

/// How many images the manuscript of `book` references, and how many the PDF paints, the EPUB
/// packs and the site copies.
fn image_counts(dir: &Path) -> ImageCounts {
    let book = Book::load(dir).expect("loads");
    let text = text_images(&book);
    let cover_only = book.cover.filter(|c| !text.contains(c)).and_then(|c| book.asset(c)).map(|a| a.path.display().to_string());
    let pdf = quire_pdf::render(&book, &quire_pdf::Options { fonts: crate::pdf::fonts(), ..Default::default() }).expect("pdf renders");
    let painted = painted_xobjects(&pdf.files[0].data);
    if std::env::var_os("QUIRE_CORPORA").is_some() {
        let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let _ = std::fs::write(support::out_dir(&format!("rawhtml-corpus-{name}")).join("book.pdf"), &pdf.files[0].data);
        let mut codes: Vec<&str> = pdf.diagnostics.iter().map(|d| d.code.name()).collect();
        codes.sort();
        codes.dedup();
        for c in codes {
            let first = pdf.diagnostics.iter().find(|d| d.code == c).map(|d| d.message.clone()).unwrap_or_default();
            println!("  pdf {c}: {} (e.g. {first})", pdf.diagnostics.iter().filter(|d| d.code == c).count());
        }
    }
    let epub = quire_epub::render(&book, &quire_epub::Options::default()).expect("epub renders");
    let images = |name: &str| [".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp"].iter().any(|x| name.to_ascii_lowercase().ends_with(x));
    let packed = crate::epub::entries(&epub.files[0].data).iter().filter(|e| images(&e.name) && e.name.contains("/images/")).count();
    let site = quire_html::render(&book, &quire_html::Options::default()).expect("site renders");
    let copied = site.files.iter().filter(|f| f.path.starts_with("images/") && images(&f.path)).count();
    ImageCounts { text: text.len(), cover_only, pdf: painted, epub: packed, site: copied }
}

impl ImageCounts {
    /// Every image of the text, and the cover, is painted in the PDF, packed in the EPUB and
    /// copied into the site.
    fn all_drawn(&self) -> bool {
        let with_cover = self.text + usize::from(self.cover_only.is_some());
        self.pdf == with_cover && self.epub == with_cover && self.site == with_cover
    }
}

impl std::fmt::Display for ImageCounts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "referenced {}", self.text)?;
        if let Some(c) = &self.cover_only {
            write!(f, " + cover {c}")?;
        }
        write!(f, ", PDF {}, EPUB {}, site {}", self.pdf, self.epub, self.site)
    }
}

#[test]
#[cfg_attr(not(has_corpora), ignore = "needs ../shared/corpora")]
fn rawhtml_corpora_draw_every_referenced_image_in_every_format() {
    let mut bad = Vec::new();
    for name in support::corpus_names() {
        let counts = image_counts(&support::corpus(&name));
        println!("{name}: {counts}");
        if !counts.all_drawn() {
            bad.push(name);
        }
    }
    assert!(bad.is_empty(), "counts differ for {bad:?}");
}

/// The same count for books in `QUIRE_CORPORA` (a folder of books), for a worktree that has no
/// `../shared/corpora` beside it: `QUIRE_CORPORA=/path cargo test … -- --ignored rawhtml_corpus_counts_from_env`.
#[test]
#[ignore = "set QUIRE_CORPORA"]
fn rawhtml_corpus_counts_from_env() {
    let root = std::env::var_os("QUIRE_CORPORA").expect("set QUIRE_CORPORA to a folder of books");
    let mut names: Vec<_> = std::fs::read_dir(&root).expect("QUIRE_CORPORA").flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
    names.sort();
    assert!(!names.is_empty(), "QUIRE_CORPORA holds no book folders");
    let mut bad = Vec::new();
    for dir in names {
        let counts = image_counts(&dir);
        println!("{}: {counts}", dir.display());
        if !counts.all_drawn() {
            bad.push(dir);
        }
    }
    assert!(bad.is_empty(), "counts differ for {bad:?}");
}

/// `[output.html] raw-html = "keep"`: an element that becomes a book node (emphasis, links,
/// images, paragraphs, headings, rules, preformatted text, quotes, lists, definition lists,
/// tables, figures) is written back on the site with the tag and every attribute the author gave
/// it (in the parser's order: by name); the sanitised EPUB drops what its policy drops (`onclick`), and the PDF keeps the text.
#[test]
fn rawhtml_keep_writes_every_element_family_with_its_attributes() {
    let o = outputs("keep-attributes");
    for piece in [
        "<b class=\"key\">bold key</b>",
        "<strong data-k=\"1\">strong one</strong>",
        "<i style=\"color: teal\">italic teal</i>",
        "<em lang=\"fr\">en français</em>",
        "<s class=\"old\">struck old</s>",
        "<del datetime=\"2026-01-01\">deleted text</del>",
        "<sup data-n=\"2\">2</sup>",
        "<sub class=\"chem\">2</sub>",
        "class=\"button\" rel=\"noopener\" target=\"_blank\">a classed link</a>",
        "data-x=\"7\" onclick=\"zoom(this)\" style=\"border: 1px solid red\" width=\"40\"/>",
        "<p align=\"center\" style=\"color: navy\">A centred navy paragraph.</p>",
        "class=\"fancy\" data-level=\"two\" style=\"letter-spacing: 2px\">",
        "<hr class=\"divider\"/>",
        "<pre class=\"terminal\" data-prompt=\"$\">",
        "<blockquote class=\"pull\" cite=\"https://example.com/source\">",
        "<ul class=\"checklist\">",
        "<ol class=\"steps\" type=\"a\" start=\"3\">",
        "<dl class=\"glossary\">",
        "<table class=\"data\" style=\"width: 50%\">",
        "<figure class=\"figure wide\" id=\"fig-pixel\">",
        "<li class=\"done\">first item</li>",
        "<th class=\"h\" scope=\"col\">Head</th>",
        "<td data-v=\"1\" style=\"color: red\">Cell</td>",
    ] {
        assert!(o.site.contains(piece), "the kept site lacks {piece:?}:\n{}", o.site);
    }
    assert!(!o.epub.contains("onclick") && !o.epub.contains("data-prompt"), "the EPUB is sanitised:\n{}", o.epub);
    let flat = o.pdf_text.split_whitespace().collect::<Vec<_>>().join(" ");
    for s in ["bold key", "italic teal", "a classed link", "A centred navy paragraph.", "A styled heading", "third step", "Its definition.", "Cell", "A captioned pixel"] {
        assert!(flat.contains(s), "PDF lacks {s:?}:\n{flat}");
    }
    // The same book sanitised: no event handler, no unknown data attribute on the mapped nodes.
    let mut book = o.book.clone();
    book.config.output.html.raw_html = quire_core::config::RawHtml::Sanitize;
    let (_, site) = crate::html::render_to("rawhtml-keep-attributes-sanitized", &book);
    let page = crate::html::file(&site, &quire_html::links::page_path(&book, &book.chapters[0])).to_string();
    assert!(!page.contains("onclick") && !page.contains("data-level") && page.contains("<strong>bold key</strong>"), "{page}");
}

/// Glyphs shown on the pages of `pdf` by font size (2-byte codes: every face is embedded as a
/// CID font), as (size, glyphs).
fn glyphs_by_size(pdf: &[u8]) -> Vec<(f32, usize)> {
    use lopdf::{content::Content, Document, Object};
    let doc = Document::load_mem(pdf).expect("the PDF reads back");
    let mut by: Vec<(f32, usize)> = Vec::new();
    for (_, page) in doc.get_pages() {
        let Ok(ops) = Content::decode(&doc.get_page_content(page)) else { continue };
        let mut size = 0.0f32;
        for op in &ops.operations {
            let bytes = |o: &Object| if let Object::String(s, _) = o { s.len() } else { 0 };
            let n = match op.operator.as_str() {
                "Tf" => {
                    size = op.operands.get(1).and_then(|o| o.as_float().ok()).unwrap_or(0.0);
                    continue;
                }
                "Tj" | "'" => op.operands.first().map(bytes).unwrap_or(0),
                "TJ" => match op.operands.first() {
                    Some(Object::Array(a)) => a.iter().map(bytes).sum(),
                    _ => 0,
                },
                _ => continue,
            };
            match by.iter_mut().find(|(s, _)| (*s - size).abs() < 0.01) {
                Some((_, c)) => *c += n / 2,
                None => by.push((size, n / 2)),
            }
        }
    }
    by
}

#[test]
fn rawhtml_ruby_is_set_above_its_base_in_the_pdf_and_kept_in_markup() {
    let o = outputs("ruby");
    for s in ["<ruby>京都<rt>きょうと</rt></ruby>", "<rp>（</rp><rt>だいがく</rt><rp>）</rp>", "<ruby>日<rt>に</rt>本<rt>ほん</rt></ruby>"] {
        assert!(o.site.contains(s), "site lacks {s}:\n{}", o.site);
        assert!(o.epub.contains(s), "EPUB lacks {s}:\n{}", o.epub);
    }
    // The PDF's text is the bases as written: no reading, no `<rp>` parenthesis.
    let flat: String = o.pdf_text.split_whitespace().collect();
    assert!(flat.contains("京都の大学に日本の学生がいる。文字はそのまま。"), "{flat}");
    assert!(flat.contains("中文的汉字注音。"), "{flat}");
    assert!(!flat.contains("きょうと") && !flat.contains("だいがく") && !flat.contains('（') && !flat.contains("hàn"), "{flat}");
    // The readings are drawn, at half the body size: きょうと だいがく に ほん hàn zì.
    let sizes = glyphs_by_size(&o.pdf);
    let body = sizes.iter().max_by_key(|(_, n)| *n).map(|(s, _)| *s).unwrap_or(0.0);
    let half: usize = sizes.iter().filter(|(s, _)| (s / body - 0.5).abs() < 0.01).map(|(_, n)| n).sum();
    assert_eq!(half, 16, "reading glyphs at half of {body} pt: {sizes:?}");
}

/// `<svg>` and `<math>` (HTML's foreign elements): a drawing becomes an image of the book (its
/// case kept, nothing that runs, one asset per distinct drawing), MathML a formula, in every
/// format. Their children had been read as unknown HTML and lost.
#[test]
fn rawhtml_svg_and_mathml_are_drawings_and_formulas_in_every_format() {
    use quire_core::ast::{visit, InlineKind};
    let o = outputs("foreign");
    let svgs: Vec<_> = o.book.assets.iter().filter(|a| a.media_type == quire_core::MediaType::Svg).collect();
    assert_eq!(svgs.len(), 3, "the bar, the dot (twice, one asset), the <object>'s file: {:?}", o.book.assets.iter().map(|a| &a.path).collect::<Vec<_>>());
    assert!(o.book.assets.iter().any(|a| a.path.ends_with("img/dot.png")), "the <embed>'s file");
    let bar = svgs.iter().find_map(|a| a.data.as_ref().map(|d| String::from_utf8_lossy(d).into_owned()).filter(|t| t.contains("linearGradient"))).expect("the bar's markup");
    assert!(bar.contains("viewBox=\"0 0 120 40\"") && bar.contains("stop-color") && bar.contains("xmlns=\"http://www.w3.org/2000/svg\""), "{bar}");
    assert!(!bar.contains("alert") && !bar.contains("onload") && !bar.contains("javascript"), "nothing that runs: {bar}");
    let mut formulas = Vec::new();
    let mut blocks = o.book.chapters[0].blocks.clone();
    visit::visit_all_inlines(&mut blocks, &mut |i| {
        if let InlineKind::Math(f) = &i.kind {
            formulas.push(f.tex().split_whitespace().collect::<String>());
        }
    });
    assert_eq!(formulas.len(), 2, "{formulas:?}");
    assert_eq!(formulas[0], r"{x}^{2}+\frac{1}{2}");
    assert_eq!(formulas[1], r"e^{i\pi}+1=0", "a TeX annotation is the formula");
    // `<math display="block">` alone is a display formula.
    let displayed: Vec<String> = o.book.chapters[0]
        .blocks
        .iter()
        .filter_map(|b| match &b.kind {
            quire_core::BlockKind::Math { formula, .. } => Some(formula.tex().split_whitespace().collect()),
            _ => None,
        })
        .collect();
    assert_eq!(displayed.len(), 1, "{displayed:?}");
    assert!(displayed[0].contains(r"\sqrt{y}") && displayed[0].contains("{∑}_{{k=1}}^{n}"), "{}", displayed[0]);
    assert_eq!(codes(&o.diags, "math-invalid"), 0, "{:?}", o.diags);
    // The drawings' labels are their alt text; no text of theirs leaks into the page.
    for (format, text) in [("site", &o.site), ("EPUB", &o.epub)] {
        assert!(text.contains("alt=\"A gradient bar\"") && text.contains("alt=\"a dot\""), "{format}:\n{text}");
        assert!(text.contains("alt=\"A bar chart\"") && text.contains("alt=\"A dot\""), "<object> and <embed> images, their fallback and title the alt text ({format}):\n{text}");
        assert!(!text.contains("alert") && !text.contains("<rect"), "{format}:\n{text}");
        assert_eq!(text.matches("<math").count(), 3, "{format}: three formulas:\n{text}");
    }
    assert!(o.epub_files.iter().filter(|n| n.ends_with(".svg") && n.contains("/images/")).count() >= 2, "{:?}", o.epub_files);
    // The PDF draws both drawings and sets the formulas (no TeX or tags as text).
    assert!(painted_xobjects(&o.pdf) >= 4, "the drawings and the embedded images are painted");
    assert_eq!(codes(&o.diags, "raw-html-embed"), 0, "an <object> or <embed> of an image is no placeholder: {:?}", o.diags);
    assert!(!o.pdf_text.contains("<mi>") && !o.pdf_text.contains("\\frac") && !o.pdf_text.contains("alert"), "{}", o.pdf_text);
    assert!(o.pdf_text.contains("is set as a formula"), "{}", o.pdf_text);
}

/// An author's size for an `<img>` holds in every format: `width` in px or % of the text's
/// width, CSS `width` in `style`, Typora's `zoom` (a share of the image's own pixel width); a
/// written attribute wins over `style`. Fixture `tests/rawhtml/image-sizes/`.
#[test]
fn rawhtml_image_sizes_hold_in_every_format() {
    let o = outputs("image-sizes");
    for want in ["width=\"200\"", "style=\"width:50%;\"", "width=\"300\"", "width=\"100\""] {
        assert!(o.site.contains(want), "site lacks {want}:\n{}", o.site);
        assert!(o.epub.contains(want), "EPUB lacks {want}:\n{}", o.epub);
    }
    // zoom: 50% of a 400 px image is 200 px: a second `width="200"`.
    assert_eq!(o.site.matches("width=\"200\"").count(), 2, "{}", o.site);
    let pages = lopdf::Document::load_mem(&o.pdf).expect("PDF reads back").get_pages().len();
    let widths: Vec<f32> = (0..pages).flat_map(|p| painted_images(&o.pdf, p)).map(|(_, _, w, _)| w).collect();
    assert_eq!(widths.len(), 6, "{widths:?}");
    let near = |a: f32, b: f32| (a - b).abs() < 0.5;
    // 96 px per inch: 200 px = 150 pt, 300 px = 225 pt, 100 px = 75 pt.
    assert!(near(widths[0], 150.0) && near(widths[2], 225.0) && near(widths[3], 150.0) && near(widths[4], 75.0), "{widths:?}");
    // 50% is half the text's width, which the unsized wide image fills.
    assert!(near(widths[1] * 2.0, widths[5]), "{widths:?}");
}

/// Files of the book that are neither chapters nor images, as mdBook copies every file of `src/`:
/// a `<video>`'s sources, poster and subtitles and a linked download reach the site (Nu-valid),
/// the EPUB carries the video and its track (EPUBCheck-clean) but not the download (its link
/// keeps its text), and the PDF keeps the text. A `<picture>` keeps its `<img>` without leaving
/// an empty `<source>`; a missing audio file and a missing download are one warning each.
/// Fixture `tests/rawhtml/media-files/`.
#[test]
fn rawhtml_media_and_linked_files_reach_the_outputs_that_can_carry_them() {
    let o = outputs("media-files");
    let path_of = |name: &str| -> String {
        let a = o.book.assets.iter().find(|a| a.path.ends_with(name)).unwrap_or_else(|| panic!("{name} not loaded: {:?}", o.book.assets));
        a.output_path.clone()
    };
    let (mp4, webm, vtt, csv, slides) = (path_of("clip.mp4"), path_of("clip.webm"), path_of("subs.vtt"), path_of("data.csv"), path_of("slides.pdf"));
    assert!(csv.starts_with("files/") && mp4.starts_with("files/"), "{csv} {mp4}");
    for want in [format!("src=\"{webm}\""), format!("src=\"{mp4}\""), format!("src=\"{vtt}\""), format!("href=\"{csv}\""), format!("href=\"{slides}\"")] {
        assert!(o.site.contains(&want), "site lacks {want}:\n{}", o.site);
    }
    assert!(o.site.contains("poster=\"images/"), "{}", o.site);
    // The site's copies were written, byte for byte.
    let site_dir = support::root().join("target/test-out/html-rawhtml-media-files");
    let fixture = support::fixture("rawhtml", "media-files");
    for (p, src) in [(&mp4, "src/media/clip.mp4"), (&vtt, "src/media/subs.vtt"), (&csv, "src/files/data.csv")] {
        let copied = std::fs::read(site_dir.join(p)).unwrap_or_else(|e| panic!("{p}: {e}"));
        assert_eq!(copied, std::fs::read(fixture.join(src)).expect("fixture file"), "{p}");
    }
    for out in [&o.site, &o.epub] {
        assert!(!out.contains("<source/>") && !out.contains("srcset"), "{out}");
        assert!(out.contains("alt=\"The poster\""), "{out}");
    }
    // The EPUB carries what a media element plays, not the downloads.
    for p in [&mp4, &webm, &vtt] {
        assert!(o.epub_files.iter().any(|f| f.ends_with(p.as_str())), "EPUB lacks {p}: {:?}", o.epub_files);
        assert!(o.epub.contains(&format!("src=\"{p}\"")), "{}", o.epub);
    }
    assert!(!o.epub_files.iter().any(|f| f.ends_with(".csv") || f.ends_with("slides.pdf")), "{:?}", o.epub_files);
    assert!(o.epub.contains("Download the data or the slides"), "{}", o.epub);
    let flat = o.pdf_text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("Download the data or the slides"), "{flat}");
    assert_eq!(codes(&o.book.diagnostics, "missing-media"), 1, "{:?}", o.book.diagnostics);
    assert_eq!(codes(&o.book.diagnostics, "broken-link"), 1, "{:?}", o.book.diagnostics);
    assert_eq!(codes(&o.book.diagnostics, "link-to-file"), 1, "{:?}", o.book.diagnostics);
}

/// An HTML list's own markers (`<ol type>`, `<ul type>`, `list-style-type`, the `list-style`
/// shorthand) hold in every edition: CSS on the site and in the EPUB, the labels themselves in
/// the PDF, where a list's items hang from its widest marker (`100.` and `iii.` are set whole;
/// they lost their ends before). Fixture `tests/rawhtml/list-markers/`.
#[test]
fn rawhtml_list_markers_hold_in_every_format() {
    let o = outputs("list-markers");
    for out in [&o.site, &o.epub] {
        for want in [
            "<ol style=\"list-style-type:lower-alpha\">",
            "<ol start=\"4\" style=\"list-style-type:upper-roman\">",
            "<ol start=\"27\" style=\"list-style-type:upper-alpha\">",
            "<ul style=\"list-style-type:square\">",
            "<ul style=\"list-style-type:none\">",
        ] {
            assert!(out.contains(want), "lacks {want}:\n{out}");
        }
        assert!(out.contains("list-style-type:lower-roman"), "{out}");
    }
    let lines: Vec<String> = o.pdf_text.lines().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).collect();
    for want in ["a. alpha one", "b. alpha two", "IV. roman four", "V. roman five", "iii. small roman three", "AA. letters twenty-seven", "▪ square item", "1. A Markdown list", "2. keeps its numbers", "99. A long Markdown list", "100. past a hundred"] {
        assert!(lines.iter().any(|l| l == want), "PDF lacks {want:?}:\n{}", o.pdf_text);
    }
    assert!(lines.iter().any(|l| l == "bare item"), "a list without markers: {}", o.pdf_text);
    // A list in a table cell: each item on a line of its own, the text after it on the next.
    for want in ["-q Quiet:", "• no progress", "• no notes", "and no summary", "-n Steps:", "1. load", "2. check"] {
        assert!(lines.iter().any(|l| l.ends_with(want) || l == want), "PDF lacks a line {want:?}:\n{}", o.pdf_text);
    }
    assert!(o.site.contains("<span class=\"raw-li\">no progress</span>"), "{}", o.site);
}
