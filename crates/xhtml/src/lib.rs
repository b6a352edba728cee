//! The shared AST → HTML fragment serialiser used by the HTML site and the EPUB renderer.
//!
//! Output is *polyglot* markup: valid HTML5 and well-formed XHTML at once — void elements are
//! self-closed (`<br/>`), every attribute is quoted, the only named entities are
//! `&amp; &lt; &gt; &quot;`, raw HTML from the manuscript is re-serialised through
//! [`sanitize`], TeX becomes MathML ([`math`]) and code is highlighted at build time
//! ([`quire_highlight`]).
//!
//! The caller says where links and images go through a [`LinkResolver`], and picks the flavour
//! with [`Options`] (`epub:type` attributes, heading anchor links, copy buttons, captions):
//!
//! ```
//! use quire_xhtml::{FnResolver, Options, Writer};
//! use quire_core::{Block, BlockKind, Inline, Span, FileId};
//! let span = Span::new(FileId(0), 0, 0);
//! let blocks = vec![Block { kind: BlockKind::Paragraph(vec![Inline::text("a < b", span)]), span }];
//! let resolver = FnResolver::new(|ch, anchor| format!("ch{}.html#{}", ch.0, anchor.unwrap_or("")), |a| Some(format!("img/{}", a.0)));
//! let opts = Options::html();
//! let mut w = Writer::new(&resolver, &opts);
//! w.blocks(&blocks);
//! assert_eq!(w.finish().html.trim(), "<p>a &lt; b</p>");
//! ```

pub use quire_highlight::escape;
pub mod math;
pub mod sanitize;

mod block;
mod code;
mod element;
mod inline;

use quire_core::Code;
use quire_core::ast::{AssetId, ChapterId, Footnote};
use quire_core::book::Chapter;
use quire_core::diag::Diagnostic;
use quire_core::i18n::Words;
pub use sanitize::{Context, Sanitizer, UrlKind};
use std::collections::HashMap;

/// Where links and images point in the output. The HTML site and the EPUB differ (file names,
/// extensions, asset folders), so the renderer supplies this.
pub trait LinkResolver {
    /// The `href` of a chapter, optionally at an anchor (`ch2.html#intro`).
    fn chapter_href(&self, chapter: ChapterId, anchor: Option<&str>) -> String;

    /// The `src` of an asset; `None` renders the image as missing.
    fn asset_src(&self, asset: AssetId) -> Option<String>;

    /// The `id` a heading of the chapter being written is given here. Heading ids are unique
    /// within a chapter; a page that holds several chapters (the site's print page) qualifies
    /// them, and [`LinkResolver::chapter_href`] must then point at the qualified ids. The default
    /// keeps the id.
    fn heading_id<'a>(&self, id: &'a str) -> std::borrow::Cow<'a, str> {
        std::borrow::Cow::Borrowed(id)
    }

    /// The `href` of a link to a file of the book that is not a chapter
    /// ([`LinkTarget::File`](quire_core::ast::LinkTarget)); `None` (the default) keeps the link
    /// text without a link.
    fn file_href(&self, file: AssetId) -> Option<String> {
        let _ = file;
        None
    }

    /// The `href` for a link that resolved to nothing (`raw` as written); `None` (the default)
    /// keeps the link text without a link.
    fn unresolved_href(&self, raw: &str) -> Option<String> {
        let _ = raw;
        None
    }

    /// The `href` of a link out of the book (`url` as resolved, `span` the link's place);
    /// `None` keeps the link text without a link. The default keeps the URL.
    fn external_href(&self, url: &str, span: quire_core::Span) -> Option<String> {
        let _ = span;
        Some(url.to_string())
    }

    /// The `src` for a remote image; the default keeps the URL (the EPUB renderer may refuse).
    fn remote_image(&self, url: &str) -> Option<String> {
        Some(url.to_string())
    }

    /// The `src` for an image that was not found (`raw` as written); `None` (the default)
    /// renders the alt text instead.
    fn missing_image(&self, raw: &str) -> Option<String> {
        let _ = raw;
        None
    }

    /// Rewrites a URL found in raw HTML (`<img src>`, `<a href>`); `None` drops the attribute.
    /// The default keeps it as written.
    fn raw_html_url(&self, url: &str, kind: UrlKind) -> Option<String> {
        let _ = kind;
        Some(url.to_string())
    }
}

/// A [`LinkResolver`] made of two closures (chapter + anchor → href, asset → src).
pub struct FnResolver<C, A> {
    chapter: C,
    asset: A,
}

impl<C, A> FnResolver<C, A>
where
    C: Fn(ChapterId, Option<&str>) -> String,
    A: Fn(AssetId) -> Option<String>,
{
    /// A resolver from closures.
    pub fn new(chapter: C, asset: A) -> Self {
        FnResolver { chapter, asset }
    }
}

