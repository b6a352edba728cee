//! FontBook tests against the committed fonts in `fonts/`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::*;

fn book() -> FontBook {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fonts");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("otf" | "ttf")))
        .collect();
    paths.sort();
    let files: Vec<(String, Arc<[u8]>)> = paths
        .iter()
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), Arc::from(std::fs::read(p).unwrap())))
        .collect();
    FontBook::new(&files).unwrap()
}

/// (text, family name) per run.
fn runs(b: &FontBook, text: &str, style: Style) -> Vec<(String, String)> {
    b.itemize(text, style)
        .into_iter()
        .map(|(r, f)| (text[r].to_string(), f.map(|f| b.family_name(f).to_string()).unwrap_or_default()))
        .collect()
}

#[test]
fn faces_are_classified() {
    let b = book();
    let by_name = |n: &str| b.ids().find(|f| b.postscript_name(*f) == n).unwrap();
    let cjk = by_name("NotoSerifCJKsc-Regular");
    assert!(b.is_cjk(cjk));
    assert_eq!(b.style_of(cjk), Some(Style::regular(Family::Serif)));
    let mono = by_name("NotoSansMono-Bold");
    assert_eq!(b.style_of(mono), Some(Style { family: Family::Mono, bold: true, italic: false }));
    assert!(!b.is_cjk(mono));
    let m = b.metrics(cjk);
    assert!(m.ascender > 0.8 && m.descender < -0.1, "{m:?}");
}

#[test]
fn latin_and_han_get_their_own_faces() {
    let b = book();
    let r = runs(&b, "Mesos 是一个集群管理器，fine “ok” 中文“引号”。", Style::regular(Family::Serif));
    assert_eq!(
        r,
        vec![
            ("Mesos ".into(), "Noto Serif".into()),
            ("是一个集群管理器，".into(), "Noto Serif CJK SC".into()),
            ("fine “ok” ".into(), "Noto Serif".into()),
            ("中文“引号”。".into(), "Noto Serif CJK SC".into()),
        ]
    );
    let bold = runs(&b, "标题 Title", Style { family: Family::Sans, bold: true, italic: false });
    let by_ps: Vec<String> =
        b.itemize("标题 Title", Style { family: Family::Sans, bold: true, italic: false }).into_iter().map(|(_, f)| b.postscript_name(f.unwrap()).to_string()).collect();
    assert_eq!(bold.len(), 2);
    assert_eq!(by_ps, vec!["NotoSansCJKsc-Bold", "NotoSans-Bold"]);
}

#[test]
fn code_falls_back_to_cjk_sans_and_symbols() {
    let b = book();
    let r = runs(&b, "let x = 1; // 注释 ☑", Style::regular(Family::Mono));
    assert_eq!(r[0], ("let x = 1; // ".into(), "Noto Sans Mono".into()));
    assert_eq!(r[1].1, "Noto Sans CJK SC");
    assert_eq!(r.last().unwrap(), &("☑".to_string(), "Noto Sans Symbols2".to_string()));
}

#[test]
fn uncovered_characters_are_none_runs() {
    let b = book();
    let r = b.itemize("a\u{E000}b", Style::regular(Family::Serif));
    assert_eq!(r.len(), 3);
    assert_eq!(r[1], (1..4, None));
}

#[test]
fn preferred_family_comes_first_in_its_category() {
    let b = book().with_preferred_families(&["Noto Serif CJK SC".to_string()]);
    let r = runs(&b, "Hello 你好", Style::regular(Family::Serif));
    assert_eq!(r, vec![("Hello 你好".into(), "Noto Serif CJK SC".into())]);
    // Other categories keep their faces.
    let r = runs(&b, "Hello", Style::regular(Family::Sans));
    assert_eq!(r[0].1, "Noto Sans");
}

