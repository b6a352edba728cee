//! Tests of the table-driven lexer: exact coverage on any input, and the classes of tricky
//! constructs in each language.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use super::super::langs::{all, find};
use super::{lex, Class};
use proptest::prelude::*;

/// `(class, text)` pieces of `code` lexed as `lang`, after checking that they cover it exactly.
fn pieces<'a>(lang: &str, code: &'a str) -> Vec<(Class, &'a str)> {
    let l = find(lang).expect("a lexer language");
    let toks = lex(code, l);
    check_cover(code, &toks);
    toks.into_iter().map(|(c, a, b)| (c, &code[a..b])).collect()
}

fn check_cover(code: &str, toks: &[(Class, usize, usize)]) {
    let mut at = 0;
    for (i, &(class, a, b)) in toks.iter().enumerate() {
        assert_eq!(a, at, "token {i} starts where the last ended");
        assert!(b > a, "token {i} is not empty");
        assert!(code.is_char_boundary(a) && code.is_char_boundary(b), "token {i} splits a character");
        if i > 0 {
            assert_ne!(toks[i - 1].0, class, "adjacent tokens of one class are merged");
        }
        at = b;
    }
    assert_eq!(at, code.len(), "tokens reach the end");
}

/// Asserts that each `(class, text)` of `want` is one of the pieces, in this order.
fn expect(lang: &str, code: &str, want: &[(Class, &str)]) {
    let got = pieces(lang, code);
    let mut rest = got.iter();
    for w in want {
        assert!(rest.any(|g| g == w), "{lang}: expected {w:?} (in order) in {got:?}");
    }
}

use Class::*;

#[test]
fn go() {
    let code = "package main\n// Foo is\ntype Foo struct{ n int }\nfunc (f *Foo) Bar(x int) error {\n\ts := `a\nb`\n\tfmt.Printf(\"%d\\n\", len(s)+0x1F)\n\treturn nil\n}\n";
    expect("go", code, &[
        (Keyword, "package"), (Comment, "// Foo is"), (Storage, "type"), (Type, "Foo"), (Storage, "struct"),
        (BuiltinType, "int"), (Storage, "func"), (Plain, " (f "), (FunctionDef, "Bar"), (BuiltinType, "error"),
        (String, "`a\nb`"), (FunctionCall, "Printf"), (String, "\"%d"), (Escape, "\\n"), (Builtin, "len"),
        (Number, "0x1F"), (Keyword, "return"), (Constant, "nil"),
    ]);
    // An unterminated string stops at the line end instead of swallowing the block.
    expect("go", "s := \"abc\nx := 1\n", &[(String, "\"abc"), (Plain, "\nx "), (Number, "1")]);
}

#[test]
fn shell() {
    let code = "#!/bin/sh\nexport A=\"$HOME/${B}x\" # note\necho $# a#b 'no $x' | grep -v x\ncat <<-'EOF' > f\n\tline $y\n\tEOF\nif [ -f x ]; then echo ok; fi\n";
    expect("sh", code, &[
        (Comment, "#!/bin/sh"), (Storage, "export"), (String, "\""), (Variable, "$HOME"), (String, "/"),
        (Variable, "${B}"), (String, "x\""), (Comment, "# note"), (Builtin, "echo"), (Variable, "$#"),
        (Plain, " a#b "), (String, "'no $x'"), (Operator, "|"), (Operator, "<<-"), (String, "'EOF'"),
        (String, "\tline $y"), (String, "\tEOF"), (Keyword, "if"), (Keyword, "then"), (Keyword, "fi"),
    ]);
    // Names with dashes are one word; a here-string (`<<<`) is not a here-document.
    expect("bash", "apt-get install x <<< y\nz\n", &[(Plain, "apt-get install x "), (Operator, "<<<"), (Plain, " y\nz\n")]);
}

#[test]
fn rust() {
    let code = "#[derive(Debug)]\nfn f<'a>(s: &'a str) -> Option<u8> {\n    /* a /* nested */ b */\n    let c = '\\n'; let r = r#\"q \"x\" q\"#;\n    println!(\"{c}\");\n    None\n}\n";
    expect("rust", code, &[
        (Meta, "#[derive(Debug)]"), (Storage, "fn"), (FunctionDef, "f"), (Storage, "'a"), (BuiltinType, "str"),
        (BuiltinType, "Option"), (BuiltinType, "u8"), (Comment, "/* a /* nested */ b */"), (String, "'"),
        (Escape, "\\n"), (String, "r#\"q \"x\" q\"#"), (FunctionCall, "println!"), (Constant, "None"),
    ]);
    expect("rs", "let x = 'é';\n", &[(String, "'é'")]);
}

