//! Parsed chapters kept from one load of a book to the next: a value the caller owns (the
//! `publish serve` rebuilder does), never process-wide state.
//!
//! Parsing is a pure function of a chapter's expanded text, the files its bytes came from
//! ([`ExpandedSource`]: text and pieces) and the [`ParseOptions`]. The memo keeps, per chapter
//! file, the last source it parsed and the result; the next load reuses the result when the new
//! source is equal (compared in full, so no hash can collide), and parses only the chapters
//! whose text changed: the edited file, and every chapter that includes it (its expanded text
//! changed too). A change that moves file ids (SUMMARY.md lists the chapters in another order,
//! an include is added) changes the pieces of the chapters read after it, which are parsed
//! again. Different parse options empty the memo. Its size is bounded by the book: after each
//! load only the chapters of that load are kept.

use super::{parse_chapter, ParseOptions, ParsedChapter};
use crate::expand::ExpandedSource;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

/// What a chapter's parse is kept under: its file (relative to the source folder) and, for a
/// text an mdBook preprocessor returned, what produced it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MemoKey {
    /// The chapter file.
    pub path: PathBuf,
    /// `None` for the file's own (expanded) text; the producer of an edited text.
    pub by: Option<String>,
}

#[derive(Debug)]
struct Entry {
    /// Shared with the load that gave it (and the [`crate::SourceCache`] that kept it): the
    /// next load of an unchanged chapter gives the same copy, compared by address.
    source: Arc<ExpandedSource>,
    parsed: ParsedChapter,
}

/// Parsed chapters by file, reused while their source is unchanged. See the module docs.
#[derive(Debug, Default)]
pub struct ParseMemo {
    options: Option<ParseOptions>,
    entries: HashMap<MemoKey, Entry>,
    parsed: usize,
    reused: usize,
}

impl ParseMemo {
    /// An empty memo: the first load through it parses every chapter.
    pub fn new() -> Self {
        ParseMemo::default()
    }

    /// Chapters the last load parsed.
    pub fn parsed(&self) -> usize {
        self.parsed
    }

    /// Chapters the last load took from the memo.
    pub fn reused(&self) -> usize {
        self.reused
    }

    /// Chapters kept.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// True when `key` holds a parse of exactly `source` with `options`: the chapter did not
    /// change since it was parsed.
    pub fn current(&self, key: &MemoKey, source: &ExpandedSource, options: &ParseOptions) -> bool {
        self.options.as_ref() == Some(options) && self.entries.get(key).is_some_and(|e| same(&e.source, source))
    }

    /// True when `key` holds a parse (of any source).
    pub fn holds(&self, key: &MemoKey) -> bool {
        self.entries.contains_key(key)
    }

    /// The source `key` was last parsed from.
    pub fn source(&self, key: &MemoKey) -> Option<&ExpandedSource> {
        self.entries.get(key).map(|e| &*e.source)
    }

    /// Keeps `parsed` as the parse of `source` under `key` (made with the memo's options, which
    /// [`ParseMemo::current`] checked): a caller that parsed a changed chapter itself.
    pub fn store(&mut self, key: MemoKey, source: Arc<ExpandedSource>, parsed: ParsedChapter) {
        self.entries.insert(key, Entry { source, parsed });
    }

    /// The parse of every item, in order, in parallel: from the memo when its key holds an equal
    /// source parsed with equal options, else parsed (and kept). An item without a key is
    /// parsed and not kept. Afterwards the memo holds only this call's keys.
    pub fn parse_all(&mut self, items: &[(Option<MemoKey>, &Arc<ExpandedSource>)], options: &ParseOptions) -> Vec<ParsedChapter> {
        if self.options.as_ref() != Some(options) {
            self.entries.clear();
            self.options = Some(options.clone());
        }
        let entries = &self.entries;
        let results: Vec<(ParsedChapter, bool)> = items
            .par_iter()
            .map(|(key, source)| match key.as_ref().and_then(|k| entries.get(k)).filter(|e| same(&e.source, source)) {
                Some(e) => (e.parsed.clone(), false),
                None => (parse_chapter(source, options), true),
            })
            .collect();
        self.parsed = results.iter().filter(|(_, fresh)| *fresh).count();
        self.reused = results.len() - self.parsed;
        for ((key, source), (parsed, fresh)) in items.iter().zip(&results) {
            if let (Some(key), true) = (key, fresh) {
                self.entries.insert(key.clone(), Entry { source: Arc::clone(source), parsed: parsed.clone() });
            }
        }
        let keep: std::collections::HashSet<&MemoKey> = items.iter().filter_map(|(k, _)| k.as_ref()).collect();
        self.entries.retain(|k, _| keep.contains(k));
        results.into_iter().map(|(p, _)| p).collect()
    }
}

/// True when `kept` and `source` are the same text and pieces: the same copy (a kept expansion),
/// else compared in full.
fn same(kept: &Arc<ExpandedSource>, source: &ExpandedSource) -> bool {
    std::ptr::eq(Arc::as_ptr(kept), source) || **kept == *source
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::FileId;

    fn key(p: &str) -> Option<MemoKey> {
        Some(MemoKey { path: p.into(), by: None })
    }

    #[test]
    fn only_changed_sources_are_parsed_again() {
        let opts = ParseOptions::default();
        let a = Arc::new(ExpandedSource::single(FileId(1), "# A\n\ntext\n".into()));
        let b = Arc::new(ExpandedSource::single(FileId(2), "# B\n".into()));
        let mut memo = ParseMemo::new();
        let first = memo.parse_all(&[(key("a.md"), &a), (key("b.md"), &b)], &opts);
        assert_eq!((memo.parsed(), memo.reused(), memo.len()), (2, 0, 2));
        let again = memo.parse_all(&[(key("a.md"), &a), (key("b.md"), &b)], &opts);
        assert_eq!((memo.parsed(), memo.reused()), (0, 2));
        assert_eq!(first[0].blocks, again[0].blocks);
        let b2 = Arc::new(ExpandedSource::single(FileId(2), "# B changed\n".into()));
        let out = memo.parse_all(&[(key("a.md"), &a), (key("b.md"), &b2)], &opts);
        assert_eq!((memo.parsed(), memo.reused()), (1, 1));
        assert_eq!(out[1].blocks, parse_chapter(&b2, &opts).blocks);
        // The same text from another file id (SUMMARY.md reordered) is parsed again: spans differ.
        let moved = Arc::new(ExpandedSource::single(FileId(3), "# A\n\ntext\n".into()));
        let out = memo.parse_all(&[(key("a.md"), &moved)], &opts);
        assert_eq!((memo.parsed(), memo.len()), (1, 1), "b.md is no longer in the book: dropped");
        assert_eq!(out[0].blocks, parse_chapter(&moved, &opts).blocks);
        // Other options: everything again.
        let smart = ParseOptions { smart_punctuation: true, ..ParseOptions::default() };
        memo.parse_all(&[(key("a.md"), &moved)], &smart);
        assert_eq!(memo.parsed(), 1);
        // No key: parsed, not kept.
        memo.parse_all(&[(None, &a)], &smart);
        assert_eq!((memo.parsed(), memo.len()), (1, 0));
    }
}
