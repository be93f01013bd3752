//! `random-walk`: the seed's plot demo.

use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use serde_json::json;

use super::{millis, step};
use crate::{JobContext, JobFn, JobKind, KindInfo, ParamSpec, Params, Result};

/// Streams `(i, value)` where `value += i * (drift - noise)`, as the seed's plot worker did.
pub(crate) struct RandomWalk;

impl JobKind for RandomWalk {
    fn info(&self) -> KindInfo {
        KindInfo::new("random-walk", "Random walk", "Streams a random walk (i, value), one point per step, at a per-job speed. Result: {steps, last}.")
            .param(ParamSpec::integer("steps", "Steps", "How many points (default 500).").default(500).range(1.0, 10_000_000.0))
            .param(
                ParamSpec::number("step_ms", "Step (ms)", "Milliseconds per step; 0 = no sleep; left out: random 5..50 per job.")
                    .range(0.0, 60_000.0),
            )
    }

    fn prepare(&self, params: &Params) -> Result<JobFn> {
        let steps = params.u64("steps")?;
        let mut rng = SmallRng::from_rng(&mut rand::rng());
        let pause = millis(params.opt_f64("step_ms")?.unwrap_or_else(|| rng.random_range(5.0..50.0)));
        Ok(Box::new(move |ctx: &JobContext| {
            let drift: i64 = rng.random_range(0..=10);
            let mut value = 0.0;
            ctx.progress(0, steps);
            for i in 0..steps {
                step(ctx, pause)?;
                let noise: i64 = rng.random_range(0..=10);
                value += i as f64 * (drift - noise) as f64;
                ctx.data(i as f64, value);
                ctx.progress(i + 1, steps);
            }
            Ok(json!({ "steps": steps, "last": value }))
        }))
    }
}
