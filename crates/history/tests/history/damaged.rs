use std::time::{Duration, Instant};

use jobdeck_history::{History, HistoryStatus, JobFilter};

use crate::util::{assert_intact, job, open, raw, succeeded, Feed, TempDir};

/// Every file in `dir` whose name contains `.damaged-`.
fn moved_files(dir: &TempDir) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".damaged-"))
        .collect();
    names.sort();
    names
}

/// A history with `n` finished jobs, closed (so everything is in the main file).
fn history_with_jobs(dir: &TempDir, n: usize) {
    let (history, _) = open(dir);
    let mut feed = Feed::new(&history);
    for chunk in 0..n.div_ceil(500) {
        let jobs = (0..500.min(n - chunk * 500))
            .map(|i| {
                let params = serde_json::json!({"i": i, "padding": "x".repeat(200)});
                (
                    job("progress", params, 1_700_000_000_000 + i as u64),
                    succeeded(serde_json::json!({"i": i})),
                )
            })
            .collect();
        feed.finished(jobs);
    }
    history.sync().unwrap();
    history.close();
}

#[test]
fn a_file_that_is_not_a_database_is_moved_aside_and_a_fresh_one_starts() {
    let dir = TempDir::new("garbage");
    let garbage = b"this is not an SQLite file, but somebody's notes\n".repeat(100);
    std::fs::write(dir.db(), &garbage).unwrap();

    let (history, report) = open(&dir);
    let moved = report.moved_aside.expect("reported");
    assert!(moved.reason.contains("not a database"), "{}", moved.reason);
    // Moved, not deleted: same bytes, a timestamped name beside the new file.
    assert_eq!(std::fs::read(&moved.to).unwrap(), garbage);
    let name = moved.to.file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with("history.damaged-20") && name.ends_with("Z.sqlite3"), "{name}");
    assert_eq!(moved.to.parent(), Some(dir.path()));
    // The fresh history works.
    let mut feed = Feed::new(&history);
    feed.finished(vec![(job("noop", serde_json::json!({}), 1), succeeded(serde_json::Value::Null))]);
    history.sync().unwrap();
    assert_eq!(history.count(&JobFilter::new()).unwrap(), 1);
    history.close();
    assert_intact(&dir);

    // The next open finds nothing wrong.
    let (history, report) = open(&dir);
    assert!(report.moved_aside.is_none());
    assert_eq!(moved_files(&dir), [name]);
    history.close();
}

#[test]
fn a_truncated_file_is_moved_aside_with_its_wal() {
    let dir = TempDir::new("truncated");
    history_with_jobs(&dir, 3_000);
    let len = std::fs::metadata(dir.db()).unwrap().len();
    let file = std::fs::OpenOptions::new().write(true).open(dir.db()).unwrap();
    file.set_len(len / 3).unwrap();
    drop(file);
    let cut = std::fs::read(dir.db()).unwrap();
    // A leftover WAL (as a crash leaves one) goes with it, under the matching name.
    std::fs::write(dir.path().join("history.sqlite3-wal"), b"").unwrap();

    let (history, report) = open(&dir);
    let moved = report.moved_aside.expect("reported");
    assert_eq!(std::fs::read(&moved.to).unwrap(), cut);
    let mut wal = moved.to.into_os_string();
    wal.push("-wal");
    assert!(std::path::Path::new(&wal).exists());
    assert_eq!(history.count(&JobFilter::new()).unwrap(), 0);
    history.close();
}

#[test]
fn another_programs_database_is_moved_aside() {
    let dir = TempDir::new("foreign");
    raw(&dir).execute_batch("CREATE TABLE photos (path TEXT); INSERT INTO photos VALUES ('a.jpg');").unwrap();
    let (history, report) = open(&dir);
    let moved = report.moved_aside.expect("reported");
    assert!(moved.reason.contains("not a Jobdeck history"), "{}", moved.reason);
    let photos: String = rusqlite::Connection::open(&moved.to)
        .unwrap()
        .query_row("SELECT path FROM photos", [], |r| r.get(0))
        .unwrap();
    assert_eq!(photos, "a.jpg");
    history.close();
}

#[test]
fn damage_the_quick_open_misses_is_found_in_the_background_and_moved_aside_next_time() {
    let dir = TempDir::new("background");
    history_with_jobs(&dir, 3_000);
    // Overwrite the header of one of the jobs table's leaf pages (not an index page: the
    // check at open reads indexes only).
    let (page, page_size): (i64, i64) = {
        let conn = raw(&dir);
        let page = conn
            .query_row(
                "SELECT pageno FROM dbstat WHERE name = 'jobs' AND pagetype = 'leaf' LIMIT 1 OFFSET 10",
                [],
                |r| r.get(0),
            )
            .unwrap();
        (page, conn.query_row("PRAGMA page_size", [], |r| r.get(0)).unwrap())
    };
    let mut bytes = std::fs::read(dir.db()).unwrap();
    let at = ((page - 1) * page_size) as usize;
    bytes[at..at + 8].copy_from_slice(&[0xEE; 8]);
    std::fs::write(dir.db(), &bytes).unwrap();

    let statuses = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = statuses.clone();
    let (history, report) = History::builder(dir.path())
        .background_check(Some(Duration::ZERO))
        .on_status(move |s: &HistoryStatus| seen.lock().unwrap().push(s.clone()))
        .open()
        .unwrap();
    assert!(report.moved_aside.is_none(), "the quick check at open does not read table pages");
    let deadline = Instant::now() + Duration::from_secs(30);
    while !matches!(history.status(), HistoryStatus::Damaged { .. }) {
        assert!(Instant::now() < deadline, "the background check never reported");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(statuses.lock().unwrap().len(), 1);
    history.close();

    let (history, report) = open(&dir);
    let moved = report.moved_aside.expect("moved at the next open");
    assert!(moved.reason.contains("background check"), "{}", moved.reason);
    assert_eq!(std::fs::read(&moved.to).unwrap(), bytes);
    assert!(!dir.path().join("history.sqlite3.damaged").exists(), "the mark goes once acted on");
    history.close();
    assert_intact(&dir);
}
