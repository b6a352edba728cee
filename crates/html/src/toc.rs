//! The sidebar table of contents (mirroring SUMMARY.md: part titles, numbers, separators,
//! drafts greyed out, the current chapter marked) and the breadcrumbs of a page.

use crate::i18n::Words;
use crate::links::SiteLinks;
use quire_xhtml::escape;
use quire_xhtml::LinkResolver;
use quire_core::{Book, ChapterId, TocEntry};

/// A sidebar longer than this (bytes of markup) is not written into every page: pages load it
/// from one script ([`external_script`]) and link `toc.html`, so the site grows linearly with the
/// book however many entries SUMMARY.md has (a sidebar in every page is quadratic).
pub const INLINE_SIDEBAR_MAX: usize = 64 * 1024;

/// The placeholder in a page's `<nav id="sidebar">` when the sidebar is external: a link to
/// `toc.html`, which the script replaces with the sidebar.
pub fn external_placeholder(prefix: &str, words: &Words) -> String {
    format!(
        "<p class=\"toc-external\"><a href=\"{}toc.html\">{}</a></p>\n",
        escape::attr(prefix),
        escape::text(&words.table_of_contents)
    )
}

/// The script that writes `root_sidebar` (the sidebar with links relative to the site root, as
/// for `index.html`) into a page's `<nav id="sidebar">`: it prefixes relative links with the
/// page's `data-root` and marks the current page's entry.
pub fn external_script(root_sidebar: &str) -> String {
    let html = serde_json::to_string(root_sidebar).unwrap_or_else(|_| "\"\"".into());
    format!(
        "(function(){{var n=document.getElementById(\"sidebar\");if(!n)return;\
var r=document.body.getAttribute(\"data-root\")||\"\";n.innerHTML={html};\
var here=location.href.split(\"#\")[0];var as=n.querySelectorAll(\"a.toc-link\");\
for(var i=0;i<as.length;i++){{var a=as[i],h=a.getAttribute(\"href\");\
if(h&&!/^([a-z][a-z0-9+.-]*:|\\/|#)/i.test(h)){{a.setAttribute(\"href\",r+h);}}\
if(a.href.split(\"#\")[0]===here){{a.setAttribute(\"aria-current\",\"page\");a.parentNode.classList.add(\"active\");\
for(var p=a.parentNode;p&&p!==n;p=p.parentNode){{if(p.classList&&p.classList.contains(\"foldable\")){{p.classList.add(\"expanded\");\
var t=p.querySelector(\":scope > .fold-toggle\");if(t)t.setAttribute(\"aria-expanded\",\"true\");}}}}}}}}}})();\n"
    )
}

/// The sidebar `<ol>` for a page showing `current` (`None` on print/404 pages).
pub fn sidebar(book: &Book, links: &SiteLinks<'_>, current: Option<ChapterId>, words: &Words) -> String {
    let mut out = String::new();
    let fold = &book.config.output.html.fold;
    let fold = (fold.enable == Some(true)).then(|| Fold { level: fold.level.unwrap_or(0) as usize, open: ancestors(book, current), toggle: escape::attr(&words.fold_toggle) });
    let cx = Cx { book, links, current, draft: escape::attr(&words.draft), words, fold };
    entries(&cx, &book.toc, &mut out, true);
    extra_links(book, links.prefix(), &mut out);
    out
}

/// `[output.html] sidebar-links` (GitBook's `links.sidebar`): after the chapters, in order; a
/// relative URL is from the site's root, so it gets the page's `../` prefix.
fn extra_links(book: &Book, prefix: &str, out: &mut String) {
    let links: Vec<_> = book.config.output.html.sidebar_links.iter().filter(|l| l.is_safe()).collect();
    if links.is_empty() {
        return;
    }
    out.push_str("<ol class=\"toc toc-extra\">\n<li class=\"spacer\" aria-hidden=\"true\"></li>\n");
    for l in links {
        let url = l.url.trim();
        let relative = !url.contains(':') && !url.starts_with(['/', '#']);
        let href = if relative { format!("{prefix}{url}") } else { url.to_string() };
        out.push_str(&format!("<li class=\"chapter-item\"><a class=\"toc-link\" href=\"{}\">", escape::attr(&href)));
        escape::text_into(out, &l.title);
        out.push_str("</a></li>\n");
    }
    out.push_str("</ol>\n");
}

/// What every level of the sidebar needs.
struct Cx<'a, 'b> {
    book: &'a Book,
    links: &'a SiteLinks<'b>,
    current: Option<ChapterId>,
    /// The escaped tooltip of a draft.
    draft: String,
    /// The words of the book (the title of a part left empty).
    words: &'a Words,
    /// `[output.html.fold] enable = true`: how the sidebar folds.
    fold: Option<Fold>,
}

