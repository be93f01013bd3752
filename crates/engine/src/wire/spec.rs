//! What a caller submits: a job kind, its parameters and a priority.

use serde::{Deserialize, Serialize};

use crate::Priority;

/// A request to run one job.
///
/// `params` is a JSON object validated against the kind's [`ParamSpec`](crate::ParamSpec)s
/// before anything is queued; keys left out take their defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct JobSpec {
    /// The job kind's name, e.g. `"progress"`.
    pub kind: String,
    /// The parameters as a JSON object (`{}` or left out: all defaults).
    #[serde(default = "empty_object")]
    pub params: serde_json::Value,
    /// Queue priority; `normal` when left out.
    #[serde(default)]
    pub priority: Priority,
}

impl JobSpec {
    /// A spec for `kind` with default parameters and normal priority.
    pub fn new(kind: impl Into<String>) -> Self {
        JobSpec { kind: kind.into(), params: empty_object(), priority: Priority::Normal }
    }

    /// Sets the parameters (a JSON object).
    pub fn params(mut self, params: serde_json::Value) -> Self {
        self.params = params;
        self
    }

    /// Sets the priority.
    pub fn priority(mut self, priority: Priority) -> Self {
        self.priority = priority;
        self
    }
}

fn empty_object() -> serde_json::Value {
    serde_json::Value::Object(Default::default())
}
