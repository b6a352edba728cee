//! Unit tests of resolution on small books built in a temporary folder.
#![allow(clippy::panic, clippy::unwrap_used)]

use super::*;
use crate::ast::{Block, BlockKind, ChapterId, ImageSource, Inline, InlineKind, LinkTarget};
use crate::book::{Chapter, ChapterRole, MediaType};
use crate::config::BookConfig;
use crate::expand::ExpandedSource;
use crate::ast::visit as walk;
use crate::parse::{parse_chapter, ParseOptions};
use crate::span::{SourceFile, SourceMap, Span};

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n0000";
const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3];

/// A book in a fresh temp folder: `files` written under `root/src`, `chapters` parsed from
/// (path, text, number).
fn book(name: &str, files: &[(&str, &[u8])], chapters: &[(&str, &str, &[u32])]) -> Book {
    let root = std::env::temp_dir().join(format!("quire-resolve-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let src = root.join("src");
    for (p, data) in files {
        let p = src.join(p);
        if let Some(d) = p.parent() {
            std::fs::create_dir_all(d).ok();
        }
        std::fs::write(&p, data).ok();
    }
    let mut config = BookConfig::default();
    config.book.src = Some("src".into());
    let mut sources = SourceMap::new();
    let opts = ParseOptions { gitbook_compat: true, cjk_emphasis: true, ..Default::default() };
    let chapters = chapters
        .iter()
        .enumerate()
        .map(|(i, (path, text, number))| {
            let p = src.join(path);
            if let Some(d) = p.parent() {
                std::fs::create_dir_all(d).ok();
            }
            std::fs::write(&p, text).ok();
            let file = sources.add(SourceFile::new(format!("src/{path}"), text.to_string()));
            let parsed = parse_chapter(&ExpandedSource::single(file, text.to_string()), &opts);
            Chapter {
                id: ChapterId(i),
                title: path.to_string(),
                page_title: None,
                number: number.to_vec(),
                depth: 0,
                parent: None,
                role: if number.is_empty() { ChapterRole::Prefix } else { ChapterRole::Numbered },
                source_path: Some(path.into()),
                output_stem: path.trim_end_matches(".md").to_string(),
                draft: false,
                blocks: parsed.blocks,
                footnotes: parsed.footnotes,
                html_origins: parsed.html_origins,
                span: Span::file_start(file),
            }
        })
        .collect();
    Book { config, root, sources, toc: Vec::new(), chapters, assets: Vec::new(), cover: None, asset_reader: None, not_found: None, diagnostics: Vec::new(), timestamp: 0 }
}

fn links(ch: &Chapter) -> Vec<LinkTarget> {
    let mut out = Vec::new();
    let mut blocks = ch.blocks.clone();
    walk::visit_all_inlines(&mut blocks, &mut |i| {
        if let InlineKind::Link { target, .. } = &i.kind {
            out.push(target.clone());
        }
    });
    out
}

fn images(ch: &Chapter) -> Vec<ImageSource> {
    let mut out = Vec::new();
    let mut blocks = ch.blocks.clone();
    walk::visit_blocks(&mut blocks, &mut |b| {
        if let BlockKind::Figure { image, .. } = &b.kind {
            out.push(image.source.clone());
        }
    });
    walk::visit_all_inlines(&mut blocks, &mut |i| {
        if let InlineKind::Image(img) = &i.kind {
            out.push(img.source.clone());
        }
    });
    out
}

fn heading_ids(ch: &Chapter) -> Vec<String> {
    ch.blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Heading { id, .. } => Some(id.clone()),
            _ => None,
        })
        .collect()
}

fn codes(b: &Book) -> Vec<&'static str> {
    b.diagnostics.iter().map(|d| d.code.name()).collect()
}

