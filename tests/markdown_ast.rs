//! Integration tests: Markdown to AST (`tests/markdown/<case>/`) and resolution
//! (`tests/resolve/<case>/`), through `Book::load`, plus the GitBook-era CJK corpus.

use crate::support;
use quire_core::ast::{BlockKind, DefinitionItem, Inline, InlineKind, ListItem, TableCell};
use quire_core::{plain_text, Block, Book, ImageSource, LinkTarget};
use std::fmt::Write;

/// Diagnostics that parsing and resolution emit (the loader's are not snapshotted here).
const PARSE_RESOLVE_CODES: &[&str] = &[
    "heading-no-space", "undefined-footnote", "unused-footnote", "duplicate-footnote", "duplicate-id",
    "broken-link", "link-to-file", "remote-image", "empty-image", "missing-image", "unreadable-image",
    "path-escape",
];

/// A compact, stable text dump of a book's chapters for snapshots.
fn dump(book: &Book) -> String {
    let mut out = String::new();
    for ch in &book.chapters {
        let _ = writeln!(out, "== {} {:?}", ch.title, ch.source_path);
        blocks(&mut out, &ch.blocks, 1);
        for f in &ch.footnotes {
            let _ = writeln!(out, "  footnote {} #{} id={}", f.label, f.index, f.id);
            blocks(&mut out, &f.blocks, 2);
        }
    }
    for a in &book.assets {
        let _ = writeln!(out, "asset {} {} -> {} {:?}", a.id.0, a.path.display(), a.output_path, a.media_type);
    }
    let mut diags: Vec<String> = book
        .diagnostics
        .iter()
        .filter(|d| PARSE_RESOLVE_CODES.contains(&d.code.name()))
        .map(|d| format!("{:?} {} {} @ {}", d.severity, d.code, d.message, d.location(&book.sources).unwrap_or_default()))
        .collect();
    diags.sort();
    for d in diags {
        let _ = writeln!(out, "diag {d}");
    }
    out
}

fn blocks(out: &mut String, bs: &[Block], depth: usize) {
    let pad = "  ".repeat(depth);
    for b in bs {
        match &b.kind {
            BlockKind::Paragraph(i) => {
                let _ = writeln!(out, "{pad}p {}", inlines(i));
            }
            BlockKind::Heading { level, id, classes, number, inlines: i, .. } => {
                let _ = writeln!(out, "{pad}h{level} #{id} {classes:?} {number:?} {}", inlines(i));
            }
            BlockKind::CodeBlock { lang, info, code, hidden, numbering } => {
                let hidden = if hidden.is_empty() { String::new() } else { format!(" hidden={hidden:?}") };
                let _ = writeln!(out, "{pad}code {lang:?} {info:?} {:?} {code:?}{hidden}", numbering.number);
            }
            BlockKind::BlockQuote(inner) => {
                let _ = writeln!(out, "{pad}quote");
                blocks(out, inner, depth + 1);
            }
            BlockKind::Admonition { kind, blocks: inner, .. } => {
                let _ = writeln!(out, "{pad}admonition {}", kind.as_str());
                blocks(out, inner, depth + 1);
            }
            BlockKind::List { start, tight, items, .. } => {
                let _ = writeln!(out, "{pad}list start={start:?} tight={tight}");
                for ListItem { task, blocks: inner, .. } in items {
                    let _ = writeln!(out, "{pad}  item task={task:?}");
                    blocks(out, inner, depth + 2);
                }
            }
            BlockKind::Table { aligns, head, rows, numbering } => {
                let _ = writeln!(out, "{pad}table {aligns:?} {:?}", numbering.number);
                for row in std::iter::once(head).chain(rows) {
                    let cells: Vec<String> = row.iter().map(|c: &TableCell| inlines(&c.inlines)).collect();
                    let _ = writeln!(out, "{pad}  | {}", cells.join(" | "));
                }
            }
            BlockKind::DefinitionList(items) => {
                for DefinitionItem { term, definitions, .. } in items {
                    let _ = writeln!(out, "{pad}term {}", inlines(term));
                    for d in definitions {
                        blocks(out, d, depth + 1);
                    }
                }
            }
            BlockKind::ThematicBreak => {
                let _ = writeln!(out, "{pad}hr");
            }
            BlockKind::Html(h) => {
                let _ = writeln!(out, "{pad}html {h:?}");
            }
            BlockKind::HtmlElement { tag, attrs, blocks: inner } => {
                let _ = writeln!(out, "{pad}<{tag}> {attrs:?}");
                blocks(out, inner, depth + 1);
            }
            BlockKind::Math { formula, .. } => {
                let m = formula.tex();
                let _ = writeln!(out, "{pad}math {m:?}");
            }
            BlockKind::Figure { image, caption, numbering } => {
                let _ = writeln!(out, "{pad}figure {:?} {:?} caption={}", image.source, numbering.number, inlines(caption));
            }
        }
    }
}

