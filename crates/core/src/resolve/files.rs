//! Files of the book that are neither chapters nor images, as mdBook copies every file of `src/`:
//! a link to one (`[the data](files/data.csv)`) becomes [`LinkTarget::File`], and the sources of
//! `<video>`, `<audio>`, `<source>` and `<track>` in raw HTML (and a video's `poster`) are loaded,
//! so the site copies them and the EPUB can carry the media it allows. A source that is not in the
//! book is one `missing-media` warning per element; a path outside the book is refused as an
//! image's is. The EPUB and the PDF keep a file link's text: one `link-to-file` note says so.

use super::assets::{escape_diagnostic, AssetLoader, Lookup};
use super::paths::{is_external, split_fragment};
use crate::ast::visit::{visit_all_inlines, visit_blocks};
use crate::ast::{BlockKind, InlineKind, LinkTarget};
use crate::book::Chapter;
use crate::diag::{Code, Diagnostic};
use crate::span::Span;
use std::path::Path;

/// The attributes of raw HTML media elements that name a file to play or show.
fn media_attr(tag: &str, attr: &str) -> bool {
    matches!((tag, attr), ("video" | "audio" | "source" | "track", "src") | ("video", "poster"))
}

/// Loads the files that links and media elements of `chapters` name (see the module doc); with
/// `note`, says once that the EPUB and the PDF keep file links' text (the whole book's pass does;
/// re-resolving a few edited chapters does not repeat it).
pub fn resolve_files(loader: &mut AssetLoader<'_>, chapters: &mut [Chapter], note: bool, diags: &mut Vec<Diagnostic>) {
    let mut linked: Option<(usize, Span)> = None;
    for ch in chapters.iter_mut() {
        let Some(src) = ch.source_path.clone() else { continue };
        let dir = loader.src_root.join(src.parent().unwrap_or(Path::new("")));
        let mut one = |blocks: &mut Vec<crate::ast::Block>| {
            visit_blocks(blocks, &mut |b| {
                if let BlockKind::HtmlElement { tag, attrs, .. } = &b.kind {
                    media(loader, tag, attrs, &dir, b.span, diags);
                }
            });
            visit_all_inlines(blocks, &mut |i| {
                let span = i.span;
                match &mut i.kind {
                    InlineKind::HtmlElement { tag, attrs, .. } => media(loader, tag, attrs, &dir, span, diags),
                    InlineKind::Link { target, .. } => {
                        if let LinkTarget::Unresolved(raw) = target {
                            if let Some(id) = file(loader, raw, &dir, span, diags) {
                                *target = LinkTarget::File(id);
                                linked.get_or_insert((0, span)).0 += 1;
                            }
                        }
                    }
                    _ => {}
                }
            });
        };
        one(&mut ch.blocks);
        for f in ch.footnotes.iter_mut() {
            one(&mut f.blocks);
        }
    }
    if let (Some((n, span)), true) = (linked, note) {
        let msg = if n == 1 {
            "a link leads to a file of the book that is not a chapter: the site copies and links it; the EPUB and the PDF keep the link text".to_string()
        } else {
            format!("{n} links lead to files of the book that are not chapters (this is the first): the site copies and links them; the EPUB and the PDF keep the link text")
        };
        diags.push(
            Diagnostic::note(Code::LinkToFile, msg)
                .with_span(span)
                .with_hint("to link them from the e-book and on paper too, link to where the files are published"),
        );
    }
}

/// The file a link no chapter answers names, loaded, when it is a file of the book other than
/// a Markdown page (the links pass warned about everything else).
fn file(loader: &mut AssetLoader<'_>, raw: &str, dir: &Path, span: Span, diags: &mut Vec<Diagnostic>) -> Option<crate::ast::AssetId> {
    let (path, _) = split_fragment(raw.trim());
    if path.is_empty() || is_external(path) {
        return None;
    }
    let ext = Path::new(path).extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    if matches!(ext.as_deref(), Some("md" | "markdown")) {
        return None;
    }
    match loader.locate(dir, path) {
        Lookup::Found(abs) => match loader.file(&abs) {
            Ok(id) => Some(id),
            Err(e) => {
                diags.push(Diagnostic::warning(e.code(Code::BrokenLink), format!("linked file `{path}` cannot be read: {e}")).with_span(span));
                None
            }
        },
        Lookup::Escapes(target) => {
            diags.push(escape_diagnostic(&format!("linked file `{path}`"), &target, span));
            None
        }
        Lookup::NotFound(_) | Lookup::Empty | Lookup::External => None,
    }
}

