//! Assembles the site: a page per chapter, `print.html`, `404.html`, the search index and the
//! static files.

use rayon::prelude::*;
use crate::static_files::{self, StaticFiles};
use crate::links::{index_copy, page_path, print_chapter_id, PrintIds, SiteLinks};
use crate::page::{page, PageParts};
use crate::toc;
use crate::Options;
use quire_xhtml::{self as markup, escape};
use quire_core::config::RawHtml;
use quire_core::{Book, Chapter, ChapterId, Diagnostic, OutputFile, Rendered};

struct Ctx<'a> {
    book: &'a Book,
    statics: StaticFiles,
    search_index: String,
    /// The search settings for the pages (`None`: `[output.html.search] enable = false`).
    search_config: Option<String>,
    markup: markup::Options,
    lang: String,
    extra_css: Vec<String>,
    extra_js: Vec<String>,
    /// For a book whose sidebar is over [`toc::INLINE_SIDEBAR_MAX`].
    external_toc: Option<ExternalToc>,
    /// The heading ids of the print page.
    print_ids: PrintIds,
}

/// A sidebar written once, not into every page.
struct ExternalToc {
    /// The sidebar, with links from the site root.
    sidebar: String,
    /// The script that writes it into a page.
    script: String,
    /// The script's (content-hashed) file name.
    name: String,
}

/// Stands for the search index's file name in pages rendered before the index is done; as long
/// as a real name (`searchindex-` + 8 hex digits + `.js`), so patching it is an overwrite.
const INDEX_PLACEHOLDER: &str = "searchindex-________.js";

/// `[output.html.playground]` and `[rust] edition` for the markup writer.
fn playground(book: &Book) -> markup::Playground {
    let p = &book.config.output.html.playground;
    markup::Playground {
        runnable: p.runnable != Some(false),
        editable: p.editable == Some(true),
        line_numbers: p.line_numbers == Some(true),
        edition: book.config.rust.get("edition").and_then(|v| v.as_str()).map(str::to_string),
    }
}

/// Renders the site.
pub fn render_site(book: &Book, options: &Options) -> Rendered {
    let lang = crate::lang::site_language(book);
    let ctx = Ctx {
        book,
        statics: static_files::static_files(),
        search_index: INDEX_PLACEHOLDER.to_string(),
        search_config: (book.config.output.html.search.enable != Some(false)).then(|| crate::search::SearchSettings::of(book).to_json()),
        markup: markup::Options {
            sanitize: book.config.output.html.raw_html != RawHtml::Keep,
            playground: Some(playground(book)),
            copyable: book.config.output.html.playground.copyable != Some(false),
            mermaid: book.config.preprocessor.contains_key("mermaid"),
            ..markup::Options::html()
                .with_book_labels(&book.config)
                .with_url_schemes(&book.config.quire.allowed_url_schemes)
                .with_cache(options.cache.clone())
        },
        lang,
        extra_css: options.additional_css.iter().map(|f| f.path.clone()).collect(),
        extra_js: options.additional_js.iter().map(|f| f.path.clone()).collect(),
        external_toc: None,
        // Only the print page uses them (a walk over every heading of the book).
        print_ids: if options.only_chapters.is_none() { PrintIds::new(book) } else { PrintIds::default() },
    };
    let ctx = Ctx { external_toc: external_toc(&ctx), ..ctx };
    // The search index and the pages are independent but for the index's (content-hashed) name,
    // which every page links: build both at once and write the name into the pages after.
    let search = ctx.search_config.is_some();
    let (index, mut rendered) = match (&options.only_chapters, &options.search_index) {
        // A partial render that is told the index's name links it without building it.
        (Some(_), Some(name)) if search => (Some((String::new(), name.clone())), pages(&ctx, options)),
        _ => rayon::join(
            || {
                // `[output.html.search] enable = false`: no index.
                search.then(|| {
                    let js = match &options.search_script {
                        Some(js) => js.to_string(),
                        None => crate::search::index_js(book, &options.cache),
                    };
                    let name = static_files::hashed_name("searchindex", "js", js.as_bytes());
                    (js, name)
                })
            },
            || pages(&ctx, options),
        ),
    };
    if let Some((_, search_name)) = &index {
        for file in rendered.files.iter_mut().filter(|f| f.path.ends_with(".html")) {
            patch_index_name(&mut file.data, search_name);
        }
    }
    if options.only_chapters.is_some() {
        return rendered;
    }
    if let Some((index_js, search_name)) = index {
        rendered.files.push(OutputFile { path: search_name, data: index_js.into_bytes() });
    }
    if let Some(toc) = &ctx.external_toc {
        rendered.files.push(OutputFile { path: toc.name.clone(), data: toc.script.clone().into_bytes() });
    }
    rendered.files.extend(ctx.statics.files.iter().cloned());
    let (held, read) = static_files::images(book);
    rendered.files.extend(held);
    rendered.assets.extend(read);
    rendered.files.extend(options.additional_css.iter().chain(&options.additional_js).cloned());
    let (redirects, diags) = crate::redirect::pages(book, &rendered.files);
    rendered.files.extend(redirects);
    rendered.diagnostics.extend(diags);
    rendered
}