/// mdBook's folding sidebar: an entry with sub-chapters gets a toggle, and its sub-chapters are
/// shown (`expanded`) when it is above the fold level or on the way to the current chapter. The
/// stylesheet hides folded ones only when scripts run (`<html class="js">`), so a reader without
/// scripts sees every level.
struct Fold {
    /// Entries at depth below this are expanded (mdBook's `level`).
    level: usize,
    /// The current chapter and its ancestors.
    open: Vec<ChapterId>,
    /// The toggle's escaped accessible name.
    toggle: String,
}

/// `current` and its parents.
fn ancestors(book: &Book, current: Option<ChapterId>) -> Vec<ChapterId> {
    let mut chain = Vec::new();
    let mut cur = current;
    while let Some(id) = cur {
        if chain.contains(&id) {
            break;
        }
        chain.push(id);
        cur = book.chapter(id).and_then(|c| c.parent);
    }
    chain
}

fn entries(cx: &Cx<'_, '_>, list: &[TocEntry], out: &mut String, top: bool) {
    let (book, links, current) = (cx.book, cx.links, cx.current);
    out.push_str(if top { "<ol class=\"toc\">\n" } else { "<ol class=\"toc-section\">\n" });
    for e in list {
        match e {
            TocEntry::PartTitle(t) => {
                out.push_str("<li class=\"part-title\">");
                escape::text_into(out, cx.words.part_title(t));
                out.push_str("</li>\n");
            }
            TocEntry::Separator => out.push_str("<li class=\"spacer\" aria-hidden=\"true\"></li>\n"),
            TocEntry::Section { chapter, anchor, title, .. } => {
                let href = links.chapter_href(*chapter, Some(anchor));
                out.push_str("<li class=\"chapter-item section\"><a class=\"toc-link\" href=\"");
                escape::attr_into(out, &href);
                out.push_str("\">");
                escape::text_into(out, title);
                out.push_str("</a></li>\n");
            }
            TocEntry::Chapter { id, children } => {
                let Some(ch) = book.chapter(*id) else { continue };
                let active = Some(*id) == current;
                let mut class = String::from("chapter-item");
                if ch.draft {
                    class.push_str(" draft");
                }
                if active {
                    class.push_str(" active");
                }
                let folding = cx.fold.as_ref().filter(|_| !children.is_empty());
                let expanded = folding.map(|f| ch.depth < f.level || f.open.contains(id));
                match expanded {
                    Some(true) => class.push_str(" foldable expanded"),
                    Some(false) => class.push_str(" foldable"),
                    None => {}
                }
                out.push_str(&format!("<li class=\"{class}\">"));
                let mut label = String::new();
                if let Some(n) = ch.number_string() {
                    label.push_str(&format!("<span class=\"secno\">{}.</span> ", escape::text(&n)));
                }
                escape::text_into(&mut label, &ch.title);
                if ch.draft {
                    out.push_str(&format!("<span class=\"toc-link\" title=\"{}\">{label}</span>", cx.draft));
                } else {
                    let href = links.chapter_href(*id, None);
                    let cur = if active { " aria-current=\"page\"" } else { "" };
                    out.push_str(&format!("<a class=\"toc-link\" href=\"{}\"{cur}>{label}</a>", escape::attr(&href)));
                }
                if let (Some(f), Some(open)) = (folding, expanded) {
                    out.push_str(&format!(
                        "<button type=\"button\" class=\"fold-toggle\" aria-expanded=\"{open}\" title=\"{t}\" aria-label=\"{t}\">❱</button>",
                        t = f.toggle
                    ));
                }
                if !children.is_empty() {
                    out.push('\n');
                    entries(cx, children, out, false);
                }
                out.push_str("</li>\n");
            }
        }
    }
    out.push_str("</ol>\n");
}

