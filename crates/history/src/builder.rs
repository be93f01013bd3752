//! Options for opening the history.

use std::path::PathBuf;
use std::time::Duration;

use crate::writer::OnStatus;
use crate::{History, HistoryStatus, OpenReport, Result};

/// How long a connection waits for a lock before giving up, by default.
pub const DEFAULT_BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// How long after open the full background check starts, by default.
pub const DEFAULT_CHECK_DELAY: Duration = Duration::from_secs(5);

/// Options for [`History`]; start with [`History::builder`].
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use jobdeck_history::{History, HistoryStatus};
///
/// let dir = std::env::temp_dir().join(format!("jobdeck-history-builder-doc-{}", std::process::id()));
/// let (history, report) = History::builder(&dir)
///     .busy_timeout(Duration::from_secs(2))
///     .on_status(|status: &HistoryStatus| eprintln!("history: {status:?}"))
///     .open()?;
/// assert!(report.moved_aside.is_none());
/// # history.close();
/// # std::fs::remove_dir_all(&dir).ok();
/// # Ok::<(), jobdeck_history::Error>(())
/// ```
#[must_use]
pub struct HistoryBuilder {
    pub(crate) dir: PathBuf,
    pub(crate) busy_timeout: Duration,
    pub(crate) on_status: Option<OnStatus>,
    pub(crate) max_size_bytes: Option<u64>,
    pub(crate) check_delay: Option<Duration>,
}

impl HistoryBuilder {
    pub(crate) fn new(dir: PathBuf) -> Self {
        HistoryBuilder {
            dir,
            busy_timeout: DEFAULT_BUSY_TIMEOUT,
            on_status: None,
            max_size_bytes: None,
            check_delay: Some(DEFAULT_CHECK_DELAY),
        }
    }

    /// How long any connection waits for a lock held by another one before failing
    /// ([`DEFAULT_BUSY_TIMEOUT`], 5 s). The history's own connections never wait long for
    /// each other (one writer; readers do not block it in WAL mode); this is for a second
    /// process on the same file.
    pub fn busy_timeout(mut self, timeout: Duration) -> Self {
        self.busy_timeout = timeout;
        self
    }

    /// Called on every change of [`History::status`] (saving fails, saving works again, the
    /// file is found damaged), on the history's own threads: keep it short (e.g. emit an
    /// event to the window). None by default.
    pub fn on_status(mut self, f: impl Fn(&HistoryStatus) + Send + Sync + 'static) -> Self {
        self.on_status = Some(Box::new(f));
        self
    }

    /// Caps the database file at about this many bytes (rounded up to whole pages, and
    /// never below its current size). Past it, writes fail like on a full disk (reported,
    /// retried, no job stopped) until deletions make room. No cap by default.
    pub fn max_size_bytes(mut self, bytes: u64) -> Self {
        self.max_size_bytes = Some(bytes);
        self
    }

    /// When to run the full integrity check (`PRAGMA quick_check`, which reads the whole
    /// file) in the background after open, or `None` not to. [`DEFAULT_CHECK_DELAY`] (5 s)
    /// by default, so that it does not compete with the window's start-up. If it finds
    /// damage, the status becomes [`HistoryStatus::Damaged`] and the next open moves the
    /// file aside.
    pub fn background_check(mut self, after: Option<Duration>) -> Self {
        self.check_delay = after;
        self
    }

    /// Opens the history; see [`History::open`].
    ///
    /// # Errors
    ///
    /// As [`History::open`].
    pub fn open(self) -> Result<(History, OpenReport)> {
        History::open_with(self)
    }
}
