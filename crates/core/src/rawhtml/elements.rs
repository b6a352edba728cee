//! HTML's element names as a book's raw HTML uses them: the void elements, the raw-text ones and
//! every element HTML defines (or defined). The tree builder and the XHTML sanitiser both read
//! these lists, so they agree on what is an element; they need no HTML tokenizer, so they are
//! here with or without the `raw-html` feature.

/// Elements that never have content.
pub const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen",
];

/// Elements whose content is not HTML for a book (scripts, styles …): the element is kept with no
/// children, its content dropped.
pub const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title", "noscript", "template", "xmp", "noembed"];

/// Every element name HTML defines, or defined in the past, that a book may write (sorted).
/// Any other bare tag (`<T>` in `Vec<T>`) is text. The XHTML sanitiser decides what each of
/// these becomes in an output; it has a test that its table and this list agree.
pub const KNOWN_ELEMENTS: &[&str] = &[
    "a", "abbr", "acronym", "address", "applet", "area", "article", "aside", "audio", "b", "base",
    "basefont", "bdi", "bdo", "big", "blink", "blockquote", "body", "br", "button", "canvas",
    "caption", "center", "cite", "code", "col", "colgroup", "data", "datalist", "dd", "del",
    "details", "dfn", "dialog", "dir", "div", "dl", "dt", "em", "embed", "fieldset", "figcaption",
    "figure", "font", "footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6",
    "head", "header", "hgroup", "hr", "html", "i", "iframe", "img", "input", "ins", "isindex",
    "kbd", "keygen", "label", "legend", "li", "link", "listing", "main", "map", "mark", "marquee",
    "math", "menu", "menuitem", "meta", "meter", "multicol", "nav", "nextid", "nobr", "noembed",
    "noframes", "noscript", "object", "ol", "optgroup", "option", "output", "p", "param",
    "picture", "plaintext", "pre", "progress", "q", "rb", "rp", "rt", "rtc", "ruby", "s", "samp",
    "script", "search", "section", "select", "slot", "small", "source", "spacer", "span", "strike",
    "strong", "style", "sub", "summary", "sup", "svg", "table", "tbody", "td", "template",
    "textarea", "tfoot", "th", "thead", "time", "title", "tr", "track", "tt", "u", "ul", "var",
    "video", "wbr", "xmp",
];

/// True for an element name HTML (or its obsolete past) defines ([`KNOWN_ELEMENTS`]).
pub fn is_known_element(name: &str) -> bool {
    KNOWN_ELEMENTS.binary_search(&name).is_ok()
}

