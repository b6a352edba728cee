//! Unit tests of raw HTML parsing through `parse_chapter`.
#![allow(clippy::panic, clippy::unwrap_used)]

use crate::ast::{plain_text, Align, Block, BlockKind, Inline, InlineKind, LinkTarget};
use crate::expand::ExpandedSource;
use crate::parse::{parse_chapter, ParseOptions, ParsedChapter};
use crate::span::FileId;

fn parse(src: &str) -> ParsedChapter {
    let opts = ParseOptions { html_nodes: true, ..Default::default() };
    parse_chapter(&ExpandedSource::single(FileId(0), src.to_string()), &opts)
}

fn para(b: &Block) -> &[Inline] {
    match &b.kind {
        BlockKind::Paragraph(i) => i,
        other => panic!("not a paragraph: {other:?}"),
    }
}

#[test]
fn a_div_around_markdown_is_one_element() {
    let p = parse("<div align=\"center\">\n\n*Hi* there\n\n- a\n- b\n\n</div>\n\nafter\n");
    let BlockKind::HtmlElement { tag, attrs, blocks } = &p.blocks[0].kind else { panic!("{:?}", p.blocks) };
    assert_eq!(tag, "div");
    assert_eq!(attrs, &[("align".to_string(), "center".to_string())]);
    assert!(matches!(blocks[0].kind, BlockKind::Paragraph(_)));
    assert!(matches!(blocks[1].kind, BlockKind::List { .. }));
    assert_eq!(plain_text(para(&p.blocks[1])), "after");
    assert_eq!(p.blocks.len(), 2);
}

#[test]
fn a_lone_img_is_a_figure_with_its_attributes() {
    let p = parse("<img src=\"img/x.svg\" class=\"center\" alt=\"The X\" width=\"300\">\n");
    let BlockKind::Figure { image, caption, .. } = &p.blocks[0].kind else { panic!("{:?}", p.blocks) };
    assert_eq!(image.raw_src, "img/x.svg");
    assert_eq!(image.alt, "The X");
    assert_eq!(image.attr("class"), Some("center"));
    assert_eq!(image.attr("width"), Some("300"));
    assert_eq!(plain_text(caption), "The X");
    let p = parse("<p align=\"center\">\n  <img src=\"a.png\">\n</p>\n");
    let BlockKind::HtmlElement { blocks, .. } = &p.blocks[0].kind else { panic!("{:?}", p.blocks) };
    assert!(matches!(&blocks[0].kind, BlockKind::Figure { image, .. } if image.raw_src == "a.png"));
}

#[test]
fn figure_with_figcaption() {
    let p = parse("<figure>\n<img src=\"a.png\" alt=\"A\">\n<figcaption>The <b>A</b> diagram</figcaption>\n</figure>\n");
    let BlockKind::Figure { image, caption, .. } = &p.blocks[0].kind else { panic!("{:?}", p.blocks) };
    assert_eq!(image.raw_src, "a.png");
    assert_eq!(plain_text(caption), "The A diagram");
}

#[test]
fn tables_become_tables() {
    let src = "<table>\n<thead><tr><th align=\"right\">A</th><th>B</th></tr></thead>\n\
               <tbody><tr><td colspan=\"2\">wide <sup>2</sup></td></tr><tr><td>1<td>2</tr></tbody>\n</table>\n";
    let p = parse(src);
    let BlockKind::Table { aligns, head, rows, .. } = &p.blocks[0].kind else { panic!("{:?}", p.blocks) };
    assert_eq!(aligns, &[Align::Right, Align::None]);
    assert_eq!(head.len(), 2);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0][0].colspan, 2);
    assert!(rows[0][0].inlines.iter().any(|i| matches!(&i.kind, InlineKind::Superscript(c) if plain_text(c) == "2")));
    assert_eq!(plain_text(&rows[1][1].inlines), "2");
}

#[test]
fn inline_html_across_events_pairs_up() {
    let p = parse("E = mc<sup>2</sup>, H<sub>2</sub>O, <b>bold <i>both</b> italic</i> <kbd>Ctrl</kbd> <a href=\"https://x.example/\">x</a><br>next\n");
    let inl = para(&p.blocks[0]);
    assert!(inl.iter().any(|i| matches!(&i.kind, InlineKind::Superscript(c) if plain_text(c) == "2")));
    assert!(inl.iter().any(|i| matches!(&i.kind, InlineKind::Subscript(c) if plain_text(c) == "2")));
    assert!(inl.iter().any(|i| matches!(&i.kind, InlineKind::Strong(c) if plain_text(c) == "bold both")));
    assert!(inl.iter().any(|i| matches!(&i.kind, InlineKind::Emphasis(c) if plain_text(c) == " italic")));
    assert!(inl.iter().any(|i| matches!(&i.kind, InlineKind::HtmlElement { tag, .. } if tag == "kbd")));
    assert!(inl.iter().any(|i| matches!(&i.kind, InlineKind::Link { raw_dest, .. } if raw_dest == "https://x.example/")));
    assert!(inl.iter().any(|i| matches!(&i.kind, InlineKind::HardBreak)));
    assert!(!inl.iter().any(|i| matches!(&i.kind, InlineKind::Html(_))));
}

