//! GitBook's block tags, read into the AST instead of left as text: `{% hint style="info" %}` …
//! `{% endhint %}` becomes an admonition, `{% tabs %}`/`{% tab title="…" %}` titled sections,
//! `{% code title="…" %}` a caption on the listing it holds, `{% embed url="…" %}`,
//! `{% file src="…" %}` and `{% page-ref page="…" %}` links, `{% content-ref %}` its content.
//! Any other tag (`{% swagger %}`, Nunjucks' `{% if %}` …) loses its markers and keeps its
//! content, with one note per tag name and chapter.
//!
//! How, without re-parsing strings: the prepass ([`find`]) turns each line that is exactly one
//! tag (outside code, outside `{% raw %}`) into an HTML comment by inserting `<!--` and `-->`, and
//! keeps the parsed tag. Markdown between the tags parses as usual; [`group`] then finds the
//! comment blocks by span and folds the blocks between an opening and its end tag into the node
//! the tag stands for. Only whole-line tags are read; a tag inside a line stays text.

use super::prepass::{Insertion, Line};
use crate::ast::{visit, AdmonitionKind, Block, BlockKind, Inline, InlineKind, LinkTarget};
use crate::diag::{Code, Diagnostic};
use crate::expand::ExpandedSource;
use crate::span::Span;
use std::collections::BTreeSet;
use std::ops::Range;

/// Tags the include stage already handled (or reported): never read here.
const INCLUDE_STAGE: &[&str] = &["include", "raw", "endraw"];

/// Tags that stand alone unless an end tag follows (`{% embed url %}` with or without
/// `{% endembed %}` around a caption).
const STANDALONE: &[&str] = &["embed", "file", "page-ref", "youtube", "video"];

/// One whole-line block tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockTag {
    /// The tag's bytes in the expanded text (`{%` to `%}`).
    pub range: Range<usize>,
    /// Its name without `end` (`hint` for `{% endhint %}`).
    pub name: String,
    /// An end tag.
    pub end: bool,
    /// `key="value"` arguments in order; a bare word is a key with an empty value.
    pub args: Vec<(String, String)>,
    /// For an opening tag: an end tag of the same name closes it somewhere in the chapter.
    pub closed: bool,
}

impl BlockTag {
    fn arg(&self, key: &str) -> Option<&str> {
        self.args.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, v)| v.as_str())
    }
}

/// The whole-line tags of a chapter and the insertions that make each an HTML comment. Lines in
/// fenced code and in `verbatim` ranges (`{% raw %}`) are skipped.
pub fn find(lines: &[Line<'_>], verbatim: &[Range<usize>]) -> (Vec<Insertion>, Vec<BlockTag>) {
    let mut ins = Vec::new();
    let mut tags = Vec::new();
    for line in lines.iter().filter(|l| !l.in_fence) {
        // `verbatim` is in text order: one binary search, not a scan per line.
        let raw = verbatim.get(verbatim.partition_point(|r| r.end <= line.start)).is_some_and(|r| r.contains(&line.start));
        if !line.text.contains("{%") || raw {
            continue;
        }
        let lead = line.text.len() - line.text.trim_start_matches([' ', '\t', '>']).len();
        let body = line.text.get(lead..).unwrap_or("").trim_end();
        let Some(tag) = parse_tag(body) else { continue };
        if body.contains("-->") || INCLUDE_STAGE.contains(&tag.0.as_str()) {
            continue;
        }
        let at = line.start + lead;
        ins.push(Insertion { at, text: "<!--" });
        ins.push(Insertion { at: at + body.len(), text: "-->" });
        let (name, end, args) = tag;
        tags.push(BlockTag { range: at..at + body.len(), name, end, args, closed: false });
    }
    pair(&mut tags);
    (ins, tags)
}

/// A tag's name (without `end`), whether it is an end tag, and its arguments.
type Parsed = (String, bool, Vec<(String, String)>);

/// `{% name args %}` (with Nunjucks' `{%-`/`-%}`) read.
fn parse_tag(s: &str) -> Option<Parsed> {
    let inner = s.strip_prefix("{%")?.strip_suffix("%}")?;
    let inner = inner.strip_prefix('-').unwrap_or(inner);
    let inner = inner.strip_suffix('-').unwrap_or(inner).trim();
    if inner.contains("%}") || inner.contains("{%") {
        return None;
    }
    let name_len = inner.find(|c: char| c.is_whitespace()).unwrap_or(inner.len());
    let (word, rest) = inner.split_at(name_len);
    let word = word.to_ascii_lowercase();
    if word.is_empty() || !word.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        return None;
    }
    let (name, end) = match word.strip_prefix("end") {
        Some(n) if !n.is_empty() => (n.to_string(), true),
        _ => (word, false),
    };
    Some((name, end, parse_args(rest)))
}

