//! Scripts and limits: superscripts and subscripts beside a base (the MATH table's shifts, gaps
//! and drops, the italic correction), limits above and below big operators, accents, over- and
//! under-braces and lines; big operators in display size.

use super::boxes::{MathBox, MathItem};
use super::font::Corner;
use super::layout::{Ctx, St};
use super::parse::{Class, Node};
use pulldown_latex::event::ScriptPosition;

/// A big operator (∑ ∫ …): its display-size variant in display style, centred on the axis.
pub fn big_op(cx: &mut Ctx, c: char, st: St) -> MathBox {
    let size = cx.size(st);
    let b = if st.display() {
        // At least the display minimum and 5/4 of the text size (XeTeX's rule).
        let base = cx.mf.ink(cx.mf.glyph(c));
        let min = (cx.mf.c.display_operator_min_height * size).max(1.25 * (base.y_max - base.y_min) * size);
        // The first variant at least the display minimum (TeX's "larger size").
        let g = cx.mf.glyph(c);
        let variants = cx.mf.variants(g, true);
        let pick = variants.iter().find(|(_, ext)| ext * size >= min).or(variants.last()).map(|v| v.0).unwrap_or(g);
        super::stretch::glyph_box(&cx.mf, pick, size, &c.to_string())
    } else {
        cx.symbol(c, st)
    };
    let shift = (b.height - b.depth) / 2.0 - cx.axis(st);
    let italic = b.italic;
    let mut out = b.raise(-shift);
    out.italic = italic;
    out
}

/// Whether `n` is `{}`: the empty base of prescripts.
pub fn is_empty_base(n: &Node) -> bool {
    matches!(n, Node::Group(list) if list.is_empty())
}

/// Whether `n` can carry prescripts: an atom (not a space or a style change).
pub fn prescript_base(n: Option<&Node>) -> bool {
    n.is_some_and(|n| !matches!(n, Node::Space(_) | Node::SetStyle(_) | Node::SetFont(_)))
}

/// Whether `n` is one character (scripts then take the font's shifts, not the base's extent).
pub fn is_char(n: &Node) -> bool {
    match n {
        Node::Sym { .. } => true,
        Node::Word { text, .. } => text.chars().count() <= 1,
        _ => false,
    }
}

fn accent_char(n: &Node) -> Option<(char, bool)> {
    match n {
        Node::Sym { text, class: Class::Ord, stretchy, .. } => {
            let c = text.chars().next()?;
            (text.chars().count() == 1 && "´‾˘ˇ˙¨`^~→˚←⇒↔↼⇀⏜⏠⏞_⏡⏟⏝".contains(c)).then_some((c, *stretchy))
        }
        _ => None,
    }
}

/// A base with scripts; returns the box and its class (the base's).
pub fn scripts(cx: &mut Ctx, base: &Node, sub: Option<&Node>, sup: Option<&Node>, position: ScriptPosition, st: St, d: usize) -> (MathBox, Class) {
    // Accents and over/under-lines and braces.
    if position == ScriptPosition::AboveBelow {
        if let (Some(s), None) = (sup, sub) {
            if let Some((c, wide)) = accent_char(s) {
                return (super::accent::over(cx, base, c, wide, st, d), Class::Ord);
            }
        }
        if let (Some(s), None) = (sub, sup) {
            if let Some((c, _)) = accent_char(s) {
                return (super::accent::under(cx, base, c, st, d), Class::Ord);
            }
        }
    }
    let (b, class) = cx.node(base, st, d);
    let op_like = class == Class::Op;
    if cx.has_limits(position, st) && (op_like || position == ScriptPosition::AboveBelow) {
        return (limits(cx, b, sub, sup, st, d), class);
    }
    let sup_b = sup.map(|s| cx.node(s, st.sup(), d).0);
    let sub_b = sub.map(|s| cx.node(s, st.sub(), d).0);
    // An operator's nucleus is a box to its scripts (the TeXbook's rule 13): they take the
    // drops from its extent.
    (attach(cx, b, is_char(base) && !op_like, op_like, sub_b, sup_b, st), class)
}

