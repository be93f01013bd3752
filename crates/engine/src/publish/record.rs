//! What the scheduler records for the flusher: one entry per lifecycle event.

use std::sync::Arc;

use crate::job::Job;
use crate::Outcome;

/// A lifecycle event as the scheduler records it; the flusher turns it into a
/// [`LifecycleEvent`](crate::LifecycleEvent) (jobs are named by ordinal here: it indexes
/// the published view without hashing).
pub(crate) enum Record {
    Queued(Arc<Job>),
    Started { ordinal: u64, at: u64 },
    Paused { ordinal: u64, at: u64 },
    Resumed { ordinal: u64, at: u64 },
    Finished { ordinal: u64, at: u64, outcome: Outcome },
    Removed(Vec<u64>),
}
