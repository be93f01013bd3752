//! `yes` writing as fast as it can: the job's log tail stays within its bounds (heavy).

use std::time::Duration;

use jobdeck_engine::{Engine, Outcome, LOG_TAIL_BYTES, LOG_TAIL_LINES};

use crate::command_support::run;
use crate::util::{engine_with, exclusive, wait_for, LONG};

#[test]
fn a_yes_flood_keeps_the_tail_bounded() {
    let _x = exclusive();
    let (engine, sink) = engine_with(Engine::builder());
    let flood = run(&engine, "yes");
    let other = run(&engine, "sh -c 'echo still here'");
    assert!(sink.wait_outcome(other) != Outcome::Cancelled, "another job runs beside the flood");
    // A few seconds of flood, until far more lines than the tail holds went by.
    assert!(wait_for(LONG, || engine.log(flood, 0).unwrap().dropped > 50 * LOG_TAIL_LINES as u64));
    std::thread::sleep(Duration::from_secs(2));
    let chunk = engine.log(flood, 0).unwrap();
    assert!(chunk.lines.len() <= LOG_TAIL_LINES);
    assert!(chunk.lines.iter().map(|l| l.text.len()).sum::<usize>() <= LOG_TAIL_BYTES);
    assert!(chunk.lines.iter().all(|l| l.text == "y"));
    engine.cancel(flood).unwrap();
    assert_eq!(sink.wait_outcome(flood), Outcome::Cancelled);
    let job = engine.snapshot().jobs.into_iter().find(|j| j.id == flood).unwrap();
    assert_eq!(job.status.as_deref(), Some("y"), "the status is the last line");
    assert!(job.log_lines > chunk.dropped);
}
