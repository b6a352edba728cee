//! Hostile input: Paths and files: symlinks out of the book root, FIFOs and devices, size caps, UTF-16/32 text, empty SUMMARY.md, image bombs.
//!
//! Each book is made at run time in a scratch folder. Loads that could hang (FIFOs) or run out of
//! memory (a sparse 20 GB file) run on a thread with a deadline, so that the test fails in
//! seconds rather than hanging if the bug comes back.

use crate::support;
use quire_core::{Book, ImageSource, InlineKind, LoadError, Rendered};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// How long a load may take before it counts as hung.
const DEADLINE: Duration = Duration::from_secs(30);

/// A book in a fresh scratch folder: `files` are (path relative to the book, content).
fn book_dir(name: &str, files: &[(&str, &[u8])]) -> PathBuf {
    support::scratch_book(&format!("hostile-paths-{name}"), files)
}

/// Loads the book on a thread; `Err` when it takes longer than [`DEADLINE`] (the thread is left
/// behind, blocked).
fn load_within_deadline(dir: &Path) -> Result<Result<Book, LoadError>, String> {
    let (tx, rx) = std::sync::mpsc::channel();
    let dir = dir.to_path_buf();
    std::thread::spawn(move || {
        let _ = tx.send(Book::load(&dir));
    });
    rx.recv_timeout(DEADLINE).map_err(|_| format!("loading did not finish within {DEADLINE:?}"))
}

fn load_ok(dir: &Path) -> Book {
    match load_within_deadline(dir) {
        Ok(Ok(book)) => book,
        Ok(Err(e)) => panic!("the book should load: {e}"),
        Err(e) => panic!("{e}"),
    }
}

/// (code, file:line:col) of every diagnostic.
fn diags(book: &Book) -> Vec<(&'static str, String)> {
    book.diagnostics.iter().map(|d| (d.code.name(), d.location(&book.sources).unwrap_or_default())).collect()
}

fn mkfifo(path: &Path) {
    let (ok, _, err) = support::run(std::process::Command::new("mkfifo").arg(path));
    assert!(ok, "mkfifo {}: {err}", path.display());
}

fn symlink(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link).unwrap_or_else(|e| panic!("symlink {}: {e}", link.display()));
}

// --- A PNG writer: stored (uncompressed) deflate blocks, CRC and Adler checksums by hand. ---

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let mut body = kind.to_vec();
    body.extend_from_slice(data);
    out.extend_from_slice(&body);
    out.extend_from_slice(&crc32(&body).to_be_bytes());
}

fn zlib_stored(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = if data.is_empty() { vec![&[][..]] } else { data.chunks(65_535).collect() };
    for (i, block) in blocks.iter().enumerate() {
        out.push(u8::from(i + 1 == blocks.len()));
        let len = block.len() as u16;
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(block);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for &x in data {
        a = (a + u32::from(x)) % 65_521;
        b = (b + a) % 65_521;
    }
    out.extend_from_slice(&((b << 16) | a).to_be_bytes());
    out
}

/// An RGB PNG whose header says `w` × `h`; with `pixels` its image data is complete (a grey
/// picture), else only one row's worth is there (a "bomb": tiny file, huge header).
fn png(w: u32, h: u32, pixels: bool) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = w.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    let rows = if pixels { h as usize } else { 1 };
    let row_len = 1 + (w as usize) * 3;
    let mut raw = vec![0x80u8; rows * row_len];
    for r in 0..rows {
        raw[r * row_len] = 0; // filter: none
    }
    chunk(&mut out, b"IDAT", &zlib_stored(&raw));
    chunk(&mut out, b"IEND", &[]);
    out
}

// --- What the three renderers made. ---

fn fonts() -> Vec<(String, Arc<[u8]>)> {
    quire::fonts::load_dir(support::root().join("fonts"))
}

struct Outputs {
    site: Rendered,
    epub_entries: Vec<String>,
    pdf_images: usize,
    pdf_diags: Vec<&'static str>,
}