fn inlines(is: &[Inline]) -> String {
    is.iter().map(inline).collect::<Vec<_>>().join("")
}

fn inline(i: &Inline) -> String {
    match &i.kind {
        InlineKind::Text(t) => t.clone(),
        InlineKind::Code(c) => format!("`{c}`"),
        InlineKind::Emphasis(c) => format!("<em>{}</em>", inlines(c)),
        InlineKind::Strong(c) => format!("<strong>{}</strong>", inlines(c)),
        InlineKind::Strikethrough(c) => format!("<del>{}</del>", inlines(c)),
        InlineKind::Link { target, children, .. } => format!("<a {target:?}>{}</a>", inlines(children)),
        InlineKind::Image(img) => format!("<img {:?} alt={:?}>", img.source, img.alt),
        InlineKind::FootnoteRef { label, index } => format!("[^{label}={index}]"),
        InlineKind::Math(m) => format!("<math {:?}>", m.tex()),
        InlineKind::Html(h) => format!("<html {h:?}>"),
        InlineKind::Superscript(c) => format!("<sup>{}</sup>", inlines(c)),
        InlineKind::Subscript(c) => format!("<sub>{}</sub>", inlines(c)),
        InlineKind::HtmlElement { tag, attrs, children } => format!("<{tag} {attrs:?}>{}</{tag}>", inlines(children)),
        InlineKind::SoftBreak => "⏎".into(),
        InlineKind::HardBreak => "⤶".into(),
    }
}

fn strongs(book: &Book) -> Vec<String> {
    let mut out = Vec::new();
    fn walk(is: &[Inline], out: &mut Vec<String>) {
        for i in is {
            match &i.kind {
                InlineKind::Strong(c) => {
                    out.push(plain_text(c));
                    walk(c, out);
                }
                InlineKind::Emphasis(c) | InlineKind::Strikethrough(c) | InlineKind::Link { children: c, .. } => walk(c, out),
                _ => {}
            }
        }
    }
    for ch in &book.chapters {
        for b in &ch.blocks {
            if let BlockKind::Paragraph(i) = &b.kind {
                walk(i, &mut out);
            }
        }
    }
    out
}

#[test]
fn cjk_gitbook_quirks() {
    let book = support::load_fixture("markdown", "cjk-gitbook");
    let s = strongs(&book);
    for want in ["单元（unit）", "注意：", "加粗"] {
        assert!(s.iter().any(|x| x == want), "{want} not strong in {s:?}");
    }
    let d = dump(&book);
    assert!(d.contains("h1 #mesos-系统简介"), "{d}");
    assert!(d.contains("h2 #安装步骤"), "{d}");
    assert!(d.contains("diag Warning heading-no-space"), "{d}");
    assert!(!d.contains("missing-image"), "{d}");
    assert!(d.contains("<del>旧方法（已废弃）。</del>"), "{d}");
    support::snapshot("markdown_ast/cjk-gitbook.txt", &d);
}

#[test]
fn mdbook_features() {
    let book = support::load_fixture("markdown", "mdbook-features");
    let d = dump(&book);
    assert!(d.contains("admonition tip"), "{d}");
    assert!(d.contains("math \"\\n\\\\int_0^1 f\\n\""), "{d}");
    assert!(d.contains("math \" \\\\sum_i x_i \""), "{d}");
    assert!(d.contains("<math \"x_1 * y_1\">"), "{d}");
    assert!(d.contains("[^nope=0]"), "{d}");
    assert!(d.contains("undefined-footnote") && d.contains("unused-footnote"), "{d}");
    support::snapshot("markdown_ast/mdbook-features.txt", &d);
}

