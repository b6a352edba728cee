//! Hostile input: Links safe by construction: the URL-scheme allow-list for `href` and `src` in every format, for Markdown and raw HTML alike.
//!
//! A book whose chapter holds every known way of smuggling a script into a link (inline,
//! autolink, reference, entity-, percent- and tab-obfuscated, mixed case, `vbscript:`,
//! `data:text/html`, images, raw HTML) is built to all three formats with `publish build`; no
//! `href`, `src` or PDF URI action may carry any of them, the link texts stay, and each
//! Markdown vector gets a warning at its line. Ordinary links come through unchanged.

use crate::support;
use std::path::{Path, PathBuf};

/// Runs `publish` with `args`; returns (status, stdout, stderr).
fn publish(args: &[&str]) -> (u8, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut io = quire_cli::cli::Io { stdout: &mut out, stderr: &mut err, stderr_is_terminal: false };
    let code = quire_cli::cli::run_with(std::iter::once("publish").chain(args.iter().copied()), &mut io);
    (code, String::from_utf8_lossy(&out).into_owned(), String::from_utf8_lossy(&err).into_owned())
}

/// The hostile vectors, one per line, each with a distinct label kept as link text.
const VECTORS: &str = "[v-inline](javascript:alert(1))\n\
<javascript:alert(2)>\n\
[v-reference][evil]\n\
[v-entity](&#106;avascript:alert(3))\n\
[v-vbscript](vbscript:msgbox(4))\n\
[v-data](data:text/html;base64,PHNjcmlwdD5hbGVydCg1KTwvc2NyaXB0Pg==)\n\
[v-case](JaVaScRiPt:alert(6))\n\
[v-percent](java%0ascript:alert(7))\n\
[v-tab](<java\tscript:alert(8)>)\n\
[v-tabref](java&#9;script:alert(9))\n\
![v-image](javascript:alert(10))\n";

/// Raw HTML vectors (one note per kind, not a warning per link).
const RAW: &str = "<a href=\"javascript:alert(11)\">v-raw-a</a> <a href=\"&#106;avascript:alert(12)\">v-raw-entity</a> \
<img src=\"vbscript:msgbox(13)\" alt=\"v-raw-img\"> <a href=\"java&#x09;script:alert(14)\">v-raw-tab</a>\n";

const GOOD: &str = "[g-https](https://example.com/a) [g-http](http://example.com/b) [g-mail](mailto:a@example.com) \
[g-tel](tel:+15550100) [g-rel](other.md) [g-frag](#hostile-links) [g-ftp](ftp://files.example/x)\n";

/// Writes an mdBook book with the vectors under `dir`; `extra_toml` is appended to book.toml.
fn book(dir: &Path, extra_toml: &str, chapter_extra: &str) {
    let src = dir.join("src");
    std::fs::create_dir_all(&src).expect("mkdir");
    std::fs::write(dir.join("book.toml"), format!("[book]\ntitle = \"Hostile links\"\n{extra_toml}")).expect("toml");
    std::fs::write(src.join("SUMMARY.md"), "# Summary\n\n- [Links](links.md)\n- [Other](other.md)\n").expect("summary");
    let chapter = format!("# Hostile links\n\n{VECTORS}\n{RAW}\n{GOOD}\n{chapter_extra}\n[evil]: javascript:alert(15)\n");
    std::fs::write(src.join("links.md"), chapter).expect("chapter");
    std::fs::write(src.join("other.md"), "# Other\n\nText.\n").expect("other");
}

/// Builds all formats into `dir/out`; returns (status, JSON diagnostics).
fn build(dir: &Path) -> (u8, Vec<serde_json::Value>) {
    let out = dir.join("out");
    let (code, stdout, stderr) = publish(&[
        "build",
        dir.to_str().expect("utf-8"),
        "-o",
        out.to_str().expect("utf-8"),
        "--no-cache",
        "--message-format",
        "json",
    ]);
    let diags = stdout
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l:?}: {e}\n{stderr}")))
        .collect();
    (code, diags)
}

/// The site page of the hostile chapter (not the print page).
fn site_page(out: &Path) -> String {
    let mut html = Vec::new();
    files_under(&out.join("html"), "html", &mut html);
    html.iter()
        .filter(|p| !p.ends_with("print.html"))
        .map(|p| std::fs::read_to_string(p).expect("read page"))
        .find(|t| t.contains("g-https"))
        .unwrap_or_else(|| panic!("no site page with the chapter in {}", out.display()))
}