/// The names of the entries of a zip file (from its local headers).
fn zip_entries(zip: &[u8]) -> Vec<String> {
    let mut names = Vec::new();
    let mut i = 0;
    while i + 30 <= zip.len() {
        if &zip[i..i + 4] == b"PK\x03\x04" {
            let n = u16::from_le_bytes([zip[i + 26], zip[i + 27]]) as usize;
            if let Some(name) = zip.get(i + 30..i + 30 + n) {
                names.push(String::from_utf8_lossy(name).into_owned());
            }
            i += 30 + n;
        } else {
            i += 1;
        }
    }
    names
}

fn render_all(book: &Book) -> Outputs {
    let site = quire_html::render(book, &quire_html::Options::default()).expect("site renders");
    let epub = quire_epub::render(book, &quire_epub::Options::default()).expect("epub renders");
    let epub_file = epub.files.iter().find(|f| f.path.ends_with(".epub")).expect("an .epub file");
    let pdf = quire_pdf::render(book, &quire_pdf::Options { fonts: fonts(), ..Default::default() }).expect("pdf renders");
    let pdf_file = pdf.files.iter().find(|f| f.path.ends_with(".pdf")).expect("a .pdf file");
    let doc = lopdf::Document::load_mem(&pdf_file.data).expect("lopdf reads the PDF");
    let pdf_images = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"Subtype").ok().and_then(|n| n.as_name().ok()) == Some(&b"Image"[..]))
        .count();
    Outputs {
        site,
        // The EPUB's own placeholder picture is not a book image.
        epub_entries: zip_entries(&epub_file.data).into_iter().filter(|e| !e.contains("quire-missing-image")).collect(),
        pdf_images,
        pdf_diags: pdf.diagnostics.iter().map(|d| d.code.name()).collect(),
    }
}

/// The sources of every inline image of the book, in order.
fn image_sources(book: &Book) -> Vec<ImageSource> {
    let mut out = Vec::new();
    for ch in &book.chapters {
        let mut blocks = ch.blocks.clone();
        quire_core::ast::visit::visit_blocks(&mut blocks, &mut |b| {
            if let quire_core::BlockKind::Figure { image, .. } = &b.kind {
                out.push(image.source.clone());
            }
        });
        quire_core::ast::visit::visit_all_inlines(&mut blocks, &mut |i| {
            if let InlineKind::Image(img) = &i.kind {
                out.push(img.source.clone());
            }
        });
    }
    out
}

// --- Symlinks out of the root. ---

#[test]
fn symlinked_image_and_cover_outside_the_root_are_refused_unless_allowed() {
    let outside = support::out_dir("hostile-paths-outside");
    let secret = png(3, 2, true);
    std::fs::write(outside.join("secret.png"), &secret).expect("write outside file");
    let toml = b"[book]\ntitle = \"T\"\ncover = \"cover.png\"\n";
    let chapter = b"# One\n\n![p](pw.png)\n\n<img src=\"pw.png\" alt=\"raw\">\n";
    let dir = book_dir("symlink", &[("book.toml", toml), ("src/SUMMARY.md", b"- [One](ch.md)\n"), ("src/ch.md", chapter)]);
    symlink(&outside.join("secret.png"), &dir.join("src/pw.png"));
    symlink(&outside.join("secret.png"), &dir.join("src/cover.png"));

    let book = load_ok(&dir);
    let d = diags(&book);
    let escapes: Vec<&(&str, String)> = d.iter().filter(|(c, _)| *c == "path-escape").collect();
    assert_eq!(escapes.len(), 3, "the image, the raw-HTML image and the cover are each refused once: {d:?}");
    assert!(escapes.iter().any(|(_, at)| at == "src/ch.md:3:1"), "{d:?}");
    assert!(!d.iter().any(|(c, _)| *c == "path-escapes-root"), "one code for the problem: {d:?}");
    assert!(book.assets.is_empty() && book.cover.is_none(), "nothing outside the root is read: {:?}", book.assets);
    assert!(matches!(image_sources(&book).as_slice(), [ImageSource::Missing(_), ImageSource::Missing(_)]), "the Markdown and the raw-HTML image");

    let out = render_all(&book);
    for f in &out.site.files {
        assert!(!f.path.contains("images/"), "site ships {}", f.path);
        assert!(&*f.data != secret.as_slice(), "site ships the outside file as {}", f.path);
    }
    assert!(!out.epub_entries.iter().any(|e| e.contains("images/")), "{:?}", out.epub_entries);
    assert_eq!(out.pdf_images, 0, "the PDF embeds no image");

    // The same book with the outside folder allowed reads it.
    let allow = format!("[book]\ntitle = \"T\"\ncover = \"cover.png\"\n[quire]\nallow-paths = [\"{}\"]\n", outside.display());
    std::fs::write(dir.join("book.toml"), allow).expect("rewrite book.toml");
    let book = load_ok(&dir);
    let d = diags(&book);
    assert!(!d.iter().any(|(c, _)| *c == "path-escape"), "{d:?}");
    assert_eq!(book.assets.len(), 2, "the image and the cover (two links to one file): {d:?}");
    assert!(book.assets.iter().all(|a| book.asset_bytes(a).is_ok_and(|d| &*d == secret.as_slice())));
    assert!(book.cover.is_some(), "{d:?}");
}

