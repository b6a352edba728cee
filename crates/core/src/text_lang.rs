//! The language a piece of text is set in, as far as CJK typesetting cares: which rules (line
//! breaking, punctuation, spacing) and which regional glyph forms apply. Language is a property
//! of the text, not of the book: the book's `language`, an element's `lang` attribute
//! (`<span lang="ja">`, `<div lang="ko">`) and the script of the characters (kana are Japanese,
//! Hangul is Korean) each decide it for their part ([`segments`]).

use crate::ast::{Block, BlockKind, Inline, InlineKind};
use crate::script::{is_hangul, wants_cjk_face};
use std::collections::BTreeSet;
use std::ops::Range;

/// The CJK language of a piece of text (or none).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
#[non_exhaustive]
pub enum TextLang {
    /// Not Chinese, Japanese or Korean: Western rules.
    #[default]
    Other,
    /// Simplified Chinese (`zh`, `zh-Hans`, `zh-CN`, `zh-SG`): CLREQ, mainland glyph forms.
    ZhHans,
    /// Traditional Chinese (`zh-Hant`, `zh-TW`): CLREQ, punctuation centred in the em box.
    ZhHant,
    /// Hong Kong Chinese (`zh-HK`, `zh-MO`, `yue`): as Traditional, with Hong Kong glyph forms.
    ZhHk,
    /// Japanese (`ja`): JLREQ.
    Ja,
    /// Korean (`ko`): word spaces, `word-break: keep-all`, Western punctuation.
    Ko,
}

impl TextLang {
    /// The language of a BCP 47 tag (case and `_` tolerated); [`TextLang::Other`] for any
    /// language that is not Chinese, Japanese or Korean.
    pub fn from_tag(tag: &str) -> TextLang {
        let l = tag.trim().to_ascii_lowercase().replace('_', "-");
        let mut parts = l.split('-');
        let primary = parts.next().unwrap_or("");
        let subs: Vec<&str> = parts.collect();
        let has = |s: &str| subs.contains(&s);
        match primary {
            "ja" | "jpn" => TextLang::Ja,
            "ko" | "kor" => TextLang::Ko,
            "yue" => TextLang::ZhHk,
            "zh" | "zho" | "chi" | "cmn" => {
                if has("hk") || has("mo") {
                    TextLang::ZhHk
                } else if has("hant") || has("tw") {
                    TextLang::ZhHant
                } else {
                    TextLang::ZhHans
                }
            }
            _ => TextLang::Other,
        }
    }

    /// The BCP 47 tag shaping uses for this language's `locl` forms; `None` for
    /// [`TextLang::Other`] (the book's own tag applies).
    pub fn tag(self) -> Option<&'static str> {
        match self {
            TextLang::Other => None,
            TextLang::ZhHans => Some("zh-Hans"),
            TextLang::ZhHant => Some("zh-Hant"),
            TextLang::ZhHk => Some("zh-HK"),
            TextLang::Ja => Some("ja"),
            TextLang::Ko => Some("ko"),
        }
    }

    /// True for Chinese, Japanese and Korean.
    pub fn is_cjk(self) -> bool {
        self != TextLang::Other
    }

    /// True for Traditional (and Hong Kong) Chinese, whose punctuation sits in the middle of
    /// the em box.
    pub fn is_traditional_chinese(self) -> bool {
        matches!(self, TextLang::ZhHant | TextLang::ZhHk)
    }

    /// The language a letter's script names by itself: kana are Japanese, Hangul is Korean.
    /// Han ideographs and punctuation name none (they belong to every CJK language).
    pub fn of_script(c: char) -> Option<TextLang> {
        if is_hangul(c) {
            Some(TextLang::Ko)
        } else if matches!(c as u32, 0x3041..=0x309F | 0x30A1..=0x30FA | 0x30FD..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9D | 0x1B000..=0x1B16F) {
            Some(TextLang::Ja)
        } else {
            None
        }
    }
}

