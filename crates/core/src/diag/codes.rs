//! Every diagnostic code, in one typed list: its stable kebab-case name (what `warning[…]` and
//! `--message-format json` print), the stage that reports it, its default severity and a
//! one-line description.
//!
//! The list is one table (the `codes!` macro below) that generates [`Code`], so a use site names a
//! variant (`Code::MissingImage`), never a string: a misspelt code does not compile, and the
//! handbook's table of codes (`manuscript/src/diagnostics.md`) is generated from [`Code::ALL`]
//! and checked against it by a test.
//!
//! The default severity is the one a code is reported with in the common case; a few codes are
//! reported at another severity in one situation (the description then says so). The
//! constructors [`Diagnostic::error`](super::Diagnostic::error) and friends still say the
//! severity at each use site.

use super::Severity;
use serde::{Serialize, Serializer};
use std::fmt;

/// The part of a build that reports a diagnostic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Stage {
    /// Finding and reading the book: configuration, `SUMMARY.md`, chapter files, includes and
    /// preprocessors.
    Load,
    /// Parsing Markdown, raw HTML, math and footnotes into the AST.
    Parse,
    /// Resolving the AST against the book: links, ids, images, the cover.
    Resolve,
    /// Rendering a format: the HTML site, EPUB or PDF.
    Render,
    /// Writing the outputs to disk.
    Write,
    /// The command line itself (`publish`).
    Cli,
    /// The preview server (`publish serve`).
    Serve,
}

impl Stage {
    /// Every stage, in build order.
    pub const ALL: [Stage; 7] = [Stage::Load, Stage::Parse, Stage::Resolve, Stage::Render, Stage::Write, Stage::Cli, Stage::Serve];

    /// The stage's name in lower case, e.g. `resolve`.
    pub const fn name(self) -> &'static str {
        match self {
            Stage::Load => "load",
            Stage::Parse => "parse",
            Stage::Resolve => "resolve",
            Stage::Render => "render",
            Stage::Write => "write",
            Stage::Cli => "cli",
            Stage::Serve => "serve",
        }
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Generates [`Code`] and its tables from one list of rows
/// `(Variant, "kebab-name", stage, default severity, "one-line doc")`.
macro_rules! codes {
    ($(($variant:ident, $name:literal, $stage:expr, $severity:expr, $doc:literal),)*) => {
        /// A diagnostic code: what kind of problem a [`Diagnostic`](super::Diagnostic) reports.
        ///
        /// It prints (and serialises) as its stable kebab-case [`name`](Code::name).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Code {
            $(
                #[doc = concat!("`", $name, "`: ", $doc)]
                $variant,
            )*
        }

        impl Code {
            /// Every code, grouped by stage in build order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable kebab-case name, e.g. `missing-image`.
            pub const fn name(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }

            /// The stage that reports it.
            pub const fn stage(self) -> Stage {
                match self {
                    $(Code::$variant => $stage,)*
                }
            }

            /// The severity it is reported with in the common case.
            pub const fn default_severity(self) -> Severity {
                match self {
                    $(Code::$variant => $severity,)*
                }
            }

            /// What it means, in one line.
            pub const fn doc(self) -> &'static str {
                match self {
                    $(Code::$variant => $doc,)*
                }
            }
        }
    };
}