// --- FIFOs, devices and size caps. ---

#[test]
fn fifo_chapter_include_and_image_are_refused_without_hanging() {
    let chapter = b"# One\n\n{{#include part.md}}\n\n![p](pipe.png)\n";
    let dir = book_dir(
        "fifo",
        &[("book.toml", b"[book]\ntitle = \"T\"\n"), ("src/SUMMARY.md", b"- [One](ch.md)\n- [Two](fifo.md)\n"), ("src/ch.md", chapter)],
    );
    for name in ["fifo.md", "part.md", "pipe.png"] {
        mkfifo(&dir.join("src").join(name));
    }
    let book = load_ok(&dir);
    let d = diags(&book);
    let refused: Vec<&String> = d.iter().filter(|(c, _)| *c == "not-a-file").map(|(_, at)| at).collect();
    assert_eq!(refused.len(), 3, "chapter, include and image each refused once: {d:?}");
    for at in ["src/SUMMARY.md:2:3", "src/ch.md:3:1", "src/ch.md:5:1"] {
        assert!(refused.iter().any(|r| r.as_str() == at), "{at} in {d:?}");
    }
    let msg = book.diagnostics.iter().find(|x| x.code == "not-a-file").map(|x| x.message.clone()).unwrap_or_default();
    assert!(msg.contains("FIFO"), "{msg}");
    assert!(book.assets.is_empty());

    // A FIFO as the config or SUMMARY.md stops the load with an error, quickly.
    for (name, files) in [
        ("fifo-config", vec![("src/SUMMARY.md", &b"- [One](ch.md)\n"[..]), ("src/ch.md", b"# One\n")]),
        ("fifo-summary", vec![("book.toml", &b"[book]\ntitle = \"T\"\n"[..]), ("src/ch.md", b"# One\n")]),
    ] {
        let dir = book_dir(name, &files);
        let fifo = if name == "fifo-config" { dir.join("book.toml") } else { dir.join("src/SUMMARY.md") };
        mkfifo(&fifo);
        match load_within_deadline(&dir) {
            Ok(Err(e)) => assert!(e.to_string().contains("FIFO"), "{name}: {e}"),
            Ok(Ok(book)) => panic!("{name}: a FIFO was taken as a missing file: {:?}", diags(&book)),
            Err(e) => panic!("{name}: {e}"),
        }
    }
}

