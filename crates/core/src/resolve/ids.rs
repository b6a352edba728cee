//! Anchors, unique within each chapter's page as mdBook makes them, so that a link into an
//! existing mdBook site (`ch04-03.html#summary`) still lands: an author's id (`{#id}`, or an HTML
//! heading's `id`) is kept as written; every other Markdown heading gets mdBook's id for its text
//! ([`slugify`]) with mdBook's per-page counter (`summary`, `summary-1` …, see [`PageIds`]);
//! HTML headings without an id, which mdBook leaves bare, get one after all of those, so they shift
//! no Markdown heading's id. Footnote ids are `fn-<chapter>-<n>`. The `id`s of raw HTML elements
//! and `<a name>` anchors are targets too, kept as written.
//!
//! Ids repeat across chapters (each chapter has its own page on the site and its own file in the
//! EPUB); links carry the chapter, and renderers that put several chapters in one document (the
//! PDF, the site's print page) qualify the ids there.

use crate::ast::visit::visit_blocks;
use crate::ast::{BlockKind, Inline, InlineKind};
use crate::book::Chapter;
use crate::diag::Code;
use crate::diag::Diagnostic;
use crate::slug::{slugify, PageIds};
use std::collections::HashMap;

/// For one chapter: anchor as written in a link → final id.
pub type AnchorMap = HashMap<String, String>;

/// Gives every heading and footnote its id; returns one [`AnchorMap`] per chapter.
pub fn assign(chapters: &mut [Chapter], diags: &mut Vec<Diagnostic>) -> Vec<AnchorMap> {
    chapters.iter_mut().map(|ch| assign_chapter(ch, diags)).collect()
}

/// The anchor map of a chapter [`assign`] has already given its ids: the map [`assign`]
/// returned for it, made again. The chapter is not changed (the walk over its raw HTML takes it
/// mutably).
pub fn anchors_of(ch: &mut Chapter) -> AnchorMap {
    let mut map = AnchorMap::new();
    crate::ast::visit::for_each_block(&ch.blocks, &mut |b| {
        if let BlockKind::Heading { id, .. } = &b.kind {
            map.insert(id.clone(), id.clone());
        }
    });
    for f in &ch.footnotes {
        map.insert(f.id.clone(), f.id.clone());
    }
    html_anchors(ch, &mut map);
    map
}

/// The ids of one chapter's page.
fn assign_chapter(ch: &mut Chapter, diags: &mut Vec<Diagnostic>) -> AnchorMap {
    let mut ids = PageIds::default();
    let mut map = AnchorMap::new();
    // Authors' ids first: they keep their names, and the counted ids step around them.
    visit_blocks(&mut ch.blocks, &mut |b| {
        let BlockKind::Heading { id, .. } = &b.kind else { return };
        if id.is_empty() {
            return;
        }
        if !ids.reserve(id) {
            diags.push(
                Diagnostic::warning(Code::DuplicateId, format!("heading id `{id}` is used more than once in this chapter"))
                    .with_span(b.span)
                    .with_hint("give each heading of a chapter a different {#id}"),
            );
        }
        map.insert(id.clone(), id.clone());
    });
    // Markdown headings, in order, with mdBook's counter.
    visit_blocks(&mut ch.blocks, &mut |b| {
        if let BlockKind::Heading { id, inlines, from_html: false, .. } = &mut b.kind {
            if id.is_empty() {
                *id = ids.next(&slugify(&id_text(inlines)));
                map.insert(id.clone(), id.clone());
            }
        }
    });
    // HTML headings mdBook leaves without an id.
    visit_blocks(&mut ch.blocks, &mut |b| {
        if let BlockKind::Heading { id, inlines, from_html: true, .. } = &mut b.kind {
            if id.is_empty() {
                *id = ids.unique(&slugify(&id_text(inlines)));
                map.insert(id.clone(), id.clone());
            }
        }
    });
    let stem = slugify(&ch.output_stem.replace(['/', '\\', '.'], "-"));
    for f in ch.footnotes.iter_mut() {
        f.id = ids.unique(&format!("fn-{stem}-{}", f.index));
        map.insert(f.id.clone(), f.id.clone());
    }
    html_anchors(ch, &mut map);
    map
}

/// The text mdBook makes a heading's id from: the text and code of the heading, links and
/// inline HTML elements included, without image descriptions or footnote marks.
fn id_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    crate::ast::push_text(inlines, &mut out, false);
    out
}

/// Adds the `id`s of raw HTML elements and images, and `<a name>`, as written (whitespace
/// joined by `-`, as the writers do), so that links to them resolve.
fn html_anchors(ch: &mut Chapter, map: &mut AnchorMap) {
    let mut add = |attrs: &[(String, String)], named: bool| {
        for (k, v) in attrs {
            if k == "id" || (named && k == "name") {
                let id = v.split_whitespace().collect::<Vec<_>>().join("-");
                if !id.is_empty() {
                    map.entry(id.clone()).or_insert(id);
                }
            }
        }
    };
    let mut blocks = |blocks: &mut Vec<crate::ast::Block>| {
        visit_blocks(blocks, &mut |b| match &b.kind {
            BlockKind::HtmlElement { attrs, .. } => add(attrs, false),
            BlockKind::Figure { image, .. } => add(&image.attrs, false),
            _ => {}
        });
        crate::ast::visit::visit_all_inlines(blocks, &mut |i| match &i.kind {
            InlineKind::HtmlElement { tag, attrs, .. } => add(attrs, tag == "a"),
            InlineKind::Image(img) => add(&img.attrs, false),
            _ => {}
        });
    };
    blocks(&mut ch.blocks);
    for f in ch.footnotes.iter_mut() {
        blocks(&mut f.blocks);
    }
}
