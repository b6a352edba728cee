//! Integration tests: hostile and careless input (issue 11). Each submodule reproduces one family
//! of problems a careless or hostile author or reader can cause, and asserts that Quire now
//! refuses it with a diagnostic, stays within bounded stack, time and memory, and loses no data.
//! Fixture books, where a case needs files on disk, live in `tests/hostile/<case>/` or are made in
//! a scratch folder under `target/test-out/`.

mod config;
mod links;
mod nesting;
mod output;
mod paths;
mod scaling;
mod serve;
