//! Pause sends every process of the group to state T, resume continues them, and the job's
//! wall time grows by the pause (timing).

use std::time::Duration;

use jobdeck_engine::Engine;

use crate::command_support::{first_line_pid, group, result, run, wait_group_gone, wait_group_size};
use crate::util::{engine_with, exclusive, wait_for, LONG};

#[test]
fn pause_stops_the_whole_group_and_resume_continues_it() {
    let _x = exclusive();
    let (engine, sink) = engine_with(Engine::builder());
    // About one second of work in short steps, beside a background child.
    let id = run(
        &engine,
        "sh -c 'echo $$; sleep 300 & for i in 1 2 3 4 5 6 7 8 9 10; do sleep 0.1; done; echo end'",
    );
    let pgid = first_line_pid(&engine, id);
    wait_group_size(pgid, 2);
    engine.pause(id).unwrap();
    assert!(
        wait_for(LONG, || { group(pgid).len() >= 2 && group(pgid).iter().all(|&(_, state)| state == 'T') }),
        "every process stopped: {:?}",
        group(pgid)
    );
    let pause = Duration::from_millis(1500);
    std::thread::sleep(pause);
    assert!(group(pgid).iter().all(|&(_, state)| state == 'T'), "still stopped: {:?}", group(pgid));
    engine.resume(id).unwrap();
    let result = result(sink.wait_outcome(id));
    assert_eq!(result["lastLines"].as_array().unwrap().last().unwrap(), "end");
    // 1 s of steps (less the one under way when it paused) plus the pause.
    let seconds = result["seconds"].as_f64().unwrap();
    assert!(seconds >= 0.9 + pause.as_secs_f64(), "ran {seconds} s");
    assert!(
        wait_group_gone(pgid, Duration::from_secs(2)),
        "the background sleep went too: {:?}",
        group(pgid)
    );
}
