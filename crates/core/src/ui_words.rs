//! The words of the site's own interface (top bar, sidebar, pager, search, copy buttons, the
//! 404 page), in the book's language: English, Simplified Chinese, Traditional Chinese,
//! Japanese and Korean; any other language gets English. Part of Quire's one translation table
//! (with [`crate::i18n`], the words written into the book itself), read by the HTML renderer. The words the page script writes (search result counts, copy
//! feedback) travel in `data-l10n-*` attributes of `<body>` (see [`UiLabels::script_words`]),
//! so the content-hashed script stays one file for every language.

/// Which table of interface words a language tag gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum UiLanguage {
    /// English, and every language without a table of its own.
    English,
    /// Simplified Chinese (`zh`, `zh-CN`, `zh-SG`, `zh-Hans`, …).
    SimplifiedChinese,
    /// Traditional Chinese (`zh-TW`, `zh-HK`, `zh-MO`, `zh-Hant`, …).
    TraditionalChinese,
    /// Japanese (`ja`).
    Japanese,
    /// Korean (`ko`).
    Korean,
}

impl UiLanguage {
    /// The table for a BCP 47 tag (case and `_` for `-` do not matter).
    pub fn from_tag(tag: &str) -> UiLanguage {
        match crate::i18n::Locale::from_tag(tag) {
            crate::i18n::Locale::English => UiLanguage::English,
            crate::i18n::Locale::SimplifiedChinese => UiLanguage::SimplifiedChinese,
            crate::i18n::Locale::TraditionalChinese => UiLanguage::TraditionalChinese,
            crate::i18n::Locale::Japanese => UiLanguage::Japanese,
            crate::i18n::Locale::Korean => UiLanguage::Korean,
        }
    }

    /// Its words.
    pub fn labels(self) -> &'static UiLabels {
        match self {
            UiLanguage::English => &ENGLISH,
            UiLanguage::SimplifiedChinese => &SIMPLIFIED_CHINESE,
            UiLanguage::TraditionalChinese => &TRADITIONAL_CHINESE,
            UiLanguage::Japanese => &JAPANESE,
            UiLanguage::Korean => &KOREAN,
        }
    }
}

/// The interface words of one language. Templates hold `{n}` where a number goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UiLabels {
    /// The skip link before the top bar.
    pub skip_to_content: &'static str,
    /// The sidebar's name and its toggle button's label.
    pub table_of_contents: &'static str,
    /// The search box's placeholder.
    pub search_placeholder: &'static str,
    /// The search box's accessible name.
    pub search_label: &'static str,
    /// The accessible name of the search results region.
    pub search_results: &'static str,
    /// Heading of a search with one hit (`{n}`).
    pub result_one: &'static str,
    /// Heading of a search with several hits (`{n}`).
    pub result_many: &'static str,
    /// Heading of a search without hits.
    pub no_results: &'static str,
    /// The light/dark theme toggle.
    pub toggle_theme: &'static str,
    /// The link to `print.html`.
    pub print_book: &'static str,
    /// The link to the book's source repository.
    pub source_repository: &'static str,
    /// The "edit this page" link under a chapter.
    pub edit_page: &'static str,
    /// The accessible name of the breadcrumbs.
    pub breadcrumbs: &'static str,
    /// The accessible name of the previous/next links.
    pub pager: &'static str,
    /// Over the link to the previous chapter.
    pub previous_chapter: &'static str,
    /// Over the link to the next chapter.
    pub next_chapter: &'static str,
    /// Tooltip of a draft chapter (no page yet) in the sidebar.
    pub draft: &'static str,
    /// What a copy button says once the code is on the clipboard.
    pub copied: &'static str,
    /// The 404 page's title and heading.
    pub not_found_title: &'static str,
    /// The 404 page's explanation.
    pub not_found_text: &'static str,
    /// The 404 page's link to the first page.
    pub not_found_home: &'static str,
}

