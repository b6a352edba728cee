//! Blocks → chunks: paragraphs, headings, quotes, admonitions, lists, definition lists, rules,
//! math and raw HTML elements (see [`super::html`]). Code, tables and figures have their own modules. Containers narrow the
//! frame and add decorations (a quote bar, an admonition's tint) that every chunk inside draws.

use super::chunk::Chunk;
use super::inline::{styled, Run, RunStyle, Styled};
use super::page::Geometry;
use super::paragraph::{set_paragraph_with, Align, ParaSpec, RunMark, SetLine};
use super::shape::Shaper;
use super::{LayoutOptions, LineInfo, LineKind};
use crate::fonts::Family;
use crate::model::{Color, Item, Rect, Role, StructElem, StructId};
use quire_core::i18n::Words;
use quire_core::lang_tag::LangTag;
use quire_core::text_lang::TextLang;
use quire_core::Code;
use quire_core::{AdmonitionKind, Block, BlockKind, Book, Chapter, Diagnostic, Inline, LinkTarget};

/// A painted band every chunk inside a container draws behind itself.
#[derive(Debug, Clone, Copy)]
pub struct Deco {
    /// Left edge.
    pub x: f32,
    /// Width.
    pub w: f32,
    /// Colour.
    pub color: Color,
}

/// The current container: left edge, width, decorations.
#[derive(Debug, Clone)]
pub struct Frame {
    /// Left edge relative to the text block.
    pub x: f32,
    /// Width.
    pub width: f32,
    /// Decorations to draw on every chunk.
    pub decos: Vec<Deco>,
}

impl Frame {
    /// Narrows the frame by `left` and `right` for a nested container (a quote, a list item, an
    /// admonition), unless that would leave less than `min_width`: deeper containers are then set
    /// at the indentation of the last one that fitted, so that text nested past any sensible depth
    /// is still set in a usable measure instead of a negative one.
    pub fn inset(&mut self, left: f32, right: f32, min_width: f32) {
        if self.width - left - right >= min_width {
            self.x += left;
            self.width -= left + right;
        }
    }
}

/// How a piece of text is set.
#[derive(Debug, Clone, Copy)]
pub struct TextSpec {
    /// Base run style.
    pub style: RunStyle,
    /// Baseline-to-baseline distance.
    pub pitch: f32,
    /// Alignment.
    pub align: Align,
    /// First-line indent.
    pub indent: f32,
    /// What kind of lines these are (for tests).
    pub kind: LineKind,
}

/// Everything block layout needs while setting one chapter.
pub struct Ctx<'s, 'a> {
    /// Shaping with a cache.
    pub shaper: &'s mut Shaper<'a>,
    /// The book (assets, config).
    pub book: &'s Book,
    /// The chapter being set (footnote anchors, line records).
    pub chapter: Option<&'s Chapter>,
    /// Page geometry.
    pub geo: Geometry,
    /// Options.
    pub opts: &'s LayoutOptions,
    /// True when the book's language is Chinese, Japanese or Korean: the page design (line
    /// pitch, first-line indents, no gaps between paragraphs) is the CJK one. The rules text is
    /// set by follow its own language ([`Ctx::lang`]).
    pub cjk: bool,
    /// The language of the text being set: the book's, or that of an enclosing element with a
    /// `lang` attribute (`<div lang="ko">`).
    pub lang: TextLang,
    /// The language tag of the innermost enclosing element with a `lang` attribute (`<div
    /// lang="de">`); `None`: the book's. Structure elements opened in it carry it as `/Lang`
    /// where their parent's language differs.
    pub named_lang: Option<LangTag>,
    /// The words the PDF writes (labels, admonition titles), from the one translation table.
    pub words: Words,
    /// Diagnostics found.
    pub diags: Vec<Diagnostic>,
    /// Characters no face has, with the block they were first met in (reported per script, see
    /// [`super::missing`]).
    pub missing: Vec<(char, Option<quire_core::Span>)>,
    /// The vertical list.
    pub out: Vec<Chunk>,
    /// The current container.
    pub frame: Frame,
    /// Nesting depth of lists (bullet shape).
    pub list_depth: u32,
    /// Span of the block being set (for diagnostics).
    pub span: Option<quire_core::Span>,
    /// The next block opens a list item.
    pub item_start: bool,
    /// Text alignment asked for by an enclosing HTML element (`<center>`, `align`).
    pub align: Option<Align>,
    /// The structure elements made so far, ids local to this context (see [`StructElem`]).
    pub tags: Vec<StructElem>,
    /// The element text set now belongs to (`None`: an artifact).
    pub tag: Option<StructId>,
    /// The headings the next one may nest in: (level in the source, level in the structure
    /// tree), innermost last. The tree's levels follow the outline and never skip one.
    pub outline: Vec<(u8, u8)>,
    /// The structure level of a heading that nests in none of `outline`, less one (the
    /// chapter title's level less one: a chapter's depth in the book).
    pub heading_base: u8,
}

