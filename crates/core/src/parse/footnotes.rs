//! Footnote numbering: references are numbered in order of first reference; definitions are
//! returned in that order. A reference with no definition keeps index 0 (warning); a definition
//! nobody references is dropped (note).

use crate::diag::Code;
use super::fold::RawFootnote;
use crate::ast::visit::visit_all_inlines;
use crate::ast::{Block, Footnote, Inline, InlineKind};
use crate::diag::Diagnostic;
use std::collections::HashMap;

fn key(label: &str) -> String {
    label.trim().to_lowercase()
}

struct Numberer<'d> {
    defs: HashMap<String, RawFootnote>,
    index: HashMap<String, usize>,
    out: Vec<Footnote>,
    diags: &'d mut Vec<Diagnostic>,
}

impl Numberer<'_> {
    fn visit(&mut self, blocks: &mut [Block]) {
        visit_all_inlines(blocks, &mut |i| self.assign(i));
    }

    fn assign(&mut self, i: &mut Inline) {
        let InlineKind::FootnoteRef { label, index: idx } = &mut i.kind else { return };
        let k = key(label);
        if let Some(&n) = self.index.get(&k) {
            *idx = n;
        } else if let Some(def) = self.defs.remove(&k) {
            let n = self.out.len() + 1;
            self.index.insert(k, n);
            *idx = n;
            let f = Footnote { label: def.label, index: n, id: String::new(), blocks: def.blocks, span: def.span };
            self.out.push(f);
        } else {
            *idx = 0;
            self.diags.push(
                Diagnostic::warning(Code::UndefinedFootnote, format!("footnote [^{label}] has no definition"))
                    .with_span(i.span)
                    .with_hint(format!("add a line `[^{label}]: text` to this chapter")),
            );
        }
    }
}

/// Numbers the references in `blocks` (and in the definitions themselves) and returns the
/// definitions in reference order.
pub fn number(blocks: &mut [Block], raw: Vec<RawFootnote>, diags: &mut Vec<Diagnostic>) -> Vec<Footnote> {
    let mut defs: HashMap<String, RawFootnote> = HashMap::new();
    let mut def_order: Vec<String> = Vec::new();
    for f in raw {
        let k = key(&f.label);
        if defs.contains_key(&k) {
            diags.push(
                Diagnostic::warning(Code::DuplicateFootnote, format!("footnote [^{}] is defined twice", f.label))
                    .with_span(f.span)
                    .with_hint("the first definition is used; rename or remove this one"),
            );
            continue;
        }
        def_order.push(k.clone());
        defs.insert(k, f);
    }
    let mut n = Numberer { defs, index: HashMap::new(), out: Vec::new(), diags };
    n.visit(blocks);
    let mut done = 0;
    while let Some(f) = n.out.get_mut(done) {
        let mut inner = std::mem::take(&mut f.blocks);
        n.visit(&mut inner);
        if let Some(f) = n.out.get_mut(done) {
            f.blocks = inner;
        }
        done += 1;
    }
    let Numberer { mut defs, out, diags, .. } = n;
    for k in def_order {
        if let Some(f) = defs.remove(&k) {
            diags.push(
                Diagnostic::note(Code::UnusedFootnote, format!("footnote [^{}] is never referenced", f.label))
                    .with_span(f.span)
                    .with_hint("reference it with [^label] or remove it"),
            );
        }
    }
    out
}
