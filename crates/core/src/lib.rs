//! # quire-core
//!
//! The manuscript model of Quire: a book folder (mdBook, GitBook/HonKit or plain Markdown) is
//! loaded, its chapters parsed in parallel into a typed AST whose every node carries a source
//! [`Span`], then links, anchors, images and numbering are resolved. Renderers take the resulting
//! [`Book`] and never re-parse strings.
//!
//! Files are read through a [`Source`]: [`Book::load`] reads a folder on disk
//! ([`DiskSource`]), [`Book::load_from`] any source, such as a book held in memory:
//!
//! ```
//! use quire_core::{Book, BlockKind, MemorySource};
//!
//! let manuscript = MemorySource::new()
//!     .file("book.toml", "[book]\ntitle = \"Notes\"\n")
//!     .file("src/SUMMARY.md", "- [Hello](hello.md)\n  - [Details](details.md)\n")
//!     .file("src/hello.md", "# Hello\n\nSee [the details](details.md#more).\n")
//!     .file("src/details.md", "# Details\n\n## More\n\n[Gone](missing.md)\n");
//! let book = Book::load_from(&manuscript)?;
//! for d in &book.diagnostics {
//!     eprintln!("{:?}: {} at {:?}", d.severity, d.message, d.location(&book.sources));
//! }
//! assert_eq!(book.title(), "Notes");
//! assert_eq!(book.chapters[1].number, [1, 1]);
//! assert!(matches!(book.chapters[0].blocks[0].kind, BlockKind::Heading { level: 1, .. }));
//! // The link to a missing chapter is a diagnostic with its place, not an error.
//! let d = book.diagnostics.iter().find(|d| d.message.contains("missing.md")).expect("reported");
//! assert_eq!(d.location(&book.sources).as_deref(), Some("src/details.md:5:1"));
//! # Ok::<(), quire_core::LoadError>(())
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
pub mod katex_macros;
pub mod language;
pub mod lang_tag;
pub mod config_load;
pub mod config_gitbook;
pub mod config_gitbook_plugins;
pub mod config_ranges;
pub mod folder_layout;
pub mod front_matter;
pub mod gitbook_langs;
pub mod names;
pub mod summary;
pub mod reading_order;
pub mod i18n;
pub mod load;
pub mod parse;
pub mod percent;
pub mod pipeline;
pub mod rawhtml;
pub mod raw_book;
pub mod resolve;
pub mod safe_read;
pub mod script;
pub mod source;
pub mod source_cache;
pub mod output;
pub mod outline;
pub mod slug;
pub mod span;
pub mod text_lang;

pub use ast::{
    plain_text, AdmonitionKind, Align, AssetId, Block, BlockKind, ChapterId, EquationTag, Footnote, Formula, Image,
    ImageSource, Inline, InlineKind, LinkTarget, ListItem, ListMarker, TableCell, TexError,
};
pub use book::{Asset, AssetBytes, Book, Chapter, ChapterRole, MediaType, Page, TocEntry};
pub use config::BookConfig;
pub use diag::{Code, Diagnostic, DiagnosticJson, Diagnostics, Severity, Stage};
pub use error::LoadError;
pub use output::{OutputAsset, OutputFile, Rendered, SpooledFile};
pub use outline::OutlineEntry;
pub use parse::memo::ParseMemo;
pub use raw_book::{ChapterEdit, RawBook, RawChapter};
pub use source::{DiskSource, MemorySource, Source, SourceError};
pub use source_cache::SourceCache;
pub use span::{FileId, LineCol, SourceFile, SourceMap, Span};

impl Book {
    /// Loads, parses and resolves the book in `path` (a folder with `book.toml`, `book.json`,
    /// `SUMMARY.md`, or just Markdown files).
    pub fn load(path: impl AsRef<std::path::Path>) -> Result<Book, LoadError> {
        pipeline::load_book(path.as_ref())
    }

    /// Loads, parses and resolves the book in `source` ([`DiskSource`], [`MemorySource`] or a
    /// source of your own): every file (config, `SUMMARY.md`, chapters, includes, images) is
    /// read through it. `Book::load(path)` is `Book::load_from(&DiskSource::new(path))`.
    pub fn load_from(source: &(impl Source + ?Sized)) -> Result<Book, LoadError> {
        pipeline::load_book_from(&source)
    }
}