#[test]
fn shaping_applies_ligatures_and_kerning() {
    let b = book();
    let f = b.itemize("office", Style::regular(Family::Serif))[0].1.unwrap();
    let g = b.shape(f, "office", 10.0);
    assert!(g.len() < 6, "ffi ligature expected: {g:?}");
    assert_eq!(g[0].cluster, 0);
    assert!(g.windows(2).all(|w| w[0].cluster <= w[1].cluster));
    let total: f32 = g.iter().map(|g| g.advance).sum();
    assert!(total > 20.0 && total < 40.0, "{total}");
    let cjk = b.itemize("中", Style::regular(Family::Serif))[0].1.unwrap();
    let g = b.shape(cjk, "中文", 10.0);
    assert_eq!(g.len(), 2);
    assert!((g[0].advance - 10.0).abs() < 0.01);
    assert_eq!(g[1].cluster, 3);
}

#[test]
fn regions_come_from_names_and_languages() {
    assert_eq!(face::region_for_language("zh-CN"), Some("sc"));
    assert_eq!(face::region_for_language("zh-Hant-TW"), Some("tc"));
    assert_eq!(face::region_for_language("zh-HK"), Some("hk"));
    assert_eq!(face::region_for_language("ja"), Some("jp"));
    assert_eq!(face::region_for_language("en"), None);
    let b = book();
    let sc = b.ids().find(|f| b.postscript_name(*f) == "NotoSansCJKsc-Regular").unwrap();
    assert_eq!(b.faces[sc.0].region, Some("sc"));
}

#[test]
fn batch_shaping_matches_single_calls() {
    let b = book();
    let f = b.itemize("中", Style::regular(Family::Serif))[0].1.unwrap();
    let texts = ["分布式", "集群，", "Mesos"];
    let batch = b.shape_batch(f, &texts, 12.0, &[]);
    for (t, got) in texts.iter().zip(&batch) {
        assert_eq!(got, &b.shape(f, t, 12.0));
    }
    // halt: a full-width comma set half-width.
    let comma = "，";
    let full = b.shape(f, comma, 10.0)[0].advance;
    let half = b.shape_with(f, comma, 10.0, &[FeatureSetting { tag: *b"halt", value: 1, range: 0..comma.len() }])[0].advance;
    assert!((full - 10.0).abs() < 0.01 && (half - 5.0).abs() < 0.01, "{full} {half}");
}

/// The shipped fonts plus Debian's Noto Serif CJK collection (fonts-noto-cjk, installed by
/// `.ci/install-tools`). Fails, saying how to install it, when it is absent: a test that
/// passed without the collection would check nothing.
fn book_with_system_cjk(language: &str) -> FontBook {
    let ttc = std::path::Path::new("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc");
    let data: Arc<[u8]> = match std::fs::read(ttc) {
        Ok(d) => Arc::from(d),
        Err(e) => panic!("{}: {e}; install fonts-noto-cjk (`.ci/install-tools`, or `apt-get install fonts-noto-cjk`)", ttc.display()),
    };
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fonts");
    let mut files: Vec<(String, Arc<[u8]>)> = ["NotoSerif-Regular.ttf", "NotoSerifCJKsc-Regular.otf"]
        .iter()
        .map(|n| (n.to_string(), Arc::from(std::fs::read(dir.join(n)).unwrap())))
        .collect();
    files.push(("NotoSerifCJK-Regular.ttc".into(), data));
    FontBook::new(&files).unwrap().with_language(language)
}

/// The face and glyph id of one character in regular serif text.
fn glyph_of(b: &FontBook, c: char) -> (String, u16) {
    let text = c.to_string();
    let runs = b.itemize(&text, Style::regular(Family::Serif));
    let font = runs[0].1.expect("a face has it");
    (b.family_name(font).to_string(), b.shape(font, &text, 10.0)[0].id)
}

