//! Book configuration as serde structs.
//!
//! `book.toml` follows mdBook's keys where they mean the same thing (`[book]`, `[build]`,
//! `[output.html]`), so existing mdBook books load unchanged; Quire's own settings live in
//! `[quire]`, `[output.epub]` and `[output.pdf]`. GitBook's `book.json` and WaBook's `book.ini` are
//! mapped onto the same structs by the loader.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The default cap on the size of a file read from the manuscript: 64 MiB.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// The default cap on the text one chapter may grow to through its includes: 16 MiB.
pub const DEFAULT_MAX_INCLUDE_SIZE: u64 = 16 * 1024 * 1024;

/// The default cap on an image's declared width × height: 100 megapixels.
pub const DEFAULT_MAX_IMAGE_PIXELS: u64 = 100_000_000;

/// The whole configuration.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "kebab-case")]
#[non_exhaustive]
pub struct BookConfig {
    /// `[book]`
    pub book: BookMeta,
    /// `[build]`
    pub build: BuildConfig,
    /// `[quire]`: parsing and resolution settings.
    pub quire: QuireConfig,
    /// `[output.*]`
    pub output: OutputConfig,
    /// `[preprocessor.*]` tables of mdBook books: run by `publish build` (the `quire` crate).
    pub preprocessor: BTreeMap<String, toml::Value>,
    /// `[rust]` of mdBook books: `edition` is the site playground's edition; other keys are noted.
    pub rust: BTreeMap<String, toml::Value>,
}

impl BookConfig {
    /// The language tag, `"en"` when unset.
    pub fn language(&self) -> &str {
        self.book.language.as_deref().filter(|s| !s.is_empty()).unwrap_or("en")
    }

    /// The title; when unset, the word `untitled` of the translation table (`"Untitled"` in
    /// English), or its `[quire.labels]` replacement.
    pub fn title(&self) -> &str {
        if let Some(t) = self.book.title.as_deref().filter(|s| !s.is_empty()) {
            return t;
        }
        match self.quire.labels.get("untitled") {
            Some(t) => t,
            None => crate::i18n::table_word(crate::i18n::Locale::from_tag(self.language()), "untitled").unwrap_or("Untitled"),
        }
    }

    /// True when the book's language is Chinese, Japanese or Korean.
    pub fn is_cjk(&self) -> bool {
        let l = self.language().to_ascii_lowercase();
        ["zh", "ja", "ko"].iter().any(|p| l == *p || l.starts_with(&format!("{p}-")))
    }
}

/// `[book]`: the same keys as mdBook.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "kebab-case")]
#[non_exhaustive]
pub struct BookMeta {
    /// Title.
    pub title: Option<String>,
    /// Authors.
    pub authors: Vec<String>,
    /// Description.
    pub description: Option<String>,
    /// BCP 47 language tag.
    pub language: Option<String>,
    /// Source folder, relative to the root (`src` for mdBook books, `.` for GitBook).
    pub src: Option<PathBuf>,
    /// mdBook's `multilingual` (ignored).
    pub multilingual: Option<bool>,
    /// mdBook's `text-direction`.
    pub text_direction: Option<String>,
    /// Publisher (EPUB/PDF metadata).
    pub publisher: Option<String>,
    /// Subjects (EPUB metadata).
    pub subjects: Vec<String>,
    /// A stable unique identifier (URN/ISBN/UUID); derived when unset.
    pub identifier: Option<String>,
    /// Cover image, relative to the source folder.
    pub cover: Option<PathBuf>,
}

/// `[build]`
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "kebab-case")]
#[non_exhaustive]
pub struct BuildConfig {
    /// Output folder (mdBook's `build-dir`), relative to the root.
    pub build_dir: Option<PathBuf>,
    /// mdBook's `create-missing` (ignored: Quire never writes into the manuscript).
    pub create_missing: Option<bool>,
    /// mdBook's `use-default-preprocessors` (ignored).
    pub use_default_preprocessors: Option<bool>,
    /// mdBook's `extra-watch-dirs`.
    pub extra_watch_dirs: Vec<PathBuf>,
}

