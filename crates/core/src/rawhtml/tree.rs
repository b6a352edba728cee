//! A small HTML5-style tree builder over html5gum's tokens.
//!
//! It is fed the raw HTML events of one block list (or one inline list) in order, with the
//! Markdown nodes between them as opaque children ([`TreeBuilder::opaque`]), so an element opened
//! in one event and closed in a later one holds the Markdown between as its children.
//!
//! Repair follows HTML5 where books need it: void elements never open, implied end tags (`<p>`
//! before a block, `<li>` before `<li>`, table cells and rows), `<a>` in `<a>` closes the first,
//! stray end tags are ignored, and misnested formatting (`<b><i></b></i>`) closes the inner
//! element and reopens it after (at most [`MAX_REOPEN`] of them, so the work stays linear).
//!
//! Everything is linear in the input: the open elements are indexed by name (a stack of positions
//! per tag name), so no end tag scans the open-element stack, and nesting deeper than
//! [`MAX_BLOCK_DEPTH`] is flattened (the content stays, the extra elements are not built).

use crate::depth::MAX_BLOCK_DEPTH;
use crate::span::Span;
use html5gum::{DefaultEmitter, Token, Tokenizer};
use std::collections::HashMap;

pub use super::elements::{is_known_element, KNOWN_ELEMENTS, RAW_TEXT, VOID};

/// Formatting elements that a misnested end tag closes and then reopens.
const FORMATTING: &[&str] = &[
    "a", "b", "big", "code", "em", "font", "i", "s", "small", "strike", "strong", "tt", "u", "mark",
    "del", "ins", "sub", "sup", "span", "kbd", "var", "samp", "cite", "abbr", "q",
];

/// Start tags that close an open `<p>` (in scope).
const CLOSES_P: &[&str] = &[
    "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hgroup", "hr", "main", "menu", "nav", "ol", "p", "pre", "section", "summary",
    "table", "ul",
];

/// Elements an implied `</p>` does not reach past.
const P_SCOPE: &[&str] = &["table", "td", "th", "caption", "button", "object", "marquee", "applet", "html"];

/// How many misnested formatting elements one end tag reopens at most.
pub const MAX_REOPEN: usize = 8;

/// One node of the built tree; `T` is the opaque Markdown node between raw HTML events.
#[derive(Debug, Clone, PartialEq)]
pub enum Node<T> {
    /// An element.
    Element(Element<T>),
    /// Text (entities resolved).
    Text(String, Span),
    /// A Markdown node that stood between raw HTML events.
    Opaque(T),
    /// A comment, as written (`<!-- … -->`): a site that keeps raw HTML writes it back.
    Comment(String, Span),
    /// An `<svg>` or `<math>` element, whole ([`super::foreign`]).
    Foreign(super::foreign::Foreign),
}

/// An element with its attributes (names lower-cased, in source order) and children.
#[derive(Debug, Clone, PartialEq)]
pub struct Element<T> {
    /// Tag name, lower-cased.
    pub name: String,
    /// Attributes as written (values with entities resolved).
    pub attrs: Vec<(String, String)>,
    /// Children in order.
    pub children: Vec<Node<T>>,
    /// The raw HTML event where the element starts.
    pub span: Span,
}

impl<T> Element<T> {
    /// The value of attribute `name`.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// The builder (see the module docs).
pub struct TreeBuilder<T> {
    /// Open elements; `stack[0]` is the root.
    stack: Vec<Element<T>>,
    /// Per tag name, the stack indices where it is open (ascending).
    open: HashMap<String, Vec<usize>>,
    /// Per tag name, how many start tags were not built because of the depth limit.
    flattened: HashMap<String, usize>,
    /// Inside a raw-text element: its name; content is dropped until its end tag.
    skip: Option<String>,
    /// Elements nested deeper than this are flattened.
    max_depth: usize,
    /// Where the first element past the depth limit starts, if any was flattened.
    pub too_deep: Option<Span>,
    /// Where the first tag longer than [`MAX_TAG_BYTES`] is, if one was cut.
    pub tag_cut: Option<Span>,
    /// Inside an `<svg>` or `<math>`: its content is collected there, not built as elements.
    foreign: Option<super::foreign::ForeignBuilder>,
}

impl<T> Default for TreeBuilder<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> TreeBuilder<T> {
    /// An empty builder.
    pub fn new() -> Self {
        let root = Element { name: String::new(), attrs: Vec::new(), children: Vec::new(), span: Span::default() };
        TreeBuilder { stack: vec![root], open: HashMap::new(), flattened: HashMap::new(), skip: None, max_depth: MAX_BLOCK_DEPTH, too_deep: None, tag_cut: None, foreign: None }
    }

