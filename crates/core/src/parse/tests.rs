//! Unit tests of `parse_chapter`: each rule and quirk, plus a no-panic property test.
#![allow(clippy::panic, clippy::unwrap_used)]

use super::*;
use crate::ast::{plain_text, AdmonitionKind, Align, Block, BlockKind, Inline, InlineKind};
use crate::span::FileId;

fn parse_with(src: &str, opts: &ParseOptions) -> ParsedChapter {
    parse_chapter(&ExpandedSource::single(FileId(0), src.to_string()), opts)
}

fn parse(src: &str) -> ParsedChapter {
    parse_with(src, &ParseOptions::default())
}

fn cjk() -> ParseOptions {
    ParseOptions { cjk_emphasis: true, ..Default::default() }
}

fn gitbook() -> ParseOptions {
    ParseOptions { gitbook_compat: true, cjk_emphasis: true, ..Default::default() }
}

fn para(b: &Block) -> &[Inline] {
    match &b.kind {
        BlockKind::Paragraph(i) => i,
        other => panic!("not a paragraph: {other:?}"),
    }
}

fn strong_text(inlines: &[Inline]) -> Vec<String> {
    inlines
        .iter()
        .filter_map(|i| match &i.kind {
            InlineKind::Strong(c) => Some(plain_text(c)),
            _ => None,
        })
        .collect()
}

#[test]
fn cjk_emphasis_closes_after_punctuation() {
    for (src, want, rest) in [
        ("**单元（unit）**。", "单元（unit）", "。"),
        ("**单元（unit）**是一个", "单元（unit）", "是一个"),
        ("中文**加粗**中文", "加粗", "中文"),
        ("这是**注意：**请看", "注意：", "请看"),
    ] {
        let p = parse_with(src, &cjk());
        let inl = para(&p.blocks[0]);
        assert_eq!(strong_text(inl), vec![want.to_string()], "{src}");
        assert!(plain_text(inl).ends_with(rest), "{src}");
        assert!(!plain_text(inl).contains(cjk_emphasis::MARKER));
    }
}

#[test]
fn cjk_emphasis_spans_point_at_source() {
    let src = "**单元（unit）**是";
    let p = parse_with(src, &cjk());
    let inl = para(&p.blocks[0]);
    assert_eq!(inl[0].span.range(), 0..src.find("是").unwrap_or(0));
    assert_eq!(&src[inl[1].span.range()], "是");
}

#[test]
fn without_cjk_option_commonmark_rules_apply() {
    let p = parse("**单元（unit）**是");
    assert!(strong_text(para(&p.blocks[0])).is_empty());
}

#[test]
fn cjk_strikethrough() {
    let p = parse_with("~~旧方法（已废弃）。~~这个", &cjk());
    assert!(matches!(para(&p.blocks[0])[0].kind, InlineKind::Strikethrough(_)));
}

#[test]
fn heading_without_space_in_gitbook_mode() {
    let src = "intro\n\n#标题\n\n```\n#include <x>\n```\n";
    let p = parse_with(src, &gitbook());
    let BlockKind::Heading { level, id, inlines, .. } = &p.blocks[1].kind else { panic!("{:?}", p.blocks) };
    assert_eq!((*level, id.as_str(), plain_text(inlines).as_str()), (1, "", "标题"));
    assert_eq!(&src[p.blocks[1].span.range()], "#标题\n");
    let d: Vec<_> = p.diagnostics.iter().filter(|d| d.code == "heading-no-space").collect();
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].span.map(|s| s.range()), Some(7..8));
    assert_eq!(d[0].hint.as_deref(), Some("add a space after #"));
    assert!(matches!(&p.blocks[2].kind, BlockKind::CodeBlock { code, .. } if code == "#include <x>\n"));
    // Not in CommonMark mode.
    assert!(matches!(parse("#标题").blocks[0].kind, BlockKind::Paragraph(_)));
}

#[test]
fn image_paths_with_spaces_in_gitbook_mode() {
    let src = "![](singa on mesos.png)  \n";
    let p = parse_with(src, &gitbook());
    let BlockKind::Figure { image, .. } = &p.blocks[0].kind else { panic!("{:?}", p.blocks) };
    assert_eq!(image.raw_src, "singa on mesos.png");
    assert_eq!(&src[p.blocks[0].span.range()], "![](singa on mesos.png)  \n");
}

