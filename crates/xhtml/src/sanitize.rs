//! Raw HTML from the manuscript, re-serialised as well-formed polyglot markup.
//!
//! The input is tokenised with html5gum (entities resolved, tag and attribute names
//! lower-cased) and written back through an allow-list:
//! - void elements are self-closed, unclosed elements closed, stray end tags dropped, the usual
//!   implied end tags (`<p>`, `<li>`, `<td>` …) honoured;
//! - obsolete elements are mapped (`<font>` → `<span style>`/`<small>`, `<center>` → a centred
//!   `<div>`, `<tt>` → `<code>`, `<big>`, `<strike>` → `<del>` …) and presentational attributes
//!   (`align`, `width`, `border`, `bgcolor` …) become inline styles or are dropped;
//! - `<script>`, `<style>` and other active content are dropped with their content, event
//!   handlers are dropped, and so is every URL whose scheme the book does not allow (the same
//!   [`SchemePolicy`] that judges Markdown links: `javascript:`, `vbscript:`, `data:` … however
//!   they are encoded);
//! - unknown tags (`<T>` in `Vec<T>`, `<bar>`) are kept as escaped text.
//!
//! A [`Sanitizer`] keeps its open elements between calls, so inline HTML split over several
//! nodes (`<font size="2">`, text, `</font>`) and block HTML around Markdown blocks pair up.
//! What it removes is listed in [`Sanitizer::removed`], so that the caller can say so.

use super::escape;
use quire_core::resolve::schemes::SchemePolicy;
use html5gum::{DefaultEmitter, Token, Tokenizer};

/// Where the fragment goes: flow content (between blocks) or phrasing content (inside a
/// paragraph, heading, table cell).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Block level: any allowed element.
    Flow,
    /// Inline: block elements are turned into `<span>`s so paragraphs stay valid.
    Phrasing,
}

/// What a URL in raw HTML is used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlKind {
    /// `<a href>`
    Link,
    /// `<img src>`, a video's `poster`
    Image,
    /// What a `<video>`, `<audio>`, `<source>` or `<track>` plays (`src`)
    Media,
}

/// Rewrites URLs found in raw HTML (e.g. a manuscript image path to the asset's output path);
/// `None` drops the attribute.
pub type UrlMapper<'a> = &'a dyn Fn(&str, UrlKind) -> Option<String>;

#[derive(Debug, Clone)]
struct Open {
    /// Name as written (after lower-casing), to match end tags.
    src: String,
    /// Element written to the output.
    out: &'static str,
}

/// A stateful raw-HTML sanitiser (see the module docs).
#[derive(Debug, Clone)]
pub struct Sanitizer {
    ctx: Context,
    stack: Vec<Open>,
    floor: usize,
    /// Problems worth a diagnostic (an `<img>` without alt text …), drained by the caller.
    pub warnings: Vec<String>,
    /// Inside a link already: `<a>` becomes `<span>` (links do not nest).
    pub in_link: bool,
    /// Accessible names given to an unlabelled checkbox: ticked, unticked.
    checkbox_labels: [String; 2],
    /// The URL schemes `href`, `src` and `cite` may use.
    schemes: SchemePolicy,
    /// What was removed, one entry per occurrence (`<script>` element, `javascript:` URL …),
    /// drained by the caller, which reports it.
    pub removed: Vec<String>,
}

/// What [`Sanitizer::open_element`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opened {
    /// Write the element's children (false for void and dropped elements).
    pub children: bool,
}

/// How an element is treated.
enum Policy {
    /// Write it as this element.
    Keep(&'static str),
    /// Drop the tag, keep its content.
    Unwrap,
    /// Drop the tag and everything up to its end tag.
    Skip,
    /// Not HTML we know: keep the source text, escaped.
    Escape,
}

const VOID: &[&str] = &["br", "hr", "img", "wbr", "col", "input", "source", "track"];

const PHRASING: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "del", "dfn", "em", "i", "img",
    "input", "ins", "kbd", "mark", "q", "rp", "rt", "ruby", "s", "samp", "small", "span", "strong",
    "sub", "sup", "time", "u", "var", "wbr", "audio", "video", "source", "track",
];

/// Elements that may hold Markdown blocks rendered between two raw-HTML blocks.
const CONTAINERS: &[&str] = &[
    "div", "section", "article", "aside", "header", "footer", "nav", "blockquote", "details",
    "figure", "li", "dd", "td", "th",
];

