//! Formulas in the tree: the TeX as written, and what pulldown-latex (the one TeX parser of
//! Quire) read from it, once, when the chapter was parsed ([`crate::parse::math`]). The MathML
//! writer and the PDF's math layout both consume [`Formula::events`], so no renderer parses TeX
//! and a bad formula is reported once, by the parse stage, not per renderer.
//!
//! pulldown-latex's events borrow the source; a [`Formula`] keeps them owned: the events that
//! hold no text as they are (`Event<'static>`), the strings of `\text{…}`, numbers and operator
//! names in one buffer, by range. Memory is linear in the formula.
//!
//! A display formula's `\tag{…}`, `\tag*{…}`, `\notag` and `\nonumber` (which pulldown-latex does
//! not know) are taken out before reading and kept as its [`EquationTag`]; resolution turns it
//! into the label every format shows at the right margin.

use crate::depth::{math_too_deep, MAX_MATH_DEPTH};
use pulldown_latex::event::{Content, Event};
use pulldown_latex::{Parser, Storage};
use std::ops::Range;

/// What a display formula's source says about its label.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum EquationTag {
    /// Nothing: numbered when `[quire.numbering] equations` is on.
    #[default]
    Auto,
    /// `\tag{…}`: the label, shown in parentheses.
    Tag(String),
    /// `\tag*{…}`: the label, shown as written.
    TagStar(String),
    /// `\notag` or `\nonumber`: no label.
    NoTag,
}

impl EquationTag {
    /// The label a tag shows (`(E)` for `\tag{E}`, `E` for `\tag*{E}`); `None` for the others.
    pub fn label(&self) -> Option<String> {
        match self {
            EquationTag::Tag(t) => Some(format!("({t})")),
            EquationTag::TagStar(t) => Some(t.clone()),
            EquationTag::Auto | EquationTag::NoTag => None,
        }
    }
}

/// Why a formula has no events.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum TexError {
    /// The formula was made without being read (see [`Formula::new`]).
    #[error("the formula was not read")]
    Unread,
    /// The formula is empty.
    #[error("the formula is empty")]
    Empty,
    /// Groups nest deeper than [`MAX_MATH_DEPTH`].
    #[error("groups nest deeper than {0} levels")]
    TooDeep(usize),
    /// pulldown-latex refused it (an unknown command, unbalanced braces …): its message.
    #[error("{0}")]
    Tex(String),
    /// The formula only defines macros (`\newcommand` …) for the formulas after it: it shows
    /// nothing, and it is no error.
    #[error("the formula only defines macros")]
    Definitions,
}

/// One stored event: a text-bearing content by its range in [`MathEvents`]' buffer, or an event
/// that holds no text.
#[derive(Debug, Clone)]
enum Stored {
    Text(Range<usize>),
    Number(Range<usize>),
    Function(Range<usize>),
    Event(Event<'static>),
}

/// pulldown-latex's events of one formula, owned.
#[derive(Debug, Clone, Default)]
pub struct MathEvents {
    events: Vec<Stored>,
    strings: String,
}

impl MathEvents {
    fn push(&mut self, ev: Event<'_>) {
        let mut text = |s: &str| {
            let start = self.strings.len();
            self.strings.push_str(s);
            start..self.strings.len()
        };
        let stored = match ev {
            Event::Content(c) => match c {
                Content::Text(s) => Stored::Text(text(s)),
                Content::Number(s) => Stored::Number(text(s)),
                Content::Function(s) => Stored::Function(text(s)),
                Content::Ordinary { content, stretchy } => Stored::Event(Event::Content(Content::Ordinary { content, stretchy })),
                Content::LargeOp { content, small } => Stored::Event(Event::Content(Content::LargeOp { content, small })),
                Content::BinaryOp { content, small } => Stored::Event(Event::Content(Content::BinaryOp { content, small })),
                Content::Relation { content, small } => Stored::Event(Event::Content(Content::Relation { content, small })),
                Content::Delimiter { content, size, ty } => Stored::Event(Event::Content(Content::Delimiter { content, size, ty })),
                Content::Punctuation(p) => Stored::Event(Event::Content(Content::Punctuation(p))),
            },
            Event::Begin(g) => Stored::Event(Event::Begin(g)),
            Event::End => Stored::Event(Event::End),
            Event::Visual(v) => Stored::Event(Event::Visual(v)),
            Event::Script { ty, position } => Stored::Event(Event::Script { ty, position }),
            Event::Space { width, height, depth } => Stored::Event(Event::Space { width, height, depth }),
            Event::StateChange(s) => Stored::Event(Event::StateChange(s)),
            Event::EnvironmentFlow(f) => Stored::Event(Event::EnvironmentFlow(f)),
        };
        self.events.push(stored);
    }

