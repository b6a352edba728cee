//! Integration test: the HTML site in a real browser. mesos-in-action (a Chinese book) is
//! rendered to `target/test-out/html-browser/`, and Debian's Chromium, headless and offline
//! (file:// only, a fresh profile, no network features), loads a chapter page and dumps its DOM
//! after the scripts ran. Checked:
//!
//! 1. the chapter title is the page's `<title>` and `<h1>`, and no script threw (console);
//! 2. the Chinese text is drawn with a real font, not tofu: a probe script (a test-only copy of
//!    the page, `tests/html/font_probe.js`) draws the chapter's Han characters in the page's own
//!    font stack and compares the bitmaps. The same probe under a fontconfig without CJK fonts
//!    must report tofu, which shows the check can fail;
//! 3. the search box answers `?search=调度` in the browser, with as many hits as the Rust mirror
//!    of the search engine (`quire_html::search::query`) finds in the same index.

use crate::support;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

/// The longest one Chromium run may take.
const CHROMIUM_TIMEOUT: Duration = Duration::from_secs(90);

/// Runs headless Chromium on `url` with a fresh profile; returns (DOM after scripts, stderr).
fn chromium_dump(out: &Path, run: &str, url: &str, fontconfig: Option<&Path>) -> (String, String) {
    chromium_dump_with(out, run, url, fontconfig, &[])
}

/// [`chromium_dump`] with more Chromium flags (`--window-size=390,844` …).
pub(crate) fn chromium_dump_with(out: &Path, run: &str, url: &str, fontconfig: Option<&Path>, extra: &[&str]) -> (String, String) {
    let (stdout, stderr) = (out.join(format!("{run}.dom.html")), out.join(format!("{run}.stderr.txt")));
    let profile = out.join(format!("profile-{run}"));
    let mut cmd = support::chromium(&profile);
    cmd.args(["--enable-logging=stderr", "--v=0", "--virtual-time-budget=3000"])
    .args(extra)
    .arg("--dump-dom")
    .arg(url)
    .stdin(Stdio::null())
    .stdout(std::fs::File::create(&stdout).expect("stdout file"))
    .stderr(std::fs::File::create(&stderr).expect("stderr file"));
    if let Some(fc) = fontconfig {
        cmd.env("FONTCONFIG_FILE", fc);
    }
    let mut child = cmd.spawn().expect("start chromium");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for chromium") {
            break status;
        }
        if started.elapsed() > CHROMIUM_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish {url} in {CHROMIUM_TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let dom = std::fs::read_to_string(&stdout).unwrap_or_default();
    let err = std::fs::read_to_string(&stderr).unwrap_or_default();
    assert!(status.success() && dom.contains("</html>"), "chromium failed on {url} ({status}):\n{err}");
    let _ = std::fs::remove_dir_all(&profile);
    (dom, err)
}

/// `file://` URL of a local file, with `query` (already percent-encoded).
pub(crate) fn file_url(path: &Path, query: &str) -> String {
    let abs = std::fs::canonicalize(path).expect("canonical path");
    let mut url = String::from("file://");
    for b in abs.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            url.push(b as char);
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url + query
}

/// The probe's JSON from `<html data-probe="…">`.
pub(crate) fn probe_result(dom: &str) -> serde_json::Value {
    let start = dom.find("data-probe=\"").map(|i| i + "data-probe=\"".len()).unwrap_or_else(|| panic!("no probe result in the DOM"));
    let raw = &dom[start..start + dom[start..].find('"').expect("end of attribute")];
    let json = raw.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("probe JSON ({e}): {json}"))
}

/// True when the probe saw real glyphs: every character inked, all different, none the tofu box,
/// each a full em wide (Han characters are square).
fn covered(p: &serde_json::Value) -> bool {
    let n = p["chars"].as_str().map_or(0, |s| s.chars().count()) as u64;
    let size = p["size"].as_f64().unwrap_or(0.0);
    let full_width = p["widths"].as_array().is_some_and(|w| w.iter().all(|x| (x.as_f64().unwrap_or(0.0) - size).abs() <= size * 0.1));
    n >= 4 && p["distinct"] == n && p["inked"] == n && p["like_tofu"] == 0 && full_width
}