fn policy(name: &str) -> Policy {
    use Policy::*;
    const KEEP: &[&str] = &[
        "a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "del", "dfn", "em", "i",
        "img", "ins", "kbd", "mark", "q", "rp", "rt", "ruby", "s", "samp", "small", "span",
        "strong", "sub", "sup", "time", "u", "var", "wbr", "p", "div", "h1", "h2", "h3", "h4",
        "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre", "hr", "table",
        "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "td", "th", "figure",
        "figcaption", "section", "article", "aside", "header", "footer", "nav", "address",
        "details", "summary", "audio", "video", "source", "track", "input",
    ];
    if let Some(k) = KEEP.iter().find(|k| **k == name) {
        return Keep(k);
    }
    match name {
        "font" | "big" | "nobr" | "blink" | "marquee" | "basefont" => Keep("span"),
        "center" | "main" | "hgroup" | "search" => Keep("div"),
        "tt" => Keep("code"),
        "strike" => Keep("del"),
        "acronym" => Keep("abbr"),
        "dir" | "menu" => Keep("ul"),
        "listing" | "xmp" | "plaintext" => Keep("pre"),
        "html" | "body" | "form" | "label" | "fieldset" | "legend" | "button" | "picture"
        | "option" | "optgroup" | "frameset" | "noframes" => Unwrap,
        "head" | "script" | "style" | "title" | "template" | "textarea" | "select" | "noscript"
        | "iframe" | "object" | "applet" | "noembed" | "svg" | "math" | "canvas" | "map" => Skip,
        "embed" => Skip,
        "meta" | "link" | "base" | "param" | "keygen" | "area" | "frame" | "isindex" => Unwrap,
        // Obsolete in HTML (`rb`, `rtc`: a ruby's base is its plain content) or fallback
        // holders (`meter`, `progress`, `output`): their content is the text a reader needs.
        "rb" | "rtc" | "meter" | "progress" | "output" | "slot" | "menuitem" | "spacer" | "multicol" | "dialog" => Unwrap,
        "datalist" | "nextid" => Skip,
        _ => Escape,
    }
}

/// True for an element that has no end tag (`br`, `img` …).
pub fn is_void(name: &str) -> bool {
    quire_core::rawhtml::elements::VOID.contains(&name)
}

/// True for an element name HTML (or its obsolete past) defines; other tags (`<T>` in `Vec<T>`)
/// are text. The list is the AST crate's ([`quire_core::rawhtml::elements::KNOWN_ELEMENTS`]), which
/// decided what became an element; its `policy` has a rule for each of them.
pub fn is_known_element(name: &str) -> bool {
    quire_core::rawhtml::elements::is_known_element(name)
}

/// A CSS value made safe for a `style` attribute: only characters a colour, length or
/// keyword needs.
fn css_value(v: &str) -> Option<String> {
    let v = v.trim();
    if v.is_empty() || v.len() > 64 {
        return None;
    }
    v.chars()
        .all(|c| c.is_ascii_alphanumeric() || " #%.,-()".contains(c))
        .then(|| v.to_string())
}

fn css_color(v: &str) -> Option<String> {
    let v = v.trim();
    if !v.starts_with('#') && (v.len() == 6 || v.len() == 3) && v.chars().all(|c| c.is_ascii_hexdigit()) {
        return Some(format!("#{v}"));
    }
    css_value(v)
}

/// A length attribute (`100`, `50%`, `20px`) as CSS.
fn css_length(v: &str) -> Option<String> {
    let v = v.trim();
    if !v.is_empty() && v.chars().all(|c| c.is_ascii_digit()) {
        return Some(format!("{v}px"));
    }
    css_value(v)
}

fn font_size(v: &str) -> Option<&'static str> {
    Some(match v.trim() {
        "1" | "-2" | "-3" => "x-small",
        "2" | "-1" => "small",
        "3" | "+0" => "medium",
        "4" | "+1" => "large",
        "5" | "+2" => "x-large",
        "6" | "+3" => "xx-large",
        "7" | "+4" => "3em",
        _ => return None,
    })
}


impl Sanitizer {
    /// A sanitiser for content placed in `ctx`.
    pub fn new(ctx: Context) -> Self {
        let word = |k| quire_core::i18n::table_word(quire_core::i18n::Locale::English, k).unwrap_or_default().to_string();
        let checkbox_labels = [word("task-done"), word("task-open")];
        Sanitizer {
            ctx,
            stack: Vec::new(),
            floor: 0,
            warnings: Vec::new(),
            in_link: false,
            checkbox_labels,
            schemes: SchemePolicy::default(),
            removed: Vec::new(),
        }
    }

    /// The URL-scheme allow-list for `href`, `src` and `cite` (the default schemes otherwise).
    pub fn with_url_schemes(mut self, schemes: SchemePolicy) -> Self {
        self.schemes = schemes;
        self
    }

    /// True when `url` may be kept; records a removal otherwise.
    fn url_ok(&mut self, url: &str) -> bool {
        match self.schemes.refused(url) {
            None => true,
            Some(_) => {
                self.removed.push("URL with a scheme that is not allowed (`javascript:` …)".to_string());
                false
            }
        }
    }

    /// The accessible names (`aria-label`) for a raw `<input type="checkbox">` that has no label
    /// of its own, ticked and unticked (English "done" / "not done" by default).
    pub fn with_checkbox_labels(mut self, done: &str, not_done: &str) -> Self {
        self.checkbox_labels = [done.to_string(), not_done.to_string()];
        self
    }