/// `a="x" b='y' c=z d` → pairs, in order.
pub(super) fn parse_args(s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = s.trim_start();
    while !rest.is_empty() {
        let key_len = rest.find(|c: char| c == '=' || c.is_whitespace()).unwrap_or(rest.len());
        let (key, after) = rest.split_at(key_len);
        let after = after.trim_start();
        let (value, next) = match after.strip_prefix('=') {
            Some(v) => {
                let v = v.trim_start();
                match v.chars().next() {
                    Some(q @ ('"' | '\'')) => {
                        let body = &v[1..];
                        let close = body.find(q).unwrap_or(body.len());
                        (&body[..close], body.get(close + 1..).unwrap_or(""))
                    }
                    _ => {
                        let n = v.find(char::is_whitespace).unwrap_or(v.len());
                        v.split_at(n)
                    }
                }
            }
            None => ("", after),
        };
        if !key.is_empty() {
            out.push((key.to_string(), value.to_string()));
        }
        let trimmed = next.trim_start();
        if trimmed.len() == rest.len() {
            break;
        }
        rest = trimmed;
    }
    out
}

/// Marks each opening tag that an end tag of its name closes (nesting per name, one pass).
fn pair(tags: &mut [BlockTag]) {
    let mut open: std::collections::HashMap<String, Vec<usize>> = std::collections::HashMap::new();
    for i in 0..tags.len() {
        let Some(t) = tags.get(i) else { continue };
        let name = t.name.clone();
        if t.end {
            if let Some(o) = open.get_mut(&name).and_then(Vec::pop) {
                if let Some(opener) = tags.get_mut(o) {
                    opener.closed = true;
                }
            }
        } else {
            open.entry(name).or_default().push(i);
        }
    }
}

/// Folds the blocks between each opening tag and its end into the node the tag stands for, in
/// every block list of the chapter, and reports unknown, unclosed and stray tags.
pub fn group(blocks: &mut Vec<Block>, tags: &[BlockTag], src: &ExpandedSource, diagnostics: &mut Vec<Diagnostic>) {
    if tags.is_empty() {
        return;
    }
    let spans: Vec<Span> = tags.iter().map(|t| src.span(t.range.clone())).collect();
    let mut by_start: Vec<(crate::span::FileId, u32, usize)> = spans.iter().enumerate().map(|(i, s)| (s.file, s.start, i)).collect();
    by_start.sort_unstable();
    let mut cx = Cx { tags, spans: &spans, by_start, diagnostics, unknown: BTreeSet::new() };
    visit::visit_block_lists(blocks, &mut |list| cx.list(list));
}

struct Cx<'a> {
    tags: &'a [BlockTag],
    spans: &'a [Span],
    /// Tags by where they start in their file (includes interleave files).
    by_start: Vec<(crate::span::FileId, u32, usize)>,
    diagnostics: &'a mut Vec<Diagnostic>,
    /// Unknown tag names already reported in this chapter.
    unknown: BTreeSet<String>,
}