/// Scripts to the right of `b`.
pub fn attach(cx: &Ctx, b: MathBox, char_base: bool, op: bool, sub: Option<MathBox>, sup: Option<MathBox>, st: St) -> MathBox {
    if sub.is_none() && sup.is_none() {
        return b;
    }
    let k = cx.mf.c;
    let size = cx.size(st);
    let sz = |v: f32| v * size;
    let italic = b.italic;
    let (u, v) = shifts(cx, &b, char_base, sub.as_ref(), sup.as_ref(), st);
    let mut out = b;
    let w = out.width;
    let after = sz(k.space_after_script);
    // Cut-ins (the MATH table's MathKernInfo) of a one-glyph base: a script moves into the
    // base's corner by the kern at the script's near edge or at the base's far edge, the lesser
    // move (OpenType's rule, as in the TeX engines).
    let glyph = math_glyph(cx, &out);
    let (bh, bd) = (out.height, out.depth);
    let cut =
        |corner: Corner, h1: f32, h2: f32| -> f32 { glyph.map_or(0.0, |(g, gs)| cx.mf.kern(g, corner, h1 / gs).max(cx.mf.kern(g, corner, h2 / gs)) * gs) };
    let mut right = w;
    // The subscript first: text extraction reads `z_j^k` as "zjk".
    if let Some(s) = sub {
        let kern = if op { 0.0 } else { cut(Corner::BottomRight, s.height - v, -bd) };
        let x = if op { w - italic } else { w + kern };
        right = right.max(x + s.width);
        out.place(s, x, -v);
    }
    if let Some(p) = sup {
        let kern = cut(Corner::TopRight, u - p.depth, bh);
        // An operator's advance already holds its italic correction: the subscript moves left
        // by it, the superscript stays (TeX's make_op).
        let x = if op { w } else { w + italic + kern };
        right = right.max(x + p.width);
        out.place(p, x, u);
    }
    out.width = right + after;
    out.italic = 0.0;
    out
}

/// How far the superscript is raised (`u`) and the subscript lowered (`v`) beside `b` (the
/// TeXbook's rules 18a–f with the MATH table's constants).
fn shifts(cx: &Ctx, b: &MathBox, char_base: bool, sub: Option<&MathBox>, sup: Option<&MathBox>, st: St) -> (f32, f32) {
    let k = cx.mf.c;
    let size = cx.size(st);
    let sz = |v: f32| v * size;
    // Script sizes: the drops are measured with the script's size (TeX uses the script font).
    let ssize = cx.size(st.sup());
    let mut u = 0.0f32;
    let mut v = 0.0f32;
    if !char_base {
        u = b.height - k.superscript_baseline_drop_max * ssize;
        v = b.depth + k.subscript_baseline_drop_min * ssize;
    }
    match (sub, sup) {
        (None, None) => {}
        (Some(s), None) => {
            v = v.max(sz(k.subscript_shift_down)).max(s.height - sz(k.subscript_top_max));
        }
        (None, Some(p)) => {
            let up = if st.cramped { k.superscript_shift_up_cramped } else { k.superscript_shift_up };
            u = u.max(sz(up)).max(p.depth + sz(k.superscript_bottom_min));
        }
        (Some(s), Some(p)) => {
            let up = if st.cramped { k.superscript_shift_up_cramped } else { k.superscript_shift_up };
            u = u.max(sz(up)).max(p.depth + sz(k.superscript_bottom_min));
            v = v.max(sz(k.subscript_shift_down));
            let gap = (u - p.depth) - (s.height - v);
            if gap < sz(k.sub_superscript_gap_min) {
                v += sz(k.sub_superscript_gap_min) - gap;
                let room = sz(k.superscript_bottom_max_with_subscript) - (u - p.depth);
                if room > 0.0 {
                    u += room;
                    v -= room;
                }
            }
        }
    }
    (u, v)
}

