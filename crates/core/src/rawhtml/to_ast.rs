//! Built HTML trees to AST nodes: elements with a meaning for a book become the nodes Markdown
//! has (paragraphs, headings, lists, tables, figures, links, images, emphasis …) or the few new
//! ones (`Superscript`, `Subscript`); the rest become [`BlockKind::HtmlElement`] /
//! [`InlineKind::HtmlElement`] with their attributes, so no content is lost.

use crate::diag::Code;
use super::tree::{Element, Node};
use crate::ast::{
    Block, BlockKind, DefinitionItem, HtmlOrigin, Image, ImageSource, Inline, InlineKind, LinkTarget, ListItem, ListMarker,
    Numbering, TableCell,
};
use crate::diag::Diagnostic;
use crate::parse::fold::{cover, is_blank, paragraph};
use crate::span::Span;
use std::collections::BTreeSet;

/// Elements that are blocks wherever they stand.
const BLOCK: &[&str] = &[
    "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hgroup", "hr", "main", "menu", "nav", "ol", "p", "pre", "section", "summary",
    "table", "ul", "li", "dd", "dt", "caption", "thead", "tbody", "tfoot", "tr", "td", "th",
    "script", "style", "noscript", "template",
];

/// Elements with no meaning on paper: kept as nodes for the site, a placeholder elsewhere.
pub const EMBEDS: &[&str] = &[
    "script", "style", "iframe", "video", "audio", "object", "embed", "applet", "canvas", "form",
    "input", "button", "select", "textarea", "noscript", "template",
];

/// What conversion reports: one note per kind of embedded element.
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct Report {
    /// Problems found.
    pub diagnostics: Vec<Diagnostic>,
    /// Tags and attributes of mapped elements that their nodes do not carry.
    pub origins: Vec<(Span, HtmlOrigin)>,
    seen_embeds: BTreeSet<String>,
}

impl Report {
    /// Keeps `e`'s tag and its attributes other than `carried` for the node made from it, when
    /// the node alone would not write the element back as written (another tag name than
    /// `canonical`, or attributes the node does not hold).
    fn origin<T>(&mut self, e: &Element<T>, canonical: &str, carried: &[&str]) {
        let attrs: Vec<(String, String)> = e.attrs.iter().filter(|(k, _)| !carried.contains(&k.as_str())).cloned().collect();
        if !attrs.is_empty() || e.name != canonical {
            self.origins.push((e.span, HtmlOrigin::new(e.name.clone(), attrs)));
        }
    }

    fn embed(&mut self, tag: &str, span: Span) {
        if self.seen_embeds.insert(tag.to_string()) {
            self.diagnostics.push(
                Diagnostic::note(
                    Code::RawHtmlEmbed,
                    if matches!(tag, "video" | "audio") {
                        format!("raw HTML `<{tag}>` cannot play on paper: the site and the EPUB keep it (with the book's files it plays), the PDF shows a placeholder")
                    } else {
                        format!("raw HTML `<{tag}>` has no meaning on paper: the site keeps it as its sanitiser allows, EPUB and PDF show a placeholder")
                    },
                )
                .with_span(span)
                .with_hint("give the content as text or an image if readers of the EPUB or PDF need it"),
            );
        }
    }
}

/// A Markdown node found between raw HTML events.
pub trait Opaque: Sized {
    /// As a block, or its inlines when it is inline content.
    fn into_block(self) -> Result<Block, Vec<Inline>>;
    /// Its content as inlines (a block's paragraph text; other blocks give nothing).
    fn into_inlines(self) -> Vec<Inline>;
    /// Its text (a block's paragraph text; other blocks give nothing).
    fn text(&self) -> String;
}

impl Opaque for Block {
    fn into_block(self) -> Result<Block, Vec<Inline>> {
        Ok(self)
    }
    fn into_inlines(self) -> Vec<Inline> {
        match self.kind {
            BlockKind::Paragraph(i) | BlockKind::Heading { inlines: i, .. } => i,
            BlockKind::Figure { image, .. } => vec![Inline { kind: InlineKind::Image(*image), span: self.span }],
            _ => Vec::new(),
        }
    }
    fn text(&self) -> String {
        match &self.kind {
            BlockKind::Paragraph(i) | BlockKind::Heading { inlines: i, .. } => crate::ast::plain_text(i),
            _ => String::new(),
        }
    }
}

