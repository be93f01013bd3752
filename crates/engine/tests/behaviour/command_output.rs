//! What a command writes: lines split on \n and \r, escapes stripped, non-UTF-8 shown lossily,
//! an endless line cut, and progress, status and series read from real programs' output.

use std::path::PathBuf;

use jobdeck_engine::{Engine, LogStream, LOG_LINE_MAX};
use serde_json::json;

use crate::command_support::{log, result, run, submit};
use crate::util::{engine_with, TempDir};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

#[test]
fn lines_split_on_cr_and_lf_with_escapes_stripped() {
    let (engine, sink) = engine_with(Engine::builder());
    let id = run(&engine, r"printf 'a\rb\r\nc\n\033[1;31mred\033[0m \033]9;4;1;45\007ok\n'");
    result(sink.wait_outcome(id));
    let texts: Vec<String> = log(&engine, id).into_iter().map(|(_, t)| t).collect();
    assert_eq!(texts, ["a", "b", "c", "red ok"]);
}

#[test]
fn output_that_is_not_utf8_is_shown_lossily_and_never_fails_the_job() {
    let (engine, sink) = engine_with(Engine::builder());
    let id = run(&engine, r"printf 'caf\351 \377\376\n'");
    assert_eq!(result(sink.wait_outcome(id))["exitCode"], 0);
    assert_eq!(log(&engine, id), [(LogStream::Stdout, "caf\u{fffd} \u{fffd}\u{fffd}".to_string())]);
}

#[test]
fn a_line_without_newline_is_cut_at_the_cap() {
    let (engine, sink) = engine_with(Engine::builder());
    // 1 MB without a newline, then a short line.
    let id = submit(
        &engine,
        json!({"command": "head -c 1000000 /dev/zero | tr '\\0' x; echo; echo after", "shell": true}),
    );
    result(sink.wait_outcome(id));
    let lines = log(&engine, id);
    assert_eq!(lines.len(), 2, "the rest of the long line was skipped, not split into lines");
    assert!(lines[0].1.len() <= LOG_LINE_MAX, "{} bytes", lines[0].1.len());
    assert!(lines[0].1.len() > LOG_LINE_MAX / 2);
    assert!(lines[0].1.ends_with('…'), "marked as cut");
    assert!(lines[0].1.trim_end_matches('…').bytes().all(|b| b == b'x'));
    assert_eq!(lines[1].1, "after");
}

#[test]
fn a_python_tqdm_script_reaches_100_percent() {
    let dir = TempDir::new("command-tqdm");
    let script = dir.0.join("train.py");
    std::fs::write(
        &script,
        "from tqdm import tqdm\nimport time\n\
         with tqdm(total=50, desc='epoch') as bar:\n    for i in range(50):\n        time.sleep(0.01)\n\
         \x20       bar.set_postfix(loss=1.0 / (i + 1))\n        bar.update(1)\nprint('trained')\n",
    )
    .unwrap();
    let (engine, sink) = engine_with(Engine::builder());
    // Debian's python3 (with python3-tqdm), not a pyenv one that may lack it.
    let id = submit(&engine, json!({"command": format!("/usr/bin/python3 {}", script.display())}));
    let result = result(sink.wait_outcome(id));
    // stdout's line and tqdm's last redraw on stderr race: both are among the last lines.
    let last = result["lastLines"].as_array().unwrap();
    assert!(last.contains(&json!("trained")), "{last:?}");
    let job = engine.snapshot().jobs.into_iter().find(|j| j.id == id).unwrap();
    assert_eq!((job.done, job.total), (50, 50));
    let loss = engine.series_named(id, "loss").unwrap();
    assert!(!loss.y.is_empty());
    assert!(loss.y.windows(2).all(|w| w[1] <= w[0]), "the loss falls: {:?}", loss.y);
    assert!(loss.x.windows(2).all(|w| w[1] >= w[0]), "x is seconds since start");
    assert!(!engine.series_named(id, "rate").unwrap().y.is_empty());
    assert!(job.series.iter().any(|s| s == "loss"));
}

#[test]
fn captured_tqdm_output_replayed_drives_progress() {
    let (engine, sink) = engine_with(Engine::builder());
    let total = submit(
        &engine,
        json!({"command": format!("cat {}", fixture("tqdm-total.txt").display()), "progress": "tqdm"}),
    );
    let scaled =
        submit(&engine, json!({"command": format!("cat {}", fixture("tqdm-unit-scale.txt").display())}));
    let cargo =
        submit(&engine, json!({"command": format!("cat {}", fixture("cargo-osc-pty.txt").display())}));
    result(sink.wait_outcome(total));
    result(sink.wait_outcome(scaled));
    result(sink.wait_outcome(cargo));
    let jobs = engine.snapshot().jobs;
    let of = |id| jobs.iter().find(|j| j.id == id).map(|j| (j.done, j.total)).unwrap();
    assert_eq!(of(total), (40, 40));
    assert_eq!(of(scaled), (4_000_000, 4_000_000));
    // cargo's last OSC 9;4 percentage before it took its progress down, in thousandths.
    assert_eq!(of(cargo), (940, 1000));
}

#[test]
fn teamcity_messages_give_status_and_named_series() {
    let (engine, sink) = engine_with(Engine::builder());
    let script = "echo \"##teamcity[progressMessage 'training|'s first epoch']\"; \
                  for v in 0.5 0.25 0.125; do echo \"##teamcity[buildStatisticValue key='loss' value='$v']\"; done; \
                  echo plain line";
    let id = submit(&engine, json!({"command": script, "shell": true}));
    result(sink.wait_outcome(id));
    assert_eq!(engine.series_named(id, "loss").unwrap().y, [0.5, 0.25, 0.125]);
    let job = engine.snapshot().jobs.into_iter().find(|j| j.id == id).unwrap();
    assert_eq!(job.status.as_deref(), Some("training's first epoch"), "the program's message beats lines");
}

#[test]
fn osc_progress_and_bare_percentages() {
    let (engine, sink) = engine_with(Engine::builder());
    let osc = run(&engine, r"printf '\033]9;4;1;45\033\\working\n'");
    let percent = run(&engine, r"printf 'copy 12%%\ncopy 37.5%%\n'");
    let none = submit(&engine, json!({"command": r"printf 'copy 37.5%%\n'", "progress": "none"}));
    for id in [osc, percent, none] {
        result(sink.wait_outcome(id));
    }
    let jobs = engine.snapshot().jobs;
    let of = |id| jobs.iter().find(|j| j.id == id).map(|j| (j.done, j.total, j.status.clone())).unwrap();
    assert_eq!(of(osc), (450, 1000, Some("working".into())));
    assert_eq!(of(percent).0, 375);
    assert_eq!((of(none).0, of(none).1), (0, 0));
}

#[test]
fn the_whole_output_goes_to_the_log_file_with_stderr_marked() {
    let dir = TempDir::new("command-logdir");
    let (engine, sink) = engine_with(Engine::builder().log_dir(&dir.0));
    let id = run(&engine, "sh -c 'echo out; echo err >&2'");
    result(sink.wait_outcome(id));
    let file = engine.log(id, 0).unwrap().file.expect("a log file");
    let text = std::fs::read_to_string(file).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines.sort(); // the two streams are read side by side
    assert_eq!(lines, ["[stderr] err", "out"]);
}
