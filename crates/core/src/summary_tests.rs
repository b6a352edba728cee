//! Unit tests of the SUMMARY.md parser.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::type_complexity)]

use super::*;

fn parse(src: &str) -> Summary {
    parse_summary(src, FileId(0), false).0
}

fn chapters(s: &Summary) -> Vec<(String, Option<String>, ChapterRole, Vec<u32>, usize)> {
    s.items
        .iter()
        .filter_map(|i| match &i.kind {
            SummaryKind::Chapter(l) => Some((l.title.clone(), l.location.clone(), l.role, l.number.clone(), i.depth)),
            _ => None,
        })
        .collect()
}

#[test]
fn prefix_numbered_suffix() {
    let s = parse("# Summary\n\n[Intro](intro.md)\n\n- [One](one.md)\n- [Two](two.md)\n\n[Outro](outro.md)\n");
    assert_eq!(s.title.as_deref(), Some("Summary"));
    let c = chapters(&s);
    assert_eq!(c.len(), 4);
    assert_eq!(c[0], ("Intro".into(), Some("intro.md".into()), ChapterRole::Prefix, vec![], 0));
    assert_eq!(c[1].2, ChapterRole::Numbered);
    assert_eq!(c[2].3, vec![2]);
    assert_eq!(c[3], ("Outro".into(), Some("outro.md".into()), ChapterRole::Suffix, vec![], 0));
}

#[test]
fn nesting_with_two_and_four_spaces() {
    for indent in ["  ", "    "] {
        let src = format!("- [A](a.md)\n{indent}- [A1](a1.md)\n{indent}{indent}- [A1x](a1x.md)\n{indent}- [A2](a2.md)\n- [B](b.md)\n");
        let c = chapters(&parse(&src));
        let nums: Vec<Vec<u32>> = c.iter().map(|x| x.3.clone()).collect();
        assert_eq!(nums, vec![vec![1], vec![1, 1], vec![1, 1, 1], vec![1, 2], vec![2]], "indent {indent:?}");
        let depths: Vec<usize> = c.iter().map(|x| x.4).collect();
        assert_eq!(depths, vec![0, 1, 2, 1, 0]);
    }
}

#[test]
fn parts_and_separators_keep_numbering() {
    let s = parse("# Summary\n\n# Part A\n\n- [One](one.md)\n\n---\n\n- [Two](two.md)\n\n# Part B\n\n* [Three](three.md)\n");
    let kinds: Vec<String> = s
        .items
        .iter()
        .map(|i| match &i.kind {
            SummaryKind::Chapter(l) => format!("{}:{:?}", l.title, l.number),
            SummaryKind::PartTitle(t) => format!("part {t}"),
            SummaryKind::Separator => "---".into(),
        })
        .collect();
    assert_eq!(kinds, vec!["part Part A", "One:[1]", "---", "Two:[2]", "part Part B", "Three:[3]"]);
}

#[test]
fn loose_lists_and_ordered_lists() {
    let c = chapters(&parse("- [A](a.md)\n\n- [B](b.md)\n\n    - [B1](b1.md)\n\n1. [C](c.md)\n"));
    let nums: Vec<Vec<u32>> = c.iter().map(|x| x.3.clone()).collect();
    assert_eq!(nums, vec![vec![1], vec![2], vec![2, 1], vec![3]]);
}

#[test]
fn drafts_have_no_location() {
    let c = chapters(&parse("- [Done](done.md)\n- [Later]()\n"));
    assert_eq!(c[1], ("Later".into(), None, ChapterRole::Numbered, vec![2], 0));
}

#[test]
fn percent_encoded_and_spaced_links() {
    let c = chapters(&parse("- [A](my%20file.md)\n- [B](<other file.md>)\n- [C](third file.md)\n- [D](d.md#frag)\n"));
    let locs: Vec<Option<String>> = c.iter().map(|x| x.1.clone()).collect();
    assert_eq!(
        locs,
        vec![Some("my file.md".into()), Some("other file.md".into()), Some("third file.md".into()), Some("d.md".into())]
    );
    assert_eq!(c[2].3, vec![3]);
}

#[test]
fn spans_point_at_entries() {
    let src = "# Summary\n\n- [One](one.md)\n  - [Sub](sub.md)\n";
    let s = parse(src);
    let ranges: Vec<&str> = s.items.iter().map(|i| &src[i.range.clone()]).collect();
    assert_eq!(ranges, vec!["[One](one.md)", "[Sub](sub.md)"]);
}

#[test]
fn subheadings_between_lists_are_ignored_in_mdbook_mode() {
    let s = parse("- [A](a.md)\n\n## Sub\n\n- [B](b.md)\n");
    assert_eq!(s.items.len(), 2);
    assert_eq!(chapters(&s)[1].3, vec![2]);
}

