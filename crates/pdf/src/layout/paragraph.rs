//! Paragraph setting: atoms → boxes, glue and penalties (with CJK inter-character glue, the
//! quarter-em Han–Latin space, punctuation compression and hyphenation) → Knuth–Plass breaks →
//! positioned glyph runs per line.

use super::cjk::{self, PunctKind, Strictness};
use quire_core::script;
use quire_core::lang_tag::LangTag;
use quire_core::text_lang::TextLang;
use super::hyphenate::hyphenation_points;
use super::inline::Run;
use super::knuth_plass::{first_fit, optimal_breaks, Break, Node, Params, FIL, INFINITY};
use super::linebreak::{atoms, break_flags, Atom, Kind, ALLOWED};
use super::shape::Shaper;
use crate::math::{MathItem, MathPiece};
use crate::model::{GlyphRun, Rect};
use std::ops::Range;

/// Horizontal alignment of lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Justified, last line ragged (Knuth–Plass).
    Justify,
    /// Ragged right (first fit).
    Left,
    /// Centred.
    Center,
    /// Flush right.
    Right,
}

/// How to set one paragraph.
#[derive(Debug, Clone, Copy)]
pub struct ParaSpec {
    /// Line width in points.
    pub measure: f32,
    /// First-line indent in points.
    pub indent: f32,
    /// Alignment.
    pub align: Align,
    /// Hyphenate English words.
    pub hyphenate: bool,
    /// Line-start prohibition strictness.
    pub strictness: Strictness,
    /// Allow a full-width closing mark at a line end to be set half-width.
    pub line_end_half: bool,
    /// The language of runs that name none ([`RunStyle::lang`](super::inline::RunStyle::lang)):
    /// the book's, or an enclosing element's. Hyphenation, punctuation and fonts follow each
    /// part's language (see [`quire_core::text_lang::segments`]).
    pub lang: TextLang,
}

/// One set line, positioned relative to its left edge and baseline.
#[derive(Debug, Clone, Default)]
pub struct SetLine {
    /// Glyph runs (x from the line start; baseline 0, shifted by rises).
    pub runs: Vec<GlyphRun>,
    /// Link spans: x range and link index into the paragraph's links.
    pub links: Vec<(f32, f32, usize)>,
    /// What each run of `runs` stands in (same index): a link, a footnote mark, a language.
    /// Runs that differ in it are never merged, so the tagged PDF can mark each apart.
    pub marks: Vec<RunMark>,
    /// Footnote numbers marked on this line.
    pub footnotes: Vec<usize>,
    /// Width used (≤ measure unless nothing could fit).
    pub width: f32,
    /// The line's text (spaces where glue came from spaces, `-` for a hyphen).
    pub text: String,
    /// First line of the paragraph.
    pub first: bool,
    /// Last line of the paragraph.
    pub last: bool,
    /// Starts right after a hard break.
    pub after_forced: bool,
    /// Rules of formulas (fraction bars, vinculums): y from the baseline, downwards.
    pub rules: Vec<Rect>,
    /// The tallest formula's height above the baseline (0 without formulas).
    pub math_height: f32,
    /// The deepest formula's depth below the baseline.
    pub math_depth: f32,
    /// Images set in the line: x of the box's left edge, and the box.
    pub objects: Vec<(f32, super::inline::ObjectBox)>,
}

/// What a set glyph run stands in besides its look: the structure the tagged PDF gives it
/// (a `Link`, a footnote `Reference`, a `Span` with `/Lang`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunMark {
    /// Index into the paragraph's links.
    pub link: Option<usize>,
    /// A footnote mark.
    pub note: bool,
    /// The language tag an element named for it ([`super::inline::RunStyle::lang_tag`]).
    pub named: Option<LangTag>,
    /// The language its glyphs are set in: the run's, or the one their script names
    /// ([`quire_core::text_lang::segments`]).
    pub lang: TextLang,
}

impl RunMark {
    fn of(st: &super::inline::RunStyle, lang: TextLang) -> RunMark {
        RunMark { link: st.link, note: st.footnote.is_some(), named: st.lang_tag, lang }
    }
}

#[derive(Debug, Clone)]
enum Pay {
    None,
    Glyphs { atom: usize, glyphs: Range<usize>, shift: f32, shrink_left: bool },
    /// Glue from typed spaces: this many go into the line's text.
    Space(usize),
    Hyphen { atom: usize },
}

const HAN_STRETCH: f32 = 0.12;

