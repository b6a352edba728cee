//! Pagination: the vertical list of a chapter poured into text blocks. Breaks are taken only where
//! `keep_with_next` allows (headings with their first lines, no orphans or widows), space at a
//! page top is dropped, footnotes go to the bottom of the page that cites them (continued on the
//! next page if they do not fit), table headers repeat.

use super::chunk::{shift_item, Chunk};
use super::LineInfo;
use crate::model::{Color, Item, Rect, StructId};
use quire_core::LinkTarget;
use std::collections::{HashMap, VecDeque};

/// One page of a chapter, relative to the text block.
#[derive(Debug, Clone, Default)]
pub struct LocalPage {
    /// What is drawn (x from the text block's left, y from its top).
    pub items: Vec<Item>,
    /// Clickable areas, with the `Link` element of their text.
    pub links: Vec<(Rect, LinkTarget, Option<StructId>)>,
    /// Anchors and their y.
    pub anchors: Vec<(String, f32)>,
    /// Lines set on the page.
    pub lines: Vec<LineInfo>,
    /// The last [`Item::Mark`] in `items` names a structure element: what is pushed next must
    /// be marked again or it would join that element.
    pub marked: bool,
}

impl LocalPage {
    /// Adds an item, keeping track of the structure it is in.
    pub fn push(&mut self, it: Item) {
        if let Item::Mark(m) = &it {
            self.marked = m.is_some();
        }
        self.items.push(it);
    }

    /// Makes what is pushed next an artifact.
    pub fn unmark(&mut self) {
        if self.marked {
            self.push(Item::Mark(None));
        }
    }
}

struct Pager {
    pages: Vec<LocalPage>,
    cur: LocalPage,
    y: f32,
    notes: Vec<Chunk>,
    notes_h: f32,
    pending: VecDeque<Chunk>,
    height: f32,
    measure: f32,
    gap: f32,
}

impl Pager {
    fn note_area(&self, extra: f32) -> f32 {
        let h = self.notes_h + extra;
        if h > 0.0 { h + self.gap } else { 0.0 }
    }

    fn place(&mut self, c: Chunk) {
        if self.y == 0.0 {
            if let Some(h) = &c.header {
                // A repeated header is an artifact: its cells are tagged where first set.
                let mut h = (**h).clone();
                for it in &mut h.items {
                    if let Item::Mark(m) = it {
                        *m = None;
                    }
                }
                self.put(h);
            }
        }
        self.put(c);
    }

    fn put(&mut self, c: Chunk) {
        let y = self.y;
        // Each chunk marks its own content; anything before its first mark is an artifact.
        self.cur.unmark();
        for mut it in c.items {
            shift_item(&mut it, 0.0, y);
            self.cur.push(it);
        }
        for (mut r, t, tag) in c.links {
            r.y += y;
            self.cur.links.push((r, t, tag));
        }
        for a in c.anchors {
            self.cur.anchors.push((a, y));
        }
        let n = self.pages.len();
        self.cur.lines.extend(c.lines.into_iter().map(|l| LineInfo { page: n, ..l }));
        self.y += c.height;
    }

    fn take_notes(&mut self, notes: Vec<Chunk>) {
        for n in notes {
            if self.pending.is_empty() && self.y + self.note_area(n.height) <= self.height + 0.01 {
                self.notes_h += n.height;
                self.notes.push(n);
            } else {
                self.pending.push_back(n);
            }
        }
    }

    fn finish_page(&mut self) {
        let mut y = self.height - self.notes_h;
        if !self.notes.is_empty() {
            let rule = Rect { x: 0.0, y: y - self.gap * 0.5, w: self.measure * 0.3, h: 0.4 };
            self.cur.unmark();
            self.cur.push(Item::Fill { rect: rule, color: Color::gray(0.3) });
        }
        let notes = std::mem::take(&mut self.notes);
        let saved = self.y;
        for n in notes {
            self.y = y;
            y += n.height;
            self.put(n);
        }
        self.y = saved;
        self.pages.push(std::mem::take(&mut self.cur));
        self.y = 0.0;
        self.notes_h = 0.0;
        let pending = std::mem::take(&mut self.pending);
        self.take_notes(pending.into());
    }
}

