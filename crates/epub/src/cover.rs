//! The cover: the configured cover image (`[output.epub] cover`, else `[book] cover`) when the
//! loader brought it in as an asset, otherwise a generated SVG with the title and authors. Either
//! way a `cover.xhtml` page shows it first in the spine.

use quire_core::Code;
use crate::xml;
use quire_core::{Asset, Book, Diagnostic, MediaType};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// Package path of the cover page.
pub const COVER_PAGE: &str = "cover.xhtml";
/// Package path of the generated SVG cover.
pub const GENERATED_COVER: &str = "cover.svg";

/// The cover image to package.
#[derive(Debug, Clone)]
pub enum CoverImage<'a> {
    /// A book asset (its `output_path` is the package path).
    Asset(&'a Asset),
    /// Image bytes the caller read (see [`crate::Options::cover`]), at `cover.<ext>`.
    Provided(Arc<[u8]>, MediaType),
    /// The generated SVG, at [`GENERATED_COVER`].
    Generated(String),
}

impl CoverImage<'_> {
    /// The image's package path.
    pub fn path(&self) -> &str {
        match self {
            CoverImage::Asset(a) => &a.output_path,
            CoverImage::Provided(_, t) => match t {
                MediaType::Jpeg => "cover.jpg",
                MediaType::Gif => "cover.gif",
                MediaType::Svg => "cover-image.svg",
                _ => "cover.png",
            },
            CoverImage::Generated(_) => GENERATED_COVER,
        }
    }

    /// The image's media type.
    pub fn mime(&self) -> &'static str {
        match self {
            CoverImage::Asset(a) => a.media_type.mime(),
            CoverImage::Provided(_, t) => t.mime(),
            CoverImage::Generated(_) => MediaType::Svg.mime(),
        }
    }
}

fn normal(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Chooses the cover: the loader's [`Book::cover`] (the configured cover, or a GitBook
/// `cover.jpg`), else the configured cover when it is among the book's assets, else the bytes the
/// caller provided, else the generated one. A cover that cannot be used (not a JPEG, PNG, GIF or
/// SVG; or configured but not loaded, unless the loader already said why) gives a warning.
pub fn choose<'a>(book: &'a Book, provided: Option<&Arc<[u8]>>, diagnostics: &mut Vec<Diagnostic>) -> CoverImage<'a> {
    let configured = book.config.output.epub.cover.as_ref().or(book.config.book.cover.as_ref());
    if let Some(a) = book.cover.and_then(|id| book.asset(id)) {
        if crate::images::is_core(a.media_type) {
            return CoverImage::Asset(a);
        }
        diagnostics.push(
            Diagnostic::warning(
                Code::EpubCoverType,
                format!("the cover {} is {}, which EPUB readers need not support", a.path.display(), a.media_type.mime()),
            )
            .with_hint("use a JPEG or PNG cover; a generated cover is used instead"),
        );
        return CoverImage::Generated(generated_svg(book));
    }
    // Every problem the resolver found with the cover (missing, outside the book, refused) is
    // worded "the cover …".
    let told = book.diagnostics.iter().any(|d| matches!(d.code, Code::MissingCover | Code::UnreadableCover) || d.message.starts_with("the cover "));
    if let Some(cfg) = configured {
        let src = book.config.book.src.clone().unwrap_or_default();
        let candidates = [normal(&src.join(cfg)), normal(cfg)];
        let found = book.assets.iter().find(|a| {
            let ap = normal(&a.path);
            candidates.contains(&ap) || (!a.path.is_absolute() && ap.ends_with(normal(cfg)))
        });
        if let (None, Some(bytes)) = (found, provided) {
            let t = MediaType::sniff(bytes);
            if crate::images::is_core(t) {
                return CoverImage::Provided(bytes.clone(), t);
            }
        }
        match found {
            Some(a) if crate::images::is_core(a.media_type) => return CoverImage::Asset(a),
            Some(a) => diagnostics.push(
                Diagnostic::warning(
                    Code::EpubCoverType,
                    format!("the cover {} is {}, which EPUB readers need not support", cfg.display(), a.media_type.mime()),
                )
                .with_hint("use a JPEG or PNG cover; a generated cover is used instead"),
            ),
            None if told => {}
            None => diagnostics.push(
                Diagnostic::warning(Code::EpubCoverMissing, format!("the cover image {} was not loaded", cfg.display()))
                    .with_hint("check the path (relative to the source folder); a generated cover is used instead"),
            ),
        }
    }
    CoverImage::Generated(generated_svg(book))
}

/// Display width of a character, in "ems" of half the font size: CJK and other wide characters
/// count double.
fn char_width(c: char) -> usize {
    if quire_core::script::is_double_width(c) {
        2
    } else {
        1
    }
}

