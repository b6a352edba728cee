//! Integration tests: the PDF print profile (`--profile print`, issue 6). The handbook is built
//! as PDF/X-4 and PDF/X-1a and read back with lopdf: page boxes nested and sized, the output
//! intent with its embedded CMYK profile, PDF/X identification in Info and XMP, /Trapped, /ID,
//! no encryption or annotations, embedded fonts, CMYK-only colour (no RGB operators or images;
//! black text as 0 0 0 1 k), signatures of 16 pages, chapters on odd pages, and the cover's
//! width. `qpdf --check` and Ghostscript (`gs -sDEVICE=nullpage`) must read both files without
//! an error or a warning. veraPDF is not available: these checks stand in for its PDF/X rules.

use crate::support;
use lopdf::{Document, Object, ObjectId};
use quire_pdf::print::{PdfX, PrintOptions};
use std::path::{Path, PathBuf};
use std::sync::Arc;

const MM: f32 = 72.0 / 25.4;
/// The handbook's trim size: `page-size = "a5"`.
const TRIM: (f32, f32) = (148.0 * MM, 210.0 * MM);

fn fonts() -> Vec<(String, Arc<[u8]>)> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(support::root().join("fonts"))
        .expect("fonts/")
        .flatten()
        .map(|e| e.path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("otf" | "ttf")))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| (p.file_name().unwrap_or_default().to_string_lossy().into_owned(), Arc::from(std::fs::read(p).expect("font"))))
        .collect()
}

/// The handbook with the print profile: (interior, cover) written under target/test-out.
fn build(pdfx: PdfX, name: &str) -> (PathBuf, PathBuf) {
    let book = quire_core::Book::load(support::root().join("manuscript")).expect("handbook loads");
    let print = PrintOptions { pdfx, ..PrintOptions::default() };
    let out = quire_pdf::render(&book, &quire_pdf::Options { fonts: fonts(), print: Some(print), ..Default::default() }).expect("renders");
    let paths: Vec<&str> = out.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, ["book.pdf", "book-cover.pdf"]);
    let dir = support::out_dir(name);
    support::write_rendered(&dir, &out);
    (dir.join("book.pdf"), dir.join("book-cover.pdf"))
}

fn load(path: &Path) -> Document {
    Document::load(path).unwrap_or_else(|e| panic!("lopdf cannot read {}: {e}", path.display()))
}

fn num(o: &Object) -> f32 {
    match o {
        Object::Integer(i) => *i as f32,
        Object::Real(r) => *r,
        other => panic!("not a number: {other:?}"),
    }
}

/// `[llx lly urx ury]` of a page box.
fn page_box(doc: &Document, page: ObjectId, key: &[u8]) -> [f32; 4] {
    let d = doc.get_dictionary(page).expect("page dict");
    let a = d.get(key).and_then(Object::as_array).unwrap_or_else(|_| panic!("page has no {}", String::from_utf8_lossy(key)));
    let v: Vec<f32> = a.iter().map(num).collect();
    [v[0], v[1], v[2], v[3]]
}

fn close(a: f32, b: f32) -> bool {
    (a - b).abs() < 0.05
}

fn text_of(o: &Object) -> String {
    match o {
        Object::String(b, _) => String::from_utf8_lossy(b).into_owned(),
        Object::Name(n) => String::from_utf8_lossy(n).into_owned(),
        other => panic!("not a string: {other:?}"),
    }
}

/// Boxes: trim at the trim size (`trim`), bleed 3 mm outside it, media around both with room
/// for marks (≥ 10 mm beyond the bleed).
fn check_boxes(doc: &Document, trim: (f32, f32)) {
    for (n, id) in doc.get_pages() {
        let media = page_box(doc, id, b"MediaBox");
        let t = page_box(doc, id, b"TrimBox");
        let b = page_box(doc, id, b"BleedBox");
        assert!(close(t[2] - t[0], trim.0) && close(t[3] - t[1], trim.1), "page {n}: trim {t:?} is not {trim:?}");
        let bleed = 3.0 * MM;
        for (i, sign) in [(0, -1.0), (1, -1.0), (2, 1.0), (3, 1.0)] {
            assert!(close(b[i], t[i] + sign * bleed), "page {n}: bleed {b:?} is not trim {t:?} + 3 mm");
            assert!(sign * (media[i] - b[i]) >= 10.0 * MM - 0.05, "page {n}: media {media:?} has no room for marks around {b:?}");
        }
    }
}

