//! Folding pulldown-cmark's event stream into [`Block`]s and [`Inline`]s: a stack of open
//! containers; every node gets the span of its event range.
//!
//! Nesting is bounded here, once (see [`crate::depth`]): a block container deeper than
//! [`MAX_BLOCK_DEPTH`] or an inline container deeper than [`MAX_INLINE_DEPTH`] is not built;
//! its content goes to the container at the limit, so no text is lost and the tree every later
//! stage walks recursively stays shallow.

use crate::ast::{
    plain_text, AdmonitionKind, Align, Block, BlockKind, DefinitionItem, Image, ImageSource,
    Inline, InlineKind, LinkTarget, ListItem, Numbering, TableCell,
};
use crate::depth::{MAX_BLOCK_DEPTH, MAX_INLINE_DEPTH};
use crate::span::Span;
use pulldown_cmark::{Alignment, BlockQuoteKind, CodeBlockKind, Event, LinkType, Tag};
use std::ops::Range;

/// A footnote definition as found (before numbering).
#[derive(Debug, Clone)]
pub struct RawFootnote {
    /// Label as written.
    pub label: String,
    /// Content.
    pub blocks: Vec<Block>,
    /// Where it is.
    pub span: Span,
}

enum Kind {
    Root,
    Paragraph,
    Heading { level: u8, id: Option<String>, classes: Vec<String> },
    BlockQuote(Option<AdmonitionKind>),
    Code { info: Option<String>, code: String },
    Html(String),
    List { start: Option<u64>, items: Vec<ListItem>, loose: bool },
    Item { task: Option<bool> },
    FootnoteDef(String),
    Table { aligns: Vec<Align>, head: Vec<TableCell>, rows: Vec<Vec<TableCell>> },
    Row(Vec<TableCell>),
    Cell,
    DefList(Vec<DefinitionItem>),
    DefTitle,
    DefDef,
    Emphasis,
    Strong,
    Strike,
    Link { dest: String, title: String },
    Image { dest: String, title: String },
    Transparent,
    /// A block container past [`MAX_BLOCK_DEPTH`]: its blocks go to the enclosing container.
    Flat,
}

struct Frame {
    kind: Kind,
    span: Span,
    blocks: Vec<Block>,
    inlines: Vec<Inline>,
}

/// The folder: feed events with [`Folder::event`], then [`Folder::finish`].
pub struct Folder<F: Fn(Range<usize>) -> Span> {
    span_of: F,
    stack: Vec<Frame>,
    /// Footnote definitions in document order.
    pub footnotes: Vec<RawFootnote>,
    /// Spans of `$$…$$` math (display).
    pub display_math: Vec<Span>,
    /// Where the first container past a nesting limit starts, if any was flattened.
    pub too_deep: Option<Span>,
    /// Open block containers that were built (not flattened).
    block_depth: usize,
    /// Open inline containers that were built (not flattened).
    inline_depth: usize,
}

impl<F: Fn(Range<usize>) -> Span> Folder<F> {
    /// A folder whose spans come from `span_of` (a range of the parsed text to a source span).
    pub fn new(span_of: F) -> Self {
        let root = Frame { kind: Kind::Root, span: Span::default(), blocks: Vec::new(), inlines: Vec::new() };
        Folder {
            span_of,
            stack: vec![root],
            footnotes: Vec::new(),
            display_math: Vec::new(),
            too_deep: None,
            block_depth: 0,
            inline_depth: 0,
        }
    }

