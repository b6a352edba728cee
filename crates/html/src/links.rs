//! Where things live in the site: page paths, relative prefixes, and the
//! [`quire_xhtml::LinkResolver`] the markup writer uses.

use quire_xhtml::{LinkResolver, UrlKind};
use quire_core::{AssetId, Book, Chapter, ChapterId};
use quire_core::ast::visit::for_each_block;
use quire_core::resolve::paths::percent_decode;
use quire_core::slug::Ids;
use quire_core::BlockKind;
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

/// The chapter also served as `index.html`: the first one that is not a draft.
pub fn index_chapter(book: &Book) -> Option<ChapterId> {
    book.chapters.iter().find(|c| !c.draft).map(|c| c.id)
}

/// The page path of a chapter: `<output_stem>.html`, as mdBook names it (`README.md` becomes
/// `index.html` only when it is the first chapter). The first chapter is served a second time as
/// `index.html` (see [`index_copy`]), as mdBook does, so links into an mdBook site keep working.
pub fn page_path(book: &Book, ch: &Chapter) -> String {
    if ch.output_stem == "index" && Some(ch.id) == index_chapter(book) {
        "index.html".to_string()
    } else if matches!(ch.output_stem.as_str(), "index" | "print" | "404" | "toc") {
        // The site's own pages keep their names.
        format!("{}-chapter.html", ch.output_stem)
    } else {
        format!("{}.html", ch.output_stem)
    }
}

/// The first chapter when its own page is not `index.html`: it is then written twice, at its
/// page path and as `index.html`.
pub fn index_copy(book: &Book) -> Option<&Chapter> {
    let ch = book.chapter(index_chapter(book)?)?;
    (page_path(book, ch) != "index.html").then_some(ch)
}

/// `../` once per folder level of `page` (a `/`-separated path from the site root).
pub fn root_prefix(page: &str) -> String {
    "../".repeat(page.matches('/').count())
}

/// The id given to a chapter's wrapper in `print.html`.
pub fn print_chapter_id(ch: ChapterId) -> String {
    format!("chapter-{}", ch.0 + 1)
}

/// The heading ids of the print page, which holds every chapter: unique over the book, the
/// first of each kept as it is on its chapter's page, the later ones given `-1`, `-2` … (as
/// mdBook's print page does), around the chapters' own wrapper ids.
#[derive(Debug, Default)]
pub struct PrintIds {
    moved: HashMap<(ChapterId, String), String>,
}

impl PrintIds {
    /// The print ids of a book's live chapters, in reading order.
    pub fn new(book: &Book) -> Self {
        let mut ids = Ids::default();
        let live = || book.chapters.iter().filter(|c| !c.draft);
        for ch in live() {
            ids.reserve(&print_chapter_id(ch.id));
        }
        let mut moved = HashMap::new();
        for ch in live() {
            for_each_block(&ch.blocks, &mut |b| {
                if let BlockKind::Heading { id, .. } = &b.kind {
                    if id.is_empty() {
                        return;
                    }
                    let new = ids.unique(id);
                    if new != *id {
                        moved.insert((ch.id, id.clone()), new);
                    }
                }
            });
        }
        PrintIds { moved }
    }

    /// The print page's id for heading `id` of `chapter`.
    pub fn get<'a>(&'a self, chapter: ChapterId, id: &'a str) -> &'a str {
        self.moved.get(&(chapter, id.to_string())).map_or(id, String::as_str)
    }
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
    /// In `print.html`, the qualified heading ids.
    print_ids: Option<&'a PrintIds>,
    /// The file of a page that is not a chapter (the 404 page), for raw HTML relative paths.
    page_source: Option<&'a Path>,
}

impl<'a> SiteLinks<'a> {
    /// Links from a page at `page_path`, with content from `source`.
    pub fn new(book: &'a Book, page_path: &str, source: Option<&'a Chapter>, print: bool) -> Self {
        SiteLinks { book, prefix: root_prefix(page_path), source, print, print_ids: None, page_source: None }
    }

    /// Links from the 404 page (whose file is `page`, when the book has one): every link is
    /// absolute under `base` (the site's URL, `/` when unset), so the page works at whatever
    /// path the server shows it, as mdBook's does.
    pub fn absolute(book: &'a Book, base: &str, page: Option<&'a Path>) -> Self {
        SiteLinks { prefix: base.to_string(), page_source: page, ..SiteLinks::new(book, "404.html", None, false) }
    }

    /// Links within `print.html`, whose heading ids are `ids`.
    pub fn for_print(book: &'a Book, ids: &'a PrintIds) -> Self {
        SiteLinks { print_ids: Some(ids), ..SiteLinks::new(book, "print.html", None, true) }
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
        let file = match self.source {
            Some(ch) => ch.source_path.as_deref(),
            None => Some(self.page_source?),
        };
        let src_dir = self.book.config.book.src.clone().unwrap_or_default();
        let chapter_dir = file.and_then(Path::parent).map(Path::to_path_buf).unwrap_or_default();
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
            return match anchor.filter(|a| !a.is_empty()) {
                Some(a) => format!("#{}", self.print_ids.map_or(a, |ids| ids.get(chapter, a))),
                None => format!("#{}", print_chapter_id(chapter)),
            };
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

    fn file_href(&self, file: AssetId) -> Option<String> {
        self.asset_src(file)
    }

    fn heading_id<'b>(&self, id: &'b str) -> Cow<'b, str> {
        match (self.print_ids, self.source) {
            (Some(ids), Some(ch)) => Cow::Owned(ids.get(ch.id, id).to_string()),
            _ => Cow::Borrowed(id),
        }
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
        if matches!(kind, UrlKind::Image | UrlKind::Media) {
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
        // The first chapter has its own page; `index.html` is a copy of it.
        assert_eq!(page_path(&book, &book.chapters[0]), "intro.html");
        assert_eq!(index_copy(&book).map(|c| c.id), Some(book.chapters[0].id));
        assert_eq!(page_path(&book, &book.chapters[1]), "print-chapter.html");
        assert_eq!(page_path(&book, &book.chapters[2]), "index-chapter.html");
        // A first chapter from README.md is `index.html` itself, written once.
        book.chapters[0].output_stem = "index".into();
        assert_eq!(page_path(&book, &book.chapters[0]), "index.html");
        assert!(index_copy(&book).is_none());
    }

    #[test]
    fn the_print_page_qualifies_ids_repeated_across_chapters() {
        let book = crate::testbook::book();
        let ids = PrintIds::new(&book);
        // Each testbook chapter's title id is unique, so none moves …
        for ch in &book.chapters {
            let id = format!("{}-title", ch.output_stem);
            assert_eq!(ids.get(ch.id, &id), id);
        }
        // … and two chapters' `summary` become `summary` and `summary-1`.
        let mut book = book;
        for ch in book.chapters.iter_mut().take(2) {
            if let Some(quire_core::BlockKind::Heading { id, .. }) = ch.blocks.first_mut().map(|b| &mut b.kind) {
                *id = "summary".into();
            }
        }
        let ids = PrintIds::new(&book);
        assert_eq!(ids.get(book.chapters[0].id, "summary"), "summary");
        assert_eq!(ids.get(book.chapters[1].id, "summary"), "summary-1");
    }
}
