//! Ruby (`<ruby>漢字<rt>かんじ</rt></ruby>`): the reading set in half-size type centred above its
//! base, the pair one unbreakable box in the line, as JIS X 4051 / JLREQ group ruby. The box is
//! as wide as the wider of base and reading; the narrower is centred in it. The reading's glyphs
//! carry no text, so copying the paragraph gives the base text as written (the site and the EPUB
//! keep the `<ruby>` markup itself).

use super::inline::RunStyle;
use super::shape::Shaper;
use crate::fonts::Style;
use crate::math::{MathBox, MathGlyph, MathItem};
use quire_core::text_lang::TextLang;

/// The reading's size as a fraction of the base's.
pub const RUBY_SCALE: f32 = 0.5;

/// Where the reading's baseline sits above the base's, as a fraction of the base size: the top
/// of the base's em box (0.88 em in CJK fonts) plus the reading's descent.
const RUBY_RAISE: f32 = 0.88 + 0.12 * RUBY_SCALE;

/// `text` shaped in `style` at `size`, its glyphs from x = 0 with their texts (or none), and its
/// advance.
fn shaped_line(shaper: &mut Shaper, text: &str, style: RunStyle, size: f32, lang: TextLang, with_text: bool) -> (Vec<MathGlyph>, f32) {
    let face = Style { family: style.family, bold: style.bold, italic: style.italic };
    let mut out = Vec::new();
    let mut pen = 0.0f32;
    for (range, font) in shaper.itemize_in(text, face, lang) {
        let part = text.get(range.clone()).unwrap_or("");
        let glyphs = shaper.shape_in(font, part, size, lang).to_vec();
        for (i, g) in glyphs.iter().enumerate() {
            let glyph_text = if with_text { super::shape::cluster_text(&glyphs, i, part).to_string() } else { String::new() };
            out.push(MathGlyph { font, size, id: g.id, x: pen + g.x_offset, y: g.y_offset, advance: g.advance, text: glyph_text });
            pen += g.advance;
        }
    }
    (out, pen)
}

/// Whether a reading may overhang `c`, the character beside its base: kana and CJK punctuation
/// (JLREQ 3.3.8), never a kanji or another ruby.
pub fn may_overhang(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30FF}' | '\u{3000}'..='\u{303F}' | '\u{FF01}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF1F}')
}

/// The box of `base` with `reading` above it, in `style` (the base's), for text in `lang`. A
/// reading wider than its base overhangs the character before and after by up to one reading
/// character where `overhang` (before, after) allows it ([`may_overhang`]); the rest widens the
/// box, the base centred in it.
pub fn ruby_box(shaper: &mut Shaper, base: &str, reading: &str, style: RunStyle, lang: TextLang, overhang: (bool, bool)) -> MathBox {
    let size = style.size;
    let (base_glyphs, base_w) = shaped_line(shaper, base, style, size, lang, true);
    let (reading_glyphs, reading_w) = shaped_line(shaper, reading, style, size * RUBY_SCALE, lang, false);
    let side = (reading_w - base_w).max(0.0) / 2.0;
    let limit = size * RUBY_SCALE;
    let (over_left, over_right) = (if overhang.0 { side.min(limit) } else { 0.0 }, if overhang.1 { side.min(limit) } else { 0.0 });
    let base_x = side - over_left;
    let width = base_w + base_x + side - over_right;
    let reading_x = base_x + (base_w - reading_w) / 2.0;
    let raise = size * RUBY_RAISE;
    let mut items = Vec::with_capacity(base_glyphs.len() + reading_glyphs.len());
    items.extend(base_glyphs.into_iter().map(|g| MathItem::Glyph(MathGlyph { x: g.x + base_x, y: g.y + style.rise, ..g })));
    items.extend(reading_glyphs.into_iter().map(|g| MathItem::Glyph(MathGlyph { x: g.x + reading_x, y: g.y + style.rise + raise, ..g })));
    let height = if reading.is_empty() { 0.88 * size } else { raise + 0.88 * size * RUBY_SCALE };
    MathBox { width, height: height + style.rise.max(0.0), depth: 0.12 * size, italic: 0.0, items }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::{Family, FontBook};

    fn fonts() -> FontBook {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fonts");
        let mut files: Vec<(String, std::sync::Arc<[u8]>)> = std::fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("otf" | "ttf")))
            .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::sync::Arc::from(std::fs::read(&p).unwrap())))
            .collect();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        FontBook::new(&files).unwrap()
    }

    #[test]
    fn the_reading_sits_above_a_centred_base_and_copies_as_nothing() {
        let fonts = fonts();
        let mut shaper = Shaper::new(&fonts);
        let style = RunStyle::plain(Family::Serif, 10.0);
        // 字 (one em) under かんじ (three half-size kana, 1.5 em): the box is the reading's width.
        // (The committed fonts are subsets: these characters are in them.)
        let b = ruby_box(&mut shaper, "字", "かんじ", style, TextLang::Ja, (false, false));
        assert!((b.width - 15.0).abs() < 0.5, "{}", b.width);
        let glyphs: Vec<&MathGlyph> = b.items.iter().filter_map(|i| match i {
            MathItem::Glyph(g) => Some(g),
            MathItem::Rule { .. } => None,
        }).collect();
        assert_eq!(glyphs.len(), 4);
        let base = glyphs[0];
        assert!(base.y.abs() < 0.01 && (base.x - 2.5).abs() < 0.5, "the base is centred on the baseline: {base:?}");
        assert!(glyphs[1..].iter().all(|g| g.y > 9.0 && (g.size - 5.0).abs() < 0.01), "the reading is half size, above");
        assert_eq!(b.text(), "字", "the reading is not in the copied text");
        // A short reading over a long base is centred over it.
        let b = ruby_box(&mut shaper, "京字", "きじ", style, TextLang::Ja, (true, true));
        assert!((b.width - 20.0).abs() < 0.5, "{}", b.width);
        let first_reading = b.items.iter().filter_map(|i| if let MathItem::Glyph(g) = i { Some(g) } else { None }).nth(2);
        assert!(first_reading.is_some_and(|g| (g.x - 5.0).abs() < 0.5), "{first_reading:?}");
        // Beside kana, the reading overhangs them instead of widening the box.
        let b = ruby_box(&mut shaper, "字", "かんじ", style, TextLang::Ja, (true, true));
        assert!((b.width - 10.0).abs() < 0.5, "{}", b.width);
        let b = ruby_box(&mut shaper, "字", "かんじ", style, TextLang::Ja, (false, true));
        assert!((b.width - 12.5).abs() < 0.5, "{}", b.width);
        assert!(may_overhang('の') && may_overhang('。') && !may_overhang('字'));
    }
}
