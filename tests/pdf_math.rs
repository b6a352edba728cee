//! Integration tests: mathematics in the PDF (fixture `tests/pdf/math/`). On the page model:
//! superscripts are set above the baseline and subscripts below it, fraction bars and radical
//! vinculums are drawn as rules, display formulas are one unsplittable chunk centred in the
//! measure. On the PDF: `pdftotext` gives no TeX control words, carets or underscores, fonts are
//! embedded subsets with ToUnicode. Bad TeX gives one diagnostic each and a framed source.

use crate::pdf::fonts;
use crate::support;
use quire_pdf::layout::{layout, LayoutOptions};
use quire_pdf::model::{Document, Item};
use quire_pdf::FontBook;

fn doc() -> (Document, Vec<quire_core::Diagnostic>, FontBook) {
    let book = support::load_fixture("pdf", "math");
    let fonts = FontBook::new(&fonts()).expect("fonts");
    let (d, diags) = layout(&book, &fonts, &LayoutOptions::default());
    (d, diags, fonts)
}

/// (text, font family, baseline y, x) of every glyph of every page.
fn glyphs(d: &Document, fonts: &FontBook) -> Vec<(String, String, f32, f32, usize)> {
    let mut out = Vec::new();
    for (p, page) in d.pages.iter().enumerate() {
        for it in &page.items {
            if let Item::Text(r) = it {
                for g in r.glyphs() {
                    out.push((g.text.to_string(), fonts.family_name(r.font).to_string(), r.baseline - g.y_offset, r.x + g.x, p));
                }
            }
        }
    }
    out
}

#[test]
fn scripts_are_raised_and_lowered_and_rules_drawn() {
    let (d, _, fonts) = doc();
    let g = glyphs(&d, &fonts);
    // "πr^2": the 2 right after the r sits above the r's baseline, smaller.
    let r = g.windows(3).find(|w| w[0].0 == "π" && w[1].0 == "r" && w[2].0 == "2").expect("πr² is set");
    assert!(r[2].2 < r[1].2 - 2.0, "superscript raised: r at {}, 2 at {}", r[1].2, r[2].2);
    // "x_1": the 1 below the x's baseline.
    let x1 = g.windows(2).find(|w| w[0].0 == "x" && w[1].0 == "1").expect("x₁ is set");
    assert!(x1[1].2 > x1[0].2 + 1.0, "subscript lowered: x at {}, 1 at {}", x1[0].2, x1[1].2);
    // Operators and (the math font having a math alphabet) letters come from the math face.
    let math = fonts.family_name(fonts.math_face(None).expect("a face with a MATH table")).to_string();
    let sum = g.iter().find(|x| x.0 == "∑").expect("∑");
    assert_eq!(sum.1, math, "{sum:?}");
    assert_eq!(r[1].1, math, "{:?}", r[1]);
    // Fraction bars and vinculums: thin filled rules on the pages with formulas.
    let thin_rules: usize = d
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter(|i| matches!(i, Item::Fill { rect, .. } if rect.h < 1.5 && rect.w > 2.0 && rect.w < 300.0))
        .count();
    assert!(thin_rules >= 20, "fraction bars and vinculums drawn: {thin_rules}");
}

#[test]
fn radicals_have_a_vinculum_over_the_radicand() {
    let (d, _, fonts) = doc();
    let g = glyphs(&d, &fonts);
    // √5 in the golden ratio: a rule starts right of the √ and lies above the 5.
    let (i, root) = g.iter().enumerate().find(|(i, x)| x.0 == "√" && g.get(i + 1).is_some_and(|n| n.0 == "5")).expect("√5");
    let five = &g[i + 1];
    let page = &d.pages[root.4];
    let over = page.items.iter().any(|it| match it {
        Item::Fill { rect, .. } => rect.h < 1.5 && (rect.x - five.3).abs() < 2.0 && rect.y < five.2 - 5.0 && rect.y > five.2 - 15.0,
        _ => false,
    });
    assert!(over, "a vinculum above the 5 at ({}, {})", five.3, five.2);
}

