//! Resolution: book-wide unique heading ids, links between chapters, images loaded as assets,
//! the cover, numbering of chapters, figures, tables and listings.
//!
//! Order: [`ids`] (anchors), [`page_toc`] (mdbook-toc's marker), [`links`], [`assets`] (images), [`cover`], [`numbering`].

pub mod assets;
pub mod cover;
pub mod files;
pub mod html_images;
pub mod ids;
pub mod links;
pub mod numbering;
pub mod page_toc;
pub mod paths;
pub mod prefetch;
pub mod schemes;

#[cfg(test)]
mod tests;

use crate::ast::{AssetId, ChapterId};
use crate::book::{Book, Chapter, ChapterRole, Page};
use crate::source::{DiskSource, Source};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Resolution settings (from the config and the detected layout).
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct ResolveOptions {
    /// GitBook quirks (image paths with spaces, URL-decoding).
    pub gitbook_compat: bool,
    /// Number figures.
    pub number_figures: bool,
    /// Number tables.
    pub number_tables: bool,
    /// Number listings.
    pub number_listings: bool,
    /// Number headings inside chapters.
    pub number_sections: bool,
    /// Number display formulas (`[quire.numbering] equations`).
    pub number_equations: bool,
    /// Absolute folders outside the root that may be read.
    pub allow_paths: Vec<std::path::PathBuf>,
    /// URL schemes allowed besides http, https, mailto and tel (`[quire] allowed-url-schemes`).
    pub allowed_url_schemes: Vec<String>,
    /// When set, image bytes are not kept in the book: each image is read here, checked and
    /// dropped, and renderers read it again through [`Book::asset_reader`] when they write it.
    pub asset_source: Option<std::sync::Arc<dyn Source>>,
}

/// The absolute, normalised form of `p` (relative paths are taken from the current folder; a
/// path with a root, such as [`crate::source::MemorySource::ROOT`], counts as absolute).
fn absolute(p: &Path) -> PathBuf {
    let abs = if p.is_absolute() || p.has_root() {
        p.to_path_buf()
    } else {
        std::env::current_dir().map(|d| d.join(p)).unwrap_or_else(|_| p.to_path_buf())
    };
    paths::normalize(&abs)
}

/// The folder chapter paths are relative to: `root/<book.src>`, or the root itself.
pub fn source_root(book: &Book) -> PathBuf {
    let root = absolute(&book.root);
    match &book.config.book.src {
        Some(src) => paths::normalize(&root.join(src)),
        None => root,
    }
}

/// Resolves links, anchors, images and numbering in place, pushing diagnostics to
/// `book.diagnostics`. Reads image files from disk (relative to `book.root`).
pub fn resolve(book: &mut Book, opts: &ResolveOptions) {
    let disk = DiskSource::new(book.root.clone());
    resolve_from(book, opts, &disk);
}