    /// Takes one event.
    pub fn event(&mut self, ev: Event<'_>, range: Range<usize>) {
        let span = (self.span_of)(range);
        match ev {
            Event::Start(tag) => self.start(tag, span),
            Event::End(_) => self.end(),
            Event::Text(t) => self.text(&t, span),
            Event::Code(t) => self.inline(InlineKind::Code(t.to_string()), span),
            Event::InlineMath(t) => self.inline(InlineKind::Math(t.to_string().into()), span),
            Event::DisplayMath(t) => {
                self.display_math.push(span);
                self.inline(InlineKind::Math(t.to_string().into()), span)
            }
            Event::Html(t) => match self.top_kind() {
                Some(Kind::Html(h)) => h.push_str(&t),
                _ => self.block(BlockKind::Html(t.to_string()), span),
            },
            Event::InlineHtml(t) => self.inline(InlineKind::Html(t.to_string()), span),
            Event::FootnoteReference(l) => {
                self.inline(InlineKind::FootnoteRef { label: l.to_string(), index: 0 }, span)
            }
            Event::SoftBreak => self.inline(InlineKind::SoftBreak, span),
            Event::HardBreak => self.inline(InlineKind::HardBreak, span),
            Event::Rule => self.block(BlockKind::ThematicBreak, span),
            Event::TaskListMarker(done) => {
                // The marker follows the item's start (and its paragraph's, in a loose list).
                let item = self.stack.iter_mut().rev().find(|f| !matches!(f.kind, Kind::Paragraph));
                match item {
                    Some(Frame { kind: Kind::Item { task }, .. }) => *task = Some(done),
                    // A flattened item keeps its box as text.
                    _ => self.text(if done { "[x] " } else { "[ ] " }, span),
                }
            }
        }
    }

    /// The root's blocks once every event was fed.
    pub fn finish(mut self) -> (Vec<Block>, Vec<RawFootnote>, Vec<Span>) {
        while self.stack.len() > 1 {
            self.end();
        }
        let mut root = self.stack.pop().map(|f| (f.blocks, f.inlines)).unwrap_or_default();
        if !root.1.is_empty() {
            let span = root.1.first().map(|i| i.span).unwrap_or_default();
            root.0.push(Block { kind: BlockKind::Paragraph(root.1), span });
        }
        (root.0, self.footnotes, self.display_math)
    }

    fn top_kind(&mut self) -> Option<&mut Kind> {
        self.stack.last_mut().map(|f| &mut f.kind)
    }

    fn start(&mut self, tag: Tag<'_>, span: Span) {
        let kind = match tag {
            Tag::Paragraph => {
                let n = self.stack.len();
                if n >= 2 && matches!(self.stack[n - 1].kind, Kind::Item { .. }) {
                    if let Kind::List { loose, .. } = &mut self.stack[n - 2].kind {
                        *loose = true;
                    }
                }
                Kind::Paragraph
            }
            Tag::Heading { level, id, classes, .. } => Kind::Heading {
                level: level as u8,
                id: id.map(|s| s.to_string()).filter(|s| !s.is_empty()),
                classes: classes.iter().map(|c| c.to_string()).collect(),
            },
            Tag::BlockQuote(k) => Kind::BlockQuote(k.map(admonition)),
            Tag::CodeBlock(k) => Kind::Code {
                info: match k {
                    CodeBlockKind::Fenced(i) => Some(i.to_string()),
                    CodeBlockKind::Indented => None,
                },
                code: String::new(),
            },
            Tag::HtmlBlock => Kind::Html(String::new()),
            Tag::List(start) => Kind::List { start, items: Vec::new(), loose: false },
            Tag::Item => Kind::Item { task: None },
            Tag::FootnoteDefinition(l) => Kind::FootnoteDef(l.to_string()),
            Tag::Table(a) => Kind::Table {
                aligns: a.iter().map(|a| align(*a)).collect(),
                head: Vec::new(),
                rows: Vec::new(),
            },
            Tag::TableHead | Tag::TableRow => Kind::Row(Vec::new()),
            Tag::TableCell => Kind::Cell,
            Tag::DefinitionList => Kind::DefList(Vec::new()),
            Tag::DefinitionListTitle => Kind::DefTitle,
            Tag::DefinitionListDefinition => Kind::DefDef,
            Tag::Emphasis => Kind::Emphasis,
            Tag::Strong => Kind::Strong,
            Tag::Strikethrough => Kind::Strike,
            Tag::Link { link_type, dest_url, title, .. } => {
                let dest = if link_type == LinkType::Email && !dest_url.starts_with("mailto:") {
                    format!("mailto:{dest_url}")
                } else {
                    dest_url.to_string()
                };
                Kind::Link { dest, title: title.to_string() }
            }
            Tag::Image { dest_url, title, .. } => {
                Kind::Image { dest: dest_url.to_string(), title: title.to_string() }
            }
            Tag::Superscript | Tag::Subscript | Tag::MetadataBlock(_) => Kind::Transparent,
        };
        let kind = self.bounded(kind, span);
        if is_block(&kind) {
            self.flush_inlines();
        }
        self.stack.push(Frame { kind, span, blocks: Vec::new(), inlines: Vec::new() });
    }