struct Builder<'s, 'a> {
    shaper: &'s mut Shaper<'a>,
    runs: &'s [Run],
    text: &'s str,
    flags: &'s [u8],
    /// The web addresses in `text` ([`super::url::url_ranges`]): never hyphenated.
    urls: Vec<std::ops::Range<usize>>,
    atoms: Vec<Atom>,
    nodes: Vec<Node>,
    pay: Vec<Pay>,
    spec: ParaSpec,
    /// The formula of each run that is one (see [`set_paragraph_with`]).
    objects: Vec<Option<&'s MathPiece>>,
}

impl Builder<'_, '_> {
    fn push(&mut self, n: Node, p: Pay) {
        self.nodes.push(n);
        self.pay.push(p);
    }

    fn size(&self, a: usize) -> f32 {
        self.runs.get(self.atoms[a].run).map(|r| r.style.size).unwrap_or(10.0)
    }

    fn first_char(&self, a: usize) -> char {
        self.text[self.atoms[a].range.clone()].chars().next().unwrap_or(' ')
    }

    fn last_char(&self, a: usize) -> char {
        self.text[self.atoms[a].range.clone()].chars().next_back().unwrap_or(' ')
    }

    /// A full-width mark whose blank half may be compressed. Not in code: code is verbatim and
    /// stays on its grid (and a mark drawn over its neighbour's em box splits pdftotext's lines).
    fn full_width(&self, a: usize) -> bool {
        let code = self.runs.get(self.atoms[a].run).is_some_and(|r| r.style.family == crate::fonts::Family::Mono);
        matches!(self.atoms[a].kind, Kind::Punct(PunctKind::Opening | PunctKind::Closing))
            && self.atoms[a].width >= 0.9 * self.size(a)
            && !code
    }

    fn build(&mut self, emergency: bool) {
        self.nodes.clear();
        self.pay.clear();
        if self.spec.indent > 0.0 {
            self.push(Node::Box { width: self.spec.indent, shrink: 0.0 }, Pay::None);
        }
        let mut prev: Option<usize> = None;
        let mut space: Option<usize> = None;
        let mut half_end = 0.0f32;
        for k in 0..self.atoms.len() {
            match self.atoms[k].kind {
                Kind::Space => {
                    if prev.is_some() {
                        space = Some(k);
                    }
                    continue;
                }
                Kind::Newline => {
                    self.push(Node::Glue { width: 0.0, stretch: FIL, shrink: 0.0 }, Pay::None);
                    self.push(Node::Penalty { width: 0.0, penalty: -INFINITY, flagged: false }, Pay::None);
                    prev = None;
                    space = None;
                    continue;
                }
                _ => {}
            }
            if let Some(p) = prev {
                self.connect(p, k, space.take(), half_end);
            }
            half_end = self.boxes(k, prev, emergency);
            prev = Some(k);
        }
        self.push(Node::Glue { width: 0.0, stretch: FIL, shrink: 0.0 }, Pay::None);
        self.push(Node::Penalty { width: 0.0, penalty: -INFINITY, flagged: false }, Pay::None);
    }