/// Output intent, identification, trapping, ID, no encryption, no annotations.
fn check_pdfx(doc: &Document, version: &str) {
    let catalog = doc.catalog().expect("catalog");
    let intents = catalog.get(b"OutputIntents").and_then(Object::as_array).expect("OutputIntents");
    assert_eq!(intents.len(), 1);
    let intent = doc.dereference(&intents[0]).expect("intent").1.as_dict().expect("intent dict");
    assert_eq!(text_of(intent.get(b"S").expect("S")), "GTS_PDFX");
    assert_eq!(text_of(intent.get(b"OutputConditionIdentifier").expect("id")), "FOGRA39");
    let profile = doc.dereference(intent.get(b"DestOutputProfile").expect("profile")).expect("ref").1.as_stream().expect("stream");
    assert_eq!(profile.dict.get(b"N").and_then(Object::as_i64).expect("N"), 4);
    let icc = profile.decompressed_content().unwrap_or_else(|_| profile.content.clone());
    assert_eq!(&icc[36..40], b"acsp", "not an ICC profile");
    assert_eq!(&icc[16..20], b"CMYK");
    assert_eq!(&icc[12..16], b"prtr", "an output (printer) profile");
    let info_ref = doc.trailer.get(b"Info").and_then(Object::as_reference).expect("Info");
    let info = doc.get_dictionary(info_ref).expect("info");
    assert_eq!(text_of(info.get(b"GTS_PDFXVersion").expect("GTS_PDFXVersion")), version);
    assert_eq!(info.get(b"Trapped").expect("Trapped"), &Object::Name(b"False".to_vec()));
    assert!(info.get(b"Title").is_ok());
    let ids = doc.trailer.get(b"ID").and_then(Object::as_array).expect("/ID");
    assert_eq!(ids.len(), 2);
    assert!(ids.iter().all(|i| matches!(i, Object::String(b, _) if b.len() == 16 && b.iter().any(|x| *x != 0))));
    assert!(doc.trailer.get(b"Encrypt").is_err(), "encrypted");
    let meta = catalog.get(b"Metadata").and_then(Object::as_reference).expect("XMP");
    let xmp = doc.get_object(meta).and_then(Object::as_stream).expect("XMP stream");
    let xmp = String::from_utf8_lossy(&xmp.content);
    let tag = if version == "PDF/X-4" { "pdfxid:GTS_PDFXVersion" } else { "pdfx:GTS_PDFXVersion" };
    assert!(xmp.contains(&format!("<{tag}>{version}</{tag}>")), "XMP lacks {tag}: {xmp}");
    assert!(xmp.contains("<pdf:Trapped>False</pdf:Trapped>"));
    for (n, id) in doc.get_pages() {
        assert!(doc.get_dictionary(id).expect("page").get(b"Annots").is_err(), "page {n} has annotations");
    }
    for obj in doc.objects.values() {
        if let Ok(d) = obj.as_dict() {
            assert!(d.get(b"Subtype").map(|s| s != &Object::Name(b"Link".to_vec())).unwrap_or(true), "a link annotation");
        }
    }
}

/// Every font has an embedded font file.
fn check_fonts_embedded(doc: &Document) {
    let mut fonts = 0;
    for obj in doc.objects.values() {
        let Ok(d) = obj.as_dict() else { continue };
        if d.get(b"Type").ok() != Some(&Object::Name(b"Font".to_vec())) {
            continue;
        }
        let sub = text_of(d.get(b"Subtype").expect("font subtype"));
        // A composite font's descendants may be direct objects in its array.
        let descendants: Vec<&lopdf::Dictionary> = if sub == "Type0" {
            let arr = d.get(b"DescendantFonts").and_then(|a| doc.dereference(a)).expect("descendants").1.as_array().expect("array");
            arr.iter().map(|f| doc.dereference(f).expect("descendant").1.as_dict().expect("dict")).collect()
        } else {
            vec![d]
        };
        for f in descendants {
            fonts += 1;
            let fd = f.get(b"FontDescriptor").and_then(|r| doc.dereference(r)).expect("font descriptor").1.as_dict().expect("dict");
            assert!(
                fd.get(b"FontFile").is_ok() || fd.get(b"FontFile2").is_ok() || fd.get(b"FontFile3").is_ok(),
                "font {sub} not embedded"
            );
        }
    }
    assert!(fonts > 0);
}

