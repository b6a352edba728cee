//! mdBook's hidden code lines: boilerplate lines of a code block that make the example complete
//! (Rust's `# fn main() {`) but that the reader does not need to see.
//!
//! Which lines, per block:
//! - a `hidelines=<prefix>` attribute in the info string (`python,hidelines=!!!`);
//! - else the book's `[output.html.code.hidelines]` prefix for the block's language;
//! - else, for Rust, rustdoc's rules: a line that is `#` alone, or starts (after indentation)
//!   with `#` and any character other than `[`, `!` or a second `#`, is hidden; `##` at the
//!   start is an escaped `#` and stays;
//! - else nothing.
//!
//! The marker is taken out of each hidden line (its indentation stays), `##` becomes `#`, and the
//! hidden line numbers are kept beside the code in the AST ([`crate::BlockKind::CodeBlock`]).
//! The site shows hidden lines on request; EPUB and PDF leave them out.

use std::collections::BTreeMap;

/// Rewrites `code` (taking the markers out) and returns the 0-based numbers of its hidden lines.
pub fn apply(lang: Option<&str>, info: &str, code: &mut String, prefixes: &BTreeMap<String, String>) -> Vec<u32> {
    let attr = info
        .split([',', ' ', '\t', '{', '}'])
        .find_map(|part| part.strip_prefix("hidelines="))
        .filter(|p| !p.is_empty());
    let prefix = attr.or_else(|| lang.and_then(|l| prefixes.get(l)).map(String::as_str));
    let rustdoc = prefix.is_none() && lang.is_some_and(|l| l.eq_ignore_ascii_case("rust"));
    if prefix.is_none() && !rustdoc {
        return Vec::new();
    }
    let mut hidden = Vec::new();
    let mut out = String::with_capacity(code.len());
    for (n, line) in code.split_inclusive('\n').enumerate() {
        let body = line.trim_start_matches([' ', '\t']);
        let indent = &line[..line.len() - body.len()];
        let (hide, rest) = match prefix {
            Some(p) => match body.strip_prefix(p) {
                Some(rest) => (true, rest),
                None => (false, body),
            },
            None => rustdoc_line(body),
        };
        if hide {
            hidden.push(u32::try_from(n).unwrap_or(u32::MAX));
        }
        out.push_str(indent);
        out.push_str(rest);
    }
    if !hidden.is_empty() || out.len() != code.len() {
        *code = out;
    }
    hidden
}

/// Rustdoc's rule for one line without its indentation: `(hidden, text to keep)`.
fn rustdoc_line(body: &str) -> (bool, &str) {
    let Some(after) = body.strip_prefix('#') else { return (false, body) };
    match after.chars().next() {
        // `##`: an escaped `#`, shown.
        Some('#') => (false, after),
        // `#[attr]`, `#![attr]`: Rust syntax, shown.
        Some('[' | '!') => (false, body),
        // `#` alone (with its line ending).
        None | Some('\n' | '\r') => (true, after),
        Some(' ') => (true, &after[1..]),
        Some(_) => (true, after),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(lang: Option<&str>, info: &str, code: &str, prefixes: &[(&str, &str)]) -> (String, Vec<u32>) {
        let map = prefixes.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        let mut code = code.to_string();
        let hidden = apply(lang, info, &mut code, &map);
        (code, hidden)
    }

    #[test]
    fn rustdoc_rules_as_mdbook_applies_them() {
        // mdBook's own test case.
        let code = "#![allow(something)]\n#\n#hidden();\n# hidden();\n## not_hidden();\n#[not_hidden]\nnot_hidden();\n";
        let (out, hidden) = run(Some("rust"), "rust", code, &[]);
        assert_eq!(hidden, vec![1, 2, 3]);
        assert_eq!(out, "#![allow(something)]\n\nhidden();\nhidden();\n# not_hidden();\n#[not_hidden]\nnot_hidden();\n");
        let (out, hidden) = run(Some("rust"), "rust,ignore", "# fn main() {\n    let x = 5;\n    # let y = 6;\r\n# }", &[]);
        assert_eq!(hidden, vec![0, 2, 3]);
        assert_eq!(out, "fn main() {\n    let x = 5;\n    let y = 6;\r\n}");
    }

    #[test]
    fn configured_and_per_block_prefixes() {
        let code = "~hidden()\nnothidden():\n~    hidden()\n    ~hidden()\n    nothidden()\n";
        let (out, hidden) = run(Some("python"), "python", code, &[("python", "~")]);
        assert_eq!(hidden, vec![0, 2, 3]);
        assert_eq!(out, "hidden()\nnothidden():\n    hidden()\n    hidden()\n    nothidden()\n");
        let bang = code.replace('~', "!!!");
        let (_, hidden) = run(Some("python"), "python,hidelines=!!!", &bang, &[("python", "~")]);
        assert_eq!(hidden, vec![0, 2, 3], "the block's attribute wins over the book's prefix");
        // A configured prefix replaces rustdoc's rules for Rust.
        let (out, hidden) = run(Some("rust"), "rust", "# keep\n%% hide\n", &[("rust", "%%")]);
        assert_eq!((out.as_str(), hidden), ("# keep\n hide\n", vec![1]));
    }

    #[test]
    fn other_languages_are_untouched() {
        for (lang, info) in [(Some("bash"), "bash"), (None, ""), (Some("python"), "python")] {
            let code = "# comment\n## heading\n";
            let (out, hidden) = run(lang, info, code, &[]);
            assert_eq!((out.as_str(), hidden.len()), (code, 0), "{info}");
        }
    }
}