#[test]
fn heading_ids_are_mdbooks_unique_per_page() {
    let mut b = book("ids", &[], &[
        ("a.md", "# Intro\n\n## Setup\n\n## Setup\n\n## 安装\u{3000}步骤\n\n## Über `x`\n", &[1]),
        ("b.md", "# Intro\n\n## Setup\n\n## Other {#setup-1}\n\n## Setup\n\n## Setup\n\n\
                  See [s](#setup-1) [t](a.md#setup-1) [u](a.md#安装-步骤) [v](a.md#Über-x)\n", &[2]),
    ]);
    // An HTML `<h2>Setup</h2>` (as raw HTML becomes with `html_nodes`) before the last heading.
    let span = b.chapters[1].blocks[3].span;
    let html = Block { kind: BlockKind::Heading { level: 2, id: String::new(), classes: vec![], number: None, inlines: vec![Inline::text("Setup", span)], from_html: true }, span };
    b.chapters[1].blocks.insert(4, html);
    resolve(&mut b, &ResolveOptions::default());
    // As mdBook: per page, a counter per text, only ASCII lower-cased, any space is `-`.
    assert_eq!(heading_ids(&b.chapters[0]), vec!["intro", "setup", "setup-1", "安装-步骤", "Über-x"]);
    // The author's `setup-1` is kept; the heading mdBook would give it too moves aside, the
    // others keep mdBook's ids; the HTML heading, which mdBook leaves bare, shifts none of them.
    assert_eq!(heading_ids(&b.chapters[1]), vec!["intro", "setup", "setup-1", "setup-1-1", "setup-3", "setup-2"]);
    let l = links(&b.chapters[1]);
    let int = |c: usize, a: &str| LinkTarget::Internal { chapter: ChapterId(c), anchor: Some(a.into()) };
    assert_eq!(l, vec![int(1, "setup-1"), int(0, "setup-1"), int(0, "安装-步骤"), int(0, "Über-x")]);
    assert!(!codes(&b).contains(&"duplicate-id"), "{:?}", b.diagnostics);
}

#[test]
fn a_heading_id_written_twice_in_a_chapter_is_a_warning() {
    let mut b = book("dup", &[], &[("a.md", "# A {#x}\n\n## B {#x}\n", &[1]), ("b.md", "# C {#x}\n", &[2])]);
    resolve(&mut b, &ResolveOptions::default());
    assert_eq!(codes(&b).iter().filter(|c| **c == "duplicate-id").count(), 1, "{:?}", b.diagnostics);
}

#[test]
fn links_resolve_between_chapters() {
    let mut b = book("links", &[("file.pdf", b"%PDF")], &[
        ("ch1/a.md", "# A\n\n## Part Two\n\n[1](../ch2/b.md) [2](../ch2/b.html#bee) [3](#part-two) [4](https://x.org) \
                      [5](mailto:a@b.c) [6](../ch2/my%20file.md) [7](../ch2/my file.md) [8](nope.md) [9](#nope) \
                      [10](../file.pdf) [11](../ch2/b.md#missing)\n", &[1]),
        ("ch2/b.md", "# Bee\n", &[2]),
        ("ch2/my file.md", "# Spaced\n", &[3]),
    ]);
    resolve(&mut b, &ResolveOptions { gitbook_compat: true, ..Default::default() });
    let l = links(&b.chapters[0]);
    let int = |c: usize, a: Option<&str>| LinkTarget::Internal { chapter: ChapterId(c), anchor: a.map(String::from) };
    assert_eq!(l[0], int(1, None));
    assert_eq!(l[1], int(1, Some("bee")));
    assert_eq!(l[2], int(0, Some("part-two")));
    assert_eq!(l[3], LinkTarget::External("https://x.org".into()));
    assert_eq!(l[4], LinkTarget::External("mailto:a@b.c".into()));
    assert_eq!(l[5], int(2, None));
    assert_eq!(l[6], int(2, None));
    assert!(matches!(l[7], LinkTarget::Unresolved(_)));
    assert!(matches!(l[8], LinkTarget::Unresolved(_)));
    // A file of the book that is no chapter: loaded, as mdBook copies it (one note for the book).
    assert!(matches!(l[9], LinkTarget::File(_)), "{:?}", l[9]);
    assert!(matches!(l[10], LinkTarget::Unresolved(_)));
    let c = codes(&b);
    assert_eq!(c.iter().filter(|c| **c == "broken-link").count(), 3, "{:?}", b.diagnostics);
    assert_eq!(c.iter().filter(|c| **c == "link-to-file").count(), 1);
    assert!(b.diagnostics.iter().all(|d| d.span.is_some() && d.hint.is_some()));
}

