//! The handle the app holds: open, feed, query, delete, export, close.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

use jobdeck_engine::JobId;
use rusqlite::Connection;

use crate::builder::HistoryBuilder;
use crate::retention::{self, RETENTION_KEY, TERMINAL_STATES_SQL};
use crate::writer::{HistorySink, Msg, StatusCell, Writer};
use crate::{
    db, export, query, settings, Cursor, Error, HistoryStatus, JobFilter, JobLink, JobLog, JobRecord,
    OpenReport, Page, Result, Retention, Selection, StoredSeries, DB_FILE_NAME,
};

/// The job history of one data folder. See the [crate docs](crate) for the design.
///
/// `Send + Sync`: share it (an `Arc`, or Tauri's managed state) between the engine's sink,
/// the window's commands and the shell. Reads run on the caller's thread against their own
/// connection (a query takes milliseconds; call them from a worker or async command, not
/// from the window's main thread); writes go to the writer thread, in order.
pub struct History {
    path: PathBuf,
    busy_timeout: Duration,
    /// The window's queries, one at a time. WAL lets it read while the writer writes.
    reader: Mutex<Connection>,
    tx: Sender<Msg>,
    /// Taken by `close` (joined once).
    writer: Mutex<Option<JoinHandle<()>>>,
    status: Arc<StatusCell>,
    /// The background check: dropping the sender wakes and ends it.
    checker: Mutex<Option<(Sender<()>, JoinHandle<()>)>>,
}

impl History {
    /// Opens the history in `dir` (created if missing) with the default options.
    ///
    /// `dir` is the app's data folder, or `JOBDECK_DATA_DIR` when set (see [`data_dir`](crate::data_dir));
    /// the database is `dir/history.sqlite3` ([`DB_FILE_NAME`]).
    ///
    /// On the way:
    /// - a file that is not a database, is damaged, belongs to another program, or was marked
    ///   damaged by an earlier background check is **moved aside** (renamed, with its WAL,
    ///   to `history.damaged-<UTC time>.sqlite3`) and a fresh one starts; the report's
    ///   [`moved_aside`](OpenReport::moved_aside) says so, for the app to tell the user;
    /// - an older schema is migrated forward;
    /// - jobs left queued, running or paused by the previous session become `interrupted`;
    ///   the queued ones come back in [`queued_at_exit`](OpenReport::queued_at_exit).
    ///
    /// # Errors
    ///
    /// - [`Error::NewerSchema`]: a newer Jobdeck wrote the file; it is left untouched.
    /// - [`Error::Busy`]: another process holds it locked.
    /// - [`Error::Open`]: the folder or file cannot be created or opened (permissions, a
    ///   read-only disk); nothing was moved.
    /// - [`Error::Damaged`]: it is damaged and could not be moved aside.
    pub fn open(dir: impl AsRef<Path>) -> Result<(History, OpenReport)> {
        Self::builder(dir).open()
    }

    /// Options for opening the history in `dir`.
    pub fn builder(dir: impl AsRef<Path>) -> HistoryBuilder {
        HistoryBuilder::new(dir.as_ref().to_owned())
    }

