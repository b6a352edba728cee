//! SUMMARY.md parsing, following mdBook's grammar: an optional `# Title`, prefix chapters
//! (`[T](p.md)` before the first list), numbered chapters as nested `-`/`*` lists with `# Part`
//! titles and `---` separators between them, then suffix chapters. `[Title]()` is a draft.
//!
//! GitBook mode: `#` and `##` headings after the title are part titles, and a `README.md` as
//! the very first list entry is an unnumbered introduction. Links may be percent-encoded or
//! contain spaces. The result is a flat list in reading order; nesting is given by `depth`.
//!
//! Depth is bounded by [`MAX_SUMMARY_DEPTH`]: entries nested deeper become siblings at that depth
//! (one `summary-too-deep` warning), and list levels that hold no entry of their own (`- - - [T](t.md)`)
//! past it are skipped, so every later stage walks a shallow table of contents.

use crate::diag::Code;
use crate::book::ChapterRole;
use crate::depth::MAX_SUMMARY_DEPTH;
use crate::diag::Diagnostic;
use crate::percent::percent_decode;
use crate::span::{FileId, Span};
use pulldown_cmark::{Event, HeadingLevel, OffsetIter, Parser, Tag, TagEnd};
use std::ops::Range;

/// A parsed SUMMARY.md.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    /// The `# Summary` title line, if any (ignored by Quire).
    pub title: Option<String>,
    /// Entries in reading order.
    pub items: Vec<SummaryItem>,
}

/// One entry of SUMMARY.md.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryItem {
    /// What it is.
    pub kind: SummaryKind,
    /// Nesting depth (0 for top level, parts and separators).
    pub depth: usize,
    /// Byte range in SUMMARY.md.
    pub range: Range<usize>,
}

/// The kinds of SUMMARY.md entries.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum SummaryKind {
    /// A chapter link.
    Chapter(SummaryLink),
    /// A part title.
    PartTitle(String),
    /// `---`
    Separator,
}

/// A chapter entry.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryLink {
    /// Title as written.
    pub title: String,
    /// Percent-decoded link target without `#fragment`; `None` for a draft.
    pub location: Option<String>,
    /// The link's `#fragment` (percent-decoded), when it has one: GitBook lists sections of a
    /// chapter with `[Section](chapter.md#section)`.
    pub anchor: Option<String>,
    /// Prefix, numbered or suffix.
    pub role: ChapterRole,
    /// Section number (empty when unnumbered).
    pub number: Vec<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Phase {
    Prefix,
    Numbered,
    Suffix,
}

#[derive(Debug)]
struct ItemState {
    start: usize,
    done: bool,
    text: String,
}

struct P<'a> {
    src: &'a str,
    file: FileId,
    gitbook: bool,
    out: Summary,
    diags: Vec<Diagnostic>,
    phase: Phase,
    seen_content: bool,
    list_depth: usize,
    root_count: u32,
    counters: Vec<u32>,
    items: Vec<ItemState>,
    para_link: bool,
    /// The first entry nested past [`MAX_SUMMARY_DEPTH`].
    too_deep: Option<Range<usize>>,
}

/// Parses SUMMARY.md text (`file` is its id, for diagnostics).
pub fn parse_summary(src: &str, file: FileId, gitbook: bool) -> (Summary, Vec<Diagnostic>) {
    let mut p = P {
        src,
        file,
        gitbook,
        out: Summary::default(),
        diags: Vec::new(),
        phase: Phase::Prefix,
        seen_content: false,
        list_depth: 0,
        root_count: 0,
        counters: Vec::new(),
        items: Vec::new(),
        para_link: false,
        too_deep: None,
    };
    let mut it = Parser::new(src).into_offset_iter();
    while let Some((ev, range)) = it.next() {
        p.event(ev, range, &mut it);
    }
    if let Some(r) = p.too_deep.take() {
        let d = Diagnostic::warning(
            Code::SummaryTooDeep,
            format!("SUMMARY.md nests chapters more than {MAX_SUMMARY_DEPTH} levels deep; the deeper ones are listed at that level"),
        )
        .with_span(p.span(r))
        .with_hint("nest fewer lists in SUMMARY.md");
        p.diags.push(d);
    }
    (p.out, p.diags)
}

