//! Waiting without polling: `park` ends on a wake-up, a pause request or a cancel, and
//! `checkpoint_with` runs its hooks around a pause (on_resume also before a cancel ends it).

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::util::{engine_with, event_name, wait_for, FnKind, LONG};
use jobdeck_engine::{Engine, JobId, JobSpec, JobState, JobWaker, Outcome};
use serde_json::json;

fn state(engine: &Engine, id: JobId) -> Option<JobState> {
    engine.snapshot().jobs.into_iter().find(|j| j.id == id).map(|j| j.state)
}

type Trace = Arc<Mutex<Vec<String>>>;

fn note(trace: &Trace, what: &str) {
    trace.lock().unwrap().push(what.to_owned());
}

#[test]
fn a_wake_from_another_thread_ends_a_park() {
    let _alone = crate::util::exclusive(); // timing
    let waker: Arc<Mutex<Option<JobWaker>>> = Arc::default();
    let ended: Arc<Mutex<Option<Instant>>> = Arc::default();
    let (w, e) = (waker.clone(), ended.clone());
    let kind = FnKind::new("parker", move |ctx, _| {
        // A wake-up that comes before the park is kept: this park returns at once.
        ctx.waker().wake();
        let t = Instant::now();
        ctx.park(Duration::from_secs(120))?;
        assert!(t.elapsed() < Duration::from_secs(60), "a kept wake-up ends the next park");
        // The wake bit is no request: a checkpoint goes on.
        ctx.waker().wake();
        ctx.checkpoint()?;
        ctx.park(Duration::from_secs(120))?; // consumes that wake-up
        *w.lock().unwrap() = Some(ctx.waker());
        ctx.park(Duration::from_secs(120))?;
        *e.lock().unwrap() = Some(Instant::now());
        Ok(json!(null))
    });
    let (engine, sink) = engine_with(Engine::builder().kind(kind));
    let id = engine.submit(JobSpec::new("parker")).unwrap();
    assert!(wait_for(LONG, || waker.lock().unwrap().is_some()));
    std::thread::sleep(Duration::from_millis(50)); // let it park
    let waker = waker.lock().unwrap().clone().unwrap();
    assert!(format!("{waker:?}").contains(&id.to_string()));
    let woke = Instant::now();
    std::thread::spawn(move || waker.wake()).join().unwrap();
    assert!(matches!(sink.wait_outcome(id), Outcome::Succeeded { .. }));
    let took = ended.lock().unwrap().unwrap() - woke;
    assert!(
        took < Duration::from_secs(1),
        "the park ended {took:?} after the wake, not at its 120 s timeout"
    );
}

#[test]
fn a_pause_request_ends_a_park_and_the_hooks_run_in_order() {
    let trace: Trace = Arc::default();
    let t = trace.clone();
    let kind = FnKind::new("hooks", move |ctx, _| {
        while !ctx.is_pause_requested() {
            ctx.park(Duration::from_secs(120))?;
        }
        note(&t, "park returned");
        ctx.checkpoint_with(|| note(&t, "on_pause"), || note(&t, "on_resume"))?;
        note(&t, "after");
        // Nothing pending: no hook.
        ctx.checkpoint_with(|| note(&t, "unexpected"), || note(&t, "unexpected"))?;
        Ok(json!(null))
    });
    let (engine, sink) = engine_with(Engine::builder().kind(kind));
    let id = engine.submit(JobSpec::new("hooks")).unwrap();
    assert!(wait_for(LONG, || state(&engine, id) == Some(JobState::Running)));
    engine.pause(id).unwrap();
    assert!(wait_for(LONG, || state(&engine, id) == Some(JobState::Paused)));
    assert_eq!(*trace.lock().unwrap(), ["park returned", "on_pause"], "on_pause ran before Paused");
    engine.resume(id).unwrap();
    assert!(matches!(sink.wait_outcome(id), Outcome::Succeeded { .. }));
    assert_eq!(*trace.lock().unwrap(), ["park returned", "on_pause", "on_resume", "after"]);
    let names: Vec<_> = sink.events_of(id).iter().map(event_name).collect();
    assert_eq!(names, ["queued", "started", "paused", "resumed", "finished"]);
}

#[test]
fn a_cancel_while_paused_calls_on_resume_then_ends_the_job() {
    let trace: Trace = Arc::default();
    let t = trace.clone();
    let kind = FnKind::new("hooks", move |ctx, _| loop {
        ctx.park(Duration::from_secs(120))?;
        ctx.checkpoint_with(|| note(&t, "on_pause"), || note(&t, "on_resume")).inspect_err(|e| {
            note(&t, &format!("returned {e}"));
        })?;
    });
    let (engine, sink) = engine_with(Engine::builder().kind(kind));
    let id = engine.submit(JobSpec::new("hooks")).unwrap();
    assert!(wait_for(LONG, || state(&engine, id) == Some(JobState::Running)));
    engine.pause(id).unwrap();
    assert!(wait_for(LONG, || state(&engine, id) == Some(JobState::Paused)));
    engine.cancel(id).unwrap();
    assert_eq!(sink.wait_outcome(id), Outcome::Cancelled);
    assert_eq!(*trace.lock().unwrap(), ["on_pause", "on_resume", "returned cancelled"]);
    let names: Vec<_> = sink.events_of(id).iter().map(event_name).collect();
    assert_eq!(names, ["queued", "started", "paused", "finished"]);
}

#[test]
fn a_cancel_ends_a_park() {
    let kind = FnKind::new("parker", |ctx, _| {
        ctx.park(Duration::from_secs(120))?;
        ctx.park(Duration::from_secs(120))?;
        Err(jobdeck_engine::JobError::msg("a park without a wake-up or cancel returned"))
    });
    let (engine, sink) = engine_with(Engine::builder().kind(kind));
    let id = engine.submit(JobSpec::new("parker")).unwrap();
    assert!(wait_for(LONG, || state(&engine, id) == Some(JobState::Running)));
    engine.cancel(id).unwrap();
    assert_eq!(sink.wait_outcome(id), Outcome::Cancelled);
}
