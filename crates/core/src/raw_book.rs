//! A book loaded up to its chapter texts, before parsing: what a caller needs to transform the
//! texts (mdBook preprocessors) between loading and parsing. [`crate::load::load_raw`] makes
//! one; [`RawBook::finish`] and [`RawBook::finish_many`] parse and resolve it.

use crate::reading_order::Plan;
use crate::book::{ChapterRole, TocEntry};
use crate::config::BookConfig;
use crate::diag::Diagnostic;
use crate::expand::ExpandedSource;
use crate::folder_layout::Layout;
use crate::source::Source;
use crate::span::{FileId, SourceMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The loaded, unparsed book.
#[derive(Debug, Clone)]
pub struct RawBook {
    /// The configuration.
    pub config: BookConfig,
    /// The book's root folder (absolute).
    pub root: PathBuf,
    pub(crate) layout: Layout,
    pub(crate) gitbook: bool,
    pub(crate) plan: Plan,
    /// The chapters' expanded texts, shared with a [`crate::SourceCache`] and a
    /// [`crate::ParseMemo`] (an unchanged chapter is compared by address).
    pub(crate) sources: Vec<Option<Arc<ExpandedSource>>>,
    pub(crate) titles: Vec<Option<String>>,
    pub(crate) source_map: SourceMap,
    pub(crate) diagnostics: Vec<Diagnostic>,
    pub(crate) timestamp: i64,
    pub(crate) config_file: Option<FileId>,
    /// Where [`RawBook::finish`] reads images from: `None` for the disk at [`RawBook::root`].
    pub(crate) source: Option<Arc<dyn Source>>,
    /// The site's 404 page (mdBook's `input-404`): its path from the source folder and its text.
    pub(crate) not_found: Option<(PathBuf, Arc<ExpandedSource>)>,
    /// The macros every formula starts with (mdbook-katex's macros file).
    pub(crate) tex_macros: crate::ast::tex_macros::TexMacros,
}

/// One chapter of a [`RawBook`], in reading order.
#[derive(Debug, Clone, Copy)]
pub struct RawChapter<'a> {
    /// The title SUMMARY.md gives it.
    pub title: &'a str,
    /// Its number (`[2, 1]` for 2.1); empty when unnumbered.
    pub number: &'a [u32],
    /// The index of its parent chapter.
    pub parent: Option<usize>,
    /// Prefix, numbered or suffix.
    pub role: ChapterRole,
    /// Its file, relative to the source folder; `None` for a draft.
    pub source_path: Option<&'a Path>,
    /// Its text with includes expanded; `None` for a draft or an unreadable file.
    pub text: Option<&'a str>,
}

/// A chapter's text replaced, and by what (named in diagnostics inside the new text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChapterEdit {
    /// The chapter's index in [`RawBook::chapters`].
    pub chapter: usize,
    /// Its new Markdown text.
    pub text: String,
    /// What produced it (e.g. `preprocessor admonish`).
    pub by: String,
}

impl RawBook {
    /// Loads the book in `path` up to its chapter texts (see [`crate::load::load_raw`]).
    pub fn load(path: impl AsRef<Path>) -> Result<RawBook, crate::error::LoadError> {
        crate::load::load_raw(path.as_ref())
    }

    /// Loads one language of a GitBook multi-language book at `path` (see
    /// [`crate::gitbook_langs`]) up to its chapter texts.
    pub fn load_language(path: impl AsRef<Path>, lang: &crate::gitbook_langs::Language) -> Result<RawBook, crate::error::LoadError> {
        crate::load::load_raw_language(path.as_ref(), lang)
    }

    /// Loads the book in `source` up to its chapter texts. The book keeps the source:
    /// [`RawBook::finish`] reads the images from it too.
    pub fn load_from(source: impl Source + 'static) -> Result<RawBook, crate::error::LoadError> {
        let mut raw = crate::load::load_raw_from(&source)?;
        raw.source = Some(Arc::new(source));
        Ok(raw)
    }

    /// The chapters in reading order.
    pub fn chapters(&self) -> Vec<RawChapter<'_>> {
        self.plan
            .chapters
            .iter()
            .enumerate()
            .map(|(i, p)| RawChapter {
                title: p.title.as_str(),
                number: &p.number,
                parent: p.parent,
                role: p.role,
                source_path: p.path.as_deref(),
                text: self.sources.get(i).and_then(|s| s.as_ref()).map(|s| s.text.as_str()),
            })
            .collect()
    }

    /// The table of contents (chapters, part titles and separators).
    pub fn toc(&self) -> &[TocEntry] {
        &self.plan.toc
    }

    /// The text of `book.toml` as read, when the book is an mdBook book with one.
    pub fn config_toml(&self) -> Option<&str> {
        if self.layout != Layout::MdBook {
            return None;
        }
        Some(self.source_map.get(self.config_file?)?.text.as_str())
    }

    /// The problems found while loading (config, SUMMARY.md, chapter files).
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// Every file read so far.
    pub fn sources(&self) -> &SourceMap {
        &self.source_map
    }

    /// Adds a problem found between loading and parsing (e.g. by a preprocessor); every book
    /// that [`RawBook::finish`] makes carries it.
    pub fn push_diagnostic(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use crate::ast::BlockKind;

    fn raw() -> RawBook {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/load/mdbook-basic");
        RawBook::load(&dir).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn unedited_finish_is_the_loaded_book() {
        let raw = raw();
        let book = raw.finish(&[]);
        assert_eq!(book.chapters.len(), raw.chapters().len());
        assert_eq!(raw.chapters()[1].source_path, Some(Path::new("ch1.md")));
        assert!(raw.chapters()[1].text.is_some_and(|t| t.contains("# ")));
        assert!(raw.config_toml().is_some_and(|t| t.contains("[preprocessor.mermaid]")));
    }

    #[test]
    fn edits_are_parsed_once_per_text_and_located_in_a_source_of_their_own() {
        let raw = raw();
        let files_before = raw.sources().files().count();
        let edit = ChapterEdit { chapter: 1, text: "# Replaced\n\nNew text.\n".into(), by: "preprocessor `t`".into() };
        let same = ChapterEdit { chapter: 2, text: raw.chapters()[2].text.unwrap_or_default().to_string(), by: "x".into() };
        let books = raw.finish_many(&[vec![edit.clone(), same], vec![edit], vec![]]);
        assert_eq!(books.len(), 3);
        // One new source file for the one distinct edited text; the unchanged text adds none.
        assert_eq!(books[0].sources.files().count(), files_before + 1);
        let heading = |b: &crate::book::Book| match &b.chapters[1].blocks[0].kind {
            BlockKind::Heading { inlines, .. } => crate::ast::plain_text(inlines),
            _ => String::new(),
        };
        assert_eq!(heading(&books[0]), "Replaced");
        assert_eq!(heading(&books[1]), "Replaced");
        assert_ne!(heading(&books[2]), "Replaced", "the third variant has no edits");
        let span = books[0].chapters[1].blocks[0].span;
        let (path, _) = books[0].sources.locate(span).expect("located");
        assert_eq!(path, Path::new("src/ch1.md (after preprocessor `t`)"));
    }
}
