//! A small hand-built book for unit tests (no disk).

use quire_core::ast::{Block, BlockKind, Inline};
use quire_core::{Book, Chapter, ChapterId, ChapterRole, FileId, Span, TocEntry};

fn sp() -> Span {
    Span::new(FileId(0), 0, 0)
}

fn chapter(id: usize, title: &str, stem: &str, number: Vec<u32>, parent: Option<usize>, draft: bool) -> Chapter {
    let blocks = if draft {
        Vec::new()
    } else {
        vec![
            Block { kind: BlockKind::Heading { level: 1, id: format!("{stem}-title"), classes: vec![], number: None, inlines: vec![Inline::text(title, sp())], from_html: false }, span: sp() },
            Block { kind: BlockKind::Paragraph(vec![Inline::text(format!("Body of {title} about scheduling 调度."), sp())]), span: sp() },
        ]
    };
    Chapter {
        id: ChapterId(id),
        title: title.into(),
        page_title: None,
        number,
        depth: usize::from(parent.is_some()),
        parent: parent.map(ChapterId),
        role: ChapterRole::Numbered,
        source_path: if draft { None } else { Some(format!("{stem}.md").into()) },
        output_stem: stem.into(),
        draft,
        blocks,
        footnotes: Vec::new(),
        span: sp(),
        html_origins: Default::default(),
    }
}

/// Intro, Part "One" with Ch1 > Ch1.1, a draft, a separator.
pub fn book() -> Book {
    let mut config = quire_core::BookConfig::default();
    config.book.title = Some("Test Book".into());
    Book {
        config,
        root: "/nowhere".into(),
        sources: Default::default(),
        toc: vec![
            TocEntry::Chapter { id: ChapterId(0), children: vec![] },
            TocEntry::PartTitle("One".into()),
            TocEntry::Chapter { id: ChapterId(1), children: vec![TocEntry::Chapter { id: ChapterId(2), children: vec![] }] },
            TocEntry::Separator,
            TocEntry::Chapter { id: ChapterId(3), children: vec![] },
        ],
        chapters: vec![
            chapter(0, "Intro", "intro", vec![], None, false),
            chapter(1, "Ch1", "ch1/index", vec![1], None, false),
            chapter(2, "Ch1.1", "ch1/sub", vec![1, 1], Some(1), false),
            chapter(3, "Draft", "draft", vec![2], None, true),
        ],
        assets: Vec::new(),
        cover: None,
        asset_reader: None,
        not_found: None,
        diagnostics: Vec::new(),
        timestamp: 0,
    }
}
