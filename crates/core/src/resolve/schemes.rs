//! The URL-scheme allow-list shared by Markdown links and images (judged once, at resolution)
//! and by the raw-HTML sanitiser (`href`, `src`, `cite` …).
//!
//! A destination is judged by the scheme a browser or a lenient reading system could see in it:
//! HTML character references (`&#106;avascript:`) and percent escapes (`java%0ascript:`) are
//! decoded, ASCII whitespace and control characters (`java\tscript:`) are dropped, and the
//! scheme is compared case-insensitively (`JaVaScRiPt:`). Decoding is repeated a few times so
//! that doubly encoded forms are seen too. Relative paths, fragments, `//host` destinations
//! and the schemes `http`, `https`, `mailto` and `tel` are allowed; `[quire] allowed-url-schemes`
//! adds more.

use super::paths::percent_decode;

/// Schemes allowed in every book.
pub const DEFAULT_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// How many rounds of decoding are applied before the scheme is read.
const ROUNDS: usize = 4;

/// The URL-scheme policy of a book: the default schemes plus the configured ones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SchemePolicy {
    /// Extra schemes, lower-case, without the colon.
    extra: Vec<String>,
}

impl SchemePolicy {
    /// The default schemes plus `extra` (as written in `[quire] allowed-url-schemes`; case and a
    /// trailing `:` do not matter).
    pub fn new<S: AsRef<str>>(extra: &[S]) -> Self {
        let extra = extra
            .iter()
            .map(|s| s.as_ref().trim().trim_end_matches(':').to_ascii_lowercase())
            .filter(|s| !s.is_empty())
            .collect();
        SchemePolicy { extra }
    }

    /// The scheme of `url` when it is not allowed (lower-case, e.g. `javascript`); `None` for an
    /// allowed URL, a relative path or a fragment.
    pub fn refused(&self, url: &str) -> Option<String> {
        let scheme = effective_scheme(url)?;
        let allowed = DEFAULT_SCHEMES.contains(&scheme.as_str()) || self.extra.contains(&scheme);
        (!allowed).then_some(scheme)
    }

    /// True when `url` may be written into an `href` or `src`.
    pub fn allows(&self, url: &str) -> bool {
        self.refused(url).is_none()
    }
}

/// The lower-case scheme a browser could read in `url` after decoding (see the module docs), or
/// `None` when it has none (a relative path, a fragment, `//host/…`). A one-letter "scheme" is
/// a Windows drive (`C:\…`) and counts as a path, as in [`super::paths::is_external`].
pub fn effective_scheme(url: &str) -> Option<String> {
    let mut s = strip_ignored(url);
    for _ in 0..ROUNDS {
        let next = strip_ignored(&percent_decode(&decode_references(&s)));
        if next == s {
            break;
        }
        s = next;
    }
    let end = s.find([':', '/', '?', '#'])?;
    if s.as_bytes().get(end) != Some(&b':') || end < 2 {
        return None;
    }
    let scheme = &s[..end];
    let valid = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| scheme.to_ascii_lowercase())
}

/// `s` without the characters browsers ignore in a URL (ASCII whitespace, tab and newline
/// inside it) and control characters (C0, DEL, C1).
fn strip_ignored(s: &str) -> String {
    s.chars().filter(|c| !c.is_ascii_whitespace() && !c.is_control()).collect()
}

/// Decodes numeric character references (`&#106;`, `&#x6A;`, with or without the `;`) and the
/// named ones that can spell a scheme's punctuation (`&colon;`, `&Tab;`, `&NewLine;` …).
fn decode_references(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        match reference(rest) {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The character a reference at the start of `s` (which starts with `&`) stands for, and its
/// length in bytes.
fn reference(s: &str) -> Option<(char, usize)> {
    const NAMED: &[(&str, char)] = &[
        ("colon;", ':'),
        ("Tab;", '\t'),
        ("NewLine;", '\n'),
        ("amp;", '&'),
        ("amp", '&'),
        ("num;", '#'),
        ("percnt;", '%'),
        ("plus;", '+'),
        ("period;", '.'),
        ("sol;", '/'),
        ("quest;", '?'),
    ];
    let body = &s[1..];
    if let Some(num) = body.strip_prefix('#') {
        let (digits, radix, skip) = match num.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16, 3),
            None => (num, 10, 2),
        };
        let len = digits.bytes().take(8).take_while(|b| (*b as char).is_digit(radix)).count();
        if len == 0 {
            return None;
        }
        let value = u32::from_str_radix(&digits[..len], radix).ok()?;
        let c = char::from_u32(value).unwrap_or('\u{fffd}');
        let semi = usize::from(digits[len..].starts_with(';'));
        return Some((c, skip + len + semi));
    }
    NAMED.iter().find(|(name, _)| body.starts_with(name)).map(|(name, c)| (*c, 1 + name.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_schemes_are_seen() {
        let p = SchemePolicy::default();
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            " \u{1}javascript:alert(1)",
            "java%0ascript:alert(1)",
            "&#106;avascript:alert(1)",
            "&#x6A;avascript&colon;alert(1)",
            "&#106avascript:alert(1)",
            "%26%23106;avascript:alert(1)",
            "vbscript:msgbox(1)",
            "data:text/html,<script>alert(1)</script>",
            "file:///etc/passwd",
            "java\u{85}script:x",
        ] {
            assert!(p.refused(url).is_some(), "{url:?} passed");
        }
        assert_eq!(p.refused("java%09script:x").as_deref(), Some("javascript"));
    }

    #[test]
    fn ordinary_destinations_pass() {
        let p = SchemePolicy::default();
        for url in [
            "https://example.com/a?b=1&c=2#d",
            "HTTP://example.com",
            "//cdn.example/x.js",
            "mailto:a@b.example",
            "tel:+1-555-0100",
            "other.md#anchor",
            "../x/y.html",
            "#top",
            "",
            "a b.md",
            "img/a:b.png",
            "?q=x:y",
            "C:\\Users\\a.png",
            "100%",
            "&amp;",
        ] {
            assert!(p.allows(url), "{url:?} refused");
        }
    }

    #[test]
    fn configured_schemes_pass() {
        let p = SchemePolicy::new(&["FTP:", " irc "]);
        assert!(p.allows("ftp://x/y") && p.allows("irc://libera.chat/rust"));
        assert!(!p.allows("javascript:x") && !p.allows("gopher://x"));
    }
}
