//! Block-level markup: paragraphs, headings, code, lists, tables, figures, admonitions,
//! definition lists, display math, raw HTML blocks and the footnotes section.

use quire_core::Code;
use super::{escape, math, Writer};
use quire_core::ast::{Align, Block, BlockKind, DefinitionItem, Image, ImageSource, Inline, InlineKind, ListItem, Numbering, TableCell};
use quire_core::diag::Diagnostic;

impl Writer<'_> {
    /// Writes blocks. Raw HTML blocks left open (`<div align="center">` … `</div>` around
    /// Markdown) are closed by the end of this list at the latest.
    pub fn blocks(&mut self, blocks: &[Block]) {
        let floor = self.block_html.enter();
        for b in blocks {
            self.block(b);
        }
        self.block_html.leave(floor, &mut self.out);
    }

    /// Writes one block.
    pub fn block(&mut self, block: &Block) {
        match &block.kind {
            BlockKind::Paragraph(inlines) => {
                if inlines.is_empty() {
                    return;
                }
                self.out.push_str("<p>");
                self.inlines(inlines);
                self.out.push_str("</p>\n");
            }
            BlockKind::Heading { level, id, classes, number, inlines, .. } => {
                self.heading(*level, id, classes, number.as_deref(), inlines, block.span)
            }
            BlockKind::CodeBlock { lang, info, code, hidden, numbering } => {
                self.code_block(lang.as_deref(), info, code, hidden, numbering, block.span)
            }
            BlockKind::BlockQuote(blocks) => {
                let origin = self.origin(block.span, &["blockquote"]);
                self.open_tag("blockquote", None, origin);
                self.out.push_str(">\n");
                self.blocks(blocks);
                self.out.push_str("</blockquote>\n");
            }
            BlockKind::Admonition { kind, title, blocks } => {
                let title = title.as_deref().unwrap_or_else(|| self.opts.words.admonition(*kind)).to_string();
                // `role="note"`: an admonition is not a complementary landmark, so several on a
                // page need no distinct labels (Ace's `landmark-unique`).
                self.out.push_str(&format!("<aside class=\"admonition {}\" role=\"note\">\n", kind.as_str()));
                if !title.is_empty() {
                    self.out.push_str("<p class=\"admonition-title\">");
                    escape::text_into(&mut self.out, &title);
                    self.out.push_str("</p>\n");
                }
                self.blocks(blocks);
                self.out.push_str("</aside>\n");
            }
            BlockKind::List { start, tight, marker, items } => self.list(*start, *tight, *marker, items, block.span),
            BlockKind::Table { aligns, head, rows, numbering } => self.table(aligns, head, rows, numbering, block.span),
            BlockKind::DefinitionList(items) => self.definition_list(items, block.span),
            BlockKind::ThematicBreak => {
                let origin = self.origin(block.span, &["hr"]);
                self.open_tag("hr", None, origin);
                self.out.push_str("/>\n");
            }
            BlockKind::Html(html) => {
                if self.opts.sanitize {
                    let resolver = self.resolver;
                    let map = |u: &str, k| resolver.raw_html_url(u, k);
                    self.block_html.feed(html, &mut self.out, &map);
                    self.block_html.close_non_containers(&mut self.out);
                    self.drain_sanitizer_warnings(block.span);
                    if !self.out.ends_with('\n') {
                        self.out.push('\n');
                    }
                } else {
                    self.out.push_str(html);
                }
            }
            BlockKind::HtmlElement { tag, attrs, blocks } => self.html_element_block(tag, attrs, blocks, block.span),
            // A formula that only defines macros for the ones after it shows nothing.
            BlockKind::Math { formula, .. } if formula.only_defines() => {}
            BlockKind::Math { formula, number } => {
                // The label (`\tag`, or the number resolution gave) beside the formula, on the
                // right, as text: the same label as the PDF's.
                self.out.push_str(if number.is_some() { "<div class=\"math-display numbered\">" } else { "<div class=\"math-display\">" });
                match math::to_mathml(formula, true) {
                    Some(m) => self.out.push_str(&m),
                    None => {
                        // TeX without events was reported once, when the chapter was parsed.
                        if formula.error().is_none() {
                            self.diagnostics.push(
                                Diagnostic::warning(Code::MathUnsupported, "this TeX could not be converted to MathML; it is shown as source")
                                    .with_span(block.span),
                            );
                        }
                        self.out.push_str(&math::fallback(formula.tex(), true));
                    }
                }
                if let Some(n) = number {
                    self.out.push_str("<span class=\"equation-number\">");
                    escape::text_into(&mut self.out, n);
                    self.out.push_str("</span>");
                }
                self.out.push_str("</div>\n");
            }
            BlockKind::Figure { image, caption, numbering } => self.figure(image, caption, numbering, block),
        }
    }

    fn drain_sanitizer_warnings(&mut self, span: quire_core::Span) {
        for w in std::mem::take(&mut self.block_html.warnings) {
            self.diagnostics.push(Diagnostic::warning(Code::MissingAlt, w).with_span(span));
        }
        let removed = std::mem::take(&mut self.block_html.removed);
        self.note_removed(removed, span);
    }

    fn heading(&mut self, level: u8, id: &str, classes: &[String], number: Option<&str>, inlines: &[Inline], span: quire_core::Span) {
        let resolver = self.resolver;
        let id = resolver.heading_id(id);
        let id = id.as_ref();
        let mut level = level.clamp(1, 6);
        if self.opts.fix_heading_levels && self.last_heading > 0 {
            level = level.min(self.last_heading + 1);
        }
        self.last_heading = level;
        self.out.push_str(&format!("<h{level}"));
        if !id.is_empty() {
            self.out.push_str(" id=\"");
            escape::attr_into(&mut self.out, id);
            self.out.push('"');
        }
        if !classes.is_empty() {
            self.out.push_str(" class=\"");
            escape::attr_into(&mut self.out, &classes.join(" "));
            self.out.push('"');
        }
        // The author's other attributes (`style`, `data-*` …) on a site that keeps raw HTML.
        let origin = self.origin(span, &["h1", "h2", "h3", "h4", "h5", "h6"]);
        self.origin_attrs(None, origin);
        self.out.push('>');
        let link = self.opts.heading_anchors && !id.is_empty() && !contains_link(inlines);
        if link {
            self.out.push_str("<a class=\"header\" href=\"#");
            escape::attr_into(&mut self.out, id);
            self.out.push_str("\">");
        }
        if let Some(n) = number {
            self.out.push_str("<span class=\"secno\">");
            escape::text_into(&mut self.out, n);
            self.out.push_str("</span> ");
        }
        self.inlines(inlines);
        if link {
            self.out.push_str("</a>");
        }
        self.out.push_str(&format!("</h{level}>\n"));
    }

    pub(super) fn caption_label(&mut self, label: &str, number: &str, has_text: bool) {
        self.out.push_str("<span class=\"caption-label\">");
        escape::text_into(&mut self.out, &self.opts.words.caption_label(label, number));
        if has_text {
            escape::text_into(&mut self.out, &self.opts.words.caption_sep);
        }
        self.out.push_str("</span>");
    }

    fn list(&mut self, start: Option<u64>, tight: bool, marker: quire_core::ListMarker, items: &[ListItem], span: quire_core::Span) {
        let origin = self.origin(span, &["ul", "ol", "menu", "dir"]);
        let tag = self.open_tag(if start.is_some() { "ol" } else { "ul" }, None, origin);
        if let Some(n) = start.filter(|n| *n != 1) {
            self.out.push_str(&format!(" start=\"{n}\""));
        }
        // The author's marker, as CSS (valid on both list elements and read by EPUB readers);
        // a site that keeps raw HTML writes the author's own `type` or `style` instead.
        let styled = origin.is_some_and(|o| o.attrs.iter().any(|(k, _)| k == "style" || k == "type"));
        if let (Some(css), false) = (marker.css(), styled) {
            self.out.push_str(&format!(" style=\"list-style-type:{css}\""));
        }
        self.out.push_str(">\n");
        for item in items {
            let origin = self.origin(item.span, &["li"]);
            self.open_tag("li", item.task.is_some().then_some("task-list-item"), origin);
            self.out.push('>');
            // A disabled checkbox still needs an accessible name (Ace's `label`).
            let checkbox_html = item.task.map(|checked| {
                let (label, state) = if checked {
                    (&self.opts.words.task_done, " checked=\"checked\"")
                } else {
                    (&self.opts.words.task_open, "")
                };
                format!("<input type=\"checkbox\" disabled=\"disabled\"{state} aria-label=\"{}\"/> ", escape::attr(label))
            });
            let checkbox = checkbox_html.as_deref();
            let first_is_para = matches!(item.blocks.first().map(|b| &b.kind), Some(BlockKind::Paragraph(_)));
            if let (Some(cb), false) = (checkbox, first_is_para) {
                self.out.push_str(cb);
            }
            let floor = self.block_html.enter();
            for (i, b) in item.blocks.iter().enumerate() {
                let cb = if i == 0 { checkbox } else { None };
                match (&b.kind, tight) {
                    (BlockKind::Paragraph(inl), true) => {
                        if i > 0 {
                            self.out.push('\n');
                        }
                        if let Some(cb) = cb {
                            self.out.push_str(cb);
                        }
                        self.inlines(inl);
                        if item.blocks.len() > 1 {
                            self.out.push('\n');
                        }
                    }
                    (BlockKind::Paragraph(inl), false) => {
                        if i == 0 {
                            self.out.push('\n');
                        }
                        self.out.push_str("<p>");
                        if let Some(cb) = cb {
                            self.out.push_str(cb);
                        }
                        self.inlines(inl);
                        self.out.push_str("</p>\n");
                    }
                    _ => {
                        if i == 0 {
                            self.out.push('\n');
                        }
                        self.block(b);
                    }
                }
            }
            self.block_html.leave(floor, &mut self.out);
            self.out.push_str("</li>\n");
        }
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push_str(">\n");
    }

    fn table(&mut self, aligns: &[Align], head: &[TableCell], rows: &[Vec<TableCell>], numbering: &Numbering, span: quire_core::Span) {
        self.out.push_str("<div class=\"table-wrap\">\n");
        let origin = self.origin(span, &["table"]);
        self.open_tag("table", None, origin);
        self.out.push_str(">\n");
        if let Some(n) = numbering.number.as_deref().filter(|_| self.opts.captions) {
            self.out.push_str("<caption>");
            let label = self.opts.words.table.clone();
            self.caption_label(&label, n, false);
            self.out.push_str("</caption>\n");
        }
        if !head.is_empty() {
            self.out.push_str("<thead>\n");
            self.row("th", aligns, head);
            self.out.push_str("</thead>\n");
        }
        if !rows.is_empty() {
            self.out.push_str("<tbody>\n");
            for r in rows {
                self.row("td", aligns, r);
            }
            self.out.push_str("</tbody>\n");
        }
        self.out.push_str("</table>\n</div>\n");
    }

    fn row(&mut self, tag: &str, aligns: &[Align], cells: &[TableCell]) {
        self.out.push_str("<tr>\n");
        for (i, c) in cells.iter().enumerate() {
            let style = match aligns.get(i).copied().unwrap_or_default() {
                Align::None => "",
                Align::Left => " style=\"text-align: left\"",
                Align::Center => " style=\"text-align: center\"",
                Align::Right => " style=\"text-align: right\"",
            };
            // On a site that keeps raw HTML, a cell written in HTML keeps its attributes (its own
            // `style` instead of the column's alignment).
            let origin = self.origin(c.span, &["td", "th"]);
            let tag = self.open_tag(if tag == "th" { "th" } else { "td" }, None, origin);
            if !origin.is_some_and(|o| o.attrs.iter().any(|(k, _)| k == "style")) {
                self.out.push_str(style);
            }
            if c.colspan > 1 {
                self.out.push_str(&format!(" colspan=\"{}\"", c.colspan));
            }
            if c.rowspan > 1 {
                self.out.push_str(&format!(" rowspan=\"{}\"", c.rowspan));
            }
            self.out.push('>');
            self.inlines(&c.inlines);
            self.out.push_str(&format!("</{tag}>\n"));
        }
        self.out.push_str("</tr>\n");
    }

    fn definition_list(&mut self, items: &[DefinitionItem], span: quire_core::Span) {
        let origin = self.origin(span, &["dl"]);
        self.open_tag("dl", None, origin);
        self.out.push_str(">\n");
        for item in items {
            self.out.push_str("<dt>");
            self.inlines(&item.term);
            self.out.push_str("</dt>\n");
            for d in &item.definitions {
                self.out.push_str("<dd>");
                match d.as_slice() {
                    [Block { kind: BlockKind::Paragraph(inl), .. }] => self.inlines(inl),
                    blocks => {
                        self.out.push('\n');
                        self.blocks(blocks);
                    }
                }
                self.out.push_str("</dd>\n");
            }
        }
        self.out.push_str("</dl>\n");
    }

    fn figure(&mut self, image: &Image, caption: &[Inline], numbering: &Numbering, block: &Block) {
        if !self.opts.figures {
            self.out.push_str("<p>");
            self.image(image, block.span);
            self.out.push_str("</p>\n");
            return;
        }
        let origin = self.origin(block.span, &["figure"]);
        self.open_tag("figure", Some("figure"), origin);
        self.out.push_str(">\n");
        self.image(image, block.span);
        let number = numbering.number.as_deref().filter(|_| self.opts.captions);
        let has_text = !quire_core::ast::plain_text(caption).trim().is_empty();
        if number.is_some() || has_text {
            self.out.push_str("\n<figcaption>");
            if let Some(n) = number {
                let label = self.opts.words.figure.clone();
                self.caption_label(&label, n, has_text);
            }
            self.inlines(caption);
            self.out.push_str("</figcaption>");
        }
        self.out.push_str("\n</figure>\n");
    }

    /// Writes an `<img/>` (or the alt text in a span when there is no source).
    pub(super) fn image(&mut self, image: &Image, span: quire_core::Span) {
        let src = match &image.source {
            ImageSource::Asset(id) => self.resolver.asset_src(*id),
            ImageSource::Remote(url) => self.resolver.remote_image(url),
            ImageSource::Missing(raw) => self.resolver.missing_image(raw),
            ImageSource::Refused(_) | ImageSource::Embedded(_) => None,
        };
        if image.alt.trim().is_empty() && image.attr("alt").is_none() {
            let hint = if image.raw_src == "<svg>" {
                "give the drawing a <title> as its first child, or an aria-label"
            } else {
                "describe the image in the brackets: ![what it shows](path)"
            };
            self.diagnostics.push(
                Diagnostic::warning(Code::MissingAlt, format!("image `{}` has no alt text", image.raw_src))
                    .with_span(span)
                    .with_hint(hint),
            );
        }
        match src {
            Some(src) => {
                self.out.push_str("<img src=\"");
                escape::attr_into(&mut self.out, &escape::url(&src));
                self.out.push_str("\" alt=\"");
                escape::attr_into(&mut self.out, &image.alt);
                self.out.push('"');
                if let Some(t) = &image.title {
                    self.out.push_str(" title=\"");
                    escape::attr_into(&mut self.out, t);
                    self.out.push('"');
                }
                self.image_attrs(&image.attrs);
                self.out.push_str("/>");
            }
            None => {
                self.out.push_str("<span class=\"missing-image\">");
                escape::text_into(&mut self.out, &image.alt);
                self.out.push_str("</span>");
            }
        }
    }

    /// Writes the footnotes section (nothing when the writer has no footnotes).
    pub fn footnotes_section(&mut self) {
        let footnotes = self.footnotes;
        if footnotes.is_empty() {
            return;
        }
        let epub = self.opts.epub_types;
        self.out.push_str(if epub {
            "<section class=\"footnotes\" epub:type=\"footnotes\" role=\"doc-endnotes\">\n"
        } else {
            "<section class=\"footnotes\" role=\"doc-endnotes\">\n"
        });
        self.out.push_str("<hr/>\n<h2 class=\"footnotes-title\">");
        let title = self.opts.words.footnotes.clone();
        escape::text_into(&mut self.out, &title);
        self.out.push_str("</h2>\n");
        self.out.push_str(if epub { "<div class=\"footnote-list\">\n" } else { "<ol class=\"footnote-list\">\n" });
        for f in footnotes {
            let id = escape::attr(&f.id);
            if epub {
                self.out.push_str(&format!(
                    "<aside class=\"footnote\" id=\"{id}\" epub:type=\"footnote\" role=\"doc-footnote\">\n<span class=\"footnote-number\">{}.</span>\n",
                    f.index
                ));
            } else {
                self.out.push_str(&format!("<li id=\"{id}\" value=\"{}\">\n", f.index.max(1)));
            }
            let saved = std::mem::take(&mut self.out);
            self.blocks(&f.blocks);
            let mut body = std::mem::replace(&mut self.out, saved);
            let back = format!(
                " <a href=\"#fnref-{id}\" class=\"footnote-back\" role=\"doc-backlink\" title=\"{}\">↩</a>",
                escape::attr(&self.opts.words.back_to_text)
            );
            let refs = self.fn_refs.get(&f.index).copied().unwrap_or(0);
            if refs > 0 {
                // Put the back link inside the last paragraph when there is one.
                let trimmed = body.trim_end().len();
                if body[..trimmed].ends_with("</p>") {
                    body.insert_str(trimmed - 4, &back);
                } else {
                    body.push_str(&format!("<p>{}</p>\n", back.trim_start()));
                }
            }
            self.out.push_str(&body);
            self.out.push_str(if epub { "</aside>\n" } else { "</li>\n" });
        }
        self.out.push_str(if epub { "</div>\n</section>\n" } else { "</ol>\n</section>\n" });
    }
}

fn contains_link(inlines: &[Inline]) -> bool {
    inlines.iter().any(|i| match &i.kind {
        InlineKind::Link { .. } | InlineKind::Html(_) | InlineKind::FootnoteRef { .. } => true,
        InlineKind::HtmlElement { tag, children, .. } => tag == "a" || contains_link(children),
        InlineKind::Emphasis(c)
        | InlineKind::Strong(c)
        | InlineKind::Strikethrough(c)
        | InlineKind::Superscript(c)
        | InlineKind::Subscript(c) => contains_link(c),
        _ => false,
    })
}
