//! Clean-up of inline lists after folding: CJK markers removed, adjacent text merged, footnote
//! references with no definition (left as `[^x]` text by pulldown-cmark) turned into references,
//! and mdBook's MathJax delimiters `\(`…`\)` / `\[`…`\]` turned into math.

use super::cjk_emphasis::MARKER;
use crate::ast::visit::children_mut;
use crate::ast::{plain_text, Inline, InlineKind};
use crate::span::Span;

/// Removes markers, drops empty text and merges adjacent text nodes, recursively.
pub fn normalize(list: &mut Vec<Inline>, strip: bool) {
    let old = std::mem::take(list);
    for mut i in old {
        if strip {
            strip_inline(&mut i);
        }
        if let Some(c) = children_mut(&mut i) {
            normalize(c, strip);
        }
        if let InlineKind::Text(t) = &i.kind {
            if t.is_empty() {
                continue;
            }
            if let Some(Inline { kind: InlineKind::Text(prev), span }) = list.last_mut() {
                prev.push_str(t);
                if span.file == i.span.file && i.span.end >= span.start {
                    span.end = span.end.max(i.span.end);
                }
                continue;
            }
        }
        list.push(i);
    }
}

fn strip_inline(i: &mut Inline) {
    let s = |t: &mut String| {
        if t.contains(MARKER) {
            t.retain(|c| c != MARKER);
        }
    };
    match &mut i.kind {
        InlineKind::Text(t) | InlineKind::Code(t) | InlineKind::Html(t) => s(t),
        InlineKind::Math(f) => s(f.tex_mut()),
        InlineKind::Link { raw_dest, title, target, .. } => {
            s(raw_dest);
            if let Some(t) = title {
                s(t);
            }
            if let crate::ast::LinkTarget::Unresolved(u) = target {
                s(u);
            }
        }
        InlineKind::Image(img) => {
            s(&mut img.raw_src);
            s(&mut img.alt);
            if let Some(t) = &mut img.title {
                s(t);
            }
            if let crate::ast::ImageSource::Missing(m) = &mut img.source {
                s(m);
            }
        }
        InlineKind::FootnoteRef { label, .. } => s(label),
        _ => {}
    }
}

/// The span of `range` within a text node, exact when the node's source has the same length as
/// its text (no escapes or entities), else the whole node.
pub fn sub_span(span: Span, text: &str, range: std::ops::Range<usize>) -> Span {
    if (span.end - span.start) as usize == text.len() {
        Span::new(span.file, span.start as usize + range.start, span.start as usize + range.end)
    } else {
        span
    }
}

/// Splits `[^label]` text (a footnote reference whose definition is missing) into
/// [`InlineKind::FootnoteRef`] nodes with index 0, recursively.
pub fn undefined_footnote_refs(list: &mut Vec<Inline>) {
    let old = std::mem::take(list);
    for mut i in old {
        if let Some(c) = children_mut(&mut i) {
            undefined_footnote_refs(c);
        }
        let InlineKind::Text(t) = &i.kind else {
            list.push(i);
            continue;
        };
        if !t.contains("[^") {
            list.push(i);
            continue;
        }
        let (t, span) = (t.clone(), i.span);
        let mut last = 0;
        let mut from = 0;
        while let Some(p) = t.get(from..).and_then(|r| r.find("[^")) {
            let open = from + p;
            from = open + 2;
            let rest = t.get(open + 2..).unwrap_or("");
            let Some(close) = rest.find(']') else { break };
            let label = &rest[..close];
            if label.is_empty() || label.contains(|c: char| c.is_whitespace() || c == '[' || c == '^') {
                continue;
            }
            let end = open + 2 + close + 1;
            if open > last {
                list.push(Inline::text(&t[last..open], sub_span(span, &t, last..open)));
            }
            let kind = InlineKind::FootnoteRef { label: label.to_string(), index: 0 };
            list.push(Inline { kind, span: sub_span(span, &t, open..end) });
            last = end;
            from = end;
        }
        if last == 0 {
            list.push(i);
        } else if last < t.len() {
            list.push(Inline::text(&t[last..], sub_span(span, &t, last..t.len())));
        }
    }
}

