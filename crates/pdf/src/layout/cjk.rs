//! CJK typesetting rules after CLREQ (Requirements for Chinese Text Layout) and JLREQ: which
//! characters may not start or end a line, which may not be split, which punctuation is
//! full-width and how it compresses, and where Han meets Latin. Which characters are CJK at all
//! is asked of [`quire_core::script`]; rules that differ by language take the text's
//! [`TextLang`] (Traditional Chinese centres its sentence punctuation, so it does not compress).

use quire_core::script::{is_hangul, is_set_on_em_grid};
use quire_core::text_lang::TextLang;

/// How strictly line-start prohibitions (kinsoku) are applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Strictness {
    /// Closing punctuation, small kana, the prolonged sound mark and iteration marks never
    /// start a line.
    #[default]
    Strict,
    /// Closing punctuation never starts a line; small kana and `ー` may.
    Normal,
    /// Only the closing punctuation that can never start a line (`、。，．）」` …) is held back.
    Loose,
}

/// The role of a full-width punctuation mark for compression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PunctKind {
    /// Ink in the right half of the em box: `（「『【〈《“‘`.
    Opening,
    /// Ink in the left half of the em box: `）」』】〉》”’、，。`.
    Closing,
    /// Centred or otherwise not compressible (`：；！？・`).
    Other,
}

const OPENING: &str = "（「『【〈《〔［｛〖〘“‘｟«‹([{";
const CLOSING_ALWAYS: &str = "、，。．）」』】〉》〕］｝〗〙”’｠»›.,;:!?)]}：；！？%‰℃°′″·・…‥〜～";
const CLOSING_STRICT: &str = "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿー々〻ゝゞヽヾ";
const LOOSE_ALLOWED: &str = "%‰℃°′″·・…‥〜～";
const INSEPARABLE: &str = "—…‥―⸺";

/// True if `c` may not begin a line under `strict`.
pub fn no_line_start(c: char, strict: Strictness) -> bool {
    if CLOSING_ALWAYS.contains(c) {
        return !(strict == Strictness::Loose && LOOSE_ALLOWED.contains(c));
    }
    strict == Strictness::Strict && CLOSING_STRICT.contains(c)
}

/// True if `c` may not end a line (opening brackets and quotes).
pub fn no_line_end(c: char) -> bool {
    OPENING.contains(c)
}

/// True if a line may not break between two copies of `c` (`——`, `……`).
pub(crate) fn inseparable(c: char) -> bool {
    INSEPARABLE.contains(c)
}

/// Korean `word-break: keep-all`, the norm in Korean books: no break between two letters or
/// digits when either is Hangul (`러스트로`, `Rust는`, `3개`), so lines break at the word spaces.
/// Applies wherever Hangul is, whatever the book's language (the script says it is Korean).
pub(crate) fn keep_all(prev: char, next: char) -> bool {
    (is_hangul(prev) || is_hangul(next)) && prev.is_alphanumeric() && next.is_alphanumeric()
}

/// The compression class of a full-width punctuation mark, `None` for anything else.
pub(crate) fn punct_kind(c: char) -> Option<PunctKind> {
    match c {
        '（' | '「' | '『' | '【' | '〈' | '《' | '〔' | '［' | '｛' | '〖' | '〘' | '“' | '‘' => {
            Some(PunctKind::Opening)
        }
        '）' | '」' | '』' | '】' | '〉' | '》' | '〕' | '］' | '｝' | '〗' | '〙' | '”' | '’' | '、'
        | '，' | '。' | '．' => Some(PunctKind::Closing),
        '：' | '；' | '！' | '？' | '・' | '·' | '—' | '…' => Some(PunctKind::Other),
        _ => None,
    }
}

/// The sentence punctuation Traditional Chinese (Taiwan, Hong Kong) sets in the middle of the em
/// box, where Simplified Chinese and Japanese set it in the lower left (CLREQ 3.1.6): with ink
/// in the middle, neither half is blank, so these never compress.
const CENTRED_IN_TRADITIONAL: &str = "，。、：；！？．";

