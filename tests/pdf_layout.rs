//! PDF layout over whole books: every line of every shared corpus and of the handbook obeys the
//! CLREQ line-start/line-end rules and is no wider than its measure; plus a hand-built Chinese
//! book whose lines can be checked without the loader.

use crate::support;
use quire_core::{Block, BlockKind, Book, Chapter, ChapterId, ChapterRole, Inline, Span, TocEntry};
use quire_pdf::fonts::FontBook;
use quire_pdf::layout::cjk::{no_line_end, no_line_start};
use quire_pdf::layout::{layout, layout_lines, LayoutOptions, LineInfo, LineKind, Strictness};
use std::sync::Arc;

fn fonts(language: &str) -> Option<FontBook> {
    let dir = support::root().join("fonts");
    let mut files: Vec<(String, Arc<[u8]>)> = std::fs::read_dir(&dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "ttf" || x == "otf"))
        .filter_map(|p| Some((p.file_name()?.to_string_lossy().into_owned(), std::fs::read(&p).ok()?.into())))
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(!files.is_empty(), "no fonts in {}: the shipped fonts are part of the tree", dir.display());
    Some(FontBook::new(&files).expect("fonts load").with_language(language))
}

/// Every rule violation in `lines`, as readable strings.
fn violations(lines: &[LineInfo]) -> Vec<String> {
    let mut out = Vec::new();
    for l in lines {
        if l.width > l.measure + 0.01 {
            out.push(format!("overfull p{} {:.2} > {:.2}: {}", l.page, l.width, l.measure, l.text));
        }
        if l.kind == LineKind::Code {
            continue;
        }
        if let Some(c) = l.text.chars().next() {
            if !l.first && !l.after_forced && no_line_start(c, Strictness::Strict) {
                out.push(format!("starts with {c:?} p{}: {}", l.page, l.text));
            }
        }
        if let Some(c) = l.text.chars().next_back() {
            if !l.last && no_line_end(c) {
                out.push(format!("ends with {c:?} p{}: {}", l.page, l.text));
            }
        }
    }
    out
}

fn check_book(name: &str, book: &Book) {
    let Some(fonts) = fonts(book.language()) else { return };
    let lines = layout_lines(book, &fonts, &LayoutOptions::default());
    assert!(!lines.is_empty(), "{name}: no lines set");
    let v = violations(&lines);
    eprintln!("{name}: {} lines, {} violations", lines.len(), v.len());
    assert!(v.is_empty(), "{name}: {} of {} lines break the rules:\n{}", v.len(), lines.len(), v[..v.len().min(30)].join("\n"));
}

#[test]
#[cfg_attr(not(has_corpora), ignore = "needs ../shared/corpora")]
fn every_corpus_line_obeys_the_rules() {
    for name in support::corpus_names() {
        let dir = support::corpus(&name);
        let book = Book::load(&dir).unwrap_or_else(|e| panic!("{name} loads: {e}"));
        check_book(&name, &book);
    }
}

#[test]
fn every_handbook_line_obeys_the_rules() {
    let dir = support::root().join("manuscript");
    let book = Book::load(&dir).unwrap_or_else(|e| panic!("the handbook does not load: {e}"));
    assert!(book.chapters.len() > 5, "the handbook has only {} chapters", book.chapters.len());
    check_book("handbook", &book);
}

fn para(text: &str) -> Block {
    Block { kind: BlockKind::Paragraph(vec![Inline::text(text, Span::default())]), span: Span::default() }
}

