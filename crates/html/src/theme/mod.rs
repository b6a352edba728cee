//! The site theme: stylesheet and script, compiled into the binary.

/// Layout, typography (CJK-friendly), light/dark colours, print rules.
pub const STYLE_CSS: &str = include_str!("style.css");

/// The search engine (tokenising, ranking, snippets), shared by the page script and tests.
pub const SEARCH_JS: &str = include_str!("search.js");

/// Theme toggle, sidebar, keyboard navigation, copy buttons and the search client.
pub const BOOK_JS: &str = include_str!("book.js");

/// The site's icon, `favicon.svg` at the site's root, linked from every page.
pub const FAVICON_SVG: &str = include_str!("favicon.svg");
