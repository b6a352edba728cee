//! Percent-decoding (`%20` → space) of link and image destinations, SUMMARY.md paths and request
//! paths. It belongs to no stage: loading, resolution and the renderers all decode.

/// Decodes `%XX` escapes: the one percent-decoder of the workspace (the `percent-encoding`
/// crate). A `%` not followed by two hex digits is kept as written, and so is the whole string
/// when the decoded bytes are not UTF-8 (a file name with a literal `%` still matches).
pub fn percent_decode(s: &str) -> String {
    match percent_encoding::percent_decode_str(s).decode_utf8() {
        Ok(decoded) => decoded.into_owned(),
        Err(_) => s.to_string(),
    }
}

/// [`percent_decode`] for input that must be well formed (an HTTP request path): `None` when a
/// `%` is not followed by two hex digits or the decoded bytes are not UTF-8.
pub fn percent_decode_strict(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let well_formed = b
        .iter()
        .enumerate()
        .filter(|&(_, &c)| c == b'%')
        .all(|(i, _)| b.get(i + 1..i + 3).is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit)));
    if !well_formed {
        return None;
    }
    percent_encoding::percent_decode_str(s).decode_utf8().ok().map(|d| d.into_owned())
}
