//! The language of the site: the configured one, else guessed from the text (a Chinese book
//! with an empty `book.json` should still get `lang="zh"` so browsers pick CJK fonts).

use quire_core::ast::{plain_text, BlockKind};
use quire_core::Book;

/// The BCP 47 tag for `<html lang>`.
pub fn site_language(book: &Book) -> String {
    if let Some(l) = book.config.book.language.as_deref().filter(|l| !l.trim().is_empty()) {
        return l.trim().to_string();
    }
    let mut sample = String::new();
    for ch in &book.chapters {
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
    guess(&sample).to_string()
}

/// `"ja"` when kana are common, `"zh"` when Han characters are, `"ko"` for Hangul, else `"en"`.
pub fn guess(text: &str) -> &'static str {
    let (mut han, mut kana, mut hangul, mut latin) = (0usize, 0usize, 0usize, 0usize);
    for c in text.chars() {
        match c as u32 {
            0x3040..=0x30FF => kana += 1,
            0x3400..=0x4DBF | 0x4E00..=0x9FFF => han += 1,
            0xAC00..=0xD7AF => hangul += 1,
            _ if c.is_ascii_alphabetic() => latin += 1,
            _ => {}
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
        assert_eq!(guess(""), "en");
    }
}
