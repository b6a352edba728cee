//! Code blocks: highlighted (or escaped) code in `<pre><code>`, with a listing caption, a copy
//! button and, for mdBook's hidden lines, a button that shows them.

use super::{escape, Writer};
use quire_core::ast::{visible_code, Numbering};
use std::borrow::Cow;

impl<'a> Writer<'a> {
    /// Writes a code block. `hidden` lines are left out, or, on the site (with its buttons),
    /// written inside `<span class="boring">` that the site's CSS hides until the reader presses
    /// the block's "show hidden lines" button.
    ///
    /// The info string's other words (`rust,ignore` → `ignore`, `does_not_compile`, `editable`)
    /// stay classes on the `<code>` element beside `language-…`, as mdBook writes them, so that a
    /// book's own scripts and styles still find them.
    ///
    /// A `<pre>` written in raw HTML keeps its attributes on a site that keeps raw HTML.
    pub(super) fn code_block(&mut self, lang: Option<&str>, info: &str, code: &str, hidden: &[u32], numbering: &Numbering, span: quire_core::Span) {
        if self.opts.mermaid && lang == Some("mermaid") {
            self.out.push_str("<pre class=\"mermaid\">");
            escape::text_into(&mut self.out, code);
            self.out.push_str("</pre>\n");
            return;
        }
        let number = numbering.number.as_deref().filter(|_| self.opts.captions);
        // The author's own caption (GitBook's `{% code title %}`) shows whether or not listings
        // are numbered.
        let caption = numbering.caption.as_deref();
        let figure = number.is_some() || caption.is_some();
        if figure {
            self.out.push_str("<figure class=\"listing\">\n<figcaption>");
            if let Some(n) = number {
                let label = self.opts.words.listing.clone();
                self.caption_label(&label, n, caption.is_some());
            }
            if let Some(c) = caption {
                self.out.push_str("<span class=\"caption-text\">");
                escape::text_into(&mut self.out, c);
                self.out.push_str("</span>");
            }
            self.out.push_str("</figcaption>\n");
        }
        let wrap = self.opts.copy_buttons;
        let toggle = wrap && !hidden.is_empty();
        if wrap {
            self.out.push_str("<div class=\"code-block\">");
        }
        // Highlighted whole when hidden lines are kept, so they give the others their context.
        let shown: Cow<str> = if toggle { Cow::Borrowed(code) } else { visible_code(code, hidden) };
        let highlighted = match lang {
            Some(l) if self.opts.highlight => quire_highlight::highlight_html(&shown, l, &self.opts.cache),
            _ => None,
        };
        let play = self.playground_of(lang, info);
        let origin = self.origin(span, &["pre"]);
        let class = match (&play, highlighted.is_some()) {
            (Some(_), true) => Some("hl-code playground"),
            (Some(_), false) => Some("playground"),
            (None, true) => Some("hl-code"),
            (None, false) => None,
        };
        self.open_tag("pre", class, origin);
        if let Some(p) = &play {
            self.out.push_str(" data-edition=\"");
            escape::attr_into(&mut self.out, &p.edition);
            self.out.push_str(if p.editable { "\" data-editable=\"true\"" } else { "\"" });
        }
        self.out.push_str("><code");
        let mut classes: Vec<Cow<str>> = Vec::new();
        if let Some(l) = lang.filter(|l| !l.is_empty()) {
            classes.push(Cow::Owned(format!("language-{l}")));
        }
        classes.extend(info_classes(info).map(Cow::Borrowed));
        if !classes.is_empty() {
            self.out.push_str(" class=\"");
            escape::attr_into(&mut self.out, &classes.join(" "));
            self.out.push('"');
        }
        self.out.push('>');
        if play.as_ref().is_some_and(|p| p.line_numbers) {
            let n = shown.trim_end_matches('\n').split('\n').count();
            self.out.push_str("<span class=\"line-numbers\" aria-hidden=\"true\">");
            for i in 1..=n {
                self.out.push_str(&format!("{i}\n"));
            }
            self.out.push_str("</span>");
        }
        let html = highlighted.unwrap_or_else(|| escape::text(&shown));
        if toggle {
            wrap_hidden_lines(&mut self.out, &html, hidden);
        } else {
            self.out.push_str(&html);
        }
        self.out.push_str("</code></pre>");
        if wrap {
            if self.opts.copyable {
                let copy = self.opts.words.copy.clone();
                self.button("copy-button", &copy, false);
            }
            if toggle {
                let show = self.opts.words.show_hidden.clone();
                self.button("hidden-toggle", &show, true);
            }
            self.out.push_str("</div>");
        }
        self.out.push('\n');
        if figure {
            self.out.push_str("</figure>\n");
        }
    }