impl Opaque for Inline {
    fn into_block(self) -> Result<Block, Vec<Inline>> {
        Err(vec![self])
    }
    fn into_inlines(self) -> Vec<Inline> {
        vec![self]
    }
    fn text(&self) -> String {
        crate::ast::plain_text(std::slice::from_ref(self))
    }
}

/// True when `e` has to be a block: a block element, or one holding Markdown blocks or block
/// elements (`<span>` around a Markdown list).
fn is_blockish<T>(e: &Element<T>) -> bool {
    BLOCK.contains(&e.name.as_str())
        || e.children.iter().any(|c| match c {
            Node::Opaque(_) => true,
            Node::Element(c) => BLOCK.contains(&c.name.as_str()),
            Node::Text(..) | Node::Comment(..) | Node::Foreign(_) => false,
        })
}

/// Top-level nodes of a block list to blocks.
pub fn blocks<T: Opaque>(nodes: Vec<Node<T>>, r: &mut Report) -> Vec<Block> {
    let mut out = Vec::new();
    let mut run: Vec<Inline> = Vec::new();
    for n in nodes {
        match n {
            Node::Opaque(x) => match x.into_block() {
                Ok(b) => {
                    flush(&mut run, &mut out);
                    out.push(b);
                }
                Err(i) => run.extend(i),
            },
            Node::Element(e) if is_blockish(&e) => {
                flush(&mut run, &mut out);
                block_element(e, r, &mut out);
            }
            // `<math display="block">` standing alone: a display formula, as `$$…$$` is.
            Node::Foreign(f) if f.kind == super::foreign::ForeignKind::MathMl && super::mathml::is_display(&f.tree) && run.iter().all(is_blank) => {
                flush(&mut run, &mut out);
                let (tex, _) = super::mathml::to_tex(&f.tree);
                out.push(Block { kind: BlockKind::Math { formula: tex.as_str().into(), number: None }, span: f.span });
            }
            // A comment between blocks stays a block; in running text, an inline.
            Node::Comment(c, span) if run.iter().all(is_blank) => {
                flush(&mut run, &mut out);
                out.push(Block { kind: BlockKind::Html(c), span });
            }
            n => inline_node(n, r, &mut run),
        }
    }
    flush(&mut run, &mut out);
    out
}

/// Pending inlines become a paragraph (a lone image a figure) unless they are blank.
fn flush(run: &mut Vec<Inline>, out: &mut Vec<Block>) {
    if run.iter().all(is_blank) {
        run.clear();
        return;
    }
    let inlines = std::mem::take(run);
    let span = cover(&inlines).unwrap_or_default();
    out.push(Block { kind: paragraph(trim(inlines), &[]), span });
}

/// Drops blank text at both ends of a paragraph's inlines.
fn trim(mut inlines: Vec<Inline>) -> Vec<Inline> {
    while inlines.last().is_some_and(is_blank) {
        inlines.pop();
    }
    let lead = inlines.iter().take_while(|i| is_blank(i)).count();
    inlines.drain(..lead);
    if let Some(Inline { kind: InlineKind::Text(t), .. }) = inlines.first_mut() {
        *t = t.trim_start().to_string();
    }
    if let Some(Inline { kind: InlineKind::Text(t), .. }) = inlines.last_mut() {
        *t = t.trim_end().to_string();
    }
    inlines
}

/// An `<svg>` becomes an image of the book (its markup the file), a `<math>` a formula.
fn foreign(f: super::foreign::Foreign) -> Inline {
    use super::foreign::ForeignKind;
    let span = f.span;
    let kind = match f.kind {
        ForeignKind::Svg => InlineKind::Image(Image {
            source: ImageSource::Embedded(std::sync::Arc::from(f.markup.into_bytes())),
            raw_src: "<svg>".into(),
            alt: f.label.unwrap_or_default(),
            title: None,
            attrs: Vec::new(),
        }),
        ForeignKind::MathMl => InlineKind::Math(super::mathml::to_tex(&f.tree).0.as_str().into()),
    };
    Inline { kind, span }
}

