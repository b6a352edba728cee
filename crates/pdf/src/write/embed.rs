//! Font embedding: collects the glyphs each face uses, subsets the face to exactly those glyphs
//! with allsorts (glyf stays TrueType, CID-keyed CFF stays CFF), and hands printpdf the subset as
//! a face to embed whole. printpdf 0.12 only subsets by itself with its heavy `text_layout`
//! feature (azul); doing it here keeps the build small and the output deterministic.
//!
//! The subset's name carries a tag derived from its content (`ABCDEF+NotoSerif-Regular`), so
//! readers and `pdffonts` see a subset font; the ToUnicode map gives each glyph the text it
//! stands for most often (ties: the smallest non-empty text). Occurrences that stand for other
//! text are wrapped in `/ActualText` by the writer.

use std::collections::BTreeMap;

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{subset, CmapTarget, SubsetProfile};

use crate::fonts::FontBook;
use crate::model::{FontId, Item, TurnedRun};
use crate::RenderError;

/// One embedded subset font.
pub(crate) struct Embedded {
    /// printpdf's resource id (`F1`, `F2` …).
    pub pdf_id: printpdf::FontId,
    /// Original glyph id → glyph id in the subset.
    pub remap: BTreeMap<u16, u16>,
    /// Original glyph id → the text it stands for (for ToUnicode).
    pub text: BTreeMap<u16, String>,
    /// The subset face for printpdf.
    pub font: printpdf::ParsedFont,
}

/// Glyphs used per face, each with the text it stands for most often; `drawing` is each page's
/// items and turned runs.
pub(crate) fn used_glyphs(drawing: &[(&[Item], &[TurnedRun])]) -> BTreeMap<FontId, BTreeMap<u16, String>> {
    let mut counts: BTreeMap<FontId, BTreeMap<u16, BTreeMap<&str, usize>>> = BTreeMap::new();
    for (items, turned) in drawing {
        let runs = items.iter().filter_map(|i| match i {
            Item::Text(run) => Some(run),
            _ => None,
        });
        for run in runs.chain(turned.iter().map(|t| &t.run)) {
            let glyphs = counts.entry(run.font).or_default();
            for g in run.glyphs() {
                *glyphs.entry(g.id).or_default().entry(g.text).or_default() += 1;
            }
        }
    }
    counts
        .into_iter()
        .map(|(font, glyphs)| {
            let canonical = glyphs
                .into_iter()
                .map(|(id, texts)| {
                    // Most frequent; among equals prefer non-empty, then the smallest.
                    let best = texts
                        .into_iter()
                        .max_by(|a, b| (a.1, !a.0.is_empty(), std::cmp::Reverse(a.0)).cmp(&(b.1, !b.0.is_empty(), std::cmp::Reverse(b.0))))
                        .map(|(t, _)| t.to_string())
                        .unwrap_or_default();
                    (id, best)
                })
                .collect();
            (font, canonical)
        })
        .collect()
}

/// Subsets every face `drawing` (see [`used_glyphs`]) uses.
pub(crate) fn embed_all(
    drawing: &[(&[Item], &[TurnedRun])],
    fonts: &FontBook,
) -> Result<BTreeMap<FontId, Embedded>, RenderError> {
    let mut out = BTreeMap::new();
    for (n, (font, glyphs)) in used_glyphs(drawing).into_iter().enumerate() {
        let embedded = embed(fonts, font, glyphs, n + 1)?;
        out.insert(font, embedded);
    }
    Ok(out)
}

fn embed(fonts: &FontBook, font: FontId, glyphs: BTreeMap<u16, String>, n: usize) -> Result<Embedded, RenderError> {
    let fail = |why: String| RenderError::Failed(format!("cannot embed font {}: {why}", fonts.file_name(font)));
    let (data, index) = fonts.data(font).ok_or_else(|| fail("unknown face".into()))?;
    // .notdef first, then the used glyphs in ascending order: subset gid = position.
    let ids: Vec<u16> = std::iter::once(0).chain(glyphs.keys().copied().filter(|g| *g != 0)).collect();
    let remap: BTreeMap<u16, u16> = ids.iter().enumerate().map(|(i, g)| (*g, i as u16)).collect();
    let file = ReadScope::new(data).read::<FontData<'_>>().map_err(|e| fail(e.to_string()))?;
    let provider = file.table_provider(index as usize).map_err(|e| fail(e.to_string()))?;
    let bytes = subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode).map_err(|e| fail(e.to_string()))?;
    let mut warnings = Vec::new();
    let mut parsed = printpdf::ParsedFont::from_bytes(&bytes, 0, &mut warnings)
        .ok_or_else(|| fail(format!("printpdf cannot read the subset: {warnings:?}")))?;
    let ps = fonts.postscript_name(font);
    parsed.font_name = Some(format!("{}+{}", subset_tag(ps, &ids), ps));
    Ok(Embedded { pdf_id: printpdf::FontId(format!("F{n}")), remap, text: glyphs, font: parsed })
}

/// Six upper-case letters from a hash of the face name and the glyph set (ISO 32000-1, 9.6.4).
fn subset_tag(name: &str, ids: &[u16]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |b: u8| {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    };
    name.bytes().for_each(&mut eat);
    ids.iter().flat_map(|g| g.to_be_bytes()).for_each(&mut eat);
    (0..6)
        .map(|i| char::from(b'A' + ((h >> (i * 8)) % 26) as u8))
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::subset_tag;

    #[test]
    fn tag_is_six_capitals_and_stable() {
        let t = subset_tag("NotoSerif-Regular", &[0, 3, 4]);
        assert_eq!(t.len(), 6);
        assert!(t.chars().all(|c| c.is_ascii_uppercase()));
        assert_eq!(t, subset_tag("NotoSerif-Regular", &[0, 3, 4]));
        assert_ne!(t, subset_tag("NotoSerif-Regular", &[0, 3, 5]));
    }
}
