//! Hostile input: Nesting of any depth in bounded stack: lists, block quotes, math, HTML, SUMMARY.md, on the main thread and on rayon's workers.

#[allow(unused_imports)]
use crate::support;