    pub(crate) fn open_with(b: HistoryBuilder) -> Result<(History, OpenReport)> {
        std::fs::create_dir_all(&b.dir)
            .map_err(|e| Error::Open { path: b.dir.clone(), reason: e.to_string() })?;
        let path = b.dir.join(DB_FILE_NAME);
        let (conn, report) = db::open(&path, b.busy_timeout)?;
        let open_failed = |e: rusqlite::Error| Error::Open { path: path.clone(), reason: e.to_string() };
        if let Some(bytes) = b.max_size_bytes {
            let page: i64 = conn.query_row("PRAGMA page_size", [], |r| r.get(0)).map_err(open_failed)?;
            let pages = (bytes as i64 + page - 1) / page;
            conn.query_row(&format!("PRAGMA max_page_count = {pages}"), [], |r| r.get::<_, i64>(0))
                .map_err(open_failed)?;
        }
        let reader = db::open_rw(&path, b.busy_timeout).map_err(open_failed)?;
        // Reads only: `query_only` makes a stray write an error instead of a second writer.
        reader.execute_batch("PRAGMA query_only = ON").map_err(open_failed)?;
        let status = Arc::new(StatusCell::new(b.on_status));
        let (tx, rx) = mpsc::channel();
        let writer = Writer::new(conn, rx, status.clone());
        let writer = std::thread::Builder::new()
            .name("jobdeck-history-writer".into())
            .spawn(move || writer.run())
            .map_err(|e| Error::Open {
                path: path.clone(),
                reason: format!("could not start the writer: {e}"),
            })?;
        let checker =
            b.check_delay.and_then(|delay| spawn_checker(&path, b.busy_timeout, delay, status.clone()));
        let history = History {
            path,
            busy_timeout: b.busy_timeout,
            reader: Mutex::new(reader),
            tx,
            writer: Mutex::new(Some(writer)),
            status,
            checker: Mutex::new(checker),
        };
        Ok((history, report))
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A sink for the engine's builder: records every job the engine reports.
    pub fn sink(&self) -> HistorySink {
        HistorySink { tx: self.tx.clone() }
    }

    /// Whether saving works; see [`HistoryStatus`].
    pub fn status(&self) -> HistoryStatus {
        self.status.get()
    }

    /// Waits until everything handed to the writer before this call is committed.
    ///
    /// # Errors
    ///
    /// The write error that keeps it from being committed (it stays queued and is retried),
    /// or [`Error::Closed`].
    pub fn sync(&self) -> Result<()> {
        let (reply, rx) = mpsc::channel();
        self.tx.send(Msg::Sync(reply)).map_err(|_| Error::Closed)?;
        rx.recv().map_err(|_| Error::Closed)?
    }

    /// Commits what the writer holds and stops it; later writes fail with
    /// [`Error::Closed`] and batches from its sinks are dropped. Shut the engine down
    /// first, so that its last batch is recorded. Idempotent; dropping the history closes it.
    pub fn close(&self) {
        if let Some((stop, handle)) = lock(&self.checker).take() {
            drop(stop);
            let _ = handle.join();
        }
        if let Some(handle) = lock(&self.writer).take() {
            let _ = self.tx.send(Msg::Stop);
            let _ = handle.join();
        }
    }

    // --- Queries -------------------------------------------------------------------

    /// One page of the jobs `filter` matches, newest first (in the order the engine
    /// announced them, i.e. submission order), starting after `after` (`None`: the first
    /// page); at most `limit` jobs (1 to [`MAX_PAGE_SIZE`](crate::MAX_PAGE_SIZE)).
    ///
    /// **Search** (`filter.search`): every word must match, as the start of a word in the
    /// job's kind, parameters, message, result or id, ignoring case and accents (`divi`
    /// finds "Division by zero"); a word that starts a state's name also matches that state
    /// (`fail` finds failed jobs). Punctuation only separates words.
    ///
    /// # Errors
    ///
    /// [`Error::Read`] if the database cannot be read.
    pub fn page(&self, filter: &JobFilter, after: Option<&Cursor>, limit: usize) -> Result<Page> {
        query::page(&self.read(), filter, after, limit)
    }

    /// How many jobs `filter` matches.
    ///
    /// # Errors
    ///
    /// [`Error::Read`].
    pub fn count(&self, filter: &JobFilter) -> Result<u64> {
        query::count(&self.read(), filter)
    }

    /// One job, or `None` if the history does not have it.
    ///
    /// # Errors
    ///
    /// [`Error::Read`].
    pub fn job(&self, id: JobId) -> Result<Option<JobRecord>> {
        query::job(&self.read(), id)
    }

    /// A job's series, sorted by name (empty if it reported no data).
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] if the history does not have the job; [`Error::Read`].
    pub fn series(&self, id: JobId) -> Result<Vec<StoredSeries>> {
        query::series(&self.read(), id)
    }

