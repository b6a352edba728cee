//! Integration tests: the one translation table (`quire_core::i18n`). One small book
//! (`tests/i18n/words/`: numbered figure, table and listing, a footnote, the five admonitions, a
//! task list, images that cannot be shown, a nested and a draft chapter, a SUMMARY part heading
//! left empty, no title) is built to the site, the EPUB and the PDF in each language of the
//! table, and once with every word replaced in `[quire.labels]`: each format must write the
//! table's words, and none of its own.

use crate::support;
use quire_core::i18n::{Locale, Part, Words, TABLE};

/// The words each format writes for this book, by key (`chapter`: the label of chapter 1).
const SITE_KEYS: &[&str] = &[
    "figure", "table", "listing", "caption-separator", "footnotes", "back-to-text", "note", "tip", "important",
    "warning", "caution", "task-done", "task-open", "untitled", "part",
];
const EPUB_KEYS: &[&str] = &[
    "figure", "table", "listing", "caption-separator", "footnotes", "back-to-text", "note", "tip", "important",
    "warning", "caution", "task-done", "task-open", "untitled", "contents", "cover", "landmarks", "start",
    "image-missing", "part",
];
const PDF_KEYS: &[&str] =
    &["figure", "table", "listing", "chapter", "contents", "note", "tip", "important", "warning", "caution", "untitled", "image", "part"];

const BOOK_TOML: &str = "[quire.numbering]\nfigures = true\ntables = true\nlistings = true\n\n[output.html.fold]\nenable = true\n\n[output.html]\ngit-repository-url = \"https://example.com/repo\"\nedit-url-template = \"https://example.com/edit/{path}\"\n";

/// The fixture with `book.toml` = `language` + [`BOOK_TOML`] + `extra`, loaded.
fn book(name: &str, language: &str, extra: &str) -> quire_core::Book {
    let dir = support::out_dir(&format!("i18n-{name}"));
    support::copy_dir(&support::fixture("i18n", "words"), &dir);
    std::fs::write(dir.join("book.toml"), format!("[book]\nlanguage = \"{language}\"\n\n{BOOK_TOML}{extra}")).expect("book.toml");
    quire_core::Book::load(&dir).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The text of every file of `rendered` that is UTF-8 (pages, navigation documents, scripts).
fn texts(files: impl Iterator<Item = (String, Vec<u8>)>, wanted: &[&str]) -> String {
    files
        .filter(|(p, _)| wanted.iter().any(|w| p.ends_with(w)))
        .filter_map(|(p, d)| String::from_utf8(d).ok().map(|t| format!("=== {p}\n{t}\n")))
        .collect()
}

/// What the three formats wrote: site pages, EPUB documents, PDF text (`pdftotext`).
struct Outputs {
    site: String,
    epub: String,
    pdf: String,
}

fn build(name: &str, book: &quire_core::Book) -> Outputs {
    let site = quire_html::render(book, &quire_html::Options::default()).expect("site renders");
    let site = texts(site.files.into_iter().map(|f| (f.path, f.data)), &[".html"]);
    let epub = quire_epub::render(book, &quire_epub::Options::default()).expect("epub renders");
    let entries = crate::epub::entries(&epub.files[0].data);
    let epub = texts(entries.into_iter().map(|e| (e.name, e.data)), &[".xhtml", ".ncx", ".opf", ".svg"]);
    let request = quire::BuildRequest::new(vec![quire::Format::Pdf]).with_fonts(crate::pdf::fonts());
    let (request, _) = request.with_system_fonts(book);
    let out = quire_pdf::render(book, &request.pdf).expect("pdf renders");
    let missing: Vec<&String> = out.diagnostics.iter().filter(|d| d.code == "pdf-missing-glyph").map(|d| &d.message).collect();
    assert!(missing.is_empty(), "{name}: {missing:?}");
    let dir = support::out_dir(&format!("i18n-{name}-pdf"));
    let path = dir.join("book.pdf");
    std::fs::write(&path, &out.files[0].data).expect("write pdf");
    let (ok, pdf, err) = support::run(support::tool("pdftotext").arg("-enc").arg("UTF-8").arg(&path).arg("-"));
    assert!(ok, "{name}: {err}");
    Outputs { site, epub, pdf }
}

/// The form in which a word shows in a format's text: templates filled in for this book.
fn shown(words: &Words, key: &str) -> String {
    let w = words.get(key).unwrap_or_else(|| panic!("no word {key}"));
    match key {
        "chapter" => words.chapter_label(1),
        "figure" | "table" | "listing" => words.caption_label(w, "1.1"),
        _ => w.to_string(),
    }
}

fn assert_words(name: &str, words: &Words, format: &str, text: &str, keys: &[&str]) {
    for key in keys {
        let w = shown(words, key);
        assert!(text.contains(&w), "{name}: the {format} lacks the word `{key}` ({w:?}):\n{text}");
    }
}

/// The site's interface words (the second part of the table) all show on the site.
fn site_part() -> Vec<&'static str> {
    TABLE.iter().filter(|e| e.part == Part::Site).map(|e| e.key).collect()
}

#[test]
fn i18n_every_word_has_a_format_that_writes_it() {
    let site = site_part();
    for e in TABLE {
        let k = e.key;
        let used = SITE_KEYS.contains(&k) || site.contains(&k) || EPUB_KEYS.contains(&k) || PDF_KEYS.contains(&k);
        assert!(used, "no format is checked for the word `{k}`: add it to a list here");
    }
}

