//! Integration tests: GitBook/HonKit `book.json` options Quire maps (`variables`, `styles`,
//! `pdf`, `links.sidebar`), on the book in `tests/gitbook_json/options/`.

use crate::support;

fn book() -> quire_core::Book {
    support::load_fixture("gitbook_json", "options")
}

/// A page's text: tags removed, the five entities read.
fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

#[test]
fn variables_are_templated_outside_code_and_raw() {
    let book = book();
    let site = quire_html::render(&book, &quire_html::Options::default()).expect("the site renders");
    let page = |p: &str| site.files.iter().find(|f| f.path == p).map(|f| String::from_utf8_lossy(&f.data).into_owned()).unwrap_or_default();
    let intro = page("index.html");
    assert!(intro.contains("This is Quire version 2.1, by A. Writer."), "{intro}");
    let install = page("install.html");
    assert!(install.contains("Get version 2.1 from {{ book.mirror }}."), "an unknown variable stays as written");
    assert!(install.contains("<code>{{ book.version }}</code>"), "inline code is verbatim");
    assert!(text(&install).contains("echo \"{{ book.version }}\""), "code blocks are verbatim");
    assert!(install.contains("A template shows {{ book.version }} literally."), "{{% raw %}} is honoured");
    let unknown: Vec<String> =
        book.diagnostics.iter().filter(|d| d.code == "template-unknown-variable").map(|d| d.location(&book.sources).unwrap_or_default()).collect();
    assert_eq!(unknown, ["install.md:3:35"], "one warning, at the variable");
}

#[test]
fn styles_pdf_options_and_sidebar_links_map() {
    let book = book();
    let c = &book.config.output;
    assert_eq!(c.html.additional_css, [std::path::PathBuf::from("styles/website.css")]);
    assert_eq!(c.epub.additional_css, [std::path::PathBuf::from("styles/ebook.css")]);
    assert_eq!(c.pdf.page_size.as_deref(), Some("148x210mm"));
    assert_eq!(c.pdf.font_size, Some(11.0));
    assert!(c.pdf.margin_top.is_some_and(|m| (m - 19.05).abs() < 0.01), "54 pt is 19.05 mm");
    let notes: Vec<&str> = book.diagnostics.iter().filter(|d| d.code == "config-ignored").map(|d| d.message.as_str()).collect();
    assert!(notes.iter().any(|n| n.contains("styles.pdf") && n.contains("not set from CSS")), "{notes:?}");
    assert!(notes.iter().any(|n| n.contains("pdf.pageNumbers")), "{notes:?}");
    // The site's sidebar ends with the links, in book.json's order; relative ones from the root.
    let mut options = quire_html::Options::default();
    let diags = quire::site_files::apply(&book, &mut options);
    assert!(diags.is_empty(), "{diags:?}");
    let site = quire_html::render(&book, &options).expect("the site renders");
    let install = site.files.iter().find(|f| f.path == "install.html").map(|f| String::from_utf8_lossy(&f.data).into_owned()).unwrap_or_default();
    let home = install.find("href=\"https://example.com/project\">Project home</a>").expect("the first link");
    let log = install.find("href=\"changelog.html\">Changelog</a>").expect("the second link");
    assert!(home < log);
    assert!(install.contains("website.css"), "the website style is linked");
    // The EPUB's stylesheet ends with the ebook style.
    let mut options = quire_epub::Options::default();
    assert!(quire::site_files::apply_epub(&book, &mut options).is_empty());
    let epub = quire_epub::render(&book, &options).expect("the EPUB renders");
    let zip = epub.files.iter().find(|f| f.path.ends_with(".epub")).map(|f| f.data.clone()).unwrap_or_default();
    let css = crate::epub::text_of(&crate::epub::entries(&zip), "OEBPS/stylesheet.css");
    assert!(css.contains(".ebook-marker { color: #654321; }"), "the ebook style is in the EPUB");
    assert!(!css.contains("website-marker"));
}
