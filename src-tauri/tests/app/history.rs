//! Every job recorded in the data folder's history, and what the window does with it: pages
//! and search, a restart on the same folder, re-run, "Retry all failed", "Resume N queued
//! jobs" (offered once), delete, exports written only to the save path, the banner's notice.

use std::path::Path;
use std::time::Duration;

use jobdeck_history::History;
use jobdeck_lib::{AppHistory, Jobdeck, LOGS_DIR};
use serde_json::{json, Value};

use crate::util::{TempDir, TestApp};

const WAIT: Duration = Duration::from_secs(20);

/// The app on the data folder `dir`, its exports going to `save` (the e2e hook's path).
fn app_in(dir: &Path, save: &Path) -> TestApp {
    let history = AppHistory::open(dir).save_to(save);
    TestApp::with_state(Jobdeck::with_history(dir.join(LOGS_DIR), history).unwrap())
}

fn submit(app: &TestApp, spec: Value, count: u64) -> Vec<String> {
    let ids = app.invoke("submit", json!({ "spec": spec, "count": count })).unwrap();
    ids.as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_owned()).collect()
}

/// Waits until the engine is idle and the history has committed everything it was given.
fn settle(app: &TestApp) {
    app.wait_for_snapshot(WAIT, |s| s.counts.queued + s.counts.running + s.counts.paused == 0);
    // The last batch leaves the engine one flush interval after the jobs end.
    std::thread::sleep(Duration::from_millis(100));
    app.state().history().get().unwrap().sync().unwrap();
}

/// Waits until the batches of what was just submitted are committed (jobs may still run).
fn settle_commit(app: &TestApp) {
    std::thread::sleep(Duration::from_millis(100));
    app.state().history().get().unwrap().sync().unwrap();
}

fn page(app: &TestApp, filter: Value) -> Vec<Value> {
    let page = app.invoke("history_page", json!({ "filter": filter, "limit": 100 })).unwrap();
    page["jobs"].as_array().unwrap().clone()
}