#[test]
fn sparse_20_gb_files_are_refused_quickly_and_the_cap_is_configurable() {
    let chapter = b"# One\n\n![p](huge.png)\n";
    let dir = book_dir(
        "sparse",
        &[
            ("book.toml", b"[book]\ntitle = \"T\"\n"),
            ("src/SUMMARY.md", b"- [One](ch.md)\n- [Huge](huge.md)\n- [Two](two.md)\n"),
            ("src/ch.md", chapter),
            ("src/two.md", b"# Two\n\nsmall\n"),
        ],
    );
    for name in ["huge.md", "huge.png"] {
        let f = std::fs::File::create(dir.join("src").join(name)).expect("create");
        f.set_len(20 << 30).expect("a sparse 20 GB file");
    }
    let started = std::time::Instant::now();
    let book = load_ok(&dir);
    assert!(started.elapsed() < Duration::from_secs(10), "took {:?}", started.elapsed());
    let d = diags(&book);
    let too_large: Vec<&String> = d.iter().filter(|(c, _)| *c == "file-too-large").map(|(_, at)| at).collect();
    assert_eq!(too_large.len(), 2, "{d:?}");
    assert!(too_large.iter().any(|at| at.as_str() == "src/SUMMARY.md:2:3") && too_large.iter().any(|at| at.as_str() == "src/ch.md:3:1"), "{d:?}");
    assert!(book.chapters.iter().any(|c| c.title == "Two"), "the rest of the book loads");
    for f in ["huge.md", "huge.png"] {
        std::fs::remove_file(dir.join("src").join(f)).expect("remove sparse file");
    }

    // `[quire] max-file-size` sets the cap, in bytes or with a unit.
    let big = "word ".repeat(400); // 2000 bytes
    for cap in ["\"1 KiB\"", "1024"] {
        let toml = format!("[book]\ntitle = \"T\"\n[quire]\nmax-file-size = {cap}\n");
        let dir = book_dir("cap", &[("book.toml", toml.as_bytes()), ("src/SUMMARY.md", b"- [One](one.md)\n"), ("src/one.md", big.as_bytes())]);
        let book = load_ok(&dir);
        let d = diags(&book);
        assert!(d.contains(&("file-too-large", "src/SUMMARY.md:1:3".to_string())), "{cap}: {d:?}");
    }
}

// --- Text encodings and an empty SUMMARY.md. ---

#[test]
fn utf16_chapters_with_a_bom_load_with_the_right_text_and_a_note() {
    let text = "# Grüße 中文\n\nZweite Zeile 𝄞.\n";
    let le: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    let be: Vec<u8> = [0xFE, 0xFF].into_iter().chain(text.encode_utf16().flat_map(u16::to_be_bytes)).collect();
    let dir = book_dir(
        "utf16",
        &[("book.toml", b"[book]\ntitle = \"T\"\n"), ("src/SUMMARY.md", b"- [LE](le.md)\n- [BE](be.md)\n"), ("src/le.md", &le), ("src/be.md", &be)],
    );
    let book = load_ok(&dir);
    let d = diags(&book);
    assert!(!d.iter().any(|(c, _)| *c == "invalid-utf8"), "{d:?}");
    for (i, enc, file) in [(0, "UTF-16LE", "src/le.md"), (1, "UTF-16BE", "src/be.md")] {
        let note = book.diagnostics.iter().find(|x| x.code == "text-encoding" && x.location(&book.sources).as_deref() == Some(&format!("{file}:1:1")));
        assert!(note.is_some_and(|n| n.message.contains(enc) && n.severity == quire_core::Severity::Note), "{enc}: {d:?}");
        let plain: String = book.chapters[i].blocks.iter().map(|b| format!("{:?}", b.kind)).collect();
        assert!(plain.contains("Grüße 中文") && plain.contains("Zweite Zeile 𝄞."), "{enc}: {plain}");
    }
}

#[test]
fn an_empty_summary_is_a_warning_and_the_book_still_loads() {
    for (name, summary, at) in [("empty-summary", &b""[..], "src/SUMMARY.md:1:1"), ("heading-summary", b"# Summary\n\n", "src/SUMMARY.md:1:1"), ("prose-summary", b"# Summary\n\nNothing yet.\n", "src/SUMMARY.md:3:1")] {
        let dir = book_dir(name, &[("book.toml", b"[book]\ntitle = \"T\"\n"), ("src/SUMMARY.md", summary)]);
        let book = load_ok(&dir);
        let d = diags(&book);
        let warn = book.diagnostics.iter().find(|x| x.code == "empty-summary");
        assert!(warn.is_some_and(|w| w.severity == quire_core::Severity::Warning && w.hint.is_some()), "{name}: {d:?}");
        assert!(d.contains(&("empty-summary", at.to_string())), "{name}: {d:?}");
        assert!(book.chapters.is_empty());
    }
}

// --- Image bombs. ---

