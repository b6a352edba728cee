//! The font book: the faces available for typesetting, script-aware font fallback
//! ([`FontBook::itemize`]), shaping with rustybuzz ([`FontBook::shape`]) and metrics.
//!
//! Fallback: for each character the book looks, in order, at the configured preferred families
//! (of the requested [`Family`]), then the faces made for the character's script (CJK faces for
//! Han/Kana/Hangul/CJK punctuation, Latin faces otherwise) in the requested family, then the
//! other script's faces of that family, then every face. Within a family the face closest to the
//! requested bold/italic wins (CJK faces named for the book's region first: SC for `zh-CN`, JP
//! for `ja` …); ties go to the earlier file. Punctuation shared by Chinese and
//! English (curly quotes, dashes, ellipsis) follows its context, spaces and combining marks stay
//! with their neighbour.

mod face;
mod face_class;

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use quire_core::config_fonts::FontChoice;
use quire_core::text_lang::TextLang;

pub use crate::model::FontId;
use face::Face;
use face_class::Class;

/// A font family category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    /// Body text (Noto Serif, Noto Serif CJK).
    Serif,
    /// Headings (Noto Sans, Noto Sans CJK).
    Sans,
    /// Code.
    Mono,
}

/// The style text is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Style {
    /// Family category.
    pub family: Family,
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
}

impl Style {
    /// Regular text of a family.
    pub const fn regular(family: Family) -> Style {
        Style { family, bold: false, italic: false }
    }
}

/// One glyph out of the shaper.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ShapedGlyph {
    /// Glyph id in the face.
    pub id: u16,
    /// Horizontal advance in points.
    pub advance: f32,
    /// Horizontal offset in points.
    pub x_offset: f32,
    /// Vertical offset in points (positive = up).
    pub y_offset: f32,
    /// Byte offset in the shaped text of the cluster this glyph belongs to.
    pub cluster: usize,
}

/// Vertical metrics per 1 pt of font size (multiply by the size).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct FontMetrics {
    /// Ascender (positive, above the baseline).
    pub ascender: f32,
    /// Descender (negative, below the baseline).
    pub descender: f32,
    /// Line gap.
    pub line_gap: f32,
}

/// An OpenType feature setting for [`FontBook::shape_with`] (e.g. `halt` on a range of CJK
/// punctuation, `liga` off in code).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeatureSetting {
    /// The tag, e.g. `*b"halt"`.
    pub tag: [u8; 4],
    /// 0 = off, 1 = on (or the alternate index).
    pub value: u32,
    /// Byte range of the shaped text it applies to.
    pub range: Range<usize>,
}

/// The fallback chains of one style and language (see [`FontBook::chains`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chains {
    /// The faces tried, in order, for CJK characters.
    pub cjk: Vec<FontId>,
    /// The faces tried, in order, for every other character.
    pub other: Vec<FontId>,
}

/// Why a font book cannot be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FontError {
    /// A file is not a font ttf-parser can read.
    #[error("cannot read font {file}: {reason}")]
    Parse {
        /// File name.
        file: String,
        /// Parser message.
        reason: String,
    },
    /// No font files were given.
    #[error("no font files given: the PDF renderer needs at least one font")]
    NoFonts,
}

/// The faces available for typesetting.
#[derive(Debug, Clone)]
pub struct FontBook {
    faces: Vec<Face>,
    preferred: Vec<String>,
    /// Preferred families for text in another CJK language than the book's.
    preferred_by_lang: BTreeMap<TextLang, Vec<String>>,
    language: Option<String>,
    /// `language` as a [`TextLang`].
    book_lang: TextLang,
}

impl FontBook {
    /// Loads every face of the given files (`(file name, bytes)`, collections give all their
    /// faces), in the given order.
    pub fn new(files: &[(String, Arc<[u8]>)]) -> Result<FontBook, FontError> {
        let mut faces = Vec::new();
        for (file, data) in files {
            for index in 0..face::face_count(data) {
                faces.push(Face::parse(file, data.clone(), index)?);
            }
        }
        if faces.is_empty() {
            return Err(FontError::NoFonts);
        }
        Ok(FontBook { faces, preferred: Vec::new(), preferred_by_lang: BTreeMap::new(), language: None, book_lang: TextLang::Other })
    }

    /// Puts these family names (as in `[output.pdf] fonts`, matched case-insensitively against
    /// the faces' family names) first in the fallback chain of their family category.
    pub fn with_preferred_families(mut self, families: &[String]) -> FontBook {
        self.preferred = families.iter().map(|f| f.trim().to_lowercase()).collect();
        self
    }

