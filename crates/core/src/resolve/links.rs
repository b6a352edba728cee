//! Link targets: `other.md#anchor`, `../x/other.md`, `other.html#anchor`, `#anchor`, encoded and
//! space-containing paths become [`LinkTarget::Internal`]; URLs with an allowed scheme stay
//! external; a scheme the book does not allow (`javascript:` …, see [`super::schemes`]) makes the
//! link [`LinkTarget::Refused`]; everything else is [`LinkTarget::Unresolved`] with a warning.

use crate::diag::Code;
use super::ids::AnchorMap;
use super::paths::{is_external, join, percent_decode, split_fragment};
use super::schemes::SchemePolicy;
use crate::ast::{ChapterId, InlineKind, LinkTarget};
use crate::book::Chapter;
use crate::diag::Diagnostic;
use crate::ast::visit::visit_all_inlines;
use crate::source::Source;
use crate::span::Span;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What links are resolved against.
pub struct LinkContext<'a> {
    /// Where the book's files are (asked whether a link target exists).
    pub source: &'a dyn Source,
    /// Absolute source root.
    pub src_root: &'a Path,
    /// Absolute path of each chapter's file → its id.
    pub by_path: HashMap<PathBuf, ChapterId>,
    /// Anchor maps per chapter.
    pub anchors: &'a [AnchorMap],
    /// The URL schemes links may use.
    pub schemes: SchemePolicy,
}

impl<'a> LinkContext<'a> {
    /// Indexes the chapters' files.
    pub fn new(source: &'a dyn Source, src_root: &'a Path, chapters: &[Chapter], anchors: &'a [AnchorMap]) -> Self {
        let by_path = chapters
            .iter()
            .filter_map(|c| Some((super::paths::normalize(&src_root.join(c.source_path.as_ref()?)), c.id)))
            .collect();
        LinkContext { source, src_root, by_path, anchors, schemes: SchemePolicy::default() }
    }

    /// The chapter a file path names, trying `.html` → `.md`, folders → `README.md`/`index.md`,
    /// and a missing extension → `.md`.
    fn chapter_at(&self, p: &Path) -> Option<ChapterId> {
        if let Some(id) = self.by_path.get(p) {
            return Some(*id);
        }
        let ext = p.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        let mut cands = Vec::new();
        match ext.as_deref() {
            Some("html" | "htm" | "xhtml") => {
                cands.push(p.with_extension("md"));
                if p.file_stem().is_some_and(|s| s == "index") {
                    cands.push(p.with_file_name("README.md"));
                }
            }
            Some("md" | "markdown") => {}
            _ => {
                cands.push(p.join("README.md"));
                cands.push(p.join("index.md"));
                let mut s = p.as_os_str().to_owned();
                s.push(".md");
                cands.push(PathBuf::from(s));
            }
        }
        cands.iter().find_map(|c| self.by_path.get(c).copied())
    }

    /// The file a local destination's path part (not empty) names, and the chapter there.
    fn file_of(&self, dir: &Path, path: &str, gitbook: bool) -> (PathBuf, Option<ChapterId>) {
        let decoded = percent_decode(path);
        let mut abs = join(self.src_root, dir, &decoded);
        if gitbook && !self.source.exists(&abs) && decoded.contains('+') {
            abs = join(self.src_root, dir, &decoded.replace('+', " "));
        }
        let chapter = self.chapter_at(&abs);
        (abs, chapter)
    }

    /// The chapter whose anchors decide where a destination written in chapter `from` (whose
    /// file is in folder `dir`) lands, if any: [`LinkContext::target`] looks at no other.
    fn linked_chapter(&self, from: ChapterId, dir: &Path, raw: &str, gitbook: bool) -> Option<ChapterId> {
        let raw = raw.trim();
        if is_external(raw) {
            return None;
        }
        let (path, _) = split_fragment(raw);
        if path.is_empty() {
            return Some(from);
        }
        self.file_of(dir, path, gitbook).1
    }

    /// Resolves one destination written in chapter `from` (whose file is in folder `dir`).
    fn target(&self, from: ChapterId, dir: &Path, raw: &str, gitbook: bool) -> Result<LinkTarget, Miss> {
        let raw = raw.trim();
        if is_external(raw) {
            return Ok(LinkTarget::External(raw.to_string()));
        }
        let (path, frag) = split_fragment(raw);
        let frag = frag.map(percent_decode).filter(|f| !f.is_empty());
        let chapter = if path.is_empty() {
            if raw.is_empty() {
                return Err(Miss::Broken("link has an empty destination".into(), "write a target between the parentheses".into()));
            }
            from
        } else {
            match self.file_of(dir, path, gitbook) {
                (_, Some(c)) => c,
                (abs, None) => return Err(self.explain(&abs, path)),
            }
        };
        let Some(frag) = frag else { return Ok(LinkTarget::Internal { chapter, anchor: None }) };
        let anchors = self.anchors.get(chapter.0);
        let found = anchors.and_then(|m| m.get(&frag).or_else(|| m.get(&frag.to_lowercase())));
        match found {
            Some(a) => Ok(LinkTarget::Internal { chapter, anchor: Some(a.clone()) }),
            None => Err(Miss::Broken(
                format!("anchor `#{frag}` does not exist in the linked chapter"),
                "check the heading text, or give the heading an explicit {#id}".into(),
            )),
        }
    }