    /// The glue (and break) between atoms `a` and `b`, with an optional space atom between.
    fn connect(&mut self, a: usize, b: usize, space: Option<usize>, half_end: f32) {
        // Between two pieces of one formula: a break after its relation or binary operator.
        let piece = |k: usize| self.objects.get(self.atoms[k].run).copied().flatten();
        if let (None, Some(_), Some((_, Some(br)))) = (space, piece(a), piece(b)) {
            let br = *br;
            self.push(Node::Penalty { width: 0.0, penalty: br.penalty, flagged: false }, Pay::None);
            self.push(Node::Glue { width: br.width, stretch: br.stretch, shrink: br.shrink }, Pay::None);
            return;
        }
        let pos = self.atoms[b].range.start;
        let allowed = self.flags[pos] == ALLOWED;
        let em = self.size(b).max(self.size(a));
        let (pa, nb) = (self.last_char(a), self.first_char(b));
        let (ca, cb) = (self.atoms[a].is_cjk(), self.atoms[b].is_cjk());
        let quarter = (0.25 * em, 0.12 * em, 0.08 * em);
        let han = (0.0, HAN_STRETCH * em, 0.0);
        let mixed = (script::is_ideograph_or_kana(pa) && cjk::is_latin_like(nb)) || (cjk::is_latin_like(pa) && script::is_ideograph_or_kana(nb));
        let punct = matches!(self.atoms[a].kind, Kind::Punct(_)) || matches!(self.atoms[b].kind, Kind::Punct(_));
        let mut spaces = 1;
        let mono = |k: usize| self.runs.get(self.atoms[k].run).is_some_and(|r| r.style.family == crate::fonts::Family::Mono);
        let (w, st, sh) = match space {
            // Code is verbatim: its spaces stay spaces whatever they stand between. A space
            // inside inline code keeps its width, so `a  b` never opens up, and
            // justification goes to the prose's word spaces. (Wide gaps inside code also split
            // lines in pdftotext's reading order.)
            Some(s) if mono(s) => {
                let (font, size) = (self.atoms[s].font, self.size(s));
                let typed = &self.text[self.atoms[s].range.clone()];
                spaces = typed.chars().count();
                let sw = self.shaper.width(font, typed, size).max(0.2 * size * spaces as f32);
                if mono(a) && mono(b) {
                    // Inside code: the typed width, a trace of stretch and shrink (a stretched
                    // `make  target` reads as two words and splits in pdftotext).
                    (sw, sw / 8.0, sw / 10.0)
                } else {
                    (sw, sw / 2.0, sw / 3.0)
                }
            }
            Some(s) => {
                if ca && cb && punct {
                    // Full-width punctuation carries its own blank half em.
                    han
                } else if ca != cb {
                    if self.full_width(a) || self.full_width(b) || punct {
                        han
                    } else {
                        quarter
                    }
                } else {
                    // A space between letters of any script is one the author typed (source
                    // line breaks between Chinese or Japanese characters were dropped before):
                    // a word space, as in Korean, that stretches in justification.
                    let (font, size) = (self.atoms[s].font, self.size(s));
                    let sw = self.shaper.width(font, " ", size).max(0.2 * size);
                    (sw, sw / 2.0, sw / 3.0)
                }
            }
            None if mixed => quarter,
            None if ca || cb => han,
            None => {
                if allowed {
                    let flagged = pa == '-';
                    self.push(Node::Penalty { width: 0.0, penalty: if flagged { 50.0 } else { 150.0 }, flagged }, Pay::None);
                }
                return;
            }
        };
        if allowed {
            if half_end > 0.0 {
                self.push(Node::Penalty { width: -half_end, penalty: 0.0, flagged: false }, Pay::None);
            }
        } else {
            self.push(Node::Penalty { width: 0.0, penalty: INFINITY, flagged: false }, Pay::None);
        }
        let pay = if space.is_some() && w > 0.0 { Pay::Space(spaces) } else { Pay::None };
        self.push(Node::Glue { width: w, stretch: st, shrink: sh }, pay);
    }

    /// Boxes of atom `k`; returns the half-em a line end after it may drop (0 if none).
    fn boxes(&mut self, k: usize, prev: Option<usize>, emergency: bool) -> f32 {
        let em = self.size(k);
        let atom = &self.atoms[k];
        let n = atom.glyphs.len();
        let width = atom.width;
        match atom.kind {
            Kind::Punct(kind) if self.full_width(k) => {
                let next_adjacent = self.atoms.get(k + 1).filter(|_| k + 1 < self.atoms.len()).map(|_| k + 1);
                let next_full = next_adjacent.is_some_and(|j| self.full_width(j));
                let prev_open = prev.is_some_and(|p| {
                    p + 1 == k && self.full_width(p) && matches!(self.atoms[p].kind, Kind::Punct(PunctKind::Opening))
                });
                match kind {
                    PunctKind::Closing if next_full => {
                        self.push(Node::Box { width: width - 0.5 * em, shrink: 0.0 }, glyphs(k, 0..n, 0.0, false));
                        0.0
                    }
                    PunctKind::Closing => {
                        self.push(Node::Box { width, shrink: 0.5 * em }, glyphs(k, 0..n, 0.0, false));
                        if self.spec.line_end_half { 0.5 * em } else { 0.0 }
                    }
                    PunctKind::Opening if prev_open => {
                        self.push(Node::Box { width: width - 0.5 * em, shrink: 0.0 }, glyphs(k, 0..n, -0.5 * em, false));
                        0.0
                    }
                    _ => {
                        self.push(Node::Box { width, shrink: 0.5 * em }, glyphs(k, 0..n, 0.0, true));
                        0.0
                    }
                }
            }
            Kind::Word => {
                let cuts = self.cuts(k, emergency);
                let mut start = 0usize;
                for (gi, flagged) in cuts.into_iter().chain(std::iter::once((n, false))) {
                    if gi <= start && gi < n {
                        continue;
                    }
                    let w: f32 = self.atoms[k].glyphs[start..gi].iter().map(|g| g.advance).sum();
                    self.push(Node::Box { width: w, shrink: 0.0 }, glyphs(k, start..gi, 0.0, false));
                    if gi < n {
                        if flagged {
                            let (font, size) = (self.atoms[k].font, em);
                            let hw = self.shaper.width(font, "-", size);
                            self.push(Node::Penalty { width: hw, penalty: 50.0, flagged: true }, Pay::Hyphen { atom: k });
                        } else {
                            self.push(Node::Penalty { width: 0.0, penalty: 800.0, flagged: false }, Pay::None);
                        }
                    }
                    start = gi;
                }
                0.0
            }
            _ => {
                self.push(Node::Box { width, shrink: 0.0 }, glyphs(k, 0..n, 0.0, false));
                0.0
            }
        }
    }

