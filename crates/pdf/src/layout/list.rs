//! Bullet, numbered and task lists: a hanging indent per level, the marker set on the baseline
//! of the item's first line.

use super::blocks::Ctx;
use super::chunk::Chunk;
use super::inline::{Run, RunStyle};
use super::paragraph::{set_paragraph, Align, ParaSpec};
use crate::fonts::Family;
use crate::model::{Item, Role};
use quire_core::{ListItem, ListMarker};

/// Sets a list into `cx`.
pub fn list(cx: &mut Ctx, start: Option<u64>, tight: bool, kind: ListMarker, items: &[ListItem]) {
    let em = cx.size();
    let pitch = cx.pitch();
    let saved = cx.frame.clone();
    let level = cx.list_depth % 3;
    let markers: Vec<String> = items
        .iter()
        .enumerate()
        .map(|(i, item)| match (start, item.task, kind) {
            (_, Some(done), _) => if done { "☑" } else { "☐" }.to_string(),
            (_, None, ListMarker::None) => String::new(),
            (_, None, ListMarker::Disc) => "•".to_string(),
            (_, None, ListMarker::Circle) => "◦".to_string(),
            (_, None, ListMarker::Square) => "▪".to_string(),
            (Some(s), None, m) => format!("{}.", m.number(s.saturating_add(i as u64))),
            (None, None, ListMarker::Default) => ["•", "–", "·"][level as usize].to_string(),
            (None, None, m) => format!("{}.", m.number(1 + i as u64)),
        })
        .collect();
    // The items hang from the widest marker (`100.`, `viii.`), never narrower than the usual
    // indent: a marker is set whole on its item's first line.
    let style = crate::fonts::Style { family: Family::Serif, bold: false, italic: false };
    let widest = markers.iter().map(|m| cx.shaper.measure(m, style, em)).fold(0.0f32, f32::max);
    let indent = (if cx.cjk { 2.0 * em } else { 1.6 * em }).max(widest + 0.5 * em);
    cx.list_depth += 1;
    cx.space(if tight { 0.2 * pitch } else { 0.4 * pitch });
    let list = cx.open(Role::L);
    for (i, item) in items.iter().enumerate() {
        if i > 0 && !tight {
            cx.space(0.35 * pitch);
        }
        let marker = markers.get(i).cloned().unwrap_or_default();
        let first = cx.out.len();
        // LI: the marker (Lbl) and the item's blocks (LBody).
        let li = cx.open(Role::LI);
        let lbl = cx.elem(Role::Lbl, cx.tag);
        let body = cx.elem(Role::LBody, cx.tag);
        cx.tag = Some(body);
        cx.frame.inset(indent, 0.0, cx.min_measure());
        if item.blocks.is_empty() {
            cx.emit(Chunk { height: pitch, baseline: Some(super::blocks::baseline_in(pitch, em)), ..Chunk::default() });
        }
        cx.item_start = true;
        cx.blocks(&item.blocks, tight);
        cx.item_start = false;
        cx.tag = li;
        cx.frame = saved.clone();
        // The marker goes on the first chunk with a baseline.
        let Some(idx) = (first..cx.out.len()).find(|&k| cx.out[k].baseline.is_some()) else { continue };
        let style = RunStyle::plain(Family::Serif, em);
        let spec = ParaSpec {
            measure: indent - 0.4 * em,
            indent: 0.0,
            align: Align::Right,
            hyphenate: false,
            strictness: cx.opts.strictness,
            line_end_half: false,
            lang: cx.lang,
        };
        let lines = set_paragraph(cx.shaper, &[Run { text: marker, style }], &spec);
        let b = cx.out[idx].baseline.unwrap_or(0.0);
        if let Some(line) = lines.into_iter().next() {
            cx.out[idx].items.push(Item::Mark(Some(lbl)));
            for mut r in line.runs {
                r.x += saved.x;
                r.baseline += b;
                cx.out[idx].items.push(Item::Text(r));
            }
        }
    }
    cx.tag = list;
    cx.list_depth -= 1;
    cx.space(if tight { 0.2 * pitch } else { 0.4 * pitch });
}
