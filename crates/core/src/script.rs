//! Which writing system a character belongs to, as the stages after parsing need to know it:
//! every CJK range table of the workspace lives here.
//!
//! Renderers ask here rather than keeping their own tables, so a character is treated alike in
//! every format. There is no single `is_cjk`: each predicate answers one question (does a line
//! break vanish here, is this set on the em grid, is this indexed as bigrams …), and the ranges
//! differ because the questions do. The tests at the end check that they agree where they must.

/// True for characters between which a source line break disappears (Han, kana, CJK
/// punctuation, full-width forms), as CLREQ/JLREQ practice and CSS Text 4's segment-break rules
/// say. Hangul is not among them: Korean separates words with spaces.
pub fn joins_at_line_break(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FFF | 0x3000..=0x303F | 0x3040..=0x30FF | 0x3100..=0x312F | 0x31A0..=0x31FF
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF
        | 0x20000..=0x2FFFF)
}

/// True for a character the CJK-friendly emphasis rules (markdown-cjk-friendly) count as CJK: a
/// character of a CJK script or a full-width/half-width form (East Asian Width W, F or H,
/// approximated by ranges; emoji excluded), Hangul included.
pub fn is_cjk_for_emphasis(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x2FDF | 0x2FF0..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xA960..=0xA97F | 0xAC00..=0xD7A3 | 0xD7B0..=0xD7FF
        | 0xF900..=0xFAFF | 0xFE10..=0xFE19 | 0xFE30..=0xFE6F | 0xFF00..=0xFFEF
        | 0x1B000..=0x1B2FF | 0x20000..=0x3FFFD)
}

/// True for ideographs, kana, hangul and full-width forms: characters the PDF sets on the em
/// grid, between which lines may break and justification adds inter-character space.
pub fn is_set_on_em_grid(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF | 0x2E80..=0x2FDF | 0x3000..=0x303F | 0x3040..=0x30FF | 0x3100..=0x312F
        | 0x3130..=0x318F | 0x31A0..=0x31FF | 0x3200..=0x9FFF | 0xA960..=0xA97F | 0xAC00..=0xD7FF
        | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFF)
}

/// True for a CJK ideograph or kana on the em grid (not punctuation, not Hangul): where it meets
/// Latin a quarter-em space is set (CSS `text-autospace: ideograph-alpha`). Korean separates
/// words with typed spaces, so Hangul next to Latin (`Rust는`) gets none. The iteration marks
/// `々〆〇` count as ideographs.
pub fn is_ideograph_or_kana(c: char) -> bool {
    is_set_on_em_grid(c) && !is_hangul(c) && c != '・' && !matches!(c as u32, 0x3000..=0x303F | 0xFF00..=0xFF60)
        || matches!(c as u32, 0x3005..=0x3007)
}

/// True for Hangul syllables and jamo (Korean `word-break: keep-all` applies next to them).
pub fn is_hangul(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x11FF | 0x3130..=0x318F | 0xA960..=0xA97F | 0xAC00..=0xD7FF)
}

/// True for letters the site search indexes as overlapping bigrams (Han, kana, Hangul) — not
/// CJK punctuation. The browser's `search.js` has the same ranges (its `isCjk`).
pub fn is_indexed_as_bigrams(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xAC00..=0xD7AF
        | 0x20000..=0x2FFFF | 0x31F0..=0x31FF)
}

/// True for characters the PDF's font fallback sets in a CJK face (Han, kana, Hangul, CJK
/// punctuation, full-width forms, enclosed ideographs). Spaces, combining marks and the
/// punctuation CJK shares with Latin are decided by the caller before this is asked.
pub fn wants_cjk_face(c: char) -> bool {
    matches!(c as u32,
        // Hangul Jamo, CJK radicals .. Kanbun/Bopomofo ext/Katakana ext, enclosed, compat.
        0x1100..=0x11FF | 0x2E80..=0x2FDF | 0x2FF0..=0x2FFF | 0x3000..=0x303F
        // Kana, Bopomofo, Hangul compatibility Jamo, Kanbun, Bopomofo ext, Katakana ext.
        | 0x3040..=0x31FF
        | 0x3200..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xA960..=0xA97F
        | 0xAC00..=0xD7AF | 0xD7B0..=0xD7FF | 0xF900..=0xFAFF | 0xFE10..=0xFE1F
        | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0x1F200..=0x1F2FF | 0x20000..=0x3FFFF)
}

/// True for characters that take two half-width units when the width of a line of text is
/// estimated (the generated EPUB cover wraps its title by it).
pub fn is_double_width(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// A CJK script, as the questions below that sort characters by script answer it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CjkScript {
    /// Korean Hangul.
    Hangul,
    /// Japanese hiragana and katakana.
    Kana,
    /// Han ideographs (Chinese, and Japanese kanji, Korean hanja).
    Han,
}

