//! Every formula of a chapter read once (see [`crate::ast::math`]), after the text is final
//! (MathJax delimiters found, CJK markers stripped), and the bad ones reported here, once, with
//! their place: TeX nested too deep (`math-too-deep`, the first of the chapter: one such formula
//! is enough to know), and each formula that is empty or that pulldown-latex refuses
//! (`math-invalid`: an unknown command, unbalanced braces). The renderers show the source of a
//! formula without events and report nothing.

use crate::ast::visit as walk;
use crate::ast::{Block, BlockKind, InlineKind, TexError};
use crate::depth::MAX_MATH_DEPTH;
use crate::diag::{Code, Diagnostic};
use crate::span::Span;

/// Reads the formulas of `lists` (a chapter's blocks, then each footnote's) and returns their
/// diagnostics in source order.
pub fn read_all<'a>(lists: impl IntoIterator<Item = &'a mut Vec<Block>>) -> Vec<Diagnostic> {
    let mut bad: Vec<(Span, TexError)> = Vec::new();
    for blocks in lists {
        walk::visit_blocks(blocks, &mut |b| {
            if let BlockKind::Math { formula, .. } = &mut b.kind {
                formula.read(true);
                if let Some(e) = formula.error() {
                    bad.push((b.span, e.clone()));
                }
            }
        });
        walk::visit_all_inlines(blocks, &mut |i| {
            if let InlineKind::Math(formula) = &mut i.kind {
                formula.read(false);
                if let Some(e) = formula.error() {
                    bad.push((i.span, e.clone()));
                }
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