/// Prescripts (`{}_a^b X`): the scripts right-aligned against the left of `b`, raised and
/// lowered as they would be after it, moved in by its left cut-ins.
pub fn prescripts(cx: &Ctx, b: MathBox, char_base: bool, sub: Option<MathBox>, sup: Option<MathBox>, st: St) -> MathBox {
    let (u, v) = shifts(cx, &b, char_base, sub.as_ref(), sup.as_ref(), st);
    let glyph = math_glyph(cx, &b);
    let (bh, bd) = (b.height, b.depth);
    let cut =
        |corner: Corner, h1: f32, h2: f32| -> f32 { glyph.map_or(0.0, |(g, gs)| cx.mf.kern(g, corner, h1 / gs).max(cx.mf.kern(g, corner, h2 / gs)) * gs) };
    let sub_k = sub.as_ref().map_or(0.0, |s| cut(Corner::BottomLeft, s.height - v, -bd));
    let sup_k = sup.as_ref().map_or(0.0, |p| cut(Corner::TopLeft, u - p.depth, bh));
    let sub_w = sub.as_ref().map_or(0.0, |s| s.width + sub_k);
    let sup_w = sup.as_ref().map_or(0.0, |p| p.width + sup_k);
    let pre = sub_w.max(sup_w).max(0.0) + cx.mf.c.space_after_script * cx.size(st);
    let mut out = MathBox { width: pre + b.width, italic: b.italic, ..MathBox::default() };
    let after = cx.mf.c.space_after_script * cx.size(st);
    if let Some(s) = sub {
        let x = pre - after - sub_w;
        out.place(s, x.max(0.0), -v);
    }
    if let Some(p) = sup {
        let x = pre - after - sup_w;
        out.place(p, x.max(0.0), u);
    }
    out.place(b, pre, 0.0);
    out
}

/// The glyph id and size of a box that is one glyph of the math face.
fn math_glyph(cx: &Ctx, b: &MathBox) -> Option<(u16, f32)> {
    match b.items.as_slice() {
        [MathItem::Glyph(g)] if g.font == cx.mf.id && g.size > 0.0 => Some((g.id, g.size)),
        _ => None,
    }
}

/// Limits centred above and below `b`.
fn limits(cx: &mut Ctx, b: MathBox, sub: Option<&Node>, sup: Option<&Node>, st: St, d: usize) -> MathBox {
    let k = cx.mf.c;
    let size = cx.size(st);
    let sup_b = sup.map(|s| cx.node(s, st.sup(), d).0);
    let sub_b = sub.map(|s| cx.node(s, st.sub(), d).0);
    let italic = b.italic;
    let width = [Some(b.width), sup_b.as_ref().map(|s| s.width), sub_b.as_ref().map(|s| s.width)].into_iter().flatten().fold(0.0, f32::max);
    let mut out = MathBox { width, ..MathBox::default() };
    let (bh, bd, bw) = (b.height, b.depth, b.width);
    out.place(b, (width - bw) / 2.0, 0.0);
    // TeX's \bigopspacing5 (the stack gap, as XeTeX reads it from the MATH table) pads the
    // limits above and below.
    let pad = k.stack_gap_min * size;
    if let Some(p) = sup_b {
        let y = bh + (k.upper_limit_gap_min * size + p.depth).max(k.upper_limit_baseline_rise_min * size);
        let x = (width - p.width) / 2.0 + italic / 2.0;
        let top = y + p.height + pad;
        out.place(p, x, y);
        out.height = out.height.max(top);
    }
    if let Some(s) = sub_b {
        let y = bd + (k.lower_limit_gap_min * size + s.height).max(k.lower_limit_baseline_drop_min * size);
        let x = (width - s.width) / 2.0 - italic / 2.0;
        let bottom = y + s.depth + pad;
        out.place(s, x, -y);
        out.depth = out.depth.max(bottom);
    }
    out
}