/// The script of a letter, as the book-language guess counts it: only the main blocks of
/// kana, Han and Hangul syllables, so that punctuation and rare forms do not sway the count.
pub fn script_for_language_guess(c: char) -> Option<CjkScript> {
    match c as u32 {
        0x3040..=0x30FF => Some(CjkScript::Kana),
        0x3400..=0x4DBF | 0x4E00..=0x9FFF => Some(CjkScript::Han),
        0xAC00..=0xD7AF => Some(CjkScript::Hangul),
        _ => None,
    }
}

/// The script whose font a character calls for, as the PDF's report of characters no font
/// covers groups them: every block of the script, half-width and supplementary forms included.
pub fn script_for_font(c: char) -> Option<CjkScript> {
    match c as u32 {
        0x1100..=0x11FF | 0x3130..=0x318F | 0xA960..=0xA97F | 0xAC00..=0xD7FF | 0xFFA0..=0xFFDC => {
            Some(CjkScript::Hangul)
        }
        0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F | 0x1B000..=0x1B16F => Some(CjkScript::Kana),
        0x2E80..=0x2FDF | 0x3005..=0x3007 | 0x3021..=0x3029 | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF
        | 0x20000..=0x3FFFF => Some(CjkScript::Han),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_chars() -> impl Iterator<Item = char> {
        (0..=0x10FFFFu32).filter_map(char::from_u32)
    }

    #[test]
    fn han_and_kana_join_hangul_and_latin_do_not() {
        for c in ['中', 'か', 'カ', '。', '（', '𠀀'] {
            assert!(joins_at_line_break(c), "{c}");
        }
        for c in ['한', 'a', ' ', 'é', '1'] {
            assert!(!joins_at_line_break(c), "{c}");
        }
    }

    #[test]
    fn samples() {
        assert!(is_cjk_for_emphasis('是') && is_cjk_for_emphasis('（') && is_cjk_for_emphasis('한'));
        assert!(!is_cjk_for_emphasis('a'));
        assert!(!is_ideograph_or_kana('는') && is_set_on_em_grid('는') && is_hangul('는'));
        assert!(is_ideograph_or_kana('か') && is_ideograph_or_kana('カ') && is_ideograph_or_kana('漢'));
        assert!(is_ideograph_or_kana('々') && !is_ideograph_or_kana('，') && is_set_on_em_grid('，'));
        assert!(!is_ideograph_or_kana('・') && !is_ideograph_or_kana('。'));
        assert!(is_indexed_as_bigrams('中') && is_indexed_as_bigrams('한') && !is_indexed_as_bigrams('。'));
        assert!(wants_cjk_face('。') && wants_cjk_face('한') && !wants_cjk_face('a'));
        assert!(is_double_width('中') && !is_double_width('a'));
        assert_eq!(script_for_language_guess('か'), Some(CjkScript::Kana));
        assert_eq!(script_for_font('ｶ'), Some(CjkScript::Kana));
        assert_eq!(script_for_language_guess('ｶ'), None);
        assert_eq!(script_for_font('다'), Some(CjkScript::Hangul));
        assert_eq!(script_for_font('𠀀'), Some(CjkScript::Han));
    }

    /// A line break vanishes only between characters the emphasis rules also call CJK (the
    /// exceptions are unassigned code points and U+303F, a narrow half-fill space).
    #[test]
    fn every_joining_char_is_wide_cjk() {
        let except = |c: char| matches!(c as u32, 0x2FE0..=0x2FEF | 0x303F | 0x3040);
        for c in all_chars().filter(|&c| joins_at_line_break(c) && !except(c)) {
            assert!(is_cjk_for_emphasis(c), "U+{:04X}", c as u32);
        }
        assert!(!joins_at_line_break('한'), "Korean keeps its line breaks as spaces");
    }

    /// The PDF's predicates nest: Hangul and ideographs/kana are on the em grid, and never both.
    #[test]
    fn em_grid_holds_hangul_and_ideographs() {
        for c in all_chars() {
            if is_hangul(c) || is_ideograph_or_kana(c) {
                assert!(is_set_on_em_grid(c), "U+{:04X}", c as u32);
            }
            assert!(!(is_hangul(c) && is_ideograph_or_kana(c)), "U+{:04X}", c as u32);
        }
    }

    /// What the search indexes as bigrams is set on the em grid (and found a CJK face), and every
    /// letter the language guess counts is indexed as bigrams and sorted into the same script as
    /// the font report sorts it.
    #[test]
    fn search_language_and_font_tables_agree() {
        for c in all_chars() {
            let u = c as u32;
            if is_indexed_as_bigrams(c) {
                assert!(is_set_on_em_grid(c) && wants_cjk_face(c), "U+{u:04X}");
            }
            if let Some(s) = script_for_language_guess(c) {
                assert!(is_indexed_as_bigrams(c), "U+{u:04X}");
                assert_eq!(script_for_font(c), Some(s), "U+{u:04X}");
            }
            if is_hangul(c) {
                assert_eq!(script_for_font(c), Some(CjkScript::Hangul), "U+{u:04X}");
            }
        }
    }
}
