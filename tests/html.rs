//! Integration tests: html. The fixture book and the shared corpora are rendered to
//! `target/test-out/html-*`, validated with the Nu HTML checker (0 errors), searched through
//! the built index, and the CommonMark spec examples go through core's parser and the shared
//! markup writer.

use crate::support;
use quire_html::search::{query, SearchIndex};
use std::path::{Path, PathBuf};
use quire_core::resolve::paths::percent_decode;

pub(crate) fn render_to(name: &str, book: &quire_core::Book) -> (PathBuf, quire_core::Rendered) {
    let rendered = quire_html::render(book, &quire_html::Options::default()).expect("html renders");
    let dir = support::out_dir(&format!("html-{name}"));
    support::write_rendered(&dir, &rendered);
    (dir, rendered)
}

pub(crate) fn file<'a>(r: &'a quire_core::Rendered, path: &str) -> &'a str {
    let f = r.files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("no {path} in output"));
    std::str::from_utf8(&f.data).expect("utf-8")
}

fn html_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "html") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Runs the Nu checker on every page under `dir`; returns the error messages.
pub(crate) fn vnu_errors(dir: &Path) -> Vec<String> {
    let jar = support::tools_dir().join("node_modules/vnu-jar/build/dist/vnu.jar");
    assert!(jar.is_file(), "{} is missing: run `make tools`", jar.display());
    let files = html_files(dir);
    assert!(!files.is_empty());
    let mut cmd = support::tool("java");
    cmd.arg("-Xss4m").arg("-jar").arg(&jar).arg("--errors-only").arg("--format").arg("json").args(&files);
    let (_, _, stderr) = support::run(&mut cmd);
    let json: serde_json::Value = serde_json::from_str(stderr.trim()).unwrap_or_else(|e| panic!("vnu output is not JSON ({e}): {stderr}"));
    json["messages"]
        .as_array()
        .map(|m| {
            m.iter()
                .filter(|m| m["type"] == "error" || m["subType"] == "fatal")
                .map(|m| format!("{}:{}: {} [{}]", m["url"].as_str().unwrap_or(""), m["lastLine"], m["message"].as_str().unwrap_or(""), m["extract"].as_str().unwrap_or("")))
                .collect()
        })
        .unwrap_or_default()
}

/// Every relative `href`/`src` in the site points at a file it contains, and every `#anchor` at
/// an id on that page. Returns the broken ones.
pub(crate) fn broken_links(r: &quire_core::Rendered) -> Vec<String> {
    use html5gum::{Token, Tokenizer};
    use std::collections::{HashMap, HashSet};
    let mut ids: HashMap<&str, HashSet<String>> = HashMap::new();
    let mut refs: Vec<(&str, String)> = Vec::new();
    for f in r.files.iter().filter(|f| f.path.ends_with(".html") && f.path != "404.html") {
        let text = std::str::from_utf8(&f.data).expect("utf-8");
        let page_ids = ids.entry(f.path.as_str()).or_default();
        for t in Tokenizer::new(text) {
            let Ok(Token::StartTag(tag)) = t else { continue };
            for (k, v) in &tag.attributes {
                let v = String::from_utf8_lossy(&v.value).into_owned();
                match k.as_slice() {
                    b"id" => {
                        page_ids.insert(v);
                    }
                    b"href" | b"src" => refs.push((f.path.as_str(), v)),
                    _ => {}
                }
            }
        }
    }
    let files: HashSet<&str> = r.files.iter().map(|f| f.path.as_str()).collect();
    let mut broken = Vec::new();
    for (page, url) in refs {
        if url.contains("://") || url.starts_with("mailto:") || url.starts_with("data:") || url.is_empty() {
            continue;
        }
        let (path, frag) = url.split_once('#').map(|(p, f)| (p, Some(f))).unwrap_or((url.as_str(), None));
        let target = if path.is_empty() {
            page.to_string()
        } else {
            let mut parts: Vec<&str> = page.split('/').collect();
            parts.pop();
            for seg in path.split('/') {
                match seg {
                    ".." => {
                        parts.pop();
                    }
                    "." => {}
                    s => parts.push(s),
                }
            }
            parts.join("/")
        };
        let decoded = percent_decode(&target);
        if !files.contains(decoded.as_str()) {
            broken.push(format!("{page}: {url} (no file {decoded})"));
        } else if let Some(frag) = frag.filter(|f| !f.is_empty()) {
            let frag = percent_decode(frag);
            if ids.get(decoded.as_str()).is_some_and(|s| !s.contains(&frag)) {
                broken.push(format!("{page}: {url} (no id {frag})"));
            }
        }
    }
    broken
}

