//! Assembly: chapters set in parallel, the front matter set once their page numbers are known,
//! then every page placed on its sheet (recto/verso margins) with running heads and folios, page
//! labels (roman front matter, arabic from the first chapter after it), the outline and internal
//! links resolved to page and position.

use quire_core::Code;
use super::blocks::{baseline_in, Ctx, Frame};
use super::chapter::{set_chapter, SetChapter};
use super::chunk::shift_item;
use super::flow::{paginate, LocalPage};
use super::inline::{Run, RunStyle};
use super::page::{roman, Geometry};
use super::paragraph::{set_paragraph, Align, ParaSpec};
use super::shape::{SharedShapes, Shaper};
use super::toc::{contents, title_page};
use super::{LayoutOptions, LineInfo};
use crate::fonts::{Family, FontBook};
use crate::model::{self, Color, Document, Item, LabelStyle, LinkArea, LinkDest, OutlineItem, PageLabel, Rect, Role as Tag, StructElem, StructId};
use quire_core::i18n::Words;
use quire_core::{Book, ChapterId, ChapterRole, Diagnostic, LinkTarget, TocEntry};
use rayon::prelude::*;
use std::collections::HashMap;

/// What a page of the document is.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Role {
    Blank,
    Front { opening: bool },
    Chapter { chapter: usize, opening: bool },
    Part { part: usize },
}

struct Plan {
    roles: Vec<Role>,
    parts: Vec<usize>,
    starts: HashMap<usize, usize>,
    arabic_from: usize,
}

/// Part titles of the TOC (the word `part` for one left empty), each with the chapter it
/// precedes (in reading order).
fn part_titles(toc: &[TocEntry], words: &Words, out: &mut Vec<(String, Option<usize>)>) {
    for e in toc {
        match e {
            TocEntry::PartTitle(t) => out.push((words.part_title(t).to_string(), None)),
            TocEntry::Chapter { id, children } => {
                for p in out.iter_mut().filter(|p| p.1.is_none()) {
                    p.1 = Some(id.0);
                }
                part_titles(children, words, out);
            }
            TocEntry::Section { .. } | TocEntry::Separator => {}
        }
    }
}

fn plan(chapters: &[(usize, &SetChapter)], book: &Book, front: usize, recto: bool, parts: &[(String, Option<usize>)]) -> Plan {
    let mut roles: Vec<Role> = (0..front).map(|i| Role::Front { opening: i == 0 }).collect();
    let mut part_pages = vec![usize::MAX; parts.len()];
    let mut starts = HashMap::new();
    let mut arabic_from = None;
    for (ci, set) in chapters {
        let ch = &book.chapters[*ci];
        for (k, _) in parts.iter().enumerate().filter(|(_, p)| p.1 == Some(*ci)) {
            if recto && roles.len() % 2 == 1 {
                roles.push(Role::Blank);
            }
            if arabic_from.is_none() && ch.role != ChapterRole::Prefix {
                arabic_from = Some(roles.len());
            }
            part_pages[k] = roles.len();
            roles.push(Role::Part { part: k });
        }
        if ch.depth == 0 && recto && roles.len() % 2 == 1 {
            roles.push(Role::Blank);
        }
        if arabic_from.is_none() && ch.role != ChapterRole::Prefix {
            arabic_from = Some(roles.len());
        }
        starts.insert(*ci, roles.len());
        for k in 0..set.pages.len() {
            roles.push(Role::Chapter { chapter: *ci, opening: k == 0 });
        }
    }
    let arabic_from = arabic_from.unwrap_or(front.min(roles.len()));
    Plan { roles, parts: part_pages, starts, arabic_from }
}

fn label(plan: &Plan, idx: usize) -> String {
    if idx < plan.arabic_from {
        roman(idx as u32 + 1)
    } else {
        (idx - plan.arabic_from + 1).to_string()
    }
}

