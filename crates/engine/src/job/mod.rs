//! One job and what its body sees.
//!
//! [`Job`] (here) is a job as the engine holds it: identity, scheduling state, control word
//! and reports. Around it: `control` (the cancel and pause requests a body waits on),
//! `token` (the [`CancelToken`](crate::CancelToken) user code may keep), `context` (the
//! [`JobContext`](crate::JobContext) a body runs with) and `error` (how a body says it did
//! not succeed).

pub(crate) mod context;
pub(crate) mod control;
pub(crate) mod error;
pub(crate) mod token;

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicU8, Ordering};
use std::sync::{Arc, Mutex};

use self::control::Control;
use crate::publish::budget::{PENDING_CAP, SERIES_CAP};
use crate::publish::series::MinMaxSeries;
use crate::{JobId, JobState, Priority};

/// A job: what was submitted, where it is, and what it reported.
pub(crate) struct Job {
    pub(crate) id: JobId,
    /// Submission order across the engine. Written once, under the scheduler lock, when the
    /// job is queued (so it matches queue order); read after that by anyone.
    ordinal: AtomicU64,
    pub(crate) kind: Arc<str>,
    /// The validated parameters, shared by every job of one `submit_many`.
    pub(crate) params: Arc<serde_json::Value>,
    pub(crate) priority: Priority,
    pub(crate) submitted_at: u64,
    /// Written only by `sched/lifecycle.rs`, with the scheduler lock held, in the same
    /// critical section that appends the matching lifecycle event, so states and events never
    /// disagree on order. Read
    /// anywhere (a stale read is only ever used under the lock or as a hint).
    state: AtomicU8,
    /// Cancel and pause requests (see [`Control`] for its invariants).
    pub(crate) control: Control,
    /// Latest progress, written by the job's context (any thread of the job) and read by the
    /// flusher. Atomics rather than the `reports` lock because jobs report on every step.
    /// A reporter stores `total` and `done`, then sets `progress_changed`; the flusher clears
    /// `progress_changed`, then reads. A read that pairs a new `done` with an old `total`
    /// can only happen while a report is in flight, and that report's flag brings the
    /// right pair in the next batch.
    pub(crate) done: AtomicU64,
    pub(crate) total: AtomicU64,
    /// Progress or status changed since the flusher last looked.
    pub(crate) progress_changed: AtomicBool,
    /// What else the job reported. Written by the job's context (any thread of the job),
    /// taken by the flusher, read by `Engine::series`. Never held while another lock is taken.
    pub(crate) reports: Mutex<Reports>,
    /// True while the job is on the flusher's dirty list (or about to be pushed onto it):
    /// set by a reporter that finds it false (and that reporter pushes the job), cleared by
    /// the flusher *before* it reads `reports`, so a report after that read dirties it anew.
    pub(crate) dirty: AtomicBool,
}

/// A job's status and its data, if it reported any.
pub(crate) struct Reports {
    pub(crate) status: Option<String>,
    /// Boxed on the first point, so that the many jobs that never report data (and the
    /// 100,000 noops of a benchmark) stay small.
    pub(crate) data: Option<Box<Data>>,
}

/// A job's data series.
pub(crate) struct Data {
    /// Every point, bounded by [`SERIES_CAP`].
    pub(crate) series: MinMaxSeries,
    /// Points not yet published in a batch, bounded by [`PENDING_CAP`].
    pub(crate) pending: MinMaxSeries,
}

impl Data {
    pub(crate) fn new() -> Box<Self> {
        Box::new(Data { series: MinMaxSeries::new(SERIES_CAP), pending: MinMaxSeries::new(PENDING_CAP) })
    }
}

impl Job {
    pub(crate) fn new(
        kind: Arc<str>,
        params: Arc<serde_json::Value>,
        priority: Priority,
        submitted_at: u64,
    ) -> Self {
        Job {
            id: JobId::new(),
            ordinal: AtomicU64::new(0),
            kind,
            params,
            priority,
            submitted_at,
            state: AtomicU8::new(encode(JobState::Queued)),
            control: Control::new(),
            done: AtomicU64::new(0),
            total: AtomicU64::new(0),
            progress_changed: AtomicBool::new(false),
            reports: Mutex::new(Reports { status: None, data: None }),
            dirty: AtomicBool::new(false),
        }
    }

    pub(crate) fn ordinal(&self) -> u64 {
        self.ordinal.load(Ordering::Relaxed)
    }

    /// Call only with the scheduler lock held.
    pub(crate) fn set_ordinal(&self, ordinal: u64) {
        self.ordinal.store(ordinal, Ordering::Relaxed);
    }

    pub(crate) fn state(&self) -> JobState {
        decode(self.state.load(Ordering::Acquire))
    }

    /// Called only by `sched/lifecycle.rs`, with the scheduler lock held (see the field's
    /// invariant).
    pub(crate) fn set_state(&self, state: JobState) {
        self.state.store(encode(state), Ordering::Release);
    }
}

fn encode(state: JobState) -> u8 {
    match state {
        JobState::Queued => 0,
        JobState::Running => 1,
        JobState::Paused => 2,
        JobState::Succeeded => 3,
        JobState::Failed => 4,
        JobState::Cancelled => 5,
    }
}

fn decode(v: u8) -> JobState {
    match v {
        0 => JobState::Queued,
        1 => JobState::Running,
        2 => JobState::Paused,
        3 => JobState::Succeeded,
        4 => JobState::Failed,
        _ => JobState::Cancelled,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_round_trip() {
        for s in [
            JobState::Queued,
            JobState::Running,
            JobState::Paused,
            JobState::Succeeded,
            JobState::Failed,
            JobState::Cancelled,
        ] {
            assert_eq!(decode(encode(s)), s);
        }
    }
}
