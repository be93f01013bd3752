//! Automatic retry: a failed attempt (error or panic, never a cancel) is followed by a new,
//! linked job held for its backoff; every attempt gets exactly one Finished event. The
//! backoff is checked with a manual clock, so nothing here sleeps through a delay.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::util::{
    engine_with, event_name, silence_intentional_panics, wait_for, Collector, FnKind, Gate, LONG, QUIET,
};
use jobdeck_engine::{
    Engine, JobError, JobId, JobInfo, JobSpec, JobState, LifecycleEvent, ManualClock, Outcome, Priority,
};
use serde_json::json;

/// A kind that fails (alternately by error and by panic) until it has run `succeed_on`
/// times; 0: always fails.
fn flaky(name: &str, succeed_on: u32) -> (FnKind, Arc<AtomicU32>) {
    let runs = Arc::new(AtomicU32::new(0));
    let counter = Arc::clone(&runs);
    let kind = FnKind::new(name, move |_, _| {
        let run = counter.fetch_add(1, Ordering::SeqCst) + 1;
        if run == succeed_on {
            Ok(json!({ "run": run }))
        } else if run.is_multiple_of(2) {
            panic!("run {run} panicked {QUIET}")
        } else {
            Err(JobError::msg(format!("run {run} failed")))
        }
    });
    (kind, runs)
}

/// The rows of every job in Queued-event order (what a UI adds to its table).
fn queued_rows(sink: &Collector) -> Vec<JobInfo> {
    sink.lifecycle()
        .into_iter()
        .filter_map(|e| match e {
            LifecycleEvent::Queued { job } => Some(job),
            _ => None,
        })
        .collect()
}

/// Waits until `n` jobs have been queued; returns their rows.
fn wait_rows(sink: &Collector, n: usize) -> Vec<JobInfo> {
    assert!(wait_for(LONG, || queued_rows(sink).len() >= n), "only {} jobs queued", queued_rows(sink).len());
    queued_rows(sink)
}

fn finished_count(sink: &Collector, id: JobId) -> usize {
    sink.events_of(id).iter().filter(|e| matches!(e, LifecycleEvent::Finished { .. })).count()
}

#[test]
fn retries_run_until_exhausted_each_attempt_linked_and_finished_once() {
    silence_intentional_panics();
    let (kind, runs) = flaky("always-fails", 0);
    let (engine, sink) = engine_with(Engine::builder().kind(kind));
    let spec = JobSpec::new("always-fails").params(json!({"n": 7})).priority(Priority::High);
    let first = engine.submit(spec.retries(3).backoff_s(0.0)).unwrap();
    assert!(wait_for(LONG, || runs.load(Ordering::SeqCst) == 4), "4 attempts run");
    assert!(engine.wait_idle(LONG));
    engine.shutdown(LONG).unwrap();
    assert_eq!(runs.load(Ordering::SeqCst), 4, "never a fifth attempt");

    let rows = queued_rows(&sink);
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[0].id, first);
    for (i, row) in rows.iter().enumerate() {
        assert_eq!((row.attempt, row.max_attempts), (i as u32 + 1, 4));
        assert_eq!(row.retry_of, if i == 0 { None } else { Some(rows[i - 1].id) });
        assert_eq!((row.kind.as_str(), row.priority), ("always-fails", Priority::High));
        assert_eq!(row.params, json!({"n": 7}), "the same parameters");
        assert_eq!(row.runnable_at.is_some(), i > 0, "retries are held, first runs are not");
        assert_eq!(finished_count(&sink, row.id), 1, "attempt {}: one Finished", i + 1);
        let outcome = sink.outcome_of(row.id).unwrap();
        assert!(
            matches!(outcome, Outcome::Failed { panicked, .. } if panicked == (i % 2 == 1)),
            "{outcome:?}"
        );
    }
    // The retry is announced before its failed attempt ends: the chain never looks idle.
    let names: Vec<_> = sink.events_of(first).iter().map(event_name).collect();
    assert_eq!(names, ["queued", "started", "finished"]);
    let order: Vec<_> = sink
        .lifecycle()
        .into_iter()
        .filter(|e| match e {
            LifecycleEvent::Queued { job } => job.id == rows[1].id,
            LifecycleEvent::Finished { id, .. } => *id == first,
            _ => false,
        })
        .map(|e| event_name(&e))
        .collect();
    assert_eq!(order, ["queued", "finished"]);
    let snap = engine.snapshot();
    assert_eq!((snap.counts.failed, snap.counts.queued), (4, 0));
    assert_eq!(snap.aggregate.jobs, 4, "one batch of work: the chain never left the engine idle");
}

