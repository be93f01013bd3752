//! Jobdeck's desktop shell: a thin Tauri layer over [`jobdeck_engine`].
//!
//! - [`COMMANDS`] and [`MAX_COUNT`]: the IPC contract's names and limits, in one file that the
//!   build script, the tests and the UI's generated `contract.ts` all read.
//! - `commands`: the commands the UI invokes; each converts its arguments and delegates.
//! - [`Feed`]: the engine's event sink; keeps the coalesced batches for the webviews to pull
//!   with `next_batches` (why pull, not push: see its docs).
//! - [`Jobdeck`]: the one managed state (engine + feed + where the job logs go + the history).
//! - `logs`: the job log files, in `<data dir>/logs`, and opening one with the system's viewer.
//! - `history` ([`AppHistory`]): every job recorded in `<data dir>/history.sqlite3` (the
//!   engine's batches go to the feed and to the history's sink), the banner's notice, re-run,
//!   resume, delete and export through the save dialog.
//! - `probe`: instrumentation for the benchmark (IPC counters, start-up trace), off unless
//!   its environment variable is set.
//!
//! [`builder`] wires everything onto any [`tauri::Builder`], generic over the runtime, so tests
//! drive the real command handlers with `tauri::test::mock_builder()`; [`run`] starts the app.
#![deny(missing_docs)]

mod args;
mod commands;
/// The IPC contract: plain constants, also `include!`d by `build.rs`.
mod contract;
#[cfg(test)]
mod contract_ts;
mod error;
mod feed;
mod history;
mod logs;
mod probe;
#[cfg(target_os = "linux")]
mod software_rendering;

use std::path::PathBuf;
use std::time::Duration;

use jobdeck_engine::{Engine, EventBatch, EventSink, JobState};
use tauri::webview::PageLoadEvent;
use tauri::{AppHandle, Manager, RunEvent, Runtime, WindowEvent};

use probe::startup_trace;
use probe::traffic::Traffic;

pub use contract::{COMMANDS, MAX_COUNT};
pub use error::{Error, Result};
pub use feed::Feed;
pub use history::{AppHistory, HistoryNotice, SAVE_PATH_ENV};
pub use logs::{logs_dir, LOGS_DIR};

/// How long closing the window waits for running jobs to reach a checkpoint before the
/// process exits anyway (the issue asks for an exit within a second).
pub const SHUTDOWN_GRACE: Duration = Duration::from_millis(500);

/// How long closing the window waits when `command` jobs run: the kind's
/// [`KILL_GRACE`](jobdeck_engine::KILL_GRACE) plus a second. Cancelling a command job sends
/// SIGTERM to its process group at once and SIGKILL after that grace; the job ends only when
/// its group is gone. Were the process to exit sooner, a program that ignores SIGTERM would
/// outlive the app (its group is not ours), so the close waits for the SIGKILL, plus a second
/// for the kernel to reap the group. Programs that honour SIGTERM end at once, and so does
/// the close.
#[cfg(unix)]
pub const COMMAND_SHUTDOWN_GRACE: Duration = Duration::from_secs(jobdeck_engine::KILL_GRACE.as_secs() + 1);
/// Elsewhere there is no `command` kind (the engine registers it on Unix only).
#[cfg(not(unix))]
pub const COMMAND_SHUTDOWN_GRACE: Duration = SHUTDOWN_GRACE;

/// The kind whose jobs run other programs (they need [`COMMAND_SHUTDOWN_GRACE`]).
const COMMAND_KIND: &str = "command";

/// How often the engine hands the window a batch. The engine's default is 16 ms (62.5 batches
/// a second); 17 ms keeps sustained streaming under 60 IPC messages a second, one per frame of
/// a 60 Hz display, which is all the window can draw anyway.
pub(crate) const FLUSH_INTERVAL: Duration = Duration::from_millis(17);

/// How long a `next_batches` call waits for a batch before answering `[]` (the page asks
/// again at once): long enough that an idle window makes a request every few seconds only.
pub(crate) const PULL_WAIT: Duration = Duration::from_secs(10);

