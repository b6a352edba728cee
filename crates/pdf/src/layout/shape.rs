//! A per-chapter shaping cache over the [`FontBook`]: words repeat, so each (face, size, text)
//! is shaped once. Also counts characters no face covers, for one diagnostic per chapter.

use crate::fonts::{FontBook, ShapedGlyph, Style};
use crate::model::FontId;
use std::collections::HashMap;
use std::ops::Range;

/// Shaping with memoisation.
pub struct Shaper<'a> {
    /// The faces.
    pub fonts: &'a FontBook,
    cache: HashMap<(usize, u32), HashMap<String, Vec<ShapedGlyph>>>,
    /// Characters for which no face has a glyph.
    pub missing: Vec<char>,
}

impl<'a> Shaper<'a> {
    /// A cache over `fonts`.
    pub fn new(fonts: &'a FontBook) -> Shaper<'a> {
        Shaper { fonts, cache: HashMap::new(), missing: Vec::new() }
    }

    /// Runs of `text` with the face that covers them; uncovered runs get the first face (it
    /// draws .notdef) and are recorded in [`Shaper::missing`].
    pub fn itemize(&mut self, text: &str, style: Style) -> Vec<(Range<usize>, FontId)> {
        let fallback = self.fonts.ids().next().unwrap_or(FontId(0));
        self.fonts
            .itemize(text, style)
            .into_iter()
            .map(|(r, f)| match f {
                Some(f) => (r, f),
                None => {
                    for c in text[r.clone()].chars() {
                        if !c.is_whitespace() && self.missing.len() < 64 && !self.missing.contains(&c) {
                            self.missing.push(c);
                        }
                    }
                    (r, fallback)
                }
            })
            .collect()
    }

    /// Shaped glyphs of `text` in `font` at `size` (clusters are byte offsets into `text`).
    pub fn shape(&mut self, font: FontId, text: &str, size: f32) -> &[ShapedGlyph] {
        let fonts = self.fonts;
        let by_text = self.cache.entry((font.0, size.to_bits())).or_default();
        if !by_text.contains_key(text) {
            let glyphs = fonts.shape(font, text, size);
            by_text.insert(text.to_string(), glyphs);
        }
        by_text.get(text).map(|v| v.as_slice()).unwrap_or(&[])
    }

    /// Total advance of `text` in `font` at `size`.
    pub fn width(&mut self, font: FontId, text: &str, size: f32) -> f32 {
        self.shape(font, text, size).iter().map(|g| g.advance).sum()
    }

    /// Width of `text` in `style` at `size`, itemized across faces.
    pub fn measure(&mut self, text: &str, style: Style, size: f32) -> f32 {
        let runs = self.itemize(text, style);
        runs.into_iter().map(|(r, f)| self.width(f, &text[r], size)).sum()
    }
}
