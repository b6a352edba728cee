//! The book's own site files (mdBook's `additional-css` and `additional-js` of `[output.html]`),
//! read from the book root for the HTML renderer, which takes them as data (renderers do not
//! read the disk).

use quire_core::Code;
use quire_core::{Book, Diagnostic, OutputFile, Span};
use std::path::{Component, Path};

/// The site files of `book`: (stylesheets, scripts), in the order book.toml lists them, each at
/// its path from the book root; a warning at the key for each that cannot be read.
pub fn load(book: &Book) -> (Vec<OutputFile>, Vec<OutputFile>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let html = &book.config.output.html;
    let css = read_all(book, HTML, "additional-css", &html.additional_css, &mut diags);
    let js = read_all(book, HTML, "additional-js", &html.additional_js, &mut diags);
    (css, js, diags)
}

/// Adds them to an HTML options value.
pub fn apply(book: &Book, options: &mut quire_html::Options) -> Vec<Diagnostic> {
    let (css, js, diags) = load(book);
    options.additional_css = css;
    options.additional_js = js;
    diags
}

const HTML: &[&str] = &["output", "html"];

/// The EPUB's own stylesheets (`[output.epub] additional-css`, GitBook's `styles.ebook`) as
/// text, in order, for [`quire_epub::Options::additional_css`]; a warning for each that cannot be
/// read.
pub fn apply_epub(book: &Book, options: &mut quire_epub::Options) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let files = read_all(book, &["output", "epub"], "additional-css", &book.config.output.epub.additional_css, &mut diags);
    options.additional_css = files.into_iter().map(|f| String::from_utf8_lossy(&f.data).into_owned()).collect();
    diags
}

fn read_all(book: &Book, table: &[&str], key: &str, paths: &[std::path::PathBuf], diags: &mut Vec<Diagnostic>) -> Vec<OutputFile> {
    let config = book.sources.find(Path::new("book.toml"));
    let at = |d: Diagnostic| -> Diagnostic {
        let Some(id) = config else { return d };
        let text = book.sources.get(id).map(|f| f.text.as_str()).unwrap_or_default();
        match quire_core::config_load::key_span(text, table, key) {
            Some(r) => d.with_span(Span::new(id, r.start, r.end)),
            None => d.with_span(Span::file_start(id)),
        }
    };
    let mut out = Vec::new();
    // Inside the book root (or an `allow-paths` folder), symlinks resolved; a regular file (a
    // FIFO would hang the build) of at most `max-file-size`.
    let mut files = quire_core::files::Files::new(std::fs::canonicalize(&book.root).unwrap_or_else(|_| book.root.clone()));
    files.set_allow_paths(&book.config.quire.allow_paths);
    for p in paths {
        let shown = p.to_string_lossy().replace('\\', "/");
        let inside = !p.as_os_str().is_empty() && p.components().all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
        if !inside {
            diags.push(at(Diagnostic::warning(Code::SiteFileInvalid, format!("{key} `{shown}`: not a path inside the book; left out"))
                .with_hint("give a path relative to the book root, e.g. `theme/custom.css`")));
            continue;
        }
        let site_path = p.components().filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        }).collect::<Vec<_>>().join("/");
        // Symlinks resolved, then the same rule as every manuscript file (see `files` above).
        let canon = match std::fs::canonicalize(book.root.join(p)) {
            Ok(c) => c,
            Err(_) => {
                diags.push(at(Diagnostic::warning(Code::SiteFileMissing, format!("{key} `{shown}` cannot be read; the site goes without it"))
                    .with_hint("check the path: it is taken from the book root, as in mdBook")));
                continue;
            }
        };
        if !files.is_allowed(&canon) {
            diags.push(at(Diagnostic::error(Code::PathEscape, format!("{key} `{shown}`: path escapes the book root"))
                .with_hint("add its folder to `allow-paths` in `[quire]` of book.toml to allow it")));
            continue;
        }
        match quire_core::safe_read::read_file(&canon, book.config.quire.max_file_size()) {
            Ok(data) => {
                if !out.iter().any(|f: &OutputFile| f.path == site_path) {
                    out.push(OutputFile { path: site_path, data });
                }
            }
            Err(e) => {
                let code = quire_core::safe_read::error_code(&e, Code::SiteFileMissing);
                let hint = quire_core::safe_read::error_hint(&e, "check the path: it is taken from the book root, as in mdBook");
                diags.push(at(Diagnostic::warning(code, format!("{key} `{shown}` cannot be read ({e}); the site goes without it")).with_hint(hint)));
            }
        }
    }
    out
}
