//! The words of the site's own interface, from the one translation table in quire-core
//! ([`quire_core::ui_words`]; caption and chapter labels are in [`quire_core::i18n`]).

pub use quire_core::ui_words::*;