    /// The events in order, as pulldown-latex gave them.
    pub fn iter(&self) -> impl Iterator<Item = Event<'_>> + '_ {
        let s = |r: &Range<usize>| self.strings.get(r.clone()).unwrap_or("");
        self.events.iter().map(move |e| match e {
            Stored::Text(r) => Event::Content(Content::Text(s(r))),
            Stored::Number(r) => Event::Content(Content::Number(s(r))),
            Stored::Function(r) => Event::Content(Content::Function(s(r))),
            Stored::Event(e) => e.clone(),
        })
    }

    /// How many events.
    pub fn len(&self) -> usize {
        self.events.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// Every group that closes was opened and every group opened closes (pulldown-latex lets a
    /// stray `}` through as the end of a group).
    fn balanced(&self) -> Result<(), TexError> {
        let mut depth = 0usize;
        for e in &self.events {
            match e {
                Stored::Event(Event::Begin(_)) => depth += 1,
                Stored::Event(Event::End) => {
                    depth = depth.checked_sub(1).ok_or_else(|| TexError::Tex("a `}` closes a group that was not opened".into()))?;
                }
                _ => {}
            }
        }
        if depth > 0 {
            return Err(TexError::Tex("a group is not closed".into()));
        }
        Ok(())
    }

    /// True when nothing would be set: no content, space or visual element.
    fn sets_nothing(&self) -> bool {
        !self.events.iter().any(|e| match e {
            Stored::Text(_) | Stored::Number(_) | Stored::Function(_) => true,
            Stored::Event(e) => matches!(e, Event::Content(_) | Event::Space { .. } | Event::Visual(_)),
        })
    }
}

/// A formula: its TeX as written and what was read from it.
#[derive(Debug, Clone)]
pub struct Formula {
    tex: String,
    tag: EquationTag,
    read: Result<MathEvents, TexError>,
}

/// Two formulas are equal when their sources and tags are (the events follow from them).
impl PartialEq for Formula {
    fn eq(&self, other: &Self) -> bool {
        self.tex == other.tex && self.tag == other.tag
    }
}

impl PartialEq<str> for Formula {
    fn eq(&self, other: &str) -> bool {
        self.tex == other
    }
}

impl PartialEq<&str> for Formula {
    fn eq(&self, other: &&str) -> bool {
        self.tex == *other
    }
}

impl From<&str> for Formula {
    fn from(tex: &str) -> Self {
        Formula::new(tex)
    }
}

impl From<String> for Formula {
    fn from(tex: String) -> Self {
        Formula::new(tex)
    }
}

impl Formula {
    /// A formula not read yet (the parse stage reads every formula of a chapter once, after the
    /// text is final).
    pub fn new(tex: impl Into<String>) -> Self {
        Formula { tex: tex.into(), tag: EquationTag::Auto, read: Err(TexError::Unread) }
    }

    /// An inline formula, read.
    pub fn inline(tex: impl Into<String>) -> Self {
        let mut f = Formula::new(tex);
        f.read(false);
        f
    }

    /// A display formula, read (its `\tag` and `\notag` taken out first).
    pub fn display(tex: impl Into<String>) -> Self {
        let mut f = Formula::new(tex);
        f.read(true);
        f
    }

    /// Reads the TeX with pulldown-latex, as a display formula (with `\tag`, `\notag`) or not.
    /// Linear time; TeX nested past [`MAX_MATH_DEPTH`] is refused before pulldown-latex (which
    /// recurses per group) sees it.
    pub fn read(&mut self, display: bool) {
        self.read_with(display, &mut super::tex_macros::TexMacros::default());
    }