    /// `kind`, or its flattened stand-in when it would nest past a limit (or sits in a flattened
    /// container); counts the depth of what is built.
    fn bounded(&mut self, kind: Kind, span: Span) -> Kind {
        let in_flat = matches!(self.stack.last().map(|f| &f.kind), Some(Kind::Flat));
        if is_nesting_block(&kind) {
            if in_flat || self.block_depth >= MAX_BLOCK_DEPTH {
                self.too_deep.get_or_insert(span);
                return Kind::Flat;
            }
            self.block_depth += 1;
        } else if matches!(kind, Kind::Item { .. } | Kind::DefTitle | Kind::DefDef) && in_flat {
            return Kind::Flat;
        } else if is_inline_container(&kind) {
            if self.inline_depth >= MAX_INLINE_DEPTH {
                self.too_deep.get_or_insert(span);
                return Kind::Transparent;
            }
            self.inline_depth += 1;
        }
        kind
    }

    /// Turns pending inlines of the top frame (tight list item, definition) into a paragraph.
    fn flush_inlines(&mut self) {
        let Some(top) = self.stack.last_mut() else { return };
        if top.inlines.is_empty() || !holds_blocks(&top.kind) {
            return;
        }
        let inlines = std::mem::take(&mut top.inlines);
        let span = cover(&inlines).unwrap_or(top.span);
        top.blocks.push(Block { kind: BlockKind::Paragraph(inlines), span });
    }

    fn text(&mut self, t: &str, span: Span) {
        match self.top_kind() {
            Some(Kind::Code { code, .. }) => code.push_str(t),
            Some(Kind::Html(h)) => h.push_str(t),
            _ => self.inline(InlineKind::Text(t.to_string()), span),
        }
    }

    fn inline(&mut self, kind: InlineKind, span: Span) {
        if let Some(top) = self.stack.last_mut() {
            top.inlines.push(Inline { kind, span });
        }
    }

    fn block(&mut self, kind: BlockKind, span: Span) {
        self.flush_inlines();
        let n = self.stack.len();
        if n >= 2 {
            if let Kind::DefList(items) = &mut self.stack[n - 1].kind {
                // A block directly in a definition list (pulldown-cmark quirk): close the list
                // so far and put the block after it.
                let items = std::mem::take(items);
                let dl_span = self.stack[n - 1].span;
                let parent = &mut self.stack[n - 2];
                if !items.is_empty() {
                    parent.blocks.push(Block { kind: BlockKind::DefinitionList(items), span: dl_span });
                }
                parent.blocks.push(Block { kind, span });
                return;
            }
        }
        if let Some(top) = self.stack.last_mut() {
            top.blocks.push(Block { kind, span });
        }
    }

