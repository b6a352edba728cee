//! Tables, booktabs style: column widths from content (natural widths when they fit, else each
//! column its longest word plus a share of the rest), rules above, below the header and at the
//! end, the header row repeated when a table breaks across pages.

use super::blocks::{Ctx, TextSpec};
use super::chunk::Chunk;
use super::inline::{styled, Run, RunStyle, Styled};
use super::paragraph::Align;
use super::LineKind;
use crate::fonts::Family;
use crate::model::{Color, Item, Rect, Role};
use quire_core::{Align as ColAlign, TableCell};
use std::rc::Rc;

/// Sets a table into `cx`.
pub fn table(cx: &mut Ctx, aligns: &[ColAlign], head: &[TableCell], rows: &[Vec<TableCell>], number: Option<&str>) {
    let (head, rows) = grid(head, rows);
    let (head, rows) = (&head[..], &rows[..]);
    let ncols = head.len().max(rows.iter().map(Vec::len).max().unwrap_or(0));
    if ncols == 0 {
        return;
    }
    let body_size = cx.size() * 0.92;
    let leading = if cx.cjk { 1.5 } else { 1.25 };
    // Natural and minimum widths per column at the body's table size. When even the minimums
    // (each column's longest word) are wider than the measure, the whole table is set smaller,
    // down to `SMALLEST` of that size, rather than breaking its words and numbers.
    let (mut head_st, mut body_st) = styled_rows(cx, head, rows, ncols, body_size);
    let (mut natural, mut minimum) = column_widths(cx, std::iter::once(&head_st).chain(body_st.iter()), ncols, 0.45 * body_size);
    let total = cx.frame.width;
    let min_sum: f32 = minimum.iter().sum();
    let scale = if min_sum > total { (total / min_sum).max(SMALLEST) } else { 1.0 };
    if min_sum * SMALLEST > total {
        let words = if cx.lang.is_cjk() { "characters" } else { "words and numbers" };
        let d = quire_core::Diagnostic::warning(
                quire_core::Code::PdfTableTooWide,
                format!(
                    "a table of {ncols} columns is too wide for the PDF's text ({:.0} mm wider at {:.0}% type); its cells break inside {words}",
                    (min_sum * SMALLEST - total) * 25.4 / 72.0,
                    SMALLEST * 100.0
                ),
            )
            .with_hint("split the table, shorten its widest cells, or choose a wider `[output.pdf] page-size`");
        cx.diags.push(match cx.span {
            Some(span) => d.with_span(span),
            None => d,
        });
    }
    natural.iter_mut().chain(minimum.iter_mut()).for_each(|w| *w *= scale);
    let size = body_size * scale;
    if scale < 1.0 {
        (head_st, body_st) = styled_rows(cx, head, rows, ncols, size);
    }
    let pitch = size * leading;
    let vpad = 0.2 * pitch;
    let cols = distribute(&natural, &minimum, total);
    let table_w: f32 = cols.iter().sum();
    let x0 = cx.frame.x + if table_w < total { (total - table_w) / 2.0 } else { 0.0 };
    if let Some(n) = number {
        let label = cx.words.caption_label(&cx.words.table, n);
        let style = RunStyle { bold: true, ..RunStyle::plain(Family::Sans, body_size) };
        let spec = TextSpec { style, pitch: body_size * leading, align: Align::Center, indent: 0.0, kind: LineKind::Other };
        let st = Styled { runs: vec![Run { text: label, style }], links: Vec::new(), images: Vec::new(), rubies: Vec::new(), formulas: Vec::new() };
        let tag = cx.open(Role::Caption);
        for mut c in cx.set(&st, &spec) {
            c.keep_with_next = true;
            cx.emit(c);
        }
        cx.tag = tag;
    }
    let table_tag = cx.open(Role::Table);
    let rule = |y: f32, h: f32| Item::Fill { rect: Rect { x: x0, y, w: table_w, h }, color: Color::BLACK };
    let header = if head.is_empty() {
        // An HTML table without header cells: the top rule goes on the first row.
        None
    } else {
        // The header row is the table's THead (a copy repeated on a later page is an artifact).
        let table = cx.open(Role::THead);
        let mut header = row_chunk(cx, &head_st, &cols, x0, aligns, pitch, vpad, Role::TH);
        cx.tag = table;
        header.items.push(Item::Mark(None));
        header.items.push(rule(0.0, 0.8));
        header.items.push(rule(header.height - 0.5, 0.5));
        header.keep_with_next = true;
        let header = Rc::new(header);
        cx.emit((*header).clone());
        Some(header)
    };
    let n = body_st.len();
    // The body rows are the table's TBody (closed with the table below).
    cx.open(Role::TBody);
    // Up to which row a cell spanning rows reaches: the rows it covers stay on one page.
    let mut held_until = 0usize;
    for (i, row) in body_st.iter().enumerate() {
        let reach = rows.get(i).map(|r| r.iter().map(|s| i + s.rows.max(1) - 1).max().unwrap_or(i)).unwrap_or(i);
        held_until = held_until.max(reach);
        let mut c = row_chunk(cx, row, &cols, x0, aligns, pitch, vpad, Role::TD);
        c.items.push(Item::Mark(None));
        if i == 0 && header.is_none() {
            c.items.push(rule(0.0, 0.8));
        }
        if i + 1 == n {
            c.items.push(rule(c.height - 0.8, 0.8));
        }
        c.header = header.clone();
        c.keep_with_next = i == 0 && n > 1 || i + 2 == n && n > 2 || i < held_until;
        cx.emit(c);
    }
    cx.tag = table_tag;
}