    /// Flattens elements nested deeper than `max` (at most [`MAX_BLOCK_DEPTH`]).
    pub fn with_max_depth(mut self, max: usize) -> Self {
        self.max_depth = max.min(MAX_BLOCK_DEPTH);
        self
    }

    /// Number of elements open now.
    pub fn depth(&self) -> usize {
        self.stack.len() - 1
    }

    /// Feeds one raw HTML event (`span` is where it is in the source).
    pub fn feed(&mut self, html: &str, span: Span) {
        let cut = cut_long_tags(html);
        if matches!(cut, std::borrow::Cow::Owned(_)) {
            self.tag_cut.get_or_insert(span);
        }
        // When the event is the source as written (not cut, not taken from inside a quote or a
        // list, whose markers pulldown-cmark strips), each element's span is its start tag's own
        // place; otherwise the event's.
        let exact = matches!(cut, std::borrow::Cow::Borrowed(_)) && span.end.saturating_sub(span.start) as usize == html.len();
        let html: &str = &cut;
        let mut emitter = DefaultEmitter::<usize>::new_with_span();
        emitter.naively_switch_states(true);
        for token in Tokenizer::new_with_emitter(html, emitter) {
            let Ok(token) = token;
            if let Some(name) = &self.skip {
                match &token {
                    Token::EndTag(t) if t.name.as_slice() == name.as_bytes() => self.skip = None,
                    // The text of `<script>`/`<style>` (one string: the tokenizer switched to
                    // its raw-text state), kept on the element for a site that keeps raw HTML.
                    Token::String(s) => self.raw_text(&String::from_utf8_lossy(&s.value), span),
                    _ => {}
                }
                continue;
            }
            if self.foreign.is_some() {
                self.foreign_token(token, html);
                continue;
            }
            match token {
                Token::String(s) => self.text(&String::from_utf8_lossy(&s.value), span),
                Token::StartTag(tag) => {
                    let name = String::from_utf8_lossy(&tag.name).into_owned();
                    if !is_element(&name, !tag.attributes.is_empty()) {
                        // `Vec<T>`, `<String>`: text, as written.
                        self.text(html.get(tag.span.start..tag.span.end).unwrap_or(""), span);
                        continue;
                    }
                    let attrs = attributes(&tag);
                    let at = match (u32::try_from(tag.span.start), u32::try_from(tag.span.end)) {
                        (Ok(a), Ok(b)) if exact && a < b => Span { file: span.file, start: span.start + a, end: span.start + b },
                        _ => span,
                    };
                    if !tag.self_closing {
                        let written = html.get(tag.span.start..tag.span.end).unwrap_or("");
                        if let Some(f) = super::foreign::ForeignBuilder::start(written, &name, &attrs, at) {
                            self.foreign = Some(f);
                            continue;
                        }
                    }
                    self.start(name, attrs, tag.self_closing, at);
                }
                Token::EndTag(tag) => {
                    let name = String::from_utf8_lossy(&tag.name).into_owned();
                    if !is_element(&name, false) && self.last_open(&name).is_none() {
                        self.text(html.get(tag.span.start..tag.span.end).unwrap_or(""), span);
                        continue;
                    }
                    self.end(&name, span)
                }
                Token::Comment(c) => {
                    let written = html.get(c.span.start..c.span.end).filter(|w| w.starts_with("<!--") && w.ends_with('>'));
                    let text = written.map_or_else(|| format!("<!--{}-->", String::from_utf8_lossy(&c.value)), str::to_string);
                    self.push_child(Node::Comment(text, span));
                }
                Token::Doctype(_) | Token::Error(_) => {}
            }
        }
    }

    /// Adds a Markdown node as a child of the innermost open element.
    pub fn opaque(&mut self, node: T) {
        self.end_foreign();
        self.push_child(Node::Opaque(node));
    }

    /// True while an `<svg>` or `<math>` is being collected.
    pub fn in_foreign(&self) -> bool {
        self.foreign.is_some()
    }

    /// Text inside the `<svg>` or `<math>` being collected (what Markdown made of the text
    /// between its tags, in running text).
    pub fn foreign_text(&mut self, t: &str) {
        if let Some(f) = &mut self.foreign {
            f.text(t);
        }
    }

