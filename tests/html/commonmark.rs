//! CommonMark conformance of core's parser + the shared markup writer: every example of the
//! spec (0.31.2, `spec.txt` from the `commonmark-spec` npm package) is parsed, written and
//! compared after normalisation (the spec's own normaliser's rules: attribute order, entity
//! spelling, self-closing slashes and whitespace around block tags do not count; heading ids
//! Quire adds are dropped).

use crate::support;
use html5gum::{Token, Tokenizer};
use quire_core::expand::ExpandedSource;
use quire_xhtml::{LinkResolver, Options, UrlKind, Writer};
use quire_core::parse::{parse_chapter, ParseOptions};
use quire_core::{AssetId, ChapterId, FileId};

struct Example {
    number: usize,
    section: String,
    markdown: String,
    html: String,
}

fn examples() -> Vec<Example> {
    let path = support::tools_dir().join("node_modules/commonmark-spec/spec.txt");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{} ({e}): run `make tools`", path.display()));
    let fence = "`".repeat(32);
    let mut out = Vec::new();
    let mut section = String::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if line.starts_with("<!-- END TESTS -->") {
            break;
        }
        if line.starts_with('#') {
            section = line.trim_start_matches('#').trim().to_string();
        } else if line == format!("{fence} example") {
            let mut md = String::new();
            let mut html = String::new();
            let mut in_html = false;
            for l in lines.by_ref() {
                if l == fence {
                    break;
                }
                if l == "." && !in_html {
                    in_html = true;
                    continue;
                }
                let target = if in_html { &mut html } else { &mut md };
                target.push_str(&l.replace('→', "\t"));
                target.push('\n');
            }
            out.push(Example { number: out.len() + 1, section: section.clone(), markdown: md, html });
        }
    }
    out
}

/// Links and images keep their destinations as written (the spec has no book to resolve).
struct Verbatim;

impl LinkResolver for Verbatim {
    fn chapter_href(&self, chapter: ChapterId, anchor: Option<&str>) -> String {
        format!("{}#{}", chapter.0, anchor.unwrap_or(""))
    }
    fn asset_src(&self, _: AssetId) -> Option<String> {
        None
    }
    fn unresolved_href(&self, raw: &str) -> Option<String> {
        Some(raw.to_string())
    }
    fn missing_image(&self, raw: &str) -> Option<String> {
        Some(raw.to_string())
    }
    fn raw_html_url(&self, url: &str, _: UrlKind) -> Option<String> {
        Some(url.to_string())
    }
}

const BLOCK_TAGS: &[&str] = &[
    "address", "article", "aside", "blockquote", "body", "caption", "center", "col", "colgroup", "dd", "details",
    "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "frame", "frameset",
    "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr", "html", "iframe", "legend", "li", "link", "main",
    "menu", "menuitem", "meta", "nav", "noframes", "ol", "optgroup", "option", "p", "param", "pre", "section",
    "source", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "title", "tr", "track", "ul",
];

enum Piece {
    Tag { block: bool, text: String },
    Text(String),
}