fn files_under(dir: &Path, ext: &str, found: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("read dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            files_under(&p, ext, found);
        } else if p.extension().is_some_and(|x| x == ext) {
            found.push(p);
        }
    }
}

/// Every `href`, `src`, `poster`, `cite` attribute value (entities decoded) of an HTML/XHTML text.
fn urls_in_markup(text: &str) -> Vec<String> {
    let mut urls = Vec::new();
    for token in html5gum::Tokenizer::new(text) {
        let Ok(html5gum::Token::StartTag(tag)) = token else { continue };
        for (k, v) in &tag.attributes {
            if matches!(k.as_slice(), b"href" | b"src" | b"poster" | b"cite" | b"xlink:href" | b"data") {
                urls.push(String::from_utf8_lossy(&v.value).into_owned());
            }
        }
    }
    urls
}

/// The site's pages and the EPUB's XHTML documents, as (name, text).
fn documents(out: &Path) -> Vec<(String, String)> {
    let mut docs = Vec::new();
    let mut html = Vec::new();
    files_under(&out.join("html"), "html", &mut html);
    for p in html {
        docs.push((p.display().to_string(), std::fs::read_to_string(&p).expect("read page")));
    }
    let mut epubs = Vec::new();
    files_under(out, "epub", &mut epubs);
    assert_eq!(epubs.len(), 1, "one EPUB in {}", out.display());
    let data = std::fs::read(&epubs[0]).expect("read epub");
    for e in quire_epub::package::read_entries(&data).expect("the EPUB reads back") {
        if e.name.ends_with(".xhtml") {
            docs.push((e.name.clone(), String::from_utf8(e.data).expect("utf-8 xhtml")));
        }
    }
    docs
}

/// Every URI of the PDF's link actions.
fn pdf_uris(out: &Path) -> Vec<String> {
    let mut pdfs = Vec::new();
    files_under(out, "pdf", &mut pdfs);
    assert_eq!(pdfs.len(), 1, "one PDF in {}", out.display());
    let doc = lopdf::Document::load(&pdfs[0]).expect("lopdf reads the PDF");
    let mut uris = Vec::new();
    for o in doc.objects.values() {
        collect_uris(o, &mut uris);
    }
    uris
}

/// The `/URI` strings of the dictionaries in `o` (link annotations hold their action inline).
fn collect_uris(o: &lopdf::Object, out: &mut Vec<String>) {
    match o {
        lopdf::Object::Dictionary(d) => {
            for (k, v) in d.iter() {
                match (k.as_slice(), v.as_str()) {
                    (b"URI", Ok(b)) => out.push(String::from_utf8_lossy(b).into_owned()),
                    _ => collect_uris(v, out),
                }
            }
        }
        lopdf::Object::Array(a) => a.iter().for_each(|v| collect_uris(v, out)),
        _ => {}
    }
}

/// True for a URL that carries one of the vectors.
fn hostile(url: &str) -> bool {
    let l = url.to_ascii_lowercase();
    l.contains("alert(") || l.contains("msgbox(") || l.trim_start().starts_with("data:")
}

#[test]
fn script_urls_reach_no_href_src_or_uri_in_any_format() {
    let dir = support::out_dir("hostile-links");
    book(&dir, "", "");
    let (_, diags) = build(&dir);
    let out = dir.join("out");
    let docs = documents(&out);
    let chapter_docs: Vec<&(String, String)> = docs.iter().filter(|(_, t)| t.contains("v-inline")).collect();
    assert!(chapter_docs.len() >= 3, "the chapter is on the site, on the print page and in the EPUB: {}", docs.len());
    for (name, text) in &docs {
        let bad: Vec<String> = urls_in_markup(text).into_iter().filter(|u| hostile(u)).collect();
        assert!(bad.is_empty(), "{name} links hostile URLs: {bad:?}");
    }
    for (name, text) in &chapter_docs {
        for label in ["v-inline", "javascript:alert(2)", "v-reference", "v-entity", "v-vbscript", "v-data", "v-case", "v-percent", "v-tab", "v-tabref", "v-image", "v-raw-a", "v-raw-entity", "v-raw-tab"] {
            assert!(text.contains(label), "{name} lost the text `{label}`");
        }
    }
    let uris = pdf_uris(&out);
    assert!(uris.iter().all(|u| !hostile(u)), "PDF URI actions: {uris:?}");
    for good in ["https://example.com/a", "http://example.com/b", "mailto:a@example.com", "tel:+15550100"] {
        assert!(uris.iter().any(|u| u == good), "PDF lost {good}: {uris:?}");
    }
    assert!(!uris.iter().any(|u| u.starts_with("ftp:")), "ftp: is not allowed by default: {uris:?}");

    // One warning per Markdown vector, each at its own line of the chapter.
    let refused: Vec<(u64, String)> = diags
        .iter()
        .filter(|d| d["code"] == "url-scheme-refused")
        .map(|d| (d["line"].as_u64().unwrap_or(0), d["severity"].as_str().unwrap_or("").to_string()))
        .collect();
    let mut lines: Vec<u64> = refused.iter().map(|(l, _)| *l).collect();
    lines.sort_unstable();
    lines.dedup();
    // Lines 3..=13 hold the eleven Markdown vectors, line 15 the four raw-HTML `<a href>`s (parsed
    // into links, so judged by the same allow-list and reported alike), line 17 the link to ftp
    // (not allowed here).
    let want: Vec<u64> = (3..=13).chain([15, 17]).collect();
    assert_eq!(lines, want, "refused-link warnings: {refused:?}");
    assert_eq!(refused.iter().filter(|(l, _)| *l == 15).count(), 4, "one per raw-HTML link: {refused:?}");
    assert!(refused.iter().all(|(_, s)| s == "warning"));
}