#[test]
fn resolve_links_images_numbering() {
    let book = support::load_fixture("resolve", "links");
    let d = dump(&book);
    let count = |code: &str| book.diagnostics.iter().filter(|x| x.code == code).count();
    assert_eq!(count("broken-link"), 2, "{d}");
    assert_eq!(count("link-to-file"), 1, "{d}");
    assert_eq!(count("remote-image"), 1, "{d}");
    assert_eq!(count("empty-image"), 1, "{d}");
    assert_eq!(count("missing-image"), 1, "{d}");
    assert_eq!(count("path-escape"), 1, "{d}");
    // Two images and the linked `doc.pdf`, a file of the book that is no chapter.
    assert_eq!(book.assets.len(), 3, "{d}");
    assert!(book.assets.iter().any(|a| a.path.ends_with("doc.pdf") && a.output_path.starts_with("files/")), "{d}");
    let jpeg = book.assets.iter().find(|a| a.path.ends_with("photo.png"));
    assert!(jpeg.is_some_and(|a| a.output_path.ends_with(".jpg")), "{d}");
    assert!(book.assets.iter().all(|a| a.output_path.is_ascii() && !a.output_path.contains(' ')));
    support::snapshot("resolve/links.txt", &d);
}

#[test]
#[cfg_attr(not(has_corpora), ignore = "needs ../shared/corpora")]
fn mesos_in_action_parses_like_gitbook() {
    let dir = support::corpus("mesos-in-action");
    let book = match Book::load(&dir) {
        Ok(b) => b,
        Err(e) => panic!("mesos-in-action does not load: {e}"),
    };
    let d = dump(&book);
    // `#对于数据持久化` style headings and `![](singa on mesos.png)` work.
    assert!(d.contains("h1 #对于数据持久化"), "no #heading fix");
    assert!(book.diagnostics.iter().any(|x| x.code == "heading-no-space"));
    let singa = book.assets.iter().any(|a| a.path.to_string_lossy().contains("singa on mesos.png"));
    assert!(singa, "spaced image path not loaded");
    let chinese = book.assets.iter().any(|a| a.path.to_string_lossy().contains("mesos搭建.png"));
    assert!(chinese, "Chinese image file name not loaded");
    // `#!/bin/sh` and `#PermitRootLogin` inside code fences stay code.
    assert!(!d.contains("#permitrootlogin"));
    let s = strongs(&book);
    assert!(s.iter().any(|x| x.starts_with("注意：考虑到国内特殊情况")), "{s:?}");
    // No leftover `**` next to CJK text.
    let leftovers: Vec<&str> = d.lines().filter(|l| l.starts_with("  p ") && l.contains("**")).collect();
    assert!(leftovers.is_empty(), "{leftovers:#?}");
    let missing: Vec<_> = book.diagnostics.iter().filter(|x| x.code == "missing-image").map(|x| x.message.clone()).collect();
    // The one image the corpus really lacks.
    assert_eq!(missing, vec!["image `83dadc53a396208fa96de2f448e3859e.png` not found".to_string()]);
}

#[test]
#[cfg_attr(not(has_corpora), ignore = "needs ../shared/corpora")]
fn every_corpus_book_resolves_without_errors_from_parsing() {
    for name in support::corpus_names() {
        let dir = support::corpus(&name);
        let Ok(book) = Book::load(&dir) else { continue };
        for ch in &book.chapters {
            let mut n = 0;
            for b in &ch.blocks {
                if let BlockKind::Figure { image, .. } = &b.kind {
                    assert!(!matches!(&image.source, ImageSource::Missing(p) if p.contains('%')), "{name}: undecoded {p:?}", p = image.source);
                    n += 1;
                }
            }
            let _ = n;
        }
        let leftovers: Vec<String> = dump(&book)
            .lines()
            .filter(|l| l.trim_start().starts_with("p ") && l.contains("**"))
            .map(String::from)
            .collect();
        eprintln!("{name}: {} paragraphs with a literal `**`", leftovers.len());
        for l in leftovers.iter().take(8) {
            eprintln!("    {l}");
        }
        let links_ok = book.chapters.iter().all(|c| c.blocks.iter().all(|b| !matches!(&b.kind, BlockKind::Paragraph(i) if i.iter().any(|x| matches!(&x.kind, InlineKind::Link { target: LinkTarget::Unresolved(u), .. } if u.starts_with("http"))))));
        assert!(links_ok, "{name}: http link left unresolved");
    }
}
