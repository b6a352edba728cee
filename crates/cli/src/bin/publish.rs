//! The `publish` command: builds a Quire book into EPUB, PDF and HTML. See `publish --help`;
//! all of it lives in [`quire::cli`].

fn main() -> std::process::ExitCode {
    quire::cli::main()
}
