//! What the writer receives from the sink: the part of a batch the history stores, already
//! in the shape of its columns.
//!
//! The sink runs on the engine's flusher thread, so it copies as little as it can: a job's
//! parameters and result are serialized to their JSON text right there (one allocation
//! each) instead of cloning their `serde_json::Value` trees (one allocation per node),
//! which the bench measured at several times the cost.

use jobdeck_engine::{EventBatch, JobId, LifecycleEvent, Outcome, Priority, ProgressUpdate, SeriesChunk};

use crate::{HistoryState, JobLink};

/// A job's row as first recorded.
pub(crate) struct NewJob {
    pub(crate) id: JobId,
    pub(crate) kind: String,
    /// JSON.
    pub(crate) params: String,
    pub(crate) priority: Priority,
    pub(crate) state: HistoryState,
    pub(crate) submitted_at: u64,
    /// The engine's attempt number and the job it retries or re-runs.
    pub(crate) link: JobLink,
    /// Its spec's `retries + 1`.
    pub(crate) max_attempts: u32,
    /// Its spec's base backoff, in seconds.
    pub(crate) backoff_s: f64,
}

/// How a job ended, as its columns.
pub(crate) struct End {
    pub(crate) at: u64,
    pub(crate) state: HistoryState,
    /// JSON, for a success.
    pub(crate) result: Option<String>,
    pub(crate) message: Option<String>,
    pub(crate) panicked: bool,
}

/// A lifecycle event, as the writer needs it.
pub(crate) enum Event {
    Queued(NewJob),
    Started { id: JobId, at: u64 },
    State { id: JobId, state: HistoryState },
    Finished { id: JobId, end: End },
}

/// The part of a batch the history stores.
pub(crate) struct Digest {
    pub(crate) events: Vec<Event>,
    pub(crate) progress: Vec<ProgressUpdate>,
    pub(crate) data: Vec<SeriesChunk>,
}

impl Digest {
    /// What `batch` holds for the history; `None` when that is nothing (a batch that only
    /// changed the pool's limit, or only removed jobs from the engine's view — the history
    /// keeps those).
    pub(crate) fn of(batch: &EventBatch) -> Option<Digest> {
        let events: Vec<Event> = batch.lifecycle.iter().filter_map(event).collect();
        if events.is_empty() && batch.progress.is_empty() && batch.data.is_empty() {
            return None;
        }
        Some(Digest { events, progress: batch.progress.clone(), data: batch.data.clone() })
    }
}

fn event(e: &LifecycleEvent) -> Option<Event> {
    Some(match e {
        LifecycleEvent::Queued { job } => Event::Queued(NewJob {
            id: job.id,
            kind: job.kind.clone(),
            params: json(&job.params),
            priority: job.priority,
            state: job.state.into(),
            submitted_at: job.submitted_at,
            link: JobLink { attempt: job.attempt, retry_of: job.retry_of },
            max_attempts: job.max_attempts,
            backoff_s: job.backoff_s,
        }),
        LifecycleEvent::Started { id, at } => Event::Started { id: *id, at: *at },
        LifecycleEvent::Paused { id, .. } => Event::State { id: *id, state: HistoryState::Paused },
        LifecycleEvent::Resumed { id, .. } => Event::State { id: *id, state: HistoryState::Running },
        LifecycleEvent::Finished { id, at, outcome } => Event::Finished { id: *id, end: end(*at, outcome) },
        // The engine forgot finished jobs; the history keeps them.
        LifecycleEvent::Removed { .. } => return None,
    })
}

fn end(at: u64, outcome: &Outcome) -> End {
    let state = outcome.state().into();
    match outcome {
        Outcome::Succeeded { result } => {
            End { at, state, result: Some(json(result)), message: None, panicked: false }
        }
        Outcome::Failed { message, panicked } => {
            End { at, state, result: None, message: Some(message.clone()), panicked: *panicked }
        }
        Outcome::Cancelled => End { at, state, result: None, message: None, panicked: false },
    }
}

/// A value's JSON text (a `Value` always serializes).
fn json(v: &serde_json::Value) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "null".into())
}
