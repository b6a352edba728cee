//! Environments with `&` and `\\`: matrices (centred columns an em apart), `cases` (a brace and
//! left-aligned columns), `aligned` (right/left pairs), `gather` (centred rows) and arrays; rows
//! on TeX's strut (0.7 and 0.3 of a 1.2 em baseline skip) plus `\jot` in aligned rows; the whole
//! centred on the math axis.

use super::boxes::MathBox;
use super::layout::{Ctx, St};
use super::parse::{MathStyle, Node, TableKind};
use pulldown_latex::event::ColumnAlignment;

/// Lays out a table.
pub fn table(cx: &mut Ctx, kind: &TableKind, rows: &[Vec<Vec<Node>>], st: St, d: usize) -> MathBox {
    let size = cx.size(st);
    let cell_st = match kind {
        TableKind::Aligned | TableKind::Gather => St { style: MathStyle::Display, ..st },
        _ => St { style: if st.style == MathStyle::Display { MathStyle::Text } else { st.style }, ..st },
    };
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut cells: Vec<Vec<MathBox>> = Vec::with_capacity(rows.len());
    for row in rows {
        let mut out = Vec::with_capacity(cols);
        for (j, cell) in row.iter().enumerate() {
            let lead = matches!(kind, TableKind::Aligned) && j % 2 == 1;
            out.push(cx.list(cell, cell_st, d, lead));
        }
        cells.push(out);
    }
    let mut widths = vec![0.0f32; cols];
    for row in &cells {
        for (j, c) in row.iter().enumerate() {
            widths[j] = widths[j].max(c.width);
        }
    }
    let (gap, jot) = match kind {
        TableKind::Matrix(_) | TableKind::Array(_) => (1.0 * size, 0.0),
        TableKind::Cases { .. } => (1.0 * size, 0.0),
        TableKind::Aligned => (2.0 * size, 0.3 * size),
        TableKind::Gather => (0.0, 0.3 * size),
    };
    let align = |j: usize| -> ColumnAlignment {
        match kind {
            TableKind::Matrix(a) => *a,
            TableKind::Array(v) => v.get(j).copied().unwrap_or(ColumnAlignment::Center),
            TableKind::Cases { .. } => ColumnAlignment::Left,
            TableKind::Aligned => if j.is_multiple_of(2) { ColumnAlignment::Right } else { ColumnAlignment::Left },
            TableKind::Gather => ColumnAlignment::Center,
        }
    };
    // Column lefts: aligned pairs touch, other columns are a gap apart.
    let mut lefts = Vec::with_capacity(cols);
    let mut x = 0.0f32;
    for (j, w) in widths.iter().enumerate() {
        if j > 0 {
            x += if matches!(kind, TableKind::Aligned) && j % 2 == 1 { 0.0 } else { gap };
        }
        lefts.push(x);
        x += w;
    }
    let width = x;
    let strut_h = 0.7 * 1.2 * size;
    let strut_d = 0.3 * 1.2 * size;
    let mut out = MathBox { width, ..MathBox::default() };
    let mut y = 0.0f32;
    let mut placed: Vec<(MathBox, f32, f32)> = Vec::new();
    for (i, row) in cells.into_iter().enumerate() {
        let h = row.iter().map(|c| c.height).fold(strut_h, f32::max);
        let dp = row.iter().map(|c| c.depth).fold(strut_d, f32::max);
        if i > 0 {
            y -= jot;
        }
        y -= h;
        for (j, c) in row.into_iter().enumerate() {
            let free = widths[j] - c.width;
            let dx = match align(j) {
                ColumnAlignment::Left => 0.0,
                ColumnAlignment::Center => free / 2.0,
                ColumnAlignment::Right => free,
            };
            placed.push((c, lefts[j] + dx, y));
        }
        y -= dp;
    }
    // Centre the block on the axis: its top at axis + half the total.
    let total = -y;
    let top = cx.axis(st) + total / 2.0;
    for (c, cx_, cy) in placed {
        out.place(c, cx_, top + cy);
    }
    out.height = out.height.max(top);
    out.depth = out.depth.max(total - top);
    match kind {
        TableKind::Cases { left } => {
            let target = out.height + out.depth;
            let brace = super::delim::delimiter(cx, Some(if *left { '{' } else { '}' }), target, st);
            let pad = MathBox::space(0.2 * size);
            if *left {
                let mut b = brace;
                b.append(pad);
                b.append(out);
                b
            } else {
                out.append(pad);
                out.append(brace);
                out
            }
        }
        _ => out,
    }
}
