//! Engine tests on the committed fonts: scripts raised and lowered, fraction bars and radical
//! vinculums drawn as rules, limits stacked in display, delimiters grown, bad input refused.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::*;
use std::sync::Arc;

pub(crate) fn book() -> FontBook {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fonts");
    let mut files: Vec<(String, Arc<[u8]>)> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_name().is_some_and(|n| {
            let n = n.to_string_lossy();
            (n.ends_with(".ttf") || n.ends_with(".otf")) && !n.contains("CJK")
        }))
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), Arc::from(std::fs::read(&p).unwrap())))
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    FontBook::new(&files).unwrap()
}

/// The formula of `tex`, read as the parse stage reads it.
fn formula(tex: &str, display: bool) -> Formula {
    if display {
        Formula::display(tex)
    } else {
        Formula::inline(tex)
    }
}

fn typeset(fonts: &FontBook, id: Option<FontId>, tex: &str, display: bool, size: f32) -> Result<MathBox, MathError> {
    super::typeset(fonts, id, &formula(tex, display), display, size)
}

fn typeset_inline(fonts: &FontBook, id: Option<FontId>, tex: &str, size: f32) -> Result<Vec<MathPiece>, MathError> {
    super::typeset_inline(fonts, id, &formula(tex, false), size)
}

fn typeset_display(fonts: &FontBook, id: Option<FontId>, tex: &str, size: f32) -> Result<(MathBox, Vec<table::RowBand>), MathError> {
    super::typeset_display(fonts, id, &formula(tex, true), size)
}

fn set(fonts: &FontBook, tex: &str, display: bool) -> MathBox {
    let id = font::find_math_face(fonts, None);
    typeset(fonts, id, tex, display, 10.0).unwrap_or_else(|e| panic!("{tex}: {e}"))
}

fn glyph_y(b: &MathBox, text: &str) -> f32 {
    b.items.iter().find_map(|i| match i { MathItem::Glyph(g) if g.text == text => Some(g.y), _ => None }).unwrap_or_else(|| panic!("{text} in {:?}", b.text()))
}

fn rules(b: &MathBox) -> Vec<(f32, f32, f32, f32)> {
    b.items.iter().filter_map(|i| match i { MathItem::Rule { x, y, w, h } => Some((*x, *y, *w, *h)), _ => None }).collect()
}

#[test]
fn the_math_font_is_found_and_has_constants() {
    let fonts = book();
    let id = font::find_math_face(&fonts, None).expect("Noto Sans Math has a MATH table");
    let mf = font::MathFont::new(&fonts, id).unwrap();
    assert!(mf.c.axis_height > 0.2 && mf.c.axis_height < 0.3, "{}", mf.c.axis_height);
    assert!(mf.c.fraction_rule_thickness > 0.0 && mf.c.script_scale > 0.5);
    let paren = mf.glyph('(');
    assert!(mf.variants(paren, true).len() > 1, "size variants of (");
}

#[test]
fn superscripts_rise_and_subscripts_drop() {
    let fonts = book();
    let b = set(&fonts, "x^2 + y_i + z_j^k", false);
    assert!(glyph_y(&b, "2") > 2.0, "{}", glyph_y(&b, "2"));
    assert!(glyph_y(&b, "i") < -1.0);
    assert!(glyph_y(&b, "k") > 2.0 && glyph_y(&b, "j") < -1.0);
    assert_eq!(glyph_y(&b, "x"), 0.0);
    assert_eq!(b.text(), "x2+yi+zjk");
}

#[test]
fn fractions_have_a_bar_on_the_axis_and_radicals_a_vinculum() {
    let fonts = book();
    let f = set(&fonts, "\\frac{a}{b}", true);
    let r = rules(&f);
    assert_eq!(r.len(), 1);
    assert!(glyph_y(&f, "a") > r[0].1 && glyph_y(&f, "b") < 0.0);
    let binom = set(&fonts, "\\binom{n}{k}", true);
    assert!(rules(&binom).is_empty(), "no bar in a binomial");
    let s = set(&fonts, "\\sqrt{x}", false);
    let r = rules(&s);
    assert_eq!(r.len(), 1);
    assert!(r[0].1 > 4.0, "the vinculum is above the x: {r:?}");
    let idx = set(&fonts, "\\sqrt[3]{x}", false);
    assert!(glyph_y(&idx, "3") > 0.0);
}

#[test]
fn display_operators_take_limits_and_grow() {
    let fonts = book();
    let d = set(&fonts, "\\sum_{k=1}^{n} k", true);
    let t = set(&fonts, "\\sum_{k=1}^{n} k", false);
    assert!(d.height > t.height + 2.0, "display ∑ is bigger: {} vs {}", d.height, t.height);
    let n = d.items.iter().find_map(|i| match i { MathItem::Glyph(g) if g.text == "n" => Some(g.x), _ => None }).unwrap();
    let sum = d.items.iter().find_map(|i| match i { MathItem::Glyph(g) if g.text == "∑" => Some((g.x, g.advance)), _ => None }).unwrap();
    assert!(n > sum.0 && n < sum.0 + sum.1, "the upper limit is above the sign");
}

