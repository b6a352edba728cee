//! One chapter, start to finish: the opening (chapter label and title), the blocks, the
//! footnotes set small, then pagination. Independent of every other chapter, so chapters are set
//! in parallel.

use super::blocks::{Ctx, Frame, TextSpec};
use super::chunk::Chunk;
use super::flow::{paginate, LocalPage};
use super::inline::{styled, Run, RunStyle, Styled};
use super::page::Geometry;
use super::paragraph::Align;
use super::shape::{SharedShapes, Shaper};
use super::{LayoutOptions, LineKind};
use crate::fonts::{Family, FontBook};
use crate::model::{Color, Item, Rect, Role, StructElem, StructId};
use quire_core::{BlockKind, Book, Chapter, ChapterRole, Diagnostic};
use std::collections::HashMap;

/// A chapter set into pages.
#[derive(Debug, Clone, Default)]
pub struct SetChapter {
    /// Its pages.
    pub pages: Vec<LocalPage>,
    /// Diagnostics.
    pub diags: Vec<Diagnostic>,
    /// Characters no face has, with the block each was first met in.
    pub missing: Vec<(char, Option<quire_core::Span>)>,
    /// The chapter's structure elements: its Sect first (no parent), ids local to the chapter.
    pub tags: Vec<StructElem>,
}

/// Sets one chapter.
/// `shared` is the book-wide shaping cache; without `keep_lines` the pages' line records
/// ([`LocalPage::lines`], for tests) are dropped, as they would be held until the whole book is
/// assembled.
pub fn set_chapter<'a>(book: &Book, fonts: &'a FontBook, shared: &'a SharedShapes<'a>, geo: &Geometry, opts: &LayoutOptions, ch: &Chapter, keep_lines: bool) -> SetChapter {
    let cjk = super::is_cjk_book(book);
    let mut shaper = Shaper::with_shared(fonts, shared);
    let mut cx = Ctx {
        shaper: &mut shaper,
        book,
        chapter: Some(ch),
        geo: *geo,
        opts,
        cjk,
        lang: super::book_lang(book),
        named_lang: None,
        words: super::words(book),
        diags: Vec::new(),
        missing: Vec::new(),
        out: Vec::new(),
        frame: Frame { x: 0.0, width: geo.measure, decos: Vec::new() },
        list_depth: 0,
        outline: Vec::new(),
        heading_base: 0,
        span: None,
        item_start: false,
        align: None,
        tags: vec![StructElem { role: Role::Sect, parent: None, alt: None, lang: None }],
        tag: Some(StructId(0)),
    };
    // The opening: use the chapter's own first level-1 heading as its title when it has one.
    let mut blocks: &[quire_core::Block] = &ch.blocks;
    let mut anchor = None;
    let mut title_inlines = None;
    if let Some(first) = blocks.first() {
        if let BlockKind::Heading { level: 1, id, inlines, .. } = &first.kind {
            anchor = Some(id.clone());
            title_inlines = Some(inlines.clone());
            blocks = &blocks[1..];
        }
    }
    opening(&mut cx, ch, title_inlines.as_deref(), anchor);
    cx.blocks(blocks, false);
    // Footnotes, set small.
    let mut notes: HashMap<usize, Vec<Chunk>> = HashMap::new();
    let body = std::mem::take(&mut cx.out);
    let fs = geo.font_size * 0.82;
    for f in &ch.footnotes {
        let style = RunStyle::plain(Family::Serif, fs);
        let spec = TextSpec { style, pitch: fs * if cjk { 1.5 } else { 1.25 }, align: Align::Justify, indent: 0.0, kind: LineKind::Footnote };
        let num = RunStyle { rise: fs * 0.3, size: fs * 0.75, ..style };
        let mut first = true;
        cx.tag = Some(StructId(0));
        let note = cx.open(Role::Note);
        for b in &f.blocks {
            let mut cs = match &b.kind {
                BlockKind::Paragraph(inl) => {
                    let mut st = styled(inl, style, Some(ch), cjk, &cx.words);
                    if first {
                        st.runs.insert(0, Run { text: format!("{}\u{a0}", f.index), style: num });
                    }
                    let tag = cx.open(Role::P);
                    let cs = cx.set(&st, &spec);
                    cx.tag = tag;
                    cs
                }
                _ => {
                    cx.blocks(std::slice::from_ref(b), true);
                    std::mem::take(&mut cx.out)
                }
            };
            if first {
                if let Some(c) = cs.first_mut() {
                    c.anchors.push(f.id.clone());
                }
                first = false;
            }
            for c in &mut cs {
                c.keep_with_next = false;
            }
            notes.entry(f.index).or_default().append(&mut cs);
        }
        cx.tag = note;
    }
    let mut pages = paginate(body, notes, geo.text_height, geo.measure, geo.font_size);
    if !keep_lines {
        for p in &mut pages {
            p.lines = Vec::new();
        }
    }
    let diags = cx.diags;
    let tags = cx.tags;
    let mut missing = cx.missing;
    // Characters shaped outside a paragraph (code, tables …) without a block to point at.
    let attributed: std::collections::HashSet<char> = missing.iter().map(|(c, _)| *c).collect();
    missing.extend(shaper.missing.iter().filter(|c| !attributed.contains(c)).map(|c| (*c, None)));
    SetChapter { pages, diags, missing, tags }
}

