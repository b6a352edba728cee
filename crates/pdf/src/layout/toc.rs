//! The table of contents: the book's TOC with dot leaders and page numbers (right-aligned, the
//! dots on a common grid as in LaTeX), each entry a link to its chapter; and the title page.

use super::blocks::{Ctx, TextSpec};
use super::chunk::Chunk;
use super::inline::{Run, RunStyle, Styled};
use super::paragraph::Align;
use super::LineKind;
use crate::fonts::{Family, Style};
use crate::model::{Color, GlyphRun, Item, Rect, Role};
use quire_core::{Book, ChapterId, LinkTarget, TocEntry};
use std::collections::HashMap;

/// Sets the contents into `cx.out` with `labels[chapter]` as page numbers.
pub fn contents(cx: &mut Ctx, book: &Book, labels: &HashMap<ChapterId, String>) {
    let s = cx.size();
    let pitch = cx.pitch();
    let title = cx.words.contents.clone();
    let style = RunStyle { bold: true, ..RunStyle::plain(Family::Sans, s * 2.0) };
    cx.out.push(Chunk { height: 3.0 * pitch, keep_with_next: true, ..Chunk::default() });
    let spec = TextSpec { style, pitch: s * 2.6, align: Align::Left, indent: 0.0, kind: LineKind::Toc };
    let st = Styled { runs: vec![Run { text: title, style }], links: Vec::new(), images: Vec::new(), rubies: Vec::new(), formulas: Vec::new() };
    let tag = cx.open(Role::H(1));
    for c in cx.set(&st, &spec) {
        cx.out.push(c);
    }
    cx.tag = tag;
    cx.out.push(Chunk::space(1.5 * pitch));
    let tag = cx.open(Role::TOC);
    entries(cx, book, &book.toc, labels, 0);
    cx.tag = tag;
}

fn entries(cx: &mut Ctx, book: &Book, list: &[TocEntry], labels: &HashMap<ChapterId, String>, depth: usize) {
    for e in list {
        match e {
            TocEntry::Chapter { id, children } => {
                if let Some(ch) = book.chapter(*id) {
                    if !ch.draft {
                        let mut text = String::new();
                        if let Some(n) = ch.number_string() {
                            text.push_str(&n);
                            text.push_str(if cx.cjk { "\u{3000}" } else { "  " });
                        }
                        text.push_str(&ch.title);
                        let label = labels.get(id).cloned().unwrap_or_default();
                        entry(cx, &text, &label, depth, Some(*id));
                    }
                }
                entries(cx, book, children, labels, depth + 1);
            }
            TocEntry::PartTitle(t) => {
                cx.out.push(Chunk::space(0.6 * cx.pitch()));
                let t = cx.words.part_title(t).to_string();
                entry(cx, &t, "", 0, None);
            }
            TocEntry::Separator => cx.out.push(Chunk::space(0.5 * cx.pitch())),
            // A SUMMARY link into a chapter: the printed contents list chapters.
            TocEntry::Section { .. } => {}
        }
    }
}

