//! Shared helpers: the real app (real config and capabilities) on Tauri's mock runtime.

#![allow(dead_code)] // each test file uses a different subset
#![allow(clippy::new_without_default)]

use std::time::{Duration, Instant};

use jobdeck_engine::{EventBatch, Snapshot};
use jobdeck_lib::Jobdeck;
use serde_json::Value;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, Manager, WebviewWindow};

/// A running app and its main window.
pub struct TestApp {
    pub app: App<MockRuntime>,
    pub window: WebviewWindow<MockRuntime>,
}

impl TestApp {
    /// The app exactly as `run()` builds it (same plugins, commands, capabilities and CSP),
    /// with the mock runtime instead of WebKitGTK.
    pub fn new() -> Self {
        let app = jobdeck_lib::builder(mock_builder(), Jobdeck::new().unwrap())
            .build(tauri::generate_context!())
            .expect("the app builds");
        let window = match app.get_webview_window("main") {
            Some(window) => window,
            None => tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap(),
        };
        TestApp { app, window }
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