/// Nodes to inlines.
pub fn inlines<T: Opaque>(nodes: Vec<Node<T>>, r: &mut Report) -> Vec<Inline> {
    let mut out = Vec::new();
    for n in nodes {
        inline_node(n, r, &mut out);
    }
    out
}

fn inline_node<T: Opaque>(n: Node<T>, r: &mut Report, out: &mut Vec<Inline>) {
    match n {
        Node::Text(t, span) => out.push(Inline::text(t, span)),
        Node::Comment(c, span) => out.push(Inline { kind: InlineKind::Html(c), span }),
        Node::Opaque(x) => out.extend(x.into_inlines()),
        Node::Foreign(f) => out.push(foreign(f)),
        Node::Element(e) => {
            let span = e.span;
            let kind = inline_element(e, r);
            out.push(Inline { kind, span });
        }
    }
}

/// Inline elements that become typed nodes holding no attributes (a `lang` on them goes to a
/// `<span>` around the node).
const TYPED_INLINE: &[&str] = &["b", "strong", "i", "em", "s", "strike", "del", "sup", "sub"];

fn inline_element<T: Opaque>(mut e: Element<T>, r: &mut Report) -> InlineKind {
    super::lang::check(&mut e, r);
    let typed = TYPED_INLINE.contains(&e.name.as_str()) || (e.name == "a" && e.attr("href").is_some());
    if let Some(attrs) = typed.then(|| super::lang::take(&mut e)).flatten() {
        let span = e.span;
        let kind = typed_inline(e, r);
        return InlineKind::HtmlElement { tag: "span".into(), attrs, children: vec![Inline { kind, span }] };
    }
    typed_inline(e, r)
}

/// An `<object data>` or `<embed src>` that shows an image (its `type` is `image/…`, or the
/// file's extension is an image's): the image, its fallback content (or `title`) the alt text.
fn embedded_image<T: Opaque>(e: &Element<T>) -> Option<Image> {
    let src = match e.name.as_str() {
        "object" => e.attr("data"),
        "embed" => e.attr("src"),
        _ => None,
    }?
    .trim();
    let ext = src.split(['?', '#']).next().unwrap_or(src).rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    let image_ext = matches!(ext.as_str(), "svg" | "png" | "jpg" | "jpeg" | "gif" | "webp" | "bmp" | "tif" | "tiff" | "ico");
    if src.is_empty() || !(e.attr("type").is_some_and(|t| t.trim().starts_with("image/")) || image_ext) {
        return None;
    }
    let mut fallback = text_of(&e.children);
    for c in &e.children {
        if let Node::Opaque(x) = c {
            fallback.push(' ');
            fallback.push_str(&x.text());
        }
    }
    let fallback = fallback.split_whitespace().collect::<Vec<_>>().join(" ");
    let alt = [e.attr("aria-label"), Some(fallback.as_str()), e.attr("title")].into_iter().flatten().find(|a| !a.trim().is_empty()).unwrap_or("").to_string();
    let attrs = e.attrs.iter().filter(|(k, _)| matches!(k.as_str(), "width" | "height" | "class" | "id")).cloned().collect();
    Some(Image { source: ImageSource::Missing(src.to_string()), raw_src: src.to_string(), alt, title: None, attrs })
}