    /// Glyph indices where word `k` may break: hyphenation points (flagged) and, in an
    /// emergency, every cluster boundary CLREQ does not forbid.
    fn cuts(&self, k: usize, emergency: bool) -> Vec<(usize, bool)> {
        let atom = &self.atoms[k];
        let word = &self.text[atom.range.clone()];
        let mut byte_cuts: Vec<(usize, bool)> = Vec::new();
        let mono = self.runs.get(atom.run).is_some_and(|r| r.style.family == crate::fonts::Family::Mono);
        // Hyphenation is for Western text: not in code, not in a CJK language's text.
        if self.spec.hyphenate && !mono && !atom.lang.is_cjk() && !super::url::inside(&self.urls, &atom.range) {
            let lead = word.len() - word.trim_start_matches(|c: char| !c.is_alphabetic()).len();
            let core = word[lead..].trim_end_matches(|c: char| !c.is_alphabetic());
            byte_cuts.extend(hyphenation_points(core).into_iter().map(|p| (p + lead, true)));
        }
        if emergency {
            let mut prev: Option<char> = None;
            for (i, c) in word.char_indices() {
                if let Some(p) = prev {
                    if !cjk::forbids_break(p, c, self.spec.strictness) {
                        byte_cuts.push((i, false));
                    }
                }
                prev = Some(c);
            }
        }
        // By position, a hyphenation point (flagged) before a plain cut at the same place; then
        // one cut per position. (Linear: a 100,000-letter word is cut everywhere in an emergency.)
        byte_cuts.sort_by_key(|&(b, flagged)| (b, !flagged));
        byte_cuts.dedup_by_key(|(b, _)| *b);
        let glyphs = &atom.glyphs;
        let in_order = glyphs.windows(2).all(|w| w[0].cluster <= w[1].cluster);
        let mut out: Vec<(usize, bool)> = Vec::new();
        let mut cursor = 0usize;
        for (b, f) in byte_cuts {
            // The first glyph of the cluster at or after byte `b`: a cursor when clusters ascend
            // (left-to-right text), a search otherwise.
            let found = if in_order {
                while cursor < glyphs.len() && glyphs[cursor].cluster < b {
                    cursor += 1;
                }
                (cursor < glyphs.len()).then_some(cursor)
            } else {
                glyphs.iter().position(|g| g.cluster >= b)
            };
            if let Some(gi) = found {
                if gi > 0 && glyphs[gi].cluster == b && out.last().is_none_or(|(l, _)| *l < gi) {
                    out.push((gi, f));
                }
            }
        }
        out
    }
}

fn glyphs(atom: usize, glyphs: Range<usize>, shift: f32, shrink_left: bool) -> Pay {
    Pay::Glyphs { atom, glyphs, shift, shrink_left }
}

/// The badness a line may reach before words are cut instead (see [`set_paragraph`]).
const LOOSE_TOLERANCE: f32 = 5000.0;

/// Sets `runs` as one paragraph.
pub fn set_paragraph(shaper: &mut Shaper, runs: &[Run], spec: &ParaSpec) -> Vec<SetLine> {
    set_paragraph_with(shaper, runs, &[], spec)
}

