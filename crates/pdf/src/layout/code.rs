//! Code blocks: mono on a light grey band, syntax colours from `quire_highlight`, long
//! lines wrapped with a continuation mark (`↪` when a face has it) instead of running over.

use super::blocks::{baseline_in, Ctx, TextSpec};
use super::chunk::Chunk;
use super::inline::{Run, RunStyle, Styled};
use super::paragraph::Align;
use super::LineKind;
use crate::fonts::{Family, Style};
use crate::model::{Color, GlyphRun, Item, Rect, Role};
use quire_highlight::{highlight_lines, TokenKind};

/// Background of code blocks.
pub const CODE_BG: Color = Color { r: 0.955, g: 0.955, b: 0.955 };

fn color(kind: TokenKind) -> Color {
    match kind {
        TokenKind::Comment => Color { r: 0.42, g: 0.45, b: 0.42 },
        TokenKind::String => Color { r: 0.1, g: 0.45, b: 0.15 },
        TokenKind::Constant => Color { r: 0.55, g: 0.3, b: 0.0 },
        TokenKind::Keyword => Color { r: 0.55, g: 0.1, b: 0.45 },
        TokenKind::Type => Color { r: 0.1, g: 0.3, b: 0.6 },
        TokenKind::Function => Color { r: 0.2, g: 0.25, b: 0.55 },
        TokenKind::Tag => Color { r: 0.5, g: 0.15, b: 0.1 },
        _ => Color::gray(0.1),
    }
}

/// Sets a code block into `cx`.
pub fn code_block(cx: &mut Ctx, lang: Option<&str>, code: &str, hidden: &[u32], numbering: &quire_core::ast::Numbering) {
    let size = cx.size() * if cx.cjk { 0.85 } else { 0.86 };
    let pitch = size * 1.38;
    let pad = 0.6 * size;
    let frame = cx.frame.clone();
    let number = numbering.number.as_deref();
    if number.is_some() || numbering.caption.is_some() {
        let style = RunStyle { bold: true, ..RunStyle::plain(Family::Sans, size) };
        let mut runs = Vec::new();
        if let Some(n) = number {
            let mut label = cx.words.caption_label(&cx.words.listing, n);
            if numbering.caption.is_some() {
                label.push_str(&cx.words.caption_sep);
            }
            runs.push(Run { text: label, style });
        }
        // The author's own caption (GitBook's `{% code title %}`), in the regular weight.
        if let Some(c) = &numbering.caption {
            runs.push(Run { text: c.clone(), style: RunStyle { bold: false, ..style } });
        }
        let spec = TextSpec { style, pitch, align: Align::Left, indent: 0.0, kind: LineKind::Other };
        let st = Styled { runs, links: Vec::new(), images: Vec::new(), rubies: Vec::new(), formulas: Vec::new() };
        let tag = cx.open(Role::Caption);
        for mut c in cx.set(&st, &spec) {
            c.keep_with_next = true;
            cx.emit(c);
        }
        cx.tag = tag;
    }
    let tag = cx.open(Role::Code);
    let bg = |h: f32| Item::Fill { rect: Rect { x: frame.x, y: 0.0, w: frame.width, h }, color: CODE_BG };
    cx.emit(Chunk { height: pad, items: vec![bg(pad)], keep_with_next: true, ..Chunk::default() });
    let mark = continuation_mark(cx, size);
    let code = code.replace('\t', "    ");
    // Highlighted whole, so hidden lines still give the visible ones their context, then left out.
    let lines: Vec<_> = highlight_lines(&code, lang.unwrap_or(""))
        .into_iter()
        .zip(0u32..)
        .filter(|(_, n)| hidden.binary_search(n).is_err())
        .map(|(line, _)| line)
        .collect();
    let n = lines.len();
    cx.frame.x = frame.x + pad;
    cx.frame.width = frame.width - 2.0 * pad;
    let base = RunStyle::plain(Family::Mono, size);
    let spec = TextSpec { style: base, pitch, align: Align::Left, indent: 0.0, kind: LineKind::Code };
    for (i, tokens) in lines.into_iter().enumerate() {
        let mut runs: Vec<Run> = Vec::new();
        let mut leading = true;
        for (kind, text) in tokens {
            let mut t = String::with_capacity(text.len());
            for ch in text.chars() {
                // Leading indentation is kept as no-break spaces so it is not dropped.
                if leading && ch == ' ' {
                    t.push('\u{a0}');
                } else {
                    leading = false;
                    t.push(ch);
                }
            }
            runs.push(Run { text: t, style: RunStyle { color: color(kind), ..base } });
        }
        let mut chunks = if runs.iter().all(|r| r.text.trim().is_empty()) {
            vec![Chunk { height: pitch, ..Chunk::default() }]
        } else {
            cx.set(&Styled { runs, links: Vec::new(), images: Vec::new(), rubies: Vec::new(), formulas: Vec::new() }, &spec)
        };
        let b = baseline_in(pitch, size);
        for (j, mut c) in chunks.drain(..).enumerate() {
            if j > 0 {
                if let Some((font, id, text)) = &mark {
                    // Not part of the code: an artifact.
                    c.items.push(Item::Mark(None));
                    let mut run = GlyphRun::new(*font, size * 0.8, frame.x + 0.1 * size, b, Color::gray(0.5));
                    run.push(*id, 0.0, 0.0, text);
                    c.items.push(Item::Text(run));
                }
            }
            c.items.insert(0, bg(pitch));
            c.keep_with_next = n <= 6 || i == 0 || i + 2 >= n;
            c.baseline = Some(b);
            cx.emit(c);
        }
    }
    cx.frame = frame.clone();
    cx.tag = tag;
    cx.emit(Chunk { height: pad, items: vec![bg(pad)], ..Chunk::default() });
}

/// The face, glyph and text of the mark that starts a wrapped code line's continuation.
fn continuation_mark(cx: &mut Ctx, size: f32) -> Option<(crate::model::FontId, u16, &'static str)> {
    for m in ["↪", "→"] {
        let runs = cx.shaper.itemize(m, Style { family: Family::Mono, bold: false, italic: false });
        if cx.shaper.missing.iter().any(|c| m.starts_with(*c)) {
            cx.shaper.missing.retain(|c| !m.starts_with(*c));
            continue;
        }
        let Some((_, font)) = runs.into_iter().next() else { continue };
        let g = cx.shaper.shape(font, m, size * 0.8).first().copied()?;
        return Some((font, g.id, m));
    }
    None
}