/// A cell placed on the column grid: `cols` columns wide and `rows` rows high from where it
/// starts; a slot covered by a spanning cell above or to its left has `cols == 0`.
#[derive(Clone)]
struct Slot {
    cell: TableCell,
    cols: usize,
    rows: usize,
}

impl Slot {
    fn one(cell: TableCell) -> Slot {
        Slot { cell, cols: 1, rows: 1 }
    }
    fn covered(span: quire_core::Span) -> Slot {
        Slot { cell: TableCell::new(Vec::new(), span), cols: 0, rows: 0 }
    }
}

/// Rows with every `colspan`/`rowspan` (HTML tables) laid out on the column grid: a spanning
/// cell is set across the columns it covers, and the slots it covers (to its right and in the
/// rows below) are left out.
fn grid(head: &[TableCell], rows: &[Vec<TableCell>]) -> (Vec<Slot>, Vec<Vec<Slot>>) {
    // Per column, how many more rows a cell from above still covers.
    let mut below: Vec<u32> = Vec::new();
    let mut place = |cells: &[TableCell]| -> Vec<Slot> {
        let mut out: Vec<Slot> = Vec::new();
        let mut cells = cells.iter();
        let mut col = 0usize;
        loop {
            if below.get(col).copied().unwrap_or(0) > 0 {
                below[col] -= 1;
                out.push(Slot::covered(c_span(&out)));
                col += 1;
                continue;
            }
            let Some(c) = cells.next() else {
                if below.iter().skip(col).any(|&b| b > 0) {
                    out.push(Slot::one(TableCell::new(Vec::new(), c_span(&out))));
                    col += 1;
                    continue;
                }
                break;
            };
            // Spans past the widest sensible table are not spread (hostile input stays small).
            let span = if col + c.colspan as usize > MAX_GRID { 1 } else { c.colspan.max(1) as usize };
            let rowspan = c.rowspan.clamp(1, MAX_GRID as u32);
            for k in 0..span {
                if below.len() <= col + k {
                    below.resize(col + k + 1, 0);
                }
                below[col + k] = rowspan - 1;
                if k == 0 {
                    out.push(Slot { cell: TableCell::new(c.inlines.clone(), c.span), cols: span, rows: rowspan as usize });
                } else {
                    out.push(Slot::covered(c.span));
                }
            }
            col += span;
        }
        out
    };
    let head = place(head);
    let rows = rows.iter().map(|r| place(r)).collect();
    (head, rows)
}