/// Each language's words, in every format, and no other language's (a Japanese or Korean book
/// got Chinese admonition titles in its PDF).
#[test]
fn i18n_labels_of_each_language_in_every_format() {
    let site_keys: Vec<&str> = SITE_KEYS.iter().copied().chain(site_part()).collect();
    for (tag, locale) in [
        ("en", Locale::English),
        ("zh-Hans", Locale::SimplifiedChinese),
        ("zh-Hant", Locale::TraditionalChinese),
        ("ja", Locale::Japanese),
        ("ko", Locale::Korean),
    ] {
        let book = book(tag, tag, "");
        let words = Words::of(locale);
        let out = build(tag, &book);
        assert_words(tag, &words, "site", &out.site, &site_keys);
        assert_words(tag, &words, "EPUB", &out.epub, EPUB_KEYS);
        assert_words(tag, &words, "PDF", &out.pdf, PDF_KEYS);
        // A word only another language has is never written (a word this language also uses,
        // for any purpose, is left out: Japanese "注意" is Chinese "note" and its own "caution").
        let mine: Vec<&str> = TABLE.iter().map(|e| e.word(locale)).collect();
        for other in Locale::ALL.into_iter().filter(|l| *l != locale && *l != Locale::English) {
            for key in ["listing", "chapter", "contents", "footnotes", "note", "tip", "caution", "untitled", "image"] {
                let w = shown(&Words::of(other), key);
                let bare = Words::of(other).get(key).unwrap_or_default().replace("{n:chinese}", "").replace("{n}", "");
                if mine.iter().any(|m| m.contains(bare.as_str())) || shown(&words, key) == w {
                    continue;
                }
                for (format, text) in [("site", &out.site), ("EPUB", &out.epub), ("PDF", &out.pdf)] {
                    assert!(!text.contains(&w), "{tag}: the {format} writes {other:?}'s `{key}` ({w:?})");
                }
            }
        }
    }
}

/// With every word replaced in `[quire.labels]`, each format writes the replacements and none
/// of the built-in words: a renderer that writes a word of its own fails here.
#[test]
fn i18n_labels_replace_every_word_in_every_format() {
    let marker = |key: &str| match key {
        "chapter" => "Qchapter{n}Q".to_string(),
        "result-one" | "result-many" => format!("Q{}{{n}}Q", key.replace('-', "")),
        _ => format!("Q{}Q", key.replace('-', "")),
    };
    let labels: String = TABLE.iter().map(|e| format!("{} = \"{}\"\n", e.key, marker(e.key))).collect();
    let book = book("labels", "en", &format!("\n[quire.labels]\n{labels}"));
    let mut words = Words::of(Locale::English);
    words.apply(&book.config.quire.labels);
    for e in TABLE {
        assert_eq!(words.get(e.key), Some(marker(e.key).as_str()), "[quire.labels] {} is kept", e.key);
    }
    let out = build("labels", &book);
    let site_keys: Vec<&str> = SITE_KEYS.iter().copied().chain(site_part()).collect();
    assert_words("labels", &words, "site", &out.site, &site_keys);
    assert_words("labels", &words, "EPUB", &out.epub, EPUB_KEYS);
    assert_words("labels", &words, "PDF", &out.pdf, PDF_KEYS);
    // The caption separator sits between the figure's label and its caption everywhere.
    assert!(out.site.contains("QfigureQ 1.1QcaptionseparatorQ"), "{}", out.site);
    assert!(out.epub.contains("QfigureQ 1.1QcaptionseparatorQ"), "{}", out.epub);
    assert!(out.pdf.contains("QfigureQ 1.1QcaptionseparatorQ"), "{}", out.pdf);
    // No built-in word of any language is left in the text a reader sees.
    let visible = |t: &str| {
        // Text outside tags (attribute words are checked through their markers above).
        let mut out = String::new();
        let mut in_tag = false;
        for c in t.chars() {
            match c {
                '<' => in_tag = true,
                '>' => {
                    in_tag = false;
                    out.push(' ');
                }
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        out
    };
    let (site, epub) = (visible(&out.site), visible(&out.epub));
    for e in TABLE.iter().filter(|e| e.key != "caption-separator") {
        for l in Locale::ALL {
            let w = e.word(l);
            let w = w.split("{n").next().unwrap_or(w).trim();
            // Short or lower-case English words may be in the book's own prose or in names
            // ("Tip", "done", "image"); the book has no Chinese, Japanese or Korean text at all.
            if w.is_ascii() && (w.len() < 4 || w.chars().all(|c| c.is_ascii_lowercase() || c == ' ')) {
                continue;
            }
            for (format, text) in [("site", &site), ("EPUB", &epub), ("PDF", &out.pdf)] {
                assert!(!contains_word(text, w), "the {format} writes the built-in word `{}` of {l:?} ({w:?}) although [quire.labels] replaces it", e.key);
            }
        }
    }
}

/// True when `w` is in `text` as a word of its own: an English word not inside a longer word
/// (`tableOfContents`, a metadata value, holds no "Contents").
fn contains_word(text: &str, w: &str) -> bool {
    text.match_indices(w).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + w.len()..].chars().next();
        let letter = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        !w.is_ascii() || (!letter(before) && !letter(after))
    })
}