/// Turns `\(`…`\)` and `\[`…`\]` (what CommonMark leaves of mdBook's `\\(`…`\\)`) into math,
/// recursively. Returns the spans of display (`\[`) math.
pub fn mathjax(list: &mut Vec<Inline>) -> Vec<Span> {
    let mut display = Vec::new();
    for i in list.iter_mut() {
        if let Some(c) = children_mut(i) {
            display.extend(mathjax(c));
        }
    }
    let mut out: Vec<Inline> = Vec::with_capacity(list.len());
    let mut queue: std::collections::VecDeque<Inline> = std::mem::take(list).into();
    while let Some(i) = queue.pop_front() {
        let InlineKind::Text(t) = &i.kind else {
            out.push(i);
            continue;
        };
        let open = [("\\(", "\\)", false), ("\\[", "\\]", true)]
            .into_iter()
            .filter_map(|(o, c, d)| t.find(o).map(|p| (p, c, d)))
            .min_by_key(|x| x.0);
        let Some((p, close, is_display)) = open else {
            out.push(i);
            continue;
        };
        let (t, span) = (t.clone(), i.span);
        let after = &t[p + 2..];
        if let Some(q) = after.find(close) {
            if p > 0 {
                out.push(Inline::text(&t[..p], sub_span(span, &t, 0..p)));
            }
            let end = p + 2 + q + 2;
            let m = Inline { kind: InlineKind::Math(after[..q].into()), span: sub_span(span, &t, p..end) };
            if is_display {
                display.push(m.span);
            }
            out.push(m);
            if end < t.len() {
                queue.push_front(Inline::text(&t[end..], sub_span(span, &t, end..t.len())));
            }
            continue;
        }
        // The closer is in a later text node (markup in between was parsed as Markdown).
        let found = queue.iter().position(|n| matches!(&n.kind, InlineKind::Text(x) if x.contains(close)));
        let Some(j) = found else {
            out.push(Inline::text(&t[..p + 2], sub_span(span, &t, 0..p + 2)));
            if p + 2 < t.len() {
                queue.push_front(Inline::text(&t[p + 2..], sub_span(span, &t, p + 2..t.len())));
            }
            continue;
        };
        let middle: Vec<Inline> = queue.drain(..j).collect();
        let Some(last) = queue.pop_front() else { break };
        let InlineKind::Text(lt) = &last.kind else { break };
        let q = lt.find(close).unwrap_or(0);
        let mut tex = after.to_string();
        tex.push_str(&plain_text(&middle));
        tex.push_str(&lt[..q]);
        if p > 0 {
            out.push(Inline::text(&t[..p], sub_span(span, &t, 0..p)));
        }
        let mspan = if span.file == last.span.file && last.span.end >= span.start {
            Span { file: span.file, start: sub_span(span, &t, p..p).start, end: sub_span(last.span, lt, 0..q + 2).end }
        } else {
            span
        };
        if is_display {
            display.push(mspan);
        }
        out.push(Inline { kind: InlineKind::Math(tex.into()), span: mspan });
        if q + 2 < lt.len() {
            queue.push_front(Inline::text(&lt[q + 2..], sub_span(last.span, lt, q + 2..lt.len())));
        }
    }
    *list = out;
    display
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Inline {
        Inline::text(s, Span::new(crate::span::FileId(0), 0, s.len()))
    }

    #[test]
    fn mathjax_inline_and_display() {
        let mut l = vec![t("a \\(x^2\\) b \\[y\\]")];
        let d = mathjax(&mut l);
        let kinds: Vec<_> = l.iter().map(|i| i.kind.clone()).collect();
        assert_eq!(kinds, vec![
            InlineKind::Text("a ".into()),
            InlineKind::Math("x^2".into()),
            InlineKind::Text(" b ".into()),
            InlineKind::Math("y".into()),
        ]);
        assert_eq!(d.len(), 1);
    }

    #[test]
    fn mathjax_across_emphasis() {
        let em = Inline { kind: InlineKind::Emphasis(vec![t("b")]), span: Span::default() };
        let mut l = vec![t("\\(a"), em, t("c\\) d")];
        mathjax(&mut l);
        assert_eq!(l[0].kind, InlineKind::Math("abc".into()));
        assert_eq!(l[1].kind, InlineKind::Text(" d".into()));
    }

    #[test]
    fn unclosed_mathjax_is_text() {
        let mut l = vec![t("a \\( b")];
        mathjax(&mut l);
        assert_eq!(plain_text(&l), "a \\( b");
    }

    #[test]
    fn footnote_text_becomes_ref() {
        let mut l = vec![t("a[^x] b [^ no]")];
        undefined_footnote_refs(&mut l);
        assert_eq!(l[1].kind, InlineKind::FootnoteRef { label: "x".into(), index: 0 });
        assert_eq!(l[1].span.range(), 1..5);
        assert_eq!(l.len(), 3);
    }
}
