//! From a SUMMARY.md (or a plain folder listing) to the book's skeleton: the chapters in reading
//! order with their numbers, depth and parent, and the nested table of contents.

use crate::ast::ChapterId;
use crate::book::{ChapterRole, TocEntry};
use crate::files::normalize;
use crate::names::natural_cmp;
use crate::source::{FileKind, Source};
use crate::span::{FileId, Span};
use crate::summary::{Summary, SummaryKind};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use std::path::{Path, PathBuf};

/// One entry in reading order, before the tree is built.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// What it is.
    pub kind: EntryKind,
    /// Nesting depth.
    pub depth: usize,
    /// Where it is listed (SUMMARY.md), or `None` for entries the loader adds.
    pub span: Option<Span>,
    /// The `#fragment` of its SUMMARY link: an entry for a file listed before it is a link to
    /// that section of the chapter ([`TocEntry::Section`]), not a second copy.
    pub anchor: Option<String>,
}

/// Entry kinds.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum EntryKind {
    /// A chapter.
    Chapter {
        /// Title.
        title: String,
        /// Source path relative to the source folder (`None` for a draft).
        path: Option<PathBuf>,
        /// Role.
        role: ChapterRole,
        /// Number.
        number: Vec<u32>,
    },
    /// A part title.
    Part(String),
    /// A separator.
    Separator,
}

/// A chapter of the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Planned {
    /// Title.
    pub title: String,
    /// Number (empty when unnumbered).
    pub number: Vec<u32>,
    /// Depth.
    pub depth: usize,
    /// Parent chapter index.
    pub parent: Option<usize>,
    /// Role.
    pub role: ChapterRole,
    /// Source path relative to the source folder.
    pub path: Option<PathBuf>,
    /// Where it is listed.
    pub span: Option<Span>,
}

/// Chapters plus the table of contents.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    /// Chapters in reading order.
    pub chapters: Vec<Planned>,
    /// The table of contents.
    pub toc: Vec<TocEntry>,
}

/// The entries of a parsed SUMMARY.md (`file` is its id).
pub fn entries_from_summary(summary: &Summary, file: FileId) -> Vec<Entry> {
    summary
        .items
        .iter()
        .map(|item| {
            let kind = match &item.kind {
                SummaryKind::Chapter(l) => EntryKind::Chapter {
                    title: l.title.clone(),
                    path: l.location.as_deref().map(chapter_path),
                    role: l.role,
                    number: l.number.clone(),
                },
                SummaryKind::PartTitle(t) => EntryKind::Part(t.clone()),
                SummaryKind::Separator => EntryKind::Separator,
            };
            let anchor = match &item.kind {
                SummaryKind::Chapter(l) => l.anchor.clone(),
                _ => None,
            };
            Entry { kind, depth: item.depth, span: Some(Span::new(file, item.range.start, item.range.end)), anchor }
        })
        .collect()
}

/// A SUMMARY link as a normalized relative path (`dir/` means `dir/README.md`).
pub fn chapter_path(location: &str) -> PathBuf {
    let trimmed = location.trim_start_matches('/');
    let p = normalize(Path::new(trimmed));
    if location.ends_with('/') || p.as_os_str().is_empty() {
        p.join("README.md")
    } else {
        p
    }
}