/// [`punct_kind`] for text in `lang`: Traditional Chinese's centred sentence punctuation is
/// [`PunctKind::Other`] (not compressed); brackets and quotes compress in every language.
pub(crate) fn punct_kind_in(c: char, lang: TextLang) -> Option<PunctKind> {
    let kind = punct_kind(c)?;
    if lang.is_traditional_chinese() && CENTRED_IN_TRADITIONAL.contains(c) {
        return Some(PunctKind::Other);
    }
    Some(kind)
}

/// True for Latin letters and digits (the other side of a Han–Latin boundary).
pub(crate) fn is_latin_like(c: char) -> bool {
    c.is_alphanumeric() && !is_set_on_em_grid(c)
}

/// CLREQ's veto on a break between `prev` and `next`: true if the break must not happen.
pub(crate) fn forbids_break(prev: char, next: char, strict: Strictness) -> bool {
    no_line_start(next, strict) || no_line_end(prev) || (prev == next && inseparable(prev))
}

/// Where UAX #14 forbids a break next to an ambiguous quotation mark but Chinese usage allows it:
/// before an opening `“‘` or after a closing `”’` that touches CJK text.
pub(crate) fn quote_allows_break(prev: char, next: char) -> bool {
    (matches!(next, '“' | '‘') && is_set_on_em_grid(prev)) || (matches!(prev, '”' | '’') && is_set_on_em_grid(next))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closing_punctuation_never_starts_a_line() {
        for c in "、，；：。！？）」』】〉》”’".chars() {
            assert!(no_line_start(c, Strictness::Loose), "{c}");
        }
        assert!(no_line_start('ゃ', Strictness::Strict));
        assert!(!no_line_start('ゃ', Strictness::Normal));
    }

    #[test]
    fn opening_punctuation_never_ends_a_line() {
        for c in "（「『【〈《“‘".chars() {
            assert!(no_line_end(c), "{c}");
        }
        assert!(!no_line_end('字'));
    }

    #[test]
    fn dashes_and_ellipses_stay_whole() {
        assert!(forbids_break('—', '—', Strictness::Normal));
        assert!(forbids_break('…', '…', Strictness::Normal));
        assert!(!forbids_break('字', '字', Strictness::Strict));
    }

    #[test]
    fn korean_words_are_kept_whole() {
        assert!(keep_all('러', '스'));
        assert!(keep_all('t', '는'));
        assert!(keep_all('3', '개'));
        assert!(!keep_all('다', ' '));
        assert!(!keep_all('中', '文'));
        assert!(!keep_all('다', '.'));
    }

    #[test]
    fn traditional_chinese_sentence_punctuation_is_centred_and_not_compressed() {
        for c in "，。、：；！？".chars() {
            assert_eq!(punct_kind_in(c, TextLang::ZhHant), Some(PunctKind::Other), "{c}");
            assert_eq!(punct_kind_in(c, TextLang::ZhHk), Some(PunctKind::Other), "{c}");
        }
        assert_eq!(punct_kind_in('，', TextLang::ZhHans), Some(PunctKind::Closing));
        assert_eq!(punct_kind_in('。', TextLang::Ja), Some(PunctKind::Closing));
        // Brackets and quotes keep their blank half in Traditional Chinese too.
        assert_eq!(punct_kind_in('「', TextLang::ZhHant), Some(PunctKind::Opening));
        assert_eq!(punct_kind_in('）', TextLang::ZhHant), Some(PunctKind::Closing));
        // The line-start rules are the same: a centred comma still never starts a line.
        assert!(no_line_start('，', Strictness::Loose));
    }

    #[test]
    fn classes() {
        assert_eq!(punct_kind('）'), Some(PunctKind::Closing));
        assert_eq!(punct_kind('「'), Some(PunctKind::Opening));
        assert!(is_latin_like('G') && is_latin_like('9') && !is_latin_like('中'));
    }
}