/// Why `text` would not be well-formed XML: unbalanced or misnested elements, void elements not
/// self-closed, named entities other than the XML ones.
pub(crate) fn xhtml_problems(text: &str) -> Vec<String> {
    use html5gum::{Token, Tokenizer};
    const VOID: &[&[u8]] = &[b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta", b"source", b"track", b"wbr"];
    let mut problems = Vec::new();
    let mut stack: Vec<Vec<u8>> = Vec::new();
    for t in Tokenizer::new(text) {
        let Ok(t) = t;
        match t {
            Token::StartTag(tag) if VOID.contains(&tag.name.as_slice()) => {
                if !tag.self_closing {
                    problems.push(format!("<{}> not self-closed", String::from_utf8_lossy(&tag.name)));
                }
            }
            Token::StartTag(tag) if !tag.self_closing => stack.push(tag.name.to_vec()),
            Token::StartTag(_) => {}
            Token::EndTag(tag) => {
                if stack.pop().as_deref() != Some(tag.name.as_slice()) {
                    problems.push(format!("misnested </{}>", String::from_utf8_lossy(&tag.name)));
                }
            }
            _ => {}
        }
    }
    if !stack.is_empty() {
        problems.push(format!("{} unclosed elements", stack.len()));
    }
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        rest = &rest[i + 1..];
        let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '#').collect();
        if rest[name.len()..].starts_with(';') && !name.starts_with('#') && !matches!(name.as_str(), "amp" | "lt" | "gt" | "quot") {
            problems.push(format!("named entity &{name};"));
        }
    }
    problems
}

#[test]
fn every_page_of_the_fixture_is_well_formed_xhtml() {
    assert_well_formed(vec![("basic".to_string(), support::load_fixture("html", "basic"))]);
}

#[test]
#[cfg_attr(not(has_corpora), ignore = "needs ../shared/corpora")]
fn every_page_of_the_corpora_is_well_formed_xhtml() {
    assert_well_formed(
        support::corpus_names()
            .into_iter()
            .map(|name| {
                let book = quire_core::Book::load(support::corpus(&name)).expect("loads");
                (name, book)
            })
            .collect(),
    );
}

fn assert_well_formed(books: Vec<(String, quire_core::Book)>) {
    let mut all = Vec::new();
    for (name, book) in &books {
        let r = quire_html::render(book, &quire_html::Options::default()).expect("renders");
        for f in r.files.iter().filter(|f| f.path.ends_with(".html")) {
            for p in xhtml_problems(std::str::from_utf8(&f.data).expect("utf-8")) {
                all.push(format!("{name}/{}: {p}", f.path));
            }
        }
    }
    assert!(all.is_empty(), "{} problems:\n{}", all.len(), all.iter().take(40).cloned().collect::<Vec<_>>().join("\n"));
}

#[test]
fn every_link_of_the_fixture_site_resolves() {
    let book = support::load_fixture("html", "basic");
    let r = quire_html::render(&book, &quire_html::Options::default()).expect("renders");
    let broken = broken_links(&r);
    assert!(broken.is_empty(), "{}", broken.join("\n"));
    // The checker itself notices a missing page and a missing anchor.
    let mut bad = r.clone();
    bad.files.push(quire_core::OutputFile { path: "x/bad.html".into(), data: b"<a href=\"../nope.html\">a</a><a href=\"../index.html#nope\">b</a><img src=\"../style.css\">".to_vec() });
    assert_eq!(broken_links(&bad).len(), 3, "{:?}", broken_links(&bad));
}

