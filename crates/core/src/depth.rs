//! Nesting limits, applied once when the document tree is built, so that every later stage
//! (resolution, the renderers, the derived `Drop`, `Clone` and `Debug` of the tree) may recurse
//! over the tree in bounded stack.
//!
//! Markdown deeper than [`MAX_BLOCK_DEPTH`] containers (block quotes, lists, definition lists) or
//! [`MAX_INLINE_DEPTH`] inline containers (emphasis, strong, strikethrough, links, images) is
//! flattened at the limit: the deeper content stays, as siblings at the deepest allowed level,
//! and the chapter gets one `nesting-too-deep` warning. SUMMARY.md entries deeper than
//! [`MAX_SUMMARY_DEPTH`] become siblings at that depth (`summary-too-deep`). TeX whose groups
//! nest deeper than [`MAX_MATH_DEPTH`] is not converted but shown as source (`math-too-deep`).

/// Block containers (block quotes, lists, definition lists, footnote definitions) one inside
/// another, at most.
pub const MAX_BLOCK_DEPTH: usize = 64;

/// Inline containers (emphasis, strong, strikethrough, links, images) one inside another, at
/// most.
pub const MAX_INLINE_DEPTH: usize = 32;

/// Levels of SUMMARY.md's chapter lists, at most.
pub const MAX_SUMMARY_DEPTH: usize = 64;

/// Nested groups in a TeX formula (`{…}`, `\left…\right`, `\begin…\end`), at most.
pub const MAX_MATH_DEPTH: usize = 64;

/// The deepest nesting in TeX source: groups (braces but not `\{`, `\left`/`\right`,
/// `\begin`/`\end` pairs) plus, within a group, a run of commands, `^` and `_` that can take each
/// other as arguments (`\sqrt\sqrt\sqrt x`, `\frac1\frac1x`): two letters or digits in a row,
/// or an operator, end such a run. Unbalanced closers are ignored; unclosed groups count. Linear time.
pub fn math_depth(tex: &str) -> usize {
    let b = tex.as_bytes();
    let (mut depth, mut max, mut i) = (0usize, 0usize, 0usize);
    // Length of the current run of argument-taking tokens, and whether the last token was plain.
    let (mut run, mut plain) = (0usize, false);
    while i < b.len() {
        let c = b[i];
        match c {
            b'\\' => {
                let start = i + 1;
                let mut end = start;
                while end < b.len() && b[end].is_ascii_alphabetic() {
                    end += 1;
                }
                match &b[start..end] {
                    b"left" | b"begin" => depth += 1,
                    b"right" | b"end" => depth = depth.saturating_sub(1),
                    _ => {}
                }
                run += 1;
                plain = false;
                max = max.max(depth + run);
                // A control symbol (`\{`, `\\`) is one character after the backslash.
                i = if end == start { start + 1 } else { end };
                continue;
            }
            b'{' => {
                depth += 1;
                plain = false;
            }
            b'}' => {
                depth = depth.saturating_sub(1);
                plain = false;
            }
            b'^' | b'_' => {
                run += 1;
                plain = false;
            }
            b' ' | b'\t' | b'\n' | b'\r' => {}
            // A letter or digit may be a command's argument, a second in a row is not.
            _ if c.is_ascii_alphanumeric() => {
                if plain {
                    run = 0;
                }
                plain = true;
            }
            // An operator or punctuation ends the run.
            _ => {
                run = 0;
                plain = false;
            }
        }
        max = max.max(depth + run);
        i += 1;
    }
    max
}

