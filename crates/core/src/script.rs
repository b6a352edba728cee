//! Which writing system a character belongs to, as the stages after parsing need to know it.
//!
//! Renderers ask here rather than keeping their own tables, so a character is treated alike in
//! every format.

/// True for characters between which a source line break disappears (Han, kana, CJK
/// punctuation, full-width forms), as CLREQ/JLREQ practice and CSS Text 4's segment-break rules
/// say. Hangul is not among them: Korean separates words with spaces.
pub fn joins_at_line_break(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FFF | 0x3000..=0x303F | 0x3040..=0x30FF | 0x3100..=0x312F | 0x31A0..=0x31FF
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF
        | 0x20000..=0x2FFFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn han_and_kana_join_hangul_and_latin_do_not() {
        for c in ['中', 'か', 'カ', '。', '（', '𠀀'] {
            assert!(joins_at_line_break(c), "{c}");
        }
        for c in ['한', 'a', ' ', 'é', '1'] {
            assert!(!joins_at_line_break(c), "{c}");
        }
    }
}
