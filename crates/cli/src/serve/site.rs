//! The rendered site, held in memory while it is served: a map from output path to bytes,
//! updated in place by partial and full re-renders. Nothing is written to disk. Served pages get
//! the live-reload script injected; the map itself holds the pages exactly as built. While the
//! manuscript does not build, the site also holds an error page that is served for every page.

use quire_core::{OutputFile, Rendered};
use std::collections::HashMap;
use std::sync::Arc;

/// The Server-Sent Events endpoint the live-reload script listens to.
pub const EVENTS_PATH: &str = "__quire/events";

/// Injected before `</body>` of every served page: reloads the page when a rebuild changed it
/// (the event's data is a JSON array of changed paths, or `"*"` for "everything").
pub const RELOAD_SCRIPT: &str = "<script>(function(){if(!window.EventSource)return;\
var here=decodeURIComponent(location.pathname).replace(/^\\//,\"\");if(here===\"\"||/\\/$/.test(here))here+=\"index.html\";\
var es=new EventSource(\"/__quire/events\");es.addEventListener(\"reload\",function(e){var p=null;try{p=JSON.parse(e.data);}catch(x){}\
if(p===\"*\"||(Array.isArray(p)&&p.indexOf(here)>=0))location.reload();});})();</script>\n";

/// The site being served.
#[derive(Debug, Default)]
pub struct Site {
    files: HashMap<String, Arc<[u8]>>,
    /// The newest search index file name (`searchindex-<hash>.js`).
    search_index: Option<String>,
    /// The error page shown instead of every page while the last rebuild failed.
    failure: Option<Arc<[u8]>>,
    /// The 404 page's path (`404.html`, or where the book's `input-404` page is written).
    not_found: Option<String>,
}

impl Site {
    /// A site holding every file of a full render.
    pub fn new(rendered: Rendered) -> Site {
        let mut site = Site::default();
        site.replace_all(rendered);
        site
    }

    /// Sets the path of the page that answers unknown paths ([`quire_html::site::not_found_page`]).
    pub fn set_not_found(&mut self, path: String) {
        self.not_found = Some(path);
    }

    /// The page that answers unknown paths, if the site has it.
    pub fn not_found_page(&self) -> Option<Arc<[u8]>> {
        self.get(self.not_found.as_deref().unwrap_or("404.html"))
    }

    /// The paths of the files, in no order.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    /// Number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// True when the site has no files.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Replaces the whole site by a full render; returns the paths that were added, changed or
    /// removed, sorted. A page that differs only in the name of the search index (any edit
    /// changes the index, and so its content-hashed name in every page) does not count as
    /// changed: reloading it would show the same page.
    pub fn replace_all(&mut self, rendered: Rendered) -> Vec<String> {
        let mut changed: Vec<String> = Vec::new();
        let mut next: HashMap<String, Arc<[u8]>> = HashMap::with_capacity(rendered.files.len());
        for f in rendered.files {
            if self.files.get(&f.path).is_none_or(|old| !same_page(old, &f.data)) {
                changed.push(f.path.clone());
            }
            next.insert(f.path, Arc::from(f.data));
        }
        changed.extend(self.files.keys().filter(|p| !next.contains_key(*p)).cloned());
        self.files = next;
        self.search_index = self.files.keys().filter(|p| is_search_index(p)).max().cloned();
        changed.sort();
        changed
    }

    /// Puts the files of a partial render into the site; returns the paths whose bytes changed.
    pub fn update(&mut self, files: Vec<OutputFile>) -> Vec<String> {
        let mut changed = Vec::new();
        for f in files {
            match self.files.get(&f.path) {
                Some(old) if **old == *f.data => continue,
                Some(old) if same_page(old, &f.data) => {}
                _ => changed.push(f.path.clone()),
            }
            self.files.insert(f.path, Arc::from(f.data));
        }
        changed.sort();
        changed
    }

    /// Serves `data` as the search index at `name` (`searchindex-<hash>.js`) in place of the
    /// index the site had; returns the paths added or removed. Pages that still name the old
    /// index get the new one ([`Site::get`]), until a full render names it in every page.
    pub fn set_search_index(&mut self, name: String, data: impl Into<Arc<[u8]>>) -> Vec<String> {
        if self.search_index.as_deref() == Some(name.as_str()) && self.files.contains_key(&name) {
            return Vec::new();
        }
        let old: Vec<String> = self.files.keys().filter(|p| is_search_index(p)).cloned().collect();
        let mut changed = Vec::with_capacity(old.len() + 1);
        for p in old {
            self.files.remove(&p);
            changed.push(p);
        }
        self.files.insert(name.clone(), data.into());
        changed.push(name.clone());
        self.search_index = Some(name);
        changed.sort();
        changed
    }