#[test]
fn each_language_gets_its_regions_glyph_forms() {
    let ja = book_with_system_cjk("ja");
    let hans = book_with_system_cjk("zh-Hans");
    let hant = book_with_system_cjk("zh-Hant");
    let ko = book_with_system_cjk("ko");
    // 直, 骨 and 角 are drawn differently in Japan and in mainland China.
    for c in ['直', '骨', '角'] {
        let (ja_face, ja_id) = glyph_of(&ja, c);
        let (hans_face, hans_id) = glyph_of(&hans, c);
        let (hant_face, hant_id) = glyph_of(&hant, c);
        assert_eq!(ja_face, "Noto Serif CJK JP");
        assert_eq!(hant_face, "Noto Serif CJK TC");
        assert_eq!(glyph_of(&ko, c).0, "Noto Serif CJK KR");
        // The shipped SC subset comes first for Simplified Chinese: same forms as the SC face.
        assert!(hans_face.ends_with("CJK SC"), "{hans_face}");
        // The same character, another glyph: the Japanese form is not the Chinese one.
        let sc = hans
            .ids()
            .find(|f| hans.family_name(*f) == "Noto Serif CJK SC" && hans.file_name(*f).ends_with(".ttc"))
            .expect("the collection's SC face");
        assert_ne!(ja_id, hans.shape(sc, &c.to_string(), 10.0)[0].id, "{c}: JP and SC forms");
        let _ = (hans_id, hant_id);
    }
    // Hangul and kana, which the shipped GB 2312 subsets lack, come from the collection.
    assert_eq!(glyph_of(&ko, '다').0, "Noto Serif CJK KR");
    assert_eq!(glyph_of(&ja, 'ぁ').0, "Noto Serif CJK JP");
}

/// The horizontal centre of a glyph's ink, in em.
fn ink_centre(b: &FontBook, font: FontId, glyph: u16) -> f32 {
    let (data, index) = b.data(font).expect("face data");
    let face = rustybuzz::ttf_parser::Face::parse(data, index).expect("parses");
    let bbox = face.glyph_bounding_box(rustybuzz::ttf_parser::GlyphId(glyph)).expect("has ink");
    (f32::from(bbox.x_min) + f32::from(bbox.x_max)) / 2.0 / f32::from(face.units_per_em())
}

/// Traditional Chinese sets its sentence punctuation in the middle of the em box (CLREQ), the
/// TC face of the collection does; Simplified Chinese sets it in the lower left. Text marked
/// `zh-Hant` in a Simplified Chinese book gets the TC face too (language per run).
#[test]
fn traditional_chinese_punctuation_is_centred_in_the_em_box() {
    let hant = book_with_system_cjk("zh-Hant");
    let hans = book_with_system_cjk("zh-Hans");
    for c in ['，', '。', '、'] {
        let (face, id) = glyph_of(&hant, c);
        assert_eq!(face, "Noto Serif CJK TC", "{c}");
        let font = hant.ids().find(|f| hant.family_name(*f) == face).expect("TC face");
        let centre = ink_centre(&hant, font, id);
        assert!((centre - 0.5).abs() < 0.1, "{c}: ink centre {centre} em in TC");
        let (sc_face, sc_id) = glyph_of(&hans, c);
        let sc = hans.ids().find(|f| hans.family_name(*f) == sc_face).expect("SC face");
        let sc_centre = ink_centre(&hans, sc, sc_id);
        assert!(sc_centre < 0.35, "{c}: ink centre {sc_centre} em in SC");
        // A run in zh-Hant inside the Simplified Chinese book.
        let runs = hans.itemize_in(&c.to_string(), Style::regular(Family::Serif), TextLang::ZhHant);
        assert_eq!(hans.family_name(runs[0].1.expect("covered")), "Noto Serif CJK TC", "{c}");
    }
}

