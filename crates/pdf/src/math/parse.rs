//! A formula → the math list: the events the parse stage read from its TeX (pulldown-latex's,
//! the same the MathML writer consumes; see [`quire_core::ast::math`]) built into a tree of
//! nodes. No TeX is parsed here. The tree's depth is bounded: TeX nested past
//! [`quire_core::depth::MAX_MATH_DEPTH`] has no events, and the reader refuses depth past
//! [`MAX_DEPTH`] on its own.

use pulldown_latex::event::{
    ArrayColumn, ColumnAlignment, Content, DelimiterSize, DelimiterType, Dimension, DimensionUnit, EnvironmentFlow, Event,
    Font, Grouping, ScriptPosition, ScriptType, StateChange, Style, Visual,
};
use quire_core::{Formula, TexError};

/// The deepest tree the reader builds.
pub const MAX_DEPTH: usize = 200;

/// TeX's atom classes (the TeXbook, chapter 17).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Ordinary.
    Ord,
    /// Large operator.
    Op,
    /// Binary operator.
    Bin,
    /// Relation.
    Rel,
    /// Opening delimiter.
    Open,
    /// Closing delimiter.
    Close,
    /// Punctuation.
    Punct,
    /// A subformula in `\left…\right`.
    Inner,
}

/// Math styles, largest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MathStyle {
    /// Display.
    Display,
    /// Text.
    Text,
    /// Script.
    Script,
    /// Scriptscript.
    ScriptScript,
}

/// How a table's columns are aligned and spaced.
#[derive(Debug, Clone, PartialEq)]
pub enum TableKind {
    /// `matrix`-like: centred (or as given) columns one em apart.
    Matrix(ColumnAlignment),
    /// `cases`: left-aligned columns, a brace on the left (right for `rcases`).
    Cases {
        /// Brace on the left.
        left: bool,
    },
    /// `aligned`, `align*`, `split`: right, left, right, left … with no gap inside a pair.
    Aligned,
    /// `gather*`, `gathered`, `multline`, `equation`: centred rows.
    Gather,
    /// `array` / `subarray`: the given alignments.
    Array(Vec<ColumnAlignment>),
}

/// A node of the math list.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// One symbol.
    Sym {
        /// The character(s).
        text: String,
        /// Its class.
        class: Class,
        /// Delimiter size (`\big` …) in ems of total height, for delimiters.
        big: Option<f32>,
        /// A stretchy character (accents over wide bases, arrows).
        stretchy: bool,
        /// A `\smallint`-like small operator.
        small: bool,
    },
    /// A run of letters set as a word: `\text{…}` (text), a number, an operator name.
    Word {
        /// The text.
        text: String,
        /// `Ord` for text and numbers, `Op` for operator names.
        class: Class,
        /// Text mode (upright body font, spaces kept).
        text_mode: bool,
    },
    /// `{…}`.
    Group(Vec<Node>),
    /// `\left…\right`, with `\middle` delimiters inside as `Sym` of class `Rel` and `big` set.
    LeftRight {
        /// Opening delimiter (`None` for `.`).
        open: Option<char>,
        /// Closing delimiter.
        close: Option<char>,
        /// The contents.
        body: Vec<Node>,
    },
    /// A fraction; `thickness` in ems (`Some(0)` for `\binom`).
    Frac {
        /// Numerator.
        num: Box<Node>,
        /// Denominator.
        den: Box<Node>,
        /// Bar thickness, when not the font's.
        thickness: Option<f32>,
    },
    /// A radical.
    Root {
        /// Under the radical.
        body: Box<Node>,
        /// The index (`\sqrt[3]`).
        index: Option<Box<Node>>,
    },
    /// A base with scripts.
    Scripts {
        /// The base.
        base: Box<Node>,
        /// Subscript (or under-script).
        sub: Option<Box<Node>>,
        /// Superscript (or over-script, accent).
        sup: Option<Box<Node>>,
        /// Where scripts go.
        position: ScriptPosition,
    },
    /// Horizontal space in ems (negative for `\!`).
    Space(f32),
    /// `\displaystyle` and friends: applies to what follows in the list.
    SetStyle(MathStyle),
    /// `\mathbf` and friends: applies to what follows in the list.
    SetFont(Option<Font>),
    /// An environment with `&` and `\\`.
    Table {
        /// What kind.
        kind: TableKind,
        /// Rows of cells.
        rows: Vec<Vec<Vec<Node>>>,
        /// `align` and `alignat` (not `aligned`): a display of them may break across pages
        /// between rows.
        split: bool,
    },
    /// `\not`: the next node struck through.
    Negate(Box<Node>),
}

