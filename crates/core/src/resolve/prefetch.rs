//! Reading image files ahead of [`super::assets::resolve_images`], in parallel: the chapters are
//! walked concurrently for every local image a figure, an inline image or an `<img src>` of raw
//! HTML names, and each distinct file is read and checked once on the rayon pool (its bytes kept
//! only when the loader keeps them). Resolution itself (asset ids, output paths, diagnostics)
//! stays sequential and in book order, so its result is unchanged; it only finds the checks done.

use super::assets::{AssetLoader, Checked, Lookup};
use super::html_images::img_srcs;
use crate::ast::{Block, BlockKind, InlineKind};
use crate::book::Chapter;
use crate::ast::visit::{visit_all_inlines, visit_blocks};
use crate::source::SourceError;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Reads, in parallel, every local image file `chapters` name that `loader` has not loaded yet.
pub fn image_files(loader: &AssetLoader<'_>, chapters: &mut [Chapter]) -> HashMap<PathBuf, Result<Checked, SourceError>> {
    let found: Vec<Vec<PathBuf>> = chapters.par_iter_mut().map(|ch| chapter_images(loader, ch)).collect();
    let mut seen = HashSet::new();
    let wanted: Vec<PathBuf> =
        found.into_iter().flatten().filter(|p| !loader.is_loaded(p) && seen.insert(p.clone())).collect();
    wanted.into_par_iter().map(|p| {
        let checked = loader.check(&p);
        (p, checked)
    }).collect()
}

/// Every image destination one chapter names, in order (figures, inline images, `<img src>` of
/// raw HTML; footnotes after the text): two chapters naming the same list load the same assets.
pub fn image_refs(ch: &mut Chapter) -> Vec<String> {
    let mut out = Vec::new();
    let mut one = |blocks: &mut Vec<Block>| {
        visit_blocks(blocks, &mut |b| match &b.kind {
            BlockKind::Figure { image, .. } => out.push(image.raw_src.clone()),
            BlockKind::Html(h) => out.extend(img_srcs(h)),
            _ => {}
        });
        visit_all_inlines(blocks, &mut |i| match &i.kind {
            InlineKind::Image(img) => out.push(img.raw_src.clone()),
            InlineKind::Html(h) => out.extend(img_srcs(h)),
            _ => {}
        });
    };
    one(&mut ch.blocks);
    for f in ch.footnotes.iter_mut() {
        one(&mut f.blocks);
    }
    out
}

/// The files one chapter's images lead to (absolute, normalised; may repeat).
fn chapter_images(loader: &AssetLoader<'_>, ch: &mut Chapter) -> Vec<PathBuf> {
    let Some(src) = &ch.source_path else { return Vec::new() };
    let dir = loader.src_root.join(src.parent().unwrap_or(Path::new("")));
    let mut out = Vec::new();
    let mut add = |raw: &str| {
        if let Lookup::Found(p) = loader.locate(&dir, raw) {
            out.push(p);
        }
    };
    let mut one = |blocks: &mut Vec<Block>| {
        visit_blocks(blocks, &mut |b| match &b.kind {
            BlockKind::Figure { image, .. } => add(&image.raw_src),
            BlockKind::Html(h) => img_srcs(h).iter().for_each(|s| add(s)),
            _ => {}
        });
        visit_all_inlines(blocks, &mut |i| match &i.kind {
            InlineKind::Image(img) => add(&img.raw_src),
            InlineKind::Html(h) => img_srcs(h).iter().for_each(|s| add(s)),
            _ => {}
        });
    };
    one(&mut ch.blocks);
    for f in ch.footnotes.iter_mut() {
        one(&mut f.blocks);
    }
    out
}