    /// Number of raw elements still open.
    pub fn depth(&self) -> usize {
        self.stack.len()
    }

    /// Starts a nested scope: end tags in it cannot close elements opened before. Returns the
    /// previous floor for [`Sanitizer::leave`].
    pub fn enter(&mut self) -> usize {
        let old = self.floor;
        self.floor = self.stack.len();
        old
    }

    /// Closes what the scope opened and restores the previous floor.
    pub fn leave(&mut self, old_floor: usize, out: &mut String) {
        self.close_to(self.floor, out);
        self.floor = old_floor;
    }

    /// Closes open elements until `depth` remain.
    pub fn close_to(&mut self, depth: usize, out: &mut String) {
        while self.stack.len() > depth {
            if let Some(o) = self.stack.pop() {
                out.push_str("</");
                out.push_str(o.out);
                out.push('>');
            }
        }
    }

    /// Closes every element (of this scope) that cannot hold Markdown blocks, and those above it.
    pub fn close_non_containers(&mut self, out: &mut String) {
        let lowest = (self.floor..self.stack.len()).find(|&i| !CONTAINERS.contains(&self.stack[i].out));
        if let Some(i) = lowest {
            self.close_to(i, out);
        }
    }

    fn in_phrasing(&self) -> bool {
        self.ctx == Context::Phrasing || self.stack.iter().any(|o| PHRASING.contains(&o.out) || o.out == "p" || o.out.starts_with('h') && o.out.len() == 2 && o.out != "hr")
    }

    /// Index of the nearest open `names` element above the nearest open `barrier` element.
    fn find_open(&self, names: &[&str], barriers: &[&str]) -> Option<usize> {
        for i in (self.floor..self.stack.len()).rev() {
            let out = self.stack[i].out;
            if names.contains(&out) {
                return Some(i);
            }
            if barriers.contains(&out) {
                return None;
            }
        }
        None
    }

    fn implied_end(&mut self, out_name: &str, out: &mut String) {
        let close = match out_name {
            "li" => self.find_open(&["li"], &["ul", "ol"]),
            "dt" | "dd" => self.find_open(&["dt", "dd"], &["dl"]),
            "tr" => self.find_open(&["tr"], &["table"]),
            "td" | "th" => self.find_open(&["td", "th"], &["tr", "table"]),
            "thead" | "tbody" | "tfoot" => self.find_open(&["thead", "tbody", "tfoot"], &["table"]),
            "p" | "div" | "ul" | "ol" | "dl" | "table" | "pre" | "blockquote" | "hr" | "h1" | "h2"
            | "h3" | "h4" | "h5" | "h6" | "figure" | "section" | "article" | "aside" | "header"
            | "footer" | "nav" | "address" | "details" => self.find_open(&["p"], CONTAINERS),
            _ => None,
        };
        if let Some(i) = close {
            self.close_to(i, out);
        }
    }

    /// Writes the start of an element parsed into the AST ([`quire_core::rawhtml`]) by the same
    /// policy as [`Sanitizer::feed`]. The caller writes the children when [`Opened::children`]
    /// says so, then closes with `close_to(depth before this call)`.
    pub fn open_element(&mut self, name: &str, attrs: &[(String, String)], out: &mut String, urls: UrlMapper<'_>) -> Opened {
        // `<Listing>` in a book is mdBook's custom element, not HTML 2's preformatted text.
        let policy = if name == "listing" { Policy::Escape } else { policy(name) };
        match policy {
            Policy::Keep(el) => {
                self.start(name, el, attrs, false, out, urls);
                Opened { children: !VOID.contains(&el) }
            }
            Policy::Unwrap => {
                if !matches!(name, "html" | "body") {
                    self.removed.push(format!("`<{name}>` tag"));
                }
                Opened { children: true }
            }
            Policy::Skip => {
                self.removed.push(format!("`<{name}>` element"));
                if matches!(name, "iframe" | "embed" | "object") {
                    let src = attrs.iter().find(|(k, _)| k == "src" || k == "data").map(|(_, v)| v.trim().to_string());
                    let src = src.filter(|u| !u.is_empty() && self.url_ok(u));
                    if let Some(u) = src.and_then(|u| urls(&u, UrlKind::Link)) {
                        self.embed_link(&u, out);
                    }
                }
                Opened { children: false }
            }
            Policy::Escape => {
                // A custom element (`<Listing file-name="x">`): a classed container, its content
                // kept.
                let class: String = name.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
                let el = if self.in_phrasing() { "span" } else { "div" };
                let mut attrs: Vec<(String, String)> = attrs.iter().filter(|(k, _)| k != "class").cloned().collect();
                attrs.push(("class".into(), format!("custom-{class}")));
                self.start(name, el, &attrs, false, out, urls);
                Opened { children: true }
            }
        }
    }

