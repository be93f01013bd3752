//! `noop`: does nothing, for benchmarks and tests.

use crate::{JobFn, JobKind, KindInfo, Params, Result};

/// Does nothing and succeeds with `null`.
pub(crate) struct Noop;

impl JobKind for Noop {
    fn info(&self) -> KindInfo {
        KindInfo::new(
            "noop",
            "No-op",
            "Does nothing and succeeds at once with null; for benchmarks and tests.",
        )
    }

    fn prepare(&self, _params: &Params) -> Result<JobFn> {
        Ok(Box::new(|_| Ok(serde_json::Value::Null)))
    }
}
