//! Hostile input: Linear time and output size on pathological inputs (doubling the input at most ~2.5× the work).

#[allow(unused_imports)]
use crate::support;