impl<C, A> LinkResolver for FnResolver<C, A>
where
    C: Fn(ChapterId, Option<&str>) -> String,
    A: Fn(AssetId) -> Option<String>,
{
    fn chapter_href(&self, chapter: ChapterId, anchor: Option<&str>) -> String {
        (self.chapter)(chapter, anchor)
    }
    fn asset_src(&self, asset: AssetId) -> Option<String> {
        (self.asset)(asset)
    }
}

/// `[output.html.playground]` as the markup writer uses it (mdBook's keys and defaults).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Playground {
    /// Rust blocks are runnable unless marked `ignore` or `noplayground` (mdBook's `runnable`,
    /// default on); off, only blocks marked `mdbook-runnable` are.
    pub runnable: bool,
    /// Blocks marked `editable` can be edited before they run (mdBook's `editable`, default off).
    pub editable: bool,
    /// Line numbers on editable blocks (mdBook's `line-numbers`, default off).
    pub line_numbers: bool,
    /// The Rust edition sent to the playground (`[rust] edition`), unless a block says
    /// `edition2018` …
    pub edition: Option<String>,
}

impl Default for Playground {
    fn default() -> Self {
        Playground { runnable: true, editable: false, line_numbers: false, edition: None }
    }
}

/// How to write markup.
#[derive(Debug, Clone)]
pub struct Options {
    /// Add `epub:type` attributes (noteref, footnote) for EPUB reading systems. The page's
    /// root must declare `xmlns:epub`.
    pub epub_types: bool,
    /// Wrap heading text in a self-link (`<a class="header" href="#id">`), as mdBook does.
    pub heading_anchors: bool,
    /// Add a "copy" button after each code block (needs the site's JavaScript).
    pub copy_buttons: bool,
    /// mdBook's playground on the site: runnable Rust blocks get `<pre class="playground">`,
    /// which the site's script gives a Run button. `None` in the EPUB and the PDF.
    pub playground: Option<Playground>,
    /// With `copy_buttons`: write the copy button itself (mdBook's `[output.html.playground]
    /// copyable`, default on); off, blocks keep only their hidden-lines toggle.
    pub copyable: bool,
    /// Highlight code at build time.
    pub highlight: bool,
    /// Write "Figure 1.2: " style labels for numbered figures, tables and listings.
    pub captions: bool,
    /// Write a lone image ([`quire_core::BlockKind::Figure`]) as `<figure>` with a caption; off, it is
    /// a plain `<p><img/></p>` as CommonMark has it.
    pub figures: bool,
    /// Never skip a heading level (`h1` then `h4` becomes `h1` then `h2`), which the HTML
    /// checker reports as an error; off, levels are kept as written.
    pub fix_heading_levels: bool,
    /// Sanitise raw HTML. Off only for the site of a book with `[output.html] raw-html = "keep"`
    /// and for conformance tests that compare raw HTML verbatim.
    pub sanitize: bool,
    /// The URL schemes raw HTML may use in `href`, `src` and `cite`.
    pub url_schemes: quire_core::resolve::schemes::SchemePolicy,
    /// The words the markup writes (caption labels, admonition titles, copy buttons …) in the
    /// book's language: the one translation table, [`quire_core::i18n::Words`].
    pub words: Words,
    /// Where highlighted code is memoised (shared by the pages of a build, and by the builds
    /// that share it).
    pub cache: std::sync::Arc<quire_highlight::BuildCache>,
    /// ```` ```mermaid ```` blocks as mdbook-mermaid writes them for the site,
    /// `<pre class="mermaid">`, which the book's own mermaid script draws; off, code blocks.
    pub mermaid: bool,
}

impl Options {
    /// The HTML site's flavour: anchors, copy buttons, highlighting, captions.
    pub fn html() -> Options {
        Options {
            epub_types: false,
            heading_anchors: true,
            copy_buttons: true,
            playground: None,
            copyable: true,
            highlight: true,
            captions: true,
            figures: true,
            fix_heading_levels: true,
            sanitize: true,
            url_schemes: quire_core::resolve::schemes::SchemePolicy::default(),
            words: Words::default(),
            cache: std::sync::Arc::default(),
            mermaid: false,
        }
    }

    /// The EPUB flavour: `epub:type` attributes, no scripts-dependent buttons or self-links.
    pub fn epub() -> Options {
        Options { epub_types: true, heading_anchors: false, copy_buttons: false, ..Options::html() }
    }

    /// Allows these URL schemes (`[quire] allowed-url-schemes`) in raw HTML besides the default
    /// ones.
    pub fn with_url_schemes<S: AsRef<str>>(mut self, extra: &[S]) -> Options {
        self.url_schemes = quire_core::resolve::schemes::SchemePolicy::new(extra);
        self
    }

    /// Memoises highlighted code in `cache` (shared with the caller's other renderers).
    pub fn with_cache(mut self, cache: std::sync::Arc<quire_highlight::BuildCache>) -> Options {
        self.cache = cache;
        self
    }

    /// Sets the words for a language.
    pub fn with_language(mut self, lang: &str) -> Options {
        self.words = Words::for_language(lang);
        self
    }

