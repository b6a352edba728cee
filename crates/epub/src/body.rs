//! Chapter documents: one polyglot XHTML file per chapter at `<output_stem>.xhtml`, wrapping the
//! chapter body in a section with `epub:type` and `lang`/`xml:lang`.
//!
//! The body comes from the shared markup writer ([`quire_xhtml`]) with a [`Resolver`] that
//! makes every link and image relative to the document's place in the package.

use quire_core::Code;
use crate::xml;
use quire_core::ast::{Block, BlockKind, Footnote};
use quire_xhtml::{self as markup, LinkResolver, UrlKind};
use quire_core::{AssetId, Book, Chapter, ChapterId, ChapterRole};
use quire_core::resolve::paths::percent_decode;
use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

/// Everything needed to write one chapter document.
#[derive(Debug)]
pub struct ChapterDoc<'a> {
    /// The chapter.
    pub chapter: &'a Chapter,
    /// Its package path.
    pub path: &'a str,
    /// Its blocks after image rewriting.
    pub blocks: &'a [Block],
    /// Its footnotes after image rewriting.
    pub footnotes: &'a [Footnote],
}

/// A written chapter document and what it contains.
#[derive(Debug, Clone)]
pub struct Written {
    /// The XHTML.
    pub xhtml: String,
    /// It contains MathML (manifest property `mathml`).
    pub mathml: bool,
    /// It contains inline SVG (manifest property `svg`).
    pub svg: bool,
}

/// Wraps `body` into a complete chapter document.
pub fn document(book: &Book, doc: &ChapterDoc<'_>, body: &str) -> Written {
    let lang = xml::attr(book.language());
    let css = xml::relative(doc.path, "stylesheet.css");
    let matter = match doc.chapter.role {
        ChapterRole::Prefix => "frontmatter",
        ChapterRole::Numbered => "bodymatter",
        ChapterRole::Suffix => "backmatter",
    };
    let title = if doc.chapter.title.trim().is_empty() { book.title() } else { doc.chapter.title.trim() };
    let starts_with_heading = matches!(doc.blocks.first().map(|b| &b.kind), Some(BlockKind::Heading { .. }));
    let mut out = String::with_capacity(body.len() + 1024);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n");
    out.push_str(&format!(
        "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"{lang}\" xml:lang=\"{lang}\">\n"
    ));
    out.push_str(&format!(
        "<head>\n  <meta charset=\"utf-8\"/>\n  <title>{}</title>\n  <link rel=\"stylesheet\" type=\"text/css\" href=\"{}\"/>\n</head>\n",
        xml::text(title),
        xml::attr(&css)
    ));
    out.push_str(&format!("<body epub:type=\"{matter}\">\n<section class=\"chapter\" epub:type=\"chapter\" role=\"doc-chapter\">\n"));
    if !starts_with_heading {
        out.push_str(&format!("<h1 class=\"chapter-title\">{}</h1>\n", xml::text(title)));
    }
    out.push_str(body);
    out.push_str("\n</section>\n</body>\n</html>\n");
    Written { mathml: body.contains("<math"), svg: body.contains("<svg"), xhtml: out }
}

/// Package path of the placeholder shown for raw-HTML images that are not in the package.
pub const PLACEHOLDER_IMAGE: &str = "images/quire-missing-image.svg";

/// The placeholder image (a framed box with a cross), titled with the book's word
/// `image-missing` ("Image not available").
pub fn placeholder_svg(words: &quire_core::i18n::Words) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" viewBox=\"0 0 120 80\" width=\"120\" height=\"80\"><title>{}</title><rect x=\"1\" y=\"1\" width=\"118\" height=\"78\" fill=\"#f4f4f4\" stroke=\"#999999\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/><path d=\"M40 20 L80 60 M80 20 L40 60\" stroke=\"#bbbbbb\" stroke-width=\"3\"/></svg>\n",
        crate::xml::text(&words.image_missing)
    )
}

