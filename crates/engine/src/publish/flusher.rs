//! The flusher thread: coalesces everything jobs and the scheduler report into at most one
//! [`EventBatch`] per flush interval.

use std::collections::VecDeque;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Instant;

use super::budget::{batch_share, BATCH_DATA_BUDGET, BATCH_LIFECYCLE_BUDGET, BATCH_POINTS_BUDGET};
use super::record::Record;
use super::series::decimate;
use super::signal::Next;
use crate::job::Job;
use crate::sched::worker::panic_message;
use crate::sched::Shared;
use crate::sync::lock;
use crate::{EventBatch, EventSink, ProgressUpdate, SeriesChunk};

pub(crate) struct Flusher {
    shared: Arc<Shared>,
    sink: Option<Box<dyn EventSink>>,
    /// Lifecycle events taken from the scheduler but not yet published (over budget).
    carry: VecDeque<Record>,
    /// Dirty jobs whose Queued event is still in `carry`: their reports wait with them.
    deferred: Vec<Arc<Job>>,
    /// An empty buffer, swapped with the scheduler's event log at each flush so that
    /// neither side reallocates (and faults in fresh pages) on every burst.
    spare_events: Vec<Record>,
    /// The same for the dirty list.
    spare_dirty: Vec<Arc<Job>>,
}

impl Flusher {
    pub(crate) fn new(shared: Arc<Shared>, sink: Option<Box<dyn EventSink>>) -> Self {
        Flusher {
            shared,
            sink,
            carry: VecDeque::new(),
            deferred: Vec::new(),
            spare_events: Vec::new(),
            spare_dirty: Vec::new(),
        }
    }

    /// The thread's body: flush when told, never twice within one interval; on stop,
    /// publish everything left in one last batch.
    pub(crate) fn run(mut self) {
        let interval = self.shared.flush_interval;
        let mut not_before = Instant::now();
        loop {
            match self.shared.signal.wait(not_before) {
                Next::Stop => {
                    self.flush(true);
                    return;
                }
                Next::Flush => {
                    let (published, more) = self.flush(false);
                    // Measured from the moment the sink was called, so that calls are at
                    // least one interval apart however long building a batch took.
                    if let Some(at) = published {
                        not_before = at + interval;
                    }
                    if more {
                        self.shared.signal.ring();
                    }
                }
            }
        }
    }

    /// Builds and publishes one batch if anything changed; returns when it was handed to
    /// the sink, and whether work was carried over to the next batch.
    fn flush(&mut self, last: bool) -> (Option<Instant>, bool) {
        let shared = Arc::clone(&self.shared);
        shared.signal.clear_hint();
        // Events first, then dirty jobs: a job reports before it ends, so every point of a job
        // whose Finished event is taken here is on the dirty list taken after it, and goes
        // in this batch or an earlier one, never after its Finished (a sink such as the
        // history stops listening to a job once it ended). A job queued between the two
        // takes has reports but no Queued event yet: it is deferred below until announced.
        let mut events = std::mem::take(&mut self.spare_events);
        let (pool_changed, limit) = shared.take_records(&mut events);
        self.carry.extend(events.drain(..));
        self.spare_events = events;
        let mut dirty = std::mem::take(&mut self.spare_dirty);
        shared.dirty.swap(&mut dirty);
        dirty.append(&mut self.deferred);

        let building = self.sink.is_some();
        let mut lifecycle = Vec::new();
        let mut progress = Vec::new();
        let mut data = Vec::new();
        let mut view = lock(&shared.view);
        let n =
            if last || !building { self.carry.len() } else { self.carry.len().min(BATCH_LIFECYCLE_BUDGET) };
        for record in self.carry.drain(..n) {
            view.apply(record, building.then_some(&mut lifecycle));
        }
        let mut any_report = false;
        for job in dirty.drain(..) {
            let ordinal = job.ordinal();
            if !view.is_announced(ordinal) {
                self.deferred.push(job);
                continue;
            }
            // Cleared before reading, so a report made after the read dirties the job anew.
            job.dirty.store(false, Ordering::SeqCst);
            if !view.contains(ordinal) {
                continue; // removed by clear_finished: nobody shows it any more
            }
            let changed = job.progress_changed.swap(false, Ordering::Acquire);
            let first_chunk = data.len();
            let update = {
                let mut r = lock(&job.reports);
                let update = changed.then(|| {
                    (job.done.load(Ordering::Relaxed), job.total.load(Ordering::Relaxed), r.status.clone())
                });
                if let Some(d) = r.data.as_mut() {
                    for s in d.series.iter_mut().filter(|s| !s.pending.is_empty()) {
                        let (x, y, decimated) = s.pending.take();
                        data.push(SeriesChunk { id: job.id, series: s.name.to_string(), x, y, decimated });
                    }
                }
                update
            };
            if let Some((done, total, status)) = update {
                any_report = true;
                if building {
                    progress.push(ProgressUpdate { id: job.id, done, total, status: status.clone() });
                }
                view.progress(ordinal, done, total, status);
            }
            // Taken from the job above, outside the view's bookkeeping; published only with
            // a sink, but always taken, so that pending points never pile up without one.
            if data.len() > first_chunk {
                any_report = true;
                for c in &mut data[first_chunk..] {
                    view.series_seen(ordinal, &c.series);
                    if building {
                        c.decimated |= decimate(&mut c.x, &mut c.y, BATCH_DATA_BUDGET);
                    }
                }
                if !building {
                    data.truncate(first_chunk);
                }
            }
        }
        if data.iter().map(|c| c.x.len()).sum::<usize>() > BATCH_POINTS_BUDGET {
            let share = batch_share(data.len());
            for c in &mut data {
                c.decimated |= decimate(&mut c.x, &mut c.y, share);
            }
        }
        self.spare_dirty = dirty;
        let more = !self.carry.is_empty() || !self.deferred.is_empty();
        if n == 0 && !any_report && !pool_changed {
            return (None, more);
        }
        view.seq += 1;
        view.pool = shared.pool_status(limit);
        let batch = self.sink.as_ref().map(|_| EventBatch {
            seq: view.seq,
            lifecycle,
            progress,
            data,
            pool: view.pool,
            counts: view.counts(),
            aggregate: view.aggregate(),
        });
        // Published in the view before the sink hears of it: a subscriber that registers and
        // then takes a snapshot can miss no batch (see `Snapshot::seq`).
        drop(view);
        let published = Instant::now();
        if let (Some(sink), Some(batch)) = (&self.sink, batch) {
            // A sink that panics loses its batch, not the engine's flusher.
            if let Err(payload) = catch_unwind(AssertUnwindSafe(|| sink.on_batch(&batch))) {
                let message = panic_message(&*payload);
                // Dropping a payload can itself panic (see the worker's `run`).
                let _ = catch_unwind(AssertUnwindSafe(move || drop(payload)));
                let warning = format!("the event sink panicked on batch {}: {message}", batch.seq);
                shared.warn(&warning);
            }
        }
        (Some(published), more)
    }
}