/// The node of an inline element whose language attribute is dealt with.
fn typed_inline<T: Opaque>(e: Element<T>, r: &mut Report) -> InlineKind {
    if let Some(img) = embedded_image(&e) {
        return InlineKind::Image(img);
    }
    if EMBEDS.contains(&e.name.as_str()) {
        r.embed(&e.name, e.span);
    }
    let canonical = match e.name.as_str() {
        "b" | "strong" => Some("strong"),
        "i" | "em" => Some("em"),
        "s" | "strike" | "del" => Some("del"),
        "sup" | "sub" | "br" => Some(e.name.as_str()),
        "a" if e.attr("href").is_some() => Some("a"),
        _ => None,
    };
    if let Some(c) = canonical {
        let c = c.to_string();
        r.origin(&e, &c, &["href", "title"]);
    }
    match e.name.as_str() {
        "b" | "strong" => InlineKind::Strong(inlines(e.children, r)),
        "i" | "em" => InlineKind::Emphasis(inlines(e.children, r)),
        "s" | "strike" | "del" => InlineKind::Strikethrough(inlines(e.children, r)),
        "sup" => InlineKind::Superscript(inlines(e.children, r)),
        "sub" => InlineKind::Subscript(inlines(e.children, r)),
        "br" => InlineKind::HardBreak,
        "code" | "tt" if e.attrs.is_empty() && e.children.iter().all(|c| matches!(c, Node::Text(..))) => {
            InlineKind::Code(text_of(&e.children))
        }
        "img" => InlineKind::Image(image(e)),
        "a" if e.attr("href").is_some() => {
            let dest = e.attr("href").unwrap_or_default().trim().to_string();
            let title = e.attr("title").map(str::to_string).filter(|t| !t.is_empty());
            InlineKind::Link {
                target: LinkTarget::Unresolved(dest.clone()),
                raw_dest: dest,
                title,
                children: inlines(e.children, r),
            }
        }
        _ => InlineKind::HtmlElement { tag: e.name, attrs: e.attrs, children: inlines(e.children, r) },
    }
}

/// An `<img>` as an [`Image`] whose source resolution treats like a Markdown image's.
fn image<T>(e: Element<T>) -> Image {
    let mut src = String::new();
    let mut alt = String::new();
    let mut title = None;
    let mut attrs = Vec::new();
    for (k, v) in e.attrs {
        match k.as_str() {
            "src" => src = v.trim().to_string(),
            // An explicit `alt=""` (a decorative image) is kept apart from no alt at all.
            "alt" if v.trim().is_empty() => attrs.push((k, v)),
            "alt" => alt = v,
            "title" if !v.is_empty() => title = Some(v),
            _ => attrs.push((k, v)),
        }
    }
    Image { source: ImageSource::Missing(src.clone()), raw_src: src, alt, title, attrs }
}

/// All text under `nodes` (`<br>` as a newline), for `<pre>` and `<code>`.
fn text_of<T>(nodes: &[Node<T>]) -> String {
    let mut out = String::new();
    let mut stack: Vec<std::slice::Iter<'_, Node<T>>> = vec![nodes.iter()];
    while let Some(it) = stack.last_mut() {
        match it.next() {
            None => {
                stack.pop();
            }
            Some(Node::Text(t, _)) => out.push_str(t),
            Some(Node::Element(e)) if e.name == "br" => out.push('\n'),
            Some(Node::Element(e)) => stack.push(e.children.iter()),
            Some(Node::Foreign(f)) => out.push_str(&f.text),
            Some(Node::Opaque(_) | Node::Comment(..)) => {}
        }
    }
    out
}

/// Block elements that become typed nodes holding no attributes (a `lang` on them goes to a
/// `<div>` around the node; a heading's to a `<span>` around its text, so it stays a heading of
/// the chapter).
const TYPED_BLOCK: &[&str] = &["blockquote", "ul", "ol", "menu", "dir", "dl", "table", "figure", "pre"];

fn block_element<T: Opaque>(mut e: Element<T>, r: &mut Report, out: &mut Vec<Block>) {
    super::lang::check(&mut e, r);
    if let Some(attrs) = TYPED_BLOCK.contains(&e.name.as_str()).then(|| super::lang::take(&mut e)).flatten() {
        let span = e.span;
        let mut blocks = Vec::new();
        typed_block(e, r, &mut blocks);
        out.push(Block { kind: BlockKind::HtmlElement { tag: "div".into(), attrs, blocks }, span });
        return;
    }
    typed_block(e, r, out)
}

