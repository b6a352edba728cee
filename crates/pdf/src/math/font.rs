//! The math font: the OpenType MATH table's constants (scaled to points), glyph metrics, italic
//! corrections, accent attachments, size variants and glyph assemblies, read with ttf-parser.

use crate::fonts::FontBook;
use crate::model::FontId;
use rustybuzz::ttf_parser::gsub::{SingleSubstitution, SubstitutionSubtable};
use rustybuzz::ttf_parser::{self, math, GlyphId};

/// A corner of a glyph, for the MATH table's cut-ins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Corner {
    /// Where a superscript goes.
    TopRight,
    /// Where a pre-superscript goes.
    TopLeft,
    /// Where a subscript goes.
    BottomRight,
    /// Where a pre-subscript goes.
    BottomLeft,
}

/// The MATH constants this engine uses, in ems of the font (multiply by the size).
#[derive(Debug, Clone, Copy, Default)]
pub struct Constants {
    /// Script scale (the MATH table's, in ems unless a ratio).
    pub script_scale: f32,
    /// Script script scale (the MATH table's, in ems unless a ratio).
    pub script_script_scale: f32,
    /// Axis height (the MATH table's, in ems unless a ratio).
    pub axis_height: f32,
    /// Accent base height (the MATH table's, in ems unless a ratio).
    pub accent_base_height: f32,
    /// Display operator min height (the MATH table's, in ems unless a ratio).
    pub display_operator_min_height: f32,
    /// Delimited sub formula min height (the MATH table's, in ems unless a ratio).
    pub delimited_sub_formula_min_height: f32,
    /// Subscript shift down (the MATH table's, in ems unless a ratio).
    pub subscript_shift_down: f32,
    /// Subscript top max (the MATH table's, in ems unless a ratio).
    pub subscript_top_max: f32,
    /// Subscript baseline drop min (the MATH table's, in ems unless a ratio).
    pub subscript_baseline_drop_min: f32,
    /// Superscript shift up (the MATH table's, in ems unless a ratio).
    pub superscript_shift_up: f32,
    /// Superscript shift up cramped (the MATH table's, in ems unless a ratio).
    pub superscript_shift_up_cramped: f32,
    /// Superscript bottom min (the MATH table's, in ems unless a ratio).
    pub superscript_bottom_min: f32,
    /// Superscript baseline drop max (the MATH table's, in ems unless a ratio).
    pub superscript_baseline_drop_max: f32,
    /// Sub superscript gap min (the MATH table's, in ems unless a ratio).
    pub sub_superscript_gap_min: f32,
    /// Superscript bottom max with subscript (the MATH table's, in ems unless a ratio).
    pub superscript_bottom_max_with_subscript: f32,
    /// Space after script (the MATH table's, in ems unless a ratio).
    pub space_after_script: f32,
    /// Upper limit gap min (the MATH table's, in ems unless a ratio).
    pub upper_limit_gap_min: f32,
    /// Upper limit baseline rise min (the MATH table's, in ems unless a ratio).
    pub upper_limit_baseline_rise_min: f32,
    /// Lower limit gap min (the MATH table's, in ems unless a ratio).
    pub lower_limit_gap_min: f32,
    /// Lower limit baseline drop min (the MATH table's, in ems unless a ratio).
    pub lower_limit_baseline_drop_min: f32,
    /// Stack top shift up (the MATH table's, in ems unless a ratio).
    pub stack_top_shift_up: f32,
    /// Stack top display style shift up (the MATH table's, in ems unless a ratio).
    pub stack_top_display_style_shift_up: f32,
    /// Stack bottom shift down (the MATH table's, in ems unless a ratio).
    pub stack_bottom_shift_down: f32,
    /// Stack bottom display style shift down (the MATH table's, in ems unless a ratio).
    pub stack_bottom_display_style_shift_down: f32,
    /// Stack gap min (the MATH table's, in ems unless a ratio).
    pub stack_gap_min: f32,
    /// Stack display style gap min (the MATH table's, in ems unless a ratio).
    pub stack_display_style_gap_min: f32,
    /// Fraction numerator shift up (the MATH table's, in ems unless a ratio).
    pub fraction_numerator_shift_up: f32,
    /// Fraction numerator display style shift up (the MATH table's, in ems unless a ratio).
    pub fraction_numerator_display_style_shift_up: f32,
    /// Fraction denominator shift down (the MATH table's, in ems unless a ratio).
    pub fraction_denominator_shift_down: f32,
    /// Fraction denominator display style shift down (the MATH table's, in ems unless a ratio).
    pub fraction_denominator_display_style_shift_down: f32,
    /// Fraction numerator gap min (the MATH table's, in ems unless a ratio).
    pub fraction_numerator_gap_min: f32,
    /// Fraction num display style gap min (the MATH table's, in ems unless a ratio).
    pub fraction_num_display_style_gap_min: f32,
    /// Fraction rule thickness (the MATH table's, in ems unless a ratio).
    pub fraction_rule_thickness: f32,
    /// Fraction denominator gap min (the MATH table's, in ems unless a ratio).
    pub fraction_denominator_gap_min: f32,
    /// Fraction denom display style gap min (the MATH table's, in ems unless a ratio).
    pub fraction_denom_display_style_gap_min: f32,
    /// Overbar vertical gap (the MATH table's, in ems unless a ratio).
    pub overbar_vertical_gap: f32,
    /// Overbar rule thickness (the MATH table's, in ems unless a ratio).
    pub overbar_rule_thickness: f32,
    /// Overbar extra ascender (the MATH table's, in ems unless a ratio).
    pub overbar_extra_ascender: f32,
    /// Underbar vertical gap (the MATH table's, in ems unless a ratio).
    pub underbar_vertical_gap: f32,
    /// Underbar rule thickness (the MATH table's, in ems unless a ratio).
    pub underbar_rule_thickness: f32,
    /// Underbar extra descender (the MATH table's, in ems unless a ratio).
    pub underbar_extra_descender: f32,
    /// Radical vertical gap (the MATH table's, in ems unless a ratio).
    pub radical_vertical_gap: f32,
    /// Radical display style vertical gap (the MATH table's, in ems unless a ratio).
    pub radical_display_style_vertical_gap: f32,
    /// Radical rule thickness (the MATH table's, in ems unless a ratio).
    pub radical_rule_thickness: f32,
    /// Radical extra ascender (the MATH table's, in ems unless a ratio).
    pub radical_extra_ascender: f32,
    /// Radical kern before degree (the MATH table's, in ems unless a ratio).
    pub radical_kern_before_degree: f32,
    /// Radical kern after degree (the MATH table's, in ems unless a ratio).
    pub radical_kern_after_degree: f32,
    /// Radical degree bottom raise (the MATH table's, in ems unless a ratio).
    pub radical_degree_bottom_raise: f32,
    /// Min connector overlap (the MATH table's, in ems unless a ratio).
    pub min_connector_overlap: f32,
}

