//! A job's log: a bounded live tail any kind can write to, and the full log in a file under
//! the engine's log folder, capped, with its truncation marked.

use std::sync::{Arc, Mutex};

use crate::util::{engine_with, wait_for, FnKind, Gate, TempDir, LONG};
use jobdeck_engine::{Engine, JobSpec, LogStream, Outcome, LOG_LINE_MAX, LOG_TAIL_LINES};
use serde_json::json;

#[test]
fn lines_reach_the_tail_and_the_file_with_stderr_marked() {
    let dir = TempDir::new("log-file");
    let gate = Gate::default();
    let g = gate.clone();
    let kind = FnKind::new("talk", move |ctx, _| {
        ctx.log_line(LogStream::Stdout, "hello");
        ctx.log_line(LogStream::Stderr, "warning: low on coffee");
        g.wait(ctx)?;
        ctx.log_line(LogStream::Stdout, &"z".repeat(LOG_LINE_MAX + 10));
        Ok(json!(null))
    });
    let logs = dir.0.join("logs/nested"); // created by build
    let (engine, sink) = engine_with(Engine::builder().kind(kind).log_dir(&logs));
    let id = engine.submit(JobSpec::new("talk")).unwrap();
    let file = logs.join(format!("{id}.log"));
    assert!(wait_for(LONG, || engine.log(id, 0).unwrap().next == 2));
    // Asking for the log flushed the file, while the job still runs.
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "hello\n[stderr] warning: low on coffee\n");
    let c = engine.log(id, 0).unwrap();
    assert_eq!(c.file.as_deref(), Some(file.to_str().unwrap()));
    assert_eq!((c.lines[1].seq, c.lines[1].stream), (2, LogStream::Stderr));
    assert!(engine.log(id, 2).unwrap().lines.is_empty());
    assert!(wait_for(LONG, || engine.snapshot().jobs.iter().any(|j| j.id == id && j.log_lines == 2)));

    gate.open();
    assert!(matches!(sink.wait_outcome(id), Outcome::Succeeded { .. }));
    let c = engine.log(id, 2).unwrap();
    assert_eq!((c.lines.len(), c.next, c.dropped, c.truncated), (1, 3, 0, false));
    assert!(c.lines[0].text.len() <= LOG_LINE_MAX && c.lines[0].text.ends_with('…'), "the tail cuts it");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.ends_with(&format!("{}\n", "z".repeat(LOG_LINE_MAX + 10))), "the file has it whole");

    engine.clear_finished();
    assert_eq!(engine.log(id, 0).unwrap_err().code(), "not_found");
}

#[test]
fn the_file_stops_at_its_cap_with_a_marker_and_the_tail_stays_bounded() {
    let _x = crate::util::exclusive(); // heavy: 10,000 lines
    let dir = TempDir::new("log-cap");
    let kind = FnKind::new("flood", |ctx, _| {
        for i in 0..10_000 {
            ctx.log_line(LogStream::Stdout, &format!("line {i:05}"));
        }
        Ok(json!(null))
    });
    let (engine, sink) = engine_with(Engine::builder().kind(kind).log_dir(&dir.0).log_file_cap(1000));
    let id = engine.submit(JobSpec::new("flood")).unwrap();
    sink.wait_outcome(id);
    let text = std::fs::read_to_string(dir.0.join(format!("{id}.log"))).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    // "line 00000\n" is 11 bytes: 90 lines fit in 1000 bytes, then the marker.
    assert_eq!(lines.len(), 91, "{text}");
    assert_eq!(lines[89], "line 00089");
    assert_eq!(lines[90], "[jobdeck: log truncated at 1000 bytes; later lines are in the live tail only]");
    let c = engine.log(id, 0).unwrap();
    assert!(c.truncated);
    assert_eq!((c.lines.len(), c.dropped, c.next), (LOG_TAIL_LINES, 10_000 - LOG_TAIL_LINES as u64, 10_000));
    assert_eq!(c.lines.last().unwrap().text, "line 09999", "the tail goes on past the file's cap");
}

#[test]
fn without_a_log_folder_only_the_tail_and_a_failing_file_never_fails_the_job() {
    let kind = FnKind::new("talk", |ctx, _| {
        for i in 0..3 {
            ctx.log_line(LogStream::Stdout, &i.to_string());
        }
        Ok(json!("done"))
    });
    let (engine, sink) = engine_with(Engine::builder().kind(kind.clone()));
    let id = engine.submit(JobSpec::new("talk")).unwrap();
    sink.wait_outcome(id);
    let c = engine.log(id, 1).unwrap();
    assert_eq!((c.lines.len(), c.file), (2, None));

    // A log folder that disappears after build: the file cannot be created.
    let dir = TempDir::new("log-gone");
    let warnings = Arc::new(Mutex::new(Vec::<String>::new()));
    let w = warnings.clone();
    let (engine, sink) = engine_with(
        Engine::builder()
            .kind(kind)
            .log_dir(dir.0.join("gone"))
            .on_warning(move |m: &str| w.lock().unwrap().push(m.to_owned())),
    );
    std::fs::remove_dir_all(&dir.0).unwrap();
    let id = engine.submit(JobSpec::new("talk")).unwrap();
    assert!(matches!(sink.wait_outcome(id), Outcome::Succeeded { .. }));
    assert_eq!(engine.log(id, 0).unwrap().lines.len(), 3, "the tail goes on");
    let w = warnings.lock().unwrap();
    assert_eq!(w.len(), 1, "warned once: {w:?}");
    assert!(w[0].contains("could not write its log file"), "{}", w[0]);
}

#[test]
fn a_log_folder_that_cannot_be_created_is_a_config_error() {
    let dir = TempDir::new("log-bad");
    let file = dir.0.join("a-file");
    std::fs::write(&file, "not a folder").unwrap();
    let err = Engine::builder().log_dir(file.join("logs")).build().unwrap_err();
    assert_eq!(err.code(), "invalid_config");
    assert!(err.to_string().starts_with("invalid log_dir = "), "{err}");
}

#[test]
fn output_that_is_not_utf8_is_decoded_lossily_by_the_caller() {
    // `log_line` takes `&str`: a kind that reads a program's bytes decodes them itself. Here a
    // real program prints Latin-1 "café" (0xE9 is not UTF-8).
    let dir = TempDir::new("log-lossy");
    let kind = FnKind::new("latin1", |ctx, _| {
        let out = std::process::Command::new("sh").args(["-c", r"printf 'caf\351\nok\n'"]).output()?;
        for line in out.stdout.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
            ctx.log_line(LogStream::Stdout, &String::from_utf8_lossy(line));
        }
        Ok(json!(null))
    });
    let (engine, sink) = engine_with(Engine::builder().kind(kind).log_dir(&dir.0));
    let id = engine.submit(JobSpec::new("latin1")).unwrap();
    assert!(matches!(sink.wait_outcome(id), Outcome::Succeeded { .. }));
    let texts: Vec<String> = engine.log(id, 0).unwrap().lines.into_iter().map(|l| l.text).collect();
    assert_eq!(texts, ["caf\u{FFFD}", "ok"]);
    let file = std::fs::read_to_string(dir.0.join(format!("{id}.log"))).unwrap();
    assert_eq!(file, "caf\u{FFFD}\nok\n", "the file is valid UTF-8 too");
}
