//! Integration tests: heading anchors as mdBook makes them, so links into an existing mdBook site
//! keep working. `tests/anchors/repeated/` repeats headings within and across chapters (with an
//! explicit id, CJK text, an ideographic space, a non-ASCII capital and code); its
//! `mdbook-anchors.txt` lists the (page, id) pairs real mdBook gives it. The site must have exactly
//! those; every link must reach the right chapter's heading in the site, the print page, the EPUB
//! and the PDF.

use crate::support;
use quire_core::{Book, ChapterId, InlineKind, LinkTarget};
use std::collections::BTreeSet;

fn book() -> Book {
    support::load_fixture("anchors", "repeated")
}

fn site(book: &Book) -> Vec<quire_core::OutputFile> {
    quire_html::render(book, &quire_html::Options::default()).expect("the site renders").files
}

fn page<'a>(files: &'a [quire_core::OutputFile], path: &str) -> &'a str {
    let f = files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("no {path} in the site"));
    std::str::from_utf8(&f.data).expect("utf-8")
}

/// The values of `attr="…"` on the page, in order; `href`s percent-decoded (the writers encode
/// non-ASCII in URLs: `#%E5%8F%82%E7%85%A7` is `#参照`, as a browser reads it).
fn attrs(html: &str, attr: &str) -> Vec<String> {
    let key = format!(" {attr}=\"");
    html.match_indices(&key)
        .filter_map(|(at, _)| {
            let rest = &html[at + key.len()..];
            rest.find('"').map(|end| rest[..end].replace("&amp;", "&"))
        })
        .map(|v| if attr == "href" { quire_core::resolve::paths::percent_decode(&v) } else { v })
        .collect()
}

/// The ids of the `<h1>`–`<h6>` elements of a page.
fn heading_ids(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (at, _) in html.match_indices("<h") {
        let tag = &html[at..html[at..].find('>').map_or(html.len(), |e| at + e)];
        if tag.len() > 2 && (b'1'..=b'6').contains(&tag.as_bytes()[2]) {
            out.extend(attrs(tag, "id"));
        }
    }
    out
}

#[test]
fn site_anchors_are_mdbooks() {
    let files = site(&book());
    let expected: BTreeSet<String> = std::fs::read_to_string(support::fixture("anchors", "repeated").join("mdbook-anchors.txt"))
        .expect("the list")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(str::to_string)
        .collect();
    let mut got = BTreeSet::new();
    for f in files.iter().filter(|f| f.path.ends_with(".html") && !matches!(f.path.as_str(), "print.html" | "404.html" | "toc.html")) {
        let html = std::str::from_utf8(&f.data).expect("utf-8");
        for id in heading_ids(html) {
            got.insert(format!("{}#{id}", f.path));
        }
    }
    let missing: Vec<_> = expected.difference(&got).collect();
    let extra: Vec<_> = got.difference(&expected).collect();
    assert!(missing.is_empty() && extra.is_empty(), "only mdBook: {missing:?}\nonly Quire: {extra:?}");
}

#[test]
fn the_first_chapter_has_its_own_page_and_is_the_front_page() {
    let files = site(&book());
    let own = page(&files, "intro.html");
    let front = page(&files, "index.html");
    assert!(own.contains("Links into the other pages") && front.contains("Links into the other pages"));
    // Other pages link to its own page (sidebar, pager), as mdBook's do.
    let two = page(&files, "ch1/sec.html");
    assert!(attrs(two, "href").iter().filter(|h| *h == "../intro.html").count() >= 1, "{:?}", attrs(two, "href"));
    let one = page(&files, "ch1.html");
    assert!(one.contains("<a class=\"prev\" rel=\"prev\" href=\"intro.html\">"), "the pager");
}

#[test]
fn links_reach_the_right_pages_heading_on_the_site() {
    let files = site(&book());
    let hrefs = attrs(page(&files, "intro.html"), "href");
    for want in ["ch1.html#summary", "ch1.html#summary-1", "ch2.html#summary-1", "ch2.html#custom", "ch1/sec.html#examples-2", "#summary"] {
        assert!(hrefs.iter().any(|h| h == want), "no link to {want}: {hrefs:?}");
    }
    let hrefs = attrs(page(&files, "ch1/sec.html"), "href");
    for want in ["../ch2.html#summary", "#参照", "#see-also", "#Über-code--more"] {
        assert!(hrefs.iter().any(|h| h == want), "no link to {want}: {hrefs:?}");
    }
    assert!(attrs(page(&files, "ch2.html"), "href").iter().any(|h| h == "#summary-2"));
    // Every fragment link of every chapter page lands on an id of its page.
    for f in files.iter().filter(|f| f.path.ends_with(".html") && f.path != "print.html") {
        let html = std::str::from_utf8(&f.data).expect("utf-8");
        let ids = attrs(html, "id");
        for h in attrs(html, "href").iter().filter_map(|h| h.strip_prefix('#')).filter(|h| !h.is_empty()) {
            assert!(ids.iter().any(|i| i == h), "{}: #{h} is no id of the page", f.path);
        }
    }
}