/// A glyph's ink box in ems (y up).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Ink {
    /// X min (the MATH table's, in ems unless a ratio).
    pub x_min: f32,
    /// Y min (the MATH table's, in ems unless a ratio).
    pub y_min: f32,
    /// X max (the MATH table's, in ems unless a ratio).
    pub x_max: f32,
    /// Y max (the MATH table's, in ems unless a ratio).
    pub y_max: f32,
}

/// One part of a glyph assembly, in ems.
#[derive(Debug, Clone, Copy)]
pub struct Part {
    /// Glyph (the MATH table's, in ems unless a ratio).
    pub glyph: u16,
    /// Start connector (the MATH table's, in ems unless a ratio).
    pub start_connector: f32,
    /// End connector (the MATH table's, in ems unless a ratio).
    pub end_connector: f32,
    /// Full advance (the MATH table's, in ems unless a ratio).
    pub full_advance: f32,
    /// Extender (the MATH table's, in ems unless a ratio).
    pub extender: bool,
}

/// A parsed face with a MATH table.
pub struct MathFont<'a> {
    /// Its id in the font book.
    pub id: FontId,
    face: ttf_parser::Face<'a>,
    upem: f32,
    /// The constants.
    pub c: Constants,
}

/// The math face of `fonts` (see [`FontBook::math_face`]).
pub fn find_math_face(fonts: &FontBook, prefer: Option<&str>) -> Option<FontId> {
    fonts.math_face(prefer)
}

