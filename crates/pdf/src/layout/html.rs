//! Raw HTML elements parsed into the AST, on paper: containers set their blocks (`align` /
//! `<center>` centre them, `<summary>` is bold), `id`s become link targets, and elements with
//! no meaning on paper (`<iframe>`, `<video>` …) a short grey placeholder with their URL;
//! scripts and styles nothing.

use super::blocks::Ctx;
use super::chunk::Chunk;
use super::inline::{styled, RunStyle};
use super::paragraph::Align;
use crate::model::Color;
use quire_core::{Block, Inline, InlineKind};

/// Elements whose content is never shown.
const HIDDEN: &[&str] = &["script", "style", "noscript", "template", "head", "title", "textarea", "select", "canvas", "datalist", "nextid"];

/// Elements shown as a placeholder naming them and their URL.
const PLACEHOLDER: &[&str] = &["iframe", "video", "audio", "object", "embed", "applet"];

/// The placeholder text of an embedded element (`[video: https://…]`), if it is one.
pub fn placeholder(tag: &str, attrs: &[(String, String)]) -> Option<String> {
    if !PLACEHOLDER.contains(&tag) {
        return None;
    }
    let url = attrs.iter().find(|(k, _)| k == "src" || k == "data").map(|(_, v)| v.trim()).filter(|v| !v.is_empty());
    Some(match url {
        Some(u) => format!("[{tag}: {u}]"),
        None => format!("[{tag}]"),
    })
}

/// True for elements drawn as nothing.
pub fn hidden(tag: &str) -> bool {
    HIDDEN.contains(&tag)
}

/// The text alignment an element asks for (`align`, `<center>`, `style="text-align:…"`).
fn align_of(tag: &str, attrs: &[(String, String)]) -> Option<Align> {
    if tag == "center" {
        return Some(Align::Center);
    }
    for (k, v) in attrs {
        let v = v.to_ascii_lowercase();
        let a = match k.as_str() {
            "align" => v.trim().to_string(),
            "style" => v.split(';').find_map(|d| d.split_once(':').filter(|(p, _)| p.trim() == "text-align").map(|(_, x)| x.trim().to_string()))?,
            _ => continue,
        };
        return match a.as_str() {
            "center" => Some(Align::Center),
            "right" => Some(Align::Right),
            "left" => Some(Align::Left),
            _ => None,
        };
    }
    None
}

/// `id`s (and `<a name>`) in a list of inlines, for the paragraph's first line.
pub fn inline_anchors(inlines: &[Inline], out: &mut Vec<String>) {
    for i in inlines {
        match &i.kind {
            InlineKind::HtmlElement { tag, attrs, children } => {
                for (k, v) in attrs {
                    if k == "id" || (tag == "a" && k == "name") {
                        out.push(v.split_whitespace().collect::<Vec<_>>().join("-"));
                    }
                }
                inline_anchors(children, out);
            }
            InlineKind::Image(img) => {
                if let Some(id) = img.attr("id") {
                    out.push(id.split_whitespace().collect::<Vec<_>>().join("-"));
                }
            }
            InlineKind::Emphasis(c) | InlineKind::Strong(c) | InlineKind::Strikethrough(c) | InlineKind::Superscript(c) | InlineKind::Subscript(c) => {
                inline_anchors(c, out)
            }
            InlineKind::Link { children, .. } => inline_anchors(children, out),
            _ => {}
        }
    }
}

/// True when a paragraph of these inlines shows nothing but images of the book's files (and
/// whitespace, line breaks, comments, the elements and links around them): it is set as
/// figures, not as a line with images in it.
pub fn only_images(inlines: &[Inline]) -> bool {
    inlines.iter().all(|i| match &i.kind {
        InlineKind::Image(img) => matches!(img.source, quire_core::ImageSource::Asset(_)),
        InlineKind::Text(t) => t.trim().is_empty(),
        InlineKind::SoftBreak | InlineKind::HardBreak | InlineKind::Html(_) => true,
        InlineKind::Emphasis(c)
        | InlineKind::Strong(c)
        | InlineKind::Strikethrough(c)
        | InlineKind::Link { children: c, .. } => only_images(c),
        InlineKind::HtmlElement { tag, attrs, children } => !hidden(tag) && placeholder(tag, attrs).is_none() && only_images(children),
        _ => false,
    })
}

