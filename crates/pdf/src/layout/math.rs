//! Formulas in the page: inline formulas typeset for the paragraph setter (which places them as
//! unbreakable boxes on the baseline), display formulas as one centred chunk (never split across
//! pages), and TeX that does not typeset shown as its source in a frame with one diagnostic.

use super::blocks::Ctx;
use super::chunk::Chunk;
use super::inline::{Run, RunStyle};
use crate::fonts::Family;
use super::paragraph::SetLine;
use super::{LineInfo, LineKind};
use crate::math::{self, MathBox, MathError, MathItem};
use crate::model::{Color, GlyphRun, Item, PlacedGlyph, Rect};
use quire_core::{Code, Diagnostic, Span};

/// The configured math face (`[output.pdf] math-font`), else the first with a MATH table.
fn math_face(cx: &Ctx) -> Option<crate::model::FontId> {
    let prefer = cx.book.config.output.pdf.math_font.as_deref();
    cx.shaper.fonts.math_face(prefer)
}

/// The longest source a framed fallback box shows. A longer one that does not typeset is set as
/// text in the code face instead, so none of it is lost and it breaks across lines and pages.
const FRAMED_MAX: usize = 60;

/// Typesets `tex`, or its framed source with a diagnostic when it cannot be; `None` when it
/// cannot be and its source is too long for a frame (the caller sets it as text).
fn formula(cx: &mut Ctx, tex: &str, display: bool, size: f32, span: Span) -> Option<MathBox> {
    let face = math_face(cx);
    match math::typeset(cx.shaper.fonts, face, tex, display, size) {
        Ok(b) => Some(b),
        Err(e) => {
            // Nesting past the limit was reported when the chapter was parsed.
            if !matches!(e, MathError::Parse(math::ParseError::TooDeep(_))) || !quire_core::depth::math_too_deep(tex) {
                cx.diags.push(
                    Diagnostic::warning(Code::PdfMathUnsupported, format!("this TeX could not be typeset ({e}); the PDF shows its source"))
                        .with_span(span)
                        .with_hint("check the command names and that every `{` has its `}`"),
                );
            }
            (tex.split_whitespace().map(|w| w.chars().count() + 1).sum::<usize>() <= FRAMED_MAX + 1).then(|| math::fallback_box(cx.shaper.fonts, tex, size))
        }
    }
}

/// The boxes of the formula runs of a paragraph, in order, and the runs to set: the given ones,
/// except that a formula that does not typeset and is too long for a frame becomes its source
/// in the code face (a run of text, which may break).
pub(crate) fn inline_formulas<'r>(cx: &mut Ctx, runs: &'r [Run]) -> (std::borrow::Cow<'r, [Run]>, Vec<MathBox>) {
    let mut boxes = Vec::new();
    let mut rewritten: Option<Vec<Run>> = None;
    for (i, r) in runs.iter().enumerate() {
        let Some(span) = r.style.math else {
            if let Some(out) = &mut rewritten {
                out.push(r.clone());
            }
            continue;
        };
        match formula(cx, &r.text, false, r.style.size, span) {
            Some(b) => {
                boxes.push(b);
                if let Some(out) = &mut rewritten {
                    out.push(r.clone());
                }
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

/// `\tag{…}` (or `\tag*{…}`) taken out of a display formula: the rest and the label, `(…)` for
/// `\tag`, as written for `\tag*`. pulldown-latex has no `\tag`; the PDF sets the label at the
/// right margin.
pub(crate) fn split_tag(tex: &str) -> (String, Option<String>) {
    let Some(at) = tex.find("\\tag") else { return (tex.to_string(), None) };
    let after = &tex[at + 4..];
    let (star, rest) = match after.strip_prefix('*') {
        Some(r) => (true, r),
        None => (false, after),
    };
    let rest = rest.trim_start();
    let Some(body) = rest.strip_prefix('{') else { return (tex.to_string(), None) };
    let mut depth = 1usize;
    for (i, c) in body.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    let label = body[..i].trim();
                    let shown = if star { label.to_string() } else { format!("({label})") };
                    let without = format!("{}{}", &tex[..at], &body[i + 1..]);
                    return (without, Some(shown));
                }
            }
            _ => {}
        }
    }
    (tex.to_string(), None)
}

/// A display formula as one chunk, centred in the frame (set from the left edge when wider),
/// its `\tag` at the right margin on its baseline; `None` when it does not typeset and its
/// source is too long for a frame (the caller sets the source as text).
pub(crate) fn display(cx: &mut Ctx, tex: &str, span: Span) -> Option<Chunk> {
    let size = cx.size();
    let (tex, tag) = split_tag(tex);
    let b = formula(cx, &tex, true, size, span)?;
    let tag_box = tag.map(|t| math::typeset(cx.shaper.fonts, math_face(cx), &format!("\\text{{{t}}}"), true, size).unwrap_or_default());
    let tag_w = tag_box.as_ref().map(|t| t.width + size).unwrap_or(0.0);
    let room = cx.frame.width - 2.0 * tag_w;
    let x0 = cx.frame.x + tag_w + ((room - b.width) / 2.0).max(0.0);
    let baseline = b.height;
    let mut c = Chunk { height: b.height + b.depth, baseline: Some(baseline), ..Chunk::default() };
    let mut text = b.text();
    let width = b.width;
    items_into(b, x0, baseline, Color::BLACK, &mut c.items);
    if let Some(t) = tag_box {
        text.push(' ');
        text.push_str(&t.text());
        let x = cx.frame.x + cx.frame.width - t.width;
        items_into(t, x, baseline, Color::BLACK, &mut c.items);
    }
    c.lines.push(LineInfo {
        text,
        width,
        measure: cx.frame.width,
        chapter: cx.chapter.map(|ch| ch.id),
        kind: LineKind::Other,
        first: true,
        last: true,
        after_forced: false,
        page: 0,
    });
    Some(c)
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
                        r.glyphs.push(PlacedGlyph { id: g.id, x: gx - r.x, y_offset: 0.0, advance: g.advance, text: g.text });
                    }
                    _ => {
                        if let Some(r) = run.take() {
                            out.push(Item::Text(r));
                        }
                        run = Some(GlyphRun {
                            font: g.font,
                            size: g.size,
                            x: gx,
                            baseline: gb,
                            color,
                            glyphs: vec![PlacedGlyph { id: g.id, x: 0.0, y_offset: 0.0, advance: g.advance, text: g.text }],
                        });
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

#[cfg(test)]
mod tests {
    use super::split_tag;

    #[test]
    fn tags_are_taken_out() {
        assert_eq!(split_tag("E = mc^2 \\tag{1.2}"), ("E = mc^2 ".to_string(), Some("(1.2)".to_string())));
        assert_eq!(split_tag("x \\tag*{A}"), ("x ".to_string(), Some("A".to_string())));
        assert_eq!(split_tag("x \\tag{"), ("x \\tag{".to_string(), None));
        assert_eq!(split_tag("x"), ("x".to_string(), None));
    }
}
