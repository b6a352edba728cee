//! Typed errors of the library API. The `publish` binary turns them into messages and exit codes.

use crate::build::Format;
use std::path::PathBuf;

/// Why a library call failed.
#[derive(Debug, thiserror::Error)]
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
}

/// `Result` with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
