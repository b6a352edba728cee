//! Delimiters: `\left…\right` stretched around their contents as TeX sizes them (the larger of
//! 90.1% of the contents' extent about the axis and that extent less 5 pt), centred on the axis;
//! `\big`…`\Bigg` at fixed heights.

use super::boxes::MathBox;
use super::layout::{Ctx, St};
use super::parse::Node;

/// A delimiter stretched to `target` points total, centred on the axis; `None` is the null
/// delimiter (`\left.`).
pub fn delimiter(cx: &mut Ctx, c: Option<char>, target: f32, st: St) -> MathBox {
    let size = cx.size(st);
    let Some(c) = c else { return MathBox::space(0.12 * size) };
    let b = if cx.mf.glyph(c) == 0 { cx.symbol(c, st) } else { cx.stretched(c, st, target, true) };
    let shift = (b.height - b.depth) / 2.0 - cx.axis(st);
    let mut out = b.raise(-shift);
    out.italic = 0.0;
    out
}

/// `\big(` and friends: `em` is pulldown-latex's size (1.2, 1.8, 2.4, 3 em). As XeLaTeX sets
/// them (plain TeX's `\left( \vbox to X{} \right.` with X = 0.85, 1.15, 1.45, 1.75 em), the
/// delimiter covers a box X high on the baseline by TeX's rule.
pub fn big(cx: &mut Ctx, c: char, em: f32, st: St) -> MathBox {
    let size = cx.size(st);
    let x = (0.85 + (em - 1.2).max(0.0) / 0.6 * 0.3) * size;
    let axis = cx.axis(st);
    let delta = (x - axis).max(axis);
    let target = (2.0 * delta * 0.901).max(2.0 * delta - 0.5 * size);
    delimiter(cx, Some(c), target, st)
}

/// `\left open … \right close`.
pub fn left_right(cx: &mut Ctx, open: Option<char>, close: Option<char>, body: &[Node], st: St, d: usize) -> MathBox {
    // `\binom` and friends (a fraction between delimiters, as pulldown-latex gives them): TeX's
    // generalized fraction, its delimiters sized by the style (TeX's delim1 in display, delim2
    // otherwise) and no null-delimiter space inside.
    if let Some((style, Node::Frac { num, den, thickness: thickness @ Some(_) })) = genfrac(body) {
        let fst = St { style: style.unwrap_or(st.style), ..st };
        let size = cx.size(fst);
        // unicode-math keeps plain TeX's \fontdimen20/21: 2.39 em in display, 1.01 em else.
        let target = if fst.display() { 2.39 * size } else { 1.01 * size };
        let mut inner = super::frac::fraction(cx, num, den, *thickness, fst, d);
        let pad = 0.12 * size;
        inner = trim(inner, pad);
        let mut out = delimiter(cx, open, target, fst);
        out.append(inner);
        let right = delimiter(cx, close, target, fst);
        out.append(right);
        return out;
    }
    let inner = cx.list(body, st, d, false);
    let size = cx.size(st);
    let axis = cx.axis(st);
    let delta = (inner.height - axis).max(inner.depth + axis);
    let target = (delta * 2.0 * 0.901).max(2.0 * delta - 0.5 * size);
    let mut out = delimiter(cx, open, target, st);
    out.append(inner);
    let right = delimiter(cx, close, target, st);
    out.append(right);
    out
}


/// The fraction a `\left…\right` holds alone (after style changes), and the last style change.
fn genfrac(body: &[Node]) -> Option<(Option<super::parse::MathStyle>, &Node)> {
    let mut style = None;
    let mut frac = None;
    for n in body {
        match n {
            Node::SetStyle(s) => style = Some(*s),
            Node::Frac { .. } if frac.is_none() => frac = Some(n),
            _ => return None,
        }
    }
    frac.map(|f| (style, f))
}

/// `b` less `pad` on each side (its contents moved left).
fn trim(b: MathBox, pad: f32) -> MathBox {
    let mut out = MathBox { width: (b.width - 2.0 * pad).max(0.0), ..MathBox::default() };
    let (h, dp) = (b.height, b.depth);
    out.place(b, -pad, 0.0);
    out.height = h;
    out.depth = dp;
    out
}
