//! TeX macros a book defines for its formulas, as MathJax and KaTeX keep them: a formula's
//! `\newcommand`, `\renewcommand`, `\providecommand`, `\def`, `\gdef` and `\DeclareMathOperator`
//! hold for the formulas after it in the chapter (MathJax's page-wide definitions), so a chapter
//! may define `\R` once in `$$\newcommand{\R}{\mathbb{R}}$$` and use it everywhere after. A
//! formula that only defines macros shows nothing.
//!
//! [`split`] takes the definitions out of a formula's TeX; [`TexMacros`] keeps the latest
//! definition of each name and gives the preamble a formula is read with.

use std::collections::BTreeMap;

/// The macros defined so far: the latest definition of each name, written so that reading it
/// never fails for a name defined before (`\providecommand` once per name, or `\def`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TexMacros {
    defs: BTreeMap<String, String>,
}

impl TexMacros {
    /// Adds definitions (a later one of a name replaces the earlier).
    pub fn extend(&mut self, defs: impl IntoIterator<Item = (String, String)>) {
        self.defs.extend(defs);
    }

    /// No macro defined.
    pub fn is_empty(&self) -> bool {
        self.defs.is_empty()
    }

    /// The definitions to read before `tex`, when `tex` names one of the macros (else empty: a
    /// formula that uses none is read alone).
    pub fn preamble_for(&self, tex: &str) -> String {
        let uses = self.defs.keys().any(|name| {
            tex.match_indices(name.as_str()).any(|(at, _)| !tex[at + name.len()..].starts_with(|c: char| c.is_ascii_alphabetic()))
        });
        if uses { self.defs.values().map(String::as_str).collect() } else { String::new() }
    }
}

/// Whether `tex` may hold a definition [`split`] takes out (a cheap test before it).
pub fn may_define(tex: &str) -> bool {
    tex.contains("command") || tex.contains("def") || tex.contains("DeclareMathOperator")
}

/// The macro definitions of `tex` as (`\name`, definition) in order, and the TeX without them.
/// Text that only looks like a definition (no name, unbalanced braces) stays in the TeX.
pub fn split(tex: &str) -> (Vec<(String, String)>, String) {
    let mut defs = Vec::new();
    let mut rest = String::with_capacity(tex.len());
    let mut at = 0;
    while let Some(off) = tex[at..].find('\\') {
        let start = at + off;
        rest.push_str(&tex[at..start]);
        let name_end = start + 1 + tex[start + 1..].find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(tex.len() - start - 1);
        let cmd = &tex[start + 1..name_end];
        let found = match cmd {
            "newcommand" | "renewcommand" | "providecommand" => command(tex, name_end),
            "def" | "gdef" => def(tex, name_end),
            "DeclareMathOperator" => operator(tex, name_end),
            _ => None,
        };
        match found {
            Some((name, text, end)) => {
                defs.push((name, text));
                at = end;
            }
            None => {
                // The command (or an escaped character) as written.
                let end = if name_end > start + 1 { name_end } else { (start + 1 + tex[start + 1..].chars().next().map_or(0, char::len_utf8)).min(tex.len()) };
                rest.push_str(&tex[start..end]);
                at = end;
            }
        }
    }
    rest.push_str(&tex[at..]);
    (defs, rest)
}

/// Skips spaces from `at`.
fn skip_spaces(tex: &str, at: usize) -> usize {
    at + tex[at..].len() - tex[at..].trim_start().len()
}

/// A control sequence at `at` (`\name` or `\x`): its end.
fn control_sequence(tex: &str, at: usize) -> Option<usize> {
    let rest = tex.get(at..)?.strip_prefix('\\')?;
    let letters = rest.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(rest.len());
    let len = if letters > 0 { letters } else { rest.chars().next()?.len_utf8() };
    Some(at + 1 + len)
}