impl Cx<'_> {
    /// The tag a block is the comment of: an HTML block whose span holds the tag's start.
    fn tag_of(&self, b: &Block) -> Option<usize> {
        if !matches!(b.kind, BlockKind::Html(_)) {
            return None;
        }
        let j = self.by_start.partition_point(|&(f, s, _)| (f, s) < (b.span.file, b.span.start));
        let &(f, s, i) = self.by_start.get(j)?;
        (f == b.span.file && s < b.span.end.max(b.span.start + 1)).then_some(i)
    }

    fn list(&mut self, list: &mut Vec<Block>) {
        if !list.iter().any(|b| self.tag_of(b).is_some()) {
            return;
        }
        // (opening tag, the blocks before it at its level).
        let mut stack: Vec<(usize, Vec<Block>)> = Vec::new();
        let mut current: Vec<Block> = Vec::with_capacity(list.len());
        for b in std::mem::take(list) {
            let Some(i) = self.tag_of(&b) else {
                current.push(b);
                continue;
            };
            let Some(tag) = self.tags.get(i) else { continue };
            if tag.end {
                match stack.iter().rposition(|&(o, _)| self.tags.get(o).is_some_and(|t| t.name == tag.name)) {
                    Some(pos) => {
                        // Openings left inside it were never closed at this level: closed here.
                        while stack.len() > pos {
                            let Some((o, before)) = stack.pop() else { break };
                            let inner = std::mem::replace(&mut current, before);
                            if stack.len() > pos {
                                self.unclosed(o);
                            }
                            let built = self.build(o, inner, Some(b.span));
                            current.extend(built);
                        }
                    }
                    None => self.stray(i),
                }
            } else if tag.closed || !STANDALONE.contains(&tag.name.as_str()) {
                stack.push((i, std::mem::take(&mut current)));
            } else {
                let built = self.build(i, Vec::new(), None);
                current.extend(built);
            }
        }
        while let Some((o, before)) = stack.pop() {
            if self.tags.get(o).is_some_and(|t| !t.closed) {
                self.unclosed(o);
            }
            let inner = std::mem::replace(&mut current, before);
            let built = self.build(o, inner, None);
            current.extend(built);
        }
        *list = current;
    }

    fn unclosed(&mut self, o: usize) {
        let (Some(t), Some(&span)) = (self.tags.get(o), self.spans.get(o)) else { return };
        self.diagnostics.push(
            Diagnostic::warning(Code::GitbookBlockUnclosed, format!("`{{% {} %}}` is not closed at its level; it ends where its list, quote or chapter ends", t.name))
                .with_span(span)
                .with_hint(format!("add `{{% end{} %}}` on its own line, at the same indentation", t.name)),
        );
    }

    fn stray(&mut self, i: usize) {
        let (Some(t), Some(&span)) = (self.tags.get(i), self.spans.get(i)) else { return };
        self.diagnostics.push(
            Diagnostic::warning(Code::GitbookBlockUnclosed, format!("`{{% end{} %}}` closes no `{{% {} %}}` at its level; it is left out", t.name, t.name))
                .with_span(span)
                .with_hint("put the opening and the end tag in the same list item or quote, each on its own line"),
        );
    }

    /// The blocks a tag with `content` becomes. `end` is the end tag's span, if any.
    fn build(&mut self, i: usize, content: Vec<Block>, end: Option<Span>) -> Vec<Block> {
        let (Some(tag), Some(&open)) = (self.tags.get(i), self.spans.get(i)) else { return content };
        let span = match end {
            Some(e) if e.file == open.file && e.end >= open.start => Span { end: e.end, ..open },
            _ => open,
        };
        let block = |kind| vec![Block { kind, span }];
        match tag.name.as_str() {
            "hint" => block(BlockKind::Admonition { kind: hint_kind(tag.arg("style").unwrap_or("info")), title: None, blocks: content }),
            super::admonish::TAG => {
                let directive = tag.arg("directive");
                let kind = super::admonish::kind(directive.unwrap_or_default());
                block(BlockKind::Admonition { kind, title: super::admonish::title(directive, tag.arg("title")), blocks: content })
            }
            "tabs" => block(BlockKind::HtmlElement { tag: "div".into(), attrs: vec![("class".into(), "tabs".into())], blocks: content }),
            "tab" => {
                let title = tag.arg("title").unwrap_or("").to_string();
                let mut blocks = Vec::with_capacity(content.len() + 1);
                if !title.is_empty() {
                    let para = Block { kind: BlockKind::Paragraph(vec![text(title, open)]), span: open };
                    blocks.push(Block { kind: BlockKind::HtmlElement { tag: "summary".into(), attrs: Vec::new(), blocks: vec![para] }, span: open });
                }
                blocks.extend(content);
                let attrs = vec![("class".into(), "tab".into()), ("open".into(), String::new())];
                block(BlockKind::HtmlElement { tag: "details".into(), attrs, blocks })
            }
            "code" => {
                let mut content = content;
                if let Some(title) = tag.arg("title").filter(|t| !t.trim().is_empty()) {
                    let mut codes = content.iter_mut().filter_map(|b| match &mut b.kind {
                        BlockKind::CodeBlock { numbering, .. } => Some(numbering),
                        _ => None,
                    });
                    if let (Some(n), None) = (codes.next(), codes.next()) {
                        n.caption = Some(title.to_string());
                    }
                }
                content
            }
            "embed" | "file" | "page-ref" | "youtube" | "video" => {
                let dest = ["url", "src", "page", "link"].iter().find_map(|k| tag.arg(k)).unwrap_or("").trim().to_string();
                if dest.is_empty() {
                    return content;
                }
                let label = match tag.name.as_str() {
                    "file" => dest.rsplit('/').next().unwrap_or(&dest).to_string(),
                    _ => dest.clone(),
                };
                let link = Inline {
                    kind: InlineKind::Link {
                        target: LinkTarget::Unresolved(dest.clone()),
                        raw_dest: dest,
                        title: None,
                        children: vec![text(label, open)],
                    },
                    span: open,
                };
                let mut out = vec![Block { kind: BlockKind::Paragraph(vec![link]), span: open }];
                out.extend(content);
                out
            }
            "content-ref" => content,
            name => {
                if self.unknown.insert(name.to_string()) {
                    self.diagnostics.push(
                        Diagnostic::note(Code::GitbookBlockUnknown, format!("GitBook block `{{% {name} %}}` means nothing to Quire: its tags are left out, what it holds is kept"))
                            .with_span(open)
                            .with_hint("write its content as Markdown, or produce it with an mdBook preprocessor ([preprocessor.NAME] in book.toml)"),
                    );
                }
                content
            }
        }
    }
}

