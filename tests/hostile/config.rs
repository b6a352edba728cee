//! Hostile input: Config values and terminal output: out-of-range and non-finite numbers in `[output.*]`, unknown keys, control characters echoed from source lines.

#[allow(unused_imports)]
use crate::support;