/// A brace group starting at `at` (`{…}`, nested groups and `\{` `\}` inside): its end.
fn group(tex: &str, at: usize) -> Option<usize> {
    let bytes = tex.as_bytes();
    if bytes.get(at) != Some(&b'{') {
        return None;
    }
    let mut depth = 0usize;
    let mut i = at;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// An optional `[…]` argument at `at`: its end (or `at` without one).
fn optional(tex: &str, at: usize) -> Option<usize> {
    let at = skip_spaces(tex, at);
    if !tex[at..].starts_with('[') {
        return Some(at);
    }
    tex[at..].find(']').map(|e| at + e + 1)
}

/// `\newcommand` and its kin after the command (at `at`): `{\name}` or `\name`, `[n]`,
/// `[default]`, `{body}`. Written back as `\providecommand`, which never fails.
fn command(tex: &str, at: usize) -> Option<(String, String, usize)> {
    let mut at = skip_spaces(tex, at);
    at += usize::from(tex[at..].starts_with('*'));
    at = skip_spaces(tex, at);
    let (name, after) = if tex[at..].starts_with('{') {
        let end = group(tex, at)?;
        let inner = tex[at + 1..end - 1].trim();
        let cs_end = control_sequence(inner, 0)?;
        if cs_end != inner.len() {
            return None;
        }
        (inner.to_string(), end)
    } else {
        let end = control_sequence(tex, at)?;
        (tex[at..end].to_string(), end)
    };
    let args = optional(tex, after)?;
    let args = optional(tex, args)?;
    let body_at = skip_spaces(tex, args);
    let end = group(tex, body_at)?;
    // pulldown-latex wants the argument count even when it is none.
    let count = tex[after..args].trim();
    let count = if count.is_empty() { "[0]" } else { count };
    let text = format!("\\providecommand{{{name}}}{count}{}", &tex[body_at..end]);
    Some((name, text, end))
}

/// `\def` after the command: `\name`, parameter text up to the body's `{`, `{body}`.
fn def(tex: &str, at: usize) -> Option<(String, String, usize)> {
    let at = skip_spaces(tex, at);
    let name_end = control_sequence(tex, at)?;
    let body_at = name_end + tex[name_end..].find('{')?;
    let params = &tex[name_end..body_at];
    if !params.chars().all(|c| c == '#' || c.is_ascii_digit() || c.is_whitespace()) {
        return None;
    }
    let end = group(tex, body_at)?;
    Some((tex[at..name_end].to_string(), format!("\\def{}{}{}", &tex[at..name_end], params.trim(), &tex[body_at..end]), end))
}

/// `\DeclareMathOperator{\name}{text}` (`*`: limits below and above), as an `\operatorname`.
fn operator(tex: &str, at: usize) -> Option<(String, String, usize)> {
    let mut at = skip_spaces(tex, at);
    let star = tex[at..].starts_with('*');
    at = skip_spaces(tex, at + usize::from(star));
    let name_group = group(tex, at)?;
    let name = tex[at + 1..name_group - 1].trim();
    if control_sequence(name, 0)? != name.len() {
        return None;
    }
    let text_at = skip_spaces(tex, name_group);
    let end = group(tex, text_at)?;
    let op = if star { "\\operatorname*" } else { "\\operatorname" };
    Some((name.to_string(), format!("\\providecommand{{{name}}}[0]{{{op}{}}}", &tex[text_at..end]), end))
}

#[cfg(test)]
mod tests {
    use super::{split, TexMacros};

    #[test]
    fn definitions_are_taken_out_in_order() {
        let (defs, rest) = split(r"\newcommand{\R}{\mathbb{R}} \renewcommand\N[1]{\mathbb{N}_{#1}} x \in \R");
        assert_eq!(defs, [(r"\R".to_string(), r"\providecommand{\R}[0]{\mathbb{R}}".to_string()), (r"\N".to_string(), r"\providecommand{\N}[1]{\mathbb{N}_{#1}}".to_string())]);
        assert_eq!(rest.split_whitespace().collect::<Vec<_>>(), ["x", r"\in", r"\R"]);
        let (defs, rest) = split(r"\def\abs#1{\left|#1\right|}\DeclareMathOperator*{\argmax}{arg\,max}");
        assert_eq!(defs[0], (r"\abs".into(), r"\def\abs#1{\left|#1\right|}".into()));
        assert_eq!(defs[1], (r"\argmax".into(), r"\providecommand{\argmax}[0]{\operatorname*{arg\,max}}".into()));
        assert!(rest.trim().is_empty());
    }

    #[test]
    fn lookalikes_and_broken_definitions_stay_as_written() {
        for tex in [r"\newcommandx", r"\newcommand{\R}{\mathbb{R}", r"\def{x}", r"\{ \} \\ \newcommand", "\\newcommand{ab}{c}", "é \\"] {
            let (defs, rest) = split(tex);
            assert!(defs.is_empty(), "{tex}: {defs:?}");
            assert_eq!(rest, tex);
        }
    }

    #[test]
    fn the_preamble_comes_only_for_a_formula_that_uses_a_macro() {
        let mut m = TexMacros::default();
        m.extend(split(r"\newcommand{\R}{\mathbb{R}}").0);
        m.extend(split(r"\newcommand{\R}{\mathbf{R}}").0);
        assert_eq!(m.preamble_for(r"x \in \R"), r"\providecommand{\R}[0]{\mathbf{R}}");
        assert_eq!(m.preamble_for(r"x \in \Rho"), "", "another command that starts alike");
        assert_eq!(m.preamble_for("x"), "");
    }
}