    /// A job's log tail and log file.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`]; [`Error::Read`].
    pub fn log(&self, id: JobId) -> Result<JobLog> {
        query::log(&self.read(), id)
    }

    /// Those of `ids` that a stored job retries (its [`retry_of`](JobRecord::retry_of)):
    /// for "Retry all failed", which skips jobs already retried.
    ///
    /// # Errors
    ///
    /// [`Error::Read`].
    pub fn retried(&self, ids: &[JobId]) -> Result<std::collections::HashSet<JobId>> {
        query::retried(&self.read(), ids)
    }

    /// Every job kind in the history, sorted (for the kind filter).
    ///
    /// # Errors
    ///
    /// [`Error::Read`].
    pub fn kinds(&self) -> Result<Vec<String>> {
        query::kinds(&self.read())
    }

    // --- What the engine does not report -------------------------------------------

    /// Stores the tail of a job's output (its last [`LOG_TAIL_CAP`](crate::LOG_TAIL_CAP)
    /// bytes are kept, from a line start), replacing the previous tail. For command jobs;
    /// may be called before the engine has reported the job. Returns at once.
    ///
    /// # Errors
    ///
    /// [`Error::Closed`].
    pub fn set_log_tail(&self, id: JobId, tail: impl Into<String>) -> Result<()> {
        self.send(Msg::Log { id, tail: Some(tail.into()), path: None })
    }

    /// Stores the file holding a job's whole output. Returns at once.
    ///
    /// # Errors
    ///
    /// [`Error::Closed`].
    pub fn set_log_path(&self, id: JobId, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref().to_string_lossy().into_owned();
        self.send(Msg::Log { id, tail: None, path: Some(path) })
    }

    /// Records a job's attempt number and the job it retries, over what the engine announced
    /// (see [`JobLink`]). Returns at once.
    ///
    /// # Errors
    ///
    /// [`Error::Closed`].
    pub fn link(&self, id: JobId, link: JobLink) -> Result<()> {
        self.send(Msg::Link { id, link })
    }

    // --- Deleting ------------------------------------------------------------------

    /// Deletes the selected jobs (with their series and logs) and returns how many went.
    /// Jobs still queued, running or paused are never deleted. Applies after every batch
    /// handed over before it.
    ///
    /// # Errors
    ///
    /// [`Error::DiskFull`] or [`Error::Write`] (nothing deleted); [`Error::Closed`].
    pub fn delete(&self, selection: &Selection) -> Result<u64> {
        let w = selection.to_where();
        self.run(move |conn| {
            let sql = format!("DELETE FROM jobs WHERE ({}) AND state IN {TERMINAL_STATES_SQL}", w.clause());
            conn.execute(&sql, rusqlite::params_from_iter(w.params)).map(|n| n as u64).map_err(Error::write)
        })
    }

    /// Deletes every finished job submitted before `before` (ms since the Unix epoch).
    ///
    /// # Errors
    ///
    /// As [`delete`](Self::delete).
    pub fn delete_older_than(&self, before: u64) -> Result<u64> {
        let filter = JobFilter { submitted_before: Some(before), ..JobFilter::default() };
        self.delete(&Selection::Matching { filter })
    }

    /// The retention in force ([`DEFAULT_RETENTION`](crate::DEFAULT_RETENTION) until set).
    ///
    /// # Errors
    ///
    /// [`Error::Read`].
    pub fn retention(&self) -> Result<Retention> {
        Ok(retention::load(&self.read()))
    }

    /// Stores a new retention and applies it at once; returns how many jobs it deleted.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidSetting`] for limits out of range; write errors.
    pub fn set_retention(&self, rule: Retention) -> Result<u64> {
        rule.check()?;
        self.run(move |conn| {
            let value = serde_json::to_value(rule).expect("retention serializes");
            settings::set(conn, RETENTION_KEY, Some(&value)).map_err(Error::write)?;
            retention::apply(conn, rule, crate::time::now_ms()).map_err(Error::write)
        })
    }

    // --- Settings ------------------------------------------------------------------