/// Sets `runs` as one paragraph; the runs that are formulas (`style.math`) or ruby bases
/// (`style.ruby`) are set as the boxes `objects` (one per such run, in order), each unbreakable
/// and on the baseline. A line may break
/// before or after a formula only where the text around it has a space.
pub fn set_paragraph_with(shaper: &mut Shaper, runs: &[Run], objects: &[MathPiece], spec: &ParaSpec) -> Vec<SetLine> {
    let mut owned: Vec<Run> = Vec::with_capacity(runs.len());
    let mut objs: Vec<Option<&MathPiece>> = Vec::with_capacity(runs.len());
    let mut next = objects.iter();
    for r in runs {
        if r.style.is_box() {
            owned.push(Run { text: super::inline::OBJECT.to_string(), style: r.style });
            objs.push(next.next());
        } else {
            owned.push(r.clone());
            objs.push(None);
        }
    }
    let runs = owned.as_slice();
    let text: String = runs.iter().map(|r| r.text.as_str()).collect();
    if text.trim().is_empty() {
        return Vec::new();
    }
    let mut flags = break_flags(&text, spec.strictness);
    // A formula is glued to the text it touches ("($x$)," breaks nowhere inside).
    let mut pos = 0usize;
    for r in runs {
        let end = pos + r.text.len();
        if r.style.math.is_some() {
            let before = text[..pos].chars().next_back();
            let after = text[end..].chars().next();
            if before.is_some_and(|c| !c.is_whitespace()) {
                flags[pos] = super::linebreak::NO;
            }
            if after.is_some_and(|c| !c.is_whitespace()) {
                flags[end] = super::linebreak::NO;
            }
        }
        pos = end;
    }
    let urls = super::url::url_ranges(&text);
    for u in &urls {
        for p in super::url::extra_breaks(&text, u) {
            // The line-start rules still hold: no line starts with `.` or `?`.
            let starts_ok = text[p..].chars().next().is_some_and(|c| !super::cjk::no_line_start(c, spec.strictness));
            if flags[p] == super::linebreak::NO && starts_ok {
                flags[p] = ALLOWED;
            }
        }
    }
    let mut atoms = atoms(shaper, runs, &text, &flags, spec.lang);
    for a in &mut atoms {
        // Formulas get their box's width; images carry theirs from their run.
        if a.kind == Kind::Object && runs.get(a.run).is_some_and(|r| r.style.is_box()) {
            a.width = objs.get(a.run).copied().flatten().map(|o| o.0.width).unwrap_or(0.0);
        }
    }
    let mut b = Builder { shaper, runs, text: &text, flags: &flags, urls, atoms, nodes: Vec::new(), pay: Vec::new(), spec: *spec, objects: objs };
    b.build(false);
    let m = spec.measure;
    let mut breaks = match spec.align {
        Align::Justify => optimal_breaks(&b.nodes, m, &Params::default())
            .or_else(|| optimal_breaks(&b.nodes, m, &Params { tolerance: 2000.0, ..Params::default() })),
        _ => Some(first_fit(&b.nodes, m)),
    };
    if spec.align == Align::Justify && breaks.is_none() {
        // Loose lines before broken words (TeX's emergency stretch): accept any badness as long
        // as nothing sticks out; words are cut only when a line cannot fit otherwise.
        breaks = optimal_breaks(&b.nodes, m, &Params { tolerance: LOOSE_TOLERANCE, ..Params::default() })
            .filter(|br| !overfull(&b.nodes, br, m));
    }
    if breaks.as_ref().is_none_or(|br| overfull(&b.nodes, br, m)) {
        b.build(true);
        breaks = match spec.align {
            Align::Justify => optimal_breaks(&b.nodes, m, &Params { tolerance: INFINITY, ..Params::default() }),
            _ => None,
        };
        if breaks.is_none() {
            breaks = Some(first_fit(&b.nodes, m));
        }
    }
    let breaks = breaks.unwrap_or_default();
    lines(&mut b, &breaks)
}

fn line_start(nodes: &[Node], from: usize, to: usize) -> usize {
    let mut i = from;
    while i < to && !matches!(nodes[i], Node::Box { .. }) {
        i += 1;
    }
    i
}

fn overfull(nodes: &[Node], breaks: &[Break], measure: f32) -> bool {
    let mut start = 0;
    for br in breaks {
        let s = line_start(nodes, start, br.index);
        let mut w = 0.0;
        let mut sh = 0.0;
        for n in &nodes[s..br.index] {
            match *n {
                Node::Box { width, shrink } => {
                    w += width;
                    sh += shrink;
                }
                Node::Glue { width, shrink, .. } => {
                    w += width;
                    sh += shrink;
                }
                Node::Penalty { .. } => {}
            }
        }
        if let Node::Penalty { width, .. } = nodes[br.index] {
            w += width;
        }
        if w - sh > measure + 0.01 {
            return true;
        }
        start = br.index + 1;
    }
    false
}

