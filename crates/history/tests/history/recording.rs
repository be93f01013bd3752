use std::time::Duration;

use jobdeck_engine::{Engine, JobSpec, LifecycleEvent, Outcome, SeriesChunk, DEFAULT_SERIES, SERIES_CAP};
use jobdeck_history::{HistoryState, JobFilter, JobLink, LOG_TAIL_CAP};
use serde_json::json;

use crate::util::{job, open, succeeded, Feed, TempDir};

#[test]
fn the_real_engine_s_jobs_are_stored_with_their_outcomes_and_series() {
    let dir = TempDir::new("engine");
    let (history, _) = open(&dir);
    let engine = Engine::builder().max_concurrent(4).sink(history.sink()).build().unwrap();
    let ok = engine.submit(JobSpec::new("progress").params(json!({"steps": 5}))).unwrap();
    let fails = engine.submit(JobSpec::new("ratio").params(json!({"iterations": 35, "step_ms": 0}))).unwrap();
    let walk =
        engine.submit(JobSpec::new("random-walk").params(json!({"steps": 300, "step_ms": 0}))).unwrap();
    let slow =
        engine.submit(JobSpec::new("progress").params(json!({"steps": 100000, "step_ms": 50}))).unwrap();
    std::thread::sleep(Duration::from_millis(100));
    engine.cancel(slow).unwrap();
    assert!(engine.wait_idle(Duration::from_secs(30)));
    let engine_walk = engine.series(walk).unwrap();
    engine.shutdown(Duration::from_secs(10)).unwrap();
    history.sync().unwrap();

    let ok = history.job(ok).unwrap().unwrap();
    assert_eq!(ok.state, HistoryState::Succeeded);
    assert_eq!(ok.outcome, Some(Outcome::Succeeded { result: json!({"steps": 5}) }));
    // Validated, as the engine ran it: the default filled in.
    assert_eq!((ok.params["steps"].as_u64(), ok.params["step_ms"].as_f64()), (Some(5), Some(10.0)));
    assert_eq!((ok.done, ok.total), (5, 5));
    let (s, st, f) = (ok.submitted_at, ok.started_at.unwrap(), ok.finished_at.unwrap());
    assert!(s <= st && st <= f);
    assert_eq!((ok.attempt, ok.retry_of), (1, None));

    let fails = history.job(fails).unwrap().unwrap();
    assert_eq!(fails.state, HistoryState::Failed);
    match fails.outcome {
        Some(Outcome::Failed { message, panicked }) => assert!(message.contains("division") && !panicked),
        other => panic!("{other:?}"),
    }
    assert_eq!(history.job(slow).unwrap().unwrap().outcome, Some(Outcome::Cancelled));

    // The walk's series as the engine stored it (300 points: under every budget).
    let walk_row = history.job(walk).unwrap().unwrap();
    assert!(walk_row.has_series && !ok.has_series);
    let series = history.series(walk).unwrap();
    assert_eq!(series.len(), 1);
    assert_eq!(series[0].name, DEFAULT_SERIES);
    assert_eq!((&series[0].x, &series[0].y), (&engine_walk.x, &engine_walk.y));
    assert!(!series[0].decimated);
    let Some(Outcome::Succeeded { result }) = walk_row.outcome else { panic!() };
    assert_eq!(result["last"].as_f64(), series[0].y.last().copied());

    assert_eq!(history.count(&JobFilter::new()).unwrap(), 4);
    history.close();
}

#[test]
fn a_long_series_stays_bounded_and_keeps_its_peak() {
    let dir = TempDir::new("long-series");
    let (history, _) = open(&dir);
    let mut feed = Feed::new(&history);
    let j = job("random-walk", json!({}), 1);
    let id = j.id;
    feed.send(vec![LifecycleEvent::Queued { job: j }, LifecycleEvent::Started { id, at: 2 }], Vec::new());
    let n = 200_000;
    for start in (0..n).step_by(512) {
        let x: Vec<f64> = (start..(start + 512).min(n)).map(f64::from).collect();
        let y: Vec<f64> = x.iter().map(|&x| if x == 123_456.0 { 1e6 } else { (x * 0.01).sin() }).collect();
        feed.send(
            Vec::new(),
            vec![SeriesChunk { id, series: DEFAULT_SERIES.into(), x, y, decimated: false }],
        );
    }
    // Still running: a checkpoint has been written already (the first write is immediate).
    history.sync().unwrap();
    assert!(!history.series(id).unwrap().is_empty());
    feed.send(vec![LifecycleEvent::Finished { id, at: 3, outcome: succeeded(json!(null)) }], Vec::new());
    history.sync().unwrap();
    let s = &history.series(id).unwrap()[0];
    assert!(s.x.len() <= SERIES_CAP + 2 && s.x.len() > SERIES_CAP / 4, "{}", s.x.len());
    assert!(s.decimated);
    assert!(s.y.contains(&1e6), "the peak survives");
    assert_eq!(s.x.last(), Some(&f64::from(n - 1)), "the end is there");
    assert!(s.x.windows(2).all(|w| w[0] < w[1]));
    history.close();
}

