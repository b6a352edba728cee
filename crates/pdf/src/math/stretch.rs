//! Stretchy glyphs: the smallest size variant of the MATH table that reaches a target extent, or
//! a glyph assembly (pieces and repeated extenders overlapping at their connectors) past the
//! largest variant. Used by delimiters, radicals, big operators and wide accents.

use super::boxes::{MathBox, MathGlyph, MathItem};
use super::font::MathFont;

/// The most extenders an assembly repeats (a formula a page tall needs a few dozen).
const MAX_REPEATS: usize = 256;

/// Glyph `g` of the math font at `size`, stretched to at least `target` points along the
/// vertical (or horizontal) axis. The result sits with its glyph baselines where the font put
/// them; callers centre it. `text` is what the drawn glyph(s) extract as.
pub fn stretch(mf: &MathFont, g: u16, size: f32, target: f32, vertical: bool, text: &str) -> MathBox {
    let variants = mf.variants(g, vertical);
    if let Some(&(v, _)) = variants.iter().find(|(_, ext)| ext * size >= target) {
        return glyph_box(mf, v, size, text);
    }
    if let Some(b) = assemble(mf, g, size, target, vertical, text) {
        return b;
    }
    let largest = variants.last().map(|v| v.0).unwrap_or(g);
    glyph_box(mf, largest, size, text)
}

/// One glyph of the math font as a box (height and depth from its ink).
pub fn glyph_box(mf: &MathFont, g: u16, size: f32, text: &str) -> MathBox {
    let ink = mf.ink(g);
    let advance = mf.advance(g) * size;
    MathBox {
        width: advance,
        height: (ink.y_max * size).max(0.0),
        depth: (-ink.y_min * size).max(0.0),
        italic: mf.italic(g) * size,
        items: vec![MathItem::Glyph(MathGlyph { font: mf.id, size, id: g, x: 0.0, y: 0.0, advance, text: text.to_string() })],
    }
}

fn assemble(mf: &MathFont, g: u16, size: f32, target: f32, vertical: bool, text: &str) -> Option<MathBox> {
    let (parts, italic) = mf.assembly(g, vertical)?;
    let min_overlap = mf.c.min_connector_overlap * size;
    let ext_count = parts.iter().filter(|p| p.extender).count();
    // The fewest repeats of the extenders whose assembly, at the smallest overlap, reaches the target.
    let mut repeats = 0usize;
    let seq = loop {
        let seq: Vec<_> = parts.iter().flat_map(|p| std::iter::repeat_n(*p, if p.extender { repeats } else { 1 })).collect();
        let full: f32 = seq.iter().map(|p| p.full_advance * size).sum::<f32>() - min_overlap * seq.len().saturating_sub(1) as f32;
        if full >= target || ext_count == 0 || repeats >= MAX_REPEATS {
            break seq;
        }
        repeats += 1;
    };
    if seq.is_empty() {
        return None;
    }
    let sum: f32 = seq.iter().map(|p| p.full_advance * size).sum();
    let joins = seq.len().saturating_sub(1) as f32;
    // The largest overlap any connector pair allows.
    let max_overlap = seq
        .windows(2)
        .map(|w| w[0].end_connector.min(w[1].start_connector) * size)
        .fold(f32::INFINITY, f32::min)
        .max(min_overlap);
    let overlap = if joins > 0.0 { ((sum - target) / joins).clamp(min_overlap, max_overlap) } else { 0.0 };
    let mut out = MathBox::default();
    let mut offset = 0.0f32;
    for (i, p) in seq.iter().enumerate() {
        let mut pb = glyph_box(mf, p.glyph, size, if i == 0 { text } else { "" });
        pb.italic = 0.0;
        if vertical {
            let ink = mf.ink(p.glyph);
            let w = pb.width;
            out.place(pb, 0.0, offset - ink.y_min * size);
            out.width = out.width.max(w);
        } else {
            out.place(pb, offset, 0.0);
        }
        offset += p.full_advance * size - overlap;
    }
    if !vertical {
        out.width = offset + overlap;
    }
    out.italic = italic * size;
    Some(out)
}