/// The title page and the contents, with their structure elements (top-level ones have no
/// parent).
fn front_pages<'a>(book: &Book, fonts: &'a FontBook, shared: &'a SharedShapes<'a>, geo: &Geometry, opts: &LayoutOptions, labels: &HashMap<ChapterId, String>) -> (Vec<LocalPage>, Vec<StructElem>) {
    let mut shaper = Shaper::with_shared(fonts, shared);
    let mut cx = Ctx {
        shaper: &mut shaper,
        book,
        chapter: None,
        geo: *geo,
        opts,
        cjk: super::is_cjk_book(book),
        lang: super::book_lang(book),
        named_lang: None,
        words: super::words(book),
        diags: Vec::new(),
        missing: Vec::new(),
        out: Vec::new(),
        frame: Frame { x: 0.0, width: geo.measure, decos: Vec::new() },
        list_depth: 0,
        outline: Vec::new(),
        heading_base: 0,
        span: None,
        item_start: false,
        align: None,
        tags: Vec::new(),
        tag: None,
    };
    let mut pages = Vec::new();
    if opts.title_page {
        title_page(&mut cx, book);
        let chunks = std::mem::take(&mut cx.out);
        pages.extend(paginate(chunks, HashMap::new(), geo.text_height, geo.measure, geo.font_size));
        pages.push(LocalPage::default());
    }
    if opts.toc && !book.toc.is_empty() {
        contents(&mut cx, book, labels);
        let chunks = std::mem::take(&mut cx.out);
        let toc = paginate(chunks, HashMap::new(), geo.text_height, geo.measure, geo.font_size);
        pages.extend(toc);
        if opts.chapters_recto && pages.len() % 2 == 1 {
            pages.push(LocalPage::default());
        }
    }
    (pages, cx.tags)
}

