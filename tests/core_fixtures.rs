//! Integration tests: core_fixtures — the book loader on fixture folders under `tests/load/`
//! (layouts, SUMMARY.md structure, includes, diagnostics with file:line:col) and on the corpora.

use crate::support::{corpus, corpus_names, fixture, load_fixture};
use quire_core::{Book, ChapterRole, LoadError, Severity, TocEntry};

/// `(code, location)` of every diagnostic with at least `min` severity.
fn diags(book: &Book, min: Severity) -> Vec<(&'static str, String)> {
    book.diagnostics
        .iter()
        .filter(|d| d.severity >= min)
        .map(|d| (d.code.name(), d.location(&book.sources).unwrap_or_default()))
        .collect()
}

fn titles(book: &Book) -> Vec<(String, String, String)> {
    book.chapters
        .iter()
        .map(|c| (c.number_string().unwrap_or_default(), c.title.clone(), c.output_stem.clone()))
        .collect()
}

#[test]
fn a_missing_book_is_an_error() {
    assert!(matches!(Book::load("/nonexistent/book"), Err(LoadError::NotFound { .. })));
}

#[test]
fn mdbook_basic_structure() {
    let book = load_fixture("load", "mdbook-basic");
    assert_eq!(book.title(), "Basic Book");
    let t = titles(&book);
    let expected = [
        ("", "Introduction", "intro"),
        ("1", "Chapter One", "ch1"),
        ("1.1", "Sub Section", "ch1/sub"),
        ("2", "Chapter Two", "ch2"),
        ("3", "Later", "draft-1"),
        ("", "Appendix", "appendix"),
    ];
    let expected: Vec<(String, String, String)> =
        expected.iter().map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string())).collect();
    assert_eq!(t, expected);
    // `{{#title}}` sets the page's <title> only, as in mdBook; the TOC keeps SUMMARY.md's name.
    assert_eq!(book.chapters[3].page_title.as_deref(), Some("Custom Two"));
    assert_eq!(book.chapters[1].page_title, None);
    let roles: Vec<ChapterRole> = book.chapters.iter().map(|c| c.role).collect();
    assert_eq!(roles[0], ChapterRole::Prefix);
    assert_eq!(roles[5], ChapterRole::Suffix);
    assert!(book.chapters[4].draft && book.chapters[4].source_path.is_none());
    assert_eq!(book.chapters[2].parent.map(|p| p.0), Some(1));
    assert_eq!(book.chapters[2].depth, 1);
    assert!(matches!(&book.toc[1], TocEntry::PartTitle(t) if t == "Getting started"));
    assert!(matches!(&book.toc[2], TocEntry::Chapter { children, .. } if children.len() == 1));
    assert!(book.toc.contains(&TocEntry::Separator));
    // Included code (anchor) is in the expanded source; spans point into the included file.
    let code_file = book.sources.files().find(|(_, f)| f.path.ends_with("src/code/main.rs"));
    assert!(code_file.is_some(), "included file is in the source map");
    // `additional-css` is honoured and the preprocessor is the build's to run (or to note): no
    // config note at loading. A warning for the stray file, nothing worse.
    let d = diags(&book, Severity::Note);
    assert!(!d.iter().any(|(code, _)| *code == "config-ignored"), "{d:?}");
    assert_eq!(book.config.output.html.additional_css, [std::path::PathBuf::from("custom.css")]);
    assert_eq!(diags(&book, Severity::Warning), vec![("unlisted-file", "src/stray.md:1:1".to_string())]);
    assert!(book.timestamp > 0);
}

#[test]
fn gitbook_basic_structure() {
    let book = load_fixture("load", "gitbook-basic");
    assert_eq!(book.title(), "Gitbook Sample", "title from README's heading when book.json has none");
    let t: Vec<(String, String)> = titles(&book).into_iter().map(|(n, _, s)| (n, s)).collect();
    let expected: Vec<(String, String)> = [
        ("", "index"),
        ("1", "part1/first"),
        ("1.1", "part1/spaced-name"),
        ("1.2", "part1/enc-oded"),
        ("2", "second"),
        ("", "GLOSSARY"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(t, expected);
    assert_eq!(book.chapters[0].role, ChapterRole::Prefix);
    assert_eq!(book.chapters[5].role, ChapterRole::Suffix);
    assert_eq!(book.chapters[5].title, "Glossary");
    let parts: Vec<&TocEntry> = book.toc.iter().filter(|e| matches!(e, TocEntry::PartTitle(_))).collect();
    assert_eq!(parts, vec![&TocEntry::PartTitle("Part One".into()), &TocEntry::PartTitle("Part Two".into())]);
    assert!(book.sources.files().any(|(_, f)| f.path.ends_with("snippets/note.md")));
    assert_eq!(diags(&book, Severity::Warning), vec![]);
}

#[test]
fn plain_folder_uses_natural_order_and_warns() {
    let book = load_fixture("load", "plain-folder");
    let t: Vec<(String, String)> = titles(&book).into_iter().map(|(n, t, _)| (n, t)).collect();
    let expected: Vec<(String, String)> =
        [("", "Welcome"), ("1", "Start"), ("2", "2-middle"), ("3", "The End"), ("4", "Sub X")]
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
    assert_eq!(t, expected);
    let d: Vec<_> = book.diagnostics.iter().filter(|d| d.code == "no-summary").collect();
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].severity, Severity::Warning);
    assert!(d[0].hint.as_deref().unwrap_or("").contains("SUMMARY.md"));
}

