//! AST inlines → styled text runs: the flat input of paragraph setting. Emphasis becomes italic
//! (bold for CJK, which has no italic), code becomes mono, links and footnote marks remember
//! where they point, superscripts are raised, raw HTML elements styled by tag (see
//! `html`); inline TeX math becomes a run of its own that the paragraph setter typesets as one
//! box (see [`crate::math`]).

use crate::fonts::Family;
use crate::model::Color;
use quire_core::i18n::Words;
use quire_core::script::joins_at_line_break;
use quire_core::lang_tag::LangTag;
use quire_core::text_lang::TextLang;
use quire_core::{Chapter, Inline, InlineKind, LinkTarget};

/// The look of a run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RunStyle {
    /// Font family category.
    pub family: Family,
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
    /// Size in points.
    pub size: f32,
    /// Colour.
    pub color: Color,
    /// Baseline shift upwards in points (footnote marks).
    pub rise: f32,
    /// Index into the `links` of the styled paragraph.
    pub link: Option<usize>,
    /// Chapter footnote number this run marks.
    pub footnote: Option<usize>,
    /// This run is a formula: its text is the TeX, typeset as one box when the paragraph is
    /// set from the formula it names.
    pub math: Option<MathRun>,
    /// The language of the text when an element names one (`<span lang="ja">`); `None`: the
    /// paragraph's ([`super::paragraph::ParaSpec::lang`]). The script of the characters has the
    /// last word either way (see [`quire_core::text_lang::segments`]).
    pub lang: Option<TextLang>,
    /// The language tag the element names (`fr`, `de-CH`, `ja`), for the tagged PDF's `/Lang`;
    /// `None`: the enclosing block's.
    pub lang_tag: Option<LangTag>,
    /// An image set in the line: the run's text is one U+FFFC per image, each a box of the
    /// object's size.
    pub object: Option<ObjectBox>,
    /// The run is the base of a ruby: the index of its reading in the styled paragraph's
    /// `rubies`; the base and its reading are set as one box (see the layout's `ruby` module).
    pub ruby: Option<u32>,
}

impl RunStyle {
    /// The run is set as one box built before the paragraph is set (a formula, a ruby).
    pub fn is_box(&self) -> bool {
        self.math.is_some() || self.ruby.is_some()
    }

    /// Regular text of `family` at `size`.
    pub fn plain(family: Family, size: f32) -> RunStyle {
        RunStyle { family, bold: false, italic: false, size, color: Color::BLACK, rise: 0.0, link: None, footnote: None, math: None, lang: None, lang_tag: None, object: None, ruby: None }
    }
}

/// A formula in running text: which of the styled paragraph's formulas, and where it is written
/// (for a diagnostic when it does not typeset).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MathRun {
    /// Index into the styled paragraph's `formulas`.
    pub formula: usize,
    /// Where the formula is written.
    pub span: quire_core::Span,
}

/// An image in running text, set in the line as a box whose bottom sits on the baseline.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ObjectBox {
    /// The image.
    pub asset: quire_core::AssetId,
    /// Index into the styled paragraph's `images`.
    pub image: usize,
    /// Width in points (0 until sized, see `Ctx::set`).
    pub w: f32,
    /// Height in points.
    pub h: f32,
}

/// The character that stands for an [`ObjectBox`] or a formula in a run's text (OBJECT
/// REPLACEMENT CHARACTER).
pub const OBJECT: char = '\u{FFFC}';

/// A piece of text in one style.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// The text (`\n` = hard line break).
    pub text: String,
    /// Its style.
    pub style: RunStyle,
}

/// A paragraph's runs and the link targets they refer to.
#[derive(Debug, Clone, Default)]
pub(crate) struct Styled {
    /// Runs in order.
    pub runs: Vec<Run>,
    /// Link targets by index.
    pub links: Vec<LinkTarget>,
    /// The images set in the lines ([`RunStyle::object`] indexes them).
    pub images: Vec<quire_core::Image>,
    /// The readings of ruby bases ([`RunStyle::ruby`] indexes them).
    pub rubies: Vec<String>,
    /// The formulas set in the lines ([`RunStyle::math`] indexes them), as the parse stage read
    /// them.
    pub formulas: Vec<quire_core::Formula>,
}