    /// Puts the families `[output.pdf] fonts` names for each CJK language first in the
    /// fallback chain of text in that language (`fonts.ja` for a Japanese quotation in an
    /// English book). Text in the book's own language keeps the list of
    /// [`FontBook::with_preferred_families`].
    pub fn with_font_choice(mut self, choice: &FontChoice) -> FontBook {
        for lang in [TextLang::ZhHans, TextLang::ZhHant, TextLang::ZhHk, TextLang::Ja, TextLang::Ko] {
            let tag = lang.tag().unwrap_or("");
            let list: Vec<String> = choice.for_language(tag).iter().map(|f| f.trim().to_lowercase()).collect();
            self.preferred_by_lang.insert(lang, list);
        }
        self
    }

    /// Sets the book's language (BCP 47), which the shaper uses for `locl` (e.g. `zh-Hans`) and
    /// font fallback for its region's faces, unless a run names another ([`FontBook::itemize_in`]).
    pub fn with_language(mut self, language: &str) -> FontBook {
        self.language = Some(language.to_string()).filter(|l| !l.is_empty());
        self.book_lang = TextLang::from_tag(language);
        self
    }

    /// The book's language (see [`FontBook::with_language`]).
    pub fn book_lang(&self) -> TextLang {
        self.book_lang
    }

    /// The BCP 47 tag text in `lang` is shaped with: its own, or the book's.
    fn tag_for(&self, lang: TextLang) -> Option<&str> {
        if lang == self.book_lang() {
            return self.language.as_deref();
        }
        lang.tag().or(self.language.as_deref())
    }

    fn preferred_for(&self, lang: TextLang) -> &[String] {
        if lang == TextLang::Other || lang == self.book_lang() {
            return &self.preferred;
        }
        self.preferred_by_lang.get(&lang).map(Vec::as_slice).unwrap_or(&self.preferred)
    }

    /// Number of faces.
    pub fn len(&self) -> usize {
        self.faces.len()
    }

    /// True when there are no faces (never, for a book built by [`FontBook::new`]).
    pub fn is_empty(&self) -> bool {
        self.faces.is_empty()
    }