/// The external sidebar of a book whose sidebar is too long to repeat in every page.
fn external_toc(ctx: &Ctx<'_>) -> Option<ExternalToc> {
    let links = SiteLinks::new(ctx.book, "index.html", None, false);
    let sidebar = toc::sidebar(ctx.book, &links, None, &ctx.markup.words);
    if sidebar.len() <= toc::INLINE_SIDEBAR_MAX {
        return None;
    }
    let script = toc::external_script(&sidebar);
    let name = static_files::hashed_name("toc", "js", script.as_bytes());
    Some(ExternalToc { sidebar, script, name })
}

/// Writes the index's real file name over [`INDEX_PLACEHOLDER`] in a page's `<body>` tag.
fn patch_index_name(html: &mut Vec<u8>, name: &str) {
    let Some(body) = memchr::memmem::find(html, b"<body ") else { return };
    let Some(at) = memchr::memmem::find(&html[body..], INDEX_PLACEHOLDER.as_bytes()).map(|at| body + at) else { return };
    if name.len() == INDEX_PLACEHOLDER.len() {
        html[at..at + name.len()].copy_from_slice(name.as_bytes());
    } else {
        html.splice(at..at + INDEX_PLACEHOLDER.len(), name.bytes());
    }
}

/// Every HTML page of the site (or only the requested chapters), with the index placeholder.
fn pages(ctx: &Ctx<'_>, options: &Options) -> Rendered {
    let book = ctx.book;
    let mut rendered = Rendered::default();
    let live: Vec<&Chapter> = book.chapters.iter().filter(|c| !c.draft).collect();
    let wanted: Vec<usize> = (0..live.len())
        .filter(|&i| options.only_chapters.as_ref().is_none_or(|only| only.contains(&live[i].id)))
        .collect();
    // Pages are independent, so render them in parallel, each task also rendering the chapter's
    // part of the print page (its code is then highlighted once: the second render hits the
    // memo). Results are collected in reading order, so the output does not depend on scheduling.
    let whole_site = options.only_chapters.is_none();
    // The first chapter is also the front page, `index.html`, when its own page is not.
    let copy = index_copy(book).map(|c| c.id);
    let rendered_pages: Vec<(Vec<OutputFile>, Vec<Diagnostic>, Option<String>)> = wanted
        .par_iter()
        .map(|&i| {
            let ch = live[i];
            let prev = i.checked_sub(1).and_then(|p| live.get(p)).copied();
            let next = live.get(i + 1).copied();
            let path = page_path(book, ch);
            let (html, diags) = chapter_page(ctx, ch, &path, prev, next);
            let mut files = vec![OutputFile { path, data: html.into_bytes() }];
            if copy == Some(ch.id) {
                let (front, _) = chapter_page(ctx, ch, "index.html", prev, next);
                files.push(OutputFile { path: "index.html".into(), data: front.into_bytes() });
            }
            let print_part = whole_site.then(|| print_part(ctx, ch));
            (files, diags, print_part)
        })
        .collect();
    let mut print_parts = Vec::with_capacity(rendered_pages.len());
    for (files, diags, part) in rendered_pages {
        rendered.files.extend(files);
        rendered.diagnostics.extend(diags);
        print_parts.extend(part);
    }
    if !whole_site {
        return rendered;
    }
    if live.is_empty() {
        // An empty book still gets a front page.
        let links = SiteLinks::new(book, "index.html", None, false);
        let main = format!("<article class=\"chapter\"><h1>{}</h1></article>\n", escape::text(book.title()));
        rendered.files.push(OutputFile { path: "index.html".into(), data: shell(ctx, &links, book.title(), None, &main, "", None).into_bytes() });
    }
    if book.config.output.html.print.enable != Some(false) {
        // The parts are dropped before the page is made: on a large book each of the parts, their
        // concatenation and the page is as large as the book's whole text.
        let main = print_parts.concat();
        drop(print_parts);
        rendered.files.push(OutputFile { path: "print.html".into(), data: print_page(ctx, &main).into_bytes() });
    }
    let (path, html, diags) = not_found(ctx);
    rendered.files.push(OutputFile { path, data: html.into_bytes() });
    rendered.diagnostics.extend(diags);
    // mdBook's `cname`: the custom domain, for GitHub Pages.
    if let Some(domain) = book.config.output.html.cname.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        rendered.files.push(OutputFile { path: "CNAME".into(), data: format!("{domain}\n").into_bytes() });
    }
    if let Some(toc) = &ctx.external_toc {
        // The sidebar as a page of its own, for readers without scripts.
        let links = SiteLinks::new(book, "toc.html", None, false);
        let title = ctx.markup.words.table_of_contents.as_str();
        let main = format!("<article class=\"chapter\">\n<h1 id=\"toc\">{}</h1>\n{}</article>\n", escape::text(title), toc.sidebar);
        rendered.files.push(OutputFile { path: "toc.html".into(), data: shell(ctx, &links, title, None, &main, "toc", None).into_bytes() });
    }
    rendered
}

