//! Behaviour 4: higher priority first, first-in first-out within a priority.

use std::sync::{Arc, Mutex};

use crate::util::{engine_with, wait_for, FnKind, Gate, LONG};
use jobdeck_engine::{Engine, JobSpec, Priority};
use serde_json::json;

#[test]
fn priority_then_fifo() {
    let order = Arc::new(Mutex::new(Vec::new()));
    let gate = Gate::default();
    let (o, g) = (order.clone(), gate.clone());
    let kind = FnKind::new("rec", move |ctx, params| {
        let n = params.i64("n")?;
        if n < 0 {
            g.wait(ctx)?;
        } else {
            o.lock().unwrap().push(n);
        }
        Ok(json!(null))
    });
    let (engine, _sink) = engine_with(Engine::builder().max_concurrent(1).kind(kind));
    let spec = |n: i64, p: Priority| JobSpec::new("rec").params(json!({"n": n})).priority(p);
    let blocker = engine.submit(spec(-1, Priority::Low)).unwrap();
    assert!(wait_for(LONG, || engine.snapshot().counts.running == 1));
    let plan = [
        (10, Priority::Low),
        (20, Priority::Normal),
        (30, Priority::High),
        (21, Priority::Normal),
        (11, Priority::Low),
        (31, Priority::High),
        (22, Priority::Normal),
        (32, Priority::High),
    ];
    for (n, p) in plan {
        engine.submit(spec(n, p)).unwrap();
    }
    gate.open();
    assert!(engine.wait_idle(LONG));
    assert_eq!(*order.lock().unwrap(), [30, 31, 32, 20, 21, 22, 10, 11]);
    let _ = blocker;
}
