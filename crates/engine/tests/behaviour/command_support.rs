//! Helpers for the `command` kind's tests: submitting, reading the log, and looking at a
//! process group through /proc.

use std::time::Duration;

use jobdeck_engine::{Engine, JobId, JobSpec, LogStream, Outcome};
use serde_json::{json, Value};

use crate::util::{wait_for, LONG};

/// Submits a command job with `params` (an object that holds at least `command`).
pub fn submit(engine: &Engine, params: Value) -> JobId {
    engine.submit(JobSpec::new("command").params(params)).unwrap()
}

/// Submits `command` with no other parameters.
pub fn run(engine: &Engine, command: &str) -> JobId {
    submit(engine, json!({ "command": command }))
}

/// The result of a succeeded job; panics with the outcome otherwise.
pub fn result(outcome: Outcome) -> Value {
    match outcome {
        Outcome::Succeeded { result } => result,
        other => panic!("expected success, got {other:?}"),
    }
}

/// The message of a failed job; panics with the outcome otherwise.
pub fn failure(outcome: Outcome) -> String {
    match outcome {
        Outcome::Failed { message, .. } => message,
        other => panic!("expected a failure, got {other:?}"),
    }
}

/// Every line still in the job's log tail, with its stream.
pub fn log(engine: &Engine, id: JobId) -> Vec<(LogStream, String)> {
    engine.log(id, 0).unwrap().lines.into_iter().map(|l| (l.stream, l.text)).collect()
}

/// The first log line, once there is one: the tests' commands print `$$` (the leader's pid,
/// which is the group id) first.
pub fn first_line_pid(engine: &Engine, id: JobId) -> i32 {
    assert!(wait_for(LONG, || !log(engine, id).is_empty()), "the command printed nothing");
    log(engine, id)[0].1.trim().parse().expect("the first line is a pid")
}

/// Every live process of process group `pgid`, with its state letter (/proc/<pid>/stat).
pub fn group(pgid: i32) -> Vec<(i32, char)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<i32>() else { continue };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else { continue };
        // pid (comm) state ppid pgrp …; comm may hold spaces and parentheses: read after the last ')'.
        let Some(rest) = stat.rfind(')').map(|i| &stat[i + 1..]) else { continue };
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let (state, pgrp) = (fields[0].chars().next().unwrap_or('?'), fields[2].parse::<i32>().unwrap_or(-1));
        // Zombies are already dead: only their parent's wait is missing.
        if pgrp == pgid && state != 'Z' && state != 'X' {
            found.push((pid, state));
        }
    }
    found
}

/// Waits until group `pgid` has at least `n` live processes.
pub fn wait_group_size(pgid: i32, n: usize) {
    assert!(
        wait_for(LONG, || group(pgid).len() >= n),
        "group {pgid} never had {n} processes: {:?}",
        group(pgid)
    );
}

/// Waits up to `timeout` for group `pgid` to be empty; true if it emptied.
pub fn wait_group_gone(pgid: i32, timeout: Duration) -> bool {
    wait_for(timeout, || group(pgid).is_empty())
}