#[test]
#[cfg_attr(not(has_corpora), ignore = "needs ../shared/corpora")]
fn every_link_of_the_corpus_sites_resolves() {
    let mut total = 0;
    for name in support::corpus_names() {
        let book = quire_core::Book::load(support::corpus(&name)).expect("loads");
        let r = quire_html::render(&book, &quire_html::Options::default()).expect("renders");
        let broken = broken_links(&r);
        println!("links {name}: {} broken", broken.len());
        for b in broken.iter().take(30) {
            println!("  {b}");
        }
        total += broken.len();
    }
    assert_eq!(total, 0, "broken links in the corpora (see above)");
}

#[test]
fn fixture_site_has_every_page_and_feature() {
    let book = support::load_fixture("html", "basic");
    let (_, r) = render_to("basic", &book);
    let paths: Vec<&str> = r.files.iter().map(|f| f.path.as_str()).collect();
    for p in ["index.html", "print.html", "404.html"] {
        assert!(paths.contains(&p), "{p} missing from {paths:?}");
    }
    assert!(paths.iter().any(|p| p.starts_with("style-") && p.ends_with(".css")), "{paths:?}");
    assert!(paths.iter().any(|p| p.starts_with("book-") && p.ends_with(".js")), "{paths:?}");
    assert!(paths.iter().any(|p| p.starts_with("searchindex-") && p.ends_with(".js")), "{paths:?}");
    for a in &book.assets {
        assert_eq!(paths.iter().filter(|p| **p == a.output_path).count(), 1, "asset {} once", a.output_path);
    }
    let basics = book.chapters.iter().find(|c| c.title == "Basics").expect("Basics chapter");
    let page = file(&r, &format!("{}.html", basics.output_stem));
    assert!(page.contains("<html lang=\"en\""));
    assert!(page.contains("<a class=\"skip-link\" href=\"#content\">"));
    assert!(page.contains("aria-current=\"page\""));
    assert!(page.contains("class=\"chapter-item draft\""), "draft greyed in the sidebar");
    assert!(page.contains("<li class=\"part-title\">Part One</li>"));
    assert!(page.contains("rel=\"prev\"") && page.contains("rel=\"next\""));
    assert!(page.contains("https://example.com/edit/main/src/part1/basics.md"));
    assert!(page.contains("task-list-item"));
    assert!(page.contains("<aside class=\"admonition note\" role=\"note\">"));
    assert!(page.contains("<div class=\"table-wrap\">"));
    assert!(page.contains("<math"));
    assert!(page.contains("class=\"hl-"), "highlighted code");
    assert!(page.contains("<figcaption>"));
    assert!(page.contains("class=\"footnote-back\""));
    let raw = book.chapters.iter().find(|c| c.title == "Raw HTML").expect("Raw chapter");
    let raw_page = file(&r, &format!("{}.html", raw.output_stem));
    assert!(!raw_page.contains("alert("), "script dropped");
    assert!(raw_page.contains("<small>small</small>"), "font size=2 → small");
    assert!(raw_page.contains("<code>teletype</code>"));
    assert!(raw_page.contains("Vec&lt;T&gt;"));
    assert!(raw_page.contains("\u{2003}entities"), "numeric entity resolved");
    assert!(r.diagnostics.iter().any(|d| d.code == "missing-alt"), "raw <img> without alt is reported");
    let cjk = book.chapters.iter().find(|c| c.title == "中文章节").expect("CJK chapter");
    let cjk_page = file(&r, &format!("{}.html", cjk.output_stem));
    assert!(cjk_page.contains("这是第二行，中文软换行"), "no space at a soft break between CJK characters");
    let print = file(&r, "print.html");
    assert!(print.contains("class=\"chapter print-chapter\""));
}

#[test]
fn only_chapters_renders_just_those_pages() {
    let book = support::load_fixture("html", "basic");
    let id = book.chapters.iter().find(|c| c.title == "Basics").expect("Basics").id;
    let r = quire_html::render(&book, &quire_html::Options { only_chapters: Some(vec![id]), ..Default::default() }).expect("renders");
    assert_eq!(r.files.len(), 1);
}