    /// [`Formula::read`] with the macros the formulas before it defined; its own definitions
    /// are added to `macros` (see [`super::tex_macros`]).
    pub fn read_with(&mut self, display: bool, macros: &mut super::tex_macros::TexMacros) {
        let (body, tag) = if display { take_tags(&self.tex) } else { (self.tex.clone(), EquationTag::Auto) };
        self.tag = tag;
        if !body.contains('\\') || (macros.is_empty() && !super::tex_macros::may_define(&body)) {
            self.read = read_tex(&body);
            return;
        }
        let (defs, rest) = super::tex_macros::split(&body);
        let defines = !defs.is_empty();
        macros.extend(defs);
        if defines && rest.trim().is_empty() {
            self.read = Err(TexError::Definitions);
            return;
        }
        let preamble = macros.preamble_for(&rest);
        self.read = if preamble.is_empty() { read_tex(&rest) } else { read_tex(&format!("{preamble}{rest}")) };
    }

    /// True when the formula only defines macros: it shows nothing.
    pub fn only_defines(&self) -> bool {
        matches!(self.read, Err(TexError::Definitions))
    }

    /// The TeX as written (a display formula's `\tag` included).
    pub fn tex(&self) -> &str {
        &self.tex
    }

    /// The TeX to change before the formula is read (the parse stage strips its own markers);
    /// a formula changed after reading keeps what was read.
    pub fn tex_mut(&mut self) -> &mut String {
        &mut self.tex
    }

    /// What the source says about the label (display formulas; `Auto` for inline ones).
    pub fn tag(&self) -> &EquationTag {
        &self.tag
    }

    /// The events read from the TeX, or why there are none.
    pub fn events(&self) -> Result<impl Iterator<Item = Event<'_>> + '_, &TexError> {
        self.read.as_ref().map(MathEvents::iter)
    }

    /// The events read, as stored.
    pub fn math_events(&self) -> Result<&MathEvents, &TexError> {
        self.read.as_ref()
    }

    /// Why the formula has no events, when it has none.
    pub fn error(&self) -> Option<&TexError> {
        self.read.as_ref().err()
    }
}

/// Reads TeX into owned events.
fn read_tex(tex: &str) -> Result<MathEvents, TexError> {
    if tex.trim().is_empty() {
        return Err(TexError::Empty);
    }
    if math_too_deep(tex) {
        return Err(TexError::TooDeep(MAX_MATH_DEPTH));
    }
    let tex = guard(tex)?;
    // pulldown-latex slices its input by bytes in places where a character may be wider; `guard`
    // takes out the inputs known to reach them, and a panic of an unknown one is caught here, so
    // that no formula stops a build.
    let read = std::panic::catch_unwind(|| {
        let storage = Storage::new();
        let mut out = MathEvents { events: Vec::new(), strings: String::new() };
        for ev in Parser::new(&tex, &storage) {
            match ev {
                Ok(ev) => out.push(ev),
                Err(e) => return Err(TexError::Tex(first_line(&e.to_string()))),
            }
        }
        Ok(out)
    });
    let out = read.unwrap_or_else(|_| Err(TexError::Tex("this TeX stops the parser".into())))?;
    out.balanced()?;
    if out.sets_nothing() {
        return Err(TexError::Empty);
    }
    Ok(out)
}

/// The TeX as pulldown-latex can take it: spaces other than ASCII ones (no-break, ideographic:
/// math mode ignores spaces, and a wide one makes pulldown-latex slice inside a character) as
/// ASCII spaces; a `\` before a non-ASCII character (no command pulldown-latex knows), and a
/// non-ASCII character where `\char` or `alignat`'s argument wants a number, an error.
fn guard(tex: &str) -> Result<std::borrow::Cow<'_, str>, TexError> {
    let wide_after = |pat: &str, open: bool| {
        tex.match_indices(pat).any(|(at, _)| {
            let rest = &tex[at + pat.len()..];
            if !open && rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
                return false;
            }
            let rest = rest.trim_start();
            let rest = if open { rest.strip_prefix('{').unwrap_or("") } else { rest };
            rest.chars().next().is_some_and(|c| !c.is_ascii())
        })
    };
    if wide_after("\\char", false) || wide_after("{alignat}", true) || wide_after("{alignat*}", true) || wide_after("{alignedat}", true) {
        return Err(TexError::Tex("a number is wanted here".into()));
    }
    let mut chars = tex.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(&n) = chars.peek() {
                if !n.is_ascii() && !n.is_whitespace() {
                    return Err(TexError::Tex(format!("`\\{n}` is not a command")));
                }
                chars.next();
            }
        }
    }
    if tex.chars().any(|c| !c.is_ascii() && c.is_whitespace()) {
        return Ok(std::borrow::Cow::Owned(tex.chars().map(|c| if !c.is_ascii() && c.is_whitespace() { ' ' } else { c }).collect()));
    }
    Ok(std::borrow::Cow::Borrowed(tex))
}