/// Colour of link text.
pub(crate) const LINK: Color = Color { r: 0.05, g: 0.22, b: 0.5 };

/// Converts inlines with a base style. `chapter` resolves footnote marks to their anchors; `cjk`
/// turns emphasis into bold (CJK faces have no italic); `words` has the word that stands for an
/// image without alt text.
pub(crate) fn styled(inlines: &[Inline], base: RunStyle, chapter: Option<&Chapter>, cjk: bool, words: &Words) -> Styled {
    let mut out = Styled::default();
    push(inlines, base, chapter, cjk, words, &mut out);
    out
}

fn add(out: &mut Styled, text: &str, style: RunStyle) {
    if text.is_empty() {
        return;
    }
    match out.runs.last_mut() {
        Some(r) if r.style == style && style.object.is_none() => r.text.push_str(text),
        _ => out.runs.push(Run { text: text.to_string(), style }),
    }
}

fn push(inlines: &[Inline], st: RunStyle, chapter: Option<&Chapter>, cjk: bool, words: &Words, out: &mut Styled) {
    for (k, i) in inlines.iter().enumerate() {
        match &i.kind {
            InlineKind::Text(t) => add(out, &t.replace(['\n', '\r'], " "), st),
            InlineKind::Code(t) => {
                let s = RunStyle { family: Family::Mono, size: st.size * 0.92, bold: false, italic: false, ..st };
                add(out, t, s);
            }
            InlineKind::Emphasis(c) => {
                let s = if cjk { RunStyle { bold: true, ..st } } else { RunStyle { italic: !st.italic, ..st } };
                push(c, s, chapter, cjk, words, out);
            }
            InlineKind::Strong(c) => push(c, RunStyle { bold: true, ..st }, chapter, cjk, words, out),
            InlineKind::Strikethrough(c) => push(c, RunStyle { color: Color::gray(0.45), ..st }, chapter, cjk, words, out),
            InlineKind::Link { target, children, .. } => {
                let s = match target {
                    LinkTarget::Unresolved(_) | LinkTarget::Refused(_) | LinkTarget::File(_) => st,
                    t => {
                        out.links.push(t.clone());
                        RunStyle { link: Some(out.links.len() - 1), color: LINK, ..st }
                    }
                };
                push(children, s, chapter, cjk, words, out);
            }
            // An image of the book's files is set in the line, where the author put it (a
            // paragraph that is only images sets them as figures instead: see `blocks`).
            InlineKind::Image(img) => match img.source {
                quire_core::ImageSource::Asset(asset) => {
                    out.images.push(img.clone());
                    let object = ObjectBox { asset, image: out.images.len() - 1, w: 0.0, h: 0.0 };
                    out.runs.push(Run { text: OBJECT.to_string(), style: RunStyle { object: Some(object), ..st } });
                }
                _ => {
                    let alt = if img.alt.is_empty() { &words.image } else { &img.alt };
                    add(out, &format!("[{alt}]"), RunStyle { color: Color::gray(0.4), ..st });
                }
            },
            InlineKind::FootnoteRef { index, .. } => {
                let mark = if *index == 0 { "?".to_string() } else { index.to_string() };
                let mut s = RunStyle { size: st.size * 0.68, rise: st.size * 0.36, footnote: Some(*index), ..st };
                let id = chapter.and_then(|c| c.footnotes.iter().find(|f| f.index == *index)).map(|f| f.id.clone());
                if let (Some(c), Some(id)) = (chapter, id) {
                    out.links.push(LinkTarget::Internal { chapter: c.id, anchor: Some(id) });
                    s.link = Some(out.links.len() - 1);
                }
                out.runs.push(Run { text: mark, style: s });
            }
            InlineKind::Math(f) if f.only_defines() => {}
            InlineKind::Math(f) => {
                out.formulas.push(f.clone());
                let s = RunStyle { math: Some(MathRun { formula: out.formulas.len() - 1, span: i.span }), rise: 0.0, ..st };
                out.runs.push(Run { text: f.tex().to_string(), style: s });
            }
            // Comments and the like: raw HTML with markup was parsed into nodes.
            InlineKind::Html(_) => {}
            InlineKind::Superscript(c) => {
                let s = RunStyle { size: st.size * 0.7, rise: st.rise + st.size * 0.36, ..st };
                push(c, s, chapter, cjk, words, out);
            }
            InlineKind::Subscript(c) => {
                let s = RunStyle { size: st.size * 0.7, rise: st.rise - st.size * 0.14, ..st };
                push(c, s, chapter, cjk, words, out);
            }
            InlineKind::HtmlElement { tag, attrs, children } => {
                if super::html::hidden(tag) {
                } else if let Some(p) = super::html::placeholder(tag, attrs) {
                    add(out, &p, RunStyle { color: Color::gray(0.4), ..st });
                } else if tag == "ruby" {
                    ruby(children, st, chapter, cjk, words, out);
                } else if tag == "q" {
                    add(out, "\u{201c}", st);
                    push(children, st, chapter, cjk, words, out);
                    add(out, "\u{201d}", st);
                } else if matches!(tag.as_str(), "ul" | "ol" | "menu") {
                    // A list written where only text may go (a table cell): each item on a line
                    // of its own after its marker, and the text after the list on the next.
                    let mut n = 0u64;
                    for c in children {
                        match &c.kind {
                            InlineKind::HtmlElement { tag: li, children: kids, .. } if li == "li" => {
                                n += 1;
                                if !out.runs.is_empty() {
                                    add(out, "\n", st);
                                }
                                add(out, &if tag == "ol" { format!("{n}. ") } else { "• ".to_string() }, st);
                                push(kids, st, chapter, cjk, words, out);
                            }
                            _ => push(std::slice::from_ref(c), st, chapter, cjk, words, out),
                        }
                    }
                    if n > 0 && k + 1 < inlines.len() {
                        add(out, "\n", st);
                    }
                } else {
                    // `lang` on an element sets its text by that language's rules, and is its
                    // language in the tagged PDF.
                    let (st, cjk) = match super::html::lang_of(attrs) {
                        Some(l) => (RunStyle { lang: Some(l), lang_tag: LangTag::of_attrs(attrs), ..st }, l.is_cjk()),
                        None => (st, cjk),
                    };
                    let st = super::html::attr_style(attrs, super::html::inline_style(tag, st, cjk));
                    push(children, st, chapter, cjk, words, out);
                }
            }
            InlineKind::SoftBreak => {
                // A source line break between two Chinese or Japanese characters disappears
                // (CSS Text 4 segment breaks); anywhere else, Hangul included, it is a space.
                let before = out.runs.last().and_then(|r| r.text.chars().next_back());
                let after = inlines.get(k + 1).and_then(|n| quire_core::plain_text(std::slice::from_ref(n)).chars().next());
                let joined = matches!((before, after), (Some(a), Some(b)) if joins_at_line_break(a) && joins_at_line_break(b));
                if !joined {
                    add(out, " ", st);
                }
            }
            InlineKind::HardBreak => add(out, "\n", st),
        }
    }
}

