//! The page shell shared by chapter pages, `print.html` and `404.html`: `<head>`, the top bar
//! (sidebar toggle, title, search box, theme toggle, print link), the sidebar and landmarks, with
//! their labels in the book's language ([`crate::i18n`]).

use crate::i18n::Words;
use quire_xhtml::escape;
use quire_core::Book;

/// What goes into one page.
pub struct PageParts<'a> {
    /// Language tag for `<html lang>`.
    pub lang: &'a str,
    /// `<title>` text.
    pub title: &'a str,
    /// `../` prefix to the site root (`""` at the root).
    pub prefix: &'a str,
    /// `<base href>` (only the 404 page, which is served from any path).
    pub base: Option<&'a str>,
    /// Sidebar `<ol>` markup.
    pub sidebar: &'a str,
    /// Everything inside `<main>`.
    pub main: &'a str,
    /// Extra class on `<body>` (`print`, `not-found`).
    pub body_class: &'a str,
    /// Stylesheet file name.
    pub style: &'a str,
    /// Script file name.
    pub script: &'a str,
    /// The script that writes the sidebar into the page, for a book whose sidebar is too long to
    /// repeat in every page (see [`crate::toc::INLINE_SIDEBAR_MAX`]).
    pub toc_script: Option<&'a str>,
    /// Search index script file name.
    pub search_index: &'a str,
    /// The search settings for the site's script (JSON, see
    /// [`crate::search::SearchSettings::to_json`]); `None` when the site has no search.
    pub search_config: Option<&'a str>,
    /// The book's own stylesheets (site paths), linked after [`PageParts::style`] in order.
    pub extra_css: &'a [String],
    /// The book's own scripts (site paths), loaded after [`PageParts::script`] in order.
    pub extra_js: &'a [String],
    /// Interface words in the book's language.
    pub words: &'a Words,
}