/// The most columns `colspan`s are spread over.
const MAX_GRID: usize = 256;

fn c_span(cells: &[Slot]) -> quire_core::Span {
    cells.last().map(|c| c.cell.span).unwrap_or_default()
}

/// The smallest a table's type is made to fit the measure, as a share of its usual size.
const SMALLEST: f32 = 0.7;

/// A row's styled cells, each with how many columns it spans.
type StyledRow = Vec<(Styled, usize)>;

/// The header row (bold) and the body rows styled at `size`.
fn styled_rows(cx: &Ctx, head: &[Slot], rows: &[Vec<Slot>], ncols: usize, size: f32) -> (StyledRow, Vec<StyledRow>) {
    let st = RunStyle::plain(Family::Serif, size);
    (styled_row(cx, head, ncols, RunStyle { bold: true, ..st }), rows.iter().map(|r| styled_row(cx, r, ncols, st)).collect())
}

/// One styled cell per slot of a row, with how many columns it spans; covered slots
/// (`cols == 0`) stay empty.
fn styled_row(cx: &Ctx, slots: &[Slot], ncols: usize, st: RunStyle) -> StyledRow {
    (0..ncols)
        .map(|i| match slots.get(i) {
            Some(s) if s.cols > 0 => (styled(&s.cell.inlines, st, cx.chapter, cx.lang.is_cjk(), &cx.words), s.cols.min(ncols - i)),
            Some(_) => (Styled::default(), 0),
            None => (Styled::default(), 1),
        })
        .collect()
}

/// Natural and minimum widths per column, `pad` on each side: one-column cells first, then a
/// spanning cell widens the columns it covers evenly when they are too narrow for it together.
fn column_widths<'r>(cx: &mut Ctx, rows: impl Iterator<Item = &'r StyledRow>, ncols: usize, pad: f32) -> (Vec<f32>, Vec<f32>) {
    let mut natural = vec![0.0f32; ncols];
    let mut minimum = vec![0.0f32; ncols];
    let mut spanning = Vec::new();
    for row in rows {
        for (i, (cell, span)) in row.iter().enumerate() {
            let (n, m) = widths(cx, cell);
            if *span == 1 {
                natural[i] = natural[i].max(n + 2.0 * pad);
                minimum[i] = minimum[i].max(m + 2.0 * pad);
            } else if *span > 1 {
                spanning.push((i, *span, n + 2.0 * pad, m + 2.0 * pad));
            }
        }
    }
    for (i, span, n, m) in spanning {
        for (ws, want) in [(&mut natural, n), (&mut minimum, m)] {
            let have: f32 = ws[i..i + span].iter().sum();
            if want > have {
                let extra = (want - have) / span as f32;
                ws[i..i + span].iter_mut().for_each(|w| *w += extra);
            }
        }
    }
    (natural, minimum)
}

/// Natural (one-line) width and the widest unbreakable piece of a cell.
fn widths(cx: &mut Ctx, cell: &Styled) -> (f32, f32) {
    let mut nat = 0.0f32;
    let mut min = 0.0f32;
    for r in &cell.runs {
        let style = crate::fonts::Style { family: r.style.family, bold: r.style.bold, italic: r.style.italic };
        nat += cx.shaper.measure(&r.text, style, r.style.size);
        for word in r.text.split(|c: char| c.is_whitespace() || quire_core::script::is_set_on_em_grid(c)) {
            if !word.is_empty() {
                min = min.max(cx.shaper.measure(word, style, r.style.size).min(12.0 * r.style.size));
            }
        }
        if r.text.chars().any(quire_core::script::is_set_on_em_grid) {
            min = min.max(2.0 * r.style.size);
        }
    }
    (nat, min)
}

