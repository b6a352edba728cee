//! The book's cover image: `[output.epub] cover`, else `[book] cover` (a path relative to the
//! source folder, else to the book root, under the same root-escape rules as images), else by
//! GitBook's convention a `cover.jpg` in the source folder or at the book root (GitBook books
//! carried over to WaBook or mdBook keep it there too). It is loaded as an asset and its id set
//! in [`Book::cover`](crate::Book::cover).

use crate::diag::Code;
use super::assets::{locate, AssetLoader, Lookup};
use crate::ast::AssetId;
use crate::config::BookConfig;
use crate::config_load::key_span;
use crate::diag::Diagnostic;
use crate::span::{SourceMap, Span};
use std::path::Path;

/// The GitBook convention's cover file, at the book root.
pub const GITBOOK_COVER: &str = "cover.jpg";

/// Finds and loads the cover. A configured cover that is missing, unreadable or outside the book
/// folder gives a warning at the config key (and no cover); without a configured one,
/// [`GITBOOK_COVER`] is the cover when it exists.
pub fn resolve_cover(loader: &mut AssetLoader<'_>, config: &BookConfig, sources: &SourceMap, diags: &mut Vec<Diagnostic>) -> Option<AssetId> {
    let (configured, table) = match (&config.output.epub.cover, &config.book.cover) {
        (Some(c), _) => (Some(c), &["output", "epub"][..]),
        (None, Some(c)) => (Some(c), &["book"][..]),
        (None, None) => (None, &[][..]),
    };
    let Some(cfg) = configured else {
        let (root, src_root) = (loader.root, loader.src_root);
        let source = loader.source;
        let found = [src_root, root].into_iter().find_map(|dir| match locate(source, root, src_root, &[], false, dir, GITBOOK_COVER) {
            Lookup::Found(p) => Some(p),
            _ => None,
        })?;
        return match loader.load_file(&found) {
            Ok(id) => Some(id),
            Err(e) => {
                if let Some(r) = e.refusal() {
                    let shown = loader.display(&found);
                    diags.push(Diagnostic::warning(r.code(), format!("the cover `{shown}` is not used: {e}")).with_hint(r.hint()));
                }
                None
            }
        };
    };
    let raw = cfg.to_string_lossy().replace('\\', "/");
    let span = config_span(sources, table);
    let warn = |code: Code, msg: String, hint: String| {
        let d = Diagnostic::warning(code, msg).with_hint(hint);
        match span {
            Some(s) => d.with_span(s),
            None => d,
        }
    };
    // Relative to the source folder first, then to the book root.
    let (root, src_root) = (loader.root, loader.src_root);
    let allow = loader.allow.clone();
    let source = loader.source;
    let mut first = None;
    for dir in [src_root, root] {
        match locate(source, root, src_root, &allow, false, dir, &raw) {
            Lookup::Found(p) => {
                return match loader.load_file(&p) {
                    Ok(id) => Some(id),
                    Err(e) => {
                        let code = e.code(Code::UnreadableCover);
                        let hint = e.hint("check the file's permissions").to_string();
                        diags.push(warn(code, format!("the cover `{raw}` cannot be read: {e}"), hint));
                        None
                    }
                };
            }
            other => {
                first.get_or_insert(other);
            }
        }
    }
    let d = match first {
        Some(Lookup::Escapes(p)) => warn(
            Code::PathEscape,
            format!("the cover `{raw}` is outside the book folder"),
            format!("{} is not read; copy the image into the book, or list its folder in [quire] allow-paths", p.display()),
        ),
        Some(Lookup::NotFound(p)) => warn(
            Code::MissingCover,
            format!("the cover `{raw}` not found"),
            format!("no file at {} (the path is relative to the source folder or the book root)", p.display()),
        ),
        _ => warn(Code::MissingCover, "the cover path is empty or a URL".into(), "give the path of a JPEG or PNG file in the book".into()),
    };
    diags.push(d);
    None
}

/// The span of the `cover` key in the config file (`book.toml`, `book.ini` or `book.json`).
fn config_span(sources: &SourceMap, table: &[&str]) -> Option<Span> {
    let (id, file) = sources.files().find(|(_, f)| {
        let name = f.path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        f.path.parent().is_none_or(|p| p == Path::new("")) && matches!(name, "book.toml" | "book.ini" | "book.json")
    })?;
    let range = if file.path.extension().is_some_and(|e| e == "json") {
        file.text.find("\"cover\"").map(|i| i..i + "\"cover\"".len())
    } else {
        key_span(&file.text, table, "cover")
    }?;
    Some(Span::new(id, range.start, range.end))
}