/// Where links and images of one chapter document point inside the package.
pub struct Resolver<'a> {
    book: &'a Book,
    /// Package paths of all chapters.
    paths: &'a [String],
    /// This chapter.
    chapter: &'a Chapter,
    /// This document's package path.
    from: &'a str,
    /// Assets used by raw HTML that the package must hold.
    pub raw_assets: RefCell<BTreeSet<AssetId>>,
    /// The placeholder image is used.
    pub placeholder_used: Cell<bool>,
    /// Links kept as text because EPUBCheck does not register their scheme.
    pub unlinked: RefCell<Unlinked>,
}

/// Links of one chapter whose scheme EPUBCheck does not register (see [`crate::schemes`]): their
/// text is kept without the link, and one note per chapter says so.
#[derive(Debug, Default)]
pub struct Unlinked {
    /// How many links.
    pub count: usize,
    /// The schemes met, sorted.
    pub schemes: BTreeSet<String>,
    /// The first such Markdown link.
    pub first: Option<quire_core::Span>,
}

impl Unlinked {
    /// The note for the chapter (`fallback`: where the chapter is listed), or `None`.
    pub fn note(&self, fallback: quire_core::Span) -> Option<quire_core::Diagnostic> {
        if self.count == 0 {
            return None;
        }
        let schemes: Vec<String> = self.schemes.iter().map(|s| format!("`{s}:`")).collect();
        let links = if self.count == 1 { "1 link uses".to_string() } else { format!("{} links use", self.count) };
        let msg = format!("{links} a URL scheme EPUB does not register ({}); the EPUB keeps the text without the link", schemes.join(", "));
        Some(
            quire_core::Diagnostic::note(Code::EpubUnregisteredScheme, msg)
                .with_span(self.first.unwrap_or(fallback))
                .with_hint("use an http(s) URL for readers of the EPUB; the site and the PDF keep the link"),
        )
    }

    fn record(&mut self, scheme: String, span: Option<quire_core::Span>) {
        self.count += 1;
        self.schemes.insert(scheme);
        if self.first.is_none() {
            self.first = span;
        }
    }
}

impl<'a> Resolver<'a> {
    /// A resolver for the document of `chapter` at `from`.
    pub fn new(book: &'a Book, paths: &'a [String], chapter: &'a Chapter, from: &'a str) -> Self {
        Resolver { book, paths, chapter, from, raw_assets: RefCell::new(BTreeSet::new()), placeholder_used: Cell::new(false), unlinked: RefCell::default() }
    }

    /// The chapter's source folder relative to the book root.
    fn source_dir(&self) -> PathBuf {
        let src = self.book.config.book.src.clone().unwrap_or_default();
        let file = self.chapter.source_path.clone().unwrap_or_default();
        src.join(file.parent().unwrap_or(Path::new("")))
    }

    /// The asset a relative URL in raw HTML of this chapter names (`?query` and `#fragment`
    /// aside); `None` for a URL with a scheme, an empty one, or no asset.
    fn asset_at(&self, url: &str) -> Option<&quire_core::Asset> {
        let path = url.split(['?', '#']).next().unwrap_or(url);
        if has_scheme(url) || path.is_empty() {
            return None;
        }
        let target = normalise(&self.source_dir(), &percent_decode(path));
        self.book.assets.iter().find(|a| normalise(Path::new(""), &a.path.to_string_lossy()) == target)
    }

    fn placeholder(&self) -> String {
        self.placeholder_used.set(true);
        xml::relative(self.from, PLACEHOLDER_IMAGE)
    }
}

