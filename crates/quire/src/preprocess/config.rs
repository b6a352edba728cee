//! One `[preprocessor.NAME]` table of book.toml, with mdBook's keys.

use super::run::PreprocessError;
use serde::Deserialize;

/// mdBook's built-in preprocessors: Quire does what they do itself (`links` expands
/// `{{#include}}` and friends, `index` makes README pages the folder's index).
pub const BUILT_IN: [&str; 2] = ["links", "index"];

/// Preprocessors whose blocks Quire also reads itself (`admonish`: its ```` ```admonish ````
/// fences, [`quire_core::parse::admonish`]; `katex`: `$…$` and `$$…$$` formulas, which Quire
/// typesets in every format; `toc`: mdbook-toc's `<!-- toc -->` marker,
/// [`quire_core::resolve::page_toc`]; `mermaid`: ```` ```mermaid ```` blocks written for the
/// book's mermaid script on the site, as source in the EPUB and PDF): when the command is not
/// installed the book builds, with a note, instead of failing.
pub const READ_NATIVELY: [&str; 4] = ["admonish", "katex", "toc", "mermaid"];

/// The keys of a `[preprocessor.NAME]` table that mdBook reads; the preprocessor may read more.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "kebab-case")]
struct Table {
    command: Option<String>,
    renderers: Option<Vec<String>>,
    before: Vec<String>,
    after: Vec<String>,
    optional: bool,
}

/// A preprocessor to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preprocessor {
    /// Its name (`NAME` of `[preprocessor.NAME]`).
    pub name: String,
    /// The command line: `command`, else `mdbook-NAME`.
    pub command: String,
    /// The renderers it runs for, when the table says (no `supports` probe then).
    pub renderers: Option<Vec<String>>,
    /// Preprocessors it must run before.
    pub before: Vec<String>,
    /// Preprocessors it must run after.
    pub after: Vec<String>,
    /// A missing command is a warning, not an error.
    pub optional: bool,
}

impl Preprocessor {
    /// The preprocessor of table `[preprocessor.<name>]`.
    pub fn from_table(name: &str, value: &toml::Value) -> Result<Preprocessor, PreprocessError> {
        let t: Table = value.clone().try_into().map_err(|e: toml::de::Error| PreprocessError::Config {
            name: name.to_string(),
            why: e.message().to_string(),
        })?;
        Ok(Preprocessor {
            name: name.to_string(),
            command: t.command.filter(|c| !c.trim().is_empty()).unwrap_or_else(|| format!("mdbook-{name}")),
            renderers: t.renderers,
            before: t.before,
            after: t.after,
            optional: t.optional,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(s: &str) -> toml::Value {
        toml::from_str(s).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn command_defaults_to_mdbook_name() {
        let p = Preprocessor::from_table("admonish", &table("assets_version = '3'"));
        assert_eq!(p.map(|p| p.command).ok(), Some("mdbook-admonish".to_string()));
        let p = Preprocessor::from_table("x", &table("command = 'python3 x.py'\nrenderers = ['html']\noptional = true"));
        let p = p.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((p.command.as_str(), p.renderers, p.optional), ("python3 x.py", Some(vec!["html".to_string()]), true));
        assert!(Preprocessor::from_table("x", &table("before = 3")).is_err());
    }
}
