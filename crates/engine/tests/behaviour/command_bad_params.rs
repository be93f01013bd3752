//! The `command` kind rejects bad input at submit, naming the field; nothing is queued.

use jobdeck_engine::{Engine, Error, JobSpec};
use serde_json::{json, Value};

use crate::util::{engine_with, TempDir};

fn rejects(engine: &Engine, params: Value) -> (String, String) {
    match engine.submit(JobSpec::new("command").params(params.clone())) {
        Err(Error::InvalidParams { field, reason, .. }) => (field, reason),
        other => panic!("{params} was not rejected: {other:?}"),
    }
}

#[test]
fn each_bad_value_names_its_field_and_queues_nothing() {
    let dir = TempDir::new("command-bad");
    let script = dir.0.join("not-executable.sh");
    std::fs::write(&script, "echo hi\n").unwrap();
    let (engine, _sink) = engine_with(Engine::builder());

    assert_eq!(rejects(&engine, json!({})), ("command".into(), "is required".into()));
    assert_eq!(rejects(&engine, json!({"command": "   "})), ("command".into(), "is empty".into()));
    let (field, reason) = rejects(&engine, json!({"command": "echo 'unbalanced"}));
    assert_eq!(field, "command");
    assert!(reason.starts_with("cannot be split"), "{reason}");
    assert_eq!(
        rejects(&engine, json!({"command": "no-such-program-jobdeck --flag"})),
        ("command".into(), "`no-such-program-jobdeck` is not found on PATH".into())
    );
    let name = script.to_str().unwrap();
    assert_eq!(
        rejects(&engine, json!({"command": name})),
        ("command".into(), format!("`{name}` is not executable"))
    );
    // The child's PATH is the one searched.
    assert_eq!(rejects(&engine, json!({"command": "sh -c true", "env": "PATH=/nonexistent"})).0, "command");
    assert_eq!(
        rejects(&engine, json!({"command": "true", "env": "OK=1\nnot a pair"})),
        ("env".into(), "line 2: `not a pair` is not KEY=VALUE".into())
    );
    assert_eq!(rejects(&engine, json!({"command": "true", "timeout_s": 0})).0, "timeout_s");
    assert_eq!(rejects(&engine, json!({"command": "true", "timeout_s": -1})).0, "timeout_s");
    assert_eq!(rejects(&engine, json!({"command": "true", "progress": "fancy"})).0, "progress");
    assert_eq!(rejects(&engine, json!({"command": "true", "cwd": dir.0.join("missing").to_str()})).0, "cwd");
    assert_eq!(rejects(&engine, json!({"command": "true", "shell": "yes"})).0, "shell");

    assert!(engine.snapshot().jobs.is_empty(), "nothing was queued");
    assert!(engine.submit(JobSpec::new("command").params(json!({"command": "true"}))).is_ok());
}
