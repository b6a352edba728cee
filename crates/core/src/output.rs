//! What a renderer returns: files as bytes plus diagnostics. Renderers never touch the disk; the
//! caller writes the files (atomically).

use crate::diag::Diagnostic;

/// One output file, relative to the format's output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// `/`-separated relative path, e.g. `index.html`, `book.epub`.
    pub path: String,
    /// The bytes to write.
    pub data: Vec<u8>,
}

/// The result of rendering one format.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// Files to write.
    pub files: Vec<OutputFile>,
    /// Problems found while rendering (e.g. a character no font covers).
    pub diagnostics: Vec<Diagnostic>,
}