codes! {
    // Load: the book folder, configuration, SUMMARY.md, chapter files, includes, preprocessors.
    (BookNotFound, "book-not-found", Stage::Load, Severity::Error, "The named book folder does not exist or is not a book."),
    (LoadFailed, "load-failed", Stage::Load, Severity::Error, "The book could not be loaded; the message says why."),
    (ConfigSyntax, "config-syntax", Stage::Load, Severity::Error, "The config file is not valid TOML or JSON; the defaults apply."),
    (ConfigInvalid, "config-invalid", Stage::Load, Severity::Error, "A config value has the wrong type or form (a warning when only that key is ignored)."),
    (ConfigOutOfRange, "config-out-of-range", Stage::Load, Severity::Error, "A number in the config is outside its range or not finite; the default is used."),
    (ConfigUnknownKey, "config-unknown-key", Stage::Load, Severity::Note, "A config key is not a Quire or mdBook setting; it is ignored."),
    (ConfigIgnored, "config-ignored", Stage::Load, Severity::Note, "Part of the configuration is not read (book.js, a table after an error, a key of another tool)."),
    (NoSummary, "no-summary", Stage::Load, Severity::Warning, "There is no SUMMARY.md; the chapters are the Markdown files in name order."),
    (EmptySummary, "empty-summary", Stage::Load, Severity::Warning, "SUMMARY.md lists no chapter."),
    (SummaryStructure, "summary-structure", Stage::Load, Severity::Warning, "SUMMARY.md has numbered chapters or a part title after the suffix chapters."),
    (SummaryExternalLink, "summary-external-link", Stage::Load, Severity::Warning, "A SUMMARY.md entry links to a URL, not to a chapter file; it is left out."),
    (SummaryItemWithoutLink, "summary-item-without-link", Stage::Load, Severity::Warning, "A SUMMARY.md entry has no link; it becomes a draft chapter (a note in a GitBook book)."),
    (SummaryTooDeep, "summary-too-deep", Stage::Load, Severity::Warning, "SUMMARY.md nests chapters too deep; the deeper ones are listed at the deepest level."),
    (MissingChapter, "missing-chapter", Stage::Load, Severity::Error, "A chapter listed in SUMMARY.md does not exist or is a folder."),
    (DuplicateChapter, "duplicate-chapter", Stage::Load, Severity::Warning, "A chapter file is listed more than once in SUMMARY.md; each copy becomes a page."),
    (UnlistedFile, "unlisted-file", Stage::Load, Severity::Warning, "A Markdown file in the source folder is not listed in SUMMARY.md."),
    (UnreadableChapter, "unreadable-chapter", Stage::Load, Severity::Error, "A chapter file cannot be read."),
    (PathEscape, "path-escape", Stage::Load, Severity::Error, "A chapter, include, image, cover or site file lies outside the book folder and every `allow-paths` folder (a warning for the cover)."),
    (NotAFile, "not-a-file", Stage::Load, Severity::Error, "A path names a FIFO, socket, device or other non-regular file; it is not opened (a warning for an image, the cover or a site file)."),
    (FileTooLarge, "file-too-large", Stage::Load, Severity::Error, "A file is over `max-file-size`; it is not read (a warning for an image, the cover or a site file)."),
    (InvalidUtf8, "invalid-utf8", Stage::Load, Severity::Warning, "A text file is not valid UTF-8; the invalid bytes are replaced."),
    (TextEncoding, "text-encoding", Stage::Load, Severity::Note, "A text file starts with a UTF-16 or UTF-32 byte-order mark and is decoded as such."),
    (IncludeMissing, "include-missing", Stage::Load, Severity::Error, "An included file does not exist."),
    (IncludeUnreadable, "include-unreadable", Stage::Load, Severity::Error, "An included file cannot be read."),
    (IncludeCycle, "include-cycle", Stage::Load, Severity::Error, "Files include each other in a cycle."),
    (IncludeDepth, "include-depth", Stage::Load, Severity::Error, "Includes nest too deep."),
    (IncludeTooLarge, "include-too-large", Stage::Load, Severity::Error, "A chapter would grow past `max-include-size` through its includes; the rest are left out."),
    (IncludeAnchorMissing, "include-anchor-missing", Stage::Load, Severity::Warning, "An include names an anchor the included file does not have."),
    (PreprocessorMissing, "preprocessor-missing", Stage::Load, Severity::Warning, "An optional preprocessor's command is not installed; it is skipped."),
    (PreprocessorSkipped, "preprocessor-skipped", Stage::Load, Severity::Note, "A preprocessor does not support a renderer and is not run for it."),
    (PreprocessorNative, "preprocessor-native", Stage::Load, Severity::Note, "A preprocessor whose blocks Quire reads itself is not installed; Quire reads them."),
    (PreprocessorFailed, "preprocessor-failed", Stage::Load, Severity::Error, "A preprocessor failed; nothing is written."),
    (TemplateUnknownVariable, "template-unknown-variable", Stage::Load, Severity::Warning, "A GitBook `{{ book.x }}` names a variable `book.json` does not define; it is left as written."),
    (NotFoundPageMissing, "not-found-page-missing", Stage::Load, Severity::Warning, "The `input-404` file named in book.toml does not exist; the site's 404 page is Quire's own."),
    // Parse: Markdown, raw HTML, math, footnotes.
    (HeadingNoSpace, "heading-no-space", Stage::Parse, Severity::Warning, "A `#` starts a line but no space follows it, so it is not a heading."),
    (NestingTooDeep, "nesting-too-deep", Stage::Parse, Severity::Warning, "Markdown or raw HTML nests too deep; the deeper levels are flattened."),
    (MathTooDeep, "math-too-deep", Stage::Parse, Severity::Error, "TeX math nests groups too deep; it is shown as source."),
    (DuplicateFootnote, "duplicate-footnote", Stage::Parse, Severity::Warning, "A footnote is defined twice."),
    (UndefinedFootnote, "undefined-footnote", Stage::Parse, Severity::Warning, "A footnote reference has no definition."),
    (UnusedFootnote, "unused-footnote", Stage::Parse, Severity::Note, "A footnote is defined but never referenced."),
    (RawHtmlEmbed, "raw-html-embed", Stage::Parse, Severity::Note, "Raw HTML embeds media that has no meaning on paper; EPUB and PDF show a placeholder."),
    (RawHtmlTagTooLong, "raw-html-tag-too-long", Stage::Parse, Severity::Warning, "A raw HTML tag is too long; the attributes past the limit are dropped."),
    (GitbookBlockUnknown, "gitbook-block-unknown", Stage::Parse, Severity::Note, "A GitBook block tag (`{% swagger %}` …) that Quire does not know; its tags are left out and its content kept."),
    (GitbookBlockUnclosed, "gitbook-block-unclosed", Stage::Parse, Severity::Warning, "A GitBook block tag (`{% hint %}` …) is not closed at its level, or an end tag closes nothing."),
    (RawHtmlLang, "raw-html-lang", Stage::Parse, Severity::Warning, "A raw HTML `lang` attribute is not a BCP 47 language tag; the element takes its parent's language."),
    (MathInvalid, "math-invalid", Stage::Parse, Severity::Warning, "TeX math cannot be read (an unknown command, unbalanced braces, an empty formula); every format shows its source."),
    // Resolve: links, ids, images, the cover.
    (DuplicateId, "duplicate-id", Stage::Resolve, Severity::Warning, "A heading id is used more than once."),
    (BrokenLink, "broken-link", Stage::Resolve, Severity::Warning, "A link leads to no chapter or anchor of the book."),
    (LinkToFile, "link-to-file", Stage::Resolve, Severity::Note, "Links lead to files of the book that are not chapters: the site copies and links them; the EPUB and the PDF keep the link text."),
    (UrlSchemeRefused, "url-scheme-refused", Stage::Resolve, Severity::Warning, "A link or image uses a URL scheme not in `allowed-url-schemes`; it is dropped."),
    (EmptyImage, "empty-image", Stage::Resolve, Severity::Warning, "An image has no path."),
    (RemoteImage, "remote-image", Stage::Resolve, Severity::Warning, "An image is a URL; it is not downloaded."),
    (MissingImage, "missing-image", Stage::Resolve, Severity::Warning, "An image file does not exist."),
    (UnreadableImage, "unreadable-image", Stage::Resolve, Severity::Warning, "An image file cannot be read."),
    (ImageTooLarge, "image-too-large", Stage::Resolve, Severity::Warning, "An image declares more pixels than `max-image-pixels`; a placeholder takes its place."),
    (MissingCover, "missing-cover", Stage::Resolve, Severity::Warning, "The configured cover image does not exist, or its path is empty or a URL."),
    (UnreadableCover, "unreadable-cover", Stage::Resolve, Severity::Warning, "The cover image cannot be read."),
    (MissingMedia, "missing-media", Stage::Resolve, Severity::Warning, "A `<video>`, `<audio>`, `<source>` or `<track>` names a file the book does not have."),
    // Render: the XHTML writer, the site, EPUB, PDF.
    (MissingAlt, "missing-alt", Stage::Render, Severity::Warning, "An image has no alt text."),
    (MathUnsupported, "math-unsupported", Stage::Render, Severity::Warning, "TeX math could not be converted to MathML; it is shown as source."),
    (RawHtmlRemoved, "raw-html-removed", Stage::Render, Severity::Note, "The sanitiser removed raw HTML (a script, a handler, an unknown element)."),
    (RedirectInvalid, "redirect-invalid", Stage::Render, Severity::Warning, "A redirect in `[output.html.redirect]` is not a page path or names an existing page."),
    (SiteFileInvalid, "site-file-invalid", Stage::Render, Severity::Warning, "An `additional-css` or `additional-js` entry is not a path inside the book; it is left out."),
    (SiteFileMissing, "site-file-missing", Stage::Render, Severity::Warning, "An `additional-css` or `additional-js` file cannot be read; the site goes without it."),
    (EpubCoverMissing, "epub-cover-missing", Stage::Render, Severity::Warning, "The EPUB's configured cover image was not loaded."),
    (EpubCoverType, "epub-cover-type", Stage::Render, Severity::Warning, "The cover's image type is one EPUB readers need not support."),
    (EpubImageType, "epub-image-type", Stage::Render, Severity::Warning, "An image is not an EPUB core media type; the EPUB shows a placeholder."),
    (EpubFont, "epub-font", Stage::Render, Severity::Warning, "A font cannot be embedded in the EPUB."),
    (EpubUnregisteredScheme, "epub-unregistered-scheme", Stage::Render, Severity::Note, "Links use a URL scheme EPUB does not register; the EPUB keeps their text only."),
    (PdfPageSize, "pdf-page-size", Stage::Render, Severity::Warning, "The PDF page size is unknown; the default is used."),
    (PdfImagePlaceholder, "pdf-image-placeholder", Stage::Render, Severity::Warning, "An image cannot be shown in the PDF; it shows a placeholder."),
    (PdfMissingGlyph, "pdf-missing-glyph", Stage::Render, Severity::Warning, "Characters have no glyph in any PDF font."),
    (RenderFailed, "render-failed", Stage::Render, Severity::Error, "A format could not be produced at all; its previous output is kept."),
    (PdfMathUnsupported, "pdf-math-unsupported", Stage::Render, Severity::Warning, "TeX math could not be typeset in the PDF; its source is shown in a frame."),
    (PdfUaImageAlt, "pdf-ua-image-alt", Stage::Render, Severity::Error, "An image has no alt text, which PDF/UA (`standard = \"ua-1\"`) forbids."),
    (PdfUaHeadingSkip, "pdf-ua-heading-skip", Stage::Render, Severity::Error, "A heading skips a level after the one before it, which PDF/UA (`standard = \"ua-1\"`) forbids."),
    (RendererMissing, "renderer-missing", Stage::Render, Severity::Warning, "An optional external renderer's command is not installed; it is skipped."),
    (RendererFailed, "renderer-failed", Stage::Render, Severity::Error, "An external renderer (`[output.NAME]` with a command) failed; nothing is written."),
    (PdfTableTooWide, "pdf-table-too-wide", Stage::Render, Severity::Warning, "A table is too wide for the PDF's text even in smaller type; its cells break inside words."),
    // Write: the outputs on disk.
    (WriteFailed, "write-failed", Stage::Write, Severity::Error, "An output could not be written."),
    (OutputHoldsManuscript, "output-holds-manuscript", Stage::Write, Severity::Error, "The output folder holds the manuscript; nothing is written there."),
    (OutputNotOwned, "output-not-owned", Stage::Write, Severity::Error, "The output folder holds files Quire did not write; it is not emptied."),
    // Cli: the command line.
    (NoBook, "no-book", Stage::Cli, Severity::Error, "No book folder was found where the command looked."),
    (InitFailed, "init-failed", Stage::Cli, Severity::Error, "`publish init` could not create the book."),
    // Serve: the preview server.
    (ServeFailed, "serve-failed", Stage::Serve, Severity::Error, "The preview server could not start."),
    (OpenFailed, "open-failed", Stage::Serve, Severity::Error, "No browser could be opened."),
    (WatchFailed, "watch-failed", Stage::Serve, Severity::Error, "The book's files cannot be watched for changes."),
    (RebuildCrashed, "rebuild-crashed", Stage::Serve, Severity::Error, "A rebuild of the preview stopped on an internal error."),
}

