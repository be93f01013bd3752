//! The built-in job kinds, one small file each.

#[cfg(unix)]
pub(crate) mod command;
mod hash_files;
mod monte_carlo_pi;
mod noop;
mod progress;
mod random_walk;
mod ratio;

use std::time::Duration;

use crate::JobKind;

/// Every built-in kind, in the order a UI lists them.
pub(crate) fn all() -> Vec<Box<dyn JobKind>> {
    vec![
        Box::new(progress::Progress),
        Box::new(ratio::Ratio),
        Box::new(random_walk::RandomWalk),
        Box::new(monte_carlo_pi::MonteCarloPi),
        Box::new(hash_files::HashFiles),
        #[cfg(unix)]
        Box::new(command::Command),
        Box::new(noop::Noop),
    ]
}

/// A step length given in (possibly fractional) milliseconds.
fn millis(ms: f64) -> Duration {
    Duration::from_secs_f64(ms.max(0.0) / 1000.0)
}

/// Waits one step: sleeps (waking at once on cancel or pause), or with a zero step only
/// passes a checkpoint.
fn step(ctx: &crate::JobContext<'_>, pause: Duration) -> Result<(), crate::JobError> {
    if pause.is_zero() {
        ctx.checkpoint()
    } else {
        ctx.sleep(pause)
    }
}