    /// The file name of the newest search index (what pages of a partial render should link).
    pub fn search_index(&self) -> Option<&str> {
        self.search_index.as_deref()
    }

    /// The bytes of a file. A search index name the site does not have (a page from a partial
    /// render names the index of the newer book, which the next full render adds) gets the
    /// newest index there is.
    pub fn get(&self, path: &str) -> Option<Arc<[u8]>> {
        if let Some(data) = self.files.get(path) {
            return Some(data.clone());
        }
        if is_search_index(path) {
            return self.search_index.as_ref().and_then(|p| self.files.get(p)).cloned();
        }
        None
    }

    /// Shows `page` instead of every page until [`Site::clear_failure`].
    pub fn set_failure(&mut self, page: Vec<u8>) {
        self.failure = Some(Arc::from(page));
    }

    /// Serves the pages again; true when an error page was shown.
    pub fn clear_failure(&mut self) -> bool {
        self.failure.take().is_some()
    }

    /// The error page, while the last rebuild failed.
    pub fn failure(&self) -> Option<Arc<[u8]>> {
        self.failure.clone()
    }

    /// The file a request path names: the path itself, else `<path>/index.html` (and the root is
    /// `index.html`). Returns the resolved path and the bytes.
    pub fn lookup(&self, path: &str) -> Option<(String, Arc<[u8]>)> {
        let path = path.trim_start_matches('/');
        if path.is_empty() || path.ends_with('/') {
            let index = format!("{path}index.html");
            return self.get(&index).map(|d| (index, d));
        }
        if let Some(d) = self.get(path) {
            return Some((path.to_string(), d));
        }
        let index = format!("{path}/index.html");
        self.get(&index).map(|d| (index, d))
    }
}

/// True when two versions of a file show the same thing: equal bytes, or equal apart from the
/// search index's hashed file name.
fn same_page(old: &[u8], new: &[u8]) -> bool {
    old == new || without_index_hash(old) == without_index_hash(new)
}

/// The bytes with every `searchindex-<hex>.js` turned into `searchindex-.js`. Copies runs
/// between the names at once (a settle pass compares every page of the site).
fn without_index_hash(data: &[u8]) -> Vec<u8> {
    const STEM: &[u8] = b"searchindex-";
    let mut out = Vec::with_capacity(data.len());
    let mut copied = 0;
    for at in memchr::memmem::find_iter(data, STEM) {
        // Occurrences do not overlap, and the hex digits skipped are never a stem.
        if at < copied {
            continue;
        }
        let digits = at + STEM.len();
        let hex = data[digits..].iter().take_while(|b| b.is_ascii_hexdigit()).count();
        if data[digits + hex..].starts_with(b".js") {
            out.extend_from_slice(&data[copied..digits]);
            copied = digits + hex;
        }
    }
    out.extend_from_slice(&data[copied..]);
    out
}

/// True for `searchindex-<hash>.js` at the site root.
fn is_search_index(path: &str) -> bool {
    path.starts_with("searchindex-") && path.ends_with(".js") && !path.contains('/')
}

/// A served copy of a page with [`RELOAD_SCRIPT`] before its last `</body>` (or at the end).
pub fn inject_reload(page: &[u8]) -> Vec<u8> {
    let at = page.windows(7).rposition(|w| w.eq_ignore_ascii_case(b"</body>")).unwrap_or(page.len());
    let mut out = Vec::with_capacity(page.len() + RELOAD_SCRIPT.len());
    out.extend_from_slice(&page[..at]);
    out.extend_from_slice(RELOAD_SCRIPT.as_bytes());
    out.extend_from_slice(&page[at..]);
    out
}

