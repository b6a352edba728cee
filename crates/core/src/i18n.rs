//! The one translation table of every word Quire itself writes: the words written into the book
//! (caption labels, chapter labels, "Contents", footnote and admonition titles, EPUB navigation,
//! placeholders), the same in the HTML, the EPUB and the PDF, and the HTML site's interface words
//! (search, pager, copy buttons, the 404 page). The words are in [`TABLE`] (kept in
//! `i18n/table.rs`), one entry per word with its translation for each [`Locale`]: English,
//! Simplified Chinese, Traditional Chinese, Japanese and Korean; any other language gets English.
//! Renderers read them through [`Words`] ([`Words::for_config`]); each can be replaced in
//! book.toml by its key: `[quire.labels] listing = "Code"`, `chapter = "Part {n}"`.

use std::collections::BTreeMap;

/// A language Quire has words for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Locale {
    /// English, and every language without a table of its own.
    English,
    /// Simplified Chinese (`zh`, `zh-CN`, `zh-Hans` …).
    SimplifiedChinese,
    /// Traditional Chinese (`zh-TW`, `zh-HK`, `zh-Hant` …).
    TraditionalChinese,
    /// Japanese (`ja`).
    Japanese,
    /// Korean (`ko`).
    Korean,
}

impl Locale {
    /// Every locale, in the order of the table's translations.
    pub const ALL: [Locale; 5] =
        [Locale::English, Locale::SimplifiedChinese, Locale::TraditionalChinese, Locale::Japanese, Locale::Korean];

    /// Its place in [`Locale::ALL`] (and in each [`Entry::words`]).
    pub fn index(self) -> usize {
        match self {
            Locale::English => 0,
            Locale::SimplifiedChinese => 1,
            Locale::TraditionalChinese => 2,
            Locale::Japanese => 3,
            Locale::Korean => 4,
        }
    }

    /// The locale of a BCP 47 tag (case and `_` for `-` do not matter).
    pub fn from_tag(tag: &str) -> Locale {
        let t = tag.trim().to_ascii_lowercase().replace('_', "-");
        let primary = t.split('-').next().unwrap_or("");
        match primary {
            "zh" if is_traditional_chinese(&t) => Locale::TraditionalChinese,
            "zh" => Locale::SimplifiedChinese,
            "ja" => Locale::Japanese,
            "ko" => Locale::Korean,
            _ => Locale::English,
        }
    }
}

/// Which part of the table a word belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// Words written into the book itself, in every format (captions, "Contents", admonitions).
    Book,
    /// The HTML site's interface (search, pager, copy buttons, the 404 page).
    Site,
}

/// One word of the table: its `[quire.labels]` key and its translations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// The key in `[quire.labels]`.
    pub key: &'static str,
    /// Which part of the table it is in.
    pub part: Part,
    /// The word in each locale, in [`Locale::ALL`] order.
    pub words: [&'static str; 5],
}

impl Entry {
    /// The word in `locale`.
    pub fn word(&self, locale: Locale) -> &'static str {
        self.words[locale.index()]
    }
}

