//! Font embedding: each font in [`Options::fonts`](crate::Options::fonts) is subset (allsorts)
//! to the characters the book's documents use, so even a CJK font adds only the glyphs this book
//! needs. A font that covers none of them is left out. Off with `[output.epub] embed-fonts =
//! false`.

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
    /// Fixed pitch (used for code).
    pub monospace: bool,
    /// The subset font.
    pub data: Vec<u8>,
    /// `font/otf` (CFF outlines) or `font/ttf`.
    pub mime: &'static str,
}

/// Collects the characters that appear as text in XHTML documents (outside tags), with numeric
/// and the common named character references decoded.
pub fn text_chars<'a>(docs: impl IntoIterator<Item = &'a str>, chars: &mut BTreeSet<char>) {
    for doc in docs {
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
                if let Some(end) = rest[..rest.len().min(12)].find(';') {
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

/// Subsets every font to `chars`. Fonts that cannot be read or subset give a warning and are
/// skipped; the book still builds.
pub fn subset_all(
    fonts: &[(String, std::sync::Arc<[u8]>)],
    chars: &BTreeSet<char>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<EmbeddedFont> {
    let mut out: Vec<EmbeddedFont> = Vec::new();
    for (name, data) in fonts {
        match subset_one(name, data, chars) {
            Ok(Some(mut f)) => {
                // Unique package paths even for fonts with the same file stem.
                let stem = f.path.clone();
                let mut n = 1;
                while out.iter().any(|o| o.path == f.path) {
                    n += 1;
                    f.path = stem.replacen('.', &format!("-{n}."), 1);
                }
                out.push(f)
            }
            Ok(None) => {}
            Err(why) => diagnostics.push(
                Diagnostic::warning("epub-font", format!("font {name} is not embedded: {why}"))
                    .with_hint("use an OpenType (.otf/.ttf/.ttc) font"),
            ),
        }
    }
    out
}

/// Subsets one font; `Ok(None)` when it covers none of `chars`.
fn subset_one(name: &str, data: &[u8], chars: &BTreeSet<char>) -> Result<Option<EmbeddedFont>, String> {
    let face = ttf_parser::Face::parse(data, 0).map_err(|e| e.to_string())?;
    let mut glyphs: BTreeSet<u16> = BTreeSet::new();
    for &c in chars {
        if let Some(g) = face.glyph_index(c) {
            glyphs.insert(g.0);
        }
    }
    if glyphs.is_empty() {
        return Ok(None);
    }
    let mut ids: Vec<u16> = vec![0];
    ids.extend(glyphs.into_iter().filter(|g| *g != 0));
    let family = face
        .names()
        .into_iter()
        .filter(|n| n.is_unicode())
        .filter(|n| n.name_id == ttf_parser::name_id::TYPOGRAPHIC_FAMILY)
        .find_map(|n| n.to_string())
        .or_else(|| {
            face.names()
                .into_iter()
                .filter(|n| n.is_unicode() && n.name_id == ttf_parser::name_id::FAMILY)
                .find_map(|n| n.to_string())
        })
        .unwrap_or_else(|| safe_stem(name));
    let weight = face.weight().to_number();
    let italic = face.is_italic() || face.is_oblique();
    let monospace = face.is_monospaced();

    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::{subset, CmapTarget, SubsetProfile};
    let font = ReadScope::new(data).read::<FontData<'_>>().map_err(|e| e.to_string())?;
    let provider = font.table_provider(0).map_err(|e| e.to_string())?;
    let sub = subset(&provider, &ids, &SubsetProfile::Minimal, CmapTarget::Unicode).map_err(|e| format!("{e:?}"))?;
    let (ext, mime) = if sub.starts_with(b"OTTO") { ("otf", "font/otf") } else { ("ttf", "font/ttf") };
    Ok(Some(EmbeddedFont {
        path: format!("fonts/{}.{ext}", safe_stem(name)),
        family,
        weight,
        italic,
        monospace,
        data: sub,
        mime,
    }))
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
    let mut text: Vec<&str> = Vec::new();
    let mut mono: Vec<&str> = Vec::new();
    for f in fonts {
        let list = if f.monospace { &mut mono } else { &mut text };
        if !list.contains(&f.family.as_str()) {
            list.push(&f.family);
        }
    }
    let family_list = |fams: &[&str], generic: &str| {
        let mut s: Vec<String> = fams.iter().map(|f| format!("\"{}\"", css_string(f))).collect();
        s.push(generic.to_string());
        s.join(", ")
    };
    if !text.is_empty() {
        css.push_str(&format!("body {{ font-family: {}; }}\n", family_list(&text, "serif")));
    }
    if !mono.is_empty() {
        let mut all = mono.clone();
        all.extend(text.iter().copied());
        css.push_str(&format!("code, pre, kbd, samp {{ font-family: {}; }}\n", family_list(&all, "monospace")));
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
        assert_eq!(chars.into_iter().collect::<String>(), "&a中");
    }

    #[test]
    fn subsets_a_system_cjk_font() {
        let path = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc";
        let Ok(data) = std::fs::read(path) else {
            println!("SKIPPED: {path} is absent (apt-get install fonts-noto-cjk)");
            return;
        };
        let chars: BTreeSet<char> = "Hello 中文世界".chars().collect();
        let mut diags = Vec::new();
        let fonts = subset_all(&[("NotoSerifCJK-Regular.ttc".into(), data.clone().into())], &chars, &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(fonts.len(), 1);
        let f = &fonts[0];
        assert!(f.data.len() < 100_000, "subset is {} bytes", f.data.len());
        let face = ttf_parser::Face::parse(&f.data, 0).expect("subset parses");
        for c in chars {
            assert!(face.glyph_index(c).is_some(), "{c} kept");
        }
        assert!(face.glyph_index('語').is_none());
        assert_eq!(f.mime, "font/otf");
    }
}
