//! Markdown to AST: pulldown-cmark events folded into [`Block`]s and [`Inline`]s with spans, plus
//! the fixes real (GitBook-era, CJK) books need.
//!
//! Stages: [`prepass`] rewrites the text with insertions only (GitBook `#title` and spaced
//! destinations in [`gitbook`], GitBook block tags made comments in [`gitbook_blocks`], admonish fences in [`admonish`], CJK emphasis markers in [`cjk_emphasis`]) keeping an offset map; pulldown-
//! cmark parses it; [`fold`] builds the tree; [`inline`] cleans it up; [`footnotes`] numbers
//! references.

pub mod admonish;
pub mod cjk_emphasis;
pub mod fold;
pub mod footnotes;
pub mod gitbook;
pub mod gitbook_blocks;
pub mod hidelines;
pub mod inline;
pub mod memo;
pub mod math;
pub mod prepass;
use crate::ast::visit as walk;

#[cfg(test)]
mod tests;

use crate::diag::Code;
use crate::ast::{Block, BlockKind, Footnote, Inline, InlineKind};
use crate::depth::{MAX_BLOCK_DEPTH, MAX_INLINE_DEPTH};
use crate::diag::Diagnostic;
use crate::expand::ExpandedSource;
use pulldown_cmark::{Options, Parser};

/// How to parse.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParseOptions {
    /// GitBook quirks: `#title` headings, image paths with spaces.
    pub gitbook_compat: bool,
    /// CJK-friendly emphasis rules.
    pub cjk_emphasis: bool,
    /// Smart quotes and dashes.
    pub smart_punctuation: bool,
    /// mdBook MathJax syntax `\\( \\)` and `\\[ \\]` as math.
    pub mathjax: bool,
    /// Hidden-line prefixes per code language (`[output.html.code.hidelines]`); see
    /// [`hidelines`].
    pub hidelines: std::collections::BTreeMap<String, String>,
    /// mdbook-admonish's ```` ```admonish ```` fences are admonitions ([`admonish`]): the book
    /// configures `[preprocessor.admonish]`.
    pub admonish: bool,
    /// Parse raw HTML into nodes ([`crate::rawhtml`], with the `raw-html` feature; without it
    /// this does nothing); off, it stays `Html` strings (only for
    /// callers that write HTML back verbatim, like the CommonMark conformance test).
    pub html_nodes: bool,
    /// The macros every formula starts with (mdbook-katex's macros file, see
    /// [`crate::katex_macros`]); a formula's own definitions add to them.
    pub tex_macros: crate::ast::tex_macros::TexMacros,
}

/// One chapter's parse result (before resolution: link targets are `Unresolved`, image sources
/// `Missing` with the raw path, heading ids are local slugs).
#[derive(Debug, Clone, Default)]
pub struct ParsedChapter {
    /// Content.
    pub blocks: Vec<Block>,
    /// Footnote definitions in reference order.
    pub footnotes: Vec<Footnote>,
    /// Problems found.
    pub diagnostics: Vec<Diagnostic>,
    /// The raw HTML tags and attributes of nodes parsed from raw HTML.
    pub html_origins: crate::ast::HtmlOrigins,
}

/// The pulldown-cmark options for `opts`.
pub fn cmark_options(opts: &ParseOptions) -> Options {
    let mut o = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_MATH
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_GFM;
    if opts.smart_punctuation {
        o |= Options::ENABLE_SMART_PUNCTUATION;
    }
    o
}

