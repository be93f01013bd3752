//! Behaviour 13: a snapshot is the full picture as of batch `seq`: a late window that
//! applies only later batches to it ends with exactly the engine's state.

use std::time::Duration;

use crate::util::{apply, engine_with, wait_for, LONG};
use jobdeck_engine::{Engine, JobSpec, Priority, Snapshot};
use serde_json::json;

#[test]
fn snapshot_plus_later_batches_equals_the_final_snapshot() {
    let (engine, sink) = engine_with(Engine::builder().max_concurrent(2));
    let mut late: Option<Snapshot> = None;
    for round in 0..40 {
        let kind = ["progress", "random-walk", "ratio", "noop"][round % 4];
        let spec = JobSpec::new(kind)
            .params(match kind {
                "noop" => json!({}),
                "ratio" => json!({"iterations": 35, "step_ms": 0.2}),
                _ => json!({"steps": 40, "step_ms": 0.2}),
            })
            .priority(if round % 3 == 0 { Priority::High } else { Priority::Normal });
        let id = engine.submit(spec).unwrap();
        if round % 7 == 0 {
            engine.cancel(id).unwrap();
        }
        if round == 25 {
            engine.clear_finished();
        }
        if round == 17 {
            // The window opens in the middle of everything.
            late = Some(engine.snapshot());
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    assert!(engine.wait_idle(LONG));
    std::thread::sleep(Duration::from_millis(30));
    let last = engine.snapshot();
    assert!(wait_for(LONG, || sink.batches().last().map(|b| b.seq) == Some(last.seq)));

    let mut view = late.unwrap();
    assert!(view.seq > 0 && view.seq < last.seq);
    let from = view.seq;
    for b in sink.batches().iter().filter(|b| b.seq > from) {
        apply(&mut view, b);
    }
    assert_eq!(view, last);
    // It serializes (it crosses to a UI).
    let text = serde_json::to_string(&last).unwrap();
    assert_eq!(serde_json::from_str::<Snapshot>(&text).unwrap(), last);
}