/// Why TeX could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ParseError {
    /// The formula is empty.
    #[error("the formula is empty")]
    Empty,
    /// Groups nest too deep.
    #[error("groups nest deeper than {0} levels")]
    TooDeep(usize),
    /// pulldown-latex refused it (an unknown command, unbalanced braces …).
    #[error("{0}")]
    Tex(String),
    /// The event stream ended inside a group or an element.
    #[error("the formula ends too early")]
    Truncated,
}

/// Reads `formula`'s events into rows of a math list (one row unless the formula has top-level
/// `\\`).
pub fn parse(formula: &Formula) -> Result<Vec<Vec<Node>>, ParseError> {
    let events: Vec<Event> = match formula.events() {
        Ok(evs) => evs.collect(),
        Err(TexError::Empty) => return Err(ParseError::Empty),
        Err(TexError::TooDeep(n)) => return Err(ParseError::TooDeep(*n)),
        Err(e) => return Err(ParseError::Tex(e.to_string())),
    };
    let mut r = Reader { events, pos: 0 };
    let rows = r.rows(0, false)?;
    if rows.iter().all(|row| row.iter().all(|cell| cell.is_empty())) {
        return Err(ParseError::Empty);
    }
    Ok(rows.into_iter().map(|row| row.into_iter().flatten().collect()).collect())
}

struct Reader<'a> {
    events: Vec<Event<'a>>,
    pos: usize,
}

/// Ems in a TeX dimension (body size 1 em; `pt` as at 10 pt).
pub fn dim_em(d: Dimension) -> f32 {
    let v = d.value;
    match d.unit {
        DimensionUnit::Em => v,
        DimensionUnit::Mu => v / 18.0,
        DimensionUnit::Ex => v * 0.45,
        DimensionUnit::Pt | DimensionUnit::Bp => v / 10.0,
        DimensionUnit::Pc => v * 1.2,
        DimensionUnit::In => v * 7.2,
        DimensionUnit::Cm => v * 72.0 / 25.4,
        DimensionUnit::Mm => v * 7.2 / 25.4,
        DimensionUnit::Dd => v * 1.07 / 10.0,
        DimensionUnit::Cc => v * 12.84 / 10.0,
        DimensionUnit::Sp => v / 65536.0 / 10.0,
    }
}

fn big_em(s: DelimiterSize) -> f32 {
    match s {
        DelimiterSize::Big => 1.2,
        DelimiterSize::BIG => 1.8,
        DelimiterSize::Bigg => 2.4,
        DelimiterSize::BIGG => 3.0,
    }
}

impl<'a> Reader<'a> {
    /// Rows of cells until the matching `End` (or the end of the stream at depth 0).
    fn rows(&mut self, depth: usize, grouped: bool) -> Result<Vec<Vec<Vec<Node>>>, ParseError> {
        let mut rows: Vec<Vec<Vec<Node>>> = vec![vec![Vec::new()]];
        loop {
            match self.events.get(self.pos) {
                None if grouped => return Err(ParseError::Truncated),
                None => break,
                Some(Event::End) if grouped => {
                    self.pos += 1;
                    break;
                }
                Some(Event::End) => return Err(ParseError::Tex("unbalanced group end".into())),
                Some(Event::EnvironmentFlow(EnvironmentFlow::Alignment)) => {
                    self.pos += 1;
                    if let Some(r) = rows.last_mut() {
                        r.push(Vec::new());
                    }
                }
                Some(Event::EnvironmentFlow(EnvironmentFlow::NewLine { .. })) => {
                    self.pos += 1;
                    rows.push(vec![Vec::new()]);
                }
                Some(Event::EnvironmentFlow(EnvironmentFlow::StartLines { .. })) => self.pos += 1,
                Some(_) => {
                    let n = self.element(depth)?;
                    if let Some(cell) = rows.last_mut().and_then(|r| r.last_mut()) {
                        cell.push(n);
                    }
                }
            }
        }
        // A trailing `\\` leaves an empty row.
        if rows.len() > 1 && rows.last().is_some_and(|r| r.iter().all(Vec::is_empty)) {
            rows.pop();
        }
        Ok(rows)
    }

