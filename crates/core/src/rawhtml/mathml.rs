//! MathML written in a chapter (`<math><mfrac>…</mfrac></math>`) as the book's math: a formula
//! like `$…$`, so every format sets it as it sets TeX (the PDF with its math engine, the site and
//! the EPUB as MathML). A TeX annotation (`<annotation encoding="application/x-tex">`, which
//! converters write beside their MathML) is the formula as its author wrote it and is taken
//! whole; otherwise presentation MathML is translated element by element: tokens (`mi`, `mn`,
//! `mo`, `mtext`), layout (`mrow`, `mfrac`, `msqrt`, `mroot`, `mfenced`), scripts (`msub`,
//! `msup`, `msubsup`, `munder`, `mover`, `munderover`) and tables (`mtable`). Elements it does
//! not know give their content.

use super::foreign::{XElement, XNode};

/// How deep the translation follows nested elements (the tree builder bounds them too).
const MAX_DEPTH: usize = 64;

/// The TeX for a `<math>` element, and whether it is displayed (`display="block"`).
pub fn to_tex(math: &XElement) -> (String, bool) {
    let display = is_display(math);
    if let Some(tex) = tex_annotation(math) {
        return (tex, display);
    }
    let mut out = String::new();
    children(math, &mut out, 0);
    (out.trim().to_string(), display)
}

/// Whether a `<math>` element is displayed (`display="block"`, or the old `mode="display"`).
pub fn is_display(math: &XElement) -> bool {
    math.attr("display") == Some("block") || math.attr("mode") == Some("display")
}

/// The text of a TeX annotation of the formula, if it has one.
fn tex_annotation(e: &XElement) -> Option<String> {
    let sem = e.elements().find(|c| c.name == "semantics")?;
    let ann = sem.elements().find(|c| c.name == "annotation" && matches!(c.attr("encoding"), Some("application/x-tex" | "TeX" | "text/x-tex")))?;
    Some(ann.text().trim().to_string()).filter(|t| !t.is_empty())
}

fn children(e: &XElement, out: &mut String, depth: usize) {
    for c in &e.children {
        if let XNode::Element(c) = c {
            element(c, out, depth + 1);
        }
    }
}

/// `e` as one TeX group.
fn group(e: Option<&XElement>, out: &mut String, depth: usize) {
    out.push('{');
    if let Some(e) = e {
        element(e, out, depth + 1);
    }
    out.push('}');
}

fn element(e: &XElement, out: &mut String, depth: usize) {
    if depth > MAX_DEPTH {
        escape_text(&e.text(), out);
        return;
    }
    let kids: Vec<&XElement> = e.elements().collect();
    let kid = |i: usize| kids.get(i).copied();
    match e.name.as_str() {
        "mi" => {
            let t = e.text();
            let t = t.trim();
            // A name of several letters, or a letter marked upright, is set upright.
            if t.chars().count() > 1 || e.attr("mathvariant") == Some("normal") {
                out.push_str("\\mathrm{");
                escape_text(t, out);
                out.push('}');
            } else {
                escape_text(t, out);
            }
        }
        "mn" => escape_text(e.text().trim(), out),
        "mo" => {
            let t = e.text();
            let t = t.trim();
            match t {
                "{" => out.push_str("\\{"),
                "}" => out.push_str("\\}"),
                _ => escape_text(t, out),
            }
        }
        "mtext" | "ms" => {
            let t = e.text();
            if !t.trim().is_empty() {
                out.push_str("\\text{");
                escape_text(&t, out);
                out.push('}');
            }
        }
        "mspace" => out.push_str("\\,"),
        "mfrac" => {
            out.push_str("\\frac");
            group(kid(0), out, depth);
            group(kid(1), out, depth);
        }
        "msqrt" => {
            out.push_str("\\sqrt{");
            children(e, out, depth);
            out.push('}');
        }
        "mroot" => {
            out.push_str("\\sqrt[");
            if let Some(k) = kid(1) {
                element(k, out, depth + 1);
            }
            out.push(']');
            group(kid(0), out, depth);
        }
        "msub" | "munder" => {
            group(kid(0), out, depth);
            out.push('_');
            group(kid(1), out, depth);
        }
        "msup" | "mover" => {
            group(kid(0), out, depth);
            out.push('^');
            group(kid(1), out, depth);
        }
        "msubsup" | "munderover" => {
            group(kid(0), out, depth);
            out.push('_');
            group(kid(1), out, depth);
            out.push('^');
            group(kid(2), out, depth);
        }
        "mfenced" => {
            let open = e.attr("open").unwrap_or("(");
            let close = e.attr("close").unwrap_or(")");
            let sep = e.attr("separators").map(str::trim).unwrap_or(",");
            out.push_str("\\left");
            delimiter(open, out);
            for (i, k) in kids.iter().enumerate() {
                if i > 0 {
                    escape_text(sep.chars().next().map(String::from).as_deref().unwrap_or(","), out);
                }
                element(k, out, depth + 1);
            }
            out.push_str("\\right");
            delimiter(close, out);
        }
        "mtable" => {
            out.push_str("\\begin{matrix}");
            for (r, row) in kids.iter().enumerate() {
                if r > 0 {
                    out.push_str("\\\\");
                }
                for (c, cell) in row.elements().enumerate() {
                    if c > 0 {
                        out.push('&');
                    }
                    children(cell, out, depth + 1);
                }
            }
            out.push_str("\\end{matrix}");
        }
        "semantics" => {
            if let Some(k) = kid(0) {
                element(k, out, depth + 1);
            }
        }
        "annotation" | "annotation-xml" | "mprescripts" | "none" => {}
        _ => {
            out.push('{');
            children(e, out, depth);
            out.push('}');
        }
    }
    out.push(' ');
}

