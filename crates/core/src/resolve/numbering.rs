//! Numbering of figures, tables, listings and display equations per chapter (`<chapter>.<n>`,
//! or `<n>` in an unnumbered chapter; an equation's in parentheses, `(2.3)`, or its `\tag`), and
//! of sections below numbered chapters (`2.1.3`).

use crate::ast::{BlockKind, EquationTag};
use crate::book::{Chapter, ChapterRole};
use crate::ast::visit::visit_blocks;

/// Which kinds get numbers.
#[derive(Debug, Clone, Copy, Default)]
pub struct What {
    /// Figures.
    pub figures: bool,
    /// Tables.
    pub tables: bool,
    /// Code listings.
    pub listings: bool,
    /// Headings (h2 and deeper) in numbered chapters.
    pub sections: bool,
    /// Display formulas without `\tag` or `\notag` (a `\tag` shows either way).
    pub equations: bool,
}

/// Numbers one chapter's blocks.
pub fn number_chapter(ch: &mut Chapter, what: What) {
    let prefix = ch.number_string();
    let label = |n: usize| match &prefix {
        Some(p) => format!("{p}.{n}"),
        None => n.to_string(),
    };
    let (mut fig, mut tab, mut lst, mut eq) = (0usize, 0usize, 0usize, 0usize);
    let mut sec = [0u32; 7];
    let numbered = ch.role == ChapterRole::Numbered && prefix.is_some();
    visit_blocks(&mut ch.blocks, &mut |b| match &mut b.kind {
        BlockKind::Figure { numbering, .. } if what.figures => {
            fig += 1;
            numbering.number = Some(label(fig));
        }
        BlockKind::Table { numbering, .. } if what.tables => {
            tab += 1;
            numbering.number = Some(label(tab));
        }
        BlockKind::CodeBlock { numbering, .. } if what.listings => {
            lst += 1;
            numbering.number = Some(label(lst));
        }
        BlockKind::Math { formula, number } if !formula.only_defines() => {
            *number = match formula.tag() {
                EquationTag::Auto if what.equations => {
                    eq += 1;
                    Some(format!("({})", label(eq)))
                }
                tag => tag.label(),
            };
        }
        BlockKind::Heading { level, number, .. } if what.sections && numbered && *level >= 2 => {
            let l = usize::from((*level).min(6));
            sec[l] += 1;
            for s in sec.iter_mut().skip(l + 1) {
                *s = 0;
            }
            let parts: Vec<String> = sec[2..=l].iter().map(|n| (*n).max(1).to_string()).collect();
            *number = prefix.as_ref().map(|p| format!("{p}.{}", parts.join(".")));
        }
        _ => {}
    });
}
