//! GitBook/HonKit `book.json` `plugins`: Quire runs none of them (they are JavaScript for
//! GitBook's own build). Each listed plugin gets one note at its name in book.json, naming the
//! Quire feature that does its job where there is one, so an author sees what did not happen.
//! A name starting with `-` (GitBook's way to turn a default plugin off) gets nothing.

use crate::diag::{Code, Diagnostic};
use crate::span::{FileId, Span};
use serde_json::{Map, Value};

/// Well-known plugins (GitBook's defaults and the most installed ones, without their
/// `gitbook-plugin-` prefix) and the Quire feature that replaces each.
const REPLACEMENTS: &[(&[&str], &str)] = &[
    (&["katex", "mathjax", "math", "mathjax-pro", "katex-plus"], "Quire typesets `$…$` and `$$…$$` math itself (MathML on the site and in the EPUB, typeset in the PDF)"),
    (&["highlight", "prism", "prism-themes", "code-highlight"], "Quire highlights fenced code in every format"),
    (&["search", "lunr", "search-plus", "search-pro", "searchpro"], "the site has its own full-text search, CJK included"),
    (&["copy-code-button", "code", "copycode", "code-copy"], "every code block on the site has a copy button"),
    (&["expandable-chapters", "expandable-chapters-small", "chapter-fold", "collapsible-chapters", "collapsible-menu"], "the sidebar shows every level of the contents, unfolded"),
    (&["anchors", "anchor-navigation", "anchor-navigation-ex", "heading-anchors"], "every heading has a link to itself"),
    (&["page-toc", "toc", "page-treeview", "navigator", "simple-page-toc", "atoc"], "the sidebar lists the current page's headings"),
    (&["hints", "callouts", "flexible-alerts", "alerts", "tips"], "Quire reads `{% hint style=\"…\" %}` blocks itself as admonitions, and `> [!NOTE]` alerts too"),
    (&["tabs", "codetabs", "code-tabs", "codegroup"], "Quire reads `{% tabs %}` and `{% tab title=\"…\" %}` itself: one titled section per tab, all shown"),
    (&["embed", "youtube", "video", "youtubex", "page-ref", "content-ref"], "Quire reads `{% embed url %}`, `{% page-ref %}` and `{% content-ref %}` itself as links"),
    (&["image-captions", "imagecaptions", "image-caption"], "an image alone in its paragraph is a figure with its alt text as caption"),
    (&["footnote", "footnotes", "footnote-string-to-number"], "Markdown footnotes `[^1]` are numbered in every format"),
    (&["edit-link", "github", "github-buttons", "editlink"], "`[output.html] git-repository-url` and `edit-url-template` in book.toml"),
    (&["livereload"], "`publish serve` reloads the page on every save"),
    (&["fontsettings", "theme-default", "theme-api", "theme-faq", "back-to-top-button", "splitter", "sharing", "sharing-plus"], "the site has its own theme (light and dark, font size from the browser), sidebar and navigation"),
    (&["include-codeblock", "include", "include-csv"], "mdBook's `{{#include file}}` (with line ranges and anchors) includes files"),
];

/// The plugin names listed in book.json's `plugins` (strings; disabled `-name`s left out).
fn listed(obj: &Map<String, Value>) -> Vec<&str> {
    match obj.get("plugins") {
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).map(str::trim).filter(|n| !n.is_empty() && !n.starts_with('-')).collect(),
        _ => Vec::new(),
    }
}

/// What Quire does instead of `plugin`, when it does something.
pub fn replacement(plugin: &str) -> Option<&'static str> {
    let name = plugin.strip_prefix("gitbook-plugin-").unwrap_or(plugin);
    let name = name.split('@').next().unwrap_or(name);
    REPLACEMENTS.iter().find(|(names, _)| names.contains(&name)).map(|(_, what)| *what)
}

/// One note per plugin book.json lists, at its name in `text`.
pub fn notes(obj: &Map<String, Value>, text: &str, file: FileId, diags: &mut Vec<Diagnostic>) {
    let list_at = text.find("\"plugins\"").unwrap_or(0);
    for name in listed(obj) {
        let quoted = format!("\"{name}\"");
        let span = text[list_at..]
            .find(&quoted)
            .map_or_else(|| Span::file_start(file), |i| Span::new(file, list_at + i, list_at + i + quoted.len()));
        let msg = match replacement(name) {
            Some(what) => format!("book.json `plugins`: GitBook plugin `{name}` is not run by Quire: {what}"),
            None => format!("book.json `plugins`: GitBook plugin `{name}` is not run by Quire, and Quire has no feature that replaces it"),
        };
        let mut d = Diagnostic::note(Code::ConfigIgnored, msg).with_span(span);
        if replacement(name).is_none() {
            d = d.with_hint("if the plugin changed the book's text, run it as an mdBook preprocessor ([preprocessor.NAME] in book.toml) or write its result into the chapters");
        }
        diags.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_note_per_plugin_with_its_replacement_and_place() {
        let text = r#"{"title":"T","plugins":["katex","-search","gitbook-plugin-hints","ga",""],"pluginsConfig":{}}"#;
        let obj: Map<String, Value> = serde_json::from_str(text).expect("json");
        let mut d = Vec::new();
        notes(&obj, text, FileId(0), &mut d);
        assert_eq!(d.len(), 3, "katex, hints, ga; -search is a plugin turned off: {d:?}");
        assert!(d[0].message.contains("`katex`") && d[0].message.contains("math"), "{}", d[0].message);
        assert!(d[1].message.contains("[!NOTE]"), "{}", d[1].message);
        assert!(d[2].message.contains("no feature") && d[2].hint.is_some(), "{:?}", d[2]);
        let at = d[2].span.expect("a place");
        assert_eq!(&text[at.start as usize..at.end as usize], "\"ga\"");
    }
}
