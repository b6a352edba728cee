//! The typed document tree every renderer reads.
//!
//! A chapter is a list of [`Block`]s; text lives in [`Inline`]s. Every node has a [`Span`] into the
//! source it came from (an included file keeps spans into that file). After resolution, links and
//! images point at chapters and assets by id, so renderers never re-parse strings.

pub mod html_origin;
pub mod math;
pub mod visit;
pub mod list_marker;
pub mod tex_macros;
pub use list_marker::ListMarker;

pub use html_origin::{HtmlOrigin, HtmlOrigins};
pub use math::{EquationTag, Formula, TexError};

use crate::span::Span;

/// Index of a chapter in [`crate::Book::chapters`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ChapterId(pub usize);

/// Index of an asset (image) in [`crate::Book::assets`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AssetId(pub usize);

/// A block-level node.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// What the block is.
    pub kind: BlockKind,
    /// Where it came from.
    pub span: Span,
}

/// Column alignment in a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    /// No alignment given.
    #[default]
    None,
    /// `:---`
    Left,
    /// `:---:`
    Center,
    /// `---:`
    Right,
}

/// The kind of a GFM alert / admonition (`> [!NOTE]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AdmonitionKind {
    /// `[!NOTE]`
    Note,
    /// `[!TIP]`
    Tip,
    /// `[!IMPORTANT]`
    Important,
    /// `[!WARNING]`
    Warning,
    /// `[!CAUTION]`
    Caution,
}

impl AdmonitionKind {
    /// Lower-case name, used as a CSS class and as its title's key in the translation table
    /// ([`crate::i18n::Words::admonition`]).
    pub fn as_str(self) -> &'static str {
        match self {
            AdmonitionKind::Note => "note",
            AdmonitionKind::Tip => "tip",
            AdmonitionKind::Important => "important",
            AdmonitionKind::Warning => "warning",
            AdmonitionKind::Caution => "caution",
        }
    }
}

/// One item of a list.
#[derive(Debug, Clone, PartialEq)]
pub struct ListItem {
    /// `Some(checked)` for a task-list item.
    pub task: Option<bool>,
    /// The item's content.
    pub blocks: Vec<Block>,
    /// Where it came from.
    pub span: Span,
}

/// One table cell.
#[derive(Debug, Clone, PartialEq)]
pub struct TableCell {
    /// Cell content.
    pub inlines: Vec<Inline>,
    /// Where it came from.
    pub span: Span,
    /// Columns the cell spans (`colspan` of an HTML table; 1 otherwise).
    pub colspan: u32,
    /// Rows the cell spans (`rowspan` of an HTML table; 1 otherwise).
    pub rowspan: u32,
}

impl TableCell {
    /// A one-column, one-row cell.
    pub fn new(inlines: Vec<Inline>, span: Span) -> Self {
        TableCell { inlines, span, colspan: 1, rowspan: 1 }
    }
}

/// One term and its definitions in a definition list.
#[derive(Debug, Clone, PartialEq)]
pub struct DefinitionItem {
    /// The term.
    pub term: Vec<Inline>,
    /// One or more definitions.
    pub definitions: Vec<Vec<Block>>,
    /// Where it came from.
    pub span: Span,
}

/// A caption-able, optionally numbered thing (figure, table, listing).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Numbering {
    /// e.g. `"3.2"` — set by resolution when numbering of that kind is on.
    pub number: Option<String>,
    /// A caption the author gave it apart from its content (a listing's file name from
    /// GitBook's `{% code title="…" %}`), shown after the number.
    pub caption: Option<String>,
}