    fn explain(&self, abs: &Path, written: &str) -> Miss {
        let ext = abs.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        let is_md = matches!(ext.as_deref(), Some("md" | "markdown"));
        if self.source.is_file(abs) {
            if is_md {
                return Miss::Broken(format!("`{written}` is not listed in SUMMARY.md"), "add it to SUMMARY.md, or link to a listed chapter".into());
            }
            // A file of the book that is no chapter (a download, a page of HTML): the files pass
            // loads it, as mdBook copies it.
            return Miss::File;
        }
        Miss::Broken(format!("link target `{written}` does not exist"), "fix the path (relative to this chapter's file)".into())
    }
}

/// Why a destination names no chapter.
enum Miss {
    /// An existing file of the book that is not a chapter: [`super::files`] loads it.
    File,
    /// Nothing there: the message and the hint of a `broken-link` warning.
    Broken(String, String),
}

/// Resolves every link of every chapter (content and footnotes). Chapters are independent here,
/// so they are resolved in parallel; diagnostics keep chapter order.
pub fn resolve_links(ctx: &LinkContext<'_>, chapters: &mut [Chapter], gitbook: bool, diags: &mut Vec<Diagnostic>) {
    let per_chapter: Vec<Vec<Diagnostic>> = chapters
        .par_iter_mut()
        .map(|ch| {
            let mut found = Vec::new();
            resolve_chapter(ctx, ch, gitbook, &mut found);
            found
        })
        .collect();
    diags.extend(per_chapter.into_iter().flatten());
}

/// The chapters whose anchors the links of `ch` (content and footnotes) are resolved against:
/// those they name, and `ch` itself for `#anchor`. The chapter is not changed.
pub fn linked_chapters(ctx: &LinkContext<'_>, ch: &mut Chapter, gitbook: bool) -> Vec<ChapterId> {
    let Some(src) = ch.source_path.clone() else { return Vec::new() };
    let dir = ctx.src_root.join(src.parent().unwrap_or(Path::new("")));
    let from = ch.id;
    let mut out = Vec::new();
    let mut visit = |i: &mut crate::ast::Inline| {
        if let InlineKind::Link { raw_dest, .. } = &i.kind {
            out.extend(ctx.linked_chapter(from, &dir, raw_dest, gitbook));
        }
    };
    visit_all_inlines(&mut ch.blocks, &mut visit);
    for f in ch.footnotes.iter_mut() {
        visit_all_inlines(&mut f.blocks, &mut visit);
    }
    out
}

/// Resolves the links of one chapter.
fn resolve_chapter(ctx: &LinkContext<'_>, ch: &mut Chapter, gitbook: bool, diags: &mut Vec<Diagnostic>) {
    let Some(src) = ch.source_path.clone() else { return };
    let dir = ctx.src_root.join(src.parent().unwrap_or(Path::new("")));
    let from = ch.id;
    let mut visit = |i: &mut crate::ast::Inline| {
        let span: Span = i.span;
        let InlineKind::Link { target, raw_dest, .. } = &mut i.kind else { return };
        if let Some(scheme) = ctx.schemes.refused(raw_dest) {
            *target = LinkTarget::Refused(raw_dest.clone());
            diags.push(refused_link(&scheme, span));
            return;
        }
        match ctx.target(from, &dir, raw_dest, gitbook) {
            Ok(t) => *target = t,
            Err(Miss::File) => *target = LinkTarget::Unresolved(raw_dest.clone()),
            Err(Miss::Broken(msg, hint)) => {
                *target = LinkTarget::Unresolved(raw_dest.clone());
                diags.push(Diagnostic::warning(Code::BrokenLink, msg).with_span(span).with_hint(hint));
            }
        }
    };
    visit_all_inlines(&mut ch.blocks, &mut visit);
    for f in ch.footnotes.iter_mut() {
        visit_all_inlines(&mut f.blocks, &mut visit);
    }
}

/// The warning for a link or image whose URL scheme is not allowed.
pub fn refused_link(scheme: &str, span: Span) -> Diagnostic {
    Diagnostic::warning(Code::UrlSchemeRefused, format!("`{scheme}:` URLs are not allowed; the link is dropped and its text kept"))
        .with_span(span)
        .with_hint(format!(
            "links may use http, https, mailto, tel, relative paths and #fragments; if `{scheme}:` is safe, add it to [quire] allowed-url-schemes"
        ))
}