/// `inlines` in a `<span>` with `lang` attributes `attrs`, or as they are without.
fn in_span(inlines: Vec<Inline>, lang: Option<Vec<(String, String)>>, span: Span) -> Vec<Inline> {
    match lang {
        Some(attrs) if !inlines.is_empty() => vec![Inline { kind: InlineKind::HtmlElement { tag: "span".into(), attrs, children: inlines }, span }],
        _ => inlines,
    }
}

/// `blocks` in a `<div>` with `lang` attributes `attrs`, or as they are without.
fn in_div(blocks: Vec<Block>, lang: Option<Vec<(String, String)>>, span: Span) -> Vec<Block> {
    match lang {
        Some(attrs) if !blocks.is_empty() => vec![Block { kind: BlockKind::HtmlElement { tag: "div".into(), attrs, blocks }, span }],
        _ => blocks,
    }
}

/// The node of a block element whose own language attribute is dealt with.
fn typed_block<T: Opaque>(mut e: Element<T>, r: &mut Report, out: &mut Vec<Block>) {
    let span = e.span;
    let push = |out: &mut Vec<Block>, kind| out.push(Block { kind, span });
    if let Some(img) = embedded_image(&e) {
        push(out, paragraph(vec![Inline { kind: InlineKind::Image(img), span }], &[]));
        return;
    }
    if EMBEDS.contains(&e.name.as_str()) {
        r.embed(&e.name, span);
    }
    match e.name.as_str() {
        "p" if !e.children.iter().any(|c| matches!(c, Node::Opaque(_))) => {
            let inl = trim(inlines(e.children, r));
            let kind = paragraph(inl, &[]);
            if e.attrs.is_empty() {
                push(out, kind);
            } else {
                // `<p align="center">`: the element keeps its attributes, the paragraph is its
                // content; a lone image (a figure) goes in a `div`, which may hold one.
                let tag = if matches!(kind, BlockKind::Paragraph(_)) { "p" } else { "div" };
                let blocks = vec![Block { kind, span }];
                push(out, BlockKind::HtmlElement { tag: tag.into(), attrs: e.attrs, blocks });
            }
        }
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
            let lang = super::lang::take(&mut e);
            r.origin(&e, &e.name, &["id", "class"]);
            let level = e.name.as_bytes()[1] - b'0';
            let id = e.attr("id").unwrap_or_default().split_whitespace().collect::<Vec<_>>().join("-");
            let classes = e.attr("class").map(|c| c.split_whitespace().map(str::to_string).collect()).unwrap_or_default();
            let inl = in_span(trim(inlines(e.children, r)), lang, span);
            push(out, BlockKind::Heading { level, id, classes, number: None, inlines: inl, from_html: true });
        }
        "hr" => {
            r.origin(&e, "hr", &[]);
            push(out, BlockKind::ThematicBreak)
        }
        "pre" => {
            r.origin(&e, "pre", &[]);
            let mut code = text_of(&e.children);
            if code.starts_with('\n') {
                code.remove(0);
            }
            if !code.is_empty() && !code.ends_with('\n') {
                code.push('\n');
            }
            let lang = e
                .attr("class")
                .or_else(|| first_code_class(&e.children))
                .and_then(|c| c.split_whitespace().find_map(|w| w.strip_prefix("language-").or_else(|| w.strip_prefix("lang-"))))
                .map(str::to_string);
            let info = lang.clone().unwrap_or_default();
            push(out, BlockKind::CodeBlock { lang, info, code, hidden: Vec::new(), numbering: Numbering::default() });
        }
        "blockquote" => {
            r.origin(&e, "blockquote", &[]);
            push(out, BlockKind::BlockQuote(blocks(e.children, r)))
        }
        "ul" | "ol" | "menu" | "dir" => {
            r.origin(&e, if e.name == "ol" { "ol" } else { "ul" }, &["start"]);
            let start = (e.name == "ol").then(|| e.attr("start").and_then(|s| s.trim().parse().ok()).unwrap_or(1));
            // `style="list-style-type: …"` (or the `list-style` shorthand's keyword) wins over
            // the `type` attribute, as in CSS.
            let styled = ["list-style-type", "list-style"]
                .iter()
                .filter_map(|p| crate::ast::css_property(&e.attrs, p))
                .find_map(|v| v.split_whitespace().find_map(ListMarker::from_html));
            let marker = styled.or_else(|| e.attr("type").and_then(ListMarker::from_html)).unwrap_or_default();
            let mut items: Vec<ListItem> = Vec::new();
            let mut item_langs = Vec::new();
            let mut stray: Vec<Node<T>> = Vec::new();
            for c in e.children {
                match c {
                    Node::Element(mut li) if li.name == "li" => {
                        super::lang::check(&mut li, r);
                        let lang = super::lang::take(&mut li);
                        r.origin(&li, "li", &[]);
                        if !stray.is_empty() {
                            items.push(ListItem { task: None, blocks: blocks(std::mem::take(&mut stray), r), span: li.span });
                        }
                        let s = li.span;
                        items.push(ListItem { task: None, blocks: blocks(li.children, r), span: s });
                        item_langs.push((items.len() - 1, lang));
                    }
                    Node::Text(t, _) if t.trim().is_empty() => {}
                    Node::Comment(..) => {}
                    other => stray.push(other),
                }
            }
            if !stray.is_empty() {
                items.push(ListItem { task: None, blocks: blocks(stray, r), span });
            }
            let tight = items.iter().all(|i| i.blocks.iter().all(|b| matches!(b.kind, BlockKind::Paragraph(_))) && i.blocks.len() <= 1);
            // An item in another language holds its blocks in a `<div lang>` (after `tight` is
            // known: the language does not make the list loose).
            for (n, lang) in item_langs {
                if let Some(it) = items.get_mut(n) {
                    let s = it.span;
                    it.blocks = in_div(std::mem::take(&mut it.blocks), lang, s);
                }
            }
            push(out, BlockKind::List { start, tight, marker, items });
        }
        "dl" => {
            r.origin(&e, "dl", &[]);
            let mut items: Vec<DefinitionItem> = Vec::new();
            for c in e.children {
                match c {
                    Node::Element(mut dt) if dt.name == "dt" => {
                        super::lang::check(&mut dt, r);
                        let lang = super::lang::take(&mut dt);
                        let s = dt.span;
                        let term = in_span(trim(inlines(dt.children, r)), lang, s);
                        items.push(DefinitionItem { term, definitions: Vec::new(), span: s });
                    }
                    Node::Element(mut dd) if dd.name == "dd" => {
                        super::lang::check(&mut dd, r);
                        let lang = super::lang::take(&mut dd);
                        if items.is_empty() {
                            items.push(DefinitionItem { term: Vec::new(), definitions: Vec::new(), span: dd.span });
                        }
                        let s = dd.span;
                        let bs = in_div(blocks(dd.children, r), lang, s);
                        if let Some(last) = items.last_mut() {
                            last.definitions.push(bs);
                        }
                    }
                    Node::Text(t, _) if t.trim().is_empty() => {}
                    Node::Comment(..) => {}
                    other => {
                        // Content outside dt/dd: a definition of its own.
                        let bs = blocks(vec![other], r);
                        if items.is_empty() {
                            items.push(DefinitionItem { term: Vec::new(), definitions: Vec::new(), span });
                        }
                        if let Some(last) = items.last_mut() {
                            last.definitions.push(bs);
                        }
                    }
                }
            }
            push(out, BlockKind::DefinitionList(items));
        }
        // mdBook's warning block (`<div class="warning">`, styled by its theme): a warning
        // admonition in every format.
        "div" if e.attr("class").is_some_and(|c| c.split_whitespace().any(|c| c == "warning")) => {
            push(out, BlockKind::Admonition { kind: crate::ast::AdmonitionKind::Warning, title: None, blocks: blocks(e.children, r) });
        }
        "table" => table(e, r, out),
        "figure" => figure(e, r, out),
        _ => {
            // The text of `<script>`/`<style>` is not Markdown: it stays as written, for a site
            // that keeps raw HTML (the sanitiser and the paper formats drop it with the element).
            let bs = if super::tree::RAW_TEXT.contains(&e.name.as_str()) {
                let text = text_of(&e.children);
                if text.is_empty() { Vec::new() } else { vec![Block { kind: BlockKind::Html(text), span }] }
            } else {
                blocks(e.children, r)
            };
            push(out, BlockKind::HtmlElement { tag: e.name, attrs: e.attrs, blocks: bs });
        }
    }
}

