//! Knuth–Plass optimal line breaking over boxes, glue and penalties (Knuth & Plass 1981), plus a
//! first-fit breaker for ragged text. Pure arithmetic: the items carry only widths.
//!
//! One extension: boxes may shrink (a full-width punctuation mark gives up half its em before
//! inter-character space shrinks), so shrink is summed over boxes as well as glue.

/// Penalty at or above which a break is forbidden.
pub const INFINITY: f32 = 10_000.0;
/// Stretch standing for "infinitely stretchable" (the last line's fill glue).
pub const FIL: f32 = 100_000.0;

/// One item of the paragraph.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Node {
    /// Unbreakable material.
    Box {
        /// Natural width.
        width: f32,
        /// How much it may shrink.
        shrink: f32,
    },
    /// Breakable, stretchable space (a break here drops it).
    Glue {
        /// Natural width.
        width: f32,
        /// Stretchability.
        stretch: f32,
        /// Shrinkability.
        shrink: f32,
    },
    /// A possible break with a cost; `width` is added to the line if it breaks here (a hyphen).
    Penalty {
        /// Width when broken here.
        width: f32,
        /// Cost; ≥ [`INFINITY`] forbids, ≤ -[`INFINITY`] forces.
        penalty: f32,
        /// Flagged (hyphen) breaks are not wanted on consecutive lines.
        flagged: bool,
    },
}

/// A chosen break: the item index and the adjustment ratio of the line that ends there.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Break {
    /// Index of the glue or penalty broken at (`items.len()` never occurs: the paragraph must
    /// end with a forced penalty).
    pub index: usize,
    /// Adjustment ratio: > 0 stretch, < 0 shrink (never below -1).
    pub ratio: f32,
}

/// Knobs of the algorithm.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// Largest acceptable badness.
    pub tolerance: f32,
    /// Added to every line's badness (TeX's \linepenalty).
    pub line_penalty: f32,
    /// Extra demerits for two flagged breaks in a row.
    pub flagged_demerits: f32,
    /// Extra demerits for adjacent lines of very different tightness.
    pub fitness_demerits: f32,
    /// Extra demerits when the penultimate line ends with a hyphen.
    pub final_hyphen_demerits: f32,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            tolerance: 200.0,
            line_penalty: 10.0,
            flagged_demerits: 3000.0,
            fitness_demerits: 100.0,
            final_hyphen_demerits: 5000.0,
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Sums {
    width: f64,
    stretch: f64,
    shrink: f64,
}

#[derive(Debug, Clone, Copy)]
struct Candidate {
    index: usize,
    line: usize,
    fitness: u8,
    totals: Sums,
    demerits: f32,
    ratio: f32,
    prev: Option<usize>,
}

fn badness(ratio: f32) -> f32 {
    if ratio < -1.0 {
        f32::INFINITY
    } else {
        (100.0 * ratio.abs().powi(3)).min(INFINITY)
    }
}

fn fitness(ratio: f32) -> u8 {
    if ratio < -0.5 {
        0
    } else if ratio <= 0.5 {
        1
    } else if ratio <= 1.0 {
        2
    } else {
        3
    }
}