    fn end(&mut self) {
        if self.stack.len() <= 1 {
            return;
        }
        self.flush_inlines();
        let Some(f) = self.stack.pop() else { return };
        let span = f.span;
        if is_nesting_block(&f.kind) {
            self.block_depth = self.block_depth.saturating_sub(1);
        } else if is_inline_container(&f.kind) {
            self.inline_depth = self.inline_depth.saturating_sub(1);
        }
        match f.kind {
            Kind::Root => {}
            Kind::Paragraph => self.block(paragraph(f.inlines, &self.display_math), span),
            Kind::Heading { level, id, classes } => {
                let id = id.unwrap_or_default();
                let kind = BlockKind::Heading { level, id, classes, number: None, inlines: f.inlines, from_html: false };
                self.block(kind, span)
            }
            Kind::BlockQuote(Some(kind)) => self.block(BlockKind::Admonition { kind, title: None, blocks: f.blocks }, span),
            Kind::BlockQuote(None) => self.block(BlockKind::BlockQuote(f.blocks), span),
            Kind::Code { info, mut code } => {
                if !code.is_empty() && !code.ends_with('\n') {
                    code.push('\n');
                }
                let info = info.unwrap_or_default();
                let lang = code_lang(&info);
                let kind = BlockKind::CodeBlock { lang, info, code, hidden: Vec::new(), numbering: Numbering::default() };
                self.block(kind, span)
            }
            Kind::Html(h) => self.block(BlockKind::Html(h), span),
            Kind::List { start, items, loose } => {
                self.block(BlockKind::List { start, tight: !loose, marker: crate::ast::ListMarker::Default, items }, span)
            }
            Kind::Item { task } => {
                if let Some(Kind::List { items, .. }) = self.top_kind() {
                    items.push(ListItem { task, blocks: f.blocks, span });
                }
            }
            Kind::FootnoteDef(label) => {
                self.footnotes.push(RawFootnote { label, blocks: f.blocks, span })
            }
            Kind::Table { aligns, head, rows } => {
                let kind = BlockKind::Table { aligns, head, rows, numbering: Numbering::default() };
                self.block(kind, span)
            }
            Kind::Row(cells) => {
                if let Some(Kind::Table { head, rows, .. }) = self.top_kind() {
                    if head.is_empty() && rows.is_empty() {
                        *head = cells;
                    } else {
                        rows.push(cells);
                    }
                }
            }
            Kind::Cell => {
                if let Some(Kind::Row(cells)) = self.top_kind() {
                    cells.push(TableCell::new(f.inlines, span));
                }
            }
            Kind::DefList(items) => {
                if !items.is_empty() {
                    self.block(BlockKind::DefinitionList(items), span);
                }
            }
            Kind::DefTitle => {
                if let Some(Kind::DefList(items)) = self.top_kind() {
                    items.push(DefinitionItem { term: f.inlines, definitions: Vec::new(), span });
                }
            }
            Kind::DefDef => {
                if let Some(Kind::DefList(items)) = self.top_kind() {
                    if items.is_empty() {
                        items.push(DefinitionItem { term: Vec::new(), definitions: Vec::new(), span });
                    }
                    if let Some(last) = items.last_mut() {
                        last.definitions.push(f.blocks);
                    }
                }
            }
            Kind::Emphasis => self.inline(InlineKind::Emphasis(f.inlines), span),
            Kind::Strong => self.inline(InlineKind::Strong(f.inlines), span),
            Kind::Strike => self.inline(InlineKind::Strikethrough(f.inlines), span),
            Kind::Link { dest, title } => {
                let kind = InlineKind::Link {
                    target: LinkTarget::Unresolved(dest.clone()),
                    raw_dest: dest,
                    title: Some(title).filter(|t| !t.is_empty()),
                    children: f.inlines,
                };
                self.inline(kind, span)
            }
            Kind::Image { dest, title } => {
                let image = Image {
                    source: ImageSource::Missing(dest.clone()),
                    raw_src: dest,
                    alt: plain_text(&f.inlines),
                    title: Some(title).filter(|t| !t.is_empty()),
                    attrs: Vec::new(),
                };
                self.inline(InlineKind::Image(image), span)
            }
            Kind::Transparent => {
                if let Some(top) = self.stack.last_mut() {
                    top.inlines.extend(f.inlines);
                    top.blocks.extend(f.blocks);
                }
            }
            Kind::Flat => {
                for b in f.blocks {
                    self.block(b.kind, b.span);
                }
            }
        }
    }
}

