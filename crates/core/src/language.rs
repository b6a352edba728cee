//! The book's language when its configuration names none: guessed once, at load, from the text
//! (a Chinese GitBook book with an empty `book.json` is Chinese), so that every format — the
//! site's `lang`, the EPUB's `dc:language`, the PDF's labels and line-breaking rules — agrees.

use crate::ast::{plain_text, BlockKind};
use crate::book::Chapter;
use crate::script::{script_for_language_guess, CjkScript};

/// A BCP 47 tag guessed from the titles and first paragraphs of `chapters` (about 20 KB):
/// `"ja"` when kana are common among the CJK characters, `"ko"` for mostly Hangul, `"zh"` for
/// Han, else `"en"`.
pub fn guess_book_language(chapters: &[Chapter]) -> &'static str {
    let mut sample = String::new();
    for ch in chapters {
        sample.push_str(&ch.title);
        for b in ch.blocks.iter().take(20) {
            if let BlockKind::Paragraph(i) = &b.kind {
                sample.push_str(&plain_text(i));
            }
        }
        if sample.len() > 20_000 {
            break;
        }
    }
    guess(&sample)
}

/// The language of `text` by its letters (see [`guess_book_language`]).
pub fn guess(text: &str) -> &'static str {
    let (mut han, mut kana, mut hangul, mut latin) = (0usize, 0usize, 0usize, 0usize);
    for c in text.chars() {
        match script_for_language_guess(c) {
            Some(CjkScript::Kana) => kana += 1,
            Some(CjkScript::Han) => han += 1,
            Some(CjkScript::Hangul) => hangul += 1,
            None if c.is_ascii_alphabetic() => latin += 1,
            None => {}
        }
    }
    // A CJK character carries about as much as a short Latin word.
    let cjk = han + kana + hangul;
    if cjk * 4 < latin {
        "en"
    } else if kana * 5 > cjk {
        "ja"
    } else if hangul > han {
        "ko"
    } else if cjk > 0 {
        "zh"
    } else {
        "en"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guesses_from_text() {
        assert_eq!(guess("Mesos 是一个分布式系统内核，调度资源。"), "zh");
        assert_eq!(guess("The quick brown fox 中"), "en");
        assert_eq!(guess("これは日本語の文章です"), "ja");
        assert_eq!(guess("다음은 러스트로 작성한 프로그램입니다"), "ko");
        assert_eq!(guess(""), "en");
    }
}