/// The chapter page titled `title` and the 404 page of a fixture book, rendered; and the name
/// of the site script.
fn chapter_and_404(case: &str, title: &str) -> (String, String, String, quire_core::Rendered) {
    let book = support::load_fixture("html", case);
    let r = quire_html::render(&book, &quire_html::Options::default()).expect("html renders");
    let ch = book.chapters.iter().find(|c| c.title == title).unwrap_or_else(|| panic!("{case}: no chapter {title}"));
    let page = file(&r, &quire_html::links::page_path(&book, ch)).to_string();
    let script = r.files.iter().map(|f| f.path.clone()).find(|p| p.starts_with("book-") && p.ends_with(".js")).expect("site script");
    (page, file(&r, "404.html").to_string(), script, r)
}

#[test]
fn site_labels_follow_the_book_language() {
    // Interface words of each language, as they appear in the markup.
    let english = [
        "<a class=\"skip-link\" href=\"#content\">Skip to content</a>",
        "title=\"Table of contents\" aria-label=\"Table of contents\"",
        "<nav id=\"sidebar\" class=\"sidebar\" aria-label=\"Table of contents\">",
        "placeholder=\"Search…\" aria-label=\"Search this book\"",
        "aria-label=\"Search results\"",
        "title=\"Light or dark theme\"",
        "title=\"Print this book\"",
        "title=\"Source repository\"",
        ">Edit this page</a>",
        "aria-label=\"Breadcrumbs\"",
        "<nav class=\"pager\" aria-label=\"Previous and next chapters\">",
        "</span> Previous chapter</span>",
        "Next chapter <span class=\"pager-dir\"",
        "class=\"toc-link\" title=\"Draft\"",
        "class=\"copy-button\" title=\"Copy\">Copy</button>",
        "data-l10n-copied=\"Copied\"",
        "data-l10n-result-one=\"{n} result\" data-l10n-result-many=\"{n} results\" data-l10n-no-results=\"No results\"",
    ];
    let simplified = [
        "<a class=\"skip-link\" href=\"#content\">跳到正文</a>",
        "title=\"目录\" aria-label=\"目录\"",
        "<nav id=\"sidebar\" class=\"sidebar\" aria-label=\"目录\">",
        "placeholder=\"搜索…\" aria-label=\"搜索本书\"",
        "aria-label=\"搜索结果\"",
        "title=\"切换浅色/深色主题\"",
        "title=\"打印本书\"",
        "title=\"源代码仓库\"",
        ">编辑本页</a>",
        "aria-label=\"当前位置\"",
        "<nav class=\"pager\" aria-label=\"章节导航\">",
        "</span> 上一章</span> <span class=\"pager-title\">前言</span>",
        "下一章 <span class=\"pager-dir\" aria-hidden=\"true\">→</span></span> <span class=\"pager-title\">小节</span>",
        "class=\"toc-link\" title=\"草稿\"",
        "class=\"copy-button\" title=\"复制\">复制</button>",
        "data-l10n-copied=\"已复制\"",
        "data-l10n-result-one=\"找到 {n} 个结果\" data-l10n-result-many=\"找到 {n} 个结果\" data-l10n-no-results=\"没有找到结果\"",
    ];
    let traditional = [
        "<a class=\"skip-link\" href=\"#content\">跳至正文</a>",
        "title=\"目錄\" aria-label=\"目錄\"",
        "<nav id=\"sidebar\" class=\"sidebar\" aria-label=\"目錄\">",
        "placeholder=\"搜尋…\" aria-label=\"搜尋本書\"",
        "aria-label=\"搜尋結果\"",
        "title=\"切換淺色/深色主題\"",
        "title=\"列印本書\"",
        "aria-label=\"目前位置\"",
        "<nav class=\"pager\" aria-label=\"章節導覽\">",
        "</span> 上一章</span> <span class=\"pager-title\">簡介</span>",
        "下一章 <span class=\"pager-dir\" aria-hidden=\"true\">→</span></span> <span class=\"pager-title\">第二章</span>",
        "class=\"copy-button\" title=\"複製\">複製</button>",
        "data-l10n-copied=\"已複製\"",
        "data-l10n-result-one=\"找到 {n} 筆結果\" data-l10n-result-many=\"找到 {n} 筆結果\" data-l10n-no-results=\"找不到結果\"",
    ];
    // Words that must not show up in a site of another language.
    let not_in_chinese = ["Skip to content", "Table of contents", "Search…", "Search this book", "Previous chapter", "Next chapter", ">Copy<", "Edit this page", "Print this book", "Breadcrumbs", "Page not found", "Copied", "No results", "title=\"draft\""];
    let not_in_traditional = ["跳到正文", "目录", "搜索", "打印", "复制", "当前位置", "章节", "找不到页面", "首页"];
    let not_in_english = ["目录", "目錄", "搜索", "搜尋", "上一章", "下一章", "复制", "複製"];

    let (en, en_404, en_js, _) = chapter_and_404("basic", "Basics");
    assert!(en.contains("<html lang=\"en\" xml:lang=\"en\""), "English book: lang=\"en\"");
    for w in english {
        assert!(en.contains(w), "English page lacks {w:?}");
    }
    for w in not_in_english {
        assert!(!en.contains(w), "English page has the Chinese label {w:?}");
    }
    assert!(en_404.contains("<h1 id=\"page-not-found\">Page not found</h1>") && en_404.contains(">Go to the first page</a>"), "{en_404}");

    let (hans, hans_404, hans_js, hans_site) = chapter_and_404("zh-hans", "第一章");
    assert!(hans.contains("<html lang=\"zh-CN\" xml:lang=\"zh-CN\""), "zh-CN book: lang=\"zh-CN\"");
    for w in simplified {
        assert!(hans.contains(w), "Simplified Chinese page lacks {w:?}");
    }
    assert!(hans_404.contains("<h1 id=\"page-not-found\">找不到页面</h1>") && hans_404.contains(">返回首页</a>"), "{hans_404}");
    assert!(hans_404.contains("<title>找不到页面 - 简体中文测试书</title>"), "{hans_404}");

    let (hant, hant_404, hant_js, hant_site) = chapter_and_404("zh-hant", "第一章");
    assert!(hant.contains("<html lang=\"zh-TW\" xml:lang=\"zh-TW\""), "zh-TW book (book.json): lang=\"zh-TW\"");
    for w in traditional {
        assert!(hant.contains(w), "Traditional Chinese page lacks {w:?}");
    }
    assert!(hant_404.contains("<h1 id=\"page-not-found\">找不到頁面</h1>") && hant_404.contains(">回到首頁</a>"), "{hant_404}");

    // No English interface word on any page of the Chinese sites (chapter, print and 404 pages),
    // and no Simplified one in the Traditional site.
    for (site, name) in [(&hans_site, "zh-hans"), (&hant_site, "zh-hant")] {
        for f in site.files.iter().filter(|f| f.path.ends_with(".html")) {
            let text = std::str::from_utf8(&f.data).expect("utf-8");
            assert!(text.contains("<html lang=\"zh-"), "{name}/{}: lang", f.path);
            for w in not_in_chinese {
                assert!(!text.contains(w), "{name}/{}: English label {w:?}", f.path);
            }
            if name == "zh-hant" {
                for w in not_in_traditional {
                    assert!(!text.contains(w), "{name}/{}: Simplified label {w:?}", f.path);
                }
            }
        }
    }
    // One script for every language: its words come from the page.
    assert!(en_js == hans_js && hans_js == hant_js, "{en_js} {hans_js} {hant_js}");
}