#[test]
fn gitbook_parts_and_readme_intro() {
    let src = "# Summary\n\n* [Introduction](README.md)\n\n## Basics\n\n* [One](one.md)\n    * [Sub](sub.md)\n\n## More\n\n* [Two](two.md)\n";
    let (s, d) = parse_summary(src, FileId(0), true);
    assert!(d.is_empty(), "{d:?}");
    let c = chapters(&s);
    assert_eq!(c[0].2, ChapterRole::Prefix);
    assert!(c[0].3.is_empty());
    assert_eq!(c[1].3, vec![1]);
    assert_eq!(c[2].3, vec![1, 1]);
    assert_eq!(c[3].3, vec![2]);
    let parts: Vec<&SummaryKind> = s.items.iter().filter(|i| matches!(i.kind, SummaryKind::PartTitle(_))).map(|i| &i.kind).collect();
    assert_eq!(parts, vec![&SummaryKind::PartTitle("Basics".into()), &SummaryKind::PartTitle("More".into())]);
}

#[test]
fn item_without_link_becomes_draft_with_warning() {
    let (s, d) = parse_summary("- Section\n  - [A](a.md)\n", FileId(0), false);
    let c = chapters(&s);
    assert_eq!(c[0], ("Section".into(), None, ChapterRole::Numbered, vec![1], 0));
    assert_eq!(c[1].3, vec![1, 1]);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].code, "summary-item-without-link");
}

#[test]
fn external_links_are_left_out_with_a_warning() {
    let (s, d) = parse_summary("- [A](a.md)\n- [Site](https://example.com)\n- [B](b.md)\n", FileId(0), true);
    let c = chapters(&s);
    assert_eq!(c.len(), 2);
    assert_eq!(c[1].3, vec![2]);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].code, "summary-external-link");
    assert_eq!(d[0].span.map(|s| s.start), Some(14));
}

#[test]
fn html_comment_before_title_and_garbage_do_not_panic() {
    let s = parse("<!-- c -->\n# Summary\n- [A](a.md)\n");
    assert_eq!(s.title.as_deref(), Some("Summary"));
    for src in ["", "- ", "[", "- [a](", "* * *", "1. [A](a.md)\n2. [B](b.md)", "-\n  -\n    - [x]()"] {
        let _ = parse(src);
        let _ = parse_summary(src, FileId(0), true);
    }
}

proptest::proptest! {
    #[test]
    fn never_panics(src in "[-*#\\[\\]()a-z .:/%0-9\n ]{0,200}") {
        let _ = parse_summary(&src, FileId(0), false);
        let _ = parse_summary(&src, FileId(0), true);
    }
    /// SUMMARY.md built from the lines real books write (titles, parts, nested and ordered list
    /// entries, drafts, spaced and encoded paths, separators, comments, stray text), at random
    /// indents and with random line endings.
    #[test]
    fn random_summaries_never_panic_and_stay_consistent(lines in proptest::collection::vec(summary_line(), 0..40)) {
        let src: String = lines.concat();
        for gitbook in [false, true] {
            let (s, diags) = parse_summary(&src, FileId(0), gitbook);
            for item in &s.items {
                proptest::prop_assert!(src.get(item.range.clone()).is_some(), "range {:?} of {:?}", item.range, src);
                if let SummaryKind::Chapter(l) = &item.kind {
                    match l.role {
                        ChapterRole::Numbered => proptest::prop_assert_eq!(l.number.len(), item.depth + 1, "{:?}", src),
                        _ => proptest::prop_assert!(l.number.is_empty() && item.depth == 0, "{:?}", src),
                    }
                }
            }
            for d in &diags {
                let span = d.span.unwrap_or_default();
                proptest::prop_assert!(src.get(span.range()).is_some(), "{} at {:?} of {:?}", d.code, span, src);
            }
        }
    }
}

/// One random SUMMARY.md line (with its line ending).
fn summary_line() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let indent = prop::sample::select(vec!["", " ", "  ", "   ", "    ", "\t", "        "]);
    let marker = prop::sample::select(vec!["- ", "* ", "+ ", "1. ", "2) ", "", "-", "10. "]);
    let title = prop::sample::select(vec!["Intro", "第一章", "A `code` title", "", "[nested]", "**bold**", "a\\]b"]);
    let dest = prop::sample::select(vec![
        "a.md", "dir/b.md", "c d.md", "<e f.md>", "my%20file.md", "x.md#frag", "", "README.md", "./README.md",
        "https://example.com", "//cdn", "%", "%E4%B8%AD.md", "a.md \"title\"", "(", "中文.md",
    ]);
    let entry = (indent, marker, title, dest).prop_map(|(i, m, t, d)| format!("{i}{m}[{t}]({d})"));
    let other = prop::sample::select(vec![
        "# Summary", "#", "# Part", "## Part two", "### Deep", "---", "***", "- - -", "<!-- comment -->",
        "<!--", "-->", "plain words", "- just text", "  - 中文没有链接", "[Prefix](p.md)", "[Suffix]()",
        "[a](a.md) [b](b.md)", "> quote", "```", "    code", "|a|b|", "[^1]: note", "",
    ])
    .prop_map(str::to_string);
    let line = prop_oneof![3 => entry, 2 => other, 1 => "\\PC{0,12}"];
    (line, prop::sample::select(vec!["\n", "\n\n", "\r\n", ""])).prop_map(|(l, end)| format!("{l}{end}"))
}
