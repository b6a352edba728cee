//! The page model: what layout produces and the writer turns into PDF bytes.
//!
//! Everything is in PostScript points (1/72 in) with the origin at the TOP-LEFT of the page
//! (y grows downwards); the writer flips to PDF's bottom-left origin. Tests assert on this model
//! without writing a PDF.

use quire_core::AssetId;

pub use crate::cluster_text::ClusterText;

/// Index of a font face in the [`crate::fonts::FontBook`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FontId(pub usize);

/// An RGB colour, components 0.0–1.0.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Color {
    /// Red.
    pub r: f32,
    /// Green.
    pub g: f32,
    /// Blue.
    pub b: f32,
}

impl Color {
    /// Black.
    pub const BLACK: Color = Color { r: 0.0, g: 0.0, b: 0.0 };
    /// The registration colour of printer's marks: every ink at 100% when written in CMYK
    /// (the print profile), black in RGB. Components are -1 as a marker.
    pub const REGISTRATION: Color = Color { r: -1.0, g: -1.0, b: -1.0 };
    /// A grey of this level.
    pub const fn gray(v: f32) -> Color {
        Color { r: v, g: v, b: v }
    }
}

/// A rectangle, top-left origin.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width.
    pub w: f32,
    /// Height.
    pub h: f32,
}

/// One glyph placed in a run.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedGlyph {
    /// Glyph id in the font.
    pub id: u16,
    /// Horizontal offset from the run's origin, in points.
    pub x: f32,
    /// Vertical offset from the baseline (positive = up), in points.
    pub y_offset: f32,
    /// Advance in points (for the writer's positioning).
    pub advance: f32,
    /// The source text this glyph stands for (the cluster; empty for the 2nd+ glyph of a
    /// cluster) — the writer maps it to ToUnicode so extracted text is the source text. Held
    /// inline (no allocation per glyph).
    pub text: ClusterText,
}

/// A run of glyphs in one font at one size on one baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct GlyphRun {
    /// The face.
    pub font: FontId,
    /// Size in points.
    pub size: f32,
    /// Origin x (left of the first glyph).
    pub x: f32,
    /// Baseline y (from the top of the page).
    pub baseline: f32,
    /// Fill colour.
    pub color: Color,
    /// The glyphs.
    pub glyphs: Vec<PlacedGlyph>,
}

/// Something drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// Text.
    Text(GlyphRun),
    /// A filled rectangle (rules, code backgrounds, table lines).
    Fill {
        /// Where.
        rect: Rect,
        /// Colour.
        color: Color,
    },
    /// A stroked rectangle outline (placeholders, admonition frames).
    Stroke {
        /// Where.
        rect: Rect,
        /// Colour.
        color: Color,
        /// Line width in points.
        width: f32,
    },
    /// An image from the book's assets, scaled into `rect`.
    Image {
        /// The asset.
        asset: AssetId,
        /// Where.
        rect: Rect,
    },
    /// Draws nothing: what follows on the page (up to the next mark) belongs to this structure
    /// element, or is an artifact (running heads, rules, backgrounds) for `None`. A page starts
    /// as an artifact.
    Mark(Option<StructId>),
}

/// A structure element: an index into [`Document::structure`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StructId(pub u32);

/// The standard structure type of an element (ISO 32000-1, 14.8.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Role {
    /// The whole book.
    Document,
    /// A part (a part title page and what follows).
    Part,
    /// A chapter.
    Sect,
    /// A heading of level 1–6.
    H(u8),
    /// A paragraph.
    P,
    /// A list.
    L,
    /// A list item.
    LI,
    /// A list item's marker.
    Lbl,
    /// A list item's body.
    LBody,
    /// A table.
    Table,
    /// A table row.
    TR,
    /// A header cell.
    TH,
    /// A data cell.
    TD,
    /// An image.
    Figure,
    /// A display formula.
    Formula,
    /// A caption.
    Caption,
    /// A code block.
    Code,
    /// A block quotation.
    BlockQuote,
    /// A footnote.
    Note,
    /// The contents.
    TOC,
    /// A contents entry.
    TOCI,
    /// A generic block (admonitions, definition lists).
    Div,
    /// A link's text; its annotation is an object reference (`OBJR`) kid.
    Link,
    /// A footnote mark in running text.
    Reference,
    /// An inline run in another language than its block (with `/Lang`).
    Span,
    /// A table's header rows.
    THead,
    /// A table's body rows.
    TBody,
}

