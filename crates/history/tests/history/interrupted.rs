use jobdeck_engine::{JobSpec, LifecycleEvent, Priority};
use jobdeck_history::{HistoryState, JobFilter, JobLink};
use serde_json::json;

use crate::util::{job, open, succeeded, Feed, TempDir};

#[test]
fn unfinished_jobs_end_interrupted_and_the_queued_ones_are_offered_back() {
    let dir = TempDir::new("interrupted");
    let (history, report) = open(&dir);
    assert_eq!((report.interrupted, report.queued_at_exit.len()), (0, 0));
    let mut feed = Feed::new(&history);
    let done = job("progress", json!({"steps": 1}), 10);
    let waiting = job("progress", json!({"steps": 2}), 11);
    let mut urgent = job("random-walk", json!({"steps": 5}), 12);
    urgent.priority = Priority::High;
    // Attempt 2 of 4 of a chain with a 0.5 s backoff (the engine's retry, held at exit).
    (urgent.max_attempts, urgent.backoff_s) = (4, 0.5);
    let running = job("progress", json!({"steps": 3}), 13);
    let paused = job("progress", json!({"steps": 4}), 14);
    let (done_id, waiting_id, urgent_id, running_id, paused_id) =
        (done.id, waiting.id, urgent.id, running.id, paused.id);
    feed.send(
        vec![
            LifecycleEvent::Queued { job: done },
            LifecycleEvent::Queued { job: waiting },
            LifecycleEvent::Queued { job: urgent },
            LifecycleEvent::Queued { job: running },
            LifecycleEvent::Queued { job: paused },
            LifecycleEvent::Started { id: done_id, at: 20 },
            LifecycleEvent::Finished { id: done_id, at: 21, outcome: succeeded(json!({"steps": 1})) },
            LifecycleEvent::Started { id: running_id, at: 22 },
            LifecycleEvent::Started { id: paused_id, at: 23 },
            LifecycleEvent::Paused { id: paused_id, at: 24 },
        ],
        Vec::new(),
    );
    history.link(urgent_id, JobLink { attempt: 2, retry_of: Some(done_id) }).unwrap();
    history.sync().unwrap();
    assert_eq!(history.job(running_id).unwrap().unwrap().state, HistoryState::Running);
    // The app dies (a clean close leaves unfinished jobs just the same).
    drop(history);

    let (history, report) = open(&dir);
    assert_eq!(report.interrupted, 4);
    let offered: Vec<_> = report.queued_at_exit.iter().map(|q| q.id).collect();
    assert_eq!(offered, [waiting_id, urgent_id], "queued ones only, oldest first");
    let urgent = &report.queued_at_exit[1];
    assert_eq!((urgent.attempt, urgent.retry_of), (2, Some(done_id)));
    assert_eq!((urgent.max_attempts, urgent.backoff_s), (4, 0.5));
    assert_eq!(
        urgent.spec(),
        JobSpec::new("random-walk")
            .params(json!({"steps": 5}))
            .priority(Priority::High)
            .retries(2)
            .backoff_s(0.5),
        "resumed with the retries its chain had left"
    );

    for (id, from) in [
        (waiting_id, HistoryState::Queued),
        (urgent_id, HistoryState::Queued),
        (running_id, HistoryState::Running),
        (paused_id, HistoryState::Paused),
    ] {
        let j = history.job(id).unwrap().unwrap();
        assert_eq!((j.state, j.interrupted_from, j.outcome), (HistoryState::Interrupted, Some(from), None));
    }
    let done = history.job(done_id).unwrap().unwrap();
    assert_eq!((done.state, done.interrupted_from), (HistoryState::Succeeded, None));
    let interrupted = JobFilter::new().state(HistoryState::Interrupted);
    assert_eq!(history.count(&interrupted).unwrap(), 4);
    history.close();

    // Nothing re-runs by itself: the next start has nothing to offer, the rows stay.
    let (history, report) = open(&dir);
    assert_eq!((report.interrupted, report.queued_at_exit.len()), (0, 0));
    assert_eq!(history.count(&interrupted).unwrap(), 4);
    history.close();
}
