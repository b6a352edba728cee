//! Mathematics typeset from the formulas of the tree: the events the parse stage read from the
//! TeX once (pulldown-latex's, which the MathML writer consumes too) are built into a math list
//! ([`parse`]), laid out with the OpenType MATH table of the math font
//! ([`font`]: constants, size variants, assemblies, italic corrections) following TeX's rules
//! (the TeXbook's appendix G, as OpenType math fonts restate them): atom classes and spacing
//! ([`spacing`]), scripts and limits ([`scripts`]), fractions ([`frac`]), radicals
//! ([`radical`]), delimiters ([`delim`]), accents ([`accent`]) and environments ([`table`]).
//! Letters come from the math font when it has a math alphabet, else from the body serif (italic
//! letters, upright digits and capital Greek, as TeX sets them).
//!
//! The result is a [`MathBox`] of glyphs and rules that the paragraph setter places as one
//! unbreakable box; TeX that does not parse is set as its source in a frame
//! ([`fallback_box`]).

pub mod accent;
pub mod alphabet;
pub mod boxes;
pub mod delim;
pub mod font;
pub mod frac;
pub mod layout;
pub mod parse;
pub mod radical;
pub mod scripts;
pub mod spacing;
pub mod stretch;
pub mod table;
#[cfg(test)]
pub(crate) mod tests;

pub use boxes::{MathBox, MathBreak, MathGlyph, MathItem, MathPiece};
pub use parse::ParseError;

use crate::fonts::{Family, FontBook, Style};
use crate::model::FontId;
use layout::{Ctx, St};
use parse::{Class, MathStyle, Node, TableKind};
use quire_core::Formula;

/// Why a formula was not typeset.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum MathError {
    /// The TeX does not parse.
    #[error(transparent)]
    Parse(#[from] ParseError),
    /// No face of the font book has a MATH table.
    #[error("no font with an OpenType MATH table is loaded")]
    NoMathFont,
}

/// Typesets `formula` at `size` points, in display style when `display`, with the math face
/// `math_font` (see [`font::find_math_face`]).
pub fn typeset(fonts: &FontBook, math_font: Option<FontId>, formula: &Formula, display: bool, size: f32) -> Result<MathBox, MathError> {
    let mut pieces = pieces(fonts, math_font, formula, display, size, false)?;
    Ok(pieces.pop().map(|p| p.0).unwrap_or_default())
}

/// Typesets `text` as text in a formula (upright, the math face's text style): an equation's
/// label.
pub fn typeset_text(fonts: &FontBook, math_font: Option<FontId>, text: &str, size: f32) -> Result<MathBox, MathError> {
    let word = Node::Word { text: text.to_string(), class: Class::Ord, text_mode: true };
    let mut pieces = lay(fonts, math_font, vec![vec![word]], true, size, false)?;
    Ok(pieces.pop().map(|p| p.0).unwrap_or_default())
}

/// Typesets an inline formula as the pieces between which a line may break (after a relation
/// or a binary operator of the outer list, as TeX allows), each with the break before it; one
/// piece when there is no such place.
pub fn typeset_inline(fonts: &FontBook, math_font: Option<FontId>, formula: &Formula, size: f32) -> Result<Vec<MathPiece>, MathError> {
    pieces(fonts, math_font, formula, false, size, true)
}

/// Typesets a display formula; when it is an `align` (or `alignat`) of several rows and nothing
/// else, also where its rows lie, so that a page may break between them.
pub fn typeset_display(fonts: &FontBook, math_font: Option<FontId>, formula: &Formula, size: f32) -> Result<(MathBox, Vec<table::RowBand>), MathError> {
    let rows = parse::parse(formula)?;
    if let [row] = rows.as_slice() {
        if let [Node::Table { kind, rows: cells, split: true }] = row.as_slice() {
            if cells.len() > 1 {
                let id = math_font.ok_or(MathError::NoMathFont)?;
                let mf = font::MathFont::new(fonts, id).ok_or(MathError::NoMathFont)?;
                let mut cx = Ctx::new(fonts, mf, size);
                let st = St { style: MathStyle::Display, cramped: false, font: None };
                return Ok(table::table_rows(&mut cx, kind, cells, st, 0));
            }
        }
    }
    let mut pieces = lay(fonts, math_font, rows, true, size, false)?;
    Ok((pieces.pop().map(|p| p.0).unwrap_or_default(), Vec::new()))
}

