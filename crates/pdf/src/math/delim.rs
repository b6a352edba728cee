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

/// `\big(` and friends: `em` is pulldown-latex's size (1.2, 1.8, 2.4, 3 em); TeX's are 0.85,
/// 1.15, 1.45 and 1.75 em.
pub fn big(cx: &mut Ctx, c: char, em: f32, st: St) -> MathBox {
    let tex = 0.85 + (em - 1.2).max(0.0) / 0.6 * 0.3;
    let size = cx.size(st);
    delimiter(cx, Some(c), tex * size, st)
}

/// `\left open … \right close`.
pub fn left_right(cx: &mut Ctx, open: Option<char>, close: Option<char>, body: &[Node], st: St, d: usize) -> MathBox {
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

#[cfg(test)]
mod tests {
    #[test]
    fn big_sizes_follow_tex() {
        let tex = |em: f32| 0.85 + (em - 1.2f32).max(0.0) / 0.6 * 0.3;
        assert!((tex(1.2) - 0.85).abs() < 1e-4);
        assert!((tex(3.0) - 1.75).abs() < 1e-4);
    }
}