fn chinese_book() -> Book {
    let mut config = quire_core::BookConfig::default();
    config.book.title = Some("排版测试".into());
    config.book.language = Some("zh-CN".into());
    let text = "在计算机科学中（尤其是编译原理），“词法分析”是将字符序列转换为单词序列的过程。\
                Go语言的goroutine非常轻量，一台机器可以运行100000个以上——这正是它的魅力所在……\
                我们说：“简单就是美。”然后继续讨论《Go语言圣经》【第二版】中的例子，比如`fmt.Println`函数、\
                channel、select语句以及sync包的用法。";
    let blocks = vec![
        Block {
            kind: BlockKind::Heading { level: 1, id: "intro".into(), classes: vec![], number: None, inlines: vec![Inline::text("引言", Span::default())], from_html: false },
            span: Span::default(),
        },
        para(text),
        para(&text.repeat(3)),
    ];
    let ch = Chapter {
        id: ChapterId(0),
        title: "引言".into(),
        page_title: None,
        number: vec![1],
        depth: 0,
        parent: None,
        role: ChapterRole::Numbered,
        source_path: None,
        output_stem: "intro".into(),
        draft: false,
        blocks,
        footnotes: vec![],
        span: Span::default(),
        html_origins: Default::default(),
    };
    Book {
        config,
        root: ".".into(),
        sources: Default::default(),
        toc: vec![TocEntry::Chapter { id: ChapterId(0), children: vec![] }],
        chapters: vec![ch],
        assets: vec![],
        cover: None,
        diagnostics: vec![],
        timestamp: 0,
        asset_reader: None,
        not_found: None,
    }
}

#[test]
fn hand_built_chinese_book_obeys_the_rules() {
    let book = chinese_book();
    check_book("hand-built", &book);
    let Some(fonts) = fonts("zh-CN") else { return };
    let lines = layout_lines(&book, &fonts, &LayoutOptions::default());
    let body: Vec<&LineInfo> = lines.iter().filter(|l| l.kind == LineKind::Body).collect();
    assert!(body.len() > 5);
    // Justified lines fill the measure exactly.
    for l in body.iter().filter(|l| !l.last) {
        assert!((l.width - l.measure).abs() < 0.05, "not justified: {:.2}/{:.2} {}", l.width, l.measure, l.text);
    }
    // `——` and `……` are never split.
    for l in &body {
        assert!(!l.text.ends_with('—') || l.text.ends_with("——"), "split dash: {}", l.text);
        assert!(!l.text.starts_with('—') && !l.text.starts_with('…'), "{}", l.text);
    }
}

#[test]
fn document_has_labels_outline_and_toc() {
    let book = chinese_book();
    let Some(fonts) = fonts("zh-CN") else { return };
    let (doc, _) = layout(&book, &fonts, &LayoutOptions::default());
    assert!(doc.pages.len() >= 4, "title, blank, contents, chapter");
    assert_eq!(doc.labels.first().map(|l| l.first_page), Some(0));
    assert!(doc.labels.iter().any(|l| l.style == quire_pdf::model::LabelStyle::Decimal));
    assert!(doc.outline.iter().any(|o| o.title.contains("引言")));
    // The contents entry links to the chapter's first page.
    let chapter_page = doc.outline.iter().find(|o| o.title.contains("引言")).map(|o| o.page).unwrap_or(0);
    let links: Vec<_> = doc.pages.iter().flat_map(|p| p.links.iter()).collect();
    assert!(links.iter().any(|l| matches!(l.dest, quire_pdf::model::LinkDest::Page { page, .. } if page == chapter_page)));
}

fn set_one(fonts: &FontBook, text: &str, size: f32, measure: f32, align: quire_pdf::layout::paragraph::Align) -> Vec<quire_pdf::layout::paragraph::SetLine> {
    use quire_pdf::layout::inline::{Run, RunStyle};
    use quire_pdf::layout::paragraph::{set_paragraph, ParaSpec};
    use quire_pdf::layout::shape::Shaper;
    let spec = ParaSpec { measure, indent: 0.0, align, hyphenate: true, strictness: Strictness::Strict, line_end_half: false, lang: quire_core::text_lang::TextLang::Other };
    let run = Run { text: text.to_string(), style: RunStyle::plain(quire_pdf::Family::Serif, size) };
    set_paragraph(&mut Shaper::new(fonts), &[run], &spec)
}

#[test]
fn adjacent_fullwidth_punctuation_is_compressed() {
    use quire_pdf::layout::paragraph::Align;
    let Some(fonts) = fonts("zh-CN") else { return };
    // 他说（你好）。 = 7 full-width characters; `）。` sets the `）` half-width.
    let lines = set_one(&fonts, "他说（你好）。", 10.0, 500.0, Align::Left);
    assert_eq!(lines.len(), 1);
    assert!((lines[0].width - 65.0).abs() < 0.1, "width {}", lines[0].width);
    // `（「` sets the second opening bracket half-width, `」）` the first closing one: 6 − 1 em.
    let lines = set_one(&fonts, "说（「好」）", 10.0, 500.0, Align::Left);
    assert!((lines[0].width - 50.0).abs() < 0.1, "width {}", lines[0].width);
}