/// Lays out the whole book: the document, diagnostics and, with `keep_lines`, every line (else
/// the front matter's only: a chapter's line records are dropped once it is paginated).
pub fn layout_full(book: &Book, fonts: &FontBook, opts: &LayoutOptions, keep_lines: bool) -> (Document, Vec<Diagnostic>, Vec<LineInfo>) {
    let cjk = super::is_cjk_book(book);
    let (geo, warn) = Geometry::from_config(&book.config.output.pdf, cjk);
    let mut diags: Vec<Diagnostic> = warn.map(|w| Diagnostic::warning(Code::PdfPageSize, w)).into_iter().collect();
    let todo: Vec<usize> = book.chapters.iter().filter(|c| !c.draft).map(|c| c.id.0).collect();
    let shared = SharedShapes::new(fonts);
    let set_one = |&ci: &usize| set_chapter(book, fonts, &shared, &geo, opts, &book.chapters[ci], keep_lines);
    let sets: Vec<SetChapter> = if opts.parallel { todo.par_iter().map(set_one).collect() } else { todo.iter().map(set_one).collect() };
    let chapters: Vec<(usize, &SetChapter)> = todo.iter().copied().zip(sets.iter()).collect();
    // Pass 1: how many front pages (page numbers do not change the contents' line breaks).
    let dummy: HashMap<ChapterId, String> = todo.iter().map(|&c| (ChapterId(c), "888".to_string())).collect();
    let (mut front, _) = front_pages(book, fonts, &shared, &geo, opts, &dummy);
    let mut parts = Vec::new();
    part_titles(&book.toc, &super::words(book), &mut parts);
    let (part_pages, part_tags) = part_title_pages(book, fonts, &shared, &geo, opts, &parts);
    let mut p = plan(&chapters, book, front.len(), opts.chapters_recto, &parts);
    let labels: HashMap<ChapterId, String> =
        p.starts.iter().map(|(&c, &s)| (ChapterId(c), label(&p, s))).collect();
    let (second, front_tags) = front_pages(book, fonts, &shared, &geo, opts, &labels);
    if second.len() != front.len() {
        p = plan(&chapters, book, second.len(), opts.chapters_recto, &parts);
    }
    front = second;
    for s in &sets {
        diags.extend(s.diags.iter().cloned());
    }
    diags.extend(super::missing::missing_glyph_diagnostics(
        sets.iter().flat_map(|s| s.missing.iter().copied()),
        book.language(),
    ));
    // Anchors.
    let mut anchors: HashMap<(usize, String), (usize, f32)> = HashMap::new();
    for (ci, set) in &chapters {
        let start = p.starts.get(ci).copied().unwrap_or(0);
        for (k, page) in set.pages.iter().enumerate() {
            for (a, y) in &page.anchors {
                anchors.entry((*ci, a.clone())).or_insert((start + k, geo.top + y));
            }
        }
    }
    let resolve = |t: &LinkTarget| -> Option<LinkDest> {
        match t {
            LinkTarget::External(u) => Some(LinkDest::Uri(u.clone())),
            LinkTarget::Internal { chapter, anchor } => {
                let key = (chapter.0, anchor.clone().unwrap_or_default());
                let (page, y) = anchors.get(&key).or_else(|| anchors.get(&(chapter.0, String::new())))?;
                Some(LinkDest::Page { page: *page, y: *y })
            }
            LinkTarget::Unresolved(_) | LinkTarget::Refused(_) | LinkTarget::File(_) => None,
        }
    };
    // The structure tree: the Document, then the front matter's, the parts' and each
    // chapter's elements (a chapter's Sect inside the Sect of the chapter above it), each set's
    // local ids shifted by where it starts.
    let mut structure = Vec::with_capacity(1 + front_tags.len() + part_tags.len() + chapters.iter().map(|(_, s)| s.tags.len()).sum::<usize>());
    structure.push(StructElem { role: Tag::Document, parent: None, alt: None, lang: None });
    let append = |tags: &[StructElem], top: StructId, structure: &mut Vec<StructElem>| -> u32 {
        let off = u32::try_from(structure.len()).unwrap_or(u32::MAX);
        structure.extend(tags.iter().map(|e| StructElem {
            parent: Some(e.parent.map_or(top, |p| StructId(p.0.saturating_add(off)))),
            ..e.clone()
        }));
        off
    };
    let front_off = append(&front_tags, StructId(0), &mut structure);
    let part_off = append(&part_tags, StructId(0), &mut structure);
    let mut chapter_off: HashMap<usize, u32> = HashMap::new();
    let mut sects: Vec<(usize, StructId)> = Vec::new();
    for (ci, set) in &chapters {
        let depth = book.chapters[*ci].depth;
        while sects.last().is_some_and(|(d, _)| *d >= depth) {
            sects.pop();
        }
        let top = sects.last().map_or(StructId(0), |(_, s)| *s);
        let off = append(&set.tags, top, &mut structure);
        sects.push((depth, StructId(off)));
        chapter_off.insert(*ci, off);
    }
    let mut shaper = Shaper::with_shared(fonts, &shared);
    let mut pages = Vec::with_capacity(p.roles.len());
    let mut lines = Vec::new();
    // Each chapter page's items are moved into the document, not copied: the set chapters and
    // the document are never both whole in memory.
    // Their structure elements are in `structure` now.
    let mut by_chapter: HashMap<usize, SetChapter> = todo
        .iter()
        .copied()
        .zip(sets.into_iter().map(|mut s| {
            s.tags = Vec::new();
            s
        }))
        .collect();
    for (idx, role) in p.roles.iter().enumerate() {
        let recto = idx % 2 == 0;
        let left = geo.left(recto);
        let local: Option<LocalPage> = match role {
            Role::Blank => None,
            Role::Front { .. } => front.get(idx).cloned(),
            Role::Part { part } => part_pages.get(*part).cloned(),
            Role::Chapter { chapter, .. } => {
                let start = p.starts.get(chapter).copied().unwrap_or(idx);
                by_chapter.get_mut(chapter).and_then(|s| s.pages.get_mut(idx - start)).map(std::mem::take)
            }
        };
        let blank = local.as_ref().is_none_or(|l| l.items.is_empty());
        let mut page = model::Page { width: geo.width, height: geo.height, ..model::Page::default() };
        let off = match role {
            Role::Blank => 0,
            Role::Front { .. } => front_off,
            Role::Part { .. } => part_off,
            Role::Chapter { chapter, .. } => chapter_off.get(chapter).copied().unwrap_or(0),
        };
        // The running head and folio are set first (apart) so the page's items are reserved
        // once at their full number: pushed after an exact reservation, they doubled the room
        // of every page's items (the largest part of a laid-out book's memory).
        let mut extra = if !blank && !matches!(role, Role::Part { .. }) {
            let mut furnished = model::Page::default();
            furniture(&mut shaper, &mut furnished, book, &geo, &p, idx, role, left);
            furnished.items
        } else {
            Vec::new()
        };
        if let Some(lp) = local {
            page.items.reserve_exact(lp.items.len() + extra.len());
            for mut it in lp.items {
                shift_item(&mut it, left, geo.top);
                if let Item::Mark(Some(id)) = &mut it {
                    id.0 = id.0.saturating_add(off);
                }
                page.items.push(it);
            }
            for (r, t, tag) in &lp.links {
                if let Some(dest) = resolve(t) {
                    let tag = tag.map(|id| StructId(id.0.saturating_add(off)));
                    page.links.push(LinkArea { rect: Rect { x: r.x + left, y: r.y + geo.top, ..*r }, dest, tag });
                }
            }
            lines.extend(lp.lines.into_iter().map(|l| LineInfo { page: idx, ..l }));
        }
        page.items.append(&mut extra);
        pages.push(page);
    }
    let mut part_no = 0;
    let outline = outline(book, &book.toc, &p, &geo, &front, &mut part_no);
    let mut labels = vec![PageLabel { first_page: 0, style: LabelStyle::LowerRoman, start: 1, prefix: String::new() }];
    if p.arabic_from < pages.len() {
        if p.arabic_from == 0 {
            labels.clear();
        }
        labels.push(PageLabel { first_page: p.arabic_from, style: LabelStyle::Decimal, start: 1, prefix: String::new() });
    }
    let metadata = model::Metadata {
        title: book.title().to_string(),
        author: book.config.book.authors.join(", "),
        language: book.language().to_string(),
        subject: book.config.book.description.clone().unwrap_or_default(),
        timestamp: book.timestamp,
    };
    let mut doc = Document { pages, outline, labels, metadata, structure };
    if opts.cover_page {
        super::cover::prepend(&mut doc, &mut lines, book, opts.chapters_recto);
    }
    (doc, diags, lines)
}

