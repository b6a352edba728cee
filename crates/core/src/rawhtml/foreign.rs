//! HTML's foreign elements, `<svg>` and `<math>`, collected whole while the tree is built: their
//! children (`<rect>`, `<mi>` …) are SVG or MathML, not HTML, so they are not elements of the
//! book's tree but the content of one node. The element is kept as well-formed XML with the case
//! its author wrote (`viewBox`, `linearGradient`; the HTML tokenizer lower-cases names, the
//! source has them as written), its namespace declared, and nothing that runs: `<script>` and
//! `<foreignObject>` are left out with their content, as are `on…` attributes and `javascript:`
//! links. Text content is kept beside the markup, and an SVG's `<title>` as its description.

use crate::span::Span;

/// The most elements open inside one foreign element; deeper ones are left out (their text kept).
const MAX_DEPTH: usize = 64;

/// Which foreign element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ForeignKind {
    /// `<svg>`: a drawing.
    Svg,
    /// `<math>`: MathML.
    MathMl,
}

/// A collected foreign element.
#[derive(Debug, Clone, PartialEq)]
pub struct Foreign {
    /// Which element.
    pub kind: ForeignKind,
    /// The element as well-formed XML (see the module docs).
    pub markup: String,
    /// Its text content.
    pub text: String,
    /// An SVG's `<title>` (or `aria-label`), a `<math>`'s `alttext`: what describes it.
    pub label: Option<String>,
    /// Its start tag's place.
    pub span: Span,
    /// The element as a tree (names lower-cased), for what reads MathML ([`super::mathml`]).
    pub tree: XElement,
}

/// An element of a foreign tree.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct XElement {
    /// Name, lower-cased.
    pub name: String,
    /// Attributes (names lower-cased).
    pub attrs: Vec<(String, String)>,
    /// Children in order.
    pub children: Vec<XNode>,
}

impl XElement {
    /// The value of attribute `name`.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// The child elements, in order.
    pub fn elements(&self) -> impl Iterator<Item = &XElement> {
        self.children.iter().filter_map(|c| match c {
            XNode::Element(e) => Some(e),
            XNode::Text(_) => None,
        })
    }

    /// All the text inside it.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let mut stack = vec![self.children.iter()];
        while let Some(top) = stack.last_mut() {
            match top.next() {
                Some(XNode::Text(t)) => out.push_str(t),
                Some(XNode::Element(e)) => stack.push(e.children.iter()),
                None => {
                    stack.pop();
                }
            }
        }
        out
    }
}

/// A node of a foreign tree.
#[derive(Debug, Clone, PartialEq)]
pub enum XNode {
    /// An element.
    Element(XElement),
    /// Text.
    Text(String),
}

/// Collects one foreign element from the tokens that follow its start tag.
#[derive(Debug)]
pub struct ForeignBuilder {
    kind: ForeignKind,
    markup: String,
    text: String,
    label: Option<String>,
    /// Open elements (as written) below the root; the root is `open[0]`.
    open: Vec<String>,
    /// Inside a left-out element (`<script>`, `<foreignObject>`, or past [`MAX_DEPTH`]): how many
    /// of its elements are open.
    skipped: usize,
    /// Inside the SVG's top `<title>`.
    in_title: bool,
    span: Span,
    /// The open elements as a tree: the root first.
    tree: Vec<XElement>,
}

/// Elements left out with their content.
fn left_out(lower: &str) -> bool {
    matches!(lower, "script" | "foreignobject" | "iframe" | "style")
}