impl Role {
    /// The PDF name (`H1`, `P`, `LBody` …).
    pub fn name(self) -> String {
        match self {
            Role::H(n) => format!("H{}", n.clamp(1, 6)),
            other => format!("{other:?}"),
        }
    }
}

/// One element of the structure tree.
#[derive(Debug, Clone, PartialEq)]
pub struct StructElem {
    /// Its type.
    pub role: Role,
    /// The enclosing element (`None` for the root).
    pub parent: Option<StructId>,
    /// Alternate text (a figure's alt text, a formula's source).
    pub alt: Option<String>,
    /// The language of its content when it differs from the document's (a BCP 47 tag).
    pub lang: Option<String>,
}

/// Where a link goes.
#[derive(Debug, Clone, PartialEq)]
pub enum LinkDest {
    /// A page of this document (0-based index) at a vertical position (from the top).
    Page {
        /// Page index.
        page: usize,
        /// Y from the top of that page.
        y: f32,
    },
    /// An external URI.
    Uri(String),
}

/// A clickable area.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkArea {
    /// The area.
    pub rect: Rect,
    /// The destination.
    pub dest: LinkDest,
    /// The `Link` structure element of its text (`None`: untagged).
    pub tag: Option<StructId>,
}

/// One page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    /// Media box width (points).
    pub width: f32,
    /// Media box height (points).
    pub height: f32,
    /// Trim box, if different from the media box (print profile).
    pub trim_box: Option<Rect>,
    /// Bleed box, if any (print profile).
    pub bleed_box: Option<Rect>,
    /// What is drawn, in painting order.
    pub items: Vec<Item>,
    /// Clickable areas.
    pub links: Vec<LinkArea>,
    /// Runs set at an angle (the spine of a cover), painted after `items`.
    pub turned: Vec<TurnedRun>,
}

/// A glyph run turned about its origin (`run.x`, `run.baseline`).
#[derive(Debug, Clone, PartialEq)]
pub struct TurnedRun {
    /// The run; its glyph offsets are along the turned baseline.
    pub run: GlyphRun,
    /// Counter-clockwise angle in degrees (-90: reads top to bottom, as on an English spine).
    pub angle: f32,
}

/// A bookmark.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineItem {
    /// Title.
    pub title: String,
    /// Target page (0-based).
    pub page: usize,
    /// Y from the top.
    pub y: f32,
    /// Nested bookmarks.
    pub children: Vec<OutlineItem>,
}

/// Page-label style for a range of pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum LabelStyle {
    /// i, ii, iii
    LowerRoman,
    /// 1, 2, 3
    Decimal,
    /// No number: the label is the prefix alone (the cover).
    None,
}

/// A page-label range starting at `first_page` (0-based) and numbering from `start`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageLabel {
    /// First page index of the range.
    pub first_page: usize,
    /// Style.
    pub style: LabelStyle,
    /// Number of the first page in the range.
    pub start: u32,
    /// Text before the number (the whole label with [`LabelStyle::None`]); empty for none.
    pub prefix: String,
}

/// Document metadata.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Metadata {
    /// Title.
    pub title: String,
    /// Authors joined.
    pub author: String,
    /// Language tag.
    pub language: String,
    /// Subject/description.
    pub subject: String,
    /// Creation/modification time, Unix seconds (from the book's timestamp).
    pub timestamp: i64,
}

/// A laid-out document.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    /// Pages in order.
    pub pages: Vec<Page>,
    /// Bookmarks.
    pub outline: Vec<OutlineItem>,
    /// Page labels.
    pub labels: Vec<PageLabel>,
    /// Metadata.
    pub metadata: Metadata,
    /// The structure tree in creation order, parents before children; element 0 is the root
    /// (empty: the document is written untagged). Items point into it with [`Item::Mark`].
    pub structure: Vec<StructElem>,
}
