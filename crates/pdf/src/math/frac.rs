//! Fractions and stacks (`\frac`, `\dfrac`, `\tfrac`, `\binom`): numerator and denominator shifted
//! and gapped by the MATH table's fraction (or stack, without a bar) constants, the bar on the
//! math axis as a rule.

use super::boxes::{MathBox, MathItem};
use super::layout::{Ctx, St};
use super::parse::Node;

/// A fraction; `thickness` in ems overrides the font's rule (0 for a stack without a bar).
pub fn fraction(cx: &mut Ctx, num: &Node, den: &Node, thickness: Option<f32>, st: St, d: usize) -> MathBox {
    let k = cx.mf.c;
    let size = cx.size(st);
    let sz = |v: f32| v * size;
    let n = cx.node(num, st.num(), d).0;
    let dn = cx.node(den, st.den(), d).0;
    let axis = cx.axis(st);
    let t = thickness.map(|em| em * size).unwrap_or(sz(k.fraction_rule_thickness));
    let display = st.display();
    let (mut up, mut down);
    if t > 0.0 {
        up = sz(if display { k.fraction_numerator_display_style_shift_up } else { k.fraction_numerator_shift_up });
        down = sz(if display { k.fraction_denominator_display_style_shift_down } else { k.fraction_denominator_shift_down });
        let gap_n = sz(if display { k.fraction_num_display_style_gap_min } else { k.fraction_numerator_gap_min });
        let gap_d = sz(if display { k.fraction_denom_display_style_gap_min } else { k.fraction_denominator_gap_min });
        up = up.max(axis + t / 2.0 + gap_n + n.depth);
        down = down.max(dn.height + gap_d + t / 2.0 - axis);
    } else {
        up = sz(if display { k.stack_top_display_style_shift_up } else { k.stack_top_shift_up });
        down = sz(if display { k.stack_bottom_display_style_shift_down } else { k.stack_bottom_shift_down });
        let gap = sz(if display { k.stack_display_style_gap_min } else { k.stack_gap_min });
        let have = (up - n.depth) - (dn.height - down);
        if have < gap {
            up += (gap - have) / 2.0;
            down += (gap - have) / 2.0;
        }
    }
    // TeX's \nulldelimiterspace (1.2 pt at 10 pt) on each side.
    let pad = 0.12 * size;
    let inner = n.width.max(dn.width);
    let mut out = MathBox { width: inner + 2.0 * pad, ..MathBox::default() };
    let (nw, dw) = (n.width, dn.width);
    out.place(n, pad + (inner - nw) / 2.0, up);
    out.place(dn, pad + (inner - dw) / 2.0, -down);
    if t > 0.0 {
        out.items.push(MathItem::Rule { x: pad, y: axis - t / 2.0, w: inner, h: t });
        out.height = out.height.max(axis + t / 2.0);
    }
    out
}