/// Block kinds.
#[derive(Debug, Clone, PartialEq)]
pub enum BlockKind {
    /// A paragraph.
    Paragraph(Vec<Inline>),
    /// A heading.
    Heading {
        /// 1–6.
        level: u8,
        /// The anchor id: as written (`{#id}`, or an HTML heading's `id`) or empty after
        /// parsing; resolution fills in the rest as mdBook does, unique within the chapter's page
        /// (see [`crate::slug`]). Renderers that put several chapters in one document qualify it
        /// with the chapter (links carry the chapter too).
        id: String,
        /// Extra classes from `{.class}`.
        classes: Vec<String>,
        /// Section number like `"2.3"` when numbering is on.
        number: Option<String>,
        /// Heading text.
        inlines: Vec<Inline>,
        /// Written as an HTML `<h1>`–`<h6>` element. mdBook gives those no id, so one given
        /// here must not shift the ids of the Markdown headings after it.
        from_html: bool,
    },
    /// Fenced or indented code.
    CodeBlock {
        /// Language from the info string (first word), if any.
        lang: Option<String>,
        /// The whole info string.
        info: String,
        /// The code, ending with a newline (mdBook's hidden-line markers taken out).
        code: String,
        /// Lines of `code` (0-based, ascending) that mdBook's hidelines mark as hidden: the site
        /// shows them on request, EPUB and PDF leave them out. See [`visible_code`].
        hidden: Vec<u32>,
        /// Listing number when numbering is on.
        numbering: Numbering,
    },
    /// `> quote`
    BlockQuote(Vec<Block>),
    /// `> [!NOTE]` alerts, GitBook's `{% hint %}`, mdbook-admonish's fences.
    Admonition {
        /// Which alert.
        kind: AdmonitionKind,
        /// The title it shows, when the author gave one (mdbook-admonish's `title="…"`; empty: no
        /// title); `None`: the book's word for its kind.
        title: Option<String>,
        /// Content.
        blocks: Vec<Block>,
    },
    /// A bullet or ordered list.
    List {
        /// `Some(start)` for an ordered list.
        start: Option<u64>,
        /// Tight lists have no paragraph spacing.
        tight: bool,
        /// How items are marked.
        marker: ListMarker,
        /// Items.
        items: Vec<ListItem>,
    },
    /// A pipe table.
    Table {
        /// Per-column alignment.
        aligns: Vec<Align>,
        /// The header row.
        head: Vec<TableCell>,
        /// Body rows.
        rows: Vec<Vec<TableCell>>,
        /// Table number when numbering is on.
        numbering: Numbering,
    },
    /// A definition list.
    DefinitionList(Vec<DefinitionItem>),
    /// `---`
    ThematicBreak,
    /// Raw HTML kept as written: only comments and the like once the chapter is parsed into
    /// nodes (see [`crate::rawhtml`]), or all raw HTML when a caller parses without that step.
    Html(String),
    /// A raw HTML element no other block fits (`<div align>`, `<center>`, `<details>`,
    /// `<section>`, custom elements, `<script>`/`<iframe>`…), with its attributes as written and
    /// its content (HTML and Markdown alike) as blocks. Renderers apply their policy by `tag`.
    HtmlElement {
        /// Tag name, lower-cased.
        tag: String,
        /// Attributes in source order (names lower-cased, entities resolved).
        attrs: Vec<(String, String)>,
        /// Content.
        blocks: Vec<Block>,
    },
    /// Display math `$$…$$`: the formula (read once when the chapter is parsed) and its label.
    Math {
        /// The TeX and its events.
        formula: Formula,
        /// What shows at the right margin, `(2.3)`: the formula's `\tag`, else its number when
        /// `[quire.numbering] equations` is on; set by resolution, the same in every format.
        number: Option<String>,
    },
    /// A lone image in a paragraph: a figure with a caption.
    Figure {
        /// The image (boxed: it is the largest payload of any block, and every block of a book
        /// would be as large as it).
        image: Box<Image>,
        /// Caption (from the title, else the alt text).
        caption: Vec<Inline>,
        /// Figure number when numbering is on.
        numbering: Numbering,
    },
}

/// An inline node.
#[derive(Debug, Clone, PartialEq)]
pub struct Inline {
    /// What it is.
    pub kind: InlineKind,
    /// Where it came from.
    pub span: Span,
}

/// Where a link goes, after resolution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// An absolute URL (`https:`, `mailto:` …), kept as written.
    External(String),
    /// A chapter of this book, optionally at an anchor (a heading id or footnote id).
    Internal {
        /// The chapter.
        chapter: ChapterId,
        /// The anchor within it.
        anchor: Option<String>,
    },
    /// A relative link that resolves to no chapter (a file outside the book, or broken). The
    /// renderer should keep the text and may drop the link. A diagnostic was emitted.
    Unresolved(String),
    /// A destination whose URL scheme is not allowed (`javascript:` …, see
    /// [`crate::resolve::schemes`]), as written. Renderers write the link text only, never the
    /// destination. A warning was emitted.
    Refused(String),
    /// A file of the book that is not a chapter (a download: `data.csv`, `slides.pdf`), loaded
    /// into [`crate::Book::assets`] as mdBook copies it. The site links the copy; the EPUB and
    /// the PDF keep the link text (a note says so once).
    File(AssetId),
}