/// `<ruby>`'s children: each run of base content before an `<rt>` becomes one base run carrying
/// that reading; `<rp>` (the parentheses for readers without ruby) is left out, `<rb>` is base.
/// Base content with no reading after it is set as ordinary text.
fn ruby(children: &[Inline], st: RunStyle, chapter: Option<&Chapter>, cjk: bool, words: &Words, out: &mut Styled) {
    let mut base: Vec<&Inline> = Vec::new();
    for c in children {
        match &c.kind {
            InlineKind::HtmlElement { tag, children: reading, .. } if tag == "rt" => {
                let text: String = base.iter().map(|b| quire_core::plain_text(std::slice::from_ref(*b))).collect();
                if text.trim().is_empty() {
                    continue;
                }
                base.clear();
                out.rubies.push(quire_core::plain_text(reading));
                let index = u32::try_from(out.rubies.len() - 1).ok();
                out.runs.push(Run { text, style: RunStyle { ruby: index, ..st } });
            }
            InlineKind::HtmlElement { tag, .. } if tag == "rp" => {}
            InlineKind::HtmlElement { tag, children: inner, .. } if tag == "rb" => base.extend(inner.iter()),
            _ => base.push(c),
        }
    }
    let rest: Vec<Inline> = base.into_iter().cloned().collect();
    push(&rest, st, chapter, cjk, words, out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use quire_core::Span;

    #[test]
    fn ruby_bases_carry_their_readings_and_rp_is_left_out() {
        let sp = Span::default();
        let el = |tag: &str, c: Vec<Inline>| Inline { kind: InlineKind::HtmlElement { tag: tag.into(), attrs: Vec::new(), children: c }, span: sp };
        let ruby = el("ruby", vec![
            Inline::text("東", sp),
            el("rp", vec![Inline::text("(", sp)]),
            el("rt", vec![Inline::text("とう", sp)]),
            el("rp", vec![Inline::text(")", sp)]),
            el("rb", vec![Inline::text("京", sp)]),
            el("rt", vec![Inline::text("きょう", sp)]),
            Inline::text("都", sp),
        ]);
        let s = styled(&[ruby], RunStyle::plain(Family::Serif, 10.0), None, true, &Words::default());
        let runs: Vec<(&str, Option<u32>)> = s.runs.iter().map(|r| (r.text.as_str(), r.style.ruby)).collect();
        assert_eq!(runs, [("東", Some(0)), ("京", Some(1)), ("都", None)]);
        assert_eq!(s.rubies, ["とう", "きょう"]);
    }

    #[test]
    fn html_elements_are_styled_and_sup_raised() {
        let sp = Span::default();
        let el = |tag: &str, attrs: Vec<(String, String)>, c: Vec<Inline>| Inline { kind: InlineKind::HtmlElement { tag: tag.into(), attrs, children: c }, span: sp };
        let inl = vec![
            el("kbd", vec![], vec![Inline::text("Ctrl", sp)]),
            Inline { kind: InlineKind::Superscript(vec![Inline::text("2", sp)]), span: sp },
            Inline { kind: InlineKind::Subscript(vec![Inline::text("i", sp)]), span: sp },
            el("iframe", vec![("src".into(), "https://v.example/x".into())], vec![]),
            el("script", vec![], vec![Inline::text("alert(1)", sp)]),
        ];
        let s = styled(&inl, RunStyle::plain(Family::Serif, 10.0), None, false, &Words::default());
        assert_eq!(s.runs[0].style.family, Family::Mono);
        assert!(s.runs[1].style.rise > 0.0 && s.runs[1].style.size < 10.0);
        assert!(s.runs[2].style.rise < 0.0 && s.runs[2].style.size < 10.0);
        assert_eq!(s.runs[3].text, "[iframe: https://v.example/x]");
        assert!(!s.runs.iter().any(|r| r.text.contains("alert")));
    }

    #[test]
    fn emphasis_and_code_get_styles() {
        let sp = Span::default();
        let inl = vec![
            Inline::text("a ", sp),
            Inline { kind: InlineKind::Emphasis(vec![Inline::text("b", sp)]), span: sp },
            Inline { kind: InlineKind::Code("c".into()), span: sp },
        ];
        let s = styled(&inl, RunStyle::plain(Family::Serif, 10.0), None, false, &Words::default());
        assert_eq!(s.runs.len(), 3);
        assert!(s.runs[1].style.italic);
        assert_eq!(s.runs[2].style.family, Family::Mono);
        let s = styled(&inl, RunStyle::plain(Family::Serif, 10.0), None, true, &Words::default());
        assert!(s.runs[1].style.bold && !s.runs[1].style.italic);
    }

    #[test]
    fn line_breaks_vanish_only_between_chinese_or_japanese() {
        let sp = Span::default();
        let text = |a: &str, b: &str| {
            let inl = vec![Inline::text(a, sp), Inline { kind: InlineKind::SoftBreak, span: sp }, Inline::text(b, sp)];
            styled(&inl, RunStyle::plain(Family::Serif, 10.0), None, true, &Words::default()).runs.iter().map(|r| r.text.clone()).collect::<String>()
        };
        assert_eq!(text("中文", "文本"), "中文文本");
        assert_eq!(text("日本語の", "テキスト"), "日本語のテキスト");
        assert_eq!(text("다음은", "러스트로"), "다음은 러스트로");
        assert_eq!(text("中文", "text"), "中文 text");
    }
}