/// English.
pub const ENGLISH: UiLabels = UiLabels {
    skip_to_content: "Skip to content",
    table_of_contents: "Table of contents",
    search_placeholder: "Search…",
    search_label: "Search this book",
    search_results: "Search results",
    result_one: "{n} result",
    result_many: "{n} results",
    no_results: "No results",
    toggle_theme: "Light or dark theme",
    print_book: "Print this book",
    source_repository: "Source repository",
    edit_page: "Edit this page",
    breadcrumbs: "Breadcrumbs",
    pager: "Previous and next chapters",
    previous_chapter: "Previous chapter",
    next_chapter: "Next chapter",
    draft: "Draft",
    copied: "Copied",
    not_found_title: "Page not found",
    not_found_text: "This page does not exist. Try the table of contents or the search box.",
    not_found_home: "Go to the first page",
};

/// Simplified Chinese.
pub const SIMPLIFIED_CHINESE: UiLabels = UiLabels {
    skip_to_content: "跳到正文",
    table_of_contents: "目录",
    search_placeholder: "搜索…",
    search_label: "搜索本书",
    search_results: "搜索结果",
    result_one: "找到 {n} 个结果",
    result_many: "找到 {n} 个结果",
    no_results: "没有找到结果",
    toggle_theme: "切换浅色/深色主题",
    print_book: "打印本书",
    source_repository: "源代码仓库",
    edit_page: "编辑本页",
    breadcrumbs: "当前位置",
    pager: "章节导航",
    previous_chapter: "上一章",
    next_chapter: "下一章",
    draft: "草稿",
    copied: "已复制",
    not_found_title: "找不到页面",
    not_found_text: "此页面不存在。请试试目录或搜索框。",
    not_found_home: "返回首页",
};

/// Traditional Chinese.
pub const TRADITIONAL_CHINESE: UiLabels = UiLabels {
    skip_to_content: "跳至正文",
    table_of_contents: "目錄",
    search_placeholder: "搜尋…",
    search_label: "搜尋本書",
    search_results: "搜尋結果",
    result_one: "找到 {n} 筆結果",
    result_many: "找到 {n} 筆結果",
    no_results: "找不到結果",
    toggle_theme: "切換淺色/深色主題",
    print_book: "列印本書",
    source_repository: "原始碼儲存庫",
    edit_page: "編輯本頁",
    breadcrumbs: "目前位置",
    pager: "章節導覽",
    previous_chapter: "上一章",
    next_chapter: "下一章",
    draft: "草稿",
    copied: "已複製",
    not_found_title: "找不到頁面",
    not_found_text: "此頁面不存在。請試試目錄或搜尋框。",
    not_found_home: "回到首頁",
};

/// Japanese.
pub const JAPANESE: UiLabels = UiLabels {
    skip_to_content: "本文へ移動",
    table_of_contents: "目次",
    search_placeholder: "検索…",
    search_label: "この本を検索",
    search_results: "検索結果",
    result_one: "{n} 件の結果",
    result_many: "{n} 件の結果",
    no_results: "結果はありません",
    toggle_theme: "ライト/ダークテーマの切り替え",
    print_book: "この本を印刷",
    source_repository: "ソースリポジトリ",
    edit_page: "このページを編集",
    breadcrumbs: "現在の位置",
    pager: "前後の章",
    previous_chapter: "前の章",
    next_chapter: "次の章",
    draft: "草稿",
    copied: "コピーしました",
    not_found_title: "ページが見つかりません",
    not_found_text: "このページは存在しません。目次か検索ボックスをお試しください。",
    not_found_home: "最初のページへ",
};

/// Korean.
pub const KOREAN: UiLabels = UiLabels {
    skip_to_content: "본문으로 건너뛰기",
    table_of_contents: "목차",
    search_placeholder: "검색…",
    search_label: "이 책에서 검색",
    search_results: "검색 결과",
    result_one: "결과 {n}개",
    result_many: "결과 {n}개",
    no_results: "결과 없음",
    toggle_theme: "밝은/어두운 테마 전환",
    print_book: "이 책 인쇄",
    source_repository: "소스 저장소",
    edit_page: "이 페이지 편집",
    breadcrumbs: "현재 위치",
    pager: "이전 장과 다음 장",
    previous_chapter: "이전 장",
    next_chapter: "다음 장",
    draft: "초안",
    copied: "복사됨",
    not_found_title: "페이지를 찾을 수 없습니다",
    not_found_text: "이 페이지는 존재하지 않습니다. 목차나 검색 상자를 이용해 보세요.",
    not_found_home: "첫 페이지로",
};

