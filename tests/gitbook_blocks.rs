//! Integration tests: GitBook's block tags (`{% hint %}`, `{% tabs %}`/`{% tab %}`,
//! `{% code title %}`, `{% embed %}`, `{% file %}`, `{% page-ref %}`, `{% content-ref %}`, and
//! unknown ones) read into the AST and drawn in every format, on `tests/gitbook_blocks/family/`.

use crate::support;
use quire_core::ast::{visit, AdmonitionKind, BlockKind, InlineKind, LinkTarget};
use quire_core::Book;

fn chapter_blocks(book: &Book) -> &[quire_core::Block] {
    &book.chapters.iter().find(|c| c.title == "Blocks").expect("the Blocks chapter").blocks
}

/// Where each diagnostic with `code` points, as `file:line:col`.
fn at(book: &Book, code: &str) -> Vec<String> {
    book.diagnostics.iter().filter(|d| d.code == code).map(|d| d.location(&book.sources).unwrap_or_default()).collect()
}

#[test]
fn gitbook_block_tags_become_nodes_in_the_ast() {
    let book = support::load_fixture("gitbook_blocks", "family");
    let blocks = chapter_blocks(&book);
    let (mut hints, mut summaries, mut captions, mut links) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    visit::for_each_block(blocks, &mut |b| match &b.kind {
        BlockKind::Admonition { kind, .. } => hints.push(*kind),
        BlockKind::HtmlElement { tag, blocks, .. } if tag == "summary" => {
            if let Some(BlockKind::Paragraph(p)) = blocks.first().map(|b| &b.kind) {
                if let Some(InlineKind::Text(t)) = p.first().map(|i| &i.kind) {
                    summaries.push(t.clone());
                }
            }
        }
        BlockKind::CodeBlock { numbering, .. } => captions.push(numbering.caption.clone()),
        BlockKind::Paragraph(p) => {
            for i in p {
                if let InlineKind::Link { raw_dest, target, .. } = &i.kind {
                    links.push((raw_dest.clone(), matches!(target, LinkTarget::Internal { .. })));
                }
            }
        }
        _ => {}
    });
    use AdmonitionKind::*;
    assert_eq!(hints, [Note, Warning, Caution, Tip, Note, Note], "info, warning, danger, the included success, the hint in a tab, the unclosed one in a list");
    assert_eq!(summaries, ["Rust", "Go"]);
    assert_eq!(captions, [None, Some("src/main.rs".to_string()), None], "only the block inside {{% code title %}} has a caption");
    let dests: Vec<&str> = links.iter().map(|(d, _)| d.as_str()).collect();
    assert_eq!(dests, ["https://www.youtube.com/watch?v=dQw4w9WgXcQ", "files/data.csv", "README.md", "README.md"]);
    assert!(links[2].1 && links[3].1, "page-ref and content-ref links resolve to the chapter: {links:?}");
    // The two tabs are <details> inside one <div class="tabs">.
    let tabs = blocks.iter().find_map(|b| match &b.kind {
        BlockKind::HtmlElement { tag, attrs, blocks } if tag == "div" && attrs.iter().any(|(k, v)| k == "class" && v == "tabs") => Some(blocks),
        _ => None,
    });
    let tabs = tabs.expect("a tabs element at the top level");
    assert_eq!(tabs.len(), 2);
    assert!(tabs.iter().all(|t| matches!(&t.kind, BlockKind::HtmlElement { tag, .. } if tag == "details")));
    // One note per unknown tag name, one warning each for the unclosed hint and the stray end tag.
    assert_eq!(at(&book, "gitbook-block-unknown"), ["blocks.md:50:1"]);
    assert_eq!(at(&book, "gitbook-block-unclosed"), ["blocks.md:59:3", "blocks.md:62:1"]);
    // The included file's hint points into it.
    let included = book.chapters.iter().flat_map(|c| &c.blocks).find_map(|b| match &b.kind {
        BlockKind::Admonition { kind: Tip, .. } => Some(b.span),
        _ => None,
    });
    let span = included.expect("the included hint");
    assert_eq!(book.sources.get(span.file).map(|f| f.path.to_string_lossy().into_owned()).as_deref(), Some("part.md"));
}

#[test]
fn gitbook_block_tags_render_in_every_format_and_leave_no_markers() {
    let book = support::load_fixture("gitbook_blocks", "family");
    let ch = book.chapters.iter().find(|c| c.title == "Blocks").expect("the Blocks chapter");
    let (dir, site) = crate::html::render_to("gitbook-blocks", &book);
    let vnu = crate::html::vnu_errors(&dir);
    assert!(vnu.is_empty(), "Nu checker errors:\n{}", vnu.join("\n"));
    let page = crate::html::file(&site, &quire_html::links::page_path(&book, ch)).to_string();
    let (epub_bytes, epub_diags) = crate::epub::render_and_check("gitbook-blocks", &book, &quire_epub::Options::default());
    assert!(epub_diags.iter().all(|d| d.severity != quire_core::Severity::Error), "{epub_diags:?}");
    let entries = crate::epub::entries(&epub_bytes);
    let name = entries.iter().map(|e| e.name.clone()).find(|n| n.ends_with(".xhtml") && crate::epub::text_of(&entries, n).contains("A danger hint")).expect("the chapter in the EPUB");
    let epub = crate::epub::text_of(&entries, &name);
    for (format, text) in [("site", &page), ("EPUB", &epub)] {
        assert!(text.contains("admonition caution"), "{format}: the danger hint is a caution:\n{text}");
        assert!(text.contains("<summary>Go</summary>"), "{format}: tabs have their titles:\n{text}");
        assert!(text.contains("<figcaption><span class=\"caption-text\">src/main.rs</span></figcaption>"), "{format}: the listing's caption:\n{text}");
        // Only the raw region and the code block keep a tag (escaped in the markup).
        assert_eq!(text.matches("{% hint").count(), 3, "{format}: raw, code and the inline sentence keep their tags:\n{text}");
        assert!(!text.contains("endhint") && !text.contains("swagger") && !text.contains("&lt;!--"), "{format}: no markers left:\n{text}");
    }
    let pdf = crate::pdf::render(&book);
    let path = support::out_dir("gitbook-blocks-pdf").join("book.pdf");
    std::fs::write(&path, &pdf).expect("write pdf");
    crate::pdf::check_qpdf(&path);
    let (ok, text, err) = support::run(support::tool("pdftotext").args(["-enc", "UTF-8"]).arg(&path).arg("-"));
    assert!(ok, "pdftotext: {err}");
    for want in ["A warning hint.", "With two paragraphs.", "An included hint.", "Rust", "Go", "src/main.rs", "Lists the users.", "A video about the book.", "data.csv"] {
        assert!(text.contains(want), "the PDF shows {want:?}:\n{text}");
    }
    assert_eq!(text.matches("{%").count(), 3, "the PDF keeps only the raw, code and inline tags:\n{text}");
}