fn text(s: String, span: Span) -> Inline {
    Inline { kind: InlineKind::Text(s), span }
}

/// GitBook's hint styles (`info`, `success`, `warning`, `danger`) and the GFM alert names.
fn hint_kind(style: &str) -> AdmonitionKind {
    match style.trim().to_ascii_lowercase().as_str() {
        "success" | "tip" => AdmonitionKind::Tip,
        "warning" | "warn" => AdmonitionKind::Warning,
        "danger" | "error" | "caution" => AdmonitionKind::Caution,
        "important" => AdmonitionKind::Important,
        _ => AdmonitionKind::Note,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_args_parse() {
        let t = parse_tag(r#"{% hint style="warning" %}"#).unwrap();
        assert_eq!(t, ("hint".into(), false, vec![("style".into(), "warning".into())]));
        let t = parse_tag(r#"{%- tab title='Go lang' x=1 bare -%}"#).unwrap();
        assert_eq!(t.2, vec![("title".into(), "Go lang".into()), ("x".into(), "1".into()), ("bare".into(), String::new())]);
        assert_eq!(parse_tag("{% endhint %}").unwrap().1, true);
        assert_eq!(parse_tag("{% end %}").unwrap().0, "end");
        assert!(parse_tag("{% a %} text {% b %}").is_none());
        assert!(parse_tag("{% é %}").is_none());
        assert!(parse_tag(r#"{% x a="unterminated %}"#).is_some());
    }

    #[test]
    fn only_whole_lines_outside_code_and_raw_are_read() {
        let text = "{% hint %}\nin {% hint %} line\n```\n{% hint %}\n```\n> {% endhint %}\n{% raw %}\n";
        let lines = super::super::prepass::lines(text);
        let (ins, tags) = find(&lines, &[text.len() - 10..text.len()]);
        assert_eq!(tags.len(), 2, "{tags:?}");
        assert_eq!(ins.len(), 4);
        assert!(tags[0].closed, "the quoted end tag closes it");
        assert_eq!(&text[tags[1].range.clone()], "{% endhint %}");
    }

    #[test]
    fn hint_styles_map_to_alerts() {
        assert_eq!(hint_kind("info"), AdmonitionKind::Note);
        assert_eq!(hint_kind("success"), AdmonitionKind::Tip);
        assert_eq!(hint_kind("Warning"), AdmonitionKind::Warning);
        assert_eq!(hint_kind("danger"), AdmonitionKind::Caution);
    }
}