impl Code {
    /// The code with this kebab-case name, if there is one.
    pub fn from_name(name: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.name() == name)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl AsRef<str> for Code {
    fn as_ref(&self) -> &str {
        self.name()
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.name() == other
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.name() == *other
    }
}

impl PartialEq<Code> for &str {
    fn eq(&self, other: &Code) -> bool {
        *self == other.name()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_kebab_case_and_round_trip() {
        let mut seen = std::collections::HashSet::new();
        for &c in Code::ALL {
            let n = c.name();
            assert!(seen.insert(n), "{n} twice");
            assert!(n.split('-').all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())), "{n}");
            assert_eq!(Code::from_name(n), Some(c));
            assert_eq!(c.to_string(), n);
            assert_eq!(serde_json::to_string(&c).ok(), Some(format!("\"{n}\"")));
        }
        assert_eq!(Code::from_name("path-escapes-root"), None, "one code for a path outside the book");
    }

    #[test]
    fn docs_are_one_line_sentences_and_stages_in_order() {
        for &c in Code::ALL {
            let d = c.doc();
            assert!(!d.contains('\n') && !d.contains('|') && d.ends_with('.'), "{c}: {d}");
        }
        let stages: Vec<Stage> = Code::ALL.iter().map(|c| c.stage()).collect();
        assert!(stages.windows(2).all(|w| w[0] <= w[1]), "the list is grouped by stage in build order");
    }

    #[test]
    fn compares_with_its_name() {
        assert!(Code::MissingImage == "missing-image");
        assert!("path-escape" == Code::PathEscape);
        assert!(Code::PathEscape != "missing-image");
    }
}