#[test]
fn links_and_images_with_refused_schemes_are_dropped_with_a_warning() {
    let mut b = book("schemes", &[], &[(
        "a.md",
        "# A\n\n[x](javascript:alert(1)) <vbscript:x> [y](&#106;avascript:x) [z](ftp://h/f) [w](https://h/) ![i](data:text/html,x)\n",
        &[1],
    )]);
    resolve(&mut b, &ResolveOptions { allowed_url_schemes: vec!["FTP".into()], ..Default::default() });
    let l = links(&b.chapters[0]);
    assert!(matches!(&l[0], LinkTarget::Refused(u) if u == "javascript:alert(1)"), "{l:?}");
    assert!(matches!(&l[1], LinkTarget::Refused(_)) && matches!(&l[2], LinkTarget::Refused(_)), "{l:?}");
    assert_eq!(l[3], LinkTarget::External("ftp://h/f".into()));
    assert_eq!(l[4], LinkTarget::External("https://h/".into()));
    assert!(matches!(&images(&b.chapters[0])[0], ImageSource::Refused(_)));
    assert_eq!(codes(&b).iter().filter(|c| **c == "url-scheme-refused").count(), 4, "{:?}", b.diagnostics);
}

#[test]
fn images_become_assets() {
    let mut b = book("img", &[("ch/pic.png", PNG), ("ch/照片 一.png", JPEG), ("ch/singa on mesos.png", PNG)], &[
        ("ch/a.md", "![a](pic.png)\n\n![b](照片 一.png)\n\n![c](%E7%85%A7%E7%89%87%20%E4%B8%80.png)\n\n\
                     ![](singa on mesos.png)\n\nx ![d](./pic.png) y\n\n![e](https://x.org/a.png)\n\n![FIXME]()\n\n\
                     ![f](gone.png)\n\n![g](../../../../etc/passwd)\n", &[1]),
    ]);
    resolve(&mut b, &ResolveOptions { gitbook_compat: true, ..Default::default() });
    let imgs = images(&b.chapters[0]);
    let a = |n: usize| ImageSource::Asset(crate::ast::AssetId(n));
    assert_eq!(&imgs[..4], &[a(0), a(1), a(1), a(2)]);
    assert_eq!(imgs[4], ImageSource::Remote("https://x.org/a.png".into()));
    assert_eq!(imgs[5], ImageSource::Missing(String::new()));
    assert!(matches!(&imgs[6], ImageSource::Missing(p) if p == "gone.png"));
    assert!(matches!(&imgs[7], ImageSource::Missing(_)));
    assert_eq!(imgs[8], a(0), "inline images resolve too");
    assert_eq!(b.assets.len(), 3);
    let jpeg = &b.assets[1];
    assert_eq!(jpeg.media_type, MediaType::Jpeg);
    assert!(jpeg.output_path.ends_with(".jpg") && jpeg.output_path.is_ascii() && !jpeg.output_path.contains(' '));
    assert_eq!(jpeg.path, std::path::PathBuf::from("src/ch/照片 一.png"));
    assert!(b.assets[2].output_path.ends_with("-singa-on-mesos.png"));
    let c = codes(&b);
    for code in ["remote-image", "empty-image", "missing-image", "path-escape"] {
        assert!(c.contains(&code), "{code} in {c:?}");
    }
    let esc = b.diagnostics.iter().find(|d| d.code == "path-escape");
    assert_eq!(esc.map(|d| d.severity), Some(crate::Severity::Error));
}

#[test]
fn allow_paths_permit_outside_images() {
    let outside = std::env::temp_dir().join(format!("quire-resolve-outside-{}", std::process::id()));
    std::fs::create_dir_all(&outside).ok();
    std::fs::write(outside.join("x.png"), PNG).ok();
    let rel = format!("../../quire-resolve-outside-{}/x.png", std::process::id());
    let mut b = book("allow", &[], &[("a.md", &format!("![x]({rel})\n"), &[1])]);
    resolve(&mut b, &ResolveOptions { allow_paths: vec![outside.clone()], ..Default::default() });
    assert_eq!(images(&b.chapters[0]), vec![ImageSource::Asset(crate::ast::AssetId(0))], "{:?}", b.diagnostics);
}

