//! Accents over and under a base: combining marks placed by the MATH table's accent base height
//! and centred on the base, wide accents and braces stretched along the base (size variants,
//! then assemblies), `\overline` and `\underline` as rules.

use super::boxes::{MathBox, MathItem};
use super::layout::{Ctx, St};
use super::parse::Node;

/// The combining (or stretchy) character the math font draws for pulldown-latex's accent.
fn glyph_for(c: char, wide: bool) -> char {
    match c {
        '^' if !wide => '\u{302}',
        '^' => '\u{302}',
        '~' => '\u{303}',
        '´' => '\u{301}',
        '`' => '\u{300}',
        '˘' => '\u{306}',
        'ˇ' => '\u{30C}',
        '˙' => '\u{307}',
        '¨' => '\u{308}',
        '˚' => '\u{30A}',
        '→' if !wide => '\u{20D7}',
        other => other,
    }
}

/// An accent (or `\overline`, `\overbrace`) over `base`.
pub fn over(cx: &mut Ctx, base: &Node, c: char, wide: bool, st: St, d: usize) -> MathBox {
    let k = cx.mf.c;
    let size = cx.size(st);
    let b = cx.node(base, st.cramp(), d).0;
    let bw = b.width;
    let bh = b.height;
    let mut out = MathBox { width: bw, italic: b.italic, ..MathBox::default() };
    out.place(b, 0.0, 0.0);
    // pulldown-latex reads `\bar` and `\overline` alike: over one letter it is the macron
    // accent (`\bar x`), over more a rule.
    let c = if c == '‾' && !wide && one_char(base) { '\u{304}' } else { c };
    if c == '‾' {
        let t = k.overbar_rule_thickness * size;
        let y = bh + k.overbar_vertical_gap * size;
        out.items.push(MathItem::Rule { x: 0.0, y, w: bw, h: t });
        out.height = out.height.max(y + t + k.overbar_extra_ascender * size);
        return out;
    }
    let g = glyph_for(c, wide);
    let combining = ('\u{300}'..='\u{36F}').contains(&g) || ('\u{20D0}'..='\u{20FF}').contains(&g);
    let stretchy = wide || !combining;
    let a = if stretchy { cx.stretched(g, st, bw, false) } else { cx.stretched(g, st, 0.0, false) };
    let ink = ink_x(cx, &a);
    let center = (ink.0 + ink.1) / 2.0;
    let y = if combining {
        (bh - k.accent_base_height * size).max(0.0)
    } else {
        // A non-combining glyph (an arrow, a brace) sits a gap above the base's ink.
        bh + 0.1 * size + a.depth
    };
    let x = bw / 2.0 - center;
    out.place(a, x, y);
    out
}

/// An under-accent (`\underline`, `\underbrace`) below `base`.
pub fn under(cx: &mut Ctx, base: &Node, c: char, st: St, d: usize) -> MathBox {
    let k = cx.mf.c;
    let size = cx.size(st);
    let b = cx.node(base, st, d).0;
    let bw = b.width;
    let bd = b.depth;
    let mut out = MathBox { width: bw, ..MathBox::default() };
    out.place(b, 0.0, 0.0);
    if c == '_' {
        let t = k.underbar_rule_thickness * size;
        let y = -(bd + k.underbar_vertical_gap * size + t);
        out.items.push(MathItem::Rule { x: 0.0, y, w: bw, h: t });
        out.depth = out.depth.max(-y + k.underbar_extra_descender * size);
        return out;
    }
    let a = cx.stretched(c, st, bw, false);
    let ink = ink_x(cx, &a);
    let x = bw / 2.0 - (ink.0 + ink.1) / 2.0;
    let y = -(bd + 0.1 * size + a.height);
    out.place(a, x, y);
    out
}

/// Whether `n` is one character, braced or not.
fn one_char(n: &Node) -> bool {
    match n {
        Node::Group(list) => matches!(list.as_slice(), [one] if one_char(one)),
        other => super::scripts::is_char(other),
    }
}

/// The horizontal extent of a box's ink (its advance when it has no glyphs with ink).
fn ink_x(cx: &Ctx, b: &MathBox) -> (f32, f32) {
    let mut lo = f32::INFINITY;
    let mut hi = f32::NEG_INFINITY;
    for it in &b.items {
        if let MathItem::Glyph(g) = it {
            let (l, h) = if g.font == cx.mf.id {
                let ink = cx.mf.ink(g.id);
                (ink.x_min * g.size, ink.x_max * g.size)
            } else {
                (0.0, g.advance)
            };
            lo = lo.min(g.x + l);
            hi = hi.max(g.x + h);
        }
    }
    if lo.is_finite() && hi > lo { (lo, hi) } else { (0.0, b.width) }
}
