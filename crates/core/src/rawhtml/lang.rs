//! `lang` and `xml:lang` on raw HTML elements, checked once when the element becomes an AST
//! node: a valid BCP 47 tag is kept as one `lang` attribute in canonical case (the writers add
//! `xml:lang` where XHTML wants it), a malformed one is reported (`raw-html-lang`, at the
//! element, with a hint) and dropped, so the element takes its parent's language in every
//! format. An empty `lang=""` (HTML's "language unknown") is kept as written.

use super::to_ast::Report;
use super::tree::Element;
use crate::diag::{Code, Diagnostic};
use crate::lang_tag::LangTag;

/// Checks and normalises the language attributes of `e` in place (see the module docs).
pub(super) fn check<T>(e: &mut Element<T>, r: &mut Report) {
    if !e.attrs.iter().any(|(k, _)| is_lang(k)) {
        return;
    }
    // `lang` is read first, as HTML does; `xml:lang` stands in for it when it is missing.
    let chosen = e.attrs.iter().position(|(k, _)| k == "lang").or_else(|| e.attrs.iter().position(|(k, _)| k == "xml:lang"));
    let Some(at) = chosen else { return };
    let value = e.attrs[at].1.clone();
    let kept = if value.trim().is_empty() {
        Some(String::new())
    } else {
        match LangTag::parse(&value) {
            Ok(t) => Some(t.to_string()),
            Err(err) => {
                r.diagnostics.push(
                    Diagnostic::warning(Code::RawHtmlLang, format!("`<{}>`: {err}; the element takes its parent's language", e.name))
                        .with_span(e.span)
                        .with_hint("write a BCP 47 tag: a language code with optional script and region subtags, joined by `-` (`fr`, `de-CH`, `zh-Hant`, `pt-BR`)"),
                );
                None
            }
        }
    };
    let mut n = 0usize;
    e.attrs.retain(|(k, _)| {
        let keep = !is_lang(k) || n == at;
        n += 1;
        keep
    });
    match kept {
        // The kept attribute is now the first language attribute (the others are gone).
        Some(v) => {
            if let Some(a) = e.attrs.iter_mut().find(|(k, _)| is_lang(k)) {
                *a = ("lang".to_string(), v);
            }
        }
        None => e.attrs.retain(|(k, _)| !is_lang(k)),
    }
}

/// `e`'s (checked) `lang` attribute as an attribute list for the element that will carry it:
/// for elements that become typed nodes with no attributes of their own (`<em lang="fr">` an
/// emphasis inside `<span lang="fr">`, `<blockquote lang="en">` a block quote inside `<div
/// lang="en">`). The element keeps it too, for the site that writes raw HTML back as written
/// (its origin; that site leaves such a wrapper out, see `quire_xhtml`).
pub(super) fn take<T>(e: &mut Element<T>) -> Option<Vec<(String, String)>> {
    let at = e.attrs.iter().position(|(k, _)| k == "lang")?;
    Some(vec![e.attrs[at].clone()])
}

fn is_lang(k: &str) -> bool {
    k == "lang" || k == "xml:lang"
}