    /// One token inside an `<svg>` or `<math>` (`html`: the event it is read from).
    fn foreign_token(&mut self, token: Token<usize>, html: &str) {
        let Some(f) = &mut self.foreign else { return };
        match token {
            Token::String(s) => f.text(&String::from_utf8_lossy(&s.value)),
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).into_owned();
                let attrs = attributes(&tag);
                f.start_tag(html.get(tag.span.start..tag.span.end).unwrap_or(""), &name, &attrs, tag.self_closing);
            }
            Token::EndTag(tag) => {
                if f.end_tag(&String::from_utf8_lossy(&tag.name)) {
                    self.end_foreign();
                }
            }
            Token::Comment(_) | Token::Doctype(_) | Token::Error(_) => {}
        }
    }

    /// Ends the `<svg>` or `<math>` being collected, if any, as a child of the innermost element.
    fn end_foreign(&mut self) {
        if let Some(f) = self.foreign.take() {
            self.push_child(Node::Foreign(f.finish()));
        }
    }

    /// Closes everything and returns the top-level nodes.
    pub fn finish(mut self) -> Vec<Node<T>> {
        self.end_foreign();
        while self.stack.len() > 1 {
            self.pop();
        }
        self.stack.pop().map(|r| r.children).unwrap_or_default()
    }

    fn push_child(&mut self, node: Node<T>) {
        if let Some(top) = self.stack.last_mut() {
            top.children.push(node);
        }
    }

    /// Appends `t` to the raw-text element just opened (the last child of the innermost element).
    fn raw_text(&mut self, t: &str, span: Span) {
        if let Some(Node::Element(el)) = self.stack.last_mut().and_then(|top| top.children.last_mut()) {
            match el.children.last_mut() {
                Some(Node::Text(prev, _)) => prev.push_str(t),
                _ => el.children.push(Node::Text(t.to_string(), span)),
            }
        }
    }

    fn text(&mut self, t: &str, span: Span) {
        if t.is_empty() {
            return;
        }
        if let Some(top) = self.stack.last_mut() {
            if let Some(Node::Text(prev, _)) = top.children.last_mut() {
                prev.push_str(t);
                return;
            }
            top.children.push(Node::Text(t.to_string(), span));
        }
    }

    fn last_open(&self, name: &str) -> Option<usize> {
        self.open.get(name).and_then(|v| v.last().copied())
    }

    fn last_of(&self, names: &[&str]) -> Option<usize> {
        names.iter().filter_map(|n| self.last_open(n)).max()
    }

    /// Closes the innermost open element of `names` when no `barriers` element is open inside
    /// it.
    fn close_in_scope(&mut self, names: &[&str], barriers: &[&str]) {
        if let Some(i) = self.last_of(names) {
            if self.last_of(barriers).is_none_or(|b| b < i) {
                self.close_to(i);
            }
        }
    }

    /// Pops elements until only `i` remain open.
    fn close_to(&mut self, i: usize) {
        while self.stack.len() > i.max(1) {
            self.pop();
        }
    }

    fn pop(&mut self) {
        if self.stack.len() <= 1 {
            return;
        }
        let Some(el) = self.stack.pop() else { return };
        if let Some(v) = self.open.get_mut(&el.name) {
            v.pop();
        }
        self.push_child(Node::Element(el));
    }

    fn start(&mut self, name: String, attrs: Vec<(String, String)>, self_closing: bool, span: Span) {
        match name.as_str() {
            "li" => self.close_in_scope(&["li"], &["ul", "ol", "menu", "dir"]),
            "dt" | "dd" => self.close_in_scope(&["dt", "dd"], &["dl"]),
            "tr" => self.close_in_scope(&["tr"], &["table"]),
            "td" | "th" => self.close_in_scope(&["td", "th"], &["tr", "table"]),
            "thead" | "tbody" | "tfoot" => self.close_in_scope(&["thead", "tbody", "tfoot"], &["table"]),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.close_in_scope(&["p"], P_SCOPE);
                self.close_in_scope(&["h1", "h2", "h3", "h4", "h5", "h6"], P_SCOPE);
            }
            "a" => self.close_in_scope(&["a"], P_SCOPE),
            "option" => self.close_in_scope(&["option"], &["select"]),
            n if CLOSES_P.contains(&n) => self.close_in_scope(&["p"], P_SCOPE),
            _ => {}
        }
        let void = VOID.contains(&name.as_str());
        let raw_text = RAW_TEXT.contains(&name.as_str());
        let el = Element { name, attrs, children: Vec::new(), span };
        if void || raw_text || (self_closing && !is_known_container(&el.name)) {
            if raw_text && !self_closing {
                self.skip = Some(el.name.clone());
            }
            self.push_child(Node::Element(el));
            return;
        }
        if self.depth() >= self.max_depth {
            self.too_deep.get_or_insert(span);
            *self.flattened.entry(el.name).or_insert(0) += 1;
            return;
        }
        self.open.entry(el.name.clone()).or_default().push(self.stack.len());
        self.stack.push(el);
    }

    fn end(&mut self, name: &str, span: Span) {
        if name == "br" {
            // `</br>` is a line break in browsers.
            let br = Element { name: "br".into(), attrs: Vec::new(), children: Vec::new(), span };
            self.push_child(Node::Element(br));
            return;
        }
        if let Some(n) = self.flattened.get_mut(name) {
            if *n > 0 {
                *n -= 1;
                return;
            }
        }
        let Some(i) = self.last_open(name) else { return };
        // Table parts do not close past their table; `</p>` not past a cell.
        let barriers: &[&str] = match name {
            "td" | "th" | "tr" | "thead" | "tbody" | "tfoot" | "caption" => &["table"],
            "li" => &["ul", "ol"],
            "dt" | "dd" => &["dl"],
            _ => &[],
        };
        if self.last_of(barriers).is_some_and(|b| b > i) {
            return;
        }
        // Formatting elements closed only because this end tag is misnested get reopened.
        let mut reopen: Vec<Element<T>> = Vec::new();
        if FORMATTING.contains(&name) {
            for el in self.stack[i + 1..].iter().rev().take(MAX_REOPEN) {
                if FORMATTING.contains(&el.name.as_str()) {
                    reopen.push(Element { name: el.name.clone(), attrs: el.attrs.clone(), children: Vec::new(), span: el.span });
                }
            }
        }
        self.close_to(i);
        for el in reopen.into_iter().rev() {
            self.open.entry(el.name.clone()).or_default().push(self.stack.len());
            self.stack.push(el);
        }
    }
}

