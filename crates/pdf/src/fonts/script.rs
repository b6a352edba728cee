//! Which kind of face a character wants: CJK (Han, Kana, Hangul, CJK punctuation, fullwidth
//! forms), "other" (Latin and everything else), context-dependent punctuation (curly quotes,
//! dashes, ellipsis: CJK between CJK characters, Latin between Latin ones) and characters that
//! inherit their neighbour's face (spaces, combining marks, joiners, variation selectors).

/// The script class of one character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// Wants a CJK face.
    Cjk,
    /// Wants a Latin (non-CJK) face.
    Other,
    /// Opening punctuation shared by CJK and Latin text: takes the class of the next strong
    /// character.
    NeutralOpen,
    /// Closing or medial punctuation shared by CJK and Latin text: takes the class of the
    /// previous strong character.
    NeutralClose,
    /// Takes the face of its neighbour (spaces, combining marks, joiners).
    Inherit,
}

/// The class of `c`.
pub(crate) fn class(c: char) -> Class {
    let u = c as u32;
    match u {
        // Spaces, controls, joiners, combining marks, variation selectors.
        0x0000..=0x0020 | 0x00A0 | 0x2000..=0x200F | 0x202F | 0x205F | 0x2060 => Class::Inherit,
        0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF => Class::Inherit,
        0xFE00..=0xFE0F | 0xFE20..=0xFE2F | 0xE0100..=0xE01EF | 0xFEFF => Class::Inherit,
        // Punctuation Chinese shares with Latin text.
        0x2018 | 0x201C => Class::NeutralOpen,
        0x2019 | 0x201D | 0x2014 | 0x2015 | 0x2026 | 0x00B7 | 0x2027 | 0x2E3A => Class::NeutralClose,
        // Hangul Jamo, CJK radicals .. Kanbun/Bopomofo ext/Katakana ext, enclosed, compat.
        0x1100..=0x11FF | 0x2E80..=0x2FDF | 0x2FF0..=0x2FFF | 0x3000..=0x303F => Class::Cjk,
        // Kana, Bopomofo, Hangul compatibility Jamo, Kanbun, Bopomofo ext, Katakana ext.
        0x3040..=0x31FF => Class::Cjk,
        0x3200..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xA960..=0xA97F => Class::Cjk,
        0xAC00..=0xD7AF | 0xD7B0..=0xD7FF | 0xF900..=0xFAFF | 0xFE10..=0xFE1F => Class::Cjk,
        0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0x1F200..=0x1F2FF | 0x20000..=0x3FFFF => Class::Cjk,
        _ => Class::Other,
    }
}

/// Classes of `chars` with the neutral punctuation resolved to `Cjk` or `Other` from its
/// context (`Inherit` stays).
pub(crate) fn resolve(chars: &[char]) -> Vec<Class> {
    let raw: Vec<Class> = chars.iter().map(|c| class(*c)).collect();
    let strong = |k: Class| matches!(k, Class::Cjk | Class::Other);
    let mut out = raw.clone();
    for (i, k) in raw.iter().enumerate() {
        let prev = || raw[..i].iter().rev().copied().find(|k| strong(*k));
        let next = || raw[i + 1..].iter().copied().find(|k| strong(*k));
        out[i] = match k {
            Class::NeutralOpen => next().or_else(prev).unwrap_or(Class::Other),
            Class::NeutralClose => prev().or_else(next).unwrap_or(Class::Other),
            other => *other,
        };
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn quotes_follow_their_context() {
        let s: Vec<char> = "他说“你好”。He said “hi” 好".chars().collect();
        let k = resolve(&s);
        assert_eq!(k[2], Class::Cjk); // “ before 你
        assert_eq!(k[5], Class::Cjk); // ” after 好
        assert_eq!((s[15], k[15]), ('“', Class::Other));
        assert_eq!((s[18], k[18]), ('”', Class::Other));
        assert_eq!(k[9], Class::Inherit);
    }
}
