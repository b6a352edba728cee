//! The math list → boxes: the context (faces, sizes per style), symbols and words, and lists
//! with TeX's inter-atom spacing. Scripts, fractions, radicals, delimiters, accents and tables
//! have their own modules.

use super::alphabet::{self, Face};
use super::boxes::{MathBox, MathBreak, MathGlyph, MathItem};
use super::font::{MathFont, PlainFace};
use super::parse::{Class, MathStyle, Node, MAX_DEPTH};
use super::spacing::{fix_binaries, space_between};
use super::stretch::{glyph_box, stretch};
use crate::fonts::{Family, FontBook, Style};
use crate::model::FontId;
use pulldown_latex::event::{Font, ScriptPosition};
use std::collections::HashMap;

/// The style state while laying out a list.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct St {
    /// Display, text, script or scriptscript.
    pub style: MathStyle,
    /// Cramped (superscripts lower).
    pub cramped: bool,
    /// `\mathbf` and friends.
    pub font: Option<Font>,
}

impl St {
    /// The style of a superscript or a numerator.
    pub fn sup(self) -> St {
        St { style: script_of(self.style), font: None, ..self }
    }

    /// The style of a subscript.
    pub fn sub(self) -> St {
        St { style: script_of(self.style), cramped: true, font: None }
    }

    /// The style of a fraction's numerator.
    pub fn num(self) -> St {
        St { style: frac_of(self.style), font: None, ..self }
    }

    /// The style of a fraction's denominator.
    pub fn den(self) -> St {
        St { style: frac_of(self.style), cramped: true, font: None }
    }

    /// Cramped.
    pub fn cramp(self) -> St {
        St { cramped: true, ..self }
    }

    /// Display style.
    pub fn display(self) -> bool {
        self.style == MathStyle::Display
    }
}

fn script_of(s: MathStyle) -> MathStyle {
    match s {
        MathStyle::Display | MathStyle::Text => MathStyle::Script,
        _ => MathStyle::ScriptScript,
    }
}

/// Whether `text` is one prime (′ ″ ‴ ⁗).
fn is_prime(text: &str) -> bool {
    let mut cs = text.chars();
    matches!((cs.next(), cs.next()), (Some('′' | '″' | '‴' | '⁗'), None))
}

/// The `ssty` level of a style: 0 in display and text, 1 in script, 2 in scriptscript.
pub fn script_level(st: St) -> u8 {
    match st.style {
        MathStyle::Display | MathStyle::Text => 0,
        MathStyle::Script => 1,
        MathStyle::ScriptScript => 2,
    }
}

fn frac_of(s: MathStyle) -> MathStyle {
    match s {
        MathStyle::Display => MathStyle::Text,
        MathStyle::Text => MathStyle::Script,
        _ => MathStyle::ScriptScript,
    }
}

/// Everything layout needs.
pub struct Ctx<'a> {
    /// The font book.
    pub fonts: &'a FontBook,
    /// The math font.
    pub mf: MathFont<'a>,
    /// Text size in points.
    pub base: f32,
    /// The math font has italic letters of its own (then letters come from it).
    full_alphabet: bool,
    faces: HashMap<FontId, Option<PlainFace<'a>>>,
    face_ids: HashMap<Face, FontId>,
}