#[test]
fn an_image_claiming_100000_by_100000_pixels_is_a_placeholder_in_every_format() {
    let bomb = png(100_000, 100_000, false);
    assert!(bomb.len() < 400_000, "the bomb is small: {} bytes", bomb.len());
    let chapter = b"# One\n\nText.\n\n![a huge picture](bomb.png)\n";
    let dir = book_dir(
        "bomb",
        &[("book.toml", b"[book]\ntitle = \"T\"\n"), ("src/SUMMARY.md", b"- [One](ch.md)\n"), ("src/ch.md", chapter), ("src/bomb.png", &bomb)],
    );
    let book = load_ok(&dir);
    let d = diags(&book);
    assert!(d.contains(&("image-too-large", "src/ch.md:5:1".to_string())), "{d:?}");
    let w = book.diagnostics.iter().find(|x| x.code == "image-too-large");
    assert!(w.is_some_and(|w| w.severity == quire_core::Severity::Warning && w.message.contains("100000×100000")), "{d:?}");
    assert!(book.assets.is_empty(), "the bomb is not an asset");
    assert!(matches!(image_sources(&book).as_slice(), [ImageSource::Missing(_)]));

    let out = render_all(&book);
    assert!(!out.site.files.iter().any(|f| &*f.data == bomb.as_slice()), "the site does not ship the bomb");
    let shown = out.site.files.iter().any(|f| f.path.ends_with(".html") && String::from_utf8_lossy(&f.data).contains("a huge picture"));
    assert!(shown, "the placeholder shows the alt text");
    assert!(!out.epub_entries.iter().any(|e| e.contains("images/")), "{:?}", out.epub_entries);
    assert_eq!(out.pdf_images, 0, "the PDF embeds no image");
    assert!(out.pdf_diags.contains(&"pdf-image-placeholder"), "{:?}", out.pdf_diags);
}

