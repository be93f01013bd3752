//! The job's status text while it runs: the program's own (`##teamcity[progressMessage …]`)
//! if it gave one, else its last non-blank output line; set at most every [`STATUS_EVERY`]
//! (a program like `yes` writes millions of lines a second: one status per line would flood
//! the engine and the window for nothing).

use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::sync::lock;
use crate::JobContext;

/// Least time between two status updates of one job.
pub(super) const STATUS_EVERY: Duration = Duration::from_millis(100);

/// The status, shared by the stdout and stderr readers and the job thread.
#[derive(Debug, Default)]
pub(super) struct Status {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    /// The program's own status message; once given, it is shown instead of lines.
    message: Option<String>,
    /// The last non-blank line.
    line: String,
    /// When the status was last set.
    shown_at: Option<Instant>,
    /// Something newer than what is shown waits for the interval to pass.
    pending: bool,
}

impl Status {
    /// A new output line. Returns true when it made an update pending (it came too soon
    /// after the last one): the job thread then shows it once the interval has passed.
    pub(super) fn line(&self, ctx: &JobContext<'_>, text: &str) -> bool {
        let text = text.trim();
        if text.is_empty() {
            return false;
        }
        let mut s = lock(&self.state);
        s.line.clear();
        s.line.push_str(text);
        s.offer(ctx)
    }

    /// The program's own status message (it replaces lines from now on).
    pub(super) fn message(&self, ctx: &JobContext<'_>, text: String) -> bool {
        let mut s = lock(&self.state);
        s.message = Some(text);
        s.offer(ctx)
    }

    /// True while an update waits for the interval.
    pub(super) fn is_pending(&self) -> bool {
        lock(&self.state).pending
    }

    /// Shows a pending update if the interval has passed (`force`: at once).
    pub(super) fn flush(&self, ctx: &JobContext<'_>, force: bool) {
        let mut s = lock(&self.state);
        if s.pending && (force || s.due()) {
            s.show(ctx);
        }
    }
}

impl State {
    fn due(&self) -> bool {
        self.shown_at.is_none_or(|at| at.elapsed() >= STATUS_EVERY)
    }

    fn offer(&mut self, ctx: &JobContext<'_>) -> bool {
        if self.due() {
            self.show(ctx);
            false
        } else {
            let newly = !self.pending;
            self.pending = true;
            newly
        }
    }

    fn show(&mut self, ctx: &JobContext<'_>) {
        let text = self.message.as_deref().unwrap_or(&self.line);
        ctx.status(text);
        self.shown_at = Some(Instant::now());
        self.pending = false;
    }
}
