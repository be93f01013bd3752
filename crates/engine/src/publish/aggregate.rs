//! Progress of the current batch of work, kept in integers so it cannot drift.

use crate::Aggregate;

/// One job's full share of the batch, in fixed point.
pub(crate) const FULL: u32 = 1 << 20;

/// The share a job with `done` of `total` contributes (0 while the total is unknown).
pub(crate) fn share(done: u64, total: u64) -> u32 {
    if total == 0 {
        return 0;
    }
    ((done.min(total) as u128 * FULL as u128) / total as u128) as u32
}

/// The batch of work: every job queued since the engine was last idle.
///
/// Each job contributes a share in `0..=FULL` that only grows: progress raises it (a job
/// that reports less than before does not lower it), reaching a terminal state sets it to
/// `FULL`. Sums are exact integers, so `fraction` can only fall when a job joins.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct BatchProgress {
    jobs: u64,
    completed: u64,
    sum: u64,
}

impl BatchProgress {
    /// A job joins; `idle` says nothing was queued, running or paused before it, which
    /// starts a new batch.
    pub(crate) fn join(&mut self, idle: bool) {
        if idle {
            *self = BatchProgress::default();
        }
        self.jobs += 1;
    }

    /// A member's share rose from `old` to `new` (callers pass `new > old`).
    pub(crate) fn advance(&mut self, old: u32, new: u32) {
        self.sum += u64::from(new.saturating_sub(old));
    }

    /// A member with share `old` reached a terminal state.
    pub(crate) fn complete(&mut self, old: u32) {
        self.advance(old, FULL);
        self.completed += 1;
    }

    pub(crate) fn figures(&self) -> Aggregate {
        Aggregate {
            jobs: self.jobs,
            completed: self.completed,
            fraction: if self.jobs == 0 { 0.0 } else { self.sum as f64 / (self.jobs as f64 * FULL as f64) },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_falls_when_jobs_end_and_resets_after_idle() {
        let mut b = BatchProgress::default();
        b.join(true);
        b.join(false);
        b.advance(0, share(1, 2));
        assert_eq!(b.figures().fraction, 0.25);
        let before = b.figures().fraction;
        b.complete(share(1, 2));
        assert!(b.figures().fraction >= before);
        assert_eq!((b.figures().jobs, b.figures().completed), (2, 1));
        b.complete(0);
        assert_eq!(b.figures().fraction, 1.0);
        // Idle, then a new job: a new batch.
        b.join(true);
        assert_eq!((b.figures().jobs, b.figures().completed, b.figures().fraction), (1, 0, 0.0));
        assert_eq!(share(5, 0), 0);
        assert_eq!(share(7, 5), FULL);
    }
}
