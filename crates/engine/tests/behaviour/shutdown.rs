//! Behaviour 12: shutdown (and Drop) cancels everything and joins the engine's threads
//! within its timeout; nothing hangs past it.

use std::time::{Duration, Instant};

use crate::util::{wait_for, Collector, FnKind, LONG};
use jobdeck_engine::{Engine, Error, JobSpec, Outcome};
use serde_json::json;

// Every test here takes `util::exclusive`: they assert time bounds, and one of them counts
// the process's threads, which the heavy tests would flood.

/// Threads of this process; Linux only (other systems have no `/proc`), hence the test's `cfg`.
#[cfg(target_os = "linux")]
fn thread_count() -> Option<usize> {
    std::fs::read_dir("/proc/self/task").ok().map(|d| d.count())
}

#[test]
fn shutdown_cancels_everything_and_joins_in_time() {
    let _alone = crate::util::exclusive();
    let sink = Collector::default();
    let engine = Engine::builder().max_concurrent(4).sink(sink.clone()).build().unwrap();
    let running = engine
        .submit_many(&JobSpec::new("progress").params(json!({"steps": 10, "step_ms": 60_000})), 4)
        .unwrap();
    let queued = engine.submit_many(&JobSpec::new("noop"), 50).unwrap();
    let mc = engine.submit(JobSpec::new("monte-carlo-pi").params(json!({"samples": 1e12 as u64}))).unwrap();
    assert!(wait_for(LONG, || engine.snapshot().counts.running == 4));
    let t = Instant::now();
    engine.shutdown(Duration::from_secs(5)).unwrap();
    assert!(t.elapsed() < Duration::from_secs(1), "shutdown took {:?}", t.elapsed());
    // The last batch went out before the flusher stopped: every job has its outcome.
    for id in running.iter().chain(&queued).chain([&mc]) {
        assert_eq!(sink.outcome_of(*id), Some(Outcome::Cancelled), "{id}");
    }
    assert_eq!(engine.submit(JobSpec::new("noop")).unwrap_err(), Error::ShutDown);
    assert!(engine.shutdown(Duration::from_secs(1)).is_ok(), "a second shutdown does nothing");
    assert_eq!(engine.snapshot().counts.cancelled, 55);
}

#[test]
#[cfg(target_os = "linux")]
fn threads_are_joined_and_nothing_leaks() {
    let _alone = crate::util::exclusive();
    // At most as many threads as before: a job thread of another test may still be ending.
    let Some(before) = thread_count() else { return };
    for _ in 0..3 {
        let engine = Engine::builder().job_threads(16).compute_threads(2).build().unwrap();
        engine
            .submit_many(&JobSpec::new("progress").params(json!({"steps": 1000, "step_ms": 5})), 3)
            .unwrap();
        std::thread::sleep(Duration::from_millis(10));
        let t = Instant::now();
        drop(engine);
        assert!(t.elapsed() < Duration::from_secs(2), "drop took {:?}", t.elapsed());
    }
    assert!(
        wait_for(LONG, || thread_count().is_some_and(|n| n <= before)),
        "threads left: {:?} vs {before}",
        thread_count()
    );
}

#[test]
fn a_job_that_ignores_cancel_cannot_hang_shutdown() {
    let _alone = crate::util::exclusive();
    let stubborn = FnKind::new("stubborn", |_, _| {
        std::thread::sleep(Duration::from_millis(1500)); // never checks
        Ok(json!(null))
    });
    let engine = Engine::builder().kind(stubborn).build().unwrap();
    engine.submit(JobSpec::new("stubborn")).unwrap();
    assert!(wait_for(LONG, || engine.snapshot().counts.running == 1));
    let t = Instant::now();
    let err = engine.shutdown(Duration::from_millis(200)).unwrap_err();
    let took = t.elapsed();
    assert!(took < Duration::from_millis(700), "waited {took:?} for a 200 ms timeout");
    match err {
        Error::ShutdownTimeout { still_running, .. } => assert_eq!(still_running, 1),
        other => panic!("{other:?}"),
    }
}
