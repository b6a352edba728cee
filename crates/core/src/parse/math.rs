//! Every formula of a chapter read once (see [`crate::ast::math`]), after the text is final
//! (MathJax delimiters found, CJK markers stripped), and the bad ones reported here, once, with
//! their place: TeX nested too deep (`math-too-deep`, the first of the chapter: one such formula
//! is enough to know), and each formula that is empty or that pulldown-latex refuses
//! (`math-invalid`: an unknown command, unbalanced braces). The renderers show the source of a
//! formula without events and report nothing.

use crate::ast::visit as walk;
use crate::ast::tex_macros::TexMacros;
use crate::ast::{Block, BlockKind, InlineKind, TexError};
use crate::depth::MAX_MATH_DEPTH;
use crate::diag::{Code, Diagnostic};
use crate::span::Span;

/// Reads the formulas of `lists` (a chapter's blocks, then each footnote's) and returns their
/// diagnostics in source order.
pub fn read_all<'a>(lists: impl IntoIterator<Item = &'a mut Vec<Block>>, start: &TexMacros) -> Vec<Diagnostic> {
    let mut lists: Vec<&'a mut Vec<Block>> = lists.into_iter().collect();
    // The macros formulas define hold for the formulas after them (in source order, as MathJax
    // typesets a page): first the definitions, in order, then each formula read with those
    // made before it. A chapter that defines none reads each formula alone.
    let mut defining: Vec<(Span, Vec<(String, String)>)> = Vec::new();
    for blocks in lists.iter_mut() {
        let mut look = |tex: &str, span: Span| {
            if crate::ast::tex_macros::may_define(tex) {
                let (defs, _) = crate::ast::tex_macros::split(tex);
                if !defs.is_empty() {
                    defining.push((span, defs));
                }
            }
        };
        walk::visit_blocks(blocks, &mut |b| {
            if let BlockKind::Math { formula, .. } = &b.kind {
                look(formula.tex(), b.span);
            }
        });
        walk::visit_all_inlines(blocks, &mut |i| {
            if let InlineKind::Math(formula) = &i.kind {
                look(formula.tex(), i.span);
            }
        });
    }
    defining.sort_by_key(|(s, _)| (s.file, s.start));
    // The macros in force after each defining formula.
    let mut after: Vec<(Span, TexMacros)> = Vec::with_capacity(defining.len());
    let mut so_far = start.clone();
    for (span, defs) in defining {
        so_far.extend(defs);
        after.push((span, so_far.clone()));
    }
    let before = |span: Span| -> TexMacros {
        let n = after.partition_point(|(s, _)| (s.file, s.start) < (span.file, span.start));
        n.checked_sub(1).and_then(|k| after.get(k)).map_or_else(|| start.clone(), |(_, m)| m.clone())
    };
    let mut bad: Vec<(Span, TexError)> = Vec::new();
    let mut keep = |formula: &crate::ast::Formula, span: Span| {
        if let Some(e) = formula.error().filter(|e| !matches!(e, TexError::Definitions)) {
            bad.push((span, e.clone()));
        }
    };
    for blocks in lists {
        walk::visit_blocks(blocks, &mut |b| {
            if let BlockKind::Math { formula, .. } = &mut b.kind {
                if after.is_empty() && start.is_empty() {
                    formula.read(true);
                } else {
                    formula.read_with(true, &mut before(b.span));
                }
                keep(formula, b.span);
            }
        });
        walk::visit_all_inlines(blocks, &mut |i| {
            if let InlineKind::Math(formula) = &mut i.kind {
                if after.is_empty() && start.is_empty() {
                    formula.read(false);
                } else {
                    formula.read_with(false, &mut before(i.span));
                }
                keep(formula, i.span);
            }
        });
    }
    bad.sort_by_key(|(s, _)| (s.file, s.start));
    let mut out = Vec::new();
    let mut deep_seen = false;
    for (span, e) in bad {
        match e {
            TexError::TooDeep(_) => {
                if !deep_seen {
                    deep_seen = true;
                    out.push(
                        Diagnostic::error(Code::MathTooDeep, format!("this TeX nests groups more than {MAX_MATH_DEPTH} levels deep; it is shown as source"))
                            .with_span(span)
                            .with_hint("check the braces; a formula this deep cannot be typeset"),
                    );
                }
            }
            TexError::Empty => out.push(
                Diagnostic::warning(Code::MathInvalid, "this formula is empty")
                    .with_span(span)
                    .with_hint("write the formula between the delimiters, or remove them"),
            ),
            e => out.push(
                Diagnostic::warning(Code::MathInvalid, format!("this TeX cannot be read ({e}); it is shown as source"))
                    .with_span(span)
                    .with_hint("check the command names and that every `{` has its `}`"),
            ),
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use crate::expand::ExpandedSource;
    use crate::parse::{parse_chapter, ParseOptions};

    fn parse(src: &str) -> crate::parse::ParsedChapter {
        let src = ExpandedSource::single(crate::span::FileId(0), src.to_string());
        parse_chapter(&src, &ParseOptions::default())
    }

    #[test]
    fn an_argument_of_one_token_is_one_digit() {
        // TeX reads `\frac12` as `\frac{1}{2}` (MathJax and KaTeX too); a parser that took `12` as
        // one number called it invalid.
        let p = parse("$\\frac12$ and $\\sqrt2$ and $x_12$\n");
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    }

    #[test]
    fn formulas_are_read_once_and_bad_ones_reported_once_each() {
        let p = parse("Good $x^2$, bad $\\nosuch x$ and $\\left( x$ here.\n\n$$\n\\frac{a}{b} \\tag{A}\n$$\n\n$$ $$\n");
        let codes: Vec<String> = p.diagnostics.iter().map(|d| d.code.to_string()).collect();
        assert_eq!(codes, ["math-invalid", "math-invalid", "math-invalid"], "{:?}", p.diagnostics);
        assert!(p.diagnostics.iter().all(|d| d.span.is_some()));
        let spans: Vec<u32> = p.diagnostics.iter().filter_map(|d| d.span.map(|s| s.start)).collect();
        assert!(spans.windows(2).all(|w| w[0] < w[1]), "in source order: {spans:?}");
        let display = p.blocks.iter().find_map(|b| match &b.kind {
            crate::ast::BlockKind::Math { formula, .. } if formula.error().is_none() => Some(formula),
            _ => None,
        });
        let display = display.unwrap();
        assert_eq!(display.tag(), &crate::ast::EquationTag::Tag("A".into()));
        assert!(display.events().is_ok());
    }
}
