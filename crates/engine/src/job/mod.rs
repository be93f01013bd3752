//! One job and what its body sees.
//!
//! [`Job`] (here) is a job as the engine holds it: identity, scheduling state, control word
//! and reports. Around it: `attempt` (its place in a chain of retries), `control` (the cancel and pause requests a body waits on),
//! `token` (the [`CancelToken`](crate::CancelToken) user code may keep), `waker` (the
//! [`JobWaker`](crate::JobWaker) that ends a park), `log` (its log
//! tail and file), `context` (the
//! [`JobContext`](crate::JobContext) a body runs with) and `error` (how a body says it did
//! not succeed).

pub(crate) mod attempt;
pub(crate) mod context;
pub(crate) mod control;
pub(crate) mod error;
pub(crate) mod log;
pub(crate) mod token;
pub(crate) mod waker;

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicU8, Ordering};
use std::sync::{Arc, Mutex};

use self::attempt::Attempt;
use self::control::Control;
use self::log::JobLog;
use crate::publish::budget::{DEFAULT_SERIES, PENDING_CAP, SERIES_CAP, SERIES_NAME_MAX, SERIES_PER_JOB_CAP};
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
    /// Which attempt it is, and what a retry of it looks like.
    pub(crate) attempt: Attempt,
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
    /// Its log, allocated on the first line (see `job/log.rs`). Written by the job's context,
    /// read by `Engine::log`, closed when the body returns. Never held while another lock is
    /// taken.
    pub(crate) log: Mutex<Option<Box<JobLog>>>,
    /// Lines logged so far (a copy of the log's count, read without its lock for `JobInfo`).
    pub(crate) log_lines: AtomicU64,
}

/// A job's status and its data, if it reported any.
pub(crate) struct Reports {
    pub(crate) status: Option<String>,
    /// Boxed on the first point, so that the many jobs that never report data (and the
    /// 100,000 noops of a benchmark) stay small.
    pub(crate) data: Option<Box<Data>>,
}

/// A job's data: its named series, in the order their names were first seen.
pub(crate) struct Data {
    /// At most [`SERIES_PER_JOB_CAP`] series; the first one is found first, so a job that
    /// only uses one series (the built-in kinds) pays one string comparison per point.
    pub(crate) series: Vec<Series>,
    /// Where [`DEFAULT_SERIES`] is in `series`, once it is: `JobContext::data`, the built-in
    /// kinds' only report, finds it without comparing names.
    default: Option<usize>,
    /// Points dropped because their series name was invalid or over the cap.
    pub(crate) dropped: u64,
}

/// One named series of a job.
pub(crate) struct Series {
    pub(crate) name: Box<str>,
    /// Every point, bounded by [`SERIES_CAP`].
    pub(crate) store: MinMaxSeries,
    /// Points not yet published in a batch, bounded by [`PENDING_CAP`].
    pub(crate) pending: MinMaxSeries,
}

impl Series {
    /// Appends a point to the store and to what the next batch carries.
    #[inline]
    fn push(&mut self, x: f64, y: f64) {
        self.store.push(x, y);
        self.pending.push(x, y);
    }
}

/// What [`Data::push`] did with a point.
pub(crate) enum Pushed {
    Stored,
    /// Dropped (bad name or too many names); carries the job's dropped count so far.
    Dropped(u64),
}

impl Data {
    pub(crate) fn new() -> Box<Self> {
        Box::new(Data { series: Vec::new(), default: None, dropped: 0 })
    }

    /// Appends a point to [`DEFAULT_SERIES`]: [`push`](Self::push) without the name lookup.
    #[inline]
    pub(crate) fn push_default(&mut self, x: f64, y: f64) -> Pushed {
        match self.default {
            Some(at) => {
                self.series[at].push(x, y);
                Pushed::Stored
            }
            None => self.push(DEFAULT_SERIES, x, y),
        }
    }

