//! Font embedding: each font in [`Options::fonts`](crate::Options::fonts) is subset (allsorts)
//! to the characters the book's documents use, so even a CJK font adds only the glyphs this book
//! needs. A font that covers none of them is left out. Off with `[output.epub] embed-fonts =
//! false`.

use quire_core::Code;
use quire_core::Diagnostic;
use std::collections::BTreeSet;

/// A subset font ready to package.
#[derive(Debug, Clone)]
pub struct EmbeddedFont {
    /// Package path, e.g. `fonts/NotoSerif-Regular.otf`.
    pub path: String,
    /// Family name for `@font-face`.
    pub family: String,
    /// CSS weight (100–900).
    pub weight: u16,
    /// Italic or oblique.
    pub italic: bool,
    /// What it is used for.
    pub role: Role,
    /// It is a CJK font (the fallback for every role).
    pub cjk: bool,
    /// The subset font.
    pub data: Vec<u8>,
    /// `font/otf` (CFF outlines) or `font/ttf`.
    pub mime: &'static str,
}

/// Collects the characters that appear as text in XHTML documents (outside tags), with numeric
/// and the common named character references decoded.
pub fn text_chars<'a>(docs: impl IntoIterator<Item = &'a str>, chars: &mut BTreeSet<char>) {
    use rayon::prelude::*;
    // A bit per code point (17 planes: 136 KiB) per task instead of a tree insert per character:
    // a big book's XHTML is megabytes of text but only a few thousand distinct characters.
    let docs: Vec<&str> = docs.into_iter().collect();
    let seen = docs
        .par_iter()
        .fold(CharBits::new, |mut bits, doc| {
            doc_chars(doc, &mut bits);
            bits
        })
        .reduce(CharBits::new, CharBits::union);
    chars.extend(seen.chars());
}

/// A set of chars as a bitmap.
struct CharBits(Vec<u64>);

impl CharBits {
    fn new() -> Self {
        CharBits(vec![0; (char::MAX as usize + 1).div_ceil(64)])
    }

    fn insert(&mut self, c: char) {
        let i = c as usize;
        self.0[i / 64] |= 1 << (i % 64);
    }

    fn union(mut self, other: CharBits) -> CharBits {
        for (a, b) in self.0.iter_mut().zip(other.0) {
            *a |= b;
        }
        self
    }

    fn chars(&self) -> impl Iterator<Item = char> + '_ {
        self.0.iter().enumerate().filter(|(_, w)| **w != 0).flat_map(|(i, w)| {
            (0..64).filter(move |b| w & (1 << b) != 0).filter_map(move |b| char::from_u32((i * 64 + b) as u32))
        })
    }
}

fn doc_chars(doc: &str, chars: &mut CharBits) {
    let mut in_tag = false;
    let mut rest = doc;
    while let Some(c) = rest.chars().next() {
        let len = c.len_utf8();
        if in_tag {
            if c == '>' {
                in_tag = false;
            }
        } else if c == '<' {
            in_tag = true;
        } else if c == '&' {
            let window = &rest.as_bytes()[..rest.len().min(12)];
            if let Some(end) = window.iter().position(|b| *b == b';') {
                if let Some(d) = decode_entity(&rest[1..end]) {
                    chars.insert(d);
                    rest = &rest[end + 1..];
                    continue;
                }
            }
            chars.insert('&');
        } else if !c.is_control() {
            chars.insert(c);
        }
        rest = &rest[len..];
    }
}

fn decode_entity(name: &str) -> Option<char> {
    if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
        return u32::from_str_radix(hex, 16).ok().and_then(char::from_u32);
    }
    if let Some(dec) = name.strip_prefix('#') {
        return dec.parse::<u32>().ok().and_then(char::from_u32);
    }
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some('\u{a0}'),
        _ => None,
    }
}

/// A file-name-safe stem from a font file name.
fn safe_stem(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let stem = base.rsplit_once('.').map(|(s, _)| s).unwrap_or(base);
    let s: String = stem
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' })
        .collect();
    if s.is_empty() {
        "font".to_string()
    } else {
        s
    }
}

/// What a font is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Body text.
    Serif,
    /// Headings.
    Sans,
    /// Code.
    Mono,
}

/// A parsed font before subsetting.
struct Candidate<'a> {
    name: &'a str,
    data: &'a [u8],
    family: String,
    weight: u16,
    italic: bool,
    role: Role,
    cjk: bool,
    covered: BTreeSet<char>,
}

fn family_name(face: &ttf_parser::Face<'_>) -> Option<String> {
    let by_id = |id: u16| {
        face.names().into_iter().filter(|n| n.is_unicode() && n.name_id == id).find_map(|n| n.to_string())
    };
    by_id(ttf_parser::name_id::TYPOGRAPHIC_FAMILY).or_else(|| by_id(ttf_parser::name_id::FAMILY))
}