/// Optimal breaks for `items` with every line `measure` wide, or `None` when no set of lines
/// within `params.tolerance` exists (a box wider than the measure, or too little stretch).
pub fn optimal_breaks(items: &[Node], measure: f32, params: &Params) -> Option<Vec<Break>> {
    let mut nodes: Vec<Candidate> = vec![Candidate {
        index: 0,
        line: 0,
        fitness: 1,
        totals: Sums { width: 0.0, stretch: 0.0, shrink: 0.0 },
        demerits: 0.0,
        ratio: 0.0,
        prev: None,
    }];
    let mut active: Vec<usize> = vec![0];
    let mut sum = Sums { width: 0.0, stretch: 0.0, shrink: 0.0 };
    for (i, item) in items.iter().enumerate() {
        let (breakable, pen_width, penalty, flagged) = match *item {
            Node::Box { .. } => (false, 0.0, 0.0, false),
            Node::Glue { .. } => (i > 0 && matches!(items[i - 1], Node::Box { .. }), 0.0, 0.0, false),
            Node::Penalty { width, penalty, flagged } => (penalty < INFINITY, width, penalty, flagged),
        };
        if breakable {
            let mut best: [Option<Candidate>; 4] = [None; 4];
            let mut keep = Vec::with_capacity(active.len());
            for &a in &active {
                let node = nodes[a];
                // Cumulative sums in f64: long paragraphs would otherwise lose hundredths of a point.
                let width = sum.width - node.totals.width + f64::from(pen_width);
                let m = f64::from(measure);
                let ratio = if width < m {
                    let st = sum.stretch - node.totals.stretch;
                    if st > 0.0 { ((m - width) / st) as f32 } else { INFINITY }
                } else if width > m {
                    let sh = sum.shrink - node.totals.shrink;
                    if sh > 0.0 { ((m - width) / sh) as f32 } else { f32::NEG_INFINITY }
                } else {
                    0.0
                };
                let forced = penalty <= -INFINITY;
                if ratio < -1.0 || forced {
                    // deactivate (it can only get worse), unless it is still the only way out
                } else {
                    keep.push(a);
                }
                let bad = badness(ratio);
                if ratio >= -1.0 && bad <= params.tolerance {
                    let mut d = (params.line_penalty + bad).powi(2);
                    if penalty >= 0.0 {
                        d += penalty * penalty;
                    } else if penalty > -INFINITY {
                        d -= penalty * penalty;
                    }
                    let prev_flagged = matches!(items.get(node.index), Some(Node::Penalty { flagged: true, .. }))
                        && node.index > 0;
                    if flagged && prev_flagged {
                        d += params.flagged_demerits;
                    }
                    // TeX's \finalhyphendemerits: no hyphen on the penultimate line.
                    if forced && prev_flagged {
                        d += params.final_hyphen_demerits;
                    }
                    let fit = fitness(ratio);
                    if (fit as i32 - node.fitness as i32).abs() > 1 {
                        d += params.fitness_demerits;
                    }
                    d += node.demerits;
                    let slot = &mut best[fit as usize];
                    if slot.is_none_or(|b| d < b.demerits) {
                        *slot = Some(Candidate {
                            index: i,
                            line: node.line + 1,
                            fitness: fit,
                            totals: Sums::default_zero(),
                            demerits: d,
                            ratio,
                            prev: Some(a),
                        });
                    }
                }
            }
            active = keep;
            // Totals after the break: skip glue and non-forced penalties that follow.
            let mut after = sum;
            let mut j = i;
            while j < items.len() {
                match items[j] {
                    Node::Box { .. } => break,
                    Node::Glue { width, stretch, shrink } => {
                        after.width += f64::from(width);
                        after.stretch += f64::from(stretch);
                        after.shrink += f64::from(shrink);
                    }
                    Node::Penalty { penalty, .. } => {
                        if penalty <= -INFINITY && j > i {
                            break;
                        }
                    }
                }
                j += 1;
            }
            for c in best.into_iter().flatten() {
                nodes.push(Candidate { totals: after, ..c });
                active.push(nodes.len() - 1);
            }
            if active.is_empty() {
                return None;
            }
        }
        match *item {
            Node::Box { width, shrink } => {
                sum.width += f64::from(width);
                sum.shrink += f64::from(shrink);
            }
            Node::Glue { width, stretch, shrink } => {
                sum.width += f64::from(width);
                sum.stretch += f64::from(stretch);
                sum.shrink += f64::from(shrink);
            }
            Node::Penalty { .. } => {}
        }
    }
    let last = items.len().checked_sub(1)?;
    let best = active
        .iter()
        .copied()
        .filter(|&a| nodes[a].index == last && a != 0)
        .min_by(|&a, &b| nodes[a].demerits.total_cmp(&nodes[b].demerits))?;
    let mut out = Vec::new();
    let mut cur = Some(best);
    while let Some(c) = cur {
        if c == 0 {
            break;
        }
        out.push(Break { index: nodes[c].index, ratio: nodes[c].ratio });
        cur = nodes[c].prev;
    }
    out.reverse();
    Some(out)
}

impl Sums {
    fn default_zero() -> Sums {
        Sums { width: 0.0, stretch: 0.0, shrink: 0.0 }
    }
}

/// First-fit breaks for ragged-right text: each line takes as much as fits at natural width.
/// Falls back to an overfull line only when a single unbreakable stretch is wider than the
/// measure. Ratios are 0 (natural spacing).
pub fn first_fit(items: &[Node], measure: f32) -> Vec<Break> {
    let mut out = Vec::new();
    let mut width = 0.0f32;
    let mut last_ok: Option<usize> = None;
    let mut start = 0usize;
    let mut i = 0usize;
    while i < items.len() {
        let item = items[i];
        let (breakable, pen_width, forced) = match item {
            Node::Box { .. } => (false, 0.0, false),
            Node::Glue { .. } => (i > start && matches!(items[i - 1], Node::Box { .. }), 0.0, false),
            Node::Penalty { width, penalty, .. } => (penalty < INFINITY, width, penalty <= -INFINITY),
        };
        if breakable {
            if width + pen_width <= measure + 0.001 || last_ok.is_none() {
                last_ok = Some(i);
            }
            if forced {
                out.push(Break { index: i, ratio: 0.0 });
                (start, i, width, last_ok) = restart(items, i);
                continue;
            }
        }
        if let Node::Box { width: w, .. } | Node::Glue { width: w, .. } = item {
            if width + w > measure + 0.001 && matches!(item, Node::Box { .. }) {
                if let Some(b) = last_ok {
                    out.push(Break { index: b, ratio: 0.0 });
                    (start, i, width, last_ok) = restart(items, b);
                    continue;
                }
            }
            width += w;
        }
        i += 1;
    }
    out
}