    /// A link to an embedded page or video (a span when inside a link already).
    fn embed_link(&self, u: &str, out: &mut String) {
        if self.in_link || self.stack.iter().any(|o| o.out == "a") {
            out.push_str("<span class=\"embed-link\">");
            escape::text_into(out, u);
            out.push_str("</span>");
        } else {
            out.push_str("<a class=\"embed-link\" href=\"");
            escape::attr_into(out, u);
            out.push_str("\">");
            escape::text_into(out, u);
            out.push_str("</a>");
        }
    }

    /// Sanitises `html` and appends the result to `out`; elements left open stay open.
    pub fn feed(&mut self, html: &str, out: &mut String, urls: UrlMapper<'_>) {
        let mut emitter = DefaultEmitter::<usize>::new_with_span();
        emitter.naively_switch_states(true);
        let mut skip: Option<String> = None;
        for token in Tokenizer::new_with_emitter(html, emitter) {
            let Ok(token) = token;
            if let Some(name) = &skip {
                if let Token::EndTag(t) = &token {
                    if t.name.as_slice() == name.as_bytes() {
                        skip = None;
                    }
                }
                continue;
            }
            match token {
                Token::String(s) => escape::text_into(out, &String::from_utf8_lossy(&s.value)),
                Token::StartTag(tag) => {
                    let name = String::from_utf8_lossy(&tag.name).into_owned();
                    let attrs = quire_core::rawhtml::tree::attributes(&tag);
                    match policy(&name) {
                        Policy::Keep(el) => self.start(&name, el, &attrs, tag.self_closing, out, urls),
                        Policy::Unwrap => {
                            if !matches!(name.as_str(), "html" | "body") {
                                self.removed.push(format!("`<{name}>` tag"));
                            }
                        }
                        Policy::Skip => {
                            self.removed.push(format!("`<{name}>` element"));
                            // An embedded page or video stays reachable as a link.
                            if matches!(name.as_str(), "iframe" | "embed" | "object") {
                                let src = attrs.iter().find(|(k, _)| k == "src" || k == "data").map(|(_, v)| v.trim().to_string());
                                let src = src.filter(|u| !u.is_empty() && self.url_ok(u));
                                if let Some(u) = src.and_then(|u| urls(&u, UrlKind::Link)) {
                                    if self.in_link || self.stack.iter().any(|o| o.out == "a") {
                                        out.push_str("<span class=\"embed-link\">");
                                        escape::text_into(out, &u);
                                        out.push_str("</span>");
                                    } else {
                                        out.push_str("<a class=\"embed-link\" href=\"");
                                        escape::attr_into(out, &u);
                                        out.push_str("\">");
                                        escape::text_into(out, &u);
                                        out.push_str("</a>");
                                    }
                                }
                            }
                            if !tag.self_closing && name != "embed" {
                                skip = Some(name);
                            }
                        }
                        Policy::Escape => {
                            let src = html.get(tag.span.start..tag.span.end).unwrap_or("");
                            escape::text_into(out, src);
                        }
                    }
                }
                Token::EndTag(tag) => {
                    let name = String::from_utf8_lossy(&tag.name).into_owned();
                    match policy(&name) {
                        Policy::Keep(el) => self.end(&name, el, out),
                        Policy::Escape => {
                            let src = html.get(tag.span.start..tag.span.end).unwrap_or("");
                            escape::text_into(out, src);
                        }
                        Policy::Unwrap | Policy::Skip => {}
                    }
                }
                Token::Comment(_) | Token::Doctype(_) | Token::Error(_) => {}
            }
        }
    }

    fn end(&mut self, name: &str, el: &'static str, out: &mut String) {
        if el == "br" {
            // `</br>` is a line break in browsers.
            out.push_str("<br/>");
            return;
        }
        if VOID.contains(&el) {
            return;
        }
        if let Some(i) = (self.floor..self.stack.len()).rev().find(|&i| self.stack[i].src == name) {
            self.close_to(i, out);
        }
    }

