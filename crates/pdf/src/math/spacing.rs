//! TeX's spacing between atom classes (the TeXbook, chapter 18, rule 20 and the table on p. 170)
//! and the rule that turns a binary operator with nothing to combine into an ordinary atom.

use super::parse::Class;

/// Space in mu (1/18 em) between atoms of classes `a` and `b`; `script` drops the spaces TeX
/// leaves out in script styles.
pub fn space_between(a: Class, b: Class, script: bool) -> f32 {
    use Class::*;
    // 0: none, 1: thin (3 mu), 2: medium (4 mu), 3: thick (5 mu); negative: only outside scripts.
    let code: i8 = match (a, b) {
        (Ord, Op) | (Op, Ord) | (Op, Op) | (Close, Op) | (Inner, Op) => 1,
        (Ord, Bin) | (Bin, Ord) | (Bin, Op) | (Bin, Open) | (Bin, Inner) | (Close, Bin) | (Inner, Bin) => -2,
        (Ord, Rel) | (Op, Rel) | (Rel, Ord) | (Rel, Op) | (Rel, Open) | (Rel, Inner) | (Close, Rel) | (Inner, Rel) => -3,
        (Ord, Inner) | (Op, Inner) | (Close, Inner) | (Inner, Ord) | (Inner, Open) | (Inner, Punct) | (Inner, Inner) => -1,
        (Punct, Ord) | (Punct, Op) | (Punct, Rel) | (Punct, Open) | (Punct, Close) | (Punct, Punct) | (Punct, Inner) => -1,
        _ => 0,
    };
    match code {
        c if c < 0 && script => 0.0,
        c => base_mu(c.unsigned_abs()),
    }
}

fn base_mu(code: u8) -> f32 {
    match code {
        1 => 3.0,
        2 => 4.0,
        3 => 5.0,
        _ => 0.0,
    }
}

/// TeX's rules 5 and 6: a Bin first, or after Bin, Op, Rel, Open or Punct, is an Ord; so is a Bin
/// before Rel, Close or Punct. `None` entries (explicit spaces) are skipped. `lead_ord` means an
/// ordinary atom precedes the list.
pub fn fix_binaries(classes: &mut [Option<Class>], lead_ord: bool) {
    let mut prev: Option<(usize, Class)> = None;
    for i in 0..classes.len() {
        let Some(c) = classes[i] else { continue };
        let mut c = c;
        if c == Class::Bin {
            let before = prev.map(|p| p.1).or(if lead_ord { Some(Class::Ord) } else { None });
            if matches!(before, None | Some(Class::Bin | Class::Op | Class::Rel | Class::Open | Class::Punct)) {
                c = Class::Ord;
            }
        }
        if matches!(c, Class::Rel | Class::Close | Class::Punct) {
            if let Some((j, Class::Bin)) = prev {
                classes[j] = Some(Class::Ord);
            }
        }
        classes[i] = Some(c);
        prev = Some((i, c));
    }
    if let Some((j, Class::Bin)) = prev {
        classes[j] = Some(Class::Ord);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Class::*;

    #[test]
    fn tex_spacing_table() {
        assert_eq!(space_between(Ord, Rel, false), 5.0);
        assert_eq!(space_between(Ord, Rel, true), 0.0);
        assert_eq!(space_between(Ord, Bin, false), 4.0);
        assert_eq!(space_between(Ord, Op, true), 3.0);
        assert_eq!(space_between(Open, Ord, false), 0.0);
        assert_eq!(space_between(Punct, Ord, false), 3.0);
    }

    #[test]
    fn unary_minus_is_ordinary() {
        let mut c = vec![Some(Bin), Some(Ord), Some(Rel), Some(Bin), Some(Ord), Some(Bin)];
        fix_binaries(&mut c, false);
        assert_eq!(c, vec![Some(Ord), Some(Ord), Some(Rel), Some(Ord), Some(Ord), Some(Ord)]);
        let mut c = vec![Some(Ord), Some(Bin), Some(Ord)];
        fix_binaries(&mut c, false);
        assert_eq!(c[1], Some(Bin));
    }
}
