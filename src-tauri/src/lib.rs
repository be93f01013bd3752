//! Jobdeck's desktop shell: a thin Tauri layer over [`jobdeck_engine`].
//!
//! - [`COMMANDS`] and [`MAX_COUNT`]: the IPC contract's names and limits, in one file that the
//!   build script, the tests and the UI's generated `contract.ts` all read.
//! - `commands`: the commands the UI invokes; each converts its arguments and delegates.
//! - [`Feed`]: the engine's event sink; keeps the coalesced batches for the webviews to pull
//!   with `next_batches` (why pull, not push: see its docs).
//! - [`Jobdeck`]: the one managed state (engine + feed).
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
mod probe;
#[cfg(target_os = "linux")]
mod software_rendering;

use std::time::Duration;

use jobdeck_engine::Engine;
use tauri::webview::PageLoadEvent;
use tauri::{AppHandle, Manager, RunEvent, Runtime, WindowEvent};

use probe::startup_trace;
use probe::traffic::Traffic;

pub use contract::{COMMANDS, MAX_COUNT};
pub use error::{Error, Result};
pub use feed::Feed;

/// How long closing the window waits for running jobs to reach a checkpoint before the
/// process exits anyway (the issue asks for an exit within a second).
pub const SHUTDOWN_GRACE: Duration = Duration::from_millis(500);

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
}

/// How commands reach the state; a `State` of any other type would fail at runtime.
pub(crate) type AppState<'a> = tauri::State<'a, Jobdeck>;

impl Jobdeck {
    /// An engine with the default configuration whose batches go to a fresh [`Feed`]. With
    /// `JOBDECK_IPC_STATS=<file>` set, the feed's answers are counted into that file (see the
    /// `probe` module).
    ///
    /// # Errors
    ///
    /// Whatever [`jobdeck_engine::EngineBuilder::build`] reports (it cannot fail with the
    /// defaults unless threads cannot be spawned).
    pub fn new() -> Result<Self> {
        let feed = Feed::new(Traffic::from_env());
        let engine = Engine::builder().flush_interval(FLUSH_INTERVAL).sink(feed.clone()).build()?;
        Ok(Jobdeck { engine, feed })
    }

    /// The engine, for tests and embedders.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// The feed, for tests and embedders.
    pub fn feed(&self) -> &Feed {
        &self.feed
    }

    /// Cancels every job and waits up to [`SHUTDOWN_GRACE`] for them to end.
    pub fn shutdown(&self) {
        if let Err(e) = self.engine.shutdown(SHUTDOWN_GRACE) {
            eprintln!("jobdeck: {e}");
        }
    }
}

/// Adds Jobdeck's plugin, state, commands and window handling to `builder`.
pub fn builder<R: Runtime>(builder: tauri::Builder<R>, state: Jobdeck) -> tauri::Builder<R> {
    builder
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
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
        ])
        .on_window_event(|window, event| {
            // Stop the work at once, before the window is even gone; `run` then waits for
            // the jobs to end while the event loop exits.
            if let WindowEvent::CloseRequested { .. } = event {
                window.state::<Jobdeck>().engine.cancel_all();
            }
        })
}

/// Starts the app and blocks until its window closes; then every job is cancelled and the
/// process exits.
pub fn run() {
    #[cfg(target_os = "linux")]
    software_rendering::avoid_gl_emulation();
    startup_trace::begin();
    let state = match Jobdeck::new() {
        Ok(state) => state,
        Err(e) => {
            eprintln!("jobdeck: could not start the job engine: {e}");
            std::process::exit(1);
        }
    };
    startup_trace::stage("engine built");
    let app = builder(tauri::Builder::default(), state)
        .on_page_load(|_, payload| match payload.event() {
            PageLoadEvent::Started => startup_trace::stage("page load started"),
            PageLoadEvent::Finished => startup_trace::stage("page loaded"),
        })
        .build(tauri::generate_context!())
        .expect("error while building Jobdeck");
    startup_trace::stage("app built");
    app.run(|app, event| {
        if let RunEvent::Ready = event {
            startup_trace::stage("event loop ready");
        }
        on_run_event(app, event);
    });
}

/// The app's event-loop handler: when the loop exits (the window was closed), every job is
/// cancelled and the engine gets [`SHUTDOWN_GRACE`] to let go before the process ends.
pub fn on_run_event<R: Runtime>(app: &AppHandle<R>, event: RunEvent) {
    if let RunEvent::Exit = event {
        app.state::<Jobdeck>().shutdown();
    }
}