fn ids_of(jobs: &[Value]) -> Vec<String> {
    jobs.iter().map(|j| j["id"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn jobs_are_recorded_paged_newest_first_and_searchable() {
    let dir = TempDir::new("hist-page");
    let app = app_in(&dir.0, &dir.0.join("out"));
    let ok = submit(&app, json!({"kind": "ratio", "params": {"iterations": 5, "step_ms": 0}}), 3);
    let bad = submit(&app, json!({"kind": "ratio", "params": {"iterations": 40, "step_ms": 0}}), 2);
    settle(&app);

    let all = page(&app, json!({}));
    assert_eq!(all.len(), 5);
    let mut newest_first: Vec<String> = ok.iter().chain(&bad).cloned().collect();
    newest_first.reverse();
    assert_eq!(ids_of(&all), newest_first);

    let found = page(&app, json!({"search": "division"}));
    let mut found_ids = ids_of(&found);
    found_ids.sort();
    let mut expected = bad.clone();
    expected.sort();
    assert_eq!(found_ids, expected);
    assert!(found
        .iter()
        .all(|j| j["state"] == "failed" && j["outcome"]["message"].as_str().unwrap().contains("division")));
    assert_eq!(page(&app, json!({"states": ["succeeded"], "kinds": ["ratio"]})).len(), 3);

    // Two at a time: the cursor leads to the rest, nothing twice.
    let first = app.invoke("history_page", json!({"limit": 2})).unwrap();
    let next = first["next"].clone();
    assert!(next.is_string(), "{first}");
    let second = app.invoke("history_page", json!({"limit": 2, "after": next})).unwrap();
    let both: Vec<String> = ids_of(first["jobs"].as_array().unwrap())
        .into_iter()
        .chain(ids_of(second["jobs"].as_array().unwrap()))
        .collect();
    assert_eq!(both, newest_first[..4]);
    assert_eq!(app.invoke("history_kinds", json!({})).unwrap(), json!(["ratio"]));

    let err = app.invoke("history_page", json!({"filter": {"states": ["exploded"]}})).unwrap_err();
    assert_eq!(
        (err["code"].as_str(), err["field"].as_str()),
        (Some("invalid_argument"), Some("filter")),
        "{err}"
    );
    let err = app.invoke("history_page", json!({"limit": 0})).unwrap_err();
    assert_eq!(err["field"], "limit", "{err}");
}

#[test]
fn rerun_makes_linked_jobs_and_rejects_unknown_or_live_ones() {
    let dir = TempDir::new("hist-rerun");
    let app = app_in(&dir.0, &dir.0.join("out"));
    let done = submit(
        &app,
        json!({"kind": "progress", "params": {"steps": 2, "step_ms": 0}, "priority": "high", "retries": 2}),
        1,
    );
    settle(&app);

    let new = app.invoke("rerun", json!({"ids": done})).unwrap();
    let new_id = new[0].as_str().unwrap().to_owned();
    assert_ne!(new_id, done[0]);
    settle(&app);
    let record = page(&app, json!({})).into_iter().find(|j| j["id"] == new_id.as_str()).unwrap();
    assert_eq!(record["state"], "succeeded");
    assert_eq!(record["priority"], "high");
    assert_eq!(record["params"]["steps"], 2);
    // A fresh first attempt with the job's retry settings, linked to it (as the engine re-runs).
    assert_eq!((record["attempt"].clone(), record["retryOf"].clone()), (json!(1), json!(done[0])));
    assert_eq!(record["maxAttempts"], 3);

    let unknown = "67e55044-10b1-426f-9247-bb680e5fe0c8";
    let err = app.invoke("rerun", json!({"ids": [done[0].clone(), unknown]})).unwrap_err();
    assert_eq!(err["code"], "not_found", "{err}");
    let live = submit(&app, json!({"kind": "progress", "params": {"steps": 100000, "step_ms": 10}}), 1);
    app.wait_for_snapshot(WAIT, |s| s.counts.running == 1);
    app.state().history().get().unwrap().sync().unwrap();
    std::thread::sleep(Duration::from_millis(100));
    app.state().history().get().unwrap().sync().unwrap();
    let before = app.state().engine().snapshot().jobs.len();
    let err = app.invoke("rerun", json!({"ids": [done[0].clone(), live[0].clone()]})).unwrap_err();
    assert_eq!(
        (err["code"].as_str(), err["field"].as_str()),
        (Some("invalid_argument"), Some("ids")),
        "{err}"
    );
    assert_eq!(app.state().engine().snapshot().jobs.len(), before, "nothing queued");
    app.invoke("cancel_all", json!({})).unwrap();
}

#[test]
fn retry_all_failed_retries_each_failed_job_once() {
    let dir = TempDir::new("hist-retry");
    let app = app_in(&dir.0, &dir.0.join("out"));
    submit(&app, json!({"kind": "ratio", "params": {"iterations": 3, "step_ms": 0}}), 2);
    let failed = submit(&app, json!({"kind": "ratio", "params": {"iterations": 31, "step_ms": 0}}), 3);
    settle(&app);

    // A job holding the one slot keeps the retries queued while the button is clicked again.
    app.invoke("set_max_concurrent", json!({"limit": 1})).unwrap();
    let blocker = submit(&app, json!({"kind": "progress", "params": {"steps": 100000, "step_ms": 10}}), 1);
    app.wait_for_snapshot(WAIT, |s| s.counts.running == 1);
    let retries = app.invoke("retry_failed", json!({})).unwrap();
    assert_eq!(retries.as_array().unwrap().len(), 3);
    // At once again: the retries are not even recorded yet, and still nothing runs twice.
    assert_eq!(app.invoke("retry_failed", json!({})).unwrap(), json!([]));
    app.invoke("cancel", json!({"id": blocker[0]})).unwrap();
    settle(&app);
    let jobs = page(&app, json!({"states": ["failed"]}));
    assert_eq!(jobs.len(), 6, "the retries fail again (same parameters)");
    let mut retried: Vec<String> =
        jobs.iter().filter_map(|j| j["retryOf"].as_str().map(str::to_owned)).collect();
    retried.sort();
    let mut expected = failed.clone();
    expected.sort();
    assert_eq!(retried, expected);

    // The retries' retries are what a later click runs: each failed job that nothing retried.
    let app2 = app_in(&dir.0.join("other"), &dir.0.join("out"));
    assert_eq!(app2.invoke("retry_failed", json!({})).unwrap(), json!([]), "an empty history has none");
    drop(app2);
    assert_eq!(app.invoke("retry_failed", json!({})).unwrap().as_array().unwrap().len(), 3);
    app.invoke("cancel_all", json!({})).unwrap();
}

#[test]
fn a_restart_finds_every_job_and_offers_the_queued_ones_once() {
    let dir = TempDir::new("hist-restart");
    let out = dir.0.join("out");
    // The first session "dies" with one job paused and three queued: it is never shut down.
    let first = Jobdeck::with_history(dir.0.join(LOGS_DIR), AppHistory::open(&dir.0)).unwrap();
    let engine = first.engine();
    let finished = engine.submit(jobdeck_engine::JobSpec::new("noop")).unwrap();
    engine.set_max_concurrent(1).unwrap();
    let long = jobdeck_engine::JobSpec::new("progress").params(json!({"steps": 1000000, "step_ms": 10}));
    let running = engine.submit(long.clone()).unwrap();
    let queued: Vec<_> = (0..3).map(|_| engine.submit(long.clone()).unwrap()).collect();
    let start = std::time::Instant::now();
    while engine.pause(running).is_err() || engine.snapshot().counts.paused == 0 {
        assert!(start.elapsed() < WAIT, "the job never paused");
        std::thread::sleep(Duration::from_millis(10));
    }
    std::thread::sleep(Duration::from_millis(100));
    first.history().get().unwrap().sync().unwrap();
    // Like a killed process: no shutdown, no close; its threads stay idle (nothing runs).
    std::mem::forget(first);

    let app = app_in(&dir.0, &out);
    let notice = app.invoke("history_notice", json!({})).unwrap();
    assert_eq!(notice["interrupted"], 4, "{notice}");
    assert_eq!(notice["queuedAtExit"], 3, "{notice}");
    assert_eq!(notice["error"], Value::Null);
    assert_eq!(notice["status"]["state"], "ok");
    let jobs = page(&app, json!({}));
    assert_eq!(jobs.len(), 5, "every job once: {jobs:#?}");
    let state_of = |id: &jobdeck_engine::JobId| {
        jobs.iter().find(|j| j["id"] == id.to_string().as_str()).unwrap()["state"].clone()
    };
    assert_eq!(state_of(&finished), "succeeded");
    assert_eq!(state_of(&running), "interrupted");
    assert!(queued.iter().all(|id| state_of(id) == "interrupted"));
    assert!(app.state().engine().snapshot().jobs.is_empty(), "nothing re-runs by itself");

    let resumed = app.invoke("resume_queued", json!({})).unwrap();
    assert_eq!(resumed.as_array().unwrap().len(), 3);
    assert_eq!(app.invoke("resume_queued", json!({})).unwrap(), json!([]), "offered once");
    assert_eq!(app.invoke("history_notice", json!({})).unwrap()["queuedAtExit"], 0);
    app.wait_for_snapshot(WAIT, |s| s.jobs.len() == 3);
    // An interrupted job of the earlier session can be re-run like any finished one.
    let again = app.invoke("rerun", json!({"ids": [running.to_string()]})).unwrap();
    settle_commit(&app);
    let record = page(&app, json!({})).into_iter().find(|j| j["id"] == again[0]).unwrap();
    assert_eq!(
        (record["attempt"].clone(), record["retryOf"].clone()),
        (json!(1), json!(running.to_string()))
    );
    app.invoke("cancel_all", json!({})).unwrap();
}

#[test]
fn delete_removes_a_selection_or_everything_older_never_live_jobs() {
    let dir = TempDir::new("hist-delete");
    let app = app_in(&dir.0, &dir.0.join("out"));
    let ids = submit(&app, json!({"kind": "noop"}), 4);
    settle(&app);
    let n =
        app.invoke("delete_jobs", json!({"selection": {"type": "ids", "ids": [ids[0].clone()]}})).unwrap();
    assert_eq!(n, 1);
    assert_eq!(page(&app, json!({})).len(), 3);
    let live = submit(&app, json!({"kind": "progress", "params": {"steps": 100000, "step_ms": 10}}), 1);
    app.wait_for_snapshot(WAIT, |s| s.counts.running == 1);
    std::thread::sleep(Duration::from_millis(100));
    app.state().history().get().unwrap().sync().unwrap();
    let far_future = 4_000_000_000_000u64;
    assert_eq!(app.invoke("delete_older_than", json!({"before": far_future})).unwrap(), 3);
    assert_eq!(ids_of(&page(&app, json!({}))), live, "the running job stays");
    let err = app.invoke("delete_jobs", json!({"selection": {"type": "everything"}})).unwrap_err();
    assert_eq!(err["field"], "selection", "{err}");
    app.invoke("cancel_all", json!({})).unwrap();
}

#[test]
fn exports_write_only_the_save_path_with_the_jobs_data() {
    let dir = TempDir::new("hist-export");
    let out = dir.0.join("export.out");
    let app = app_in(&dir.0, &out);
    let ids = submit(&app, json!({"kind": "random-walk", "params": {"steps": 20, "step_ms": 0}}), 1);
    submit(&app, json!({"kind": "ratio", "params": {"iterations": 2, "step_ms": 0}}), 1);
    settle(&app);

    let saved = app.invoke("export_series_csv", json!({"id": ids[0]})).unwrap();
    assert_eq!(saved["path"], out.display().to_string());
    let csv = std::fs::read_to_string(&out).unwrap();
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("x,y"), "{csv}");
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 20, "{csv}");
    assert!(rows.iter().all(|r| r.split(',').count() == 2 && r.split(',').all(|c| c.parse::<f64>().is_ok())));

    let saved = app
        .invoke(
            "export_results_json",
            json!({"selection": {"type": "matching", "filter": {"kinds": ["ratio"]}}}),
        )
        .unwrap();
    assert_eq!(saved["jobs"], 1);
    let json: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 1);
    assert_eq!(json[0]["kind"], "ratio");
    assert_eq!(json[0]["outcome"]["type"], "succeeded");

    let png = b"\x89PNG\r\n\x1a\n-not-really-but-signed".to_vec();
    app.invoke_raw("export_plot_png", png.clone()).unwrap();
    assert_eq!(std::fs::read(&out).unwrap(), png);
    let err = app.invoke_raw("export_plot_png", b"GIF89a".to_vec()).unwrap_err();
    assert_eq!(
        (err["code"].as_str(), err["field"].as_str()),
        (Some("invalid_argument"), Some("png")),
        "{err}"
    );
    let err =
        app.invoke("export_series_csv", json!({"id": "67e55044-10b1-426f-9247-bb680e5fe0c8"})).unwrap_err();
    assert_eq!(err["code"], "not_found", "{err}");
    // Nothing else was written beside the picked file and the app's own data.
    let mut names: Vec<String> = std::fs::read_dir(&dir.0)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.retain(|n| !n.starts_with("history.sqlite3"));
    names.sort();
    assert_eq!(names, ["export.out", "logs"]);
}