/// Breadcrumbs: the book, then each parent chapter, then the page itself.
pub fn breadcrumbs(book: &Book, links: &SiteLinks<'_>, current: ChapterId, words: &Words) -> String {
    let mut chain = Vec::new();
    let mut cur = book.chapter(current).and_then(|c| c.parent);
    while let Some(id) = cur {
        if chain.contains(&id) {
            break;
        }
        chain.push(id);
        cur = book.chapter(id).and_then(|c| c.parent);
    }
    chain.reverse();
    let mut out = format!("<nav class=\"breadcrumbs\" aria-label=\"{}\"><ol>", escape::attr(&words.breadcrumbs));
    out.push_str(&format!("<li><a href=\"{}index.html\">{}</a></li>", links.prefix(), escape::text(book.title())));
    for id in chain {
        if let Some(ch) = book.chapter(id) {
            if ch.draft {
                out.push_str(&format!("<li>{}</li>", escape::text(&ch.title)));
            } else {
                out.push_str(&format!("<li><a href=\"{}\">{}</a></li>", escape::attr(&links.chapter_href(id, None)), escape::text(&ch.title)));
            }
        }
    }
    if let Some(ch) = book.chapter(current) {
        out.push_str(&format!("<li aria-current=\"page\">{}</li>", escape::text(&ch.title)));
    }
    out.push_str("</ol></nav>\n");
    out
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::testbook;

    #[test]
    fn sidebar_mirrors_the_summary() {
        let book = testbook::book();
        let links = SiteLinks::new(&book, "ch1/sub.html", None, false);
        let html = sidebar(&book, &links, Some(ChapterId(2)), &Words::of(crate::i18n::Locale::English));
        assert!(html.contains("<li class=\"part-title\">One</li>"), "{html}");
        // The first chapter's own page, as mdBook links it (index.html is a copy of it).
        assert!(html.contains("<a class=\"toc-link\" href=\"../intro.html\">Intro</a>"), "{html}");
        assert!(html.contains("<li class=\"chapter-item active\"><a class=\"toc-link\" href=\"../ch1/sub.html\" aria-current=\"page\"><span class=\"secno\">1.1.</span> Ch1.1</a>"), "{html}");
        assert!(html.contains("<li class=\"chapter-item draft\"><span class=\"toc-link\" title=\"Draft\"><span class=\"secno\">2.</span> Draft</span>"), "{html}");
        let zh = sidebar(&book, &links, Some(ChapterId(2)), &Words::of(crate::i18n::Locale::SimplifiedChinese));
        assert!(zh.contains("<span class=\"toc-link\" title=\"草稿\">"), "{zh}");
        assert!(html.contains("<li class=\"spacer\" aria-hidden=\"true\"></li>"));
        assert!(html.contains("<ol class=\"toc-section\">"));
    }

    #[test]
    fn a_folding_sidebar_opens_the_way_to_the_current_chapter() {
        let plain = testbook::book();
        let words = Words::of(crate::i18n::Locale::English);
        let links = SiteLinks::new(&plain, "intro.html", None, false);
        assert!(!sidebar(&plain, &links, Some(ChapterId(0)), &words).contains("fold-toggle"), "no folding unless asked");
        let mut book = testbook::book();
        book.config.output.html.fold.enable = Some(true);
        let links = SiteLinks::new(&book, "intro.html", None, false);
        // Level 0: Ch1's sub-chapters are folded, unless the reader is in them.
        let html = sidebar(&book, &links, Some(ChapterId(0)), &words);
        assert!(html.contains("<li class=\"chapter-item foldable\"><a class=\"toc-link\" href=\"ch1/index.html\">"), "{html}");
        assert!(html.contains("<button type=\"button\" class=\"fold-toggle\" aria-expanded=\"false\" title=\"Show or hide the sub-chapters\""), "{html}");
        assert_eq!(html.matches("fold-toggle").count(), 1, "only entries with sub-chapters: {html}");
        let inside = sidebar(&book, &links, Some(ChapterId(2)), &words);
        assert!(inside.contains("<li class=\"chapter-item foldable expanded\">") && inside.contains("aria-expanded=\"true\""), "{inside}");
        // Level 1: the top level's sub-chapters are shown wherever the reader is.
        let mut book = book.clone();
        book.config.output.html.fold.level = Some(1);
        let links = SiteLinks::new(&book, "intro.html", None, false);
        assert!(sidebar(&book, &links, None, &words).contains("foldable expanded"));
    }

    #[test]
    fn the_external_sidebar_script_holds_the_sidebar_as_a_string() {
        let js = external_script("<ol class=\"toc\"><li><a class=\"toc-link\" href=\"a.html\">A \"q\"</a></li></ol>\n");
        assert!(js.contains(r#"n.innerHTML="<ol class=\"toc\"><li><a class=\"toc-link\" href=\"a.html\">A \"q\"</a></li></ol>\n";"#), "{js}");
        assert!(js.starts_with("(function(){") && js.ends_with("})();\n"), "{js}");
        let p = external_placeholder("../", &Words::of(crate::i18n::Locale::English));
        assert!(p.contains("href=\"../toc.html\""), "{p}");
    }

    #[test]
    fn breadcrumbs_walk_up_the_parents() {
        let book = testbook::book();
        let links = SiteLinks::new(&book, "ch1/sub.html", None, false);
        let html = breadcrumbs(&book, &links, ChapterId(2), &Words::of(crate::i18n::Locale::English));
        assert_eq!(
            html,
            "<nav class=\"breadcrumbs\" aria-label=\"Breadcrumbs\"><ol><li><a href=\"../index.html\">Test Book</a></li><li><a href=\"../ch1/index.html\">Ch1</a></li><li aria-current=\"page\">Ch1.1</li></ol></nav>\n"
        );
        let zh = breadcrumbs(&book, &links, ChapterId(2), &Words::of(crate::i18n::Locale::TraditionalChinese));
        assert!(zh.starts_with("<nav class=\"breadcrumbs\" aria-label=\"目前位置\">"), "{zh}");
    }
}
