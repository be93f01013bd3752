//! What crosses to a UI: every type here is `serde`-serializable with a fixed camelCase JSON
//! shape, and mirrors one file of `ui/src/generated` (written by the `ts` feature).
//!
//! `spec` (what a caller submits), `id` (a job's identity), `state` (lifecycle states,
//! priority, outcome), `outcome` (what a cancel, pause or resume did), `pool` (the pool's
//! configuration, counts and aggregate), `events` (the batches a sink gets), `log` (a job's log lines) and
//! `snapshot` (the full picture for a late window). The errors that cross are in `crate::error`, the
//! kinds' self-description in `crate::kind::schema`.

pub(crate) mod events;
pub(crate) mod id;
pub(crate) mod log;
pub(crate) mod outcome;
pub(crate) mod pool;
pub(crate) mod snapshot;
pub(crate) mod spec;
pub(crate) mod state;