/// [`resolve`], reading image files (and asking whether link targets exist) through `source`.
pub fn resolve_from(book: &mut Book, opts: &ResolveOptions, source: &dyn Source) {
    let root = absolute(&book.root);
    let src_root = source_root(book);
    let mut chapters = std::mem::take(&mut book.chapters);
    let mut diags = Vec::new();

    let mut anchors = ids::assign(&mut chapters, &mut diags);
    if let Some(toc) = page_toc::PageToc::from_config(&book.config.preprocessor) {
        page_toc::expand(&mut chapters, &toc);
    }
    sections(&mut book.toc, &chapters, &anchors, &mut diags);
    // The 404 page is resolved as a chapter after the last one (no link of the book leads there).
    let page_id = ChapterId(chapters.len());
    let mut page = book.not_found.take().map(|p| page_as_chapter(p, page_id));
    if let Some(p) = page.as_mut() {
        anchors.extend(ids::assign(std::slice::from_mut(p), &mut diags));
    }
    let schemes = schemes::SchemePolicy::new(&opts.allowed_url_schemes);
    let mut ctx = links::LinkContext::new(source, &src_root, &chapters, &anchors);
    ctx.schemes = schemes.clone();
    links::resolve_links(&ctx, &mut chapters, opts.gitbook_compat, &mut diags);
    if let Some(p) = page.as_mut() {
        links::resolve_links(&ctx, std::slice::from_mut(p), opts.gitbook_compat, &mut diags);
        // Its links to its own headings stay on the page.
        let mut own = |i: &mut crate::ast::Inline| {
            let crate::ast::InlineKind::Link { target, .. } = &mut i.kind else { return };
            let here = match target {
                crate::ast::LinkTarget::Internal { chapter, anchor } if *chapter == page_id => Some(anchor.clone().unwrap_or_default()),
                _ => None,
            };
            if let Some(a) = here {
                *target = crate::ast::LinkTarget::External(format!("#{a}"));
            }
        };
        crate::ast::visit::visit_all_inlines(&mut p.blocks, &mut own);
        for f in p.footnotes.iter_mut() {
            crate::ast::visit::visit_all_inlines(&mut f.blocks, &mut own);
        }
    }

    let allow = opts.allow_paths.iter().map(|p| absolute(p)).collect();
    let existing = std::mem::take(&mut book.assets);
    let mut loader = assets::AssetLoader::new(source, &root, &src_root, allow, opts.gitbook_compat, existing);
    loader.schemes = schemes;
    loader.max_file_size = book.config.quire.max_file_size();
    loader.max_image_pixels = book.config.quire.max_image_pixels();
    loader.keep_bytes = opts.asset_source.is_none();
    loader.prefetched = prefetch::image_files(&loader, &mut chapters);
    assets::resolve_images(&mut loader, &mut chapters, &mut diags);
    files::resolve_files(&mut loader, &mut chapters, true, &mut diags);
    if let Some(p) = page.as_mut() {
        assets::resolve_images(&mut loader, std::slice::from_mut(p), &mut diags);
        files::resolve_files(&mut loader, std::slice::from_mut(p), false, &mut diags);
    }
    book.not_found = page.map(chapter_as_page);
    book.cover = cover::resolve_cover(&mut loader, &book.config, &book.sources, &mut diags);
    book.assets = loader.assets;
    if let Some(source) = &opts.asset_source {
        let reader = assets::SourceAssets { source: source.clone(), root: root.clone(), max: book.config.quire.max_file_size() };
        book.asset_reader = Some(std::sync::Arc::new(reader));
    }

    let what = numbering_what(opts);
    chapters.par_iter_mut().for_each(|ch| numbering::number_chapter(ch, what));
    book.chapters = chapters;
    book.diagnostics.extend(diags);
}

/// Points each [`TocEntry::Section`] at the final id of the heading its anchor names; an entry
/// whose anchor no heading of its chapter has is left out, with a warning.
fn sections(toc: &mut Vec<crate::book::TocEntry>, chapters: &[Chapter], anchors: &[ids::AnchorMap], diags: &mut Vec<crate::diag::Diagnostic>) {
    use crate::book::TocEntry;
    toc.retain_mut(|e| match e {
        TocEntry::Section { chapter, anchor, title, span } => match anchors.get(chapter.0).and_then(|m| m.get(anchor.as_str())) {
            Some(id) => {
                *anchor = id.clone();
                true
            }
            None => {
                let file = chapters.get(chapter.0).and_then(|c| c.source_path.as_ref()).map(|p| p.display().to_string()).unwrap_or_default();
                let mut d = crate::diag::Diagnostic::warning(crate::diag::Code::BrokenLink, format!("SUMMARY entry `{title}` links to `{file}#{anchor}`, but no heading there has that id; it is left out of the table of contents"))
                    .with_hint("use the id of a heading of that chapter (as the site shows it in the heading's link)");
                d.span = *span;
                diags.push(d);
                false
            }
        },
        TocEntry::Chapter { children, .. } => {
            sections(children, chapters, anchors, diags);
            true
        }
        TocEntry::PartTitle(_) | TocEntry::Separator => true,
    });
}

