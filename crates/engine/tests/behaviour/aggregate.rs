//! Behaviour 11: aggregate progress of the current batch of work never falls when a job
//! ends; it resets when a job arrives at an idle engine; counts follow the jobs.

use std::time::Duration;

use crate::util::{engine_with, wait_for, LONG};
use jobdeck_engine::{Engine, JobSpec};
use serde_json::json;

#[test]
fn aggregate_never_falls_while_jobs_end_and_resets_after_idle() {
    let (engine, sink) = engine_with(Engine::builder().max_concurrent(3));
    // Jobs of very different lengths, so they end at different times, plus one cancelled.
    for steps in [5u64, 40, 15, 80, 25] {
        engine.submit(JobSpec::new("progress").params(json!({"steps": steps, "step_ms": 1}))).unwrap();
    }
    let doomed =
        engine.submit(JobSpec::new("progress").params(json!({"steps": 1000, "step_ms": 1}))).unwrap();
    std::thread::sleep(Duration::from_millis(30));
    engine.cancel(doomed).unwrap();
    assert!(engine.wait_idle(LONG));
    assert!(wait_for(LONG, || sink.outcomes().len() == 6));

    let batches = sink.batches();
    // A batch may be flushed between two submits; only a joining job may lower the figure.
    let figures: Vec<(u64, f64)> = batches.iter().map(|b| (b.aggregate.jobs, b.aggregate.fraction)).collect();
    assert!(
        figures.windows(2).all(|w| w[1].0 > w[0].0 || w[1].1 >= w[0].1),
        "the fraction never falls unless a job joins: {figures:?}"
    );
    assert!(
        figures.iter().filter(|(jobs, _)| *jobs == 6).count() >= 3,
        "most batches see all six: {figures:?}"
    );
    let last = batches.last().unwrap().aggregate;
    assert_eq!((last.jobs, last.completed, last.fraction), (6, 6, 1.0));
    // Counts track the states.
    let c = batches.last().unwrap().counts;
    assert_eq!((c.succeeded, c.cancelled, c.running, c.queued), (5, 1, 0, 0));
    assert!(batches.iter().any(|b| b.counts.running > 0 && b.counts.queued > 0));

    // Idle, then a new job: a new batch of work of one job.
    let seen = batches.len();
    engine.submit(JobSpec::new("progress").params(json!({"steps": 40, "step_ms": 1}))).unwrap();
    assert!(engine.wait_idle(LONG));
    assert!(wait_for(LONG, || sink.batches().last().unwrap().counts.succeeded == 6));
    let later = sink.batches();
    let first_new = later[seen].aggregate;
    assert_eq!((first_new.jobs, first_new.completed), (1, 0));
    assert!(first_new.fraction < 1.0);
    let end = later.last().unwrap().aggregate;
    assert_eq!((end.jobs, end.completed, end.fraction), (1, 1, 1.0));
}

#[test]
fn a_job_joining_a_busy_engine_joins_its_batch() {
    let (engine, sink) = engine_with(Engine::builder().max_concurrent(1));
    engine.submit(JobSpec::new("progress").params(json!({"steps": 30, "step_ms": 1}))).unwrap();
    std::thread::sleep(Duration::from_millis(10));
    engine.submit(JobSpec::new("progress").params(json!({"steps": 30, "step_ms": 1}))).unwrap();
    assert!(engine.wait_idle(LONG));
    assert!(wait_for(LONG, || sink.outcomes().len() == 2));
    let end = sink.batches().last().unwrap().aggregate;
    assert_eq!((end.jobs, end.completed), (2, 2));
}