fn lines(b: &mut Builder, breaks: &[Break]) -> Vec<SetLine> {
    let mut out = Vec::new();
    let mut start = 0usize;
    let mut after_forced = false;
    for (li, br) in breaks.iter().enumerate() {
        let s = line_start(&b.nodes, start, br.index);
        let ratio = if b.spec.align == Align::Justify { br.ratio.min(INFINITY) } else { 0.0 };
        let mut line = SetLine { first: li == 0, last: li + 1 == breaks.len(), after_forced, ..SetLine::default() };
        let mut x = 0.0f32;
        for j in s..br.index {
            let node = b.nodes[j];
            let w = match node {
                Node::Box { width, shrink } => width + if ratio < 0.0 { ratio * shrink } else { 0.0 },
                Node::Glue { width, stretch, shrink } => {
                    width + if ratio >= 0.0 { if stretch >= FIL { 0.0 } else { ratio * stretch } } else { ratio * shrink }
                }
                Node::Penalty { .. } => 0.0,
            };
            match b.pay[j].clone() {
                Pay::Glyphs { atom, glyphs, shift, shrink_left } => {
                    let squeeze = if let Node::Box { width, .. } = node { width - w } else { 0.0 };
                    let gx = x + shift - if shrink_left { squeeze } else { 0.0 };
                    place(b, &mut line, atom, glyphs, gx);
                }
                Pay::Space(n) => line.text.extend(std::iter::repeat_n(' ', n)),
                Pay::Hyphen { .. } | Pay::None => {}
            }
            x += w;
        }
        if let (Node::Penalty { width, .. }, pay) = (b.nodes[br.index], b.pay[br.index].clone()) {
            if let Pay::Hyphen { atom } = pay {
                place_hyphen(b, &mut line, atom, x);
            }
            x += width;
        }
        after_forced = matches!(b.nodes[br.index], Node::Penalty { penalty, .. } if penalty <= -INFINITY);
        line.width = x;
        let shift = match b.spec.align {
            Align::Center => ((b.spec.measure - x) / 2.0).max(0.0),
            Align::Right => (b.spec.measure - x).max(0.0),
            _ => 0.0,
        };
        if shift > 0.0 {
            for r in &mut line.runs {
                r.x += shift;
            }
            for l in &mut line.links {
                l.0 += shift;
                l.1 += shift;
            }
            for r in &mut line.rules {
                r.x += shift;
            }
            for o in &mut line.objects {
                o.0 += shift;
            }
        }
        for r in &mut line.runs {
            r.shrink_to_fit();
        }
        out.push(line);
        start = br.index + 1;
    }
    // A paragraph that ended in a hard break has an empty last "line": drop it.
    out.retain(|l| !l.runs.is_empty() || !l.text.is_empty() || !l.objects.is_empty());
    if let Some(l) = out.last_mut() {
        l.last = true;
    }
    out
}

/// Draws the formula of object atom `atom` at line x `x`.
fn place_object(b: &Builder, line: &mut SetLine, atom: usize, x: f32) {
    let a = &b.atoms[atom];
    let (Some(run), Some((obj, _))) = (b.runs.get(a.run), b.objects.get(a.run).copied().flatten()) else { return };
    let st = run.style;
    line.text.push_str(&obj.text());
    line.math_height = line.math_height.max(obj.height);
    line.math_depth = line.math_depth.max(obj.depth);
    for it in &obj.items {
        match it {
            MathItem::Glyph(g) => {
                let mut pg = GlyphRun::new(g.font, g.size, 0.0, -g.y, st.color);
                pg.push(g.id, x + g.x, 0.0, g.text.as_str());
                push_glyphs(line, pg, RunMark::of(&st, a.lang));
            }
            MathItem::Rule { x: rx, y, w, h } => line.rules.push(Rect { x: x + rx, y: -(y + h), w: *w, h: *h }),
        }
    }
    if let Some(l) = st.link {
        line.links.push((x, x + obj.width, l));
    }
}

fn place(b: &mut Builder, line: &mut SetLine, atom: usize, range: Range<usize>, x: f32) {
    let a = &b.atoms[atom];
    if a.kind == Kind::Object && b.runs.get(a.run).is_some_and(|r| r.style.is_box()) {
        place_object(b, line, atom, x);
        return;
    }
    let Some(run) = b.runs.get(a.run) else { return };
    let st = run.style;
    if let Some(object) = st.object {
        line.text.push(super::inline::OBJECT);
        line.objects.push((x, object));
        if let Some(l) = st.link {
            link_span(line, l, x, x + object.w);
        }
        return;
    }
    let atom_text = &b.text[a.range.clone()];
    let mut pen = x;
    let mut glyphs = GlyphRun::new(a.font, st.size, 0.0, -st.rise, st.color);
    for gi in range.clone() {
        let g = a.glyphs[gi];
        let text = super::shape::cluster_text(&a.glyphs, gi, atom_text);
        line.text.push_str(text);
        glyphs.push(g.id, pen + g.x_offset, g.y_offset, text);
        pen += g.advance;
    }
    if let Some(l) = st.link {
        link_span(line, l, x, pen);
    }
    if let Some(f) = st.footnote {
        if !line.footnotes.contains(&f) {
            line.footnotes.push(f);
        }
    }
    push_glyphs(line, glyphs, RunMark::of(&st, a.lang));
}

