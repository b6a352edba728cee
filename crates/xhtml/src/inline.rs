//! Inline markup: text, emphasis, code spans, links, images, footnote references, math, raw
//! inline HTML (sanitised as one run per inline list) and line breaks.

use quire_core::Code;
use super::{escape, math, Context, Sanitizer, Writer};
use quire_core::script::joins_at_line_break;
use quire_core::ast::{plain_text, Inline, InlineKind, LinkTarget};
use quire_core::diag::Diagnostic;

impl Writer<'_> {
    /// Writes inlines. Raw HTML tags split over several nodes of this list pair up; whatever
    /// they leave open is closed at the end of the list.
    pub fn inlines(&mut self, inlines: &[Inline]) {
        let mut raw: Option<Sanitizer> = None;
        for (i, inline) in inlines.iter().enumerate() {
            match &inline.kind {
                InlineKind::Text(t) => escape::text_into(&mut self.out, t),
                InlineKind::Code(c) => {
                    self.out.push_str("<code>");
                    escape::text_into(&mut self.out, c);
                    self.out.push_str("</code>");
                }
                InlineKind::Emphasis(c) => self.wrap_node("em", &["i", "em"], c, inline.span),
                InlineKind::Strong(c) => self.wrap_node("strong", &["b", "strong"], c, inline.span),
                InlineKind::Strikethrough(c) => self.wrap_node("del", &["s", "strike", "del"], c, inline.span),
                InlineKind::Superscript(c) => self.wrap_node("sup", &["sup"], c, inline.span),
                InlineKind::Subscript(c) => self.wrap_node("sub", &["sub"], c, inline.span),
                InlineKind::HtmlElement { tag, attrs, children } => self.html_element_inline(tag, attrs, children, inline.span),
                InlineKind::Link { target: LinkTarget::Refused(_), children, .. } => self.inlines(children),
                InlineKind::Link { target: LinkTarget::External(u), children, .. }
                    if self.resolver.external_href(u, inline.span).is_none() =>
                {
                    self.inlines(children)
                }
                InlineKind::Link { target, title, children, .. } => {
                    let href = match target {
                        LinkTarget::External(u) => self.resolver.external_href(u, inline.span),
                        LinkTarget::Refused(_) => None,
                        LinkTarget::Internal { chapter, anchor } => Some(self.resolver.chapter_href(*chapter, anchor.as_deref())),
                        LinkTarget::Unresolved(raw) => self.resolver.unresolved_href(raw),
                        LinkTarget::File(id) => self.resolver.file_href(*id),
                    };
                    match href {
                        Some(h) => {
                            self.out.push_str("<a href=\"");
                            escape::attr_into(&mut self.out, &escape::url(&h));
                            self.out.push('"');
                            if let Some(t) = title {
                                self.out.push_str(" title=\"");
                                escape::attr_into(&mut self.out, t);
                                self.out.push('"');
                            }
                            // The author's other attributes (`class`, `target` …) on a site that
                            // keeps raw HTML.
                            let origin = self.origin(inline.span, &["a"]);
                            self.origin_attrs(None, origin);
                            self.out.push('>');
                            self.link_depth += 1;
                            self.inlines(children);
                            self.link_depth -= 1;
                            self.out.push_str("</a>");
                        }
                        // A file of the book the output does not carry: its text, not a break.
                        None if matches!(target, LinkTarget::File(_)) => self.inlines(children),
                        None => self.wrap_class("span", "broken-link", children),
                    }
                }
                InlineKind::Image(img) => self.image(img, inline.span),
                InlineKind::FootnoteRef { label, index } => self.footnote_ref(label, *index),
                InlineKind::Math(formula) if formula.only_defines() => {}
                InlineKind::Math(formula) => match math::to_mathml(formula, false) {
                    Some(m) => self.out.push_str(&m),
                    None => {
                        // TeX without events was reported once, when the chapter was parsed.
                        if formula.error().is_none() {
                            self.diagnostics.push(
                                Diagnostic::warning(Code::MathUnsupported, "this TeX could not be converted to MathML; it is shown as source")
                                    .with_span(inline.span),
                            );
                        }
                        self.out.push_str(&math::fallback(formula.tex(), false));
                    }
                },
                InlineKind::Html(html) => {
                    if self.opts.sanitize {
                        let resolver = self.resolver;
                        let map = |u: &str, k| resolver.raw_html_url(u, k);
                        let in_link = self.link_depth > 0;
                        let opts = self.opts;
                        let s = raw.get_or_insert_with(|| {
                            Sanitizer::new(Context::Phrasing)
                                .with_checkbox_labels(&opts.words.task_done, &opts.words.task_open)
                                .with_url_schemes(opts.url_schemes.clone())
                        });
                        s.in_link = in_link;
                        s.feed(html, &mut self.out, &map);
                        for w in std::mem::take(&mut s.warnings) {
                            self.diagnostics.push(Diagnostic::warning(Code::MissingAlt, w).with_span(inline.span));
                        }
                        let removed = std::mem::take(&mut s.removed);
                        self.note_removed(removed, inline.span);
                    } else {
                        self.out.push_str(html);
                    }
                }
                InlineKind::SoftBreak => {
                    let before = i.checked_sub(1).and_then(|p| plain_text(&inlines[p..=p]).chars().last());
                    let after = inlines.get(i + 1).and_then(|n| plain_text(std::slice::from_ref(n)).chars().next());
                    let joined = matches!((before, after), (Some(a), Some(b)) if joins_at_line_break(a) && joins_at_line_break(b));
                    if !joined {
                        self.out.push('\n');
                    }
                }
                InlineKind::HardBreak => self.out.push_str("<br/>\n"),
            }
        }
        if let Some(mut s) = raw {
            s.close_to(0, &mut self.out);
        }
    }

    /// `<tag>children</tag>`, or the element as the author wrote it in raw HTML (`<b class>`)
    /// on a site that keeps raw HTML.
    fn wrap_node(&mut self, tag: &'static str, written_as: &[&str], children: &[Inline], span: quire_core::Span) {
        let origin = self.origin(span, written_as);
        if origin.is_none() {
            return self.wrap(tag, children);
        }
        let tag = self.open_tag(tag, None, origin);
        self.out.push('>');
        self.inlines(children);
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push('>');
    }

    fn wrap(&mut self, tag: &str, children: &[Inline]) {
        self.out.push('<');
        self.out.push_str(tag);
        self.out.push('>');
        self.inlines(children);
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push('>');
    }

    fn wrap_class(&mut self, tag: &str, class: &str, children: &[Inline]) {
        self.out.push_str(&format!("<{tag} class=\"{class}\">"));
        self.inlines(children);
        self.out.push_str(&format!("</{tag}>"));
    }

    fn footnote_ref(&mut self, label: &str, index: usize) {
        let Some(f) = self.footnotes.iter().find(|f| f.index == index && index > 0) else {
            self.out.push_str("<sup class=\"footnote-ref missing\">[");
            escape::text_into(&mut self.out, label);
            self.out.push_str("]</sup>");
            return;
        };
        let n = {
            let c = self.fn_refs.entry(index).or_insert(0);
            *c += 1;
            *c
        };
        let id = escape::attr(&f.id);
        let ref_id = if n == 1 { format!("fnref-{id}") } else { format!("fnref-{id}-{n}") };
        let epub = if self.opts.epub_types { " epub:type=\"noteref\"" } else { "" };
        self.out.push_str(&format!(
            "<sup class=\"footnote-ref\"><a href=\"#{id}\" id=\"{ref_id}\"{epub} role=\"doc-noteref\">{index}</a></sup>"
        ));
    }
}
