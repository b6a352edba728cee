//! The vertical list: a chapter becomes a sequence of chunks (a line, a table row, an image, a
//! space), each with its drawn items relative to its own top-left, and the constraints pagination
//! honours (keep with next, discardable space, a header to repeat).

use super::LineInfo;
use crate::model::{Item, Rect, StructId};
use quire_core::LinkTarget;
use std::rc::Rc;

/// One unbreakable piece of the vertical list.
#[derive(Debug, Clone, Default)]
pub struct Chunk {
    /// Height (the vertical advance it takes).
    pub height: f32,
    /// What it draws; x from the text block's left edge, y from the chunk's top.
    pub items: Vec<Item>,
    /// Clickable areas, same coordinates, with the `Link` element of their text.
    pub links: Vec<(Rect, LinkTarget, Option<StructId>)>,
    /// Anchor ids that point at the chunk's top.
    pub anchors: Vec<String>,
    /// Footnote numbers (chapter-local) cited in it.
    pub footnotes: Vec<usize>,
    /// Never break the page right after this chunk.
    pub keep_with_next: bool,
    /// Vertical space: dropped at the top of a page.
    pub space: bool,
    /// A header to repeat above this chunk when it starts a page (table rows).
    pub header: Option<Rc<Chunk>>,
    /// A figure: when it does not fit, text after it may fill the page and it floats to the top
    /// of the next.
    pub float: bool,
    /// Baseline of the first line (for list markers), from the chunk's top.
    pub baseline: Option<f32>,
    /// Line records for tests and diagnostics (y is unused; page filled in by pagination).
    pub lines: Vec<LineInfo>,
}

impl Chunk {
    /// Vertical space of `h` points.
    pub fn space(h: f32) -> Chunk {
        Chunk { height: h, space: true, keep_with_next: true, ..Chunk::default() }
    }
}

/// Moves an item by (dx, dy).
pub fn shift_item(it: &mut Item, dx: f32, dy: f32) {
    match it {
        Item::Text(r) => {
            r.x += dx;
            r.baseline += dy;
        }
        Item::Fill { rect, .. } | Item::Stroke { rect, .. } | Item::Image { rect, .. } => {
            rect.x += dx;
            rect.y += dy;
        }
        Item::Mark(_) => {}
    }
}