/// `[quire]`: Quire's own parsing settings.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
#[non_exhaustive]
pub struct QuireConfig {
    /// GitBook-compatible Markdown quirks (`#title`, image paths with spaces). Default: on for
    /// GitBook books, off otherwise.
    pub gitbook_compat: Option<bool>,
    /// CJK-friendly emphasis (markdown-it-cjk-friendly). Default: on when the language is CJK.
    pub cjk_emphasis: Option<bool>,
    /// Smart punctuation (quotes, dashes). Default: off (mdBook's `output.html.smart-punctuation`
    /// also turns it on).
    pub smart_punctuation: Option<bool>,
    /// Numbering of figures, tables and listings.
    pub numbering: NumberingConfig,
    /// Folders outside the book root that includes and images may read from.
    pub allow_paths: Vec<PathBuf>,
    /// URL schemes that links and images may use besides `http`, `https`, `mailto` and `tel`
    /// (e.g. `["ftp", "irc"]`); links with any other scheme are dropped with a warning.
    pub allowed_url_schemes: Vec<String>,
    /// The largest file the book may read (chapters, includes, images, the cover): bytes, or a
    /// string such as `"64 MiB"`. Default [`DEFAULT_MAX_FILE_SIZE`].
    pub max_file_size: Option<crate::byte_size::ByteSize>,
    /// The most pixels (width × height, from the image's header) an image may declare. Default
    /// [`DEFAULT_MAX_IMAGE_PIXELS`].
    pub max_image_pixels: Option<u64>,
    /// The most text one chapter may grow to through its includes (`{{#include}}`,
    /// `{% include %}`): bytes, or a string such as `"16 MiB"`. Default
    /// [`DEFAULT_MAX_INCLUDE_SIZE`]. An include past it is left out with an
    /// `include-too-large` error, so a fan-out of small files cannot grow a chapter to gigabytes.
    pub max_include_size: Option<crate::byte_size::ByteSize>,
    /// Seconds an mdBook preprocessor may run (per call) before it is stopped and the build
    /// fails. Default [`QuireConfig::DEFAULT_PREPROCESSOR_TIMEOUT`].
    pub preprocessor_timeout: Option<u64>,
    /// Seconds an external renderer (`[output.NAME]` with a command) may run before it is
    /// stopped and the build fails. Default [`QuireConfig::DEFAULT_RENDERER_TIMEOUT`].
    pub renderer_timeout: Option<u64>,
    /// Words Quire writes, replaced (`listing = "Code"`, `chapter = "Part {n}"`): see
    /// [`crate::i18n::TABLE`] for the keys.
    pub labels: BTreeMap<String, String>,
}

impl QuireConfig {
    /// The default of `preprocessor-timeout`, in seconds.
    pub const DEFAULT_PREPROCESSOR_TIMEOUT: u64 = 120;

    /// The default of `renderer-timeout`, in seconds.
    pub const DEFAULT_RENDERER_TIMEOUT: u64 = 600;

    /// `renderer-timeout`, or the default.
    pub fn renderer_timeout(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.renderer_timeout.unwrap_or(Self::DEFAULT_RENDERER_TIMEOUT))
    }

    /// `preprocessor-timeout`, or the default.
    pub fn preprocessor_timeout(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.preprocessor_timeout.unwrap_or(Self::DEFAULT_PREPROCESSOR_TIMEOUT))
    }

    /// `max-file-size` in bytes, or the default.
    pub fn max_file_size(&self) -> u64 {
        self.max_file_size.map_or(DEFAULT_MAX_FILE_SIZE, |b| b.0)
    }

    /// `max-include-size` in bytes, or the default.
    pub fn max_include_size(&self) -> u64 {
        self.max_include_size.map_or(DEFAULT_MAX_INCLUDE_SIZE, |b| b.0)
    }

    /// `max-image-pixels`, or the default.
    pub fn max_image_pixels(&self) -> u64 {
        self.max_image_pixels.unwrap_or(DEFAULT_MAX_IMAGE_PIXELS)
    }
}

/// What gets numbered.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
#[non_exhaustive]
pub struct NumberingConfig {
    /// Number figures ("Figure 2.1"). Default: off, as in mdBook and GitBook.
    pub figures: Option<bool>,
    /// Number tables. Default: off.
    pub tables: Option<bool>,
    /// Number code listings. Default: off.
    pub listings: Option<bool>,
    /// Number headings inside chapters below the chapter number ("2.1.3").
    pub sections: Option<bool>,
    /// Number display formulas ("(2.1)" at the right of the formula, in every format). Default:
    /// off.
    pub equations: Option<bool>,
}

