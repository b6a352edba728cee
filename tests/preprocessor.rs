//! Integration tests: mdBook preprocessors (`[preprocessor.NAME]`), run as mdBook 0.5 runs them.
//! Each case in `tests/preprocessor/<case>/` is a two-chapter book whose preprocessor is the tiny
//! script `tests/preprocessor/pp.py` in one mode (or `relative/local.sh`): one case per protocol
//! rule and failure mode.

use crate::support;
use quire_core::RawBook;
use std::path::{Path, PathBuf};

fn case(name: &str) -> PathBuf {
    support::fixture("preprocessor", name)
}

fn raw(name: &str) -> RawBook {
    RawBook::load(case(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Runs `publish build <case> -o <out> -f <formats>`; returns (status, stdout, stderr, out dir).
fn build(name: &str, formats: &str) -> (u8, String, String, PathBuf) {
    // One folder per case and format list: two tests build "mark" at once, and out_dir empties it.
    let out = support::out_dir(&format!("preprocessor-{name}-{}", formats.replace(',', "-")));
    let (mut o, mut e) = (Vec::new(), Vec::new());
    let mut io = quire_cli::cli::Io { stdout: &mut o, stderr: &mut e, stderr_is_terminal: false };
    let book = case(name);
    let args = ["publish", "build", path(&book), "-o", path(&out), "-f", formats, "--color", "never"];
    let code = quire_cli::cli::run_with(args, &mut io);
    (code, String::from_utf8_lossy(&o).into_owned(), String::from_utf8_lossy(&e).into_owned(), out)
}

fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn page(out: &Path, stem: &str) -> String {
    std::fs::read_to_string(out.join("html").join(format!("{stem}.html"))).unwrap_or_default()
}

/// The text of chapter `i` as the preprocessors left it for `renderer` (None: unchanged).
fn edited(name: &str, renderer: &str, i: usize) -> Option<String> {
    let raw = raw(name);
    let pre = quire::preprocess::run_for(&raw, &[renderer]).unwrap_or_else(|e| panic!("{name}: {e}"));
    pre.runs[0].edits.iter().find(|e| e.chapter == i).map(|e| e.text.clone())
}

#[test]
fn output_is_markdown_parsed_like_any_chapter() {
    let (code, _, err, out) = build("mark", "html");
    assert_eq!(code, 0, "{err}");
    let one = page(&out, "index");
    assert!(one.contains("Marked by mark for html."), "the preprocessor's text is on the page");
    assert!(one.contains("The first chapter."), "the chapter's own text stays");
    assert!(err.contains("mark: running for html as mdBook 0.5"), "stderr is passed through: {err}");
}

#[test]
fn each_renderer_asks_with_its_own_name() {
    let raw = raw("mark");
    let pre = quire::preprocess::run_for(&raw, &["html", "epub", "pdf"]).unwrap_or_else(|e| panic!("{e}"));
    for run in &pre.runs {
        let text = &run.edits.iter().find(|e| e.chapter == 0).expect("chapter one edited").text;
        assert!(text.ends_with(&format!("Marked by mark for {}.\n", run.renderer)), "{text}");
        assert_eq!(run.ran, ["mark"]);
    }
    // Different texts per renderer: one parsed book each.
    let books = raw.finish_many(&pre.runs.iter().map(|r| r.edits.clone()).collect::<Vec<_>>());
    assert_eq!(books.len(), 3);
}

#[test]
fn identical_results_share_one_parse() {
    let raw = raw("sections");
    let pre = quire::preprocess::run_for(&raw, &["html", "html"]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(pre.runs[0].edits, pre.runs[1].edits);
    // The build groups renderers by their edits; the CLI builds one book for equal ones.
    let (code, _, err, out) = build("mark", "html,epub");
    assert_eq!(code, 0, "{err}");
    assert!(page(&out, "two").contains("Marked by mark for html."));
}

#[test]
fn supports_probe_and_renderers_list_decide_where_it_runs() {
    assert!(edited("per-renderer", "html", 0).is_some_and(|t| t.contains("Marked by htmlonly for html.") && !t.contains("listed")));
    let epub = edited("per-renderer", "epub", 0).unwrap_or_default();
    assert!(epub.contains("Marked by listed for epub.") && !epub.contains("htmlonly"), "{epub}");
    assert_eq!(edited("per-renderer", "pdf", 0), None, "neither runs for the PDF");
}

#[test]
fn before_and_after_order_them_and_builtins_are_accepted() {
    let text = edited("order", "html", 1).unwrap_or_default();
    let (b, a) = (text.find("Marked by beta"), text.find("Marked by alpha"));
    assert!(b.is_some() && a.is_some() && b < a, "alpha runs after beta: {text}");
    let names: Vec<String> = quire::preprocess::configured(&raw("order")).unwrap_or_default().into_iter().map(|p| p.name).collect();
    assert_eq!(names, ["beta", "alpha"], "links and index are built in");
}

#[test]
fn mdbook_04_sections_come_back_too() {
    assert!(edited("sections", "html", 1).is_some_and(|t| t.contains("Marked by old for html.")));
}

#[test]
fn a_command_relative_to_the_book_root_runs() {
    let (code, _, err, out) = build("relative", "html");
    assert_eq!(code, 0, "{err}");
    assert!(page(&out, "index").contains("From the local script."));
}

#[test]
fn diagnostics_inside_its_output_name_the_chapter_and_the_preprocessor() {
    let book = raw("link").finish(&quire::preprocess::run_for(&raw("link"), &["html"]).map(|p| p.runs[0].edits.clone()).unwrap_or_default());
    let d = book.diagnostics.iter().find(|d| d.message.contains("missing.md")).expect("the broken link is reported");
    let (file, at) = book.sources.locate(d.span.expect("has a span")).expect("located");
    let file = file.to_string_lossy();
    assert!(file.contains("src/one.md") && file.contains("preprocessor `linker`"), "{file}");
    assert!(at.line >= 3, "points into the preprocessed text: {at:?}");
}

/// A failure: exit 1, an error naming the preprocessor with `needle`, and nothing written.
fn fails(name: &str, needles: &[&str]) {
    let (code, _, err, out) = build(name, "html,epub");
    assert_eq!(code, 1, "{name}: {err}");
    for n in needles {
        assert!(err.contains(n), "{name}: `{n}` not in:\n{err}");
    }
    assert!(!out.join("html").exists() && !out.join(".quire-manifest.json").exists(), "{name}: nothing written");
}

#[test]
fn failures_are_one_clear_error_and_write_nothing() {
    fails("fail", &["preprocessor `broken` failed (exit status 1)", "something went wrong in the plugin"]);
    fails("garbage", &["preprocessor `garbage` returned no book", "not JSON"]);
    fails("missing", &["preprocessor `nothere`: command `mdbook-nothere` not found", "optional = true"]);
}

#[test]
fn chapters_a_preprocessor_adds_removes_or_renames_are_the_book() {
    // Removed: the book is the one chapter left, as mdBook takes it.
    let (code, _, err, out) = build("drop", "html");
    assert_eq!(code, 0, "{err}");
    assert!(page(&out, "one").contains("The first chapter."));
    assert!(!out.join("html/two.html").exists(), "the removed chapter has no page");
    // Added (its file does not exist, with a sub-chapter) and renamed; the preprocessor after it
    // gets the book it returned.
    let (code, _, err, out) = build("restructure", "html,epub");
    assert_eq!(code, 0, "{err}");
    let generated = page(&out, "generated");
    assert!(generated.contains("Made by adder.") && generated.contains("Marked by mark for html."), "{generated}");
    assert!(page(&out, "generated/part").contains("A sub-chapter."));
    let one = page(&out, "one");
    assert!(one.contains("Two, renamed") && one.contains("Generated part"), "the sidebar has the new chapters: {one}");
    assert!(out.join("preprocessor-restructure.epub").exists(), "the EPUB is built from the new book too");
    // What `run_for` reports: a new chapter list, named after the preprocessors that made it.
    let pre = quire::preprocess::run_for(&raw("restructure"), &["pdf"]).unwrap_or_else(|e| panic!("{e}"));
    let outline = pre.runs[0].outline.as_ref().expect("a new chapter list");
    assert_eq!(outline.by, "preprocessors `adder`, `mark`");
    assert_eq!(quire_core::RawBook::restructured(&raw("restructure"), &outline.entries, &outline.by).chapters().len(), 4);
}

/// Runs `publish check <case> <extra…>`; returns (status, stderr).
fn check(name: &str, extra: &[&str]) -> (u8, String) {
    let (mut o, mut e) = (Vec::new(), Vec::new());
    let mut io = quire_cli::cli::Io { stdout: &mut o, stderr: &mut e, stderr_is_terminal: false };
    let book = case(name);
    let mut args = vec!["publish", "check", path(&book), "--color", "never"];
    args.extend_from_slice(extra);
    let code = quire_cli::cli::run_with(args, &mut io);
    (code, String::from_utf8_lossy(&e).into_owned())
}

#[test]
fn check_runs_preprocessors_for_each_format_it_checks() {
    let (code, err) = check("mark", &[]);
    assert_eq!(code, 0, "{err}");
    for r in ["html", "epub", "pdf"] {
        assert!(err.contains(&format!("mark: running for {r} as mdBook 0.5")), "asked as {r}: {err}");
    }
    assert!(!err.contains("not run"), "{err}");
    let (_, err) = check("mark", &["-f", "epub"]);
    assert!(err.contains("running for epub") && !err.contains("running for html"), "{err}");
    // What the preprocessor wrote is checked, and the diagnostic names it.
    let (_, err) = check("link", &["-f", "html"]);
    assert!(err.contains("missing.md") && err.contains("(after preprocessor `linker`)"), "{err}");
    let (code, err) = check("fail", &["-f", "html"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("error[preprocessor-failed]") && err.contains("something went wrong in the plugin"), "{err}");
}

#[test]
fn a_hung_preprocessor_is_stopped_after_the_timeout() {
    let started = std::time::Instant::now();
    // Its stderr so far is in the message when it wrote any (not asserted: on a loaded machine
    // python may not have started writing within the 2 s).
    fails("hang", &["preprocessor `slow` did not finish within 2 s and was stopped"]);
    assert!(started.elapsed().as_secs() < 20, "stopped, not waited for: {:?}", started.elapsed());
}

#[test]
fn a_missing_optional_preprocessor_is_a_warning() {
    let (code, _, err, out) = build("optional", "html");
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("warning") && err.contains("`mdbook-nothere` not found; skipped"), "{err}");
    assert!(page(&out, "index").contains("The first chapter."));
}

#[test]
fn a_previous_output_stays_when_a_preprocessor_fails() {
    let out = support::out_dir("preprocessor-keeps-previous");
    let run = |book: &str| {
        let (mut o, mut e) = (Vec::new(), Vec::new());
        let mut io = quire_cli::cli::Io { stdout: &mut o, stderr: &mut e, stderr_is_terminal: false };
        quire_cli::cli::run_with(["publish", "build", path(&case(book)), "-o", path(&out), "-f", "html", "-q"], &mut io)
    };
    assert_eq!(run("mark"), 0);
    let before = page(&out, "index");
    assert_eq!(run("fail"), 1);
    assert_eq!(page(&out, "index"), before);
}

/// Real third-party preprocessors (`.ci/install-tools` installs them with `cargo install
/// --locked`): mdbook-toc and mdbook-admonish read Quire's JSON and their output reaches the site.
#[test]
fn real_preprocessors_mdbook_toc_and_mdbook_admonish_work() {
    for tool in ["mdbook-toc", "mdbook-admonish"] {
        let _ = support::tool(tool);
    }
    let (code, _, err, out) = build("third-party", "html,epub,pdf");
    assert_eq!(code, 0, "{err}");
    // mdbook-admonish leaves its fences alone for any renderer but html; Quire reads them.
    let pdf = out.join("third-party-preprocessors.pdf");
    let (ok, text, e) = support::run(support::tool("pdftotext").args(["-enc", "UTF-8"]).arg(&pdf).arg("-"));
    assert!(ok && text.contains("Mind the gap") && !text.contains("admonish"), "the PDF has the callout, not its fence ({e}):\n{text}");
    let html = page(&out, "index");
    assert!(!html.contains("&lt;!-- toc --&gt;") && !html.contains("<!-- toc -->"), "the marker is replaced");
    assert!(html.contains("href=\"#alpha-heading\"") && html.contains("href=\"#beta-heading\""), "a list of the headings: {html}");
    assert!(html.contains("admonition") && html.contains("Mind the"), "the callout is HTML: {html}");
    assert!(!html.contains("```admonish"), "no raw fence left");
}

/// mdbook-admonish's fences in a book that configures it (`admonish-native`, its command not
/// installed): read into admonitions whatever the info-string syntax, nested, in a list, with
/// code inside; a fence that only shows one stays code.
#[test]
fn admonish_fences_are_admonitions_in_the_ast() {
    use quire_core::ast::{visit, AdmonitionKind::*, BlockKind};
    let book = support::load_fixture("preprocessor", "admonish-native");
    let mut found = Vec::new();
    let mut code = Vec::new();
    visit::for_each_block(&book.chapters[0].blocks, &mut |b| match &b.kind {
        BlockKind::Admonition { kind, title, .. } => found.push((*kind, title.clone())),
        BlockKind::CodeBlock { code: c, .. } => code.push(c.clone()),
        _ => {}
    });
    let t = |s: &str| Some(s.to_string());
    assert_eq!(
        found,
        [
            (Note, None),
            (Warning, t("Data loss")),
            (Tip, t("Legacy title")),
            (Caution, t("Danger")),
            (Note, t("Inline table")),
            (Note, t("")),
            (Note, t("Example")),
            (Caution, t("Bug")),
            (Tip, t("Success")),
        ]
    );
    assert_eq!(code, ["fn main() {}\n", "```admonish warning\nStays code.\n```\n", "Not an admonish fence: code.\n"]);
    assert!(book.diagnostics.is_empty(), "{:?}", book.diagnostics);
    // Without `[preprocessor.admonish]` the same fences are code, as in mdBook.
    let dir = support::scratch_book("admonish-unconfigured", &[("book.toml", b"[book]\ntitle = \"T\"\n"), ("src/SUMMARY.md", b"- [A](a.md)\n"), ("src/a.md", b"```admonish warning\nCode.\n```\n")]);
    let plain = quire_core::Book::load(&dir).expect("loads");
    assert!(matches!(plain.chapters[0].blocks[0].kind, BlockKind::CodeBlock { .. }));
}

/// Every format draws them; the missing command is one note, not a failed build.
#[test]
fn admonish_fences_render_in_every_format_without_the_command() {
    let (code, _, err, out) = build("admonish-native", "html,epub,pdf");
    assert_eq!(code, 0, "{err}");
    let pre = quire::preprocess::run_for(&raw("admonish-native"), &["html", "epub", "pdf"]).expect("builds without the command");
    let notes: Vec<_> = pre.diagnostics.iter().map(|d| d.code.to_string()).collect();
    assert_eq!(notes, ["preprocessor-native"], "one note, not one per format");
    let site = page(&out, "index");
    assert!(site.contains("<aside class=\"admonition warning\" role=\"note\">\n<p class=\"admonition-title\">Data loss</p>"), "{site}");
    assert!(site.contains("<aside class=\"admonition note\" role=\"note\">\n<p>No title bar.</p>"), "an empty title is no title bar: {site}");
    assert!(site.contains("Stays code.") && !site.contains("admonish danger") && !site.contains("&lt;!--"), "no fence or marker shown but in the code block: {site}");
    let pdf = out.join("admonish-read-natively.pdf");
    let (ok, text, e) = support::run(support::tool("pdftotext").args(["-enc", "UTF-8"]).arg(&pdf).arg("-"));
    assert!(ok, "pdftotext: {e}");
    for want in ["Data loss", "Back up first.", "Legacy title", "Inline table", "Nested inside a bug.", "Inside a list item."] {
        assert!(text.contains(want), "the PDF shows {want:?}:\n{text}");
    }
    assert_eq!(text.matches("```admonish").count(), 1, "only the code block shows a fence:\n{text}");
    assert!(!text.contains("admonish danger") && !text.contains("<!--"), "no fence or marker shown:\n{text}");
    let epub = std::fs::read(out.join("admonish-read-natively.epub")).expect("the EPUB");
    let entries = crate::epub::entries(&epub);
    let xhtml: String = entries.iter().filter(|e| e.name.ends_with(".xhtml")).map(|e| crate::epub::text_of(&entries, &e.name)).collect();
    assert!(xhtml.contains("<p class=\"admonition-title\">Legacy title</p>"), "{xhtml}");
}

/// A book that has mdbook-katex render its `$…$` formulas builds without the command (Quire
/// typesets them itself, in every format): one note instead of a failed build.
#[test]
fn katex_formulas_are_typeset_without_the_command() {
    let (code, _, err, out) = build("katex-native", "html,epub,pdf");
    assert_eq!(code, 0, "{err}");
    let pre = quire::preprocess::run_for(&raw("katex-native"), &["html", "epub", "pdf"]).expect("builds without the command");
    let notes: Vec<_> = pre.diagnostics.iter().map(|d| d.code.to_string()).collect();
    assert_eq!(notes, ["preprocessor-native"], "one note, not one per format");
    let site = page(&out, "index");
    assert_eq!(site.matches("<math").count(), 2, "{site}");
    assert!(!site.contains("$e^"), "no formula left as source: {site}");
    let pdf = out.join("katex-read-natively.pdf");
    let (ok, text, e) = support::run(support::tool("pdftotext").args(["-enc", "UTF-8"]).arg(&pdf).arg("-"));
    assert!(ok, "pdftotext: {e}");
    assert!(!text.contains('$') && !text.contains("\\frac") && text.contains('∫'), "the PDF typesets the formulas:\n{text}");
}

/// mdbook-toc's `<!-- toc -->` in a book that configures it, the command not installed: a
/// nested list of links to the headings after it (down to level 4) in every format, one note.
#[test]
fn toc_marker_is_a_table_of_the_pages_headings_without_the_command() {
    let (code, _, err, out) = build("toc-native", "html,epub,pdf");
    assert_eq!(code, 0, "{err}");
    let pre = quire::preprocess::run_for(&raw("toc-native"), &["html", "epub", "pdf"]).expect("builds without the command");
    let notes: Vec<_> = pre.diagnostics.iter().map(|d| d.code.to_string()).collect();
    assert_eq!(notes, ["preprocessor-native"], "one note, not one per format");
    let site = page(&out, "index");
    let list_start = site.find("<ul").unwrap_or_else(|| panic!("no list: {site}"));
    let toc = &site[list_start..site.find("<h2").unwrap_or(site.len())];
    for want in ["#install-the-tool\">Install the tool</a>", "#from-source-with-cargo\">From source with cargo</a>", "#use-it\">Use it</a>", "#deep-detail\">Deep detail</a>"] {
        assert!(toc.contains(want), "{want} in the table:\n{toc}");
    }
    assert!(!toc.contains("Too deep"), "level 5 is past max-level: {toc}");
    assert_eq!(toc.matches("<ul").count(), 3, "nested by level: {toc}");
    let pdf = out.join("page-toc-read-natively.pdf");
    let (ok, text, e) = support::run(support::tool("pdftotext").args(["-enc", "UTF-8"]).arg(&pdf).arg("-"));
    assert!(ok, "pdftotext: {e}");
    assert_eq!(text.matches("Install the tool").count(), 2, "listed and the heading:\n{text}");
    let epub = std::fs::read(out.join("page-toc-read-natively.epub")).expect("the EPUB");
    let entries = crate::epub::entries(&epub);
    let xhtml: String = entries.iter().filter(|e| e.name.ends_with("guide.xhtml")).map(|e| crate::epub::text_of(&entries, &e.name)).collect();
    assert!(xhtml.contains("#use-it\">Use it</a>"), "{xhtml}");
}

/// mdbook-mermaid's blocks, the command not installed: the site writes its markup
/// (`<pre class="mermaid">`) for the book's own mermaid script; the EPUB and the PDF keep the
/// diagram's source as code; one note says so.
#[test]
fn mermaid_blocks_are_marked_for_the_books_script_without_the_command() {
    let (code, _, err, out) = build("mermaid-native", "html,epub,pdf");
    assert_eq!(code, 0, "{err}");
    let pre = quire::preprocess::run_for(&raw("mermaid-native"), &["html", "epub", "pdf"]).expect("builds without the command");
    let notes: Vec<_> = pre.diagnostics.iter().map(|d| (d.code.to_string(), d.message.contains("show their source"))).collect();
    assert_eq!(notes, [("preprocessor-native".to_string(), true)], "one note, saying what paper shows");
    let site = page(&out, "index");
    assert!(site.contains("<pre class=\"mermaid\">graph TD;\n    A--&gt;B;\n</pre>"), "{site}");
    assert_eq!(site.matches("class=\"mermaid\"").count(), 1, "a text block stays code: {site}");
    assert!(site.contains("mermaid-init.js"), "the book's script is loaded: {site}");
    let epub = std::fs::read(out.join("mermaid-read-natively.epub")).expect("the EPUB");
    let entries = crate::epub::entries(&epub);
    let xhtml: String = entries.iter().filter(|e| e.name.ends_with("diagrams.xhtml")).map(|e| crate::epub::text_of(&entries, &e.name)).collect();
    assert!(!xhtml.contains("class=\"mermaid\"") && xhtml.contains("A--&gt;B;"), "{xhtml}");
    let pdf = out.join("mermaid-read-natively.pdf");
    let (ok, text, e) = support::run(support::tool("pdftotext").args(["-enc", "UTF-8"]).arg(&pdf).arg("-"));
    assert!(ok, "pdftotext: {e}");
    assert!(text.contains("graph TD;") && text.contains("A-->B;"), "{text}");
}

/// A problem in a chapter that a preprocessor changed for one format only is found twice (in
/// its copy for the site and in the chapter as written for the EPUB) and reported once.
#[test]
fn a_problem_seen_in_a_preprocessors_copy_too_is_reported_once() {
    let (code, _, err, _) = build("repeat", "html,epub");
    assert_eq!(code, 0, "{err}");
    assert_eq!(err.matches("warning[missing-image]").count(), 1, "{err}");
    assert!(err.contains("1 warning"), "{err}");
}
