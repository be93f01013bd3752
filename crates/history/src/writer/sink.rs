//! The engine's side of the writer: an [`EventSink`] that hands each batch over.

use std::sync::mpsc::Sender;

use jobdeck_engine::{EventBatch, EventSink};

use super::event::Digest;
use super::Msg;

/// The [`EventSink`] that records everything the engine reports into the history.
///
/// Give it to the engine's builder (with other sinks, a closure calling each). Its
/// `on_batch` runs on the engine's flusher thread and only copies what the history stores
/// (lifecycle events with parameters and results as JSON text, progress, data; not the
/// pool figures) into an unbounded channel: it never waits for the disk or a lock the
/// writer holds. The bench prints what it costs per batch. SQL and the disk are the
/// history's writer thread's.
///
/// Batches that arrive after [`History::close`](crate::History::close) are dropped.
///
/// # Examples
///
/// ```
/// use jobdeck_engine::{Engine, JobSpec};
/// use jobdeck_history::History;
///
/// let dir = std::env::temp_dir().join(format!("jobdeck-history-doc-{}", std::process::id()));
/// let (history, _report) = History::open(&dir)?;
/// let engine = Engine::builder().sink(history.sink()).build().unwrap();
/// let id = engine.submit(JobSpec::new("noop")).unwrap();
/// assert!(engine.wait_idle(std::time::Duration::from_secs(5)));
/// engine.shutdown(std::time::Duration::from_secs(5)).unwrap(); // publishes the last batch
/// history.sync()?; // everything handed over so far is committed
/// assert!(history.job(id)?.is_some());
/// # history.close();
/// # std::fs::remove_dir_all(&dir).ok();
/// # Ok::<(), jobdeck_history::Error>(())
/// ```
#[derive(Clone)]
pub struct HistorySink {
    pub(crate) tx: Sender<Msg>,
}

impl EventSink for HistorySink {
    fn on_batch(&self, batch: &EventBatch) {
        if let Some(digest) = Digest::of(batch) {
            // An error means the history was closed; the engine has nothing to do about it.
            let _ = self.tx.send(Msg::Batch(digest));
        }
    }
}
