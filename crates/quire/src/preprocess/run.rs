//! Running a preprocessor's command: the `supports` probe, and the run itself with the book on
//! stdin, stdout captured, stderr captured for the user and for error messages, and a timeout
//! after which the process is killed.

use super::config::Preprocessor;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;
use wait_timeout::ChildExt;

/// Why preprocessing failed. Every variant names the preprocessor.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PreprocessError {
    /// Its table in book.toml is wrong (bad key types, a cycle in before/after …).
    #[error("preprocessor `{name}`: {why}")]
    Config {
        /// The preprocessor.
        name: String,
        /// What is wrong.
        why: String,
    },
    /// Its command is empty or cannot be split into words.
    #[error("preprocessor `{name}`: cannot read the command `{command}` (unbalanced quotes?)")]
    BadCommand {
        /// The preprocessor.
        name: String,
        /// The command line.
        command: String,
    },
    /// Its command does not exist.
    #[error("preprocessor `{name}`: command `{command}` not found (install it, or set `optional = true` in [preprocessor.{name}] to build without it)")]
    Missing {
        /// The preprocessor.
        name: String,
        /// The command line.
        command: String,
    },
    /// Starting or talking to it failed.
    #[error("preprocessor `{name}`: cannot run `{command}`: {source}")]
    Spawn {
        /// The preprocessor.
        name: String,
        /// The command line.
        command: String,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// It exited with a non-zero status.
    #[error("preprocessor `{name}` failed ({status}){}", stderr_part(stderr))]
    Failed {
        /// The preprocessor.
        name: String,
        /// Its exit status.
        status: String,
        /// The end of its stderr.
        stderr: String,
    },
    /// It ran longer than `[quire] preprocessor-timeout` and was stopped.
    #[error("preprocessor `{name}` did not finish within {secs} s and was stopped (raise `preprocessor-timeout` in [quire] if it needs longer){}", stderr_part(stderr))]
    Timeout {
        /// The preprocessor.
        name: String,
        /// The timeout in seconds.
        secs: u64,
        /// The end of its stderr.
        stderr: String,
    },
    /// Its stdout is not a book.
    #[error("preprocessor `{name}` returned no book: {why}{}", stderr_part(stderr))]
    NotABook {
        /// The preprocessor.
        name: String,
        /// What is wrong with the output.
        why: String,
        /// The end of its stderr.
        stderr: String,
    },
}

impl PreprocessError {
    /// The preprocessor the error is about.
    pub fn name(&self) -> &str {
        match self {
            PreprocessError::Config { name, .. }
            | PreprocessError::BadCommand { name, .. }
            | PreprocessError::Missing { name, .. }
            | PreprocessError::Spawn { name, .. }
            | PreprocessError::Failed { name, .. }
            | PreprocessError::Timeout { name, .. }
            | PreprocessError::NotABook { name, .. } => name,
        }
    }
}

/// The error message's stderr part (the end of it, or that there was none); shared with the
/// external renderers' errors.
pub(crate) fn stderr_part(s: &str) -> String {
    if s.trim().is_empty() {
        "; it wrote nothing on stderr".to_string()
    } else {
        format!("; the end of its stderr:\n{}", s.trim_end())
    }
}

/// The last lines of a stderr text (at most 20 lines / 2000 bytes).
pub fn tail(s: &str) -> String {
    let lines: Vec<&str> = s.lines().collect();
    let mut t = lines[lines.len().saturating_sub(20)..].join("\n");
    if t.len() > 2000 {
        let mut cut = t.len() - 2000;
        while !t.is_char_boundary(cut) {
            cut += 1;
        }
        t = format!("…{}", &t[cut..]);
    }
    t
}

/// What a run printed.
#[derive(Debug)]
pub struct Output {
    /// Its stdout.
    pub stdout: Vec<u8>,
    /// Its stderr, as text.
    pub stderr: String,
}

impl Preprocessor {
    /// The command, split into words, its program resolved as mdBook does: a path with a
    /// folder in it is taken from the book root, a bare name from `PATH`.
    fn command(&self, root: &Path) -> Result<Command, PreprocessError> {
        let bad = || PreprocessError::BadCommand { name: self.name.clone(), command: self.command.clone() };
        let words = shlex::split(&self.command).ok_or_else(bad)?;
        let (program, args) = words.split_first().ok_or_else(bad)?;
        let program = PathBuf::from(program);
        let program = if program.components().count() > 1 && program.is_relative() { root.join(program) } else { program };
        let mut cmd = Command::new(program);
        cmd.args(args).current_dir(root);
        Ok(cmd)
    }

    fn spawn_error(&self, e: std::io::Error) -> PreprocessError {
        if e.kind() == std::io::ErrorKind::NotFound {
            PreprocessError::Missing { name: self.name.clone(), command: self.command.clone() }
        } else {
            PreprocessError::Spawn { name: self.name.clone(), command: self.command.clone(), source: e }
        }
    }

