//! Quire's integration tests: one binary. Each module owns fixture folders under
//! `tests/<feature>/<case>/`; `support` builds fixtures and inspects outputs.

mod support;

mod anchors;
mod cli;
mod cli_serve;
mod compat;
mod core_fixtures;
mod crate_deps;
mod corpora;
mod corpora_cjk;
mod epub;
mod gitbook_blocks;
mod gitbook_json;
mod html;
mod hostile;
mod html_browser;
mod i18n;
mod image_formats;
mod markdown_ast;
mod pdf;
mod pdf_lang;
mod pdf_layout;
mod pdf_math;
mod pdf_print;
mod pdf_tagged;
mod rawhtml;
mod preprocessor;
mod renderer;
mod serve_browser;
mod site_parity;
mod site_options;