#[test]
fn a_damaged_history_is_moved_aside_and_the_banner_says_so() {
    let dir = TempDir::new("hist-damaged");
    std::fs::create_dir_all(&dir.0).unwrap();
    std::fs::write(dir.0.join("history.sqlite3"), b"this is not a database, but it is someone's file")
        .unwrap();
    let app = app_in(&dir.0, &dir.0.join("out"));
    let notice = app.invoke("history_notice", json!({})).unwrap();
    let aside = notice["movedAside"]["to"].as_str().expect("moved aside");
    assert!(Path::new(aside).is_file(), "{notice}");
    assert_eq!(std::fs::read(aside).unwrap(), b"this is not a database, but it is someone's file");
    assert_eq!(notice["interrupted"], 0);
    assert_eq!(page(&app, json!({})), Vec::<Value>::new());
}

#[test]
fn without_a_history_jobs_run_and_history_commands_say_why() {
    let app = TestApp::new();
    let err = app.invoke("history_page", json!({})).unwrap_err();
    assert_eq!(err["code"], "history_unavailable", "{err}");
    let notice = app.invoke("history_notice", json!({})).unwrap();
    assert_eq!(notice["path"], Value::Null);
    assert_eq!(notice["error"], Value::Null, "no history was asked for: nothing to tell");
    submit(&app, json!({"kind": "noop"}), 1);
    app.wait_for_snapshot(WAIT, |s| s.counts.succeeded == 1);
}