/// pulldown-latex's messages quote the input over several lines: the first line says it.
fn first_line(msg: &str) -> String {
    msg.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("unreadable TeX").to_string()
}

/// A display formula's TeX without `\tag{…}`/`\tag*{…}`, `\notag` and `\nonumber`, and what they
/// said (a tag wins over `\notag`). A `\tag` without its braced label stays in the TeX (and
/// pulldown-latex reports it).
pub fn take_tags(tex: &str) -> (String, EquationTag) {
    let (rest, tag) = take_tag(tex);
    let (rest, numbered) = take_notag(&rest);
    let tag = match tag {
        Some(t) => t,
        // `align*`, `gather*` and the other starred environments are unnumbered, as in LaTeX.
        None if !numbered || ["align*", "alignat*", "gather*", "equation*", "multline*"].iter().any(|e| rest.contains(&format!("\\begin{{{e}}}"))) => {
            EquationTag::NoTag
        }
        None => EquationTag::Auto,
    };
    (rest, tag)
}

/// `\tag{…}` (or `\tag*{…}`) taken out: the rest and the tag.
fn take_tag(tex: &str) -> (String, Option<EquationTag>) {
    let mut from = 0;
    while let Some(found) = tex[from..].find("\\tag") {
        let at = from + found;
        let after = &tex[at + 4..];
        from = at + 4;
        // Not a prefix of a longer command name (`\tagx`).
        if after.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) {
            continue;
        }
        let (star, rest) = match after.strip_prefix('*') {
            Some(r) => (true, r),
            None => (false, after),
        };
        let rest_trimmed = rest.trim_start();
        let Some(body) = rest_trimmed.strip_prefix('{') else { return (tex.to_string(), None) };
        let body_at = tex.len() - body.len();
        let mut depth = 1usize;
        for (i, c) in body.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        let label = body[..i].trim().to_string();
                        let without = format!("{}{}", &tex[..at], &tex[body_at + i + 1..]);
                        let tag = if star { EquationTag::TagStar(label) } else { EquationTag::Tag(label) };
                        return (without, Some(tag));
                    }
                }
                _ => {}
            }
        }
        return (tex.to_string(), None);
    }
    (tex.to_string(), None)
}