    /// Appends a point to the series `name`, creating it if the name is valid and the job
    /// has fewer than [`SERIES_PER_JOB_CAP`] series.
    #[inline]
    pub(crate) fn push(&mut self, name: &str, x: f64, y: f64) -> Pushed {
        let at = match self.series.iter().position(|s| &*s.name == name) {
            Some(at) => at,
            None => {
                let len = name.chars().count();
                if self.series.len() >= SERIES_PER_JOB_CAP || !(1..=SERIES_NAME_MAX).contains(&len) {
                    self.dropped += 1;
                    return Pushed::Dropped(self.dropped);
                }
                self.series.push(Series {
                    name: name.into(),
                    store: MinMaxSeries::new(SERIES_CAP),
                    pending: MinMaxSeries::new(PENDING_CAP),
                });
                let at = self.series.len() - 1;
                if name == DEFAULT_SERIES {
                    self.default = Some(at);
                }
                at
            }
        };
        self.series[at].push(x, y);
        Pushed::Stored
    }

    /// The series of this name, if the job has reported to it.
    pub(crate) fn get(&self, name: &str) -> Option<&Series> {
        self.series.iter().find(|s| &*s.name == name)
    }

    /// The names seen, in first-seen order.
    pub(crate) fn names(&self) -> impl Iterator<Item = &str> {
        self.series.iter().map(|s| &*s.name)
    }
}

impl Job {
    pub(crate) fn new(
        kind: Arc<str>,
        params: Arc<serde_json::Value>,
        priority: Priority,
        submitted_at: u64,
        attempt: Attempt,
    ) -> Self {
        Job {
            id: JobId::new(),
            ordinal: AtomicU64::new(0),
            kind,
            params,
            priority,
            submitted_at,
            attempt,
            state: AtomicU8::new(encode(JobState::Queued)),
            control: Control::new(),
            done: AtomicU64::new(0),
            total: AtomicU64::new(0),
            progress_changed: AtomicBool::new(false),
            reports: Mutex::new(Reports { status: None, data: None }),
            dirty: AtomicBool::new(false),
            log: Mutex::new(None),
            log_lines: AtomicU64::new(0),
        }
    }

    /// Lines the job has logged so far.
    pub(crate) fn log_lines(&self) -> u64 {
        self.log_lines.load(Ordering::Relaxed)
    }

    /// Flushes and closes the job's log file (its body returned); returns a warning for the
    /// caller to report if that failed.
    pub(crate) fn close_log(&self) -> Option<String> {
        crate::sync::lock(&self.log).as_mut()?.close(self.id)
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
    fn series_names_are_one_to_sixty_four_characters_and_at_most_sixteen() {
        let mut d = Data::new();
        assert!(
            matches!(d.push(&"é".repeat(SERIES_NAME_MAX), 0.0, 1.0), Pushed::Stored),
            "64 chars, 128 bytes"
        );
        assert!(matches!(d.push(&"x".repeat(SERIES_NAME_MAX + 1), 0.0, 1.0), Pushed::Dropped(1)));
        assert!(matches!(d.push("", 0.0, 1.0), Pushed::Dropped(2)));
        for i in 1..SERIES_PER_JOB_CAP {
            assert!(matches!(d.push(&i.to_string(), 0.0, 1.0), Pushed::Stored));
        }
        assert!(matches!(d.push("one too many", 0.0, 1.0), Pushed::Dropped(3)));
        assert!(matches!(d.push("1", 1.0, 1.0), Pushed::Stored));
        assert_eq!(d.names().count(), SERIES_PER_JOB_CAP);
        assert_eq!(d.get("1").unwrap().store.to_columns().0, [0.0, 1.0]);
        // The default series' fast path stores where a lookup by name would.
        let mut d = Data::new();
        d.push("loss", 0.0, 1.0);
        d.push_default(0.0, 2.0);
        d.push(DEFAULT_SERIES, 1.0, 3.0);
        d.push_default(2.0, 4.0);
        assert_eq!(d.get(DEFAULT_SERIES).unwrap().store.to_columns().1, [2.0, 3.0, 4.0]);
        assert_eq!(d.names().collect::<Vec<_>>(), ["loss", DEFAULT_SERIES]);
    }

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