/// Parses one chapter's expanded text. Never panics.
pub fn parse_chapter(src: &ExpandedSource, opts: &ParseOptions) -> ParsedChapter {
    let text = src.text.as_str();
    let lines = if opts.admonish && text.contains(admonish::TAG) {
        prepass::lines_with(text, &admonish::is_admonish)
    } else {
        prepass::lines(text)
    };
    let mut insertions = Vec::new();
    let mut diagnostics = Vec::new();
    if opts.gitbook_compat {
        let (ins, found) = gitbook::heading_fixes(&lines);
        insertions.extend(ins);
        for h in found {
            diagnostics.push(
                Diagnostic::warning(Code::HeadingNoSpace, "`#` starts a heading but no space follows it")
                    .with_span(src.span(h.hashes))
                    .with_hint("add a space after #"),
            );
        }
        insertions.extend(gitbook::spaced_destination_fixes(&lines));
    }
    let mut block_tags = if opts.gitbook_compat && text.contains("{%") {
        let (ins, tags) = gitbook_blocks::find(&lines, &src.verbatim);
        insertions.extend(ins);
        tags
    } else {
        Vec::new()
    };
    if opts.admonish {
        let (ins, tags) = admonish::find(&lines);
        insertions.extend(ins);
        block_tags.extend(tags);
    }
    // Front matter is metadata: read as a comment (so nothing of it becomes text, and spans
    // still point at the file), then dropped.
    let front_matter = crate::front_matter::range(text);
    if let Some(r) = front_matter.clone() {
        insertions.push(prepass::Insertion { at: r.start, text: "<!--" });
        insertions.push(prepass::Insertion { at: r.end, text: "-->" });
    }
    let strip = opts.cjk_emphasis && !text.contains(cjk_emphasis::MARKER);
    if strip {
        insertions.extend(cjk_emphasis::marker_insertions(&lines));
    }
    let prep = prepass::Prepared::new(text, insertions);
    let mut folder = fold::Folder::new(|r| src.span(prep.original_range(r)));
    for (ev, range) in Parser::new_ext(&prep.text, cmark_options(opts)).into_offset_iter() {
        folder.event(ev, range);
    }
    if let Some(span) = folder.too_deep {
        diagnostics.push(too_deep(span));
    }
    let (mut blocks, raw_footnotes, _) = folder.finish();
    if front_matter.is_some() && blocks.first().is_some_and(|b| matches!(b.kind, BlockKind::Html(_))) {
        blocks.remove(0);
    }
    let mut raw_footnotes = raw_footnotes;
    // The origins of the chapter's and its footnotes' raw HTML, sorted once at the end.
    #[cfg_attr(not(feature = "raw-html"), allow(unused_mut))]
    let mut origin_parts: Vec<crate::ast::HtmlOrigins> = Vec::new();
    #[cfg(feature = "raw-html")]
    if opts.html_nodes {
        for list in std::iter::once(&mut blocks).chain(raw_footnotes.iter_mut().map(|f| &mut f.blocks)) {
            let (d, o) = crate::rawhtml::parse_blocks(list);
            diagnostics.extend(d);
            origin_parts.push(o);
        }
    }
    let html_origins = crate::ast::HtmlOrigins::merge(origin_parts);
    gitbook_blocks::group(&mut blocks, &block_tags, src, &mut diagnostics);
    for f in &mut raw_footnotes {
        gitbook_blocks::group(&mut f.blocks, &block_tags, src, &mut diagnostics);
    }
    clean_up(&mut blocks, opts, strip);
    for f in &mut raw_footnotes {
        clean_up(&mut f.blocks, opts, strip);
        if strip {
            f.label.retain(|c| c != cjk_emphasis::MARKER);
        }
    }
    let mut footnotes = footnotes::number(&mut blocks, raw_footnotes, &mut diagnostics);
    diagnostics.extend(math::read_all(std::iter::once(&mut blocks).chain(footnotes.iter_mut().map(|f| &mut f.blocks)), &opts.tex_macros));
    fit(&mut blocks);
    for f in &mut footnotes {
        fit(&mut f.blocks);
    }
    footnotes.shrink_to_fit();
    ParsedChapter { blocks, footnotes, diagnostics, html_origins }
}