fn shell(ctx: &Ctx<'_>, links: &SiteLinks<'_>, title: &str, current: Option<ChapterId>, main: &str, body_class: &str, base: Option<&str>) -> String {
    let sidebar = match &ctx.external_toc {
        Some(_) => toc::external_placeholder(links.prefix(), &ctx.markup.words),
        None => toc::sidebar(ctx.book, links, current, &ctx.markup.words),
    };
    page(
        ctx.book,
        &PageParts {
            lang: &ctx.lang,
            title,
            prefix: links.prefix(),
            base,
            sidebar: &sidebar,
            main,
            body_class,
            style: &ctx.statics.style,
            script: &ctx.statics.script,
            toc_script: ctx.external_toc.as_ref().map(|t| t.name.as_str()),
            search_index: &ctx.search_index,
            search_config: ctx.search_config.as_deref(),
            extra_css: &ctx.extra_css,
            extra_js: &ctx.extra_js,
            words: &ctx.markup.words,
        },
    )
}

/// The page of chapter `ch` at `path` (its own page, or `index.html` for the first chapter).
fn chapter_page(ctx: &Ctx<'_>, ch: &Chapter, path: &str, prev: Option<&Chapter>, next: Option<&Chapter>) -> (String, Vec<Diagnostic>) {
    let book = ctx.book;
    let links = SiteLinks::new(book, path, Some(ch), false);
    let fragment = markup::render_chapter(ch, &links, &ctx.markup);
    let mut main = String::with_capacity(fragment.html.len() + 1024);
    main.push_str(&toc::breadcrumbs(book, &links, ch.id, &ctx.markup.words));
    main.push_str("<article class=\"chapter\">\n");
    main.push_str(&fragment.html);
    main.push_str("</article>\n");
    if let (Some(tpl), Some(src)) = (book.config.output.html.edit_url_template.as_deref(), ch.source_path.as_deref()) {
        let url = tpl.replace("{path}", &src.to_string_lossy().replace('\\', "/"));
        main.push_str(&format!("<p class=\"edit-link\"><a href=\"{}\">{}</a></p>\n", escape::attr(&url), escape::text(&ctx.markup.words.edit_page)));
    }
    main.push_str(&format!("<nav class=\"pager\" aria-label=\"{}\">\n", escape::attr(&ctx.markup.words.pager)));
    if let Some(p) = prev {
        main.push_str(&format!(
            "<a class=\"prev\" rel=\"prev\" href=\"{}\"><span class=\"pager-label\"><span class=\"pager-dir\" aria-hidden=\"true\">←</span> {}</span> <span class=\"pager-title\">{}</span></a>\n",
            escape::attr(&format!("{}{}", links.prefix(), page_path(book, p))),
            escape::text(&ctx.markup.words.previous_chapter),
            escape::text(&p.title)
        ));
    }
    if let Some(n) = next {
        main.push_str(&format!(
            "<a class=\"next\" rel=\"next\" href=\"{}\"><span class=\"pager-label\">{} <span class=\"pager-dir\" aria-hidden=\"true\">→</span></span> <span class=\"pager-title\">{}</span></a>\n",
            escape::attr(&format!("{}{}", links.prefix(), page_path(book, n))),
            escape::text(&ctx.markup.words.next_chapter),
            escape::text(&n.title)
        ));
    }
    main.push_str("</nav>\n");
    let title = match &ch.page_title {
        Some(t) => t.clone(),
        None if ch.title == book.title() => ch.title.clone(),
        None => format!("{} - {}", ch.title, book.title()),
    };
    (shell(ctx, &links, &title, Some(ch.id), &main, "chapter-page", None), fragment.diagnostics)
}