    /// How a block runs in mdBook's playground, as mdBook decides: a `rust` block that is not
    /// `ignore`, `noplayground` or `noplaypen` when `runnable` is on, or any `rust` block marked
    /// `mdbook-runnable`; `None` when it does not (or off the site).
    fn playground_of(&self, lang: Option<&str>, info: &str) -> Option<PlayBlock> {
        let p = self.opts.playground.as_ref()?;
        if lang != Some("rust") {
            return None;
        }
        let has = |w: &str| info_classes(info).any(|c| c == w);
        let runnable = (p.runnable && !has("ignore") && !has("noplayground") && !has("noplaypen")) || has("mdbook-runnable");
        if !runnable {
            return None;
        }
        let edition = info_classes(info)
            .find_map(|c| c.strip_prefix("edition").filter(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit())))
            .map(str::to_string)
            .or_else(|| p.edition.clone())
            .unwrap_or_else(|| "2021".to_string());
        let editable = p.editable && has("editable");
        Some(PlayBlock { edition, editable, line_numbers: editable && p.line_numbers })
    }

    fn button(&mut self, class: &str, label: &str, pressable: bool) {
        self.out.push_str("<button type=\"button\" class=\"");
        self.out.push_str(class);
        self.out.push_str(if pressable { "\" aria-pressed=\"false\" title=\"" } else { "\" title=\"" });
        escape::attr_into(&mut self.out, label);
        self.out.push_str("\">");
        escape::text_into(&mut self.out, label);
        self.out.push_str("</button>");
    }
}

/// What one runnable block gets.
struct PlayBlock {
    edition: String,
    editable: bool,
    line_numbers: bool,
}

/// The words of a code block's info string after the language, usable as class names
/// (`rust,ignore,does_not_compile` → `ignore`, `does_not_compile`); attributes such as
/// `hidelines=~` and anything else that is not a plain word are left out.
pub fn info_classes(info: &str) -> impl Iterator<Item = &str> {
    info.split([',', ' ', '\t', '{', '}'])
        .filter(|w| !w.is_empty())
        .skip(1)
        .map(|w| w.trim_start_matches('.'))
        .filter(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'))
}

/// Appends `html` (escaped text and `<span …>`/`</span>` tags, as the highlighter writes it) with
/// each line in `hidden` wrapped in `<span class="boring">`, line ending included. Spans still
/// open at a line's end are closed there and opened again on the next line, so each wrapper
/// holds well-formed markup.
fn wrap_hidden_lines(out: &mut String, html: &str, hidden: &[u32]) {
    let mut open: Vec<&str> = Vec::new();
    let mut line = 0u32;
    let mut at_start = true;
    let mut boring = false;
    let mut rest = html;
    let start_line = |out: &mut String, open: &[&str], line: u32, boring: &mut bool| {
        *boring = hidden.binary_search(&line).is_ok();
        if *boring {
            out.push_str("<span class=\"boring\">");
        }
        open.iter().for_each(|t| out.push_str(t));
    };
    while !rest.is_empty() {
        if at_start {
            start_line(out, &open, line, &mut boring);
            at_start = false;
        }
        if rest.starts_with('<') {
            let end = rest.find('>').map_or(rest.len(), |i| i + 1);
            let tag = &rest[..end];
            if tag.starts_with("</") {
                open.pop();
            } else {
                open.push(tag);
            }
            out.push_str(tag);
            rest = &rest[end..];
        } else {
            let end = rest.find(['<', '\n']).unwrap_or(rest.len());
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            if let Some(after) = rest.strip_prefix('\n') {
                open.iter().for_each(|_| out.push_str("</span>"));
                out.push('\n');
                if boring {
                    out.push_str("</span>");
                }
                boring = false;
                line += 1;
                at_start = true;
                rest = after;
            }
        }
    }
    // A hidden last line without a line ending: its own spans are closed by now.
    if boring {
        out.push_str("</span>");
    }
}

#[cfg(test)]
mod tests {
    use super::wrap_hidden_lines;

    fn wrap(html: &str, hidden: &[u32]) -> String {
        let mut out = String::new();
        wrap_hidden_lines(&mut out, html, hidden);
        out
    }

    #[test]
    fn hidden_lines_are_wrapped_and_spans_reopened() {
        let html = "<span class=\"a\">x\ny</span>\nz\n";
        assert_eq!(wrap(html, &[]), "<span class=\"a\">x</span>\n<span class=\"a\">y</span>\nz\n");
        assert_eq!(
            wrap(html, &[0]),
            "<span class=\"boring\"><span class=\"a\">x</span>\n</span><span class=\"a\">y</span>\nz\n"
        );
        assert_eq!(
            wrap(html, &[1]),
            "<span class=\"a\">x</span>\n<span class=\"boring\"><span class=\"a\">y</span>\n</span>z\n"
        );
        // A hidden last line without a line ending is closed too.
        assert_eq!(wrap("a\nb", &[1]), "a\n<span class=\"boring\">b</span>");
    }
}
