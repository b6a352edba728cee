//! One line of text shaped straight from the font book (slug line, cover): no breaking, no
//! justification.

use crate::fonts::{FontBook, Style};
use crate::model::{Color, GlyphRun};

/// The runs of `text` on one line starting at x = 0, baseline 0, and the line's width.
pub(crate) fn line(fonts: &FontBook, text: &str, style: Style, size: f32, color: Color) -> (Vec<GlyphRun>, f32) {
    let mut runs = Vec::new();
    let mut x = 0.0;
    for (range, font) in fonts.itemize(text, style) {
        let (Some(font), Some(piece)) = (font, text.get(range)) else { continue };
        let shaped = fonts.shape(font, piece, size);
        let start = x;
        let mut run = GlyphRun::new(font, size, start, 0.0, color);
        for (i, g) in shaped.iter().enumerate() {
            let first = i == 0 || shaped[i - 1].cluster != g.cluster;
            let end = shaped[i + 1..].iter().map(|n| n.cluster).find(|c| *c > g.cluster).unwrap_or(piece.len());
            let cluster = if first { piece.get(g.cluster..end).unwrap_or_default() } else { "" };
            run.push(g.id, x - start + g.x_offset, g.y_offset, cluster);
            x += g.advance;
        }
        runs.push(run);
    }
    (runs, x)
}

/// `runs` moved to start at `x` on `baseline`.
pub(crate) fn placed(mut runs: Vec<GlyphRun>, x: f32, baseline: f32) -> Vec<GlyphRun> {
    for r in &mut runs {
        r.x += x;
        r.baseline += baseline;
    }
    runs
}
