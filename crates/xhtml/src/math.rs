//! Formulas → MathML at build time: the events the parse stage read from the TeX (see
//! [`quire_core::ast::math`]) written by pulldown-latex's MathML writer, re-serialised as
//! polyglot markup. A formula without events (TeX that does not read or nests too deep, reported
//! once when the chapter was parsed) falls back to `<code class="math">`.

use crate::escape;
use html5gum::{Token, Tokenizer};
use pulldown_latex::config::DisplayMode;
use pulldown_latex::{push_mathml, RenderConfig};
use quire_core::Formula;

/// Writes `formula` as a `<math>` element (with the MathML namespace, so it is also valid
/// XHTML); `None` when it has no events.
pub fn to_mathml(formula: &Formula, display: bool) -> Option<String> {
    let events = formula.events().ok()?;
    let config = RenderConfig {
        display_mode: if display { DisplayMode::Block } else { DisplayMode::Inline },
        xml: true,
        ..RenderConfig::default()
    };
    let mut raw = String::new();
    push_mathml(&mut raw, events.map(Ok::<_, pulldown_latex::ParserError>), config).ok()?;
    Some(reserialise(&raw))
}

/// pulldown-latex writes operators like `<` and `&` unescaped and uses `&nbsp;`: tokenise its
/// output and write it back with XML escaping.
fn reserialise(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len() + 16);
    for token in Tokenizer::new(raw) {
        let Ok(token) = token;
        match token {
            Token::StartTag(t) => {
                out.push('<');
                out.push_str(&String::from_utf8_lossy(&t.name));
                for (k, v) in &t.attributes {
                    out.push(' ');
                    out.push_str(&String::from_utf8_lossy(k));
                    out.push_str("=\"");
                    escape::attr_into(&mut out, &String::from_utf8_lossy(&v.value));
                    out.push('"');
                }
                out.push_str(if t.self_closing { "/>" } else { ">" });
            }
            Token::EndTag(t) => {
                out.push_str("</");
                out.push_str(&String::from_utf8_lossy(&t.name));
                out.push('>');
            }
            Token::String(s) => escape::text_into(&mut out, &String::from_utf8_lossy(&s.value)),
            Token::Comment(_) | Token::Doctype(_) | Token::Error(_) => {}
        }
    }
    out
}

/// The fallback markup: the TeX source as code.
pub fn fallback(tex: &str, display: bool) -> String {
    let tag = if display { "pre" } else { "code" };
    if display {
        format!("<{tag} class=\"math math-display\"><code>{}</code></{tag}>", escape::text(tex))
    } else {
        format!("<{tag} class=\"math\">{}</{tag}>", escape::text(tex))
    }
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;

    fn to_mathml(tex: &str, display: bool) -> Option<String> {
        let f = if display { Formula::display(tex) } else { Formula::inline(tex) };
        super::to_mathml(&f, display)
    }

    #[test]
    fn simple_tex_becomes_mathml() {
        let m = to_mathml("a < b^2", false).expect("parses");
        assert!(m.starts_with("<math"), "{m}");
        assert!(m.contains("xmlns=\"http://www.w3.org/1998/Math/MathML\""), "{m}");
        assert!(m.contains("&lt;"), "{m}");
        assert!(!m.contains("&nbsp;"));
        let d = to_mathml("\\frac{1}{2}", true).expect("parses");
        assert!(d.contains("display=\"block\""), "{d}");
        // A display formula's tag is not part of its MathML (the writer sets the label beside it).
        let t = to_mathml("x \\tag{A}", true).expect("parses");
        assert!(!t.contains('A') && !t.contains("tag"), "{t}");
    }

    #[test]
    fn broken_tex_falls_back() {
        assert!(to_mathml("\\frac{1}{", false).is_none());
        assert_eq!(fallback("x<1", false), "<code class=\"math\">x&lt;1</code>");
    }

    #[test]
    fn deep_tex_converts_to_nothing_without_overflowing() {
        assert!(to_mathml(&"\\frac{1}{".repeat(100_000), false).is_none());
        // Nesting without braces stays within what pulldown-latex handles.
        let _ = to_mathml(&format!("{}x", "\\sqrt".repeat(100_000)), false);
        let _ = to_mathml(&format!("{}x", "x^".repeat(100_000)), false);
        let _ = to_mathml(&format!("{}x", "\\frac1".repeat(100_000)), false);
    }
}