#[test]
fn lone_image_is_figure_with_caption() {
    let p = parse("![Alt *x*](a.png \"Title\")\n\n![alt](b.png)\n\ntext ![i](c.png)\n");
    let BlockKind::Figure { image, caption, .. } = &p.blocks[0].kind else { panic!() };
    assert_eq!((image.alt.as_str(), image.title.as_deref()), ("Alt x", Some("Title")));
    assert_eq!(plain_text(caption), "Title");
    let BlockKind::Figure { caption, .. } = &p.blocks[1].kind else { panic!() };
    assert_eq!(plain_text(caption), "alt");
    assert!(matches!(p.blocks[2].kind, BlockKind::Paragraph(_)));
}

#[test]
fn headings_ids_and_classes() {
    let p = parse("# Hello, World!\n\n## Custom {#my-id .cls}\n\n## 中文 标题\n");
    let ids: Vec<_> = p
        .blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Heading { id, classes, .. } => Some((id.clone(), classes.clone())),
            _ => None,
        })
        .collect();
    // Only ids as written: the others are given per page in resolution.
    assert_eq!(ids[0], (String::new(), vec![]));
    assert_eq!(ids[1], ("my-id".into(), vec!["cls".to_string()]));
    assert_eq!(ids[2].0, "");
}

#[test]
fn footnotes_numbered_by_first_reference() {
    let p = parse("a[^b] c[^a] d[^b] e[^none]\n\n[^a]: A\n[^b]: B\n[^z]: unused\n");
    let refs: Vec<_> = para(&p.blocks[0])
        .iter()
        .filter_map(|i| match &i.kind {
            InlineKind::FootnoteRef { label, index } => Some((label.clone(), *index)),
            _ => None,
        })
        .collect();
    assert_eq!(refs, vec![("b".into(), 1), ("a".into(), 2), ("b".into(), 1), ("none".into(), 0)]);
    let labels: Vec<_> = p.footnotes.iter().map(|f| (f.label.as_str(), f.index)).collect();
    assert_eq!(labels, vec![("b", 1), ("a", 2)]);
    let codes: Vec<_> = p.diagnostics.iter().map(|d| (d.code.name(), d.severity)).collect();
    assert!(codes.contains(&("undefined-footnote", crate::Severity::Warning)));
    assert!(codes.contains(&("unused-footnote", crate::Severity::Note)));
}

