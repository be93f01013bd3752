//! `ratio`: the seed's error demo, `2 / (30 - n)`.

use rand::Rng;
use serde_json::json;

use super::{millis, step};
use crate::{JobContext, JobError, JobFn, JobKind, KindInfo, ParamSpec, Params, Result};

/// Computes `2 / (30 - n)` for `n` in `0..iterations`; fails at `n = 30`.
pub(crate) struct Ratio;

impl JobKind for Ratio {
    fn info(&self) -> KindInfo {
        KindInfo::new(
            "ratio",
            "Ratio",
            "Computes 2 / (30 - n) for n = 0, 1, …; reaching n = 30 fails with a division by zero. Result: {number, value}.",
        )
        .param(
            ParamSpec::integer("iterations", "Iterations", "How many values of n; left out: random 10..=50 per job, so some jobs fail.")
                .range(0.0, 1_000_000.0),
        )
        .param(ParamSpec::number("step_ms", "Step (ms)", "Milliseconds per step (default 50).").default(50).range(0.0, 60_000.0))
    }

    fn prepare(&self, params: &Params) -> Result<JobFn> {
        let iterations = match params.opt_u64("iterations")? {
            Some(n) => n,
            None => rand::rng().random_range(10..=50),
        };
        let pause = millis(params.f64("step_ms")?);
        Ok(Box::new(move |ctx: &JobContext| {
            ctx.status(format!("{iterations} iterations"));
            ctx.progress(0, iterations);
            let mut value = 0.0;
            for n in 0..iterations {
                step(ctx, pause)?;
                if n == 30 {
                    return Err(JobError::msg("division by zero at n = 30"));
                }
                value = 2.0 / (30.0 - n as f64);
                ctx.data(n as f64, value);
                ctx.progress(n + 1, iterations);
            }
            Ok(json!({ "number": iterations, "value": value }))
        }))
    }
}