/// `[output.*]`
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "kebab-case")]
#[non_exhaustive]
pub struct OutputConfig {
    /// `[output.html]` (mdBook's keys; unknown ones are ignored with a warning by the loader).
    pub html: HtmlConfig,
    /// `[output.epub]`
    pub epub: EpubConfig,
    /// `[output.pdf]`
    pub pdf: PdfConfig,
    /// Other renderers' tables (`[output.linkcheck]` …): external renderers, run by the build
    /// (the `quire` crate) as mdBook runs them.
    #[serde(flatten)]
    pub other: BTreeMap<String, toml::Value>,
}

/// `[output.html]`: mdBook's keys that Quire honours, plus its own.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "kebab-case")]
#[non_exhaustive]
pub struct HtmlConfig {
    /// Smart punctuation (mdBook key).
    pub smart_punctuation: Option<bool>,
    /// mdBook's `mathjax-support`: `\\(`…`\\)` and `\\[`…`\\]` are math.
    pub mathjax_support: Option<bool>,
    /// Repository URL for the header icon.
    pub git_repository_url: Option<String>,
    /// "Edit this page" URL template with `{path}`.
    pub edit_url_template: Option<String>,
    /// Site URL prefix (for the 404 page).
    pub site_url: Option<String>,
    /// Raw HTML on the site: sanitised (the default) or kept as written, as mdBook does.
    pub raw_html: RawHtml,
    /// `[output.html.code]` (mdBook's keys).
    pub code: HtmlCodeConfig,
    /// mdBook's `additional-css`: stylesheets (paths from the book root) copied onto the site and
    /// linked on every page after Quire's own, in this order.
    pub additional_css: Vec<PathBuf>,
    /// mdBook's `additional-js`: scripts (paths from the book root) copied onto the site and
    /// loaded on every page after Quire's own, in this order.
    pub additional_js: Vec<PathBuf>,
    /// `[output.html.redirect]` (mdBook's): a page path of the site (`/old/page.html`) → the URL
    /// it sends the reader to; each becomes a small redirect page.
    pub redirect: BTreeMap<String, String>,
    /// `[output.html.print]` (mdBook's): the print page.
    pub print: HtmlPrintConfig,
    /// mdBook's `cname`: the site's custom domain (`book.example.com`), written to a `CNAME`
    /// file at the site's root, as GitHub Pages reads it.
    pub cname: Option<String>,
    /// `[output.html.fold]` (mdBook's): the sidebar folds chapters with sub-chapters.
    pub fold: HtmlFoldConfig,
    /// `[output.html.search]` (mdBook's keys that mean something for Quire's search).
    pub search: HtmlSearchConfig,
    /// mdBook's `input-404`: the Markdown file (from the source folder) of the site's 404 page;
    /// `404.md` when unset and that file exists.
    #[serde(rename = "input-404")]
    pub input_404: Option<String>,
    /// Quire's own: extra links at the end of the site's sidebar, in order
    /// (`sidebar-links = [{ title = "Home", url = "https://example.com" }]`; GitBook's
    /// `links.sidebar` maps here). Only `http`, `https`, `mailto` and relative URLs are kept.
    pub sidebar_links: Vec<SidebarLink>,
    /// `[output.html.playground]` (mdBook's keys; `playpen` is its old name): Rust blocks get a
    /// Run button.
    #[serde(alias = "playpen")]
    pub playground: PlaygroundConfig,
    /// Everything else mdBook knows (theme, google-analytics …): accepted, not used.
    #[serde(flatten)]
    pub other: BTreeMap<String, toml::Value>,
}

/// `[output.html.playground]`: mdBook's keys and defaults. The reader's browser sends runnable
/// Rust blocks to play.rust-lang.org; the build needs no network.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "kebab-case")]
#[non_exhaustive]
pub struct PlaygroundConfig {
    /// Rust blocks get a Run button unless marked `ignore` or `noplayground` (default on).
    pub runnable: Option<bool>,
    /// Blocks marked `editable` can be edited before they run (default off).
    pub editable: Option<bool>,
    /// A copy button on every code block (default on).
    pub copyable: Option<bool>,
    /// mdBook's `copy-js` (its editor's files): accepted; Quire's site needs no extra files.
    pub copy_js: Option<bool>,
    /// Line numbers on editable blocks (default off).
    pub line_numbers: Option<bool>,
}

/// One of `[output.html] sidebar-links`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
#[non_exhaustive]
pub struct SidebarLink {
    /// The link's text.
    pub title: String,
    /// Where it leads.
    pub url: String,
}

