//! Integration tests: mdBook site options honoured by the HTML site (`tests/site_options/<case>/`):
//! `additional-css` and `additional-js` copied and linked on every page in order, the info
//! string's words kept as classes on code, `[output.html.redirect]` pages, the `cname` file,
//! `[output.html.print]`, `[output.html.fold]`, the book's own 404 page (`input-404`) and
//! `[output.html.search]`.

use crate::support;
use std::path::{Path, PathBuf};

/// Builds the case's site with `publish build -f html` into a folder of the calling test's own
/// (`test`: tests run in parallel, and a shared folder is emptied under another's feet); returns
/// (status, stderr, site folder).
fn site(case: &str, test: &str) -> (u8, String, PathBuf) {
    let out = support::out_dir(&format!("site-options-{case}-{test}"));
    let book = support::fixture("site_options", case);
    let (mut o, mut e) = (Vec::new(), Vec::new());
    let mut io = quire_cli::cli::Io { stdout: &mut o, stderr: &mut e, stderr_is_terminal: false };
    let args = ["publish", "build", s(&book), "-o", s(&out), "-f", "html", "--color", "never"];
    let code = quire_cli::cli::run_with(args, &mut io);
    // The diagnostics, without the progress lines (which name the fixture's folder).
    let err = String::from_utf8_lossy(&e).lines().filter(|l| !l.contains("Building") && !l.contains("Wrote")).collect::<Vec<_>>().join("\n");
    (code, err, out.join("html"))
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn read(dir: &Path, path: &str) -> String {
    std::fs::read_to_string(dir.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn additional_css_and_js_are_copied_and_linked_in_order_on_every_page() {
    let (_, err, dir) = site("mdbook", "a");
    assert_eq!(read(&dir, "theme/custom.css"), ".custom { color: rebeccapurple; }\n");
    assert!(dir.join("theme/second.css").is_file() && dir.join("theme/ferris.js").is_file());
    for page in ["index.html", "chapter.html", "print.html", "404.html"] {
        let html = read(&dir, page);
        let (a, b) = (html.find("theme/custom.css"), html.find("theme/second.css"));
        assert!(a.is_some() && a < b, "{page}: both stylesheets, in order");
        let own = html.find("/style-").or_else(|| html.find("\"style-"));
        assert!(own < a, "{page}: after Quire's stylesheet");
        assert!(html.contains("theme/ferris.js\" defer=\"defer\""), "{page}");
    }
    assert!(read(&dir, "chapter.html").contains("href=\"theme/custom.css\""));
    // A file that does not exist is a warning at the key, and the site goes without it.
    assert!(err.contains("warning[site-file-missing]: additional-js `missing.js` cannot be read"), "{err}");
    assert!(err.contains("book.toml:7"), "{err}");
    assert!(!read(&dir, "index.html").contains("missing.js"));
}

#[test]
fn code_keeps_the_info_string_words_as_classes() {
    let (_, _, dir) = site("mdbook", "b");
    let html = read(&dir, "index.html");
    assert!(html.contains("class=\"language-rust ignore does_not_compile\""), "{html}");
    assert!(html.contains("class=\"language-python editable\""));
    assert!(html.contains("class=\"language-text\""));
}

#[test]
fn redirect_pages_send_the_reader_on() {
    let (code, err, dir) = site("mdbook", "c");
    assert!(code == 0 || err.contains("missing.js"), "{err}");
    let old = read(&dir, "old/intro.html");
    assert!(old.contains("http-equiv=\"refresh\" content=\"0; URL=../index.html\""), "{old}");
    assert!(old.contains("<a href=\"../index.html\">"));
    assert!(read(&dir, "moved.html").contains("URL=chapter.html#section"));
    assert!(!err.contains("redirect"), "the keys are honoured, not noted: {err}");
}

#[test]
fn cname_is_written_at_the_site_root() {
    let (_, err, dir) = site("mdbook", "d");
    assert_eq!(read(&dir, "CNAME"), "book.example.com\n");
    assert!(!err.contains("cname"), "the key is honoured, not noted: {err}");
}

#[test]
fn print_page_keys_are_honoured() {
    // `page-break = false`: the chapters of the print page flow on when printed.
    let (_, err, dir) = site("mdbook", "e");
    let print = read(&dir, "print.html");
    assert!(print.contains("class=\"chapter print-chapter flow\""), "{print}");
    assert!(!err.contains("print"), "the keys are honoured, not noted: {err}");
    // `enable = false`: no print page, and no page links to one.
    let (code, err, dir) = site("no-print", "a");
    assert_eq!(code, 0, "{err}");
    assert!(dir.join("one.html").is_file() && !dir.join("print.html").exists());
    for page in ["index.html", "one.html", "two.html", "404.html"] {
        assert!(!read(&dir, page).contains("print.html"), "{page} links to the print page");
    }
}

/// The `<li>` of the sidebar entry that links `href` (its opening tag).
fn entry<'a>(html: &'a str, href: &str) -> &'a str {
    let at = html.find(&format!("<a class=\"toc-link\" href=\"{href}\"")).unwrap_or_else(|| panic!("no entry for {href}"));
    let li = html[..at].rfind("<li").expect("an <li>");
    &html[li..at]
}

#[test]
fn the_sidebar_folds_as_mdbook_does() {
    // `[output.html.fold] enable = true, level = 1`.
    let (code, err, dir) = site("fold", "a");
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("fold"), "the keys are honoured, not noted: {err}");
    let reference = read(&dir, "reference.html");
    // Level 1: the top level's entries are open; below it, folded; only parents get a toggle.
    assert_eq!(entry(&reference, "guide/index.html"), "<li class=\"chapter-item foldable expanded\">");
    assert_eq!(entry(&reference, "guide/setup.html"), "<li class=\"chapter-item foldable\">");
    assert_eq!(entry(&reference, "guide/usage.html"), "<li class=\"chapter-item\">");
    assert_eq!(entry(&reference, "reference.html"), "<li class=\"chapter-item active\">");
    assert_eq!(reference.matches("class=\"fold-toggle\"").count(), 2, "Guide and Setup");
    assert!(reference.contains("aria-expanded=\"false\" title=\"Show or hide the sub-chapters\""));
    // The way to the current chapter is open.
    let linux = read(&dir, "guide/linux.html");
    assert_eq!(entry(&linux, "../guide/setup.html"), "<li class=\"chapter-item foldable expanded\">");
    // Without scripts every level shows: folding is only under `<html class="js">`, which the
    // page's first script sets.
    assert!(linux.contains("document.documentElement.classList.add(\"js\")"));
    let css_name = linux.split("href=\"../style-").nth(1).and_then(|s| s.split('"').next()).expect("stylesheet");
    let css = read(&dir, &format!("style-{css_name}"));
    assert!(css.contains(".js .sidebar .foldable:not(.expanded) > ol { display: none; }"), "{css}");
    assert!(css.contains(".sidebar .fold-toggle { display: none; }"));
    // A book that does not ask gets no toggle.
    let (_, _, plain) = site("no-print", "fold");
    assert!(!read(&plain, "one.html").contains("fold-toggle"));
}