/// 直, 骨 and 角 in a Japanese run of a Chinese book take the Japanese face, in a Korean run the
/// Korean one: glyph forms follow the text's language, not the book's.
#[test]
fn glyph_forms_follow_the_runs_language() {
    let zh = book_with_system_cjk("zh-Hans");
    for c in ['直', '骨', '角'] {
        let text = c.to_string();
        let face_in = |lang: TextLang| {
            let runs = zh.itemize_in(&text, Style::regular(Family::Serif), lang);
            zh.family_name(runs[0].1.expect("covered")).to_string()
        };
        assert_eq!(face_in(TextLang::Ja), "Noto Serif CJK JP");
        assert_eq!(face_in(TextLang::Ko), "Noto Serif CJK KR");
        assert_eq!(face_in(TextLang::ZhHant), "Noto Serif CJK TC");
        assert!(face_in(TextLang::ZhHans).ends_with("CJK SC"));
        let jp = zh.ids().find(|f| zh.family_name(*f) == "Noto Serif CJK JP").expect("JP face");
        let sc = zh.ids().find(|f| zh.family_name(*f) == "Noto Serif CJK SC" && zh.file_name(*f).ends_with(".ttc")).expect("SC face");
        // The collection's faces share glyphs and `locl` picks the form: shaped as Japanese, the
        // JP face gives the Japanese form; shaped in the book's language, the Chinese one.
        let ja_id = zh.shape_batch_in(jp, &[text.as_str()], 10.0, &[], TextLang::Ja)[0][0].id;
        let sc_id = zh.shape(sc, &text, 10.0)[0].id;
        assert_ne!(ja_id, sc_id, "{c}: JP and SC forms");
        assert_eq!(zh.shape(jp, &text, 10.0)[0].id, sc_id, "{c}: locl follows the language");
    }
}

/// A text face that also carries an OpenType MATH table (DejaVu Sans has one) is a text face:
/// text falling back to its family gets the regular face, not the bold one that lacks the table.
/// Uses the system's DejaVu fonts (`.ci/install-tools` installs `fonts-dejavu-core`).
#[test]
fn a_text_face_with_a_math_table_is_a_text_face() {
    let dir = std::path::Path::new("/usr/share/fonts/truetype/dejavu");
    let read = |p: std::path::PathBuf| {
        let data = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e} (install fonts-dejavu-core)", p.display()));
        (p.file_name().unwrap().to_string_lossy().into_owned(), Arc::from(data))
    };
    let ours = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fonts");
    let files = vec![
        read(ours.join("NotoSerif-Regular.ttf")),
        read(ours.join("Asana-Math.otf")),
        read(dir.join("DejaVuSans-Bold.ttf")),
        read(dir.join("DejaVuSans.ttf")),
    ];
    let b = FontBook::new(&files).unwrap();
    let regular = b.ids().find(|f| b.postscript_name(*f) == "DejaVuSans").unwrap();
    assert!(b.face(regular).math, "DejaVu Sans is expected to carry a MATH table");
    let text = "Arabic مرحبا and Hebrew שלום.";
    let got = b.itemize(text, Style::regular(Family::Serif));
    for (r, f) in &got {
        if text[r.clone()].chars().any(|c| ('\u{0590}'..='\u{06FF}').contains(&c)) {
            assert_eq!(f.map(|f| b.postscript_name(f)), Some("DejaVuSans"), "{:?}", &text[r.clone()]);
        }
    }
    // Bold text takes the bold face; a face made for formulas stays behind both.
    let bold = b.itemize("مرحبا", Style { family: Family::Serif, bold: true, italic: false });
    assert_eq!(bold.first().and_then(|(_, f)| *f).map(|f| b.postscript_name(f)), Some("DejaVuSans-Bold"));
    let asana = b.ids().find(|f| b.postscript_name(*f) == "Asana-Math").unwrap();
    assert!(b.face(asana).formulas_only && !b.face(regular).formulas_only);
}

/// Marks no face has, and runs of spaces, are resolved in one pass each: 200,000 of them after
/// a letter itemize in linear time (each used to look back over all the unresolved ones).
#[test]
fn long_runs_of_marks_itemize_in_linear_time() {
    let b = book();
    let text = format!("a{}b", "\u{1AB0}".repeat(200_000));
    let runs = b.itemize(&text, Style::regular(Family::Serif));
    assert_eq!(runs.first().map(|(r, _)| r.clone()), Some(0..1));
    assert!(runs.len() <= 3, "{} runs", runs.len());
    let spaces = format!("x{}y", " ".repeat(200_000));
    assert_eq!(b.itemize(&spaces, Style::regular(Family::Serif)).len(), 1);
}