/// The inline elements made for one paragraph's text: one `Link` per link of it.
#[derive(Debug, Default)]
struct InlineTags {
    links: std::collections::HashMap<usize, StructId>,
    /// The Span the last run went to: its parent, language and id.
    span: Option<(StructId, String, StructId)>,
}

/// The language of a run of text, as the tagged PDF names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RunLang {
    /// The book's (`[book] language`).
    Book,
    /// A tag an element names, or one the letters' script names.
    Tag(LangTag),
}

/// True when two BCP 47 tags are the same (case-insensitive, `_` read as `-`).
fn same_tag(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim().as_bytes(), b.trim().as_bytes());
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.eq_ignore_ascii_case(y) || matches!((x, y), (b'-', b'_') | (b'_', b'-')))
}

/// Ascent used to place a baseline in a line of `size` on a grid of `pitch`.
pub fn baseline_in(pitch: f32, size: f32) -> f32 {
    (pitch - size) / 2.0 + 0.86 * size
}

impl Ctx<'_, '_> {
    /// A new structure element of `role` inside `parent`.
    /// It carries `/Lang` when the language of the text set now ([`Ctx::named_lang`]) is not
    /// its parent's.
    pub fn elem(&mut self, role: Role, parent: Option<StructId>) -> StructId {
        let id = StructId(u32::try_from(self.tags.len()).unwrap_or(u32::MAX));
        let here = self.named_lang.map_or(RunLang::Book, RunLang::Tag);
        let lang = self.lang_unless_inherited(here, parent);
        self.tags.push(StructElem { role, parent, alt: None, lang });
        id
    }

    /// The language an element's content inherits from `parent`: the nearest `/Lang` up the
    /// tree, `None` for the book's (the catalog's). The tree's depth is the AST's, bounded when
    /// it is parsed.
    fn inherited_lang(&self, parent: Option<StructId>) -> Option<&str> {
        let mut at = parent;
        while let Some(e) = at.and_then(|p| self.tags.get(p.0 as usize)) {
            if let Some(l) = &e.lang {
                return Some(l);
            }
            at = e.parent.filter(|p| Some(*p) != at);
        }
        None
    }

    /// `/Lang` for an element inside `parent` whose content is in `lang`: `None` when it is
    /// the language it inherits.
    fn lang_unless_inherited(&self, lang: RunLang, parent: Option<StructId>) -> Option<String> {
        let book = self.book.language();
        match (lang, self.inherited_lang(parent)) {
            (RunLang::Book, None) => None,
            (RunLang::Book, Some(l)) => (!same_tag(l, book)).then(|| book.to_string()),
            (RunLang::Tag(t), inherited) => (!t.same_as(inherited.unwrap_or(book))).then(|| t.to_string()),
        }
    }