/// Declares [`Words`] (one `String` field per word), [`TABLE`] and the lookups by key from one
/// list, so a word cannot be added without its key and all five translations.
macro_rules! word_table {
    ($( $part:ident { $( $(#[$doc:meta])* $field:ident $key:literal = [$($w:expr),* $(,)?]; )* } )*) => {
        /// The words of one language, every one replaceable in `[quire.labels]`: read by every
        /// renderer. `{n}` in a template is a number (see [`Words::chapter_label`]).
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct Words {
            $($( $(#[$doc])* pub $field: String, )*)*
        }

        /// Every word, once, with its key and its five translations.
        pub const TABLE: &[Entry] = &[
            $($( Entry { key: $key, part: Part::$part, words: [$($w),*] }, )*)*
        ];

        impl Words {
            /// The words of a locale, as the table has them.
            pub fn of(locale: Locale) -> Words {
                let i = locale.index();
                Words { $($( $field: [$($w),*][i].to_string(), )*)* }
            }

            /// The word of a key ([`Words::keys`]).
            pub fn get(&self, key: &str) -> Option<&str> {
                match key {
                    $($( $key => Some(&self.$field), )*)*
                    _ => None,
                }
            }

            pub(super) fn slot(&mut self, key: &str) -> Option<&mut String> {
                match key {
                    $($( $key => Some(&mut self.$field), )*)*
                    _ => None,
                }
            }
        }
    };
}

mod table;
pub use table::{Words, TABLE};

impl Default for Words {
    /// English.
    fn default() -> Self {
        Words::of(Locale::English)
    }
}

impl Words {
    /// The keys `[quire.labels]` accepts: every word of the table, in table order.
    pub fn keys() -> impl Iterator<Item = &'static str> {
        TABLE.iter().map(|e| e.key)
    }

    /// True when `[quire.labels]` accepts `key`.
    pub fn is_key(key: &str) -> bool {
        TABLE.iter().any(|e| e.key == key)
    }

    /// The words for a language tag.
    pub fn for_language(tag: &str) -> Words {
        Words::of(Locale::from_tag(tag))
    }

    /// The words for a book: its language's, with `[quire.labels]` on top.
    pub fn for_config(config: &crate::BookConfig) -> Words {
        let mut w = Words::for_language(config.language());
        w.apply(&config.quire.labels);
        w
    }

    /// Replaces words by key ([`Words::keys`]); unknown keys are ignored (the loader notes them).
    pub fn apply(&mut self, overrides: &BTreeMap<String, String>) {
        for (k, v) in overrides {
            if let Some(slot) = self.slot(k) {
                slot.clone_from(v);
            }
        }
    }

    /// The label over chapter `n` ("Chapter 3", "第三章", "第3章", "제3장"): `{n}` in the
    /// template is the number in Arabic digits, `{n:chinese}` in Chinese numerals.
    pub fn chapter_label(&self, n: u32) -> String {
        self.chapter.replace("{n:chinese}", &chinese_number(n)).replace("{n}", &n.to_string())
    }

    /// The title of a part: `title`, or the word `part` when the SUMMARY left it empty.
    pub fn part_title<'a>(&'a self, title: &'a str) -> &'a str {
        if title.trim().is_empty() {
            &self.part
        } else {
            title
        }
    }

    /// A caption label with its number, as every format writes it ("Listing 1.2", "リスト 1.2").
    pub fn caption_label(&self, label: &str, n: &str) -> String {
        format!("{label} {n}")
    }

    /// The title of an admonition of this kind.
    pub fn admonition(&self, kind: crate::AdmonitionKind) -> &str {
        match kind {
            crate::AdmonitionKind::Note => &self.note,
            crate::AdmonitionKind::Tip => &self.tip,
            crate::AdmonitionKind::Important => &self.important,
            crate::AdmonitionKind::Warning => &self.warning,
            crate::AdmonitionKind::Caution => &self.caution,
        }
    }

    /// The search results heading for `n` hits, exactly as the site's script writes it.
    pub fn results_heading(&self, n: usize) -> String {
        match n {
            0 => self.no_results.clone(),
            1 => self.result_one.replace("{n}", "1"),
            n => self.result_many.replace("{n}", &n.to_string()),
        }
    }

    /// The words the site's script writes, by the suffix of their `data-l10n-*` attribute on
    /// `<body>` (the HTML renderer writes and escapes the attributes), so the content-hashed
    /// script stays one file for every language.
    pub fn script_words(&self) -> [(&'static str, &str); 13] {
        [
            ("result-one", &self.result_one),
            ("result-many", &self.result_many),
            ("no-results", &self.no_results),
            ("copied", &self.copied),
            ("run", &self.run),
            ("running", &self.running),
            ("no-output", &self.no_output),
            ("run-failed", &self.run_failed),
            ("keys-title", &self.keys_title),
            ("keys-pages", &self.keys_pages),
            ("keys-search", &self.keys_search),
            ("keys-help", &self.keys_help),
            ("keys-close", &self.keys_close),
        ]
    }
}

/// A word of the table as it stands for `locale`, before `[quire.labels]` (`None` for an
/// unknown key).
pub fn table_word(locale: Locale, key: &str) -> Option<&'static str> {
    TABLE.iter().find(|e| e.key == key).map(|e| e.word(locale))
}

/// A chapter number in Chinese numerals ("三", "十二", "二十五"); Arabic digits from 100.
pub fn chinese_number(n: u32) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n as usize].to_string(),
        10..=19 => format!("十{}", if n.is_multiple_of(10) { "" } else { D[(n % 10) as usize] }),
        20..=99 => format!("{}十{}", D[(n / 10) as usize], if n.is_multiple_of(10) { "" } else { D[(n % 10) as usize] }),
        _ => n.to_string(),
    }
}

/// True for a Chinese language tag written in Traditional characters: script `Hant`, or (with
/// no script subtag) the regions Taiwan, Hong Kong and Macao. Case and `_` for `-` do not matter.
pub fn is_traditional_chinese(tag: &str) -> bool {
    let tag = tag.trim().to_ascii_lowercase().replace('_', "-");
    let mut subtags = tag.split('-');
    if subtags.next() != Some("zh") {
        return false;
    }
    let rest: Vec<&str> = subtags.collect();
    if rest.contains(&"hant") {
        return true;
    }
    if rest.contains(&"hans") {
        return false;
    }
    rest.iter().any(|s| matches!(*s, "tw" | "hk" | "mo"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_language_has_its_own_words() {
        assert_eq!(Words::for_language("ja").listing, "リスト");
        assert_eq!(Words::for_language("ja").chapter_label(1), "第1章");
        assert_eq!(Words::for_language("zh-CN").chapter_label(12), "第十二章");
        assert_eq!(Words::for_language("zh-TW").contents, "目錄");
        assert_eq!(Words::for_language("ko").chapter_label(3), "제3장");
        assert_eq!(Words::for_language("ko-KR").contents, "목차");
        assert_eq!(Words::for_language("de").figure, "Figure");
        for tag in ["ja", "ko"] {
            let w = Words::for_language(tag);
            assert_ne!(w.listing, "代码清单", "{tag}");
            assert!(!w.chapter_label(1).contains('一'), "{tag}");
        }
    }

    #[test]
    fn book_toml_overrides_words() {
        let mut w = Words::for_language("ja");
        let o: BTreeMap<String, String> =
            [("listing".to_string(), "コード".to_string()), ("chapter".to_string(), "Chapter {n}".to_string())].into();
        w.apply(&o);
        assert_eq!(w.listing, "コード");
        assert_eq!(w.chapter_label(2), "Chapter 2");
    }

    #[test]
    fn every_locale_has_every_word() {
        let mut keys: Vec<&str> = Words::keys().collect();
        let n = keys.len();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), n, "a key is in the table twice");
        for e in TABLE {
            assert!(!e.key.is_empty() && e.key.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'), "{e:?}");
            let templated = e.words[0].contains("{n");
            for l in Locale::ALL {
                let w = e.word(l);
                // Not `trim`: the CJK caption separator is an ideographic space.
                assert!(!w.is_empty() && (w.trim().len() == w.len() || e.key == "caption-separator"), "{} in {l:?}: {w:?}", e.key);
                assert_eq!(w.contains("{n"), templated, "{} in {l:?} keeps the number: {w:?}", e.key);
                assert_eq!(Words::of(l).get(e.key), Some(w), "{}", e.key);
            }
        }
        assert!(TABLE.iter().any(|e| e.part == Part::Book) && TABLE.iter().any(|e| e.part == Part::Site));
        for l in Locale::ALL {
            for n in [1, 12, 100] {
                let label = Words::of(l).chapter_label(n);
                assert!(!label.contains('{') && !label.contains('}'), "{l:?}: {label}");
            }
        }
    }

    #[test]
    fn tags_pick_a_locale() {
        for tag in ["zh", "zh-CN", "zh-cn", "zh-Hans", "zh-Hans-CN", "zh-SG", "zh_CN"] {
            assert_eq!(Locale::from_tag(tag), Locale::SimplifiedChinese, "{tag}");
        }
        for tag in ["zh-TW", "zh-tw", "zh-Hant", "zh-Hant-TW", "zh-HK", "zh-MO", "zh_TW"] {
            assert_eq!(Locale::from_tag(tag), Locale::TraditionalChinese, "{tag}");
        }
        assert_eq!(Locale::from_tag("ja-JP"), Locale::Japanese);
        assert_eq!(Locale::from_tag("ko"), Locale::Korean);
        for tag in ["en", "en-GB", "fr", "", "zhx", "cmn"] {
            assert_eq!(Locale::from_tag(tag), Locale::English, "{tag}");
        }
        for (i, l) in Locale::ALL.iter().enumerate() {
            assert_eq!(l.index(), i);
        }
        assert_eq!(Words::for_language("ja").table_of_contents, "目次");
        assert_eq!(Words::for_language("ko").previous_chapter, "이전 장");
        assert_eq!(Words::for_language("zh-TW").table_of_contents, "目錄");
        assert_eq!(table_word(Locale::Japanese, "caution"), Some("注意"));
        assert_eq!(table_word(Locale::Japanese, "nope"), None);
    }

    #[test]
    fn result_headings_and_script_words() {
        let en = Words::of(Locale::English);
        assert_eq!(en.results_heading(0), "No results");
        assert_eq!(en.results_heading(1), "1 result");
        assert_eq!(en.results_heading(12), "12 results");
        let zh = Words::of(Locale::SimplifiedChinese);
        assert_eq!(zh.results_heading(3), "找到 3 个结果");
        assert_eq!(Words::of(Locale::TraditionalChinese).results_heading(0), "找不到結果");
        let words = zh.script_words();
        assert!(words.contains(&("copied", "已复制")), "{words:?}");
        assert!(words.contains(&("result-many", "找到 {n} 个结果")), "{words:?}");
    }

    #[test]
    fn every_word_can_be_replaced() {
        let o: BTreeMap<String, String> = Words::keys().map(|k| (k.to_string(), format!("<{k}>"))).collect();
        let mut w = Words::for_language("ko");
        w.apply(&o);
        for k in Words::keys() {
            assert_eq!(w.get(k), Some(format!("<{k}>").as_str()));
        }
        assert_eq!(w.admonition(crate::AdmonitionKind::Caution), "<caution>");
        let mut w = Words::for_language("zh");
        w.apply(&[("chapter".to_string(), "第{n:chinese}部".to_string())].into());
        assert_eq!(w.chapter_label(3), "第三部");
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(chinese_number(3), "三");
        assert_eq!(chinese_number(10), "十");
        assert_eq!(chinese_number(25), "二十五");
        assert_eq!(chinese_number(100), "100");
    }
}
