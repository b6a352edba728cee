//! Traversal of the AST (mutable, and [`for_each_block`] read-only) (it lives with the AST, not with a stage), shared by parsing's
//! clean-up passes, resolution, and tools that rewrite a book.

use crate::ast::{Block, BlockKind, Inline, InlineKind};

/// Calls `f` on every block, outer blocks before the blocks they contain.
pub fn visit_blocks(blocks: &mut [Block], f: &mut dyn FnMut(&mut Block)) {
    for b in blocks.iter_mut() {
        f(b);
        match &mut b.kind {
            BlockKind::BlockQuote(bs)
            | BlockKind::Admonition { blocks: bs, .. }
            | BlockKind::HtmlElement { blocks: bs, .. } => visit_blocks(bs, f),
            BlockKind::List { items, .. } => {
                for it in items.iter_mut() {
                    visit_blocks(&mut it.blocks, f);
                }
            }
            BlockKind::DefinitionList(items) => {
                for it in items.iter_mut() {
                    for d in it.definitions.iter_mut() {
                        visit_blocks(d, f);
                    }
                }
            }
            _ => {}
        }
    }
}

/// Calls `f` on every block, outer blocks before the blocks they contain, without changing them.
pub fn for_each_block(blocks: &[Block], f: &mut dyn FnMut(&Block)) {
    for b in blocks {
        f(b);
        match &b.kind {
            BlockKind::BlockQuote(bs)
            | BlockKind::Admonition { blocks: bs, .. }
            | BlockKind::HtmlElement { blocks: bs, .. } => for_each_block(bs, f),
            BlockKind::List { items, .. } => {
                for it in items {
                    for_each_block(&it.blocks, f);
                }
            }
            BlockKind::DefinitionList(items) => {
                for it in items {
                    for d in &it.definitions {
                        for_each_block(d, f);
                    }
                }
            }
            _ => {}
        }
    }
}

/// Calls `f` on every list of blocks (`blocks` itself, quotes, admonitions, HTML elements, list
/// items, definitions), inner lists before the lists that hold them, so `f` may regroup a list
/// whose blocks are already done.
pub fn visit_block_lists(blocks: &mut Vec<Block>, f: &mut dyn FnMut(&mut Vec<Block>)) {
    for b in blocks.iter_mut() {
        match &mut b.kind {
            BlockKind::BlockQuote(bs)
            | BlockKind::Admonition { blocks: bs, .. }
            | BlockKind::HtmlElement { blocks: bs, .. } => visit_block_lists(bs, f),
            BlockKind::List { items, .. } => {
                for it in items.iter_mut() {
                    visit_block_lists(&mut it.blocks, f);
                }
            }
            BlockKind::DefinitionList(items) => {
                for it in items.iter_mut() {
                    for d in it.definitions.iter_mut() {
                        visit_block_lists(d, f);
                    }
                }
            }
            _ => {}
        }
    }
    f(blocks);
}

/// Calls `f` on every list of inlines held directly by a block (paragraph, heading, table cells,
/// definition terms, figure captions), in every block.
pub fn visit_inline_lists(blocks: &mut [Block], f: &mut dyn FnMut(&mut Vec<Inline>)) {
    visit_blocks(blocks, &mut |b| match &mut b.kind {
        BlockKind::Paragraph(i) | BlockKind::Heading { inlines: i, .. } => f(i),
        BlockKind::Figure { caption, .. } => f(caption),
        BlockKind::Table { head, rows, .. } => {
            for c in head.iter_mut().chain(rows.iter_mut().flatten()) {
                f(&mut c.inlines);
            }
        }
        BlockKind::DefinitionList(items) => {
            for it in items.iter_mut() {
                f(&mut it.term);
            }
        }
        _ => {}
    });
}

/// Calls `f` on every inline in `list`, containers before their children.
pub fn visit_inlines(list: &mut [Inline], f: &mut dyn FnMut(&mut Inline)) {
    for i in list.iter_mut() {
        f(i);
        if let Some(children) = children_mut(i) {
            visit_inlines(children, f);
        }
    }
}

/// The child list of a container inline: one match for [`children`] and [`children_mut`].
macro_rules! inline_children {
    ($kind:expr) => {
        match $kind {
            InlineKind::Emphasis(c)
            | InlineKind::Strong(c)
            | InlineKind::Strikethrough(c)
            | InlineKind::Superscript(c)
            | InlineKind::Subscript(c)
            | InlineKind::Link { children: c, .. }
            | InlineKind::HtmlElement { children: c, .. } => Some(c),
            _ => None,
        }
    };
}

/// The child list of a container inline (emphasis, strong, strikethrough, link, sup/sub, HTML
/// element).
pub fn children_mut(i: &mut Inline) -> Option<&mut Vec<Inline>> {
    inline_children!(&mut i.kind)
}

/// The child list of a container inline, read-only (see [`children_mut`]).
pub fn children(i: &Inline) -> Option<&[Inline]> {
    inline_children!(&i.kind).map(Vec::as_slice)
}

/// Calls `f` on every inline in `blocks`, nested ones included.
pub fn visit_all_inlines(blocks: &mut [Block], f: &mut dyn FnMut(&mut Inline)) {
    visit_inline_lists(blocks, &mut |list| visit_inlines(list, f));
}