    fn list(&mut self, depth: usize) -> Result<Vec<Node>, ParseError> {
        let rows = self.rows(depth, true)?;
        Ok(rows.into_iter().flatten().flatten().collect())
    }

    fn boxed(&mut self, depth: usize) -> Result<Box<Node>, ParseError> {
        Ok(Box::new(self.element(depth)?))
    }

    /// One element.
    fn element(&mut self, depth: usize) -> Result<Node, ParseError> {
        if depth > MAX_DEPTH {
            return Err(ParseError::TooDeep(MAX_DEPTH));
        }
        let d = depth + 1;
        let ev = self.events.get(self.pos).cloned().ok_or(ParseError::Truncated)?;
        self.pos += 1;
        Ok(match ev {
            Event::Content(c) => content(c),
            Event::Begin(g) => self.group(g, d)?,
            Event::End => return Err(ParseError::Tex("unbalanced group end".into())),
            Event::Visual(v) => match v {
                Visual::SquareRoot => Node::Root { body: self.boxed(d)?, index: None },
                Visual::Root => {
                    let body = self.boxed(d)?;
                    Node::Root { body, index: Some(self.boxed(d)?) }
                }
                Visual::Fraction(t) => {
                    let num = self.boxed(d)?;
                    Node::Frac { num, den: self.boxed(d)?, thickness: t.map(dim_em) }
                }
                Visual::Negation => Node::Negate(self.boxed(d)?),
            },
            Event::Script { ty, position } => {
                let base = self.boxed(d)?;
                let (sub, sup) = match ty {
                    ScriptType::Subscript => (Some(self.boxed(d)?), None),
                    ScriptType::Superscript => (None, Some(self.boxed(d)?)),
                    ScriptType::SubSuperscript => {
                        let sub = self.boxed(d)?;
                        (Some(sub), Some(self.boxed(d)?))
                    }
                };
                Node::Scripts { base, sub, sup, position }
            }
            Event::Space { width, .. } => Node::Space(width.map(dim_em).unwrap_or(0.0)),
            Event::StateChange(s) => match s {
                StateChange::Font(f) => Node::SetFont(f),
                StateChange::Style(s) => Node::SetStyle(match s {
                    Style::Display => MathStyle::Display,
                    Style::Text => MathStyle::Text,
                    Style::Script => MathStyle::Script,
                    Style::ScriptScript => MathStyle::ScriptScript,
                }),
                // Colour is not set in the PDF yet: an empty group keeps the list's shape.
                StateChange::Color(_) => Node::Group(Vec::new()),
            },
            Event::EnvironmentFlow(_) => Node::Group(Vec::new()),
        })
    }