#[test]
fn a_success_ends_the_chain() {
    silence_intentional_panics();
    let (kind, runs) = flaky("second-time-lucky", 2);
    let (engine, sink) = engine_with(Engine::builder().kind(kind));
    let first = engine.submit(JobSpec::new("second-time-lucky").retries(5).backoff_s(0.0)).unwrap();
    let rows = wait_rows(&sink, 2);
    assert_eq!(sink.wait_outcome(rows[1].id), Outcome::Succeeded { result: json!({"run": 2}) });
    assert!(engine.wait_idle(LONG));
    engine.shutdown(LONG).unwrap();
    assert_eq!(runs.load(Ordering::SeqCst), 2);
    assert_eq!(queued_rows(&sink).len(), 2, "no retry after a success");
    assert!(matches!(sink.outcome_of(first), Some(Outcome::Failed { .. })));
    assert_eq!((rows[1].attempt, rows[1].max_attempts, rows[1].retry_of), (2, 6, Some(first)));
}

#[test]
fn cancelled_attempts_are_never_retried() {
    silence_intentional_panics();
    let gate = Gate::default();
    let g = gate.clone();
    // n = 0: waits (cancellably) and ends Cancelled; n = 1: fails once its cancel is
    // requested (a body that turns a cancel into an error, or a panic).
    let kind = FnKind::new("stubborn", move |ctx, params| {
        let n = params.i64("n")?;
        if n == 0 {
            g.wait(ctx)?;
            return Ok(json!(null));
        }
        while !ctx.is_cancelled() {
            std::thread::sleep(Duration::from_millis(1));
        }
        if n == 1 {
            Err(JobError::msg("stopped half-way"))
        } else {
            panic!("stopped half-way {QUIET}")
        }
    });
    let (engine, sink) = engine_with(Engine::builder().max_concurrent(3).kind(kind));
    let spec = |n: i64| JobSpec::new("stubborn").params(json!({ "n": n })).retries(3).backoff_s(0.0);
    let ids: Vec<_> = (0..3).map(|n| engine.submit(spec(n)).unwrap()).collect();
    let queued_only = engine.submit(spec(0)).unwrap();
    assert!(wait_for(LONG, || engine.snapshot().counts.running == 3));
    for id in ids.iter().chain([&queued_only]) {
        engine.cancel(*id).unwrap();
    }
    assert!(engine.wait_idle(LONG));
    engine.shutdown(LONG).unwrap();
    assert_eq!(sink.outcome_of(ids[0]), Some(Outcome::Cancelled));
    assert!(matches!(sink.outcome_of(ids[1]), Some(Outcome::Failed { panicked: false, .. })));
    assert!(matches!(sink.outcome_of(ids[2]), Some(Outcome::Failed { panicked: true, .. })));
    assert_eq!(sink.outcome_of(queued_only), Some(Outcome::Cancelled));
    assert_eq!(queued_rows(&sink).len(), 4, "no attempt follows a cancel");
    drop(gate);
}

#[test]
fn the_backoff_doubles_within_its_jitter_by_the_manual_clock() {
    silence_intentional_panics();
    let clock = ManualClock::new();
    let (kind, runs) = flaky("backoff", 0);
    let (engine, sink) = engine_with(Engine::builder().manual_clock(Arc::clone(&clock)).kind(kind));
    let first = engine.submit(JobSpec::new("backoff").retries(3).backoff_s(10.0)).unwrap();
    let mut previous = first;
    for failed in 1..=3u32 {
        let rows = wait_rows(&sink, failed as usize + 1);
        let held = rows[failed as usize].clone();
        assert_eq!((held.attempt, held.retry_of, held.state), (failed + 1, Some(previous), JobState::Queued));
        let wait = held.runnable_at.unwrap() - clock.now_ms();
        // 10 s × 2^(failed−1) × [0.5, 1.5)
        let base = 10_000 * (1 << (failed - 1));
        assert!((base / 2..base * 3 / 2).contains(&wait), "attempt {failed}: held {wait} ms, base {base}");
        // Held: not dispatched (a free slot notwithstanding) until the clock gets there.
        assert!(!engine.wait_idle(Duration::from_millis(50)), "a held job keeps the engine busy");
        assert_eq!(runs.load(Ordering::SeqCst), failed, "attempt {} ran early", failed + 1);
        assert_eq!(engine.snapshot().counts.queued, 1);
        clock.advance(Duration::from_millis(wait - 1));
        std::thread::sleep(Duration::from_millis(20));
        assert_eq!(runs.load(Ordering::SeqCst), failed, "1 ms early is still early");
        // Due while a slot is free: it starts at once (the timer wakes a worker).
        clock.advance(Duration::from_millis(1));
        assert!(wait_for(LONG, || runs.load(Ordering::SeqCst) == failed + 1), "due, but never started");
        previous = held.id;
    }
    assert!(engine.wait_idle(LONG));
    engine.shutdown(LONG).unwrap();
    assert_eq!(queued_rows(&sink).len(), 4, "retries 3: four attempts");
}

