//! mdbook-admonish's blocks read natively, in a book that configures `[preprocessor.admonish]`:
//! a fence whose info string starts with `admonish` (```` ```admonish warning title="Careful" ````)
//! holds Markdown and becomes an admonition. The preprocessor turns them into HTML for the `html`
//! renderer only and leaves them as code for every other one (its `Preserve` default), so without
//! this the EPUB and the PDF showed the Markdown source in a code box; when its command is not
//! installed at all, every format reads them here.
//!
//! How, without re-parsing strings: [`super::prepass::lines_with`] treats such a fence as a
//! container (the lines between are Markdown, fences inside them code as usual); [`find`] turns
//! its opening and closing lines into HTML comments and records them as block tags, which
//! [`super::gitbook_blocks::group`] folds like GitBook's `{% hint %}`, by span.
//!
//! The info string is read as mdbook-admonish reads it: an optional directive (`note`, `tip`,
//! `warning` and their aliases), then `key="value"` pairs (`title`, `type`, `collapsible`,
//! `class`, `id`), a TOML inline table (`{ title = "…" }`), or, in its first syntax, a quoted
//! title (`warning "Careful"`).

use super::gitbook_blocks::BlockTag;
use super::prepass::{Edge, Insertion, Line};
use crate::ast::AdmonitionKind;

/// The tag name the admonish fences get among the block tags.
pub const TAG: &str = "admonish";

/// Whether a fence's info string (after the backticks, trimmed) opens an admonition.
pub fn is_admonish(info: &str) -> bool {
    let Some(rest) = info.strip_prefix(TAG) else { return false };
    // The comment the fence line becomes must not end early.
    (rest.is_empty() || rest.starts_with(char::is_whitespace)) && !info.contains("-->")
}

/// The insertions that make each admonish fence line an HTML comment, and the tags they stand
/// for (an opening tag per opening fence, an end tag per closing one).
pub fn find(lines: &[Line<'_>]) -> (Vec<Insertion>, Vec<BlockTag>) {
    let mut ins = Vec::new();
    let mut tags = Vec::new();
    for line in lines {
        let (at, end) = match line.container {
            Some(Edge::Open(at)) => (at, false),
            Some(Edge::Close(at)) => (at, true),
            None => continue,
        };
        let body = line.text.get(at..).unwrap_or("").trim_end();
        let start = line.start + at;
        ins.push(Insertion { at: start, text: "<!--" });
        ins.push(Insertion { at: start + body.len(), text: "-->" });
        let args = if end { Vec::new() } else { info_args(body.trim_start_matches(['`', '~']).trim()) };
        // A fence left open runs to the end of its container (CommonMark): never "unclosed".
        tags.push(BlockTag { range: start..start + body.len(), name: TAG.to_string(), end, args, closed: true });
    }
    (ins, tags)
}

/// The info string's settings as (key, value) pairs: `directive`, and `title` when one is given.
fn info_args(info: &str) -> Vec<(String, String)> {
    let rest = info.strip_prefix(TAG).unwrap_or(info).trim();
    let mut out = Vec::new();
    let word_len = rest.find(|c: char| c.is_whitespace() || c == '=' || c == '{').unwrap_or(rest.len());
    let (word, after) = rest.split_at(word_len);
    let settings = if !word.is_empty() && !after.trim_start().starts_with('=') {
        out.push(("directive".to_string(), word.trim_end_matches(',').to_string()));
        after.trim()
    } else {
        rest
    };
    if let Some(quoted) = settings.strip_prefix('"') {
        // The first syntax: `warning "Title"`.
        out.push(("title".to_string(), quoted.strip_suffix('"').unwrap_or(quoted).to_string()));
        return out;
    }
    let pairs: Vec<(String, String)> = if settings.starts_with('{') {
        toml::from_str::<toml::Table>(&format!("x = {settings}"))
            .ok()
            .and_then(|mut t| t.remove("x"))
            .and_then(|v| v.as_table().cloned())
            .map(|t| t.into_iter().map(|(k, v)| (k, v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string()))).collect())
            .unwrap_or_default()
    } else {
        super::gitbook_blocks::parse_args(settings)
    };
    for (k, v) in pairs {
        match k.as_str() {
            "type" => out.insert(0, ("directive".to_string(), v)),
            "title" => out.push((k, v)),
            _ => {}
        }
    }
    out
}

/// The admonition a directive stands for (mdbook-admonish's names and aliases; an unknown or
/// missing one is a note, as it renders them).
pub fn kind(directive: &str) -> AdmonitionKind {
    match directive {
        "tip" | "hint" | "success" | "check" | "done" => AdmonitionKind::Tip,
        "important" => AdmonitionKind::Important,
        "warning" | "caution" | "attention" => AdmonitionKind::Warning,
        "failure" | "fail" | "missing" | "danger" | "error" | "bug" => AdmonitionKind::Caution,
        _ => AdmonitionKind::Note,
    }
}

/// The title an admonition shows: the one given (empty: none), else the directive in title case
/// as mdbook-admonish shows it, except that a directive naming the kind itself (`note`, `tip` …)
/// takes the book's word for it from the translation table (`None`).
pub fn title(directive: Option<&str>, given: Option<&str>) -> Option<String> {
    if let Some(t) = given {
        return Some(t.to_string());
    }
    let d = directive.filter(|d| !d.is_empty())?;
    if kind(d).as_str() == d {
        return None;
    }
    let mut chars = d.chars();
    let first = chars.next()?;
    Some(first.to_uppercase().chain(chars).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(info: &str) -> Vec<(String, String)> {
        info_args(info)
    }

    fn pair(k: &str, v: &str) -> (String, String) {
        (k.to_string(), v.to_string())
    }

    #[test]
    fn info_strings_of_every_syntax() {
        assert_eq!(args("admonish"), vec![]);
        assert_eq!(args("admonish warning"), vec![pair("directive", "warning")]);
        assert_eq!(args(r#"admonish warning title="Data loss" collapsible=true"#), vec![pair("directive", "warning"), pair("title", "Data loss")]);
        assert_eq!(args(r#"admonish title="Only a title""#), vec![pair("title", "Only a title")]);
        assert_eq!(args(r#"admonish type="tip" title="T""#), vec![pair("directive", "tip"), pair("title", "T")]);
        assert_eq!(args(r#"admonish warning "Legacy title""#), vec![pair("directive", "warning"), pair("title", "Legacy title")]);
        assert_eq!(args(r#"admonish tip { title = "Inline table", collapsible = true }"#), vec![pair("directive", "tip"), pair("title", "Inline table")]);
        assert_eq!(args(r#"admonish note title="""#), vec![pair("directive", "note"), pair("title", "")]);
    }

    #[test]
    fn kinds_and_titles() {
        assert_eq!(kind("danger"), AdmonitionKind::Caution);
        assert_eq!(kind("hint"), AdmonitionKind::Tip);
        assert_eq!(kind("nonsense"), AdmonitionKind::Note);
        assert_eq!(title(Some("warning"), None), None, "the translated word");
        assert_eq!(title(Some("tldr"), None).as_deref(), Some("Tldr"));
        assert_eq!(title(Some("info"), Some("Mine")).as_deref(), Some("Mine"));
        assert_eq!(title(None, None), None);
        assert!(is_admonish("admonish tip") && is_admonish("admonish") && !is_admonish("admonishment") && !is_admonish("rust"));
        assert!(!is_admonish("admonish title=\"-->\""));
    }
}
