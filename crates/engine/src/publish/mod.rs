//! From reports to batches: how what the scheduler and the jobs report reaches the sink.
//!
//! # The protocol
//!
//! Two inputs, one doorbell, one thread that publishes, one published picture:
//!
//! 1. **Lifecycle events** (`record`). The scheduler changes a job's state and appends a
//!    [`Record`](record::Record) to its event log in one critical section of the scheduler
//!    lock (`sched/lifecycle.rs`), so the log is in exactly the order states changed. A job's
//!    ordinal is given out in the same section as its Queued record, so Queued records come
//!    in ordinal order and the view can index jobs by ordinal.
//! 2. **Reports** (`dirty`). Progress, status and data points go into the job itself (progress
//!    into atomics, the rest into `Job::reports`), under no engine-wide lock; then the job
//!    goes on the [`DirtyList`](dirty::DirtyList) unless its `dirty` flag says it is on it
//!    already. A job that reports a million times between two flushes is on the list once.
//! 3. **The doorbell** (`signal`). A producer records its change under a lock the flusher
//!    also takes to collect (the scheduler lock, the dirty list's lock), then calls
//!    [`FlushSignal::wake`](signal::FlushSignal::wake). The flusher clears the hint *before*
//!    it collects, so either its collection sees the change or the producer rings: no change
//!    is ever left unpublished.
//! 4. **The flusher** (`flusher`), at most once per flush interval, takes the event log
//!    *first* and the dirty list *second*: a job reports before it ends, so every point of a
//!    job whose Finished record is taken is on the dirty list taken after it, and no job's
//!    data is ever published after its Finished event (a sink like the history stops
//!    listening to a job once it ended). A dirty job whose Queued record is not published yet
//!    (queued between the two takes, or carried: past
//!    [`BATCH_LIFECYCLE_BUDGET`](crate::BATCH_LIFECYCLE_BUDGET) events are carried, in order,
//!    to the next batches) waits until it is. Each dirty job's `dirty` flag is cleared *before* its reports are read, so a report
//!    made after the read dirties it anew. Each of a job's named series with new points gives
//!    one chunk; points over the budgets (`budget`, per chunk) are min/max-decimated
//!    (`series`), so peaks survive.
//! 5. **The view** (`view`). Under the view's lock the flusher applies exactly the events and
//!    reports it puts in the batch, and numbers the batch, in one critical section. So a
//!    [`Snapshot`](crate::Snapshot) taken under that lock is exactly "batches `1..=seq`
//!    applied", with no gap and no overlap with later batches.
//! 6. **The sink** (`sink`) gets the batch after the view has it and after the view's lock is
//!    released: a subscriber that registers and then takes a snapshot can miss no batch, and
//!    the sink may call back into the engine. A sink that panics loses that batch only.
//!
//! `aggregate` keeps the view's progress of the current batch of work in integers.
//!
//! Lock order where two are held: the view before a job's `reports`. No lock is held while
//! the sink runs.

pub(crate) mod aggregate;
pub(crate) mod budget;
pub(crate) mod dirty;
pub(crate) mod flusher;
pub(crate) mod record;
pub(crate) mod series;
pub(crate) mod signal;
pub(crate) mod sink;
pub(crate) mod view;
