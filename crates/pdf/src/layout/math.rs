//! Formulas in the page: inline formulas typeset for the paragraph setter (which places them as
//! unbreakable boxes on the baseline), display formulas as one centred chunk (never split across
//! pages), and a formula that does not typeset shown as its source in a frame (TeX that does not
//! read was reported once, when the chapter was parsed).

use super::blocks::Ctx;
use super::chunk::Chunk;
use super::inline::{Run, RunStyle, Styled};
use crate::fonts::Family;
use super::paragraph::SetLine;
use super::{LineInfo, LineKind};
use crate::math::{self, MathBox, MathItem, MathPiece};
use crate::model::{Color, GlyphRun, Item, Rect};
use quire_core::{Code, Diagnostic, Formula, Span};

/// The configured math face (`[output.pdf] math-font`), else the first with a MATH table.
fn math_face(cx: &Ctx) -> Option<crate::model::FontId> {
    let prefer = cx.book.config.output.pdf.math_font.as_deref();
    cx.shaper.fonts.math_face(prefer)
}

/// The longest source a framed fallback box shows. A longer one that does not typeset is set as
/// text in the code face instead, so none of it is lost and it breaks across lines and pages.
const FRAMED_MAX: usize = 60;

/// Typesets `formula`, or its framed source when it cannot be (with a diagnostic when it read
/// but did not typeset: TeX that did not read was reported when the chapter was parsed); `None`
/// when it cannot be and its source is too long for a frame (the caller sets it as text).
fn formula(cx: &mut Ctx, f: &Formula, display: bool, size: f32, span: Span) -> Option<MathBox> {
    let face = math_face(cx);
    match math::typeset(cx.shaper.fonts, face, f, display, size) {
        Ok(b) => Some(b),
        Err(e) => {
            if f.error().is_none() {
                cx.diags.push(
                    Diagnostic::warning(Code::PdfMathUnsupported, format!("this TeX could not be typeset ({e}); the PDF shows its source"))
                        .with_span(span)
                        .with_hint("set `[output.pdf] math-font` to a font with an OpenType MATH table"),
                );
            }
            let tex = f.tex();
            (tex.split_whitespace().map(|w| w.chars().count() + 1).sum::<usize>() <= FRAMED_MAX + 1).then(|| math::fallback_box(cx.shaper.fonts, tex, size))
        }
    }
}

/// The pieces of the formula runs of a paragraph, in order (each formula one piece, or several
/// where a line may break after a relation or a binary operator, each with its break), and the
/// runs to set: the given ones with a formula run repeated once per piece, except that a formula
/// that does not typeset and is too long for a frame becomes its source in the code face (a run
/// of text, which may break).
pub(crate) fn inline_formulas<'r>(cx: &mut Ctx, st: &'r Styled) -> (std::borrow::Cow<'r, [Run]>, Vec<MathPiece>) {
    let runs = st.runs.as_slice();
    let mut boxes = Vec::new();
    let mut rewritten: Option<Vec<Run>> = None;
    for (i, r) in runs.iter().enumerate() {
        let Some((m, f)) = r.style.math.and_then(|m| Some((m, st.formulas.get(m.formula)?))) else {
            if let Some(out) = &mut rewritten {
                out.push(r.clone());
            }
            continue;
        };
        match inline_pieces(cx, f, r.style.size, m.span) {
            Some(pieces) => {
                if pieces.len() > 1 && rewritten.is_none() {
                    rewritten = Some(runs[..i].to_vec());
                }
                if let Some(out) = &mut rewritten {
                    out.extend(std::iter::repeat_n(r.clone(), pieces.len()));
                }
                boxes.extend(pieces);
            }
            None => {
                let out = rewritten.get_or_insert_with(|| runs[..i].to_vec());
                let style = RunStyle { math: None, family: Family::Mono, bold: false, italic: false, ..r.style };
                out.push(Run { text: r.text.clone(), style });
            }
        }
    }
    (rewritten.map_or(std::borrow::Cow::Borrowed(runs), std::borrow::Cow::Owned), boxes)
}

/// An inline formula's pieces (see [`math::typeset_inline`]), or its framed source as one piece.
fn inline_pieces(cx: &mut Ctx, f: &Formula, size: f32, span: Span) -> Option<Vec<MathPiece>> {
    match math::typeset_inline(cx.shaper.fonts, math_face(cx), f, size) {
        Ok(p) if !p.is_empty() => Some(p),
        _ => formula(cx, f, false, size, span).map(|b| vec![(b, None)]),
    }
}