/// Column widths: natural if they fit, else minimum plus a share of the spare in proportion to
/// what each column would still like; scaled down if even the minimums do not fit.
pub fn distribute(natural: &[f32], minimum: &[f32], total: f32) -> Vec<f32> {
    let nat: f32 = natural.iter().sum();
    if nat <= total {
        return natural.to_vec();
    }
    let min: f32 = minimum.iter().sum();
    if min >= total {
        return minimum.iter().map(|m| m * total / min).collect();
    }
    let want: f32 = natural.iter().zip(minimum).map(|(n, m)| n - m).sum();
    natural
        .iter()
        .zip(minimum)
        .map(|(n, m)| m + if want > 0.0 { (n - m) / want * (total - min) } else { 0.0 })
        .collect()
}

/// One row (a TR of `cell` elements: TH or TD).
#[allow(clippy::too_many_arguments)]
fn row_chunk(cx: &mut Ctx, cells: &[(Styled, usize)], cols: &[f32], x0: f32, aligns: &[ColAlign], pitch: f32, vpad: f32, cell_role: Role) -> Chunk {
    let saved = cx.frame.clone();
    let row_tag = cx.open(Role::TR);
    let pad = 0.45 * cells.iter().find_map(|(c, _)| c.runs.first()).map(|r| r.style.size).unwrap_or(9.0);
    let mut x = x0;
    let mut chunk = Chunk::default();
    let mut max_lines = 1usize;
    for (i, (cell, span)) in cells.iter().enumerate() {
        let left = x;
        x += cols.get(i).copied().unwrap_or(0.0);
        if *span == 0 {
            continue;
        }
        // A spanning cell is set across the columns it covers.
        let w: f32 = cols.iter().skip(i).take(*span).sum();
        cx.frame.x = left + pad;
        cx.frame.width = (w - 2.0 * pad).max(1.0);
        let align = match aligns.get(i) {
            Some(ColAlign::Center) => Align::Center,
            Some(ColAlign::Right) => Align::Right,
            _ => Align::Left,
        };
        let style = cell.runs.first().map(|r| r.style).unwrap_or(RunStyle::plain(Family::Serif, 9.0));
        let spec = TextSpec { style: RunStyle { bold: false, ..style }, pitch, align, indent: 0.0, kind: LineKind::Table };
        let tag = cx.open(cell_role);
        let lines = cx.set(cell, &spec);
        cx.tag = tag;
        max_lines = max_lines.max(lines.len());
        for (k, l) in lines.into_iter().enumerate() {
            let dy = vpad + k as f32 * pitch;
            for mut it in l.items {
                super::chunk::shift_item(&mut it, 0.0, dy);
                chunk.items.push(it);
            }
            for (mut r, t, tag) in l.links {
                r.y += dy;
                chunk.links.push((r, t, tag));
            }
            chunk.footnotes.extend(l.footnotes);
            chunk.lines.extend(l.lines);
            if chunk.baseline.is_none() {
                chunk.baseline = l.baseline.map(|b| b + dy);
            }
        }
    }
    cx.frame = saved;
    cx.tag = row_tag;
    chunk.height = max_lines as f32 * pitch + 2.0 * vpad;
    chunk
}

#[cfg(test)]
mod tests {
    use super::{distribute, grid};
    use quire_core::{Span, TableCell};

    fn cell(colspan: u32, rowspan: u32) -> TableCell {
        TableCell { colspan, rowspan, ..TableCell::new(Vec::new(), Span::default()) }
    }

    #[test]
    fn spanning_cells_cover_their_slots() {
        // | a (2 cols) | b |
        // | c (2 rows) | d | e |
        // | (c)        | f | g |
        let rows = vec![vec![cell(2, 1), cell(1, 1)], vec![cell(1, 2), cell(1, 1), cell(1, 1)], vec![cell(1, 1), cell(1, 1)]];
        let (_, rows) = grid(&[], &rows);
        let shape: Vec<Vec<(usize, usize)>> = rows.iter().map(|r| r.iter().map(|s| (s.cols, s.rows)).collect()).collect();
        assert_eq!(shape, vec![vec![(2, 1), (0, 0), (1, 1)], vec![(1, 2), (1, 1), (1, 1)], vec![(0, 0), (1, 1), (1, 1)]]);
    }

