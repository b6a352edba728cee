//! Characters no font covers, reported once per script rather than once per character: "312
//! characters of the Hangul script have no font (first: `다` …)" at the first place one occurs,
//! with a hint naming a font that covers the script. The PDF is still written (with empty boxes).

use quire_core::Code;
use quire_core::script::{script_for_font, CjkScript};
use quire_core::{Diagnostic, Span};
use std::collections::HashSet;

/// The groups characters are reported in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Script {
    Hangul,
    Kana,
    Han,
    Other,
}

impl Script {
    fn of(c: char) -> Script {
        match script_for_font(c) {
            Some(CjkScript::Hangul) => Script::Hangul,
            Some(CjkScript::Kana) => Script::Kana,
            Some(CjkScript::Han) => Script::Han,
            None => Script::Other,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Script::Hangul => "the Hangul script",
            Script::Kana => "the Japanese kana scripts",
            Script::Han => "the Han script",
            Script::Other => "other scripts and symbols",
        }
    }

    /// The fix to suggest, given the book's language.
    fn hint(self, language: &str) -> String {
        let font = match self {
            Script::Hangul => Some(("Korean", "Noto Sans CJK KR")),
            Script::Kana => Some(("Japanese", "Noto Sans CJK JP")),
            Script::Han => Some(match crate::fonts::region_for_language(language) {
                Some("jp") => ("Japanese", "Noto Sans CJK JP"),
                Some("kr") => ("Korean", "Noto Sans CJK KR"),
                Some("tc") => ("Traditional Chinese", "Noto Sans CJK TC"),
                Some("hk") => ("Traditional Chinese (Hong Kong)", "Noto Sans CJK HK"),
                _ => ("Chinese", "Noto Sans CJK SC"),
            }),
            Script::Other => None,
        };
        match font {
            Some((lang, name)) => format!(
                "install a font that covers {lang}, for example {name} (Debian: fonts-noto-cjk), or name one in [output.pdf] fonts"
            ),
            None => "install a font that covers them (the Noto family covers most scripts), put it in the fonts folder, or name one in [output.pdf] fonts".to_string(),
        }
    }
}

/// One warning per script for the characters no face has, in the order they were met (each
/// character with the span of the block it was first met in). Repeats are counted once.
pub fn missing_glyph_diagnostics(found: impl IntoIterator<Item = (char, Option<Span>)>, language: &str) -> Vec<Diagnostic> {
    let mut seen: HashSet<char> = HashSet::new();
    // Per script: distinct characters in meeting order, and the span of the first one.
    let mut groups: Vec<(Script, Vec<char>, Option<Span>)> = Vec::new();
    for (c, span) in found {
        if !seen.insert(c) {
            continue;
        }
        let script = Script::of(c);
        match groups.iter_mut().find(|g| g.0 == script) {
            Some(g) => {
                g.1.push(c);
                g.2 = g.2.or(span);
            }
            None => groups.push((script, vec![c], span)),
        }
    }
    groups.sort_by_key(|g| g.0);
    groups
        .into_iter()
        .map(|(script, chars, span)| {
            let n = chars.len();
            let first = chars[0];
            let more: String = chars.iter().skip(1).take(8).collect::<Vec<_>>().iter().map(|c| format!(" {c}")).collect();
            let more = if n > 9 { format!("; also{more} …") } else if n > 1 { format!("; also{more}") } else { String::new() };
            let what = if n == 1 { "1 character".to_string() } else { format!("{n} characters") };
            let verb = if n == 1 { "has" } else { "have" };
            let d = Diagnostic::warning(
                Code::PdfMissingGlyph,
                format!(
                    "{what} of {} {verb} no font (first: `{first}` U+{:04X}{more}); the PDF shows empty boxes",
                    script.name(),
                    first as u32
                ),
            )
            .with_hint(script.hint(language));
            match span {
                Some(s) => d.with_span(s),
                None => d,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use quire_core::FileId;

    #[test]
    fn one_diagnostic_per_script_with_the_count_and_the_first_place() {
        let at = |n: usize| Some(Span::new(FileId(0), n, n + 1));
        let mut found: Vec<(char, Option<Span>)> = "다음은러스트로작성한".chars().map(|c| (c, at(3))).collect();
        found.insert(0, ('ぁ', at(1)));
        found.push(('다', at(9)));
        found.push(('\u{1F600}', None));
        let d = missing_glyph_diagnostics(found, "ko");
        assert_eq!(d.len(), 3, "{d:#?}");
        assert!(d[0].message.starts_with("10 characters of the Hangul script have no font (first: `다` U+B2E4; also 음"), "{}", d[0].message);
        assert_eq!(d[0].span, at(3));
        assert!(d[0].hint.as_deref().unwrap_or("").contains("Noto Sans CJK KR"));
        assert!(d[1].message.starts_with("1 character of the Japanese kana scripts has no font"), "{}", d[1].message);
        assert!(d[2].message.contains("other scripts"), "{}", d[2].message);
    }

    #[test]
    fn nothing_missing_says_nothing() {
        assert!(missing_glyph_diagnostics(Vec::new(), "en").is_empty());
    }
}