#[test]
fn anchors_and_links_keep_their_attributes() {
    let p = parse("<a name=\"here\"></a>\n\nSee <a href=\"#here\">there</a>.\n");
    let all = format!("{:?}", p.blocks);
    assert!(all.contains("\"name\", \"here\""), "{all}");
    let inl = para(&p.blocks[1]);
    assert!(inl.iter().any(|i| matches!(&i.kind, InlineKind::Link { target: LinkTarget::Unresolved(d), .. } if d == "#here")));
}

#[test]
fn headings_lists_pre_and_details() {
    let src = "<h2 id=\"s\">Sec</h2>\n<ul><li>a<li>b</ul>\n<pre><code class=\"language-rust\">fn x() {}\n  &lt;T&gt;\n</code></pre>\n\
               <details><summary>More</summary>\n\nHidden *md*\n\n</details>\n<hr>\n";
    let p = parse(src);
    assert!(matches!(&p.blocks[0].kind, BlockKind::Heading { level: 2, id, .. } if id == "s"));
    assert!(matches!(&p.blocks[1].kind, BlockKind::List { items, .. } if items.len() == 2));
    let BlockKind::CodeBlock { lang, code, .. } = &p.blocks[2].kind else { panic!("{:?}", p.blocks) };
    assert_eq!(lang.as_deref(), Some("rust"));
    assert_eq!(code, "fn x() {}\n  <T>\n");
    let BlockKind::HtmlElement { tag, blocks, .. } = &p.blocks[3].kind else { panic!("{:?}", p.blocks[3]) };
    assert_eq!(tag, "details");
    assert!(matches!(&blocks[0].kind, BlockKind::HtmlElement { tag, .. } if tag == "summary"));
    assert!(matches!(p.blocks[4].kind, BlockKind::ThematicBreak));
}

#[test]
fn embeds_are_nodes_with_one_note_per_kind() {
    let p = parse("<iframe src=\"https://v.example/1\"></iframe>\n\n<script>alert(1)</script>\n\n<iframe src=\"https://v.example/2\"></iframe>\n");
    let notes: Vec<_> = p.diagnostics.iter().filter(|d| d.code == "raw-html-embed").collect();
    assert_eq!(notes.len(), 2, "{notes:?}");
    // The script's text is kept only as raw text on the script element (written only by a site
    // that keeps raw HTML), never as text of the book.
    let shown = format!("{:?}", p.blocks);
    assert!(shown.contains("Html(\"alert(1)\")") && !shown.contains("Text(\"alert"), "{shown}");
}

#[test]
fn comments_stay_raw_and_deep_nesting_is_flattened() {
    let p = parse("<!-- note -->\n\ntext\n");
    assert!(matches!(&p.blocks[0].kind, BlockKind::Html(h) if h.contains("note")));
    let deep = format!("{}x{}\n", "<div>".repeat(5000), "</div>".repeat(5000));
    let p = parse(&deep);
    assert!(p.diagnostics.iter().any(|d| d.code == "nesting-too-deep"));
    assert!(format!("{:?}", p.blocks).contains("\"x\""));
}

#[test]
fn a_megabyte_of_attributes_is_cut_with_a_warning_on_a_small_stack() {
    let md = format!("<div {}>x</div>\n", (0..24000).map(|i| format!("data-a{i}=\"{}\"", "v".repeat(40))).collect::<Vec<_>>().join(" "));
    let p = std::thread::Builder::new().stack_size(2 << 20).spawn(move || parse(&md)).unwrap().join().unwrap();
    assert!(p.diagnostics.iter().any(|d| d.code == "raw-html-tag-too-long"));
    let BlockKind::HtmlElement { attrs, blocks, .. } = &p.blocks[0].kind else { panic!("{:?}", p.blocks[0].kind) };
    assert!(attrs.len() > 100 && attrs.len() < 1000, "{}", attrs.len());
    assert_eq!(plain_text(para(&blocks[0])), "x");
}

/// The `lang` attribute of an inline that is a `<span>` around one node, with that node.
fn lang_span(i: &Inline) -> (&str, &InlineKind) {
    let InlineKind::HtmlElement { tag, attrs, children } = &i.kind else { panic!("not an element: {i:?}") };
    assert_eq!(tag, "span");
    assert_eq!(attrs.len(), 1, "{attrs:?}");
    assert_eq!(attrs[0].0, "lang");
    (attrs[0].1.as_str(), &children[0].kind)
}