/// Running head and folio of page `idx`.
#[allow(clippy::too_many_arguments)]
fn furniture(shaper: &mut Shaper, page: &mut model::Page, book: &Book, geo: &Geometry, p: &Plan, idx: usize, role: &Role, left: f32) {
    let recto = idx.is_multiple_of(2);
    let s = geo.font_size * 0.85;
    // Running heads, folios and the head rule are artifacts.
    page.items.push(Item::Mark(None));
    let folio = label(p, idx);
    let opening = matches!(role, Role::Front { opening: true } | Role::Chapter { opening: true, .. });
    let style = RunStyle { color: Color::gray(0.2), ..RunStyle::plain(Family::Serif, s) };
    let line = |shaper: &mut Shaper, text: &str, align: Align, x: f32, baseline: f32, page: &mut model::Page| {
        let spec = ParaSpec { measure: geo.measure, indent: 0.0, align, hyphenate: false, strictness: super::Strictness::Normal, line_end_half: false, lang: super::book_lang(book) };
        let set = set_paragraph(shaper, &[Run { text: text.to_string(), style }], &spec);
        if let Some(l) = set.into_iter().next() {
            for mut r in l.runs {
                r.x += x;
                r.baseline += baseline;
                page.items.push(Item::Text(r));
            }
        }
    };
    if opening {
        let y = geo.top + geo.text_height + (geo.bottom * 0.45).max(s * 2.0);
        line(shaper, &folio, Align::Center, left, y, page);
        return;
    }
    let head_y = geo.top - baseline_in(s * 1.2, s) - s * 0.9;
    let title = match role {
        Role::Chapter { chapter, .. } if recto => book.chapters.get(*chapter).map(|c| c.title.clone()).unwrap_or_default(),
        Role::Front { .. } => super::words(book).contents,
        _ => book.config.output.pdf.running_head.clone().unwrap_or_else(|| book.title().to_string()),
    };
    // The head is centred on the measure and the folio sits at one edge: the head may take the
    // middle, less the folio's width and an em of air on either side.
    let folio_width = shaper.measure(&folio, crate::fonts::Style { family: style.family, bold: style.bold, italic: style.italic }, s);
    let room = geo.measure - 2.0 * (folio_width + s);
    let title = super::running_head::fit(shaper, &title, style, super::book_lang(book), room);
    line(shaper, &title, Align::Center, left, head_y, page);
    line(shaper, &folio, if recto { Align::Right } else { Align::Left }, left, head_y, page);
    page.items.push(Item::Fill { rect: Rect { x: left, y: head_y + s * 0.45, w: geo.measure, h: 0.4 }, color: Color::gray(0.3) });
}

