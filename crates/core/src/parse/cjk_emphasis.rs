//! CJK-friendly emphasis (the markdown-cjk-friendly amendment used by markdown-it-cjk-friendly).
//!
//! CommonMark will not close `**` after punctuation that is followed by a letter, which breaks
//! `**单元（unit）**是`. The amendment counts a delimiter run next to CJK characters as flanking.
//! pulldown-cmark's rules cannot be changed, so before parsing an invisible [`MARKER`] is
//! inserted next to each `*`/`~~` run that the amended rules treat as flanking and CommonMark
//! does not: a neighbour that is neither whitespace nor punctuation makes pulldown-cmark see the
//! run exactly as the amended rules do. The markers are removed from the tree afterwards.

use super::prepass::{code_span_ranges, Insertion, Line};
use crate::script::is_cjk_for_emphasis;

/// The invisible character inserted next to delimiter runs (a Unicode noncharacter).
pub const MARKER: char = '\u{FDD0}';
/// [`MARKER`] as a string.
pub const MARKER_STR: &str = "\u{FDD0}";

/// CommonMark punctuation: ASCII punctuation, and Unicode punctuation or symbols (approximated:
/// anything that is not alphanumeric, whitespace, a control or a combining mark).
pub fn is_punct(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_punctuation();
    }
    let combining = matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF
        | 0x20D0..=0x20FF | 0xFE00..=0xFE0F | 0xFE20..=0xFE2F | 0xE0100..=0xE01EF);
    !(c.is_alphanumeric() || c.is_whitespace() || c.is_control() || combining || c == MARKER)
}

fn is_non_cjk_punct(c: char) -> bool {
    is_punct(c) && !is_cjk_for_emphasis(c)
}

/// Where to put markers so that pulldown-cmark's flanking matches the CJK-friendly rules.
pub fn marker_insertions(lines: &[Line<'_>]) -> Vec<Insertion> {
    let mut out = Vec::new();
    for line in lines.iter().filter(|l| !l.in_fence) {
        let text = line.text;
        if !text.contains(['*', '~']) {
            continue;
        }
        let code = code_span_ranges(text);
        // Runs are visited left to right, so the code spans are too: one cursor, not a search.
        let mut spans = code.iter().peekable();
        // Blockquote markers and indentation at the start of the line.
        let lead = text.len() - text.trim_start_matches([' ', '\t', '>']).len();
        let b = text.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let c = b[i];
            if c != b'*' && c != b'~' {
                i += 1;
                continue;
            }
            let mut start = i;
            let end = i + b[i..].iter().take_while(|&&x| x == c).count();
            i = end;
            while spans.next_if(|r| r.end <= start).is_some() {}
            if spans.peek().is_some_and(|r| r.contains(&start)) {
                continue;
            }
            if escaped(b, start) {
                start += 1;
                if start == end {
                    continue;
                }
            }
            if c == b'~' && end - start != 2 {
                continue;
            }
            let prefix = &text[..start];
            let prev = if start <= lead { None } else { prefix.chars().next_back() };
            let next = text[end..].chars().next();
            let (want_before, want_after) = needed(prev, next);
            if want_before {
                out.push(Insertion { at: line.start + start, text: MARKER_STR });
            }
            if want_after && c == b'*' {
                out.push(Insertion { at: line.start + end, text: MARKER_STR });
            }
        }
    }
    out
}

/// True if the byte at `i` is preceded by an odd number of backslashes.
fn escaped(b: &[u8], i: usize) -> bool {
    b[..i].iter().rev().take_while(|&&x| x == b'\\').count() % 2 == 1
}

/// (marker before, marker after) for a run between `prev` and `next` (`None` = line edge).
fn needed(prev: Option<char>, next: Option<char>) -> (bool, bool) {
    let ws = |c: Option<char>| c.is_none_or(char::is_whitespace);
    let punct = |c: Option<char>| c.is_some_and(is_punct);
    // CommonMark.
    let left_cm = !ws(next) && (!punct(next) || ws(prev) || punct(prev));
    let right_cm = !ws(prev) && (!punct(prev) || ws(next) || punct(next));
    // CJK-friendly amendment.
    let ncp = |c: Option<char>| c.is_some_and(is_non_cjk_punct);
    let cjk = |c: Option<char>| c.is_some_and(is_cjk_for_emphasis);
    let left = !ws(next) && (!ncp(next) || ws(prev) || ncp(prev) || cjk(prev));
    let right = !ws(prev) && (!ncp(prev) || ws(next) || ncp(next) || cjk(next));
    (right && !right_cm, left && !left_cm)
}

#[cfg(test)]
mod tests {
    use super::super::prepass::{lines, Prepared};
    use super::*;

    fn mark(s: &str) -> String {
        Prepared::new(s, marker_insertions(&lines(s))).text.replace(MARKER, "|")
    }

    #[test]
    fn markers_where_needed() {
        assert_eq!(mark("**单元（unit）**是"), "**单元（unit）|**是");
        assert_eq!(mark("**单元（unit）**。"), "**单元（unit）**。");
        assert_eq!(mark("中文**加粗**中文"), "中文**加粗**中文");
        assert_eq!(mark("a **b** c"), "a **b** c");
        assert_eq!(mark("是**（注）**"), "是**|（注）**");
        assert_eq!(mark("`是**（注）`"), "`是**（注）`");
        assert_eq!(mark("~~旧（废弃）。~~这"), "~~旧（废弃）。|~~这");
    }

    #[test]
    fn classes() {
        assert!(is_cjk_for_emphasis('是') && is_cjk_for_emphasis('（') && !is_cjk_for_emphasis('a'));
        assert!(is_punct('（') && is_punct('。') && is_punct('*') && !is_punct('是'));
    }
}
