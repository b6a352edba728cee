//! The `publish serve` command line: its arguments (a clap struct the CLI embeds) and the glue
//! from them and the global options to [`super::serve`].

use quire_core::Code;
use super::{serve, Printer, ServeError, ServeOptions};
use crate::cli::args::{GlobalArgs, MessageFormat};
use clap::{ArgAction, Args};
use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;

/// `publish serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// The book folder. Default: the current folder, when it holds a book.
    #[arg(value_name = "BOOK")]
    pub book: Option<PathBuf>,
    /// Port to listen on (0 picks a free one).
    #[arg(short, long, default_value_t = 3000)]
    pub port: u16,
    /// Address to listen on. Default: 127.0.0.1. A non-loopback address (e.g. 0.0.0.0) serves
    /// the book to other machines, so it is only used when given here explicitly.
    #[arg(long, value_name = "ADDR")]
    pub host: Option<String>,
    /// Also answer requests for this host name (repeatable): the preview answers only requests
    /// whose `Host` and `Origin` name a loopback address, to defeat DNS rebinding. A leading dot
    /// (`.example.test`) allows the name and its subdomains.
    #[arg(long = "allow-host", value_name = "NAME", action = ArgAction::Append)]
    pub allow_host: Vec<String>,
    /// Open the site in the default browser.
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_value_t = false, default_missing_value = "true", action = ArgAction::Set)]
    pub open: bool,
}

impl ServeArgs {
    /// The server options these arguments ask for.
    pub fn options(&self, printer: Printer) -> Result<ServeOptions, ServeError> {
        let host = match self.host.as_deref() {
            None => IpAddr::V4(Ipv4Addr::LOCALHOST),
            Some("localhost") => IpAddr::V4(Ipv4Addr::LOCALHOST),
            Some(h) => h.trim_matches(['[', ']']).parse().map_err(|_| ServeError::BadHost(h.to_string()))?,
        };
        let book = crate::cli::book_dir(self.book.clone(), std::path::Path::new("")).map_err(|e| ServeError::NoBook(format!("{e}; {}", crate::cli::NoBook::HINT)))?;
        let mut options = ServeOptions::new(book).with_port(self.port).with_printer(printer);
        options.host = host;
        options.allow_non_loopback = self.host.is_some();
        options.open = self.open;
        options.allowed_hosts = self.allow_host.clone();
        Ok(options)
    }
}

/// Runs `publish serve` with the global options; returns the exit status (1 when the server
/// could not start: the book did not load, the port is taken…).
pub fn run_command(args: &ServeArgs, global: &GlobalArgs, color: bool) -> u8 {
    let printer = Printer {
        color,
        quiet: global.quiet,
        verbose: global.verbose,
        json: global.message_format == MessageFormat::Json,
        sink: None,
    };
    let result = args.options(printer.clone()).and_then(|o| {
        printer.status("Loading", o.book.display().to_string());
        serve(&o)
    });
    match result {
        Ok(()) => 0,
        Err(ServeError::Load(quire_core::LoadError::Invalid { diagnostics, sources })) if !diagnostics.is_empty() => {
            printer.diagnostics(&diagnostics, &sources);
            1
        }
        Err(ServeError::Preprocess(_)) => 1,
        Err(e) => {
            printer.error(Code::ServeFailed, e.to_string());
            1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(host: Option<&str>) -> ServeArgs {
        ServeArgs { book: Some("b".into()), port: 0, host: host.map(String::from), allow_host: vec!["book.test".into()], open: false }
    }

    #[test]
    fn hosts() {
        let o = args(None).options(Printer::default()).ok();
        assert!(o.as_ref().is_some_and(|o| o.host.is_loopback() && !o.allow_non_loopback));
        assert_eq!(o.map(|o| o.allowed_hosts), Some(vec!["book.test".to_string()]));
        let o = args(Some("0.0.0.0")).options(Printer::default()).ok();
        assert!(o.is_some_and(|o| !o.host.is_loopback() && o.allow_non_loopback));
        assert!(args(Some("[::1]")).options(Printer::default()).is_ok_and(|o| o.host.is_loopback()));
        assert!(matches!(args(Some("example.invalid")).options(Printer::default()), Err(ServeError::BadHost(_))));
    }

    #[test]
    fn non_loopback_needs_permission() {
        let mut o = ServeOptions::new("does-not-matter");
        o.host = IpAddr::V4(Ipv4Addr::UNSPECIFIED);
        assert!(matches!(super::super::Server::start(&o), Err(ServeError::NonLoopback { .. })));
    }
}
