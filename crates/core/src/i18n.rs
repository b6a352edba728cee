//! The one translation table of the words Quire itself writes into a book (caption labels,
//! chapter labels, "Contents", footnote and admonition titles …), read by every renderer so the
//! HTML, the EPUB and the PDF of a book agree. English, Simplified Chinese, Traditional Chinese,
//! Japanese and Korean are known; any other language gets English. Each word can be replaced in
//! book.toml: `[quire.labels] listing = "Code"`, `chapter = "Part {n}"` (see [`Words::KEYS`]).

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

/// How a chapter number is written in a chapter label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Numerals {
    /// 1, 2, 3.
    Arabic,
    /// 一, 二, 三 (十二, 二十五).
    Chinese,
}

/// The words of one language. `{n}` in a template is the number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Words {
    /// "Figure" (caption label).
    pub figure: String,
    /// "Table".
    pub table: String,
    /// "Listing" (code listing caption label).
    pub listing: String,
    /// "Chapter {n}" (the label over a chapter title).
    pub chapter: String,
    /// How `{n}` in [`Words::chapter`] is written.
    pub chapter_numerals: Numerals,
    /// "Contents".
    pub contents: String,
    /// "Cover".
    pub cover: String,
    /// "Landmarks" (EPUB navigation).
    pub landmarks: String,
    /// "Start of content" (EPUB navigation).
    pub start: String,
    /// "Footnotes".
    pub footnotes: String,
    /// "Back to text" (a footnote's back link).
    pub back_to_text: String,
    /// "Copy" (copy buttons).
    pub copy: String,
    /// "Show hidden lines".
    pub show_hidden: String,
    /// Admonition titles: note, tip, important, warning, caution.
    pub admonitions: [String; 5],
    /// A ticked task-list box ("done").
    pub task_done: String,
    /// An unticked task-list box ("not done").
    pub task_open: String,
    /// Between a caption label and its text (`": "`, `"　"` in CJK).
    pub caption_sep: String,
}

fn s(v: &str) -> String {
    v.to_string()
}

impl Words {
    /// The keys `[quire.labels]` accepts.
    pub const KEYS: [&'static str; 20] = [
        "figure",
        "table",
        "listing",
        "chapter",
        "contents",
        "cover",
        "landmarks",
        "start",
        "footnotes",
        "back-to-text",
        "copy",
        "show-hidden",
        "note",
        "tip",
        "important",
        "warning",
        "caution",
        "task-done",
        "task-open",
        "caption-separator",
    ];

    /// The words of a locale.
    pub fn of(locale: Locale) -> Words {
        let w = |f: [&str; 16], numerals: Numerals, adm: [&str; 5], sep: &str| Words {
            figure: s(f[0]),
            table: s(f[1]),
            listing: s(f[2]),
            chapter: s(f[3]),
            chapter_numerals: numerals,
            contents: s(f[4]),
            cover: s(f[5]),
            landmarks: s(f[6]),
            start: s(f[7]),
            footnotes: s(f[8]),
            back_to_text: s(f[9]),
            copy: s(f[10]),
            show_hidden: s(f[11]),
            admonitions: adm.map(s),
            task_done: s(f[12]),
            task_open: s(f[13]),
            caption_sep: s(sep),
        };
        let cjk_sep = "\u{3000}";
        match locale {
            Locale::English => w(
                [
                    "Figure", "Table", "Listing", "Chapter {n}", "Contents", "Cover", "Landmarks", "Start of content",
                    "Footnotes", "Back to text", "Copy", "Show hidden lines", "done", "not done", "", "",
                ],
                Numerals::Arabic,
                ["Note", "Tip", "Important", "Warning", "Caution"],
                ": ",
            ),
            Locale::SimplifiedChinese => w(
                [
                    "图", "表", "代码清单", "第{n}章", "目录", "封面", "导航", "正文", "脚注", "返回正文", "复制",
                    "显示隐藏的行", "已完成", "未完成", "", "",
                ],
                Numerals::Chinese,
                ["注意", "提示", "重要", "警告", "小心"],
                cjk_sep,
            ),
            Locale::TraditionalChinese => w(
                [
                    "圖", "表", "程式碼清單", "第{n}章", "目錄", "封面", "導覽", "正文", "註腳", "返回正文", "複製",
                    "顯示隱藏的行", "已完成", "未完成", "", "",
                ],
                Numerals::Chinese,
                ["注意", "提示", "重要", "警告", "小心"],
                cjk_sep,
            ),
            Locale::Japanese => w(
                [
                    "図", "表", "リスト", "第{n}章", "目次", "表紙", "ランドマーク", "本文", "脚注", "本文に戻る",
                    "コピー", "隠れた行を表示", "完了", "未完了", "", "",
                ],
                Numerals::Arabic,
                ["注記", "ヒント", "重要", "警告", "注意"],
                cjk_sep,
            ),
            Locale::Korean => w(
                [
                    "그림", "표", "코드", "제{n}장", "목차", "표지", "랜드마크", "본문", "각주", "본문으로",
                    "복사", "숨겨진 줄 보기", "완료", "미완료", "", "",
                ],
                Numerals::Arabic,
                ["참고", "팁", "중요", "경고", "주의"],
                ": ",
            ),
        }
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

    /// Replaces words by key ([`Words::KEYS`]); unknown keys are ignored (the loader notes them).
    pub fn apply(&mut self, overrides: &BTreeMap<String, String>) {
        for (k, v) in overrides {
            let v = v.clone();
            match k.as_str() {
                "figure" => self.figure = v,
                "table" => self.table = v,
                "listing" => self.listing = v,
                "chapter" => {
                    self.chapter = v;
                    self.chapter_numerals = Numerals::Arabic;
                }
                "contents" => self.contents = v,
                "cover" => self.cover = v,
                "landmarks" => self.landmarks = v,
                "start" => self.start = v,
                "footnotes" => self.footnotes = v,
                "back-to-text" => self.back_to_text = v,
                "copy" => self.copy = v,
                "show-hidden" => self.show_hidden = v,
                "note" => self.admonitions[0] = v,
                "tip" => self.admonitions[1] = v,
                "important" => self.admonitions[2] = v,
                "warning" => self.admonitions[3] = v,
                "caution" => self.admonitions[4] = v,
                "task-done" => self.task_done = v,
                "task-open" => self.task_open = v,
                "caption-separator" => self.caption_sep = v,
                _ => {}
            }
        }
    }

    /// The label over chapter `n` ("Chapter 3", "第三章", "第3章", "제3장").
    pub fn chapter_label(&self, n: u32) -> String {
        let num = match self.chapter_numerals {
            Numerals::Arabic => n.to_string(),
            Numerals::Chinese => chinese_number(n),
        };
        self.chapter.replace("{n}", &num)
    }

    /// A caption label with its number, as the PDF sets it before the caption ("Listing 1.2",
    /// "リスト 1.2").
    pub fn numbered(&self, label: &str, n: &str) -> String {
        format!("{label} {n}")
    }
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
    fn chinese_numerals() {
        assert_eq!(chinese_number(3), "三");
        assert_eq!(chinese_number(10), "十");
        assert_eq!(chinese_number(25), "二十五");
        assert_eq!(chinese_number(100), "100");
    }
}