/// A finished paragraph: a lone image becomes a figure, lone `$$…$$` display math.
pub fn paragraph(inlines: Vec<Inline>, display: &[Span]) -> BlockKind {
    let mut content = inlines.iter().filter(|i| !is_blank(i));
    if let (Some(only), None) = (content.next(), content.next()) {
        match &only.kind {
            InlineKind::Image(img) => {
                let caption = match &img.title {
                    Some(t) => vec![Inline::text(t.clone(), only.span)],
                    None if !img.alt.is_empty() => vec![Inline::text(img.alt.clone(), only.span)],
                    None => Vec::new(),
                };
                return BlockKind::Figure { image: Box::new(img.clone()), caption, numbering: Numbering::default() };
            }
            InlineKind::Math(m) if display.contains(&only.span) => return BlockKind::Math { formula: m.clone(), number: None },
            _ => {}
        }
    }
    BlockKind::Paragraph(inlines)
}

/// Whitespace text or a line break.
pub fn is_blank(i: &Inline) -> bool {
    match &i.kind {
        InlineKind::Text(t) => t.trim().is_empty(),
        InlineKind::SoftBreak | InlineKind::HardBreak => true,
        _ => false,
    }
}

/// The span from the first to the last inline (same file).
pub fn cover(inlines: &[Inline]) -> Option<Span> {
    let first = inlines.first()?.span;
    let last = inlines.last()?.span;
    if first.file == last.file && last.end >= first.start {
        Some(Span { file: first.file, start: first.start, end: last.end })
    } else {
        Some(first)
    }
}

fn is_block(k: &Kind) -> bool {
    matches!(k, Kind::Paragraph | Kind::Heading { .. } | Kind::BlockQuote(_) | Kind::Code { .. }
        | Kind::Html(_) | Kind::List { .. } | Kind::FootnoteDef(_) | Kind::Table { .. } | Kind::DefList(_)
        | Kind::Flat)
}

fn holds_blocks(k: &Kind) -> bool {
    matches!(k, Kind::Root | Kind::BlockQuote(_) | Kind::Item { .. } | Kind::FootnoteDef(_) | Kind::DefDef | Kind::Flat)
}

/// Block containers that count towards [`MAX_BLOCK_DEPTH`] (a list's items, a definition
/// list's terms and definitions go with their list; a footnote definition starts a tree of its
/// own, and a table holds only inlines).
fn is_nesting_block(k: &Kind) -> bool {
    matches!(k, Kind::BlockQuote(_) | Kind::List { .. } | Kind::DefList(_))
}

/// Inline containers that count towards [`MAX_INLINE_DEPTH`].
fn is_inline_container(k: &Kind) -> bool {
    matches!(k, Kind::Emphasis | Kind::Strong | Kind::Strike | Kind::Link { .. } | Kind::Image { .. })
}

fn admonition(k: BlockQuoteKind) -> AdmonitionKind {
    match k {
        BlockQuoteKind::Note => AdmonitionKind::Note,
        BlockQuoteKind::Tip => AdmonitionKind::Tip,
        BlockQuoteKind::Important => AdmonitionKind::Important,
        BlockQuoteKind::Warning => AdmonitionKind::Warning,
        BlockQuoteKind::Caution => AdmonitionKind::Caution,
    }
}

fn align(a: Alignment) -> Align {
    match a {
        Alignment::None => Align::None,
        Alignment::Left => Align::Left,
        Alignment::Center => Align::Center,
        Alignment::Right => Align::Right,
    }
}

/// The language of a code block: the first word of the info string, without `{}`, a leading
/// `.` and `,attributes` (`rust,ignore` → `rust`, `{.python}` → `python`).
pub fn code_lang(info: &str) -> Option<String> {
    let word = info.trim().trim_start_matches('{').split([' ', '\t', ',', '}']).next()?;
    let word = word.trim_start_matches('.');
    (!word.is_empty()).then(|| word.to_string())
}
