//! Hostile input: Paths and files: symlinks out of the book root, FIFOs and devices, size caps, UTF-16/32 text, empty SUMMARY.md, image bombs.

#[allow(unused_imports)]
use crate::support;