/// Every content stream (pages and form XObjects) as operations.
fn operations(doc: &Document) -> Vec<(u32, lopdf::content::Operation)> {
    let mut ops = Vec::new();
    for (n, id) in doc.get_pages() {
        let content = doc.get_and_decode_page_content(id).expect("page content");
        ops.extend(content.operations.into_iter().map(|o| (n, o)));
    }
    ops
}

/// No RGB anywhere: no rg/RG/sc with RGB, no DeviceRGB colour space or image; black text is
/// `0 0 0 1 k`.
/// PDF/X-1a: no soft mask, transparency group or constant alpha anywhere.
fn check_no_transparency(doc: &Document) {
    for (id, obj) in &doc.objects {
        let dict = match obj {
            Object::Stream(s) => &s.dict,
            Object::Dictionary(d) => d,
            _ => continue,
        };
        for key in [&b"SMask"[..], b"Group", b"CA", b"ca"] {
            assert!(dict.get(key).is_err(), "object {id:?} has /{} (transparency)", String::from_utf8_lossy(key));
        }
    }
}

fn check_cmyk_only(doc: &Document) {
    let ops = operations(doc);
    for (n, op) in &ops {
        assert!(!matches!(op.operator.as_str(), "rg" | "RG" | "cs" | "CS" | "scn" | "SCN"), "page {n}: {} operator", op.operator);
    }
    let black = ops.iter().any(|(_, o)| o.operator == "k" && o.operands.iter().map(num).collect::<Vec<_>>() == [0.0, 0.0, 0.0, 1.0]);
    assert!(black, "no 100% K text colour");
    for (id, obj) in &doc.objects {
        let dict = match obj {
            Object::Stream(s) => &s.dict,
            Object::Dictionary(d) => d,
            _ => continue,
        };
        for (k, v) in dict.iter() {
            let s = format!("{v:?}");
            assert!(!s.contains("DeviceRGB"), "object {id:?} /{} uses DeviceRGB", String::from_utf8_lossy(k));
        }
    }
}

/// `qpdf --check` and Ghostscript read the file without errors or warnings.
fn check_readers(pdf: &Path) {
    let (ok, out, err) = support::run(support::tool("qpdf").arg("--check").arg(pdf));
    assert!(ok && !out.contains("WARNING") && err.trim().is_empty(), "qpdf --check {}: {out}{err}", pdf.display());
    let (ok, out, err) = support::run(support::tool("gs").args(["-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=nullpage"]).arg(pdf));
    let all = format!("{out}{err}");
    assert!(ok && !all.contains("Error") && !all.contains("Warning") && !all.contains("error"), "gs {}: {all}", pdf.display());
}

/// The 1-based page numbers the top-level bookmarks (chapters, the contents) point to.
fn bookmark_pages(doc: &Document) -> Vec<u32> {
    let pages: std::collections::HashMap<ObjectId, u32> = doc.get_pages().into_iter().map(|(n, id)| (id, n)).collect();
    let root = doc.catalog().and_then(|c| c.get(b"Outlines")).and_then(Object::as_reference).expect("outline");
    let mut item = doc.get_dictionary(root).and_then(|d| d.get(b"First")).and_then(Object::as_reference).ok();
    let mut out = Vec::new();
    while let Some(id) = item {
        let d = doc.get_dictionary(id).expect("outline item");
        let dest = d.get(b"Dest").and_then(Object::as_array).expect("dest");
        out.push(pages[&dest[0].as_reference().expect("page ref")]);
        item = d.get(b"Next").and_then(Object::as_reference).ok();
    }
    out
}