/// Resolves `fresh`, newly parsed chapters that replace chapters of the resolved `book` (the
/// same ids, paths and titles; only their text changed), as [`resolve_from`] would in the whole
/// book, without touching the other chapters: their ids, links, images and numbers are what
/// [`resolve_from`] gives them only when no other chapter can see the change. So it gives up
/// (`None`, `fresh` half done, `book` unchanged) when a chapter's anchors (heading ids, footnote
/// and HTML ids: what links from other chapters land on) are not the replaced chapter's, or when
/// it loads an image the book has not loaded. Only the anchors of the chapters the new links name
/// are looked at. Returns the chapters' diagnostics.
pub fn resolve_replacements(book: &mut Book, fresh: &mut [Chapter], opts: &ResolveOptions, source: &dyn Source) -> Option<Vec<crate::diag::Diagnostic>> {
    let mut diags = Vec::new();
    let new_anchors = ids::assign(fresh, &mut diags);
    if let Some(toc) = page_toc::PageToc::from_config(&book.config.preprocessor) {
        page_toc::expand(fresh, &toc);
    }
    let root = absolute(&book.root);
    let src_root = source_root(book);
    // The anchors links can land on: the replaced chapters' and those of the chapters linked.
    let mut needed: std::collections::BTreeSet<usize> = fresh.iter().map(|c| c.id.0).collect();
    let paths = links::LinkContext::new(source, &src_root, &book.chapters, &[]);
    for ch in fresh.iter_mut() {
        needed.extend(links::linked_chapters(&paths, ch, opts.gitbook_compat).into_iter().map(|c| c.0));
    }
    drop(paths);
    let mut anchors = vec![ids::AnchorMap::new(); book.chapters.len()];
    for i in needed {
        if let (Some(ch), Some(slot)) = (book.chapters.get_mut(i), anchors.get_mut(i)) {
            *slot = ids::anchors_of(ch);
        }
    }
    for (ch, map) in fresh.iter().zip(&new_anchors) {
        let old = book.chapters.get(ch.id.0)?;
        if anchors.get(ch.id.0) != Some(map) || old.source_path != ch.source_path {
            return None;
        }
    }
    let book = &*book;
    let schemes = schemes::SchemePolicy::new(&opts.allowed_url_schemes);
    let mut ctx = links::LinkContext::new(source, &src_root, &book.chapters, &anchors);
    ctx.schemes = schemes.clone();
    links::resolve_links(&ctx, fresh, opts.gitbook_compat, &mut diags);

    let allow = opts.allow_paths.iter().map(|p| absolute(p)).collect();
    let mut loader = assets::AssetLoader::new(source, &root, &src_root, allow, opts.gitbook_compat, book.assets.clone());
    loader.schemes = schemes;
    loader.max_file_size = book.config.quire.max_file_size();
    loader.max_image_pixels = book.config.quire.max_image_pixels();
    loader.keep_bytes = opts.asset_source.is_none();
    loader.prefetched = prefetch::image_files(&loader, fresh);
    assets::resolve_images(&mut loader, fresh, &mut diags);
    files::resolve_files(&mut loader, fresh, false, &mut diags);
    if loader.assets.len() != book.assets.len() {
        return None;
    }
    let what = numbering_what(opts);
    fresh.par_iter_mut().for_each(|ch| numbering::number_chapter(ch, what));
    Some(diags)
}

/// The 404 page as a chapter numbered `id`, for the stages that work on chapters.
fn page_as_chapter(p: Page, id: ChapterId) -> Chapter {
    Chapter {
        id,
        title: p.title,
        page_title: None,
        number: Vec::new(),
        depth: 0,
        parent: None,
        role: ChapterRole::Suffix,
        source_path: Some(p.source_path),
        output_stem: "404".into(),
        draft: false,
        blocks: p.blocks,
        footnotes: p.footnotes,
        span: p.span,
        html_origins: p.html_origins,
    }
}

/// [`page_as_chapter`] undone.
fn chapter_as_page(ch: Chapter) -> Page {
    Page {
        source_path: ch.source_path.unwrap_or_default(),
        title: ch.title,
        blocks: ch.blocks,
        footnotes: ch.footnotes,
        span: ch.span,
        html_origins: ch.html_origins,
    }
}

/// The asset that a local path written in raw HTML of `chapter` (e.g. `<img src="img/a.png">`)
/// was loaded as by [`resolve`], for renderers rewriting raw HTML. It reads no file (renderers
/// are pure): the first of the paths `src` may name that is an asset is the one.
pub fn raw_html_asset(book: &Book, chapter: ChapterId, src: &str) -> Option<AssetId> {
    let root = absolute(&book.root);
    let src_root = source_root(book);
    let rel = book.chapter(chapter)?.source_path.as_ref()?;
    let dir = src_root.join(rel.parent().unwrap_or(Path::new("")));
    let allow: Vec<PathBuf> = book.config.quire.allow_paths.iter().map(|p| absolute(&root.join(p))).collect();
    let cands = assets::candidates(&root, &src_root, &allow, true, &dir, src).ok()?;
    cands.iter().find_map(|p| book.assets.iter().find(|a| paths::normalize(&root.join(&a.path)) == *p).map(|a| a.id))
}

/// What `opts` asks to number.
fn numbering_what(opts: &ResolveOptions) -> numbering::What {
    numbering::What {
        figures: opts.number_figures,
        tables: opts.number_tables,
        listings: opts.number_listings,
        sections: opts.number_sections,
        equations: opts.number_equations,
    }
}
