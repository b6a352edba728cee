//! One parsed font face: what the [`super::FontBook`] knows about it without re-parsing
//! (names, style, coverage, metrics).

use std::sync::Arc;

use rustybuzz::ttf_parser;

use super::{Family, FontError, FontMetrics};

/// A face loaded from a font file (one face of a collection).
#[derive(Clone)]
pub(crate) struct Face {
    /// The file name it came from.
    pub file: String,
    /// The whole file (a collection keeps all its faces).
    pub data: Arc<[u8]>,
    /// Face index in a collection (0 for a plain font).
    pub index: u32,
    /// Typographic family name (name id 16, else 1), e.g. "Noto Serif CJK SC".
    pub family_name: String,
    /// PostScript name (name id 6), e.g. "NotoSerifCJKsc-Regular".
    pub postscript_name: String,
    /// Serif, sans or mono, guessed from the names and the `post` table.
    pub family: Family,
    /// Weight ≥ 600.
    pub bold: bool,
    /// Italic or oblique.
    pub italic: bool,
    /// The face is made for Chinese/Japanese/Korean (covers common Han and CJK punctuation).
    pub cjk: bool,
    /// The CJK region the face's glyph forms follow (`sc`, `tc`, `hk`, `jp`, `kr`), from its name.
    pub region: Option<&'static str>,
    /// Units per em.
    pub units_per_em: u16,
    /// Metrics per 1 pt.
    pub metrics: FontMetrics,
    /// Every code point the cmap maps to a real glyph.
    pub coverage: Coverage,
    /// The face has an OpenType MATH table with constants (it can set formulas).
    pub math: bool,
    /// A face made for formulas only (a MATH table and `Math` in its name: Asana Math, Noto
    /// Sans Math, STIX Two Math), as opposed to a text face that also carries a MATH table
    /// (DejaVu Sans): text falls back to it last.
    pub formulas_only: bool,
}

impl std::fmt::Debug for Face {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Face")
            .field("file", &self.file)
            .field("postscript_name", &self.postscript_name)
            .field("family", &self.family)
            .field("bold", &self.bold)
            .field("italic", &self.italic)
            .field("cjk", &self.cjk)
            .field("region", &self.region)
            .field("code_points", &self.coverage.len())
            .finish_non_exhaustive()
    }
}

impl Face {
    /// Parses face `index` of `data`.
    pub fn parse(file: &str, data: Arc<[u8]>, index: u32) -> Result<Face, FontError> {
        let face = ttf_parser::Face::parse(&data, index)
            .map_err(|e| FontError::Parse { file: file.to_string(), reason: e.to_string() })?;
        let family_name = name(&face, ttf_parser::name_id::TYPOGRAPHIC_FAMILY)
            .or_else(|| name(&face, ttf_parser::name_id::FAMILY))
            .unwrap_or_else(|| file.to_string());
        let postscript_name = name(&face, ttf_parser::name_id::POST_SCRIPT_NAME)
            .map(|n| n.chars().filter(|c| c.is_ascii_graphic() && !"[](){}<>/%#".contains(*c)).collect())
            .filter(|n: &String| !n.is_empty())
            .unwrap_or_else(|| family_name.chars().filter(|c| c.is_ascii_alphanumeric()).collect());
        let lower = format!("{} {}", family_name, postscript_name).to_ascii_lowercase();
        let family = if lower.contains("mono") || lower.contains("code") || face.is_monospaced() {
            Family::Mono
        } else if lower.contains("sans") || lower.contains("gothic") || lower.contains("hei") {
            Family::Sans
        } else {
            Family::Serif
        };
        let bold = face.weight().to_number() >= 600;
        let italic = face.is_italic() || face.is_oblique();
        let upm = face.units_per_em().max(1);
        let scale = 1.0 / f32::from(upm);
        let metrics = FontMetrics {
            ascender: f32::from(face.ascender()) * scale,
            descender: f32::from(face.descender()) * scale,
            line_gap: f32::from(face.line_gap()) * scale,
        };
        let mut coverage = Coverage::default();
        if let Some(cmap) = face.tables().cmap {
            for sub in cmap.subtables {
                if !sub.is_unicode() {
                    continue;
                }
                sub.codepoints(|cp| {
                    if sub.glyph_index(cp).is_some_and(|g| g.0 != 0) {
                        coverage.insert(cp);
                    }
                });
            }
        }
        // A CJK face covers the most common Han character and the ideographic full stop.
        let cjk = coverage.contains(0x7684) && coverage.contains(0x3002);
        let region = region_of(&family_name, &postscript_name);
        let math = face.tables().math.is_some_and(|m| m.constants.is_some());
        let formulas_only = math && lower.contains("math");
        Ok(Face {
            file: file.to_string(),
            data,
            index,
            family_name,
            postscript_name,
            family,
            bold,
            italic,
            cjk,
            region,
            units_per_em: upm,
            metrics,
            coverage,
            math,
            formulas_only,
        })
    }