impl ForeignBuilder {
    /// A builder for the element whose start tag (as written: `tag`) names `lower` (`svg` or
    /// `math`, any other name is not foreign and gives `None`).
    pub fn start(tag: &str, lower: &str, attrs: &[(String, String)], span: Span) -> Option<ForeignBuilder> {
        let kind = match lower {
            "svg" => ForeignKind::Svg,
            "math" => ForeignKind::MathMl,
            _ => return None,
        };
        let label = match kind {
            ForeignKind::Svg => attr(attrs, "aria-label"),
            ForeignKind::MathMl => attr(attrs, "alttext"),
        };
        let mut b = ForeignBuilder { kind, markup: String::new(), text: String::new(), label, open: Vec::new(), skipped: 0, in_title: false, span, tree: Vec::new() };
        let namespace = match kind {
            ForeignKind::Svg => "http://www.w3.org/2000/svg",
            ForeignKind::MathMl => "http://www.w3.org/1998/Math/MathML",
        };
        let mut attrs: Vec<(String, String)> = attrs.iter().filter(|(k, _)| k != "xmlns" && k != "xmlns:xlink").cloned().collect();
        attrs.push(("xmlns".into(), namespace.into()));
        if kind == ForeignKind::Svg {
            // Declared up front: a descendant may use `xlink:href`.
            attrs.push(("xmlns:xlink".into(), "http://www.w3.org/1999/xlink".into()));
        }
        b.open_tag(tag, lower, &attrs, false);
        Some(b)
    }

    /// The next start tag inside it.
    pub fn start_tag(&mut self, tag: &str, lower: &str, attrs: &[(String, String)], self_closing: bool) {
        if self.skipped > 0 || left_out(lower) || self.open.len() >= MAX_DEPTH {
            if !self_closing {
                self.skipped += 1;
            }
            return;
        }
        if self.kind == ForeignKind::Svg && lower == "title" && self.open.len() == 1 && self.label.is_none() && !self_closing {
            self.in_title = true;
            self.label = Some(String::new());
        }
        self.open_tag(tag, lower, attrs, self_closing);
    }

    /// The next end tag; true when it closes the foreign element itself.
    pub fn end_tag(&mut self, lower: &str) -> bool {
        if self.skipped > 0 {
            self.skipped -= 1;
            return false;
        }
        // Close up to the innermost open element of that name (misnested tags close what is
        // inside them, keeping the XML well-formed); a stray end tag is ignored.
        let Some(i) = self.open.iter().rposition(|n| n.eq_ignore_ascii_case(lower)) else { return false };
        while self.open.len() > i {
            self.close_one();
        }
        self.in_title = false;
        self.open.is_empty()
    }

    /// Text inside it (entities already resolved).
    pub fn text(&mut self, s: &str) {
        if self.skipped > 0 {
            return;
        }
        if self.in_title {
            if let Some(l) = &mut self.label {
                l.push_str(s);
            }
        }
        self.text.push_str(s);
        escape_into(&mut self.markup, s, false);
        if let Some(top) = self.tree.last_mut() {
            match top.children.last_mut() {
                Some(XNode::Text(t)) => t.push_str(s),
                _ => top.children.push(XNode::Text(s.to_string())),
            }
        }
    }

    /// The element, closing whatever is still open.
    pub fn finish(mut self) -> Foreign {
        while !self.open.is_empty() {
            self.close_one();
        }
        let label = self.label.map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|l| !l.is_empty());
        let tree = self.tree.pop().unwrap_or_default();
        Foreign { kind: self.kind, markup: self.markup, text: self.text, label, span: self.span, tree }
    }

    fn open_tag(&mut self, tag: &str, lower: &str, attrs: &[(String, String)], self_closing: bool) {
        let name = as_written(tag, lower, 1);
        self.markup.push('<');
        self.markup.push_str(&name);
        for (k, v) in attrs {
            let runs = k.starts_with("on") || (k.ends_with("href") && v.trim_start().to_ascii_lowercase().starts_with("javascript:"));
            if runs || !k.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.')) || k.is_empty() {
                continue;
            }
            self.markup.push(' ');
            self.markup.push_str(&attr_as_written(tag, k));
            self.markup.push_str("=\"");
            escape_into(&mut self.markup, v, true);
            self.markup.push('"');
        }
        let el = XElement { name: lower.to_string(), attrs: attrs.to_vec(), children: Vec::new() };
        if self_closing {
            self.markup.push_str("/>");
            if let Some(top) = self.tree.last_mut() {
                top.children.push(XNode::Element(el));
            }
        } else {
            self.markup.push('>');
            self.open.push(name);
            self.tree.push(el);
        }
    }

    fn close_one(&mut self) {
        if let Some(name) = self.open.pop() {
            self.markup.push_str("</");
            self.markup.push_str(&name);
            self.markup.push('>');
            // The root stays on the stack for `finish`.
            if self.tree.len() > 1 {
                if let Some(done) = self.tree.pop() {
                    if let Some(top) = self.tree.last_mut() {
                        top.children.push(XNode::Element(done));
                    }
                }
            }
        }
    }
}

