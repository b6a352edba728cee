//! Raw HTML in the manuscript, parsed once into the AST.
//!
//! pulldown-cmark decides where HTML blocks and inline HTML start and end (CommonMark's rules);
//! this pass takes each list of sibling blocks (and each list of inlines), feeds its raw HTML
//! events and the Markdown nodes between them to one `tree::TreeBuilder` (html5gum tokens,
//! HTML5-style repair, linear), and turns the tree into AST nodes (`to_ast`). So
//! `<div align="center">`, blank line, Markdown, blank line, `</div>` is one
//! [`crate::ast::BlockKind::HtmlElement`] whose blocks are the Markdown, an `<img>` alone is a
//! figure whose source resolution treats like a Markdown image's, and a `<table>` is a table.
//! Comments stay [`BlockKind::Html`](crate::ast::BlockKind::Html) / [`InlineKind::Html`](crate::ast::InlineKind::Html) holding the comment as written, in
//! their place (inside the element they were written in): the EPUB, the PDF and a sanitised site
//! drop them, a site that keeps raw HTML (`[output.html] raw-html = "keep"`) writes them back.
//!
//! The parsing needs the crate's `raw-html` feature (html5gum). Every renderer crate and the
//! build library turn it on; a tool that only reads the AST can leave it off and get each raw
//! HTML event as written ([`BlockKind::Html`](crate::ast::BlockKind::Html) / [`InlineKind::Html`](crate::ast::InlineKind::Html)), as pulldown-cmark gives
//! it, with no HTML tokenizer compiled. [`elements`] (the element names) is always there.

pub mod elements;
#[cfg(feature = "raw-html")]
pub mod foreign;
#[cfg(feature = "raw-html")]
pub mod mathml;
#[cfg(feature = "raw-html")]
pub mod to_ast;
#[cfg(feature = "raw-html")]
pub mod tree;

#[cfg(feature = "raw-html")]
mod build;
#[cfg(feature = "raw-html")]
mod lang;
#[cfg(feature = "raw-html")]
pub use build::parse_blocks;

#[cfg(all(test, feature = "raw-html"))]
mod tests;