/// One chapter's `<article>` of the print page.
fn print_part(ctx: &Ctx<'_>, ch: &Chapter) -> String {
    let mut links = SiteLinks::for_print(ctx.book, &ctx.print_ids);
    links.set_source(ch);
    let fragment = markup::render_chapter(ch, &links, &ctx.markup);
    let mut part = String::with_capacity(fragment.html.len() + 80);
    // `[output.html.print] page-break = false`: no page break before the chapter when printed.
    let flow = if ctx.book.config.output.html.print.page_break == Some(false) { " flow" } else { "" };
    part.push_str(&format!("<article class=\"chapter print-chapter{flow}\" id=\"{}\">\n", print_chapter_id(ch.id)));
    part.push_str(&fragment.html);
    part.push_str("</article>\n");
    part
}

/// The whole book on one page: `main` is every chapter's [`print_part`], in reading order.
fn print_page(ctx: &Ctx<'_>, main: &str) -> String {
    let sidebar_links = SiteLinks::new(ctx.book, "print.html", None, false);
    shell(ctx, &sidebar_links, ctx.book.title(), None, main, "print", None)
}

/// The 404 page: the book's own (mdBook's `input-404`, rendered from its Markdown with the
/// site's chrome) or Quire's; its path (`404.html`, or the `input-404` file's name with `.html`,
/// as mdBook names it), its markup and the diagnostics of its rendering. Every link on it is
/// absolute under `site-url`, so it works at any depth.
fn not_found(ctx: &Ctx<'_>) -> (String, String, Vec<Diagnostic>) {
    let book = ctx.book;
    let base = book.config.output.html.site_url.clone().filter(|s| !s.is_empty()).unwrap_or_else(|| "/".into());
    let base = if base.ends_with('/') { base } else { format!("{base}/") };
    let l = &ctx.markup.words;
    let Some(page) = &book.not_found else {
        let links = SiteLinks::absolute(book, &base, None);
        let main = format!(
            "<article class=\"chapter\">\n<h1 id=\"page-not-found\">{}</h1>\n<p>{}</p>\n<p><a href=\"{}index.html\">{}</a></p>\n</article>\n",
            escape::text(&l.not_found_title),
            escape::text(&l.not_found_text),
            escape::attr(&base),
            escape::text(&l.not_found_home)
        );
        let title = format!("{} - {}", l.not_found_title, book.title());
        return ("404.html".into(), shell(ctx, &links, &title, None, &main, "not-found", None), Vec::new());
    };
    let links = SiteLinks::absolute(book, &base, Some(&page.source_path));
    let fragment = markup::render_page(page, &links, &ctx.markup);
    let main = format!("<article class=\"chapter\">\n{}</article>\n", fragment.html);
    let heading = if page.title.is_empty() { l.not_found_title.as_str() } else { page.title.as_str() };
    let title = format!("{heading} - {}", book.title());
    (not_found_path(book, page), shell(ctx, &links, &title, None, &main, "not-found", None), fragment.diagnostics)
}

/// Where the book's 404 page goes: its file's path with `.html` (`404.md` → `404.html`), as
/// mdBook names it, unless a chapter's page or one of the site's own pages has that path.
/// Where the site's 404 page is written: the book's own page at its file's path with `.html`
/// (mdBook's `input-404`), else `404.html`. A preview server answers unknown paths with it.
pub fn not_found_page(book: &Book) -> String {
    book.not_found.as_ref().map(|p| not_found_path(book, p)).unwrap_or_else(|| "404.html".into())
}

