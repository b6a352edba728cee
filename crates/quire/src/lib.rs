//! # quire
//!
//! Quire turns a Markdown book manuscript into an EPUB 3 e-book, a print-quality PDF and an HTML
//! site. This crate is the multi-format build as a library; the `publish` command line is the
//! `quire-cli` crate, which adds argument parsing, progress, printing and `publish serve`:
//!
//! 1. load a book once with [`quire_core::Book::load`];
//! 2. [`build()`] renders the requested [`Format`]s in parallel (rayon) and writes nothing;
//! 3. [`write_outputs_with`] writes each output atomically: `<out>/<name>.epub`,
//!    `<out>/<name>.pdf` and the site in `<out>/html/`, replacing only files that it wrote
//!    before (listed in `<out>/.quire-manifest.json`) and never writing into a folder that holds
//!    the manuscript.
//!
//! ```
//! use quire::{slug, Format, BuildRequest};
//!
//! // The formats `publish build` takes, and the request a tool would pass to `quire::build`.
//! let formats: Vec<Format> = "epub,pdf,html".split(',').map(|f| f.parse()).collect::<Result<_, _>>()?;
//! let request = BuildRequest::new(formats).with_fonts(quire::fonts::load_dir("fonts"));
//! assert_eq!(request.formats, Format::ALL);
//! // Output files are named after the title.
//! assert_eq!(slug("The Quire Handbook"), "the-quire-handbook");
//! # Ok::<(), quire::UnknownFormat>(())
//! ```
//!
//! A whole build, of a book held in memory (`quire_core::Book::load("manuscript")` reads a folder
//! the same way):
//!
//! ```
//! use quire::{build, write_outputs_with, BuildRequest, Format, WriteOptions};
//! use quire_core::{Book, MemorySource};
//!
//! let manuscript = MemorySource::new()
//!     .file("book.toml", "[book]\ntitle = \"Hello\"\n")
//!     .file("src/SUMMARY.md", "- [Hello](hello.md)\n")
//!     .file("src/hello.md", "# Hello\n\nA tiny book.\n");
//! let book = Book::load_from(&manuscript)?;
//! let fonts = quire::fonts::load_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fonts"));
//! let request = BuildRequest::new(Format::ALL.to_vec()).with_fonts(fonts);
//! let report = build(&book, &request);
//! for d in report.diagnostics() {
//!     eprintln!("{}[{}]: {}", d.severity.name(), d.code, d.message);
//! }
//! let out = std::env::temp_dir().join(format!("quire-doc-{}", std::process::id()));
//! for written in write_outputs_with(&report, &out, &WriteOptions::for_book(&book))? {
//!     println!("{}: {}", written.format, written.path.display());
//! }
//! assert!(std::fs::read(out.join("hello.pdf"))?.starts_with(b"%PDF-"));
//! assert!(std::fs::read(out.join("hello.epub"))?.starts_with(b"PK"));
//! assert!(std::fs::read_to_string(out.join("html/index.html"))?.contains("A tiny book."));
//! std::fs::remove_dir_all(&out)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod build;
pub mod cache;
pub mod cover;
pub mod error;
pub mod fonts;
#[cfg(feature = "embedded-fonts")]
mod fonts_builtin;
pub mod output_guard;
pub mod init;
pub mod manifest;
pub mod preprocess;
pub mod renderers;
pub mod site_files;
pub mod system_fonts;
mod temp_files;
pub mod write;

pub use build::{build, build_with_progress, slug, BuildEvent, BuildReport, BuildRequest, Format, FormatResult, UnknownFormat};
pub use error::{Error, Result};
pub use init::init_book;
pub use write::{output_path, write_file_atomic, write_outputs, write_outputs_with, WriteOptions, Written};
