use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use jobdeck_history::{History, HistoryStatus, JobFilter, Selection};
use serde_json::json;

use crate::util::{assert_intact, job, succeeded, Feed, TempDir};

#[test]
fn a_full_disk_is_reported_once_and_everything_is_saved_once_there_is_room() {
    let dir = TempDir::new("full");
    let told = Arc::new(Mutex::new(Vec::new()));
    let log = told.clone();
    // A 512 KiB cap stands in for a full disk: SQLite fails the same way (SQLITE_FULL).
    let (history, _) = History::builder(dir.path())
        .background_check(None)
        .max_size_bytes(512 * 1024)
        .on_status(move |s: &HistoryStatus| log.lock().unwrap().push(s.clone()))
        .open()
        .unwrap();
    let mut feed = Feed::new(&history);
    let padding = "p".repeat(4000);
    let filler = |i: u64| (job("filler", json!({"i": i, "padding": padding}), i), succeeded(json!(i)));

    // Fill it up, one committed batch at a time, until a write fails.
    let mut i = 0;
    let err = loop {
        feed.finished((i..i + 10).map(filler).collect());
        i += 10;
        if let Err(e) = history.sync() {
            break e;
        }
        assert!(i < 10_000, "never filled up");
    };
    assert_eq!(err.code(), "disk_full");

    // Jobs keep coming: the sink takes them (nothing blocks), the writer keeps them.
    let later = feed.finished(
        (0..20).map(|n| (job("later", json!({"n": n}), 1_000_000 + n), succeeded(json!(n)))).collect(),
    );
    assert_eq!(history.sync().unwrap_err().code(), "disk_full");
    assert!(matches!(history.status(), HistoryStatus::Failing { unsaved_jobs, .. } if unsaved_jobs >= 20));
    assert_eq!(told.lock().unwrap().len(), 1, "told once, however many retries");
    assert!(
        matches!(&told.lock().unwrap()[0], HistoryStatus::Failing { error, .. } if error.code() == "disk_full")
    );

    // Room is made (the user deletes old jobs): the retry saves everything it held.
    let deleted = history.delete(&Selection::Matching { filter: JobFilter::new().kind("filler") }).unwrap();
    assert!(deleted >= 50, "{deleted}");
    let deadline = Instant::now() + Duration::from_secs(30);
    while history.sync().is_err() {
        assert!(Instant::now() < deadline, "never recovered: {:?}", history.status());
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(history.status(), HistoryStatus::Ok);
    assert_eq!(told.lock().unwrap().last(), Some(&HistoryStatus::Ok));
    assert_eq!(told.lock().unwrap().len(), 2);
    for id in later {
        assert!(history.job(id).unwrap().is_some());
    }
    // The batch that hit the wall was kept and saved too (its 10 fillers came after the delete).
    assert_eq!(history.count(&JobFilter::new().kind("filler")).unwrap(), 10);
    history.close();
    assert_intact(&dir);
}
