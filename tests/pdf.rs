//! Integration tests: pdf. Every PDF is checked with external tools: `qpdf --check` is clean,
//! `pdffonts` lists only embedded subset fonts with ToUnicode, `pdftotext` gives back the
//! paragraphs' source text, `pdftoppm` renders every page, and the same input gives the same
//! bytes. Outputs go to `target/test-out/pdf-*/` (one PNG page per book for a person to look at).

use crate::support;
use quire_core::ast::{plain_text, Block, BlockKind, Inline, InlineKind};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The committed fonts, as the CLI passes them: every *.otf/*.ttf of fonts/, sorted.
pub(crate) fn fonts() -> Vec<(String, Arc<[u8]>)> {
    let dir = support::root().join("fonts");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fonts/ exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("otf" | "ttf")))
        .collect();
    paths.sort();
    assert!(paths.len() >= 12, "fonts/ should hold the 12 committed faces");
    paths
        .iter()
        .map(|p| (p.file_name().unwrap_or_default().to_string_lossy().into_owned(), Arc::from(std::fs::read(p).expect("read font"))))
        .collect()
}

pub(crate) fn render(book: &quire_core::Book) -> Vec<u8> {
    let out = quire_pdf::render(book, &quire_pdf::Options { fonts: fonts(), ..Default::default() }).expect("renders");
    // The committed fonts cover every character of the corpora and the handbook.
    let missing: Vec<&String> = out.diagnostics.iter().filter(|d| d.code == "pdf-missing-glyph").map(|d| &d.message).collect();
    assert!(missing.is_empty(), "characters without a glyph (rerun fonts/subset.py?): {missing:?}");
    assert_eq!(out.files.len(), 1);
    assert_eq!(out.files[0].path, "book.pdf");
    out.files[0].data.clone()
}

/// `qpdf --check` passes with no warnings.
pub(crate) fn check_qpdf(pdf: &Path) {
    let (ok, out, err) = support::run(support::tool("qpdf").arg("--check").arg(pdf));
    assert!(ok, "qpdf --check failed for {}:\n{out}\n{err}", pdf.display());
    assert!(!out.to_lowercase().contains("warning") && err.trim().is_empty(), "qpdf warnings:\n{out}\n{err}");
}

/// Every font is embedded, subset and has a ToUnicode map.
fn check_fonts(pdf: &Path) {
    let (ok, out, err) = support::run(support::tool("pdffonts").arg(pdf));
    assert!(ok, "pdffonts failed: {err}");
    let rows: Vec<&str> = out.lines().skip(2).collect();
    assert!(!rows.is_empty(), "no fonts in {}", pdf.display());
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        assert!(n >= 7, "odd pdffonts row: {row}");
        assert_eq!(&cols[n - 5..n - 2], &["yes", "yes", "yes"], "font not embedded+subset+unicode: {row}");
        assert!(cols[0].len() > 7 && cols[0].as_bytes()[6] == b'+', "no subset tag: {row}");
    }
}

/// The page count from pdfinfo.
fn page_count(pdf: &Path) -> usize {
    let (ok, out, err) = support::run(support::tool("pdfinfo").arg(pdf));
    assert!(ok, "pdfinfo failed: {err}");
    out.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo gives a page count")
}

/// Every page renders; `sample` (1-based) is also written at 100 dpi for a person to look at.
fn check_renders(pdf: &Path, dir: &Path, sample: usize) {
    let pages = page_count(pdf);
    let (ok, _, err) = support::run(support::tool("pdftoppm").args(["-r", "20", "-gray"]).arg(pdf).arg(dir.join("all")));
    assert!(ok && !err.contains("Error"), "pdftoppm failed: {err}");
    let rendered = std::fs::read_dir(dir).expect("out dir").flatten().filter(|e| e.file_name().to_string_lossy().starts_with("all")).count();
    assert_eq!(rendered, pages, "pdftoppm rendered {rendered} of {pages} pages");
    for e in std::fs::read_dir(dir).expect("out dir").flatten() {
        if e.file_name().to_string_lossy().starts_with("all") {
            let _ = std::fs::remove_file(e.path());
        }
    }
    let n = sample.min(pages).to_string();
    let (ok, _, err) =
        support::run(support::tool("pdftoppm").args(["-r", "100", "-png", "-singlefile", "-f", &n, "-l", &n]).arg(pdf).arg(dir.join("page")));
    assert!(ok, "pdftoppm failed on page {n}: {err}");
}

/// Whitespace and hyphens removed (line breaks may add or keep hyphens): the rest must match.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace() && !matches!(c, '-' | '\u{AD}' | '\u{2010}')).collect()
}

/// Paragraphs of plain inline content (no footnote refs, images, math or HTML), as text.
fn paragraphs(blocks: &[Block], out: &mut Vec<String>) {
    fn plain(inl: &[Inline]) -> bool {
        inl.iter().all(|i| match &i.kind {
            InlineKind::Text(_) | InlineKind::Code(_) | InlineKind::SoftBreak => true,
            InlineKind::Emphasis(c) | InlineKind::Strong(c) | InlineKind::Strikethrough(c) => plain(c),
            InlineKind::Link { children, .. } => plain(children),
            _ => false,
        })
    }
    for b in blocks {
        match &b.kind {
            BlockKind::Paragraph(inl) if plain(inl) => out.push(plain_text(inl)),
            BlockKind::BlockQuote(c) | BlockKind::Admonition { blocks: c, .. } => paragraphs(c, out),
            BlockKind::List { items, .. } => items.iter().for_each(|i| paragraphs(&i.blocks, out)),
            _ => {}
        }
    }
}

/// True when `para` is in `all`, whole or split once by at most `gap` characters of page
/// furniture (running head, folio) where it crosses a page.
fn found(all: &str, para: &str, gap: usize) -> bool {
    if all.contains(para) {
        return true;
    }
    let cuts: Vec<usize> = para.char_indices().map(|(i, _)| i).skip(1).collect();
    cuts.iter().any(|&k| {
        let (head, tail) = para.split_at(k);
        all.match_indices(head).any(|(at, _)| {
            let rest = &all[at + head.len()..];
            let end = rest.char_indices().nth(gap + tail.chars().count()).map(|(i, _)| i).unwrap_or(rest.len());
            rest[..end].contains(tail)
        })
    })
}

/// pdftotext gives back the plain paragraphs: all of them, or (for whole books set by the real
/// layout) all but `tolerance` of them, which are printed. Returns the extracted text.
fn check_text(pdf: &Path, book: &quire_core::Book, tolerance: f32) -> String {
    let (ok, text, err) = support::run(support::tool("pdftotext").args(["-enc", "UTF-8"]).arg(pdf).arg("-"));
    assert!(ok, "pdftotext failed: {err}");
    // A paragraph that crosses a page has that page's furniture between its halves in the
    // extracted text, and pdftotext may put the folio after the next page's first line: lines
    // that are only a folio or a running head (the book's or a chapter's title) are taken out.
    let heads: std::collections::HashSet<&str> =
        book.chapters.iter().map(|c| c.title.trim()).chain(std::iter::once(book.title().trim())).collect();
    let body: Vec<&str> = text
        .lines()
        .filter(|l| {
            let t = l.trim();
            let folio = !t.is_empty() && t.len() <= 4 && t.chars().all(|c| c.is_ascii_digit());
            !folio && !heads.contains(t)
        })
        .collect();
    // The footnotes' own text is taken out too, leaving their numbers.
    let mut all = squeeze(&body.join("\n"));
    let mut notes = Vec::new();
    for ch in &book.chapters {
        for f in &ch.footnotes {
            paragraphs(&f.blocks, &mut notes);
        }
    }
    for n in notes.iter().map(|n| squeeze(n)).filter(|n| n.chars().count() >= 12) {
        all = all.replace(&n, "");
    }
    let mut paras = Vec::new();
    for ch in &book.chapters {
        paragraphs(&ch.blocks, &mut paras);
    }
    assert!(!paras.is_empty(), "the book has no plain paragraphs");
    let missing: Vec<&String> = paras.iter().filter(|p| !found(&all, &squeeze(p), 120)).collect();
    for m in &missing {
        eprintln!("{}: paragraph not extracted as written: {m:?}", pdf.display());
    }
    let allowed = (paras.len() as f32 * tolerance).floor() as usize;
    assert!(
        missing.len() <= allowed,
        "{} of {} paragraphs not extractable (at most {allowed} allowed), e.g. {:?}",
        missing.len(),
        paras.len(),
        &missing[..missing.len().min(3)]
    );
    text
}

/// Share of paragraphs of a whole book that may extract out of order: none. (Wide gaps inside
/// inline code used to make pdftotext split a justified line into two blocks; spaces in code
/// now barely stretch, and a paragraph that cannot be set well is set loose rather than with
/// words cut.) The misses, if any, are printed.
const TOLERANCE: f32 = 0.0;

/// Renders twice (same bytes), writes it, runs every check.
fn check_book(name: &str, book: &quire_core::Book, sample_page: usize, tolerance: f32) -> (PathBuf, String) {
    let bytes = render(book);
    assert!(bytes == render(book), "{name}: rendering twice gives different bytes");
    let dir = support::out_dir(&format!("pdf-{name}"));
    let pdf = dir.join("book.pdf");
    std::fs::write(&pdf, &bytes).expect("write pdf");
    check_qpdf(&pdf);
    check_fonts(&pdf);
    check_renders(&pdf, &dir, sample_page);
    let text = check_text(&pdf, book, tolerance);
    (pdf, text)
}

#[test]
fn pdf_mixed_fixture_embeds_subsets_and_extracts_source_text() {
    let book = support::load_fixture("pdf", "mixed");
    let (pdf, text) = check_book("mixed", &book, 1, 0.0);
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for phrase in ["The quick brown fox jumps over the lazy dog", "office affluent fine", "集群管理器", "“引号”"] {
        assert!(collapsed.contains(phrase), "{phrase:?} not in extracted text:\n{text}");
    }
    // CJK faces stay CFF (CID Type 0C), Latin faces TrueType.
    let (_, fonts, _) = support::run(support::tool("pdffonts").arg(&pdf));
    assert!(fonts.contains("NotoSerifCJKsc-Regular") && fonts.contains("CID Type 0C"), "{fonts}");
    assert!(fonts.contains("NotoSerif-Regular") && fonts.contains("CID TrueType"), "{fonts}");
    let (_, info, _) = support::run(support::tool("pdfinfo").arg(&pdf));
    assert!(info.contains("混排测试 Mixed typesetting") && info.contains("Producer:        Quire"), "{info}");
}

#[test]
fn pdf_handbook_is_valid() {
    let book = quire_core::Book::load(support::root().join("manuscript")).expect("the handbook loads");
    check_book("handbook", &book, 12, TOLERANCE);
}

#[test]
#[cfg_attr(not(has_corpora), ignore = "needs ../shared/corpora")]
fn pdf_mesos_in_action_is_valid() {
    let dir = support::corpus("mesos-in-action");
    let book = quire_core::Book::load(&dir).expect("mesos-in-action loads");
    check_book("mesos-in-action", &book, 20, TOLERANCE);
}

#[test]
fn pdf_images_links_outline_and_labels() {
    let book = support::load_fixture("pdf", "mixed");
    let dir = support::out_dir("pdf-mixed-objects");
    let pdf = dir.join("book.pdf");
    std::fs::write(&pdf, render(&book)).expect("write pdf");
    check_qpdf(&pdf);
    // The JPEG goes in unchanged; the PNG's alpha becomes a soft mask.
    let (ok, list, err) = support::run(support::tool("pdfimages").arg("-list").arg(&pdf));
    assert!(ok, "pdfimages failed: {err}");
    assert!(list.lines().any(|l| l.contains(" jpeg ")), "no DCT image:\n{list}");
    assert!(list.lines().any(|l| l.contains(" smask ")), "no soft mask:\n{list}");
    let (ok, _, err) = support::run(support::tool("pdfimages").arg("-j").arg(&pdf).arg(dir.join("img")));
    assert!(ok, "pdfimages -j failed: {err}");
    let source = std::fs::read(support::fixture("pdf", "mixed").join("src/images/gradient.jpg")).expect("jpeg");
    let extracted: Vec<Vec<u8>> = std::fs::read_dir(&dir)
        .expect("dir")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".jpg"))
        .map(|e| std::fs::read(e.path()).expect("read"))
        .collect();
    assert!(extracted.contains(&source), "the JPEG was re-encoded");
    // External link annotation.
    let (ok, urls, err) = support::run(support::tool("pdfinfo").arg("-url").arg(&pdf));
    assert!(ok, "pdfinfo -url failed: {err}");
    assert!(urls.contains("https://example.com/quire"), "no URI link:\n{urls}");
    // Outline and page labels, through qpdf's JSON.
    let (ok, json, err) = support::run(support::tool("qpdf").args(["--json", "--json-key=outlines", "--json-key=pagelabels"]).arg(&pdf));
    assert!(ok, "qpdf --json failed: {err}");
    let v: serde_json::Value = serde_json::from_str(&json).expect("qpdf json");
    let titles: Vec<&str> = v["outlines"].as_array().expect("outlines").iter().filter_map(|o| o["title"].as_str()).collect();
    assert!(titles.iter().any(|t| t.contains("集群管理")) && titles.iter().any(|t| t.contains("Fonts")), "outline: {titles:?}");
    assert!(!v["pagelabels"].as_array().expect("labels").is_empty(), "no page labels");
    // Internal link: some annotation has a GoTo action.
    let (_, raw, _) = support::run(support::tool("qpdf").args(["--qdf", "--object-streams=disable"]).arg(&pdf).arg("-"));
    assert!(raw.contains("/S /GoTo"), "no internal link annotation");
}

/// A glyph that stands for different text in different places (a page number set as one
/// cluster, a ligature) still extracts as its source text: the ToUnicode map takes the usual
/// meaning, the other occurrences get /ActualText.
#[test]
fn pdf_glyph_with_several_texts_extracts_each() {
    use quire_pdf::model::{Color, Document, GlyphRun, Item, Page};
    let book = support::load_fixture("pdf", "mixed");
    let fonts = quire_pdf::font_book(&book, &quire_pdf::Options { fonts: fonts(), ..Default::default() }).expect("fonts");
    let serif = quire_pdf::Style::regular(quire_pdf::Family::Serif);
    let font = fonts.itemize("7", serif)[0].1.expect("a face has 7");
    let seven = fonts.shape(font, "7", 12.0)[0];
    // "7" three times as "7", then standing for "7x" (first glyph of a two-glyph cluster) and
    // for "" (the second glyph): without /ActualText that line would extract as "77".
    let line = |y: f32, texts: &[&str]| {
        let mut run = GlyphRun::new(font, 12.0, 72.0, y, Color::BLACK);
        for (i, t) in texts.iter().enumerate() {
            run.push(seven.id, i as f32 * seven.advance, 0.0, t);
        }
        Item::Text(run)
    };
    let page = Page { width: 300.0, height: 300.0, items: vec![line(100.0, &["7", "7", "7"]), line(150.0, &["7x", ""])], ..Page::default() };
    let doc = Document { pages: vec![page], ..Document::default() };
    let bytes = quire_pdf::write::write(&doc, &fonts, &book).expect("writes");
    let dir = support::out_dir("pdf-actualtext");
    let pdf = dir.join("a.pdf");
    std::fs::write(&pdf, bytes).expect("write");
    check_qpdf(&pdf);
    let (ok, text, err) = support::run(support::tool("pdftotext").args(["-enc", "UTF-8"]).arg(&pdf).arg("-"));
    assert!(ok, "{err}");
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    assert_eq!(lines, vec!["777", "7x"], "{text:?}");
}

/// Print profile boxes reach the page dictionaries, flipped to PDF's bottom-left origin.
#[test]
fn pdf_trim_and_bleed_boxes() {
    use quire_pdf::model::{Document, Page, Rect};
    let book = support::load_fixture("pdf", "mixed");
    let fonts = quire_pdf::font_book(&book, &quire_pdf::Options { fonts: fonts(), ..Default::default() }).expect("fonts");
    let page = Page {
        width: 400.0,
        height: 600.0,
        trim_box: Some(Rect { x: 10.0, y: 20.0, w: 380.0, h: 560.0 }),
        bleed_box: Some(Rect { x: 1.0, y: 11.0, w: 398.0, h: 578.0 }),
        ..Page::default()
    };
    let doc = Document { pages: vec![page], ..Document::default() };
    let dir = support::out_dir("pdf-boxes");
    let pdf = dir.join("boxes.pdf");
    std::fs::write(&pdf, quire_pdf::write::write(&doc, &fonts, &book).expect("writes")).expect("write");
    check_qpdf(&pdf);
    let (ok, info, err) = support::run(support::tool("pdfinfo").arg("-box").arg(&pdf));
    assert!(ok, "{err}");
    let norm = info.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(norm.contains("TrimBox: 10.00 20.00 390.00 580.00"), "{info}");
    assert!(norm.contains("BleedBox: 1.00 11.00 399.00 589.00"), "{info}");
}

/// The model's image items and the diagnostics of laying out `book`.
fn laid_out_images(book: &quire_core::Book) -> (Vec<(quire_core::AssetId, quire_pdf::model::Rect)>, usize, Vec<quire_core::Diagnostic>) {
    use quire_pdf::model::Item;
    let opts = quire_pdf::Options { fonts: fonts(), ..Default::default() };
    let fonts = quire_pdf::font_book(book, &opts).expect("fonts");
    let (doc, diags) = quire_pdf::layout::layout(book, &fonts, &opts.layout);
    let items: Vec<&Item> = doc.pages.iter().flat_map(|p| &p.items).collect();
    let images = items.iter().filter_map(|i| match i {
        Item::Image { asset, rect } => Some((*asset, *rect)),
        _ => None,
    });
    let strokes = items.iter().filter(|i| matches!(i, Item::Stroke { .. })).count();
    (images.collect(), strokes, diags)
}

/// Issue 5: SVG, GIF and WebP figures are drawn, not left as placeholders. The page model has an
/// image item for each (the SVG sized by its intrinsic 300 × 150 px) and no placeholder frame
/// or warning; the PDF has a Form XObject for the SVG and image XObjects (with soft masks for
/// the transparent GIF and WebP) for the others, passes `qpdf --check`, renders with pdftoppm
/// and is the same bytes twice.
#[test]
fn pdf_svg_gif_webp_figures_are_drawn() {
    let book = support::load_fixture("pdf", "images");
    let (images, strokes, diags) = laid_out_images(&book);
    assert_eq!(images.len(), 4, "{images:?}");
    assert_eq!(strokes, 0, "a placeholder frame");
    assert!(diags.iter().all(|d| d.code != "pdf-image-placeholder"), "{diags:?}");
    let svg = book.assets.iter().find(|a| a.path.to_string_lossy().ends_with("diagram.svg")).expect("svg asset");
    let (_, rect) = images.iter().find(|(a, _)| *a == svg.id).expect("the SVG is an image item");
    assert!((rect.w / rect.h - 2.0).abs() < 1e-3 && (rect.w - 225.0).abs() < 1e-3, "300×150 px at 96 ppi: {rect:?}");

    let out = quire_pdf::render(&book, &quire_pdf::Options { fonts: fonts(), ..Default::default() }).expect("renders");
    assert!(out.diagnostics.iter().all(|d| d.code != "pdf-image-placeholder"), "{:?}", out.diagnostics);
    let bytes = out.files[0].data.clone();
    assert!(bytes == render(&book), "rendering twice gives different bytes");
    let dir = support::out_dir("pdf-images");
    let pdf = dir.join("book.pdf");
    std::fs::write(&pdf, &bytes).expect("write pdf");
    check_qpdf(&pdf);
    check_fonts(&pdf);
    check_renders(&pdf, &dir, 1);
    let doc = lopdf::Document::load(&pdf).expect("lopdf reads it");
    let subtype = |s: &lopdf::Stream| s.dict.get(b"Subtype").ok().and_then(|n| n.as_name().ok()).map(<[u8]>::to_vec);
    let streams: Vec<&lopdf::Stream> = doc.objects.values().filter_map(|o| o.as_stream().ok()).collect();
    let forms = streams.iter().filter(|s| subtype(s).as_deref() == Some(b"Form")).count();
    let images = streams.iter().filter(|s| subtype(s).as_deref() == Some(b"Image")).count();
    assert!(forms >= 1, "no Form XObject for the SVG");
    // GIF, two WebPs, and the soft mask of the lossless WebP; the GIF goes in as its palette
    // (`/Indexed`) with its transparent index as a colour-key `/Mask` (issue 18).
    assert!(images >= 4, "{images} image XObjects");
    let indexed_keyed = streams
        .iter()
        .filter(|s| subtype(s).as_deref() == Some(b"Image"))
        .filter(|s| s.dict.get(b"ColorSpace").ok().and_then(|c| c.as_array().ok()).and_then(|a| a.first()).and_then(|n| n.as_name().ok()) == Some(b"Indexed".as_slice()))
        .filter(|s| s.dict.get(b"Mask").ok().and_then(|m| m.as_array().ok()).is_some_and(|a| a.len() == 2))
        .count();
    assert_eq!(indexed_keyed, 1, "the GIF as its palette with a colour key");
    // The writer keeps image bytes apart until lopdf's document exists (issue 18): every image,
    // soft mask and form got its bytes back, and the marker is gone.
    for s in streams.iter().filter(|s| matches!(subtype(s).as_deref(), Some(b"Image" | b"Form"))) {
        assert!(!s.content.is_empty(), "an empty XObject: {:?}", s.dict);
        assert!(s.dict.get(b"QuireAsset").is_err(), "the placeholder marker was written");
    }
    let (ok, list, err) = support::run(support::tool("pdfimages").arg("-list").arg(&pdf));
    assert!(ok, "pdfimages failed: {err}");
    assert_eq!(list.lines().filter(|l| l.contains(" smask ")).count(), 1, "the soft mask of the alpha WebP:\n{list}");
    assert_eq!(list.lines().filter(|l| l.contains(" index ")).count(), 1, "the GIF as an indexed image:\n{list}");
}

/// A malformed SVG is a placeholder with a warning at layout; a GIF whose header reads but whose
/// data is cut off is an empty frame with a warning from the writer. Nothing panics.
#[test]
fn pdf_broken_svg_and_gif_are_placeholders_with_warnings() {
    let dir = support::out_dir("pdf-broken-images");
    std::fs::create_dir_all(dir.join("src")).expect("src");
    std::fs::write(dir.join("book.toml"), "[book]\ntitle = \"Broken\"\n").expect("toml");
    std::fs::write(dir.join("src/SUMMARY.md"), "# Summary\n\n- [A](a.md)\n").expect("summary");
    std::fs::write(dir.join("src/a.md"), "# A\n\n![bad svg](bad.svg)\n\n![cut gif](cut.gif)\n\n![empty svg](empty.svg)\n").expect("chapter");
    std::fs::write(dir.join("src/bad.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><path d=\"M0 0 L").expect("svg");
    std::fs::write(dir.join("src/empty.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"0\" height=\"0\"/>").expect("svg");
    let gif = std::fs::read(support::fixture("pdf", "images").join("src/images/bands.gif")).expect("gif");
    std::fs::write(dir.join("src/cut.gif"), &gif[..20]).expect("gif");
    let book = quire_core::Book::load(&dir).expect("loads");
    let (images, strokes, diags) = laid_out_images(&book);
    assert_eq!(images.len(), 1, "only the cut GIF has a readable size");
    assert_eq!(strokes, 2, "two placeholder frames");
    assert_eq!(diags.iter().filter(|d| d.code == "pdf-image-placeholder").count(), 2, "{diags:?}");
    let out = quire_pdf::render(&book, &quire_pdf::Options { fonts: fonts(), ..Default::default() }).expect("renders");
    let warned: Vec<&String> = out.diagnostics.iter().filter(|d| d.code == "pdf-image-placeholder").map(|d| &d.message).collect();
    assert_eq!(warned.len(), 3, "{warned:?}");
    assert!(warned.iter().any(|m| m.contains("cut.gif")), "{warned:?}");
    let pdf = dir.join("book.pdf");
    std::fs::write(&pdf, &out.files[0].data).expect("write");
    check_qpdf(&pdf);
}

/// A Japanese and a Korean book with the shipped fonts plus the installed ones (Debian's
/// fonts-noto-cjk, from `.ci/install-tools`): the installed CJK collection is found, the region's
/// face is used (JP, KR), no glyph is missing, and the labels are the language's own.
#[test]
fn pdf_japanese_and_korean_books_find_installed_fonts() {
    for (case, face, contents) in [("cjk-ja", "CJK JP", "目次"), ("cjk-ko", "CJK KR", "목차")] {
        let book = support::load_fixture("pdf", case);
        let request = quire::BuildRequest::new(vec![quire::Format::Pdf]).with_fonts(fonts());
        let (request, added) = request.with_system_fonts(&book);
        assert!(added.iter().any(|f| f.ends_with(".ttc") || f.contains("CJK")), "{case}: no installed CJK font found: {added:?}");
        let fb = quire_pdf::font_book(&book, &request.pdf).expect("font book");
        let first = fb.ids().map(|f| fb.family_name(f).to_string()).filter(|n| n.contains(face)).count();
        assert!(first > 0, "{case}: no {face} face");
        let out = quire_pdf::render(&book, &request.pdf).expect("renders");
        let missing: Vec<&String> = out.diagnostics.iter().filter(|d| d.code == "pdf-missing-glyph").map(|d| &d.message).collect();
        assert!(missing.is_empty(), "{case}: {missing:?}");
        let dir = support::out_dir(&format!("pdf-{case}"));
        let pdf = dir.join("book.pdf");
        std::fs::write(&pdf, &out.files[0].data).expect("write");
        let (ok, text, err) = support::run(support::tool("pdftotext").arg("-enc").arg("UTF-8").arg(&pdf).arg("-"));
        assert!(ok, "{err}");
        assert!(text.contains(contents), "{case}: {text}");
        assert!(!text.contains("代码清单") && !text.contains("目录"), "{case}: {text}");
        if case == "cjk-ko" {
            for words in ["다음은 러스트로 작성한", "안녕하세요 세계", "Rust는 소유권을"] {
                assert!(text.contains(words), "{case}: `{words}` lost its spaces in {text}");
            }
        }
    }
    // Without installed fonts, the Korean book's Hangul is one warning for the script.
    let book = support::load_fixture("pdf", "cjk-ko");
    let out = quire_pdf::render(&book, &quire_pdf::Options { fonts: fonts(), ..Default::default() }).expect("renders");
    let missing: Vec<&String> = out.diagnostics.iter().filter(|d| d.code == "pdf-missing-glyph").map(|d| &d.message).collect();
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert!(missing[0].contains("characters of the Hangul script have no font (first: `"), "{}", missing[0]);
    assert!(missing[0].contains("U+"), "{}", missing[0]);
}

/// Words of one PDF page from `pdftotext -bbox`: (text, xMin, yMin, xMax).
fn page_words(pdf: &Path, page: usize) -> Vec<(String, f32, f32, f32)> {
    let (ok, out, err) = support::run(support::tool("pdftotext").args(["-bbox", "-f", &page.to_string(), "-l", &page.to_string()]).arg(pdf).arg("-"));
    assert!(ok, "pdftotext -bbox: {err}");
    let attr = |w: &str, name: &str| -> f32 {
        let at = w.find(&format!("{name}=\"")).map(|i| i + name.len() + 2).expect("attribute");
        w[at..].split('"').next().and_then(|v| v.parse().ok()).expect("number")
    };
    out.lines()
        .filter(|l| l.trim_start().starts_with("<word "))
        .map(|l| {
            let text = l.split('>').nth(1).and_then(|t| t.split('<').next()).unwrap_or_default();
            let text = text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"");
            (text, attr(l, "xMin"), attr(l, "yMin"), attr(l, "xMax"))
        })
        .collect()
}

/// A 180-character book title and a long chapter title are shortened with an ellipsis at a word
/// boundary beside the folio on verso and recto pages, never overlapping it; `running-head`
/// replaces the book title.
#[test]
fn pdf_running_heads_fit_beside_the_folio() {
    let title = "A Very Long Book Title That Goes On and On About Everything a Careful Author Might Want to Say in a Title Before the Publisher Finally Asks Them to Choose a Shorter One Now, Please";
    assert_eq!(title.chars().count(), 180);
    let long_chapter = "The Chapter Whose Title Is Also Far Too Long to Fit Beside the Folio in the Running Head of a Recto Page";
    let para = "Words of a paragraph that fill the page. ".repeat(60);
    let chapter = format!("# {long_chapter}\n\n{}\n", [para.as_str(); 12].join("\n\n"));
    for (case, extra, verso_expect) in [("long", "", None), ("override", "[output.pdf]\nrunning-head = \"Short Title\"\n", Some("Short Title"))] {
        let toml = format!("[book]\ntitle = \"{title}\"\nlanguage = \"en\"\n{extra}");
        let dir = support::scratch_book(&format!("pdf-running-head-{case}"), &[("book.toml", toml.as_bytes()), ("src/SUMMARY.md", format!("- [{long_chapter}](c.md)\n").as_bytes()), ("src/c.md", chapter.as_bytes())]);
        let book = quire_core::Book::load(&dir).expect("loads");
        let pdf = dir.join("book.pdf");
        std::fs::write(&pdf, render(&book)).expect("write pdf");
        let pages = page_count(&pdf);
        assert!(pages >= 6, "{pages} pages");
        let (mut heads, mut shortened) = (0, 0);
        let all: Vec<_> = (1..=pages).map(|page| page_words(&pdf, page)).collect();
        // The running heads stand in the top margin, above any text of the block.
        let top = all.iter().flatten().map(|w| w.2).fold(f32::MAX, f32::min);
        for (page, words) in all.iter().enumerate().map(|(i, w)| (i + 1, w)) {
            let head: Vec<_> = words.iter().filter(|w| (w.2 - top).abs() < 2.0).collect();
            // A head line holds the folio (a number at one end) and the title.
            let Some(folio) = head.iter().find(|w| w.0.chars().all(|c| c.is_ascii_digit() || "ivxlc".contains(c))) else { continue };
            let text: Vec<&(String, f32, f32, f32)> = head.iter().copied().filter(|w| !std::ptr::eq(*w, *folio)).collect();
            if text.is_empty() {
                continue;
            }
            heads += 1;
            let (x0, x1) = (text.iter().map(|w| w.1).fold(f32::MAX, f32::min), text.iter().map(|w| w.3).fold(f32::MIN, f32::max));
            assert!(folio.3 < x0 - 5.0 || folio.1 > x1 + 5.0, "page {page}: head {x0}..{x1} overlaps folio {:?}", folio);
            let line: Vec<&str> = text.iter().map(|w| w.0.as_str()).collect();
            let line = line.join(" ");
            if line.ends_with('…') {
                shortened += 1;
                let kept = line.trim_end_matches('…');
                assert!(title.starts_with(kept) || long_chapter.starts_with(kept) || verso_expect.is_some_and(|v| v.starts_with(kept)), "page {page}: {line:?} is not a prefix of a title");
                let next = title.strip_prefix(kept).or_else(|| long_chapter.strip_prefix(kept)).unwrap_or(" ");
                assert!(next.starts_with(' '), "page {page}: {line:?} is cut inside a word");
            }
            if let Some(v) = verso_expect {
                assert!(!line.contains("Publisher"), "page {page}: the override replaces the book title: {line:?}");
                if page % 2 == 0 {
                    assert_eq!(line, v, "page {page}");
                }
            }
        }
        assert!(heads >= 4, "{case}: {heads} running heads found");
        let want = if verso_expect.is_some() { heads / 2 - 1 } else { heads - 1 };
        assert!(shortened >= want, "{case}: only {shortened} of {heads} heads shortened");
    }
}

/// A shared corpus book rendered as a build would: the committed fonts, then the installed ones
/// (the CJK books need Debian's fonts-noto-cjk); its diagnostics as (code, message).
pub(crate) struct CorpusPdf {
    /// The book.
    pub book: quire_core::Book,
    /// `book.pdf`.
    pub bytes: Vec<u8>,
    /// The render's diagnostics.
    pub diagnostics: Vec<(String, String)>,
}

/// Each shared corpus rendered once per test run and shared by every test that needs the whole
/// book's PDF (the exact-text test here, the tagged checker, the CJK checks).
pub(crate) fn corpus_pdf(name: &str) -> Arc<CorpusPdf> {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    type Cache = Mutex<HashMap<String, Arc<OnceLock<Arc<CorpusPdf>>>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cell = {
        let mut map = CACHE.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner());
        map.entry(name.to_string()).or_default().clone()
    };
    cell.get_or_init(|| {
        let book = quire_core::Book::load(support::corpus(name)).unwrap_or_else(|e| panic!("{name} loads: {e}"));
        let request = quire::BuildRequest::new(vec![quire::Format::Pdf]).with_fonts(quire::fonts::load_dir(support::root().join("fonts")));
        let (request, _) = request.with_system_fonts(&book);
        let out = quire_pdf::render(&book, &request.pdf).expect("renders");
        let diagnostics = out.diagnostics.iter().map(|d| (d.code.to_string(), d.message.clone())).collect();
        let bytes = out.files.into_iter().next().map(|f| f.data).expect("book.pdf");
        Arc::new(CorpusPdf { book, bytes, diagnostics })
    })
    .clone()
}

/// `pdftotext` gives back every plain paragraph of every shared corpus exactly (CJK included:
/// compressed punctuation, CJK–Latin spacing, hyphenated breaks and ligatures extract as the
/// source wrote them). Each book is rendered once ([`corpus_pdf`]); every book is checked before
/// the test fails, and the books that pass are printed.
#[test]
#[cfg_attr(not(has_corpora), ignore = "needs ../shared/corpora")]
fn pdf_corpora_extract_every_paragraph_as_written() {
    let mut failed = Vec::new();
    for name in support::corpus_names() {
        let c = corpus_pdf(&name);
        let missing: Vec<&String> = c.diagnostics.iter().filter(|(code, _)| code == "pdf-missing-glyph").map(|(_, m)| m).collect();
        assert!(missing.is_empty(), "{name}: characters without a glyph: {missing:?}");
        let dir = support::out_dir(&format!("pdf-text-{name}"));
        let pdf = dir.join("book.pdf");
        std::fs::write(&pdf, &c.bytes).expect("write pdf");
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check_text(&pdf, &c.book, 0.0))) {
            Ok(_) => println!("{name}: every paragraph extracts as written"),
            Err(_) => failed.push(name),
        }
    }
    assert!(failed.is_empty(), "paragraphs not extracted as written in {failed:?} (listed above)");
}