/// The app's one managed state.
pub struct Jobdeck {
    engine: Engine,
    feed: Feed,
    /// The folder of the job log files; `None`: logs are kept in memory only (the tail).
    logs: Option<PathBuf>,
    /// The job history (or why there is none).
    history: AppHistory,
}

/// How commands reach the state; a `State` of any other type would fail at runtime.
pub(crate) type AppState<'a> = tauri::State<'a, Jobdeck>;

impl Jobdeck {
    /// An engine with the default configuration whose batches go to a fresh [`Feed`], and no
    /// history (nothing recorded; see [`with_history`](Self::with_history)). With
    /// `JOBDECK_IPC_STATS=<file>` set, the feed's answers are counted into that file (see the
    /// `probe` module).
    ///
    /// # Errors
    ///
    /// Whatever [`jobdeck_engine::EngineBuilder::build`] reports (it cannot fail with the
    /// defaults unless threads cannot be spawned).
    pub fn new() -> Result<Self> {
        Self::build(None, AppHistory::none())
    }

    /// The same, with each job's log also written to `<logs>/<job id>.log` (the folder is
    /// created if missing). `run` passes `<data dir>/logs` (see [`logs_dir`]).
    ///
    /// # Errors
    ///
    /// As [`new`](Self::new), and [`jobdeck_engine::Error::InvalidConfig`] when the folder
    /// cannot be created.
    pub fn with_logs(logs: impl Into<PathBuf>) -> Result<Self> {
        Self::build(Some(logs.into()), AppHistory::none())
    }

    /// The app's state: job logs in `logs` and every job recorded in `history` (`run` passes
    /// `<data dir>/logs` and [`AppHistory::open`] on the data folder; if that could not open
    /// it, jobs still run and the window's banner says why).
    ///
    /// # Errors
    ///
    /// As [`with_logs`](Self::with_logs).
    pub fn with_history(logs: impl Into<PathBuf>, history: AppHistory) -> Result<Self> {
        Self::build(Some(logs.into()), history)
    }

    fn build(logs: Option<PathBuf>, history: AppHistory) -> Result<Self> {
        let feed = Feed::new(Traffic::from_env());
        let mut builder = Engine::builder().flush_interval(FLUSH_INTERVAL);
        builder = match history.get() {
            Some(h) => builder.sink(FanOut { history: h.sink(), feed: feed.clone() }),
            None => builder.sink(feed.clone()),
        };
        if let Some(dir) = &logs {
            builder = builder.log_dir(dir.clone());
        }
        Ok(Jobdeck { engine: builder.build()?, feed, logs, history })
    }

    /// The engine, for tests and embedders.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// The feed, for tests and embedders.
    pub fn feed(&self) -> &Feed {
        &self.feed
    }

    /// The history, for tests and embedders.
    pub fn history(&self) -> &AppHistory {
        &self.history
    }

    /// The folder of the job log files, when logs are written to files.
    pub fn logs(&self) -> Option<&std::path::Path> {
        self.logs.as_deref()
    }

    /// How long [`shutdown`](Self::shutdown) waits: [`COMMAND_SHUTDOWN_GRACE`] while a
    /// `command` job is live, else [`SHUTDOWN_GRACE`].
    pub fn shutdown_grace(&self) -> Duration {
        let live_command = self.engine.snapshot().jobs.iter().any(|j| {
            j.kind == COMMAND_KIND
                && matches!(j.state, JobState::Queued | JobState::Running | JobState::Paused)
        });
        if live_command {
            COMMAND_SHUTDOWN_GRACE
        } else {
            SHUTDOWN_GRACE
        }
    }

    /// Cancels every job and waits up to [`shutdown_grace`](Self::shutdown_grace) for them to
    /// end (a command job ends when its whole process group is gone); then the history commits
    /// the engine's last batch and closes.
    pub fn shutdown(&self) {
        if let Err(e) = self.engine.shutdown(self.shutdown_grace()) {
            eprintln!("jobdeck: {e}");
        }
        self.history.close();
    }
}

