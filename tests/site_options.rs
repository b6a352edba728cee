//! Integration tests: mdBook site options honoured by the HTML site (`tests/site_options/<case>/`):
//! `additional-css` and `additional-js` copied and linked on every page in order, the info
//! string's words kept as classes on code, `[output.html.redirect]` pages, the `cname` file and
//! `[output.html.print]`.

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
    (code, String::from_utf8_lossy(&e).into_owned(), out.join("html"))
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
