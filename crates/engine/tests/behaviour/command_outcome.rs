//! A command's outcome: exit 0 → its result, a status or a signal → a failure naming it,
//! the working folder and environment it was given, a shell when asked, a timeout.

use std::time::Duration;

use jobdeck_engine::{Engine, LogStream};
use serde_json::json;

use crate::command_support::{failure, first_line_pid, group, log, result, run, submit, wait_group_gone};
use crate::util::{engine_with, TempDir};

#[test]
fn exit_zero_succeeds_with_seconds_and_last_lines() {
    let (engine, sink) = engine_with(Engine::builder());
    let id = run(&engine, "sh -c 'for i in $(seq 1 15); do echo line $i; done; echo to-stderr >&2'");
    let result = result(sink.wait_outcome(id));
    assert_eq!(result["exitCode"], 0);
    assert!(result["seconds"].as_f64().unwrap() >= 0.0);
    let last: Vec<&str> =
        result["lastLines"].as_array().unwrap().iter().map(|l| l.as_str().unwrap()).collect();
    assert_eq!(last.len(), 10);
    // stdout's lines keep their order and end the list, but for stderr's line, which may
    // come anywhere among them (the two pipes are read side by side).
    let stdout: Vec<&str> = last.iter().copied().filter(|l| l.starts_with("line")).collect();
    assert!(stdout.len() >= 9);
    assert_eq!(stdout, (15 - stdout.len() + 1..=15).map(|i| format!("line {i}")).collect::<Vec<_>>());
    let logged = log(&engine, id);
    assert_eq!(logged.len(), 16);
    assert!(logged.contains(&(LogStream::Stderr, "to-stderr".into())));
    assert!(logged.contains(&(LogStream::Stdout, "line 1".into())));
}

#[test]
fn a_non_zero_status_fails_with_the_last_stderr_line() {
    let (engine, sink) = engine_with(Engine::builder());
    let with_line = run(&engine, "sh -c 'echo first >&2; echo bad thing happened >&2; exit 3'");
    let silent = run(&engine, "false");
    assert_eq!(failure(sink.wait_outcome(with_line)), "exited with status 3: bad thing happened");
    assert_eq!(failure(sink.wait_outcome(silent)), "exited with status 1");
}

#[test]
fn a_signal_fails_naming_it() {
    let (engine, sink) = engine_with(Engine::builder());
    let killed = run(&engine, "sh -c 'kill -9 $$'");
    let terminated = run(&engine, "sh -c 'kill -TERM $$'");
    assert_eq!(failure(sink.wait_outcome(killed)), "killed by signal SIGKILL (9)");
    assert_eq!(failure(sink.wait_outcome(terminated)), "killed by signal SIGTERM (15)");
}

#[test]
fn cwd_and_env_reach_the_program_and_the_users_env_wins() {
    let dir = TempDir::new("command-cwd");
    let (engine, sink) = engine_with(Engine::builder());
    let id = submit(
        &engine,
        json!({
            "command": "sh -c 'pwd; echo \"$GREETING\"; echo \"py=$PYTHONUNBUFFERED tqdm=$TQDM_MININTERVAL\"'",
            "cwd": dir.0.to_str().unwrap(),
            "env": "GREETING=hello there\n# a comment\n\nPYTHONUNBUFFERED=0",
        }),
    );
    let result = result(sink.wait_outcome(id));
    let canonical = dir.0.canonicalize().unwrap();
    assert_eq!(result["lastLines"], json!([canonical.to_str().unwrap(), "hello there", "py=0 tqdm=0.25"]));
}

#[test]
fn shell_runs_the_line_with_sh() {
    let (engine, sink) = engine_with(Engine::builder());
    let piped = submit(&engine, json!({"command": "echo abc | tr a-c x-z && echo second", "shell": true}));
    assert_eq!(result(sink.wait_outcome(piped))["lastLines"], json!(["xyz", "second"]));
    // Without a shell the same words are arguments to echo.
    let literal = submit(&engine, json!({"command": "echo abc | tr"}));
    assert_eq!(result(sink.wait_outcome(literal))["lastLines"], json!(["abc | tr"]));
}

#[test]
fn a_timeout_fails_the_job_and_kills_its_tree() {
    let (engine, sink) = engine_with(Engine::builder());
    let id = submit(&engine, json!({"command": "sh -c 'echo $$; sleep 300 & sleep 300'", "timeout_s": 0.5}));
    let pgid = first_line_pid(&engine, id);
    assert_eq!(failure(sink.wait_outcome(id)), "timed out after 0.5 s");
    assert!(wait_group_gone(pgid, Duration::from_secs(5)), "left: {:?}", group(pgid));
}

#[test]
fn a_program_that_closes_its_output_still_ends_with_its_own_status() {
    let (engine, sink) = engine_with(Engine::builder());
    // Both pipes reach their end long before the program does.
    let id = run(&engine, "sh -c 'echo early; exec >/dev/null 2>&1; sleep 0.3; exit 4'");
    assert_eq!(failure(sink.wait_outcome(id)), "exited with status 4");
    assert_eq!(log(&engine, id), [(LogStream::Stdout, "early".to_string())]);
}