    fn start(&mut self, name: &str, el: &'static str, attrs: &[(String, String)], self_closing: bool, out: &mut String, urls: UrlMapper<'_>) {
        let mut el = el;
        let mut classes: Vec<String> = Vec::new();
        let mut styles: Vec<String> = Vec::new();
        let mut kept: Vec<(String, String)> = Vec::new();
        // Element-level mappings of obsolete elements.
        match name {
            "font" => {
                let size = attrs.iter().find(|(k, _)| k == "size").map(|(_, v)| v.as_str());
                let only_size = attrs.iter().all(|(k, _)| k == "size");
                if only_size && matches!(size.map(str::trim), Some("1" | "2" | "-1" | "-2")) {
                    el = "small";
                }
            }
            "center" => styles.push("text-align:center".into()),
            "big" => styles.push("font-size:larger".into()),
            "nobr" => styles.push("white-space:nowrap".into()),
            _ => {}
        }
        if el == "a" && (self.in_link || self.stack.iter().any(|o| o.out == "a")) {
            el = "span";
        }
        if el == "input" && !attrs.iter().any(|(k, v)| k == "type" && v.eq_ignore_ascii_case("checkbox")) {
            return;
        }
        if !matches!(el, "hr" | "br" | "wbr" | "col" | "img" | "input" | "source" | "track") {
            self.implied_end(el, out);
        } else if el == "hr" {
            self.implied_end("hr", out);
        }
        // A block element inside a phrasing context becomes a span.
        let phrasing_only = self.in_phrasing();
        if phrasing_only && !PHRASING.contains(&el) {
            if el == "hr" {
                return;
            }
            classes.push(format!("raw-{el}"));
            el = "span";
        }
        for (k, v) in attrs {
            let k = k.as_str();
            if k.starts_with("on") {
                self.removed.push("event-handler attribute (`on…`)".to_string());
                continue;
            }
            match (el, k) {
                (_, "id" | "class" | "title" | "role") if !v.trim().is_empty() => {
                    let v = if k == "id" { v.split_whitespace().collect::<Vec<_>>().join("-") } else { v.clone() };
                    if k == "class" {
                        classes.extend(v.split_whitespace().map(str::to_string));
                    } else {
                        kept.push((k.into(), v));
                    }
                }
                // Both spellings, once: `lang` for HTML, `xml:lang` for XHTML reading systems
                // (the EPUB), which choose fonts and glyph forms by it.
                (_, "lang" | "xml:lang") if !kept.iter().any(|(k, _)| k == "lang") => {
                    kept.push(("lang".into(), v.clone()));
                    kept.push(("xml:lang".into(), v.clone()));
                }
                (_, "lang" | "xml:lang") => {}
                (_, "dir") if matches!(v.as_str(), "ltr" | "rtl" | "auto") => kept.push((k.into(), v.clone())),
                (_, "style") => {
                    let lower = v.to_ascii_lowercase();
                    if !lower.contains("expression") && !lower.contains("url(") && !lower.contains('<') {
                        styles.push(v.trim().trim_end_matches(';').to_string());
                    } else {
                        self.removed.push("`style` attribute with `url(` or `expression`".to_string());
                    }
                }
                (_, k) if (k.starts_with("aria-") || k.starts_with("data-"))
                    && k.len() > 5
                    && k.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_' || b == b'.') =>
                {
                    kept.push((k.into(), v.clone()))
                }
                ("a", "href") if self.url_ok(v) => {
                    if let Some(u) = urls(v.trim(), UrlKind::Link) {
                        kept.push(("href".into(), u));
                    }
                }
                ("a", "name") if !attrs.iter().any(|(k, _)| k == "id") && !v.trim().is_empty() => {
                    kept.push(("id".into(), v.split_whitespace().collect::<Vec<_>>().join("-")))
                }
                ("a", "target" | "rel" | "hreflang" | "type") => kept.push((k.into(), v.clone())),
                ("img" | "video" | "audio" | "source" | "track", "src") | ("video", "poster") if self.url_ok(v) => {
                    let kind = if el == "img" || k == "poster" { UrlKind::Image } else { UrlKind::Media };
                    if let Some(u) = urls(v.trim(), kind) {
                        kept.push((k.into(), u));
                    }
                }
                ("img", "alt") => kept.push((k.into(), v.clone())),
                ("img" | "video" | "canvas", "width" | "height") => {
                    let t = v.trim().trim_end_matches("px");
                    if !t.is_empty() && t.chars().all(|c| c.is_ascii_digit()) {
                        kept.push((k.into(), t.to_string()));
                    } else if let Some(c) = css_value(v) {
                        styles.push(format!("{k}:{c}"));
                    }
                }
                ("video" | "audio", "controls" | "loop" | "muted") | ("details", "open") | ("ol", "reversed") | ("input", "checked" | "disabled") => {
                    kept.push((k.into(), k.into()))
                }
                ("input", "type") => kept.push((k.into(), "checkbox".into())),
                ("source" | "track", "type" | "kind" | "srclang" | "label") => kept.push((k.into(), v.clone())),
                ("ol", "start") | ("li", "value") if v.trim().parse::<i64>().is_ok() => kept.push((k.into(), v.trim().into())),
                ("ol", "type") if matches!(v.as_str(), "1" | "a" | "A" | "i" | "I") => kept.push((k.into(), v.clone())),
                ("td" | "th", "colspan" | "rowspan") | ("col" | "colgroup", "span") if v.trim().parse::<u32>().map(|n| n > 0).unwrap_or(false) => {
                    kept.push((k.into(), v.trim().into()))
                }
                ("th", "scope") if matches!(v.as_str(), "row" | "col" | "rowgroup" | "colgroup") => kept.push((k.into(), v.clone())),
                ("blockquote" | "q" | "del" | "ins", "cite") if self.url_ok(v) => kept.push((k.into(), v.clone())),
                ("del" | "ins" | "time", "datetime") | ("data", "value") | ("abbr", "title") => {
                    kept.push((k.into(), v.clone()))
                }
                ("img", "align") => match v.to_ascii_lowercase().as_str() {
                    "left" | "right" => styles.push(format!("float:{}", v.to_ascii_lowercase())),
                    "middle" | "center" | "top" | "bottom" => styles.push(format!(
                        "vertical-align:{}",
                        match v.to_ascii_lowercase().as_str() { "center" => "middle".to_string(), o => o.to_string() }
                    )),
                    _ => {}
                },
                (_, "align") => {
                    let a = v.trim().to_ascii_lowercase();
                    if matches!(a.as_str(), "left" | "right" | "center" | "justify") {
                        if el == "table" {
                            if a == "center" {
                                styles.push("margin-left:auto;margin-right:auto".into());
                            } else {
                                styles.push(format!("float:{a}"));
                            }
                        } else {
                            styles.push(format!("text-align:{a}"));
                        }
                    }
                }
                (_, "valign") => {
                    if let Some(c) = css_value(v) {
                        styles.push(format!("vertical-align:{}", c.to_ascii_lowercase()));
                    }
                }
                (_, "width" | "height") => {
                    if let Some(c) = css_length(v) {
                        styles.push(format!("{k}:{c}"));
                    }
                }
                (_, "bgcolor") => {
                    if let Some(c) = css_color(v) {
                        styles.push(format!("background-color:{c}"));
                    }
                }
                ("span", "color") if name == "font" => {
                    if let Some(c) = css_color(v) {
                        styles.push(format!("color:{c}"));
                    }
                }
                ("span", "face") if name == "font" => {
                    if let Some(c) = css_value(v) {
                        styles.push(format!("font-family:{c}"));
                    }
                }
                ("span", "size") if name == "font" => {
                    if let Some(s) = font_size(v) {
                        styles.push(format!("font-size:{s}"));
                    }
                }
                _ => {}
            }
        }
        if el == "input" && !kept.iter().any(|(k, _)| matches!(k.as_str(), "aria-label" | "aria-labelledby" | "title")) {
            let checked = kept.iter().any(|(k, _)| k == "checked");
            let label = self.checkbox_labels[usize::from(!checked)].clone();
            kept.push(("aria-label".into(), label));
        }
        if el == "img" {
            if !kept.iter().any(|(k, _)| k == "src") {
                // No usable source: the alt text stands in for the image.
                let alt = kept.iter().find(|(k, _)| k == "alt").map(|(_, v)| v.trim()).unwrap_or("");
                if !alt.is_empty() {
                    out.push_str("<span class=\"missing-image\">");
                    escape::text_into(out, alt);
                    out.push_str("</span>");
                }
                return;
            }
            if !kept.iter().any(|(k, _)| k == "alt") {
                let src = kept.iter().find(|(k, _)| k == "src").map(|(_, v)| v.clone()).unwrap_or_default();
                self.warnings.push(format!("raw HTML image `{src}` has no alt text"));
                kept.push(("alt".into(), String::new()));
            }
        }
        // A `<source>` or `<track>` without a `src` it may keep (a `<picture>`'s `srcset`, a file
        // the output cannot carry) is invalid HTML and plays nothing: it goes.
        if matches!(el, "source" | "track") && !kept.iter().any(|(k, _)| k == "src") {
            return;
        }
        out.push('<');
        out.push_str(el);
        for (k, v) in &kept {
            push_attr(out, k, v);
        }
        if !classes.is_empty() {
            push_attr(out, "class", &classes.join(" "));
        }
        let styles: Vec<&str> = styles.iter().map(|s| s.as_str()).filter(|s| !s.is_empty()).collect();
        if !styles.is_empty() {
            push_attr(out, "style", &styles.join(";"));
        }
        if VOID.contains(&el) {
            out.push_str("/>");
            return;
        }
        out.push('>');
        if self_closing {
            // `<div/>` is an open tag in HTML; close it so XHTML readers agree.
            out.push_str("</");
            out.push_str(el);
            out.push('>');
            return;
        }
        self.stack.push(Open { src: name.to_string(), out: el });
    }
}

