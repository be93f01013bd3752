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