/// A start tag's attributes as (name, value) strings (names lower-cased by the tokenizer,
/// entities in values resolved).
pub fn attributes(tag: &html5gum::StartTag<usize>) -> Vec<(String, String)> {
    tag.attributes.iter().map(|(k, v)| (String::from_utf8_lossy(k).into_owned(), String::from_utf8_lossy(&v.value).into_owned())).collect()
}

/// The longest start tag (with its attributes) read as written; html5gum's stack grows with the
/// attributes of one tag, so longer tags lose the attributes past this length.
pub const MAX_TAG_BYTES: usize = 16 * 1024;

/// `html` with every tag longer than [`MAX_TAG_BYTES`] cut at the last space before the limit
/// (one pass).
fn cut_long_tags(html: &str) -> std::borrow::Cow<'_, str> {
    let b = html.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut i = 0;
    while let Some(lt) = b[i..].iter().position(|&c| c == b'<').map(|p| p + i) {
        let end = b[lt..].iter().position(|&c| c == b'>').map_or(b.len(), |p| p + lt);
        if end - lt > MAX_TAG_BYTES {
            let limit = lt + MAX_TAG_BYTES;
            let cut = b[lt..limit].iter().rposition(|&c| c == b' ').map_or(lt + 1, |p| p + lt);
            let o = out.get_or_insert_with(|| String::with_capacity(html.len()));
            o.push_str(&html[copied..cut]);
            o.push('>');
            copied = (end + 1).min(b.len());
        }
        i = (end + 1).min(b.len());
        if i >= b.len() {
            break;
        }
    }
    match out {
        Some(mut o) => {
            o.push_str(&html[copied..]);
            std::borrow::Cow::Owned(o)
        }
        None => std::borrow::Cow::Borrowed(html),
    }
}

/// True when a tag named `name` builds an element: HTML's own, or a custom element (a name
/// with `-`, or any tag with attributes, like `<Listing id="x">`). A bare unknown tag (`<T>`)
/// is text.
fn is_element(name: &str, has_attrs: bool) -> bool {
    has_attrs || name.contains('-') || is_known_element(name)
}

