//! The one writer: a thread that owns the read-write connection and commits what the
//! engine's batches and the app's calls change, a transaction per group of messages.
//!
//! Everything that writes goes through it, in order — batches from the [`HistorySink`],
//! log tails and links, deletions, settings — so there is exactly one writer to the file
//! (no lock contention between our own connections) and a deletion applies after every
//! batch that came before it.
//!
//! **Grouping.** It takes every message already queued (up to [`MAX_GROUP`]) before
//! committing, so a writer that falls behind catches up with fewer, larger transactions.
//!
//! **Failures never stop anything.** A failed commit is rolled back and the changes stay
//! folded in memory (see `changes`); the writer retries with a backoff, keeps taking
//! batches meanwhile, and reports the failure once through the status.

mod changes;
mod commit;
mod event;
mod series;
mod sink;
mod status;

use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::time::{Duration, Instant};

use jobdeck_engine::JobId;
use rusqlite::Connection;

use changes::Changes;
pub use changes::SERIES_CHECKPOINT_INTERVAL;
use event::Digest;
pub use sink::HistorySink;
pub use status::HistoryStatus;
pub(crate) use status::{OnStatus, StatusCell};

use crate::retention::{self, RETENTION_EVERY_JOBS, RETENTION_INTERVAL};
use crate::time::now_ms;
use crate::{Error, JobLink, Result};

/// Most messages folded into one transaction.
const MAX_GROUP: usize = 256;

/// The first retry after a failed commit waits this long, doubling up to [`MAX_BACKOFF`].
const FIRST_BACKOFF: Duration = Duration::from_millis(250);
const MAX_BACKOFF: Duration = Duration::from_secs(5);

/// A task for the writer.
pub(crate) enum Msg {
    Batch(Digest),
    Log {
        id: JobId,
        tail: Option<String>,
        path: Option<String>,
    },
    Link {
        id: JobId,
        link: JobLink,
    },
    /// Runs on the writer's connection once everything before it has been committed (or
    /// has failed to); it sends its own reply.
    Run(Box<dyn FnOnce(&mut Connection) + Send>),
    /// Replies once everything before it is committed, or with the error that keeps it from being.
    Sync(Sender<Result<()>>),
    /// Commits what it can and ends the thread.
    Stop,
}

/// What ends a group: a message that must wait until the group is committed.
enum Barrier {
    Run(Box<dyn FnOnce(&mut Connection) + Send>),
    Sync(Sender<Result<()>>),
    Stop,
}

pub(crate) struct Writer {
    conn: Connection,
    rx: Receiver<Msg>,
    status: Arc<StatusCell>,
    changes: Changes,
    /// Set while commits fail: the next attempt is not before this.
    retry_at: Option<Instant>,
    backoff: Duration,
    last_error: Option<Error>,
    jobs_since_retention: u64,
    next_retention: Instant,
}

impl Writer {
    pub(crate) fn new(conn: Connection, rx: Receiver<Msg>, status: Arc<StatusCell>) -> Self {
        Writer {
            conn,
            rx,
            status,
            changes: Changes::default(),
            retry_at: None,
            backoff: FIRST_BACKOFF,
            last_error: None,
            jobs_since_retention: 0,
            next_retention: Instant::now() + RETENTION_INTERVAL,
        }
    }

    /// The thread's body.
    pub(crate) fn run(mut self) {
        // First, so that a stored retention holds before anything of this session is written.
        self.apply_retention();
        loop {
            let first = match self.rx.recv_timeout(self.next_wake().saturating_duration_since(Instant::now()))
            {
                Ok(m) => Some(m),
                Err(RecvTimeoutError::Timeout) => None,
                // Every sender is gone (the handle was dropped without `close`): stop too.
                Err(RecvTimeoutError::Disconnected) => Some(Msg::Stop),
            };
            let mut barrier = None;
            if let Some(first) = first {
                barrier = self.fold(first);
                let mut taken = 1;
                while barrier.is_none() && taken < MAX_GROUP {
                    match self.rx.try_recv() {
                        Ok(m) => barrier = self.fold(m),
                        Err(_) => break,
                    }
                    taken += 1;
                }
            }
            let now = Instant::now();
            let retry_due = self.retry_at.is_none_or(|at| now >= at);
            if (retry_due || barrier.is_some()) && self.has_work(now) {
                self.try_commit();
            }
            match barrier {
                Some(Barrier::Sync(reply)) => {
                    let _ = reply.send(match &self.last_error {
                        Some(e) if !self.changes.is_empty() => Err(e.clone()),
                        _ => Ok(()),
                    });
                }
                Some(Barrier::Run(task)) => task(&mut self.conn),
                Some(Barrier::Stop) => return,
                None => {}
            }
            if self.retry_at.is_none() && self.retention_due(Instant::now()) {
                self.apply_retention();
            }
        }
    }

    /// Folds a message into the unsaved changes, or returns it as the end of the group.
    fn fold(&mut self, msg: Msg) -> Option<Barrier> {
        match msg {
            Msg::Batch(digest) => self.changes.apply(digest),
            Msg::Log { id, tail, path } => self.changes.log(id, tail, path),
            Msg::Link { id, link } => self.changes.link(id, link),
            Msg::Run(task) => return Some(Barrier::Run(task)),
            Msg::Sync(reply) => return Some(Barrier::Sync(reply)),
            Msg::Stop => return Some(Barrier::Stop),
        }
        None
    }

    /// Rows to write, or a series checkpoint due.
    fn has_work(&self, now: Instant) -> bool {
        !self.changes.is_empty() || self.changes.any_series_due(now)
    }

    /// When to wake without a message: now if there is work (at the retry, while failing),
    /// at a series checkpoint, or for the hourly retention (not while failing).
    fn next_wake(&self) -> Instant {
        let now = Instant::now();
        let work = if self.changes.is_empty() { self.changes.next_checkpoint() } else { Some(now) };
        match self.retry_at {
            Some(retry) => work.map_or(now + RETENTION_INTERVAL, |w| w.max(retry)),
            None => work.map_or(self.next_retention, |w| w.min(self.next_retention)),
        }
    }

    fn try_commit(&mut self) {
        let now = Instant::now();
        match commit::commit(&mut self.conn, &self.changes, now) {
            Ok(done) => {
                self.jobs_since_retention += done.inserted.len() as u64;
                self.changes.saved(done, now);
                self.retry_at = None;
                self.backoff = FIRST_BACKOFF;
                self.last_error = None;
                self.status.saved();
            }
            Err(e) => {
                let err = Error::write(e);
                self.status.failing(err.clone(), self.changes.len());
                self.last_error = Some(err);
                self.retry_at = Some(now + self.backoff);
                self.backoff = (self.backoff * 2).min(MAX_BACKOFF);
            }
        }
    }

    fn retention_due(&self, now: Instant) -> bool {
        now >= self.next_retention || self.jobs_since_retention >= RETENTION_EVERY_JOBS
    }

    fn apply_retention(&mut self) {
        let rule = retention::load(&self.conn);
        let done =
            retention::apply(&mut self.conn, rule, now_ms()).and_then(|_| crate::db::optimize(&self.conn));
        if let Err(e) = done {
            // Not worth the user's attention by itself: the next commit reports a full disk.
            eprintln!("jobdeck-history: the hourly retention and optimize failed: {e}");
        }
        self.jobs_since_retention = 0;
        self.next_retention = Instant::now() + RETENTION_INTERVAL;
    }
}
