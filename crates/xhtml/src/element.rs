//! Raw HTML elements parsed into the AST ([`BlockKind::HtmlElement`](quire_core::ast::BlockKind),
//! [`InlineKind::HtmlElement`](quire_core::ast::InlineKind)): written through the raw-HTML
//! [`Sanitizer`]'s policy (or as written when the book keeps raw HTML on the site), with their
//! children written like any other node.

use quire_core::Code;
use super::{escape, Context, Sanitizer, Writer};
use quire_core::ast::{Block, BlockKind, HtmlOrigin, Inline};
use quire_core::diag::Diagnostic;
use quire_core::span::Span;

/// Elements whose content is phrasing only: Markdown paragraphs in them are written as their
/// inlines.
const PHRASING_ONLY: &[&str] = &[
    "summary", "span", "font", "a", "b", "i", "u", "em", "strong", "small", "big", "mark", "kbd",
    "code", "var", "samp", "cite", "q", "abbr", "sup", "sub", "s", "del", "ins", "strike", "tt",
    "label", "legend", "dt", "caption", "h1", "h2", "h3", "h4", "h5", "h6", "p",
];

impl<'a> Writer<'a> {
    /// A block-level HTML element and its blocks.
    pub(super) fn html_element_block(&mut self, tag: &str, attrs: &[(String, String)], blocks: &[Block], span: Span) {
        let phrasing = PHRASING_ONLY.contains(&tag) && blocks.iter().all(|b| matches!(b.kind, BlockKind::Paragraph(_)));
        // The `<div lang>` the parser put around a typed node made from `<blockquote lang>`
        // (same span as the node): a site that writes raw HTML as written writes the node only,
        // with its `lang` from its origin.
        if !self.opts.sanitize && tag == "div" && is_lang_only(attrs) && blocks.len() == 1 && blocks[0].span == span {
            self.blocks(blocks);
            return;
        }
        if !self.opts.sanitize {
            raw_open(&mut self.out, tag, attrs);
            self.element_content(blocks, phrasing);
            raw_close(&mut self.out, tag);
            self.out.push('\n');
            return;
        }
        let resolver = self.resolver;
        let map = |u: &str, k| resolver.raw_html_url(u, k);
        let depth = self.block_html.depth();
        let opened = self.block_html.open_element(tag, attrs, &mut self.out, &map);
        self.drain_html_warnings(span);
        if opened.children {
            if !phrasing {
                self.out.push('\n');
            }
            self.element_content(blocks, phrasing);
        }
        self.block_html.close_to(depth, &mut self.out);
        self.out.push('\n');
    }

    fn element_content(&mut self, blocks: &[Block], phrasing: bool) {
        if !phrasing {
            self.blocks(blocks);
            return;
        }
        for (n, b) in blocks.iter().enumerate() {
            if let BlockKind::Paragraph(i) = &b.kind {
                if n > 0 {
                    self.out.push_str("<br/>");
                }
                self.inlines(i);
            }
        }
    }

    /// An inline HTML element and its children.
    pub(super) fn html_element_inline(&mut self, tag: &str, attrs: &[(String, String)], children: &[Inline], span: Span) {
        // As for blocks: the `<span lang>` around a typed node made from `<em lang>`.
        if !self.opts.sanitize && tag == "span" && is_lang_only(attrs) && children.len() == 1 && children[0].span == span {
            self.inlines(children);
            return;
        }
        if !self.opts.sanitize {
            raw_open(&mut self.out, tag, attrs);
            self.inlines(children);
            raw_close(&mut self.out, tag);
            return;
        }
        let resolver = self.resolver;
        let map = |u: &str, k| resolver.raw_html_url(u, k);
        let mut s = Sanitizer::new(Context::Phrasing)
            .with_checkbox_labels(&self.opts.words.task_done, &self.opts.words.task_open)
            .with_url_schemes(self.opts.url_schemes.clone());
        s.in_link = self.link_depth > 0;
        let opened = s.open_element(tag, attrs, &mut self.out, &map);
        let is_link = s.depth() > 0 && tag == "a";
        if opened.children {
            if is_link {
                self.link_depth += 1;
            }
            self.inlines(children);
            if is_link {
                self.link_depth -= 1;
            }
        }
        s.close_to(0, &mut self.out);
        for w in std::mem::take(&mut s.warnings) {
            self.diagnostics.push(Diagnostic::warning(Code::MissingAlt, w).with_span(span));
        }
        let removed = std::mem::take(&mut s.removed);
        self.note_removed(removed, span);
    }

