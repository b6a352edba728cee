//! Formulas in the page: inline formulas typeset for the paragraph setter (which places them as
//! unbreakable boxes on the baseline), display formulas as one centred chunk (never split across
//! pages), and TeX that does not typeset shown as its source in a frame with one diagnostic.

use super::blocks::Ctx;
use super::chunk::Chunk;
use super::inline::{Run, RunStyle};
use crate::fonts::Family;
use super::paragraph::SetLine;
use super::{LineInfo, LineKind};
use crate::math::{self, MathBox, MathError, MathItem, MathPiece};
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

/// The pieces of the formula runs of a paragraph, in order (each formula one piece, or several
/// where a line may break after a relation or a binary operator, each with its break), and the
/// runs to set: the given ones with a formula run repeated once per piece, except that a formula
/// that does not typeset and is too long for a frame becomes its source in the code face (a run
/// of text, which may break).
pub(crate) fn inline_formulas<'r>(cx: &mut Ctx, runs: &'r [Run]) -> (std::borrow::Cow<'r, [Run]>, Vec<MathPiece>) {
    let mut boxes = Vec::new();
    let mut rewritten: Option<Vec<Run>> = None;
    for (i, r) in runs.iter().enumerate() {
        let Some(span) = r.style.math else {
            if let Some(out) = &mut rewritten {
                out.push(r.clone());
            }
            continue;
        };
        match inline_pieces(cx, &r.text, r.style.size, span) {
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
fn inline_pieces(cx: &mut Ctx, tex: &str, size: f32, span: Span) -> Option<Vec<MathPiece>> {
    match math::typeset_inline(cx.shaper.fonts, math_face(cx), tex, size) {
        Ok(p) if !p.is_empty() => Some(p),
        _ => formula(cx, tex, false, size, span).map(|b| vec![(b, None)]),
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

/// `\notag` and `\nonumber` taken out of a display formula: the rest, and whether it may be
/// numbered (neither was there).
pub(crate) fn split_notag(tex: &str) -> (String, bool) {
    let mut out = tex.to_string();
    let mut numbered = true;
    for cmd in ["\\notag", "\\nonumber"] {
        while let Some(at) = out.find(cmd) {
            // Not a prefix of a longer command name.
            if out[at + cmd.len()..].chars().next().is_some_and(|c| c.is_ascii_alphabetic()) {
                break;
            }
            out.replace_range(at..at + cmd.len(), "");
            numbered = false;
        }
    }
    (out, numbered)
}

/// The next equation number of the chapter, `(2.3)` (or `(3)` in an unnumbered chapter), when
/// `[quire.numbering] equations` is on.
fn next_equation(cx: &mut Ctx) -> Option<String> {
    if cx.book.config.quire.numbering.equations != Some(true) {
        return None;
    }
    cx.equations += 1;
    let n = cx.equations;
    Some(match cx.chapter.and_then(|c| c.number_string()) {
        Some(p) => format!("({p}.{n})"),
        None => format!("({n})"),
    })
}

/// A display formula as chunks: one, centred in the frame (set from the left edge when wider),
/// its label at the right margin on its baseline (its `\tag`, else its number when equations
/// are numbered); or, for an `align` of several rows, one chunk per row, so that a page may
/// break between rows (the label on the last). `None` when it does not typeset and its source is
/// too long for a frame (the caller sets the source as text).
pub(crate) fn display(cx: &mut Ctx, tex: &str, span: Span) -> Option<Vec<Chunk>> {
    let size = cx.size();
    let (tex, tag) = split_tag(tex);
    let (tex, numbered) = split_notag(&tex);
    let (b, bands) = match math::typeset_display(cx.shaper.fonts, math_face(cx), &tex, size) {
        Ok(r) => r,
        Err(_) => (formula(cx, &tex, true, size, span)?, Vec::new()),
    };
    let tag = tag.or_else(|| if numbered { next_equation(cx) } else { None });
    let tag_box = tag.map(|t| math::typeset(cx.shaper.fonts, math_face(cx), &format!("\\text{{{t}}}"), true, size).unwrap_or_default());
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
                        r.glyphs.push(PlacedGlyph { id: g.id, x: gx - r.x, y_offset: 0.0, advance: g.advance, text: g.text.into() });
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
                            glyphs: vec![PlacedGlyph { id: g.id, x: 0.0, y_offset: 0.0, advance: g.advance, text: g.text.into() }],
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
    use super::{split_notag, split_tag};

    #[test]
    fn tags_are_taken_out() {
        assert_eq!(split_tag("E = mc^2 \\tag{1.2}"), ("E = mc^2 ".to_string(), Some("(1.2)".to_string())));
        assert_eq!(split_tag("x \\tag*{A}"), ("x ".to_string(), Some("A".to_string())));
        assert_eq!(split_tag("x \\tag{"), ("x \\tag{".to_string(), None));
        assert_eq!(split_tag("x"), ("x".to_string(), None));
    }

    #[test]
    fn notag_is_taken_out() {
        assert_eq!(split_notag("a = b \\notag"), ("a = b ".to_string(), false));
        assert_eq!(split_notag("a \\nonumber"), ("a ".to_string(), false));
        assert_eq!(split_notag("a \\notagx"), ("a \\notagx".to_string(), true));
        assert_eq!(split_notag("a"), ("a".to_string(), true));
    }
}