impl<'a> MathFont<'a> {
    /// Parses face `id` of `fonts`; `None` without a MATH table.
    pub fn new(fonts: &'a FontBook, id: FontId) -> Option<MathFont<'a>> {
        let (data, index) = fonts.data(id)?;
        let face = ttf_parser::Face::parse(data, index).ok()?;
        let table = face.tables().math?;
        let k = table.constants?;
        let upem = f32::from(face.units_per_em().max(1));
        let v = |m: math::MathValue| f32::from(m.value) / upem;
        let u = |m: u16| f32::from(m) / upem;
        let c = Constants {
            script_scale: f32::from(k.script_percent_scale_down().max(1)) / 100.0,
            script_script_scale: f32::from(k.script_script_percent_scale_down().max(1)) / 100.0,
            axis_height: v(k.axis_height()),
            accent_base_height: v(k.accent_base_height()),
            display_operator_min_height: u(k.display_operator_min_height()),
            delimited_sub_formula_min_height: u(k.delimited_sub_formula_min_height()),
            subscript_shift_down: v(k.subscript_shift_down()),
            subscript_top_max: v(k.subscript_top_max()),
            subscript_baseline_drop_min: v(k.subscript_baseline_drop_min()),
            superscript_shift_up: v(k.superscript_shift_up()),
            superscript_shift_up_cramped: v(k.superscript_shift_up_cramped()),
            superscript_bottom_min: v(k.superscript_bottom_min()),
            superscript_baseline_drop_max: v(k.superscript_baseline_drop_max()),
            sub_superscript_gap_min: v(k.sub_superscript_gap_min()),
            superscript_bottom_max_with_subscript: v(k.superscript_bottom_max_with_subscript()),
            space_after_script: v(k.space_after_script()),
            upper_limit_gap_min: v(k.upper_limit_gap_min()),
            upper_limit_baseline_rise_min: v(k.upper_limit_baseline_rise_min()),
            lower_limit_gap_min: v(k.lower_limit_gap_min()),
            lower_limit_baseline_drop_min: v(k.lower_limit_baseline_drop_min()),
            stack_top_shift_up: v(k.stack_top_shift_up()),
            stack_top_display_style_shift_up: v(k.stack_top_display_style_shift_up()),
            stack_bottom_shift_down: v(k.stack_bottom_shift_down()),
            stack_bottom_display_style_shift_down: v(k.stack_bottom_display_style_shift_down()),
            stack_gap_min: v(k.stack_gap_min()),
            stack_display_style_gap_min: v(k.stack_display_style_gap_min()),
            fraction_numerator_shift_up: v(k.fraction_numerator_shift_up()),
            fraction_numerator_display_style_shift_up: v(k.fraction_numerator_display_style_shift_up()),
            fraction_denominator_shift_down: v(k.fraction_denominator_shift_down()),
            fraction_denominator_display_style_shift_down: v(k.fraction_denominator_display_style_shift_down()),
            fraction_numerator_gap_min: v(k.fraction_numerator_gap_min()),
            fraction_num_display_style_gap_min: v(k.fraction_num_display_style_gap_min()),
            fraction_rule_thickness: v(k.fraction_rule_thickness()),
            fraction_denominator_gap_min: v(k.fraction_denominator_gap_min()),
            fraction_denom_display_style_gap_min: v(k.fraction_denom_display_style_gap_min()),
            overbar_vertical_gap: v(k.overbar_vertical_gap()),
            overbar_rule_thickness: v(k.overbar_rule_thickness()),
            overbar_extra_ascender: v(k.overbar_extra_ascender()),
            underbar_vertical_gap: v(k.underbar_vertical_gap()),
            underbar_rule_thickness: v(k.underbar_rule_thickness()),
            underbar_extra_descender: v(k.underbar_extra_descender()),
            radical_vertical_gap: v(k.radical_vertical_gap()),
            radical_display_style_vertical_gap: v(k.radical_display_style_vertical_gap()),
            radical_rule_thickness: v(k.radical_rule_thickness()),
            radical_extra_ascender: v(k.radical_extra_ascender()),
            radical_kern_before_degree: v(k.radical_kern_before_degree()),
            radical_kern_after_degree: v(k.radical_kern_after_degree()),
            radical_degree_bottom_raise: f32::from(k.radical_degree_bottom_raise_percent()) / 100.0,
            min_connector_overlap: table.variants.map(|vr| u(vr.min_connector_overlap)).unwrap_or(0.0),
        };
        Some(MathFont { id, face, upem, c })
    }

    /// The glyph for `c` (0 when the font has none).
    pub fn glyph(&self, c: char) -> u16 {
        self.face.glyph_index(c).map(|g| g.0).unwrap_or(0)
    }

    /// Advance width in ems.
    pub fn advance(&self, g: u16) -> f32 {
        advance_em(&self.face, self.upem, g)
    }

    /// Ink box in ems (zero for an empty glyph).
    pub fn ink(&self, g: u16) -> Ink {
        ink_em(&self.face, self.upem, g)
    }

    fn glyph_info(&self) -> Option<math::GlyphInfo<'a>> {
        self.face.tables().math.and_then(|m| m.glyph_info)
    }