#[test]
fn fixture_site_passes_the_nu_checker() {
    let book = support::load_fixture("html", "basic");
    let (dir, _) = render_to("basic-vnu", &book);
    // The Chinese fixtures too (their labels, `lang="zh-…"`), in the same checker run.
    for case in ["zh-hans", "zh-hant"] {
        let zh = support::load_fixture("html", case);
        let r = quire_html::render(&zh, &quire_html::Options::default()).expect("html renders");
        support::write_rendered(&dir.join(case), &r);
    }
    let errors = vnu_errors(&dir);
    assert!(errors.is_empty(), "{} Nu errors:\n{}", errors.len(), errors.join("\n"));
}

#[test]
#[cfg_attr(not(has_corpora), ignore = "needs ../shared/corpora")]
fn corpora_pass_the_nu_checker() {
    let mut total = 0;
    for name in support::corpus_names() {
        let book = quire_core::Book::load(support::corpus(&name)).unwrap_or_else(|e| panic!("{name} loads: {e}"));
        let (out, r) = render_to(&name, &book);
        let errors = vnu_errors(&out);
        println!("vnu {name}: {} pages, {} errors", html_files(&out).len(), errors.len());
        for e in errors.iter().take(40) {
            println!("  {e}");
        }
        total += errors.len();
        assert!(r.files.iter().any(|f| f.path == "index.html"));
    }
    assert_eq!(total, 0, "Nu errors in the corpora (see above)");
}