#[test]
fn delimiters_grow_around_tall_contents() {
    let fonts = book();
    let small = set(&fonts, "\\left( x \\right)", true);
    let tall = set(&fonts, "\\left( \\frac{a}{b} \\right)", true);
    assert!(tall.height + tall.depth > 1.5 * (small.height + small.depth));
    let cases = set(&fonts, "f(x) = \\begin{cases} 1 & x > 0 \\\\ 0 & \\text{otherwise} \\end{cases}", true);
    assert!(cases.text().contains("otherwise"));
    let m = set(&fonts, "\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}", true);
    assert!(glyph_y(&m, "a") > glyph_y(&m, "c"));
}

#[test]
fn accents_and_fonts() {
    let fonts = book();
    let b = set(&fonts, "\\hat{x} + \\vec{v} + \\overline{ab} + \\mathbf{x} + \\mathbb{R}", false);
    assert!(!rules(&b).is_empty(), "overline");
    assert!(b.text().contains('ℝ'));
    let tx = set(&fonts, "\\tilde{y}", false);
    assert!(tx.items.len() == 2);
}

#[test]
fn bad_input_is_refused_quickly() {
    let fonts = book();
    let id = font::find_math_face(&fonts, None);
    for bad in ["\\nosuch{x}", "{x", "x}", "", "  ", "\\frac{1}{"] {
        assert!(typeset(&fonts, id, bad, true, 10.0).is_err(), "{bad:?}");
    }
    let start = std::time::Instant::now();
    let deep = "{".repeat(10_000);
    assert!(matches!(typeset(&fonts, id, &deep, true, 10.0), Err(MathError::Parse(ParseError::TooDeep(_)))));
    let long = "x + ".repeat(5_000) + "x";
    assert!(typeset(&fonts, id, &long, false, 10.0).is_ok());
    assert!(start.elapsed().as_secs_f32() < 5.0, "{:?}", start.elapsed());
    let fb = fallback_box(&fonts, "\\nosuch{x}", 10.0);
    assert_eq!(rules(&fb).len(), 4);
    assert!(fb.text().contains("\\nosuch"));
}

#[test]
#[ignore = "writes a PDF for a person to look at"]
fn write_fixture_pdf() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    for (name, dir) in [("math", root.join("tests/pdf/math")), ("handbook", root.join("manuscript"))] {
        let book = quire_core::Book::load(&dir).unwrap();
        let dirf = root.join("fonts");
        let mut files: Vec<(String, Arc<[u8]>)> = std::fs::read_dir(&dirf).unwrap().flatten().map(|e| e.path())
            .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("otf" | "ttf")))
            .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), Arc::from(std::fs::read(&p).unwrap()))).collect();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        let out = crate::render(&book, &crate::Options { fonts: files, ..Default::default() }).unwrap();
        for d in &out.diagnostics { eprintln!("{name}: {} {}", d.code, d.message); }
        std::fs::create_dir_all(root.join("target/pages")).unwrap();
        std::fs::write(root.join(format!("target/pages/{name}.pdf")), &out.files[0].data).unwrap();
    }
}

fn glyph_of(b: &MathBox, text: &str) -> MathGlyph {
    b.items.iter().find_map(|i| match i { MathItem::Glyph(g) if g.text == text => Some(g.clone()), _ => None }).unwrap_or_else(|| panic!("{text} in {:?}", b.text()))
}

#[test]
fn scripts_use_the_fonts_script_forms() {
    let fonts = book();
    let id = font::find_math_face(&fonts, None).unwrap();
    let mf = font::MathFont::new(&fonts, id).unwrap();
    // A glyph with an ssty form gets it in script styles and keeps its own in text.
    // (TeX, the character the math font draws for it.)
    // Operator names are set in the math font's upright letters.
    let pairs = ('a'..='z').map(|c| (format!("\\operatorname{{{c}}}"), c));
    let with_form = pairs.into_iter().find(|(_, c)| mf.ssty(mf.glyph(*c), 1) != mf.glyph(*c));
    let (tex, c) = with_form.expect("the math font has ssty forms for some of these");
    assert_eq!(mf.ssty(mf.glyph(c), 0), mf.glyph(c));
    let b = set(&fonts, &format!("a^{{{tex}}}"), false);
    let g = b.items.iter().find_map(|i| match i { MathItem::Glyph(g) if g.size < 10.0 => Some(g.id), _ => None }).unwrap();
    assert_eq!(g, mf.ssty(mf.glyph(c), 1), "the superscript {tex} is its ssty form");
}

