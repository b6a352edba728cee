//! What raw HTML an AST node was written as.
//!
//! Raw HTML elements with a meaning for a book become the nodes Markdown has (`<b>` a
//! [`InlineKind::Strong`](super::InlineKind::Strong), `<table>` a
//! [`BlockKind::Table`](super::BlockKind::Table) …), so every renderer treats them alike. The
//! tag and the attributes such a node does not carry itself (a `<b class="key">`'s `class`, a
//! `<table style>`'s `style`) are kept here, per chapter and keyed by the element's span, for the
//! one output that writes raw HTML back as the author wrote it: a site built with
//! `[output.html] raw-html = "keep"`.

use crate::span::Span;

/// The element a node came from: its tag as written (lower case) and the attributes the node
/// does not carry itself, in source order.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct HtmlOrigin {
    /// The tag name, lower case (`b`, `strong`, `table`).
    pub tag: String,
    /// Attributes beyond those the node holds (never `href` on a link or `id` on a heading).
    pub attrs: Vec<(String, String)>,
}

impl HtmlOrigin {
    /// An origin for `tag` with `attrs`.
    pub fn new(tag: impl Into<String>, attrs: Vec<(String, String)>) -> Self {
        HtmlOrigin { tag: tag.into(), attrs }
    }
}

/// The origins of one chapter's nodes, looked up by span.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HtmlOrigins {
    /// Sorted by span, one entry per span.
    entries: Vec<(Span, HtmlOrigin)>,
}

impl HtmlOrigins {
    /// Origins from `(span, origin)` pairs in any order (a later pair for the same span wins).
    pub fn new(mut entries: Vec<(Span, HtmlOrigin)>) -> Self {
        entries.sort_by_key(|(s, _)| key(*s));
        entries.reverse();
        entries.dedup_by_key(|(s, _)| key(*s));
        entries.reverse();
        HtmlOrigins { entries }
    }

    /// The origins of several parts (a chapter and its footnotes) as one, sorted once.
    pub fn merge(parts: impl IntoIterator<Item = HtmlOrigins>) -> Self {
        HtmlOrigins::new(parts.into_iter().flat_map(|p| p.entries).collect())
    }

    /// The origin of the node at `span` when it was written as one of `tags`.
    pub fn get(&self, span: Span, tags: &[&str]) -> Option<&HtmlOrigin> {
        let i = self.entries.binary_search_by_key(&key(span), |(s, _)| key(*s)).ok()?;
        let o = &self.entries[i].1;
        tags.contains(&o.tag.as_str()).then_some(o)
    }

    /// True when no node came from raw HTML with something to keep.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// How many nodes have an origin.
    pub fn len(&self) -> usize {
        self.entries.len()
    }
}

fn key(s: Span) -> (u32, u32, u32) {
    (s.file.0, s.start, s.end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::FileId;

    fn sp(a: u32, b: u32) -> Span {
        Span { file: FileId(0), start: a, end: b }
    }

    #[test]
    fn looked_up_by_span_and_tag() {
        let o = HtmlOrigins::new(vec![
            (sp(10, 20), HtmlOrigin::new("b", vec![("class".into(), "k".into())])),
            (sp(0, 5), HtmlOrigin::new("table", vec![])),
        ]);
        assert_eq!(o.get(sp(10, 20), &["b", "strong"]).map(|o| o.tag.as_str()), Some("b"));
        assert!(o.get(sp(10, 20), &["em"]).is_none(), "a node of another kind at the same span");
        assert!(o.get(sp(10, 21), &["b"]).is_none());
        assert_eq!(o.len(), 2);
    }
}