/// The page served while the manuscript does not build: `report` (the diagnostics as printed,
/// without colour) in a `<pre>`. It gets the live-reload script like any page, and every
/// rebuild reloads it, so it goes away by itself once the book builds again.
pub fn error_page(report: &str) -> Vec<u8> {
    let mut escaped = String::with_capacity(report.len());
    for c in report.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '\n' | '\t' => escaped.push(c),
            c if c.is_control() => escaped.push_str(&c.escape_unicode().to_string()),
            c => escaped.push(c),
        }
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>The book did not build</title>\n</head>\n<body>\n\
         <h1>The book did not build</h1>\n<p>Fix the problem below and save: this page reloads when the book builds again.</p>\n\
         <pre>{escaped}</pre>\n</body>\n</html>\n"
    )
    .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, data: &str) -> OutputFile {
        OutputFile { path: path.into(), data: data.as_bytes().to_vec() }
    }

    #[test]
    fn lookup_update_and_replace() {
        let mut site = Site::new(Rendered {
            files: vec![file("index.html", "a"), file("ch1/index.html", "b"), file("searchindex-11.js", "i1")],
            diagnostics: Vec::new(),
            ..Default::default()
        });
        assert_eq!(site.lookup("").map(|(p, _)| p), Some("index.html".into()));
        assert_eq!(site.lookup("ch1").map(|(p, _)| p), Some("ch1/index.html".into()));
        assert_eq!(site.lookup("ch1/").map(|(p, _)| p), Some("ch1/index.html".into()));
        assert!(site.lookup("nope.html").is_none());
        assert_eq!(site.update(vec![file("index.html", "a"), file("ch1/index.html", "B")]), vec!["ch1/index.html"]);
        assert_eq!(site.get("searchindex-22.js").as_deref(), Some(&b"i1"[..]), "unknown index names get the newest");
        let changed = site.replace_all(Rendered { files: vec![file("index.html", "a"), file("searchindex-22.js", "i2")], diagnostics: Vec::new(), ..Default::default() });
        assert_eq!(changed, vec!["ch1/index.html", "searchindex-11.js", "searchindex-22.js"]);
        assert_eq!(site.len(), 2);
    }

    #[test]
    fn a_new_search_index_takes_the_old_ones_place() {
        let mut site = Site::new(Rendered { files: vec![file("a.html", "<script src=\"searchindex-11.js\">"), file("searchindex-11.js", "i1")], ..Default::default() });
        assert_eq!(site.set_search_index("searchindex-22.js".into(), b"i2".to_vec()), vec!["searchindex-11.js", "searchindex-22.js"]);
        assert_eq!(site.search_index(), Some("searchindex-22.js"));
        assert_eq!(site.get("searchindex-11.js").as_deref(), Some(&b"i2"[..]), "the page's old name gets the new index");
        assert_eq!(site.len(), 2);
        assert!(site.set_search_index("searchindex-22.js".into(), b"i2".to_vec()).is_empty(), "the same index again is no change");
    }

    #[test]
    fn a_new_search_index_name_alone_is_no_change() {
        let page = |h: &str| file("a.html", &format!("<script src=\"searchindex-{h}.js\"></script><p>x</p>"));
        let mut site = Site::new(Rendered { files: vec![page("11aa")], diagnostics: Vec::new(), ..Default::default() });
        assert!(site.update(vec![page("22bb")]).is_empty());
        assert_eq!(site.get("a.html").as_deref(), Some(page("22bb").data.as_slice()), "the new bytes are served");
        let changed = site.replace_all(Rendered { files: vec![page("33cc"), file("b.html", "")], diagnostics: Vec::new(), ..Default::default() });
        assert_eq!(changed, vec!["b.html"]);
        assert!(!same_page(b"searchindex-1.js<p>x</p>", b"searchindex-2.js<p>y</p>"));
        assert_eq!(site.search_index(), None, "no index in this site");
    }

    #[test]
    fn index_names_are_blanked_and_nothing_else() {
        assert_eq!(without_index_hash(b"a searchindex-0f9A.js b searchindex-.js searchindex-12 searchindex-ab.jsx"), b"a searchindex-.js b searchindex-.js searchindex-12 searchindex-.jsx".to_vec());
        assert_eq!(without_index_hash(b"searchindex-searchindex-1.js"), b"searchindex-searchindex-.js".to_vec());
        assert_eq!(without_index_hash(b"no index"), b"no index".to_vec());
        assert_eq!(without_index_hash(b"ends searchindex-"), b"ends searchindex-".to_vec());
    }

    #[test]
    fn the_error_page_escapes_the_report() {
        let page = String::from_utf8(error_page("error[x]: <script>\u{1b}[31m & more\n")).unwrap_or_default();
        assert!(page.contains("<pre>error[x]: &lt;script&gt;\\u{1b}[31m &amp; more\n</pre>"), "{page}");
        let mut site = Site::default();
        site.set_failure(page.into_bytes());
        assert!(site.failure().is_some() && site.clear_failure() && !site.clear_failure());
    }

    #[test]
    fn the_script_goes_before_the_last_body_end() {
        let out = String::from_utf8(inject_reload(b"<html><body><p>x</p></body></html>")).unwrap_or_default();
        assert!(out.starts_with("<html><body><p>x</p><script>"), "{out}");
        assert!(out.ends_with("</script>\n</body></html>"), "{out}");
        let bare = String::from_utf8(inject_reload(b"<p>x</p>")).unwrap_or_default();
        assert!(bare.starts_with("<p>x</p><script>") && bare.contains(EVENTS_PATH));
    }
}
