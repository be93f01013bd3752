//! Which attempt of a job this is, and how its retries go.

use crate::{JobId, JobSpec};

/// A job's place in its chain of attempts, fixed when the job is made.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Attempt {
    /// 1 for a first run (or a re-run), then +1 per automatic retry.
    pub(crate) number: u32,
    /// `retries + 1` of the spec: the chain stops after this attempt.
    pub(crate) max: u32,
    /// The job this one retries or re-runs.
    pub(crate) retry_of: Option<JobId>,
    /// The spec's base backoff, in seconds.
    pub(crate) backoff_s: f64,
    /// For a retry: not dispatched before this time (the engine's clock, milliseconds since
    /// the Unix epoch); `None`: runnable as soon as it is queued.
    pub(crate) runnable_at: Option<u64>,
}

impl Attempt {
    /// The first attempt of a (checked) spec; `retry_of` for a re-run.
    pub(crate) fn first(spec: &JobSpec, retry_of: Option<JobId>) -> Self {
        Attempt { number: 1, max: spec.retries + 1, retry_of, backoff_s: spec.backoff_s, runnable_at: None }
    }

    /// True when a failure of this attempt is followed by another.
    pub(crate) fn has_next(&self) -> bool {
        self.number < self.max
    }

    /// The attempt after this one (of job `id`), held until `runnable_at`.
    pub(crate) fn next(&self, id: JobId, runnable_at: u64) -> Self {
        Attempt { number: self.number + 1, retry_of: Some(id), runnable_at: Some(runnable_at), ..*self }
    }
}