fn attr(attrs: &[(String, String)], name: &str) -> Option<String> {
    attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim().to_string()).filter(|v| !v.is_empty())
}

/// The tag name as written in `tag` (`<linearGradient …>`), starting at byte `from`; `lower`
/// when the source does not have it there.
fn as_written(tag: &str, lower: &str, from: usize) -> String {
    match tag.get(from..from + lower.len()) {
        Some(w) if w.eq_ignore_ascii_case(lower) => w.to_string(),
        _ => lower.to_string(),
    }
}

/// An attribute name as written in the start tag `tag` (`viewBox`): its first occurrence after
/// whitespace and before `=`, whitespace, `/` or `>`, compared without case.
fn attr_as_written(tag: &str, lower: &str) -> String {
    let b = tag.as_bytes();
    let n = lower.len();
    let mut i = 1;
    while i + n <= b.len() {
        let before = b.get(i - 1).is_some_and(|c| c.is_ascii_whitespace());
        let after = b.get(i + n).is_none_or(|c| c.is_ascii_whitespace() || matches!(c, b'=' | b'/' | b'>'));
        if before && after {
            if let Some(w) = tag.get(i..i + n).filter(|w| w.eq_ignore_ascii_case(lower)) {
                return w.to_string();
            }
        }
        i += 1;
    }
    lower.to_string()
}

/// XML-escapes `s` onto `out` (quotes too in an attribute value).
fn escape_into(out: &mut String, s: &str, attr: bool) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attr => out.push_str("&quot;"),
            // Characters XML 1.0 does not allow.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attrs(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn svg_keeps_the_case_written_and_drops_what_runs() {
        let root = r#"<svg viewBox="0 0 10 10" onload="x()">"#;
        let mut b = ForeignBuilder::start(root, "svg", &attrs(&[("viewbox", "0 0 10 10"), ("onload", "x()")]), Span::default()).expect("svg");
        b.start_tag("<title>", "title", &[], false);
        b.text("A <red> box");
        assert!(!b.end_tag("title"));
        b.start_tag("<linearGradient id=\"g\">", "lineargradient", &attrs(&[("id", "g")]), false);
        b.end_tag("lineargradient");
        b.start_tag("<script>", "script", &[], false);
        b.text("alert(1)");
        b.end_tag("script");
        b.start_tag("<a xlink:href=\"javascript:x\">", "a", &attrs(&[("xlink:href", "javascript:x")]), false);
        b.start_tag("<rect width=\"4\"/>", "rect", &attrs(&[("width", "4")]), true);
        // `</svg>` closes the open <a> too.
        assert!(b.end_tag("svg"));
        let f = b.finish();
        assert_eq!(
            f.markup,
            r#"<svg viewBox="0 0 10 10" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><title>A &lt;red&gt; box</title><linearGradient id="g"></linearGradient><a><rect width="4"/></a></svg>"#
        );
        assert_eq!(f.label.as_deref(), Some("A <red> box"));
        assert!(!f.text.contains("alert"));
    }

    #[test]
    fn math_is_closed_when_its_input_ends() {
        let mut b = ForeignBuilder::start("<math>", "math", &[], Span::default()).expect("math");
        b.start_tag("<mi>", "mi", &[], false);
        b.text("x");
        let f = b.finish();
        assert_eq!(f.markup, r#"<math xmlns="http://www.w3.org/1998/Math/MathML"><mi>x</mi></math>"#);
        assert_eq!(f.kind, ForeignKind::MathMl);
        assert!(ForeignBuilder::start("<div>", "div", &[], Span::default()).is_none());
    }
}