#[test]
fn display_formulas_are_set_and_text_has_no_tex() {
    let book = support::load_fixture("pdf", "math");
    let fonts = FontBook::new(&fonts()).expect("fonts");
    let lines = quire_pdf::layout::layout_lines(&book, &fonts, &LayoutOptions::default());
    let displays: Vec<_> = lines.iter().filter(|l| l.kind == quire_pdf::layout::LineKind::Other && l.text.contains('=')).collect();
    assert!(displays.len() >= 10, "display formulas: {}", displays.len());
    let pdf = crate::pdf::render(&book);
    let dir = support::out_dir("pdf-math");
    let path = dir.join("book.pdf");
    std::fs::write(&path, &pdf).expect("write");
    crate::pdf::check_qpdf(&path);
    let (ok, text, err) = support::run(support::tool("pdftotext").arg("-enc").arg("UTF-8").arg(&path).arg("-"));
    assert!(ok, "{err}");
    // Everything before the chapter of bad input (its heading is the last "Bad input").
    let body = &text[..text.rfind("Bad input").unwrap_or(text.len())];
    for bad in ["\\frac", "\\sum", "\\sqrt", "\\left", "\\mathbf", "\\begin", "^", "_{", "\\alpha"] {
        assert!(!body.contains(bad), "`{bad}` in the extracted text");
    }
    for good in ["∑", "√", "α", "ℝ", "otherwise"] {
        assert!(text.contains(good), "`{good}` missing from the extracted text");
    }
    let (ok, _, _) = support::run(support::tool("pdftoppm").args(["-r", "60", "-png"]).arg(&path).arg(dir.join("page")));
    assert!(ok);
}

#[test]
fn bad_tex_is_one_diagnostic_each_and_a_frame() {
    let book = support::load_fixture("pdf", "math");
    let math: Vec<_> = book.diagnostics.iter().filter(|x| x.code == "math-invalid").collect();
    assert_eq!(math.len(), 4, "one per bad formula when parsed (three inline, one empty display): {:?}", book.diagnostics);
    assert!(math.iter().all(|x| x.span.is_some()));
    let (d, diags, fonts) = doc();
    assert!(!diags.iter().any(|x| x.code == "pdf-math-unsupported"), "reported once, when parsed, not again by the PDF: {diags:?}");
    let g = glyphs(&d, &fonts);
    assert!(g.iter().any(|x| x.0.contains("\\nosuchcommand") || x.0 == "\\"), "the source is shown");
    let deep = format!("# Deep\n\nA formula ${}x$ nested too deep.\n", "{".repeat(10_000));
    let dir = support::scratch_book("pdf-math-deep", &[("book.toml", b"[book]\ntitle = \"Deep\"\n"), ("src/SUMMARY.md", b"- [Deep](deep.md)\n"), ("src/deep.md", deep.as_bytes())]);
    let book = quire_core::Book::load(&dir).expect("loads");
    let start = std::time::Instant::now();
    let (_, diags) = layout(&book, &fonts, &LayoutOptions::default());
    assert!(start.elapsed().as_secs() < 10);
    assert!(!diags.iter().any(|x| x.code == "pdf-math-unsupported"), "reported once, when parsed: {diags:?}");
}

