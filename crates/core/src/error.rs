//! Errors that stop a book from loading at all. Everything recoverable is a
//! [`Diagnostic`] in [`Book::diagnostics`](crate::Book) instead.

use crate::diag::Diagnostic;
use crate::span::SourceMap;
use std::path::PathBuf;

/// Why a book could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoadError {
    /// The book folder does not exist or is not a folder.
    #[error("no book at {path}: {reason}")]
    NotFound {
        /// The path given.
        path: PathBuf,
        /// Why it is not a book.
        reason: String,
    },
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why (an OS error, or a refusal such as a file over the size cap).
        #[source]
        source: crate::source::SourceError,
    },
    /// The book has errors that leave nothing to build (e.g. an unreadable config). The
    /// diagnostics say where; `sources` lets a caller print them with snippets.
    #[error("the book could not be loaded ({} problem(s))", diagnostics.len())]
    Invalid {
        /// What is wrong.
        diagnostics: Vec<Diagnostic>,
        /// The files read so far.
        sources: SourceMap,
    },
}
