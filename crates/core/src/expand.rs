//! A chapter's text after include expansion, with a map from offsets in the expanded text back to
//! the files the bytes came from, so spans of included content point into the included file.

use crate::span::{FileId, Span};
use std::ops::Range;

/// A run of the expanded text copied from one place in one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    /// Offset in the expanded text where the run starts.
    pub at: usize,
    /// Length of the run in bytes.
    pub len: usize,
    /// The file it came from.
    pub file: FileId,
    /// Offset in that file where the run starts.
    pub file_start: usize,
}

/// Expanded chapter text plus the pieces it was assembled from (sorted by `at`, covering the
/// text without gaps).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExpandedSource {
    /// The text the Markdown parser sees.
    pub text: String,
    /// Where each run came from.
    pub pieces: Vec<Piece>,
    /// Ranges of `text` between GitBook's `{% raw %}` and `{% endraw %}` (the markers removed):
    /// later passes leave GitBook tags there as text.
    pub verbatim: Vec<Range<usize>>,
}

impl ExpandedSource {
    /// A source that is one file, unexpanded.
    pub fn single(file: FileId, text: String) -> Self {
        let len = text.len();
        ExpandedSource { text, pieces: vec![Piece { at: 0, len, file, file_start: 0 }], verbatim: Vec::new() }
    }

    /// Appends `text`, copied from `file` at `file_start`.
    pub fn push(&mut self, text: &str, file: FileId, file_start: usize) {
        if text.is_empty() {
            return;
        }
        self.pieces.push(Piece { at: self.text.len(), len: text.len(), file, file_start });
        self.text.push_str(text);
    }

    /// The span in the original file of a range of the expanded text. A range that crosses
    /// pieces is cut at the end of the piece where it starts.
    pub fn span(&self, range: Range<usize>) -> Span {
        let idx = match self.pieces.binary_search_by(|p| p.at.cmp(&range.start)) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let Some(p) = self.pieces.get(idx) else {
            return Span::new(FileId(0), range.start, range.end);
        };
        let start = p.file_start + range.start.saturating_sub(p.at);
        let end = p.file_start + range.end.min(p.at + p.len).saturating_sub(p.at);
        Span::new(p.file, start, end.max(start))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_map_back_into_included_files() {
        let mut s = ExpandedSource::default();
        s.push("abc\n", FileId(0), 0);
        s.push("INCLUDED", FileId(1), 10);
        s.push("tail", FileId(0), 20);
        assert_eq!(s.span(0..3), Span::new(FileId(0), 0, 3));
        assert_eq!(s.span(4..12), Span::new(FileId(1), 10, 18));
        assert_eq!(s.span(12..14), Span::new(FileId(0), 20, 22));
    }
}
