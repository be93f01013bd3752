//! A handle that wakes a job parked in [`JobContext::park`](crate::JobContext::park).

use std::sync::Arc;

use crate::job::Job;

/// Wakes one job's current or next [`park`](crate::JobContext::park), from any thread.
///
/// For a body that waits on something outside the engine (a child process, a socket)
/// without polling: the body parks, and whatever it waits for (a reader thread that got
/// output, a thread that saw the child exit) calls [`wake`](Self::wake). A wake-up that comes
/// while the job is not parked is kept until its next `park`, which then returns at once, so
/// none is lost; several wake-ups before a `park` count as one. Clones share one `Arc`.
#[derive(Clone)]
pub struct JobWaker {
    job: Arc<Job>,
}

impl JobWaker {
    pub(crate) fn new(job: Arc<Job>) -> Self {
        JobWaker { job }
    }

    /// Ends the job's current `park`, or the next one if it is not parked now.
    pub fn wake(&self) {
        self.job.control.wake();
    }
}

impl std::fmt::Debug for JobWaker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JobWaker").field("job", &self.job.id).finish()
    }
}
