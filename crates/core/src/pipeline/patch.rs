//! Patching a loaded book after an edit instead of building it again (`publish serve`).
//!
//! A reload of the same book ([`RawBook`]) is compared with the book built from the last load
//! through the same [`ParseMemo`]. When only chapter texts changed (the edited chapter files and
//! the chapters that include an edited file: their expanded text differs from the text the memo
//! parsed) and nothing another chapter shows can differ, those chapters are parsed and resolved
//! alone and put into the book in place; the other chapters are neither cloned nor resolved
//! again. Nothing another chapter shows may differ: the chapter list, titles, numbers and table
//! of contents, the configuration, the 404 page, the guessed language, and each changed
//! chapter's anchors (what links from other chapters land on) and images (the asset list) must
//! be the ones the book has. Otherwise [`RawBook::patch`] leaves the book alone and the caller
//! builds it whole. The book it patched is the book a whole build makes, but for its diagnostics:
//! those of the changed chapters come last, and a problem an unchanged chapter has in a file that
//! a changed chapter includes too is no longer listed (`publish serve` prints only the changed
//! chapters' diagnostics after a patch).

use super::{parse_options, resolve_options};
use crate::ast::ChapterId;
use crate::book::{Book, Chapter};
use crate::diag::Diagnostic;
use crate::names::StemAllocator;
use crate::parse::memo::{MemoKey, ParseMemo};
use crate::parse::parse_chapter;
use crate::raw_book::RawBook;
use crate::resolve::prefetch::image_refs;
use crate::span::{FileId, Span};
use rayon::prelude::*;
use std::collections::HashSet;

/// The memo key of a chapter's own (expanded) text, as [`RawBook::finish_many_memo`] keeps it.
fn key_of(raw: &RawBook, chapter: usize) -> Option<MemoKey> {
    let path = raw.plan.chapters.get(chapter)?.path.clone()?;
    Some(MemoKey { path, by: None })
}

/// The memo key the 404 page is kept under (no chapter file has it: `by` is no producer's name).
pub(crate) fn not_found_key(raw: &RawBook) -> Option<MemoKey> {
    let (path, _) = raw.not_found.as_ref()?;
    Some(MemoKey { path: path.clone(), by: Some("\u{0}input-404".into()) })
}

