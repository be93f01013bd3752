//! `progress`: the seed's progress worker.

use serde_json::json;

use super::{millis, step};
use crate::{JobContext, JobFn, JobKind, KindInfo, ParamSpec, Params, Result};

/// `steps` steps of `step_ms` each, reporting progress after each; result `{steps}`.
pub(crate) struct Progress;

impl JobKind for Progress {
    fn info(&self) -> KindInfo {
        KindInfo::new(
            "progress",
            "Progress",
            "Counts through its steps, sleeping between them, and reports progress. Result: {steps}.",
        )
        .param(
            ParamSpec::integer("steps", "Steps", "How many steps (default 1000).")
                .default(1000)
                .range(1.0, 10_000_000.0),
        )
        .param(
            ParamSpec::number(
                "step_ms",
                "Step (ms)",
                "Milliseconds per step, fractions allowed; 0 = no sleep (default 10).",
            )
            .default(10)
            .range(0.0, 60_000.0),
        )
    }

    fn prepare(&self, params: &Params) -> Result<JobFn> {
        let steps = params.u64("steps")?;
        let pause = millis(params.f64("step_ms")?);
        Ok(Box::new(move |ctx: &JobContext| {
            ctx.progress(0, steps);
            for i in 0..steps {
                step(ctx, pause)?;
                ctx.progress(i + 1, steps);
            }
            Ok(json!({ "steps": steps }))
        }))
    }
}