fn outline(book: &Book, toc: &[TocEntry], p: &Plan, geo: &Geometry, front: &[LocalPage], part_no: &mut usize) -> Vec<OutlineItem> {
    let mut out = Vec::new();
    if !front.is_empty() && !book.toc.is_empty() && toc.as_ptr() == book.toc.as_ptr() {
        let page = front.iter().position(|f| f.lines.iter().any(|l| l.kind == super::LineKind::Toc)).unwrap_or(0);
        out.push(OutlineItem { title: super::words(book).contents, page, y: geo.top, children: Vec::new() });
    }
    for (i, e) in toc.iter().enumerate() {
        match e {
            TocEntry::Chapter { id, children } => {
                let Some(ch) = book.chapter(*id) else { continue };
                let Some(&page) = p.starts.get(&id.0) else {
                    out.extend(outline(book, children, p, geo, front, part_no));
                    continue;
                };
                let title = match ch.number_string() {
                    Some(n) => format!("{n} {}", ch.title),
                    None => ch.title.clone(),
                };
                out.push(OutlineItem { title, page, y: geo.top, children: outline(book, children, p, geo, front, part_no) });
            }
            TocEntry::PartTitle(t) => {
                let own = p.parts.get(*part_no).copied().filter(|&x| x != usize::MAX);
                *part_no += 1;
                let next = own.or_else(|| toc[i..].iter().find_map(|e| match e {
                    TocEntry::Chapter { id, .. } => p.starts.get(&id.0).copied(),
                    _ => None,
                }));
                if let Some(page) = next {
                    let title = if t.trim().is_empty() { super::words(book).part } else { t.clone() };
                    out.push(OutlineItem { title, page, y: geo.top, children: Vec::new() });
                }
            }
            // A SUMMARY link into a chapter: its heading is in the chapter's outline already.
            TocEntry::Section { .. } | TocEntry::Separator => {}
        }
    }
    out
}

/// One page per part title: the title centred in the upper third.
fn part_title_pages<'a>(book: &Book, fonts: &'a FontBook, shared: &'a SharedShapes<'a>, geo: &Geometry, opts: &LayoutOptions, parts: &[(String, Option<usize>)]) -> (Vec<LocalPage>, Vec<StructElem>) {
    use super::blocks::TextSpec;
    use super::chunk::Chunk;
    use super::inline::Styled;
    let mut shaper = Shaper::with_shared(fonts, shared);
    let mut cx = Ctx {
        shaper: &mut shaper,
        book,
        chapter: None,
        geo: *geo,
        opts,
        cjk: super::is_cjk_book(book),
        lang: super::book_lang(book),
        named_lang: None,
        words: super::words(book),
        diags: Vec::new(),
        missing: Vec::new(),
        out: Vec::new(),
        frame: Frame { x: 0.0, width: geo.measure, decos: Vec::new() },
        list_depth: 0,
        outline: Vec::new(),
        heading_base: 0,
        span: None,
        item_start: false,
        align: None,
        tags: Vec::new(),
        tag: None,
    };
    let size = geo.font_size * 2.2;
    let style = RunStyle { bold: true, ..RunStyle::plain(Family::Sans, size) };
    let spec = TextSpec { style, pitch: size * 1.35, align: Align::Center, indent: 0.0, kind: super::LineKind::Heading };
    let pages = parts
        .iter()
        .map(|(title, _)| {
            let mut chunks = vec![Chunk { height: geo.text_height * 0.3, keep_with_next: true, ..Chunk::default() }];
            let st = Styled { runs: vec![Run { text: title.clone(), style }], links: Vec::new(), images: Vec::new(), rubies: Vec::new(), formulas: Vec::new() };
            let tag = cx.open(Tag::H(1));
            chunks.extend(cx.set(&st, &spec));
            cx.tag = tag;
            paginate(chunks, HashMap::new(), geo.text_height, geo.measure, geo.font_size).into_iter().next().unwrap_or_default()
        })
        .collect();
    (pages, cx.tags)
}
