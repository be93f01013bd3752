//! Behaviour 8: a panic ends its job as Failed with the panic message; an error ends it as
//! Failed with its message; the pool thread survives either way.

use crate::util::{engine_with, silence_intentional_panics, FnKind, LONG, QUIET};
use jobdeck_engine::{Engine, JobError, JobSpec, Outcome};
use serde_json::json;

#[test]
fn panics_and_errors_fail_their_job_only() {
    silence_intentional_panics();
    let kind = FnKind::new("mixed", |ctx, params| match params.i64("n")? {
        0 => panic!("boom {QUIET}"),
        1 => {
            let n = 41;
            panic!("formatted {} {QUIET}", n + 1)
        }
        2 => Err(JobError::msg("it went wrong")),
        3 => {
            std::fs::read("/definitely/not/a/file/jobdeck")?;
            Ok(json!(null))
        }
        _ => {
            ctx.progress(1, 1);
            Ok(json!("fine"))
        }
    });
    // One job thread: if a panic killed it, nothing after would run.
    let (engine, sink) = engine_with(Engine::builder().job_threads(1).max_concurrent(1).kind(kind));
    let run = |n: i64| engine.submit(JobSpec::new("mixed").params(json!({"n": n}))).unwrap();
    let ids: Vec<_> = [0, 4, 1, 2, 3, 4].into_iter().map(run).collect();
    assert!(engine.wait_idle(LONG));
    let o: Vec<Outcome> = ids.iter().map(|id| sink.wait_outcome(*id)).collect();
    assert_eq!(o[0], Outcome::Failed { message: format!("boom {QUIET}"), panicked: true });
    assert_eq!(o[1], Outcome::Succeeded { result: json!("fine") });
    assert_eq!(o[2], Outcome::Failed { message: format!("formatted 42 {QUIET}"), panicked: true });
    assert_eq!(o[3], Outcome::Failed { message: "it went wrong".into(), panicked: false });
    assert!(
        matches!(&o[4], Outcome::Failed { message, panicked: false } if message.contains("No such file")),
        "{:?}",
        o[4]
    );
    assert_eq!(o[5], Outcome::Succeeded { result: json!("fine") });
    let snap = engine.snapshot();
    assert_eq!((snap.counts.failed, snap.counts.succeeded), (4, 2));
}