#[test]
fn quarter_em_between_han_and_latin() {
    use quire_pdf::layout::paragraph::Align;
    let Some(fonts) = fonts("zh-CN") else { return };
    let han = set_one(&fonts, "中文", 10.0, 500.0, Align::Left)[0].width;
    let latin = set_one(&fonts, "Go", 10.0, 500.0, Align::Left)[0].width;
    let mixed = set_one(&fonts, "中Go文", 10.0, 500.0, Align::Left)[0].width;
    assert!((mixed - (han + latin + 5.0)).abs() < 0.1, "{mixed} vs {han} + {latin} + 2×2.5");
    // An author's space between Han and Latin becomes the same quarter em.
    let spaced = set_one(&fonts, "中 Go 文", 10.0, 500.0, Align::Left)[0].width;
    assert!((spaced - mixed).abs() < 0.1, "{spaced} vs {mixed}");
}

#[test]
fn nothing_fits_means_an_emergency_break_not_an_overfull_line() {
    use quire_pdf::layout::paragraph::Align;
    let Some(fonts) = fonts("en") else { return };
    let text = "See https://example.com/a/really/long/path/that/does/not/fit/on/one/narrow/line/at/all/index.html for details.";
    for align in [Align::Justify, Align::Left] {
        let lines = set_one(&fonts, text, 10.0, 90.0, align);
        assert!(lines.len() > 2);
        for l in &lines {
            assert!(l.width <= 90.01, "overfull {} : {}", l.width, l.text);
        }
    }
}

#[test]
fn code_spans_keep_their_spaces_and_words_are_not_cut_when_a_loose_line_fits() {
    use quire_pdf::layout::inline::{Run, RunStyle};
    use quire_pdf::layout::paragraph::{set_paragraph, Align, ParaSpec};
    use quire_pdf::layout::shape::Shaper;
    use quire_pdf::Family;
    let Some(fonts) = fonts("en") else { return };
    // The handbook's checklist line: prose with two code spans. Words that fit a line must never
    // be cut (the emergency pass used to cut `errors` rather than set a loose line).
    let runs = [
        ("your own book builds with ", Family::Serif, 10.0),
        ("publish check", Family::Mono, 9.2),
        (" reporting ", Family::Serif, 10.0),
        ("0 errors, 0 warnings", Family::Mono, 9.2),
    ];
    let runs: Vec<Run> = runs.iter().map(|(t, f, size)| Run { text: t.to_string(), style: RunStyle::plain(*f, *size) }).collect();
    let words: Vec<String> = runs.iter().flat_map(|r| r.text.split_whitespace().map(str::to_string)).collect();
    let mut shaper = Shaper::new(&fonts);
    for measure in (240..=400).step_by(4) {
        let measure = measure as f32;
        let spec = ParaSpec { measure, indent: 0.0, align: Align::Justify, hyphenate: true, strictness: Strictness::Strict, line_end_half: false, lang: quire_core::text_lang::TextLang::Other };
        let lines = set_paragraph(&mut shaper, &runs, &spec);
        let mut joined = String::new();
        for l in &lines {
            assert!(l.width <= measure + 0.01, "overfull at {measure}: {}", l.text);
            // A hyphenation break adds `-`; any other cut inside a word leaves it split in two.
            match l.text.strip_suffix('-') {
                Some(head) => joined.push_str(head),
                None => {
                    joined.push_str(&l.text);
                    joined.push(' ');
                }
            }
        }
        let got: Vec<&str> = joined.split_whitespace().collect();
        assert_eq!(got, words, "a word was cut at measure {measure}: {:?}", lines.iter().map(|l| &l.text).collect::<Vec<_>>());
    }
}

#[test]
fn english_is_hyphenated_and_justified() {
    use quire_pdf::layout::paragraph::Align;
    let Some(fonts) = fonts("en") else { return };
    let text = "Typesetting is the composition of text by means of arranging physical type or its digital \
                equivalents. Stored letters and other symbols are retrieved and ordered according to a \
                language's orthography for visual display, with considerable typographical sophistication.";
    let lines = set_one(&fonts, text, 10.0, 150.0, Align::Justify);
    for l in &lines[..lines.len() - 1] {
        assert!((l.width - 150.0).abs() < 0.05, "{} {}", l.width, l.text);
    }
    assert!(lines.iter().any(|l| l.text.ends_with('-')), "no hyphen in {:#?}", lines.iter().map(|l| &l.text).collect::<Vec<_>>());
}

