//! # quire-core
//!
//! The manuscript model of Quire: a book folder (mdBook, GitBook/HonKit or plain Markdown) is
//! loaded, its chapters parsed in parallel into a typed AST whose every node carries a source
//! [`Span`], then links, anchors, images and numbering are resolved. Renderers take the resulting
//! [`Book`] and never re-parse strings.
//!
//! ```no_run
//! let book = quire_core::Book::load("manuscript").expect("book loads");
//! for d in &book.diagnostics {
//!     eprintln!("{:?}: {} at {:?}", d.severity, d.message, d.location(&book.sources));
//! }
//! println!("{} chapters", book.chapters.len());
//! ```

pub mod ast;
pub mod book;
pub mod byte_size;
pub mod config;
pub mod config_fonts;
pub mod depth;
pub mod diag;
pub mod error;
pub mod expand;
pub mod files;
pub mod include;
pub mod language;
pub mod config_load;
pub mod config_ranges;
pub mod folder_layout;
pub mod names;
pub mod summary;
pub mod reading_order;
pub mod i18n;
pub mod load;
pub mod parse;
pub mod rawhtml;
pub mod raw_book;
pub mod resolve;
pub mod safe_read;
pub mod script;
pub mod output;
pub mod span;
pub mod ui_words;

pub use ast::{
    plain_text, AdmonitionKind, Align, AssetId, Block, BlockKind, ChapterId, Footnote, Image,
    ImageSource, Inline, InlineKind, LinkTarget, ListItem, TableCell,
};
pub use book::{Asset, Book, Chapter, ChapterRole, MediaType, TocEntry};
pub use config::BookConfig;
pub use diag::{Diagnostic, DiagnosticJson, Diagnostics, Severity};
pub use error::LoadError;
pub use output::{OutputFile, Rendered};
pub use raw_book::{ChapterEdit, RawBook, RawChapter};
pub use span::{FileId, LineCol, SourceFile, SourceMap, Span};

impl Book {
    /// Loads, parses and resolves the book in `path` (a folder with `book.toml`, `book.json`,
    /// `SUMMARY.md`, or just Markdown files).
    pub fn load(path: impl AsRef<std::path::Path>) -> Result<Book, LoadError> {
        load::load_book(path.as_ref())
    }
}
