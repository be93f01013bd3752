//! The built-in kinds do what their docs say.

use crate::util::{engine_with, TempDir, LONG};
use jobdeck_engine::{Engine, JobSpec, Outcome};
use serde_json::json;

fn result(outcome: Outcome) -> serde_json::Value {
    match outcome {
        Outcome::Succeeded { result } => result,
        other => panic!("expected success, got {other:?}"),
    }
}

#[test]
fn progress_counts_its_steps() {
    let (engine, sink) = engine_with(Engine::builder());
    let id = engine.submit(JobSpec::new("progress").params(json!({"steps": 50, "step_ms": 0.2}))).unwrap();
    assert_eq!(result(sink.wait_outcome(id)), json!({"steps": 50}));
    let snap = engine.snapshot();
    assert_eq!((snap.jobs[0].done, snap.jobs[0].total), (50, 50));
}

#[test]
fn ratio_succeeds_below_thirty_and_fails_at_thirty() {
    let (engine, sink) = engine_with(Engine::builder());
    let ok = engine.submit(JobSpec::new("ratio").params(json!({"iterations": 20, "step_ms": 0}))).unwrap();
    let bad = engine.submit(JobSpec::new("ratio").params(json!({"iterations": 45, "step_ms": 0}))).unwrap();
    let random = engine.submit(JobSpec::new("ratio").params(json!({"step_ms": 0}))).unwrap();
    assert_eq!(result(sink.wait_outcome(ok)), json!({"number": 20, "value": 2.0 / 11.0}));
    assert_eq!(
        sink.wait_outcome(bad),
        Outcome::Failed { message: "division by zero at n = 30".into(), panicked: false }
    );
    match sink.wait_outcome(random) {
        Outcome::Succeeded { result } => assert!((10..=30).contains(&result["number"].as_u64().unwrap())),
        Outcome::Failed { message, .. } => assert_eq!(message, "division by zero at n = 30"),
        Outcome::Cancelled => panic!("nobody cancelled it"),
    }
    let series = engine.series(ok).unwrap();
    assert_eq!(series.x, (0..20).map(f64::from).collect::<Vec<_>>());
    assert_eq!(series.y[0], 2.0 / 30.0);
}

#[test]
fn random_walk_streams_one_point_per_step() {
    let (engine, sink) = engine_with(Engine::builder());
    let id = engine.submit(JobSpec::new("random-walk").params(json!({"steps": 300, "step_ms": 0}))).unwrap();
    let r = result(sink.wait_outcome(id));
    let series = engine.series(id).unwrap();
    assert_eq!(series.x.len(), 300);
    assert!(!series.decimated);
    assert_eq!(r["steps"], 300);
    assert_eq!(r["last"].as_f64().unwrap(), *series.y.last().unwrap());
    // The sink received every point (300 is under the per-batch budget).
    let streamed: usize =
        sink.batches().iter().flat_map(|b| &b.data).filter(|c| c.id == id).map(|c| c.x.len()).sum();
    assert_eq!(streamed, 300);
    // Left out, step_ms is random per job.
    let id = engine.submit(JobSpec::new("random-walk").params(json!({"steps": 2}))).unwrap();
    result(sink.wait_outcome(id));
}

#[test]
fn monte_carlo_pi_estimates_pi_on_the_compute_pool() {
    let _alone = crate::util::exclusive();
    let (engine, sink) = engine_with(Engine::builder().compute_threads(2));
    let id = engine
        .submit(JobSpec::new("monte-carlo-pi").params(json!({"samples": 2_000_000, "chunk": 100_000})))
        .unwrap();
    let r = result(sink.wait_outcome(id));
    let pi = r["pi"].as_f64().unwrap();
    assert!((pi - std::f64::consts::PI).abs() < 0.01, "{pi}");
    assert_eq!(r["absError"].as_f64().unwrap(), (pi - std::f64::consts::PI).abs());
    let series = engine.series(id).unwrap();
    assert_eq!(*series.x.last().unwrap(), 2_000_000.0, "streams (samples so far, estimate)");
    assert!(series.x.windows(2).all(|w| w[0] < w[1]));
    // A huge run stops promptly on cancel.
    let big = engine.submit(JobSpec::new("monte-carlo-pi").params(json!({"samples": 1e12 as u64}))).unwrap();
    assert!(crate::util::wait_for(LONG, || engine.snapshot().jobs.iter().any(|j| j.id == big && j.done > 0)));
    let t = std::time::Instant::now();
    engine.cancel(big).unwrap();
    assert_eq!(sink.wait_outcome(big), Outcome::Cancelled);
    assert!(t.elapsed() < std::time::Duration::from_secs(2), "{:?}", t.elapsed());
}

#[test]
fn hash_files_hashes_every_file_and_reports_bytes() {
    let dir = TempDir::new("hash");
    std::fs::create_dir_all(dir.0.join("sub/deeper")).unwrap();
    let files =
        [("a.txt", b"alpha".to_vec()), ("sub/b.bin", vec![7u8; 300_000]), ("sub/deeper/c", Vec::new())];
    for (name, bytes) in &files {
        std::fs::write(dir.0.join(name), bytes).unwrap();
    }
    let (engine, sink) = engine_with(Engine::builder());
    let id = engine.submit(JobSpec::new("hash-files").params(json!({"folder": dir.0}))).unwrap();
    let r = result(sink.wait_outcome(id));
    assert_eq!(r["files"], 3);
    assert_eq!(r["bytes"], 300_005);
    for (name, bytes) in &files {
        assert_eq!(r["manifest"][name], blake3::hash(bytes).to_hex().to_string(), "{name}");
    }
    assert_eq!(r["unreadable"], json!([]));
    let snap = engine.snapshot();
    assert_eq!((snap.jobs[0].done, snap.jobs[0].total), (300_005, 300_005), "progress is in bytes");
}

#[cfg(unix)]
#[test]
fn hash_files_lists_unreadable_files_without_failing() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TempDir::new("hash-unreadable");
    std::fs::write(dir.0.join("ok"), b"fine").unwrap();
    let secret = dir.0.join("secret");
    std::fs::write(&secret, b"hidden").unwrap();
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::File::open(&secret).is_ok() {
        eprintln!(
            "running as a user who can read anything (root): the unit test in hash_files.rs covers this"
        );
        return;
    }
    let (engine, sink) = engine_with(Engine::builder());
    let id = engine.submit(JobSpec::new("hash-files").params(json!({"folder": dir.0}))).unwrap();
    let r = result(sink.wait_outcome(id));
    assert_eq!(r["files"], 1);
    assert_eq!(r["unreadable"][0]["path"], "secret");
}

#[test]
fn noop_succeeds_with_null() {
    let (engine, sink) = engine_with(Engine::builder());
    let id = engine.submit(JobSpec::new("noop")).unwrap();
    assert_eq!(sink.wait_outcome(id), Outcome::Succeeded { result: serde_json::Value::Null });
}
