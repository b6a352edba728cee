//! Source files and spans: every AST node points back at the bytes it came from.
//!
//! A [`Span`] is a file id plus a byte range. The [`SourceMap`] owns the text of every file the
//! book read (chapters, SUMMARY.md, config, included files) and turns spans into line/column.

use std::path::{Path, PathBuf};

/// Index of a file in the book's [`SourceMap`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct FileId(pub u32);

/// A byte range in one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// The file the range lies in.
    pub file: FileId,
    /// Start byte offset (inclusive).
    pub start: u32,
    /// End byte offset (exclusive).
    pub end: u32,
}

impl Span {
    /// A span over `start..end` of `file`.
    pub fn new(file: FileId, start: usize, end: usize) -> Self {
        let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Span { file, start: clamp(start), end: clamp(end.max(start)) }
    }

    /// An empty span at the start of `file`, for problems that concern a whole file.
    pub fn file_start(file: FileId) -> Self {
        Span { file, start: 0, end: 0 }
    }

    /// The byte range as `usize`s.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// A 1-based line and column (column counted in characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LineCol {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, in Unicode scalar values.
    pub column: usize,
}

/// One file the book read.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the book root, with `/` separators.
    pub path: PathBuf,
    /// The file's text (BOM stripped, CRLF kept as is).
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// A source file with the given root-relative path and text.
    pub fn new(path: impl Into<PathBuf>, text: String) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        SourceFile { path: path.into(), text, line_starts }
    }

    /// Line and column of a byte offset (clamped to the text).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.line_starts[line];
        let mut end = offset;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let column = self.text[start..end].chars().count() + 1;
        LineCol { line: line + 1, column }
    }

    /// The text of 1-based line `line`, without its line ending.
    pub fn line_text(&self, line: usize) -> &str {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else { return "" };
        let end = self.line_starts.get(line).copied().unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }
}

/// Every file the book read, indexed by [`FileId`]. The files are shared: a clone of the map
/// (each book of a multi-renderer build, the loader's copy) holds no second copy of their texts.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    files: Vec<std::sync::Arc<SourceFile>>,
}

impl SourceMap {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a file and returns its id.
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(std::sync::Arc::new(file));
        FileId(u32::try_from(self.files.len() - 1).unwrap_or(u32::MAX))
    }

    /// Adds a file shared with another map (or a cache) and returns its id.
    pub fn add_shared(&mut self, file: std::sync::Arc<SourceFile>) -> FileId {
        self.files.push(file);
        FileId(u32::try_from(self.files.len() - 1).unwrap_or(u32::MAX))
    }

    /// The shared file with this id, if any.
    pub fn shared(&self, id: FileId) -> Option<&std::sync::Arc<SourceFile>> {
        self.files.get(id.0 as usize)
    }

    /// The number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// True when no file was read.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The file with this id, if any.
    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize).map(|f| &**f)
    }

    /// The id of the file at this root-relative path, if it was read.
    pub fn find(&self, path: &Path) -> Option<FileId> {
        self.files
            .iter()
            .position(|f| f.path == path)
            .map(|i| FileId(u32::try_from(i).unwrap_or(u32::MAX)))
    }

    /// Becomes `newer` (a later read of the same book), copying only the files whose path or
    /// text differs when both hold as many files; else all of it.
    pub fn update_from(&mut self, newer: &SourceMap) {
        if self.files.len() != newer.files.len() {
            self.files.clone_from(&newer.files);
            return;
        }
        for (old, new) in self.files.iter_mut().zip(&newer.files) {
            // Files kept from one load to the next are the same copy: nothing to compare.
            if !std::sync::Arc::ptr_eq(old, new) && (old.path != new.path || old.text != new.text) {
                *old = new.clone();
            }
        }
    }

    /// All files, in id order.
    pub fn files(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files.iter().enumerate().map(|(i, f)| (FileId(i as u32), &**f))
    }

    /// Path, line and column where a span starts.
    pub fn locate(&self, span: Span) -> Option<(&Path, LineCol)> {
        let f = self.get(span.file)?;
        Some((f.path.as_path(), f.line_col(span.start as usize)))
    }

    /// The source text a span covers (empty if out of range).
    pub fn snippet(&self, span: Span) -> &str {
        self.get(span.file).and_then(|f| f.text.get(span.range())).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_chars_not_bytes() {
        let f = SourceFile::new("a.md", "# 标题\n中文abc\n".to_string());
        let off = f.text.find("abc").unwrap_or(0);
        assert_eq!(f.line_col(off), LineCol { line: 2, column: 3 });
        assert_eq!(f.line_text(2), "中文abc");
        assert_eq!(f.line_col(0), LineCol { line: 1, column: 1 });
    }

    #[test]
    fn offset_inside_a_char_does_not_panic() {
        let f = SourceFile::new("a.md", "中".to_string());
        assert_eq!(f.line_col(1).column, 1);
        assert_eq!(f.line_col(99).column, 2);
    }
}