    /// The app setting stored under `key`, if any.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidSetting`] for a bad key; [`Error::Read`].
    pub fn setting(&self, key: &str) -> Result<Option<serde_json::Value>> {
        settings::check_key(key)?;
        settings::get(&self.read(), key).map_err(Error::read)
    }

    /// Stores an app setting (any JSON value) under `key`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidSetting`] for a bad key; write errors; [`Error::Closed`].
    pub fn set_setting(&self, key: &str, value: serde_json::Value) -> Result<()> {
        settings::check_key(key)?;
        let key = key.to_owned();
        self.run(move |conn| settings::set(conn, &key, Some(&value)).map_err(Error::write))
    }

    /// Removes an app setting.
    ///
    /// # Errors
    ///
    /// As [`set_setting`](Self::set_setting).
    pub fn remove_setting(&self, key: &str) -> Result<()> {
        settings::check_key(key)?;
        let key = key.to_owned();
        self.run(move |conn| settings::set(conn, &key, None).map_err(Error::write))
    }

    // --- Export --------------------------------------------------------------------

    /// Writes a job's series to `path` as CSV: a column `x`, then one column per series
    /// (the default series first, headed `y`, then the others by name), rows aligned by x with empty cells where a
    /// series has no point. Only `path` is written.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`]; [`Error::Export`] if the file cannot be written.
    pub fn export_series_csv(&self, id: JobId, path: impl AsRef<Path>) -> Result<()> {
        let series = self.series(id)?;
        export::to_file(path.as_ref(), |out| export::write_csv(&series, out))
    }

    /// Writes the selected jobs to `path` as a JSON array of [`JobRecord`]s (id, kind,
    /// parameters, state, times, outcome with result or message, attempt), newest first;
    /// returns how many. Streams from its own read-only connection, so a large export
    /// neither holds all rows in memory nor blocks the window's queries. Only `path` is written.
    ///
    /// # Errors
    ///
    /// [`Error::Export`] if the file cannot be written or the rows read.
    pub fn export_results_json(&self, selection: &Selection, path: impl AsRef<Path>) -> Result<u64> {
        let path = path.as_ref();
        let conn = db::open_ro(&self.path, self.busy_timeout)
            .map_err(|e| Error::Export { path: path.to_owned(), reason: e.to_string() })?;
        export::to_file(path, |out| export::write_json(&conn, selection.to_where(), out))
    }

    // --- Internals -----------------------------------------------------------------

    fn read(&self) -> MutexGuard<'_, Connection> {
        lock(&self.reader)
    }

    fn send(&self, msg: Msg) -> Result<()> {
        self.tx.send(msg).map_err(|_| Error::Closed)
    }

    /// Runs `task` on the writer's connection after everything queued before it, and waits.
    fn run<T: Send + 'static>(
        &self,
        task: impl FnOnce(&mut Connection) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let (reply, rx) = mpsc::channel();
        self.send(Msg::Run(Box::new(move |conn| {
            let _ = reply.send(task(conn));
        })))?;
        rx.recv().map_err(|_| Error::Closed)?
    }
}

impl Drop for History {
    fn drop(&mut self) {
        self.close();
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Starts the background check: after `delay` (unless the history closes first), a full
/// `quick_check`; on damage, the mark for the next open and a `Damaged` status.
fn spawn_checker(
    path: &Path,
    busy_timeout: Duration,
    delay: Duration,
    status: Arc<StatusCell>,
) -> Option<(Sender<()>, JoinHandle<()>)> {
    let (stop, stopped) = mpsc::channel::<()>();
    let path = path.to_owned();
    let handle = std::thread::Builder::new()
        .name("jobdeck-history-check".into())
        .spawn(move || {
            if stopped.recv_timeout(delay) != Err(mpsc::RecvTimeoutError::Timeout) {
                return; // closed before the check was due
            }
            if let Some(reason) = db::verify(&path, busy_timeout) {
                status.damaged(reason);
            }
        })
        .ok()?;
    Some((stop, handle))
}