impl RawBook {
    /// Brings `book`, made from an earlier load of this book through `memo` (and patched only by
    /// this method since), up to this load without building it again: see the module docs.
    /// Returns the chapters whose text changed (possibly none), or `None` when a whole build is
    /// needed (then `book` and `memo` are as they were). Call it only for a load that no mdBook
    /// preprocessor changed.
    pub fn patch(&self, book: &mut Book, memo: &mut ParseMemo) -> Option<Vec<ChapterId>> {
        let popts = parse_options(&self.config, self.layout, &self.tex_macros);
        if !self.same_shape(book) {
            return None;
        }
        // The 404 page: parsed through the memo by the whole build; unchanged, or no patch.
        match (&self.not_found, not_found_key(self)) {
            (Some((_, s)), Some(k)) if memo.current(&k, s, &popts) => {}
            (None, _) if book.not_found.is_none() => {}
            _ => return None,
        }
        let mut changed = Vec::new();
        for (i, source) in self.sources.iter().enumerate() {
            let key = key_of(self, i);
            match (source, key) {
                (Some(s), Some(k)) if memo.current(&k, s, &popts) => {}
                (Some(s), Some(k)) if memo.holds(&k) => changed.push((i, k, s)),
                // Not read now but parsed before, read now and not before, or no key: rebuild.
                (Some(_), _) => return None,
                (None, Some(k)) if memo.holds(&k) => return None,
                (None, _) => {}
            }
        }
        // Files whose diagnostics belong to the changed chapters: those of their old and new texts.
        let mut files: HashSet<FileId> = HashSet::new();
        for (_, k, s) in &changed {
            files.extend(s.pieces.iter().map(|p| p.file));
            files.extend(memo.source(k).into_iter().flat_map(|old| old.pieces.iter().map(|p| p.file)));
        }
        let parsed: Vec<_> = changed.par_iter().map(|(_, _, s)| parse_chapter(s, &popts)).collect();
        let mut diags: Vec<Diagnostic> = Vec::new();
        let mut fresh: Vec<Chapter> = Vec::with_capacity(changed.len());
        for ((i, _, s), p) in changed.iter().zip(parsed.iter().cloned()) {
            let old = book.chapters.get(*i)?;
            let planned = self.plan.chapters.get(*i)?;
            let file_span = s.pieces.first().map(|pc| Span::file_start(pc.file));
            diags.extend(p.diagnostics);
            fresh.push(Chapter {
                blocks: p.blocks,
                footnotes: p.footnotes,
                html_origins: p.html_origins,
                span: planned.span.or(file_span).unwrap_or_default(),
                id: old.id,
                title: old.title.clone(),
                page_title: self.titles.get(*i).cloned().flatten(),
                number: old.number.clone(),
                depth: old.depth,
                parent: old.parent,
                role: old.role,
                source_path: old.source_path.clone(),
                output_stem: old.output_stem.clone(),
                draft: old.draft,
            });
        }
        // Images: the same destinations in the same order load the same assets.
        for ch in fresh.iter_mut() {
            let old = book.chapters.get_mut(ch.id.0)?;
            if image_refs(old) != image_refs(ch) {
                return None;
            }
        }
        let mut ropts = resolve_options(&book.config, self.gitbook, &self.root);
        let source = self.shared_source();
        ropts.asset_source = Some(source.clone());
        diags.extend(crate::resolve::resolve_replacements(book, &mut fresh, &ropts, &*source)?);
        // The language a book without one is set in is guessed from its first chapters.
        let ids: Vec<ChapterId> = fresh.iter().map(|c| c.id).collect();
        for ch in fresh.iter_mut() {
            std::mem::swap(&mut book.chapters[ch.id.0], ch);
        }
        if self.config.book.language.as_deref().is_none_or(|l| l.trim().is_empty())
            && book.config.book.language.as_deref() != Some(crate::language::guess_book_language(&book.chapters))
        {
            for ch in fresh.iter_mut() {
                std::mem::swap(&mut book.chapters[ch.id.0], ch);
            }
            return None;
        }
        // Committed: the sources, the diagnostics, the memo.
        book.sources.update_from(&self.source_map);
        book.timestamp = self.timestamp;
        let in_changed = |d: &Diagnostic| d.span.is_some_and(|s| files.contains(&s.file));
        book.diagnostics.retain(|d| !in_changed(d));
        book.diagnostics.extend(self.diagnostics.iter().filter(|d| in_changed(d)).cloned());
        book.diagnostics.extend(diags);
        for ((_, k, s), p) in changed.into_iter().zip(parsed) {
            memo.store(k, s.clone(), p);
        }
        Some(ids)
    }

    /// True when this load gives `book` the same chapter list (titles, numbers, files, output
    /// names), table of contents and configuration.
    fn same_shape(&self, book: &Book) -> bool {
        if self.root != book.root || self.plan.toc != book.toc || self.plan.chapters.len() != book.chapters.len() {
            return false;
        }
        let mut config = self.config.clone();
        if config.book.language.as_deref().is_none_or(|l| l.trim().is_empty()) {
            // Guessed when the book was made (checked again once the chapters are in).
            config.book.language.clone_from(&book.config.book.language);
        }
        if config != book.config {
            return false;
        }
        let mut stems = StemAllocator::new();
        self.plan.chapters.iter().zip(&self.titles).zip(&book.chapters).all(|((p, title), ch)| {
            let stem = match &p.path {
                Some(path) => stems.for_path(path),
                None => stems.for_draft(),
            };
            let title = title.as_deref().unwrap_or(&p.title);
            ch.title == title
                && ch.number == p.number
                && ch.depth == p.depth
                && ch.parent == p.parent.map(ChapterId)
                && ch.role == p.role
                && ch.source_path == p.path
                && ch.draft == p.path.is_none()
                && ch.output_stem == stem
        })
    }
}
