//! Every built-in kind rejects its bad parameters with a clear, field-level error.

use jobdeck_engine::{Engine, JobSpec};
use serde_json::{json, Value};

fn rejects(engine: &Engine, kind: &str, params: Value, field: &str, says: &str) {
    let err = engine.submit(JobSpec::new(kind).params(params.clone())).unwrap_err();
    assert_eq!(err.code(), "invalid_params", "{kind} {params}: {err}");
    assert_eq!(err.field(), Some(field), "{kind} {params}: {err}");
    let message = err.to_string();
    assert!(message.starts_with(&format!("{kind}: parameter `{field}`")), "{message}");
    assert!(message.contains(says), "{kind} {params}: `{message}` should say `{says}`");
}

#[test]
fn every_kind_rejects_bad_parameters_clearly() {
    let engine = Engine::builder().build().unwrap();
    let e = &engine;
    rejects(e, "progress", json!({"steps": 0}), "steps", "must be at least 1, got 0");
    rejects(e, "progress", json!({"steps": -3}), "steps", "must be at least 1, got -3");
    rejects(e, "progress", json!({"steps": 10_000_001}), "steps", "must be at most 10000000");
    rejects(e, "progress", json!({"steps": 2.5}), "steps", "must be a whole number, got 2.5");
    rejects(e, "progress", json!({"steps": "10"}), "steps", "must be an integer, got \"10\"");
    rejects(e, "progress", json!({"step_ms": -1}), "step_ms", "must be at least 0");
    rejects(e, "progress", json!({"step_ms": 60_001}), "step_ms", "must be at most 60000");
    rejects(
        e,
        "progress",
        json!({"speed": 1}),
        "speed",
        "is not a known parameter (progress takes: steps, step_ms)",
    );

    rejects(e, "ratio", json!({"iterations": -1}), "iterations", "must be at least 0");
    rejects(e, "ratio", json!({"iterations": 1e7}), "iterations", "must be at most 1000000");
    rejects(e, "ratio", json!({"iterations": true}), "iterations", "must be an integer, got true");
    rejects(e, "ratio", json!({"step_ms": "fast"}), "step_ms", "must be a number");

    rejects(e, "random-walk", json!({"steps": 0}), "steps", "must be at least 1");
    rejects(e, "random-walk", json!({"steps": [1]}), "steps", "must be an integer, got an array");
    rejects(e, "random-walk", json!({"step_ms": -0.5}), "step_ms", "must be at least 0");

    rejects(e, "monte-carlo-pi", json!({"samples": 0}), "samples", "must be at least 1");
    rejects(e, "monte-carlo-pi", json!({"samples": 1e13}), "samples", "must be at most 1000000000000");
    rejects(e, "monte-carlo-pi", json!({"samples": 1.25}), "samples", "must be a whole number");
    rejects(e, "monte-carlo-pi", json!({"chunk": 10}), "chunk", "must be at least 1000");

    let missing = std::env::temp_dir().join("jobdeck-no-such-folder-4242");
    let file = std::env::temp_dir().join(format!("jobdeck-kinds-bad-params-{}", std::process::id()));
    std::fs::write(&file, b"not a folder").unwrap();
    rejects(e, "hash-files", json!({}), "folder", "is required");
    rejects(e, "hash-files", json!({"folder": 7}), "folder", "must be a folder path, got 7");
    rejects(e, "hash-files", json!({"folder": ""}), "folder", "empty path");
    rejects(e, "hash-files", json!({"folder": missing}), "folder", "names a folder that does not exist");
    rejects(e, "hash-files", json!({"folder": file}), "folder", "is not a folder");
    std::fs::remove_file(&file).unwrap();

    rejects(e, "noop", json!({"x": 1}), "x", "is not a known parameter (noop takes no parameters)");
    rejects(e, "noop", json!("text"), "params", "must be a JSON object, got \"text\"");
}

#[test]
fn every_kind_accepts_its_own_defaults() {
    let engine = Engine::builder().build().unwrap();
    for kind in engine.kinds() {
        if kind.params.iter().any(|p| p.required) {
            continue;
        }
        let id = engine.submit(JobSpec::new(&kind.name)).unwrap();
        engine.cancel(id).unwrap();
    }
    let folder = std::env::temp_dir();
    let id = engine.submit(JobSpec::new("hash-files").params(json!({"folder": folder}))).unwrap();
    engine.cancel(id).unwrap();
    assert!(engine.wait_idle(std::time::Duration::from_secs(30)));
}