    /// Italic correction in ems.
    pub fn italic(&self, g: u16) -> f32 {
        self.glyph_info().and_then(|i| i.italic_corrections).and_then(|v| v.get(GlyphId(g))).map(|v| f32::from(v.value) / self.upem).unwrap_or(0.0)
    }

    /// The `ssty` form of `g` for script level `level` (1 script, 2 scriptscript): the GSUB
    /// feature's single or alternate substitution (the alternate `level`, or the last one when
    /// there are fewer); `g` itself when the font has none.
    pub fn ssty(&self, g: u16, level: u8) -> u16 {
        if level == 0 {
            return g;
        }
        let Some(gsub) = self.face.tables().gsub else {
            return g;
        };
        let Some(feature) = gsub.features.find(ttf_parser::Tag::from_bytes(b"ssty")) else {
            return g;
        };
        let mut out = GlyphId(g);
        for li in feature.lookup_indices {
            let Some(lookup) = gsub.lookups.get(li) else {
                continue;
            };
            for sub in lookup.subtables.into_iter::<SubstitutionSubtable>() {
                let next = match sub {
                    SubstitutionSubtable::Single(s) => match s {
                        SingleSubstitution::Format1 { coverage, delta } => {
                            coverage.contains(out).then(|| GlyphId((i32::from(out.0) + i32::from(delta)).clamp(0, i32::from(u16::MAX)) as u16))
                        }
                        SingleSubstitution::Format2 { coverage, substitutes } => coverage.get(out).and_then(|i| substitutes.get(i)),
                    },
                    SubstitutionSubtable::Alternate(a) => a.coverage.get(out).and_then(|i| a.alternate_sets.get(i)).and_then(|set| {
                        let n = set.alternates.len();
                        (n > 0).then(|| set.alternates.get(u16::from(level).min(n) - 1)).flatten()
                    }),
                    _ => None,
                };
                if let Some(n) = next {
                    out = n;
                    break;
                }
            }
        }
        out.0
    }

    /// The cut-in of `g` at `corner` at `height` ems above the baseline (the MATH table's
    /// MathKernInfo; 0 when the glyph has none): added to the script's horizontal position.
    pub fn kern(&self, g: u16, corner: Corner, height: f32) -> f32 {
        let Some(info) = self.glyph_info().and_then(|i| i.kern_infos).and_then(|k| k.get(GlyphId(g))) else {
            return 0.0;
        };
        let kern = match corner {
            Corner::TopRight => info.top_right,
            Corner::TopLeft => info.top_left,
            Corner::BottomRight => info.bottom_right,
            Corner::BottomLeft => info.bottom_left,
        };
        let Some(k) = kern else { return 0.0 };
        // The kern of the first band whose correction height is above `height`, else the last.
        let mut i = 0u16;
        while i < k.count() {
            match k.height(i) {
                Some(h) if height < f32::from(h.value) / self.upem => break,
                _ => i += 1,
            }
        }
        k.kern(i).map(|v| f32::from(v.value) / self.upem).unwrap_or(0.0)
    }