    /// The language of a run: the tag an inline element names for it, else the one of the
    /// enclosing block element, else — text in the book's language — the language the script
    /// of its letters names when that is another CJK language than the book's (kana in an
    /// English book, Hangul in a Chinese one). A tag an element names wins over the script.
    fn run_lang(&self, mark: RunMark) -> RunLang {
        if let Some(t) = mark.named.or(self.named_lang) {
            return RunLang::Tag(t);
        }
        if mark.lang.is_cjk() && mark.lang != super::book_lang(self.book) {
            if let Some(t) = mark.lang.tag().and_then(|t| LangTag::parse(t).ok()) {
                return RunLang::Tag(t);
            }
        }
        RunLang::Book
    }

    /// Opens an element of `role` inside the current one and makes it current; returns the
    /// previous one, to put back in `self.tag` when the element is done.
    pub fn open(&mut self, role: Role) -> Option<StructId> {
        let prev = self.tag;
        self.tag = Some(self.elem(role, prev));
        prev
    }

    /// The element a run of the current element's text belongs to: the current one, or an
    /// inline element inside it (a `Link` per link, a `Reference` per footnote mark, a `Span`
    /// with `/Lang` for text in another language than the block's), made once per paragraph.
    fn inline_tag(&mut self, mark: RunMark, made: &mut InlineTags) -> Option<StructId> {
        let block = self.tag?;
        let parent = match mark.link {
            Some(li) => self.link_tag(li, made)?,
            None => block,
        };
        let span = made.span.take();
        if mark.note {
            return Some(self.elem(Role::Reference, Some(parent)));
        }
        if let Some(tag) = self.lang_unless_inherited(self.run_lang(mark), Some(parent)) {
            // Runs next to each other in one language (split by font or line) are one Span.
            let id = match span {
                Some((p, t, id)) if p == parent && t == tag => id,
                _ => {
                    let id = self.elem(Role::Span, Some(parent));
                    if let Some(e) = self.tags.get_mut(id.0 as usize) {
                        e.lang = Some(tag.clone());
                    }
                    id
                }
            };
            made.span = Some((parent, tag, id));
            return Some(id);
        }
        Some(parent)
    }

    /// The structure-tree level of a heading of source level `level`: one below the heading it
    /// nests in (the nearest before it of a lower source level), so the tree's headings never
    /// skip a level even where the book's do (`#` then `###`).
    pub fn outline_level(&mut self, level: u8) -> u8 {
        while self.outline.last().is_some_and(|(s, _)| *s >= level) {
            self.outline.pop();
        }
        let tree = self.outline.last().map_or(self.heading_base, |(_, t)| *t).saturating_add(1);
        self.outline.push((level, tree));
        tree
    }

    /// The `Link` element of link `li` of the paragraph being set (made on first use).
    fn link_tag(&mut self, li: usize, made: &mut InlineTags) -> Option<StructId> {
        let block = self.tag?;
        Some(match made.links.get(&li) {
            Some(id) => *id,
            None => {
                let id = self.elem(Role::Link, Some(block));
                made.links.insert(li, id);
                id
            }
        })
    }

    /// Sets the alternate text of an element.
    pub fn set_alt(&mut self, id: StructId, alt: &str) {
        if let Some(e) = self.tags.get_mut(id.0 as usize) {
            e.alt = Some(alt.to_string());
        }
    }

    /// The narrowest measure a nested container may leave for its text (12 em).
    pub fn min_measure(&self) -> f32 {
        12.0 * self.size()
    }

    /// The body font size.
    pub fn size(&self) -> f32 {
        self.geo.font_size
    }

    /// Body line pitch.
    pub fn pitch(&self) -> f32 {
        self.size() * if self.cjk { 1.7 } else { 1.32 }
    }

    /// The body text spec.
    pub fn body(&self) -> TextSpec {
        TextSpec {
            style: RunStyle::plain(Family::Serif, self.size()),
            pitch: self.pitch(),
            align: self.align.unwrap_or(Align::Justify),
            indent: if self.cjk && self.align.is_none() { 2.0 * self.size() } else { 0.0 },
            kind: LineKind::Body,
        }
    }

