//! External renderers: mdBook's `[output.NAME]` tables for renderers that are not Quire's own,
//! run as mdBook 0.5 runs them, so that checkers such as mdbook-linkcheck keep working.
//!
//! mdBook's rules (mdbook-driver's `determine_renderers` and `CmdRenderer`):
//! - every `[output.NAME]` other than its built-ins is a command renderer: the table's `command`,
//!   else `mdbook-NAME`; the command is split into words like a shell would, and a program named
//!   by a path with a folder in it is taken from the book root, a bare name from `PATH`;
//! - the preprocessors run for it as for any renderer (asked `supports NAME`), and it gets
//!   mdBook's `RenderContext` as JSON on stdin: `version`, `root`, `book` (in the dialect of the
//!   reported mdBook version, plus 0.4's `sections` for plugins built on it), `config` (book.toml's
//!   tables) and `destination`, `<build-dir>/NAME/`, which is created and is its working folder;
//! - a non-zero exit fails the build; a command that is not found fails it too, unless the table
//!   says `optional = true`, when it is a warning.
//!
//! Quire's own renderers are `html`, `epub` and `pdf`; mdBook's built-in `markdown` renderer is
//! not one of them and is not run (the config loader notes it). Quire adds a timeout
//! (`[quire] renderer-timeout`) and captures what the renderer prints, so that a failure names it
//! with the end of its stderr. Running processes is the build library's work, never a
//! renderer's: the command line runs these after rendering and before writing, so a failing
//! checker leaves the previous outputs as they were.

use crate::preprocess::run::{run_piped, status_words, stderr_part, tail};
use quire_core::{BookConfig, RawBook};
use serde_json::{json, Map, Value};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// The renderers Quire has itself: their `[output.*]` tables configure it.
pub const BUILT_IN: [&str; 3] = ["html", "epub", "pdf"];

/// mdBook's built-in renderers that Quire does not have (noted by the config loader, not run).
pub const NOT_RUN: [&str; 1] = ["markdown"];

/// True when `[output.NAME]` names an external renderer that the build runs.
pub fn is_external(name: &str) -> bool {
    !BUILT_IN.contains(&name) && !NOT_RUN.contains(&name)
}

/// One external renderer to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalRenderer {
    /// Its name (`NAME` of `[output.NAME]`).
    pub name: String,
    /// The command line: `command`, else `mdbook-NAME`.
    pub command: String,
    /// A missing command is a warning, not an error.
    pub optional: bool,
}

/// Why an external renderer did not render. Every variant names the renderer.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RendererError {
    /// Its table in book.toml is wrong (not a table, `command` not a string, `optional` not a
    /// boolean).
    #[error("renderer `{name}`: {why}")]
    Config {
        /// The renderer.
        name: String,
        /// What is wrong.
        why: String,
    },
    /// Its command is empty or cannot be split into words.
    #[error("renderer `{name}`: cannot read the command `{command}` (empty, or unbalanced quotes?)")]
    BadCommand {
        /// The renderer.
        name: String,
        /// The command line.
        command: String,
    },
    /// Its command does not exist.
    #[error("renderer `{name}`: command `{command}` not found (is the \"{name}\" renderer installed? To build without it, set `optional = true` in [output.{name}])")]
    Missing {
        /// The renderer.
        name: String,
        /// The command line.
        command: String,
    },
    /// Its folder could not be made, or starting it failed.
    #[error("renderer `{name}`: cannot run `{command}`: {source}")]
    Spawn {
        /// The renderer.
        name: String,
        /// The command line.
        command: String,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// It exited with a non-zero status.
    #[error("renderer `{name}` failed ({status}){}", stderr_part(stderr))]
    Failed {
        /// The renderer.
        name: String,
        /// Its exit status.
        status: String,
        /// The end of its stderr.
        stderr: String,
    },
    /// It ran longer than `[quire] renderer-timeout` and was stopped.
    #[error("renderer `{name}` did not finish within {secs} s and was stopped (raise `renderer-timeout` in [quire] if it needs longer){}", stderr_part(stderr))]
    Timeout {
        /// The renderer.
        name: String,
        /// The timeout in seconds.
        secs: u64,
        /// The end of its stderr.
        stderr: String,
    },
}

impl RendererError {
    /// The renderer the error is about.
    pub fn name(&self) -> &str {
        match self {
            RendererError::Config { name, .. }
            | RendererError::BadCommand { name, .. }
            | RendererError::Missing { name, .. }
            | RendererError::Spawn { name, .. }
            | RendererError::Failed { name, .. }
            | RendererError::Timeout { name, .. } => name,
        }
    }
}

/// The book's external renderers, in name order (mdBook's order is a hash map's, so no book can
/// depend on one).
pub fn configured(config: &BookConfig) -> Result<Vec<ExternalRenderer>, RendererError> {
    config
        .output
        .other
        .iter()
        .filter(|(name, _)| is_external(name))
        .map(|(name, value)| {
            let bad = |why: String| RendererError::Config { name: name.clone(), why };
            let toml::Value::Table(t) = value else {
                return Err(bad(format!("[output.{name}] must be a table")));
            };
            let command = match t.get("command") {
                None => None,
                Some(toml::Value::String(c)) => Some(c.clone()),
                Some(_) => return Err(bad(format!("expected a string for `output.{name}.command`"))),
            };
            let optional = match t.get("optional") {
                None => false,
                Some(toml::Value::Boolean(b)) => *b,
                Some(_) => return Err(bad(format!("expected a boolean for `output.{name}.optional`"))),
            };
            Ok(ExternalRenderer {
                name: name.clone(),
                command: command.filter(|c| !c.trim().is_empty()).unwrap_or_else(|| format!("mdbook-{name}")),
                optional,
            })
        })
        .collect()
}

