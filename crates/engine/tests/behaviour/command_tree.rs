//! No process a command job started outlives it: Stop, a program that ignores SIGTERM, a
//! grandchild left holding the pipe after the program exits, and engine shutdown (timing).

use std::time::{Duration, Instant};

use jobdeck_engine::{Engine, Outcome, KILL_GRACE};

use crate::command_support::{first_line_pid, group, result, run, wait_group_gone, wait_group_size};
use crate::util::{engine_with, exclusive, wait_for, LONG};

/// The bound: a stopped tree is gone within the grace plus one second.
fn bound() -> Duration {
    KILL_GRACE + Duration::from_secs(1)
}

#[test]
fn stop_leaves_no_process_of_the_tree() {
    let _x = exclusive();
    let (engine, sink) = engine_with(Engine::builder());
    let id = run(&engine, "sh -c 'echo $$; sleep 300 & sleep 300 & wait'");
    let pgid = first_line_pid(&engine, id);
    wait_group_size(pgid, 3); // sh and its two background sleeps
    let stopped = Instant::now();
    engine.cancel(id).unwrap();
    assert!(wait_group_gone(pgid, bound()), "left after {:?}: {:?}", stopped.elapsed(), group(pgid));
    assert_eq!(sink.wait_outcome(id), Outcome::Cancelled);
}

#[test]
fn a_program_ignoring_sigterm_is_killed_after_the_grace() {
    let _x = exclusive();
    let (engine, sink) = engine_with(Engine::builder());
    // An ignored signal stays ignored across exec: the sleep ignores SIGTERM too.
    let id = run(&engine, "sh -c 'trap \"\" TERM; echo $$; sleep 300 & wait'");
    let pgid = first_line_pid(&engine, id);
    wait_group_size(pgid, 2);
    let stopped = Instant::now();
    engine.cancel(id).unwrap();
    assert!(wait_group_gone(pgid, bound()), "left: {:?}", group(pgid));
    assert!(stopped.elapsed() >= KILL_GRACE, "SIGKILL came only after the grace");
    assert_eq!(sink.wait_outcome(id), Outcome::Cancelled);
}

#[test]
fn a_grandchild_holding_the_pipe_does_not_hold_the_job() {
    let _x = exclusive();
    let (engine, sink) = engine_with(Engine::builder());
    // The subshell's sleep is orphaned at once (a daemon-like grandchild, same group) and
    // keeps stdout open; the program itself exits 0 right away.
    let id = run(&engine, "sh -c 'echo $$; (sleep 300 &); echo done'");
    let result = result(sink.wait_outcome(id));
    let pgid: i32 = result["lastLines"][0].as_str().unwrap().parse().unwrap();
    assert_eq!(result["lastLines"][1], "done");
    assert!(wait_group_gone(pgid, Duration::from_secs(2)), "left: {:?}", group(pgid));
}

#[test]
fn a_process_that_left_the_group_cannot_hold_the_job() {
    let _x = exclusive();
    let (engine, sink) = engine_with(Engine::builder());
    // `setsid` puts the sleep in a session of its own, out of reach of the group's signals,
    // holding stdout. It prints its pid so that this test can kill it afterwards.
    let id = crate::command_support::submit(
        &engine,
        serde_json::json!({"command": "setsid sh -c 'echo $$; exec sleep 300' & sleep 0.2; echo done", "shell": true}),
    );
    let outcome = sink.wait_outcome(id);
    let escaped = crate::command_support::log(&engine, id)[0].1.trim().parse::<i32>().unwrap();
    let alive = std::path::Path::new(&format!("/proc/{escaped}")).exists();
    let _ = std::process::Command::new("kill").args(["-9", &escaped.to_string()]).status();
    let result = result(outcome);
    assert!(result["lastLines"].as_array().unwrap().contains(&serde_json::json!("done")));
    assert!(alive, "the escaped process was out of the group's reach (a known limit, documented)");
}

#[test]
fn engine_shutdown_stops_every_tree() {
    let _x = exclusive();
    let (engine, _sink) = engine_with(Engine::builder());
    let a = run(&engine, "sh -c 'echo $$; sleep 300 & wait'");
    let b = run(&engine, "sh -c 'echo $$; sleep 300'");
    let (pa, pb) = (first_line_pid(&engine, a), first_line_pid(&engine, b));
    wait_group_size(pa, 2);
    engine.shutdown(LONG).expect("shutdown finished in time");
    assert!(wait_for(Duration::from_secs(1), || group(pa).is_empty() && group(pb).is_empty()));
}