fn opening(cx: &mut Ctx, ch: &Chapter, title: Option<&[quire_core::Inline]>, anchor: Option<String>) {
    let s = cx.size();
    let pitch = cx.pitch();
    let top = ch.depth == 0;
    let mut spacer = Chunk {
        height: if top { 4.0 * pitch } else { 0.5 * pitch },
        keep_with_next: true,
        anchors: vec![String::new()],
        ..Chunk::default()
    };
    if let Some(a) = &anchor {
        spacer.anchors.push(a.clone());
    }
    cx.out.push(spacer);
    // The chapter label ("Chapter 3") and the title are the chapter's heading, of the level of
    // its depth in the book (H1 for a chapter, H2 for a sub-chapter …); the headings inside it
    // nest below (see `Ctx::outline_level`).
    cx.heading_base = u8::try_from(ch.depth).unwrap_or(u8::MAX).min(5);
    cx.outline.clear();
    let level = cx.outline_level(1);
    let tag = cx.open(Role::H(level));
    if top && ch.role == ChapterRole::Numbered {
        if let Some(n) = ch.number.first() {
            let label = cx.words.chapter_label(*n);
            let style = RunStyle { color: Color::gray(0.35), ..RunStyle::plain(Family::Sans, s * 1.15) };
            let spec = TextSpec { style, pitch: s * 2.0, align: Align::Left, indent: 0.0, kind: LineKind::Heading };
            let st = Styled { runs: vec![Run { text: label, style }], links: Vec::new(), images: Vec::new(), rubies: Vec::new(), formulas: Vec::new() };
            for mut c in cx.set(&st, &spec) {
                c.keep_with_next = true;
                cx.out.push(c);
            }
        }
    }
    let size = if top { s * 2.0 } else { s * 1.6 };
    let style = RunStyle { bold: true, ..RunStyle::plain(Family::Sans, size) };
    let spec = TextSpec { style, pitch: size * 1.3, align: Align::Left, indent: 0.0, kind: LineKind::Heading };
    let mut st = match title {
        Some(inl) => styled(inl, style, Some(ch), cx.lang.is_cjk(), &cx.words),
        None => Styled { runs: vec![Run { text: ch.title.clone(), style }], links: Vec::new(), images: Vec::new(), rubies: Vec::new(), formulas: Vec::new() },
    };
    let plain: String = st.runs.iter().map(|r| r.text.as_str()).collect();
    if !top {
        if let Some(n) = ch.number_string().filter(|n| !plain.trim_start().starts_with(n.as_str())) {
            st.runs.insert(0, Run { text: format!("{n}{}", if cx.cjk { "\u{3000}" } else { "  " }), style });
        }
    }
    for mut c in cx.set(&st, &spec) {
        c.keep_with_next = true;
        cx.out.push(c);
    }
    cx.tag = tag;
    let mut rule = Chunk { height: if top { 2.5 * pitch } else { 1.0 * pitch }, keep_with_next: true, ..Chunk::default() };
    if top {
        rule.items.push(Item::Fill { rect: Rect { x: 0.0, y: 0.5 * pitch, w: cx.frame.width, h: 0.6 }, color: Color::gray(0.2) });
    }
    cx.out.push(rule);
}

#[cfg(test)]
mod tests {
    use quire_core::i18n::chinese_number;

    #[test]
    fn chinese_numerals() {
        assert_eq!(chinese_number(3), "三");
        assert_eq!(chinese_number(10), "十");
        assert_eq!(chinese_number(12), "十二");
        assert_eq!(chinese_number(25), "二十五");
    }
}
