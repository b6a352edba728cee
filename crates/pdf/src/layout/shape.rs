//! Shaping caches over the [`FontBook`]: words repeat, so each (face, size, text) is shaped
//! once — a per-chapter map in front of a book-wide one shared by the chapter threads. Also
//! counts characters no face covers, for one diagnostic per chapter.

use crate::fonts::{FontBook, ShapedGlyph, Style};
use crate::model::FontId;
use quire_core::text_lang::TextLang;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::{Arc, RwLock};

type ByText<T> = HashMap<(usize, u32, TextLang), HashMap<String, T>>;

/// A book-wide shaping cache shared between threads.
#[derive(Debug, Default)]
pub(crate) struct SharedShapes(RwLock<ByText<Arc<[ShapedGlyph]>>>);

/// Shaping with memoisation.
pub struct Shaper<'a> {
    /// The faces.
    pub fonts: &'a FontBook,
    cache: ByText<Vec<ShapedGlyph>>,
    shared: Option<&'a SharedShapes>,
    /// Characters for which no face has a glyph, each once, in the order met.
    pub missing: Vec<char>,
    missing_set: HashSet<char>,
}

impl<'a> Shaper<'a> {
    /// A cache over `fonts`.
    pub fn new(fonts: &'a FontBook) -> Shaper<'a> {
        Shaper { fonts, cache: HashMap::new(), shared: None, missing: Vec::new(), missing_set: HashSet::new() }
    }

    /// A cache over `fonts` backed by a book-wide `shared` cache.
    pub(crate) fn with_shared(fonts: &'a FontBook, shared: &'a SharedShapes) -> Shaper<'a> {
        Shaper { fonts, cache: HashMap::new(), shared: Some(shared), missing: Vec::new(), missing_set: HashSet::new() }
    }

    /// Runs of `text` with the face that covers them; uncovered runs get the first face (it
    /// draws .notdef) and are recorded in [`Shaper::missing`].
    pub fn itemize(&mut self, text: &str, style: Style) -> Vec<(Range<usize>, FontId)> {
        self.itemize_in(text, style, self.fonts.book_lang())
    }

    /// Like [`Shaper::itemize`] for text in `lang` (its region's faces first).
    pub fn itemize_in(&mut self, text: &str, style: Style, lang: TextLang) -> Vec<(Range<usize>, FontId)> {
        let fallback = self.fonts.ids().next().unwrap_or(FontId(0));
        self.fonts
            .itemize_in(text, style, lang)
            .into_iter()
            .map(|(r, f)| match f {
                Some(f) => (r, f),
                None => {
                    for c in text[r.clone()].chars() {
                        if !c.is_whitespace() && self.missing_set.insert(c) {
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
        self.shape_in(font, text, size, self.fonts.book_lang())
    }

    /// Like [`Shaper::shape`] for text in `lang` (its `locl` forms).
    pub fn shape_in(&mut self, font: FontId, text: &str, size: f32, lang: TextLang) -> &[ShapedGlyph] {
        let fonts = self.fonts;
        let key = (font.0, size.to_bits(), lang);
        let shared = self.shared;
        let by_text = self.cache.entry(key).or_default();
        if !by_text.contains_key(text) {
            let found = shared
                .and_then(|s| s.0.read().ok().and_then(|m| m.get(&key).and_then(|t| t.get(text)).map(|g| g.to_vec())));
            let glyphs = match found {
                Some(g) => g,
                None => {
                    let g = fonts.shape_batch_in(font, &[text], size, &[], lang).pop().unwrap_or_default();
                    if let Some(Ok(mut m)) = shared.map(|s| s.0.write()) {
                        m.entry(key).or_default().insert(text.to_string(), g.clone().into());
                    }
                    g
                }
            };
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

/// The text glyph `i` of `glyphs` (shaped from `text`) stands for: its cluster's text when it is
/// the cluster's first glyph, else nothing (a ligature's or a mark's other glyphs).
pub fn cluster_text<'t>(glyphs: &[crate::fonts::ShapedGlyph], i: usize, text: &'t str) -> &'t str {
    let Some(g) = glyphs.get(i) else { return "" };
    if i > 0 && glyphs.get(i - 1).is_some_and(|p| p.cluster == g.cluster) {
        return "";
    }
    let end = glyphs.get(i + 1..).unwrap_or(&[]).iter().map(|n| n.cluster).find(|&c| c > g.cluster).unwrap_or(text.len());
    text.get(g.cluster..end).unwrap_or("")
}