#[test]
fn ordinary_links_are_unchanged_and_configured_schemes_pass() {
    let dir = support::out_dir("hostile-links-good");
    book(&dir, "\n[quire]\nallowed-url-schemes = [\"ftp\"]\n", "");
    let (_, diags) = build(&dir);
    let out = dir.join("out");
    let site = site_page(&out);
    let urls = urls_in_markup(&site);
    for good in ["https://example.com/a", "http://example.com/b", "mailto:a@example.com", "tel:+15550100", "other.html", "#hostile-links", "ftp://files.example/x"] {
        assert!(urls.iter().any(|u| u == good), "site lost {good}: {urls:?}");
    }
    let epub_urls: Vec<String> = documents(&out).iter().filter(|(n, _)| n.ends_with(".xhtml")).flat_map(|(_, t)| urls_in_markup(t)).collect();
    for good in ["https://example.com/a", "mailto:a@example.com", "tel:+15550100", "ftp://files.example/x"] {
        assert!(epub_urls.iter().any(|u| u == good), "EPUB lost {good}: {epub_urls:?}");
    }
    assert!(pdf_uris(&out).iter().any(|u| u == "ftp://files.example/x"), "the configured scheme reaches the PDF");
    assert!(!diags.iter().any(|d| d["code"] == "url-scheme-refused" && d["line"] == 17), "ftp is allowed: {diags:?}");
}

#[test]
fn raw_html_keep_keeps_scripts_on_the_site_only() {
    let script = "<script>window.quireKept = 1;</script>\n";
    let dir = support::out_dir("hostile-links-keep");
    book(&dir, "\n[output.html]\nraw-html = \"keep\"\n", script);
    let (_, diags) = build(&dir);
    let out = dir.join("out");
    let site = site_page(&out);
    assert!(site.contains("<script>window.quireKept = 1;</script>"), "raw-html = keep keeps the script on the site");
    let xhtml: Vec<(String, String)> = documents(&out).into_iter().filter(|(n, _)| n.ends_with(".xhtml")).collect();
    assert!(!xhtml.is_empty() && xhtml.iter().all(|(_, t)| !t.contains("quireKept")), "the EPUB always sanitises");
    // Markdown links are judged whatever raw-html says.
    assert!(!urls_in_markup(&site).iter().any(|u| u.contains("alert(1)")), "the Markdown vector stays dropped");
    assert!(!diags.iter().any(|d| d["code"] == "config-ignored" && d["message"].as_str().unwrap_or("").contains("raw-html")), "{diags:?}");

    // The default sanitises the site too, and says so once.
    let dir = support::out_dir("hostile-links-sanitize");
    book(&dir, "", script);
    let (_, diags) = build(&dir);
    let site = site_page(&dir.join("out"));
    assert!(!site.contains("quireKept"), "sanitised by default");
    let notes: Vec<&serde_json::Value> = diags
        .iter()
        .filter(|d| d["code"] == "raw-html-removed" && d["message"].as_str().unwrap_or("").contains("<script>"))
        .collect();
    assert_eq!(notes.len(), 1, "{diags:?}");
    assert_eq!(notes[0]["severity"], "note");
    assert_eq!(notes[0]["line"], 19, "{notes:?}");
}