    /// Top accent attachment x in ems (half the advance when the font gives none).
    pub fn top_accent(&self, g: u16) -> f32 {
        self.glyph_info()
            .and_then(|i| i.top_accent_attachments)
            .and_then(|v| v.get(GlyphId(g)))
            .map(|v| f32::from(v.value) / self.upem)
            .unwrap_or_else(|| self.advance(g) / 2.0)
    }

    fn construction(&self, g: u16, vertical: bool) -> Option<math::GlyphConstruction<'a>> {
        let v = self.face.tables().math.and_then(|m| m.variants)?;
        if vertical {
            v.vertical_constructions.get(GlyphId(g))
        } else {
            v.horizontal_constructions.get(GlyphId(g))
        }
    }

    /// Size variants of `g` (the glyph itself first) with their extent in ems.
    pub fn variants(&self, g: u16, vertical: bool) -> Vec<(u16, f32)> {
        let mut out = Vec::new();
        if let Some(c) = self.construction(g, vertical) {
            for v in c.variants {
                out.push((v.variant_glyph.0, f32::from(v.advance_measurement) / self.upem));
            }
        }
        if out.first().is_none_or(|f| f.0 != g) {
            let ink = self.ink(g);
            let ext = if vertical { ink.y_max - ink.y_min } else { self.advance(g) };
            out.insert(0, (g, ext));
        }
        out
    }

    /// The assembly parts of `g` (bottom-to-top or left-to-right), if it has one.
    pub fn assembly(&self, g: u16, vertical: bool) -> Option<(Vec<Part>, f32)> {
        let a = self.construction(g, vertical)?.assembly?;
        let parts: Vec<Part> = a
            .parts
            .into_iter()
            .map(|p| Part {
                glyph: p.glyph_id.0,
                start_connector: f32::from(p.start_connector_length) / self.upem,
                end_connector: f32::from(p.end_connector_length) / self.upem,
                full_advance: f32::from(p.full_advance) / self.upem,
                extender: p.part_flags.extender(),
            })
            .collect();
        (!parts.is_empty()).then_some((parts, f32::from(a.italics_correction.value) / self.upem))
    }
}

/// Metrics of a glyph of any face of the book (for letters set in the text faces).
pub struct PlainFace<'a> {
    face: ttf_parser::Face<'a>,
    upem: f32,
}

impl<'a> PlainFace<'a> {
    /// Parses face `id` of `fonts`.
    pub fn new(fonts: &'a FontBook, id: FontId) -> Option<PlainFace<'a>> {
        let (data, index) = fonts.data(id)?;
        let face = ttf_parser::Face::parse(data, index).ok()?;
        let upem = f32::from(face.units_per_em().max(1));
        Some(PlainFace { face, upem })
    }

    /// The glyph for `c`, if the face has one.
    pub fn glyph(&self, c: char) -> Option<u16> {
        self.face.glyph_index(c).map(|g| g.0).filter(|g| *g != 0)
    }

    /// Advance in ems.
    pub fn advance(&self, g: u16) -> f32 {
        advance_em(&self.face, self.upem, g)
    }

    /// Ink box in ems.
    pub fn ink(&self, g: u16) -> Ink {
        ink_em(&self.face, self.upem, g)
    }
}

/// Advance width of glyph `g` of `face` in ems.
fn advance_em(face: &ttf_parser::Face<'_>, upem: f32, g: u16) -> f32 {
    f32::from(face.glyph_hor_advance(GlyphId(g)).unwrap_or(0)) / upem
}

/// Ink box of glyph `g` of `face` in ems (zero for an empty glyph).
fn ink_em(face: &ttf_parser::Face<'_>, upem: f32, g: u16) -> Ink {
    face.glyph_bounding_box(GlyphId(g))
        .map(|b| Ink { x_min: f32::from(b.x_min) / upem, y_min: f32::from(b.y_min) / upem, x_max: f32::from(b.x_max) / upem, y_max: f32::from(b.y_max) / upem })
        .unwrap_or_default()
}