#[test]
fn a_history_from_a_newer_jobdeck_is_left_untouched_and_jobs_still_run() {
    let dir = TempDir::new("hist-newer");
    AppHistory::open(&dir.0).close();
    let db = dir.0.join(jobdeck_history::DB_FILE_NAME);
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute(
            "INSERT INTO schema_version VALUES (?1, 1800000000000, 'jobdeck-history 9.0.0')",
            [jobdeck_history::SCHEMA_VERSION + 7],
        )
        .unwrap();
    let before = std::fs::read(&db).unwrap();
    let app = app_in(&dir.0, &dir.0.join("out"));
    let notice = app.invoke("history_notice", json!({})).unwrap();
    assert_eq!(notice["error"]["code"], "newer_schema", "{notice}");
    assert!(notice["error"]["message"].as_str().unwrap().contains("newer Jobdeck"), "{notice}");
    assert_eq!(notice["path"], Value::Null);
    let err = app.invoke("history_page", json!({})).unwrap_err();
    assert_eq!(err["code"], "history_unavailable", "{err}");
    submit(&app, json!({"kind": "noop"}), 1);
    app.wait_for_snapshot(WAIT, |s| s.counts.succeeded == 1);
    drop(app);
    assert_eq!(std::fs::read(&db).unwrap(), before, "not one byte changed");
}

