//! Book layout detection: which tool a manuscript folder was written for, from the files at its
//! root (`book.toml`, `book.json`, `book.ini`, `SUMMARY.md`).

use crate::source::Source;
use std::path::Path;

/// The kind of book folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Layout {
    /// mdBook: `book.toml`, sources in `src/` (or `[book] src`), `src/SUMMARY.md`.
    MdBook,
    /// GitBook/HonKit: `book.json` (or HonKit's `book.js`, not read) and/or `SUMMARY.md` at the root, `README.md` as introduction.
    GitBook,
    /// WaBook: `book.ini` (TOML-like), `SUMMARY.md` at the root.
    WaBook,
    /// Markdown files and nothing else.
    Plain,
}

impl Layout {
    /// Detects the layout of the book in `source` whose root is `root`.
    pub fn detect(source: &dyn Source, root: &Path) -> Layout {
        let is_file = |name: &str| source.is_file(&root.join(name));
        if is_file("book.toml") {
            Layout::MdBook
        } else if is_file("book.json") || is_file("book.js") {
            Layout::GitBook
        } else if is_file("book.ini") {
            Layout::WaBook
        } else if is_file("SUMMARY.md") {
            Layout::GitBook
        } else if source.is_file(&root.join("src").join("SUMMARY.md")) {
            Layout::MdBook
        } else {
            Layout::Plain
        }
    }

    /// The config file name of this layout, if it has one.
    pub fn config_file(self) -> Option<&'static str> {
        match self {
            Layout::MdBook => Some("book.toml"),
            Layout::GitBook => Some("book.json"),
            Layout::WaBook => Some("book.ini"),
            Layout::Plain => None,
        }
    }

    /// The default source folder, relative to the root.
    pub fn default_src(self) -> &'static str {
        match self {
            Layout::MdBook => "src",
            _ => ".",
        }
    }
}
