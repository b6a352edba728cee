//! Integration tests: raster formats that are not every output's own (BMP, TIFF, ICO, WebP), on
//! `tests/image_formats/raster/`: the PDF draws each, the EPUB packages WebP as it is (an EPUB
//! 3.3 core media type) and the others converted to PNG, and EPUBCheck accepts the package.

use crate::support;

#[test]
fn bmp_tiff_ico_and_webp_reach_the_pdf_and_the_epub() {
    let book = support::load_fixture("image_formats", "raster");
    assert_eq!(book.assets.len(), 4, "{:?}", book.assets.iter().map(|a| &a.path).collect::<Vec<_>>());
    let (epub, diags) = crate::epub::render_and_check("image-formats", &book, &quire_epub::Options::default());
    assert!(!diags.iter().any(|d| d.code == "epub-image-type"), "every image is packaged: {diags:?}");
    let entries = crate::epub::entries(&epub);
    let images: Vec<&quire_epub::package::Entry> = entries.iter().filter(|e| e.name.contains("/images/")).collect();
    let mut names: Vec<String> = images.iter().map(|e| e.name.rsplit('-').next().unwrap_or("").to_string()).collect();
    names.sort();
    assert_eq!(names, ["box.bmp.png", "box.tiff.png", "box.webp", "icon.ico.png"]);
    for e in images.iter().filter(|e| e.name.ends_with(".png")) {
        assert!(e.data.starts_with(b"\x89PNG\r\n\x1a\n"), "{} is a PNG", e.name);
    }
    let chapter = entries.iter().find(|e| e.name.ends_with("chapter.xhtml")).map(|e| String::from_utf8_lossy(&e.data).into_owned()).unwrap_or_default();
    assert_eq!(chapter.matches(".tiff.png\"").count(), 2, "both TIFF images point at the converted file:\n{chapter}");
    // The PDF draws all four (the TIFF once, however often it is shown), with no placeholder.
    let out = quire_pdf::render(&book, &quire_pdf::Options { fonts: crate::pdf::fonts(), ..Default::default() }).expect("renders");
    assert!(!out.diagnostics.iter().any(|d| d.code == "pdf-image-placeholder"), "{:?}", out.diagnostics);
    let pdf = out.files.first().map(|f| f.data.clone()).unwrap_or_default();
    assert_eq!(crate::rawhtml::painted_xobjects(&pdf), 4);
}