/// A fence character as a `\left`/`\right` delimiter (`.` for none).
fn delimiter(d: &str, out: &mut String) {
    match d.trim() {
        "" => out.push('.'),
        "{" => out.push_str("\\{"),
        "}" => out.push_str("\\}"),
        "|" => out.push('|'),
        d => escape_text(d, out),
    }
}

/// Text with TeX's special characters escaped.
fn escape_text(t: &str, out: &mut String) {
    for c in t.chars() {
        match c {
            '\\' => out.push_str("\\backslash "),
            '{' | '}' | '$' | '&' | '#' | '%' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '^' => out.push_str("\\hat{}"),
            '~' => out.push_str("\\sim "),
            '\u{2061}' | '\u{2062}' | '\u{2063}' | '\u{2064}' => {}
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn el(name: &str, children: Vec<XNode>) -> XNode {
        XNode::Element(XElement { name: name.into(), attrs: Vec::new(), children })
    }

    fn t(s: &str) -> XNode {
        XNode::Text(s.into())
    }

    fn math(children: Vec<XNode>) -> XElement {
        XElement { name: "math".into(), attrs: Vec::new(), children }
    }

    #[test]
    fn presentation_mathml_to_tex() {
        // x^2 + 1/2 − √y
        let m = math(vec![el(
            "mrow",
            vec![
                el("msup", vec![el("mi", vec![t("x")]), el("mn", vec![t("2")])]),
                el("mo", vec![t("+")]),
                el("mfrac", vec![el("mn", vec![t("1")]), el("mn", vec![t("2")])]),
                el("mo", vec![t("−")]),
                el("msqrt", vec![el("mi", vec![t("y")])]),
                el("mi", vec![t("sin")]),
                el("mtext", vec![t("if $x")]),
            ],
        )]);
        let (tex, display) = to_tex(&m);
        assert!(!display);
        let squashed: String = tex.split_whitespace().collect();
        assert_eq!(squashed, r"{{x}^{2}+\frac{1}{2}−\sqrt{y}\mathrm{sin}\text{if\$x}}");
    }

    #[test]
    fn a_tex_annotation_is_the_formula() {
        let mut ann = XElement { name: "annotation".into(), attrs: vec![("encoding".into(), "application/x-tex".into())], children: vec![t(r"\frac{a}{b}")] };
        ann.attrs.push(("x".into(), "y".into()));
        let m = XElement {
            name: "math".into(),
            attrs: vec![("display".into(), "block".into())],
            children: vec![el("semantics", vec![el("mi", vec![t("q")]), XNode::Element(ann)])],
        };
        assert_eq!(to_tex(&m), (r"\frac{a}{b}".to_string(), true));
    }
}