fn pieces(fonts: &FontBook, math_font: Option<FontId>, formula: &Formula, display: bool, size: f32, breakable: bool) -> Result<Vec<MathPiece>, MathError> {
    lay(fonts, math_font, parse::parse(formula)?, display, size, breakable)
}

fn lay(fonts: &FontBook, math_font: Option<FontId>, rows: Vec<Vec<Node>>, display: bool, size: f32, breakable: bool) -> Result<Vec<MathPiece>, MathError> {
    let id = math_font.ok_or(MathError::NoMathFont)?;
    let mf = font::MathFont::new(fonts, id).ok_or(MathError::NoMathFont)?;
    let mut cx = Ctx::new(fonts, mf, size);
    let st = St { style: if display { MathStyle::Display } else { MathStyle::Text }, cramped: false, font: None };
    Ok(if rows.len() > 1 {
        let rows: Vec<Vec<Vec<Node>>> = rows.into_iter().map(|r| vec![r]).collect();
        vec![(table::table(&mut cx, &TableKind::Gather, &rows, st, 0), None)]
    } else {
        cx.list_pieces(rows.first().map(Vec::as_slice).unwrap_or(&[]), st, 0, false, breakable)
    })
}

/// The TeX source in the code face inside a thin frame: what a formula that cannot be typeset
/// shows.
pub fn fallback_box(fonts: &FontBook, tex: &str, size: f32) -> MathBox {
    let text: String = tex.split_whitespace().collect::<Vec<_>>().join(" ");
    let text = if text.is_empty() { "\u{a0}".to_string() } else { text };
    // Long sources are cut: the diagnostic has the place, the page keeps its measure.
    let shown: String = if text.chars().count() > 60 { text.chars().take(59).chain(std::iter::once('…')).collect() } else { text };
    let size = size * 0.85;
    let mut body = MathBox::default();
    for (range, font) in fonts.itemize(&shown, Style::regular(Family::Mono)) {
        let id = font.unwrap_or(FontId(0));
        let piece = &shown[range];
        let shaped = fonts.shape(id, piece, size);
        let mut x = body.width;
        for (i, g) in shaped.iter().enumerate() {
            let first = i == 0 || shaped[i - 1].cluster != g.cluster;
            let end = shaped.get(i + 1).map(|n| n.cluster).filter(|&e| e > g.cluster).unwrap_or(piece.len());
            let t = if first { piece.get(g.cluster..end).unwrap_or("").to_string() } else { String::new() };
            body.items.push(MathItem::Glyph(MathGlyph { font: id, size, id: g.id, x: x + g.x_offset, y: g.y_offset, advance: g.advance, text: t }));
            x += g.advance;
        }
        body.width = x;
    }
    let pad = 0.25 * size;
    let t = 0.4f32;
    let (h, d) = (0.8 * size, 0.25 * size);
    let w = body.width + 2.0 * pad;
    let mut out = MathBox { width: w, height: h + pad / 2.0, depth: d + pad / 2.0, ..MathBox::default() };
    out.place(body, pad, 0.0);
    let (top, bottom) = (h + pad / 2.0, -(d + pad / 2.0));
    out.items.push(MathItem::Rule { x: 0.0, y: bottom, w, h: t });
    out.items.push(MathItem::Rule { x: 0.0, y: top - t, w, h: t });
    out.items.push(MathItem::Rule { x: 0.0, y: bottom, w: t, h: top - bottom });
    out.items.push(MathItem::Rule { x: w - t, y: bottom, w: t, h: top - bottom });
    out
}