/// Builds chapters (with parents) and the TOC tree from entries in reading order.
pub fn build(entries: &[Entry]) -> Plan {
    let mut plan = Plan::default();
    let mut stack: Vec<(usize, usize)> = Vec::new(); // (depth, chapter index)
    let mut children: Vec<Vec<Child>> = Vec::new();
    let mut top: Vec<Top> = Vec::new();
    // The chapter each file became, for `[Section](file.md#section)` entries after it.
    let mut listed: std::collections::HashMap<&Path, usize> = std::collections::HashMap::new();
    for e in entries {
        match &e.kind {
            EntryKind::Chapter { title, path, role, number } => {
                while stack.last().is_some_and(|(d, _)| *d >= e.depth) {
                    stack.pop();
                }
                let parent = stack.last().map(|(_, i)| *i);
                let section_of = e.anchor.as_ref().zip(path.as_deref().and_then(|p| listed.get(p).copied()));
                if let Some((anchor, chapter)) = section_of {
                    let section = Child::Section { chapter, anchor: anchor.clone(), title: title.clone(), span: e.span };
                    match parent.and_then(|p| children.get_mut(p)) {
                        Some(list) => list.push(section),
                        None => top.push(Top::Section(section)),
                    }
                    continue;
                }
                if let Some(p) = path.as_deref() {
                    listed.entry(p).or_insert(plan.chapters.len());
                }
                let idx = plan.chapters.len();
                let depth = parent.map_or(0, |p| plan.chapters.get(p).map_or(0, |c| c.depth + 1));
                plan.chapters.push(Planned {
                    title: title.clone(),
                    number: number.clone(),
                    depth,
                    parent,
                    role: *role,
                    path: path.clone(),
                    span: e.span,
                });
                children.push(Vec::new());
                match parent.and_then(|p| children.get_mut(p)) {
                    Some(list) => list.push(Child::Chapter(idx)),
                    None => top.push(Top::Chapter(idx)),
                }
                stack.push((e.depth, idx));
            }
            EntryKind::Part(t) => {
                stack.clear();
                top.push(Top::Part(t.clone()));
            }
            EntryKind::Separator => {
                stack.clear();
                top.push(Top::Separator);
            }
        }
    }
    plan.toc = top
        .into_iter()
        .map(|t| match t {
            Top::Chapter(i) => node(&Child::Chapter(i), &children),
            Top::Section(s) => node(&s, &children),
            Top::Part(s) => TocEntry::PartTitle(s),
            Top::Separator => TocEntry::Separator,
        })
        .collect();
    plan
}

enum Top {
    Chapter(usize),
    Section(Child),
    Part(String),
    Separator,
}

/// A nested entry: a chapter, or a link to a section of one.
enum Child {
    Chapter(usize),
    Section { chapter: usize, anchor: String, title: String, span: Option<Span> },
}

fn node(c: &Child, children: &[Vec<Child>]) -> TocEntry {
    match c {
        Child::Chapter(i) => {
            let kids = children.get(*i).map(|c| c.iter().map(|k| node(k, children)).collect()).unwrap_or_default();
            TocEntry::Chapter { id: ChapterId(*i), children: kids }
        }
        Child::Section { chapter, anchor, title, span } => {
            TocEntry::Section { chapter: ChapterId(*chapter), anchor: anchor.clone(), title: title.clone(), span: *span }
        }
    }
}

/// Folder names never searched for chapters.
pub fn skipped_dir(name: &str, build_dir: Option<&str>) -> bool {
    name.starts_with('.') || matches!(name, "book" | "_book" | "node_modules" | "target") || Some(name) == build_dir
}

/// Markdown files under `dir` (relative paths) in `source`, natural-sorted, skipping build and
/// dot folders. Symbolic links are listed when their name is Markdown, never descended.
pub fn scan_markdown(source: &dyn Source, dir: &Path, build_dir: Option<&str>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    walk(source, dir, Path::new(""), build_dir, 0, &mut out);
    out.sort_by(|a, b| natural_cmp(&a.to_string_lossy(), &b.to_string_lossy()));
    out
}

fn walk(source: &dyn Source, dir: &Path, rel: &Path, build_dir: Option<&str>, depth: usize, out: &mut Vec<PathBuf>) {
    if depth > 32 {
        return;
    }
    let Ok(entries) = source.read_dir(dir) else { return };
    for entry in entries {
        let name = entry.name.to_string_lossy().into_owned();
        match entry.kind {
            FileKind::Dir if !skipped_dir(&name, build_dir) => {
                walk(source, &dir.join(&entry.name), &rel.join(&name), build_dir, depth + 1, out);
            }
            FileKind::File | FileKind::Symlink if is_markdown(&name) && !name.starts_with('.') => out.push(rel.join(&name)),
            _ => {}
        }
    }
}

/// True for `.md` / `.markdown` file names.
pub fn is_markdown(name: &str) -> bool {
    let l = name.to_ascii_lowercase();
    l.ends_with(".md") || l.ends_with(".markdown")
}

