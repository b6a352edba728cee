//! Typed errors of the library API. The `publish` binary turns them into messages and exit codes.

use crate::build::Format;
use std::path::PathBuf;

/// Why a library call failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The book could not be loaded at all.
    #[error(transparent)]
    Load(#[from] quire_core::LoadError),
    /// A renderer failed outright (its format produced nothing).
    #[error("{format} rendering failed: {message}")]
    Render {
        /// The format that failed.
        format: Format,
        /// The renderer's error message.
        message: String,
    },
    /// A renderer refused the book (a PDF asking for PDF/UA with an image without alt text):
    /// its format produced nothing; the diagnostics say what to fix.
    #[error("{format}: the book does not meet the standard it asks for ({} problems)", diagnostics.len())]
    Refused {
        /// The format that refused.
        format: Format,
        /// What to fix, each at its place.
        diagnostics: Vec<quire_core::Diagnostic>,
    },
    /// Reading or writing a file failed.
    #[error("{action} {}: {source}", path.display())]
    Io {
        /// What was being done ("cannot write", "cannot read" …).
        action: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// A renderer produced a file path that would land outside the output folder.
    #[error("refusing to write {path:?}: output paths must be relative and stay inside the output folder")]
    UnsafePath {
        /// The path as the renderer gave it.
        path: String,
    },
    /// A renderer produced no file for its format (e.g. no `.epub` in the EPUB result).
    #[error("the {format} renderer produced no output file")]
    NoOutput {
        /// The format.
        format: Format,
    },
    /// The output folder holds a file of the book's manuscript: it is never written into, even
    /// with `--force`.
    #[error("refusing to write into {}: it holds the manuscript file {}", out.display(), file.display())]
    OutputHoldsManuscript {
        /// The output folder.
        out: PathBuf,
        /// One manuscript file inside it.
        file: PathBuf,
    },
    /// A file in the way of an output is not listed in the output folder's manifest: Quire did
    /// not write it, so it does not replace it (unless forced).
    #[error("refusing to replace {}: Quire did not write it (it is not listed in {}){}", path.display(), manifest.display(), more_files(*more))]
    NotWrittenByQuire {
        /// One such file (the first in name order).
        path: PathBuf,
        /// The manifest that does not list it.
        manifest: PathBuf,
        /// How many more such files there are.
        more: usize,
    },
    /// `init` was asked to write into a folder that already has files.
    #[error("{} is not empty; `publish init` only writes into a new or empty folder", path.display())]
    NotEmpty {
        /// The folder.
        path: PathBuf,
    },
}

impl Error {
    /// An [`Error::Io`] for `path`.
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io { action, path: path.into(), source }
    }

    /// True for the errors that refuse an output folder before anything is written in it.
    pub fn is_refusal(&self) -> bool {
        matches!(self, Error::OutputHoldsManuscript { .. } | Error::NotWrittenByQuire { .. } | Error::UnsafePath { .. })
    }

    /// What the user can do about this error, if there is advice to give.
    pub fn hint(&self) -> Option<String> {
        match self {
            Error::OutputHoldsManuscript { .. } => Some(
                "choose an output folder outside the book's sources (`-o DIR` or `[build] build-dir`); \
                 Quire never writes into a folder holding manuscript files, not even with --force"
                    .into(),
            ),
            Error::NotWrittenByQuire { .. } => Some(
                "move the file elsewhere or choose another output folder with `-o DIR`; \
                 `--force` lets the build remove what Quire did not write (never manuscript files), \
                 e.g. once for a folder built by a Quire too old to write the manifest"
                    .into(),
            ),
            _ => None,
        }
    }
}

fn more_files(more: usize) -> String {
    match more {
        0 => String::new(),
        1 => ", nor 1 more file there".to_string(),
        n => format!(", nor {n} more files there"),
    }
}

/// `Result` with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