impl SidebarLink {
    /// A link.
    pub fn new(title: impl Into<String>, url: impl Into<String>) -> Self {
        SidebarLink { title: title.into(), url: url.into() }
    }

    /// True when its URL is `http(s)`, `mailto` or relative (no other scheme, no `javascript:`).
    pub fn is_safe(&self) -> bool {
        let u = self.url.trim();
        match u.split_once(':') {
            Some((scheme, _)) if !scheme.contains(['/', '?', '#']) => {
                matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https" | "mailto")
            }
            _ => !u.is_empty(),
        }
    }
}

/// What the site does with raw HTML in the manuscript (`[output.html] raw-html`). EPUB and PDF
/// always sanitise.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum RawHtml {
    /// Re-serialise it through the allow-list: scripts, event handlers and unsafe URLs removed.
    #[default]
    Sanitize,
    /// Write it as is (mdBook's behaviour): the author vouches for it.
    Keep,
}

/// `[output.html.code]`
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
#[non_exhaustive]
pub struct HtmlCodeConfig {
    /// Hidden-line prefix per language (`python = "~"`): lines starting with it are hidden, as in
    /// mdBook. Rust uses rustdoc's `# ` rules unless a prefix is given here.
    pub hidelines: BTreeMap<String, String>,
}

/// `[output.html.print]`: mdBook's print page (`print.html`, the whole book on one page).
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
#[non_exhaustive]
pub struct HtmlPrintConfig {
    /// `false`: no print page, and no print button on the pages (default `true`).
    pub enable: Option<bool>,
    /// `false`: the print page's chapters follow each other with no page break between them
    /// when printed (default `true`).
    pub page_break: Option<bool>,
}

/// `[output.html.fold]`: mdBook's folding sidebar.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "kebab-case")]
#[non_exhaustive]
pub struct HtmlFoldConfig {
    /// `true`: chapters with sub-chapters get a toggle, and their sub-chapters are folded below
    /// [`HtmlFoldConfig::level`] (default off: every level is shown).
    pub enable: Option<bool>,
    /// Levels shown unfolded: `0` (the default) folds every chapter's sub-chapters, `1` shows the
    /// top level's and folds below it. The current chapter and its ancestors are always open.
    pub level: Option<u32>,
}

/// `[output.html.search]`: mdBook's search keys, as Quire's site search reads them.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "kebab-case")]
#[non_exhaustive]
pub struct HtmlSearchConfig {
    /// `false`: no search index, no search box (default `true`).
    pub enable: Option<bool>,
    /// Most results a query shows (default 30).
    pub limit_results: Option<u32>,
    /// Words in a result's teaser (default 30; a word of Chinese, Japanese or Korean text is two
    /// characters, the unit the search uses).
    pub teaser_word_count: Option<u32>,
    /// `true`: a result has every word of the query; `false`: any of them. Unset: every word,
    /// or any of them when no section has every word.
    pub use_boolean_and: Option<bool>,
    /// Weight of a match in a section's heading (default 2).
    pub boost_title: Option<u8>,
    /// Weight of a match in the chapter and parent headings of a section (default 1).
    pub boost_hierarchy: Option<u8>,
    /// Weight of a match in a section's text (default 1).
    pub boost_paragraph: Option<u8>,
    /// `true` (the default): a query word also finds the words it begins.
    pub expand: Option<bool>,
    /// Headings of this level or higher start a search result of their own; deeper ones are part
    /// of the section above (Quire's default: every heading).
    pub heading_split_level: Option<u8>,
    /// Per chapter file or folder (from the source folder): `{ enable = false }` keeps it out of
    /// the search index.
    pub chapter: BTreeMap<String, SearchChapterConfig>,
}

/// One entry of `[output.html.search.chapter]`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "kebab-case")]
#[non_exhaustive]
pub struct SearchChapterConfig {
    /// `false`: the chapter (or every chapter in the folder) is not searchable.
    pub enable: Option<bool>,
}

/// `[output.epub]`
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
#[non_exhaustive]
pub struct EpubConfig {
    /// Embed (subset) fonts. Default on.
    pub embed_fonts: Option<bool>,
    /// Cover image (overrides `[book] cover`).
    pub cover: Option<PathBuf>,
    /// Stylesheets (paths from the book root) appended to the EPUB's own, in order (GitBook's
    /// `styles.ebook` and `styles.epub` map here).
    pub additional_css: Vec<PathBuf>,
}

