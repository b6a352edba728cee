//! CJK typesetting rules after CLREQ (Requirements for Chinese Text Layout): which characters
//! may not start or end a line, which may not be split, which punctuation is full-width and how
//! it compresses, and where Han meets Latin.

/// How strictly line-start prohibitions (kinsoku) are applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
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
pub enum PunctKind {
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
pub fn inseparable(c: char) -> bool {
    INSEPARABLE.contains(c)
}

/// True for ideographs, kana, hangul and full-width forms: characters set on the em grid, between
/// which lines may break and justification adds inter-character space.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF | 0x2E80..=0x2FDF | 0x3000..=0x303F | 0x3040..=0x30FF | 0x3100..=0x312F
        | 0x3130..=0x318F | 0x31A0..=0x31FF | 0x3200..=0x9FFF | 0xA960..=0xA97F | 0xAC00..=0xD7FF
        | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFF)
}

/// True for a CJK ideograph, kana or hangul letter (not punctuation): where Han meets Latin a
/// quarter-em space is set.
pub fn is_han(c: char) -> bool {
    is_cjk(c) && punct_kind(c).is_none() && !matches!(c as u32, 0x3000..=0x303F | 0xFF00..=0xFF60)
        || matches!(c as u32, 0x3005..=0x3007)
}

/// The compression class of a full-width punctuation mark, `None` for anything else.
pub fn punct_kind(c: char) -> Option<PunctKind> {
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

/// True for Latin letters and digits (the other side of a Han–Latin boundary).
pub fn is_latin_like(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

/// CLREQ's veto on a break between `prev` and `next`: true if the break must not happen.
pub fn forbids_break(prev: char, next: char, strict: Strictness) -> bool {
    no_line_start(next, strict) || no_line_end(prev) || (prev == next && inseparable(prev))
}

/// Where UAX #14 forbids a break next to an ambiguous quotation mark but Chinese usage allows it:
/// before an opening `“‘` or after a closing `”’` that touches CJK text.
pub fn quote_allows_break(prev: char, next: char) -> bool {
    (matches!(next, '“' | '‘') && is_cjk(prev)) || (matches!(prev, '”' | '’') && is_cjk(next))
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
    fn classes() {
        assert!(is_han('中'));
        assert!(!is_han('，'));
        assert!(is_cjk('，'));
        assert_eq!(punct_kind('）'), Some(PunctKind::Closing));
        assert_eq!(punct_kind('「'), Some(PunctKind::Opening));
        assert!(is_latin_like('G') && is_latin_like('9') && !is_latin_like('中'));
    }
}
