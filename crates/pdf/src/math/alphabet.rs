//! Which face and which character a math letter is set in: `\mathbf` and friends, TeX's italic
//! letters and upright capitals Greek, the Mathematical Alphanumeric Symbols block (with the
//! holes Letterlike Symbols fills: ℝ, ℋ, ℭ …).

use pulldown_latex::event::Font;

/// A face category for a math character.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Face {
    /// The math font (operators, delimiters, math alphanumerics).
    Math,
    /// The body serif, with bold and italic.
    Serif {
        /// Bold.
        bold: bool,
        /// Italic.
        italic: bool,
    },
    /// The sans face.
    Sans {
        /// Bold.
        bold: bool,
    },
    /// The code face.
    Mono,
}

fn is_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || ('\u{3b1}'..='\u{3c9}').contains(&c) || matches!(c, 'ϵ' | 'ϑ' | 'ϕ' | 'ϱ' | 'ϖ' | 'ı' | 'ȷ')
}

/// A code point of the Mathematical Alphanumeric Symbols block for `c` in `font`, if the block
/// has one (letters and digits of the styles it covers).
pub fn math_alphanumeric(c: char, font: Font) -> Option<char> {
    let (latin, digits): (u32, Option<u32>) = match font {
        // `\boldsymbol`: bold italic where the default is italic (Latin, lower-case Greek), bold
        // upright where it is upright (digits, capital Greek).
        Font::BoldSymbol => {
            let cp = match c {
                '\u{3b1}'..='\u{3c9}' => 0x1D736 + (c as u32 - 0x3b1),
                '\u{391}'..='\u{3a9}' => 0x1D6A8 + (c as u32 - 0x391),
                _ => return math_alphanumeric(c, if c.is_ascii_digit() { Font::Bold } else { Font::BoldItalic }),
            };
            return char::from_u32(cp);
        }
        // Unicode has double-struck italic only for the differential letters (ⅅ ⅆ ⅇ ⅈ ⅉ); any
        // other letter is set double-struck upright.
        Font::DoubleStruckItalic => {
            return match c {
                'D' => Some('ⅅ'),
                'd' => Some('ⅆ'),
                'e' => Some('ⅇ'),
                'i' => Some('ⅈ'),
                'j' => Some('ⅉ'),
                _ => math_alphanumeric(c, Font::DoubleStruck),
            };
        }
        Font::Bold => (0x1D400, Some(0x1D7CE)),
        Font::Italic => (0x1D434, None),
        Font::BoldItalic => (0x1D468, None),
        Font::Script => (0x1D49C, None),
        Font::BoldScript => (0x1D4D0, None),
        Font::Fraktur => (0x1D504, None),
        Font::DoubleStruck => (0x1D538, Some(0x1D7D8)),
        Font::BoldFraktur => (0x1D56C, None),
        Font::SansSerif => (0x1D5A0, Some(0x1D7E2)),
        Font::BoldSansSerif => (0x1D5D4, Some(0x1D7EC)),
        Font::SansSerifItalic => (0x1D608, None),
        Font::SansSerifBoldItalic => (0x1D63C, None),
        Font::Monospace => (0x1D670, Some(0x1D7F6)),
        Font::UpRight => return None,
    };
    let hole = match (font, c) {
        (Font::Italic, 'h') => Some('ℎ'),
        (Font::Script, 'B') => Some('ℬ'),
        (Font::Script, 'E') => Some('ℰ'),
        (Font::Script, 'F') => Some('ℱ'),
        (Font::Script, 'H') => Some('ℋ'),
        (Font::Script, 'I') => Some('ℐ'),
        (Font::Script, 'L') => Some('ℒ'),
        (Font::Script, 'M') => Some('ℳ'),
        (Font::Script, 'R') => Some('ℛ'),
        (Font::Script, 'e') => Some('ℯ'),
        (Font::Script, 'g') => Some('ℊ'),
        (Font::Script, 'o') => Some('ℴ'),
        (Font::Fraktur, 'C') => Some('ℭ'),
        (Font::Fraktur, 'H') => Some('ℌ'),
        (Font::Fraktur, 'I') => Some('ℑ'),
        (Font::Fraktur, 'R') => Some('ℜ'),
        (Font::Fraktur, 'Z') => Some('ℨ'),
        (Font::DoubleStruck, 'C') => Some('ℂ'),
        (Font::DoubleStruck, 'H') => Some('ℍ'),
        (Font::DoubleStruck, 'N') => Some('ℕ'),
        (Font::DoubleStruck, 'P') => Some('ℙ'),
        (Font::DoubleStruck, 'Q') => Some('ℚ'),
        (Font::DoubleStruck, 'R') => Some('ℝ'),
        (Font::DoubleStruck, 'Z') => Some('ℤ'),
        _ => None,
    };
    if hole.is_some() {
        return hole;
    }
    let cp = match c {
        'A'..='Z' => latin + (c as u32 - 'A' as u32),
        'a'..='z' => latin + 26 + (c as u32 - 'a' as u32),
        '0'..='9' => digits? + (c as u32 - '0' as u32),
        '\u{3b1}'..='\u{3c9}' if font == Font::Italic => 0x1D6FC + (c as u32 - 0x3b1),
        '\u{391}'..='\u{3a9}' if font == Font::Italic => 0x1D6E2 + (c as u32 - 0x391),
        _ => return None,
    };
    char::from_u32(cp)
}

