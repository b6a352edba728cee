//! Small XML helpers shared by the package writers: escaping and relative hrefs between files of
//! the package (chapters may live in sub-folders, since output stems can contain `/`).

/// Escapes text content (`&`, `<`, `>`), dropping characters XML 1.0 forbids.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// Escapes an attribute value for double quotes.
pub fn attr(s: &str) -> String {
    text(s).replace('"', "&quot;")
}

/// True for characters allowed in XML 1.0 documents.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// The href from the package file `from` to the package file `to` (both `/`-separated paths
/// relative to the package root, e.g. `part1/ch1.xhtml` and `images/a.png` → `../images/a.png`).
pub fn relative(from: &str, to: &str) -> String {
    let from_dirs: Vec<&str> = from.split('/').collect();
    let from_dirs = &from_dirs[..from_dirs.len().saturating_sub(1)];
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dirs
        .iter()
        .zip(to_parts.iter())
        .take_while(|(a, b)| a == b)
        .count()
        .min(to_parts.len().saturating_sub(1));
    let mut out = String::new();
    for _ in common..from_dirs.len() {
        out.push_str("../");
    }
    out.push_str(&to_parts[common..].join("/"));
    out
}

/// Percent-encodes the characters of a relative path that may not appear raw in an IRI
/// reference inside the package (spaces, quotes, `%`, `#`, `?`).
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b' ' | b'"' | b'%' | b'#' | b'?' | b'<' | b'>' | b'\\' | b'^' | b'`' | b'{' | b'|'
            | b'}' => out.push_str(&format!("%{b:02X}")),
            0..=0x1F | 0x7F => out.push_str(&format!("%{b:02X}")),
            _ => out.push(b as char),
        }
    }
    // Non-ASCII bytes were pushed as Latin-1 chars above; rebuild from UTF-8 instead.
    if path.is_ascii() {
        out
    } else {
        let mut fixed = String::with_capacity(path.len());
        for c in path.chars() {
            if c.is_ascii() {
                fixed.push_str(&encode_path(c.encode_utf8(&mut [0; 4])));
            } else {
                fixed.push(c);
            }
        }
        fixed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        assert_eq!(relative("a.xhtml", "b.xhtml"), "b.xhtml");
        assert_eq!(relative("p/a.xhtml", "b.xhtml"), "../b.xhtml");
        assert_eq!(relative("p/a.xhtml", "p/b.xhtml"), "b.xhtml");
        assert_eq!(relative("p/q/a.xhtml", "p/images/x.png"), "../images/x.png");
        assert_eq!(relative("a.xhtml", "images/x.png"), "images/x.png");
        assert_eq!(relative("p/a.xhtml", "p/a.xhtml"), "a.xhtml");
    }

    #[test]
    fn escaping() {
        assert_eq!(text("a<b & c\u{1}"), "a&lt;b &amp; c");
        assert_eq!(attr("\"x\""), "&quot;x&quot;");
        assert_eq!(encode_path("a b/ü.png"), "a%20b/ü.png");
    }
}