/// Paginates `chunks`; `notes` maps footnote numbers to their set chunks (each is placed once,
/// on the page of its first citation; uncited ones end the chapter).
pub fn paginate(chunks: Vec<Chunk>, mut notes: HashMap<usize, Vec<Chunk>>, height: f32, measure: f32, gap: f32) -> Vec<LocalPage> {
    let mut p = Pager {
        pages: Vec::new(),
        cur: LocalPage::default(),
        y: 0.0,
        notes: Vec::new(),
        notes_h: 0.0,
        pending: VecDeque::new(),
        height,
        measure,
        gap,
    };
    let n = chunks.len();
    let mut iter: Vec<Option<Chunk>> = chunks.into_iter().map(Some).collect();
    let mut deferred: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < n {
        let Some(c) = iter[i].as_ref() else {
            i += 1;
            continue;
        };
        if c.space && p.y == 0.0 {
            i += 1;
            continue;
        }
        // The group that must stay together: up to the first chunk that allows a break after it.
        let (j, gh, gnotes) = group(&iter, i, &notes);
        let header_h = if p.y == 0.0 { c.header.as_ref().map(|h| h.height).unwrap_or(0.0) } else { 0.0 };
        let fits = p.y + header_h + gh + p.note_area(gnotes) <= height + 0.01;
        let float = c.float && gh + gnotes <= height;
        if float && p.y > 0.0 && (!fits || !deferred.is_empty()) {
            // A figure that does not fit floats to the top of the next page; text goes on here.
            deferred.push((i, j));
            i = j + 1;
            continue;
        }
        let group_too_big = !float && gh + gnotes > height * 0.6;
        if !fits && p.y > 0.0 && !group_too_big {
            new_page(&mut p, &mut iter, &mut deferred, &mut notes);
            continue;
        }
        // Place the group (or, when it cannot fit anywhere, chunk by chunk).
        let end = if fits || float { j } else { i };
        place_range(&mut p, &mut iter, i, end, &mut notes, &mut deferred);
        i = end + 1;
    }
    if !deferred.is_empty() {
        new_page(&mut p, &mut iter, &mut deferred, &mut notes);
    }
    // Uncited footnotes and anything still pending end the chapter.
    let mut rest: Vec<(usize, Vec<Chunk>)> = notes.into_iter().collect();
    rest.sort_by_key(|(k, _)| *k);
    for (_, v) in rest {
        p.take_notes(v);
    }
    while !p.pending.is_empty() || !p.notes.is_empty() || !p.cur.items.is_empty() {
        let before = p.pending.len();
        p.finish_page();
        if p.pending.len() == before && before > 0 && p.notes.is_empty() {
            // A note taller than a page: place it anyway.
            if let Some(n) = p.pending.pop_front() {
                p.notes_h += n.height;
                p.notes.push(n);
            }
        }
    }
    if p.pages.is_empty() {
        p.pages.push(LocalPage::default());
    }
    p.pages
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(h: f32, keep: bool) -> Chunk {
        Chunk { height: h, keep_with_next: keep, items: vec![Item::Fill { rect: Rect::default(), color: Color::BLACK }], ..Chunk::default() }
    }

    #[test]
    fn fills_pages_and_keeps_groups() {
        let mut cs = Vec::new();
        for k in 0..25 {
            cs.push(line(10.0, k % 5 == 0));
        }
        let pages = paginate(cs, HashMap::new(), 100.0, 200.0, 6.0);
        assert_eq!(pages.len(), 3);
        // A kept pair never straddles a page: every page starts with a chunk after a break.
        assert!(pages.iter().all(|p| !p.items.is_empty()));
    }

    #[test]
    fn footnote_lands_on_citing_page() {
        let mut cs: Vec<Chunk> = (0..8).map(|_| line(10.0, false)).collect();
        cs[7].footnotes.push(1);
        let mut notes = HashMap::new();
        notes.insert(1, vec![line(30.0, false)]);
        let pages = paginate(cs, notes, 100.0, 200.0, 6.0);
        // 8 lines + note area (30 + 6) > 100: the citing line moves to page 2 with its note.
        assert_eq!(pages.len(), 2);
    }
}

