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
//! A whole build:
//!
//! ```no_run
//! use quire::{build, write_outputs_with, BuildRequest, Format, WriteOptions};
//! let book = quire_core::Book::load("manuscript")?;
//! let request = BuildRequest::new(Format::ALL.to_vec())
//!     .with_fonts(quire::fonts::load_dir(quire::fonts::default_dir()));
//! let report = build(&book, &request);
//! for d in report.diagnostics() {
//!     eprintln!("{:?}[{}]: {}", d.severity, d.code, d.message);
//! }
//! for written in write_outputs_with(&report, "book".as_ref(), &WriteOptions::for_book(&book))? {
//!     println!("{}: {}", written.format, written.path.display());
//! }
//! # Ok::<(), quire::Error>(())
//! ```

pub mod build;
pub mod cache;
pub mod cover;
pub mod error;
pub mod fonts;
pub mod output_guard;
pub mod init;
pub mod manifest;
pub mod preprocess;
pub mod site_files;
pub mod system_fonts;
mod temp_files;
pub mod write;

pub use build::{build, build_with_progress, slug, BuildEvent, BuildReport, BuildRequest, Format, FormatResult, UnknownFormat};
pub use error::{Error, Result};
pub use init::init_book;
pub use write::{output_path, write_file_atomic, write_outputs, write_outputs_with, WriteOptions, Written};