#[test]
fn the_books_404_page_is_rendered_with_the_sites_chrome_and_absolute_links() {
    let (code, err, dir) = site("not-found", "a");
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("404.md"), "404.md is the site's page, not an unlisted chapter: {err}");
    let page = read(&dir, "404.html");
    assert!(page.contains("<title>Lost in the stacks - Own 404 page</title>"), "{page}");
    assert!(page.contains("<h1 id=\"lost-in-the-stacks\"><a class=\"header\" href=\"#lost-in-the-stacks\">Lost in the stacks</a></h1>"), "{page}");
    // Every link is absolute under `site-url`: content, sidebar, assets, images.
    assert!(page.contains("<a href=\"/book/intro.html\">introduction</a>"), "{page}");
    assert!(page.contains("<a href=\"/book/deep/page.html#deep\">deep page</a>"), "{page}");
    assert!(page.contains("<a href=\"#still-lost\">below</a>") && page.contains("id=\"still-lost\""), "{page}");
    assert!(page.contains("href=\"/book/style-") && page.contains("data-root=\"/book/\""), "{page}");
    assert!(page.contains("<a class=\"toc-link\" href=\"/book/deep/page.html\">"), "{page}");
    let img = page.split("<img ").nth(1).and_then(|s| s.split("src=\"").nth(1)).and_then(|s| s.split('"').next()).expect("the image");
    assert!(img.starts_with("/book/") && dir.join(&img["/book/".len()..]).is_file(), "{img}");
    assert!(page.contains("Perhaps it moved."), "its footnote: {page}");
    assert!(!page.contains("<base "), "no <base>: `#still-lost` stays on the page");
    // Not a chapter: not in the sidebar, the print page or the search index.
    for other in ["intro.html", "print.html"] {
        assert!(!read(&dir, other).contains("Lost in the stacks"), "{other}");
    }
    let index = std::fs::read_dir(&dir).expect("site").flatten().find(|e| e.file_name().to_string_lossy().starts_with("searchindex-")).expect("index");
    assert!(!std::fs::read_to_string(index.path()).expect("index").contains("stacks"));
    // In the AST: a parsed page with spans, outside the reading order.
    let book = support::load_fixture("site_options", "not-found");
    let nf = book.not_found.as_ref().expect("the 404 page");
    assert_eq!(nf.source_path, Path::new("404.md"));
    assert_eq!(book.chapters.len(), 2);
    let (file, _) = book.sources.locate(nf.blocks[0].span).expect("a span in its file");
    assert_eq!(file, Path::new("src/404.md"));
    assert!(!book.diagnostics.iter().any(|d| d.code == "unlisted-file"), "{:?}", book.diagnostics);
}

