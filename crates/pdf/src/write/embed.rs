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
    /// Original glyph id → glyph id in the subset (`None`: not in the subset); as long as the
    /// largest original id used.
    pub remap: Vec<Option<u16>>,
    /// Glyph id in the subset → the text it stands for (for ToUnicode).
    pub texts: Vec<Option<String>>,
    /// The subset face for printpdf.
    pub font: printpdf::ParsedFont,
    /// Glyph id in the subset → its code in a content stream, when that is not the glyph id:
    /// for a CID-keyed CFF face, the CID its charset gives the glyph (0 for none), as printpdf
    /// encodes it (`cff_charset_gid_to_cid_map`).
    pub codes: Option<Vec<u16>>,
    /// Glyph id in the subset → its advance in 1/1000 em, truncated, as printpdf writes it in
    /// `/W` (and advances the pen by when it merges glyphs into one `TJ`).
    pub widths: Vec<i64>,
}

impl Embedded {
    /// The code of subset glyph `gid` in a content stream.
    pub fn code(&self, gid: u16) -> u16 {
        match &self.codes {
            Some(codes) => codes.get(usize::from(gid)).copied().unwrap_or(0),
            None => gid,
        }
    }

    /// The advance of subset glyph `gid` in 1/1000 em (0 if unknown).
    pub fn width(&self, gid: u16) -> i64 {
        self.widths.get(usize::from(gid)).copied().unwrap_or(0)
    }

    /// The text subset glyph `gid` stands for (its ToUnicode entry).
    pub fn text_of(&self, gid: u16) -> Option<&String> {
        self.texts.get(usize::from(gid)).and_then(Option::as_ref)
    }

    /// The subset glyph id of original glyph `gid`.
    pub fn subset_gid(&self, gid: u16) -> Option<u16> {
        self.remap.get(usize::from(gid)).copied().flatten()
    }
}

/// Per face, per glyph, how often it stands for each text.
type Counts<'a> = BTreeMap<FontId, BTreeMap<u16, BTreeMap<&'a str, usize>>>;

/// Glyphs used per face, each with the text it stands for most often; `drawing` is each page's
/// items and turned runs (counted on every core: the counts, so the result, do not depend on
/// how the pages are split).
pub(crate) fn used_glyphs(drawing: &[(&[Item], &[TurnedRun])]) -> BTreeMap<FontId, BTreeMap<u16, String>> {
    use rayon::prelude::*;
    let counts = drawing
        .par_iter()
        .fold(Counts::new, |mut counts, (items, turned)| {
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
            counts
        })
        .reduce(Counts::new, |mut a, b| {
            for (font, glyphs) in b {
                let into = a.entry(font).or_default();
                for (id, texts) in glyphs {
                    let into = into.entry(id).or_default();
                    for (text, n) in texts {
                        *into.entry(text).or_default() += n;
                    }
                }
            }
            a
        });
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

/// Subsets every face `drawing` (see [`used_glyphs`]) uses, the faces in parallel.
pub(crate) fn embed_all(
    drawing: &[(&[Item], &[TurnedRun])],
    fonts: &FontBook,
) -> Result<BTreeMap<FontId, Embedded>, RenderError> {
    use rayon::prelude::*;
    let used: Vec<(FontId, BTreeMap<u16, String>)> = used_glyphs(drawing).into_iter().collect();
    used.into_par_iter()
        .enumerate()
        .map(|(n, (font, glyphs))| embed(fonts, font, glyphs, n + 1).map(|e| (font, e)))
        .collect()
}

fn embed(fonts: &FontBook, font: FontId, mut glyphs: BTreeMap<u16, String>, n: usize) -> Result<Embedded, RenderError> {
    let fail = |why: String| RenderError::Failed(format!("cannot embed font {}: {why}", fonts.file_name(font)));
    let (data, index) = fonts.data(font).ok_or_else(|| fail("unknown face".into()))?;
    // .notdef first, then the used glyphs in ascending order: subset gid = position.
    let ids: Vec<u16> = std::iter::once(0).chain(glyphs.keys().copied().filter(|g| *g != 0)).collect();
    let mut remap = vec![None; ids.iter().copied().max().map_or(0, usize::from) + 1];
    for (i, g) in ids.iter().enumerate() {
        if let Some(slot) = remap.get_mut(usize::from(*g)) {
            *slot = Some(i as u16);
        }
    }
    let file = ReadScope::new(data).read::<FontData<'_>>().map_err(|e| fail(e.to_string()))?;
    let provider = file.table_provider(index as usize).map_err(|e| fail(e.to_string()))?;
    let bytes = subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode).map_err(|e| fail(e.to_string()))?;
    let mut warnings = Vec::new();
    let mut parsed = printpdf::ParsedFont::from_bytes(&bytes, 0, &mut warnings)
        .ok_or_else(|| fail(format!("printpdf cannot read the subset: {warnings:?}")))?;
    let ps = fonts.postscript_name(font);
    parsed.font_name = Some(format!("{}+{}", subset_tag(ps, &ids), ps));
    // As printpdf reads them when it writes the font: codes from the charset of the bytes it
    // embeds, widths from the face it parsed.
    let codes = printpdf::font::cff_charset_gid_to_cid_map(&parsed.original_bytes, 0)
        .filter(|map| !map.is_empty())
        .map(|map| (0..ids.len()).map(|g| u16::try_from(g).ok().and_then(|g| map.get(&g)).copied().unwrap_or(0)).collect());
    let upm = f32::from(parsed.pdf_font_metrics.units_per_em);
    let widths = (0..ids.len())
        .map(|g| u16::try_from(g).ok().and_then(|g| parsed.get_glyph_width(g)).map_or(0, |w| (f32::from(w) * 1000.0 / upm) as i64))
        .collect();
    let texts = ids.iter().map(|g| glyphs.remove(g)).collect();
    Ok(Embedded { pdf_id: printpdf::FontId(format!("F{n}")), remap, texts, font: parsed, codes, widths })
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