#[test]
fn the_print_page_qualifies_repeated_ids_and_its_links_follow() {
    let files = site(&book());
    let print = page(&files, "print.html");
    let ids = attrs(print, "id");
    let unique: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "an id repeats on the print page: {ids:?}");
    let hrefs: Vec<String> = attrs(print, "href").into_iter().filter_map(|h| h.strip_prefix('#').map(str::to_string)).collect();
    for h in hrefs.iter().filter(|h| !h.is_empty()) {
        assert!(ids.contains(h), "#{h} is no id of the print page");
    }
    // The first "summary" keeps its name; the links to the others follow them.
    assert!(ids.iter().any(|i| i == "summary"));
    assert!(hrefs.len() >= 11, "{hrefs:?}");
}

/// The links of chapter `i`, as resolved.
fn links(book: &Book, i: usize) -> Vec<LinkTarget> {
    let mut blocks = book.chapters[i].blocks.clone();
    let mut out = Vec::new();
    quire_core::ast::visit::visit_all_inlines(&mut blocks, &mut |il| {
        if let InlineKind::Link { target, .. } = &il.kind {
            out.push(target.clone());
        }
    });
    out
}

#[test]
fn links_carry_the_chapter_and_its_id() {
    let book = book();
    let int = |c: usize, a: &str| LinkTarget::Internal { chapter: ChapterId(c), anchor: Some(a.to_string()) };
    assert_eq!(
        links(&book, 0),
        vec![int(1, "summary"), int(1, "summary-1"), int(3, "summary-1"), int(3, "custom"), int(2, "examples-2"), int(0, "summary")]
    );
    assert!(book.diagnostics.iter().all(|d| d.code != "broken-link"), "{:?}", book.diagnostics);
}

#[test]
fn epub_links_reach_the_right_files_heading() {
    let book = book();
    let out = quire_epub::render(&book, &quire_epub::Options::default()).expect("the EPUB renders");
    let entries = crate::epub::entries(&out.files[0].data);
    let file = |suffix: &str| {
        let e = entries.iter().find(|e| e.name.ends_with(suffix)).unwrap_or_else(|| panic!("no {suffix}"));
        String::from_utf8(e.data.clone()).expect("utf-8")
    };
    let intro = file("/intro.xhtml");
    let hrefs = attrs(&intro, "href");
    for want in ["ch1.xhtml#summary-1", "ch2.xhtml#summary-1", "ch2.xhtml#custom", "#summary"] {
        assert!(hrefs.iter().any(|h| h.ends_with(want)), "no link to {want}: {hrefs:?}");
    }
    let two = file("/ch2.xhtml");
    assert_eq!(heading_ids(&two), ["chapter-two", "summary", "custom", "summary-1", "summary-2"]);
}

#[test]
fn pdf_links_reach_distinct_headings_of_the_right_chapters() {
    use quire_pdf::layout::{layout, layout_lines, LayoutOptions};
    use quire_pdf::model::LinkDest;
    let book = book();
    let fonts = quire_pdf::fonts::FontBook::new(&crate::pdf::fonts()).expect("fonts load");
    let (doc, _) = layout(&book, &fonts, &LayoutOptions::default());
    // Layout is deterministic: the lines are those of `doc`.
    let lines = layout_lines(&book, &fonts, &LayoutOptions::default());
    let pages_of = |c: usize| -> BTreeSet<usize> { lines.iter().filter(|l| l.chapter == Some(ChapterId(c))).map(|l| l.page).collect() };
    let intro = pages_of(0);
    let mut dests: Vec<(usize, u32)> = intro
        .iter()
        .flat_map(|&p| doc.pages[p].links.iter())
        .filter_map(|l| match l.dest {
            LinkDest::Page { page, y } => Some((page, y.to_bits())),
            _ => None,
        })
        .collect();
    // A link broken over two lines is two areas with one destination.
    dests.dedup();
    // Six links, to six different places: `summary` of the introduction and of chapter one,
    // `summary-1` of chapter one and of chapter two are different headings.
    assert_eq!(dests.len(), 6, "{dests:?}");
    assert_eq!(dests.iter().collect::<BTreeSet<_>>().len(), 6, "{dests:?}");
    let two = pages_of(3);
    assert!(dests.iter().filter(|(p, _)| two.contains(p)).count() >= 2, "two links go into chapter two: {dests:?} {two:?}");
    assert!(intro.contains(&dests[5].0), "the page's own summary is on the page");
}