/// mdBook's `RenderContext` for one renderer, all but its `destination` (known when the output
/// folder is).
#[derive(Debug, Clone, PartialEq)]
pub struct RenderContext {
    /// The renderer it is for.
    pub renderer: String,
    root: PathBuf,
    book: Value,
    config: Value,
}

impl RenderContext {
    /// The context of `renderer` for a book whose items (mdBook's JSON, after the preprocessors
    /// that ran for it) are `items`.
    pub(crate) fn new(raw: &RawBook, renderer: &str, items: Vec<Value>) -> RenderContext {
        let root = std::path::absolute(&raw.root).unwrap_or_else(|_| raw.root.clone());
        // 0.5's `items`; 0.4's `sections` and its unit field for renderers built on mdBook 0.4.
        let book = json!({ "items": items, "sections": items, "__non_exhaustive": null });
        RenderContext { renderer: renderer.to_string(), root, book, config: crate::preprocess::json::config_json(raw) }
    }

    /// The JSON the renderer reads on stdin, with `destination`.
    pub fn to_json(&self, destination: &Path) -> Vec<u8> {
        let mut o = Map::new();
        o.insert("version".into(), json!(crate::preprocess::MDBOOK_VERSION));
        o.insert("root".into(), json!(self.root));
        o.insert("book".into(), self.book.clone());
        o.insert("config".into(), self.config.clone());
        o.insert("destination".into(), json!(destination));
        o.insert("__non_exhaustive".into(), Value::Null);
        serde_json::to_vec(&Value::Object(o)).unwrap_or_default()
    }
}

/// What a renderer run did.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rendered {
    /// It ran and exited with status 0.
    Ran {
        /// Its folder, `<build-dir>/NAME`.
        destination: PathBuf,
        /// What it printed on stdout.
        stdout: String,
        /// What it printed on stderr.
        stderr: String,
    },
    /// Its command is missing and the table says `optional = true`: skipped.
    SkippedMissing,
}

impl ExternalRenderer {
    fn command_for(&self, root: &Path) -> Result<Command, RendererError> {
        let bad = || RendererError::BadCommand { name: self.name.clone(), command: self.command.clone() };
        let words = shlex::split(&self.command).ok_or_else(bad)?;
        let (program, args) = words.split_first().ok_or_else(bad)?;
        let program = PathBuf::from(program);
        // mdBook 0.5: one component is looked up on PATH, anything else is from the book root.
        let program = if program.components().count() > 1 { root.join(program) } else { program };
        let mut cmd = Command::new(program);
        cmd.args(args);
        Ok(cmd)
    }

    /// Runs it in `<build_dir>/NAME` (created) with `context` on stdin.
    pub fn run(&self, context: &RenderContext, build_dir: &Path, timeout: Duration) -> Result<Rendered, RendererError> {
        let spawn = |source: std::io::Error| RendererError::Spawn { name: self.name.clone(), command: self.command.clone(), source };
        let destination = std::path::absolute(build_dir.join(&self.name)).map_err(spawn)?;
        let mut cmd = self.command_for(&context.root)?;
        std::fs::create_dir_all(&destination).map_err(spawn)?;
        cmd.current_dir(&destination);
        let piped = match run_piped(cmd, &context.to_json(&destination), timeout) {
            Ok(p) => p,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && self.optional => return Ok(Rendered::SkippedMissing),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(RendererError::Missing { name: self.name.clone(), command: self.command.clone() })
            }
            Err(e) => return Err(spawn(e)),
        };
        let Some(status) = piped.status else {
            return Err(RendererError::Timeout { name: self.name.clone(), secs: timeout.as_secs(), stderr: tail(&piped.stderr) });
        };
        if !status.success() {
            return Err(RendererError::Failed { name: self.name.clone(), status: status_words(status), stderr: tail(&piped.stderr) });
        }
        Ok(Rendered::Ran { destination, stdout: String::from_utf8_lossy(&piped.stdout).into_owned(), stderr: piped.stderr })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(text: &str) -> BookConfig {
        toml::from_str(text).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn tables_become_commands_as_in_mdbook() {
        let c = config("[output.html]\n[output.pdf]\n[output.markdown]\n[output.linkcheck]\n[output.x]\ncommand = 'python3 x.py'\noptional = true\n");
        let list = configured(&c).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            list,
            vec![
                ExternalRenderer { name: "linkcheck".into(), command: "mdbook-linkcheck".into(), optional: false },
                ExternalRenderer { name: "x".into(), command: "python3 x.py".into(), optional: true },
            ]
        );
        assert!(configured(&config("[output.y]\noptional = 'yes'\n")).is_err_and(|e| e.to_string().contains("output.y.optional")));
        assert!(configured(&config("[output.y]\ncommand = 3\n")).is_err());
    }

    #[test]
    fn a_missing_command_is_an_error_unless_optional() {
        let dir = std::env::temp_dir().join(format!("quire-renderers-{}", std::process::id()));
        let raw_ctx = RenderContext { renderer: "x".into(), root: dir.clone(), book: json!({"items": []}), config: json!({}) };
        let r = ExternalRenderer { name: "x".into(), command: "quire-no-such-renderer-xyz".into(), optional: false };
        let e = r.run(&raw_ctx, &dir, Duration::from_secs(5));
        assert!(matches!(e, Err(RendererError::Missing { .. })), "{e:?}");
        let r = ExternalRenderer { optional: true, ..r };
        assert_eq!(r.run(&raw_ctx, &dir, Duration::from_secs(5)).ok(), Some(Rendered::SkippedMissing));
        let r = ExternalRenderer { command: "'".into(), ..r };
        assert!(matches!(r.run(&raw_ctx, &dir, Duration::from_secs(5)), Err(RendererError::BadCommand { .. })));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
