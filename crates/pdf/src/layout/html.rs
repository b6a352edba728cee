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
            "style" => quire_core::ast::css_property(attrs, "text-align")?.to_ascii_lowercase(),
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

/// `st` with what an element's own attributes say of its text: a colour (`<font color>`, CSS
/// `color`), `font-weight: bold` and `font-style: italic` in `style`. A colour on a background
/// of the author's (`background`, `bgcolor`) is left out: paper has no background there, and a
/// light colour meant for a dark one would vanish.
pub fn attr_style(attrs: &[(String, String)], st: RunStyle) -> RunStyle {
    use quire_core::ast::css_property as css;
    let mut st = st;
    match css(attrs, "font-weight") {
        Some("bold" | "bolder" | "600" | "700" | "800" | "900") => st.bold = true,
        Some("normal" | "400") => st.bold = false,
        _ => {}
    }
    if matches!(css(attrs, "font-style"), Some("italic" | "oblique")) {
        st.italic = true;
    }
    let attr = |name: &str| attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
    let color = css(attrs, "color").or_else(|| attr("color"));
    let background = attr("bgcolor").is_some() || css(attrs, "background").is_some() || css(attrs, "background-color").is_some();
    if let (Some(c), false) = (color, background) {
        if let Ok(c) = c.trim().parse::<svgtypes::Color>() {
            if c.alpha > 0 {
                st.color = Color { r: f32::from(c.red) / 255.0, g: f32::from(c.green) / 255.0, b: f32::from(c.blue) / 255.0 };
            }
        }
    }
    st
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

#[cfg(test)]
mod tests {
    use super::attr_style;
    use crate::fonts::Family;
    use crate::layout::inline::RunStyle;
    use crate::model::Color;

    fn style(attrs: &[(&str, &str)]) -> RunStyle {
        let attrs: Vec<(String, String)> = attrs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        attr_style(&attrs, RunStyle::plain(Family::Serif, 10.0))
    }

    #[test]
    fn colours_and_weights_of_an_elements_own_attributes() {
        assert_eq!(style(&[("color", "red")]).color, Color { r: 1.0, g: 0.0, b: 0.0 });
        let s = style(&[("style", "color: #00f; font-weight: bold !important; font-style:italic")]);
        assert_eq!(s.color, Color { r: 0.0, g: 0.0, b: 1.0 });
        assert!(s.bold && s.italic);
        assert_eq!(style(&[("style", "color:rgb(0, 128, 0)")]).color.g, 128.0 / 255.0);
        // A colour for a background of the author's, an unknown colour, a transparent one: none.
        for attrs in [&[("style", "color:white;background:black")][..], &[("color", "#fff"), ("bgcolor", "navy")], &[("color", "nonsense")], &[("style", "color:transparent")]] {
            assert_eq!(style(attrs).color, Color::BLACK, "{attrs:?}");
        }
    }
}
