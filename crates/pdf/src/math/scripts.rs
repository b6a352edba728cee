//! Scripts and limits: superscripts and subscripts beside a base (the MATH table's shifts, gaps
//! and drops, the italic correction), limits above and below big operators, accents, over- and
//! under-braces and lines; big operators in display size.

use super::boxes::MathBox;
use super::layout::{Ctx, St};
use super::parse::{Class, Node};
use pulldown_latex::event::ScriptPosition;

/// A big operator (∑ ∫ …): its display-size variant in display style, centred on the axis.
pub fn big_op(cx: &mut Ctx, c: char, st: St) -> MathBox {
    let size = cx.size(st);
    let b = if st.display() {
        let min = cx.mf.c.display_operator_min_height * size;
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

fn is_char(n: &Node) -> bool {
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
    (attach(cx, b, is_char(base), op_like, sub_b, sup_b, st), class)
}

/// Scripts to the right of `b`.
pub fn attach(cx: &Ctx, b: MathBox, char_base: bool, op: bool, sub: Option<MathBox>, sup: Option<MathBox>, st: St) -> MathBox {
    let k = cx.mf.c;
    let size = cx.size(st);
    let sz = |v: f32| v * size;
    // Script sizes: the drops are measured with the script's size (TeX uses the script font).
    let ssize = cx.size(st.sup());
    let italic = b.italic;
    let mut u = 0.0f32;
    let mut v = 0.0f32;
    if !char_base {
        u = b.height - k.superscript_baseline_drop_max * ssize;
        v = b.depth + k.subscript_baseline_drop_min * ssize;
    }
    let mut out = b;
    let w = out.width;
    match (&sub, &sup) {
        (None, None) => return out,
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
    let after = sz(k.space_after_script);
    let mut right = w;
    // The subscript first: text extraction reads `z_j^k` as "zjk".
    if let Some(s) = sub {
        let x = if op { w - italic } else { w };
        right = right.max(x + s.width);
        out.place(s, x, -v);
    }
    if let Some(p) = sup {
        let x = w + italic;
        right = right.max(x + p.width);
        out.place(p, x, u);
    }
    out.width = right + after;
    out.italic = 0.0;
    out
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
    if let Some(p) = sup_b {
        let y = bh + (k.upper_limit_gap_min * size + p.depth).max(k.upper_limit_baseline_rise_min * size);
        let x = (width - p.width) / 2.0 + italic / 2.0;
        out.place(p, x, y);
    }
    if let Some(s) = sub_b {
        let y = bd + (k.lower_limit_gap_min * size + s.height).max(k.lower_limit_baseline_drop_min * size);
        let x = (width - s.width) / 2.0 - italic / 2.0;
        out.place(s, x, -y);
    }
    out
}