/// Marks `x0..x1` of the line as link `l`, joining the link's previous span when it ends near.
fn link_span(line: &mut SetLine, l: usize, x0: f32, x1: f32) {
    match line.links.last_mut() {
        Some(last) if last.2 == l && (last.1 - x0).abs() < 6.0 => last.1 = x1,
        _ => line.links.push((x0, x1, l)),
    }
}

fn place_hyphen(b: &mut Builder, line: &mut SetLine, atom: usize, x: f32) {
    let (font, run, lang) = (b.atoms[atom].font, b.atoms[atom].run, b.atoms[atom].lang);
    let Some(st) = b.runs.get(run).map(|r| r.style) else { return };
    let mut glyphs = GlyphRun::new(font, st.size, 0.0, -st.rise, st.color);
    for g in b.shaper.shape(font, "-", st.size).iter() {
        glyphs.push(g.id, x + g.x_offset, g.y_offset, "-");
    }
    line.text.push('-');
    push_glyphs(line, glyphs, RunMark::of(&st, lang));
}

/// Appends `glyphs` (a run at origin 0: glyph x is the line's) to the line's runs, merging with
/// the last run when face, size, colour, baseline and what it stands in (`mark`) agree.
fn push_glyphs(line: &mut SetLine, mut glyphs: GlyphRun, mark: RunMark) {
    let Some(first) = glyphs.glyphs().next().map(|g| g.x) else { return };
    let same = line.marks.last() == Some(&mark);
    match line.runs.last_mut() {
        Some(r) if same && r.font == glyphs.font && r.size == glyphs.size && r.color == glyphs.color && r.baseline == glyphs.baseline => {
            r.append(&glyphs, -r.x);
        }
        _ => {
            line.marks.push(mark);
            glyphs.x = first;
            glyphs.shift_glyphs(-first);
            line.runs.push(glyphs);
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::fonts::{Family, FontBook};
    use crate::layout::inline::RunStyle;
    use std::sync::Arc;

    /// The committed fonts (no Hangul in them: Hangul is set in .notdef, which is enough to
    /// see where spaces and breaks go).
    fn book() -> FontBook {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fonts");
        let mut files: Vec<(String, Arc<[u8]>)> = std::fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("otf" | "ttf")))
            .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), Arc::from(std::fs::read(&p).unwrap())))
            .collect();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        FontBook::new(&files).unwrap()
    }

    fn set(fonts: &FontBook, runs: &[Run], measure: f32, align: Align) -> Vec<SetLine> {
        let spec = ParaSpec { measure, indent: 0.0, align, hyphenate: false, strictness: Strictness::Strict, line_end_half: false, lang: TextLang::Other };
        set_paragraph(&mut Shaper::new(fonts), runs, &spec)
    }

    fn run(text: &str, family: Family) -> Run {
        Run { text: text.to_string(), style: RunStyle::plain(family, 10.0) }
    }

    fn atoms_of(fonts: &FontBook, runs: &[Run], lang: TextLang) -> Vec<(String, TextLang, Kind)> {
        let text: String = runs.iter().map(|r| r.text.as_str()).collect();
        let flags = break_flags(&text, Strictness::Strict);
        atoms(&mut Shaper::new(fonts), runs, &text, &flags, lang)
            .into_iter()
            .map(|a| (text[a.range.clone()].to_string(), a.lang, a.kind))
            .collect()
    }

    fn lang_of(atoms: &[(String, TextLang, Kind)], piece: &str) -> TextLang {
        atoms.iter().find(|(t, ..)| t == piece).map(|(_, l, _)| *l).unwrap_or_else(|| panic!("no atom {piece}: {atoms:?}"))
    }

    /// Rule selection: each atom is set in the language of its run, its element or its script.
    #[test]
    fn each_part_is_set_in_its_own_language() {
        let fonts = book();
        // An English sentence quoting Japanese: the kana clause, Han included, is Japanese.
        let a = atoms_of(&fonts, &[run("He wrote 「直線のこと」 and 中文 here", Family::Serif)], TextLang::Other);
        assert_eq!(lang_of(&a, "wrote"), TextLang::Other);
        assert_eq!(lang_of(&a, "直"), TextLang::Ja);
        assert_eq!(lang_of(&a, "の"), TextLang::Ja);
        assert_eq!(lang_of(&a, "中"), TextLang::ZhHans);
        // A Chinese paragraph with a Korean example and an element marked Traditional Chinese.
        let mut tc = run("直，角。", Family::Serif);
        tc.style.lang = Some(TextLang::ZhHant);
        let a = atoms_of(&fonts, &[run("例如 소유권을 ", Family::Serif), tc], TextLang::ZhHans);
        assert_eq!(lang_of(&a, "例"), TextLang::ZhHans);
        assert_eq!(lang_of(&a, "소유권을"), TextLang::Ko);
        assert_eq!(lang_of(&a, "直"), TextLang::ZhHant);
        // Traditional Chinese sentence punctuation is centred: not compressible.
        let comma = a.iter().find(|(t, ..)| t == "，").map(|x| x.2);
        assert_eq!(comma, Some(Kind::Punct(PunctKind::Other)));
        let a = atoms_of(&fonts, &[run("直，角。", Family::Serif)], TextLang::ZhHans);
        assert_eq!(a.iter().find(|(t, ..)| t == "，").map(|x| x.2), Some(Kind::Punct(PunctKind::Closing)));
    }

    /// Hyphenation follows the language of the words: English in an English run, never in a
    /// CJK language's text.
    #[test]
    fn hyphenation_follows_the_runs_language() {
        let fonts = book();
        let word = "incomprehensibilities incomprehensibilities incomprehensibilities";
        let set_in = |lang: TextLang| {
            let spec = ParaSpec { measure: 60.0, indent: 0.0, align: Align::Justify, hyphenate: true, strictness: Strictness::Strict, line_end_half: false, lang };
            set_paragraph(&mut Shaper::new(&fonts), &[run(word, Family::Serif)], &spec)
        };
        assert!(set_in(TextLang::Other).iter().any(|l| l.text.ends_with('-')), "English words are hyphenated");
        assert!(!set_in(TextLang::Ja).iter().any(|l| l.text.ends_with('-')), "no hyphens in Japanese text");
    }

    /// A web address in running text is never hyphenated (a hyphen would change the address
    /// a reader types); it breaks after `/` and before `?`, `&`, `=`, `.` instead.
    #[test]
    fn addresses_break_without_hyphens() {
        let fonts = book();
        let url = "https://example.com/a/very/long/path/that/goes/on/and/on/without/any/spaces/at/all/index.html?query=parameter&another=value";
        let text = format!("Incomprehensibilities live at {url} and incomprehensibilities elsewhere.");
        for measure in [90.0, 140.0, 200.0, 300.0] {
            let spec = ParaSpec { measure, indent: 0.0, align: Align::Justify, hyphenate: true, strictness: Strictness::Strict, line_end_half: false, lang: TextLang::Other };
            let lines = set_paragraph(&mut Shaper::new(&fonts), &[run(&text, Family::Serif)], &spec);
            let joined: String = lines.iter().map(|l| l.text.trim_end()).collect::<Vec<_>>().join("\n");
            let inside: String = joined.replace('\n', "");
            assert!(inside.contains(url), "the address is whole once lines are joined at {measure}pt:\n{joined}");
            assert!(lines.iter().all(|l| l.width <= measure + 0.5), "nothing sticks out at {measure}pt:\n{joined}");
            // Words outside the address may still be hyphenated.
            if measure <= 140.0 {
                assert!(joined.contains("-\n"), "ordinary words are hyphenated at {measure}pt:\n{joined}");
            }
        }
    }

    #[test]
    fn spaces_between_hangul_words_are_kept() {
        let fonts = book();
        let text = "다음은 러스트로 작성한 프로그램입니다.";
        let lines = set(&fonts, &[run(text, Family::Serif)], 1000.0, Align::Justify);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].text, text);
    }

    #[test]
    fn spaces_typed_between_han_are_kept_and_punctuation_keeps_its_blank() {
        let fonts = book();
        let lines = set(&fonts, &[run("中文 文本", Family::Serif)], 1000.0, Align::Left);
        assert_eq!(lines[0].text, "中文 文本");
        assert!(lines[0].width > 4.0 * 10.0 + 1.0, "the space has a width: {}", lines[0].width);
    }

    #[test]
    fn code_keeps_every_space() {
        let fonts = book();
        for code in ["// 다음은 러스트로 작성한", "let s = \"中 文\"; // 注释： 中文", "a  b"] {
            let lines = set(&fonts, &[run(code, Family::Mono)], 1000.0, Align::Left);
            assert_eq!(lines[0].text, code);
        }
        // Two spaces in code are two spaces wide, as typed.
        let one = set(&fonts, &[run("a b", Family::Mono)], 1000.0, Align::Left)[0].width;
        let two = set(&fonts, &[run("a  b", Family::Mono)], 1000.0, Align::Left)[0].width;
        let space = one - 2.0 * 6.0;
        assert!((two - one - space).abs() < 0.01 && space > 5.0, "{one} {two}");
    }
}
