//! Quire's typesetting engine: a resolved [`Book`] → the page [`model::Document`].
//!
//! Paragraphs are itemized by face, shaped with rustybuzz (through the [`FontBook`]), broken by
//! UAX #14 plus CLREQ rules ([`cjk`], `linebreak`) and justified with Knuth–Plass
//! (`knuth_plass`, [`paragraph`]), with CJK inter-character glue, punctuation compression, the
//! quarter-em Han–Latin space and English hyphenation. Blocks become a vertical list of chunks
//! (`blocks`), chapters are paginated in parallel (`chapter`, `flow`), then the front
//! matter (cover page, title page, contents with page numbers) is set and everything is assembled with
//! running heads, folios, page labels, outline and resolved links (`assemble`).

pub(crate) mod assemble;
pub(crate) mod blocks;
pub(crate) mod chapter;
pub(crate) mod chunk;
pub mod cjk;
pub(crate) mod code;
pub(crate) mod cover;
pub(crate) mod figure;
pub(crate) mod flow;
pub(crate) mod html;
pub(crate) mod hyphenate;
pub mod inline;
pub(crate) mod knuth_plass;
pub(crate) mod linebreak;
pub(crate) mod list;
pub(crate) mod math;
pub(crate) mod missing;
pub(crate) mod page;
pub(crate) mod running_head;
pub mod paragraph;
pub(crate) mod ruby;
pub mod shape;
pub(crate) mod table;
pub(crate) mod toc;
mod url;
#[cfg(test)]
mod struct_lang_tests;
#[cfg(test)]
pub(crate) mod parallel_tests;

use crate::fonts::FontBook;
use crate::model;
use quire_core::{Book, ChapterId, Diagnostic};

pub use cjk::Strictness;

/// Typesetting choices not in the book's configuration.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct LayoutOptions {
    /// How strictly CLREQ line-start rules apply.
    pub strictness: Strictness,
    /// Let a full-width closing mark at a line end be set half-width.
    pub line_end_half: bool,
    /// Hyphenate English text.
    pub hyphenate: bool,
    /// Top-level chapters open on a recto (right-hand) page, leaving a blank verso if needed.
    pub chapters_recto: bool,
    /// Set chapters on several threads.
    pub parallel: bool,
    /// Start with a title page.
    pub title_page: bool,
    /// Include a table of contents.
    pub toc: bool,
    /// Open with the book's cover image as a full page (when the book has a cover; see
    /// the `cover` module). The print profile turns it off: its cover is a separate file.
    pub cover_page: bool,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions {
            strictness: Strictness::Strict,
            line_end_half: false,
            hyphenate: true,
            chapters_recto: true,
            parallel: true,
            title_page: true,
            toc: true,
            cover_page: true,
        }
    }
}

/// What a set line is, so tests can apply the right rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// Body text (paragraphs, list items, quotes).
    Body,
    /// A heading.
    Heading,
    /// A line of a code block.
    Code,
    /// A table cell line.
    Table,
    /// A footnote line.
    Footnote,
    /// A contents entry.
    Toc,
    /// Captions, math, labels.
    Other,
}

/// One set line, for tests and diagnostics.
#[derive(Debug, Clone, PartialEq)]
pub struct LineInfo {
    /// The line's text as set (a trailing `-` for a hyphenated break).
    pub text: String,
    /// Width used, in points.
    pub width: f32,
    /// The measure it was set to.
    pub measure: f32,
    /// The chapter, `None` for front matter.
    pub chapter: Option<ChapterId>,
    /// What kind of line.
    pub kind: LineKind,
    /// First line of its paragraph.
    pub first: bool,
    /// Last line of its paragraph.
    pub last: bool,
    /// Starts after a hard line break.
    pub after_forced: bool,
    /// Page index in the document (0-based).
    pub page: usize,
}

/// Lays out `book` into pages; diagnostics are warnings about the PDF (placeholders for images,
/// missing glyphs, unknown page sizes).
pub fn layout(book: &Book, fonts: &FontBook, opts: &LayoutOptions) -> (model::Document, Vec<Diagnostic>) {
    let (doc, diags, _) = assemble::layout_full(book, fonts, opts, false);
    (doc, diags)
}

/// Lays out `book` and returns every set line of every page (for tests that check rules over a
/// whole book).
pub fn layout_lines(book: &Book, fonts: &FontBook, opts: &LayoutOptions) -> Vec<LineInfo> {
    assemble::layout_full(book, fonts, opts, true).2
}

/// The words the PDF writes (labels, "Contents"): the book's language's (configured, or guessed
/// from the text when the book was loaded), with `[quire.labels]` on top.
pub(crate) fn words(book: &Book) -> quire_core::i18n::Words {
    quire_core::i18n::Words::for_config(&book.config)
}

/// True when the book's language (configured, or guessed from its text when it was loaded) is
/// Chinese, Japanese or Korean. It decides the page design only (line pitch, indents, paragraph
/// gaps, separators in labels); text is set by the rules of its own language ([`book_lang`],
/// element `lang` attributes and the script of the characters, see
/// [`quire_core::text_lang::segments`]).
pub(crate) fn is_cjk_book(book: &Book) -> bool {
    book.config.is_cjk()
}

/// The book's language, as the text rules know it: the language of every run no element or
/// script says otherwise of.
pub(crate) fn book_lang(book: &Book) -> quire_core::text_lang::TextLang {
    quire_core::text_lang::TextLang::from_tag(book.language())
}