/// Loads the files a media element's attributes name (`src`, `poster`).
fn media(loader: &mut AssetLoader<'_>, tag: &str, attrs: &[(String, String)], dir: &Path, span: Span, diags: &mut Vec<Diagnostic>) {
    for (k, v) in attrs.iter().filter(|(k, _)| media_attr(tag, k)) {
        let raw = v.trim();
        if raw.is_empty() || is_external(raw) || raw.starts_with('#') {
            continue;
        }
        let (path, _) = split_fragment(raw);
        match loader.locate(dir, path) {
            Lookup::Found(abs) => {
                if let Err(e) = loader.file(&abs) {
                    diags.push(Diagnostic::warning(e.code(Code::MissingMedia), format!("`<{tag} {k}=\"{raw}\">` cannot be read: {e}")).with_span(span));
                }
            }
            Lookup::NotFound(first) => diags.push(
                Diagnostic::warning(Code::MissingMedia, format!("`<{tag} {k}=\"{raw}\">` names no file of the book"))
                    .with_span(span)
                    .with_hint(format!("no file at {}; fix the path (relative to this chapter's file)", first.display())),
            ),
            Lookup::Escapes(target) => diags.push(escape_diagnostic(&format!("`<{tag} {k}=\"{raw}\">`"), &target, span)),
            Lookup::Empty | Lookup::External => {}
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use crate::ast::{visit::visit_all_inlines, InlineKind, LinkTarget};
    use crate::{Book, MemorySource};

    fn book(chapter: &str) -> Book {
        let src = MemorySource::new()
            .file("book.toml", "[book]\ntitle = \"T\"\n")
            .file("src/SUMMARY.md", "- [C](c.md)\n- [D](sub/d.md)\n")
            .file("src/c.md", chapter)
            .file("src/sub/d.md", "# D\n\n[back](../files/data.csv)\n")
            .file("src/files/data.csv", "a,b\n1,2\n")
            .file("src/media/clip.mp4", "not really a video")
            .file("src/media/subs.vtt", "WEBVTT\n")
            .file("src/notes.md", "# not listed\n");
        Book::load_from(&src).expect("loads")
    }

    fn targets(b: &mut Book) -> Vec<LinkTarget> {
        let mut out = Vec::new();
        for ch in b.chapters.iter_mut() {
            visit_all_inlines(&mut ch.blocks, &mut |i| {
                if let InlineKind::Link { target, .. } = &i.kind {
                    out.push(target.clone());
                }
            });
        }
        out
    }

    fn codes(b: &Book) -> Vec<&'static str> {
        b.diagnostics.iter().map(|d| d.code.name()).collect()
    }

    #[test]
    fn a_link_to_a_file_of_the_book_loads_it_once_and_a_missing_one_is_broken() {
        let mut b = book("# C\n\n[data](files/data.csv), [again](files/data.csv#row-2), [gone](files/gone.zip), [page](notes.md).\n");
        let t = targets(&mut b);
        let LinkTarget::File(id) = t[0] else { panic!("{:?}", t[0]) };
        assert_eq!(t[1], LinkTarget::File(id));
        assert!(matches!(t[2], LinkTarget::Unresolved(_)), "{:?}", t[2]);
        assert!(matches!(t[3], LinkTarget::Unresolved(_)), "{:?}", t[3]);
        assert_eq!(t[4], LinkTarget::File(id), "the other chapter's link, relative to its folder");
        let a = b.asset(id).expect("asset");
        assert_eq!(a.path.to_string_lossy(), "src/files/data.csv");
        assert!(a.output_path.starts_with("files/") && a.output_path.ends_with("-data.csv"), "{}", a.output_path);
        assert_eq!(a.size, 8);
        let c = codes(&b);
        assert_eq!(c.iter().filter(|c| **c == "broken-link").count(), 2, "{:?}", b.diagnostics);
        let notes: Vec<_> = b.diagnostics.iter().filter(|d| d.code.name() == "link-to-file").collect();
        assert_eq!(notes.len(), 1, "one note for the book: {:?}", b.diagnostics);
        assert!(notes[0].message.starts_with("3 links lead"), "{}", notes[0].message);
    }

    #[cfg(feature = "raw-html")]
    #[test]
    fn media_sources_are_loaded_and_a_missing_one_is_one_warning_per_element() {
        let b = book(
            "# C\n\n<video controls poster=\"media/none.png\">\n  <source src=\"media/clip.mp4\" type=\"video/mp4\">\n  \
             <track src=\"media/subs.vtt\" kind=\"subtitles\" srclang=\"en\">\n</video>\n\n<audio src=\"media/gone.mp3\"></audio>\n\n\
             <video src=\"https://example.com/v.mp4\"></video>\n",
        );
        let paths: Vec<String> = b.assets.iter().map(|a| a.path.to_string_lossy().into_owned()).collect();
        assert_eq!(paths, ["src/media/clip.mp4", "src/media/subs.vtt", "src/files/data.csv"]);
        let missing: Vec<_> = b.diagnostics.iter().filter(|d| d.code.name() == "missing-media").map(|d| d.message.as_str()).collect();
        assert_eq!(missing, ["`<video poster=\"media/none.png\">` names no file of the book", "`<audio src=\"media/gone.mp3\">` names no file of the book"]);
        assert!(b.diagnostics.iter().all(|d| d.span.is_some()));
    }

    #[cfg(feature = "raw-html")]
    #[test]
    fn a_file_outside_the_book_is_refused() {
        let src = MemorySource::new()
            .file("book.toml", "[book]\ntitle = \"T\"\n")
            .file("src/SUMMARY.md", "- [C](c.md)\n")
            .file("src/c.md", "# C\n\n<video src=\"../../secret.mp4\"></video>\n");
        let b = Book::load_from(&src).expect("loads");
        assert!(b.assets.is_empty());
        assert!(codes(&b).contains(&"path-escape"), "{:?}", b.diagnostics);
    }
}