/// Wraps `text` into lines of at most `width` half-width units, breaking at spaces (or anywhere
/// between wide characters).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut w = 0;
    let mut word = String::new();
    let mut ww = 0;
    let flush_word = |line: &mut String, w: &mut usize, word: &mut String, ww: &mut usize, lines: &mut Vec<String>| {
        if *w > 0 && *w + *ww > width {
            lines.push(line.trim_end().to_string());
            line.clear();
            *w = 0;
        }
        line.push_str(word);
        *w += *ww;
        word.clear();
        *ww = 0;
    };
    for c in text.chars() {
        let cw = char_width(c);
        if c == ' ' {
            flush_word(&mut line, &mut w, &mut word, &mut ww, &mut lines);
            if w > 0 {
                line.push(' ');
                w += 1;
            }
        } else if cw == 2 {
            flush_word(&mut line, &mut w, &mut word, &mut ww, &mut lines);
            word.push(c);
            ww = 2;
            flush_word(&mut line, &mut w, &mut word, &mut ww, &mut lines);
        } else {
            word.push(c);
            ww += cw;
        }
    }
    flush_word(&mut line, &mut w, &mut word, &mut ww, &mut lines);
    if !line.trim().is_empty() {
        lines.push(line.trim_end().to_string());
    }
    lines
}

/// A 1600×2400 SVG cover with the title and authors.
pub fn generated_svg(book: &Book) -> String {
    let title = book.title();
    let authors = book.config.book.authors.iter().map(|a| a.trim()).filter(|a| !a.is_empty()).collect::<Vec<_>>().join(", ");
    let lang = xml::attr(book.language());
    let mut svg = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" viewBox=\"0 0 1600 2400\" width=\"1600\" height=\"2400\" xml:lang=\"{lang}\">\n  <title>{}</title>\n  <rect x=\"0\" y=\"0\" width=\"1600\" height=\"2400\" fill=\"#1f3a5f\"/>\n  <rect x=\"100\" y=\"100\" width=\"1400\" height=\"2200\" fill=\"none\" stroke=\"#e8d9b5\" stroke-width=\"6\"/>\n",
        xml::text(title)
    );
    let title_lines = wrap(title, 22);
    let mut y = 800 - (title_lines.len().saturating_sub(1) * 70) as i64;
    for l in &title_lines {
        svg.push_str(&format!(
            "  <text x=\"800\" y=\"{y}\" text-anchor=\"middle\" font-family=\"serif\" font-size=\"120\" font-weight=\"bold\" fill=\"#ffffff\">{}</text>\n",
            xml::text(l)
        ));
        y += 140;
    }
    if !authors.is_empty() {
        let mut y = 1900;
        for l in wrap(&authors, 36) {
            svg.push_str(&format!(
                "  <text x=\"800\" y=\"{y}\" text-anchor=\"middle\" font-family=\"serif\" font-size=\"72\" fill=\"#e8d9b5\">{}</text>\n",
                xml::text(&l)
            ));
            y += 90;
        }
    }
    svg.push_str("</svg>\n");
    svg
}

/// The cover page showing `image`.
pub fn cover_page(book: &Book, image: &CoverImage<'_>) -> String {
    let lang = xml::attr(book.language());
    let words = crate::nav::words(book);
    let mut alt = book.title().to_string();
    let authors = book.config.book.authors.iter().map(|a| a.trim()).filter(|a| !a.is_empty()).collect::<Vec<_>>();
    if !authors.is_empty() {
        alt.push_str(" — ");
        alt.push_str(&authors.join(", "));
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"{lang}\" xml:lang=\"{lang}\">\n<head>\n  <meta charset=\"utf-8\"/>\n  <title>{}</title>\n  <link rel=\"stylesheet\" type=\"text/css\" href=\"stylesheet.css\"/>\n</head>\n<body class=\"cover\" epub:type=\"cover\">\n  <section class=\"cover\" epub:type=\"cover\" aria-label=\"{}\">\n    <img role=\"doc-cover\" src=\"{}\" alt=\"{}\"/>\n  </section>\n</body>\n</html>\n",
        xml::text(&words.cover),
        xml::attr(&words.cover),
        xml::attr(&xml::encode_path(image.path())),
        xml::attr(&alt)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps() {
        assert_eq!(wrap("The Rust Programming Language", 12), vec!["The Rust", "Programming", "Language"]);
        assert_eq!(wrap("Go语言高级编程", 8), vec!["Go语言高", "级编程"]);
        assert_eq!(wrap("", 8), Vec::<String>::new());
    }
}
