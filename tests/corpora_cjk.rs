//! Integration tests: the CJK books of `../shared/corpora` (Japanese, Korean and the two Chinese
//! ones) typeset in the PDF with the shipped
//! fonts plus the installed system fonts (Debian's fonts-noto-cjk, from `.ci/install-tools`), and
//! a checker reads the PDF's text back (pdftotext): no missing glyphs, no line starting or ending
//! with a mark the book's language forbids there, labels in the book's language, and every
//! Korean word space of the source still a space. Ignored when the corpora are absent.

use crate::support;
use std::collections::HashSet;

/// Marks that never start a line, in every CJK language (closing brackets, commas, stops).
const NO_START: &str = "、，。．）」』】〉》〕］｝〗〙”’：；！？";
/// Also never at a line start in Japanese, strict mode (the default): small kana and `ー`.
const NO_START_JA: &str = "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶー";
/// Marks that never end a line (opening brackets).
const NO_END: &str = "（「『【〈《〔［｛〖〘“‘";

/// Renders a corpus book's PDF (shipped fonts, then installed ones) and returns its language, the
/// diagnostics' codes and messages, and the text pdftotext reads from it.
fn render(name: &str) -> (String, Vec<(String, String)>, String) {
    // Rendered once for every test that needs the book's PDF.
    let c = crate::pdf::corpus_pdf(name);
    let out_dir = support::out_dir(&format!("corpora-cjk-{name}"));
    let pdf = out_dir.join("book.pdf");
    std::fs::write(&pdf, &c.bytes).expect("write pdf");
    let (ok, text, err) = support::run(support::tool("pdftotext").arg("-enc").arg("UTF-8").arg(&pdf).arg("-"));
    assert!(ok, "pdftotext: {err}");
    (c.book.language().to_string(), c.diagnostics.clone(), text)
}

/// Lines that start or end with a mark the language forbids there.
fn violations(language: &str, text: &str) -> Vec<String> {
    let ja = language.starts_with("ja");
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .filter(|l| {
            let first = l.chars().next().unwrap_or(' ');
            let last = l.chars().next_back().unwrap_or(' ');
            NO_START.contains(first) || (ja && NO_START_JA.contains(first)) || NO_END.contains(last)
        })
        .map(str::to_string)
        .collect()
}

/// Hangul words of a text (whitespace-separated pieces trimmed to their Hangul core).
fn hangul_words(text: &str) -> Vec<String> {
    let is_hangul = |c: char| ('\u{AC00}'..='\u{D7A3}').contains(&c);
    text.split_whitespace().map(|w| w.trim_matches(|c: char| !is_hangul(c)).to_string()).collect()
}

/// Pairs of Hangul words a space separates in the sources whose concatenation the PDF text has
/// as one word (a dropped word space), where the sources never write them joined.
fn dropped_korean_spaces(book_dir: &std::path::Path, pdf_text: &str) -> Vec<String> {
    let book = quire_core::Book::load(book_dir).expect("loads");
    let mut joined_in_source: HashSet<String> = HashSet::new();
    let mut pairs: Vec<String> = Vec::new();
    for (_, file) in book.sources.files() {
        let words = hangul_words(&file.text);
        joined_in_source.extend(words.iter().cloned());
        for w in words.windows(2) {
            if w[0].chars().count() >= 2 && w[1].chars().count() >= 2 {
                pairs.push(format!("{}{}", w[0], w[1]));
            }
        }
    }
    let pdf_words: HashSet<String> = hangul_words(pdf_text).into_iter().collect();
    let mut out: Vec<String> = pairs.into_iter().filter(|p| !joined_in_source.contains(p) && pdf_words.contains(p)).collect();
    out.sort();
    out.dedup();
    out
}

fn check(name: &str) {
    let (language, diags, text) = render(name);
    let missing: Vec<&String> = diags.iter().filter(|(c, _)| c == "pdf-missing-glyph").map(|(_, m)| m).collect();
    assert!(missing.is_empty(), "{name}: {missing:?}");
    let bad = violations(&language, &text);
    assert!(bad.is_empty(), "{name}: {} lines break against the {language} rules, e.g. {:?}", bad.len(), &bad[..bad.len().min(10)]);
    let words = quire_core::i18n::Words::for_language(&language);
    assert!(text.contains(&words.contents), "{name}: no `{}` in the PDF", words.contents);
    if !language.starts_with("zh") {
        for chinese in ["代码清单", "第一章", "目录"] {
            assert!(!text.contains(chinese), "{name} ({language}) is labelled in Chinese: {chinese}");
        }
    }
    if language.starts_with("ko") {
        let dropped = dropped_korean_spaces(&support::corpus(name), &text);
        assert!(dropped.is_empty(), "{name}: {} Korean word spaces lost, e.g. {:?}", dropped.len(), &dropped[..dropped.len().min(10)]);
    }
}

#[test]
#[cfg_attr(not(has_corpora), ignore = "needs ../shared/corpora")]
fn japanese_corpus_pdf_has_fonts_line_rules_and_labels() {
    check("rust-by-example-ja");
}

#[test]
#[cfg_attr(not(has_corpora), ignore = "needs ../shared/corpora")]
fn korean_corpus_pdf_has_fonts_word_spaces_and_labels() {
    check("rust-by-example-ko");
}

#[test]
#[cfg_attr(not(has_corpora), ignore = "needs ../shared/corpora")]
fn chinese_corpora_pdfs_have_fonts_line_rules_and_labels() {
    check("advanced-go-programming-book");
    check("mesos-in-action");
}

#[test]
fn the_checker_finds_what_it_looks_for() {
    assert_eq!(violations("ja", "ちょっと\nょっと\n終わり「\n。始まり\nok"), ["ょっと", "終わり「", "。始まり"]);
    assert!(violations("zh-CN", "ょっと").is_empty());
    assert_eq!(hangul_words("러스트의 (소유권을) 이해"), ["러스트의", "소유권을", "이해"]);
}
