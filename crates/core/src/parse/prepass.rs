//! Source rewriting before pulldown-cmark sees the text: small insertions (a space after `#`, `<`
//! `>` around link destinations with spaces, invisible markers next to emphasis runs) with an
//! offset map so every span still points at the original bytes.

use std::ops::Range;

/// One insertion into the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Insertion {
    /// Offset in the original text where the string goes.
    pub at: usize,
    /// What to insert.
    pub text: &'static str,
}

/// The rewritten text and the way back to original offsets.
#[derive(Debug, Clone, Default)]
pub struct Prepared {
    /// The text the Markdown parser reads.
    pub text: String,
    /// Insertions as (offset in the rewritten text, length, original offset), sorted.
    inserted: Vec<(usize, usize, usize)>,
}

impl Prepared {
    /// Applies `insertions` (any order) to `original`. Insertions not on a char boundary are
    /// dropped.
    pub fn new(original: &str, mut insertions: Vec<Insertion>) -> Prepared {
        insertions.retain(|i| original.is_char_boundary(i.at));
        insertions.sort_by_key(|i| i.at);
        let extra: usize = insertions.iter().map(|i| i.text.len()).sum();
        let mut text = String::with_capacity(original.len() + extra);
        let mut inserted = Vec::with_capacity(insertions.len());
        let mut last = 0;
        for ins in &insertions {
            text.push_str(original.get(last..ins.at).unwrap_or(""));
            inserted.push((text.len(), ins.text.len(), ins.at));
            text.push_str(ins.text);
            last = ins.at;
        }
        text.push_str(original.get(last..).unwrap_or(""));
        Prepared { text, inserted }
    }

    /// The original offset of an offset in the rewritten text (an offset inside an inserted
    /// string maps to where it was inserted).
    pub fn original(&self, offset: usize) -> usize {
        let idx = self.inserted.partition_point(|&(at, _, _)| at <= offset);
        let Some(&(at, len, orig)) = idx.checked_sub(1).and_then(|i| self.inserted.get(i)) else {
            return offset;
        };
        if offset < at + len {
            orig
        } else {
            orig + (offset - at - len)
        }
    }

    /// [`Prepared::original`] of both ends of a range.
    pub fn original_range(&self, r: Range<usize>) -> Range<usize> {
        let start = self.original(r.start);
        start..self.original(r.end).max(start)
    }
}

/// One line of the source with its offset and whether it lies inside a fenced code block (the
/// fence lines themselves count as inside).
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    /// Byte offset of the line start.
    pub start: usize,
    /// The line without its terminator.
    pub text: &'a str,
    /// Inside (or delimiting) a fenced code block.
    pub in_fence: bool,
    /// The line opens or closes a container fence (see [`lines_with`]); such a line also counts
    /// as `in_fence`, the lines between do not.
    pub container: Option<Edge>,
}

/// Which end of a container fence a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    /// The opening fence; the byte offset of its first fence character in the line.
    Open(usize),
    /// The closing fence; the byte offset of its first fence character in the line.
    Close(usize),
}

/// Splits `text` into lines, tracking ``` and ~~~ fences (also inside `>` quotes and list
/// indentation, approximately).
pub fn lines(text: &str) -> Vec<Line<'_>> {
    lines_with(text, &|_| false)
}

/// [`lines`], where a fence whose info string `container` accepts (mdbook-admonish's
/// ```` ```admonish ````) holds Markdown, not code: its opening and closing lines are marked
/// ([`Line::container`]) and the lines between are read as Markdown, fences inside them tracked
/// as usual. Containers nest.
pub fn lines_with<'a>(text: &'a str, container: &dyn Fn(&str) -> bool) -> Vec<Line<'a>> {
    let mut out = Vec::new();
    let mut fence: Option<(u8, usize)> = None;
    let mut open: Vec<(u8, usize)> = Vec::new();
    let mut start = 0;
    for raw in text.split_inclusive('\n') {
        let line = raw.trim_end_matches(['\n', '\r']);
        let body = line.trim_start_matches([' ', '\t', '>']);
        let body = strip_list_marker(body);
        let at = line.len() - body.len();
        let run = |c: u8| body.bytes().take_while(|&b| b == c).count();
        let mut edge = None;
        let in_fence = match fence {
            Some((c, n)) => {
                if run(c) >= n && body[run(c)..].trim().is_empty() {
                    fence = None;
                }
                true
            }
            None => {
                let (bt, tl) = (run(b'`'), run(b'~'));
                if open.last().is_some_and(|&(c, n)| run(c) >= n && body[run(c)..].trim().is_empty()) {
                    open.pop();
                    edge = Some(Edge::Close(at));
                    true
                } else if bt >= 3 && !body[bt..].contains('`') {
                    if container(body[bt..].trim()) {
                        open.push((b'`', bt));
                        edge = Some(Edge::Open(at));
                    } else {
                        fence = Some((b'`', bt));
                    }
                    true
                } else if tl >= 3 {
                    if container(body[tl..].trim()) {
                        open.push((b'~', tl));
                        edge = Some(Edge::Open(at));
                    } else {
                        fence = Some((b'~', tl));
                    }
                    true
                } else {
                    false
                }
            }
        };
        out.push(Line { start, text: line, in_fence, container: edge });
        start += raw.len();
    }
    out
}

