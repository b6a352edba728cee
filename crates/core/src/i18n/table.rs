//! The words themselves: one entry per word, with its `[quire.labels]` key and its five
//! translations in [`Locale::ALL`](super::Locale::ALL) order (English, Simplified Chinese,
//! Traditional Chinese, Japanese, Korean). The first part holds the words written into the book
//! (every format), the second the HTML site's interface words. `{n}` in a template is a number
//! in Arabic digits, `{n:chinese}` in Chinese numerals (一, 十二).

use super::{Entry, Locale, Part};

word_table! {
    Book {
        /// "Figure" (caption label).
        figure "figure" = ["Figure", "图", "圖", "図", "그림"];
        /// "Table" (caption label).
        table "table" = ["Table", "表", "表", "表", "표"];
        /// "Listing" (code listing caption label).
        listing "listing" = ["Listing", "代码清单", "程式碼清單", "リスト", "코드"];
        /// Between a caption label and its text (`": "`, `"　"` in Chinese and Japanese).
        caption_sep "caption-separator" = [": ", "\u{3000}", "\u{3000}", "\u{3000}", ": "];
        /// "Chapter {n}" (the label over a chapter title in the PDF).
        chapter "chapter" = ["Chapter {n}", "第{n:chinese}章", "第{n:chinese}章", "第{n}章", "제{n}장"];
        /// "Contents" (the contents page of the PDF and the EPUB, its running head and bookmark).
        contents "contents" = ["Contents", "目录", "目錄", "目次", "목차"];
        /// "Cover" (the EPUB's cover page).
        cover "cover" = ["Cover", "封面", "封面", "表紙", "표지"];
        /// "Landmarks" (EPUB navigation).
        landmarks "landmarks" = ["Landmarks", "导航", "導覽", "ランドマーク", "랜드마크"];
        /// "Start of content" (EPUB navigation).
        start "start" = ["Start of content", "正文", "正文", "本文", "본문"];
        /// "Footnotes" (heading of a chapter's footnotes in HTML and EPUB).
        footnotes "footnotes" = ["Footnotes", "脚注", "註腳", "脚注", "각주"];
        /// "Back to text" (a footnote's back link).
        back_to_text "back-to-text" = ["Back to text", "返回正文", "返回正文", "本文に戻る", "본문으로"];
        /// Title of a note admonition.
        note "note" = ["Note", "注意", "注意", "注記", "참고"];
        /// Title of a tip admonition.
        tip "tip" = ["Tip", "提示", "提示", "ヒント", "팁"];
        /// Title of an important admonition.
        important "important" = ["Important", "重要", "重要", "重要", "중요"];
        /// Title of a warning admonition.
        warning "warning" = ["Warning", "警告", "警告", "警告", "경고"];
        /// Title of a caution admonition.
        caution "caution" = ["Caution", "小心", "小心", "注意", "주의"];
        /// A ticked task-list box ("done", its accessible name).
        task_done "task-done" = ["done", "已完成", "已完成", "完了", "완료"];
        /// An unticked task-list box ("not done").
        task_open "task-open" = ["not done", "未完成", "未完成", "未完了", "미완료"];
        /// The title of a book, or a chapter, that has none.
        untitled "untitled" = ["Untitled", "无标题", "無標題", "無題", "제목 없음"];
        /// The title of a part whose SUMMARY heading is empty.
        part "part" = ["Part", "部分", "部分", "部", "부"];
        /// Stands for an image that cannot be shown and has no alt text (PDF: `[image]`).
        image "image" = ["image", "图片", "圖片", "画像", "이미지"];
        /// The title of the EPUB's stand-in for an image that is not in the package.
        image_missing "image-missing" = ["Image not available", "图片不可用", "圖片無法顯示", "画像を表示できません", "이미지를 표시할 수 없음"];
    }
    Site {
        /// The skip link before the top bar.
        skip_to_content "skip-to-content" = ["Skip to content", "跳到正文", "跳至正文", "本文へ移動", "본문으로 건너뛰기"];
        /// The sidebar's name, its toggle button's label and the title of `toc.html` (the
        /// sidebar as a page, for large books).
        table_of_contents "table-of-contents" = ["Table of contents", "目录", "目錄", "目次", "목차"];
        /// The search box's placeholder.
        search_placeholder "search-placeholder" = ["Search…", "搜索…", "搜尋…", "検索…", "검색…"];
        /// The search box's accessible name.
        search_label "search-label" = ["Search this book", "搜索本书", "搜尋本書", "この本を検索", "이 책에서 검색"];
        /// The accessible name of the search results region.
        search_results "search-results" = ["Search results", "搜索结果", "搜尋結果", "検索結果", "검색 결과"];
        /// Heading of a search with one hit (`{n}`).
        result_one "result-one" = ["{n} result", "找到 {n} 个结果", "找到 {n} 筆結果", "{n} 件の結果", "결과 {n}개"];
        /// Heading of a search with several hits (`{n}`).
        result_many "result-many" = ["{n} results", "找到 {n} 个结果", "找到 {n} 筆結果", "{n} 件の結果", "결과 {n}개"];
        /// Heading of a search without hits.
        no_results "no-results" = ["No results", "没有找到结果", "找不到結果", "結果はありません", "결과 없음"];
        /// The light/dark theme toggle.
        toggle_theme "toggle-theme" = ["Light or dark theme", "切换浅色/深色主题", "切換淺色/深色主題", "ライト/ダークテーマの切り替え", "밝은/어두운 테마 전환"];
        /// The link to `print.html`.
        print_book "print-book" = ["Print this book", "打印本书", "列印本書", "この本を印刷", "이 책 인쇄"];
        /// The link to the book's source repository.
        source_repository "source-repository" = ["Source repository", "源代码仓库", "原始碼儲存庫", "ソースリポジトリ", "소스 저장소"];
        /// The "edit this page" link under a chapter.
        edit_page "edit-page" = ["Edit this page", "编辑本页", "編輯本頁", "このページを編集", "이 페이지 편집"];
        /// The accessible name of the breadcrumbs.
        breadcrumbs "breadcrumbs" = ["Breadcrumbs", "当前位置", "目前位置", "現在の位置", "현재 위치"];
        /// The accessible name of the previous/next links.
        pager "pager" = ["Previous and next chapters", "章节导航", "章節導覽", "前後の章", "이전 장과 다음 장"];
        /// Over the link to the previous chapter.
        previous_chapter "previous-chapter" = ["Previous chapter", "上一章", "上一章", "前の章", "이전 장"];
        /// Over the link to the next chapter.
        next_chapter "next-chapter" = ["Next chapter", "下一章", "下一章", "次の章", "다음 장"];
        /// Tooltip of a draft chapter (no page yet) in the sidebar.
        draft "draft" = ["Draft", "草稿", "草稿", "草稿", "초안"];
        /// "Copy" (the copy button of a code block).
        copy "copy" = ["Copy", "复制", "複製", "コピー", "복사"];
        /// What a copy button says once the code is on the clipboard.
        copied "copied" = ["Copied", "已复制", "已複製", "コピーしました", "복사됨"];
        /// The button that shows mdBook's hidden code lines.
        show_hidden "show-hidden" = ["Show hidden lines", "显示隐藏的行", "顯示隱藏的行", "隠れた行を表示", "숨겨진 줄 보기"];
        /// The 404 page's title and heading.
        not_found_title "not-found-title" = ["Page not found", "找不到页面", "找不到頁面", "ページが見つかりません", "페이지를 찾을 수 없습니다"];
        /// The 404 page's explanation.
        not_found_text "not-found-text" = [
            "This page does not exist. Try the table of contents or the search box.",
            "此页面不存在。请试试目录或搜索框。",
            "此頁面不存在。請試試目錄或搜尋框。",
            "このページは存在しません。目次か検索ボックスをお試しください。",
            "이 페이지는 존재하지 않습니다. 목차나 검색 상자를 이용해 보세요."
        ];
        /// The 404 page's link to the first page.
        not_found_home "not-found-home" = ["Go to the first page", "返回首页", "回到首頁", "最初のページへ", "첫 페이지로"];
        /// The playground's Run button on a Rust code block (site).
        run "run" = ["Run", "运行", "執行", "実行", "실행"];
        /// Shown under a Rust block while the playground runs it.
        running "running" = ["Running…", "运行中…", "執行中…", "実行中…", "실행 중…"];
        /// Shown when the run printed nothing.
        no_output "no-output" = ["No output", "没有输出", "沒有輸出", "出力なし", "출력 없음"];
        /// Shown when the playground cannot be reached.
        run_failed "run-failed" = ["The playground could not be reached", "无法连接到 Playground", "無法連線到 Playground", "Playground に接続できません", "Playground에 연결할 수 없습니다"];
        /// The title of the `?` key's help.
        keys_title "keys-title" = ["Keyboard shortcuts", "键盘快捷键", "鍵盤快速鍵", "キーボードショートカット", "키보드 단축키"];
        /// The help's line for the arrow keys.
        keys_pages "keys-pages" = ["Previous and next chapter", "上一章和下一章", "上一章和下一章", "前の章と次の章", "이전 장과 다음 장"];
        /// The help's line for `s` and `/`.
        keys_search "keys-search" = ["Search the book", "搜索本书", "搜尋本書", "本を検索", "책 검색"];
        /// The help's line for `?`.
        keys_help "keys-help" = ["Show this help", "显示此帮助", "顯示此說明", "このヘルプを表示", "이 도움말 보기"];
        /// The help's line for Escape.
        keys_close "keys-close" = ["Close", "关闭", "關閉", "閉じる", "닫기"];
        /// The toggle that shows or hides a chapter's sub-chapters in a folding sidebar.
        fold_toggle "fold-toggle" = ["Show or hide the sub-chapters", "展开或收起子章节", "展開或收合子章節", "サブ章の表示／非表示", "하위 장 펼치기/접기"];
    }
}
