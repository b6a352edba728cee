//! PDF/UA-1 on request (`[output.pdf] standard = "ua-1"`): what UA forbids and the book itself
//! can fix, found in the AST before the PDF is written. Each image without alt text and each
//! heading that skips a level after the one before it (in its chapter's source) is one error
//! diagnostic at its file, line and column, so the build fails until the book is fixed. The PDF's
//! own part of UA (tags, `/Lang`, the XMP identification) is the writer's (`write::tags`).

use quire_core::ast::visit::for_each_block;
use quire_core::ast::{Block, BlockKind, Inline, InlineKind};
use quire_core::config::PdfStandard;
use quire_core::{Book, Code, Diagnostic, Span};

/// True when the book asks for PDF/UA-1.
pub(crate) fn requested(book: &Book) -> bool {
    book.config.output.pdf.standard == Some(PdfStandard::Ua1)
}

/// The UA errors of the book's chapters, in chapter and source order.
pub(crate) fn check(book: &Book) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for ch in &book.chapters {
        // A chapter's title is its level-1 heading: its first heading may be `##`, not `###`.
        let mut prev = 1u8;
        for_each_block(&ch.blocks, &mut |b: &Block| {
            if let BlockKind::Heading { level, .. } = &b.kind {
                if *level > prev.saturating_add(1) {
                    let msg = format!("heading level {level} follows level {prev}: PDF/UA forbids skipping a heading level");
                    out.push(
                        Diagnostic::error(Code::PdfUaHeadingSkip, msg)
                            .with_span(b.span)
                            .with_hint(format!("make it a level-{} heading (`{} `)", prev + 1, "#".repeat(usize::from(prev) + 1))),
                    );
                }
                prev = *level;
            }
            for inl in inline_lists(b) {
                images_without_alt(inl, b.span, &mut out);
            }
            if let BlockKind::Figure { image, .. } = &b.kind {
                if image.alt.trim().is_empty() {
                    out.push(alt_error(&image.raw_src, b.span));
                }
            }
        });
    }
    out
}

/// The inline lists a block holds directly.
fn inline_lists(b: &Block) -> Vec<&[Inline]> {
    match &b.kind {
        BlockKind::Paragraph(i) | BlockKind::Heading { inlines: i, .. } => vec![i.as_slice()],
        BlockKind::Figure { caption, .. } => vec![caption.as_slice()],
        BlockKind::Table { head, rows, .. } => head.iter().chain(rows.iter().flatten()).map(|c| c.inlines.as_slice()).collect(),
        _ => Vec::new(),
    }
}

fn alt_error(src: &str, span: Span) -> Diagnostic {
    Diagnostic::error(Code::PdfUaImageAlt, format!("image `{src}` has no alt text: PDF/UA needs one for every image"))
        .with_span(span)
        .with_hint("describe the image in the brackets: `![what it shows](…)`")
}

/// Pushes an error for each image without alt text in `list` (nested inlines included; walked
/// with a stack, not recursion). The image's own span when it has one, else the block's.
fn images_without_alt(list: &[Inline], block: Span, out: &mut Vec<Diagnostic>) {
    let mut stack: Vec<&Inline> = list.iter().rev().collect();
    while let Some(i) = stack.pop() {
        if let InlineKind::Image(img) = &i.kind {
            if img.alt.trim().is_empty() {
                let span = if i.span == Span::default() { block } else { i.span };
                out.push(alt_error(&img.raw_src, span));
            }
        } else if let Some(c) = quire_core::ast::visit::children(i) {
            stack.extend(c.iter().rev());
        }
    }
}
