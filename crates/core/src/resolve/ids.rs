//! Book-wide unique anchors: heading ids (explicit `{#id}` first, then slugs, duplicates get
//! `-1`, `-2` …) and footnote ids (`fn-<chapter>-<n>`), with a per-chapter map from the ids an
//! author may have written to the final ones. The `id`s of raw HTML elements and `<a name>`
//! anchors are targets too, kept as written.

use crate::diag::Code;
use crate::slug::{slugify, Ids};
use crate::ast::{plain_text, BlockKind, InlineKind};
use crate::book::Chapter;
use crate::diag::Diagnostic;
use crate::ast::visit::visit_blocks;
use std::collections::HashMap;

/// For one chapter: anchor as written in a link → final id.
pub type AnchorMap = HashMap<String, String>;

/// Assigns unique ids to every heading and footnote; returns one [`AnchorMap`] per chapter.
pub fn assign(chapters: &mut [Chapter], diags: &mut Vec<Diagnostic>) -> Vec<AnchorMap> {
    let mut ids = Ids::default();
    // Explicit ids first, so they keep their names.
    for ch in chapters.iter_mut() {
        visit_blocks(&mut ch.blocks, &mut |b| {
            if let BlockKind::Heading { id, inlines, .. } = &mut b.kind {
                if !id.is_empty() && *id != slugify(&plain_text(inlines)) && !ids.reserve(id) {
                    diags.push(
                        Diagnostic::warning(Code::DuplicateId, format!("heading id `{id}` is used more than once"))
                            .with_span(b.span)
                            .with_hint("give each heading a different {#id}"),
                    );
                }
            }
        });
    }
    let mut maps = Vec::with_capacity(chapters.len());
    let mut seen_explicit: std::collections::HashSet<String> = Default::default();
    for ch in chapters.iter_mut() {
        let mut map = AnchorMap::new();
        let mut local_count: HashMap<String, usize> = HashMap::new();
        let mut finals: Vec<String> = Vec::new();
        visit_blocks(&mut ch.blocks, &mut |b| {
            let BlockKind::Heading { id, inlines, .. } = &mut b.kind else { return };
            let auto = slugify(&plain_text(inlines));
            let old = id.clone();
            let new = if !old.is_empty() && old != auto && seen_explicit.insert(old.clone()) {
                old.clone()
            } else {
                ids.unique(&old)
            };
            // What GitHub/mdBook would have called it within the page.
            let n = local_count.entry(old.clone()).or_insert(0);
            let local = if *n == 0 { old.clone() } else { format!("{old}-{n}") };
            *n += 1;
            map.entry(old).or_insert_with(|| new.clone());
            map.entry(local).or_insert_with(|| new.clone());
            finals.push(new.clone());
            *id = new;
        });
        // Names as written in the page win over final ids that happen to look the same.
        for f in finals {
            map.entry(f.clone()).or_insert(f);
        }
        maps.push(map);
    }
    for (ch, map) in chapters.iter_mut().zip(maps.iter_mut()) {
        let stem = slugify(&ch.output_stem.replace(['/', '\\', '.'], "-"));
        for f in ch.footnotes.iter_mut() {
            f.id = ids.unique(&format!("fn-{stem}-{}", f.index));
            map.insert(f.id.clone(), f.id.clone());
        }
        html_anchors(ch, map);
    }
    maps
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