#[test]
fn cut_ins_move_scripts_into_the_bases_corners() {
    let fonts = book();
    let id = font::find_math_face(&fonts, None).unwrap();
    let mf = font::MathFont::new(&fonts, id).unwrap();
    // Some italic capital has a cut-in at its bottom right (a subscript tucks under it).
    let letters = ('A'..='Z').map(|c| alphabet::math_alphanumeric(c, pulldown_latex::event::Font::Italic).unwrap_or(c));
    let tucked = letters.clone().find(|&c| mf.kern(mf.glyph(c), font::Corner::BottomRight, 0.0) < 0.0);
    match tucked {
        Some(m) => {
            // Where the letter has a cut-in, its subscript starts left of its advance.
            let base = (0u32..26).map(|i| char::from(b'A' + i as u8)).find(|&c| alphabet::math_alphanumeric(c, pulldown_latex::event::Font::Italic) == Some(m)).unwrap();
            let b = set(&fonts, &format!("{base}_i"), false);
            let (l, i) = (glyph_of(&b, &base.to_string()), glyph_of(&b, "i"));
            assert!(i.x < l.x + l.advance - 0.01, "{base}_i: the i at {} before the advance {}", i.x, l.advance);
        }
        // A font without MathKernInfo: no cut-in anywhere.
        None => assert!(letters.into_iter().all(|c| mf.kern(mf.glyph(c), font::Corner::TopRight, 0.5) == 0.0)),
    }
}

#[test]
fn prescripts_sit_left_of_their_base() {
    let fonts = book();
    let b = set(&fonts, "{}_{92}^{238}U", false);
    let u = glyph_of(&b, "U");
    let (nine, eight) = (glyph_of(&b, "9"), glyph_of(&b, "8"));
    assert!(nine.x < u.x && eight.x < u.x, "scripts before the U");
    assert!(eight.y > 2.0 && nine.y < -1.0, "raised and lowered");
    // Right-aligned against the base: the subscript 92 ends where the superscript 238 does.
    let sub_end = b.items.iter().filter_map(|i| match i { MathItem::Glyph(g) if g.text == "2" && g.y < 0.0 => Some(g.x + g.advance), _ => None }).next().unwrap();
    assert!((sub_end - (eight.x + eight.advance)).abs() < 0.3, "right-aligned: {sub_end} vs {}", eight.x + eight.advance);
    assert_eq!(b.text(), "92238U");
}

#[test]
fn inline_formulas_break_after_relations_and_operators_only() {
    let fonts = book();
    let id = font::find_math_face(&fonts, None);
    let pieces = typeset_inline(&fonts, id, "a + b = \\frac{c}{d} - e", 10.0).unwrap();
    let texts: Vec<String> = pieces.iter().map(|p| p.0.text()).collect();
    assert_eq!(texts, ["a+", "b=", "cd−", "e"]);
    let pen: Vec<f32> = pieces.iter().filter_map(|p| p.1.map(|b| b.penalty)).collect();
    assert_eq!(pen, [700.0, 500.0, 700.0]);
    // The pieces and their spaces add up to the unbroken formula.
    let whole = set(&fonts, "a + b = \\frac{c}{d} - e", false).width;
    let sum: f32 = pieces.iter().map(|p| p.0.width + p.1.map_or(0.0, |b| b.width)).sum();
    assert!((whole - sum).abs() < 0.01, "{whole} vs {sum}");
    // No break inside groups, between relations, or before punctuation; a unary minus is no
    // binary operator.
    assert_eq!(typeset_inline(&fonts, id, "{a + b}", 10.0).unwrap().len(), 1);
    assert_eq!(typeset_inline(&fonts, id, "a \\le = b", 10.0).unwrap().len(), 2);
    assert_eq!(typeset_inline(&fonts, id, "-a", 10.0).unwrap().len(), 1);
    assert_eq!(typeset_inline(&fonts, id, "x =", 10.0).unwrap().len(), 1);
}

#[test]
fn align_rows_are_reported_for_page_breaks() {
    let fonts = book();
    let id = font::find_math_face(&fonts, None);
    let (b, rows) = typeset_display(&fonts, id, "\\begin{align*} a &= b \\\\ c &= d \\\\ e &= f \\end{align*}", 10.0).unwrap();
    assert_eq!(rows.len(), 3);
    assert!((rows[0].top - b.height).abs() < 0.01 && (rows[2].bottom + b.depth).abs() < 0.01);
    for w in rows.windows(2) {
        assert!((w[0].bottom - w[1].top).abs() < 0.01 && w[0].baseline > w[1].baseline);
    }
    // `aligned` stays one piece, like any other display.
    let (_, rows) = typeset_display(&fonts, id, "\\begin{aligned} a &= b \\\\ c &= d \\end{aligned}", 10.0).unwrap();
    assert!(rows.is_empty());
}

