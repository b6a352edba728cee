//! The words of the site: the one translation table of quire-core ([`quire_core::i18n`]), whose
//! second part holds the site's interface words (search, pager, copy buttons, the 404 page).

pub use quire_core::i18n::{Locale, Words};
