//! Unit tests of the markup writer on hand-built trees.

use super::*;
use quire_core::ast::*;
use quire_core::span::{FileId, Span};

fn sp() -> Span {
    Span::new(FileId(0), 0, 0)
}
fn t(s: &str) -> Inline {
    Inline::text(s, sp())
}
fn il(kind: InlineKind) -> Inline {
    Inline { kind, span: sp() }
}
fn bl(kind: BlockKind) -> Block {
    Block { kind, span: sp() }
}
fn para(i: Vec<Inline>) -> Block {
    bl(BlockKind::Paragraph(i))
}

fn resolver() -> impl LinkResolver {
    FnResolver::new(
        |c: ChapterId, a: Option<&str>| match a {
            Some(a) => format!("ch{}.html#{a}", c.0),
            None => format!("ch{}.html", c.0),
        },
        |a: AssetId| Some(format!("images/{}.png", a.0)),
    )
}

fn render(blocks: &[Block], opts: &Options) -> Fragment {
    let r = resolver();
    let mut w = Writer::new(&r, opts);
    w.blocks(blocks);
    w.finish()
}

fn plain() -> Options {
    Options { heading_anchors: false, copy_buttons: false, ..Options::html() }
}

#[test]
fn headings_paragraphs_and_inlines() {
    let blocks = vec![
        bl(BlockKind::Heading { level: 2, id: "intro".into(), classes: vec![], number: Some("1.1".into()), inlines: vec![t("Intro")], from_html: false }),
        para(vec![
            t("a "),
            il(InlineKind::Emphasis(vec![t("b")])),
            il(InlineKind::Strong(vec![t("c")])),
            il(InlineKind::Code("x<y".into())),
            il(InlineKind::Strikethrough(vec![t("d")])),
            il(InlineKind::HardBreak),
            il(InlineKind::Link { target: LinkTarget::Internal { chapter: ChapterId(2), anchor: Some("s".into()) }, raw_dest: "x.md#s".into(), title: None, children: vec![t("l")] }),
        ]),
    ];
    let html = render(&blocks, &Options::html()).html;
    assert!(html.contains("<h2 id=\"intro\"><a class=\"header\" href=\"#intro\"><span class=\"secno\">1.1</span> Intro</a></h2>"), "{html}");
    assert!(html.contains("<p>a <em>b</em><strong>c</strong><code>x&lt;y</code><del>d</del><br/>\n<a href=\"ch2.html#s\">l</a></p>"), "{html}");
}

#[test]
fn soft_breaks_vanish_between_cjk() {
    let p = para(vec![t("中文"), il(InlineKind::SoftBreak), t("换行"), il(InlineKind::SoftBreak), t("and"), il(InlineKind::SoftBreak), t("more")]);
    let html = render(&[p], &plain()).html;
    assert_eq!(html, "<p>中文换行\nand\nmore</p>\n");
}

#[test]
fn task_lists_and_tables() {
    let item = |task, s: &str| ListItem { task, blocks: vec![para(vec![t(s)])], span: sp() };
    let list = bl(BlockKind::List { start: None, tight: true, marker: Default::default(), items: vec![item(Some(true), "done"), item(Some(false), "todo")] });
    let cell = |s: &str| TableCell::new(vec![t(s)], sp());
    let table = bl(BlockKind::Table {
        aligns: vec![Align::Left, Align::None],
        head: vec![cell("a"), cell("b")],
        rows: vec![vec![cell("1"), cell("2")]],
        numbering: Numbering { number: Some("1.1".into()), caption: None },
    });
    let html = render(&[list, table], &plain()).html;
    assert!(html.contains("<li class=\"task-list-item\"><input type=\"checkbox\" disabled=\"disabled\" checked=\"checked\" aria-label=\"done\"/> done</li>"), "{html}");
    assert!(html.contains("<input type=\"checkbox\" disabled=\"disabled\" aria-label=\"not done\"/> todo</li>"), "{html}");
    let zh = render(&[bl(BlockKind::List { start: None, tight: true, marker: Default::default(), items: vec![item(Some(false), "x")] })], &plain().with_language("zh-CN")).html;
    assert!(zh.contains("aria-label=\"未完成\""), "{zh}");
    assert!(html.contains("<div class=\"table-wrap\">\n<table>\n<caption><span class=\"caption-label\">Table 1.1</span></caption>"), "{html}");
    assert!(html.contains("<th style=\"text-align: left\">a</th>"), "{html}");
}