/// Splits `text`, written in `lang` (the book's, or an enclosing element's), into ranges by the
/// language each part is set in. A stretch of CJK characters with no space in it (a clause) is
/// Japanese when it holds kana and Korean when it holds Hangul, whatever `lang` says; otherwise
/// it is in `lang`, or, when `lang` is not a CJK language, in Simplified Chinese (Han with no
/// other sign is read as Chinese). Everything else (Latin, digits) is in `lang`, and spaces
/// between two parts of one language are in that language. Linear in the text; ranges are
/// non-empty, in order and cover `text`.
pub fn segments(text: &str, lang: TextLang) -> Vec<(Range<usize>, TextLang)> {
    let mut out: Vec<(Range<usize>, TextLang)> = Vec::new();
    let mut push = |r: Range<usize>, l: TextLang| match out.last_mut() {
        Some((last, ll)) if *ll == l && last.end == r.start => last.end = r.end,
        _ if r.is_empty() => {}
        _ => out.push((r, l)),
    };
    let mut rest_start = 0usize;
    let mut cjk_start: Option<usize> = None;
    let mut named: Option<TextLang> = None;
    let close = |start: usize, end: usize, named: Option<TextLang>, push: &mut dyn FnMut(Range<usize>, TextLang)| {
        // Korean next to Chinese or Japanese with no space between (`…습니다。中文…`): the
        // Hangul is Korean, the Han stays in the enclosing language; punctuation goes with the
        // letter before it.
        if named == Some(TextLang::Ko) && lang.is_cjk() && lang != TextLang::Ko {
            let mut last = TextLang::Ko;
            for (off, c) in text[start..end].char_indices() {
                if is_hangul(c) {
                    last = TextLang::Ko;
                } else if crate::script::script_for_font(c).is_some() {
                    last = lang;
                }
                push(start + off..start + off + c.len_utf8(), last);
            }
            return;
        }
        let l = match named {
            Some(TextLang::Ja) if lang != TextLang::Ja => TextLang::Ja,
            Some(TextLang::Ko) if lang != TextLang::Ko => TextLang::Ko,
            _ if lang.is_cjk() => lang,
            _ => TextLang::ZhHans,
        };
        push(start..end, l);
    };
    for (i, c) in text.char_indices() {
        let cjk = wants_cjk_face(c) && !c.is_whitespace();
        match (cjk, cjk_start) {
            (true, None) => {
                push(rest_start..i, lang);
                cjk_start = Some(i);
                named = TextLang::of_script(c);
            }
            (true, Some(_)) => {
                // Kana outrank Hangul: a clause with both is Japanese (a quoted Korean word).
                match (named, TextLang::of_script(c)) {
                    (_, Some(TextLang::Ja)) => named = Some(TextLang::Ja),
                    (None, found) => named = found,
                    _ => {}
                }
            }
            (false, Some(s)) => {
                close(s, i, named, &mut push);
                cjk_start = None;
                named = None;
                rest_start = i;
            }
            (false, None) => {}
        }
    }
    match cjk_start {
        Some(s) => close(s, text.len(), named, &mut push),
        None => push(rest_start..text.len(), lang),
    }
    // Spaces between two parts of one language belong to it (the word spaces of a Korean
    // sentence in a Chinese book are Korean word spaces).
    let mut merged: Vec<(Range<usize>, TextLang)> = Vec::with_capacity(out.len());
    let mut i = 0;
    while i < out.len() {
        let (r, l) = out[i].clone();
        let between = i + 1 < out.len() && text[r.clone()].chars().all(char::is_whitespace);
        match merged.last_mut() {
            Some((last, ll)) if between && *ll == out[i + 1].1 && *ll != l => {
                last.end = out[i + 1].0.end;
                i += 2;
                continue;
            }
            Some((last, ll)) if *ll == l => last.end = r.end,
            _ => merged.push((r, l)),
        }
        i += 1;
    }
    merged
}

/// The CJK languages `blocks` name in `lang` attributes of raw HTML elements (`<span lang="ja">`),
/// added to `out` (for choosing fonts before anything is set). The AST's depth is bounded when
/// it is parsed (see [`crate::depth`]), so the walk is too.
pub fn named_in_blocks(blocks: &[Block], out: &mut BTreeSet<TextLang>) {
    for b in blocks {
        match &b.kind {
            BlockKind::HtmlElement { attrs, blocks, .. } => {
                named_in_attrs(attrs, out);
                named_in_blocks(blocks, out);
            }
            BlockKind::BlockQuote(bs) | BlockKind::Admonition { blocks: bs, .. } => named_in_blocks(bs, out),
            BlockKind::List { items, .. } => items.iter().for_each(|it| named_in_blocks(&it.blocks, out)),
            BlockKind::DefinitionList(items) => {
                for it in items {
                    named_in_inlines(&it.term, out);
                    it.definitions.iter().for_each(|d| named_in_blocks(d, out));
                }
            }
            BlockKind::Paragraph(i) | BlockKind::Heading { inlines: i, .. } | BlockKind::Figure { caption: i, .. } => {
                named_in_inlines(i, out)
            }
            BlockKind::Table { head, rows, .. } => {
                head.iter().chain(rows.iter().flatten()).for_each(|c| named_in_inlines(&c.inlines, out))
            }
            _ => {}
        }
    }
}