#[test]
fn a_character_no_font_has_is_reported_where_it_is() {
    let mut book = chinese_book();
    let span = Span::new(quire_core::FileId(0), 10, 20);
    book.chapters[0].blocks.push(Block { kind: BlockKind::Paragraph(vec![Inline::text("象形文字 𓀀 在这里", span)]), span });
    let Some(fonts) = fonts("zh-CN") else { return };
    let (_, diags) = layout(&book, &fonts, &LayoutOptions::default());
    let d = diags.iter().find(|d| d.code == "pdf-missing-glyph").expect("a missing-glyph warning");
    assert!(d.message.contains('𓀀'), "{}", d.message);
    assert_eq!(d.span, Some(span));
}

#[test]
fn part_titles_get_their_own_page_and_chapter_one_is_page_one() {
    let mut book = chinese_book();
    book.toc.insert(0, TocEntry::PartTitle("第一部分".into()));
    let Some(fonts) = fonts("zh-CN") else { return };
    let (doc, _) = layout(&book, &fonts, &LayoutOptions::default());
    let part = doc.outline.iter().find(|o| o.title == "第一部分").expect("part in the outline");
    let chapter = doc.outline.iter().find(|o| o.title.contains("引言")).expect("chapter in the outline");
    assert!(part.page < chapter.page);
    assert_eq!(part.page % 2, 0, "part page is a recto");
    let arabic = doc.labels.iter().find(|l| l.style == quire_pdf::model::LabelStyle::Decimal).expect("arabic labels");
    assert_eq!(arabic.first_page, part.page);
}

#[test]
fn line_end_closing_punctuation_may_be_half_width() {
    use quire_pdf::layout::inline::{Run, RunStyle};
    use quire_pdf::layout::paragraph::{set_paragraph, Align, ParaSpec};
    use quire_pdf::layout::shape::Shaper;
    let Some(fonts) = fonts("zh-CN") else { return };
    // Ten characters then a comma at a measure of 10.5 em: the comma stays on the first line,
    // set in half an em (dropped at the line end, or squeezed as the line's shrink), rather
    // than pushing 十 down or starting the next line.
    let text = "一二三四五六七八九十，一二三四五六七八九十。";
    let run = Run { text: text.into(), style: RunStyle::plain(quire_pdf::Family::Serif, 10.0) };
    for (half, first_len) in [(true, 11), (false, 11)] {
        let spec = ParaSpec { measure: 105.0, indent: 0.0, align: Align::Justify, hyphenate: false, strictness: Strictness::Strict, line_end_half: half, lang: quire_core::text_lang::TextLang::Other };
        let lines = set_paragraph(&mut Shaper::new(&fonts), std::slice::from_ref(&run), &spec);
        assert_eq!(lines[0].text.chars().count(), first_len, "half={half}: {:?}", lines.iter().map(|l| &l.text).collect::<Vec<_>>());
        assert!(lines.iter().all(|l| l.width <= 105.01));
    }
}

#[test]
fn pdf_leaves_hidden_code_lines_out() {
    let book = support::load_fixture("html", "hidden-lines");
    let Some(fonts) = fonts(book.language()) else { return };
    let code: Vec<String> =
        layout_lines(&book, &fonts, &LayoutOptions::default()).into_iter().filter(|l| l.kind == LineKind::Code).map(|l| l.text).collect();
    let all = code.join("\n");
    for shown in ["visible_rust_line", "# escaped_hash_stays", "#[derive(Debug)]", "visible_python_line", "visible_block_prefix_line", "# kept_bash_comment"] {
        assert!(all.contains(shown), "{shown}:\n{all}");
    }
    for hidden in ["hidden_rust_line", "fn main", "hidden_python_line", "hidden_block_prefix_line", "~", "!!!"] {
        assert!(!all.contains(hidden), "{hidden}:\n{all}");
    }
    assert_eq!(code.len(), 7, "{all}");
}
