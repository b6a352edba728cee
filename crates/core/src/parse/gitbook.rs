//! GitBook-era Markdown that CommonMark rejects but old books rely on: `#标题` headings with no
//! space after the `#`s, and link/image destinations containing spaces (`![x](a b.png)`).
//! Both are fixed by insertions (see [`super::prepass`]) so spans stay exact.

use super::prepass::{code_span_ranges, Insertion, Line};
use std::ops::Range;

/// A `#heading` without a space: where its `#` run is in the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoSpaceHeading {
    /// The `#` run.
    pub hashes: Range<usize>,
}

/// Finds `#text` lines outside fences and returns the insertions (a space after the `#`s) plus
/// where they are, for diagnostics.
pub fn heading_fixes(lines: &[Line<'_>]) -> (Vec<Insertion>, Vec<NoSpaceHeading>) {
    let mut ins = Vec::new();
    let mut found = Vec::new();
    let mut prev_blank = true;
    let mut in_html = false;
    for line in lines {
        let blank = line.text.trim().is_empty();
        if !line.in_fence && prev_blank && line.text.trim_start().starts_with('<') {
            in_html = true;
        }
        if blank {
            in_html = false;
        }
        let indent = line.text.bytes().take_while(|&b| b == b' ').count();
        let body = line.text.get(indent..).unwrap_or("");
        let hashes = body.bytes().take_while(|&b| b == b'#').count();
        if !line.in_fence && !in_html && indent <= 3 && (1..=6).contains(&hashes) && !body.contains('|') {
            if let Some(next) = body.get(hashes..).and_then(|r| r.chars().next()) {
                if !next.is_whitespace() && next != '#' && next != '!' && !next.is_ascii_digit()
                    && !(next.is_ascii_punctuation() && next != '[' && next != '*' && next != '`')
                {
                    let at = line.start + indent + hashes;
                    ins.push(Insertion { at, text: " " });
                    found.push(NoSpaceHeading { hashes: line.start + indent..at });
                }
            }
        }
        prev_blank = blank;
    }
    (ins, found)
}

/// Finds `](dest with spaces)` on lines outside fences and code spans and wraps the destination in
/// `<`…`>` so CommonMark accepts it (a trailing `"title"` stays outside).
pub fn spaced_destination_fixes(lines: &[Line<'_>]) -> Vec<Insertion> {
    let mut ins = Vec::new();
    for line in lines.iter().filter(|l| !l.in_fence) {
        let code = code_span_ranges(line.text);
        // `](` are visited left to right, so code spans and the next `)` or `<>(` are found with
        // cursors: searching from each `](` again would be quadratic on `](](](…`.
        let mut spans = code.iter().peekable();
        let (mut close_cache, mut bad_cache) = (NextOf::default(), NextOf::default());
        let mut from = 0;
        while let Some(pos) = line.text.get(from..).and_then(|r| r.find("](")) {
            let open = from + pos + 2;
            from = open;
            while spans.next_if(|r| r.end <= open - 2).is_some() {}
            if spans.peek().is_some_and(|r| r.contains(&(open - 2))) {
                continue;
            }
            let Some(close) = close_cache.find(line.text, open, &[')']) else { continue };
            if bad_cache.find(line.text, open, &['<', '>', '(']).is_some_and(|b| b < close) {
                continue;
            }
            let inner = &line.text[open..close];
            let lead = inner.len() - inner.trim_start().len();
            let trimmed = inner.trim();
            let dest = strip_title(trimmed);
            if dest.is_empty() || !dest.contains(' ') {
                continue;
            }
            let start = line.start + open + lead;
            ins.push(Insertion { at: start, text: "<" });
            ins.push(Insertion { at: start + dest.len(), text: ">" });
            from = close;
        }
    }
    ins
}

/// The first occurrence of any of some characters at or after a position that only grows: it is
/// searched for again only once the position has passed it.
#[derive(Default)]
struct NextOf {
    /// The position the last search started at, and what it found (`None`: nothing after it).
    last: Option<(usize, Option<usize>)>,
}

impl NextOf {
    fn find(&mut self, text: &str, from: usize, chars: &[char]) -> Option<usize> {
        match self.last {
            Some((start, found)) if start <= from && found.is_none_or(|f| f >= from) => found,
            _ => {
                let found = text.get(from..).and_then(|r| r.find(chars)).map(|p| from + p);
                self.last = Some((from, found));
                found
            }
        }
    }
}

/// The destination part of `dest "title"` / `dest 'title'` (the whole string if no title).
fn strip_title(s: &str) -> &str {
    for q in ['"', '\''] {
        if s.ends_with(q) && s.len() > 1 {
            let body = &s[..s.len() - 1];
            if let Some(i) = body.rfind(q) {
                let before = &s[..i];
                if before.ends_with([' ', '\t']) {
                    return before.trim_end();
                }
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::super::prepass::{lines, Prepared};
    use super::*;

    fn fix(src: &str) -> String {
        let l = lines(src);
        let (mut ins, _) = heading_fixes(&l);
        ins.extend(spaced_destination_fixes(&l));
        Prepared::new(src, ins).text
    }

    #[test]
    fn headings_without_space() {
        assert_eq!(fix("#标题\n"), "# 标题\n");
        assert_eq!(fix("##Mesos 集群\n"), "## Mesos 集群\n");
        assert_eq!(fix("```\n#include <x>\n```\n"), "```\n#include <x>\n```\n");
        assert_eq!(fix("#!/bin/sh\n"), "#!/bin/sh\n");
        assert_eq!(fix("see #123\n#123 fixed\n"), "see #123\n#123 fixed\n");
        assert_eq!(fix("# ok\n"), "# ok\n");
        assert_eq!(fix("    #code\n"), "    #code\n");
        assert_eq!(fix("#号 | 名称\n--- | ---\n"), "#号 | 名称\n--- | ---\n");
    }

    #[test]
    fn destinations_with_spaces() {
        assert_eq!(fix("![](singa on mesos.png)\n"), "![](<singa on mesos.png>)\n");
        assert_eq!(fix("![a](a b.png \"t\")\n"), "![a](<a b.png> \"t\")\n");
        assert_eq!(fix("[x]( http://a.com)\n"), "[x]( http://a.com)\n");
        assert_eq!(fix("`[x](a b)`\n"), "`[x](a b)`\n");
        assert_eq!(fix("[a](b c.md) [d](e f.md)\n"), "[a](<b c.md>) [d](<e f.md>)\n");
    }
}