    /// Every face id, in load order.
    pub fn ids(&self) -> impl Iterator<Item = FontId> + '_ {
        (0..self.faces.len()).map(FontId)
    }

    /// Splits text into runs, each with the face that covers it: script-aware fallback chain
    /// (Latin faces for Latin, CJK faces for Han/Kana/Hangul/CJK punctuation, then any face
    /// that has the glyph). Characters no face has are returned as runs with `None`.
    pub fn itemize(&self, text: &str, style: Style) -> Vec<(Range<usize>, Option<FontId>)> {
        self.itemize_in(text, style, self.book_lang())
    }

    /// Like [`FontBook::itemize`] for text in `lang`: CJK faces made for its region come first
    /// (JP faces for Japanese …), then `[output.pdf] fonts` for that language.
    pub fn itemize_in(&self, text: &str, style: Style, lang: TextLang) -> Vec<(Range<usize>, Option<FontId>)> {
        self.itemize_with(text, &self.chains(style, lang))
    }

    /// The fallback chains [`FontBook::itemize_in`] uses for a style and language: CJK
    /// characters', then the others'. The same for every text: a caller that itemizes often
    /// keeps them ([`FontBook::itemize_with`]).
    pub fn chains(&self, style: Style, lang: TextLang) -> Chains {
        Chains { cjk: self.chain(style, true, lang), other: self.chain(style, false, lang) }
    }

    /// [`FontBook::itemize_in`] with the chains of its style and language already found.
    pub fn itemize_with(&self, text: &str, chains: &Chains) -> Vec<(Range<usize>, Option<FontId>)> {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let plain: Vec<char> = chars.iter().map(|(_, c)| *c).collect();
        let classes = face_class::resolve(&plain);
        let (cjk_chain, other_chain) = (&chains.cjk, &chains.other);
        let find = |chain: &[FontId], c: char| chain.iter().copied().find(|f| self.face(*f).has(c));
        // Strong characters first; inheriting ones take a neighbour's face when it has them.
        let mut picked: Vec<Option<FontId>> = plain
            .iter()
            .zip(&classes)
            .map(|(c, k)| match k {
                Class::Cjk => find(cjk_chain, *c),
                Class::Inherit => None,
                _ => find(other_chain, *c),
            })
            .collect();
        // The face of the nearest strong character after each position (one backward pass:
        // a long run of marks or spaces stays linear).
        let mut next_face: Vec<Option<FontId>> = vec![None; plain.len()];
        let mut seen: Option<FontId> = None;
        for i in (0..plain.len()).rev() {
            next_face[i] = seen;
            if classes[i] != Class::Inherit && picked[i].is_some() {
                seen = picked[i];
            }
        }
        let mut prev: Option<FontId> = None;
        for i in 0..plain.len() {
            if classes[i] != Class::Inherit {
                prev = picked[i].or(prev);
                continue;
            }
            let c = plain[i];
            let next = || next_face[i];
            picked[i] = prev
                .filter(|f| self.face(*f).has(c))
                .or_else(|| next().filter(|f| self.face(*f).has(c)))
                .or_else(|| find(other_chain, c))
                .or_else(|| find(cjk_chain, c))
                // A space or mark nobody has: keep it with its neighbour, the shaper draws nothing.
                .or_else(|| if (c as u32) <= 0x20 { prev.or_else(next) } else { None });
            prev = picked[i].or(prev);
        }
        let mut runs: Vec<(Range<usize>, Option<FontId>)> = Vec::new();
        for (i, (start, c)) in chars.iter().enumerate() {
            let end = start + c.len_utf8();
            match runs.last_mut() {
                Some((r, f)) if *f == picked[i] => r.end = end,
                _ => runs.push((*start..end, picked[i])),
            }
        }
        runs
    }

    /// The ordered faces tried for a style: preferred families, then the script's faces of the
    /// family, the other script's faces of the family, then everything.
    fn chain(&self, style: Style, cjk: bool, lang: TextLang) -> Vec<FontId> {
        let mut out: Vec<FontId> = Vec::new();
        // CJK faces for the text's region first (SC for zh-CN, JP for ja …).
        let region = self.tag_for(lang).and_then(face::region_for_language);
        let push_best = |out: &mut Vec<FontId>, pred: &dyn Fn(&Face) -> bool| {
            // A face made for formulas comes after every text face of the family (a text face
            // that also has a MATH table, as DejaVu Sans does, is a text face).
            let mut cands: Vec<(bool, bool, u8, usize)> = self
                .faces
                .iter()
                .enumerate()
                .filter(|(_, f)| pred(f))
                .map(|(i, f)| (f.formulas_only, f.cjk && region.is_some() && f.region != region, style_distance(f, style), i))
                .collect();
            cands.sort();
            for (_, _, _, i) in cands {
                if !out.contains(&FontId(i)) {
                    out.push(FontId(i));
                }
            }
        };
        for name in self.preferred_for(lang) {
            push_best(&mut out, &|f: &Face| f.family_name.to_lowercase() == *name && f.family == style.family);
        }
        let cjk_family = |f: &Face| match style.family {
            Family::Mono => f.family == Family::Sans,
            other => f.family == other,
        };
        let (first, second) = if cjk { (true, false) } else { (false, true) };
        for want_cjk in [first, second] {
            if want_cjk {
                push_best(&mut out, &|f: &Face| f.cjk && cjk_family(f));
                push_best(&mut out, &|f: &Face| f.cjk);
            } else {
                push_best(&mut out, &|f: &Face| !f.cjk && f.family == style.family);
            }
        }
        push_best(&mut out, &|_: &Face| true);
        out
    }

    /// Shapes `text` (one run from [`FontBook::itemize`]) with rustybuzz at `size` points, with
    /// the font's default features (kern, liga, locl …).
    pub fn shape(&self, font: FontId, text: &str, size: f32) -> Vec<ShapedGlyph> {
        self.shape_with(font, text, size, &[])
    }

    /// Like [`FontBook::shape`] with extra feature settings.
    pub fn shape_with(&self, font: FontId, text: &str, size: f32, features: &[FeatureSetting]) -> Vec<ShapedGlyph> {
        self.shape_batch(font, &[text], size, features).pop().unwrap_or_default()
    }

    /// Shapes several texts in one face (the same features for each). Cheaper than one
    /// [`FontBook::shape`] per text: the shaper's face is set up once (about 40 µs for a CJK
    /// face, more than shaping a word).
    pub fn shape_batch(&self, font: FontId, texts: &[&str], size: f32, features: &[FeatureSetting]) -> Vec<Vec<ShapedGlyph>> {
        self.shape_batch_in(font, texts, size, features, self.book_lang())
    }

    /// Like [`FontBook::shape_batch`] for text in `lang`: its `locl` forms (a Japanese
    /// quotation in a Chinese book gets Japanese forms from a face that has both). Sets the
    /// face up for the shaper on each call: a caller that shapes often keeps a
    /// [`ShapingFaces`] instead.
    pub fn shape_batch_in(&self, font: FontId, texts: &[&str], size: f32, features: &[FeatureSetting], lang: TextLang) -> Vec<Vec<ShapedGlyph>> {
        ShapingFaces::new(self).shape_batch_in(font, texts, size, features, lang)
    }

    /// Vertical metrics per 1 pt.
    pub fn metrics(&self, font: FontId) -> FontMetrics {
        self.faces.get(font.0).map(|f| f.metrics).unwrap_or_default()
    }

    /// True for a face made for Chinese/Japanese/Korean.
    pub fn is_cjk(&self, font: FontId) -> bool {
        self.faces.get(font.0).is_some_and(|f| f.cjk)
    }

    /// True when the face has a glyph for `c`.
    pub fn has_char(&self, font: FontId, c: char) -> bool {
        self.faces.get(font.0).is_some_and(|f| f.has(c))
    }

    /// The face's family name (e.g. "Noto Serif CJK SC").
    pub fn family_name(&self, font: FontId) -> &str {
        self.faces.get(font.0).map(|f| f.family_name.as_str()).unwrap_or("")
    }

    /// The face's PostScript name (e.g. "NotoSerifCJKsc-Regular").
    pub fn postscript_name(&self, font: FontId) -> &str {
        self.faces.get(font.0).map(|f| f.postscript_name.as_str()).unwrap_or("")
    }

    /// The file the face came from.
    pub fn file_name(&self, font: FontId) -> &str {
        self.faces.get(font.0).map(|f| f.file.as_str()).unwrap_or("")
    }

    /// The family category and style of a face.
    pub fn style_of(&self, font: FontId) -> Option<Style> {
        self.faces.get(font.0).map(|f| Style { family: f.family, bold: f.bold, italic: f.italic })
    }

    /// The face that sets mathematics: the first with an OpenType MATH table whose family name
    /// contains `prefer` (case-insensitive; `[output.pdf] math-font`), else the first with one.
    pub fn math_face(&self, prefer: Option<&str>) -> Option<FontId> {
        let wanted = prefer.map(|p| p.trim().to_lowercase()).filter(|p| !p.is_empty());
        let mut with_math = self.faces.iter().enumerate().filter(|(_, f)| f.math);
        let first = with_math.clone().next().map(|(i, _)| FontId(i));
        wanted.and_then(|p| with_math.find(|(_, f)| f.family_name.to_lowercase().contains(&p)).map(|(i, _)| FontId(i))).or(first)
    }

    /// The font file bytes and the face index in it (for the writer).
    pub(crate) fn data(&self, font: FontId) -> Option<(&Arc<[u8]>, u32)> {
        self.faces.get(font.0).map(|f| (&f.data, f.index))
    }

    fn face(&self, font: FontId) -> &Face {
        &self.faces[font.0]
    }
}

