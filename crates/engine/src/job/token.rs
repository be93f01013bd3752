//! A handle on one job's cancellation that user code can keep and send to other threads.

use std::sync::Arc;

use crate::job::Job;

/// A cheap, cloneable handle on one job's cancellation, usable from any thread.
///
/// Cancellation is cooperative and asynchronous: [`cancel`](Self::cancel) only sets a flag
/// (and wakes the job if it sleeps or is paused); the job sees it at its next
/// [`checkpoint`](crate::JobContext::checkpoint), [`sleep`](crate::JobContext::sleep) or
/// [`is_cancelled`](Self::is_cancelled) check. Clones share one `Arc`.
///
/// Hand it to code that cannot borrow the [`JobContext`](crate::JobContext), e.g. inner
/// parallel work, so that it can stop early.
#[derive(Clone)]
pub struct CancelToken {
    job: Arc<Job>,
}

impl CancelToken {
    pub(crate) fn new(job: Arc<Job>) -> Self {
        CancelToken { job }
    }

    /// True once the job has been asked to stop.
    #[inline]
    pub fn is_cancelled(&self) -> bool {
        self.job.control.is_cancelled()
    }

    /// Asks the job to stop, exactly as [`Engine::cancel`](crate::Engine::cancel) does for a
    /// running job. It ends as `Cancelled` at its next checkpoint.
    pub fn cancel(&self) {
        self.job.control.cancel();
    }
}

impl std::fmt::Debug for CancelToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CancelToken")
            .field("job", &self.job.id)
            .field("cancelled", &self.is_cancelled())
            .finish()
    }
}