    /// Adds a chunk, painting the current decorations behind it.
    pub fn emit(&mut self, mut c: Chunk) {
        // Decorations go before the chunk's first mark: artifacts (pagination unmarks first).
        for d in self.frame.decos.iter().rev() {
            c.items.insert(0, Item::Fill { rect: Rect { x: d.x, y: 0.0, w: d.w, h: c.height }, color: d.color });
        }
        self.out.push(c);
    }

    /// Adds discardable vertical space (decorated when inside a container).
    pub fn space(&mut self, h: f32) {
        if h > 0.0 && !self.out.is_empty() {
            self.emit(Chunk::space(h));
        }
    }

    /// Sets runs with `spec` in the current frame; returns the chunks (not yet emitted).
    pub fn set(&mut self, st: &Styled, spec: &TextSpec) -> Vec<Chunk> {
        let para = ParaSpec {
            measure: self.frame.width,
            indent: spec.indent,
            align: spec.align,
            hyphenate: self.opts.hyphenate,
            strictness: self.opts.strictness,
            line_end_half: self.opts.line_end_half,
            lang: self.lang,
        };
        let (with_text, objects) = super::math::inline_formulas(self, st);
        let rewritten;
        let st = match with_text {
            std::borrow::Cow::Borrowed(_) => st,
            std::borrow::Cow::Owned(runs) => {
                rewritten = Styled { runs, links: st.links.clone(), images: st.images.clone(), rubies: st.rubies.clone(), formulas: Vec::new() };
                &rewritten
            }
        };
        let before = self.shaper.missing.len();
        let runs = self.size_objects(st, spec, para.measure);
        let objects = self.with_ruby_boxes(&runs, objects, &st.rubies);
        let lines = set_paragraph_with(self.shaper, &runs, &objects, &para);
        for &c in &self.shaper.missing[before..] {
            self.missing.push((c, self.span));
        }
        self.line_chunks(lines, &st.links, spec)
    }

    /// `formulas` (one per formula run) with the box of each ruby base inserted in run order
    /// (see [`super::ruby`]), as [`set_paragraph_with`] takes them.
    fn with_ruby_boxes(&mut self, runs: &[Run], formulas: Vec<crate::math::MathPiece>, rubies: &[String]) -> Vec<crate::math::MathPiece> {
        if runs.iter().all(|r| r.style.ruby.is_none()) {
            return formulas;
        }
        let mut formulas = formulas.into_iter();
        let mut out = Vec::new();
        // The character beside a base, when it is plain text a reading may overhang.
        let beside = |r: Option<&Run>, last: bool| {
            r.filter(|r| !r.style.is_box() && r.style.object.is_none())
                .and_then(|r| if last { r.text.chars().next_back() } else { r.text.chars().next() })
                .is_some_and(super::ruby::may_overhang)
        };
        for (k, r) in runs.iter().enumerate() {
            if let Some(i) = r.style.ruby {
                let reading = rubies.get(i as usize).map(String::as_str).unwrap_or("");
                let lang = r.style.lang.unwrap_or(self.lang);
                let overhang = (beside(k.checked_sub(1).and_then(|p| runs.get(p)), true), beside(runs.get(k + 1), false));
                out.push((super::ruby::ruby_box(self.shaper, &r.text, reading, r.style, lang, overhang), None));
            } else if r.style.math.is_some() {
                out.extend(formulas.next());
            }
        }
        out
    }