fn first_code_class<T>(nodes: &[Node<T>]) -> Option<&str> {
    nodes.iter().find_map(|n| match n {
        Node::Element(e) if e.name == "code" => e.attr("class"),
        _ => None,
    })
}

/// `<figure>` with an image (directly or in a paragraph) and a `<figcaption>`: a figure;
/// anything else in it keeps the element.
fn figure<T: Opaque>(e: Element<T>, r: &mut Report, out: &mut Vec<Block>) {
    let span = e.span;
    r.origin(&e, "figure", &[]);
    let mut caption = None;
    let mut rest = Vec::new();
    for c in e.children {
        match c {
            Node::Element(mut fc) if fc.name == "figcaption" && caption.is_none() => {
                super::lang::check(&mut fc, r);
                let lang = super::lang::take(&mut fc);
                let s = fc.span;
                caption = Some(in_span(trim(inlines(fc.children, r)), lang, s));
            }
            other => rest.push(other),
        }
    }
    let inner = blocks(rest, r);
    let mut content = inner.iter().filter(|b| !matches!(b.kind, BlockKind::Html(_)));
    if let (Some(Block { kind: BlockKind::Figure { image, caption: own, .. }, .. }), None) = (content.next(), content.next()) {
        let caption = caption.unwrap_or_else(|| own.clone());
        out.push(Block { kind: BlockKind::Figure { image: image.clone(), caption, numbering: Numbering::default() }, span });
        return;
    }
    let mut blocks = inner;
    if let Some(c) = caption {
        blocks.push(Block { kind: BlockKind::HtmlElement { tag: "figcaption".into(), attrs: Vec::new(), blocks: vec![Block { kind: BlockKind::Paragraph(c), span }] }, span });
    }
    out.push(Block { kind: BlockKind::HtmlElement { tag: "figure".into(), attrs: e.attrs, blocks }, span });
}

