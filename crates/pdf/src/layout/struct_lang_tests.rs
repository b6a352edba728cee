//! The language of each structure element of the page model: `/Lang` where an element's text
//! is in another language than its parent's — named by an element's `lang` (inline or block) or,
//! in text in the book's language, by the script of CJK letters — and nowhere else.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::model::Role;
use quire_core::{Book, MemorySource};

/// The elements with `/Lang` of a one-chapter book in `language`, in creation order.
fn langs(language: &str, chapter: &str) -> Vec<(Role, String)> {
    let src = MemorySource::new()
        .file("book.toml", format!("[book]\ntitle = \"T\"\nlanguage = \"{language}\"\n"))
        .file("src/SUMMARY.md", "- [C](c.md)\n")
        .file("src/c.md", chapter);
    let book = Book::load_from(&src).expect("loads");
    let fonts = crate::math::tests::book();
    let opts = crate::configured_layout(&book, &Default::default());
    let (doc, _) = super::layout(&book, &fonts, &opts);
    doc.structure.iter().filter_map(|e| e.lang.clone().map(|l| (e.role, l))).collect()
}

#[test]
fn spans_and_blocks_named_in_another_language_carry_lang() {
    let got = langs(
        "en",
        "# C\n\nSay <span lang=\"fr\">bonjour</span> and <em lang=\"DE\">danke</em> and <span lang=\"en\">hello</span>.\n\n\
         <p lang=\"de\">Guten Tag.</p>\n\n<blockquote lang=\"es\">\n\nHola.\n\n</blockquote>\n",
    );
    assert_eq!(
        got,
        [(Role::Span, "fr".to_string()), (Role::Span, "de".to_string()), (Role::P, "de".to_string()), (Role::BlockQuote, "es".to_string())]
    );
}

#[test]
fn cjk_letters_in_the_books_language_are_tagged_by_script_unless_an_element_names_one() {
    let got = langs("en", "# C\n\nHe said 「ちょっと」 and <span lang=\"ja\">直</span> and 中文 and <span lang=\"fr\">漢</span>.\n");
    assert_eq!(
        got,
        [(Role::Span, "ja".to_string()), (Role::Span, "ja".to_string()), (Role::Span, "zh-Hans".to_string()), (Role::Span, "fr".to_string())]
    );
    // Latin and Han in a Chinese book are Chinese; Hangul is Korean.
    assert_eq!(langs("zh-CN", "# C\n\n中文 Rust 语言 다음은\n"), [(Role::Span, "ko".to_string())]);
    // Inside a block that names a language, its text is that language (no Span per script).
    assert_eq!(langs("en", "# C\n\n<div lang=\"zh\">\n\n中文 English\n\n</div>\n"), [(Role::P, "zh".to_string())]);
}