    /// The runs of `st` with each image in running text sized ([`super::figure::inline_size`]);
    /// an image whose size cannot be read becomes its alt text in brackets, with a warning.
    fn size_objects<'r>(&mut self, st: &'r Styled, spec: &TextSpec, measure: f32) -> std::borrow::Cow<'r, [Run]> {
        if st.runs.iter().all(|r| r.style.object.is_none()) {
            return std::borrow::Cow::Borrowed(&st.runs);
        }
        let mut runs = Vec::with_capacity(st.runs.len());
        for r in &st.runs {
            let Some(mut object) = r.style.object else {
                runs.push(r.clone());
                continue;
            };
            let image = st.images.get(object.image);
            let natural = self.book.asset(object.asset).and_then(|a| super::figure::asset_size(self.book, a));
            match (image, natural) {
                (Some(img), Some(px)) if px.0 > 0.0 && px.1 > 0.0 => {
                    (object.w, object.h) = super::figure::inline_size(img, px, r.style.size, spec.pitch, measure);
                    runs.push(Run { text: r.text.clone(), style: RunStyle { object: Some(object), ..r.style } });
                }
                _ => {
                    let (alt, src) = image.map_or((self.words.image.clone(), String::new()), |i| {
                        (if i.alt.is_empty() { self.words.image.clone() } else { i.alt.clone() }, i.raw_src.clone())
                    });
                    let mut d = Diagnostic::warning(Code::PdfImagePlaceholder, format!("image `{src}` could not be read (not a valid image); the PDF shows its alt text"));
                    if let Some(span) = self.span {
                        d = d.with_span(span);
                    }
                    self.diags.push(d);
                    let style = RunStyle { object: None, color: Color::gray(0.4), ..r.style };
                    runs.push(Run { text: format!("[{alt}]"), style });
                }
            }
        }
        std::borrow::Cow::Owned(runs)
    }

    /// Turns set lines into chunks on the pitch grid, keeping first and last two lines together
    /// (no orphans, no widows).
    pub fn line_chunks(&mut self, lines: Vec<SetLine>, links: &[LinkTarget], spec: &TextSpec) -> Vec<Chunk> {
        let b = baseline_in(spec.pitch, spec.style.size);
        let n = lines.len();
        let chapter = self.chapter.map(|c| c.id);
        let mut inline = InlineTags::default();
        let mut out = Vec::with_capacity(n);
        for (i, l) in lines.into_iter().enumerate() {
            // A formula or an image taller (or deeper) than the line's room grows the line, by what
            // it needs.
            let (top, bottom) = super::math::line_growth(&l, b, spec.pitch, spec.style.size);
            let tallest = l.objects.iter().map(|(_, o)| o.h).fold(0.0f32, f32::max);
            let top = top.max(tallest - b).max(0.0);
            let b = b + top;
            let mut c = Chunk { height: spec.pitch + top + bottom, baseline: Some(b), ..Chunk::default() };
            if self.tag.is_some() {
                c.items.push(Item::Mark(self.tag));
            }
            let mut current = self.tag;
            for (k, mut r) in l.runs.into_iter().enumerate() {
                let want = self.inline_tag(l.marks.get(k).copied().unwrap_or_default(), &mut inline);
                if want != current {
                    c.items.push(Item::Mark(want));
                    current = want;
                }
                r.x += self.frame.x;
                r.baseline += b;
                c.items.push(Item::Text(r));
            }
            if current != self.tag {
                c.items.push(Item::Mark(self.tag));
                current = self.tag;
            }
            for r in l.rules {
                let rect = Rect { x: r.x + self.frame.x, y: r.y + b, ..r };
                c.items.push(Item::Fill { rect, color: spec.style.color });
            }
            for (x, o) in l.objects {
                // An image inside a link is part of the link's text.
                let link = l.links.iter().find(|(x0, x1, _)| x + 0.5 * o.w >= *x0 && x + 0.5 * o.w <= *x1).map(|s| s.2);
                let want = self.inline_tag(RunMark { link, ..RunMark::default() }, &mut inline);
                if want != current {
                    c.items.push(Item::Mark(want));
                    current = want;
                }
                c.items.push(Item::Image { asset: o.asset, rect: Rect { x: self.frame.x + x, y: b - o.h, w: o.w, h: o.h } });
            }
            if current != self.tag {
                c.items.push(Item::Mark(self.tag));
            }
            for (x0, x1, li) in l.links {
                if let Some(t) = links.get(li) {
                    let rect = Rect { x: self.frame.x + x0, y: 0.0, w: (x1 - x0).max(1.0), h: c.height };
                    let tag = self.link_tag(li, &mut inline);
                    c.links.push((rect, t.clone(), tag));
                }
            }
            c.footnotes = l.footnotes;
            c.lines.push(LineInfo {
                text: l.text,
                width: l.width,
                measure: self.frame.width,
                chapter,
                kind: spec.kind,
                first: l.first,
                last: l.last,
                after_forced: l.after_forced,
                page: 0,
            });
            c.keep_with_next = n >= 2 && (i == 0 || i + 2 == n);
            out.push(c);
        }
        out
    }

    /// Sets and emits a paragraph of inlines.
    pub fn paragraph(&mut self, inlines: &[Inline], spec: &TextSpec) {
        let st = styled(inlines, spec.style, self.chapter, self.lang.is_cjk(), &self.words);
        let saved = self.open(Role::P);
        for c in self.set(&st, spec) {
            self.emit(c);
        }
        self.tag = saved;
    }

    /// Lays out blocks in the current frame. `tight` suppresses paragraph spacing (tight lists).
    pub fn blocks(&mut self, blocks: &[Block], tight: bool) {
        let mut first = true;
        // Comments (raw HTML left as written) draw nothing and do not count as the first block.
        for b in blocks.iter().filter(|b| !matches!(b.kind, BlockKind::Html(_))) {
            self.block(b, tight, first);
            first = false;
        }
    }

    fn para_gap(&self, tight: bool) -> f32 {
        if tight || self.cjk { 0.0 } else { 0.5 * self.pitch() }
    }

    fn block(&mut self, b: &Block, tight: bool, first: bool) {
        self.span = Some(b.span);
        let item_start = std::mem::take(&mut self.item_start);
        self.item_start = item_start && matches!(b.kind, BlockKind::Paragraph(_));
        let pitch = self.pitch();
        match &b.kind {
            BlockKind::Paragraph(inl) => {
                if !first {
                    self.space(self.para_gap(tight));
                }
                let mut spec = self.body();
                // A list item's first paragraph starts at the marker, unindented.
                if first && std::mem::take(&mut self.item_start) {
                    spec.indent = 0.0;
                }
                if !self.cjk {
                    spec.indent = 0.0;
                }
                let mut ids = Vec::new();
                super::html::inline_anchors(inl, &mut ids);
                if !ids.is_empty() {
                    self.out.push(Chunk { height: 0.0, anchors: ids, keep_with_next: true, ..Chunk::default() });
                }
                // A paragraph of images alone sets them as figures; images in running text are
                // set in their line.
                let mut images = Vec::new();
                super::html::inline_images(inl, &mut images);
                if !images.is_empty() && super::html::only_images(inl) {
                    for img in images {
                        super::figure::figure(self, img, &[], None, b.span);
                    }
                } else {
                    self.paragraph(inl, &spec);
                }
            }
            BlockKind::Heading { level, id, number, inlines, .. } => self.heading(*level, id, number.as_deref(), inlines),
            BlockKind::CodeBlock { lang, code, hidden, numbering, .. } => {
                self.space(0.5 * pitch);
                super::code::code_block(self, lang.as_deref(), code, hidden, numbering);
                self.space(0.5 * pitch);
            }
            BlockKind::BlockQuote(inner) => {
                self.space(0.4 * pitch);
                let em = self.size();
                let saved = self.frame.clone();
                self.frame.decos.push(Deco { x: saved.x + 0.4 * em, w: 1.2, color: Color::gray(0.7) });
                self.frame.inset(1.6 * em, 0.6 * em, self.min_measure());
                let tag = self.open(Role::BlockQuote);
                self.blocks(inner, false);
                self.tag = tag;
                self.frame = saved;
                self.space(0.4 * pitch);
            }
            BlockKind::Admonition { kind, title, blocks } => self.admonition(*kind, title.as_deref(), blocks),
            BlockKind::List { start, tight: t, marker, items } => super::list::list(self, *start, *t, *marker, items),
            BlockKind::Table { aligns, head, rows, numbering } => {
                self.space(0.6 * pitch);
                super::table::table(self, aligns, head, rows, numbering.number.as_deref());
                self.space(0.6 * pitch);
            }
            BlockKind::DefinitionList(items) => {
                let list = self.open(Role::L);
                for it in items {
                    self.space(0.3 * pitch);
                    // The term is the item's label, the definitions its body.
                    let item = self.open(Role::LI);
                    let lbl = self.elem(Role::Lbl, self.tag);
                    let body = self.elem(Role::LBody, self.tag);
                    self.tag = Some(lbl);
                    let mut spec = self.body();
                    spec.indent = 0.0;
                    spec.style.bold = true;
                    let st = styled(&it.term, spec.style, self.chapter, self.lang.is_cjk(), &self.words);
                    let mut cs = self.set(&st, &spec);
                    if let Some(c) = cs.last_mut() {
                        c.keep_with_next = true;
                    }
                    for c in cs {
                        self.emit(c);
                    }
                    let saved = self.frame.clone();
                    let ind = 2.0 * self.size();
                    self.frame.inset(ind, 0.0, self.min_measure());
                    self.tag = Some(body);
                    for d in &it.definitions {
                        self.blocks(d, true);
                    }
                    self.tag = item;
                    self.frame = saved;
                }
                self.tag = list;
            }
            BlockKind::ThematicBreak => {
                let w = self.frame.width * 0.3;
                let x = self.frame.x + (self.frame.width - w) / 2.0;
                let c = Chunk {
                    height: pitch * 1.5,
                    items: vec![Item::Fill { rect: Rect { x, y: pitch * 0.75, w, h: 0.4 }, color: Color::gray(0.35) }],
                    ..Chunk::default()
                };
                self.emit(c);
            }
            // Comments and the like: raw HTML with markup was parsed into nodes.
            BlockKind::Html(_) => {}
            BlockKind::HtmlElement { tag, attrs, blocks } => self.html_element(tag, attrs, blocks, tight),
            // A formula that only defines macros for the ones after it shows nothing.
            BlockKind::Math { formula, .. } if formula.only_defines() => {}
            BlockKind::Math { formula, number } => {
                let src = formula.tex();
                self.space(0.5 * pitch);
                let tag = self.open(Role::Formula);
                if let Some(id) = self.tag {
                    self.set_alt(id, src);
                }
                if let Some(chunks) = super::math::display(self, formula, number.as_deref(), b.span) {
                    for mut c in chunks {
                        if self.tag.is_some() {
                            c.items.insert(0, Item::Mark(self.tag));
                        }
                        self.emit(c);
                    }
                } else {
                    // Too long for a frame: the source as text in the code face, which breaks.
                    let style = RunStyle::plain(Family::Mono, self.size() * 0.85);
                    let spec = TextSpec { style, pitch, align: Align::Left, indent: 0.0, kind: LineKind::Other };
                    let st = Styled { runs: vec![Run { text: src.to_string(), style }], links: Vec::new(), images: Vec::new(), rubies: Vec::new(), formulas: Vec::new() };
                    for c in self.set(&st, &spec) {
                        self.emit(c);
                    }
                }
                self.tag = tag;
                self.space(0.5 * pitch);
            }
            BlockKind::Figure { image, caption, numbering } => {
                super::figure::figure(self, image, caption, numbering.number.as_deref(), b.span);
            }
        }
    }

    fn heading(&mut self, level: u8, id: &str, number: Option<&str>, inlines: &[Inline]) {
        let s = self.size();
        let (scale, before, after) = match level {
            1 => (1.7, 2.0, 1.0),
            2 => (1.4, 1.5, 0.6),
            3 => (1.2, 1.2, 0.5),
            4 => (1.05, 1.0, 0.4),
            _ => (1.0, 0.8, 0.3),
        };
        let size = s * scale;
        let pitch = size * if self.cjk { 1.45 } else { 1.25 };
        self.space(before * self.pitch());
        let style = RunStyle { bold: true, ..RunStyle::plain(Family::Sans, size) };
        let spec = TextSpec { style, pitch, align: Align::Left, indent: 0.0, kind: LineKind::Heading };
        let mut st = styled(inlines, style, self.chapter, self.lang.is_cjk(), &self.words);
        if let Some(n) = number.filter(|n| !n.is_empty()) {
            let sep = if self.cjk { "\u{3000}" } else { "  " };
            st.runs.insert(0, Run { text: format!("{n}{sep}"), style });
        }
        let tree_level = self.outline_level(level);
        let tag = self.open(Role::H(tree_level));
        let mut cs = self.set(&st, &spec);
        self.tag = tag;
        if let Some(c) = cs.first_mut() {
            c.anchors.push(id.to_string());
        }
        for mut c in cs {
            c.keep_with_next = true;
            self.emit(c);
        }
        self.space(after * self.pitch());
    }

    fn admonition(&mut self, kind: AdmonitionKind, title: Option<&str>, blocks: &[Block]) {
        let pitch = self.pitch();
        let em = self.size();
        let (accent, tint) = match kind {
            AdmonitionKind::Note => (Color { r: 0.16, g: 0.38, b: 0.7 }, Color { r: 0.93, g: 0.95, b: 0.98 }),
            AdmonitionKind::Tip => (Color { r: 0.13, g: 0.5, b: 0.27 }, Color { r: 0.93, g: 0.97, b: 0.94 }),
            AdmonitionKind::Important => (Color { r: 0.45, g: 0.25, b: 0.65 }, Color { r: 0.95, g: 0.93, b: 0.98 }),
            AdmonitionKind::Warning => (Color { r: 0.7, g: 0.45, b: 0.0 }, Color { r: 0.99, g: 0.96, b: 0.9 }),
            AdmonitionKind::Caution => (Color { r: 0.7, g: 0.15, b: 0.15 }, Color { r: 0.99, g: 0.93, b: 0.93 }),
        };
        let title = title.unwrap_or_else(|| self.words.admonition(kind)).to_string();
        self.space(0.5 * pitch);
        let tag = self.open(Role::Div);
        let saved = self.frame.clone();
        self.frame.decos.push(Deco { x: saved.x, w: saved.width, color: tint });
        self.frame.decos.push(Deco { x: saved.x, w: 2.5, color: accent });
        let mut top = Chunk { height: 0.35 * pitch, keep_with_next: true, ..Chunk::default() };
        top.items.push(Item::Fill { rect: Rect { x: saved.x, y: 0.0, w: saved.width, h: 0.4 }, color: accent });
        self.emit(top);
        self.frame.inset(0.9 * em, 0.7 * em, self.min_measure());
        let style = RunStyle { bold: true, color: accent, ..RunStyle::plain(Family::Sans, em) };
        let spec = TextSpec { style, pitch, align: Align::Left, indent: 0.0, kind: LineKind::Heading };
        if !title.is_empty() {
            let div = self.open(Role::P);
            let st = Styled { runs: vec![Run { text: title, style }], links: Vec::new(), images: Vec::new(), rubies: Vec::new(), formulas: Vec::new() };
            for mut c in self.set(&st, &spec) {
                c.keep_with_next = true;
                self.emit(c);
            }
            self.tag = div;
        }
        self.blocks(blocks, false);
        self.tag = tag;
        let bottom = Chunk { height: 0.35 * pitch, ..Chunk::default() };
        self.emit(bottom);
        self.frame = saved;
        self.space(0.5 * pitch);
    }
}