fn named_in_inlines(inlines: &[Inline], out: &mut BTreeSet<TextLang>) {
    for i in inlines {
        match &i.kind {
            InlineKind::HtmlElement { attrs, children, .. } => {
                named_in_attrs(attrs, out);
                named_in_inlines(children, out);
            }
            InlineKind::Emphasis(c)
            | InlineKind::Strong(c)
            | InlineKind::Strikethrough(c)
            | InlineKind::Superscript(c)
            | InlineKind::Subscript(c)
            | InlineKind::Link { children: c, .. } => named_in_inlines(c, out),
            _ => {}
        }
    }
}

fn named_in_attrs(attrs: &[(String, String)], out: &mut BTreeSet<TextLang>) {
    for (k, v) in attrs {
        if k == "lang" || k == "xml:lang" {
            let l = TextLang::from_tag(v);
            if l.is_cjk() {
                out.insert(l);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn langs(text: &str, lang: TextLang) -> Vec<(&str, TextLang)> {
        segments(text, lang).into_iter().map(|(r, l)| (&text[r], l)).collect()
    }

    #[test]
    fn tags() {
        assert_eq!(TextLang::from_tag("ja"), TextLang::Ja);
        assert_eq!(TextLang::from_tag("ja-JP"), TextLang::Ja);
        assert_eq!(TextLang::from_tag("KO_kr"), TextLang::Ko);
        assert_eq!(TextLang::from_tag("zh"), TextLang::ZhHans);
        assert_eq!(TextLang::from_tag("zh-CN"), TextLang::ZhHans);
        assert_eq!(TextLang::from_tag("zh-Hant"), TextLang::ZhHant);
        assert_eq!(TextLang::from_tag("zh-TW"), TextLang::ZhHant);
        assert_eq!(TextLang::from_tag("zh-Hant-HK"), TextLang::ZhHk);
        assert_eq!(TextLang::from_tag("en-US"), TextLang::Other);
        assert_eq!(TextLang::from_tag(""), TextLang::Other);
        assert_eq!(TextLang::ZhHant.tag(), Some("zh-Hant"));
        assert!(TextLang::ZhHk.is_traditional_chinese() && !TextLang::ZhHans.is_traditional_chinese());
    }

    #[test]
    fn an_english_sentence_quoting_japanese_sets_the_quote_as_japanese() {
        let got = langs("He said 「日本語の本です」 and left.", TextLang::Other);
        assert_eq!(got, [("He said ", TextLang::Other), ("「日本語の本です」", TextLang::Ja), (" and left.", TextLang::Other)]);
    }

    #[test]
    fn a_chinese_sentence_with_korean_examples_sets_the_korean_as_korean() {
        let got = langs("例如 다음은 러스트로。", TextLang::ZhHans);
        assert_eq!(
            got,
            [("例如 ", TextLang::ZhHans), ("다음은 러스트로。", TextLang::Ko)]
        );
    }

    #[test]
    fn korean_running_into_chinese_keeps_the_han_chinese() {
        let got = langs("작성되었습니다。中文排版，直线。", TextLang::ZhHans);
        assert_eq!(got, [("작성되었습니다。", TextLang::Ko), ("中文排版，直线。", TextLang::ZhHans)]);
        // In Western text the whole clause is Korean (hanja in a Korean clause).
        assert_eq!(langs("소유권所有權", TextLang::Other), [("소유권所有權", TextLang::Ko)]);
    }

    #[test]
    fn han_alone_follows_the_text_and_is_chinese_in_western_text() {
        assert_eq!(langs("漢字", TextLang::Ja), [("漢字", TextLang::Ja)]);
        assert_eq!(langs("漢字", TextLang::ZhHant), [("漢字", TextLang::ZhHant)]);
        assert_eq!(langs("소유권(所有權)", TextLang::Ko), [("소유권(所有權)", TextLang::Ko)]);
        assert_eq!(langs("the 中文 word", TextLang::Other)[1], ("中文", TextLang::ZhHans));
    }

    #[test]
    fn kana_outrank_hangul_and_latin_keeps_the_enclosing_language() {
        assert_eq!(langs("カタカナ한", TextLang::Ko), [("カタカナ한", TextLang::Ja)]);
        assert_eq!(langs("Rust는", TextLang::Ko), [("Rust는", TextLang::Ko)]);
        assert!(segments("", TextLang::Ja).is_empty());
    }
}
