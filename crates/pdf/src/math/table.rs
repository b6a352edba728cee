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
    table_rows(cx, kind, rows, st, d).0
}

/// Where a row of a laid-out table lies: its top, its baseline and its bottom, up from the
/// table's baseline.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RowBand {
    /// Top.
    pub top: f32,
    /// Baseline.
    pub baseline: f32,
    /// Bottom.
    pub bottom: f32,
}

/// Lays out a table; also where each row lies (for a display that breaks between rows).
pub fn table_rows(cx: &mut Ctx, kind: &TableKind, rows: &[Vec<Vec<Node>>], st: St, d: usize) -> (MathBox, Vec<RowBand>) {
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
    // amsmath's `cases` sets its array with \arraystretch 1.2.
    let stretch = if matches!(kind, TableKind::Cases { .. }) { 1.2 } else { 1.0 };
    let strut_h = 0.7 * 1.2 * size * stretch;
    let strut_d = 0.3 * 1.2 * size * stretch;
    let mut out = MathBox { width, ..MathBox::default() };
    let mut y = 0.0f32;
    let mut placed: Vec<(MathBox, f32, f32)> = Vec::new();
    // Rows as (top, baseline, bottom) down from the table's top (negative).
    let mut bands: Vec<(f32, f32, f32)> = Vec::with_capacity(cells.len());
    for (i, row) in cells.into_iter().enumerate() {
        let h = row.iter().map(|c| c.height).fold(strut_h, f32::max);
        let dp = row.iter().map(|c| c.depth).fold(strut_d, f32::max);
        if i > 0 {
            y -= jot;
        }
        let row_top = y + if i > 0 { jot / 2.0 } else { 0.0 };
        y -= h;
        bands.push((row_top, y, y - dp));
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
    let n = bands.len();
    let bands: Vec<RowBand> = bands
        .iter()
        .enumerate()
        .map(|(i, &(t, b, bottom))| RowBand {
            top: if i == 0 { out.height } else { top + t },
            baseline: top + b,
            bottom: if i + 1 == n { -out.depth } else { top + bottom - jot / 2.0 },
        })
        .collect();
    match kind {
        TableKind::Cases { left } => {
            // `\left\{ … \right.`: TeX's delimiter rule, and the null delimiter's space.
            let axis = cx.axis(st);
            let delta = (out.height - axis).max(out.depth + axis);
            let target = (delta * 2.0 * 0.901).max(2.0 * delta - 0.5 * size);
            let brace = super::delim::delimiter(cx, Some(if *left { '{' } else { '}' }), target, st);
            let pad = MathBox::space(0.12 * size);
            if *left {
                let mut b = brace;
                b.append(out);
                b.append(pad);
                (b, bands)
            } else {
                out.append(pad);
                out.append(brace);
                (out, bands)
            }
        }
        _ => (out, bands),
    }
}
