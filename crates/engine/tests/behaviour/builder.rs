//! Behaviour 1: the builder's defaults, and clear errors for invalid values.

use std::time::Duration;

use crate::util::FnKind;
use jobdeck_engine::{Engine, Error, DEFAULT_JOB_THREADS};

fn config_error(result: jobdeck_engine::Result<Engine>) -> (&'static str, String) {
    match result {
        Err(Error::InvalidConfig { option, value, .. }) => (option, value),
        Err(other) => panic!("expected InvalidConfig, got {other:?}"),
        Ok(_) => panic!("expected InvalidConfig, got an engine"),
    }
}

#[test]
fn defaults_follow_the_machine() {
    let engine = Engine::builder().build().unwrap();
    let cores = std::thread::available_parallelism().unwrap().get();
    let pool = engine.pool_status();
    assert_eq!(pool.max_concurrent as usize, cores.min(DEFAULT_JOB_THREADS));
    assert_eq!(pool.default_max_concurrent, pool.max_concurrent);
    assert_eq!(pool.job_threads as usize, DEFAULT_JOB_THREADS);
    assert_eq!(pool.compute_threads as usize, cores);
    let names: Vec<String> = engine.kinds().into_iter().map(|k| k.name).collect();
    // `command` is Unix-only for now.
    let mut expected =
        vec!["progress", "ratio", "random-walk", "monte-carlo-pi", "hash-files", "command", "noop"];
    expected.retain(|k| cfg!(unix) || *k != "command");
    assert_eq!(names, expected);
}

#[test]
fn options_are_applied() {
    let engine = Engine::builder()
        .max_concurrent(3)
        .job_threads(5)
        .compute_threads(1)
        .flush_interval(Duration::from_millis(1))
        .kind(FnKind::new("extra", |_, _| Ok(serde_json::Value::Null)))
        .build()
        .unwrap();
    let pool = engine.pool_status();
    assert_eq!((pool.max_concurrent, pool.job_threads, pool.compute_threads), (3, 5, 1));
    assert_eq!(engine.kinds().last().unwrap().name, "extra");
}

#[test]
fn invalid_values_are_errors_not_clamps() {
    let b = Engine::builder;
    assert_eq!(config_error(b().max_concurrent(0).build()), ("max_concurrent", "0".into()));
    assert_eq!(config_error(b().job_threads(4).max_concurrent(5).build()), ("max_concurrent", "5".into()));
    assert_eq!(config_error(b().job_threads(0).build()), ("job_threads", "0".into()));
    assert_eq!(config_error(b().job_threads(1025).build()), ("job_threads", "1025".into()));
    assert_eq!(config_error(b().compute_threads(0).build()).0, "compute_threads");
    assert_eq!(config_error(b().compute_threads(1_000_000).build()).0, "compute_threads");
    assert_eq!(config_error(b().flush_interval(Duration::ZERO).build()).0, "flush_interval");
    assert_eq!(config_error(b().flush_interval(Duration::from_secs(11)).build()).0, "flush_interval");
    let err = b().max_concurrent(0).build().unwrap_err();
    assert_eq!(err.to_string(), "invalid max_concurrent = 0: must be 1..=64 (job_threads)");
    assert_eq!(err.code(), "invalid_config");
}

#[test]
fn kinds_must_be_unique_and_well_described() {
    let noop_again = FnKind::new("noop", |_, _| Ok(serde_json::Value::Null));
    let (option, value) = config_error(Engine::builder().kind(noop_again).build());
    assert_eq!((option, value.as_str()), ("kind", "noop"));
    let twice = FnKind::new("twice", |_, _| Ok(serde_json::Value::Null));
    assert_eq!(config_error(Engine::builder().kind(twice.clone()).kind(twice).build()).0, "kind");
}

#[test]
fn the_limit_can_change_at_run_time_within_the_same_bounds() {
    let engine = Engine::builder().job_threads(8).max_concurrent(2).build().unwrap();
    assert_eq!(engine.set_max_concurrent(8).unwrap().max_concurrent, 8);
    assert_eq!(engine.pool_status().max_concurrent, 8);
    let err = engine.set_max_concurrent(9).unwrap_err();
    assert_eq!(err.code(), "invalid_config");
    assert!(engine.set_max_concurrent(0).is_err());
    assert_eq!(engine.pool_status().max_concurrent, 8, "a rejected change changes nothing");
}
