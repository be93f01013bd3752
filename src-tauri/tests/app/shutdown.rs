//! Closing the window cancels every job, and the engine lets go within a second.

use std::time::{Duration, Instant};

use jobdeck_engine::{JobSpec, JobState};
use jobdeck_lib::Jobdeck;
use serde_json::json;
use tauri::Manager;

use crate::util::{self, TestApp};

fn long_jobs() -> JobSpec {
    JobSpec::new("progress").params(json!({"steps": 1_000_000, "step_ms": 10}))
}

fn wait_running(jobdeck: &Jobdeck) {
    let start = Instant::now();
    while jobdeck.engine().snapshot().counts.running == 0 {
        assert!(start.elapsed() < Duration::from_secs(5), "no job started");
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn closing_the_window_cancels_every_job_and_ends_the_loop() {
    let _alone = util::alone();
    // The app as `run()` builds it; its setup starts five long jobs, then closes the window
    // the config created. The mock event loop then delivers CloseRequested, ExitRequested
    // (last window) and Exit as WebKitGTK's does, except that `run` returns instead of
    // ending the process.
    let app = jobdeck_lib::builder(tauri::test::mock_builder(), Jobdeck::new().unwrap())
        .setup(|app| {
            let jobdeck = app.state::<Jobdeck>();
            jobdeck.engine().submit_many(&long_jobs(), 5)?;
            wait_running(&jobdeck);
            app.get_webview_window("main").expect("the config's window").close()?;
            Ok(())
        })
        .build(util::context())
        .unwrap();
    let handle = app.handle().clone();

    let start = Instant::now();
    app.run(jobdeck_lib::on_run_event);
    let took = start.elapsed();
    assert!(took < Duration::from_secs(1), "the app took {took:?} to let go after the close");

    let jobdeck = handle.state::<Jobdeck>();
    assert!(jobdeck.engine().wait_idle(Duration::ZERO), "nothing runs after the close");
    let states: Vec<_> = jobdeck.engine().snapshot().jobs.iter().map(|j| j.state).collect();
    assert_eq!(states, vec![JobState::Cancelled; 5]);
}

#[test]
fn shutdown_ends_running_jobs_within_its_grace() {
    let app = TestApp::alone();
    app.state().engine().submit_many(&long_jobs(), 5).unwrap();
    wait_running(&app.state());

    let start = Instant::now();
    app.state().shutdown();
    let took = start.elapsed();
    assert!(took <= jobdeck_lib::SHUTDOWN_GRACE + Duration::from_millis(100), "took {took:?}");
    assert!(app.state().engine().wait_idle(Duration::ZERO));

    let err = app.invoke("submit", json!({"spec": {"kind": "noop"}, "count": 1})).unwrap_err();
    assert_eq!(err["code"], "shut_down", "{err}");
}

/// Pids of the processes whose command line has `marker` as an argument.
fn with_marker(marker: &str) -> Vec<u32> {
    let mut pids = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else { continue };
        let Ok(cmdline) = std::fs::read(entry.path().join("cmdline")) else { continue };
        if cmdline.split(|b| *b == 0).any(|arg| arg == marker.as_bytes()) {
            pids.push(pid);
        }
    }
    pids
}

#[cfg(target_os = "linux")]
#[test]
fn closing_waits_until_a_command_that_ignores_sigterm_is_killed() {
    let app = TestApp::alone();
    // SIGTERM ignored by the shell and (inherited through exec) by its sleep: only the
    // kind's SIGKILL, KILL_GRACE after the SIGTERM, ends them.
    let marker = format!("300.{}", std::process::id());
    let command = format!("sh -c 'trap \"\" TERM; sleep {marker}'");
    app.state().engine().submit(JobSpec::new("command").params(json!({ "command": command }))).unwrap();
    let start = Instant::now();
    while with_marker(&marker).is_empty() {
        assert!(start.elapsed() < Duration::from_secs(10), "the sleep did not start");
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(app.state().shutdown_grace(), jobdeck_lib::COMMAND_SHUTDOWN_GRACE);
    assert!(jobdeck_lib::COMMAND_SHUTDOWN_GRACE > jobdeck_engine::KILL_GRACE);

    let start = Instant::now();
    app.state().shutdown();
    let took = start.elapsed();
    assert!(took >= jobdeck_engine::KILL_GRACE, "SIGTERM alone cannot end it: {took:?}");
    assert!(took <= jobdeck_lib::COMMAND_SHUTDOWN_GRACE + Duration::from_millis(200), "took {took:?}");
    assert_eq!(with_marker(&marker), Vec::<u32>::new(), "no process of the tree outlives the close");
    let states: Vec<_> = app.state().engine().snapshot().jobs.iter().map(|j| j.state).collect();
    assert_eq!(states, vec![JobState::Cancelled]);
    // With no live command job the close keeps its half second.
    assert_eq!(app.state().shutdown_grace(), jobdeck_lib::SHUTDOWN_GRACE);
}
