//! Radicals: the √ glyph stretched (size variants, then its assembly) to the radicand's height
//! plus the MATH table's gap and rule, the vinculum drawn as a rule, an index raised by the
//! degree-bottom percentage and kerned before and after.

use super::boxes::{MathBox, MathItem};
use super::layout::{Ctx, St};
use super::parse::{MathStyle, Node};

/// `\sqrt{body}` or `\sqrt[index]{body}`.
pub fn radical(cx: &mut Ctx, body: &Node, index: Option<&Node>, st: St, d: usize) -> MathBox {
    let k = cx.mf.c;
    let size = cx.size(st);
    let sz = |v: f32| v * size;
    let b = cx.node(body, st.cramp(), d).0;
    let t = sz(k.radical_rule_thickness);
    let mut gap = sz(if st.display() { k.radical_display_style_vertical_gap } else { k.radical_vertical_gap });
    let target = b.height + b.depth + gap + t;
    let sign = cx.stretched('√', st, target, true);
    let total = sign.height + sign.depth;
    // A taller sign than needed shares the excess between the gap and the depth.
    if total > target {
        gap += (total - target) / 2.0;
    }
    let top = b.height + gap + t;
    // The sign's top meets the rule's top.
    let sign_dy = top - sign.height;
    let sign_bottom = sign_dy - sign.depth;
    let mut out = MathBox::default();
    if let Some(ix) = index {
        let ist = St { style: MathStyle::ScriptScript, cramped: true, font: None };
        let ib = cx.node(ix, ist, d).0;
        // TeX's 5 mu at most: some fonts give far more.
        let before = sz(k.radical_kern_before_degree).clamp(0.0, 5.0 / 18.0 * size);
        let after = sz(k.radical_kern_after_degree);
        let raise = sign_bottom + k.radical_degree_bottom_raise * total;
        let iw = ib.width;
        let idepth = ib.depth;
        out.place(ib, before, raise + idepth);
        out.width = (before + iw + after).max(0.0);
    }
    let sx = out.width;
    let sw = sign.width;
    out.place(sign, sx, sign_dy);
    let bx = sx + sw;
    let bw = b.width;
    out.place(b, bx, 0.0);
    out.items.push(MathItem::Rule { x: bx, y: top - t, w: bw, h: t });
    out.height = out.height.max(top + sz(k.radical_extra_ascender));
    out.width = bx + bw;
    out
}
