//! The running head's text, fitted beside the folio: a title wider than the room the centred head
//! has is shortened at a word boundary (or between two CJK characters, which need no space) and
//! ends with an ellipsis, so the head never runs into the folio on a verso or a recto page.

use super::inline::{Run, RunStyle};
use super::paragraph::{set_paragraph, Align, ParaSpec, SetLine};
use super::shape::Shaper;
use quire_core::text_lang::TextLang;

/// The ellipsis that ends a shortened head.
const ELLIPSIS: char = '…';

/// `text` set on one line no wider than `room`, or `None` when it does not fit.
fn one_line(shaper: &mut Shaper, text: &str, style: RunStyle, lang: TextLang, room: f32) -> Option<SetLine> {
    let spec = ParaSpec { measure: room.max(0.0), indent: 0.0, align: Align::Left, hyphenate: false, strictness: super::Strictness::Normal, line_end_half: false, lang };
    let mut lines = set_paragraph(shaper, &[Run { text: text.to_string(), style }], &spec);
    (lines.len() == 1 && lines[0].width <= room + 0.01).then(|| lines.remove(0))
}

/// Byte offsets where `text` may be cut: before a space, and between two characters of which
/// one is CJK (they are written without spaces). With neither (one long word), every character
/// boundary.
fn cut_points(text: &str) -> Vec<usize> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut cuts = Vec::new();
    for w in chars.windows(2) {
        let ((_, a), (i, b)) = (w[0], w[1]);
        if (b.is_whitespace() && !a.is_whitespace()) || (!a.is_whitespace() && !b.is_whitespace() && (quire_core::script::joins_at_line_break(a) || quire_core::script::joins_at_line_break(b))) {
            cuts.push(i);
        }
    }
    if cuts.is_empty() {
        cuts = chars.iter().skip(1).map(|(i, _)| *i).collect();
    }
    cuts
}

/// The head to print for `title` in `room` points: the title itself when it fits, else its
/// longest prefix ending at a cut point followed by an ellipsis, else the ellipsis alone.
pub(crate) fn fit(shaper: &mut Shaper, title: &str, style: RunStyle, lang: TextLang, room: f32) -> String {
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.is_empty() || one_line(shaper, &title, style, lang, room).is_some() {
        return title;
    }
    let cuts = cut_points(&title);
    let shortened = |i: usize| format!("{}{ELLIPSIS}", title[..cuts[i]].trim_end_matches(|c: char| c.is_whitespace() || ",;:.，、。".contains(c)));
    // The longest prefix that fits: cut points are in order and a longer prefix is never
    // narrower, so a binary search needs O(log n) settings.
    let (mut lo, mut hi) = (0usize, cuts.len());
    while lo < hi {
        let mid = (lo + hi) / 2;
        if one_line(shaper, &shortened(mid), style, lang, room).is_some() {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if lo == 0 {
        return ELLIPSIS.to_string();
    }
    shortened(lo - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_points_are_word_or_cjk_boundaries() {
        assert_eq!(cut_points("A long title"), vec![1, 6]);
        assert_eq!(cut_points("中文书名"), vec![3, 6, 9]);
        assert_eq!(cut_points("Go 语言"), vec![2, 6]);
        assert_eq!(cut_points("Supercalifragilistic"), (1..20).collect::<Vec<_>>());
    }
}