/// `<table>` as a table: rows from `thead`/`tbody`/`tfoot` or directly; the first row is the
/// header when it is in `<thead>` or all its cells are `<th>`; column alignment from the first
/// row's `align`.
fn table<T: Opaque>(e: Element<T>, r: &mut Report, out: &mut Vec<Block>) {
    let span = e.span;
    r.origin(&e, "table", &[]);
    let mut rows: Vec<(bool, Element<T>)> = Vec::new();
    let mut caption = None;
    for c in e.children {
        let Node::Element(c) = c else { continue };
        match c.name.as_str() {
            "tr" => rows.push((false, c)),
            "thead" | "tbody" | "tfoot" => {
                let head = c.name == "thead";
                for rc in c.children {
                    if let Node::Element(tr) = rc {
                        if tr.name == "tr" {
                            rows.push((head, tr));
                        }
                    }
                }
            }
            "caption" => {
                let mut c = c;
                super::lang::check(&mut c, r);
                let lang = super::lang::take(&mut c);
                let s = c.span;
                caption = Some(in_span(trim(inlines(c.children, r)), lang, s));
            }
            _ => {}
        }
    }
    let mut head = Vec::new();
    let mut body = Vec::new();
    let mut aligns = Vec::new();
    for (n, (in_head, tr)) in rows.into_iter().enumerate() {
        let mut all_th = true;
        let mut cells = Vec::new();
        for c in tr.children {
            let Node::Element(mut td) = c else { continue };
            if td.name != "td" && td.name != "th" {
                continue;
            }
            super::lang::check(&mut td, r);
            let lang = super::lang::take(&mut td);
            all_th &= td.name == "th";
            r.origin(&td, &td.name, &["colspan", "rowspan"]);
            let num = |k: &str| td.attr(k).and_then(|v| v.trim().parse::<u32>().ok()).filter(|&v| v > 0).map_or(1, |v| v.min(1000));
            let (colspan, rowspan) = (num("colspan"), num("rowspan"));
            if n == 0 {
                let a = match td.attr("align").map(|a| a.trim().to_ascii_lowercase()).as_deref() {
                    Some("left") => crate::ast::Align::Left,
                    Some("center") => crate::ast::Align::Center,
                    Some("right") => crate::ast::Align::Right,
                    _ => crate::ast::Align::None,
                };
                if aligns.len() + colspan as usize <= MAX_COLUMNS {
                    aligns.extend(std::iter::repeat_n(a, colspan as usize));
                }
            }
            let s = td.span;
            let inl = in_span(cell_inlines(td.children, r), lang, s);
            cells.push(TableCell { inlines: inl, span: s, colspan, rowspan });
        }
        if n == 0 && (in_head || all_th) && !cells.is_empty() {
            head = cells;
        } else {
            body.push(cells);
        }
    }
    let width = head.iter().map(|c| c.colspan as usize).sum::<usize>().max(body.iter().map(|r| r.iter().map(|c| c.colspan as usize).sum()).max().unwrap_or(0));
    aligns.resize(width.min(MAX_COLUMNS), crate::ast::Align::None);
    if let Some(c) = caption.filter(|c| !c.is_empty()) {
        out.push(Block { kind: BlockKind::Paragraph(c), span });
    }
    out.push(Block { kind: BlockKind::Table { aligns, head, rows: body, numbering: Numbering::default() }, span });
}