#[test]
fn a_delay_is_capped_at_one_hour() {
    silence_intentional_panics();
    let clock = ManualClock::new();
    let (kind, _) = flaky("capped", 0);
    let (engine, sink) = engine_with(Engine::builder().manual_clock(Arc::clone(&clock)).kind(kind));
    engine.submit(JobSpec::new("capped").retries(10).backoff_s(3600.0)).unwrap();
    let rows = wait_rows(&sink, 2);
    let first_wait = rows[1].runnable_at.unwrap() - clock.now_ms();
    assert!((1_800_000..=3_600_000).contains(&first_wait), "3600 s × [0.5, 1.5), capped: {first_wait}");
    clock.advance(Duration::from_millis(first_wait));
    let rows = wait_rows(&sink, 3);
    // 3600 s × 2 × [0.5, 1.5) is at least an hour: always capped.
    assert_eq!(rows[2].runnable_at.unwrap() - clock.now_ms(), 3_600_000);
    engine.shutdown(LONG).unwrap();
}

#[test]
fn cancelling_a_held_retry_ends_the_chain() {
    silence_intentional_panics();
    let clock = ManualClock::new();
    let (kind, runs) = flaky("held", 0);
    let (engine, sink) = engine_with(Engine::builder().manual_clock(Arc::clone(&clock)).kind(kind));
    engine.submit(JobSpec::new("held").retries(2).backoff_s(5.0)).unwrap();
    let held = wait_rows(&sink, 2)[1].clone();
    assert_eq!(engine.cancel(held.id).unwrap(), jobdeck_engine::CancelOutcome::Removed);
    assert!(engine.wait_idle(LONG), "nothing left once the held job is cancelled");
    assert_eq!(sink.wait_outcome(held.id), Outcome::Cancelled);
    clock.advance(Duration::from_secs(3600));
    std::thread::sleep(Duration::from_millis(20));
    assert_eq!(runs.load(Ordering::SeqCst), 1);
    assert_eq!(engine.cancel(held.id).unwrap(), jobdeck_engine::CancelOutcome::AlreadyFinished);
    engine.shutdown(LONG).unwrap();
    assert_eq!(queued_rows(&sink).len(), 2);
    assert_eq!(finished_count(&sink, held.id), 1);
}

#[test]
fn shutdown_cancels_held_retries() {
    silence_intentional_panics();
    let clock = ManualClock::new();
    let (kind, _) = flaky("shutdown-held", 0);
    let (engine, sink) = engine_with(Engine::builder().manual_clock(Arc::clone(&clock)).kind(kind));
    for _ in 0..3 {
        engine.submit(JobSpec::new("shutdown-held").retries(1).backoff_s(60.0)).unwrap();
    }
    let rows = wait_rows(&sink, 6);
    let mut held: Vec<_> = rows.iter().filter(|r| r.attempt == 2).map(|r| r.id).collect();
    assert_eq!(held.len(), 3);
    engine.shutdown(LONG).unwrap();
    for id in held.drain(..) {
        assert_eq!(sink.outcome_of(id), Some(Outcome::Cancelled), "the last batch ends held jobs");
        assert_eq!(finished_count(&sink, id), 1);
    }
    assert_eq!(engine.snapshot().counts.queued, 0);
}