/// Elements a self-closing slash does not make empty in a book's HTML (`<div/>` is an open tag
/// in HTML; `<Listing/>`-style custom elements are empty).
fn is_known_container(name: &str) -> bool {
    matches!(
        name,
        "div" | "p" | "span" | "center" | "section" | "article" | "aside" | "details" | "figure" | "table" | "ul" | "ol"
            | "dl" | "blockquote" | "pre" | "b" | "i" | "em" | "strong" | "a" | "font"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(parts: &[&str]) -> Vec<Node<u32>> {
        let mut b = TreeBuilder::new();
        for p in parts {
            b.feed(p, Span::default());
        }
        b.finish()
    }

    /// A compact `name(children)` rendering of a tree.
    fn show(nodes: &[Node<u32>]) -> String {
        let mut out = String::new();
        for n in nodes {
            match n {
                Node::Element(e) => {
                    out.push_str(&e.name);
                    if !e.children.is_empty() {
                        out.push('(');
                        out.push_str(&show(&e.children));
                        out.push(')');
                    }
                    out.push(' ');
                }
                Node::Text(t, _) => {
                    out.push_str(&format!("{:?} ", t));
                }
                Node::Opaque(x) => out.push_str(&format!("#{x} ")),
                Node::Comment(c, _) => out.push_str(&format!("{c} ")),
                Node::Foreign(f) => out.push_str(&format!("{} ", f.markup)),
            }
        }
        out.trim_end().to_string()
    }

    #[test]
    fn misnested_formatting_is_reopened() {
        assert_eq!(show(&build(&["<b>1<i>2</b>3</i>"])), "b(\"1\" i(\"2\")) i(\"3\")");
    }

    #[test]
    fn p_in_p_and_implied_ends() {
        assert_eq!(show(&build(&["<p>a<p>b"])), "p(\"a\") p(\"b\")");
        assert_eq!(show(&build(&["<ul><li>a<li>b</ul>"])), "ul(li(\"a\") li(\"b\"))");
        assert_eq!(
            show(&build(&["<table><tr><td>a<td>b<tr><td>c</table>"])),
            "table(tr(td(\"a\") td(\"b\")) tr(td(\"c\")))"
        );
        assert_eq!(show(&build(&["<p>x<div>y</div>"])), "p(\"x\") div(\"y\")");
    }

    #[test]
    fn stray_end_tags_are_ignored_and_voids_never_open() {
        assert_eq!(show(&build(&["</div>a<br>b</span><img src=x>c"])), "\"a\" br \"b\" img \"c\"");
        assert_eq!(show(&build(&["a</br>b"])), "\"a\" br \"b\"");
    }

    #[test]
    fn markdown_between_events_becomes_children() {
        let mut b = TreeBuilder::new();
        b.feed("<div align=\"center\">\n", Span::default());
        b.opaque(7u32);
        b.feed("</div>\n", Span::default());
        b.opaque(8);
        let t = b.finish();
        assert_eq!(show(&t), "div(\"\\n\" #7) \"\\n\" #8");
        let Node::Element(d) = &t[0] else { panic!("not an element") };
        assert_eq!(d.attr("align"), Some("center"));
    }

    #[test]
    fn script_text_is_one_raw_string_on_the_element() {
        // The tokenizer reads script data raw: `a<b` is no tag. The text stays on the element (for
        // a site that keeps raw HTML); nothing of it leaks into the text after.
        assert_eq!(show(&build(&["<script>if (a<b) x()</script>after"])), "script(\"if (a<b) x()\") \"after\"");
    }

    #[test]
    fn comments_stay_where_they_are_as_written() {
        assert_eq!(show(&build(&["<div>a<!-- note -->b</div><!--x-->"])), "div(\"a\" <!-- note --> \"b\") <!--x-->");
    }

    #[test]
    fn nesting_is_bounded_and_closes_balance() {
        let n = 10_000;
        let html = format!("{}x{}", "<div>".repeat(n), "</div>".repeat(n));
        let t = build(&[&html]);
        fn depth(nodes: &[Node<u32>]) -> usize {
            nodes.iter().map(|n| if let Node::Element(e) = n { 1 + depth(&e.children) } else { 0 }).max().unwrap_or(0)
        }
        assert_eq!(depth(&t), MAX_BLOCK_DEPTH);
        assert_eq!(t.len(), 1, "all the end tags pair up: {}", t.len());
    }
}