fn entry(cx: &mut Ctx, text: &str, label: &str, depth: usize, target: Option<ChapterId>) {
    let s = cx.size();
    let pitch = cx.pitch();
    let indent = depth as f32 * 1.8 * s;
    let numcol = 3.0 * s;
    let top = depth == 0;
    if top {
        cx.out.push(Chunk::space(0.35 * pitch));
    }
    let style = if top { RunStyle { bold: true, ..RunStyle::plain(Family::Sans, s) } } else { RunStyle::plain(Family::Serif, s) };
    let saved = cx.frame.clone();
    cx.frame.x = saved.x + indent;
    cx.frame.width = (saved.width - indent - numcol).max(4.0 * s);
    let spec = TextSpec { style, pitch, align: Align::Left, indent: 0.0, kind: LineKind::Toc };
    let st = Styled { runs: vec![Run { text: text.to_string(), style }], links: Vec::new(), images: Vec::new(), rubies: Vec::new(), formulas: Vec::new() };
    // The entry's text, leaders and page number are one TOCI; with a target, they are its
    // Link (the annotation's structure parent).
    let tag = cx.open(Role::TOCI);
    let link = target.map(|_| {
        cx.open(Role::Link);
        cx.tag
    });
    let mut cs = cx.set(&st, &spec);
    let link = link.flatten();
    cx.tag = tag;
    cx.frame = saved.clone();
    let n = cs.len();
    let Some(last) = cs.last_mut() else { return };
    let b = last.baseline.unwrap_or(pitch * 0.7);
    let end_x = saved.x + indent + last.lines.last().map(|l| l.width).unwrap_or(0.0);
    let face = Style { family: style.family, bold: style.bold, italic: false };
    let runs = cx.shaper.itemize(label, face);
    let mut lw = 0.0;
    let mut num_runs = Vec::new();
    for (r, f) in runs {
        // The first glyph stands for the whole piece of the label.
        let mut g = GlyphRun::new(f, s, 0.0, b, Color::BLACK);
        for (k, sg) in cx.shaper.shape(f, &label[r.clone()], s).iter().enumerate() {
            g.push(sg.id, lw + sg.x_offset, sg.y_offset, if k == 0 { &label[r.clone()] } else { "" });
            lw += sg.advance;
        }
        num_runs.push(g);
    }
    let num_x = saved.x + saved.width - lw;
    for mut g in num_runs {
        g.x = num_x;
        last.items.push(Item::Text(g));
    }
    if !label.is_empty() {
        leaders(cx, last, end_x + 0.6 * s, num_x - 0.6 * s, b, s);
    }
    if let Some(id) = target {
        for c in cs.iter_mut() {
            c.links.push((Rect { x: saved.x + indent, y: 0.0, w: saved.width - indent, h: pitch }, LinkTarget::Internal { chapter: id, anchor: None }, link));
        }
    }
    for (k, mut c) in cs.into_iter().enumerate() {
        c.keep_with_next = k + 1 < n;
        cx.out.push(c);
    }
}

fn leaders(cx: &mut Ctx, c: &mut Chunk, from: f32, to: f32, baseline: f32, size: f32) {
    let runs = cx.shaper.itemize(".", Style { family: Family::Serif, bold: false, italic: false });
    let Some((_, font)) = runs.into_iter().next() else { return };
    let Some(dot) = cx.shaper.shape(font, ".", size).first().copied() else { return };
    let gap = 0.55 * size;
    let mut k = (from / gap).ceil();
    let mut glyphs = GlyphRun::new(font, size, 0.0, baseline, Color::gray(0.3));
    while k * gap + dot.advance <= to {
        glyphs.push(dot.id, k * gap, 0.0, "");
        k += 1.0;
    }
    if !glyphs.is_empty() {
        c.items.push(Item::Text(glyphs));
    }
}

/// Sets the title page (title, subtitle from the description, authors) into `cx.out`.
pub fn title_page(cx: &mut Ctx, book: &Book) {
    let s = cx.size();
    cx.out.push(Chunk { height: cx.geo.text_height * 0.28, keep_with_next: true, ..Chunk::default() });
    let put = |cx: &mut Ctx, text: &str, style: RunStyle, gap: f32| {
        let spec = TextSpec { style, pitch: style.size * 1.35, align: Align::Center, indent: 0.0, kind: LineKind::Other };
        let st = Styled { runs: vec![Run { text: text.to_string(), style }], links: Vec::new(), images: Vec::new(), rubies: Vec::new(), formulas: Vec::new() };
        let tag = cx.open(Role::P);
        for mut c in cx.set(&st, &spec) {
            c.keep_with_next = true;
            cx.out.push(c);
        }
        cx.tag = tag;
        cx.out.push(Chunk { height: gap, keep_with_next: true, ..Chunk::default() });
    };
    put(cx, book.title(), RunStyle { bold: true, ..RunStyle::plain(Family::Sans, s * 2.4) }, s * 2.0);
    if let Some(d) = book.config.book.description.as_deref().filter(|d| !d.is_empty() && d.chars().count() < 160) {
        put(cx, d, RunStyle { color: Color::gray(0.3), ..RunStyle::plain(Family::Serif, s * 1.2) }, s * 3.0);
    }
    let authors = book.config.book.authors.join(if cx.cjk { "、" } else { ", " });
    if !authors.is_empty() {
        put(cx, &authors, RunStyle::plain(Family::Serif, s * 1.3), s);
    }
}
