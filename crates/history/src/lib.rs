//! Jobdeck's job history: every job the engine runs, in SQLite, surviving restarts and
//! crashes, searchable, exportable.
//!
//! It has no Tauri dependency. The shell opens a [`History`] in the app's data folder (or
//! `JOBDECK_DATA_DIR`, see [`data_dir`]), gives the engine its [`sink`](History::sink), and
//! serves the window's queries from it.
//!
//! # Example
//!
//! ```
//! use std::time::Duration;
//! use jobdeck_engine::{Engine, JobSpec};
//! use jobdeck_history::{History, HistoryState, JobFilter};
//! use serde_json::json;
//!
//! let dir = std::env::temp_dir().join(format!("jobdeck-history-crate-doc-{}", std::process::id()));
//! let (history, report) = History::open(&dir)?;
//! assert_eq!(report.interrupted, 0); // a new history
//!
//! let engine = Engine::builder().sink(history.sink()).build().unwrap();
//! engine.submit(JobSpec::new("ratio").params(json!({"iterations": 35, "step_ms": 0}))).unwrap();
//! engine.submit(JobSpec::new("progress").params(json!({"steps": 3, "step_ms": 0}))).unwrap();
//! assert!(engine.wait_idle(Duration::from_secs(10)));
//! engine.shutdown(Duration::from_secs(10)).unwrap(); // publishes the last batch
//! history.sync()?; // and now it is committed
//!
//! let failed = JobFilter::new().search("division").state(HistoryState::Failed);
//! let page = history.page(&failed, None, 50)?;
//! assert_eq!(page.jobs.len(), 1);
//! assert_eq!(page.jobs[0].kind, "ratio");
//! assert_eq!(history.count(&JobFilter::new())?, 2);
//! # history.close();
//! # std::fs::remove_dir_all(&dir).ok();
//! # Ok::<(), jobdeck_history::Error>(())
//! ```
//!
//! # Design
//!
//! **Storage** (`db/`). One file, `history.sqlite3`, in WAL mode with
//! `synchronous = NORMAL`: a killed process loses no committed transaction, and a power
//! cut at most the last few, never the file (the reasoning is on `db::connection`). A busy
//! timeout (5 s) covers a second process on the file. The schema has a `schema_version`
//! table and forward migrations ([`SCHEMA_VERSION`]); a file from a newer version is
//! refused untouched ([`Error::NewerSchema`]). A file that cannot be read as a Jobdeck
//! history is moved aside, never deleted, and reported in [`OpenReport::moved_aside`].
//! Open checks structure cheaply; the full `quick_check` runs in the background.
//!
//! **Restart and crash.** Open turns every job left `queued`, `running` or `paused` into
//! `interrupted` (a terminal state of its own, [`HistoryState::Interrupted`]) and returns
//! those that were queued ([`OpenReport::queued_at_exit`]) for the app to offer back —
//! nothing is re-run silently.
//!
//! **Writing** (`writer/`). One thread owns the read-write connection. The
//! [`HistorySink`] runs on the engine's flusher thread and only copies the batch into a
//! channel; the writer folds each job's events since its last commit into one change and
//! commits a transaction per group of queued batches. A failed write (a full disk) never
//! stops a job or the writer: the changes stay in memory, the writer retries with a
//! backoff, and [`History::status`] changes once ([`HistoryStatus`]).
//!
//! **Per job**: id, kind, parameters, priority, submitted/started/finished times, state
//! and outcome (result JSON, or message and `panicked`), attempt and the job it retries or
//! re-runs (from the engine's `Queued` event, or [`JobLink`]), its retry settings (`retries +
//! 1` and the backoff, schema version 3), last progress, its series by name (bounded to [`SERIES_CAP`](jobdeck_engine::SERIES_CAP) points each
//! with the engine's min/max decimation, rewritten every
//! [`SERIES_CHECKPOINT_INTERVAL`] while it runs and when it ends), its log tail and log file.
//!
//! **Reading** (`query/`). Pages newest first with a keyset [`Cursor`] (never the whole
//! table in memory), filtered by a [`JobFilter`]: search text through an FTS5 index
//! (kept by triggers), states, kinds, a date range. Reads use their own connection, so they
//! never wait for the writer.
//!
//! **Deleting and retention.** [`History::delete`] a [`Selection`] or everything older
//! than a date; [`Retention`] keeps the newest 100,000 jobs by default
//! ([`DEFAULT_RETENTION`] says why).
//!
//! **Export** (`export/`): a job's series as CSV, a selection as JSON, each written only to
//! the path the caller gives.
//!
//! **Settings**: a small key–value table for the app ([`History::setting`]).
#![deny(missing_docs)]

mod builder;
mod db;
mod error;
mod export;
mod history;
mod paths;
mod query;
mod record;
mod report;
mod retention;
mod settings;
mod time;
mod writer;

pub use builder::{HistoryBuilder, DEFAULT_BUSY_TIMEOUT, DEFAULT_CHECK_DELAY};
pub use db::SCHEMA_VERSION;
pub use error::{Error, Result};
pub use history::History;
pub use paths::{data_dir, DATA_DIR_ENV, DB_FILE_NAME};
pub use query::{Cursor, JobFilter, Page, Selection, MAX_PAGE_SIZE};
pub use record::{HistoryState, JobLink, JobLog, JobRecord, QueuedJob, StoredSeries};
pub use report::{MovedAside, OpenReport};
pub use retention::{Retention, DEFAULT_RETENTION};
pub use writer::{HistorySink, HistoryStatus, SERIES_CHECKPOINT_INTERVAL};

/// The name under which histories written before the engine named its series stored a job's
/// one series: the empty string. Series are now stored under the engine's names
/// ([`jobdeck_engine::DEFAULT_SERIES`] for a job that names none); CSV exports head either
/// of those two `y`, first.
pub const UNNAMED_SERIES: &str = "";

/// Most bytes of a job's log tail kept ([`History::set_log_tail`]): 64 KiB.
pub const LOG_TAIL_CAP: usize = 64 * 1024;
