//! A job's log tail and its file, named series, and where the log files live.

use std::path::PathBuf;
use std::time::Duration;

use jobdeck_lib::{logs_dir, Jobdeck, LOGS_DIR};
use serde_json::{json, Value};

use crate::util::{TempDir, TestApp};

fn one_job(app: &TestApp, spec: Value) -> String {
    let ids = app.invoke("submit", json!({"spec": spec, "count": 1})).unwrap();
    ids[0].as_str().unwrap().to_owned()
}

#[test]
fn the_logs_folder_is_in_the_data_folder() {
    // JOBDECK_DATA_DIR is not set in this test binary (nothing here sets it), so the app's
    // own data folder is used; jobdeck_history::data_dir decides, as for the history.
    if std::env::var_os(jobdeck_history::DATA_DIR_ENV).is_none() {
        assert_eq!(logs_dir(PathBuf::from("/data/app")), PathBuf::from("/data/app").join(LOGS_DIR));
    }
    assert_eq!(LOGS_DIR, "logs");
}

#[test]
fn a_job_that_never_logged_has_an_empty_log_and_no_file() {
    let dir = TempDir::new("no-log");
    let app = TestApp::with_state(Jobdeck::with_logs(&dir.0).unwrap());
    assert!(dir.0.is_dir(), "the logs folder is created at start");
    let id = one_job(&app, json!({"kind": "noop"}));
    app.wait_for_snapshot(Duration::from_secs(10), |s| s.counts.succeeded == 1);
    let chunk = app.invoke("job_log", json!({"id": id, "after": 0})).unwrap();
    assert_eq!(chunk["lines"], json!([]));
    assert_eq!(chunk["next"], 0);
    assert_eq!(chunk["file"], Value::Null);
    let err = app.invoke("open_job_log", json!({ "id": id })).unwrap_err();
    assert_eq!(err["code"], "no_log_file", "{err}");
    assert!(err.get("field").is_none(), "{err}");
}

#[test]
fn log_commands_reject_unknown_jobs_and_bad_arguments() {
    let app = TestApp::new();
    let id = "3f2a0000-0000-4000-8000-000000000000";
    assert_eq!(app.invoke("job_log", json!({"id": id, "after": 0})).unwrap_err()["code"], "not_found");
    assert_eq!(app.invoke("open_job_log", json!({ "id": id })).unwrap_err()["code"], "not_found");
    let err = app.invoke("job_log", json!({"id": id, "after": -2})).unwrap_err();
    assert_eq!((err["code"].as_str(), err["field"].as_str()), (Some("invalid_argument"), Some("after")));
    let err = app.invoke("open_job_log", json!({"id": "../../etc/passwd"})).unwrap_err();
    assert_eq!((err["code"].as_str(), err["field"].as_str()), (Some("invalid_argument"), Some("id")));
}

#[test]
fn series_are_fetched_by_name() {
    let app = TestApp::new();
    let id = one_job(&app, json!({"kind": "random-walk", "params": {"steps": 50, "step_ms": 0}}));
    app.wait_for_snapshot(Duration::from_secs(10), |s| s.counts.succeeded == 1);
    let default = app.invoke("series", json!({ "id": id })).unwrap();
    let named = app.invoke("series", json!({"id": id, "series": "value"})).unwrap();
    assert_eq!(default, named, "the default series is `value`");
    assert_eq!(named["series"], "value");
    assert!(!named["x"].as_array().unwrap().is_empty());
    let err = app.invoke("series", json!({"id": id, "series": "loss"})).unwrap_err();
    assert_eq!(err["code"], "unknown_series", "{err}");
    let err = app.invoke("series", json!({"id": id, "series": 7})).unwrap_err();
    assert_eq!((err["code"].as_str(), err["field"].as_str()), (Some("invalid_argument"), Some("series")));
}

#[cfg(unix)]
#[test]
fn a_command_jobs_output_reaches_its_tail_and_its_file_in_the_logs_folder() {
    let dir = TempDir::new("command-log");
    let app = TestApp::with_state(Jobdeck::with_logs(&dir.0).unwrap());
    let spec = json!({"kind": "command", "params": {"command": "sh -c 'echo out; echo err >&2; echo more'"}});
    let id = one_job(&app, spec);
    app.wait_for_snapshot(Duration::from_secs(20), |s| s.counts.succeeded == 1);

    let chunk = app.invoke("job_log", json!({"id": id, "after": 0})).unwrap();
    let lines: Vec<(&str, &str)> = chunk["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["stream"].as_str().unwrap(), l["text"].as_str().unwrap()))
        .collect();
    // stdout and stderr are read by two threads: their relative order is not fixed.
    assert_eq!(lines.len(), 3, "{lines:?}");
    for line in [("stdout", "out"), ("stderr", "err"), ("stdout", "more")] {
        assert!(lines.contains(&line), "{line:?} in {lines:?}");
    }
    assert_eq!(chunk["next"], 3);
    let later = app.invoke("job_log", json!({"id": id, "after": 3})).unwrap();
    assert_eq!(later["lines"], json!([]), "nothing after the last line");

    // The file is `<logs>/<id>.log`, the path open_job_log computes.
    let file = dir.0.join(format!("{id}.log"));
    assert_eq!(chunk["file"].as_str().map(PathBuf::from), Some(file.clone()));
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("out\n") && text.contains("[stderr] err\n") && text.contains("more\n"), "{text:?}");
}