#[test]
fn cancel_all_also_cancels_held_retries() {
    silence_intentional_panics();
    let clock = ManualClock::new();
    let (kind, _) = flaky("cancel-all-held", 0);
    let (engine, sink) = engine_with(Engine::builder().manual_clock(Arc::clone(&clock)).kind(kind));
    engine.submit(JobSpec::new("cancel-all-held").retries(1).backoff_s(60.0)).unwrap();
    let held = wait_rows(&sink, 2)[1].id;
    assert_eq!(engine.cancel_all(), 1);
    assert!(engine.wait_idle(LONG));
    assert_eq!(sink.wait_outcome(held), Outcome::Cancelled);
    engine.shutdown(LONG).unwrap();
}

#[test]
fn a_tiny_real_backoff_retries_by_the_system_clock() {
    silence_intentional_panics();
    let (kind, runs) = flaky("real-time", 3);
    let (engine, sink) = engine_with(Engine::builder().max_concurrent(1).kind(kind));
    engine.submit(JobSpec::new("real-time").retries(4).backoff_s(0.005)).unwrap();
    assert!(wait_for(LONG, || runs.load(Ordering::SeqCst) == 3), "the retries ran");
    assert!(engine.wait_idle(LONG));
    let rows = wait_rows(&sink, 3);
    assert_eq!(sink.wait_outcome(rows[2].id), Outcome::Succeeded { result: json!({"run": 3}) });
    assert_eq!(queued_rows(&sink).len(), 3, "no retry after the success");
    // Each retry started no earlier than its runnable_at, after its failed attempt ended.
    let at = |want: &str, id: JobId| {
        sink.events_of(id)
            .into_iter()
            .find_map(|e| match e {
                LifecycleEvent::Started { at, .. } if want == "started" => Some(at),
                LifecycleEvent::Finished { at, .. } if want == "finished" => Some(at),
                _ => None,
            })
            .unwrap()
    };
    for w in rows.windows(2) {
        let (failed_at, started_at) = (at("finished", w[0].id), at("started", w[1].id));
        // The engine's clock reads wall time at start plus monotonic time: allow 2 ms of rounding and skew.
        assert!(w[1].runnable_at.unwrap() <= started_at + 2, "started before its time");
        assert!(started_at >= failed_at, "{started_at} < {failed_at}");
    }
    engine.shutdown(LONG).unwrap();
}

#[test]
fn invalid_retry_settings_are_refused_and_nothing_is_queued() {
    let (engine, sink) = engine_with(Engine::builder());
    let cases = [
        (JobSpec::new("noop").retries(11), "retries"),
        (JobSpec::new("noop").backoff_s(-1.0), "backoffS"),
        (JobSpec::new("noop").backoff_s(3601.0), "backoffS"),
        (JobSpec::new("noop").backoff_s(f64::NAN), "backoffS"),
        (JobSpec::new("noop").backoff_s(f64::INFINITY), "backoffS"),
    ];
    for (spec, field) in cases {
        let err = engine.submit(spec.clone()).unwrap_err();
        assert_eq!((err.code(), err.field()), ("invalid_spec", Some(field)), "{spec:?}");
        let err = engine.submit_many(&spec, 3).unwrap_err();
        assert_eq!(err.code(), "invalid_spec");
        let wire = serde_json::to_value(&err).unwrap();
        assert_eq!(wire["field"], json!(field));
    }
    // The limits themselves are accepted.
    engine.submit(JobSpec::new("noop").retries(10).backoff_s(3600.0)).unwrap();
    assert!(engine.wait_idle(LONG));
    engine.shutdown(LONG).unwrap();
    assert_eq!(queued_rows(&sink).len(), 1, "only the valid spec was queued");
}