#[test]
#[cfg_attr(not(has_corpora), ignore = "needs ../shared/corpora")]
fn mesos_in_action_renders_in_headless_chromium() {
    let dir = support::corpus("mesos-in-action");
    let book = quire_core::Book::load(&dir).expect("mesos-in-action loads");
    let rendered = quire_html::render(&book, &quire_html::Options::default()).expect("html renders");
    let out = support::out_dir("html-browser");
    let site = out.join("site");
    support::write_rendered(&site, &rendered);
    let chapter = book
        .chapters
        .iter()
        .find(|c| c.source_path.as_deref() == Some(Path::new("chapter1.md")))
        .expect("chapter1.md is a chapter");
    let page: PathBuf = site.join(quire_html::links::page_path(&book, chapter));

    // 1 + 3: the real page, with a search query in the URL.
    let (dom, log) = chromium_dump(&out, "search", &file_url(&page, "?search=%E8%B0%83%E5%BA%A6"), None);
    let title = quire_xhtml::escape::text(&chapter.title);
    assert!(dom.contains(&format!("<title>{title} - ")), "title {title:?} in <title>");
    let h1 = dom.find("<h1").map(|i| &dom[i..(i + 400).min(dom.len())]).unwrap_or("");
    assert!(h1.contains(title.as_str()), "title {title:?} in the <h1>: {h1}");
    let errors: Vec<&str> = log.lines().filter(|l| l.contains(":CONSOLE") && l.contains("Uncaught")).collect();
    assert!(errors.is_empty(), "script errors: {errors:#?}");
    let results = dom.split("id=\"search-results\"").nth(1).and_then(|s| s.split("</div>").next()).unwrap_or("");
    let index = quire_html::search::SearchIndex::build(&book);
    let expected = quire_html::search::query(&index, "调度").len();
    assert!(expected > 0, "the Rust search finds 调度");
    // The heading is in the book's language (the page carries the words for the script).
    let labels = quire_html::i18n::Words::for_language(&quire_html::lang::site_language(&book));
    let heading = format!("<h2>{}</h2>", labels.results_heading(expected));
    assert!(heading.contains(&format!("找到 {expected} 个结果")), "a Chinese book gets Chinese search words: {heading}");
    assert!(!results.contains("hidden"), "results are shown: {results:.300}");
    assert!(results.contains(&heading), "the browser finds as many hits as the Rust mirror ({heading}): {results:.300}");
    assert_eq!(results.matches("<li>").count(), expected, "one list item per hit");
    assert!(results.contains("<mark>调度</mark>"), "hits are highlighted: {results:.300}");

    // 2: a copy of the page with the font probe, with the system fonts and without CJK ones.
    let probe = std::fs::read_to_string(support::root().join("tests/html/font_probe.js")).expect("probe script");
    let html = std::fs::read_to_string(&page).expect("chapter page");
    let at = html.rfind("</body>").expect("</body>");
    let probe_page = page.with_file_name("font-probe.html");
    std::fs::write(&probe_page, format!("{}<script>{probe}</script>\n{}", &html[..at], &html[at..])).expect("probe page");
    let (dom, _) = chromium_dump(&out, "fonts", &file_url(&probe_page, ""), None);
    let with_fonts = probe_result(&dom);
    eprintln!("font probe, system fonts: {with_fonts}");
    assert!(covered(&with_fonts), "the Chinese text falls back to tofu (install fonts-noto-cjk: `make tools`): {with_fonts}");

    let no_cjk = out.join("fonts-no-cjk");
    let latin = ["/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype/liberation"].into_iter().find(|d| Path::new(d).is_dir());
    std::fs::create_dir_all(no_cjk.join("cache")).expect("fontconfig dir");
    let conf = no_cjk.join("fonts.conf");
    let dirs = latin.map(|d| format!("<dir>{d}</dir>")).unwrap_or_default();
    std::fs::write(&conf, format!("<?xml version=\"1.0\"?>\n<fontconfig>{dirs}<cachedir>{}</cachedir></fontconfig>\n", no_cjk.join("cache").display())).expect("fonts.conf");
    let (dom, _) = chromium_dump(&out, "fonts-no-cjk", &file_url(&probe_page, ""), Some(&conf));
    let without = probe_result(&dom);
    eprintln!("font probe, no CJK fonts: {without}");
    assert!(!covered(&without), "the probe must see tofu when no CJK font is available: {without}");
}

/// mdBook's hidden code lines in the browser: the Rust block of the hidden-lines fixture shows
/// only its visible lines until its toggle is pressed, then all of them, and the copy button's
/// text (the block's `innerText`) follows what is shown.
#[test]
fn hidden_code_lines_show_when_the_toggle_is_pressed() {
    let book = support::load_fixture("html", "hidden-lines");
    let rendered = quire_html::render(&book, &quire_html::Options::default()).expect("html renders");
    let out = support::out_dir("html-browser-hidden");
    let site = out.join("site");
    support::write_rendered(&site, &rendered);
    let page = site.join("index.html");
    let html = std::fs::read_to_string(&page).expect("page");
    let at = html.rfind("</body>").expect("</body>");
    // Runs after the site's script (it is earlier in the page): press, read, press again.
    let probe = r#"window.addEventListener("load", function () {
  var pre = document.querySelector("pre"), b = document.querySelector(".hidden-toggle"), r = {};
  r.before = pre.innerText; b.click(); r.shown = pre.innerText; r.pressed = b.getAttribute("aria-pressed");
  b.click(); r.again = pre.innerText; r.released = b.getAttribute("aria-pressed");
  document.documentElement.setAttribute("data-probe", JSON.stringify(r));
});"#;
    let probe_page = page.with_file_name("hidden-probe.html");
    std::fs::write(&probe_page, format!("{}<script>{probe}</script>\n{}", &html[..at], &html[at..])).expect("probe page");
    let (dom, log) = chromium_dump(&out, "hidden", &file_url(&probe_page, ""), None);
    let errors: Vec<&str> = log.lines().filter(|l| l.contains(":CONSOLE") && l.contains("Uncaught")).collect();
    assert!(errors.is_empty(), "script errors: {errors:#?}");
    let r = probe_result(&dom);
    let (before, shown, again) = (r["before"].as_str().unwrap_or(""), r["shown"].as_str().unwrap_or(""), r["again"].as_str().unwrap_or(""));
    assert!(before.contains("visible_rust_line") && !before.contains("hidden_rust_line") && !before.contains("fn main"), "{r}");
    assert!(shown.contains("visible_rust_line") && shown.contains("hidden_rust_line") && shown.contains("fn main() {"), "{r}");
    assert_eq!(shown.lines().count(), 6, "every line once: {r}");
    assert_eq!(before.lines().count(), 3, "no blank lines left where hidden ones were: {r}");
    assert_eq!((again, &r["pressed"], &r["released"]), (before, &serde_json::json!("true"), &serde_json::json!("false")), "{r}");
}
