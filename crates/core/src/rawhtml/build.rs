//! Raw HTML events of a chapter fed to the tree builder, list by list, and the trees turned into
//! AST nodes (needs the `raw-html` feature: html5gum tokenizes the tags).

use super::to_ast::{self, Report};
use super::tree::{self, TreeBuilder};
use crate::ast::{Block, BlockKind, HtmlOrigins, Inline, InlineKind};
use crate::depth::{MAX_BLOCK_DEPTH, MAX_INLINE_DEPTH};
use crate::diag::{Code, Diagnostic};
use crate::span::Span;

/// Parses the raw HTML of `blocks` (and every block and inline list in them) into nodes.
/// Returns the diagnostics (a note per kind of embedded element, a warning when nesting was
/// flattened) and the tags and attributes that mapped nodes do not carry themselves.
pub fn parse_blocks(blocks: &mut Vec<Block>) -> (Vec<Diagnostic>, HtmlOrigins) {
    let mut st = State { report: Report::default(), too_deep: None, tag_cut: None };
    st.block_list(blocks);
    let origins = HtmlOrigins::new(std::mem::take(&mut st.report.origins));
    let mut diags = st.report.diagnostics;
    if let Some(span) = st.too_deep {
        diags.push(
            Diagnostic::warning(
                Code::NestingTooDeep,
                format!("raw HTML nested more than {MAX_BLOCK_DEPTH} elements deep (or {MAX_INLINE_DEPTH} inside a paragraph); the deeper elements are flattened, their content kept"),
            )
            .with_span(span)
            .with_hint("nest fewer elements"),
        );
    }
    if let Some(span) = st.tag_cut {
        diags.push(
            Diagnostic::warning(
                Code::RawHtmlTagTooLong,
                format!("a raw HTML tag is longer than {} KiB; the attributes past that are dropped", tree::MAX_TAG_BYTES / 1024),
            )
            .with_span(span)
            .with_hint("shorten the tag's attributes"),
        );
    }
    (diags, origins)
}

struct State {
    report: Report,
    too_deep: Option<Span>,
    tag_cut: Option<Span>,
}

impl State {
    fn block_list(&mut self, blocks: &mut Vec<Block>) {
        for b in blocks.iter_mut() {
            match &mut b.kind {
                BlockKind::BlockQuote(bs) | BlockKind::Admonition { blocks: bs, .. } | BlockKind::HtmlElement { blocks: bs, .. } => {
                    self.block_list(bs)
                }
                BlockKind::List { items, .. } => items.iter_mut().for_each(|i| self.block_list(&mut i.blocks)),
                BlockKind::DefinitionList(items) => {
                    for it in items.iter_mut() {
                        self.inline_list(&mut it.term);
                        it.definitions.iter_mut().for_each(|d| self.block_list(d));
                    }
                }
                BlockKind::Paragraph(i) | BlockKind::Heading { inlines: i, .. } => self.inline_list(i),
                BlockKind::Table { head, rows, .. } => {
                    for c in head.iter_mut().chain(rows.iter_mut().flatten()) {
                        self.inline_list(&mut c.inlines);
                    }
                }
                BlockKind::Figure { caption, .. } => self.inline_list(caption),
                _ => {}
            }
        }
        if !blocks.iter().any(|b| matches!(&b.kind, BlockKind::Html(h) if has_markup(h))) {
            return;
        }
        let mut tb: TreeBuilder<Block> = TreeBuilder::new();
        for b in std::mem::take(blocks) {
            match b.kind {
                BlockKind::Html(h) if has_markup(&h) => tb.feed(&h, b.span),
                // Comments (and doctypes) stay raw, where they are.
                _ => tb.opaque(b),
            }
        }
        if let Some(s) = tb.too_deep {
            self.too_deep.get_or_insert(s);
        }
        if let Some(s) = tb.tag_cut {
            self.tag_cut.get_or_insert(s);
        }
        *blocks = to_ast::blocks(tb.finish(), &mut self.report);
    }

    fn inline_list(&mut self, list: &mut Vec<Inline>) {
        for i in list.iter_mut() {
            if let Some(c) = crate::ast::visit::children_mut(i) {
                self.inline_list(c);
            }
        }
        if !list.iter().any(|i| matches!(&i.kind, InlineKind::Html(h) if has_markup(h))) {
            return;
        }
        let mut tb: TreeBuilder<Inline> = TreeBuilder::new().with_max_depth(MAX_INLINE_DEPTH);
        for i in std::mem::take(list) {
            match i.kind {
                InlineKind::Html(h) if has_markup(&h) => tb.feed(&h, i.span),
                // Inside an inline `<svg>` or `<math>`, the Markdown between its tags is its text.
                _ if tb.in_foreign() => tb.foreign_text(&crate::ast::plain_text(std::slice::from_ref(&i))),
                _ => tb.opaque(i),
            }
        }
        if let Some(s) = tb.too_deep {
            self.too_deep.get_or_insert(s);
        }
        if let Some(s) = tb.tag_cut {
            self.tag_cut.get_or_insert(s);
        }
        *list = to_ast::inlines(tb.finish(), &mut self.report);
    }
}

/// True unless `html` is only comments, a doctype, processing instructions or whitespace (those
/// stay raw, for the writers to drop).
fn has_markup(html: &str) -> bool {
    let mut rest = html.trim();
    loop {
        if rest.is_empty() {
            return false;
        }
        let close = if rest.starts_with("<!--") {
            "-->"
        } else if rest.starts_with("<?") {
            "?>"
        } else if rest.starts_with("<!") {
            ">"
        } else {
            return true;
        };
        match rest.find(close) {
            Some(i) => rest = rest[i + close.len()..].trim_start(),
            None => return false,
        }
    }
}