/// Entries for a folder without SUMMARY.md: a root README/index first (unnumbered), then every
/// file in natural order, numbered 1, 2, 3 … `title` gives each file's title.
pub fn plain_entries(paths: &[PathBuf], mut title: impl FnMut(&Path) -> String) -> Vec<Entry> {
    let is_intro = |p: &Path| {
        p.components().count() == 1
            && p.file_stem().is_some_and(|s| s.eq_ignore_ascii_case("readme") || s.eq_ignore_ascii_case("index"))
    };
    let mut entries = Vec::new();
    let intro: Vec<&PathBuf> = paths.iter().filter(|p| is_intro(p)).take(1).collect();
    for p in &intro {
        let kind = EntryKind::Chapter { title: title(p), path: Some((*p).clone()), role: ChapterRole::Prefix, number: vec![] };
        entries.push(Entry { kind, depth: 0, span: None, anchor: None });
    }
    let mut n = 0u32;
    for p in paths.iter().filter(|p| !intro.contains(p)) {
        n += 1;
        let kind = EntryKind::Chapter { title: title(p), path: Some(p.clone()), role: ChapterRole::Numbered, number: vec![n] };
        entries.push(Entry { kind, depth: 0, span: None, anchor: None });
    }
    entries
}

/// The title a Markdown page gives itself: its front matter's `title`, else its first heading
/// (after the front matter; see [`crate::front_matter`]).
pub fn first_heading(text: &str) -> Option<String> {
    let front = crate::front_matter::range(text);
    if let Some(t) = front.clone().and_then(|r| text.get(r)).and_then(crate::front_matter::title_in) {
        return Some(t);
    }
    let body = front.and_then(|r| text.get(r.end..)).unwrap_or(text);
    let mut inside = false;
    let mut s = String::new();
    for ev in Parser::new(body) {
        match ev {
            Event::Start(Tag::Heading { .. }) => inside = true,
            Event::End(TagEnd::Heading(_)) => {
                let t = s.trim().to_string();
                if !t.is_empty() {
                    return Some(t);
                }
                inside = false;
            }
            Event::Text(t) | Event::Code(t) if inside => s.push_str(&t),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::summary::parse_summary;

    #[test]
    fn tree_parents_and_toc() {
        let src = "[Intro](intro.md)\n\n# Part\n\n- [A](a.md)\n  - [A1](a/one.md)\n- [B](./b/)\n\n---\n\n[End](end.md)\n";
        let (s, _) = parse_summary(src, FileId(0), false);
        let plan = build(&entries_from_summary(&s, FileId(0)));
        let titles: Vec<(&str, Option<usize>, usize)> =
            plan.chapters.iter().map(|c| (c.title.as_str(), c.parent, c.depth)).collect();
        assert_eq!(titles, vec![("Intro", None, 0), ("A", None, 0), ("A1", Some(1), 1), ("B", None, 0), ("End", None, 0)]);
        assert_eq!(plan.chapters[3].path, Some(PathBuf::from("b/README.md")));
        assert_eq!(plan.toc.len(), 6);
        assert_eq!(plan.toc[1], TocEntry::PartTitle("Part".into()));
        assert_eq!(
            plan.toc[2],
            TocEntry::Chapter { id: ChapterId(1), children: vec![TocEntry::Chapter { id: ChapterId(2), children: vec![] }] }
        );
        assert_eq!(plan.toc[4], TocEntry::Separator);
    }

    #[test]
    fn plain_folder_order() {
        let paths: Vec<PathBuf> = ["README.md", "ch1.md", "ch2.md", "ch10.md"].iter().map(PathBuf::from).collect();
        let plan = build(&plain_entries(&paths, |p| p.display().to_string()));
        let got: Vec<(String, ChapterRole, Vec<u32>)> =
            plan.chapters.iter().map(|c| (c.title.clone(), c.role, c.number.clone())).collect();
        assert_eq!(got[0], ("README.md".into(), ChapterRole::Prefix, vec![]));
        assert_eq!(got[3], ("ch10.md".into(), ChapterRole::Numbered, vec![3]));
    }

    #[test]
    fn headings() {
        assert_eq!(first_heading("intro\n\n## The `x` *title*\n# Later"), Some("The x title".into()));
        assert_eq!(first_heading("Title\n=====\n"), Some("Title".into()));
        assert_eq!(first_heading("no heading"), None);
        // Front matter is metadata: its title wins, and its lines are never a setext heading.
        assert_eq!(first_heading("---\ntitle: From YAML\n---\n# Heading\n"), Some("From YAML".into()));
        assert_eq!(first_heading("---\nlayout: page\n---\n\n# Heading\n"), Some("Heading".into()));
    }
}