/// Where an image comes from, after resolution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageSource {
    /// A file of the book, loaded into [`crate::Book::assets`].
    Asset(AssetId),
    /// A remote URL (not fetched; a diagnostic was emitted).
    Remote(String),
    /// A local path that was not found or may not be read (a diagnostic was emitted). Empty for
    /// `![alt]()`.
    Missing(String),
    /// A source whose URL scheme is not allowed (`javascript:`, `data:` …), as written.
    /// Renderers show the alt text only, never the source. A warning was emitted.
    Refused(String),
    /// An image written in the chapter itself (an `<svg>` element, as well-formed SVG): before
    /// resolution only; resolution makes it an asset of the book like an image file.
    Embedded(std::sync::Arc<[u8]>),
}

/// An image reference.
#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    /// The resolved source.
    pub source: ImageSource,
    /// The destination as written in the manuscript.
    pub raw_src: String,
    /// Alt text (plain text).
    pub alt: String,
    /// Title attribute, if any.
    pub title: Option<String>,
    /// The other attributes of an HTML `<img>` (`class`, `width`, `height`, `id` …) as written;
    /// empty for a Markdown image.
    pub attrs: Vec<(String, String)>,
}

impl Image {
    /// The value of HTML attribute `name` (see [`Image::attrs`]).
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// The value of CSS property `name` in the `style` attribute (see [`css_property`]).
    pub fn css(&self, name: &str) -> Option<&str> {
        css_property(&self.attrs, name)
    }
}

/// The value of CSS property `name` in the `style` attribute of HTML attributes `attrs` (the
/// last declaration wins, as in CSS), trimmed, without `!important`.
pub fn css_property<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k == "style")?
        .1
        .rsplit(';')
        .filter_map(|d| d.split_once(':'))
        .filter(|(k, _)| k.trim().eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim().trim_end_matches("!important").trim())
        .find(|v| !v.is_empty())
}

/// A CSS length an image may be sized by, as an HTML `width`/`height` value: `300px` or `300`
/// → `300`, `50%` → `50%`; `None` for other units and keywords (`auto`).
pub fn css_length(v: &str) -> Option<String> {
    let v = v.trim();
    let (num, pct) = match v.strip_suffix('%') {
        Some(n) => (n.trim(), true),
        None => (v.strip_suffix("px").unwrap_or(v).trim(), false),
    };
    let n: f64 = num.parse().ok()?;
    if !n.is_finite() || n <= 0.0 || n > 100_000.0 {
        return None;
    }
    let n = if pct { n.min(100.0) } else { n.round() };
    Some(if pct { format!("{n}%") } else { format!("{n}") })
}

/// A CSS `zoom` as a factor: `50%` → 0.5, `0.5` → 0.5; `None` for `normal` and nonsense.
pub fn css_zoom(v: &str) -> Option<f64> {
    let v = v.trim();
    let z: f64 = match v.strip_suffix('%') {
        Some(n) => n.trim().parse::<f64>().ok()? / 100.0,
        None => v.parse().ok()?,
    };
    (z.is_finite() && z > 0.0 && z <= 10.0).then_some(z)
}

/// Inline kinds.
#[derive(Debug, Clone, PartialEq)]
pub enum InlineKind {
    /// Plain text.
    Text(String),
    /// `` `code` ``
    Code(String),
    /// `*emphasis*`
    Emphasis(Vec<Inline>),
    /// `**strong**`
    Strong(Vec<Inline>),
    /// `~~strike~~`
    Strikethrough(Vec<Inline>),
    /// A link.
    Link {
        /// Resolved target.
        target: LinkTarget,
        /// The destination as written.
        raw_dest: String,
        /// Title attribute.
        title: Option<String>,
        /// Link text.
        children: Vec<Inline>,
    },
    /// An inline image.
    Image(Image),
    /// A footnote reference; `index` is 1-based within the chapter, `label` as written.
    FootnoteRef {
        /// The label as written (`[^label]`).
        label: String,
        /// 1-based number within the chapter, set by parsing; 0 if the definition is missing.
        index: usize,
    },
    /// Inline math `$…$`: the formula, read once when the chapter is parsed.
    Math(Formula),
    /// Raw inline HTML kept as written: only comments and the like once the chapter is parsed
    /// into nodes (see [`crate::rawhtml`]).
    Html(String),
    /// `<sup>`
    Superscript(Vec<Inline>),
    /// `<sub>`
    Subscript(Vec<Inline>),
    /// A raw HTML element no other inline fits (`<span>`, `<kbd>`, `<u>`, `<mark>`, `<small>`,
    /// `<font>`, `<a name>`, custom elements, `<iframe>`…), with attributes and children.
    HtmlElement {
        /// Tag name, lower-cased.
        tag: String,
        /// Attributes in source order (names lower-cased, entities resolved).
        attrs: Vec<(String, String)>,
        /// Content.
        children: Vec<Inline>,
    },
    /// A soft line break (renders as a space, or nothing between CJK characters).
    SoftBreak,
    /// A hard line break.
    HardBreak,
}