    /// True when the face maps `c` to a real glyph.
    pub fn has(&self, c: char) -> bool {
        self.coverage.contains(c as u32)
    }
}

/// A set of code points as bits, one `u64` per 64 code points up to the largest: built from a
/// CJK face's tens of thousands of cmap entries and asked about every character shaped, without
/// hashing either (at most 136 KB, for a face that maps the last planes).
#[derive(Clone, Default)]
pub(crate) struct Coverage {
    words: Vec<u64>,
    len: usize,
}

impl Coverage {
    /// Adds `cp` (code points past U+10FFFF are ignored).
    pub fn insert(&mut self, cp: u32) {
        if cp > char::MAX as u32 {
            return;
        }
        let (word, bit) = ((cp / 64) as usize, cp % 64);
        if self.words.len() <= word {
            self.words.resize(word + 1, 0);
        }
        if let Some(w) = self.words.get_mut(word) {
            if *w & (1 << bit) == 0 {
                *w |= 1 << bit;
                self.len += 1;
            }
        }
    }

    /// Whether `cp` is in the set.
    pub fn contains(&self, cp: u32) -> bool {
        self.words.get((cp / 64) as usize).is_some_and(|w| w & (1 << (cp % 64)) != 0)
    }

    /// How many code points the set holds.
    pub fn len(&self) -> usize {
        self.len
    }
}

/// A Unicode name record, if the face has one.
fn name(face: &ttf_parser::Face<'_>, id: u16) -> Option<String> {
    face.names()
        .into_iter()
        .filter(|n| n.name_id == id)
        .find_map(|n| n.to_string())
        .filter(|s| !s.trim().is_empty())
}

/// The CJK region a face is named for: "Noto Serif CJK SC" / "NotoSansCJKjp-Bold" / "Source Han
/// Sans TW" …
pub(crate) fn region_of(family: &str, postscript: &str) -> Option<&'static str> {
    let lower = format!("{} {}", family, postscript).to_ascii_lowercase();
    let tokens: Vec<&str> = lower.split(|c: char| !c.is_ascii_alphanumeric()).collect();
    let has = |t: &str| tokens.iter().any(|x| *x == t || x.ends_with(&format!("cjk{t}")));
    [("sc", "sc"), ("cn", "sc"), ("tc", "tc"), ("tw", "tc"), ("hk", "hk"), ("jp", "jp"), ("kr", "kr")]
        .into_iter()
        .find(|(t, _)| has(t))
        .map(|(_, r)| r)
}

/// The CJK region a BCP 47 language tag wants (`zh`/`zh-CN`/`zh-Hans` → `sc` …).
pub(crate) fn region_for_language(lang: &str) -> Option<&'static str> {
    let l = lang.to_ascii_lowercase();
    let sub = |s: &str| l.split(['-', '_']).skip(1).any(|p| p == s);
    if l.starts_with("ja") {
        Some("jp")
    } else if l.starts_with("ko") {
        Some("kr")
    } else if l.starts_with("zh") || l.starts_with("yue") {
        if sub("hk") || sub("mo") {
            Some("hk")
        } else if sub("tw") || sub("hant") {
            Some("tc")
        } else {
            Some("sc")
        }
    } else {
        None
    }
}

/// Number of faces in a font file (1 for a plain font).
pub(crate) fn face_count(data: &[u8]) -> u32 {
    ttf_parser::fonts_in_collection(data).unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::Coverage;

    #[test]
    fn coverage_holds_what_was_inserted() {
        let mut c = Coverage::default();
        assert!(c.len() == 0 && !c.contains(0x41));
        for cp in [0x41, 0x7684, 0x3002, 0x7684, 0x10FFFF, 0x110000, 63, 64] {
            c.insert(cp);
        }
        assert_eq!(c.len(), 6);
        for cp in [0x41, 0x7684, 0x3002, 0x10FFFF, 63, 64] {
            assert!(c.contains(cp), "{cp:#x}");
        }
        for cp in [0x42, 0x110000, 62, 0, u32::MAX] {
            assert!(!c.contains(cp), "{cp:#x}");
        }
    }
}