/// Gives every list of the tree the capacity of its length. The lists were grown by pushes and
/// rebuilt by the clean-up passes, which leaves up to half of each unused (a list of one inline
/// holds room for four): on a text book that slack was more than half the tree's memory.
fn fit(blocks: &mut Vec<Block>) {
    walk::visit_block_lists(blocks, &mut |list| list.shrink_to_fit());
    walk::visit_blocks(blocks, &mut |b| match &mut b.kind {
        BlockKind::List { items, .. } => items.shrink_to_fit(),
        BlockKind::Table { head, rows, .. } => {
            head.shrink_to_fit();
            rows.iter_mut().for_each(Vec::shrink_to_fit);
            rows.shrink_to_fit();
        }
        _ => {}
    });
    walk::visit_inline_lists(blocks, &mut |list| fit_inlines(list));
}

/// [`fit`] for a list of inlines and the lists inside them.
fn fit_inlines(list: &mut Vec<Inline>) {
    list.shrink_to_fit();
    for i in list.iter_mut() {
        if let Some(children) = walk::children_mut(i) {
            fit_inlines(children);
        }
    }
}

/// The `nesting-too-deep` warning for the first construct past a limit of [`crate::depth`].
fn too_deep(span: crate::span::Span) -> Diagnostic {
    Diagnostic::warning(
        Code::NestingTooDeep,
        format!(
            "Markdown nested more than {MAX_BLOCK_DEPTH} block levels or {MAX_INLINE_DEPTH} inline levels deep; \
             the deeper levels are kept at the limit, flattened"
        ),
    )
    .with_span(span)
    .with_hint("nest fewer lists, quotes or emphasis; the text itself is kept")
}

/// Post-fold passes over a block list.
fn clean_up(blocks: &mut [Block], opts: &ParseOptions, strip: bool) {
    walk::visit_inline_lists(blocks, &mut |list| {
        inline::normalize(list, strip);
        inline::undefined_footnote_refs(list);
    });
    walk::visit_blocks(blocks, &mut |b| {
        if strip {
            strip_block(&mut b.kind);
        }
        if let BlockKind::CodeBlock { lang, info, code, hidden, .. } = &mut b.kind {
            *hidden = hidelines::apply(lang.as_deref(), info, code, &opts.hidelines);
        }
        if opts.mathjax {
            if let BlockKind::Paragraph(list) = &mut b.kind {
                let display = inline::mathjax(list);
                let mut content = list.iter().filter(|i| !fold::is_blank(i));
                if let (Some(only), None) = (content.next(), content.next()) {
                    if let InlineKind::Math(m) = &only.kind {
                        if display.contains(&only.span) {
                            b.kind = BlockKind::Math { formula: m.clone(), number: None };
                        }
                    }
                }
            }
        }
        if let BlockKind::Heading { inlines, .. } = &mut b.kind {
            // Ids are given in resolution, per page as mdBook does (`resolve::ids`).
            if opts.mathjax {
                inline::mathjax(inlines);
            }
        }
    });
    if opts.mathjax {
        walk::visit_inline_lists(blocks, &mut |list| {
            inline::mathjax(list);
        });
    }
}

fn strip_block(kind: &mut BlockKind) {
    let s = |t: &mut String| t.retain(|c| c != cjk_emphasis::MARKER);
    match kind {
        BlockKind::Heading { id, classes, .. } => {
            s(id);
            classes.iter_mut().for_each(s);
        }
        BlockKind::CodeBlock { lang, info, code, .. } => {
            s(info);
            s(code);
            if let Some(l) = lang {
                s(l);
            }
        }
        BlockKind::Html(h) => s(h),
        BlockKind::Math { formula, .. } => s(formula.tex_mut()),
        BlockKind::Figure { image, .. } => {
            s(&mut image.raw_src);
            s(&mut image.alt);
            if let Some(t) = &mut image.title {
                s(t);
            }
            if let crate::ast::ImageSource::Missing(m) = &mut image.source {
                s(m);
            }
        }
        _ => {}
    }
}
