//! Where things live in the site: page paths, relative prefixes, and the
//! [`quire_xhtml::LinkResolver`] the markup writer uses.

use quire_xhtml::{LinkResolver, UrlKind};
use quire_core::{AssetId, Book, Chapter, ChapterId};
use quire_core::resolve::paths::percent_decode;
use std::path::{Component, Path, PathBuf};

/// The chapter served as `index.html`: the first one that is not a draft.
pub fn index_chapter(book: &Book) -> Option<ChapterId> {
    book.chapters.iter().find(|c| !c.draft).map(|c| c.id)
}

/// The page path of a chapter (`index.html` for the first, `<output_stem>.html` otherwise).
pub fn page_path(book: &Book, ch: &Chapter) -> String {
    if Some(ch.id) == index_chapter(book) {
        "index.html".to_string()
    } else if matches!(ch.output_stem.as_str(), "index" | "print" | "404" | "toc") {
        // The site's own pages keep their names.
        format!("{}-chapter.html", ch.output_stem)
    } else {
        format!("{}.html", ch.output_stem)
    }
}

/// `../` once per folder level of `page` (a `/`-separated path from the site root).
pub fn root_prefix(page: &str) -> String {
    "../".repeat(page.matches('/').count())
}

/// The id given to a chapter's wrapper in `print.html`.
pub fn print_chapter_id(ch: ChapterId) -> String {
    format!("chapter-{}", ch.0 + 1)
}

/// Resolves links for one page.
pub struct SiteLinks<'a> {
    book: &'a Book,
    /// `../` prefix to the site root.
    prefix: String,
    /// The chapter whose source the content came from (for raw HTML relative paths).
    source: Option<&'a Chapter>,
    /// True in `print.html`: chapter links become in-page anchors.
    print: bool,
}

impl<'a> SiteLinks<'a> {
    /// Links from a page at `page_path`, with content from `source`.
    pub fn new(book: &'a Book, page_path: &str, source: Option<&'a Chapter>, print: bool) -> Self {
        SiteLinks { book, prefix: root_prefix(page_path), source, print }
    }

    /// Points `source` at another chapter (print.html renders them all).
    pub fn set_source(&mut self, source: &'a Chapter) {
        self.source = Some(source);
    }

    /// The `../` prefix of this page.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The book-root-relative path a relative URL in `self.source` points to.
    fn book_path(&self, url: &str) -> Option<PathBuf> {
        let ch = self.source?;
        let src_dir = self.book.config.book.src.clone().unwrap_or_default();
        let chapter_dir = ch.source_path.as_deref().and_then(Path::parent).map(Path::to_path_buf).unwrap_or_default();
        let decoded = percent_decode(url);
        let joined = src_dir.join(chapter_dir).join(decoded);
        let mut out = PathBuf::new();
        for c in joined.components() {
            match c {
                Component::ParentDir => {
                    out.pop();
                }
                Component::CurDir => {}
                other => out.push(other),
            }
        }
        Some(out)
    }
}

fn is_relative(url: &str) -> bool {
    !(url.is_empty() || url.starts_with('#') || url.starts_with('/') || url.contains("://") || url.starts_with("mailto:") || url.starts_with("data:"))
}

impl LinkResolver for SiteLinks<'_> {
    fn chapter_href(&self, chapter: ChapterId, anchor: Option<&str>) -> String {
        let Some(ch) = self.book.chapter(chapter) else { return "#".into() };
        if self.print {
            return format!("#{}", anchor.map(str::to_string).unwrap_or_else(|| print_chapter_id(chapter)));
        }
        if ch.draft {
            return "#".into();
        }
        let mut href = format!("{}{}", self.prefix, page_path(self.book, ch));
        if let Some(a) = anchor.filter(|a| !a.is_empty()) {
            href.push('#');
            href.push_str(a);
        }
        href
    }

    fn asset_src(&self, asset: AssetId) -> Option<String> {
        let a = self.book.asset(asset)?;
        Some(format!("{}{}", self.prefix, a.output_path))
    }

    fn raw_html_url(&self, url: &str, kind: UrlKind) -> Option<String> {
        if !is_relative(url) {
            return Some(url.to_string());
        }
        let (path_part, frag) = match url.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (url, None),
        };
        let target = self.book_path(path_part.split('?').next().unwrap_or(path_part))?;
        if kind == UrlKind::Image {
            if let Some(a) = self.book.assets.iter().find(|a| a.path == target) {
                return Some(format!("{}{}", self.prefix, a.output_path));
            }
            return Some(url.to_string());
        }
        let src_dir = self.book.config.book.src.clone().unwrap_or_default();
        let rel = target.strip_prefix(&src_dir).unwrap_or(&target).to_path_buf();
        if let Some(ch) = self.book.chapters.iter().find(|c| c.source_path.as_deref() == Some(rel.as_path())) {
            return Some(self.chapter_href(ch.id, frag));
        }
        Some(url.to_string())
    }
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_follow_depth() {
        assert_eq!(root_prefix("index.html"), "");
        assert_eq!(root_prefix("a/b/c.html"), "../../");
        assert!(is_relative("img/a.png") && !is_relative("https://x") && !is_relative("#x"));
    }

    #[test]
    fn chapters_never_take_the_site_page_names() {
        let mut book = crate::testbook::book();
        book.chapters[1].output_stem = "print".into();
        book.chapters[2].output_stem = "index".into();
        assert_eq!(page_path(&book, &book.chapters[0]), "index.html");
        assert_eq!(page_path(&book, &book.chapters[1]), "print-chapter.html");
        assert_eq!(page_path(&book, &book.chapters[2]), "index-chapter.html");
    }
}