/// The labels of display formulas (`[quire.numbering] equations`, `\tag`, `\tag*`, `\notag`)
/// are given once, in resolution, and every format shows the same ones in the same order: the
/// site and the EPUB as text beside the MathML (valid for the Nu checker and EPUBCheck), the
/// PDF at the right margin (fixture `tests/pdf/math-numbered/`).
#[test]
fn equation_labels_are_the_same_in_the_site_the_epub_and_the_pdf() {
    let book = support::load_fixture("pdf", "math-numbered");
    let want = ["(1.1)", "(1.2)", "(E)", "(1.3)", "B"];
    let labels = |page: &str| -> Vec<String> {
        page.split("<span class=\"equation-number\">").skip(1).filter_map(|s| s.split_once("</span>").map(|(l, _)| l.to_string())).collect()
    };
    // The site.
    let site = quire_html::render(&book, &quire_html::Options::default()).expect("the site renders");
    let page = site.files.iter().find(|f| f.path == "equations.html").expect("the chapter's page");
    let page = std::str::from_utf8(&page.data).expect("utf-8");
    assert_eq!(labels(page), want, "site");
    assert_eq!(page.matches("<div class=\"math-display numbered\"><math").count(), want.len(), "MathML beside each label");
    let dir = support::out_dir("math-numbered-site");
    support::write_rendered(&dir, &site);
    let errors = crate::html::vnu_errors(&dir);
    assert!(errors.is_empty(), "Nu checker: {errors:#?}");
    // The EPUB (EPUBCheck passes).
    let (epub, _) = crate::epub::render_and_check("math-numbered", &book, &quire_epub::Options::default());
    let entries = crate::epub::entries(&epub);
    let chapter = entries.iter().find(|e| e.name.ends_with("equations.xhtml")).expect("the chapter's file");
    assert_eq!(labels(std::str::from_utf8(&chapter.data).expect("utf-8")), want, "EPUB");
    // The PDF: each label ends the line of its formula, in the same order.
    let fonts = FontBook::new(&fonts()).expect("fonts");
    let lines = quire_pdf::layout::layout_lines(&book, &fonts, &LayoutOptions::default());
    let pdf: Vec<String> = lines
        .iter()
        .filter(|l| l.kind == quire_pdf::layout::LineKind::Other)
        .filter_map(|l| want.iter().find(|w| l.text.ends_with(&format!(" {w}"))).map(|w| w.to_string()))
        .collect();
    assert_eq!(pdf, want, "PDF");
}

/// `[quire.numbering] equations = true`: display formulas are numbered per chapter at the right
/// margin, `\tag` wins, `\notag` opts out; a long inline formula breaks after its operators; an
/// `align*` taller than a page breaks between its rows (fixture `tests/pdf/math-numbered/`).
#[test]
fn equations_are_numbered_inline_math_breaks_and_align_splits() {
    let book = support::load_fixture("pdf", "math-numbered");
    let fonts = FontBook::new(&fonts()).expect("fonts");
    let lines = quire_pdf::layout::layout_lines(&book, &fonts, &LayoutOptions::default());
    let text = |needle: &str| lines.iter().find(|l| l.text.contains(needle)).map(|l| l.text.clone()).unwrap_or_default();
    // Chapter 1: (1.1), (1.2), the tag E, nothing for \notag, then (1.3).
    assert!(text("mc2").ends_with("(1.1)"), "{:?}", text("mc2"));
    assert!(text("c2").contains("(1.2)") || lines.iter().any(|l| l.text.contains("a2+b2=c2") && l.text.ends_with("(1.2)")));
    assert!(text("iπ").ends_with("(E)"), "{:?}", text("iπ"));
    assert!(!text("x=y").contains('('), "{:?}", text("x=y"));
    assert!(text("F=ma").ends_with("(1.3)"), "{:?}", text("F=ma"));
    // The long inline formula: several lines, each broken after a + (or before the text).
    let broken: Vec<_> = lines.iter().filter(|l| l.text.contains("a1") || l.text.contains("b20") || l.text.contains("=S")).collect();
    let ends_op = lines.iter().filter(|l| l.text.trim_end().ends_with('+')).count();
    assert!(ends_op >= 1, "a line ends after a +: {:?}", broken.iter().map(|l| &l.text).collect::<Vec<_>>());
    assert!(lines.iter().all(|l| l.width <= l.measure + 0.5), "no line sticks out");
    assert!(text("a+b=c").contains("a+b=c"), "a short formula stays whole");
    // The align: one line record per row, on two pages at least, in order.
    let rows: Vec<_> = lines.iter().filter(|l| l.kind == quire_pdf::layout::LineKind::Other && l.text.starts_with('x') && l.text.contains('=')).collect();
    assert!(rows.len() >= 70, "one record per row: {}", rows.len());
    let first_page = rows.first().map(|l| l.page).unwrap_or(0);
    let last_page = rows.last().map(|l| l.page).unwrap_or(0);
    assert!(last_page > first_page, "the align breaks across pages ({first_page}..{last_page})");
    assert!(rows.windows(2).all(|w| w[0].page <= w[1].page));
}
