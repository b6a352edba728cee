//! Temporary names beside an output (`.<name>.tmp-<pid>-<n>`, `.<name>.old-<pid>-<n>`), and the
//! removal of those a killed build left behind.
//!
//! A build writes each output under a temporary name and renames it into place; the site is
//! written into `.html.tmp-…/` and swapped in, the previous one renamed to `.html.old-…/` for the
//! moment of the swap. A `kill -9` (or a power cut) at the wrong moment leaves these names behind.
//! The next build into the same folder removes them, but only names of exactly this pattern, for
//! one of Quire's own outputs, whose process is gone (or that are over a day old): a build still
//! running into the same folder keeps its files. A site renamed aside whose `html/` is missing is
//! put back rather than removed.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

/// Temporary names older than this are stale even if a process with their id is alive (the id
/// was reused: no build runs this long).
const MAX_AGE: Duration = Duration::from_secs(24 * 60 * 60);

/// `.<file name>.<kind>-<pid>-<n>` next to `path`: hidden, unique in this process.
pub(crate) fn temp_sibling(path: &Path, kind: &str) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let name = path.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    parent_dir(path).join(format!(".{name}.{kind}-{}-{n}", std::process::id()))
}

/// The folder `path` is in (`.` for a bare name).
pub(crate) fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// A temporary name taken apart.
#[derive(Debug, Clone, PartialEq, Eq)]
struct TempName<'a> {
    /// The output it stands for (`html`, `my-book.epub`).
    output: &'a str,
    /// `tmp` (being written) or `old` (renamed aside).
    kind: &'a str,
    /// The process that made it.
    pid: u32,
}

/// Parses a temporary name of one of Quire's outputs; `None` for any other name.
fn parse(name: &str) -> Option<TempName<'_>> {
    let rest = name.strip_prefix('.')?;
    let mut parts = rest.rsplitn(3, '-');
    let n = parts.next()?;
    let pid = parts.next()?;
    let head = parts.next()?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(n) || !digits(pid) {
        return None;
    }
    let (output, kind) = head.rsplit_once('.')?;
    if !matches!(kind, "tmp" | "old") || !is_output_name(output) {
        return None;
    }
    Some(TempName { output, kind, pid: pid.parse().ok()? })
}

/// True for the names Quire writes in an output folder.
fn is_output_name(name: &str) -> bool {
    let stem_ok = |stem: &str| !stem.is_empty() && !stem.contains(['/', '\\']);
    name == "html"
        || name == crate::manifest::FILE_NAME
        || name.strip_suffix(".epub").is_some_and(stem_ok)
        || name.strip_suffix(".pdf").is_some_and(stem_ok)
}

/// Whether process `pid` is alive: `Some` where the system says (Linux `/proc`), else `None`.
fn pid_alive(pid: u32) -> Option<bool> {
    if pid == std::process::id() {
        return Some(true);
    }
    let proc = Path::new("/proc");
    if cfg!(target_os = "linux") && proc.join("self").exists() {
        Some(proc.join(pid.to_string()).exists())
    } else {
        None
    }
}

/// Removes the temporary names a killed build left in the output folder `out` (see the module
/// doc); returns how many it removed or put back. Failures are ignored: a name that cannot be
/// removed now is tried again by the next build.
pub(crate) fn remove_stale(out: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(out) else { return 0 };
    let now = SystemTime::now();
    let mut cleaned = 0;
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(name) = file_name.to_str() else { continue };
        let Some(temp) = parse(name) else { continue };
        let path = entry.path();
        let Ok(meta) = path.symlink_metadata() else { continue };
        let old = meta.modified().ok().and_then(|m| now.duration_since(m).ok()).is_some_and(|age| age > MAX_AGE);
        let stale = match pid_alive(temp.pid) {
            Some(alive) => !alive || old,
            None => old,
        };
        if !stale {
            continue;
        }
        let target = out.join(temp.output);
        let done = if temp.kind == "old" && target.symlink_metadata().is_err() {
            // Killed between the two renames of the swap: the previous output is this one.
            std::fs::rename(&path, &target)
        } else if meta.is_dir() {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        };
        cleaned += usize::from(done.is_ok());
    }
    cleaned
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_quires_own_temporary_names_are_recognised() {
        assert_eq!(parse(".html.tmp-4242-0"), Some(TempName { output: "html", kind: "tmp", pid: 4242 }));
        assert_eq!(parse(".html.old-7-12"), Some(TempName { output: "html", kind: "old", pid: 7 }));
        assert_eq!(parse(".my-book.epub.tmp-9-1").map(|t| t.output), Some("my-book.epub"));
        assert_eq!(parse(".my-book-cover.pdf.tmp-9-1").map(|t| t.output), Some("my-book-cover.pdf"));
        assert_eq!(parse("..quire-manifest.json.tmp-9-1").map(|t| t.output), Some(".quire-manifest.json"));
        for other in ["html.tmp-1-0", ".html.tmp-notes", ".html.tmp-1", ".html.tmp--0", ".notes.txt.tmp-1-0", ".html.bak-1-0", ".pdf.tmp-1-0", ".html.tmp-1-0x"] {
            assert_eq!(parse(other), None, "{other}");
        }
        let made = temp_sibling(Path::new("out/html"), "tmp");
        let name = made.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        assert_eq!(parse(name).map(|t| (t.output, t.pid)), Some(("html", std::process::id())), "{name}");
    }
}
