//! Break opportunities and the atoms a paragraph is built from.
//!
//! Opportunities come from UAX #14 (`unicode-linebreak`), then CLREQ vetoes them: no closing
//! punctuation (or, when strict, small kana) at a line start, no opening bracket at a line end,
//! `——` and `……` never split; Chinese quotation marks get the breaks UAX #14 is too cautious to
//! give. Atoms are the unbreakable pieces: a Latin word, one ideograph, one punctuation mark, a
//! run of spaces, a hard break, an image set in the line.

use super::cjk::{self, PunctKind, Strictness};
use quire_core::script;
use quire_core::text_lang::{segments, TextLang};
use super::inline::Run;
use super::shape::Shaper;
use crate::fonts::{ShapedGlyph, Style};
use crate::model::FontId;
use std::ops::Range;
use std::sync::Arc;
use unicode_linebreak::{linebreaks, BreakOpportunity};

/// No break at this byte position.
pub const NO: u8 = 0;
/// A break is allowed before the character at this position.
pub const ALLOWED: u8 = 1;
/// A break is required here.
pub const MANDATORY: u8 = 2;

/// Break flags for every byte position `0..=text.len()` (only char boundaries are meaningful).
pub fn break_flags(text: &str, strict: Strictness) -> Vec<u8> {
    let mut flags = vec![NO; text.len() + 1];
    for (i, op) in linebreaks(text) {
        flags[i] = match op {
            BreakOpportunity::Mandatory => MANDATORY,
            BreakOpportunity::Allowed => ALLOWED,
        };
    }
    let mut prev: Option<char> = None;
    for (i, next) in text.char_indices() {
        if let Some(p) = prev {
            if flags[i] == NO && cjk::quote_allows_break(p, next) && !cjk::forbids_break(p, next, strict) {
                flags[i] = ALLOWED;
            }
            if flags[i] == NO
                && strict != Strictness::Strict
                && cjk::no_line_start(next, Strictness::Strict)
                && !cjk::no_line_start(next, strict)
                && script::is_set_on_em_grid(p)
                && !cjk::no_line_end(p)
            {
                flags[i] = ALLOWED;
            }
            if flags[i] == ALLOWED && (cjk::forbids_break(p, next, strict) || cjk::keep_all(p, next)) {
                flags[i] = NO;
            }
        }
        prev = Some(next);
    }
    flags
}

/// What an atom is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Spaces.
    Space,
    /// A hard line break.
    Newline,
    /// One ideograph (or kana, hangul).
    Han,
    /// One full-width punctuation mark set in a CJK face.
    Punct(PunctKind),
    /// A run of Latin letters, digits, symbols between break opportunities.
    Word,
    /// A formula (one unbreakable box; its run's text stands for it), or an image set in the
    /// line (one [`super::inline::OBJECT`] of a run with an object box).
    Object,
}

/// An unbreakable piece of the paragraph, shaped.
#[derive(Debug, Clone)]
pub struct Atom {
    /// Byte range in the paragraph text.
    pub range: Range<usize>,
    /// Index of the run it belongs to.
    pub run: usize,
    /// Its face.
    pub font: FontId,
    /// The language it is set in (its run's, or its script's).
    pub lang: TextLang,
    /// What it is.
    pub kind: Kind,
    /// Glyphs; clusters are byte offsets from `range.start`.
    pub glyphs: Arc<[ShapedGlyph]>,
    /// Total advance.
    pub width: f32,
}

impl Atom {
    /// True for ideographs and full-width punctuation.
    pub fn is_cjk(&self) -> bool {
        matches!(self.kind, Kind::Han | Kind::Punct(_))
    }
}

/// The face style of a run.
pub fn face_style(run: &Run) -> Style {
    Style { family: run.style.family, bold: run.style.bold, italic: run.style.italic }
}

fn classify(c: char, cjk_face: bool, lang: TextLang) -> Kind {
    if c == '\n' {
        Kind::Newline
    } else if c.is_whitespace() && c != '\u{a0}' {
        Kind::Space
    } else if let Some(k) = cjk::punct_kind_in(c, lang).filter(|_| script::is_set_on_em_grid(c) || cjk_face) {
        Kind::Punct(k)
    } else if script::is_hangul(c) {
        // Korean words are words: whole between spaces, justified on the spaces.
        Kind::Word
    } else if script::is_set_on_em_grid(c) {
        Kind::Han
    } else {
        Kind::Word
    }
}