/// `\notag` and `\nonumber` taken out: the rest, and whether the formula may be numbered
/// (neither was there).
fn take_notag(tex: &str) -> (String, bool) {
    let mut out = String::with_capacity(tex.len());
    let mut numbered = true;
    let mut rest = tex;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let name_len = after.bytes().take_while(u8::is_ascii_alphabetic).count();
        let name = &after[..name_len];
        if name == "notag" || name == "nonumber" {
            numbered = false;
        } else {
            out.push('\\');
            out.push_str(name);
        }
        rest = &after[name_len..];
        // A control symbol (`\\`, `\{`): keep its character so that it is not read as a command.
        if name_len == 0 {
            if let Some(c) = rest.chars().next() {
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    out.push_str(rest);
    (out, numbered)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn events_are_owned_and_given_back() {
        let f = Formula::inline("x^2 + \\text{if } \\sin 12");
        let evs: Vec<Event> = f.events().unwrap().collect();
        let storage = Storage::new();
        let direct: Vec<Event> = Parser::new("x^2 + \\text{if } \\sin 12", &storage).collect::<Result<_, _>>().unwrap();
        assert_eq!(evs, direct);
        assert!(evs.contains(&Event::Content(Content::Text("if "))));
        assert!(evs.contains(&Event::Content(Content::Number("12"))));
    }

    #[test]
    fn bad_tex_is_an_error_once() {
        assert_eq!(Formula::inline("  ").error(), Some(&TexError::Empty));
        assert_eq!(Formula::inline("{}").error(), Some(&TexError::Empty));
        assert!(matches!(Formula::inline("\\nosuchcommand x").error(), Some(TexError::Tex(m)) if !m.contains('\n')));
        assert!(Formula::inline("{x").error().is_some());
        assert!(Formula::inline("x}").error().is_some());
        assert_eq!(Formula::inline("{".repeat(10_000)).error(), Some(&TexError::TooDeep(MAX_MATH_DEPTH)));
        assert!(Formula::inline(format!("{}x{}", "{".repeat(60), "}".repeat(60))).error().is_none());
        assert_eq!(Formula::new("x").error(), Some(&TexError::Unread));
    }

    /// Non-ASCII characters where pulldown-latex slices by bytes: read (or refused), no panic.
    #[test]
    fn wide_characters_do_not_stop_the_parser() {
        let wide = ['౦', 'é', '\u{a0}', '\u{3000}', '𝑥', '中'];
        let before = ["\\", "\\kern 3pt", "\\char", "\\char`", "\\begin{alignat}{", "x^", "\\hspace{1", "\\rule{2pt}", "\\mathchoice", "\\color{", "1", "\\\\"];
        for b in before {
            for w in wide {
                for after in ["", "x", "}", "} x \\end{alignat}"] {
                    let tex = format!("{b}{w}{after}");
                    for f in [Formula::inline(tex.as_str()), Formula::display(tex.as_str())] {
                        assert!(!matches!(f.error(), Some(TexError::Tex(m)) if m.contains("stops")), "{tex:?} panicked in pulldown-latex");
                    }
                }
            }
        }
        assert!(Formula::inline("a\u{3000}+\u{a0}b").error().is_none());
        assert!(matches!(Formula::inline("\\౦").error(), Some(TexError::Tex(_))));
        assert!(matches!(Formula::inline("\\char é").error(), Some(TexError::Tex(_))));
        assert!(matches!(Formula::display("\\begin{alignat}{é} a \\end{alignat}").error(), Some(TexError::Tex(_))));
        // None of them reached pulldown-latex's slicing (a caught panic would say so).
        for tex in ["\\౦", "\\char é", "a\u{3000}b", "\\kern 3pt\u{a0}x", "\\begin{alignedat}{中} a \\end{alignedat}"] {
            assert!(!matches!(Formula::inline(tex).error(), Some(TexError::Tex(m)) if m.contains("stops")), "{tex}");
        }
    }

    #[test]
    fn display_tags_are_taken_out() {
        let f = Formula::display("E = mc^2 \\tag{1.2}");
        assert_eq!(f.tag(), &EquationTag::Tag("1.2".into()));
        assert_eq!(f.tag().label().as_deref(), Some("(1.2)"));
        assert!(f.error().is_none());
        assert_eq!(f.tex(), "E = mc^2 \\tag{1.2}");
        assert_eq!(Formula::display("x \\tag*{A}").tag().label().as_deref(), Some("A"));
        assert_eq!(Formula::display("a = b \\notag").tag(), &EquationTag::NoTag);
        assert_eq!(Formula::display("a \\nonumber").tag(), &EquationTag::NoTag);
        assert_eq!(Formula::display("a \\\\ b").tag(), &EquationTag::Auto);
        assert_eq!(take_tags("a \\notagx").1, EquationTag::Auto);
        assert_eq!(take_tags("\\begin{align*} a &= b \\end{align*}").1, EquationTag::NoTag);
        assert_eq!(take_tags("\\begin{align*} a &= b \\end{align*} \\tag{T}").1, EquationTag::Tag("T".into()));
        assert_eq!(take_tags("x \\tag{").1, EquationTag::Auto);
        assert_eq!(take_tags("x \\tag{a{b}c} y"), ("x  y".to_string(), EquationTag::Tag("a{b}c".into())));
        // Inline math keeps `\tag`, which pulldown-latex does not know.
        assert!(Formula::inline("x \\tag{1}").error().is_some());
    }
}