#[test]
fn input_404_names_the_page_and_a_missing_one_is_a_warning_at_the_key() {
    let (code, err, dir) = site("input-404", "a");
    assert_eq!(code, 0, "{err}");
    // mdBook's output name: the input's, with `.html`.
    let page = read(&dir, "pages/lost.html");
    assert!(page.contains("<h1 id=\"nothing-here\">") && page.contains("<a href=\"/one.html\">the chapter</a>"), "{page}");
    assert!(!dir.join("404.html").exists());
    assert!(!err.contains("input-404") && !err.contains("lost.md"), "{err}");
    // A configured file that does not exist: a warning at the key, and Quire's own page.
    let (code, err, dir) = site("input-404-missing", "a");
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("warning[not-found-page-missing]: input-404: `lost.md` does not exist in the source folder"), "{err}");
    assert!(err.contains("book.toml:6"), "{err}");
    assert!(read(&dir, "404.html").contains("<h1 id=\"page-not-found\">Page not found</h1>"));
}

#[test]
fn search_keys_shape_the_index_and_the_pages_search() {
    let (code, err, dir) = site("search", "a");
    assert_eq!(code, 0, "{err}");
    // `copy-js` has no meaning in Quire: a note that says why; the other keys get none.
    assert!(err.contains("`copy-js` in [output.html.search] is not used by Quire (Quire's search code is part of the site's own script"), "{err}");
    for key in ["limit-results", "teaser-word-count", "use-boolean-and", "boost-", "expand", "heading-split-level", "chapter"] {
        assert!(!err.contains(key), "{key} is honoured, not noted: {err}");
    }
    // limit-results, teaser-word-count, use-boolean-and, expand: the page's script settings.
    let page = read(&dir, "otters.html");
    assert!(page.contains("data-search-config=\"{&quot;limit&quot;:2,&quot;teaser&quot;:6,&quot;and&quot;:true,&quot;expand&quot;:false}\""), "{page}");
    let name = std::fs::read_dir(&dir).expect("site").flatten().map(|e| e.file_name().to_string_lossy().into_owned()).find(|n| n.starts_with("searchindex-")).expect("index");
    let index = quire_html::search::SearchIndex::from_js(&read(&dir, &name)).expect("the index");
    let urls: Vec<String> = index.docs.iter().map(|d| format!("{}#{}", d.page, d.anchor)).collect();
    // heading-split-level = 2: `### Dens` is text of `## Habitat`; `chapter."secret.md"`: not indexed.
    assert_eq!(urls, ["otters.html#otters", "otters.html#habitat", "rivers.html#rivers", "rivers.html#otterburn"]);
    assert!(index.docs[1].text.contains("Dens A den is called a holt"), "{:?}", index.docs[1]);
    assert!(!index.terms.contains_key("zanzibar"));
    // Boosts: a word in a heading weighs 5 × boost-title (15), in the chapter title above a
    // section 5 × boost-hierarchy (0), in the text boost-paragraph (2) per time.
    let weight = |term: &str, doc: u32| index.terms[term].iter().find(|p| p.0 == doc).map(|p| p.1);
    assert_eq!(weight("habitat", 1), Some(15));
    assert_eq!(weight("otters", 0), Some(15 + 2), "the heading and once in the text");
    assert_eq!(weight("otters", 1), Some(2), "once in the text; the chapter title above weighs 0");
    assert_eq!(weight("rivers", 1), Some(2));
    // The browser's engine with the page's settings finds what the Rust one does.
    let settings = quire_html::search::SearchSettings::of(&support::load_fixture("site_options", "search"));
    assert_eq!((settings.limit, settings.teaser_words, settings.boolean_and, settings.expand), (2, 6, Some(true), false));
    let queries = ["otters", "otters rivers", "ott", "rivers fish sea"];
    let script = format!(
        "global.window = {{}};\n{}\n{}\nconst cfg = JSON.parse({});\nconst qs = {};\nconsole.log(JSON.stringify(qs.map(q => QuireSearch.query(window.QUIRE_SEARCH_INDEX, q, cfg).map(h => [h.doc.u + (h.doc.a ? '#' + h.doc.a : ''), QuireSearch.snippet(h.doc.b, q, h.terms, QuireSearch.settings(cfg).teaser)]))));\n",
        read(&dir, &name),
        quire_html::theme::SEARCH_JS,
        serde_json::to_string(&settings.to_json()).expect("json"),
        serde_json::to_string(&queries).expect("json")
    );
    let out = support::out_dir("site-options-search-node");
    std::fs::write(out.join("q.js"), script).expect("write");
    let (ok, stdout, stderr) = support::run(support::tool("node").arg(out.join("q.js")));
    assert!(ok, "node: {stderr}");
    let js: Vec<Vec<(String, String)>> = serde_json::from_str(stdout.trim()).expect("node output");
    let rust: Vec<Vec<(String, String)>> = queries.iter().map(|q| quire_html::search::query_with(&index, q, &settings).into_iter().map(|h| (h.url, h.snippet)).collect()).collect();
    assert_eq!(js, rust);
    // limit-results = 2; use-boolean-and: only sections with every word; expand = false:
    // `ott` finds no `otters`.
    assert_eq!(rust[0].len(), 2, "{rust:?}");
    assert!(rust[1].iter().all(|(u, _)| u != "rivers.html#otterburn"), "{rust:?}");
    assert!(rust[2].is_empty(), "{rust:?}");
    // teaser-word-count = 6: six words from the match.
    assert_eq!(rust[3], [("rivers.html#rivers".to_string(), "<mark>Rivers</mark> carry water to the <mark>sea</mark>.…".to_string())]);
}

#[test]
fn search_can_be_turned_off() {
    let (code, err, dir) = site("no-search", "a");
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("search"), "{err}");
    let names: Vec<String> = std::fs::read_dir(&dir).expect("site").flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    assert!(!names.iter().any(|n| n.starts_with("searchindex-")), "{names:?}");
    for page in ["index.html", "one.html", "print.html", "404.html"] {
        let html = read(&dir, page);
        assert!(!html.contains("search-input") && !html.contains("data-search") && !html.contains("search-results"), "{page}");
    }
}
