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
        _ if quire_core::script::wants_cjk_face(c) => Class::Cjk,
        _ => Class::Other,
    }
}

/// Classes of `chars` with the neutral punctuation resolved to `Cjk` or `Other` from its
/// context (`Inherit` stays).
pub(crate) fn resolve(chars: &[char]) -> Vec<Class> {
    let raw: Vec<Class> = chars.iter().map(|c| class(*c)).collect();
    let strong = |k: Class| matches!(k, Class::Cjk | Class::Other);
    // The nearest strong class after each position, found in one backward pass (a run of
    // neutral punctuation is linear, not quadratic).
    let mut next_strong: Vec<Option<Class>> = vec![None; raw.len()];
    let mut seen: Option<Class> = None;
    for (i, k) in raw.iter().enumerate().rev() {
        next_strong[i] = seen;
        if strong(*k) {
            seen = Some(*k);
        }
    }
    let mut prev: Option<Class> = None;
    let mut out = raw.clone();
    for (i, k) in raw.iter().enumerate() {
        out[i] = match k {
            Class::NeutralOpen => next_strong[i].or(prev).unwrap_or(Class::Other),
            Class::NeutralClose => prev.or(next_strong[i]).unwrap_or(Class::Other),
            other => *other,
        };
        if strong(*k) {
            prev = Some(*k);
        }
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

    #[test]
    fn a_long_run_of_neutral_punctuation_is_resolved_in_linear_time() {
        let mut s: Vec<char> = vec!['…'; 200_000];
        s.push('中');
        let k = resolve(&s);
        assert!(k.iter().all(|k| *k == Class::Cjk));
        let s: Vec<char> = "a……".chars().collect();
        assert_eq!(resolve(&s), vec![Class::Other, Class::Other, Class::Other]);
    }
}