/// A footnote definition collected from a chapter.
#[derive(Debug, Clone, PartialEq)]
pub struct Footnote {
    /// The label as written.
    pub label: String,
    /// 1-based number in order of first reference.
    pub index: usize,
    /// The anchor id of the footnote (unique book-wide), e.g. `fn-ch3-1`.
    pub id: String,
    /// Content.
    pub blocks: Vec<Block>,
    /// Where the definition is.
    pub span: Span,
}

impl Inline {
    /// A text node.
    pub fn text(s: impl Into<String>, span: Span) -> Self {
        Inline { kind: InlineKind::Text(s.into()), span }
    }
}

/// The lines of a code block's `code` that are not `hidden` (see [`BlockKind::CodeBlock`]).
pub fn visible_code<'a>(code: &'a str, hidden: &[u32]) -> std::borrow::Cow<'a, str> {
    if hidden.is_empty() {
        return std::borrow::Cow::Borrowed(code);
    }
    let mut out = String::with_capacity(code.len());
    for (n, line) in code.split_inclusive('\n').enumerate() {
        if u32::try_from(n).map_or(true, |n| hidden.binary_search(&n).is_err()) {
            out.push_str(line);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Concatenates the plain text of inlines (for titles, alt text, slugs, search).
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    push_plain_text(inlines, &mut out);
    out
}

/// Appends the plain text of inlines to `out` (image descriptions included).
pub fn push_plain_text(inlines: &[Inline], out: &mut String) {
    push_text(inlines, out, true);
}

/// Appends the text of inlines to `out`: text, code and math, through emphasis, links and inline
/// HTML elements, a space for a line break; image descriptions only when `image_alt` (mdBook
/// leaves them out of heading ids).
pub fn push_text(inlines: &[Inline], out: &mut String, image_alt: bool) {
    for i in inlines {
        match &i.kind {
            InlineKind::Text(t) | InlineKind::Code(t) => out.push_str(t),
            InlineKind::Math(f) => out.push_str(f.tex()),
            InlineKind::Emphasis(c)
            | InlineKind::Strong(c)
            | InlineKind::Strikethrough(c)
            | InlineKind::Superscript(c)
            | InlineKind::Subscript(c)
            | InlineKind::HtmlElement { children: c, .. }
            | InlineKind::Link { children: c, .. } => push_text(c, out, image_alt),
            InlineKind::Image(img) if image_alt => out.push_str(&img.alt),
            InlineKind::SoftBreak | InlineKind::HardBreak => out.push(' '),
            InlineKind::Image(_) | InlineKind::FootnoteRef { .. } | InlineKind::Html(_) => {}
        }
    }
}

#[cfg(test)]
mod size_tests {
    use super::*;

    /// A text book's memory is mostly these nodes (51,540 inlines and 15,700 blocks per MB of the
    /// generated book of benches/text_book.py): a variant that makes them larger costs every
    /// node. Box a large, rare payload instead.
    #[test]
    fn nodes_do_not_grow() {
        assert!(std::mem::size_of::<Inline>() <= 144, "Inline is {} bytes", std::mem::size_of::<Inline>());
        assert!(std::mem::size_of::<Block>() <= 168, "Block is {} bytes", std::mem::size_of::<Block>());
        assert_eq!(std::mem::size_of::<Span>(), 12);
    }
}

#[cfg(test)]
mod css_tests {
    use super::*;

    fn img(style: &str) -> Image {
        Image { source: ImageSource::Missing(String::new()), raw_src: String::new(), alt: String::new(), title: None, attrs: vec![("style".into(), style.into())] }
    }

    #[test]
    fn image_css_sizes_are_read() {
        assert_eq!(img("zoom:50%;").css("zoom"), Some("50%"));
        assert_eq!(img("WIDTH : 300px !important; width: 200px").css("width"), Some("200px"));
        assert_eq!(img("color: red").css("width"), None);
        assert_eq!(css_length("300px").as_deref(), Some("300"));
        assert_eq!(css_length("50%").as_deref(), Some("50%"));
        assert_eq!(css_length("250%").as_deref(), Some("100%"));
        assert_eq!(css_length("auto"), None);
        assert_eq!(css_length("12em"), None);
        assert_eq!(css_length("-3px"), None);
        assert_eq!(css_zoom("50%"), Some(0.5));
        assert_eq!(css_zoom("0.25"), Some(0.25));
        assert_eq!(css_zoom("normal"), None);
        assert_eq!(css_zoom("1e9"), None);
    }
}