/// The browser's search (theme/search.js run by node) gives the same hits and snippets as the
/// Rust engine.
#[test]
fn javascript_search_matches_rust_search() {
    let book = support::load_fixture("html", "basic");
    let r = quire_html::render(&book, &quire_html::Options::default()).expect("renders");
    let index_js = r.files.iter().find(|f| f.path.starts_with("searchindex-")).expect("index");
    let index_js = std::str::from_utf8(&index_js.data).expect("utf-8");
    let index = SearchIndex::from_js(index_js).expect("parses");
    let queries = ["调度", "Marathon", "footnote text", "defin", "中文 soft", "nothing-matches-this"];
    let dir = support::out_dir("html-search-parity");
    std::fs::write(dir.join("index.js"), index_js).expect("write");
    let script = format!(
        "global.window = {{}};\n{}\n{}\nconst qs = {};\nconsole.log(JSON.stringify(qs.map(q => QuireSearch.query(window.QUIRE_SEARCH_INDEX, q).map(h => [h.doc.u + (h.doc.a ? '#' + h.doc.a : ''), QuireSearch.snippet(h.doc.b, q, h.terms)]))));\n",
        index_js,
        quire_html::theme::SEARCH_JS,
        serde_json::to_string(&queries).expect("json")
    );
    std::fs::write(dir.join("parity.js"), script).expect("write");
    let (ok, out, err) = support::run(support::tool("node").arg(dir.join("parity.js")));
    assert!(ok, "node failed: {err}");
    let js: Vec<Vec<(String, String)>> = serde_json::from_str(out.trim()).expect("node output");
    for (q, js_hits) in queries.iter().zip(js) {
        let rust: Vec<(String, String)> = query(&index, q).into_iter().map(|h| (h.url, h.snippet)).collect();
        assert_eq!(rust, js_hits, "query {q:?}");
    }
    assert!(!query(&index, "footnote text").is_empty());
}

