//! The laid-out formula: a box with a width, a height above and a depth below its baseline, and
//! what it draws (glyphs of any face, rules), in points with y growing upwards from the baseline.

use crate::model::FontId;

/// One glyph of a formula.
#[derive(Debug, Clone, PartialEq)]
pub struct MathGlyph {
    /// Its face.
    pub font: FontId,
    /// Size in points.
    pub size: f32,
    /// Glyph id.
    pub id: u16,
    /// Left of its advance, from the box's left.
    pub x: f32,
    /// Its baseline, up from the box's baseline.
    pub y: f32,
    /// Advance in points.
    pub advance: f32,
    /// The text it stands for (what a PDF reader extracts).
    pub text: String,
}

/// Something a formula draws.
#[derive(Debug, Clone, PartialEq)]
pub enum MathItem {
    /// A glyph.
    Glyph(MathGlyph),
    /// A filled rule (fraction bar, radical vinculum, over/underline): left, bottom (up from the
    /// baseline), width, height.
    Rule {
        /// Left.
        x: f32,
        /// Bottom, up from the baseline.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
    },
}

/// A place where an inline formula may break across lines (after a relation or a binary
/// operator): what breaking there costs and the space that stands there when it does not break
/// (dropped when it does).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MathBreak {
    /// TeX's penalty: 500 after a relation, 700 after a binary operator.
    pub penalty: f32,
    /// The space after the operator, in points.
    pub width: f32,
    /// How much it may stretch.
    pub stretch: f32,
    /// How much it may shrink.
    pub shrink: f32,
}

/// A piece of an inline formula and the break before it (none for the first piece).
pub type MathPiece = (MathBox, Option<MathBreak>);

/// A laid-out piece of a formula.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MathBox {
    /// Advance width.
    pub width: f32,
    /// Extent above the baseline.
    pub height: f32,
    /// Extent below the baseline (positive).
    pub depth: f32,
    /// Italic correction of its last glyph (for a superscript after it).
    pub italic: f32,
    /// What it draws.
    pub items: Vec<MathItem>,
}

impl MathBox {
    /// An empty box `width` wide.
    pub fn space(width: f32) -> MathBox {
        MathBox { width, ..MathBox::default() }
    }

    /// A rule box.
    pub fn rule(w: f32, bottom: f32, h: f32) -> MathBox {
        MathBox {
            width: w,
            height: (bottom + h).max(0.0),
            depth: (-bottom).max(0.0),
            italic: 0.0,
            items: vec![MathItem::Rule { x: 0.0, y: bottom, w, h }],
        }
    }

    /// Draws `other` with its baseline origin at (`dx`, `dy`) in this box, growing the height and
    /// depth to hold it (the width is the caller's business).
    pub fn place(&mut self, other: MathBox, dx: f32, dy: f32) {
        self.height = self.height.max(other.height + dy);
        self.depth = self.depth.max(other.depth - dy);
        self.items.extend(other.items.into_iter().map(|mut it| {
            match &mut it {
                MathItem::Glyph(g) => {
                    g.x += dx;
                    g.y += dy;
                }
                MathItem::Rule { x, y, .. } => {
                    *x += dx;
                    *y += dy;
                }
            }
            it
        }));
    }

    /// Appends `other` to the right, on the same baseline.
    pub fn append(&mut self, other: MathBox) {
        let x = self.width;
        self.width += other.width;
        self.italic = other.italic;
        self.place(other, x, 0.0);
    }

    /// Moves everything up by `dy` (down when negative).
    pub fn raise(mut self, dy: f32) -> MathBox {
        let mut out = MathBox { width: self.width, italic: self.italic, ..MathBox::default() };
        let items = std::mem::take(&mut self.items);
        out.place(MathBox { items, ..self }, 0.0, dy);
        out
    }

    /// Total vertical extent.
    pub fn total(&self) -> f32 {
        self.height + self.depth
    }

    /// The text of its glyphs in drawing order.
    pub fn text(&self) -> String {
        self.items
            .iter()
            .filter_map(|i| match i {
                MathItem::Glyph(g) => Some(g.text.as_str()),
                MathItem::Rule { .. } => None,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placing_grows_height_and_depth() {
        let mut b = MathBox::space(1.0);
        b.place(MathBox::rule(2.0, -1.0, 3.0), 0.0, 0.5);
        assert_eq!((b.height, b.depth), (2.5, 0.5));
        let r = MathBox::rule(1.0, 0.0, 1.0).raise(-2.0);
        assert_eq!((r.height, r.depth), (0.0, 2.0));
    }
}