    /// Sets the words of a book: its language's with `[quire.labels]` on top.
    pub fn with_book_labels(mut self, config: &quire_core::BookConfig) -> Options {
        self.words = Words::for_config(config);
        self
    }
}

impl Default for Options {
    fn default() -> Self {
        Options::html()
    }
}

/// A rendered fragment.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fragment {
    /// The markup.
    pub html: String,
    /// Problems found (missing alt text, math that did not convert …).
    pub diagnostics: Vec<Diagnostic>,
}

/// Writes blocks and inlines as polyglot markup into a growing string.
pub struct Writer<'a> {
    resolver: &'a dyn LinkResolver,
    opts: &'a Options,
    footnotes: &'a [Footnote],
    out: String,
    diagnostics: Vec<Diagnostic>,
    block_html: Sanitizer,
    /// How many references to each footnote (by index) were written.
    fn_refs: HashMap<usize, usize>,
    /// Level of the last heading written (0: none yet).
    last_heading: u8,
    /// How many links the inlines being written are inside.
    link_depth: usize,
    /// What the raw-HTML sanitiser removed: kind, first place, count (in order of first
    /// occurrence), reported as one note per kind by [`Writer::finish`].
    removed: Vec<(String, quire_core::Span, usize)>,
    /// The raw HTML that mapped nodes were written as (the chapter's), for a site that keeps
    /// raw HTML.
    origins: Option<&'a quire_core::ast::HtmlOrigins>,
}

impl<'a> Writer<'a> {
    /// A writer with no footnotes.
    pub fn new(resolver: &'a dyn LinkResolver, opts: &'a Options) -> Self {
        Writer {
            resolver,
            opts,
            footnotes: &[],
            out: String::new(),
            diagnostics: Vec::new(),
            block_html: Sanitizer::new(Context::Flow)
                .with_checkbox_labels(&opts.words.task_done, &opts.words.task_open)
                .with_url_schemes(opts.url_schemes.clone()),
            fn_refs: HashMap::new(),
            last_heading: 0,
            link_depth: 0,
            removed: Vec::new(),
            origins: None,
        }
    }

    /// The tags and attributes nodes had in raw HTML (the chapter's), written back when raw HTML
    /// is kept (`sanitize` off).
    pub fn with_html_origins(mut self, origins: &'a quire_core::ast::HtmlOrigins) -> Self {
        self.origins = Some(origins);
        self
    }

    /// Footnote definitions that footnote references point to (the chapter's).
    pub fn with_footnotes(mut self, footnotes: &'a [Footnote]) -> Self {
        self.footnotes = footnotes;
        self
    }

    /// Appends markup that the caller vouches for.
    pub fn push_raw(&mut self, html: &str) {
        self.out.push_str(html);
    }

    /// The markup so far.
    pub fn as_str(&self) -> &str {
        &self.out
    }

    /// Counts what a sanitiser removed from raw HTML at `span`.
    fn note_removed(&mut self, removed: Vec<String>, span: quire_core::Span) {
        for kind in removed {
            match self.removed.iter_mut().find(|(k, _, _)| *k == kind) {
                Some((_, _, n)) => *n += 1,
                None => self.removed.push((kind, span, 1)),
            }
        }
    }

    /// Ends writing: any raw element still open is closed, and what the sanitiser removed is
    /// reported, one note per kind with its first place and a count.
    pub fn finish(mut self) -> Fragment {
        self.block_html.close_to(0, &mut self.out);
        for (kind, span, n) in std::mem::take(&mut self.removed) {
            let times = if n == 1 { "once".to_string() } else { format!("{n} times") };
            self.diagnostics.push(
                Diagnostic::note(Code::RawHtmlRemoved, format!("raw HTML: {kind} removed ({times} in this chapter; first here)"))
                    .with_span(span)
                    .with_hint("Quire removes scripts, event handlers and unsafe URLs from raw HTML; `[output.html] raw-html = \"keep\"` keeps raw HTML as written on the site (EPUB and PDF are always sanitised)"),
            );
        }
        Fragment { html: self.out, diagnostics: self.diagnostics }
    }
}

/// Renders a chapter's blocks followed by its footnotes section.
pub fn render_chapter(chapter: &Chapter, resolver: &dyn LinkResolver, opts: &Options) -> Fragment {
    let mut w = Writer::new(resolver, opts).with_footnotes(&chapter.footnotes).with_html_origins(&chapter.html_origins);
    w.blocks(&chapter.blocks);
    w.footnotes_section();
    w.finish()
}

/// Renders a page of the site that is not a chapter (mdBook's 404 page) as [`render_chapter`]
/// renders a chapter.
pub fn render_page(page: &quire_core::Page, resolver: &dyn LinkResolver, opts: &Options) -> Fragment {
    let mut w = Writer::new(resolver, opts).with_footnotes(&page.footnotes).with_html_origins(&page.html_origins);
    w.blocks(&page.blocks);
    w.footnotes_section();
    w.finish()
}


#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests;