fn not_found_path(book: &Book, page: &quire_core::Page) -> String {
    let path = quire_core::files::slash_path(&page.source_path.with_extension("html"));
    let taken = matches!(path.as_str(), "index.html" | "print.html" | "toc.html")
        || path.starts_with("../")
        || book.chapters.iter().any(|c| page_path(book, c) == path);
    if taken { "404.html".into() } else { path }
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::testbook;

    fn page<'a>(r: &'a Rendered, path: &str) -> &'a str {
        std::str::from_utf8(&r.files.iter().find(|f| f.path == path).expect(path).data).expect("utf-8")
    }

    #[test]
    fn pages_links_and_pager() {
        let book = testbook::book();
        let r = render_site(&book, &Options::default());
        let paths: Vec<&str> = r.files.iter().map(|f| f.path.as_str()).collect();
        for p in ["index.html", "ch1/index.html", "ch1/sub.html", "print.html", "404.html"] {
            assert!(paths.contains(&p), "{p} in {paths:?}");
        }
        assert!(!paths.contains(&"draft.html"), "drafts have no page");
        let sub = page(&r, "ch1/sub.html");
        assert!(sub.contains("href=\"../style-"), "assets relative to the page");
        assert!(sub.contains("<a class=\"prev\" rel=\"prev\" href=\"../ch1/index.html\">"), "prev");
        assert!(!sub.contains("rel=\"next\""), "the draft is skipped, so no next");
        assert!(sub.contains("<html lang=\"en\""));
        let print = page(&r, "print.html");
        assert!(print.contains("id=\"chapter-1\"") && print.contains("id=\"chapter-3\""));
        // Quire's own 404 page: every link absolute under `site-url` (`/` when unset), no <base>.
        let nf = page(&r, "404.html");
        assert!(nf.contains("href=\"/style-") && nf.contains("<a href=\"/index.html\">Go to the first page</a>"), "{nf}");
        assert!(!nf.contains("<base "));
    }

    #[test]
    fn pages_name_the_real_search_index() {
        let book = testbook::book();
        let r = render_site(&book, &Options::default());
        let index = r.files.iter().find(|f| f.path.starts_with("searchindex-")).expect("index file");
        let js = std::str::from_utf8(&index.data).expect("utf-8");
        assert_eq!(index.path, static_files::hashed_name("searchindex", "js", js.as_bytes()));
        for f in r.files.iter().filter(|f| f.path.ends_with(".html")) {
            let html = std::str::from_utf8(&f.data).expect("utf-8");
            assert!(!html.contains(INDEX_PLACEHOLDER), "{} keeps the placeholder", f.path);
            assert!(html.contains(&format!("{}\"", index.path)), "{} links {}", f.path, index.path);
        }
        let only = render_site(&book, &Options { only_chapters: Some(vec![ChapterId(2)]), ..Default::default() });
        assert!(!std::str::from_utf8(&only.files[0].data).expect("utf-8").contains(INDEX_PLACEHOLDER));
    }

    #[test]
    fn output_is_deterministic() {
        let book = testbook::book();
        assert_eq!(render_site(&book, &Options::default()).files, render_site(&book, &Options::default()).files);
    }

    #[test]
    fn only_chapters_limits_the_output() {
        let book = testbook::book();
        let r = render_site(&book, &Options { only_chapters: Some(vec![ChapterId(2)]), ..Default::default() });
        assert_eq!(r.files.iter().map(|f| f.path.as_str()).collect::<Vec<_>>(), vec!["ch1/sub.html"]);
    }

    #[test]
    fn a_partial_render_told_the_index_name_links_it_and_is_otherwise_the_same_page() {
        let book = testbook::book();
        let full = render_site(&book, &Options { only_chapters: Some(vec![ChapterId(2)]), ..Default::default() });
        let html = std::str::from_utf8(&full.files[0].data).expect("utf-8");
        // `../searchindex-<hash>.js` from a page in a folder: the name without the prefix.
        let linked = html.split('"').find(|s| s.contains("searchindex-") && s.ends_with(".js")).expect("the page links the index");
        let real = &linked[linked.find("searchindex-").expect("found")..];
        let told = render_site(&book, &Options { only_chapters: Some(vec![ChapterId(2)]), search_index: Some(real.to_string()), ..Default::default() });
        assert_eq!(told.files, full.files);
        let other = render_site(&book, &Options { only_chapters: Some(vec![ChapterId(2)]), search_index: Some("searchindex-0badc0de.js".into()), ..Default::default() });
        assert!(std::str::from_utf8(&other.files[0].data).expect("utf-8").contains("searchindex-0badc0de.js\""));
        // A full render builds its index whatever it is told.
        let all = render_site(&book, &Options { search_index: Some("searchindex-0badc0de.js".into()), ..Default::default() });
        assert!(all.files.iter().any(|f| f.path == real));
    }

    #[test]
    fn a_render_given_the_kept_index_script_is_the_render_that_builds_it() {
        let book = testbook::book();
        let script: std::sync::Arc<str> = crate::search_parts::SearchParts::new(&book).to_js().into();
        let given = render_site(&book, &Options { search_script: Some(script), ..Default::default() });
        assert_eq!(given.files, render_site(&book, &Options::default()).files);
    }

    #[test]
    fn search_index_covers_live_chapters() {
        let book = testbook::book();
        let idx = crate::search::SearchIndex::build(&book);
        let hits = crate::search::query(&idx, "调度");
        assert_eq!(hits.len(), 3);
        assert!(hits.iter().all(|h| !h.url.starts_with("draft")));
    }
}