#[test]
fn figures_have_numbered_captions_and_alt_is_checked() {
    let img = |alt: &str| Image { source: ImageSource::Asset(AssetId(3)), raw_src: "a.png".into(), alt: alt.into(), title: None, attrs: Vec::new() };
    let fig = bl(BlockKind::Figure { image: Box::new(img("A cat")), caption: vec![t("A cat")], numbering: Numbering { number: Some("1.2".into()), caption: None } });
    let out = render(&[fig], &plain());
    assert!(out.html.contains("<figure class=\"figure\">\n<img src=\"images/3.png\" alt=\"A cat\"/>\n<figcaption><span class=\"caption-label\">Figure 1.2: </span>A cat</figcaption>\n</figure>"), "{}", out.html);
    assert!(out.diagnostics.is_empty());
    let bare = render(&[para(vec![il(InlineKind::Image(img("")))])], &plain());
    assert_eq!(bare.diagnostics.len(), 1);
    assert_eq!(bare.diagnostics[0].code, "missing-alt");
}

#[test]
fn footnotes_link_both_ways() {
    let fns = vec![Footnote { label: "a".into(), index: 1, id: "fn-ch1-1".into(), blocks: vec![para(vec![t("note")])], span: sp() }];
    let r = resolver();
    for epub in [false, true] {
        let opts = if epub { Options::epub() } else { plain() };
        let mut w = Writer::new(&r, &opts).with_footnotes(&fns);
        w.blocks(&[para(vec![t("x"), il(InlineKind::FootnoteRef { label: "a".into(), index: 1 }), il(InlineKind::FootnoteRef { label: "a".into(), index: 1 })])]);
        w.footnotes_section();
        let html = w.finish().html;
        assert!(html.contains("<sup class=\"footnote-ref\"><a href=\"#fn-ch1-1\" id=\"fnref-fn-ch1-1\""), "{html}");
        assert!(html.contains("id=\"fnref-fn-ch1-1-2\""), "{html}");
        assert!(html.contains("href=\"#fnref-fn-ch1-1\" class=\"footnote-back\""), "{html}");
        assert_eq!(html.contains("epub:type=\"noteref\""), epub);
        assert_eq!(html.contains("epub:type=\"footnote\""), epub);
    }
}

#[test]
fn admonitions_code_and_math() {
    let blocks = vec![
        bl(BlockKind::Admonition { kind: AdmonitionKind::Warning, title: None, blocks: vec![para(vec![t("careful")])] }),
        bl(BlockKind::CodeBlock { lang: Some("rust".into()), info: "rust".into(), code: "let x = 1;\n".into(), hidden: Vec::new(), numbering: Numbering::default() }),
        bl(BlockKind::CodeBlock { lang: Some("nolang".into()), info: "nolang".into(), code: "<x>\n".into(), hidden: Vec::new(), numbering: Numbering { number: Some("2".into()), caption: None } }),
        bl(BlockKind::Math { formula: Formula::display("x^2"), number: None }),
        bl(BlockKind::Math { formula: Formula::display("a = b \\tag{A}"), number: Some("(A)".into()) }),
        para(vec![il(InlineKind::Math(Formula::inline("\\frac{1}{")))]),
    ];
    let out = render(&blocks, &Options::html());
    let html = &out.html;
    assert!(html.contains("<aside class=\"admonition warning\" role=\"note\">\n<p class=\"admonition-title\">Warning</p>\n<p>careful</p>\n</aside>"), "{html}");
    assert!(html.contains("<pre class=\"hl-code\"><code class=\"language-rust\"><span class=\"hl-"), "{html}");
    assert!(html.contains("<button type=\"button\" class=\"copy-button\""), "{html}");
    assert!(html.contains("<figure class=\"listing\">\n<figcaption><span class=\"caption-label\">Listing 2</span></figcaption>"), "{html}");
    assert!(html.contains("<pre><code class=\"language-nolang\">&lt;x&gt;\n</code></pre>"), "{html}");
    assert!(html.contains("<div class=\"math-display\"><math"), "{html}");
    // The label beside the formula, as text after the MathML.
    assert!(html.contains("<div class=\"math-display numbered\"><math"), "{html}");
    assert!(html.contains("</math><span class=\"equation-number\">(A)</span></div>"), "{html}");
    assert!(html.contains("<code class=\"math\">\\frac{1}{</code>"), "{html}");
    // TeX that does not read was reported when the chapter was parsed, not here.
    assert!(out.diagnostics.iter().all(|d| d.code != "math-unsupported"), "{:?}", out.diagnostics);
}