#[test]
fn the_engine_s_retries_and_reruns_are_stored_linked() {
    let dir = TempDir::new("retries");
    let (history, _) = open(&dir);
    let engine = Engine::builder().sink(history.sink()).build().unwrap();
    let spec =
        JobSpec::new("ratio").params(json!({"iterations": 35, "step_ms": 0})).retries(2).backoff_s(0.0);
    let first = engine.submit(spec).unwrap();
    assert!(engine.wait_idle(Duration::from_secs(30)));
    // The chain, newest first: attempt 3 retries 2, which retries 1.
    // (The snapshot is as of the last batch: wait for the one that announced the third.)
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    let last = loop {
        if let Some(j) = engine.snapshot().jobs.iter().find(|j| j.attempt == 3) {
            break j.id;
        }
        assert!(std::time::Instant::now() < deadline, "no third attempt");
        std::thread::sleep(Duration::from_millis(5));
    };
    let rerun = engine.rerun(last).unwrap();
    assert!(engine.wait_idle(Duration::from_secs(30)));
    engine.shutdown(Duration::from_secs(10)).unwrap();
    history.sync().unwrap();

    let mut id = last;
    for attempt in (1..=3).rev() {
        let row = history.job(id).unwrap().unwrap();
        assert_eq!((row.attempt, row.state), (attempt, HistoryState::Failed));
        assert_eq!((row.max_attempts, row.backoff_s), (3, 0.0), "attempt {attempt} of 3");
        match row.retry_of {
            Some(previous) => id = previous,
            None => assert_eq!((attempt, id), (1, first)),
        }
    }
    let row = history.job(rerun).unwrap().unwrap();
    assert_eq!((row.attempt, row.retry_of), (1, Some(last)), "a re-run links to the job it re-runs");
    let spec = row.rerun_spec();
    assert_eq!((spec.kind.as_str(), spec.retries, spec.backoff_s), ("ratio", 2, 0.0));
    assert_eq!(spec.params, json!({"iterations": 35, "step_ms": 0}));
    // The re-run keeps the spec's retries, so it failed three times too.
    assert_eq!(history.count(&JobFilter::new()).unwrap(), 6);
    history.close();
}

#[test]
fn logs_and_links_are_stored_even_when_they_arrive_before_the_job() {
    let dir = TempDir::new("logs");
    let (history, _) = open(&dir);
    let mut feed = Feed::new(&history);
    let first = job("command", json!({"cmd": "make"}), 1);
    let retry = job("command", json!({"cmd": "make"}), 2);
    let (first_id, retry_id) = (first.id, retry.id);
    // The command kind writes output before the engine's next batch announces the job.
    history.set_log_tail(retry_id, "compiling...\n").unwrap();
    history.link(retry_id, JobLink { attempt: 2, retry_of: Some(first_id) }).unwrap();
    history.sync().unwrap();
    feed.finished(vec![(first, jobdeck_engine::Outcome::Cancelled)]);
    feed.send(vec![LifecycleEvent::Queued { job: retry }], Vec::new());
    history.sync().unwrap();
    let row = history.job(retry_id).unwrap().unwrap();
    assert_eq!((row.attempt, row.retry_of, row.has_log), (2, Some(first_id), true));
    assert_eq!(history.log(retry_id).unwrap().tail.as_deref(), Some("compiling...\n"));

    // After the job ends too (the final tail), and a tail past the cap keeps its end.
    let long: String = (0..20_000).map(|i| format!("line {i}\n")).collect();
    feed.send(
        vec![
            LifecycleEvent::Started { id: retry_id, at: 3 },
            LifecycleEvent::Finished { id: retry_id, at: 4, outcome: succeeded(json!({"exitCode": 0})) },
        ],
        Vec::new(),
    );
    history.sync().unwrap();
    history.set_log_tail(retry_id, long.clone()).unwrap();
    history.set_log_path(retry_id, dir.path().join("logs/retry.log")).unwrap();
    history.sync().unwrap();
    let log = history.log(retry_id).unwrap();
    let tail = log.tail.unwrap();
    assert!(tail.len() <= LOG_TAIL_CAP && tail.len() > LOG_TAIL_CAP - 20);
    assert!(long.ends_with(&tail) && tail.starts_with("line "));
    assert_eq!(log.path, Some(dir.path().join("logs/retry.log")));
    assert_eq!(history.job(retry_id).unwrap().unwrap().state, HistoryState::Succeeded);
    assert!(history.log(jobdeck_engine::JobId::new()).is_err());
    history.close();
}

#[test]
fn events_of_jobs_the_history_never_saw_queued_are_ignored() {
    let dir = TempDir::new("unknown");
    let (history, _) = open(&dir);
    let mut feed = Feed::new(&history);
    let stranger = jobdeck_engine::JobId::new();
    feed.send(
        vec![
            LifecycleEvent::Started { id: stranger, at: 1 },
            LifecycleEvent::Finished { id: stranger, at: 2, outcome: succeeded(json!(1)) },
        ],
        vec![SeriesChunk {
            id: stranger,
            series: DEFAULT_SERIES.into(),
            x: vec![1.0],
            y: vec![1.0],
            decimated: false,
        }],
    );
    history.sync().unwrap();
    assert_eq!(history.count(&JobFilter::new()).unwrap(), 0);
    assert!(history.job(stranger).unwrap().is_none());
    history.close();
}

#[test]
fn retried_names_the_jobs_that_some_stored_job_retries() {
    let dir = TempDir::new("retried");
    let (history, _) = open(&dir);
    let engine = Engine::builder().sink(history.sink()).build().unwrap();
    let failing = JobSpec::new("ratio").params(json!({"iterations": 35, "step_ms": 0}));
    let a = engine.submit(failing.clone()).unwrap();
    let b = engine.submit(failing).unwrap();
    assert!(engine.wait_idle(Duration::from_secs(30)));
    let again = engine.rerun(a).unwrap();
    assert!(engine.wait_idle(Duration::from_secs(30)));
    engine.shutdown(Duration::from_secs(10)).unwrap();
    history.sync().unwrap();
    // "Retry all failed" skips `a` (re-run already) and retries `b` and `again`.
    assert_eq!(history.retried(&[a, b, again]).unwrap(), std::collections::HashSet::from([a]));
    assert!(history.retried(&[]).unwrap().is_empty());
    history.close();
}