    #[test]
    fn columns_fit_the_measure() {
        assert_eq!(distribute(&[50.0, 60.0], &[10.0, 10.0], 200.0), vec![50.0, 60.0]);
        let w = distribute(&[300.0, 100.0], &[50.0, 50.0], 200.0);
        assert!((w.iter().sum::<f32>() - 200.0).abs() < 0.01);
        assert!(w[0] > w[1]);
        let w = distribute(&[300.0, 300.0], &[150.0, 150.0], 200.0);
        assert!((w.iter().sum::<f32>() - 200.0).abs() < 0.01);
    }

    /// The table lines of a one-chapter book (its text as set) and the render's diagnostics.
    fn table_lines(chapter: &str) -> (Vec<String>, Vec<quire_core::Diagnostic>) {
        let src = quire_core::MemorySource::new()
            .file("book.toml", "[book]\ntitle = \"T\"\nlanguage = \"en\"\n")
            .file("src/SUMMARY.md", "- [C](c.md)\n")
            .file("src/c.md", chapter);
        let book = quire_core::Book::load_from(&src).expect("loads");
        let fonts = crate::math::tests::book();
        let opts = crate::configured_layout(&book, &Default::default());
        let (_, diags, lines) = super::super::assemble::layout_full(&book, &fonts, &opts, true);
        let table = lines.into_iter().filter(|l| l.kind == super::LineKind::Table).map(|l| l.text).collect();
        (table, diags)
    }

    /// A markdown table of `cols` columns: a header row of `Q1…`, then rows of three-digit
    /// numbers after a first cell of words.
    fn wide(cols: usize) -> String {
        let head: Vec<String> = (1..cols).map(|i| format!("Q{i}")).collect();
        let mut t = format!("# C\n\n| Metric | {} |\n|---|{}\n", head.join(" | "), "---:|".repeat(cols - 1));
        for r in 0..4 {
            let cells: Vec<String> = (1..cols).map(|i| ((i * 37 + r * 11) % 900 + 100).to_string()).collect();
            t.push_str(&format!("| Requests per second | {} |\n", cells.join(" | ")));
        }
        t
    }

    #[test]
    fn a_table_too_wide_at_its_size_is_set_smaller_not_broken_inside_numbers() {
        // Fourteen columns of three-digit numbers do not fit the measure at the table's usual
        // size: every number must still be whole on one line, and no warning is needed.
        let (lines, diags) = table_lines(&wide(14));
        assert!(diags.iter().all(|d| d.code != quire_core::Code::PdfTableTooWide), "{diags:?}");
        for l in &lines {
            for w in l.split_whitespace().filter(|w| w.chars().all(|c| c.is_ascii_digit())) {
                assert_eq!(w.len(), 3, "a number broken across lines: {w:?} in {l:?}");
            }
        }
        let numbers = lines.iter().flat_map(|l| l.split_whitespace()).filter(|w| w.len() == 3 && w.chars().all(|c| c.is_ascii_digit())).count();
        assert_eq!(numbers, 4 * 13, "{lines:?}");
    }

    #[test]
    fn a_table_too_wide_even_in_small_type_is_one_warning_at_its_line() {
        // The small table after it fits: still one warning.
        let (_, diags) = table_lines(&format!("{}\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", wide(40)));
        let too_wide: Vec<_> = diags.iter().filter(|d| d.code == quire_core::Code::PdfTableTooWide).collect();
        assert_eq!(too_wide.len(), 1, "{diags:?}");
        assert!(too_wide[0].message.contains("40 columns"), "{}", too_wide[0].message);
        assert_eq!(too_wide[0].span.map(|s| s.start), Some("# C\n\n".len() as u32), "{:?}", too_wide[0].span);
        assert!(too_wide[0].hint.is_some());
    }
}