fn push_attr(out: &mut String, k: &str, v: &str) {
    out.push(' ');
    out.push_str(k);
    out.push_str("=\"");
    escape::attr_into(out, v);
    out.push('"');
}

/// Sanitises a complete fragment (everything left open is closed), with URLs kept as written.
pub fn sanitize(html: &str, ctx: Context) -> String {
    let mut s = Sanitizer::new(ctx);
    let mut out = String::new();
    s.feed(html, &mut out, &|u, _| Some(u.to_string()));
    s.close_to(0, &mut out);
    out
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used, clippy::panic, clippy::collapsible_match, clippy::collapsible_if)]
mod tests {
    use super::*;

    #[test]
    fn the_known_elements_of_the_ast_crate_are_the_ones_with_a_policy() {
        for name in quire_core::rawhtml::elements::KNOWN_ELEMENTS {
            let own_rule = !matches!(policy(name), Policy::Escape);
            assert!(own_rule || matches!(*name, "figcaption" | "summary" | "details" | "wbr"), "{name}");
        }
        for name in ["T", "foo", "listing-x", "Listing", "k", "vec"] {
            assert!(matches!(policy(name), Policy::Escape) && !is_known_element(name), "{name}");
        }
    }

    #[test]
    fn voids_are_closed_and_unclosed_tags_closed() {
        assert_eq!(sanitize("<p>a<br>b<img src=x.png alt=y>", Context::Flow), "<p>a<br/>b<img alt=\"y\" src=\"x.png\"/></p>");
        assert_eq!(sanitize("<div><p>one<p>two</div>", Context::Flow), "<div><p>one</p><p>two</p></div>");
        assert_eq!(sanitize("<ul><li>a<li>b</ul>", Context::Flow), "<ul><li>a</li><li>b</li></ul>");
        assert_eq!(sanitize("stray</span> end", Context::Flow), "stray end");
    }

