//! Integration tests: language is a property of the text, not of the book. Fixture books in
//! `tests/pdf/lang-*/` mix languages (an English book quoting Japanese, a Chinese book with
//! Korean examples and a Traditional Chinese passage); each part must be set by its own
//! language's rules and faces: the script of the characters (kana, Hangul), `lang` attributes
//! on inline and block HTML elements, and the book's language for the rest. Uses the shipped
//! fonts plus the installed Noto CJK collection (`.ci/install-tools`).

use crate::support;
use quire_pdf::model::Item;

/// The book laid out with the shipped and the installed fonts: the font book, the pages and the
/// lines, after checking that no glyph is missing.
fn lay_out(case: &str) -> (quire_core::Book, quire_pdf::FontBook, quire_pdf::model::Document, Vec<quire_pdf::layout::LineInfo>) {
    let book = support::load_fixture("pdf", case);
    let request = quire::BuildRequest::new(vec![quire::Format::Pdf]).with_fonts(crate::pdf::fonts());
    let (request, added) = request.with_system_fonts(&book);
    assert!(!added.is_empty(), "{case}: no installed CJK font found (install fonts-noto-cjk)");
    let fb = quire_pdf::font_book(&book, &request.pdf).expect("font book");
    let opts = quire_pdf::configured_layout(&book, &Default::default());
    let (doc, diags) = quire_pdf::layout::layout(&book, &fb, &opts);
    let missing: Vec<&String> = diags.iter().filter(|d| d.code == "pdf-missing-glyph").map(|d| &d.message).collect();
    assert!(missing.is_empty(), "{case}: {missing:?}");
    let lines = quire_pdf::layout::layout_lines(&book, &fb, &opts);
    (book, fb, doc, lines)
}

/// The family of the face each occurrence of `c` is set in, in reading order.
fn faces_of(fb: &quire_pdf::FontBook, doc: &quire_pdf::model::Document, c: &str) -> Vec<String> {
    let mut out = Vec::new();
    for page in &doc.pages {
        for item in &page.items {
            if let Item::Text(run) = item {
                for g in run.glyphs() {
                    if g.text == c {
                        out.push(fb.family_name(run.font).to_string());
                    }
                }
            }
        }
    }
    out
}

#[test]
fn pdf_english_book_quoting_japanese_sets_each_part_by_its_language() {
    let (_, fb, doc, lines) = lay_out("lang-en-ja");
    // 直 four times: in a kana quotation (Japanese by script), in <span lang="ja">, in plain
    // English text (Han alone reads as Chinese) and in <div lang="ja">.
    let faces = faces_of(&fb, &doc, "直");
    assert_eq!(faces.len(), 4, "{faces:?}");
    assert!(faces[0].ends_with("CJK JP") && faces[1].ends_with("CJK JP") && faces[3].ends_with("CJK JP"), "{faces:?}");
    assert!(faces[2].ends_with("CJK SC"), "{faces:?}");
    assert!(faces_of(&fb, &doc, "ち").iter().all(|f| f.ends_with("CJK JP")));
    // JLREQ strict line starts hold in the Japanese parts of the English book.
    for l in &lines {
        let first = l.text.chars().next().unwrap_or(' ');
        assert!(!"ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶー、。」".contains(first), "line starts with {first}: {}", l.text);
    }
}

#[test]
fn pdf_chinese_book_with_korean_and_traditional_chinese_sets_each_part_by_its_language() {
    let (_, fb, doc, lines) = lay_out("lang-zh-ko");
    // Hangul in a Chinese book is Korean (script), in the KR face.
    let ko = faces_of(&fb, &doc, "다");
    assert!(!ko.is_empty() && ko.iter().all(|f| f.ends_with("CJK KR")), "{ko:?}");
    // 直 in the Chinese text (SC) and in <div lang="zh-Hant"> (TC, whose sentence punctuation
    // is centred in the em box).
    let zhi = faces_of(&fb, &doc, "直");
    assert_eq!(zhi.len(), 2, "{zhi:?}");
    assert!(zhi[0].ends_with("CJK SC") && zhi[1].ends_with("CJK TC"), "{zhi:?}");
    assert!(faces_of(&fb, &doc, "這").iter().all(|f| f.ends_with("CJK TC")));
    let semicolons = faces_of(&fb, &doc, "；");
    assert!(semicolons.iter().any(|f| f.ends_with("CJK TC")), "{semicolons:?}");
    // Korean lines break at word spaces only (keep-all), in the Chinese paragraph and in the
    // <p lang="ko"> one; no word space is lost.
    let is_hangul = |c: char| ('\u{AC00}'..='\u{D7A3}').contains(&c);
    let source = std::fs::read_to_string(support::fixture("pdf", "lang-zh-ko").join("src/examples.md")).expect("source");
    let words: Vec<&str> = source.split(|c: char| !is_hangul(c)).filter(|w| !w.is_empty()).collect();
    assert!(words.len() > 30, "{words:?}");
    for w in words {
        assert!(lines.iter().any(|l| l.text.contains(w)), "the Hangul word `{w}` is split across lines");
    }
    let all: String = lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join(" ");
    for words in ["다음은 러스트로", "소유권을 이해하면", "안녕하세요 세계,"] {
        assert!(all.contains(words), "`{words}` lost its space in {all}");
    }
}

/// The site and the EPUB keep each element's language (`lang` and `xml:lang`), so browsers and
/// reading systems choose the glyph forms too.
#[test]
fn html_and_epub_keep_the_lang_of_elements() {
    let book = support::load_fixture("pdf", "lang-en-ja");
    for (format, text) in site_and_epub_markup(&book) {
        assert!(text.contains("<span lang=\"ja\" xml:lang=\"ja\">直骨角</span>"), "{format:?}: {text}");
        assert!(text.contains("<div lang=\"ja\" xml:lang=\"ja\">"), "{format:?}");
    }
}

/// The pages of the site and the chapters of the EPUB of `book`, all markup of each format in
/// one string.
pub(crate) fn site_and_epub_markup(book: &quire_core::Book) -> Vec<(quire::Format, String)> {
    let request = quire::BuildRequest::new(vec![quire::Format::Html, quire::Format::Epub]);
    let report = quire::build(book, &request);
    let mut out = Vec::new();
    for result in &report.results {
        let rendered = result.rendered.as_ref().expect("renders");
        let mut text = String::new();
        for f in &rendered.files {
            if f.path.ends_with(".html") {
                text.push_str(&String::from_utf8_lossy(&f.data));
            } else if f.path.ends_with(".epub") {
                for e in crate::epub::entries(&f.data).iter().filter(|e| e.name.ends_with(".xhtml")) {
                    text.push_str(&String::from_utf8_lossy(&e.data));
                }
            }
        }
        out.push((result.format, text));
    }
    out
}