/// The faces of a [`FontBook`] set up for the shaper (rustybuzz parses a face's substitution
/// and positioning tables when it is set up: about 40 µs for a CJK face, more than shaping a
/// word). Each face is set up the first time it shapes and kept: one value per build, shared
/// by the threads that set chapters.
pub struct ShapingFaces<'a> {
    fonts: &'a FontBook,
    faces: Vec<std::sync::OnceLock<Option<rustybuzz::Face<'a>>>>,
}

impl std::fmt::Debug for ShapingFaces<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ready = self.faces.iter().filter(|x| x.get().is_some()).count();
        f.debug_struct("ShapingFaces").field("faces", &self.faces.len()).field("set_up", &ready).finish()
    }
}

impl<'a> ShapingFaces<'a> {
    /// No face set up yet.
    pub fn new(fonts: &'a FontBook) -> ShapingFaces<'a> {
        ShapingFaces { fonts, faces: (0..fonts.faces.len()).map(|_| std::sync::OnceLock::new()).collect() }
    }

    /// The font book.
    pub fn fonts(&self) -> &'a FontBook {
        self.fonts
    }

    fn face(&self, font: FontId) -> Option<(&Face, &rustybuzz::Face<'a>)> {
        let fonts: &'a FontBook = self.fonts;
        let face = fonts.faces.get(font.0)?;
        let rb = self.faces.get(font.0)?.get_or_init(|| rustybuzz::Face::from_slice(&face.data, face.index)).as_ref()?;
        Some((face, rb))
    }

