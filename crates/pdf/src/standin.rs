//! A deliberately simple layout used until the real one (`layout`) is wired in, and by the
//! writer's own tests: one page per chapter (more when it overflows) with the title and the plain
//! text of paragraphs and headings, broken greedily at spaces and between CJK characters.

use quire_core::ast::{plain_text, BlockKind};
use quire_core::{Book, Diagnostic};

use crate::fonts::{Family, FontBook, Style};
use crate::model::{Color, Document, GlyphRun, Item, LabelStyle, Metadata, OutlineItem, Page, PageLabel, PlacedGlyph};

const W: f32 = 420.0;
const H: f32 = 595.0;
const MARGIN: f32 = 50.0;

/// Lays out the book simply; returns the document and diagnostics (characters no font has).
pub fn layout(book: &Book, fonts: &FontBook) -> (Document, Vec<Diagnostic>) {
    let mut s = State { fonts, pages: Vec::new(), y: H, diags: Vec::new() };
    let mut outline = Vec::new();
    for ch in &book.chapters {
        s.new_page();
        let title = match ch.number_string() {
            Some(n) => format!("{n} {}", ch.title),
            None => ch.title.clone(),
        };
        outline.push(OutlineItem { title: title.clone(), page: s.pages.len() - 1, y: MARGIN, children: Vec::new() });
        s.paragraph(&title, Style { family: Family::Sans, bold: true, italic: false }, 18.0);
        s.blocks(&ch.blocks);
    }
    if s.pages.is_empty() {
        s.new_page();
    }
    let metadata = Metadata {
        title: book.title().to_string(),
        author: book.config.book.authors.join(", "),
        language: book.language().to_string(),
        subject: book.config.book.description.clone().unwrap_or_default(),
        timestamp: book.timestamp,
    };
    let labels = vec![PageLabel { first_page: 0, style: LabelStyle::Decimal, start: 1 }];
    (Document { pages: s.pages, outline, labels, metadata }, s.diags)
}

struct State<'a> {
    fonts: &'a FontBook,
    pages: Vec<Page>,
    y: f32,
    diags: Vec<Diagnostic>,
}

/// A shaped glyph with its absolute cluster start and the face.
struct G {
    font: crate::model::FontId,
    id: u16,
    advance: f32,
    cluster: usize,
}

impl State<'_> {
    fn new_page(&mut self) {
        self.pages.push(Page { width: W, height: H, ..Page::default() });
        self.y = MARGIN;
    }

    fn blocks(&mut self, blocks: &[quire_core::ast::Block]) {
        for block in blocks {
            match &block.kind {
                BlockKind::Paragraph(inl) => self.paragraph(&plain_text(inl), Style::regular(Family::Serif), 10.5),
                BlockKind::Heading { inlines, .. } => {
                    self.paragraph(&plain_text(inlines), Style { family: Family::Sans, bold: true, italic: false }, 13.0)
                }
                BlockKind::BlockQuote(b) | BlockKind::Admonition { blocks: b, .. } => self.blocks(b),
                BlockKind::List { items, .. } => items.iter().for_each(|i| self.blocks(&i.blocks)),
                BlockKind::CodeBlock { code, .. } => {
                    for line in code.lines() {
                        self.paragraph(line, Style::regular(Family::Mono), 9.0);
                    }
                }
                _ => {}
            }
        }
    }

    fn paragraph(&mut self, text: &str, style: Style, size: f32) {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut glyphs: Vec<G> = Vec::new();
        for (range, font) in self.fonts.itemize(&text, style) {
            let Some(font) = font else {
                let missing = &text[range];
                self.diags.push(Diagnostic::warning("pdf-missing-glyph", format!("no font has {missing:?}")));
                continue;
            };
            for g in self.fonts.shape(font, &text[range.clone()], size) {
                glyphs.push(G { font, id: g.id, advance: g.advance, cluster: range.start + g.cluster });
            }
        }
        let width = W - 2.0 * MARGIN;
        let line_h = size * 1.5;
        let mut start = 0;
        while start < glyphs.len() {
            let (mut x, mut end, mut last_break) = (0.0, start, None);
            while end < glyphs.len() && (x + glyphs[end].advance <= width || end == start) {
                x += glyphs[end].advance;
                end += 1;
                if end < glyphs.len() && can_break(&text, glyphs[end].cluster) {
                    last_break = Some(end);
                }
            }
            if end < glyphs.len() {
                end = last_break.filter(|b| *b > start).unwrap_or(end);
            }
            if self.y + line_h > H - MARGIN {
                self.new_page();
            }
            self.y += line_h;
            self.line(&text, &glyphs, start..end, size);
            start = end;
        }
        self.y += size * 0.5;
    }

    fn line(&mut self, text: &str, glyphs: &[G], range: std::ops::Range<usize>, size: f32) {
        let mut x = MARGIN;
        let mut items: Vec<Item> = Vec::new();
        for i in range.clone() {
            let g = &glyphs[i];
            let next_cluster = glyphs[i + 1..].iter().map(|n| n.cluster).find(|c| *c > g.cluster).unwrap_or(text.len());
            let first = i == 0 || glyphs[i - 1].cluster != g.cluster;
            let t = if first { text.get(g.cluster..next_cluster).unwrap_or("").to_string() } else { String::new() };
            let placed = PlacedGlyph { id: g.id, x: 0.0, y_offset: 0.0, advance: g.advance, text: t };
            match items.last_mut() {
                Some(Item::Text(run)) if run.font == g.font => {
                    let dx = x - run.x;
                    run.glyphs.push(PlacedGlyph { x: dx, ..placed });
                }
                _ => items.push(Item::Text(GlyphRun {
                    font: g.font,
                    size,
                    x,
                    baseline: self.y,
                    color: Color::BLACK,
                    glyphs: vec![placed],
                })),
            }
            x += g.advance;
        }
        if let Some(page) = self.pages.last_mut() {
            page.items.extend(items);
        }
    }
}

/// A line may break before byte `at`: after a space, or next to a CJK character.
fn can_break(text: &str, at: usize) -> bool {
    let before = text[..at].chars().next_back();
    let after = text[at..].chars().next();
    let cjk = |c: Option<char>| c.is_some_and(|c| matches!(c as u32, 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF));
    before == Some(' ') || cjk(before) || cjk(after)
}