#[test]
fn print_profile_pdfx4_interior_and_cover() {
    let (interior, cover) = build(PdfX::X4, "pdf-print-x4");
    let bytes = std::fs::read(&interior).expect("pdf");
    assert!(bytes.starts_with(b"%PDF-1.6"), "PDF/X-4 header");
    let doc = load(&interior);
    let pages = doc.get_pages().len();
    assert!(pages >= 16 && pages.is_multiple_of(16), "{pages} pages is not a multiple of 16");
    check_boxes(&doc, TRIM);
    check_pdfx(&doc, "PDF/X-4");
    check_fonts_embedded(&doc);
    check_cmyk_only(&doc);
    let starts = bookmark_pages(&doc);
    assert!(starts.len() > 5, "{starts:?}");
    assert!(starts.iter().all(|p| p % 2 == 1), "a chapter opens on a verso: {starts:?}");
    // The padding at the end: blank but for the slug line (one text object, no running head).
    let last = doc.get_pages()[&(pages as u32)];
    let content = doc.get_and_decode_page_content(last).expect("content");
    assert_eq!(content.operations.iter().filter(|o| o.operator == "BT").count(), 1);
    check_readers(&interior);

    let cdoc = load(&cover);
    assert_eq!(cdoc.get_pages().len(), 1);
    let spine = PrintOptions::default().spine_mm(pages) * MM;
    assert!((spine - pages as f32 / 444.0 * 25.4 * MM).abs() < 0.01);
    check_boxes(&cdoc, (2.0 * TRIM.0 + spine, TRIM.1));
    let id = cdoc.get_pages()[&1];
    let b = page_box(&cdoc, id, b"BleedBox");
    assert!(close(b[2] - b[0], 2.0 * TRIM.0 + spine + 2.0 * 3.0 * MM), "cover width {} ", b[2] - b[0]);
    // The background tint runs into the bleed: a filled rectangle covering the BleedBox.
    let bleed_fill = operations(&cdoc).iter().any(|(_, o)| {
        let v: Vec<f32> = o.operands.iter().map(num).collect();
        o.operator == "re" && close(v[0], b[0]) && close(v[1], b[1]) && close(v[0] + v[2], b[2]) && close(v[1] + v[3], b[3])
    });
    assert!(bleed_fill, "the cover background does not reach the bleed");
    check_pdfx(&cdoc, "PDF/X-4");
    check_fonts_embedded(&cdoc);
    check_cmyk_only(&cdoc);
    // The spine text is turned: a cm of [0 -1 1 0 x y].
    let turned = operations(&cdoc).iter().any(|(_, o)| o.operator == "cm" && o.operands.iter().take(4).map(num).zip([0.0, -1.0, 1.0, 0.0]).all(|(a, b)| (a - b).abs() < 1e-4));
    assert!(turned, "no turned spine text");
    check_readers(&cover);
}

#[test]
fn print_profile_pdfx1a_has_no_rgb_and_no_transparency() {
    let (interior, cover) = build(PdfX::X1a, "pdf-print-x1a");
    for path in [&interior, &cover] {
        let bytes = std::fs::read(path).expect("pdf");
        assert!(bytes.starts_with(b"%PDF-1.3"), "PDF/X-1a:2001 is PDF 1.3");
        let doc = load(path);
        check_pdfx(&doc, "PDF/X-1:2001");
        let info = doc.get_dictionary(doc.trailer.get(b"Info").and_then(Object::as_reference).expect("info")).expect("info");
        assert_eq!(text_of(info.get(b"GTS_PDFXConformance").expect("conformance")), "PDF/X-1a:2001");
        check_fonts_embedded(&doc);
        check_cmyk_only(&doc);
        check_no_transparency(&doc);
        for obj in doc.objects.values() {
            if let Object::Stream(st) = obj {
                assert!(st.dict.get(b"Type").ok() != Some(&Object::Name(b"ObjStm".to_vec())), "object streams are PDF 1.5");
            }
        }
        check_readers(path);
    }
    let doc = load(&interior);
    assert!(doc.get_pages().len().is_multiple_of(16));
    // The handbook's PNG figure went in as CMYK.
    let cmyk_image = doc.objects.values().any(|o| {
        o.as_stream().is_ok_and(|s| s.dict.get(b"Subtype").ok() == Some(&Object::Name(b"Image".to_vec())) && s.dict.get(b"ColorSpace").ok() == Some(&Object::Name(b"DeviceCMYK".to_vec())))
    });
    assert!(cmyk_image, "no CMYK image");
}

#[test]
fn print_table_in_book_toml_is_typed() {
    let cfg: quire_core::config::PdfConfig =
        toml_from("page-size = \"a5\"\n[output.pdf.print]\nbleed = 5\nsignature = 32\npdfx = \"x1a\"\npaper-ppi = 400\n");
    let p = PrintOptions::from_config(&cfg.print.expect("print table"));
    assert_eq!((p.bleed_mm, p.signature, p.pdfx, p.paper_ppi), (5.0, 32, PdfX::X1a, 400.0));
}

