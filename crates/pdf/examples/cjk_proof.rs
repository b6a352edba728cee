//! Writes a tiny PDF with Chinese and English text using the committed fonts (a check that
//! printpdf embeds CFF/TrueType subsets correctly): `cargo run -p quire-pdf --example cjk_proof OUT.pdf`.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::sync::Arc;

fn main() {
    let out = std::env::args().nth(1).unwrap_or_else(|| "cjk_proof.pdf".into());
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fonts");
    let mut files: Vec<_> = std::fs::read_dir(&root).unwrap().flatten().map(|e| e.path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("otf" | "ttf"))).collect();
    files.sort();
    let fonts: Vec<(String, Arc<[u8]>)> = files.iter()
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), Arc::from(std::fs::read(p).unwrap()))).collect();
    let mut config = quire_core::BookConfig::default();
    config.book.title = Some("排版测试 Typesetting test".into());
    config.book.language = Some("zh-CN".into());
    let span = quire_core::Span::default();
    let para = |t: &str| quire_core::ast::Block { kind: quire_core::ast::BlockKind::Paragraph(vec![quire_core::ast::Inline::text(t, span)]), span };
    let chapter = quire_core::Chapter {
        id: quire_core::ChapterId(0), title: "第一章 分布式系统 Distributed systems".into(), page_title: None, number: vec![1], depth: 0, parent: None,
        role: quire_core::ChapterRole::Numbered, source_path: None, output_stem: "ch1".into(), draft: false,
        blocks: vec![
            para("Apache Mesos 是一个集群管理器，提供了有效的、跨分布式应用或框架的资源隔离和共享。"),
            para("The quick brown fox jumps over the lazy dog; “fine” office affluent — 2024年。"),
            para("中文“引号”与标点：逗号，句号。问号？"),
        ],
        footnotes: vec![], span, html_origins: Default::default(),
    };
    let book = quire_core::Book { config, root: ".".into(), sources: Default::default(), toc: vec![], chapters: vec![chapter],
        assets: vec![], cover: None, asset_reader: None, not_found: None, diagnostics: vec![], timestamp: 1_700_000_000 };
    let r = quire_pdf::render(&book, &quire_pdf::Options { fonts, ..Default::default() }).unwrap();
    for d in &r.diagnostics { eprintln!("{d:?}"); }
    std::fs::write(&out, &r.files[0].data).unwrap();
    eprintln!("wrote {out}: {} bytes", r.files[0].data.len());
}