/// Splits the concatenated `text` of `runs` into shaped atoms. `flags` are its break flags;
/// `lang` is the language of runs that name none. Each part takes the faces and forms of its
/// own language (see [`segments`]).
pub fn atoms(shaper: &mut Shaper, runs: &[Run], text: &str, flags: &[u8], lang: TextLang) -> Vec<Atom> {
    let mut out: Vec<Atom> = Vec::new();
    let mut base = 0usize;
    for (ri, run) in runs.iter().enumerate() {
        if run.style.is_box() {
            let font = shaper.fonts.ids().next().unwrap_or(FontId(0));
            let lang = run.style.lang.unwrap_or(lang);
            out.push(Atom { range: base..base + run.text.len(), run: ri, font, lang, kind: Kind::Object, glyphs: Arc::default(), width: 0.0 });
            base += run.text.len();
            continue;
        }
        if let Some(object) = run.style.object {
            // Not shaped: a box of the image's width per object character.
            let lang = run.style.lang.unwrap_or(lang);
            for (off, c) in run.text.char_indices() {
                let range = base + off..base + off + c.len_utf8();
                out.push(Atom { range, run: ri, font: FontId(0), lang, kind: Kind::Object, glyphs: Arc::default(), width: object.w });
            }
            base += run.text.len();
            continue;
        }
        for (part, lang) in segments(&run.text, run.style.lang.unwrap_or(lang)) {
            let items = shaper.itemize_in(&run.text[part.clone()], face_style(run), lang);
            for (range, font) in items {
                let cjk_face = shaper.fonts.is_cjk(font);
                let mut cur: Option<(usize, Kind)> = None;
                let seg_start = base + part.start + range.start;
                let seg_end = base + part.start + range.end;
                let piece = Piece { run: ri, font, lang, size: run.style.size };
                for (off, c) in text[seg_start..seg_end].char_indices() {
                    let pos = seg_start + off;
                    let kind = classify(c, cjk_face, lang);
                    let joins = match cur {
                        Some((_, Kind::Word)) => kind == Kind::Word && flags[pos] == NO,
                        Some((_, Kind::Space)) => kind == Kind::Space,
                        _ => false,
                    };
                    if !joins {
                        if let Some((s, k)) = cur.take() {
                            out.push(make(shaper, text, s..pos, &piece, k));
                        }
                        cur = Some((pos, kind));
                    }
                }
                if let Some((s, k)) = cur.take() {
                    out.push(make(shaper, text, s..seg_end, &piece, k));
                }
            }
        }
        base += run.text.len();
    }
    out
}

/// What the atoms of one itemized piece share.
struct Piece {
    run: usize,
    font: FontId,
    lang: TextLang,
    size: f32,
}

fn make(shaper: &mut Shaper, text: &str, range: Range<usize>, p: &Piece, kind: Kind) -> Atom {
    let glyphs = match kind {
        Kind::Space | Kind::Newline => Arc::default(),
        _ => shaper.shaped(p.font, &text[range.clone()], p.size, p.lang),
    };
    let width = glyphs.iter().map(|g| g.advance).sum();
    Atom { range, run: p.run, font: p.font, lang: p.lang, kind, glyphs, width }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allowed_before(text: &str, strict: Strictness) -> Vec<String> {
        let f = break_flags(text, strict);
        text.char_indices()
            .filter(|(i, _)| *i > 0 && f[*i] == ALLOWED)
            .map(|(i, _)| text[i..].chars().next().map(String::from).unwrap_or_default())
            .collect()
    }

    #[test]
    fn no_break_before_closing_or_after_opening() {
        let t = "他说（这是一个例子），然后「走了」。";
        let f = break_flags(t, Strictness::Strict);
        for (i, c) in t.char_indices() {
            if i == 0 {
                continue;
            }
            let prev = t[..i].chars().next_back().unwrap_or(' ');
            if f[i] == ALLOWED {
                assert!(!cjk::no_line_start(c, Strictness::Strict), "break before {c}");
                assert!(!cjk::no_line_end(prev), "break after {prev}");
            }
        }
        assert!(allowed_before(t, Strictness::Strict).contains(&"（".to_string()));
    }

    #[test]
    fn dashes_and_ellipses_unsplit() {
        let t = "等等……然后——结束";
        let f = break_flags(t, Strictness::Normal);
        for (i, _) in t.match_indices('…').chain(t.match_indices('—')) {
            let prev = t[..i].chars().next_back();
            if matches!(prev, Some('…') | Some('—')) {
                assert_eq!(f[i], NO, "split at {i}");
            }
        }
    }

    #[test]
    fn chinese_quotes_break_outside() {
        let t = "他说“你好”我们";
        let v = allowed_before(t, Strictness::Strict);
        assert!(v.contains(&"“".to_string()), "{v:?}");
        assert!(!v.contains(&"”".to_string()));
        assert!(!v.contains(&"你".to_string()));
    }

    #[test]
    fn latin_words_and_numbers_whole() {
        let t = "costs 1,000.50 dollars";
        let v = allowed_before(t, Strictness::Strict);
        assert_eq!(v, vec!["1".to_string(), "d".to_string()]);
    }

    #[test]
    fn korean_breaks_only_at_word_spaces() {
        let t = "다음은 러스트로 작성한 Rust는 3개의 예제입니다.";
        let v = allowed_before(t, Strictness::Strict);
        assert_eq!(v, ["러", "작", "R", "3", "예"], "{v:?}");
    }

    #[test]
    fn japanese_small_kana_and_long_vowel_mark_do_not_start_a_line_in_strict_mode() {
        let t = "ちょっとコーヒーをゥ";
        let strict = allowed_before(t, Strictness::Strict);
        for c in ["ょ", "っ", "ー", "ゥ"] {
            assert!(!strict.contains(&c.to_string()), "{c} in {strict:?}");
        }
        let normal = allowed_before(t, Strictness::Normal);
        assert!(normal.contains(&"ょ".to_string()) && normal.contains(&"ー".to_string()), "{normal:?}");
    }

    #[test]
    fn small_kana_by_strictness() {
        let t = "きゃく";
        assert!(!allowed_before(t, Strictness::Strict).contains(&"ゃ".to_string()));
        assert!(allowed_before(t, Strictness::Normal).contains(&"ゃ".to_string()));
    }
}
