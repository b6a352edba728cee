//! The book's own site files (mdBook's `additional-css` and `additional-js` of `[output.html]`),
//! read from the book root for the HTML renderer, which takes them as data (renderers do not
//! read the disk).

use quire_core::{Book, Diagnostic, OutputFile, Span};
use std::path::{Component, Path};

/// The site files of `book`: (stylesheets, scripts), in the order book.toml lists them, each at
/// its path from the book root; a warning at the key for each that cannot be read.
pub fn load(book: &Book) -> (Vec<OutputFile>, Vec<OutputFile>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let html = &book.config.output.html;
    let css = read_all(book, "additional-css", &html.additional_css, &mut diags);
    let js = read_all(book, "additional-js", &html.additional_js, &mut diags);
    (css, js, diags)
}

/// Adds them to an HTML options value.
pub fn apply(book: &Book, options: &mut quire_html::Options) -> Vec<Diagnostic> {
    let (css, js, diags) = load(book);
    options.additional_css = css;
    options.additional_js = js;
    diags
}

fn read_all(book: &Book, key: &str, paths: &[std::path::PathBuf], diags: &mut Vec<Diagnostic>) -> Vec<OutputFile> {
    let config = book.sources.find(Path::new("book.toml"));
    let at = |d: Diagnostic| -> Diagnostic {
        let Some(id) = config else { return d };
        let text = book.sources.get(id).map(|f| f.text.as_str()).unwrap_or_default();
        match quire_core::config_load::key_span(text, &["output", "html"], key) {
            Some(r) => d.with_span(Span::new(id, r.start, r.end)),
            None => d.with_span(Span::file_start(id)),
        }
    };
    let mut out = Vec::new();
    for p in paths {
        let shown = p.to_string_lossy().replace('\\', "/");
        let inside = !p.as_os_str().is_empty() && p.components().all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
        if !inside {
            diags.push(at(Diagnostic::warning("site-file-invalid", format!("{key} `{shown}`: not a path inside the book; left out"))
                .with_hint("give a path relative to the book root, e.g. `theme/custom.css`")));
            continue;
        }
        let site_path = p.components().filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        }).collect::<Vec<_>>().join("/");
        let full = book.root.join(p);
        let too_big = std::fs::metadata(&full).is_ok_and(|m| m.len() > book.config.quire.max_file_size());
        match std::fs::read(&full) {
            Ok(_) if too_big => diags.push(at(Diagnostic::warning("site-file-invalid", format!("{key} `{shown}` is larger than max-file-size; left out")))),
            Ok(data) if full.is_file() => {
                if !out.iter().any(|f: &OutputFile| f.path == site_path) {
                    out.push(OutputFile { path: site_path, data });
                }
            }
            Ok(_) | Err(_) => diags.push(at(Diagnostic::warning("site-file-missing", format!("{key} `{shown}` cannot be read; the site goes without it"))
                .with_hint("check the path: it is taken from the book root, as in mdBook"))),
        }
    }
    out
}