#[test]
fn python_c_sql_and_docker() {
    expect("python", "@app.route('/')\ndef hi(n: int) -> None:\n    '''doc\n    more'''\n    print(rb'\\d', f\"{n}\")\nclass A(B): pass\n", &[
        (Meta, "@app.route"), (String, "'/'"), (Storage, "def"), (FunctionDef, "hi"), (BuiltinType, "int"),
        (Constant, "None"), (String, "'''doc\n    more'''"), (Builtin, "print"), (String, "rb'\\d'"),
        (String, "f\"{n}\""), (Storage, "class"), (Type, "A"), (Keyword, "pass"),
    ]);
    expect("c", "#include <stdio.h>\n#define N 3\nint main(void) { return N; }\n", &[
        (Meta, "#include"), (String, "<stdio.h>"), (Meta, "#define"), (Number, "3"), (BuiltinType, "int"),
        (FunctionCall, "main"), (BuiltinType, "void"), (Keyword, "return"),
    ]);
    expect("sql", "Select id, count(*) from t where n = 'x' -- c\n", &[
        (Keyword, "Select"), (Builtin, "count"), (Keyword, "from"), (Keyword, "where"), (String, "'x'"),
        (Comment, "-- c"),
    ]);
    expect("dockerfile", "FROM golang AS build\nRUN go run main.go $X\n", &[
        (Keyword, "FROM"), (Keyword, "RUN"), (Plain, " go run main.go "), (Variable, "$X"),
    ]);
}

#[test]
fn data_formats() {
    expect("json", "{\"a\": 1, \"b\": [true, null, \"x\\\"y\"]}\n", &[
        (Key, "\"a\""), (Number, "1"), (Key, "\"b\""), (Constant, "true"), (Constant, "null"), (String, "\"x"),
        (Escape, "\\\""), (String, "y\""),
    ]);
    expect("yaml", "apiVersion: v1\nitems:\n  - app.kubernetes.io/name: web # c\n    url: http://x#y\n", &[
        (Key, "apiVersion"), (Key, "items"), (Operator, "-"), (Key, "app.kubernetes.io/name"), (Comment, "# c"),
        (Key, "url"), (Plain, ": http://x#y\n"),
    ]);
    expect("toml", "[package]\nname = \"x\" # c\nversion.workspace = true\n", &[
        (Type, "[package]"), (Key, "name"), (Operator, "="), (String, "\"x\""), (Comment, "# c"),
        (Key, "version.workspace"), (Constant, "true"),
    ]);
}

#[test]
fn fence_names_select_languages() {
    for (fence, name) in [("Go", "Go"), ("golang", "Go"), ("c++", "C++"), ("sh", "Shell"), ("console", "Shell"),
        ("yml", "YAML"), ("proto", "Protocol Buffers"), ("ts", "TypeScript"), ("py", "Python")] {
        assert_eq!(find(fence).map(|l| l.name), Some(name), "{fence}");
    }
    for fence in ["html", "xml", "css", "markdown", "diff", "makefile", "", "text", "a-very-long-unknown-language"] {
        assert!(find(fence).is_none(), "{fence}");
    }
}

#[test]
fn every_language_has_its_own_word_table() {
    for (k, l) in all().iter().enumerate() {
        assert_eq!(l.words().len(), {
            let mut w: Vec<&str> = [l.keywords, l.storage, l.types, l.constants, l.builtins].concat();
            w.sort_unstable();
            w.dedup();
            w.len()
        }, "{} (index {k}) reads its own table", l.name);
    }
}

const TRICKY: &[&str] = &[
    "", "\"", "'", "`", "\\", "\"\\", "r#\"", "r##\"x\"#", "/*", "/* /*", "<<", "<<'", "<<EOF", "$", "${", "@", "#[",
    "#!", "'\\u{", "0x", "1e", "1e+", ".5", "'a", "'é", "é'", "\u{10FFFF}\"\\\u{10FFFF}", "--[[", "\r\n\"a\r\n",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn tokens_cover_any_input(parts in proptest::collection::vec(
        prop_oneof![
            proptest::sample::select(TRICKY).prop_map(|s| s.to_owned()),
            "[ -~\n\t]{0,12}",
            "[中文é\u{301}a-z\"'`$#@/*\\\\\n{}()<>=:-]{0,12}",
        ], 0..12)) {
        let code: std::string::String = parts.concat();
        for l in all() {
            check_cover(&code, &lex(&code, l));
        }
    }
}
