//! English hyphenation with Knuth–Liang patterns (the `hyphenation` crate's embedded en-US
//! dictionary), loaded once per process.

use hyphenation::{Hyphenator, Language, Load, Standard};
use std::sync::OnceLock;

static DICT: OnceLock<Option<Standard>> = OnceLock::new();

fn dictionary() -> Option<&'static Standard> {
    DICT.get_or_init(|| Standard::from_embedded(Language::EnglishUS).ok()).as_ref()
}

/// Byte offsets inside `word` where it may be hyphenated. Only plain alphabetic words of five or
/// more letters are hyphenated, leaving at least two letters before and three after a break.
pub fn hyphenation_points(word: &str) -> Vec<usize> {
    if word.chars().count() < 5 || !word.chars().all(|c| c.is_ascii_alphabetic()) {
        return Vec::new();
    }
    // All-capitals words are acronyms or identifiers: leave them whole.
    if word.chars().all(|c| c.is_ascii_uppercase()) {
        return Vec::new();
    }
    match dictionary() {
        Some(d) => d
            .hyphenate(word)
            .breaks
            .into_iter()
            .filter(|&b| b >= 2 && word.len() - b >= 3)
            .collect(),
        None => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyphenates_english_words() {
        let pts = hyphenation_points("typesetting");
        assert!(!pts.is_empty());
        for p in pts {
            assert!(p >= 2 && p <= "typesetting".len() - 3);
        }
        assert!(hyphenation_points("cat").is_empty());
        assert!(hyphenation_points("HTTPS").is_empty());
        assert!(hyphenation_points("中文字符串").is_empty());
    }
}