/// Front matter (YAML between `---`, TOML between `+++`) at a chapter's start is metadata: never
/// text, and a chapter found without a SUMMARY takes its `title`; a rule followed by prose is
/// not front matter.
#[test]
fn front_matter_is_metadata_not_text() {
    use quire_core::BlockKind;
    let book = load_fixture("load", "front-matter");
    let t: Vec<(String, String)> = titles(&book).into_iter().map(|(n, t, _)| (n, t)).collect();
    let expected: Vec<(String, String)> =
        [("", "Welcome: a book"), ("1", "YAML Chapter"), ("2", "TOML Chapter"), ("3", "Just prose under a rule"), ("4", "04-untitled")]
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
    assert_eq!(t, expected);
    let kinds = |i: usize| -> Vec<String> {
        book.chapters[i].blocks.iter().map(|b| format!("{:?}", b.kind).chars().take_while(|c| c.is_alphanumeric()).collect()).collect()
    };
    assert_eq!(kinds(0), vec!["Paragraph"], "{:?}", book.chapters[0].blocks);
    assert_eq!(kinds(1), vec!["Heading", "Paragraph"]);
    assert_eq!(kinds(2), vec!["Paragraph"]);
    assert_eq!(kinds(3), vec!["ThematicBreak", "Heading", "Paragraph"]);
    assert_eq!(kinds(4), vec!["Paragraph"]);
    assert!(matches!(book.chapters[4].blocks[0].kind, BlockKind::Paragraph(ref i) if quire_core::plain_text(i) == "No heading here."));
    // Spans still point at the file's own lines.
    let heading = book.chapters[1].blocks[0].span;
    let at = book.sources.locate(heading).map(|(p, lc)| (p.ends_with("01-yaml.md"), lc.line));
    assert_eq!(at, Some((true, 8)));
}

/// GitBook lists sections of a chapter in SUMMARY.md (`[Section](chapter.md#section)`): links
/// into the chapter in the site's sidebar and the EPUB's navigation, never a second copy of it;
/// an anchor no heading has is left out with a warning.
#[test]
fn summary_links_to_sections_are_navigation_not_copies() {
    let book = load_fixture("load", "summary-sections");
    let t: Vec<String> = book.chapters.iter().map(|c| c.title.clone()).collect();
    assert_eq!(t, ["Introduction", "Part I", "Part II"], "each file once");
    let part1 = book.toc.iter().find_map(|e| match e {
        TocEntry::Chapter { id, children } if id.0 == 1 => Some(children.clone()),
        _ => None,
    });
    let sections: Vec<(usize, String, String)> = part1
        .unwrap_or_default()
        .into_iter()
        .filter_map(|e| match e {
            TocEntry::Section { chapter, anchor, title, .. } => Some((chapter.0, anchor, title)),
            _ => None,
        })
        .collect();
    assert_eq!(sections, [(1, "writing-is-nice".to_string(), "Writing is nice".to_string()), (1, "gitbook-is-nice".to_string(), "GitBook is nice".to_string())]);
    assert_eq!(diags(&book, Severity::Warning), vec![("broken-link", "SUMMARY.md:7:7".to_string())]);
    assert!(book.diagnostics.iter().any(|d| d.message.contains("#no-such-heading")));
    let (_, site) = crate::html::render_to("summary-sections", &book);
    let page = crate::html::file(&site, "part2.html");
    assert!(page.contains("href=\"part1.html#writing-is-nice\">Writing is nice</a>"), "{page}");
    let (epub, epub_diags) = crate::epub::render_and_check("summary-sections", &book, &quire_epub::Options::default());
    assert!(epub_diags.iter().all(|d| d.severity < Severity::Warning), "{epub_diags:?}");
    let entries = crate::epub::entries(&epub);
    let nav_name = entries.iter().find(|e| e.name.ends_with("nav.xhtml")).map(|e| e.name.clone()).unwrap_or_default();
    let nav = crate::epub::text_of(&entries, &nav_name);
    assert!(nav.contains("part1.xhtml#gitbook-is-nice\">GitBook is nice</a>"), "{nav}");
}

