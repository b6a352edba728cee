//! mdbook-toc's marker, read natively: in a book that configures `[preprocessor.toc]`, a
//! `<!-- toc -->` comment on a line of its own (or the table's `marker`) becomes a list of links
//! to the headings that follow it in the chapter, nested by level, down to `max-level` (4 by
//! default), as the preprocessor makes it for the site, in every format. It runs after the
//! heading ids are assigned and before links are resolved, so the links are resolved like any
//! `[text](#id)` the author wrote.

use crate::ast::{Block, BlockKind, Inline, InlineKind, LinkTarget, ListItem};
use crate::book::Chapter;
use crate::span::Span;

/// What `[preprocessor.toc]` asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageToc {
    /// The comment that stands for the table (`<!-- toc -->`).
    pub marker: String,
    /// The deepest heading level listed.
    pub max_level: u8,
}

impl PageToc {
    /// The settings of `[preprocessor.toc]` in `preprocessors` (book.toml's), if it is there.
    pub fn from_config(preprocessors: &std::collections::BTreeMap<String, toml::Value>) -> Option<PageToc> {
        let table = preprocessors.get("toc")?;
        let marker = table.get("marker").and_then(|m| m.as_str()).map(str::trim).filter(|m| !m.is_empty()).unwrap_or("<!-- toc -->");
        let max_level = table.get("max-level").and_then(toml::Value::as_integer).map_or(4, |l| l.clamp(1, 6) as u8);
        Some(PageToc { marker: marker.to_string(), max_level })
    }
}

/// Replaces each marker among the top-level blocks of `chapters` with the table of the headings
/// after it.
pub fn expand(chapters: &mut [Chapter], toc: &PageToc) {
    for ch in chapters {
        // The default marker is a comment; a custom one (`[[_TOC_]]`) may be a paragraph.
        let is_marker = |b: &Block| match &b.kind {
            BlockKind::Html(h) => h.trim() == toc.marker,
            BlockKind::Paragraph(i) => i.len() == 1 && crate::ast::plain_text(i).trim() == toc.marker,
            _ => false,
        };
        if !ch.blocks.iter().any(is_marker) {
            continue;
        }
        for i in 0..ch.blocks.len() {
            if !is_marker(&ch.blocks[i]) {
                continue;
            }
            let entries: Vec<Entry> = ch.blocks[i + 1..]
                .iter()
                .filter_map(|b| match &b.kind {
                    BlockKind::Heading { level, id, inlines, .. } if *level <= toc.max_level && !id.is_empty() => {
                        Some(Entry { level: *level, id: id.clone(), text: link_text(inlines), span: b.span })
                    }
                    _ => None,
                })
                .collect();
            let span = ch.blocks[i].span;
            ch.blocks[i] = if entries.is_empty() { Block { kind: BlockKind::Html(String::new()), span } } else { list(&entries, span) };
        }
    }
}

struct Entry {
    level: u8,
    id: String,
    text: Vec<Inline>,
    span: Span,
}

/// A heading's inlines as link text: links inside it become their text (no link in a link).
fn link_text(inlines: &[Inline]) -> Vec<Inline> {
    inlines
        .iter()
        .flat_map(|i| match &i.kind {
            InlineKind::Link { children, .. } => link_text(children),
            _ => vec![i.clone()],
        })
        .collect()
}

/// The nested list of `entries` (non-empty): one item per heading of the shallowest level, the
/// deeper ones after it in a list of its own. Levels only deepen, so the nesting is at most six.
fn list(entries: &[Entry], span: Span) -> Block {
    let base = entries.iter().map(|e| e.level).min().unwrap_or(1);
    let mut items = Vec::new();
    let mut i = 0;
    while i < entries.len() {
        let mut j = i + 1;
        while j < entries.len() && entries[j].level > base {
            j += 1;
        }
        let e = &entries[i];
        let mut blocks = Vec::new();
        let children = if e.level == base {
            let link = InlineKind::Link {
                target: LinkTarget::Unresolved(format!("#{}", e.id)),
                raw_dest: format!("#{}", e.id),
                title: None,
                children: e.text.clone(),
            };
            blocks.push(Block { kind: BlockKind::Paragraph(vec![Inline { kind: link, span: e.span }]), span: e.span });
            &entries[i + 1..j]
        } else {
            // A deeper heading before any of the base level: a nested list of its own.
            &entries[i..j]
        };
        if !children.is_empty() {
            blocks.push(list(children, span));
        }
        items.push(ListItem { task: None, blocks, span: e.span });
        i = j;
    }
    Block { kind: BlockKind::List { start: None, tight: true, marker: crate::ast::ListMarker::Default, items }, span }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(level: u8, id: &str) -> Entry {
        let span = Span::default();
        Entry { level, id: id.into(), text: vec![Inline { kind: InlineKind::Text(id.into()), span }], span }
    }

    /// The shape of a list: each item's link id and its children.
    fn shape(b: &Block) -> String {
        let BlockKind::List { items, .. } = &b.kind else { return "?".into() };
        let parts: Vec<String> = items
            .iter()
            .map(|it| {
                it.blocks
                    .iter()
                    .map(|b| match &b.kind {
                        BlockKind::Paragraph(i) => match &i[0].kind {
                            InlineKind::Link { raw_dest, .. } => raw_dest.clone(),
                            _ => "?".into(),
                        },
                        _ => shape(b),
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        format!("[{}]", parts.join(", "))
    }

    #[test]
    fn headings_nest_by_level() {
        let e = [entry(2, "a"), entry(3, "a1"), entry(4, "a1x"), entry(3, "a2"), entry(2, "b")];
        assert_eq!(shape(&list(&e, Span::default())), "[#a [#a1 [#a1x], #a2], #b]");
        // A deeper heading first gets an item of its own.
        let e = [entry(3, "x"), entry(2, "a")];
        assert_eq!(shape(&list(&e, Span::default())), "[[#x], #a]");
    }

    #[test]
    fn config_reads_marker_and_level() {
        let mut m = std::collections::BTreeMap::new();
        assert_eq!(PageToc::from_config(&m), None);
        m.insert("toc".to_string(), toml::Value::Table(toml::map::Map::new()));
        assert_eq!(PageToc::from_config(&m), Some(PageToc { marker: "<!-- toc -->".into(), max_level: 4 }));
        let t: toml::Value = toml::from_str("marker = \"[[_TOC_]]\"\nmax-level = 2").unwrap_or(toml::Value::Boolean(false));
        m.insert("toc".to_string(), t);
        assert_eq!(PageToc::from_config(&m), Some(PageToc { marker: "[[_TOC_]]".into(), max_level: 2 }));
    }
}