/// The engine takes one sink: this one hands each batch to the history (which only copies
/// what it stores into its writer's channel) and then to the feed the window pulls.
struct FanOut {
    history: jobdeck_history::HistorySink,
    feed: Feed,
}

impl EventSink for FanOut {
    fn on_batch(&self, batch: &EventBatch) {
        self.history.on_batch(batch);
        self.feed.on_batch(batch);
    }
}

/// Adds Jobdeck's plugin, state, commands and window handling to `builder`.
pub fn builder<R: Runtime>(builder: tauri::Builder<R>, state: Jobdeck) -> tauri::Builder<R> {
    app_builder(builder).manage(state)
}

/// [`builder`] without the state: `run` manages it once the app knows its data folder.
fn app_builder<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(tauri::generate_handler![
            commands::list_kinds,
            commands::submit,
            commands::cancel,
            commands::cancel_all,
            commands::pause,
            commands::resume,
            commands::set_max_concurrent,
            commands::snapshot,
            commands::series,
            commands::clear_finished,
            commands::next_batches,
            commands::job_log,
            commands::open_job_log,
            history::commands::history_page,
            history::commands::history_kinds,
            history::commands::history_notice,
            history::commands::history_series,
            history::commands::rerun,
            history::commands::retry_failed,
            history::commands::resume_queued,
            history::commands::delete_jobs,
            history::commands::delete_older_than,
            history::commands::export_series_csv,
            history::commands::export_results_json,
            history::commands::export_plot_png,
        ])
        .on_window_event(|window, event| {
            // Stop the work at once, before the window is even gone; `run` then waits for
            // the jobs to end while the event loop exits.
            if let WindowEvent::CloseRequested { .. } = event {
                if let Some(state) = window.try_state::<Jobdeck>() {
                    state.engine.cancel_all();
                }
            }
        })
}

/// Starts the app and blocks until its window closes; then every job is cancelled and the
/// process exits.
pub fn run() {
    #[cfg(target_os = "linux")]
    software_rendering::avoid_gl_emulation();
    startup_trace::begin();
    let app = app_builder(tauri::Builder::default())
        .on_page_load(|_, payload| match payload.event() {
            PageLoadEvent::Started => startup_trace::stage("page load started"),
            PageLoadEvent::Finished => startup_trace::stage("page loaded"),
        })
        .build(tauri::generate_context!())
        .expect("error while building Jobdeck");
    startup_trace::stage("app built");
    // The window (and with it the page, which calls the commands) is created only once the
    // event loop runs, so the state is managed here, after the path API can say where the
    // app's data folder is, and before any command can ask for it.
    // The data folder: JOBDECK_DATA_DIR, else the platform's app-data folder.
    let state = match app.path().app_data_dir().map(jobdeck_history::data_dir) {
        Ok(dir) => {
            let mut history = AppHistory::open(&dir);
            if let Some(path) = std::env::var_os(SAVE_PATH_ENV).filter(|p| !p.is_empty()) {
                history = history.save_to(path);
            }
            Jobdeck::with_history(dir.join(LOGS_DIR), history)
        }
        Err(e) => {
            eprintln!("jobdeck: no data folder ({e}); job logs are kept in memory only, no history");
            Jobdeck::new()
        }
    };
    let state = match state {
        Ok(state) => state,
        Err(e) => {
            eprintln!("jobdeck: could not start the job engine: {e}");
            std::process::exit(1);
        }
    };
    app.manage(state);
    startup_trace::stage("engine built");
    app.run(|app, event| {
        if let RunEvent::Ready = event {
            startup_trace::stage("event loop ready");
        }
        on_run_event(app, event);
    });
}

/// The app's event-loop handler: when the loop exits (the window was closed), every job is
/// cancelled and the engine gets [`Jobdeck::shutdown_grace`] to let go before the process ends.
pub fn on_run_event<R: Runtime>(app: &AppHandle<R>, event: RunEvent) {
    if let RunEvent::Exit = event {
        if let Some(state) = app.try_state::<Jobdeck>() {
            state.shutdown();
        }
    }
}