    /// Reports what the block-level sanitiser found.
    fn drain_html_warnings(&mut self, span: Span) {
        for w in std::mem::take(&mut self.block_html.warnings) {
            self.diagnostics.push(Diagnostic::warning(Code::MissingAlt, w).with_span(span));
        }
        let removed = std::mem::take(&mut self.block_html.removed);
        self.note_removed(removed, span);
    }

    /// In a site that keeps raw HTML, the element the node at `span` was written as, when it
    /// was one of `tags`.
    pub(super) fn origin(&self, span: Span, tags: &[&str]) -> Option<&'a HtmlOrigin> {
        if self.opts.sanitize {
            return None;
        }
        self.origins?.get(span, tags)
    }

    /// Opens `<tag` — the tag the author wrote when the node has an `origin` — with `class`
    /// (the writer's own, merged with the author's) and the author's other attributes; the
    /// caller adds its own attributes and the `>`. Returns the tag to close.
    pub(super) fn open_tag(&mut self, tag: &'a str, class: Option<&str>, origin: Option<&'a HtmlOrigin>) -> &'a str {
        let tag = origin.map_or(tag, |o| o.tag.as_str());
        self.out.push('<');
        self.out.push_str(tag);
        self.origin_attrs(class, origin);
        tag
    }

    /// Writes ` class="…"` (the writer's `class` and the author's) and the author's other
    /// attributes from `origin`.
    pub(super) fn origin_attrs(&mut self, class: Option<&str>, origin: Option<&HtmlOrigin>) {
        let theirs = origin.and_then(|o| o.attrs.iter().find(|(k, _)| k == "class")).map(|(_, v)| v.as_str());
        let classes: Vec<&str> = class.into_iter().chain(theirs).filter(|c| !c.trim().is_empty()).collect();
        if !classes.is_empty() {
            self.out.push_str(" class=\"");
            escape::attr_into(&mut self.out, &classes.join(" "));
            self.out.push('"');
        }
        for (k, v) in origin.map_or(&[][..], |o| &o.attrs[..]) {
            if k != "class" {
                self.out.push(' ');
                self.out.push_str(k);
                self.out.push_str("=\"");
                escape::attr_into(&mut self.out, v);
                self.out.push('"');
            }
        }
    }

    /// The HTML attributes of an `<img>` beyond `src`, `alt` and `title` that the output keeps:
    /// `id`, `class`, numeric `width`/`height` (a percentage as the same CSS `style`) — or all of
    /// them on a site that keeps raw HTML as written.
    pub(super) fn image_attrs(&mut self, attrs: &[(String, String)]) {
        if !self.opts.sanitize {
            for (k, v) in attrs.iter().filter(|(k, _)| !matches!(k.as_str(), "src" | "alt" | "title")) {
                self.out.push(' ');
                self.out.push_str(k);
                self.out.push_str("=\"");
                escape::attr_into(&mut self.out, v);
                self.out.push('"');
            }
            return;
        }
        let mut style = String::new();
        for (k, v) in attrs {
            let keep = match k.as_str() {
                "id" | "class" => !v.trim().is_empty(),
                "width" | "height" => {
                    let t = v.trim().trim_end_matches("px");
                    if let Some(p) = t.strip_suffix('%').filter(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit() || b == b'.')) {
                        // A percentage is no HTML attribute value: the same size as CSS.
                        style.push_str(&format!("{k}:{p}%;"));
                    }
                    !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit())
                }
                _ => false,
            };
            if keep {
                let v = if k == "width" || k == "height" { v.trim().trim_end_matches("px").to_string() } else { v.trim().to_string() };
                self.out.push(' ');
                self.out.push_str(k);
                self.out.push_str("=\"");
                escape::attr_into(&mut self.out, &v);
                self.out.push('"');
            }
        }
        if !style.is_empty() {
            self.out.push_str(" style=\"");
            self.out.push_str(&style);
            self.out.push('"');
        }
    }
}

/// True for the attributes of a wrapper the parser made for a language: one `lang`.
fn is_lang_only(attrs: &[(String, String)]) -> bool {
    matches!(attrs, [(k, _)] if k == "lang")
}

/// `<tag attr="v">` as written (the site of a book that keeps raw HTML).
fn raw_open(out: &mut String, tag: &str, attrs: &[(String, String)]) {
    out.push('<');
    out.push_str(tag);
    for (k, v) in attrs {
        out.push(' ');
        out.push_str(k);
        out.push_str("=\"");
        escape::attr_into(out, v);
        out.push('"');
    }
    out.push('>');
}

fn raw_close(out: &mut String, tag: &str) {
    if !super::sanitize::is_void(tag) {
        out.push_str("</");
        out.push_str(tag);
        out.push('>');
    }
}