/// How much a line must grow above and below to hold its formulas: the room is the line's
/// baseline offset `b` above and the rest of the pitch below.
pub(crate) fn line_growth(l: &SetLine, b: f32, pitch: f32, size: f32) -> (f32, f32) {
    if l.math_height == 0.0 && l.math_depth == 0.0 {
        return (0.0, 0.0);
    }
    let top = (l.math_height + 0.05 * size - b).max(0.0);
    let bottom = (l.math_depth + 0.05 * size - (pitch - b)).max(0.0);
    (top, bottom)
}

/// A display formula as chunks: one, centred in the frame (set from the left edge when wider),
/// its label (`number`: its `\tag`, else its number when equations are numbered, as resolution
/// set it for every format) at the right margin on its baseline; or, for an `align` of several rows, one chunk per row, so that a page may
/// break between rows (the label on the last). `None` when it does not typeset and its source is
/// too long for a frame (the caller sets the source as text).
pub(crate) fn display(cx: &mut Ctx, f: &Formula, number: Option<&str>, span: Span) -> Option<Vec<Chunk>> {
    let size = cx.size();
    let (b, bands) = match math::typeset_display(cx.shaper.fonts, math_face(cx), f, size) {
        Ok(r) => r,
        Err(_) => (formula(cx, f, true, size, span)?, Vec::new()),
    };
    let tag_box = number.map(|t| math::typeset_text(cx.shaper.fonts, math_face(cx), t, size).unwrap_or_default());
    let tag_w = tag_box.as_ref().map(|t| t.width + size).unwrap_or(0.0);
    let room = cx.frame.width - 2.0 * tag_w;
    let x0 = cx.frame.x + tag_w + ((room - b.width) / 2.0).max(0.0);
    let width = b.width;
    // Rows (top, baseline, bottom) up from the formula's baseline: the whole, or each band.
    let bands: Vec<(f32, f32, f32)> =
        if bands.is_empty() { vec![(b.height, 0.0, -b.depth)] } else { bands.iter().map(|r| (r.top, r.baseline, r.bottom)).collect() };
    let mut rest = b.items;
    let mut chunks = Vec::with_capacity(bands.len());
    let last = bands.len() - 1;
    for (i, &(top, base, bottom)) in bands.iter().enumerate() {
        // This row's items: those whose baseline (a rule's middle) is above the row's bottom.
        let (mine, others): (Vec<MathItem>, Vec<MathItem>) = std::mem::take(&mut rest).into_iter().partition(|it| {
            let y = match it {
                MathItem::Glyph(g) => g.y,
                MathItem::Rule { y, h, .. } => y + h / 2.0,
            };
            i == last || y > bottom
        });
        rest = others;
        let row = MathBox { width, height: top, depth: -bottom, italic: 0.0, items: mine };
        let mut c = Chunk { height: top - bottom, baseline: Some(top - base), ..Chunk::default() };
        let mut text = row.text();
        items_into(row, x0, top, Color::BLACK, &mut c.items);
        if i == last {
            if let Some(t) = &tag_box {
                text.push(' ');
                text.push_str(&t.text());
                let x = cx.frame.x + cx.frame.width - t.width;
                items_into(t.clone(), x, top - base, Color::BLACK, &mut c.items);
            }
        }
        c.lines.push(LineInfo {
            text,
            width,
            measure: cx.frame.width,
            chapter: cx.chapter.map(|ch| ch.id),
            kind: LineKind::Other,
            first: i == 0,
            last: i == last,
            after_forced: false,
            page: 0,
        });
        chunks.push(c);
    }
    Some(chunks)
}

/// The glyphs (as runs, one per face, size and baseline in a row) and rules of a formula whose
/// origin is at (`x`, `baseline`) in a chunk.
fn items_into(b: MathBox, x: f32, baseline: f32, color: Color, out: &mut Vec<Item>) {
    let mut run: Option<GlyphRun> = None;
    for it in b.items {
        match it {
            MathItem::Glyph(g) => {
                let gb = baseline - g.y;
                let gx = x + g.x;
                match &mut run {
                    Some(r) if r.font == g.font && r.size == g.size && r.baseline == gb => {
                        let dx = gx - r.x;
                        r.push(g.id, dx, 0.0, &g.text);
                    }
                    _ => {
                        if let Some(r) = run.take() {
                            out.push(Item::Text(r));
                        }
                        let mut r = GlyphRun::new(g.font, g.size, gx, gb, color);
                        r.push(g.id, 0.0, 0.0, &g.text);
                        run = Some(r);
                    }
                }
            }
            MathItem::Rule { x: rx, y, w, h } => out.push(Item::Fill { rect: Rect { x: x + rx, y: baseline - y - h, w, h }, color }),
        }
    }
    if let Some(r) = run {
        out.push(Item::Text(r));
    }
}
