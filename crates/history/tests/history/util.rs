//! Helpers: temporary folders, opening a history, and batches as the engine would send them.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use jobdeck_engine::{
    Aggregate, Counts, EventBatch, EventSink, JobId, JobInfo, JobState, LifecycleEvent, Outcome, PoolStatus,
    Priority, SeriesChunk,
};
use jobdeck_history::{History, OpenReport};
use serde_json::Value;

/// A folder under the system's temp folder, removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(label: &str) -> TempDir {
        static N: AtomicU64 = AtomicU64::new(0);
        let nanos =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
        let dir = std::env::temp_dir().join(format!(
            "jobdeck-history-test-{label}-{}-{}-{nanos}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    pub fn db(&self) -> PathBuf {
        self.0.join(jobdeck_history::DB_FILE_NAME)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Opens without the background check (tests that want it ask for it).
pub fn open(dir: &TempDir) -> (History, OpenReport) {
    History::builder(dir.path()).background_check(None).open().unwrap()
}

/// A raw connection to the file, for checks the API does not offer.
pub fn raw(dir: &TempDir) -> rusqlite::Connection {
    rusqlite::Connection::open(dir.db()).unwrap()
}

/// `PRAGMA integrity_check` and the search index's own check both pass.
pub fn assert_intact(dir: &TempDir) {
    let conn = raw(dir);
    let result: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(result, "ok");
    conn.execute("INSERT INTO jobs_search (jobs_search) VALUES ('integrity-check')", []).unwrap();
}

/// A job as the engine announces it in `Queued`.
pub fn job(kind: &str, params: Value, submitted_at: u64) -> JobInfo {
    JobInfo {
        id: JobId::new(),
        ordinal: 0,
        kind: kind.into(),
        params,
        priority: Priority::Normal,
        state: JobState::Queued,
        done: 0,
        total: 0,
        status: None,
        submitted_at,
        started_at: None,
        finished_at: None,
        outcome: None,
        series: Vec::new(),
        log_lines: 0,
        attempt: 1,
        max_attempts: 1,
        retry_of: None,
        backoff_s: jobdeck_engine::DEFAULT_BACKOFF_S,
        runnable_at: None,
    }
}

/// Builds and sends batches through a history's sink, numbering them like the engine.
pub struct Feed {
    sink: jobdeck_history::HistorySink,
    seq: u64,
}

impl Feed {
    pub fn new(history: &History) -> Feed {
        Feed { sink: history.sink(), seq: 0 }
    }

    pub fn send(&mut self, lifecycle: Vec<LifecycleEvent>, data: Vec<SeriesChunk>) {
        self.seq += 1;
        self.sink.on_batch(&EventBatch {
            seq: self.seq,
            lifecycle,
            progress: Vec::new(),
            data,
            pool: PoolStatus {
                max_concurrent: 2,
                default_max_concurrent: 2,
                job_threads: 64,
                compute_threads: 2,
            },
            counts: Counts::default(),
            aggregate: Aggregate::default(),
        });
    }

    /// Queues, starts and finishes each job in one batch; returns their ids.
    pub fn finished(&mut self, jobs: Vec<(JobInfo, Outcome)>) -> Vec<JobId> {
        let ids = jobs.iter().map(|(j, _)| j.id).collect();
        let mut events = Vec::new();
        for (job, outcome) in jobs {
            let (id, at) = (job.id, job.submitted_at);
            events.push(LifecycleEvent::Queued { job });
            events.push(LifecycleEvent::Started { id, at: at + 1 });
            events.push(LifecycleEvent::Finished { id, at: at + 2, outcome });
        }
        self.send(events, Vec::new());
        ids
    }
}

pub fn succeeded(result: Value) -> Outcome {
    Outcome::Succeeded { result }
}

pub fn failed(message: &str) -> Outcome {
    Outcome::Failed { message: message.into(), panicked: false }
}