impl<'a> P<'a> {
    fn event(&mut self, ev: Event<'a>, range: Range<usize>, it: &mut OffsetIter<'a>) {
        match ev {
            Event::Start(Tag::Heading { level, .. }) => {
                let text = collect_text(it);
                self.heading(level, text, range);
            }
            Event::Start(Tag::List(_)) => {
                self.seen_content = true;
                self.finish_item_without_link();
                self.list_depth += 1;
                if self.list_depth == 1 {
                    if self.phase == Phase::Suffix {
                        self.diags.push(
                            Diagnostic::warning(
                                Code::SummaryStructure,
                                "a list of numbered chapters follows suffix chapters",
                            )
                            .with_span(self.span(range.start..range.start))
                            .with_hint("move the unnumbered chapters below the last list"),
                        );
                    }
                    self.phase = Phase::Numbered;
                }
            }
            Event::End(TagEnd::List(_)) => self.list_depth = self.list_depth.saturating_sub(1),
            Event::Start(Tag::Item) => {
                self.items.push(ItemState { start: range.start, done: false, text: String::new() })
            }
            Event::End(TagEnd::Item) => {
                self.finish_item_without_link();
                self.items.pop();
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                let title = collect_text(it);
                self.link(title, &dest_url, range);
            }
            Event::Start(Tag::Paragraph) if self.list_depth == 0 => {
                self.seen_content = true;
                self.para_link = false;
            }
            Event::End(TagEnd::Paragraph) if self.list_depth == 0 => {
                if !self.para_link {
                    self.fallback_paragraph(range);
                }
            }
            Event::Rule if self.list_depth == 0 => {
                self.seen_content = true;
                self.out.items.push(SummaryItem { kind: SummaryKind::Separator, depth: 0, range });
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(item) = self.items.last_mut() {
                    if !item.done {
                        item.text.push_str(&t);
                    }
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(item) = self.items.last_mut() {
                    item.text.push(' ');
                }
            }
            Event::Html(_) | Event::InlineHtml(_) | Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => {}
            _ => self.seen_content = true,
        }
    }

    fn span(&self, r: Range<usize>) -> Span {
        Span::new(self.file, r.start, r.end)
    }

    fn heading(&mut self, level: HeadingLevel, text: String, range: Range<usize>) {
        if self.list_depth > 0 {
            return;
        }
        let first = !self.seen_content;
        self.seen_content = true;
        if first && level == HeadingLevel::H1 {
            self.out.title = Some(text);
            return;
        }
        let is_part = level == HeadingLevel::H1 || (self.gitbook && level == HeadingLevel::H2);
        if !is_part {
            return;
        }
        if self.phase == Phase::Suffix {
            self.diags.push(
                Diagnostic::warning(Code::SummaryStructure, "a part title follows suffix chapters")
                    .with_span(self.span(range.clone()))
                    .with_hint("move the unnumbered chapters below the last part"),
            );
        }
        self.phase = Phase::Numbered;
        self.out.items.push(SummaryItem { kind: SummaryKind::PartTitle(text), depth: 0, range });
    }

    fn link(&mut self, title: String, dest: &str, range: Range<usize>) {
        if is_external(dest) {
            if let Some(item) = self.items.last_mut() {
                item.done = true;
            }
            self.para_link = true;
            self.diags.push(
                Diagnostic::warning(Code::SummaryExternalLink, format!("`{title}` links to `{dest}`, not to a chapter file; it is left out"))
                    .with_span(self.span(range))
                    .with_hint("link to the page from a chapter instead"),
            );
            return;
        }
        if self.list_depth == 0 {
            self.para_link = true;
            self.affix(title, dest, range);
            return;
        }
        match self.items.last_mut() {
            Some(item) if !item.done => item.done = true,
            _ => return,
        }
        self.numbered(title, location(dest), anchor(dest), range);
    }

    fn affix(&mut self, title: String, dest: &str, range: Range<usize>) {
        self.seen_content = true;
        if self.phase == Phase::Numbered {
            self.phase = Phase::Suffix;
        }
        let role = if self.phase == Phase::Prefix { ChapterRole::Prefix } else { ChapterRole::Suffix };
        let link = SummaryLink { title, location: location(dest), anchor: anchor(dest), role, number: Vec::new() };
        self.out.items.push(SummaryItem { kind: SummaryKind::Chapter(link), depth: 0, range });
    }

    fn numbered(&mut self, title: String, location: Option<String>, anchor: Option<String>, range: Range<usize>) {
        let mut depth = self.list_depth.saturating_sub(1);
        if depth >= MAX_SUMMARY_DEPTH {
            depth = MAX_SUMMARY_DEPTH - 1;
            self.too_deep.get_or_insert(range.clone());
        }
        let is_intro = self.gitbook
            && depth == 0
            && self.root_count == 0
            && location.as_deref().is_some_and(|l| l.trim_start_matches("./").eq_ignore_ascii_case("README.md"));
        let (role, number) = if is_intro {
            (ChapterRole::Prefix, Vec::new())
        } else if depth == 0 {
            self.root_count += 1;
            self.counters = vec![self.root_count];
            (ChapterRole::Numbered, self.counters.clone())
        } else {
            self.counters.truncate(depth + 1);
            while self.counters.len() < depth + 1 {
                self.counters.push(0);
            }
            if let Some(last) = self.counters.last_mut() {
                *last += 1;
            }
            (ChapterRole::Numbered, self.counters.clone())
        };
        let link = SummaryLink { title, location, anchor, role, number };
        self.out.items.push(SummaryItem { kind: SummaryKind::Chapter(link), depth, range });
    }

    /// An item whose text holds no Markdown link: `[T](a b.md)` (spaces) or plain text.
    fn finish_item_without_link(&mut self) {
        let Some(item) = self.items.last_mut() else { return };
        if item.done {
            return;
        }
        item.done = true;
        let start = item.start;
        let text = item.text.trim().to_string();
        if text.is_empty() && self.list_depth > MAX_SUMMARY_DEPTH {
            // A level past the limit that only holds deeper lists: nothing to keep.
            return;
        }
        let line_end = self.src.get(start..).and_then(|s| s.find('\n')).map_or(self.src.len(), |e| start + e);
        let line = self.src.get(start..line_end).unwrap_or("");
        let body = line.trim_start().trim_start_matches(['-', '*', '+']).trim();
        let body = strip_ordered_marker(body);
        if let Some((title, dest)) = bracket_link(body) {
            self.numbered(title, location(&dest), anchor(&dest), start..line_end);
            return;
        }
        let sev_note = self.gitbook;
        let d = Diagnostic::new(
            if sev_note { crate::diag::Severity::Note } else { crate::diag::Severity::Warning },
            Code::SummaryItemWithoutLink,
            format!("the SUMMARY.md entry `{text}` has no link; it becomes a draft chapter"),
        )
        .with_span(self.span(start..line_end))
        .with_hint("write it as `- [Title](file.md)`, or `- [Title]()` for a draft");
        self.diags.push(d);
        self.numbered(text, None, None, start..line_end);
    }

    /// A top-level paragraph with no parsed link: try `[T](path with spaces.md)` per line.
    fn fallback_paragraph(&mut self, range: Range<usize>) {
        let text = self.src.get(range.clone()).unwrap_or("");
        let mut offset = range.start;
        for line in text.split_inclusive('\n') {
            if let Some((title, dest)) = bracket_link(line.trim()) {
                self.affix(title, &dest, offset..offset + line.trim_end().len());
            }
            offset += line.len();
        }
    }
}

fn strip_ordered_marker(s: &str) -> &str {
    let digits = s.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 {
        if let Some(rest) = s.get(digits..).and_then(|r| r.strip_prefix(['.', ')'])) {
            return rest.trim_start();
        }
    }
    s
}

fn is_external(dest: &str) -> bool {
    let d = dest.trim();
    d.contains("://") || d.starts_with("mailto:") || d.starts_with("//")
}

/// `[title](dest)` spanning a whole string (dest may contain spaces).
fn bracket_link(s: &str) -> Option<(String, String)> {
    let rest = s.strip_prefix('[')?;
    let close = rest.rfind("](")?;
    let title = rest.get(..close)?;
    let dest = rest.get(close + 2..)?.strip_suffix(')')?;
    Some((title.trim().to_string(), dest.trim().trim_start_matches('<').trim_end_matches('>').to_string()))
}

/// The chapter file a link names: fragment dropped, percent-decoded; `None` when empty.
fn location(dest: &str) -> Option<String> {
    let no_frag = dest.split('#').next().unwrap_or("");
    let decoded = percent_decode(no_frag.trim());
    if decoded.is_empty() {
        None
    } else {
        Some(decoded)
    }
}

/// The `#fragment` of a link, percent-decoded; `None` without one.
fn anchor(dest: &str) -> Option<String> {
    let (_, frag) = dest.split_once('#')?;
    let decoded = percent_decode(frag.trim());
    (!decoded.is_empty()).then_some(decoded)
}

/// Collects the plain text up to the end of the element just started.
fn collect_text(it: &mut OffsetIter<'_>) -> String {
    let mut depth = 0usize;
    let mut s = String::new();
    for (ev, _) in it.by_ref() {
        match ev {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                if depth == 0 {
                    break;
                }
                depth -= 1;
            }
            Event::Text(t) | Event::Code(t) => s.push_str(&t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            _ => {}
        }
    }
    s.trim().to_string()
}

#[cfg(test)]
#[path = "summary_tests.rs"]
mod tests;
