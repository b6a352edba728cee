//! Escaping for polyglot (HTML5 + XHTML) markup: only `&amp; &lt; &gt; &quot;` are used.

/// Appends `s` to `out` with `&`, `<` and `>` escaped (for element content).
///
/// Characters XML 1.0 forbids (C0 controls other than tab, line feed and carriage return, and
/// U+FFFE, U+FFFF) are dropped rather than produce a non-well-formed file. Runs of ordinary text
/// are copied whole: this is on the path of every page of every format.
pub fn text_into(out: &mut String, s: &str) {
    let b = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let special = matches!(c, b'&' | b'<' | b'>' | 0xEF) || (c < 0x20 && !matches!(c, b'\t' | b'\n' | b'\r'));
        if !special {
            i += 1;
            continue;
        }
        // U+FFFE and U+FFFF are EF BF BE and EF BF BF; other characters starting with EF stay.
        let skip = match c {
            0xEF if b.get(i + 1) == Some(&0xBF) && matches!(b.get(i + 2), Some(0xBE | 0xBF)) => 3,
            0xEF => {
                i += 1;
                continue;
            }
            _ => 1,
        };
        out.push_str(&s[start..i]);
        match c {
            b'&' => out.push_str("&amp;"),
            b'<' => out.push_str("&lt;"),
            b'>' => out.push_str("&gt;"),
            _ => {}
        }
        i += skip;
        start = i;
    }
    out.push_str(&s[start..]);
}

/// Appends `s` to `out` escaped for a double-quoted attribute value.
pub fn attr_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '"' => out.push_str("&quot;"),
            '\n' | '\t' | '\r' => out.push(' '),
            _ => text_into(out, c.encode_utf8(&mut [0; 4])),
        }
    }
}

/// `s` escaped for element content.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    text_into(&mut out, s);
    out
}

/// `s` escaped for a double-quoted attribute value.
pub fn attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    attr_into(&mut out, s);
    out
}

/// Percent-encodes what may not appear raw in an `href`/`src` (spaces, quotes, controls,
/// non-ASCII stays as is: HTML5 and XHTML accept IRIs), keeping existing `%XX` escapes.
pub fn url(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '"' => out.push_str("%22"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '\\' => out.push_str("%5C"),
            '`' => out.push_str("%60"),
            '{' => out.push_str("%7B"),
            '}' => out.push_str("%7D"),
            '|' => out.push_str("%7C"),
            '^' => out.push_str("%5E"),
            '[' => out.push_str("%5B"),
            ']' => out.push_str("%5D"),
            c if (c as u32) < 0x20 || c == '\u{7F}' => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            c if !c.is_ascii() => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn escapes_only_the_xml_four() {
        assert_eq!(text("a<b & c>d \"q\" 'x' \u{a0}"), "a&lt;b &amp; c&gt;d \"q\" 'x' \u{a0}");
        assert_eq!(attr("say \"hi\" & <go>"), "say &quot;hi&quot; &amp; &lt;go&gt;");
        assert_eq!(text("a\u{1}b"), "ab");
    }

    /// The per-character definition that [`text_into`]'s run copying must agree with.
    fn text_reference(s: &str) -> String {
        let mut out = String::new();
        for c in s.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}' => {}
                _ => out.push(c),
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn text_agrees_with_the_per_character_definition(s in "[a&<>\t\n\r\u{0}-\u{1f}\u{ef}\u{fefe}-\u{ffff}\u{f000}-\u{f0ff}中é]{0,40}") {
            proptest::prop_assert_eq!(text(&s), text_reference(&s));
        }
    }

    #[test]
    fn forbidden_characters_go_and_their_neighbours_stay() {
        assert_eq!(text("a\u{FFFE}b\u{FFFF}c\u{FFFD}\u{FEFF}\u{F0FF}"), "abc\u{FFFD}\u{FEFF}\u{F0FF}");
        assert_eq!(text("\t\r\n\u{7f}"), "\t\r\n\u{7f}");
    }

    #[test]
    fn urls_are_percent_encoded() {
        assert_eq!(url("a b/ä.png"), "a%20b/%C3%A4.png");
        assert_eq!(url("x?a=1&b=%20"), "x?a=1&b=%20");
    }
}