#[test]
#[cfg_attr(not(has_corpora), ignore = "needs ../shared/corpora")]
fn search_finds_chinese_and_latin_terms_in_mesos() {
    let dir = support::corpus("mesos-in-action");
    let book = quire_core::Book::load(&dir).expect("mesos loads");
    let (_, r) = render_to("mesos-search", &book);
    let js = r.files.iter().find(|f| f.path.starts_with("searchindex-")).expect("index file");
    let index = SearchIndex::from_js(std::str::from_utf8(&js.data).expect("utf-8")).expect("index parses");
    for term in ["调度", "Marathon"] {
        let hits = query(&index, term);
        assert!(!hits.is_empty(), "no hit for {term}");
        let lower = term.to_lowercase();
        // Every hit is a section whose text or title contains the term.
        for h in &hits {
            let d = &index.docs[h.doc];
            assert!(d.text.to_lowercase().contains(&lower) || d.title.to_lowercase().contains(&lower), "{term}: {} does not contain it", h.url);
            let marked = h.snippet.to_lowercase().contains(&format!("<mark>{lower}</mark>"));
            assert!(marked || d.title.to_lowercase().contains(&lower), "{}: snippet {:?} has no match", h.url, h.snippet);
        }
        // The pages of chapters that contain the term are found.
        let pages: std::collections::BTreeSet<&str> = hits.iter().map(|h| index.docs[h.doc].page.as_str()).collect();
        let containing: Vec<String> = book
            .chapters
            .iter()
            .filter(|c| !c.draft)
            .filter(|c| {
                let text: String = c
                    .blocks
                    .iter()
                    .filter_map(|b| match &b.kind {
                        quire_core::BlockKind::Paragraph(i) => Some(quire_core::plain_text(i)),
                        _ => None,
                    })
                    .collect();
                text.to_lowercase().contains(&lower)
            })
            .map(|c| quire_html::links::page_path(&book, c))
            .collect();
        println!("search {term}: {} hits on {} pages; {} chapters mention it in paragraphs", hits.len(), pages.len(), containing.len());
        if hits.len() < quire_html::search::MAX_HITS {
            for p in &containing {
                assert!(pages.contains(p.as_str()), "{term}: chapter page {p} mentions it but is not found");
            }
        } else {
            assert!(pages.len() >= containing.len().min(10), "{term}: only {} pages found", pages.len());
        }
    }
}

mod commonmark;

#[test]
fn hidden_code_lines_are_in_the_page_behind_a_toggle() {
    let book = support::load_fixture("html", "hidden-lines");
    let (_, r) = render_to("hidden-lines", &book);
    let page = file(&r, "index.html");
    let boring: Vec<&str> = page.split("<span class=\"boring\">").skip(1).collect();
    let hidden_text = |needle: &str| boring.iter().any(|b| b.split("\n").next().is_some_and(|l| l.contains(needle)));
    for needle in ["fn</span> <span", "hidden_rust_line", "hidden_python_line", "hidden_block_prefix_line"] {
        assert!(hidden_text(needle), "{needle} is hidden:\n{page}");
    }
    for needle in ["visible_rust_line", "escaped_hash_stays", "visible_python_line", "visible_block_prefix_line", "kept_bash"] {
        assert!(page.contains(needle) && !hidden_text(needle), "{needle} is shown:\n{page}");
    }
    // Markers are taken out; `##` is an escaped `#`; attributes stay.
    assert!(!page.contains("~import") && !page.contains("!!!") && !page.contains("##"), "{page}");
    assert!(page.contains("# escaped_hash_stays") && page.contains("#[derive(Debug)]"), "{page}");
    assert!(page.contains("# kept_bash_comment"), "{page}");
    assert_eq!(page.matches("class=\"hidden-toggle\"").count(), 3, "one toggle per block with hidden lines");
    let js = r.files.iter().find(|f| f.path.starts_with("book-") && f.path.ends_with(".js")).expect("site script");
    assert!(String::from_utf8_lossy(&js.data).contains(".hidden-toggle"));
    // The print page is a page too: the same lines hidden there.
    assert!(file(&r, "print.html").contains("<span class=\"boring\">"));
}

/// `{{#title X}}` sets that page's `<title>` to X, whole, as mdBook does; the sidebar, the pager
/// and the TOC keep SUMMARY.md's name.
#[test]
fn html_title_directive_sets_the_page_title_only() {
    let book = support::load_fixture("load", "mdbook-basic");
    let (_, site) = render_to("title-directive", &book);
    let ch2 = file(&site, "ch2.html");
    assert!(ch2.contains("<title>Custom Two</title>"), "{ch2}");
    let ch1 = file(&site, "ch1.html");
    assert!(ch1.contains("<title>Chapter One - Basic Book</title>"), "{ch1}");
    assert!(ch1.contains("Chapter Two</a>") && !ch1.contains("Custom Two"), "the sidebar and pager keep the SUMMARY name: {ch1}");
}