fn toml_from(s: &str) -> quire_core::config::PdfConfig {
    let dir = support::out_dir("pdf-print-config");
    std::fs::write(dir.join("book.toml"), format!("[book]\ntitle = \"T\"\n[output.pdf]\n{s}")).expect("write");
    std::fs::create_dir_all(dir.join("src")).expect("src");
    std::fs::write(dir.join("src/SUMMARY.md"), "# Summary\n\n- [A](a.md)\n").expect("summary");
    std::fs::write(dir.join("src/a.md"), "# A\n\nText.\n").expect("chapter");
    let book = quire_core::Book::load(&dir).expect("loads");
    assert!(book.diagnostics.iter().all(|d| d.severity != quire_core::Severity::Error), "{:?}", book.diagnostics);
    book.config.output.pdf
}

#[test]
fn publish_build_profile_print_writes_interior_and_cover() {
    let out = support::out_dir("pdf-print-cli");
    let book = support::root().join("manuscript");
    let fonts = support::root().join("fonts");
    let args = ["build", book.to_str().expect("utf-8"), "--format", "pdf", "--profile", "print", "--fonts", fonts.to_str().expect("utf-8"), "--out", out.to_str().expect("utf-8")];
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    let mut io = quire_cli::cli::Io { stdout: &mut stdout, stderr: &mut stderr, stderr_is_terminal: false };
    let code = quire_cli::cli::run_with(std::iter::once("publish").chain(args.iter().copied()), &mut io);
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&stderr));
    let interior = load(&out.join("the-quire-handbook.pdf"));
    assert!(interior.catalog().expect("catalog").get(b"OutputIntents").is_ok(), "--profile print did not reach the renderer");
    assert_eq!(load(&out.join("the-quire-handbook-cover.pdf")).get_pages().len(), 1);
}

/// An RGB JPEG (the `pdf/mixed` fixture's gradient) is tagged ICC-based sRGB in PDF/X-4 and
/// decoded and converted to DeviceCMYK samples in PDF/X-1a (no warning, no image left out).
#[test]
fn print_profile_rgb_jpeg() {
    let book = support::load_fixture("pdf", "mixed");
    let dir = support::out_dir("pdf-print-jpeg");
    for pdfx in [PdfX::X4, PdfX::X1a] {
        let print = PrintOptions { pdfx, cover: false, ..PrintOptions::default() };
        let out = quire_pdf::render(&book, &quire_pdf::Options { fonts: fonts(), print: Some(print), ..Default::default() }).expect("renders");
        let path = dir.join(format!("{pdfx:?}.pdf"));
        std::fs::write(&path, &out.files[0].data).expect("write");
        let doc = load(&path);
        check_cmyk_only(&doc);
        check_readers(&path);
        let warned = out.diagnostics.iter().any(|d| d.code == "pdf-image-placeholder");
        let icc_image = doc.objects.values().filter_map(|o| o.as_stream().ok()).any(|s| {
            let Ok(cs) = s.dict.get(b"ColorSpace").and_then(Object::as_array) else { return false };
            cs.first() == Some(&Object::Name(b"ICCBased".to_vec()))
                && doc.dereference(&cs[1]).ok().and_then(|(_, p)| p.as_stream().ok()).and_then(|p| p.dict.get(b"N").ok()) == Some(&Object::Integer(3))
        });
        let cmyk_flate_image = doc.objects.values().filter_map(|o| o.as_stream().ok()).any(|s| {
            s.dict.get(b"Subtype").ok() == Some(&Object::Name(b"Image".to_vec()))
                && s.dict.get(b"ColorSpace").ok() == Some(&Object::Name(b"DeviceCMYK".to_vec()))
                && s.dict.get(b"Filter").ok() == Some(&Object::Name(b"FlateDecode".to_vec()))
        });
        assert!(!warned, "{pdfx:?}: an RGB JPEG was left out");
        assert_eq!(icc_image, pdfx == PdfX::X4, "{pdfx:?}: sRGB-tagged JPEG only in X-4");
        if pdfx == PdfX::X1a {
            assert!(cmyk_flate_image, "X-1a: the RGB JPEG was not converted to CMYK samples");
        }
    }
}