/// An SVG has no pixels of its own, but what it declares is paid for by whoever rasterises it
/// (an EPUB reader, a converter): a root declaring a million px square, and a small SVG carrying
/// a `data:` PNG that claims 100000 × 100000, are placeholders like a raster bomb; a normal SVG
/// beside them is drawn in every format.
#[test]
fn svgs_declaring_or_embedding_too_many_pixels_are_placeholders_in_every_format() {
    let ns = r#"xmlns="http://www.w3.org/2000/svg""#;
    let huge = format!(r#"<svg {ns} width="1000000" height="1000000" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>"#);
    let b64 = base64_of(&png(100_000, 100_000, false));
    let carrier = format!(r#"<svg {ns} width="100" height="100"><image width="100" height="100" href="data:image/png;base64,{b64}"/></svg>"#);
    let fine = format!(r#"<svg {ns} width="200" height="100"><rect width="200" height="100" fill="teal"/></svg>"#);
    let chapter = b"# One\n\n![declared huge](huge.svg)\n\n![carries a bomb](carrier.svg)\n\n![fine](fine.svg)\n";
    let dir = book_dir(
        "svg-bombs",
        &[
            ("book.toml", b"[book]\ntitle = \"T\"\n"),
            ("src/SUMMARY.md", b"- [One](ch.md)\n"),
            ("src/ch.md", chapter),
            ("src/huge.svg", huge.as_bytes()),
            ("src/carrier.svg", carrier.as_bytes()),
            ("src/fine.svg", fine.as_bytes()),
        ],
    );
    let book = load_ok(&dir);
    let d = diags(&book);
    assert!(d.contains(&("image-too-large", "src/ch.md:3:1".to_string())), "{d:?}");
    assert!(d.contains(&("image-too-large", "src/ch.md:5:1".to_string())), "{d:?}");
    assert_eq!(d.iter().filter(|(c, _)| *c == "image-too-large").count(), 2, "{d:?}");
    let msgs: Vec<&str> = book.diagnostics.iter().filter(|x| x.code == "image-too-large").map(|x| x.message.as_str()).collect();
    assert!(msgs.iter().any(|m| m.contains("1000000×1000000")) && msgs.iter().any(|m| m.contains("embeds an image") && m.contains("100000×100000")), "{msgs:?}");
    assert_eq!(book.assets.len(), 1, "only the normal SVG is an asset");
    assert!(matches!(image_sources(&book).as_slice(), [ImageSource::Missing(_), ImageSource::Missing(_), ImageSource::Asset(_)]));

    let out = render_all(&book);
    for bomb in [&huge, &carrier] {
        assert!(!out.site.files.iter().any(|f| &*f.data == bomb.as_bytes()), "the site does not ship it");
    }
    assert!(out.site.files.iter().any(|f| &*f.data == fine.as_bytes()), "the site ships the normal SVG");
    assert_eq!(out.epub_entries.iter().filter(|e| e.contains("images/")).count(), 1, "{:?}", out.epub_entries);
    assert_eq!(out.pdf_images, 0, "no raster image reaches the PDF");
    assert_eq!(out.pdf_diags.iter().filter(|c| **c == "pdf-image-placeholder").count(), 2, "{:?}", out.pdf_diags);
}

/// Standard base64 for test data.
fn base64_of(bytes: &[u8]) -> String {
    base64::Engine::encode(&base64::engine::general_purpose::STANDARD, bytes)
}

#[test]
fn an_image_at_the_configured_pixel_bound_still_works() {
    let ok = png(1000, 1000, true);
    let over = png(1001, 1000, true);
    let toml = b"[book]\ntitle = \"T\"\n[quire]\nmax-image-pixels = 1000000\n";
    let chapter = b"# One\n\n![fits](ok.png)\n\n![too big](over.png)\n";
    let dir = book_dir(
        "bound",
        &[("book.toml", toml), ("src/SUMMARY.md", b"- [One](ch.md)\n"), ("src/ch.md", chapter), ("src/ok.png", &ok), ("src/over.png", &over)],
    );
    let book = load_ok(&dir);
    let d = diags(&book);
    assert_eq!(d.iter().filter(|(c, _)| *c == "image-too-large").count(), 1, "{d:?}");
    assert!(d.contains(&("image-too-large", "src/ch.md:5:1".to_string())), "{d:?}");
    assert_eq!(book.assets.len(), 1, "{d:?}");
    assert!(matches!(image_sources(&book).as_slice(), [ImageSource::Asset(_), ImageSource::Missing(_)]));

    let out = render_all(&book);
    assert!(out.site.files.iter().any(|f| &*f.data == ok.as_slice()), "the site ships the image");
    assert_eq!(out.epub_entries.iter().filter(|e| e.contains("images/")).count(), 1, "{:?}", out.epub_entries);
    assert_eq!(out.pdf_images, 1, "the PDF embeds the image");
}

/// `additional-css`/`additional-js` (book.toml names them by path) follow the rule of every
/// manuscript file: a symlink out of the book is refused, a FIFO is refused without hanging.
#[test]
fn site_files_named_in_book_toml_may_not_escape_or_hang() {
    let outside = support::out_dir("hostile-paths-site-outside");
    std::fs::write(outside.join("secret.css"), b"body { secret: 1 }").expect("write outside file");
    let toml = b"[book]\ntitle = \"T\"\n[output.html]\nadditional-css = [\"theme/pw.css\", \"theme/ok.css\"]\nadditional-js = [\"theme/fifo.js\"]\n";
    let dir = book_dir("site-files", &[
        ("book.toml", toml),
        ("src/SUMMARY.md", b"- [One](ch.md)\n"),
        ("src/ch.md", b"# One\n"),
        ("theme/ok.css", b"p { color: teal }"),
    ]);
    symlink(&outside.join("secret.css"), &dir.join("theme/pw.css"));
    mkfifo(&dir.join("theme/fifo.js"));
    let book = load_ok(&dir);
    let (tx, rx) = std::sync::mpsc::channel();
    let b = book.clone();
    std::thread::spawn(move || {
        let _ = tx.send(quire::site_files::load(&b));
    });
    let (css, js, diags) = rx.recv_timeout(DEADLINE).expect("reading the site files does not hang on a FIFO");
    let codes: Vec<(&str, String)> = diags.iter().map(|d| (d.code.name(), d.location(&book.sources).unwrap_or_default())).collect();
    assert!(codes.iter().any(|(c, at)| *c == "path-escape" && at.starts_with("book.toml:")), "{codes:?}");
    assert!(codes.iter().any(|(c, _)| *c == "not-a-file"), "{codes:?}");
    assert_eq!(css.iter().map(|f| f.path.as_str()).collect::<Vec<_>>(), ["theme/ok.css"], "only the file inside the book");
    assert!(js.is_empty());
}
