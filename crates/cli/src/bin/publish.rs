//! The `publish` command: builds a Quire book into EPUB, PDF and HTML. See `publish --help`;
//! all of it lives in [`quire_cli::cli`].

// A build allocates many short-lived strings (pages, tokens, glyph runs) from both cores;
// mimalloc takes about a tenth off the CPU time of a whole-book build compared with glibc's
// allocator. Only the binary picks it: tools importing the library keep their own. Without the
// `mimalloc` feature the system allocator is used (for heap profilers).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    quire_cli::cli::main()
}
