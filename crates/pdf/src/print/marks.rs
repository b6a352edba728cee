//! Printer's marks outside the bleed: crop marks at the corners, registration targets at the
//! middle of the top, left and right edges, and the slug line under the bottom edge. Marks are
//! in the registration colour (every ink), the slug in black.

use crate::fonts::{Family, FontBook, Style};
use crate::layout::page::MM;
use crate::model::{Color, Item, Page, Rect};

/// Length of a crop mark.
const CROP_LEN: f32 = 5.0 * MM;
/// Gap between the bleed edge and a mark.
const GAP: f32 = 1.0 * MM;
/// Line weight of marks.
const WEIGHT: f32 = 0.25;

fn line(page: &mut Page, rect: Rect) {
    page.items.push(Item::Fill { rect, color: Color::REGISTRATION });
}

/// Crop marks: the trim lines continued outside the bleed at each corner.
pub fn crop_marks(page: &mut Page, trim: Rect, bleed: f32) {
    let off = bleed + GAP;
    let half = WEIGHT / 2.0;
    for x in [trim.x, trim.x + trim.w] {
        for (y0, y1) in [(trim.y - off - CROP_LEN, trim.y - off), (trim.y + trim.h + off, trim.y + trim.h + off + CROP_LEN)] {
            line(page, Rect { x: x - half, y: y0, w: WEIGHT, h: y1 - y0 });
        }
    }
    for y in [trim.y, trim.y + trim.h] {
        for (x0, x1) in [(trim.x - off - CROP_LEN, trim.x - off), (trim.x + trim.w + off, trim.x + trim.w + off + CROP_LEN)] {
            line(page, Rect { x: x0, y: y - half, w: x1 - x0, h: WEIGHT });
        }
    }
}

/// A registration target (a cross in a square) centred on (`cx`, `cy`).
fn target(page: &mut Page, cx: f32, cy: f32) {
    let r = 2.5 * MM;
    let half = WEIGHT / 2.0;
    line(page, Rect { x: cx - r, y: cy - half, w: 2.0 * r, h: WEIGHT });
    line(page, Rect { x: cx - half, y: cy - r, w: WEIGHT, h: 2.0 * r });
    let s = r * 0.6;
    page.items.push(Item::Stroke { rect: Rect { x: cx - s, y: cy - s, w: 2.0 * s, h: 2.0 * s }, color: Color::REGISTRATION, width: WEIGHT });
}

/// Registration targets centred outside the bleed on the top, left and right edges.
pub fn registration_marks(page: &mut Page, trim: Rect, bleed: f32) {
    let d = bleed + GAP + 3.0 * MM;
    target(page, trim.x + trim.w / 2.0, trim.y - d);
    target(page, trim.x - d, trim.y + trim.h / 2.0);
    target(page, trim.x + trim.w + d, trim.y + trim.h / 2.0);
}

/// The slug line (6 pt) below the bottom bleed, from the trim's left edge.
pub fn slug_line(page: &mut Page, fonts: &FontBook, trim: Rect, bleed: f32, text: &str) {
    let (runs, _) = super::text::line(fonts, text, Style::regular(Family::Sans), 6.0, Color::BLACK);
    let baseline = trim.y + trim.h + bleed + GAP + CROP_LEN + 2.5 * MM;
    for run in super::text::placed(runs, trim.x, baseline) {
        page.items.push(Item::Text(run));
    }
}