/// The book's cover image goes on the front of the cover PDF; the same book gives the same bytes.
#[test]
fn print_cover_image_and_reproducible_output() {
    let book = support::load_fixture("epub", "gitbook-cover");
    assert!(book.cover.is_some(), "the fixture has a cover");
    let render = || {
        let opts = quire_pdf::Options { fonts: fonts(), print: Some(PrintOptions::default()), ..Default::default() };
        quire_pdf::render(&book, &opts).expect("renders").files
    };
    let files = render();
    let dir = support::out_dir("pdf-print-cover-image");
    let path = dir.join("book-cover.pdf");
    std::fs::write(&path, &files[1].data).expect("write");
    let doc = load(&path);
    let images = doc.objects.values().filter_map(|o| o.as_stream().ok()).filter(|s| s.dict.get(b"Subtype").ok() == Some(&Object::Name(b"Image".to_vec()))).count();
    assert!(images >= 1, "no cover image on the cover");
    check_readers(&path);
    let again = render();
    assert!(files.iter().zip(&again).all(|(a, b)| a.data == b.data), "print output is not reproducible");
}

/// SVG, GIF and WebP figures in the print profile (issues 5 and 6), the `pdf/images` fixture.
/// PDF/X-4: the SVG stays vectors (a Form XObject, colours ICC-based sRGB), the GIF and WebPs
/// are CMYK images with soft masks. PDF/X-1a: the SVG is rasterised to a CMYK image, nothing
/// has transparency, and there is no Form XObject and no RGB. Both pass qpdf and Ghostscript,
/// with no image left out.
#[test]
fn print_profile_svg_gif_webp() {
    let book = support::load_fixture("pdf", "images");
    let dir = support::out_dir("pdf-print-images");
    for pdfx in [PdfX::X4, PdfX::X1a] {
        let print = PrintOptions { pdfx, cover: false, ..PrintOptions::default() };
        let out = quire_pdf::render(&book, &quire_pdf::Options { fonts: fonts(), print: Some(print), ..Default::default() }).expect("renders");
        let left_out: Vec<&String> =
            out.diagnostics.iter().filter(|d| d.code == "pdf-image-placeholder").map(|d| &d.message).collect();
        assert!(left_out.is_empty(), "{pdfx:?}: {left_out:?}");
        let path = dir.join(format!("{pdfx:?}.pdf"));
        std::fs::write(&path, &out.files[0].data).expect("write");
        let doc = load(&path);
        check_cmyk_only(&doc);
        check_readers(&path);
        let streams: Vec<&lopdf::Stream> = doc.objects.values().filter_map(|o| o.as_stream().ok()).collect();
        let is = |s: &lopdf::Stream, k: &[u8], v: &[u8]| s.dict.get(k).ok() == Some(&Object::Name(v.to_vec()));
        let forms = streams.iter().filter(|s| is(s, b"Subtype", b"Form")).count();
        let images: Vec<&&lopdf::Stream> = streams.iter().filter(|s| is(s, b"Subtype", b"Image")).collect();
        let cmyk = images.iter().filter(|s| is(s, b"ColorSpace", b"DeviceCMYK")).count();
        let masks = images.iter().filter(|s| s.dict.get(b"SMask").is_ok()).count();
        // A GIF goes in as its palette (`/Indexed`), the palette converted to CMYK.
        let indexed_cmyk = images
            .iter()
            .filter(|s| s.dict.get(b"ColorSpace").ok().and_then(|c| c.as_array().ok()).is_some_and(|a| a.get(1) == Some(&Object::Name(b"DeviceCMYK".to_vec()))))
            .count();
        match pdfx {
            PdfX::X4 => {
                assert_eq!(forms, 1, "the SVG as vectors");
                // The WebPs in CMYK, the GIF as its palette in CMYK; soft mask for the alpha WebP,
                // a colour key for the GIF's transparent index.
                assert_eq!((cmyk, indexed_cmyk, masks), (2, 1, 1), "GIF and WebPs in CMYK, a soft mask for the transparent WebP");
            }
            PdfX::X1a => {
                assert_eq!(forms, 0, "no Form XObject: the SVG is rasterised");
                assert_eq!((cmyk, indexed_cmyk, masks), (3, 1, 0), "SVG and WebPs in CMYK, the GIF's palette in CMYK, alpha flattened");
                check_no_transparency(&doc);
            }
        }
    }
}