    fn group(&mut self, g: Grouping, d: usize) -> Result<Node, ParseError> {
        let table = |kind: TableKind, r: &mut Reader<'a>| -> Result<Node, ParseError> { Ok(Node::Table { kind, rows: r.rows(d, true)?, split: false }) };
        match g {
            Grouping::Normal => Ok(Node::Group(self.list(d)?)),
            Grouping::LeftRight(open, close) => Ok(Node::LeftRight { open, close, body: self.list(d)? }),
            Grouping::Matrix { alignment } => table(TableKind::Matrix(alignment), self),
            Grouping::Cases { left } => table(TableKind::Cases { left }, self),
            Grouping::Align { .. } | Grouping::Alignat { .. } => Ok(Node::Table { kind: TableKind::Aligned, rows: self.rows(d, true)?, split: true }),
            Grouping::Aligned | Grouping::Alignedat { .. } | Grouping::Split => table(TableKind::Aligned, self),
            Grouping::Equation { .. } | Grouping::Gather { .. } | Grouping::Gathered | Grouping::Multline => table(TableKind::Gather, self),
            Grouping::SubArray { alignment } => table(TableKind::Matrix(alignment), self),
            Grouping::Array(cols) => {
                let aligns = cols
                    .iter()
                    .filter_map(|c| match c {
                        ArrayColumn::Column(a) => Some(*a),
                        ArrayColumn::Separator(_) => None,
                    })
                    .collect();
                table(TableKind::Array(aligns), self)
            }
        }
    }
}

fn content(c: Content) -> Node {
    let sym = |text: String, class: Class| Node::Sym { text, class, big: None, stretchy: false, small: false };
    match c {
        Content::Text(t) => Node::Word { text: t.to_string(), class: Class::Ord, text_mode: true },
        Content::Number(n) => Node::Word { text: n.to_string(), class: Class::Ord, text_mode: false },
        Content::Function(f) => Node::Word { text: f.to_string(), class: Class::Op, text_mode: false },
        Content::Ordinary { content, stretchy } => Node::Sym { text: content.to_string(), class: Class::Ord, big: None, stretchy, small: false },
        Content::LargeOp { content, small } => Node::Sym { text: content.to_string(), class: Class::Op, big: None, stretchy: false, small },
        Content::BinaryOp { content, .. } => sym(content.to_string(), Class::Bin),
        Content::Relation { content, .. } => {
            let mut buf = [0u8; 8];
            let bytes = content.encode_utf8_to_buf(&mut buf);
            sym(String::from_utf8_lossy(bytes).into_owned(), Class::Rel)
        }
        Content::Delimiter { content, size, ty } => Node::Sym {
            text: content.to_string(),
            class: match ty {
                DelimiterType::Open => Class::Open,
                DelimiterType::Close => Class::Close,
                DelimiterType::Fence => Class::Ord,
            },
            big: size.map(big_em),
            stretchy: false,
            small: false,
        },
        Content::Punctuation(p) => sym(p.to_string(), Class::Punct),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn parse(tex: &str) -> Result<Vec<Vec<Node>>, ParseError> {
        super::parse(&Formula::inline(tex))
    }

    #[test]
    fn scripts_and_fractions_become_nodes() {
        let rows = parse("x^2 + \\frac{a}{b}").unwrap();
        assert_eq!(rows.len(), 1);
        assert!(matches!(rows[0][0], Node::Scripts { ref sup, .. } if sup.is_some()));
        assert!(rows[0].iter().any(|n| matches!(n, Node::Frac { .. })));
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        assert_eq!(parse("  "), Err(ParseError::Empty));
        assert!(matches!(parse("\\nosuchcommand x"), Err(ParseError::Tex(_))));
        assert!(parse("{x").is_err());
        assert!(parse("x}").is_err());
        assert!(matches!(parse(&"{".repeat(10_000)), Err(ParseError::TooDeep(_))));
        assert!(parse(&format!("{}x{}", "{".repeat(60), "}".repeat(60))).is_ok());
    }

    #[test]
    fn environments_have_rows_and_cells() {
        let rows = parse("\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}").unwrap();
        let table = |n: &Node| -> Option<usize> {
            match n {
                Node::Table { rows, .. } => Some(rows.len() * 10 + rows[0].len()),
                Node::LeftRight { body, .. } => body.iter().find_map(|b| if let Node::Table { rows, .. } = b { Some(rows.len() * 10 + rows[0].len()) } else { None }),
                _ => None,
            }
        };
        assert_eq!(rows[0].iter().find_map(table), Some(22), "{rows:?}");
    }
}