    /// An element's language reaches HTML and EPUB readers in both spellings, once.
    #[test]
    fn lang_is_kept_as_lang_and_xml_lang() {
        assert_eq!(sanitize("<span lang=\"ja\">直</span>", Context::Phrasing), "<span lang=\"ja\" xml:lang=\"ja\">直</span>");
        assert_eq!(sanitize("<div xml:lang=\"ko\" lang=\"ko\">다</div>", Context::Flow), "<div lang=\"ko\" xml:lang=\"ko\">다</div>");
    }

    #[test]
    fn obsolete_elements_are_mapped() {
        assert_eq!(sanitize("<font size=\"2\">x</font>", Context::Phrasing), "<small>x</small>");
        assert_eq!(
            sanitize("<font color=\"red\" size=\"5\">x</font>", Context::Phrasing),
            "<span style=\"color:red;font-size:x-large\">x</span>"
        );
        assert_eq!(sanitize("<center>c</center>", Context::Flow), "<div style=\"text-align:center\">c</div>");
        assert_eq!(sanitize("<tt>t</tt><strike>s</strike><big>b</big>", Context::Phrasing), "<code>t</code><del>s</del><span style=\"font-size:larger\">b</span>");
        assert_eq!(
            sanitize("<table border=\"1\" width=\"80%\" align=\"center\"><tr><td align=right>1</table>", Context::Flow),
            "<table style=\"margin-left:auto;margin-right:auto;width:80%\"><tr><td style=\"text-align:right\">1</td></tr></table>"
        );
        assert_eq!(sanitize("<img src=a.png width=\"50%\" alt=\"\">", Context::Flow), "<img alt=\"\" src=\"a.png\" style=\"width:50%\"/>");
    }

    #[test]
    fn active_content_is_dropped() {
        assert_eq!(sanitize("<script>alert(1)</script>ok<style>p{}</style>", Context::Flow), "ok");
        assert_eq!(sanitize("<a href=\"javascript:x()\" onclick=\"y()\">l</a>", Context::Flow), "<a>l</a>");
    }

    #[test]
    fn urls_are_judged_by_the_shared_policy_and_removals_listed() {
        let mut s = Sanitizer::new(Context::Phrasing);
        let mut out = String::new();
        let html = "<a href=\"java&#x09;script:x()\">a</a><a href=\"JaVaScRiPt:x\">b</a><img src=\"data:text/html,x\" alt=\"c\">\
                    <a href=\"ftp://h/\" onclick=\"y()\">d</a><script>z</script>";
        s.feed(html, &mut out, &|u, _| Some(u.to_string()));
        assert_eq!(out, "<a>a</a><a>b</a><span class=\"missing-image\">c</span><a>d</a>");
        assert_eq!(s.removed.len(), 6, "{:?}", s.removed);
        assert_eq!(sanitize("<blockquote cite=\"vbscript:q\">e</blockquote>", Context::Flow), "<blockquote>e</blockquote>");
        assert_eq!(sanitize("<q cite=\"https://x/\">e</q>", Context::Flow), "<q cite=\"https://x/\">e</q>");
        let mut s = Sanitizer::new(Context::Phrasing).with_url_schemes(SchemePolicy::new(&["ftp"]));
        let mut out = String::new();
        s.feed("<a href=\"ftp://h/\">d</a>", &mut out, &|u, _| Some(u.to_string()));
        assert_eq!(out, "<a href=\"ftp://h/\">d</a>");
        assert!(s.removed.is_empty());
    }

    #[test]
    fn unknown_tags_are_text_and_entities_resolved() {
        assert_eq!(sanitize("Vec<T> and <bar>x</bar>", Context::Phrasing), "Vec&lt;T&gt; and &lt;bar&gt;x&lt;/bar&gt;");
        assert_eq!(sanitize("a&nbsp;b&#8195;c &amp; &copy;", Context::Phrasing), "a\u{a0}b\u{2003}c &amp; \u{a9}");
    }

