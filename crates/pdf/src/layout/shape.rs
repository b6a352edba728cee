//! Shaping caches over the [`FontBook`]: words repeat, so each (face, size, text) is shaped
//! once — a per-chapter map in front of a book-wide one shared by the chapter threads, which
//! also share each face set up for the shaper once ([`ShapingFaces`]) — and each chapter keeps
//! the font fallback chains it meets. Also counts characters no face covers, for one
//! diagnostic per chapter.

use crate::fonts::{Chains, FontBook, ShapedGlyph, ShapingFaces, Style};
use crate::model::FontId;
use quire_core::text_lang::TextLang;
use rustc_hash::FxHashMap;
use std::collections::HashSet;
use std::ops::Range;
use std::sync::{Arc, RwLock};

/// Fx hashing: every word of a book is looked up here, and SipHash cost more than the rest of
/// a cache hit.
type ByText<T> = FxHashMap<(usize, u32, TextLang), FxHashMap<Box<str>, T>>;

/// What the chapter threads share for one build: the faces set up for the shaper once, and a
/// book-wide shaping cache.
#[derive(Debug)]
pub(crate) struct SharedShapes<'a> {
    faces: ShapingFaces<'a>,
    cache: RwLock<ByText<Arc<[ShapedGlyph]>>>,
}

impl<'a> SharedShapes<'a> {
    /// Nothing shaped yet, no face set up.
    pub(crate) fn new(fonts: &'a FontBook) -> SharedShapes<'a> {
        SharedShapes { faces: ShapingFaces::new(fonts), cache: RwLock::default() }
    }
}

/// Shaping with memoisation.
pub struct Shaper<'a> {
    /// The faces.
    pub fonts: &'a FontBook,
    cache: ByText<Arc<[ShapedGlyph]>>,
    shared: Option<&'a SharedShapes<'a>>,
    /// The faces set up for the shaper when there is no shared set.
    own_faces: ShapingFaces<'a>,
    /// The fallback chains met so far, by style and language.
    chains: FxHashMap<(Style, TextLang), Chains>,
    /// The shaper's buffer, kept between calls for its memory.
    buffer: Option<rustybuzz::UnicodeBuffer>,
    /// Characters for which no face has a glyph, each once, in the order met.
    pub missing: Vec<char>,
    missing_set: HashSet<char>,
}

impl<'a> Shaper<'a> {
    /// A cache over `fonts`.
    pub fn new(fonts: &'a FontBook) -> Shaper<'a> {
        Shaper::make(fonts, None)
    }

    /// A cache over `fonts` backed by a book-wide `shared` cache and set of faces.
    pub(crate) fn with_shared(fonts: &'a FontBook, shared: &'a SharedShapes<'a>) -> Shaper<'a> {
        Shaper::make(fonts, Some(shared))
    }

    fn make(fonts: &'a FontBook, shared: Option<&'a SharedShapes<'a>>) -> Shaper<'a> {
        Shaper {
            fonts,
            cache: FxHashMap::default(),
            shared,
            own_faces: ShapingFaces::new(fonts),
            chains: FxHashMap::default(),
            buffer: None,
            missing: Vec::new(),
            missing_set: HashSet::new(),
        }
    }

    /// Runs of `text` with the face that covers them; uncovered runs get the first face (it
    /// draws .notdef) and are recorded in [`Shaper::missing`].
    pub fn itemize(&mut self, text: &str, style: Style) -> Vec<(Range<usize>, FontId)> {
        self.itemize_in(text, style, self.fonts.book_lang())
    }

    /// Like [`Shaper::itemize`] for text in `lang` (its region's faces first).
    pub fn itemize_in(&mut self, text: &str, style: Style, lang: TextLang) -> Vec<(Range<usize>, FontId)> {
        let fallback = self.fonts.ids().next().unwrap_or(FontId(0));
        let fonts = self.fonts;
        let chains = self.chains.entry((style, lang)).or_insert_with(|| fonts.chains(style, lang));
        fonts
            .itemize_with(text, chains)
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
        self.cached(font, text, size, lang).map(|g| &g[..]).unwrap_or(&[])
    }

    /// Like [`Shaper::shape_in`], as a shared slice (cheap to keep: no copy of the glyphs).
    pub fn shaped(&mut self, font: FontId, text: &str, size: f32, lang: TextLang) -> Arc<[ShapedGlyph]> {
        self.cached(font, text, size, lang).cloned().unwrap_or_else(|| Arc::from(Vec::new()))
    }

    fn cached(&mut self, font: FontId, text: &str, size: f32, lang: TextLang) -> Option<&Arc<[ShapedGlyph]>> {
        let key = (font.0, size.to_bits(), lang);
        let shared = self.shared;
        let by_text = self.cache.entry(key).or_default();
        if !by_text.contains_key(text) {
            let found = shared.and_then(|s| s.cache.read().ok().and_then(|m| m.get(&key).and_then(|t| t.get(text)).cloned()));
            let glyphs = match found {
                Some(g) => g,
                None => {
                    let faces = shared.map(|s| &s.faces).unwrap_or(&self.own_faces);
                    let g: Arc<[ShapedGlyph]> = faces.shape_in(font, text, size, lang, &mut self.buffer).into();
                    if let Some(Ok(mut m)) = shared.map(|s| s.cache.write()) {
                        m.entry(key).or_default().entry(text.into()).or_insert_with(|| g.clone());
                    }
                    g
                }
            };
            by_text.insert(text.into(), glyphs);
        }
        by_text.get(text)
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