/// True for `scheme:` URLs (`https:`, `mailto:` …) and protocol-relative `//host` URLs.
fn has_scheme(url: &str) -> bool {
    if url.starts_with("//") {
        return true;
    }
    match url.find(':') {
        Some(i) => {
            let s = &url[..i];
            !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// Joins `rel` onto `dir` and removes `.`/`..`.
fn normalise(dir: &Path, rel: &str) -> PathBuf {
    let mut out = PathBuf::new();
    for c in dir.join(rel).components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            Component::Normal(n) => out.push(n),
            _ => {}
        }
    }
    out
}

impl LinkResolver for Resolver<'_> {
    fn chapter_href(&self, chapter: ChapterId, anchor: Option<&str>) -> String {
        let anchor = anchor.filter(|a| !a.is_empty());
        if chapter == self.chapter.id {
            if let Some(a) = anchor {
                return format!("#{a}");
            }
        }
        let path = self.paths.get(chapter.0).map(String::as_str).unwrap_or(self.from);
        let mut href = xml::relative(self.from, path);
        if let Some(a) = anchor {
            href.push('#');
            href.push_str(a);
        }
        href
    }

    fn asset_src(&self, asset: AssetId) -> Option<String> {
        let a = self.book.asset(asset)?;
        if crate::images::is_core(a.media_type) {
            return Some(xml::relative(self.from, &a.output_path));
        }
        crate::images::converted_path(a).map(|p| xml::relative(self.from, &p))
    }

    fn external_href(&self, url: &str, span: quire_core::Span) -> Option<String> {
        match crate::schemes::unregistered(url) {
            Some(scheme) => {
                self.unlinked.borrow_mut().record(scheme, Some(span));
                None
            }
            None => Some(url.to_string()),
        }
    }

    fn remote_image(&self, _url: &str) -> Option<String> {
        None
    }

    fn raw_html_url(&self, url: &str, kind: UrlKind) -> Option<String> {
        let url = url.trim();
        match kind {
            UrlKind::Link => {
                if let Some(scheme) = crate::schemes::unregistered(url) {
                    self.unlinked.borrow_mut().record(scheme, None);
                    return None;
                }
                if url.is_empty() || url.starts_with('#') || has_scheme(url) {
                    return Some(url.to_string());
                }
                let (path, frag) = match url.split_once('#') {
                    Some((p, f)) => (p, Some(f)),
                    None => (url, None),
                };
                let path = path.split('?').next().unwrap_or(path);
                let file = self.chapter.source_path.clone().unwrap_or_default();
                let target = normalise(file.parent().unwrap_or(Path::new("")), &percent_decode(path));
                let stem = target.with_extension("");
                let ch = self.book.chapters.iter().find(|c| {
                    c.source_path.as_ref().is_some_and(|p| *p == target || p.with_extension("") == stem)
                })?;
                Some(self.chapter_href(ch.id, frag))
            }
            UrlKind::Media => {
                // A file of the book in a type EPUB lets `<video>`, `<audio>` and `<track>` play;
                // anything else loses the attribute (the element's fallback content stays).
                let a = self.asset_at(url).filter(|a| crate::media::mime(a).is_some())?;
                self.raw_assets.borrow_mut().insert(a.id);
                Some(xml::relative(self.from, &a.output_path))
            }
            UrlKind::Image => {
                match self.asset_at(url) {
                    Some(a) if crate::images::is_core(a.media_type) => {
                        self.raw_assets.borrow_mut().insert(a.id);
                        Some(xml::relative(self.from, &a.output_path))
                    }
                    _ => Some(self.placeholder()),
                }
            }
        }
    }
}

/// Writes the chapter body with the shared markup writer (EPUB flavour: `epub:type` noteref and
/// footnote asides, no self-links or copy buttons).
pub fn markup_body(doc: &ChapterDoc<'_>, resolver: &Resolver<'_>, opts: &markup::Options) -> markup::Fragment {
    let mut w = markup::Writer::new(resolver, opts).with_footnotes(doc.footnotes);
    w.blocks(doc.blocks);
    w.footnotes_section();
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes() {
        assert!(has_scheme("https://x") && has_scheme("mailto:a@b") && has_scheme("//cdn/x.png"));
        assert!(!has_scheme("a.md#x") && !has_scheme("../a.png"));
    }
}