/// `- `, `* `, `+ `, `1. `, `1) ` at the start of `s` removed (with following spaces).
fn strip_list_marker(s: &str) -> &str {
    let b = s.as_bytes();
    let n = if matches!(b.first(), Some(b'-' | b'*' | b'+')) {
        1
    } else {
        let d = b.iter().take_while(|c| c.is_ascii_digit()).count();
        if d > 0 && d < 10 && matches!(b.get(d), Some(b'.' | b')')) {
            d + 1
        } else {
            return s;
        }
    };
    match b.get(n) {
        Some(b' ' | b'\t') => s.get(n..).map(|r| r.trim_start()).unwrap_or(s),
        _ => s,
    }
}

/// Byte ranges (relative to the line) covered by inline code spans on one line: a run of n
/// backticks opens a span that the next run of exactly n backticks closes (CommonMark). One pass
/// over the runs, with a queue of runs per length, so a line of many unmatched runs of different
/// lengths stays linear (scanning ahead from each opener to the line's end was quadratic).
pub fn code_span_ranges(line: &str) -> Vec<Range<usize>> {
    let b = line.as_bytes();
    // Every backtick run as (start, length), left to right.
    let mut runs = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'`' {
            let n = b[i..].iter().take_while(|&&c| c == b'`').count();
            runs.push((i, n));
            i += n;
        } else {
            i += 1;
        }
    }
    // For each run length, the indices of the runs of that length, in order.
    let mut by_len: std::collections::HashMap<usize, std::collections::VecDeque<usize>> = Default::default();
    for (k, &(_, n)) in runs.iter().enumerate() {
        by_len.entry(n).or_default().push_back(k);
    }
    let mut out = Vec::new();
    let mut k = 0;
    while let Some(&(start, n)) = runs.get(k) {
        let closer = by_len.get_mut(&n).and_then(|q| {
            while q.front().is_some_and(|&c| c <= k) {
                q.pop_front();
            }
            q.pop_front()
        });
        match closer.and_then(|c| runs.get(c).map(|&(at, _)| (c, at))) {
            Some((c, at)) => {
                out.push(start..at + n);
                k = c + 1;
            }
            None => k += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_back() {
        let p = Prepared::new("ab#cd", vec![Insertion { at: 3, text: " " }]);
        assert_eq!(p.text, "ab# cd");
        assert_eq!(p.original(2), 2);
        assert_eq!(p.original(3), 3);
        assert_eq!(p.original(4), 3);
        assert_eq!(p.original(5), 4);
        assert_eq!(p.original_range(4..6), 3..5);
    }

    #[test]
    fn fences_are_tracked() {
        let l = lines("a\n```\n#x\n```\n#y\n");
        let f: Vec<bool> = l.iter().map(|l| l.in_fence).collect();
        assert_eq!(f, vec![false, true, true, true, false]);
    }

    #[test]
    fn container_fences_hold_markdown_and_nest() {
        let text = "````admonish\n```rust\n#x\n```\n~~~admonish tip\n#y\n~~~\n````\n#z\n";
        let l = lines_with(text, &|info| info.split_whitespace().next() == Some("admonish"));
        let f: Vec<bool> = l.iter().map(|l| l.in_fence).collect();
        assert_eq!(f, vec![true, true, true, true, true, false, true, true, false]);
        let e: Vec<Option<Edge>> = l.iter().map(|l| l.container).collect();
        assert_eq!(e[0], Some(Edge::Open(0)));
        assert_eq!(e[1], None, "a code fence inside is code");
        assert_eq!((e[4], e[6], e[7]), (Some(Edge::Open(0)), Some(Edge::Close(0)), Some(Edge::Close(0))));
        let l = lines_with("- ```admonish\n  a\n  ```\n", &|info| info.starts_with("admonish"));
        assert_eq!(l[0].container, Some(Edge::Open(2)));
        assert_eq!(l[2].container, Some(Edge::Close(2)));
    }

    #[test]
    fn code_spans_found() {
        assert_eq!(code_span_ranges("a `b` ``c`d`` `e"), vec![2..5, 6..13]);
        assert_eq!(code_span_ranges("``a` ``b"), vec![0..7]);
        assert_eq!(code_span_ranges("` `` ``` `"), vec![0..10]);
        assert_eq!(code_span_ranges("```"), vec![]);
        assert_eq!(code_span_ranges("`a` `b`"), vec![0..3, 4..7]);
    }

    #[test]
    fn code_spans_match_the_scan_ahead_definition() {
        // The definition: from each opener, the first later run of the same length closes it.
        fn reference(line: &str) -> Vec<Range<usize>> {
            let b = line.as_bytes();
            let (mut out, mut i) = (Vec::new(), 0);
            while i < b.len() {
                if b[i] != b'`' {
                    i += 1;
                    continue;
                }
                let n = b[i..].iter().take_while(|&&c| c == b'`').count();
                let mut j = i + n;
                let mut closed = None;
                while j < b.len() {
                    if b[j] == b'`' {
                        let m = b[j..].iter().take_while(|&&c| c == b'`').count();
                        if m == n {
                            closed = Some(j + m);
                            break;
                        }
                        j += m;
                    } else {
                        j += 1;
                    }
                }
                match closed {
                    Some(end) => {
                        out.push(i..end);
                        i = end;
                    }
                    None => i += n,
                }
            }
            out
        }
        let mut seed = 0x2545_f491_u32;
        for _ in 0..2000 {
            let mut line = String::new();
            for _ in 0..(seed % 24) {
                seed ^= seed << 13;
                seed ^= seed >> 17;
                seed ^= seed << 5;
                line.push(match seed % 4 { 0 | 1 => '`', 2 => 'x', _ => ' ' });
            }
            assert_eq!(code_span_ranges(&line), reference(&line), "{line:?}");
        }
    }
}