#[test]
fn lang_on_elements_is_a_checked_tag_in_canonical_case() {
    let p = parse("Je dis <span lang=\"FR-ca\">bonjour</span> et <span xml:lang=\"zh-hant\">你好</span>.\n");
    let inl = para(&p.blocks[0]);
    let InlineKind::HtmlElement { attrs, .. } = &inl[1].kind else { panic!("{inl:?}") };
    assert_eq!(attrs, &[("lang".to_string(), "fr-CA".to_string())]);
    let InlineKind::HtmlElement { attrs, .. } = &inl[3].kind else { panic!("{inl:?}") };
    assert_eq!(attrs, &[("lang".to_string(), "zh-Hant".to_string())]);
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    // `<p lang>` keeps it on the element around the paragraph.
    let p = parse("<p lang=\"de\" class=\"x\">Guten Tag</p>\n");
    let BlockKind::HtmlElement { tag, attrs, .. } = &p.blocks[0].kind else { panic!("{:?}", p.blocks) };
    assert_eq!(tag, "p");
    assert!(attrs.contains(&("lang".to_string(), "de".to_string())), "{attrs:?}");
}

#[test]
fn a_malformed_lang_is_reported_once_and_dropped() {
    let src = "Text <span lang=\"english\" class=\"k\">here</span>.\n\n<div lang=\"en_US\">\n\nBlock\n\n</div>\n";
    let p = parse(src);
    let codes: Vec<_> = p.diagnostics.iter().map(|d| d.code.name()).collect();
    assert_eq!(codes, ["raw-html-lang", "raw-html-lang"], "{:?}", p.diagnostics);
    for d in &p.diagnostics {
        assert!(d.hint.is_some() && d.span.is_some(), "{d:?}");
    }
    assert!(p.diagnostics[0].message.contains("`english`"), "{}", p.diagnostics[0].message);
    assert_eq!(p.diagnostics[0].span.map(|s| s.start), Some(5));
    let InlineKind::HtmlElement { attrs, .. } = &para(&p.blocks[0])[1].kind else { panic!("{:?}", p.blocks) };
    assert_eq!(attrs, &[("class".to_string(), "k".to_string())]);
    let BlockKind::HtmlElement { attrs, .. } = &p.blocks[1].kind else { panic!("{:?}", p.blocks) };
    assert!(attrs.is_empty(), "{attrs:?}");
}

#[test]
fn lang_on_elements_that_become_typed_nodes_is_kept_around_them() {
    // Inline: emphasis, strong, a link.
    let p = parse("An <em lang=\"fr\">mot</em>, <b lang=\"de\">Wort</b>, <a href=\"https://x.example\" lang=\"ja\">語</a>.\n");
    let inl = para(&p.blocks[0]);
    assert!(matches!(lang_span(&inl[1]), ("fr", InlineKind::Emphasis(_))), "{inl:?}");
    assert!(matches!(lang_span(&inl[3]), ("de", InlineKind::Strong(_))), "{inl:?}");
    assert!(matches!(lang_span(&inl[5]), ("ja", InlineKind::Link { .. })), "{inl:?}");
    // Blocks: a quotation in a `div lang`, a heading's text in a `span lang` (it stays a heading).
    let p = parse("<blockquote lang=\"en\">\n\nQuoted.\n\n</blockquote>\n\n<h2 lang=\"fr\">Titre</h2>\n");
    let BlockKind::HtmlElement { tag, attrs, blocks } = &p.blocks[0].kind else { panic!("{:?}", p.blocks) };
    assert_eq!((tag.as_str(), attrs.as_slice()), ("div", &[("lang".to_string(), "en".to_string())][..]));
    assert!(matches!(blocks[0].kind, BlockKind::BlockQuote(_)));
    let BlockKind::Heading { level: 2, inlines, .. } = &p.blocks[1].kind else { panic!("{:?}", p.blocks) };
    assert!(matches!(lang_span(&inlines[0]), ("fr", InlineKind::Text(t)) if t == "Titre"));
    // A list item, a table cell.
    let p = parse("<ul><li>one</li><li lang=\"de\">zwei</li></ul>\n\n<table><tr><td lang=\"fr\">un</td><td>two</td></tr></table>\n");
    let BlockKind::List { items, tight, .. } = &p.blocks[0].kind else { panic!("{:?}", p.blocks) };
    assert!(tight);
    assert!(matches!(&items[1].blocks[0].kind, BlockKind::HtmlElement { tag, attrs, .. } if tag == "div" && attrs[0].1 == "de"));
    let BlockKind::Table { rows, .. } = &p.blocks[1].kind else { panic!("{:?}", p.blocks) };
    assert!(matches!(lang_span(&rows[0][0].inlines[0]), ("fr", InlineKind::Text(_))));
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
}
