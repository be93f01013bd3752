//! Where the engine's event batches go.

use std::sync::Arc;

use crate::EventBatch;

/// Receives the engine's coalesced [`EventBatch`]es.
///
/// Called from the engine's flusher thread, one batch at a time, in `seq` order, at most
/// once per flush interval, and never while an engine lock is held (so the sink may call
/// back into the engine, e.g. [`Engine::snapshot`](crate::Engine::snapshot)). A slow sink
/// delays later batches (which then carry more, still bounded) but never a job. A panic in
/// the sink loses that batch only.
///
/// Closures `Fn(&EventBatch)` and `Arc`s of sinks are sinks too.
///
/// # Examples
///
/// ```
/// use std::sync::{Arc, Mutex};
/// use jobdeck_engine::{Engine, EventBatch};
///
/// let seen = Arc::new(Mutex::new(Vec::new()));
/// let log = seen.clone();
/// let engine = Engine::builder()
///     .sink(move |batch: &EventBatch| log.lock().unwrap().push(batch.seq))
///     .build()
///     .unwrap();
/// # drop(engine);
/// ```
pub trait EventSink: Send + Sync + 'static {
    /// Handles one batch.
    fn on_batch(&self, batch: &EventBatch);
}

impl<F> EventSink for F
where
    F: Fn(&EventBatch) + Send + Sync + 'static,
{
    fn on_batch(&self, batch: &EventBatch) {
        self(batch)
    }
}

impl<S: EventSink + ?Sized> EventSink for Arc<S> {
    fn on_batch(&self, batch: &EventBatch) {
        (**self).on_batch(batch)
    }
}