    #[test]
    fn embeds_become_links() {
        assert_eq!(
            sanitize("<iframe src=\"https://v.example/x?a=1&b=2\" width=560>fallback</iframe>after", Context::Flow),
            "<a class=\"embed-link\" href=\"https://v.example/x?a=1&amp;b=2\">https://v.example/x?a=1&amp;b=2</a>after"
        );
        assert_eq!(sanitize("<embed src=\"a.swf\">x", Context::Phrasing), "<a class=\"embed-link\" href=\"a.swf\">a.swf</a>x");
    }

    #[test]
    fn blocks_inside_phrasing_become_spans() {
        assert_eq!(sanitize("<div>x</div>", Context::Phrasing), "<span class=\"raw-div\">x</span>");
    }

    #[test]
    fn state_carries_across_feeds() {
        let mut s = Sanitizer::new(Context::Phrasing);
        let mut out = String::new();
        let keep = |u: &str, _| Some(u.to_string());
        s.feed("<font size=\"2\">", &mut out, &keep);
        out.push_str("text");
        s.feed("</font>", &mut out, &keep);
        assert_eq!(out, "<small>text</small>");
        s.feed("<b>", &mut out, &keep);
        s.close_to(0, &mut out);
        assert!(out.ends_with("<b></b>"));
    }

    #[test]
    fn missing_alt_warns() {
        let mut s = Sanitizer::new(Context::Flow);
        let mut out = String::new();
        s.feed("<img src=\"a.png\">", &mut out, &|u, _| Some(u.to_string()));
        assert_eq!(out, "<img src=\"a.png\" alt=\"\"/>");
        assert_eq!(s.warnings.len(), 1);
    }

    #[test]
    fn raw_checkboxes_get_a_name_and_sourceless_images_their_alt() {
        assert_eq!(
            sanitize("<input type=checkbox checked disabled>", Context::Phrasing),
            "<input checked=\"checked\" disabled=\"disabled\" type=\"checkbox\" aria-label=\"done\"/>"
        );
        assert_eq!(sanitize("<input type=checkbox aria-label=\"x\">", Context::Phrasing), "<input aria-label=\"x\" type=\"checkbox\"/>");
        let mut s = Sanitizer::new(Context::Phrasing).with_checkbox_labels("fait", "à faire");
        let mut out = String::new();
        s.feed("<input type=checkbox>", &mut out, &|u, _| Some(u.to_string()));
        assert_eq!(out, "<input type=\"checkbox\" aria-label=\"à faire\"/>");
        let mut out = String::new();
        s.feed("<img src=\"http://x/a.png\" alt=\"a <b>\"><img src=\"y.png\">", &mut out, &|_, _| None);
        assert_eq!(out, "<span class=\"missing-image\">a &lt;b&gt;</span>");
    }

    /// Checks that `out` is balanced markup: every element closed in order, voids self-closed.
    fn well_formed(out: &str) -> Result<(), String> {
        let mut stack: Vec<Vec<u8>> = Vec::new();
        for token in Tokenizer::new(out) {
            let Ok(token) = token;
            match token {
                Token::StartTag(t) if VOID.contains(&String::from_utf8_lossy(&t.name).as_ref()) => {
                    if !t.self_closing {
                        return Err(format!("void <{}> not self-closed", String::from_utf8_lossy(&t.name)));
                    }
                }
                Token::StartTag(t) => {
                    if t.self_closing {
                        return Err("self-closed non-void".into());
                    }
                    stack.push(t.name.to_vec());
                }
                Token::EndTag(t) => {
                    if stack.pop().as_deref() != Some(t.name.as_slice()) {
                        return Err(format!("misnested </{}>", String::from_utf8_lossy(&t.name)));
                    }
                }
                Token::Error(e) => return Err(format!("parse error {:?}", e.value)),
                _ => {}
            }
        }
        if stack.is_empty() {
            Ok(())
        } else {
            Err("unclosed elements".into())
        }
    }

    proptest::proptest! {
        #[test]
        fn any_tag_soup_comes_out_balanced(parts in proptest::collection::vec(proptest::sample::select(vec![
            "<p>", "</p>", "<div align=center>", "</div>", "<font size=2 color=red>", "</font>", "<b>", "</b>",
            "<i>", "</i>", "<br>", "</br>", "<img src=a.png>", "<table>", "<tr>", "<td>", "</td>", "</table>",
            "<ul>", "<li>", "</ul>", "<center>", "</center>", "<script>x</script>", "text ", "&amp; ", "&nbsp;",
            "<T>", "</T>", "<iframe src=v>f</iframe>", "<a href=\"x\" onclick=y>", "</a>", "<span data-x\"y=1>", "<!-- c -->", "<pre>", "</pre>",
            "<h1>", "</h1>", "<hr>", "<tt>", "<strike>", "</strike>", "<dl><dt>", "<dd>", "< x", "<", ">", "\"", "<input type=checkbox checked>",
        ]), 0..24), ctx in proptest::sample::select(vec![Context::Flow, Context::Phrasing])) {
            let html: String = parts.concat();
            let out = sanitize(&html, ctx);
            if let Err(e) = well_formed(&out) {
                panic!("{e}: {html:?} -> {out:?}");
            }
        }
    }
}
