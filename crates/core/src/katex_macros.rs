//! mdbook-katex's macros file (`[preprocessor.katex] macros = "macros.txt"`, relative to the
//! book's root): one macro a line, `\name:expansion`, its arguments `#1`…`#9` in the expansion.
//! Quire typesets `$…$` itself, so it reads the file too, as the macros every formula of the book
//! starts with (see [`crate::ast::tex_macros`]). A file that cannot be read is a warning at the
//! key; a line that is no definition, a warning at that line; the rest still hold.

use crate::ast::tex_macros::TexMacros;
use crate::diag::{Code, Diagnostic};
use crate::files::Files;
use crate::span::{FileId, Span};
use std::path::Path;

/// The macros of the file `config` names, if any.
pub fn load(config: &crate::config::BookConfig, root: &Path, config_file: Option<FileId>, files: &mut Files<'_>) -> TexMacros {
    let mut macros = TexMacros::default();
    let Some(rel) = config.preprocessor.get("katex").and_then(|t| t.get("macros")).and_then(|v| v.as_str()).map(str::trim).filter(|s| !s.is_empty()) else {
        return macros;
    };
    let problem = match files.canonicalize(&root.join(rel)) {
        Ok(canon) if !files.is_allowed(&canon) => format!("`{rel}` lies outside the book"),
        Ok(canon) => match files.read(&canon) {
            Ok(id) => {
                let text = files.text(id).to_string();
                let (defs, bad) = parse(&text);
                macros.extend(defs);
                for (start, end) in bad {
                    files.diagnostics.push(
                        Diagnostic::warning(Code::ConfigInvalid, "this line of the KaTeX macros file is not `\\name:expansion`; it is skipped")
                            .with_span(Span::new(id, start, end))
                            .with_hint("write one macro a line, e.g. `\\R:\\mathbb{R}`"),
                    );
                }
                return macros;
            }
            Err(e) => format!("`{rel}` cannot be read: {e}"),
        },
        Err(_) => format!("`{rel}` does not exist"),
    };
    let d = Diagnostic::warning(Code::ConfigInvalid, format!("[preprocessor.katex] macros: {problem}; formulas are read without its macros"))
        .with_hint("the path is relative to the book's root folder");
    crate::load::warn_at_key(files, config_file, &["preprocessor", "katex"], "macros", d);
    macros
}

/// A macro's name and its definition.
type Definition = (String, String);

/// The definitions of a macros file and the byte ranges of its lines that are none. Blank lines
/// and `%` comments are skipped.
fn parse(text: &str) -> (Vec<Definition>, Vec<(usize, usize)>) {
    let (mut defs, mut bad) = (Vec::new(), Vec::new());
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let l = line.trim();
        if l.is_empty() || l.starts_with('%') {
            continue;
        }
        let named = l.split_once(':').filter(|(name, _)| {
            let name = name.trim();
            name.len() > 1 && name.starts_with('\\') && name[1..].chars().all(|c| c.is_ascii_alphabetic())
        });
        match named {
            Some((name, expansion)) => {
                let name = name.trim();
                let args = expansion.match_indices('#').filter_map(|(i, _)| expansion[i + 1..].chars().next()?.to_digit(10)).max().unwrap_or(0);
                defs.push((name.to_string(), format!("\\providecommand{{{name}}}[{args}]{{{}}}", expansion.trim())));
            }
            None => bad.push((start, start + line.trim_end().len())),
        }
    }
    (defs, bad)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::parse;
    use crate::ast::{BlockKind, InlineKind};
    use crate::{Book, MemorySource};

    #[test]
    fn lines_become_definitions_with_their_argument_count() {
        let (defs, bad) = parse("\\R:\\mathbb{R}\n% a comment\n\n\\pair:\\langle #1, #2 \\rangle\nnot a macro\n\\x y:z\n");
        assert_eq!(defs, [("\\R".to_string(), "\\providecommand{\\R}[0]{\\mathbb{R}}".to_string()), ("\\pair".to_string(), "\\providecommand{\\pair}[2]{\\langle #1, #2 \\rangle}".to_string())]);
        assert_eq!(bad.len(), 2);
    }

    #[test]
    fn a_book_configuring_a_macros_file_reads_every_formula_with_it() {
        let src = MemorySource::new()
            .file("book.toml", "[book]\ntitle = \"T\"\n[preprocessor.katex]\nmacros = \"macros.txt\"\n")
            .file("macros.txt", "\\R:\\mathbb{R}\n\\abs:\\left|#1\\right|\nbroken\n")
            .file("src/SUMMARY.md", "- [C](c.md)\n")
            .file("src/c.md", "# C\n\n$x \\in \\R$ and $\\abs{x}$\n\n$$\\R^2$$\n");
        let b = Book::load_from(&src).expect("loads");
        let codes: Vec<&str> = b.diagnostics.iter().map(|d| d.code.name()).collect();
        assert!(!codes.contains(&"math-invalid"), "{:?}", b.diagnostics);
        assert_eq!(codes.iter().filter(|c| **c == "config-invalid").count(), 1, "the broken line: {:?}", b.diagnostics);
        let ch = &b.chapters[0];
        let BlockKind::Math { formula, .. } = &ch.blocks[2].kind else { panic!("{:?}", ch.blocks[2]) };
        assert!(formula.events().is_ok());
        let BlockKind::Paragraph(p) = &ch.blocks[1].kind else { panic!() };
        assert_eq!(p.iter().filter(|i| matches!(&i.kind, InlineKind::Math(f) if f.events().is_ok())).count(), 2);
        // A file that is not there: one warning at the key, formulas read without it.
        let src = MemorySource::new()
            .file("book.toml", "[book]\ntitle = \"T\"\n[preprocessor.katex]\nmacros = \"gone.txt\"\n")
            .file("src/SUMMARY.md", "- [C](c.md)\n")
            .file("src/c.md", "# C\n\n$x$\n");
        let b = Book::load_from(&src).expect("loads");
        let d: Vec<_> = b.diagnostics.iter().filter(|d| d.code.name() == "config-invalid").collect();
        assert_eq!(d.len(), 1, "{:?}", b.diagnostics);
        assert!(d[0].message.contains("gone.txt") && d[0].span.is_some(), "{:?}", d[0]);
    }
}