/// The images of a book's files in a list of inlines (nested ones too), in order.
pub fn inline_images<'a>(inlines: &'a [Inline], out: &mut Vec<&'a quire_core::Image>) {
    for i in inlines {
        match &i.kind {
            InlineKind::Image(img) if matches!(img.source, quire_core::ImageSource::Asset(_)) => out.push(img),
            _ => {
                if let Some(c) = quire_core::ast::visit::children(i) {
                    inline_images(c, out);
                }
            }
        }
    }
}

/// The language an element's `lang` (or `xml:lang`) attribute names, if any.
pub fn lang_of(attrs: &[(String, String)]) -> Option<quire_core::text_lang::TextLang> {
    attrs
        .iter()
        .find(|(k, v)| (k == "lang" || k == "xml:lang") && !v.trim().is_empty())
        .map(|(_, v)| quire_core::text_lang::TextLang::from_tag(v))
}

/// The style an inline element gives its children.
pub fn inline_style(tag: &str, st: RunStyle, cjk: bool) -> RunStyle {
    use crate::fonts::Family;
    match tag {
        "kbd" | "samp" | "tt" | "code" => RunStyle { family: Family::Mono, size: st.size * 0.92, ..st },
        "cite" | "var" | "dfn" | "address" => {
            if cjk {
                st
            } else {
                RunStyle { italic: !st.italic, ..st }
            }
        }
        "u" | "ins" => RunStyle { color: Color { r: 0.1, g: 0.1, b: 0.35 }, ..st },
        "mark" => RunStyle { bold: true, ..st },
        "small" => RunStyle { size: st.size * 0.85, ..st },
        "big" => RunStyle { size: st.size * 1.15, ..st },
        "b" | "strong" => RunStyle { bold: true, ..st },
        _ => st,
    }
}

impl Ctx<'_, '_> {
    /// A block-level HTML element.
    pub fn html_element(&mut self, tag: &str, attrs: &[(String, String)], blocks: &[Block], tight: bool) {
        if hidden(tag) {
            return;
        }
        let ids: Vec<String> = attrs
            .iter()
            .filter(|(k, _)| k == "id")
            .map(|(_, v)| v.split_whitespace().collect::<Vec<_>>().join("-"))
            .filter(|v| !v.is_empty())
            .collect();
        if !ids.is_empty() {
            self.out.push(Chunk { height: 0.0, anchors: ids, keep_with_next: true, ..Chunk::default() });
        }
        if let Some(text) = placeholder(tag, attrs) {
            let mut spec = self.body();
            spec.indent = 0.0;
            spec.style = RunStyle { color: Color::gray(0.4), size: spec.style.size * 0.9, ..spec.style };
            let inl = [Inline::text(text, self.span.unwrap_or_default())];
            self.paragraph(&inl, &spec);
            return;
        }
        let saved = self.align;
        if let Some(a) = align_of(tag, attrs) {
            self.align = Some(a);
        }
        // `<div lang="ko">` sets what it holds by that language's rules.
        let (saved_lang, saved_named) = (self.lang, self.named_lang);
        if let Some(l) = lang_of(attrs) {
            self.lang = l;
            self.named_lang = quire_core::lang_tag::LangTag::of_attrs(attrs);
        }
        if tag == "summary" {
            for b in blocks {
                if let quire_core::BlockKind::Paragraph(i) = &b.kind {
                    let mut spec = self.body();
                    spec.indent = 0.0;
                    spec.style.bold = true;
                    let st = styled(i, spec.style, self.chapter, self.lang.is_cjk(), &self.words);
                    for mut c in self.set(&st, &spec) {
                        c.keep_with_next = true;
                        self.emit(c);
                    }
                } else {
                    self.blocks(std::slice::from_ref(b), tight);
                }
            }
        } else {
            self.blocks(blocks, tight);
        }
        self.align = saved;
        self.lang = saved_lang;
        self.named_lang = saved_named;
    }
}
