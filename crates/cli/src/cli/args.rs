//! The command line, as clap derive structs.

use quire::build::Format;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  publish                                Build the book in the current folder in every format
  publish --format epub,pdf              Only its EPUB and PDF
  publish build my-book --format epub    Only the EPUB of the book in ./my-book
  publish build -f pdf,html -o dist      PDF and HTML site into ./dist
  publish check my-book --deny-warnings  Fail (exit 1) on any warning, write nothing
  publish check --message-format json    One JSON object per diagnostic, for tools
  publish init my-book                   Start a new book
  publish completions bash > /etc/bash_completion.d/publish";

/// Quire: turn a Markdown book manuscript into an EPUB 3 e-book, a print-quality PDF and an HTML
/// site, in one command.
#[derive(Debug, Parser)]
#[command(
    name = "publish",
    version,
    about = "Quire: publish a Markdown book manuscript as an EPUB 3 e-book, a print-quality PDF and an HTML site.",
    long_about = None,
    after_help = EXAMPLES
)]
pub struct Cli {
    /// What to do. None: build the book in the current folder with [`Cli::build`]'s options.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Build options for `publish` with no subcommand (`publish --format epub,pdf`).
    #[command(flatten)]
    pub build: BuildOptions,
    /// Options every command takes.
    #[command(flatten)]
    pub global: GlobalArgs,
}

/// Options every command takes.
#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Print only errors and warnings (no progress, no status lines).
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more: notes, timings, font and output details.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// Treat warnings as errors: exit with status 1 if there are any.
    #[arg(short = 'D', long, global = true)]
    pub deny_warnings: bool,
    /// How to print diagnostics: text like rustc's, or one JSON object per line on stdout.
    #[arg(long, global = true, value_enum, default_value_t = MessageFormat::Human, value_name = "FMT")]
    pub message_format: MessageFormat,
    /// When to colour the output.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the book into EPUB, PDF and/or an HTML site.
    #[command(after_help = "Outputs: <OUT>/<name>.epub, <OUT>/<name>.pdf and <OUT>/html/ (name = the title as a slug).\n\
Each output is replaced atomically: a failed build leaves the previous one in place.\n\
Only files Quire wrote (listed in <OUT>/.quire-manifest.json) are replaced; anything else in the way\n\
is an error unless --force. An output folder holding manuscript files is always refused.")]
    Build(BuildArgs),
    /// Load, parse and resolve the book and report problems. Writes nothing.
    Check(CheckArgs),
    /// Create a new book (book.toml, src/SUMMARY.md, src/chapter_1.md) in an empty folder.
    Init(InitArgs),
    /// Print a shell completion script to stdout.
    Completions(CompletionsArgs),
    /// Serve the HTML site on 127.0.0.1 with live reload while you write. Writes nothing.
    Serve(crate::serve::ServeArgs),
}

/// `publish build`.
#[derive(Debug, Clone, Args)]
pub struct BuildArgs {
    /// The book folder (with book.toml, book.json, book.ini or SUMMARY.md). Default: the current
    /// folder, when it holds one of those.
    #[arg(value_name = "BOOK")]
    pub book: Option<PathBuf>,
    /// How to build.
    #[command(flatten)]
    pub options: BuildOptions,
}

/// The options of a build, shared by `publish build` and `publish` with no subcommand.
#[derive(Debug, Clone, Args)]
pub struct BuildOptions {
    /// Formats to build, comma-separated.
    #[arg(short, long, value_enum, value_delimiter = ',', default_values_t = [FormatArg::Epub, FormatArg::Pdf, FormatArg::Html])]
    pub format: Vec<FormatArg>,
    /// Output folder. Default: `[build] build-dir` of book.toml, else `book/` in the book folder.
    #[arg(short, long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Folder of .otf/.ttf/.ttc fonts for the PDF and EPUB, tried before the fonts built into
    /// Quire. Default: $QUIRE_FONTS_DIR.
    #[arg(long, value_name = "DIR")]
    pub fonts: Option<PathBuf>,
    /// Do not look for installed system fonts (used by default, after the fonts folder, for
    /// characters it lacks and the glyph forms of the book's language); for reproducible builds.
    /// Also `[output.pdf] system-fonts = false`.
    #[arg(long)]
    pub no_system_fonts: bool,
    /// PDF profile: `print` writes PDF/X for a print shop (bleed, marks, CMYK, signatures) and a
    /// cover PDF; settings in `[output.pdf.print]`.
    #[arg(long, value_name = "PROFILE", value_parser = ["screen", "print"])]
    pub profile: Option<String>,
    /// Neither read nor write the build cache (`<out>/.quire-cache/`, highlighted code from the
    /// last build); the outputs are the same either way.
    #[arg(long)]
    pub no_cache: bool,
    /// Replace files in the output folder that Quire did not write (those not listed in
    /// `<OUT>/.quire-manifest.json`). A folder holding manuscript files is refused even so.
    #[arg(long)]
    pub force: bool,
}

/// `publish check`.
#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// The book folder. Default: the current folder, when it holds a book.
    #[arg(value_name = "BOOK")]
    pub book: Option<PathBuf>,
    /// The formats to check the book for, comma-separated: its mdBook preprocessors run for each
    /// one's renderer (`html`, `epub`, `pdf`), as `publish build` runs them.
    #[arg(short, long, value_enum, value_delimiter = ',', default_values_t = [FormatArg::Epub, FormatArg::Pdf, FormatArg::Html])]
    pub format: Vec<FormatArg>,
}

/// `publish init`.
#[derive(Debug, Clone, Args)]
pub struct InitArgs {
    /// Folder to create the book in (must be new or empty).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// The book's title. Default: from the folder name.
    #[arg(long)]
    pub title: Option<String>,
}

/// `publish completions`.
#[derive(Debug, Clone, Args)]
pub struct CompletionsArgs {
    /// The shell to write completions for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `--format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// EPUB 3 e-book.
    Epub,
    /// Print-quality PDF.
    Pdf,
    /// Static HTML site with search.
    Html,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Epub => Format::Epub,
            FormatArg::Pdf => Format::Pdf,
            FormatArg::Html => Format::Html,
        }
    }
}

/// `--message-format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MessageFormat {
    /// Text like rustc's, with source snippets, on stderr.
    Human,
    /// One JSON object per diagnostic and line, on stdout.
    Json,
}

/// `--color` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when stderr is a terminal and NO_COLOR is unset.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}
