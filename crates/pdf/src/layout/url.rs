//! Web addresses in running text: where a URL may break, and that it is never hyphenated.
//!
//! A hyphen added inside `https://example.com/without/` makes a different address when it is
//! copied or typed from paper, so a URL's words are not hyphenated. Its line breaks follow the
//! Chicago Manual of Style (14.18): after `//`, after a single `/` (UAX #14 already gives that),
//! and before `?`, `#`, `&`, `=`, `.`, `_`, `~` and `%`, so the mark that starts the next line
//! shows it continues an address; the paragraph drops those the line-start rules forbid (no
//! line starts with `.` or `?`, [`super::cjk::no_line_start`]). A URL is a scheme (`https://`, `ftp://` …), `mailto:` or
//! `www.` followed by the printable ASCII characters an address is made of.

use std::ops::Range;

/// Byte ranges of the URLs in `text`, in order, not overlapping. Linear in `text`.
pub fn url_ranges(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut i = 0usize;
    while i < bytes.len() {
        let Some(start) = url_start(bytes, i, out.last().map_or(0, |r| r.end)) else {
            i += 1;
            continue;
        };
        let mut end = i;
        while end < bytes.len() && is_url_byte(bytes[end]) {
            end += 1;
        }
        // Sentence punctuation after an address is not part of it.
        while end > i && matches!(bytes[end - 1], b'.' | b',' | b';' | b':' | b'!' | b'?' | b')' | b']' | b'\'' | b'"') {
            end -= 1;
        }
        if end > i {
            out.push(start..end);
        }
        i = end.max(i + 1);
    }
    out
}

/// When a URL's tell (`://`, `mailto:`, `www.`) starts at `i`, the byte its address starts at
/// (the scheme's first letter), not before `floor`.
fn url_start(bytes: &[u8], i: usize, floor: usize) -> Option<usize> {
    let rest = &bytes[i..];
    if rest.starts_with(b"://") {
        let mut s = i;
        while s > floor && (bytes[s - 1].is_ascii_alphanumeric() || matches!(bytes[s - 1], b'+' | b'-' | b'.')) {
            s -= 1;
        }
        // A scheme starts with a letter, right after a non-word character.
        while s < i && !bytes[s].is_ascii_alphabetic() {
            s += 1;
        }
        return (s < i).then_some(s);
    }
    let word_start = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
    if word_start && (starts_with_ignore_case(rest, b"www.") || starts_with_ignore_case(rest, b"mailto:")) && i >= floor {
        return Some(i);
    }
    None
}

fn starts_with_ignore_case(s: &[u8], prefix: &[u8]) -> bool {
    s.len() >= prefix.len() && s[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// A byte an address is written with (RFC 3986's characters, and `%`).
fn is_url_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=%".contains(&b)
}

/// True when `range` lies inside one of `urls` (sorted, as [`url_ranges`] gives them).
pub fn inside(urls: &[Range<usize>], range: &Range<usize>) -> bool {
    let k = urls.partition_point(|u| u.end <= range.start);
    urls.get(k).is_some_and(|u| u.start <= range.start && range.end <= u.end)
}

/// Byte positions inside `url` (a range of `text`) where a line may break besides UAX #14's:
/// after `//`, and before `?`, `#`, `&`, `=`, `.`, `_`, `~`, `%` (never at the address's first
/// or last character).
pub fn extra_breaks(text: &str, url: &Range<usize>) -> Vec<usize> {
    let bytes = text.as_bytes();
    let (start, end) = (url.start, url.end.min(bytes.len()));
    (start + 1..end.saturating_sub(1))
        .filter(|&p| {
            let after_double_slash = p >= 2 && bytes[p - 1] == b'/' && bytes[p - 2] == b'/';
            let before_mark = matches!(bytes[p], b'?' | b'#' | b'&' | b'=' | b'.' | b'_' | b'~' | b'%') && bytes[p - 1] != b'/';
            after_double_slash || before_mark
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        url_ranges(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn finds_addresses_with_a_scheme_www_or_mailto() {
        assert_eq!(found("See https://example.com/a/b?x=1."), vec!["https://example.com/a/b?x=1"]);
        assert_eq!(found("(www.example.org) and mailto:me@example.com, done"), vec!["www.example.org", "mailto:me@example.com"]);
        assert_eq!(found("请访问https://go.dev/doc获取"), vec!["https://go.dev/doc"]);
        assert_eq!(found("no address: a://, ://x or plain words"), vec!["a://"]);
        assert!(found("a ratio 3://4").is_empty());
        assert!(found("").is_empty());
    }

    #[test]
    fn inside_tells_a_piece_of_an_address() {
        let text = "go https://a.b/without/any end";
        let urls = url_ranges(text);
        let w = text.find("without").unwrap_or(0);
        assert!(inside(&urls, &(w..w + 7)));
        let e = text.find("end").unwrap_or(0);
        assert!(!inside(&urls, &(e..e + 3)));
    }

    #[test]
    fn breaks_after_the_double_slash_and_before_marks() {
        let text = "https://a.io/x.html?q=1&r=2";
        let urls = url_ranges(text);
        let at: Vec<&str> = extra_breaks(text, &urls[0]).into_iter().map(|p| &text[p..]).collect();
        assert_eq!(at, vec!["a.io/x.html?q=1&r=2", ".io/x.html?q=1&r=2", ".html?q=1&r=2", "?q=1&r=2", "=1&r=2", "&r=2", "=2"]);
    }

    #[test]
    fn is_linear_on_a_long_address() {
        let text = format!("https://{}", "a/".repeat(100_000));
        assert_eq!(url_ranges(&text).len(), 1);
    }
}