/// `[output.pdf]`
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
#[non_exhaustive]
pub struct PdfConfig {
    /// Trim size by name (`a4`, `a5`, `b5`, `16k`, `6x9in`) or `WIDTHxHEIGHTmm`.
    pub page_size: Option<String>,
    /// Font size of body text in points.
    pub font_size: Option<f32>,
    /// Inner (binding) margin in mm.
    pub margin_inner: Option<f32>,
    /// Outer margin in mm.
    pub margin_outer: Option<f32>,
    /// Top margin in mm.
    pub margin_top: Option<f32>,
    /// Bottom margin in mm.
    pub margin_bottom: Option<f32>,
    /// Font families tried first (fonts in the fonts folder or installed on the system), one
    /// list or lists by language: `fonts.ja = ["Noto Serif CJK JP"]`.
    pub fonts: crate::config_fonts::FontChoice,
    /// Look for installed system fonts when the given ones miss characters or the book's
    /// language wants another region's glyph forms (default on; `false` for reproducible builds).
    pub system_fonts: Option<bool>,
    /// How strictly CJK line-start rules apply, as CSS `line-break` (`strict`, the default:
    /// small kana and `ー` never start a line; `normal`; `loose`).
    pub line_break: Option<LineBreak>,
    /// The running head on verso pages, in place of the book title (a short title for a long
    /// one). Either is shortened with an ellipsis when it does not fit beside the folio.
    pub running_head: Option<String>,
    /// Print profile settings (`[output.pdf.print]`).
    pub print: Option<PrintConfig>,
    /// The family of the face that sets mathematics (a face with an OpenType MATH table among
    /// the fonts; default: the first such face, the shipped Asana Math).
    pub math_font: Option<String>,
    /// Write a tagged PDF: a structure tree (headings, paragraphs, lists, tables, figures with
    /// their alt text …) with running heads and decorations as artifacts (default on; PDF/X-1a is
    /// never tagged).
    pub tagged: Option<bool>,
    /// Open the screen PDF with the book's cover image as a full page (default on, when the book
    /// has a cover). The print profile's cover is always the separate `book-cover.pdf`.
    pub cover_page: Option<bool>,
    /// A standard the screen PDF claims and the build enforces: `"ua-1"` (PDF/UA-1, accessible).
    pub standard: Option<PdfStandard>,
}

/// `[output.pdf] standard`: an accessibility standard the PDF conforms to.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[non_exhaustive]
pub enum PdfStandard {
    /// PDF/UA-1 (ISO 14289-1): tagged, its XMP identification, and the build fails on what UA
    /// forbids and the book can fix (an image without alt text, a heading level skipped).
    #[serde(rename = "ua-1")]
    Ua1,
}

/// `[output.pdf] line-break`: CSS `line-break` strictness for CJK text.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum LineBreak {
    /// Closing punctuation, small kana, `ー` and iteration marks never start a line (JLREQ).
    Strict,
    /// Closing punctuation never starts a line; small kana and `ー` may.
    Normal,
    /// Only the marks that can never start a line are held back.
    Loose,
}

/// `[output.pdf.print]`: the print-shop profile (`publish build --profile print`). Every key is
/// optional; quire-pdf documents the defaults.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
#[non_exhaustive]
pub struct PrintConfig {
    /// Use the print profile even without `--profile print`.
    pub enabled: Option<bool>,
    /// Bleed outside the trim on each side, in mm (default 3).
    pub bleed: Option<f32>,
    /// Crop and registration marks (default on).
    pub marks: Option<bool>,
    /// Slug line with title, page and date outside the bleed (default on).
    pub slug: Option<bool>,
    /// Pages per signature; the page count is padded to a multiple of it (default 16).
    pub signature: Option<u32>,
    /// PDF/X flavour: `x4` (default) or `x1a`.
    pub pdfx: Option<PdfX>,
    /// Paper bulk in pages per inch, for the spine width (default 444).
    pub paper_ppi: Option<f32>,
    /// Paper caliper in mm per leaf; overrides `paper-ppi` when set.
    pub caliper: Option<f32>,
    /// Write the separate cover PDF (default on); its front shows `[book] cover`, if any.
    pub cover: Option<bool>,
}

/// A PDF/X conformance level.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum PdfX {
    /// PDF/X-4 (ISO 15930-7): transparency and ICC-based colour allowed, one CMYK output intent.
    #[default]
    X4,
    /// PDF/X-1a:2001 (ISO 15930-1): CMYK and gray only, no transparency.
    X1a,
}
