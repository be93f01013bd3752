//! Shared helpers: the real app (real config and capabilities) on Tauri's mock runtime, and
//! the turns that keep timed tests from sharing the machine.

use std::sync::{PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::{Duration, Instant};

use jobdeck_engine::{EventBatch, Snapshot};
use jobdeck_lib::Jobdeck;
use serde_json::Value;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, Context, Manager, WebviewWindow};

/// Who may use the machine now. The tests of this binary run side by side, and on a 2-core
/// machine a neighbour's jobs could stretch a wall-clock bound that is otherwise met with room
/// to spare: a timed test holds the write side, every other app the read side.
static TURNS: RwLock<()> = RwLock::new(());

/// A test's hold on [`TURNS`], released when dropped.
pub enum Turn {
    /// Beside any number of other untimed tests.
    Shared { _held: RwLockReadGuard<'static, ()> },
    /// With nothing else running.
    Alone { _held: RwLockWriteGuard<'static, ()> },
}

/// Waits until every other test's app is gone, then keeps new ones from starting until the
/// returned turn is dropped. For tests that assert how long something takes.
pub fn alone() -> Turn {
    Turn::Alone { _held: TURNS.write().unwrap_or_else(PoisonError::into_inner) }
}

fn shared() -> Turn {
    Turn::Shared { _held: TURNS.read().unwrap_or_else(PoisonError::into_inner) }
}

/// The app's config and assets (`tauri.conf.json`, capabilities, CSP), expanded once here.
pub fn context() -> Context<MockRuntime> {
    tauri::generate_context!()
}

/// A running app and its main window.
pub struct TestApp {
    app: App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
    /// Declared last, so it is released after the app is gone.
    _turn: Turn,
}

impl TestApp {
    /// The app exactly as `run()` builds it (same plugins, commands, capabilities and CSP),
    /// with the mock runtime instead of WebKitGTK; it may run beside other untimed tests.
    pub fn new() -> Self {
        Self::with(shared())
    }

    /// The same app, for a test that asserts how long something takes: nothing runs beside it.
    pub fn alone() -> Self {
        Self::with(alone())
    }

    /// The app with this state (e.g. [`Jobdeck::with_logs`]), beside other untimed tests.
    pub fn with_state(state: Jobdeck) -> Self {
        Self::build(state, shared())
    }

    fn with(turn: Turn) -> Self {
        Self::build(Jobdeck::new().unwrap(), turn)
    }

    fn build(state: Jobdeck, turn: Turn) -> Self {
        let app = jobdeck_lib::builder(mock_builder(), state).build(context()).expect("the app builds");
        let window = match app.get_webview_window("main") {
            Some(window) => window,
            None => tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap(),
        };
        TestApp { app, window, _turn: turn }
    }

    /// Invokes `cmd` with `args` from the main window's local page, as `invoke()` would.
    pub fn invoke(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        self.invoke_from("tauri://localhost", cmd, args)
    }

    /// Invokes `cmd` as if the page at `url` had called it.
    pub fn invoke_from(&self, url: &str, cmd: &str, args: Value) -> Result<Value, Value> {
        let request = InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: url.parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        get_ipc_response(&self.window, request).map(|body| body.deserialize().unwrap())
    }

    /// The app's managed state.
    pub fn state(&self) -> tauri::State<'_, Jobdeck> {
        self.app.state::<Jobdeck>()
    }

    /// Polls the `snapshot` command until `done` holds, or panics after `timeout`.
    pub fn wait_for_snapshot(&self, timeout: Duration, done: impl Fn(&Snapshot) -> bool) -> Snapshot {
        let start = Instant::now();
        loop {
            let snapshot: Snapshot =
                serde_json::from_value(self.invoke("snapshot", serde_json::json!({})).unwrap()).unwrap();
            if done(&snapshot) {
                return snapshot;
            }
            assert!(start.elapsed() < timeout, "timed out; last snapshot: {snapshot:#?}");
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// Pulls batches with `next_batches` as the page does, from `after` on, until `done`
    /// holds for all of them; returns them. Panics after `timeout`.
    pub fn pull_until(
        &self,
        after: u64,
        timeout: Duration,
        done: impl Fn(&[EventBatch]) -> bool,
    ) -> Vec<EventBatch> {
        let start = Instant::now();
        let mut batches: Vec<EventBatch> = Vec::new();
        let mut after = after;
        while !done(&batches) {
            assert!(start.elapsed() < timeout, "timed out; batches: {batches:#?}");
            let got: Vec<EventBatch> = serde_json::from_value(
                self.invoke("next_batches", serde_json::json!({ "after": after })).unwrap(),
            )
            .unwrap();
            if let Some(last) = got.last() {
                after = last.seq;
            }
            batches.extend(got);
        }
        batches
    }
}

/// A fresh folder under the system's temp folder, removed when dropped.
pub struct TempDir(pub std::path::PathBuf);

impl TempDir {
    /// `<temp>/jobdeck-app-<name>-<pid>`, emptied first.
    pub fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("jobdeck-app-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl TestApp {
    /// Invokes `cmd` with raw bytes as the body, as `invoke(cmd, uint8Array)` would.
    pub fn invoke_raw(&self, cmd: &str, body: Vec<u8>) -> Result<Value, Value> {
        let request = InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Raw(body),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        get_ipc_response(&self.window, request).map(|body| body.deserialize().unwrap())
    }
}
