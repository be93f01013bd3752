//! Shared helpers: the real app (real config and capabilities) on Tauri's mock runtime.

#![allow(dead_code)] // each test file uses a different subset
#![allow(clippy::new_without_default)]

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use jobdeck_engine::{EventBatch, Snapshot};
use jobdeck_lib::Jobdeck;
use serde_json::Value;
use tauri::ipc::{CallbackFn, InvokeBody, InvokeResponseBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, Manager, WebviewWindow};

/// A running app and its main window, with every channel message recorded.
pub struct TestApp {
    pub app: App<MockRuntime>,
    pub window: WebviewWindow<MockRuntime>,
    batches: Arc<Mutex<Vec<EventBatch>>>,
}

impl TestApp {
    /// The app exactly as `run()` builds it (same plugins, commands, capabilities and CSP),
    /// with the mock runtime instead of WebKitGTK.
    pub fn new() -> Self {
        let batches = Arc::new(Mutex::new(Vec::new()));
        let seen = batches.clone();
        let app = jobdeck_lib::builder(mock_builder(), Jobdeck::new().unwrap())
            .channel_interceptor(move |_webview, _callback, _index, body| {
                if let InvokeResponseBody::Json(json) = body {
                    seen.lock().unwrap().push(serde_json::from_str(json).unwrap());
                }
                true
            })
            .build(tauri::generate_context!())
            .expect("the app builds");
        let window = match app.get_webview_window("main") {
            Some(window) => window,
            None => tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap(),
        };
        TestApp { app, window, batches }
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

    /// Every batch sent through subscribed channels so far.
    pub fn batches(&self) -> Vec<EventBatch> {
        self.batches.lock().unwrap().clone()
    }

    /// Waits until `done` holds for the recorded batches, or panics after `timeout`.
    pub fn wait_for_batches(&self, timeout: Duration, done: impl Fn(&[EventBatch]) -> bool) {
        let start = Instant::now();
        while !done(&self.batches()) {
            assert!(start.elapsed() < timeout, "timed out; batches: {:#?}", self.batches());
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}
