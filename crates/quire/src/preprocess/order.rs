//! The order preprocessors run in: by name, then moved by `before` and `after` (a topological
//! sort, as mdBook does). A cycle, or a name that is not a preprocessor of the book, is an error.

use super::config::{Preprocessor, BUILT_IN};
use super::run::PreprocessError;
use std::collections::BTreeMap;

/// Sorts `list` (already in name order) so that every `before`/`after` holds.
pub fn sort(list: Vec<Preprocessor>) -> Result<Vec<Preprocessor>, PreprocessError> {
    let index: BTreeMap<&str, usize> = list.iter().enumerate().map(|(i, p)| (p.name.as_str(), i)).collect();
    // edges[a] holds b when a must run before b.
    let mut edges: Vec<Vec<usize>> = vec![Vec::new(); list.len()];
    let mut incoming = vec![0usize; list.len()];
    for (i, p) in list.iter().enumerate() {
        let mut link = |other: &str, first: bool| -> Result<(), PreprocessError> {
            if BUILT_IN.contains(&other) {
                // Built-ins have already run (Quire's loading does their work).
                return Ok(());
            }
            let Some(&j) = index.get(other) else {
                return Err(PreprocessError::Config {
                    name: p.name.clone(),
                    why: format!("`{other}` in before/after is not a preprocessor of this book"),
                });
            };
            let (a, b) = if first { (i, j) } else { (j, i) };
            if !edges[a].contains(&b) {
                edges[a].push(b);
                incoming[b] += 1;
            }
            Ok(())
        };
        for b in &p.before {
            link(b, true)?;
        }
        for a in &p.after {
            link(a, false)?;
        }
    }
    // Kahn's algorithm, always taking the first ready one in name order.
    let mut done = vec![false; list.len()];
    let mut order = Vec::with_capacity(list.len());
    while order.len() < list.len() {
        let Some(next) = (0..list.len()).find(|&i| !done[i] && incoming[i] == 0) else {
            let stuck: Vec<&str> = (0..list.len()).filter(|&i| !done[i]).map(|i| list[i].name.as_str()).collect();
            return Err(PreprocessError::Config {
                name: stuck.first().map_or_else(String::new, |s| (*s).to_string()),
                why: format!("before/after make a cycle among {}", stuck.join(", ")),
            });
        };
        done[next] = true;
        for &b in &edges[next] {
            incoming[b] -= 1;
        }
        order.push(next);
    }
    let mut slots: Vec<Option<Preprocessor>> = list.into_iter().map(Some).collect();
    Ok(order.into_iter().filter_map(|i| slots[i].take()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(name: &str, before: &[&str], after: &[&str]) -> Preprocessor {
        Preprocessor {
            name: name.into(),
            command: format!("mdbook-{name}"),
            renderers: None,
            before: before.iter().map(|s| s.to_string()).collect(),
            after: after.iter().map(|s| s.to_string()).collect(),
            optional: false,
        }
    }

    fn names(r: Result<Vec<Preprocessor>, PreprocessError>) -> Vec<String> {
        r.map(|v| v.into_iter().map(|p| p.name).collect()).unwrap_or_else(|e| vec![e.to_string()])
    }

    #[test]
    fn before_and_after_reorder_name_order() {
        assert_eq!(names(sort(vec![p("a", &[], &[]), p("b", &[], &[])])), ["a", "b"]);
        assert_eq!(names(sort(vec![p("a", &[], &["b"]), p("b", &[], &[])])), ["b", "a"]);
        assert_eq!(names(sort(vec![p("a", &[], &[]), p("b", &["a"], &[])])), ["b", "a"]);
        assert_eq!(names(sort(vec![p("a", &["links"], &["index"])])), ["a"]);
    }

    #[test]
    fn cycles_and_unknown_names_are_errors() {
        assert!(sort(vec![p("a", &["b"], &[]), p("b", &["a"], &[])]).is_err());
        assert!(sort(vec![p("a", &["nope"], &[])]).is_err());
    }
}
