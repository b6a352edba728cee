//! Progress spinners for a build, one per format (indicatif). Hidden when `--quiet`, or when
//! stderr is not a terminal.

use quire::build::{BuildEvent, Format};
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::time::Duration;

/// One spinner per format being rendered.
pub struct Progress {
    multi: Option<MultiProgress>,
    bars: Vec<(Format, ProgressBar)>,
}

impl Progress {
    /// Spinners for `formats`, drawn on stderr when `visible`.
    pub fn new(formats: &[Format], visible: bool) -> Self {
        if !visible {
            return Progress { multi: None, bars: Vec::new() };
        }
        let multi = MultiProgress::with_draw_target(ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template("{spinner:.green} {prefix:>5.bold} {msg} {elapsed:.dim}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner());
        let bars = formats
            .iter()
            .map(|&f| {
                let bar = multi.add(ProgressBar::new_spinner());
                bar.set_style(style.clone());
                bar.set_prefix(f.as_str());
                bar.set_message("waiting");
                (f, bar)
            })
            .collect();
        Progress { multi: Some(multi), bars }
    }

    /// Updates the spinner of a format (called from rayon's worker threads).
    pub fn event(&self, event: BuildEvent) {
        let format = match event {
            BuildEvent::Started(f) | BuildEvent::Finished { format: f, .. } => f,
            _ => return,
        };
        let Some((_, bar)) = self.bars.iter().find(|(f, _)| *f == format) else { return };
        match event {
            BuildEvent::Started(_) => {
                bar.set_message("rendering…");
                bar.enable_steady_tick(Duration::from_millis(100));
            }
            BuildEvent::Finished { ok, .. } => bar.finish_with_message(if ok { "done" } else { "failed" }),
            _ => {}
        }
    }

    /// Removes the spinners from the screen.
    pub fn clear(self) {
        for (_, bar) in &self.bars {
            bar.finish_and_clear();
        }
        if let Some(m) = self.multi {
            let _ = m.clear();
        }
    }
}
