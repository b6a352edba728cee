//! Hostile input: The output folder: Quire never deletes or overwrites a file it did not write; stale temporary folders are cleaned.

#[allow(unused_imports)]
use crate::support;