/// The most columns an HTML table's alignments are kept for.
const MAX_COLUMNS: usize = 1000;

/// A cell's content as inlines (paragraphs joined by line breaks).
fn cell_inlines<T: Opaque>(nodes: Vec<Node<T>>, r: &mut Report) -> Vec<Inline> {
    if !nodes.iter().any(|n| matches!(n, Node::Opaque(_)) || matches!(n, Node::Element(e) if BLOCK.contains(&e.name.as_str()))) {
        return trim(inlines(nodes, r));
    }
    let mut out: Vec<Inline> = Vec::new();
    for b in blocks(nodes, r) {
        let span = b.span;
        let inl = flatten_block(b);
        if inl.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(Inline { kind: InlineKind::HardBreak, span });
        }
        out.extend(inl);
    }
    out
}

/// The inlines of `blocks`, one after another, a line break between two blocks that have any.
fn flatten_blocks(blocks: Vec<Block>) -> Vec<Inline> {
    let mut out = Vec::new();
    for b in blocks {
        let s = b.span;
        let inl = flatten_block(b);
        if !out.is_empty() && !inl.is_empty() {
            out.push(Inline { kind: InlineKind::HardBreak, span: s });
        }
        out.extend(inl);
    }
    out
}

/// The inline content of a block, for a place that holds only inlines.
fn flatten_block(b: Block) -> Vec<Inline> {
    let span = b.span;
    match b.kind {
        BlockKind::Paragraph(i) | BlockKind::Heading { inlines: i, .. } => i,
        BlockKind::Figure { image, .. } => vec![Inline { kind: InlineKind::Image(*image), span }],
        BlockKind::CodeBlock { code, .. } => vec![Inline { kind: InlineKind::Code(code.trim_end().to_string()), span }],
        BlockKind::Math { formula, .. } => vec![Inline { kind: InlineKind::Math(formula), span }],
        BlockKind::HtmlElement { tag, attrs, blocks } => {
            vec![Inline { kind: InlineKind::HtmlElement { tag, attrs, children: flatten_blocks(blocks) }, span }]
        }
        BlockKind::BlockQuote(bs) | BlockKind::Admonition { blocks: bs, .. } => flatten_blocks(bs),
        BlockKind::List { items, .. } => flatten_blocks(items.into_iter().flat_map(|it| it.blocks).collect()),
        _ => Vec::new(),
    }
}