/// The keep-together group starting at `i`: its last index, height and footnote height.
fn group(iter: &[Option<Chunk>], i: usize, notes: &HashMap<usize, Vec<Chunk>>) -> (usize, f32, f32) {
    let n = iter.len();
    let mut j = i;
    let (mut gh, mut gnotes) = (0.0, 0.0);
    loop {
        if let Some(c) = iter[j].as_ref() {
            gh += c.height;
            for f in &c.footnotes {
                gnotes += notes.get(f).map(|v| v.iter().map(|c| c.height).sum::<f32>()).unwrap_or(0.0);
            }
            if !c.keep_with_next {
                break;
            }
        }
        if j + 1 >= n {
            break;
        }
        j += 1;
    }
    (j, gh, gnotes)
}

/// Ends the page and starts the next with the figures that were waiting for room.
fn new_page(p: &mut Pager, iter: &mut [Option<Chunk>], deferred: &mut Vec<(usize, usize)>, notes: &mut HashMap<usize, Vec<Chunk>>) {
    p.finish_page();
    let waiting = std::mem::take(deferred);
    for (a, b) in waiting {
        let (_, gh, _) = group(iter, a, notes);
        if p.y > 0.0 && p.y + gh > p.height + 0.01 {
            p.finish_page();
        }
        let mut none = Vec::new();
        place_range(p, iter, a, b, notes, &mut none);
    }
}

/// Places chunks `a..=b`, starting new pages where one is full.
fn place_range(p: &mut Pager, iter: &mut [Option<Chunk>], a: usize, b: usize, notes: &mut HashMap<usize, Vec<Chunk>>, deferred: &mut Vec<(usize, usize)>) {
    for k in a..=b {
        let Some(c) = iter[k].take() else { continue };
        if c.space && p.y == 0.0 {
            continue;
        }
        let cnotes: f32 = c.footnotes.iter().filter_map(|f| notes.get(f)).flatten().map(|c| c.height).sum();
        if p.y > 0.0 && p.y + c.height + p.note_area(cnotes) > p.height + 0.01 {
            new_page(p, iter, deferred, notes);
            if c.space {
                continue;
            }
        }
        let cited: Vec<usize> = c.footnotes.clone();
        p.place(c);
        for f in cited {
            if let Some(v) = notes.remove(&f) {
                p.take_notes(v);
            }
        }
    }
}

#[cfg(test)]
mod float_tests {
    use super::*;

    #[test]
    fn a_figure_that_does_not_fit_floats_and_text_fills_the_page() {
        let line = |h: f32| Chunk { height: h, items: vec![Item::Fill { rect: Rect::default(), color: Color::BLACK }], ..Chunk::default() };
        let mut cs: Vec<Chunk> = (0..5).map(|_| line(10.0)).collect();
        cs.push(Chunk { float: true, ..line(70.0) });
        cs.extend((0..4).map(|_| line(10.0)));
        let pages = paginate(cs, HashMap::new(), 100.0, 200.0, 6.0);
        assert_eq!(pages.len(), 2);
        // Page 1: 5 lines + 4 lines of following text; page 2: the figure.
        assert_eq!(pages[0].items.len(), 9);
        assert_eq!(pages[1].items.len(), 1);
    }
}

#[cfg(test)]
mod header_tests {
    use super::*;
    use std::rc::Rc;

    #[test]
    fn table_header_repeats_on_the_next_page() {
        let mark = |h: f32, c: f32| Chunk { height: h, items: vec![Item::Fill { rect: Rect::default(), color: Color::gray(c) }], ..Chunk::default() };
        let header = Rc::new(Chunk { keep_with_next: true, ..mark(10.0, 0.5) });
        let mut cs = vec![(*header).clone()];
        for _ in 0..15 {
            cs.push(Chunk { header: Some(header.clone()), ..mark(10.0, 0.0) });
        }
        let pages = paginate(cs, HashMap::new(), 100.0, 200.0, 6.0);
        assert_eq!(pages.len(), 2);
        let first = |p: &LocalPage| match p.items.first() {
            Some(Item::Fill { color, .. }) => color.r,
            _ => -1.0,
        };
        assert_eq!(first(&pages[0]), 0.5);
        assert_eq!(first(&pages[1]), 0.5, "header repeated at the top of page 2");
        assert_eq!(pages[1].items.len(), 1 + 6);
    }
}
