//! What a caller submits: a job kind, its parameters, a priority, and how to retry it.

use serde::{Deserialize, Serialize};

use crate::{Error, Priority, Result};

/// Most automatic retries a spec may ask for ([`JobSpec::retries`]).
pub const MAX_RETRIES: u32 = 10;
/// The base delay before a first retry when a spec sets none ([`JobSpec::backoff_s`]).
pub const DEFAULT_BACKOFF_S: f64 = 1.0;
/// Largest base delay a spec may set, in seconds; also the cap on any one retry's delay.
pub const MAX_BACKOFF_S: f64 = 3600.0;

/// A request to run one job.
///
/// `params` is a JSON object validated against the kind's [`ParamSpec`](crate::ParamSpec)s
/// before anything is queued; keys left out take their defaults.
///
/// With `retries` > 0, an attempt that ends `Failed` (an error or a panic, never a cancel) is
/// followed by a new job of the same kind, parameters and priority, held until its delay
/// has passed (see [`JobSpec::backoff_s`] for the formula).
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
    /// Automatic retries after a failed attempt, `0..=10` ([`MAX_RETRIES`]); 0 (no retry)
    /// when left out. A job runs at most `retries + 1` times.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub retries: u32,
    /// The base of the exponential backoff between attempts, in seconds, `0..=3600`
    /// ([`MAX_BACKOFF_S`]); 1 ([`DEFAULT_BACKOFF_S`]) when left out. Wire name `backoffS`.
    #[serde(default = "default_backoff", skip_serializing_if = "is_default_backoff")]
    pub backoff_s: f64,
}

impl JobSpec {
    /// A spec for `kind` with default parameters, normal priority and no retry.
    pub fn new(kind: impl Into<String>) -> Self {
        JobSpec {
            kind: kind.into(),
            params: empty_object(),
            priority: Priority::Normal,
            retries: 0,
            backoff_s: DEFAULT_BACKOFF_S,
        }
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

    /// Sets how many times a failed attempt is retried automatically (`0..=10`, checked at
    /// submit).
    ///
    /// A retry's body is prepared (the kind's [`prepare`](crate::JobKind::prepare), with the
    /// validated parameters) when the attempt before it fails, on that attempt's job thread;
    /// should `prepare` refuse then (e.g. a folder that is gone), no retry follows and the
    /// engine warns (see [`EngineBuilder::on_warning`](crate::EngineBuilder::on_warning)).
    pub fn retries(mut self, retries: u32) -> Self {
        self.retries = retries;
        self
    }

    /// Sets the base delay between attempts, in seconds (finite, `0..=3600`, checked at
    /// submit).
    ///
    /// After attempt `n` fails, attempt `n + 1` is held for
    /// `min(backoff_s × 2^(n−1) × j, 3600 s)`, where the jitter `j` is drawn uniformly from
    /// `[0.5, 1.5)` for each retry: with the default 1 s, about 1 s, 2 s, 4 s, … (±50 %).
    /// The jitter keeps many jobs that failed together (a service that went down) from
    /// retrying in lockstep.
    pub fn backoff_s(mut self, seconds: f64) -> Self {
        self.backoff_s = seconds;
        self
    }

    /// Checks the fields the engine reads itself (the kind checks `params`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidSpec`] naming `retries` or `backoffS`.
    pub(crate) fn check(&self) -> Result<()> {
        if self.retries > MAX_RETRIES {
            return Err(Error::InvalidSpec {
                field: "retries",
                reason: format!("must be 0..={MAX_RETRIES}, got {}", self.retries),
            });
        }
        if !(self.backoff_s.is_finite() && (0.0..=MAX_BACKOFF_S).contains(&self.backoff_s)) {
            return Err(Error::InvalidSpec {
                field: "backoffS",
                reason: format!("must be a number of seconds 0..={MAX_BACKOFF_S}, got {}", self.backoff_s),
            });
        }
        Ok(())
    }
}

fn empty_object() -> serde_json::Value {
    serde_json::Value::Object(Default::default())
}

fn default_backoff() -> f64 {
    DEFAULT_BACKOFF_S
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

fn is_default_backoff(s: &f64) -> bool {
    *s == DEFAULT_BACKOFF_S
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn retry_fields_are_optional_on_the_wire() {
        let spec: JobSpec = serde_json::from_value(json!({"kind": "noop"})).unwrap();
        assert_eq!((spec.retries, spec.backoff_s), (0, DEFAULT_BACKOFF_S));
        assert_eq!(
            serde_json::to_value(&spec).unwrap(),
            json!({"kind": "noop", "params": {}, "priority": "normal"})
        );
        let spec: JobSpec =
            serde_json::from_value(json!({"kind": "noop", "retries": 3, "backoffS": 0.25})).unwrap();
        assert_eq!(spec, JobSpec::new("noop").retries(3).backoff_s(0.25));
        assert_eq!(serde_json::to_value(&spec).unwrap()["backoffS"], json!(0.25));
    }

    #[test]
    fn retries_and_backoff_are_range_checked() {
        assert!(JobSpec::new("noop").retries(10).backoff_s(3600.0).check().is_ok());
        assert!(JobSpec::new("noop").backoff_s(0.0).check().is_ok());
        for (spec, field) in [
            (JobSpec::new("noop").retries(11), "retries"),
            (JobSpec::new("noop").backoff_s(-0.5), "backoffS"),
            (JobSpec::new("noop").backoff_s(3600.5), "backoffS"),
            (JobSpec::new("noop").backoff_s(f64::NAN), "backoffS"),
            (JobSpec::new("noop").backoff_s(f64::INFINITY), "backoffS"),
        ] {
            let err = spec.check().unwrap_err();
            assert_eq!((err.code(), err.field()), ("invalid_spec", Some(field)), "{spec:?}");
        }
    }
}