impl<'a> Ctx<'a> {
    /// A context for formulas set at `base` points with the math font `mf`.
    pub fn new(fonts: &'a FontBook, mf: MathFont<'a>, base: f32) -> Ctx<'a> {
        let full_alphabet = mf.glyph('\u{1D44E}') != 0 && mf.glyph('\u{1D465}') != 0;
        Ctx { fonts, mf, base, full_alphabet, faces: HashMap::new(), face_ids: HashMap::new() }
    }

    /// Font size in a style.
    pub fn size(&self, st: St) -> f32 {
        match st.style {
            MathStyle::Display | MathStyle::Text => self.base,
            MathStyle::Script => self.base * self.mf.c.script_scale,
            MathStyle::ScriptScript => self.base * self.mf.c.script_script_scale,
        }
    }

    /// A constant of the math font (in ems) at the style's size.
    pub fn k(&self, st: St, v: f32) -> f32 {
        v * self.size(st)
    }

    /// The math axis above the baseline.
    pub fn axis(&self, st: St) -> f32 {
        self.k(st, self.mf.c.axis_height)
    }

    fn face_id(&mut self, face: Face, c: char) -> FontId {
        if face == Face::Math {
            return self.mf.id;
        }
        let style = match face {
            Face::Serif { bold, italic } => Style { family: Family::Serif, bold, italic },
            Face::Sans { bold } => Style { family: Family::Sans, bold, italic: false },
            Face::Mono | Face::Math => Style::regular(Family::Mono),
        };
        let fonts = self.fonts;
        let id = *self.face_ids.entry(face).or_insert_with(|| fonts.itemize("x", style).first().and_then(|r| r.1).unwrap_or(FontId(0)));
        if fonts.has_char(id, c) {
            id
        } else {
            fonts.itemize(&c.to_string(), style).first().and_then(|r| r.1).unwrap_or(id)
        }
    }

    fn plain(&mut self, id: FontId) -> Option<&PlainFace<'a>> {
        let fonts = self.fonts;
        self.faces.entry(id).or_insert_with(|| PlainFace::new(fonts, id)).as_ref()
    }

    /// One character in a face of the book at `size`, extracting as `text`; in the math face,
    /// its `ssty` form for script level `level` (0 in text and display, 1 script, 2 scriptscript).
    pub fn char_in(&mut self, id: FontId, c: char, size: f32, level: u8, text: &str) -> MathBox {
        if id == self.mf.id {
            let g = self.mf.ssty(self.mf.glyph(c), level);
            return glyph_box(&self.mf, g, size, text);
        }
        let Some(pf) = self.plain(id) else {
            return MathBox::space(0.5 * size);
        };
        let g = pf.glyph(c).unwrap_or(0);
        let ink = pf.ink(g);
        let advance = pf.advance(g) * size;
        // Italic letters lean past their advance: their overhang is the italic correction.
        let italic = (ink.x_max * size - advance).max(0.0);
        MathBox {
            width: advance,
            height: (ink.y_max * size).max(0.0),
            depth: (-ink.y_min * size).max(0.0),
            italic,
            items: vec![MathItem::Glyph(MathGlyph { font: id, size, id: g, x: 0.0, y: 0.0, advance, text: text.to_string() })],
        }
    }

    /// A character of the math list in the current style.
    pub fn symbol(&mut self, c: char, st: St) -> MathBox {
        let size = self.size(st);
        let text = c.to_string();
        if self.full_alphabet || st.font.is_some_and(alphabet::needs_math_font) {
            let font = st.font.or_else(|| alphabet::text_face(c, None).filter(|f| *f != Face::Serif { bold: false, italic: false }).map(|_| Font::Italic));
            if let Some(m) = font.and_then(|f| alphabet::math_alphanumeric(c, f)) {
                if self.mf.glyph(m) != 0 {
                    let shown = if st.font.is_some_and(alphabet::needs_math_font) { m.to_string() } else { text };
                    return self.char_in(self.mf.id, m, size, script_level(st), &shown);
                }
            }
        }
        let face = match alphabet::text_face(c, st.font) {
            Some(f) if !self.full_alphabet || st.font.is_some() => f,
            _ if self.mf.glyph(c) != 0 => Face::Math,
            _ => Face::Serif { bold: false, italic: false },
        };
        let id = self.face_id(face, c);
        self.char_in(id, c, size, script_level(st), &text)
    }

    /// A word in a text face (`\text`, numbers, operator names), shaped.
    pub fn word(&mut self, text: &str, st: St, text_mode: bool) -> MathBox {
        let size = self.size(st);
        let style = match st.font {
            Some(Font::Bold | Font::BoldItalic) => Style { family: Family::Serif, bold: true, italic: false },
            Some(Font::SansSerif | Font::BoldSansSerif) => Style::regular(Family::Sans),
            Some(Font::Monospace) => Style::regular(Family::Mono),
            Some(Font::Italic) => Style { family: Family::Serif, bold: false, italic: true },
            _ => Style::regular(Family::Serif),
        };
        // Numbers and names in a math font with its own alphabet keep to it.
        if self.full_alphabet && !text_mode && st.font.is_none() && text.chars().all(|c| self.mf.glyph(c) != 0) {
            let mut out = MathBox::default();
            for c in text.chars() {
                let b = self.char_in(self.mf.id, c, size, script_level(st), &c.to_string());
                out.append(b);
            }
            out.italic = 0.0;
            return out;
        }
        let mut out = MathBox::default();
        for (range, font) in self.fonts.itemize(text, style) {
            let id = font.unwrap_or(FontId(0));
            let piece = &text[range];
            let shaped = self.fonts.shape(id, piece, size);
            let mut x = out.width;
            for (i, g) in shaped.iter().enumerate() {
                let end = shaped.get(i + 1).map(|n| n.cluster).filter(|&e| e > g.cluster).unwrap_or(piece.len());
                let first = i == 0 || shaped[i - 1].cluster != g.cluster;
                let t = if first { piece.get(g.cluster..end).unwrap_or("").to_string() } else { String::new() };
                let ink = self.plain(id).map(|p| p.ink(g.id)).unwrap_or_default();
                out.height = out.height.max(ink.y_max * size);
                out.depth = out.depth.max(-ink.y_min * size);
                out.items.push(MathItem::Glyph(MathGlyph { font: id, size, id: g.id, x: x + g.x_offset, y: g.y_offset, advance: g.advance, text: t }));
                x += g.advance;
            }
            out.width = x;
        }
        out
    }

    /// Lays out a list. `lead_ord` spaces its first atom as if an ordinary atom came before it
    /// (the right half of an `aligned` pair: `&= b`).
    pub fn list(&mut self, nodes: &[Node], st: St, depth: usize, lead_ord: bool) -> MathBox {
        let mut out = MathBox::default();
        for (b, before) in self.list_pieces(nodes, st, depth, lead_ord, false) {
            if let Some(br) = before {
                out.append(MathBox::space(br.width));
            }
            out.append(b);
        }
        out
    }

    /// Lays out a list as pieces between which a line may break when `breakable` (TeX's rule:
    /// after a relation or a binary operator, not before another relation, a punctuation or the
    /// end), each with the break (penalty and the space it stands for) before it; one piece
    /// otherwise.
    pub fn list_pieces(&mut self, nodes: &[Node], st: St, depth: usize, lead_ord: bool, breakable: bool) -> Vec<(MathBox, Option<MathBreak>)> {
        let mut st = st;
        let mut atoms: Vec<(MathBox, Option<Class>)> = Vec::with_capacity(nodes.len());
        let mut i = 0;
        while i < nodes.len() {
            let n = &nodes[i];
            i += 1;
            match n {
                Node::SetStyle(s) => st.style = *s,
                Node::SetFont(f) => st.font = *f,
                Node::Space(em) => atoms.push((MathBox::space(em * self.size(st)), None)),
                // `{}_a^b X`: prescripts, set against the left of the next atom.
                Node::Scripts { base, sub, sup, .. } if super::scripts::is_empty_base(base) && super::scripts::prescript_base(nodes.get(i)) => {
                    let next = &nodes[i];
                    i += 1;
                    let (b, class) = self.node(next, st, depth + 1);
                    let sub_b = sub.as_deref().map(|s| self.node(s, st.sub(), depth + 1).0);
                    let sup_b = sup.as_deref().map(|s| self.node(s, st.sup(), depth + 1).0);
                    let char_base = super::scripts::is_char(next);
                    atoms.push((super::scripts::prescripts(self, b, char_base, sub_b, sup_b, st), Some(class)));
                }
                // A prime after an atom is its superscript (TeX's `'` is `^\prime`): raised by the
                // superscript rule, after the atom's italic correction.
                Node::Sym { text, .. } if is_prime(text) && atoms.last().is_some_and(|a| a.1.is_some()) => {
                    let c = text.chars().next().unwrap_or('′');
                    let p = self.symbol(c, st.sup());
                    if let Some((b, class)) = atoms.pop() {
                        let char_base = i >= 2 && super::scripts::is_char(&nodes[i - 2]);
                        atoms.push((super::scripts::attach(self, b, char_base, false, None, Some(p), st), class));
                    }
                }
                _ => {
                    let (b, class) = self.node(n, st, depth + 1);
                    atoms.push((b, Some(class)));
                }
            }
        }
        let mut classes: Vec<Option<Class>> = atoms.iter().map(|a| a.1).collect();
        fix_binaries(&mut classes, lead_ord);
        // Where a line may break: after a relation or a binary operator followed by an atom
        // that is neither a relation nor a punctuation (TeX's \relpenalty 500, \binoppenalty 700).
        let mut breaks: Vec<Option<f32>> = vec![None; classes.len()];
        if breakable {
            let mut last: Option<Class> = None;
            for (i, c) in classes.iter().enumerate() {
                let Some(c) = *c else { continue };
                if !matches!(c, Class::Rel | Class::Punct) {
                    breaks[i] = match last {
                        Some(Class::Rel) => Some(500.0),
                        Some(Class::Bin) => Some(700.0),
                        _ => None,
                    };
                }
                last = Some(c);
            }
        }
        let mut pieces: Vec<(MathBox, Option<MathBreak>)> = vec![(MathBox::default(), None)];
        let mut prev = if lead_ord { Some(Class::Ord) } else { None };
        let script = matches!(st.style, MathStyle::Script | MathStyle::ScriptScript);
        let mu = self.size(st) / 18.0;
        for (((b, _), class), brk) in atoms.into_iter().zip(classes).zip(breaks) {
            let space = match (prev, class) {
                (Some(p), Some(c)) => space_between(p, c, script) * mu,
                _ => 0.0,
            };
            if let Some(penalty) = brk {
                // TeX's thick and medium spaces stretch (and the medium one shrinks), here by
                // half as much as TeX's so that a formula opens up less than the words around it.
                let (stretch, shrink) = if space > 4.5 * mu { (space / 2.0, 0.0) } else { (space / 4.0, space / 2.0) };
                pieces.push((MathBox::default(), Some(MathBreak { penalty, width: space, stretch, shrink })));
            } else if space != 0.0 {
                if let Some(last) = pieces.last_mut() {
                    last.0.append(MathBox::space(space));
                }
            }
            if let Some(last) = pieces.last_mut() {
                last.0.append(b);
            }
            if class.is_some() {
                prev = class;
            }
        }
        pieces
    }

    /// One node: its box and its class.
    pub fn node(&mut self, n: &Node, st: St, depth: usize) -> (MathBox, Class) {
        if depth > 2 * MAX_DEPTH {
            return (MathBox::default(), Class::Ord);
        }
        let d = depth + 1;
        match n {
            Node::Sym { text, class, big, stretchy: _, small } => {
                let c = text.chars().next().unwrap_or(' ');
                if let Some(em) = big {
                    return (super::delim::big(self, c, *em, st), *class);
                }
                // A prime is a superscript (TeX's `'` is `^\prime`).
                if matches!(c, '′' | '″' | '‴' | '⁗') && text.chars().count() == 1 {
                    let p = self.symbol(c, st.sup());
                    let up = self.k(st, if st.cramped { self.mf.c.superscript_shift_up_cramped } else { self.mf.c.superscript_shift_up });
                    return (p.raise(up), Class::Ord);
                }
                if *class == Class::Op && !small {
                    return (super::scripts::big_op(self, c, st), Class::Op);
                }
                if text.chars().count() > 1 {
                    let mut out = MathBox::default();
                    for ch in text.chars() {
                        let b = self.symbol(ch, st);
                        out.append(b);
                    }
                    return (out, *class);
                }
                (self.symbol(c, st), *class)
            }
            Node::Word { text, class, text_mode } => (self.word(text, st, *text_mode), *class),
            Node::Group(list) => (self.list(list, st, d, false), Class::Ord),
            Node::LeftRight { open, close, body } => (super::delim::left_right(self, *open, *close, body, st, d), Class::Inner),
            Node::Frac { num, den, thickness } => (super::frac::fraction(self, num, den, *thickness, st, d), Class::Inner),
            Node::Root { body, index } => (super::radical::radical(self, body, index.as_deref(), st, d), Class::Ord),
            Node::Scripts { base, sub, sup, position } => super::scripts::scripts(self, base, sub.as_deref(), sup.as_deref(), *position, st, d),
            Node::Table { kind, rows, .. } => (super::table::table(self, kind, rows, st, d), Class::Ord),
            Node::Negate(inner) => {
                let (mut b, class) = self.node(inner, st, d);
                let slash = self.symbol('/', st);
                let dx = (b.width - slash.width) / 2.0;
                b.place(slash, dx, 0.0);
                (b, class)
            }
            Node::Space(em) => (MathBox::space(em * self.size(st)), Class::Ord),
            Node::SetStyle(_) | Node::SetFont(_) => (MathBox::default(), Class::Ord),
        }
    }

    /// Glyph `c` of the math font stretched to `target` points (vertical or horizontal).
    pub fn stretched(&self, c: char, st: St, target: f32, vertical: bool) -> MathBox {
        let size = self.size(st);
        let g = self.mf.glyph(c);
        stretch(&self.mf, g, size, target, vertical, &c.to_string())
    }

    /// Whether scripts in `position` become limits above and below in style `st`.
    pub fn has_limits(&self, position: ScriptPosition, st: St) -> bool {
        match position {
            ScriptPosition::AboveBelow => true,
            ScriptPosition::Right => false,
            ScriptPosition::Movable => st.display(),
        }
    }
}