#[test]
fn code_blocks_lang() {
    let p = parse("```rust,ignore\nfn x() {}\n```\n\n```{.python}\nx\n```\n\n    indented\n");
    let langs: Vec<_> = p
        .blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::CodeBlock { lang, info, code, .. } => Some((lang.clone(), info.clone(), code.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(langs[0], (Some("rust".into()), "rust,ignore".into(), "fn x() {}\n".into()));
    assert_eq!(langs[1].0.as_deref(), Some("python"));
    assert_eq!(langs[2], (None, String::new(), "indented\n".into()));
    let p = parse("```\nunclosed");
    assert!(matches!(&p.blocks[0].kind, BlockKind::CodeBlock { code, .. } if code == "unclosed\n"));
}

#[test]
fn math_inline_and_block() {
    let p = parse("a $x^2$ b\n\n$$\\int f$$\n");
    assert!(para(&p.blocks[0]).iter().any(|i| i.kind == InlineKind::Math("x^2".into())));
    assert!(matches!(&p.blocks[1].kind, BlockKind::Math { formula, number: None } if formula == "\\int f" && formula.events().is_ok()));
}

/// MathJax's page-wide macros: a formula's `\newcommand` (or `\def`, `\DeclareMathOperator`)
/// holds for the formulas after it in the chapter, footnotes included; a formula that only
/// defines shows nothing and is no error; a use before the definition is still unknown.
#[test]
fn macros_defined_in_a_formula_hold_for_the_formulas_after_it() {
    let src = "Early $\\R$ is unknown.\n\n$$\n\\newcommand{\\R}{\\mathbb{R}}\n\\def\\abs#1{\\left|#1\\right|}\n\\DeclareMathOperator{\\sgn}{sgn}\n$$\n\n\
               Then $x \\in \\R$ and $\\abs{x} = x \\sgn x$.[^n]\n\n$$\\renewcommand{\\R}{\\mathbf{R}} y \\in \\R$$\n\n[^n]: Also $\\R^2$.\n";
    let p = parse(src);
    let invalid: Vec<_> = p.diagnostics.iter().filter(|d| d.code == crate::diag::Code::MathInvalid).collect();
    assert_eq!(invalid.len(), 1, "only the use before the definition: {invalid:?}");
    assert_eq!(invalid[0].span.map(|s| s.start), Some(6));
    let BlockKind::Math { formula, .. } = &p.blocks[1].kind else { panic!("{:?}", p.blocks[1]) };
    assert!(formula.only_defines() && formula.error().is_some());
    let later: Vec<&crate::ast::Formula> = para(&p.blocks[2]).iter().filter_map(|i| if let InlineKind::Math(f) = &i.kind { Some(f) } else { None }).collect();
    assert_eq!(later.len(), 2);
    assert!(later.iter().all(|f| f.events().is_ok() && !f.only_defines()), "{later:?}");
    // A formula that defines and sets something is both.
    let BlockKind::Math { formula, .. } = &p.blocks[3].kind else { panic!("{:?}", p.blocks[3]) };
    assert!(formula.events().is_ok(), "{:?}", formula.error());
    let note = &p.footnotes[0].blocks[0];
    assert!(para(note).iter().any(|i| matches!(&i.kind, InlineKind::Math(f) if f.events().is_ok())), "{note:?}");
}

#[test]
fn mathjax_delimiters() {
    let opts = ParseOptions { mathjax: true, ..Default::default() };
    let p = parse_with("a \\\\(x_1 * y_2\\\\) b\n\n\\\\[ \\sum x \\\\]\n", &opts);
    assert!(para(&p.blocks[0]).iter().any(|i| matches!(&i.kind, InlineKind::Math(m) if m == "x_1 * y_2")));
    assert!(matches!(&p.blocks[1].kind, BlockKind::Math { formula, .. } if formula == " \\sum x "));
}

#[test]
fn raw_html_kept() {
    let p = parse("<div>\n<p>x</p>\n</div>\n\na <font size=\"2\">&#8195;图7-2-1</font> b\n");
    assert_eq!(p.blocks[0].kind, BlockKind::Html("<div>\n<p>x</p>\n</div>\n".into()));
    let inl = para(&p.blocks[1]);
    assert!(matches!(&inl[1].kind, InlineKind::Html(h) if h == "<font size=\"2\">"));
    assert!(plain_text(inl).contains("\u{2003}图7-2-1"));
}

#[test]
fn lists_tables_quotes_alerts_deflists() {
    let src = "- [x] done\n- todo\n\n1. a\n\n2. b\n\n> [!WARNING]\n> careful\n\n> quote\n\n\
               a | b\n:-- | --:\n1 | 2\n\nterm\n: def\n\n---\n\n~~gone~~ \\(x\\)\n";
    let p = parse(src);
    let BlockKind::List { start: None, tight: true, items, .. } = &p.blocks[0].kind else { panic!("{:?}", p.blocks[0]) };
    assert_eq!(items[0].task, Some(true));
    assert_eq!(items[1].task, None);
    assert!(matches!(&items[0].blocks[0].kind, BlockKind::Paragraph(_)));
    assert!(matches!(&p.blocks[1].kind, BlockKind::List { start: Some(1), tight: false, .. }));
    assert!(matches!(&p.blocks[2].kind, BlockKind::Admonition { kind: AdmonitionKind::Warning, .. }));
    assert!(matches!(&p.blocks[3].kind, BlockKind::BlockQuote(_)));
    let BlockKind::Table { aligns, head, rows, .. } = &p.blocks[4].kind else { panic!("{:?}", p.blocks[4]) };
    assert_eq!(aligns, &vec![Align::Left, Align::Right]);
    assert_eq!((head.len(), rows.len()), (2, 1));
    assert!(matches!(&p.blocks[5].kind, BlockKind::DefinitionList(items) if items.len() == 1));
    assert_eq!(p.blocks[6].kind, BlockKind::ThematicBreak);
    let inl = para(&p.blocks[7]);
    assert!(matches!(inl[0].kind, InlineKind::Strikethrough(_)));
    assert!(plain_text(inl).ends_with("(x)"));
}

#[test]
fn spans_follow_includes() {
    let mut s = ExpandedSource::default();
    s.push("# Title\n\n", FileId(0), 0);
    s.push("included *text*\n", FileId(1), 5);
    let p = parse_chapter(&s, &ParseOptions::default());
    assert_eq!(p.blocks[1].span.file, FileId(1));
    assert_eq!(p.blocks[1].span.start, 5);
}

#[test]
fn smart_punctuation_option() {
    let p = parse_with("\"a\" -- b", &ParseOptions { smart_punctuation: true, ..Default::default() });
    assert_eq!(plain_text(para(&p.blocks[0])), "\u{201c}a\u{201d} \u{2013} b");
}

#[test]
fn empty_and_odd_inputs() {
    for src in ["", "\n", "#", "[^", "![", "$$", "|", "> [!NOTE]", "* * *", "**", "\u{FDD0}**a**"] {
        let _ = parse_with(src, &gitbook());
        let _ = parse_with(src, &ParseOptions { mathjax: true, smart_punctuation: true, ..gitbook() });
    }
}

mod props {
    use super::*;
    use proptest::prelude::*;

    fn piece() -> impl Strategy<Value = String> {
        prop::sample::select(vec![
            "中文", "（", "）", "。", "*", "**", "_", "~~", "#", "##", " ", "\n", "\n\n", "$", "$$",
            "[^x]", "[^x]: d\n", "![", "](", ")", "a b.png", "`", "```\n", "|", "-", "> ", "[!NOTE]",
            "\\\\(", "\\\\)", "\\\\[", "<font>", "&#8195;", "1. ", "- [ ] ", "{#id}", "\\", "a", "x y",
        ])
        .prop_map(str::to_string)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]
        #[test]
        fn never_panics(parts in prop::collection::vec(piece(), 0..40)) {
            let src: String = parts.concat();
            let all = ParseOptions { gitbook_compat: true, cjk_emphasis: true, smart_punctuation: true, mathjax: true, ..Default::default() };
            let p = parse_with(&src, &all);
            let mut spans_ok = true;
            walk::visit_blocks(&mut p.blocks.clone(), &mut |b| {
                spans_ok &= (b.span.end as usize) <= src.len();
            });
            prop_assert!(spans_ok);
            let debug = format!("{:?}{:?}", p.blocks, p.footnotes);
            prop_assert!(!debug.contains(cjk_emphasis::MARKER), "marker leaked for {:?}", src);
            let _ = parse_with(&src, &ParseOptions::default());
        }

        #[test]
        fn arbitrary_text_never_panics(src in "\\PC{0,200}") {
            let all = ParseOptions { gitbook_compat: true, cjk_emphasis: true, smart_punctuation: true, mathjax: true, ..Default::default() };
            let _ = parse_with(&src, &all);
        }
    }
}

/// Every example of the CommonMark spec (`make tools` installs it) keeps all its text:
/// the folded tree holds the same characters, in the same order, as pulldown-cmark's events.
#[test]
fn commonmark_spec_examples_keep_their_text() {
    let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../target/tools/node_modules/commonmark-spec/spec.txt");
    let spec = std::fs::read_to_string(&spec)
        .unwrap_or_else(|e| panic!("{}: {e}; `make tools` installs the CommonMark spec", spec.display()));
    let fence = "````````````````````````````````";
    let mut examples = Vec::new();
    let mut cur: Option<String> = None;
    for line in spec.lines() {
        if line.starts_with(&format!("{fence} example")) {
            cur = Some(String::new());
        } else if line == fence {
            if let Some(ex) = cur.take() {
                examples.push(ex);
            }
        } else if let Some(ex) = cur.as_mut() {
            if line == "." {
                let md = ex.replace('→', "\t");
                examples.push(md);
                cur = None;
            } else {
                ex.push_str(line);
                ex.push('\n');
            }
        }
    }
    assert!(examples.len() > 600, "{} examples", examples.len());
    let mut bad = Vec::new();
    for (n, md) in examples.iter().enumerate() {
        let opts = ParseOptions::default();
        let mut want = String::new();
        for ev in pulldown_cmark::Parser::new_ext(md, cmark_options(&opts)) {
            use pulldown_cmark::Event as E;
            if let E::Text(t) | E::Code(t) | E::InlineMath(t) | E::DisplayMath(t) = ev {
                want.push_str(&t);
            }
        }
        let p = parse(md);
        let mut got = String::new();
        text_of(&p.blocks, &mut got);
        let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        if squash(&want) != squash(&got) {
            bad.push(format!("example {}: {md:?}\n  want {want:?}\n  got  {got:?}", n + 1));
        }
    }
    assert!(bad.is_empty(), "{} examples lose text:\n{}", bad.len(), bad.join("\n"));
}

fn text_of(blocks: &[Block], out: &mut String) {
    fn inl(is: &[Inline], out: &mut String) {
        for i in is {
            match &i.kind {
                InlineKind::Text(t) | InlineKind::Code(t) => out.push_str(t),
                InlineKind::Math(f) => out.push_str(f.tex()),
                InlineKind::Emphasis(c) | InlineKind::Strong(c) | InlineKind::Strikethrough(c) => inl(c, out),
                InlineKind::Link { children, .. } => inl(children, out),
                InlineKind::Image(img) => out.push_str(&img.alt),
                _ => {}
            }
        }
    }
    for b in blocks {
        match &b.kind {
            BlockKind::Paragraph(i) | BlockKind::Heading { inlines: i, .. } => inl(i, out),
            BlockKind::CodeBlock { code, .. } => out.push_str(code),
            BlockKind::BlockQuote(bs) | BlockKind::Admonition { blocks: bs, .. } | BlockKind::HtmlElement { blocks: bs, .. } => text_of(bs, out),
            BlockKind::List { items, .. } => items.iter().for_each(|it| text_of(&it.blocks, out)),
            BlockKind::Table { head, rows, .. } => {
                for c in head.iter().chain(rows.iter().flatten()) {
                    inl(&c.inlines, out);
                }
            }
            BlockKind::DefinitionList(items) => {
                for it in items {
                    inl(&it.term, out);
                    it.definitions.iter().for_each(|d| text_of(d, out));
                }
            }
            BlockKind::Math { formula, .. } => out.push_str(formula.tex()),
            BlockKind::Figure { image, .. } => out.push_str(&image.alt),
            BlockKind::ThematicBreak | BlockKind::Html(_) => {}
        }
    }
}

#[test]
fn parsed_lists_hold_no_unused_room() {
    let src = "# 标题 *a*\n\n一段 **粗** 文字 `code` [link](x.md) ~~s~~\n\n- 项 *b*\n  1. 子 $x$\n\n> [!NOTE]\n> 提示 [^n]\n\n| a | b |\n|---|---|\n| 1 | *2* |\n\n[^n]: 脚注 **c**\n";
    let mut p = parse_with(src, &cjk());
    let mut slack = Vec::new();
    let mut check_inlines = |list: &mut Vec<Inline>| {
        fn walk(list: &[Inline], slack: &mut Vec<String>, cap: usize) {
            if cap != list.len() {
                slack.push(format!("{} inlines in room for {cap}", list.len()));
            }
            for i in list {
                if let Some(c) = crate::ast::visit::children(i) {
                    let cap = match &i.kind {
                        InlineKind::Emphasis(v) | InlineKind::Strong(v) | InlineKind::Strikethrough(v) | InlineKind::Link { children: v, .. } => v.capacity(),
                        _ => c.len(),
                    };
                    walk(c, slack, cap);
                }
            }
        }
        walk(list, &mut slack, list.capacity());
    };
    crate::ast::visit::visit_inline_lists(&mut p.blocks, &mut check_inlines);
    for f in &mut p.footnotes {
        crate::ast::visit::visit_inline_lists(&mut f.blocks, &mut check_inlines);
    }
    let mut block_slack = 0;
    crate::ast::visit::visit_block_lists(&mut p.blocks, &mut |l| block_slack += l.capacity() - l.len());
    assert!(slack.is_empty(), "{slack:?}");
    assert_eq!(block_slack, 0);
    assert!(p.blocks.len() >= 5, "{:?}", p.blocks);
}