/// The whole document.
pub fn page(book: &Book, p: &PageParts<'_>) -> String {
    let lang = escape::attr(p.lang);
    let dir = match book.config.book.text_direction.as_deref() {
        Some("rtl") => " dir=\"rtl\"",
        _ => "",
    };
    let title = escape::text(p.title);
    let book_title = escape::text(book.title());
    let prefix = escape::attr(p.prefix);
    let l = p.words;
    let (toc, search_label, theme, print) = (escape::attr(&l.table_of_contents), escape::attr(&l.search_label), escape::attr(&l.toggle_theme), escape::attr(&l.print_book));
    let mut out = String::with_capacity(p.main.len() + p.sidebar.len() + 4096);
    out.push_str("<!DOCTYPE html>\n");
    out.push_str(&format!("<html lang=\"{lang}\" xml:lang=\"{lang}\"{dir} xmlns=\"http://www.w3.org/1999/xhtml\">\n<head>\n"));
    out.push_str("<meta charset=\"utf-8\"/>\n");
    if let Some(b) = p.base {
        out.push_str(&format!("<base href=\"{}\"/>\n", escape::attr(b)));
    }
    out.push_str(&format!("<title>{title}</title>\n"));
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n");
    out.push_str("<meta name=\"generator\" content=\"Quire\"/>\n");
    if let Some(d) = book.config.book.description.as_deref().filter(|d| !d.is_empty()) {
        out.push_str(&format!("<meta name=\"description\" content=\"{}\"/>\n", escape::attr(d)));
    }
    if !book.config.book.authors.is_empty() {
        out.push_str(&format!("<meta name=\"author\" content=\"{}\"/>\n", escape::attr(&book.config.book.authors.join(", "))));
    }
    out.push_str("<meta name=\"color-scheme\" content=\"light dark\"/>\n");
    out.push_str(&format!("<link rel=\"icon\" type=\"image/svg+xml\" href=\"{prefix}{}\"/>\n", crate::static_files::FAVICON));
    out.push_str(&format!("<link rel=\"stylesheet\" href=\"{prefix}{}\"/>\n", escape::attr(p.style)));
    for css in p.extra_css {
        out.push_str(&format!("<link rel=\"stylesheet\" href=\"{prefix}{}\"/>\n", escape::attr(css)));
    }
    // Marks that scripts run (the folding sidebar folds only then) and applies a stored theme,
    // before the first paint.
    out.push_str("<script>document.documentElement.classList.add(\"js\");try{var t=localStorage.getItem(\"quire-theme\");if(t){document.documentElement.setAttribute(\"data-theme\",t);}}catch(e){}</script>\n");
    if let Some(toc) = p.toc_script {
        out.push_str(&format!("<script src=\"{prefix}{}\" defer=\"defer\"></script>\n", escape::attr(toc)));
    }
    out.push_str(&format!(
        "<script src=\"{prefix}{}\" defer=\"defer\"></script>\n",
        escape::attr(p.script)
    ));
    // Deferred like Quire's script, so they run in this order once the page is parsed.
    for js in p.extra_js {
        out.push_str(&format!("<script src=\"{prefix}{}\" defer=\"defer\"></script>\n", escape::attr(js)));
    }
    out.push_str("</head>\n");
    // `[output.html.search] enable = false`: no index, no search box.
    let search = match p.search_config {
        Some(config) => format!(" data-search-index=\"{prefix}{}\" data-search-config=\"{}\"", escape::attr(p.search_index), escape::attr(config)),
        None => String::new(),
    };
    out.push_str(&format!(
        "<body class=\"{}\" data-root=\"{prefix}\"{search}{}>\n",
        escape::attr(p.body_class),
        l.script_words().iter().map(|(k, v)| format!(" data-l10n-{k}=\"{}\"", escape::attr(v))).collect::<String>()
    ));
    out.push_str(&format!("<a class=\"skip-link\" href=\"#content\">{}</a>\n", escape::text(&l.skip_to_content)));
    out.push_str("<header class=\"topbar\">\n");
    out.push_str(&format!("<button type=\"button\" id=\"sidebar-toggle\" class=\"icon-button\" aria-controls=\"sidebar\" aria-expanded=\"false\" title=\"{toc}\" aria-label=\"{toc}\">☰</button>\n"));
    out.push_str(&format!("<a class=\"book-title\" href=\"{prefix}index.html\">{book_title}</a>\n"));
    if p.search_config.is_some() {
        out.push_str(&format!(
            "<div class=\"search-box\" role=\"search\"><input type=\"search\" id=\"search-input\" placeholder=\"{}\" aria-label=\"{search_label}\" autocomplete=\"off\"/></div>\n",
            escape::attr(&l.search_placeholder)
        ));
    }
    out.push_str(&format!("<button type=\"button\" id=\"theme-toggle\" class=\"icon-button\" title=\"{theme}\" aria-label=\"{theme}\">◐</button>\n"));
    if book.config.output.html.print.enable != Some(false) {
        out.push_str(&format!("<a class=\"icon-button\" href=\"{prefix}print.html\" title=\"{print}\" aria-label=\"{print}\">⎙</a>\n"));
    }
    if let Some(repo) = book.config.output.html.git_repository_url.as_deref().filter(|r| !r.is_empty()) {
        let label = escape::attr(&l.source_repository);
        out.push_str(&format!("<a class=\"icon-button\" href=\"{}\" title=\"{label}\" aria-label=\"{label}\">⌂</a>\n", escape::attr(repo)));
    }
    out.push_str("</header>\n<div class=\"layout\">\n");
    out.push_str(&format!("<nav id=\"sidebar\" class=\"sidebar\" aria-label=\"{toc}\">\n"));
    out.push_str(p.sidebar);
    out.push_str("</nav>\n<main id=\"content\">\n");
    if p.search_config.is_some() {
        out.push_str(&format!(
            "<div id=\"search-results\" class=\"search-results\" role=\"region\" aria-label=\"{}\" aria-live=\"polite\" hidden=\"hidden\"></div>\n",
            escape::attr(&l.search_results)
        ));
    }
    out.push_str(p.main);
    out.push_str("</main>\n</div>\n</body>\n</html>\n");
    out
}