/// Heavy: a seeded storm of failing jobs with random retry settings, random cancels (of
/// queued, held and running jobs) and random clock moves. Every job ends exactly once, every
/// chain is whole (a retry follows only a failure with attempts left, at most one per job,
/// numbered and linked), and the batches replay to the final snapshot.
#[test]
fn a_storm_of_failures_cancels_and_clock_moves_keeps_every_chain_whole() {
    use rand::rngs::StdRng;
    use rand::{Rng, SeedableRng};
    use std::collections::{HashMap, HashSet};

    let _alone = crate::util::exclusive();
    silence_intentional_panics();
    let runs = Arc::new(AtomicU32::new(0));
    let counter = Arc::clone(&runs);
    // Two runs in three fail (alternately by error and by panic).
    let kind = FnKind::new("storm", move |ctx, _| {
        ctx.sleep(Duration::from_micros(100))?;
        match counter.fetch_add(1, Ordering::SeqCst) % 3 {
            0 => Ok(json!("ok")),
            1 => Err(JobError::msg("planned")),
            _ => panic!("planned {QUIET}"),
        }
    });
    let clock = ManualClock::new();
    let (engine, sink) = engine_with(
        Engine::builder().job_threads(6).max_concurrent(3).manual_clock(Arc::clone(&clock)).kind(kind),
    );
    let initial = engine.snapshot();
    let mut rng = StdRng::seed_from_u64(0x5EED_0012);
    let mut submitted = Vec::new();
    let mut cancel_requested = HashSet::new();
    let mut known: Vec<JobId> = Vec::new();
    while submitted.len() < 1_500 {
        match rng.random_range(0..100) {
            0..=59 => {
                let spec = JobSpec::new("storm")
                    .retries(rng.random_range(0..=3))
                    .backoff_s([0.0, 0.5, 2.0][rng.random_range(0..3)]);
                submitted.extend(engine.submit_many(&spec, rng.random_range(1..=4)).unwrap());
            }
            60..=79 => {
                // Any job the engine announced, retries included (re-read now and then:
                // reading the sink copies every event so far).
                if known.is_empty() || rng.random_range(0..20) == 0 {
                    known = queued_rows(&sink).into_iter().map(|r| r.id).collect();
                }
                if !known.is_empty() {
                    let id = known[rng.random_range(0..known.len())];
                    if engine.cancel(id).unwrap() == jobdeck_engine::CancelOutcome::Requested {
                        cancel_requested.insert(id);
                    }
                }
            }
            _ => clock.advance(Duration::from_millis(rng.random_range(0..1500))),
        }
        if rng.random_range(0..40) == 0 {
            std::thread::sleep(Duration::from_millis(1));
        }
    }
    // Drain: move the clock past every delay until nothing is left.
    let deadline = std::time::Instant::now() + LONG * 2;
    while !engine.wait_idle(Duration::from_millis(10)) {
        assert!(std::time::Instant::now() < deadline, "did not drain: a held job never released?");
        clock.advance(Duration::from_secs(60));
    }
    let seq = engine.snapshot().seq;
    engine.shutdown(LONG).unwrap();
    assert!(sink.batches().last().is_some_and(|b| b.seq >= seq));

    let rows = queued_rows(&sink);
    let outcomes: HashMap<JobId, Outcome> = sink.outcomes().into_iter().collect();
    assert_eq!(outcomes.len(), rows.len(), "every job, retries included, ended");
    let mut finished: HashMap<JobId, usize> = HashMap::new();
    for e in sink.lifecycle() {
        if let LifecycleEvent::Finished { id, .. } = e {
            *finished.entry(id).or_default() += 1;
        }
    }
    assert!(rows.iter().all(|r| finished.get(&r.id) == Some(&1)), "one Finished per job");
    let by_id: HashMap<JobId, &JobInfo> = rows.iter().map(|r| (r.id, r)).collect();
    let mut retried: HashMap<JobId, JobId> = HashMap::new();
    for row in rows.iter().filter(|r| r.attempt > 1) {
        let prev = by_id[&row.retry_of.expect("a retry is linked")];
        assert_eq!((row.attempt, row.max_attempts), (prev.attempt + 1, prev.max_attempts));
        assert!(row.attempt <= row.max_attempts);
        assert!(matches!(outcomes[&prev.id], Outcome::Failed { .. }), "a retry follows a failure only");
        assert!(!cancel_requested.contains(&prev.id), "an attempt whose cancel was requested is not retried");
        assert!(retried.insert(prev.id, row.id).is_none(), "at most one retry per attempt");
    }
    let mut retries = 0;
    for row in &rows {
        let failed = matches!(outcomes[&row.id], Outcome::Failed { .. });
        if failed && row.attempt < row.max_attempts && !cancel_requested.contains(&row.id) {
            assert!(retried.contains_key(&row.id), "{}: a failure with attempts left is retried", row.id);
            retries += 1;
        }
    }
    assert!(retries > 100, "the storm retried: {retries}");
    let mut replay = initial;
    for b in sink.batches() {
        crate::util::apply(&mut replay, &b);
    }
    assert_eq!(replay, engine.snapshot());
    assert_eq!(engine.snapshot().counts.queued, 0);
}