#[test]
fn a_full_disk_never_stops_a_job_and_the_banner_learns_of_it() {
    let dir = TempDir::new("hist-full");
    // A 256 KiB cap stands in for a full disk: SQLite fails the same way (SQLITE_FULL).
    let history = AppHistory::open_with(History::builder(&dir.0).max_size_bytes(256 * 1024));
    let app = TestApp::with_state(Jobdeck::with_history(dir.0.join(LOGS_DIR), history).unwrap());
    assert_eq!(app.invoke("history_notice", json!({})).unwrap()["status"]["state"], "ok");
    let padding = "p".repeat(4000);
    let command = format!("echo {padding}");
    let mut done = 0;
    let notice = loop {
        // Jobs with big parameters fill the file; every one of them still runs to its end.
        submit(&app, json!({"kind": "command", "params": {"command": command}}), 10);
        done += 10;
        app.wait_for_snapshot(WAIT, |s| s.counts.succeeded == done);
        std::thread::sleep(Duration::from_millis(100));
        let notice = app.invoke("history_notice", json!({})).unwrap();
        if notice["status"]["state"] == "failing" {
            break notice;
        }
        assert!(done < 1000, "never filled up: {notice}");
    };
    assert_eq!(notice["status"]["error"]["code"], "disk_full", "{notice}");
    assert!(notice["status"]["unsavedJobs"].as_u64().unwrap() > 0, "{notice}");
    // Later jobs still run.
    submit(&app, json!({"kind": "noop"}), 3);
    app.wait_for_snapshot(WAIT, |s| s.counts.succeeded == done + 3);
}
