//! A seeded, reproducible random run of submits, cancels, pauses, resumes and limit changes
//! over thousands of jobs: the invariants hold and nothing deadlocks.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use crate::util::{apply, engine_with, event_id, silence_intentional_panics, wait_for, FnKind, LONG, QUIET};
use jobdeck_engine::{CancelOutcome, Engine, JobId, JobSpec, JobState, Priority};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::json;

const SEED: u64 = 0x5EED_0003;
const JOBS: usize = 3_000;

#[test]
fn random_operations_keep_the_invariants() {
    let _alone = crate::util::exclusive();
    silence_intentional_panics();
    let kind = FnKind::new("rnd", |ctx, params| {
        let n = params.u64("n")?;
        for i in 0..n % 7 {
            ctx.sleep(Duration::from_micros(200))?;
            ctx.progress(i + 1, n % 7);
            ctx.data(i as f64, n as f64);
        }
        match n % 23 {
            0 => panic!("{QUIET}"),
            1 => Err(jobdeck_engine::JobError::msg("planned")),
            _ => Ok(json!(n)),
        }
    });
    let (engine, sink) = engine_with(Engine::builder().job_threads(6).max_concurrent(3).kind(kind));
    let initial = engine.snapshot();
    let mut rng = StdRng::seed_from_u64(SEED);
    let mut ids: Vec<JobId> = Vec::new();
    let mut cancelled_queued = Vec::new();
    let started = Instant::now();
    while ids.len() < JOBS {
        assert!(started.elapsed() < LONG * 2, "took too long: deadlock?");
        match rng.random_range(0..100) {
            0..=59 => {
                let priority = [Priority::Low, Priority::Normal, Priority::High][rng.random_range(0..3)];
                let n: u64 = rng.random_range(0..1000);
                let count = rng.random_range(1..=5);
                let spec = JobSpec::new("rnd").params(json!({"n": n})).priority(priority);
                ids.extend(engine.submit_many(&spec, count).unwrap());
            }
            60..=74 => {
                if let Some(&id) = ids.get(rng.random_range(0..ids.len().max(1))) {
                    if engine.cancel(id).unwrap() == CancelOutcome::Removed {
                        cancelled_queued.push(id);
                    }
                }
            }
            75..=84 => {
                if let Some(&id) = ids.get(rng.random_range(0..ids.len().max(1))) {
                    let _ = engine.pause(id);
                }
            }
            85..=94 => {
                if let Some(&id) = ids.get(rng.random_range(0..ids.len().max(1))) {
                    let _ = engine.resume(id);
                }
            }
            95..=98 => {
                engine.set_max_concurrent(rng.random_range(1..=6)).unwrap();
            }
            _ => {
                let _ = engine.cancel_all();
            }
        }
        if rng.random_range(0..50) == 0 {
            std::thread::sleep(Duration::from_millis(1));
        }
    }
    // Let paused jobs go, then drain.
    let deadline = Instant::now() + LONG;
    while !engine.wait_idle(Duration::from_millis(20)) {
        assert!(Instant::now() < deadline, "did not drain: deadlock?");
        for id in &ids {
            let _ = engine.resume(*id);
        }
    }
    assert!(wait_for(LONG, || engine.snapshot().counts.queued
        + engine.snapshot().counts.running
        + engine.snapshot().counts.paused
        == 0
        && engine.snapshot().jobs.len() == ids.len()
        && engine.snapshot().jobs.iter().all(|j| j.state.is_terminal())));

    let seq = engine.snapshot().seq;
    assert!(wait_for(LONG, || sink.batches().last().map(|b| b.seq) == Some(seq)), "the sink got every batch");

    // Exactly one terminal event per job, lifecycle in a legal order per job.
    let mut per_job: HashMap<JobId, Vec<&'static str>> = HashMap::new();
    for e in sink.lifecycle() {
        if let Some(id) = event_id(&e) {
            per_job.entry(id).or_default().push(crate::util::event_name(&e));
        }
    }
    assert_eq!(per_job.len(), ids.len());
    for (id, names) in &per_job {
        assert_eq!(names.iter().filter(|n| **n == "finished").count(), 1, "{id}: {names:?}");
        assert_eq!(names.first(), Some(&"queued"));
        assert_eq!(names.last(), Some(&"finished"));
        let mut state = "queued";
        for n in &names[1..] {
            let legal = matches!(
                (state, *n),
                ("queued", "started")
                    | ("queued", "finished")
                    | ("started" | "resumed", "paused")
                    | ("started" | "resumed", "finished")
                    | ("paused", "resumed")
                    | ("paused", "finished")
            );
            assert!(legal, "{id}: {state} → {n} in {names:?}");
            state = n;
        }
    }
    for id in &cancelled_queued {
        assert_eq!(per_job[id], ["queued", "finished"], "a job cancelled in the queue never started");
    }

    // The batches, applied to the first snapshot, give the last one.
    let mut replay = initial;
    for b in sink.batches() {
        apply(&mut replay, &b);
    }
    let last = engine.snapshot();
    assert_eq!(replay, last);
    let c = last.counts;
    assert_eq!((c.succeeded + c.failed + c.cancelled) as usize, ids.len());
    assert!(last.jobs.iter().all(|j| j.state != JobState::Queued));
}
