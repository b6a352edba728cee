//! Hostile input: Links safe by construction: the URL-scheme allow-list for `href` and `src` in every format, for Markdown and raw HTML alike.

#[allow(unused_imports)]
use crate::support;