impl UiLabels {
    /// The words for a BCP 47 language tag.
    pub fn for_language(tag: &str) -> &'static UiLabels {
        UiLanguage::from_tag(tag).labels()
    }

    /// The search results heading for `n` hits, exactly as the page script writes it.
    pub fn results_heading(&self, n: usize) -> String {
        match n {
            0 => self.no_results.to_string(),
            1 => self.result_one.replace("{n}", "1"),
            n => self.result_many.replace("{n}", &n.to_string()),
        }
    }

    /// The words the page script writes, by the suffix of their `data-l10n-*` attribute on
    /// `<body>` (the HTML renderer writes and escapes the attributes).
    pub fn script_words(&self) -> [(&'static str, &'static str); 4] {
        [
            ("result-one", self.result_one),
            ("result-many", self.result_many),
            ("no-results", self.no_results),
            ("copied", self.copied),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_pick_a_table() {
        for tag in ["zh", "zh-CN", "zh-cn", "zh-Hans", "zh-Hans-CN", "zh-SG", "zh_CN"] {
            assert_eq!(UiLanguage::from_tag(tag), UiLanguage::SimplifiedChinese, "{tag}");
        }
        for tag in ["zh-TW", "zh-tw", "zh-Hant", "zh-Hant-TW", "zh-HK", "zh-MO", "zh_TW"] {
            assert_eq!(UiLanguage::from_tag(tag), UiLanguage::TraditionalChinese, "{tag}");
        }
        assert_eq!(UiLanguage::from_tag("ja-JP"), UiLanguage::Japanese);
        assert_eq!(UiLanguage::from_tag("ko"), UiLanguage::Korean);
        assert_eq!(UiLabels::for_language("ja").table_of_contents, "目次");
        assert_eq!(UiLabels::for_language("ko").previous_chapter, "이전 장");
        for tag in ["en", "en-GB", "fr", "", "zhx", "cmn"] {
            assert_eq!(UiLanguage::from_tag(tag), UiLanguage::English, "{tag}");
        }
        assert_eq!(UiLabels::for_language("zh-TW").previous_chapter, "上一章");
        assert_eq!(UiLabels::for_language("zh-TW").table_of_contents, "目錄");
        assert_eq!(UiLabels::for_language("zh").table_of_contents, "目录");
    }

    #[test]
    fn result_headings_and_attributes() {
        assert_eq!(ENGLISH.results_heading(0), "No results");
        assert_eq!(ENGLISH.results_heading(1), "1 result");
        assert_eq!(ENGLISH.results_heading(12), "12 results");
        assert_eq!(SIMPLIFIED_CHINESE.results_heading(3), "找到 3 个结果");
        assert_eq!(TRADITIONAL_CHINESE.results_heading(0), "找不到結果");
        let words = SIMPLIFIED_CHINESE.script_words();
        assert!(words.contains(&("copied", "已复制")), "{words:?}");
        assert!(words.contains(&("result-many", "找到 {n} 个结果")), "{words:?}");
    }

    #[test]
    fn every_table_is_complete() {
        for l in [&ENGLISH, &SIMPLIFIED_CHINESE, &TRADITIONAL_CHINESE, &JAPANESE, &KOREAN] {
            let all = [
                l.skip_to_content,
                l.table_of_contents,
                l.search_placeholder,
                l.search_label,
                l.search_results,
                l.no_results,
                l.toggle_theme,
                l.print_book,
                l.source_repository,
                l.edit_page,
                l.breadcrumbs,
                l.pager,
                l.previous_chapter,
                l.next_chapter,
                l.draft,
                l.copied,
                l.not_found_title,
                l.not_found_text,
                l.not_found_home,
            ];
            assert!(all.iter().all(|s| !s.trim().is_empty()), "{l:?}");
            assert!(l.result_one.contains("{n}") && l.result_many.contains("{n}"), "{l:?}");
        }
    }
}