/// Skips the discardable items after a break at `b`: returns (line start, next index, width 0,
/// no breakpoint yet).
fn restart(items: &[Node], b: usize) -> (usize, usize, f32, Option<usize>) {
    let mut j = b + 1;
    while j < items.len() && !matches!(items[j], Node::Box { .. }) {
        if let Node::Penalty { penalty, .. } = items[j] {
            if penalty <= -INFINITY {
                break;
            }
        }
        j += 1;
    }
    (j, j, 0.0, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(ws: &[f32], space: f32) -> Vec<Node> {
        let mut v = Vec::new();
        for (i, &w) in ws.iter().enumerate() {
            if i > 0 {
                v.push(Node::Glue { width: space, stretch: space / 2.0, shrink: space / 3.0 });
            }
            v.push(Node::Box { width: w, shrink: 0.0 });
        }
        v.push(Node::Glue { width: 0.0, stretch: FIL, shrink: 0.0 });
        v.push(Node::Penalty { width: 0.0, penalty: -INFINITY, flagged: false });
        v
    }

    fn line_widths(items: &[Node], breaks: &[Break]) -> Vec<f32> {
        let mut start = 0;
        let mut out = Vec::new();
        for b in breaks {
            let mut w = 0.0;
            let mut st = 0.0;
            let mut sh = 0.0;
            for it in &items[start..b.index] {
                match *it {
                    Node::Box { width, shrink } => {
                        w += width;
                        sh += shrink;
                    }
                    Node::Glue { width, stretch, shrink } => {
                        w += width;
                        st += stretch;
                        sh += shrink;
                    }
                    Node::Penalty { .. } => {}
                }
            }
            let adj = if b.ratio > 0.0 { b.ratio * st } else { b.ratio * sh };
            out.push(w + adj);
            start = b.index + 1;
        }
        out
    }

    #[test]
    fn known_paragraph_breaks_into_full_lines() {
        // Sixty words of 8–37 pt with 10 pt text spaces at a 300 pt measure.
        let mut seed = 7u32;
        let ws: Vec<f32> = (0..60)
            .map(|_| {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                8.0 + ((seed >> 16) % 30) as f32
            })
            .collect();
        let items = words(&ws, 3.33);
        // Without hyphenation such a paragraph needs a looser tolerance, as in TeX.
        assert!(optimal_breaks(&items, 300.0, &Params { tolerance: 1.0, ..Params::default() }).is_none());
        let breaks = optimal_breaks(&items, 300.0, &Params { tolerance: 2000.0, ..Params::default() }).expect("feasible");
        assert!(breaks.len() >= 3);
        let widths = line_widths(&items, &breaks);
        for w in &widths[..widths.len() - 1] {
            assert!((w - 300.0).abs() < 0.01, "justified line is {w}");
        }
        assert!(breaks.iter().all(|b| b.ratio >= -1.0));
    }

    #[test]
    fn optimal_beats_greedy_on_a_classic_case() {
        // Greedy packs "aaa bb" then leaves a very loose line; KP balances.
        let items = words(&[40.0, 40.0, 15.0, 60.0, 30.0], 5.0);
        let kp = optimal_breaks(&items, 100.0, &Params { tolerance: 10_000.0, ..Params::default() });
        assert!(kp.is_some());
    }

    #[test]
    fn impossible_box_is_reported() {
        let items = words(&[150.0], 5.0);
        assert!(optimal_breaks(&items, 100.0, &Params::default()).is_none());
    }

    #[test]
    fn first_fit_never_exceeds_measure_when_possible() {
        let items = words(&[30.0, 30.0, 30.0, 30.0, 30.0, 30.0], 5.0);
        let breaks = first_fit(&items, 100.0);
        for w in line_widths(&items, &breaks) {
            assert!(w <= 100.0, "{w}");
        }
        assert_eq!(breaks.len(), 2);
    }
}
