//! The `publish` command line, as a library: [`run`] is the whole program (the binary's `main` only
//! calls it), and [`run_with`] runs it against any writers, which is how the tests drive it.
//!
//! Exit status: 0 on success; 1 when the book has errors (or warnings with `--deny-warnings`),
//! or a format failed to render or write; 2 for a command line clap rejects.

pub mod args;
mod commands;
mod loading;
mod progress;
mod report;

pub use args::Cli;
pub use report::ALWAYS_SHOWN;
pub use commands::{book_dir, out_dir, NoBook, BOOK_MARKERS};

use args::{ColorChoice, Command, MessageFormat};
use report::Reporter;
use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

/// Where the CLI writes, and whether stderr is a terminal (for colours and progress bars).
pub struct Io<'a> {
    /// Standard output: JSON diagnostics, completion scripts, help.
    pub stdout: &'a mut dyn Write,
    /// Standard error: human diagnostics, status lines, the summary.
    pub stderr: &'a mut dyn Write,
    /// True when stderr is a terminal: enables colours (with `--color auto`) and progress bars.
    pub stderr_is_terminal: bool,
}

/// Runs `publish` with these arguments (the first is the program name) on the process's real
/// stdout and stderr.
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    // Unlocked handles: the progress bars draw on stderr from another thread, so holding
    // stderr's lock for the whole run would deadlock them.
    let (mut out, mut err) = (std::io::stdout(), std::io::stderr());
    let stderr_is_terminal = err.is_terminal();
    let mut io = Io { stdout: &mut out, stderr: &mut err, stderr_is_terminal };
    let code = run_with(args, &mut io);
    let _ = out.flush();
    ExitCode::from(code)
}

/// Runs `publish` with these arguments against `io`, as if started in `cwd`: the default book is
/// `cwd` when it holds one, and relative BOOK, `--out` and `--fonts` paths are taken from it.
/// Returns the exit status.
pub fn run_in<I, T>(args: I, io: &mut Io<'_>, cwd: &std::path::Path) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    run_from(args, io, cwd)
}

/// Runs `publish` with these arguments against `io`; returns the exit status.
///
/// ```
/// let (mut out, mut err) = (Vec::new(), Vec::new());
/// let mut io = quire_cli::cli::Io { stdout: &mut out, stderr: &mut err, stderr_is_terminal: false };
/// let code = quire_cli::cli::run_with(["publish", "completions", "bash"], &mut io);
/// assert_eq!(code, 0);
/// assert!(String::from_utf8_lossy(&out).contains("publish"));
/// ```
pub fn run_with<I, T>(args: I, io: &mut Io<'_>) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    run_from(args, io, std::path::Path::new(""))
}

fn run_from<I, T>(args: I, io: &mut Io<'_>, cwd: &std::path::Path) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match parse(args) {
        Ok(cli) => cli,
        Err(e) => {
            let color = io.stderr_is_terminal && no_color_unset();
            let text = if color { e.render().ansi().to_string() } else { e.render().to_string() };
            let target: &mut dyn Write = if e.use_stderr() { &mut *io.stderr } else { &mut *io.stdout };
            let _ = write!(target, "{text}");
            return u8::try_from(e.exit_code()).unwrap_or(2);
        }
    };
    let color = match cli.global.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => io.stderr_is_terminal && no_color_unset(),
    };
    let show_progress =
        io.stderr_is_terminal && !cli.global.quiet && cli.global.message_format == MessageFormat::Human;
    let mut rep = Reporter::new(io, cli.global.clone(), color);
    match cli.command {
        None => commands::build(&mut rep, args::BuildArgs { book: None, options: cli.build }, cwd, show_progress),
        Some(Command::Build(a)) => commands::build(&mut rep, a, cwd, show_progress),
        Some(Command::Check(a)) => commands::check(&mut rep, a, cwd),
        Some(Command::Init(a)) => commands::init(&mut rep, a),
        Some(Command::Serve(a)) => return crate::serve::run_command(&a, &cli.global, color),
        Some(Command::Completions(a)) => {
            commands::completions(&mut rep, a);
            return 0;
        }
    }
    rep.finish()
}

/// Parses the command line. The build options of `publish` without a subcommand
/// (`publish --format epub`) are refused before a subcommand (`publish --format epub check`)
/// rather than silently dropped.
fn parse<I, T>(args: I) -> Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    use clap::{CommandFactory, FromArgMatches};
    let mut cmd = Cli::command();
    let matches = cmd.try_get_matches_from_mut(args)?;
    if let Some((sub, _)) = matches.subcommand() {
        let top = ["format", "out", "fonts", "profile", "no_cache", "force"];
        if let Some(id) = top.iter().find(|id| matches.value_source(id) == Some(clap::parser::ValueSource::CommandLine)) {
            let flag = format!("--{}", id.replace('_', "-"));
            let msg = format!("{flag} is an option of a build: put it after the subcommand (`publish {sub} {flag} …`), or leave the subcommand out to build");
            return Err(cmd.error(clap::error::ErrorKind::ArgumentConflict, msg));
        }
    }
    Cli::from_arg_matches(&matches)
}

/// The whole `publish` program: [`run`] on the process's arguments.
pub fn main() -> ExitCode {
    run(std::env::args_os())
}

fn no_color_unset() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}