#[test]
fn missing_chapter_is_an_error_at_its_summary_line() {
    let book = load_fixture("load", "missing-chapter");
    assert_eq!(diags(&book, Severity::Error), vec![("missing-chapter", "src/SUMMARY.md:4:3".to_string())]);
    assert_eq!(book.chapters.len(), 2);
    assert!(book.chapters[1].blocks.is_empty());
    assert!(!book.chapters[1].draft);
}

#[test]
fn include_cycle_is_reported_not_hung() {
    let book = load_fixture("load", "include-cycle");
    assert_eq!(diags(&book, Severity::Error), vec![("include-cycle", "src/b.md:2:1".to_string())]);
    let d = book.diagnostics.iter().find(|d| d.code == "include-cycle");
    assert!(d.is_some_and(|d| d.message.contains("src/a.md -> src/b.md -> src/a.md")), "{d:?}");
}

#[test]
fn include_escape_and_missing() {
    let book = load_fixture("load", "include-escape");
    assert_eq!(
        diags(&book, Severity::Error),
        vec![("path-escape", "src/ch.md:3:1".to_string()), ("include-missing", "src/ch.md:5:1".to_string())]
    );
    let esc = book.diagnostics.iter().find(|d| d.code == "path-escape");
    assert!(esc.is_some_and(|d| d.message.contains("path escapes the book root")
        && d.hint.as_deref().unwrap_or("").contains("allow-paths")));
}

#[test]
fn include_from_allowed_path() {
    let book = load_fixture("load", "include-allowed");
    assert_eq!(diags(&book, Severity::Warning), vec![]);
    assert!(book.sources.files().any(|(_, f)| f.text.contains("Shared snippet text.")));
}

#[test]
fn wabook_ini_loads_like_mdbook() {
    let book = load_fixture("load", "wabook-ini");
    assert_eq!(book.title(), "Wa书");
    assert!(book.config.is_cjk());
    let t = titles(&book);
    assert_eq!(t[0].2, "index");
    assert_eq!(t[1], ("1".into(), "第一章".into(), "ch1/index".into()));
    assert!(t[2].2.starts_with("ch1/_") && t[2].2.is_ascii(), "{:?}", t[2]);
    assert_eq!(t[3].0, "1.2");
    let d = diags(&book, Severity::Note);
    assert_eq!(d, vec![("config-ignored", "book.ini:11:1".to_string())], "the build dir `book/` is not scanned");
}

#[test]
fn config_syntax_error_is_invalid_with_location() {
    match Book::load(fixture("load", "config-error")) {
        Err(LoadError::Invalid { diagnostics, sources }) => {
            assert_eq!(diagnostics.len(), 1);
            assert_eq!(diagnostics[0].code, "config-syntax");
            assert!(diagnostics[0].location(&sources).is_some_and(|l| l.starts_with("book.toml:2:")));
            assert!(diagnostics[0].hint.is_some());
        }
        other => panic!("expected Invalid, got {:?}", other.map(|b| b.chapters.len())),
    }
}

#[test]
fn duplicates_bom_and_invalid_utf8() {
    let book = load_fixture("load", "duplicate-and-encoding");
    let stems: Vec<&str> = book.chapters.iter().map(|c| c.output_stem.as_str()).collect();
    assert_eq!(stems, vec!["one", "one-2", "bytes"]);
    let d = diags(&book, Severity::Warning);
    assert!(d.contains(&("duplicate-chapter", "src/SUMMARY.md:2:3".to_string())), "{d:?}");
    assert!(d.contains(&("invalid-utf8", "src/bytes.md:1:1".to_string())), "{d:?}");
    let one = book.sources.files().find(|(_, f)| f.path.ends_with("one.md")).map(|(_, f)| f.text.clone());
    assert_eq!(one.as_deref(), Some("# One\n"), "BOM stripped");
}

#[test]
fn a_book_toml_path_loads_its_folder() {
    let book = Book::load(fixture("load", "mdbook-basic").join("book.toml"));
    assert!(book.is_ok_and(|b| b.title() == "Basic Book"));
}

#[test]
#[cfg_attr(not(has_corpora), ignore = "needs ../shared/corpora")]
fn corpora_load_without_panic() {
    for name in corpus_names() {
        let book = Book::load(corpus(&name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(book.chapters.len() > 10, "{name}: {} chapters", book.chapters.len());
        let mut stems: Vec<&str> = book.chapters.iter().map(|c| c.output_stem.as_str()).collect();
        assert!(stems.iter().all(|s| s.chars().all(|c| c.is_ascii_alphanumeric() || "-_/".contains(c))));
        stems.sort_unstable();
        stems.dedup();
        assert_eq!(stems.len(), book.chapters.len(), "{name}: stems are unique");
    }
}