fn candidate<'a>(name: &'a str, data: &'a [u8], chars: &BTreeSet<char>) -> Result<Candidate<'a>, String> {
    let face = ttf_parser::Face::parse(data, 0).map_err(|e| e.to_string())?;
    let family = family_name(&face).unwrap_or_else(|| safe_stem(name));
    let covered: BTreeSet<char> = chars.iter().copied().filter(|c| face.glyph_index(*c).is_some()).collect();
    let lower = family.to_ascii_lowercase();
    let role = if face.is_monospaced() || lower.contains("mono") || lower.contains("code") {
        Role::Mono
    } else if lower.contains("sans") || lower.contains("gothic") || lower.contains("hei") {
        Role::Sans
    } else {
        Role::Serif
    };
    Ok(Candidate {
        name,
        data,
        family,
        weight: face.weight().to_number(),
        italic: face.is_italic() || face.is_oblique(),
        role,
        cjk: face.glyph_index('\u{4E00}').is_some() || face.glyph_index('\u{3042}').is_some(),
        covered,
    })
}

/// Subsets the fonts to `chars`, keeping the package small:
///
/// * Latin (non-CJK) fonts are subset to every character of the book they cover;
/// * of the CJK fonts only one is embedded — the first regular upright one, serif preferred — and
///   only with the characters the Latin fonts lack (reading systems synthesise bold for it);
/// * a font left with no characters is not embedded.
///
/// Fonts that cannot be read or subset give a warning and are skipped; the book still builds.
pub fn subset_all(
    fonts: &[(String, std::sync::Arc<[u8]>)],
    chars: &BTreeSet<char>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<EmbeddedFont> {
    use rayon::prelude::*;
    // Reading coverage and subsetting are per font and independent: both run on every core,
    // and results are taken in the fonts' order, so the package does not depend on scheduling.
    let read: Vec<_> = fonts.par_iter().map(|(name, data)| (name, candidate(name, data, chars))).collect();
    let mut candidates = Vec::new();
    for (name, c) in read {
        match c {
            Ok(c) => candidates.push(c),
            Err(why) => diagnostics.push(font_warning(name, &why)),
        }
    }
    let latin_covered: BTreeSet<char> = candidates.iter().filter(|c| !c.cjk).flat_map(|c| c.covered.iter().copied()).collect();
    let cjk_pick = candidates
        .iter()
        .enumerate()
        .filter(|(_, c)| c.cjk && !c.italic && c.weight <= 500)
        .min_by_key(|(i, c)| (c.role != Role::Serif, *i))
        .map(|(i, _)| i);
    let subsets: Vec<Option<Result<EmbeddedFont, String>>> = candidates
        .par_iter()
        .enumerate()
        .map(|(i, c)| {
            let keep: BTreeSet<char> = if c.cjk {
                if Some(i) != cjk_pick {
                    return None;
                }
                c.covered.difference(&latin_covered).copied().collect()
            } else {
                c.covered.clone()
            };
            (!keep.is_empty()).then(|| subset_one(c, &keep))
        })
        .collect();
    let mut out: Vec<EmbeddedFont> = Vec::new();
    for (c, result) in candidates.iter().zip(subsets) {
        match result {
            Some(Ok(mut f)) => {
                // Unique package paths even for fonts with the same file stem.
                let stem = f.path.clone();
                let mut n = 1;
                while out.iter().any(|o| o.path == f.path) {
                    n += 1;
                    f.path = stem.replacen('.', &format!("-{n}."), 1);
                }
                out.push(f)
            }
            Some(Err(why)) => diagnostics.push(font_warning(c.name, &why)),
            None => {}
        }
    }
    out
}

fn font_warning(name: &str, why: &str) -> Diagnostic {
    Diagnostic::warning(Code::EpubFont, format!("font {name} is not embedded: {why}"))
        .with_hint("use an OpenType (.otf/.ttf) font")
}

/// Subsets one font to `chars` (all of which it covers).
fn subset_one(c: &Candidate<'_>, chars: &BTreeSet<char>) -> Result<EmbeddedFont, String> {
    let face = ttf_parser::Face::parse(c.data, 0).map_err(|e| e.to_string())?;
    let glyphs: BTreeSet<u16> = chars.iter().filter_map(|ch| face.glyph_index(*ch)).map(|g| g.0).filter(|g| *g != 0).collect();
    let mut ids: Vec<u16> = vec![0];
    ids.extend(glyphs);

    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::{subset, CmapTarget, SubsetProfile};
    let font = ReadScope::new(c.data).read::<FontData<'_>>().map_err(|e| e.to_string())?;
    let provider = font.table_provider(0).map_err(|e| e.to_string())?;
    let sub = subset(&provider, &ids, &SubsetProfile::Minimal, CmapTarget::Unicode).map_err(|e| format!("{e:?}"))?;
    let (ext, mime) = if sub.starts_with(b"OTTO") { ("otf", "font/otf") } else { ("ttf", "font/ttf") };
    Ok(EmbeddedFont {
        path: format!("fonts/{}.{ext}", safe_stem(c.name)),
        family: c.family.clone(),
        weight: c.weight,
        italic: c.italic,
        role: c.role,
        cjk: c.cjk,
        data: sub,
        mime,
    })
}

/// `@font-face` rules and the font-family settings that use the embedded fonts.
pub fn css(fonts: &[EmbeddedFont]) -> String {
    if fonts.is_empty() {
        return String::new();
    }
    let mut css = String::from("\n/* Embedded fonts (subset to the glyphs this book uses). */\n");
    for f in fonts {
        css.push_str(&format!(
            "@font-face {{ font-family: \"{}\"; src: url(\"{}\"); font-weight: {}; font-style: {}; }}\n",
            css_string(&f.family),
            f.path,
            f.weight,
            if f.italic { "italic" } else { "normal" }
        ));
    }
    let families = |role: Option<Role>| -> Vec<&str> {
        let mut v: Vec<&str> = Vec::new();
        for f in fonts.iter().filter(|f| !f.cjk && role.is_none_or(|r| f.role == r)) {
            if !v.contains(&f.family.as_str()) {
                v.push(&f.family);
            }
        }
        for f in fonts.iter().filter(|f| f.cjk) {
            if !v.contains(&f.family.as_str()) {
                v.push(&f.family);
            }
        }
        v
    };
    let list = |fams: Vec<&str>, generic: &str| {
        let mut s: Vec<String> = fams.iter().map(|f| format!("\"{}\"", css_string(f))).collect();
        s.push(generic.to_string());
        s.join(", ")
    };
    let has = |r: Role| fonts.iter().any(|f| !f.cjk && f.role == r);
    let body_role = if has(Role::Serif) { Role::Serif } else { Role::Sans };
    css.push_str(&format!("body {{ font-family: {}; }}\n", list(families(Some(body_role)), if body_role == Role::Serif { "serif" } else { "sans-serif" })));
    if has(Role::Sans) && body_role == Role::Serif {
        css.push_str(&format!("h1, h2, h3, h4, h5, h6 {{ font-family: {}; }}\n", list(families(Some(Role::Sans)), "sans-serif")));
    }
    if has(Role::Mono) {
        css.push_str(&format!("code, pre, kbd, samp {{ font-family: {}; }}\n", list(families(Some(Role::Mono)), "monospace")));
    }
    css
}

fn css_string(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collects_text_characters() {
        let mut chars = BTreeSet::new();
        text_chars(["<p class=\"x\">a&amp;&#x4E2D;</p>"], &mut chars);
        assert_eq!(chars.iter().collect::<String>(), "&a中");
        text_chars(["&R</em>）。"], &mut chars);
        assert!(chars.contains(&'）'));
        // Many documents, astral and edge code points: the same as a plain scan.
        let docs = ["<b>x</b>\u{10FFFF}𠀀", "\u{7f}y\u{80}", "é<i title=\"z\">\u{FFFF}</i>", ""];
        let mut all = BTreeSet::new();
        text_chars(docs, &mut all);
        let expected: BTreeSet<char> = "x\u{10FFFF}𠀀y\u{80}é\u{FFFF}".chars().filter(|c| !c.is_control()).collect();
        assert_eq!(all, expected);
    }

    #[test]
    fn subsets_a_system_cjk_font() {
        let path = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc";
        let data = std::fs::read(path)
            .unwrap_or_else(|e| panic!("{path}: {e}; `make tools` installs fonts-noto-cjk (Debian)"));
        let chars: BTreeSet<char> = "Hello 中文世界".chars().collect();
        let mut diags = Vec::new();
        let fonts = subset_all(&[("NotoSerifCJK-Regular.ttc".into(), data.clone().into())], &chars, &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(fonts.len(), 1);
        let f = &fonts[0];
        assert!(f.cjk);
        assert!(f.data.len() < 100_000, "subset is {} bytes", f.data.len());
        let face = ttf_parser::Face::parse(&f.data, 0).expect("subset parses");
        for c in chars {
            assert!(face.glyph_index(c).is_some(), "{c} kept");
        }
        assert!(face.glyph_index('語').is_none());
        assert_eq!(f.mime, "font/otf");
    }
}
