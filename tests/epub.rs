//! Integration tests: epub.