    /// Whether it runs for `renderer`: its `renderers` list if it has one, else the answer of
    /// `<command> supports <renderer>` (exit status 0 = yes).
    pub fn runs_for(&self, renderer: &str, root: &Path, timeout: Duration) -> Result<bool, PreprocessError> {
        if let Some(list) = &self.renderers {
            return Ok(list.iter().any(|r| r == renderer));
        }
        let mut cmd = self.command(root)?;
        cmd.arg("supports").arg(renderer).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null());
        let mut child = cmd.spawn().map_err(|e| self.spawn_error(e))?;
        match child.wait_timeout(timeout) {
            Ok(Some(status)) => Ok(status.code() == Some(0)),
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                Err(PreprocessError::Timeout { name: self.name.clone(), secs: timeout.as_secs(), stderr: String::new() })
            }
            Err(e) => Err(self.spawn_error(e)),
        }
    }

    /// Runs it with `input` on stdin; returns what it printed. A non-zero exit or a run past
    /// `timeout` is an error carrying the end of its stderr.
    pub fn run(&self, input: &[u8], root: &Path, timeout: Duration) -> Result<Output, PreprocessError> {
        let cmd = self.command(root)?;
        let piped = run_piped(cmd, input, timeout).map_err(|e| self.spawn_error(e))?;
        let Some(status) = piped.status else {
            return Err(PreprocessError::Timeout { name: self.name.clone(), secs: timeout.as_secs(), stderr: tail(&piped.stderr) });
        };
        if status.success() {
            Ok(Output { stdout: piped.stdout, stderr: piped.stderr })
        } else {
            Err(PreprocessError::Failed { name: self.name.clone(), status: status_words(status), stderr: tail(&piped.stderr) })
        }
    }
}

/// `exit status 3`, `killed by a signal`.
pub(crate) fn status_words(status: std::process::ExitStatus) -> String {
    status.code().map_or_else(|| "killed by a signal".to_string(), |c| format!("exit status {c}"))
}

/// What a piped run gave: its exit status (`None` when it ran past the timeout and was killed),
/// its stdout and its stderr (what it wrote so far, after a timeout).
pub(crate) struct Piped {
    pub(crate) status: Option<std::process::ExitStatus>,
    pub(crate) stdout: Vec<u8>,
    pub(crate) stderr: String,
}

/// Runs `cmd` with `input` on stdin, stdout and stderr captured, killed after `timeout`. Used
/// by preprocessors and by external renderers ([`crate::renderers`]).
pub(crate) fn run_piped(mut cmd: Command, input: &[u8], timeout: Duration) -> std::io::Result<Piped> {
    cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn()?;
    // Feed stdin and drain stdout/stderr on their own threads, so that a large book or a
    // chatty plugin cannot fill a pipe and deadlock.
    let stdin = child.stdin.take();
    let data = input.to_vec();
    let writer = std::thread::spawn(move || {
        if let Some(mut s) = stdin {
            // A plugin that exits without reading stdin closes the pipe: not our error.
            let _ = s.write_all(&data);
        }
    });
    let mut stdout = child.stdout.take();
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(s) = stdout.as_mut() {
            let _ = s.read_to_end(&mut buf);
        }
        buf
    });
    // Stderr is gathered as it comes, so that after a timeout what was written so far can be
    // shown without waiting for a grandchild that may still hold the pipe.
    let err_buf = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let mut stderr = child.stderr.take();
    let sink = std::sync::Arc::clone(&err_buf);
    let err_reader = std::thread::spawn(move || {
        let mut chunk = [0u8; 8192];
        while let Some(Ok(n)) = stderr.as_mut().map(|s| s.read(&mut chunk)) {
            if n == 0 {
                break;
            }
            if let Ok(mut b) = sink.lock() {
                b.extend_from_slice(&chunk[..n]);
            }
        }
    });
    let stderr_so_far = || err_buf.lock().map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default();
    let status = match child.wait_timeout(timeout) {
        Ok(Some(s)) => Some(s),
        Ok(None) => {
            let _ = child.kill();
            let _ = child.wait();
            None
        }
        Err(e) => {
            let _ = child.kill();
            let _ = child.wait();
            return Err(e);
        }
    };
    let Some(status) = status else {
        // The reader threads are left to end when the last holder of the pipes exits.
        return Ok(Piped { status: None, stdout: Vec::new(), stderr: stderr_so_far() });
    };
    let _ = writer.join();
    let stdout = reader.join().unwrap_or_default();
    let _ = err_reader.join();
    Ok(Piped { status: Some(status), stdout, stderr: stderr_so_far() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tail_keeps_the_last_lines() {
        let s: String = (0..30).map(|i| format!("line {i}\n")).collect();
        let t = tail(&s);
        assert!(t.starts_with("line 10") && t.ends_with("line 29"), "{t}");
        assert_eq!(tail(""), "");
    }
}