#[test]
fn numbering_per_chapter() {
    let text = "# T\n\n## S1\n\n![a](a.png)\n\n### S1.1\n\n```rust\nx\n```\n\n## S2\n\n|a|b|\n|-|-|\n|1|2|\n\n![b](a.png)\n";
    let mut b = book("num", &[("a.png", PNG)], &[("one.md", text, &[2]), ("pre.md", text, &[])]);
    let opts = ResolveOptions {
        number_figures: true,
        number_tables: true,
        number_listings: true,
        number_sections: true,
        ..Default::default()
    };
    resolve(&mut b, &opts);
    let nums = |ch: &Chapter| {
        ch.blocks
            .iter()
            .filter_map(|b| match &b.kind {
                BlockKind::Figure { numbering, .. }
                | BlockKind::Table { numbering, .. }
                | BlockKind::CodeBlock { numbering, .. } => numbering.number.clone(),
                BlockKind::Heading { number, .. } => number.clone().or(Some("-".into())),
                _ => None,
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(nums(&b.chapters[0]), vec!["-", "2.1", "2.1", "2.1.1", "2.1", "2.2", "2.1", "2.2"]);
    assert_eq!(nums(&b.chapters[1]), vec!["-", "-", "1", "-", "1", "-", "1", "2"]);
}

/// `[quire.numbering] equations`: display formulas numbered `(chapter.n)` per chapter, `\tag`
/// shown instead (and shown with numbering off too), `\notag` unnumbered, inline math never.
#[test]
fn equations_numbered_per_chapter_with_tags() {
    let text = "# T\n\n$$\nE = mc^2\n$$\n\nInline $x$.\n\n$$\na \\tag{A}\n$$\n\n$$\nb \\notag\n$$\n\n$$\nc \\tag*{B}\n$$\n\n$$\nd\n$$\n";
    let numbers = |b: &crate::Book, ch: usize| -> Vec<Option<String>> {
        b.chapters[ch].blocks.iter().filter_map(|b| match &b.kind {
            BlockKind::Math { number, .. } => Some(number.clone()),
            _ => None,
        }).collect()
    };
    let s = |x: &str| Some(x.to_string());
    let mut b = book("eq", &[], &[("one.md", text, &[3]), ("pre.md", text, &[])]);
    resolve(&mut b, &ResolveOptions { number_equations: true, ..Default::default() });
    assert_eq!(numbers(&b, 0), vec![s("(3.1)"), s("(A)"), None, s("B"), s("(3.2)")]);
    assert_eq!(numbers(&b, 1), vec![s("(1)"), s("(A)"), None, s("B"), s("(2)")]);
    let mut b = book("eq-off", &[], &[("one.md", text, &[3])]);
    resolve(&mut b, &ResolveOptions::default());
    assert_eq!(numbers(&b, 0), vec![None, s("(A)"), None, s("B"), None]);
}

#[test]
fn footnote_ids_unique() {
    let mut b = book("fn", &[], &[
        ("a.md", "x[^1]\n\n[^1]: one\n", &[1]),
        ("sub/a.md", "y[^n]\n\n[^n]: two\n", &[2]),
    ]);
    resolve(&mut b, &ResolveOptions::default());
    assert_eq!(b.chapters[0].footnotes[0].id, "fn-a-1");
    assert_eq!(b.chapters[1].footnotes[0].id, "fn-sub-a-1");
}

#[test]
fn raw_html_images_are_loaded_and_found() {
    let mut b = book("rawhtml", &[("img/logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>")], &[
        ("ch/a.md", "<p><img class=\"right\" src=\"../img/logo.svg\" alt=\"Logo\"></p>\n\nText <img src=\"../img/none.png\"> and <img src=\"https://x.org/a.png\">.\n", &[1]),
    ]);
    resolve(&mut b, &ResolveOptions::default());
    assert_eq!(b.assets.len(), 1);
    assert_eq!(b.assets[0].media_type, MediaType::Svg);
    assert_eq!(raw_html_asset(&b, ChapterId(0), "../img/logo.svg"), Some(crate::ast::AssetId(0)));
    assert_eq!(raw_html_asset(&b, ChapterId(0), "../img/none.png"), None);
    assert_eq!(codes(&b), vec!["missing-image"]);
}

mod props {
    use super::super::{html_images, paths};
    use crate::slug;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]
        #[test]
        fn path_helpers_never_panic(s in "[%a-f0-9E4B8/. #?中<>=\"' a-z]{0,40}") {
            let _ = paths::percent_decode(&s);
            let _ = paths::split_fragment(&s);
            let _ = paths::is_external(&s);
            let _ = paths::join(std::path::Path::new("/r"), std::path::Path::new("/r/a"), &s);
            let _ = html_images::img_srcs(&format!("<img {s}>"));
            let _ = html_images::img_srcs(&s);
            let slug = slug::slugify(&s);
            prop_assert!(!slug.contains(' '));
        }
    }
}