/// True when `tex` nests deeper than [`MAX_MATH_DEPTH`].
pub fn math_too_deep(tex: &str) -> bool {
    math_depth(tex) > MAX_MATH_DEPTH
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn math_depth_counts_groups() {
        assert_eq!(math_depth("x"), 0);
        assert_eq!(math_depth("}}}{"), 1);
        assert!(math_depth("\\frac{1}{2} + \\alpha x^2 + \\left( {x} \\right)") < 6);
        assert!(math_depth("\\begin{matrix} a & b \\\\ c & d \\end{matrix}") < 6);
        let deep = "\\frac{1}{".repeat(100_000);
        assert!(math_depth(&deep) >= 100_000);
        assert!(math_too_deep(&"\\sqrt".repeat(100)));
        assert!(math_too_deep(&"\\frac1".repeat(100)));
        assert!(math_too_deep(&"x^".repeat(100)));
        assert!(!math_too_deep(&"\\alpha + ".repeat(1000)));
        assert!(math_too_deep(&deep));
        assert!(!math_too_deep(&"{".repeat(MAX_MATH_DEPTH)));
    }

    use crate::ast::{plain_text, Block, BlockKind};
    use crate::parse::{parse_chapter, ParseOptions};

    fn parse(text: String) -> crate::parse::ParsedChapter {
        let src = crate::expand::ExpandedSource::single(crate::span::FileId(0), text);
        parse_chapter(&src, &ParseOptions { mathjax: true, ..ParseOptions::default() })
    }

    /// Levels of block nesting in the tree.
    fn block_depth(blocks: &[Block]) -> usize {
        blocks
            .iter()
            .map(|b| match &b.kind {
                BlockKind::BlockQuote(bs) | BlockKind::Admonition { blocks: bs, .. } => 1 + block_depth(bs),
                BlockKind::List { items, .. } => 1 + items.iter().map(|i| block_depth(&i.blocks)).max().unwrap_or(0),
                _ => 0,
            })
            .max()
            .unwrap_or(0)
    }

    fn all_text(blocks: &[Block]) -> String {
        let mut out = String::new();
        for b in blocks {
            match &b.kind {
                BlockKind::Paragraph(i) => out.push_str(&plain_text(i)),
                BlockKind::BlockQuote(bs) => out.push_str(&all_text(bs)),
                BlockKind::List { items, .. } => items.iter().for_each(|i| out.push_str(&all_text(&i.blocks))),
                _ => {}
            }
        }
        out
    }

    #[test]
    fn deep_blocks_are_flattened_at_the_limit_with_one_warning() {
        for (text, depth) in [
            (format!("{}deep\n", "- ".repeat(100_000)), MAX_BLOCK_DEPTH),
            (format!("{} deep\n", ">".repeat(100_000)), MAX_BLOCK_DEPTH),
            (format!("{}deep\n", "> 1. ".repeat(50_000)), MAX_BLOCK_DEPTH),
            (format!("{}deep\n", "- ".repeat(MAX_BLOCK_DEPTH)), MAX_BLOCK_DEPTH),
        ] {
            let p = parse(text.clone());
            assert_eq!(block_depth(&p.blocks), depth, "{}", &text[..12]);
            assert_eq!(all_text(&p.blocks), "deep");
            let n = p.diagnostics.iter().filter(|d| d.code == "nesting-too-deep").count();
            assert_eq!(n, usize::from(text.len() > 1000), "{}: {:?}", &text[..12], p.diagnostics);
        }
        let p = parse("> a\n> > b\n> - c\n".into());
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    }

    #[test]
    fn deep_inlines_are_flattened_with_their_text() {
        // 10,000 levels of emphasis: at 100,000 the parse takes minutes in a debug build, a
        // superlinear cost not yet found (issue 11, item 5); the stack stays bounded either way.
        let open: String = (0..10_000).map(|i| if i % 2 == 0 { "*a " } else { "_a " }).collect();
        let close: String = (0..10_000).rev().map(|i| if i % 2 == 0 { " a*" } else { " a_" }).collect();
        let p = parse(format!("a {open}deep{close} b\n"));
        assert!(all_text(&p.blocks).contains("deep"));
        assert_eq!(p.diagnostics.iter().filter(|d| d.code == "nesting-too-deep").count(), 1, "{:?}", p.diagnostics);
        let p = parse(format!("x {}deep{} y\n", "![".repeat(100_000), "](i.png)".repeat(100_000)));
        assert_eq!(p.diagnostics.iter().filter(|d| d.code == "nesting-too-deep").count(), 1, "{:?}", p.diagnostics);
        let p = parse("- [x] done\n- [ ] *a **b***\n".into());
        assert!(p.diagnostics.is_empty());
        let BlockKind::List { items, .. } = &p.blocks[0].kind else { panic!("list") };
        assert_eq!(items[0].task, Some(true));
    }

    #[test]
    fn deep_summary_entries_become_siblings_at_the_limit() {
        use crate::summary::{parse_summary, SummaryKind};
        let one_line = format!("- [a](a.md)\n  {}[b](b.md)\n", "- ".repeat(100_000));
        let mut indented = String::new();
        for i in 0..200 {
            indented.push_str(&format!("{}- [c{i}](c{i}.md)\n", "  ".repeat(i)));
        }
        for (text, chapters) in [(one_line, None), (indented, Some(200))] {
            let (summary, diags) = parse_summary(&text, crate::span::FileId(0), false);
            assert_eq!(diags.iter().filter(|d| d.code == "summary-too-deep").count(), 1, "{diags:?}");
            assert!(summary.items.iter().all(|i| i.depth < MAX_SUMMARY_DEPTH));
            let named = |t: &str| summary.items.iter().any(|i| matches!(&i.kind, SummaryKind::Chapter(l) if l.title == t));
            assert!(named("b") || named("c199"));
            if let Some(n) = chapters {
                assert_eq!(summary.items.len(), n);
                assert_eq!(summary.items[199].depth, MAX_SUMMARY_DEPTH - 1);
            }
        }
    }

    #[test]
    fn deep_math_is_one_error_and_converts_to_nothing() {
        let p = parse(format!("${}x{}$ and ${}y$\n", "\\frac{1}{".repeat(100_000), "}".repeat(100_000), "{".repeat(100_000)));
        assert_eq!(p.diagnostics.iter().filter(|d| d.code == "math-too-deep").count(), 1, "{:?}", p.diagnostics);
    }
}
