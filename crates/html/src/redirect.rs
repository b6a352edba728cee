//! Redirect pages for `[output.html.redirect]` (mdBook's): each old page path gets a small page
//! that sends the reader on to the new URL (a meta refresh, a canonical link and a plain link for
//! when neither works), so that links into an earlier version of the site keep working.

use quire_core::Code;
use quire_xhtml::escape;
use quire_core::{Book, Diagnostic, OutputFile};

/// The redirect pages of the book, and a warning for each entry that cannot be one (a path that
/// leaves the site, or that a page of the book already takes).
pub fn pages(book: &Book, existing: &[OutputFile]) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut diags = Vec::new();
    for (from, to) in &book.config.output.html.redirect {
        let path = from.trim_start_matches('/');
        let safe = !path.is_empty()
            && !path.contains('\\')
            && path.split('/').all(|seg| !seg.is_empty() && seg != "." && seg != "..");
        if !safe {
            diags.push(
                Diagnostic::warning(Code::RedirectInvalid, format!("redirect from `{from}`: not a page path of the site; no redirect page written"))
                    .with_hint("use a path such as `/old/page.html` in [output.html.redirect]"),
            );
            continue;
        }
        if existing.iter().chain(&out).any(|f: &OutputFile| f.path == path) {
            diags.push(
                Diagnostic::warning(Code::RedirectInvalid, format!("redirect from `{from}`: the site already has that page; no redirect page written"))
                    .with_hint("remove the entry, or point it at a path no chapter uses"),
            );
            continue;
        }
        out.push(OutputFile { path: path.to_string(), data: page(to).into_bytes() });
    }
    (out, diags)
}

/// `s` as the inside of a JavaScript string literal: anything but plain URL characters as
/// `\uXXXX`, so nothing in it can end the string or the script.
fn js_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for u in s.encode_utf16() {
        match char::from_u32(u32::from(u)) {
            Some(c) if c.is_ascii_alphanumeric() || "/.-_:~?=#%+,;@!$*()".contains(c) => out.push(c),
            _ => out.push_str(&format!("\\u{u:04x}")),
        }
    }
    out
}

/// One redirect page to `to`. The script carries a `#fragment` of the old URL over, as mdBook's
/// redirect pages do.
fn page(to_raw: &str) -> String {
    let js = js_string(to_raw);
    let to = escape::attr(to_raw);
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>Redirecting…</title>\n\
<meta http-equiv=\"refresh\" content=\"0; URL={to}\"/>\n<link rel=\"canonical\" href=\"{to}\"/>\n\
<meta name=\"robots\" content=\"noindex\"/>\n</head>\n<body>\n<p>Redirecting to <a href=\"{to}\">{to}</a>…</p>\n\
<script>var h=window.location.hash;if(h){{window.location.replace(\"{js}\".split(\"#\")[0]+h);}}</script>\n</body>\n</html>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirects_are_written_and_bad_paths_refused() {
        let mut book = crate::testbook::book();
        let r = &mut book.config.output.html.redirect;
        r.insert("/old/page.html".into(), "../ch1/index.html".into());
        r.insert("/../escape.html".into(), "x.html".into());
        r.insert("index.html".into(), "x.html".into());
        let existing = [OutputFile { path: "index.html".into(), data: Vec::new() }];
        let (files, diags) = pages(&book, &existing);
        assert_eq!(files.iter().map(|f| f.path.as_str()).collect::<Vec<_>>(), ["old/page.html"]);
        let html = String::from_utf8_lossy(&files[0].data);
        assert!(html.contains("content=\"0; URL=../ch1/index.html\"") && html.contains("href=\"../ch1/index.html\""));
        assert_eq!(diags.len(), 2);
        assert_eq!(js_string("a.html#x\"</script>"), "a.html#x\\u0022\\u003c/script\\u003e");
    }
}