    /// Shapes `text` as [`FontBook::shape_batch_in`] does (the book's language when `lang`
    /// is [`TextLang::Other`] or the book's), reusing `buffer`'s memory.
    pub fn shape_in(&self, font: FontId, text: &str, size: f32, lang: TextLang, buffer: &mut Option<rustybuzz::UnicodeBuffer>) -> Vec<ShapedGlyph> {
        let Some((face, rb)) = self.face(font) else { return Vec::new() };
        let lang = self.fonts.tag_for(lang).and_then(|l| l.parse::<rustybuzz::Language>().ok());
        shape_one(face, rb, text, size, &[], lang, buffer)
    }

    /// Like [`FontBook::shape_batch_in`], with the face set up once.
    pub fn shape_batch_in(&self, font: FontId, texts: &[&str], size: f32, features: &[FeatureSetting], lang: TextLang) -> Vec<Vec<ShapedGlyph>> {
        let Some((face, rb)) = self.face(font) else { return vec![Vec::new(); texts.len()] };
        let lang = self.fonts.tag_for(lang).and_then(|l| l.parse::<rustybuzz::Language>().ok());
        let feats: Vec<rustybuzz::Feature> = features
            .iter()
            .map(|f| rustybuzz::Feature::new(rustybuzz::ttf_parser::Tag::from_bytes(&f.tag), f.value, f.range.clone()))
            .collect();
        let mut buffer = None;
        texts.iter().map(|text| shape_one(face, rb, text, size, &feats, lang.clone(), &mut buffer)).collect()
    }
}

/// Shapes one text with a set-up face; `buffer` is the previous call's (its memory is reused)
/// and receives this call's.
fn shape_one(
    face: &Face,
    rb: &rustybuzz::Face<'_>,
    text: &str,
    size: f32,
    feats: &[rustybuzz::Feature],
    lang: Option<rustybuzz::Language>,
    buffer: &mut Option<rustybuzz::UnicodeBuffer>,
) -> Vec<ShapedGlyph> {
    let scale = size / f32::from(face.units_per_em);
    let mut buf = buffer.take().unwrap_or_default();
    buf.push_str(text);
    if let Some(lang) = lang {
        buf.set_language(lang);
    }
    buf.guess_segment_properties();
    let out = rustybuzz::shape(rb, feats, buf);
    let glyphs = out
        .glyph_infos()
        .iter()
        .zip(out.glyph_positions())
        .map(|(info, pos)| ShapedGlyph {
            id: u16::try_from(info.glyph_id).unwrap_or(0),
            advance: pos.x_advance as f32 * scale,
            x_offset: pos.x_offset as f32 * scale,
            y_offset: pos.y_offset as f32 * scale,
            cluster: info.cluster as usize,
        })
        .collect();
    *buffer = Some(out.clear());
    glyphs
}

/// Which of `chars` face `index` of a font file maps to a real glyph, without loading the face
/// into a [`FontBook`] (for choosing installed fonts). An unreadable face covers nothing.
pub fn covers(data: &[u8], index: u32, chars: &[char]) -> Vec<bool> {
    match rustybuzz::ttf_parser::Face::parse(data, index) {
        Ok(face) => chars.iter().map(|c| face.glyph_index(*c).is_some_and(|g| g.0 != 0)).collect(),
        Err(_) => vec![false; chars.len()],
    }
}

/// The CJK region (`sc`, `tc`, `hk`, `jp`, `kr`) whose glyph forms a face follows, from its
/// family and PostScript names ("Noto Serif CJK JP", "SourceHanSansKR-Bold" …).
pub fn region_of_names(family: &str, postscript: &str) -> Option<&'static str> {
    face::region_of(family, postscript)
}

/// The CJK region a BCP 47 language tag wants: `ja` → `jp`, `ko` → `kr`, `zh-Hant`/`zh-TW` →
/// `tc`, `zh-HK` → `hk`, other `zh` → `sc`; `None` for other languages.
pub fn region_for_language(lang: &str) -> Option<&'static str> {
    face::region_for_language(lang)
}

/// How far a face is from the wanted bold/italic (0 = exact).
fn style_distance(f: &Face, style: Style) -> u8 {
    u8::from(f.bold != style.bold) * 2 + u8::from(f.italic != style.italic)
}

#[cfg(test)]
mod tests;