/// The spec's normalisation, on html5gum tokens.
fn normalize(html: &str) -> String {
    let mut pieces = Vec::new();
    let mut in_pre = 0usize;
    for token in Tokenizer::new(html) {
        let Ok(token) = token;
        match token {
            Token::StartTag(t) => {
                let name = String::from_utf8_lossy(&t.name).to_string();
                let mut s = format!("<{name}");
                for (k, v) in &t.attributes {
                    let k = String::from_utf8_lossy(k);
                    if k == "id" && name.len() == 2 && name.starts_with('h') {
                        continue;
                    }
                    s.push_str(&format!(" {k}=\"{}\"", quire_xhtml::escape::attr(&String::from_utf8_lossy(&v.value))));
                }
                s.push('>');
                if name == "pre" {
                    in_pre += 1;
                }
                pieces.push(Piece::Tag { block: BLOCK_TAGS.contains(&name.as_str()), text: s });
            }
            Token::EndTag(t) => {
                let name = String::from_utf8_lossy(&t.name).to_string();
                if name == "pre" {
                    in_pre = in_pre.saturating_sub(1);
                }
                pieces.push(Piece::Tag { block: BLOCK_TAGS.contains(&name.as_str()), text: format!("</{name}>") });
            }
            Token::String(s) => {
                let t = String::from_utf8_lossy(&s.value).to_string();
                let t = if in_pre > 0 { t } else { t.split_whitespace().collect::<Vec<_>>().join(" ") + if t.ends_with(char::is_whitespace) && !t.trim().is_empty() { " " } else { "" } };
                let t = if in_pre == 0 && !t.is_empty() && s.value.first().is_some_and(|c| c.is_ascii_whitespace()) && !t.starts_with(' ') { format!(" {t}") } else { t };
                match pieces.last_mut() {
                    Some(Piece::Text(prev)) => prev.push_str(&t),
                    _ => pieces.push(Piece::Text(t)),
                }
            }
            Token::Comment(c) => pieces.push(Piece::Tag { block: false, text: format!("<!--{}-->", String::from_utf8_lossy(&c.value)) }),
            Token::Doctype(_) | Token::Error(_) => {}
        }
    }
    let mut out = String::new();
    for i in 0..pieces.len() {
        match &pieces[i] {
            Piece::Tag { text, .. } => out.push_str(text),
            Piece::Text(t) => {
                let before_block = i == 0 || matches!(pieces[i - 1], Piece::Tag { block: true, .. });
                let after_block = i + 1 == pieces.len() || matches!(pieces.get(i + 1), Some(Piece::Tag { block: true, .. }));
                let mut t = t.as_str();
                let in_pre_text = matches!(pieces.get(i.wrapping_sub(1)), Some(Piece::Tag { text, .. }) if text.starts_with("<pre") || text.starts_with("<code"));
                if !in_pre_text {
                    if before_block {
                        t = t.trim_start();
                    }
                    if after_block {
                        t = t.trim_end();
                    }
                }
                out.push_str(&quire_xhtml::escape::text(t));
            }
        }
    }
    out
}

fn render(md: &str, sanitize: bool, figures: bool) -> String {
    let parsed = parse_chapter(&ExpandedSource::single(FileId(0), md.to_string()), &ParseOptions::default());
    let opts = Options { heading_anchors: false, copy_buttons: false, highlight: false, captions: false, figures, fix_heading_levels: false, sanitize, ..Options::html() };
    let mut w = Writer::new(&Verbatim, &opts).with_footnotes(&parsed.footnotes);
    w.blocks(&parsed.blocks);
    w.finish().html
}

#[test]
fn commonmark_spec_conformance() {
    let examples = examples();
    assert_eq!(examples.len(), 652, "spec 0.31.2 has 652 examples");
    let mut pass = 0;
    let mut pass_sanitized = 0;
    let mut pass_figures = 0;
    let mut failures = Vec::new();
    for ex in &examples {
        let expected = normalize(&ex.html);
        let got = std::panic::catch_unwind(|| render(&ex.markdown, false, false)).unwrap_or_else(|_| "<panic>".into());
        if normalize(&got) == expected {
            pass += 1;
        } else {
            failures.push(format!("#{} ({}):\n  md:       {:?}\n  expected: {:?}\n  got:      {:?}", ex.number, ex.section, ex.markdown, expected, normalize(&got)));
        }
        let sanitized = std::panic::catch_unwind(|| render(&ex.markdown, true, false)).unwrap_or_default();
        if normalize(&sanitized) == expected {
            pass_sanitized += 1;
        }
        let figures = std::panic::catch_unwind(|| render(&ex.markdown, false, true)).unwrap_or_default();
        if normalize(&figures) == expected {
            pass_figures += 1;
        }
    }
    let total = examples.len();
    println!("CommonMark {}: {pass}/{total} examples pass ({:.1}%) with raw HTML verbatim", "0.31.2", 100.0 * pass as f64 / total as f64);
    println!(
        "CommonMark with the raw-HTML sanitiser on: {pass_sanitized}/{total} ({} examples differ only because raw HTML is sanitised)",
        pass - pass_sanitized.min(pass)
    );
    println!("CommonMark with lone images as <figure> (Quire's default): {pass_figures}/{total}");
    for f in &failures {
        println!("{f}");
    }
    assert!(pass * 100 >= total * 99, "only {pass}/{total} CommonMark examples pass (need 99%)");
}