/// Styles only the Mathematical Alphanumeric block (or the math font) draws.
pub fn needs_math_font(font: Font) -> bool {
    matches!(font, Font::Script | Font::BoldScript | Font::Fraktur | Font::BoldFraktur | Font::DoubleStruck | Font::DoubleStruckItalic)
}

/// The face a character is set in when the math font has no alphanumerics of its own: letters
/// italic from the body serif by default (Greek capitals upright, as TeX), `\mathbf` bold …
pub fn text_face(c: char, font: Option<Font>) -> Option<Face> {
    let alnum = is_letter(c) || c.is_ascii_digit() || ('\u{391}'..='\u{3a9}').contains(&c);
    if !alnum {
        return None;
    }
    Some(match font {
        None => Face::Serif { bold: false, italic: is_letter(c) },
        Some(Font::UpRight) => Face::Serif { bold: false, italic: false },
        Some(Font::Bold) => Face::Serif { bold: true, italic: false },
        Some(Font::BoldItalic) => Face::Serif { bold: true, italic: is_letter(c) },
        Some(Font::Italic) => Face::Serif { bold: false, italic: true },
        Some(Font::SansSerif | Font::SansSerifItalic) => Face::Sans { bold: false },
        Some(Font::BoldSansSerif | Font::SansSerifBoldItalic) => Face::Sans { bold: true },
        Some(Font::Monospace) => Face::Mono,
        Some(Font::DoubleStruck) => Face::Serif { bold: true, italic: false },
        Some(Font::DoubleStruckItalic) => Face::Serif { bold: true, italic: is_letter(c) },
        Some(Font::BoldSymbol) => Face::Serif { bold: true, italic: is_letter(c) },
        Some(Font::Script | Font::BoldScript | Font::Fraktur | Font::BoldFraktur) => Face::Serif { bold: false, italic: true },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alphanumerics_and_their_holes() {
        assert_eq!(math_alphanumeric('R', Font::DoubleStruck), Some('ℝ'));
        assert_eq!(math_alphanumeric('A', Font::DoubleStruck), Some('𝔸'));
        assert_eq!(math_alphanumeric('x', Font::Bold), Some('𝐱'));
        assert_eq!(math_alphanumeric('L', Font::Script), Some('ℒ'));
        assert_eq!(math_alphanumeric('g', Font::Fraktur), Some('𝔤'));
        assert_eq!(math_alphanumeric('h', Font::Italic), Some('ℎ'));
        assert_eq!(math_alphanumeric('+', Font::Bold), None);
        // `\boldsymbol`: bold italic letters, bold upright digits and capital Greek.
        assert_eq!(math_alphanumeric('x', Font::BoldSymbol), Some('𝒙'));
        assert_eq!(math_alphanumeric('2', Font::BoldSymbol), Some('𝟐'));
        assert_eq!(math_alphanumeric('α', Font::BoldSymbol), Some('𝜶'));
        assert_eq!(math_alphanumeric('Γ', Font::BoldSymbol), Some('𝚪'));
        assert_eq!(math_alphanumeric('d', Font::DoubleStruckItalic), Some('ⅆ'));
        assert_eq!(math_alphanumeric('R', Font::DoubleStruckItalic), Some('ℝ'));
        assert_eq!(text_face('x', None), Some(Face::Serif { bold: false, italic: true }));
        assert_eq!(text_face('Γ', None), Some(Face::Serif { bold: false, italic: false }));
        assert_eq!(text_face('2', None), Some(Face::Serif { bold: false, italic: false }));
        assert_eq!(text_face('+', None), None);
    }
}
