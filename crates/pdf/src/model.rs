//! The page model: what layout produces and the writer turns into PDF bytes.
//!
//! Everything is in PostScript points (1/72 in) with the origin at the TOP-LEFT of the page
//! (y grows downwards); the writer flips to PDF's bottom-left origin. Tests assert on this model
//! without writing a PDF.

use quire_core::AssetId;

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

/// One glyph placed in a run: 12 bytes, as a text-heavy book has millions of them. The source
/// text it stands for is in its run's text (see [`GlyphRun::glyphs`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlacedGlyph {
    /// Glyph id in the font.
    pub id: u16,
    /// How many bytes of the run's text, after the previous glyph's, this glyph stands for: its
    /// cluster (0 for the 2nd and later glyphs of a cluster).
    text_len: u16,
    /// Horizontal offset from the run's origin, in points.
    pub x: f32,
    /// Vertical offset from the baseline (positive = up), in points.
    pub y_offset: f32,
}

/// A glyph of a run with the text it stands for, as [`GlyphRun::glyphs`] yields it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph<'a> {
    /// Glyph id in the font.
    pub id: u16,
    /// Horizontal offset from the run's origin, in points.
    pub x: f32,
    /// Vertical offset from the baseline (positive = up), in points.
    pub y_offset: f32,
    /// The source text this glyph stands for (the cluster; empty for the 2nd+ glyph of a
    /// cluster): the writer maps it to ToUnicode so extracted text is the source text.
    pub text: &'a str,
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
    /// The glyphs, each with the length of its text in `text`.
    pub(crate) glyphs: Vec<PlacedGlyph>,
    /// The glyphs' texts one after another (one string per run, not one per glyph).
    pub(crate) text: String,
}

impl GlyphRun {
    /// A run without glyphs yet.
    pub fn new(font: FontId, size: f32, x: f32, baseline: f32, color: Color) -> Self {
        GlyphRun { font, size, x, baseline, color, glyphs: Vec::new(), text: String::new() }
    }

    /// Adds glyph `id` at (`x`, `y_offset`) from the run's origin, standing for `text` (empty for
    /// the 2nd and later glyphs of a cluster). A text longer than 64 KiB (one glyph for a cluster
    /// of thousands of combining marks) keeps its first 64 KiB.
    pub fn push(&mut self, id: u16, x: f32, y_offset: f32, text: &str) {
        let mut end = text.len().min(usize::from(u16::MAX));
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let text = text.get(..end).unwrap_or_default();
        self.text.push_str(text);
        self.glyphs.push(PlacedGlyph { id, text_len: u16::try_from(text.len()).unwrap_or(0), x, y_offset });
    }

    /// The glyphs in order, each with its text.
    pub fn glyphs(&self) -> impl Iterator<Item = Glyph<'_>> + '_ {
        let mut at = 0usize;
        self.glyphs.iter().map(move |g| {
            let end = at + usize::from(g.text_len);
            let text = self.text.get(at..end).unwrap_or_default();
            at = end;
            Glyph { id: g.id, x: g.x, y_offset: g.y_offset, text }
        })
    }

    /// How many glyphs.
    pub fn len(&self) -> usize {
        self.glyphs.len()
    }

    /// No glyphs.
    pub fn is_empty(&self) -> bool {
        self.glyphs.is_empty()
    }

    /// The text of every glyph, in order.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Moves every glyph by `dx` along the run (its origin stays).
    pub fn shift_glyphs(&mut self, dx: f32) {
        for g in &mut self.glyphs {
            g.x += dx;
        }
    }

    /// Appends `other`'s glyphs and texts, their x offsets moved by `dx`.
    pub fn append(&mut self, other: &GlyphRun, dx: f32) {
        self.text.push_str(&other.text);
        self.glyphs.extend(other.glyphs.iter().map(|g| PlacedGlyph { x: g.x + dx, ..*g }));
    }

    /// Gives back the room kept for glyphs still to come (once the run is complete).
    pub fn shrink_to_fit(&mut self) {
        self.glyphs.shrink_to_fit();
        self.text.shrink_to_fit();
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_glyph_is_twelve_bytes_and_keeps_its_cluster_text() {
        assert_eq!(std::mem::size_of::<PlacedGlyph>(), 12);
        let mut run = GlyphRun::new(FontId(0), 10.0, 0.0, 0.0, Color::BLACK);
        for (i, t) in ["中", "ﬁ", "", "e\u{301}", "a"].iter().enumerate() {
            run.push(i as u16, i as f32, 0.5, t);
        }
        let got: Vec<(u16, &str)> = run.glyphs().map(|g| (g.id, g.text)).collect();
        assert_eq!(got, vec![(0, "中"), (1, "ﬁ"), (2, ""), (3, "e\u{301}"), (4, "a")]);
        assert_eq!(run.text(), "中ﬁe\u{301}a");
        let mut other = GlyphRun::new(FontId(0), 10.0, 5.0, 0.0, Color::BLACK);
        other.push(9, 1.0, 0.0, "z");
        run.append(&other, 2.0);
        let last = run.glyphs().last().map(|g| (g.id, g.x, g.text));
        assert_eq!(last, Some((9, 3.0, "z")));
        assert_eq!(run.len(), 6);
    }

    #[test]
    fn a_cluster_longer_than_64_kib_keeps_its_first_64_kib_at_a_character_boundary() {
        let mut run = GlyphRun::new(FontId(0), 10.0, 0.0, 0.0, Color::BLACK);
        let long = "e".to_string() + &"\u{301}".repeat(40_000);
        run.push(1, 0.0, 0.0, &long);
        run.push(2, 1.0, 0.0, "x");
        let texts: Vec<&str> = run.glyphs().map(|g| g.text).collect();
        assert!(texts[0].len() <= usize::from(u16::MAX) && long.starts_with(texts[0]) && texts[0].len() > 60_000);
        assert_eq!(texts[1], "x");
    }
}