#[test]
fn raw_html_pairs_across_inline_nodes_and_blocks() {
    let p = para(vec![il(InlineKind::Html("<font size=\"2\">".into())), t("small"), il(InlineKind::Html("</font>".into())), il(InlineKind::Html("<b>".into())), t("open")]);
    let html = render(&[p], &plain()).html;
    assert_eq!(html, "<p><small>small</small><b>open</b></p>\n");
    let blocks = vec![
        bl(BlockKind::Html("<div align=\"center\">\n".into())),
        para(vec![t("inside")]),
        bl(BlockKind::Html("</div>\n".into())),
        bl(BlockKind::Html("<p>unclosed <br>\n".into())),
        para(vec![t("after")]),
    ];
    let html = render(&blocks, &plain()).html;
    assert_eq!(html, "<div style=\"text-align:center\">\n<p>inside</p>\n</div>\n<p>unclosed <br/>\n</p>\n<p>after</p>\n");
}

#[test]
fn definition_lists() {
    let d = bl(BlockKind::DefinitionList(vec![DefinitionItem { term: vec![t("term")], definitions: vec![vec![para(vec![t("def")])]], span: sp() }]));
    assert_eq!(render(&[d], &plain()).html, "<dl>\n<dt>term</dt>\n<dd>def</dd>\n</dl>\n");
}

#[test]
fn heading_levels_are_not_skipped() {
    let h = |level| bl(BlockKind::Heading { level, id: String::new(), classes: vec![], number: None, inlines: vec![t("h")], from_html: false });
    let html = render(&[h(1), h(4), h(5), h(2)], &plain()).html;
    assert_eq!(html, "<h1>h</h1>\n<h2>h</h2>\n<h3>h</h3>\n<h2>h</h2>\n");
    let keep = Options { fix_heading_levels: false, ..plain() };
    assert!(render(&[h(1), h(4)], &keep).html.contains("<h4>"));
}

#[test]
fn raw_links_do_not_nest_in_links() {
    let link = il(InlineKind::Link {
        target: LinkTarget::External("https://a.example/".into()),
        raw_dest: "https://a.example/".into(),
        title: None,
        children: vec![il(InlineKind::Html("<a href=\"https://b.example/\">".into())), t("x"), il(InlineKind::Html("</a>".into()))],
    });
    let html = render(&[para(vec![link])], &plain()).html;
    assert_eq!(html, "<p><a href=\"https://a.example/\"><span>x</span></a></p>\n");
}

#[test]
fn chinese_labels_follow_the_script() {
    for tag in ["zh-TW", "zh-Hant", "zh-Hant-CN", "zh-HK", "zh_MO"] {
        assert!(quire_core::i18n::is_traditional_chinese(tag), "{tag}");
        assert_eq!(Options::html().with_language(tag).words.copy, "複製", "{tag}");
    }
    for tag in ["zh", "zh-CN", "zh-Hans", "zh-Hans-TW", "zh-SG", "en-TW", "ja"] {
        assert!(!quire_core::i18n::is_traditional_chinese(tag), "{tag}");
    }
    assert_eq!(Options::html().with_language("zh-CN").words.copy, "复制");
    assert_eq!(Options::html().with_language("zh-Hant").words.figure, "圖");
    assert_eq!(Options::html().with_language("en").words.copy, "Copy");
}

#[test]
fn hidden_code_lines_toggle_on_the_site_and_are_left_out_of_the_epub() {
    let code = "fn main() {\n    let x = \"<a>\";\n}\n";
    let blocks = vec![
        bl(BlockKind::CodeBlock { lang: Some("rust".into()), info: "rust".into(), code: code.into(), hidden: vec![0, 2], numbering: Numbering::default() }),
        bl(BlockKind::CodeBlock { lang: None, info: String::new(), code: "a\nb\n".into(), hidden: vec![1], numbering: Numbering::default() }),
    ];
    let site = render(&blocks, &Options::html()).html;
    assert_eq!(site.matches("<span class=\"boring\">").count(), 3, "{site}");
    assert!(site.contains("<span class=\"boring\">b\n</span>"), "{site}");
    assert!(site.contains("<button type=\"button\" class=\"hidden-toggle\" aria-pressed=\"false\" title=\"Show hidden lines\">"), "{site}");
    assert_eq!(site.matches("<span").count(), site.matches("</span>").count(), "balanced: {site}");
    // The visible line is highlighted with the hidden ones as context, and nothing is lost.
    assert!(site.contains("&lt;a&gt;"), "{site}");
    let epub = render(&blocks, &Options::epub()).html;
    assert!(!epub.contains("boring") && !epub.contains("main") && !epub.contains("hidden-toggle"), "{epub}");
    assert!(epub.contains("&lt;a&gt;") && epub.contains(">a\n</code>"), "{epub}");
    assert_eq!(Options::html().with_language("zh-TW").words.show_hidden, "顯示隱藏的行");
}
