use jobdeck_engine::{JobId, LifecycleEvent, SeriesChunk, DEFAULT_SERIES};
use jobdeck_history::{HistoryState, JobFilter, Retention, Selection, DEFAULT_RETENTION};
use serde_json::json;

use crate::util::{assert_intact, failed, job, open, raw, succeeded, Feed, TempDir};

/// `n` finished jobs (every third failed with "division by zero", each with a 3-point
/// series), one per second from `t0`, and one still running; returns (finished, running).
fn populate(feed: &mut Feed, n: u64, t0: u64) -> (Vec<JobId>, JobId) {
    let mut ids = Vec::new();
    for i in 0..n {
        let j = job("ratio", json!({"i": i}), t0 + i * 1000);
        let id = j.id;
        let outcome = if i % 3 == 0 { failed("division by zero") } else { succeeded(json!(i)) };
        feed.send(
            vec![LifecycleEvent::Queued { job: j }, LifecycleEvent::Started { id, at: t0 + i * 1000 }],
            vec![SeriesChunk {
                id,
                series: DEFAULT_SERIES.into(),
                x: vec![0.0, 1.0, 2.0],
                y: vec![1.0, 2.0, 3.0],
                decimated: false,
            }],
        );
        feed.send(vec![LifecycleEvent::Finished { id, at: t0 + i * 1000 + 1, outcome }], Vec::new());
        ids.push(id);
    }
    let running = job("progress", json!({}), t0);
    let running_id = running.id;
    feed.send(
        vec![LifecycleEvent::Queued { job: running }, LifecycleEvent::Started { id: running_id, at: t0 }],
        Vec::new(),
    );
    (ids, running_id)
}

fn series_rows(dir: &TempDir) -> i64 {
    raw(dir).query_row("SELECT count(*) FROM series", [], |r| r.get(0)).unwrap()
}

#[test]
fn delete_one_a_selection_or_a_search_never_a_live_job() {
    let dir = TempDir::new("delete");
    let (history, _) = open(&dir);
    let mut feed = Feed::new(&history);
    let (ids, running) = populate(&mut feed, 30, 1_700_000_000_000);
    history.sync().unwrap();
    assert_eq!(series_rows(&dir), 30);

    let one = Selection::Ids { ids: vec![ids[1]] };
    assert_eq!(history.delete(&one).unwrap(), 1);
    assert!(history.job(ids[1]).unwrap().is_none());
    assert_eq!(history.series(ids[1]).unwrap_err().code(), "not_found");
    assert_eq!(series_rows(&dir), 29, "its series went with it");

    let some = Selection::Ids { ids: vec![ids[2], ids[4], running, JobId::new()] };
    assert_eq!(history.delete(&some).unwrap(), 2, "the running job and the unknown id are skipped");
    assert_eq!(history.job(running).unwrap().unwrap().state, HistoryState::Running);

    let divisions = Selection::Matching { filter: JobFilter::new().search("division") };
    assert_eq!(history.delete(&divisions).unwrap(), 10);
    assert_eq!(history.count(&JobFilter::new().search("division")).unwrap(), 0, "gone from the index too");
    assert_eq!(history.count(&JobFilter::new()).unwrap(), 30 + 1 - 13);
    history.close();
    assert_intact(&dir);
}

#[test]
fn delete_everything_older_than_a_date() {
    let dir = TempDir::new("older");
    let (history, _) = open(&dir);
    let mut feed = Feed::new(&history);
    let t0 = 1_700_000_000_000;
    let (ids, running) = populate(&mut feed, 20, t0);
    history.sync().unwrap();
    // Jobs 0..10 were submitted before t0 + 10 s; the running one too, but it stays.
    assert_eq!(history.delete_older_than(t0 + 10_000).unwrap(), 10);
    assert!(ids[..10].iter().all(|id| history.job(*id).unwrap().is_none()));
    assert!(ids[10..].iter().all(|id| history.job(*id).unwrap().is_some()));
    assert!(history.job(running).unwrap().is_some());
    assert_eq!(series_rows(&dir), 10);
    history.close();
    assert_intact(&dir);
}

#[test]
fn the_retention_keeps_the_newest_and_applies_at_once_at_open_and_as_jobs_come() {
    let dir = TempDir::new("retention");
    let (history, _) = open(&dir);
    assert_eq!(history.retention().unwrap(), DEFAULT_RETENTION);
    assert_eq!(DEFAULT_RETENTION, Retention { max_jobs: Some(100_000), max_age_days: None });
    let mut feed = Feed::new(&history);
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as u64;
    let (ids, running) = populate(&mut feed, 50, now - 100_000);
    history.sync().unwrap();

    let keep = Retention { max_jobs: Some(20), max_age_days: None };
    assert_eq!(history.set_retention(keep).unwrap(), 31, "51 jobs, 20 kept (the running one counts)");
    assert!(ids[31..].iter().all(|id| history.job(*id).unwrap().is_some()), "the newest stay");
    assert!(history.job(running).unwrap().is_some(), "never a live job");
    assert_eq!(history.retention().unwrap(), keep);
    let err = history.set_retention(Retention { max_jobs: Some(0), max_age_days: None }).unwrap_err();
    assert_eq!(err.code(), "invalid_setting");
    history.close();

    // Stored: the next session applies it when it opens (before anything else it writes).
    {
        let conn = raw(&dir);
        conn.execute_batch(
            "INSERT INTO jobs (id, kind, params, priority, state, submitted_at)
             SELECT lower(hex(randomblob(16))), 'noop', '{}', 'normal', 'succeeded', 1 FROM jobs LIMIT 15",
        )
        .unwrap();
    }
    let (history, _) = open(&dir);
    history.sync().unwrap();
    assert_eq!(history.count(&JobFilter::new()).unwrap(), 20);
    assert_eq!(history.retention().unwrap(), keep);

    // By count, the oldest recorded go first: the 15 rows added last stay.
    let from_1970 = JobFilter::new().submitted_between(0, 1_000_000);
    assert_eq!(history.count(&from_1970).unwrap(), 15);
    // By age: everything submitted more than a day ago goes (15 + 5 more from 1970).
    let day = Retention { max_jobs: None, max_age_days: Some(1) };
    populate(&mut Feed::new(&history), 5, 1_000);
    history.sync().unwrap();
    assert_eq!(history.set_retention(day).unwrap(), 20);
    assert_eq!(history.count(&from_1970).unwrap(), 1, "populate's running job: never deleted");
    history.close();
    assert_intact(&dir);
}
