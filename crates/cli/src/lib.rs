//! # quire-cli
//!
//! The `publish` command line over the [`quire`] build library: argument parsing (clap),
//! progress bars (indicatif), printing diagnostics the way rustc does ([`diag_print`]), and
//! `publish serve` (a loopback server with a file watcher and live reload). Only this crate
//! prints; the libraries return diagnostics as values.
//!
//! The binary's `main` is [`cli::main`]; [`cli::run_with`] runs the same program against any
//! writers, which is how the tests drive it:
//!
//! ```
//! let (mut out, mut err) = (Vec::new(), Vec::new());
//! let mut io = quire_cli::cli::Io { stdout: &mut out, stderr: &mut err, stderr_is_terminal: false };
//! let code = quire_cli::cli::run_with(["publish", "--version"], &mut io);
//! assert_eq!(code, 0);
//! assert!(String::from_utf8_lossy(&out).starts_with("publish "));
//! ```

pub mod cli;
pub mod diag_print;
pub mod serve;
