//! A book whose chapters a preprocessor added, removed, renamed or moved: its new chapter list
//! ([`OutlineEntry`], in reading order) becomes a [`RawBook`] of its own, as mdBook takes the
//! book a preprocessor returns. A chapter whose file and text are as loaded keeps its source (so
//! diagnostics point into the file); any other text is a source of its own, named after the
//! chapter and what produced it. A chapter's file need not exist: its text is what the
//! preprocessor gave. A chapter without a path is a draft, as in mdBook.

use crate::book::ChapterRole;
use crate::expand::ExpandedSource;
use crate::files::slash_path;
use crate::raw_book::RawBook;
use crate::reading_order::{build, Entry, EntryKind};
use crate::span::SourceFile;
use std::path::PathBuf;

/// One entry of a returned chapter list, in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum OutlineEntry {
    /// A chapter.
    Chapter {
        /// Its title (mdBook's `name`).
        title: String,
        /// Its number (`[2, 1]` for 2.1); empty when unnumbered.
        number: Vec<u32>,
        /// Its file, relative to the source folder (mdBook's `source_path`, else `path`); `None`
        /// for a draft.
        path: Option<PathBuf>,
        /// Its Markdown text (mdBook's `content`).
        text: String,
        /// Nesting depth (0 for a top-level chapter).
        depth: usize,
    },
    /// A part title.
    Part(String),
    /// A separator.
    Separator,
}

impl RawBook {
    /// The book with `outline` as its chapters, `by` naming what produced it (e.g.
    /// `preprocessor `toc``). Unnumbered chapters before the first numbered one are prefix
    /// chapters, those after it suffix chapters.
    pub fn restructured(&self, outline: &[OutlineEntry], by: &str) -> RawBook {
        let mut entries = Vec::with_capacity(outline.len());
        let mut seen_numbered = false;
        for e in outline {
            let (kind, depth) = match e {
                OutlineEntry::Chapter { title, number, path, depth, .. } => {
                    let role = if !number.is_empty() {
                        seen_numbered = true;
                        ChapterRole::Numbered
                    } else if seen_numbered {
                        ChapterRole::Suffix
                    } else {
                        ChapterRole::Prefix
                    };
                    (EntryKind::Chapter { title: title.clone(), path: path.clone(), role, number: number.clone() }, *depth)
                }
                OutlineEntry::Part(t) => (EntryKind::Part(t.clone()), 0),
                OutlineEntry::Separator => (EntryKind::Separator, 0),
            };
            entries.push(Entry { kind, depth, span: None, anchor: None });
        }
        let mut plan = build(&entries);
        let texts = outline.iter().filter_map(|e| match e {
            OutlineEntry::Chapter { text, .. } => Some(text),
            _ => None,
        });
        let mut out = self.clone();
        out.sources = Vec::with_capacity(plan.chapters.len());
        out.titles = Vec::with_capacity(plan.chapters.len());
        let src = self.config.book.src.clone().unwrap_or_default();
        for (planned, text) in plan.chapters.iter_mut().zip(texts) {
            // The loaded chapter with this file, when its text is unchanged: its source and span.
            let same = self
                .plan
                .chapters
                .iter()
                .enumerate()
                .find(|(i, c)| c.path.is_some() && c.path == planned.path && self.sources.get(*i).and_then(|s| s.as_ref()).is_some_and(|s| s.text == *text));
            match same {
                Some((i, c)) => {
                    planned.span = c.span;
                    out.sources.push(self.sources.get(i).cloned().flatten());
                    out.titles.push(self.titles.get(i).cloned().flatten());
                }
                None if planned.path.is_none() => {
                    out.sources.push(None);
                    out.titles.push(None);
                }
                None => {
                    let shown = planned.path.as_ref().map(|p| slash_path(&src.join(p))).unwrap_or_else(|| planned.title.clone());
                    let id = out.source_map.add(SourceFile::new(format!("{shown} (after {by})"), text.clone()));
                    out.sources.push(Some(std::sync::Arc::new(ExpandedSource::single(id, text.clone()))));
                    out.titles.push(None);
                }
            }
        }
        out.plan = plan;
        out
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::book::TocEntry;
    use std::path::Path;

    fn raw() -> RawBook {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/load/mdbook-basic");
        RawBook::load(&dir).unwrap_or_else(|e| panic!("{e}"))
    }

    fn chapter(title: &str, number: &[u32], path: Option<&str>, text: &str, depth: usize) -> OutlineEntry {
        OutlineEntry::Chapter { title: title.into(), number: number.to_vec(), path: path.map(PathBuf::from), text: text.into(), depth }
    }

    #[test]
    fn added_removed_and_renamed_chapters_are_the_new_book() {
        let raw = raw();
        let first = raw.chapters()[1];
        let kept_text = first.text.unwrap_or_default().to_string();
        let kept_path = first.source_path.map(|p| p.to_string_lossy().into_owned());
        let outline = vec![
            chapter("Renamed", &[1], kept_path.as_deref(), &kept_text, 0),
            chapter("Made up", &[1, 1], Some("generated/new.md"), "# Made up\n\nFrom nowhere.\n", 1),
            OutlineEntry::Separator,
            chapter("Later", &[], None, "", 0),
        ];
        let files_before = raw.sources().files().count();
        let new = raw.restructured(&outline, "preprocessor `gen`");
        let chapters = new.chapters();
        assert_eq!(chapters.len(), 3);
        assert_eq!((chapters[0].title, chapters[0].role), ("Renamed", ChapterRole::Numbered));
        assert_eq!((chapters[1].parent, chapters[1].number), (Some(0), &[1, 1][..]));
        assert_eq!(chapters[1].source_path, Some(Path::new("generated/new.md")));
        assert_eq!(chapters[2].role, ChapterRole::Suffix);
        assert!(chapters[2].source_path.is_none(), "a chapter without a path is a draft");
        assert!(matches!(new.toc()[1], TocEntry::Separator));
        // The unchanged chapter keeps its file as source; the made-up one is a source of its own.
        assert_eq!(new.sources().files().count(), files_before + 1);
        let book = new.finish(&[]);
        assert_eq!(book.chapters.len(), 3);
        let (path, _) = book.sources.locate(book.chapters[1].blocks[0].span).expect("located");
        assert_eq!(path, Path::new("src/generated/new.md (after preprocessor `gen`)"));
        let (path, _) = book.sources.locate(book.chapters[0].blocks[0].span).expect("located");
        assert!(!path.to_string_lossy().contains("after"), "{}", path.display());
    }
}
