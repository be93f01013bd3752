//! The engine's one error type.

use std::fmt;
use std::sync::Arc;

use serde::ser::SerializeStruct;

use crate::{JobId, JobState};

/// A `Result` whose error is the engine's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong when configuring or driving the engine.
///
/// Errors that cross into a UI serialize as `{ "code": "...", "message": "..." }`, plus
/// `"field"` when a single parameter is at fault, so a form can show the message beside it.
/// See [`Error::code`] for the codes.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// No job kind is registered under this name.
    #[error("unknown job kind `{kind}` (known kinds: {known})")]
    UnknownKind {
        /// The name that was asked for.
        kind: String,
        /// The registered names, comma-separated.
        known: String,
    },
    /// A parameter is missing, of the wrong type, or out of range; nothing was queued.
    #[error("{kind}: parameter `{field}` {reason}")]
    InvalidParams {
        /// The job kind.
        kind: String,
        /// The parameter at fault (or `"params"` when the whole object is wrong).
        field: String,
        /// What is wrong, with the value given, e.g. "must be at least 1, got -5".
        reason: String,
    },
    /// A field of the [`JobSpec`](crate::JobSpec) itself (not of its parameters) is out of
    /// range, e.g. `retries` above 10; nothing was queued.
    #[error("invalid job spec: `{field}` {reason}")]
    InvalidSpec {
        /// The spec's field at fault, by its wire name: `retries` or `backoffS`.
        field: &'static str,
        /// What is wrong, with the value given.
        reason: String,
    },
    /// No job with this id is held by the engine.
    #[error("no job with id {id}")]
    NotFound {
        /// The id that was asked for.
        id: JobId,
    },
    /// The job has reported no point to a series of this name.
    #[error("job {id} has no series `{series}` (its series: {known})")]
    UnknownSeries {
        /// Which job.
        id: JobId,
        /// The name that was asked for.
        series: String,
        /// The names it has, comma-separated (empty when none).
        known: String,
    },
    /// The request does not fit the job's current state, e.g. pausing a queued job.
    #[error("job {id} is {state:?}: {reason}")]
    InvalidState {
        /// Which job.
        id: JobId,
        /// The state it is in.
        state: JobState,
        /// Why the request does not apply.
        reason: String,
    },
    /// A builder option or runtime setting is out of range.
    #[error("invalid {option} = {value}: {reason}")]
    InvalidConfig {
        /// The option, e.g. `"max_concurrent"`.
        option: &'static str,
        /// The value given.
        value: String,
        /// The allowed range or rule.
        reason: String,
    },
    /// The engine has been shut down and accepts no more work.
    #[error("the engine has been shut down")]
    ShutDown,
    /// Shutdown did not finish in time: some jobs had not reached a checkpoint (it says how
    /// many).
    #[error("shutdown timed out after {waited_ms} ms with {still_running} job(s) still running")]
    ShutdownTimeout {
        /// How long shutdown waited.
        waited_ms: u64,
        /// Jobs that had not ended.
        still_running: usize,
    },
    /// A thread could not be started.
    #[error("could not start the engine's threads: {what}: {source}")]
    Spawn {
        /// What was being started, e.g. `"flusher thread"` or `"jobdeck-job pool"`.
        what: String,
        /// Why: the operating system's error, also the error's
        /// [`source`](std::error::Error::source).
        source: SpawnCause,
    },
}

/// Why a thread could not be started: the underlying error, shared so that [`Error`] stays
/// `Clone`. Two are equal when their messages are.
#[derive(Clone)]
pub struct SpawnCause(Arc<dyn std::error::Error + Send + Sync + 'static>);

impl SpawnCause {
    pub(crate) fn new(error: impl std::error::Error + Send + Sync + 'static) -> Self {
        SpawnCause(Arc::new(error))
    }

    /// The underlying error (a [`std::io::Error`], or rayon's error wrapping one), e.g. to
    /// downcast it.
    pub fn get_ref(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        &*self.0
    }
}

impl fmt::Debug for SpawnCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for SpawnCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl std::error::Error for SpawnCause {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source()
    }
}

impl PartialEq for SpawnCause {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || self.0.to_string() == other.0.to_string()
    }
}

impl Error {
    /// A stable machine-readable code for the error's variant:
    /// `unknown_kind`, `invalid_params`, `invalid_spec`, `not_found`, `unknown_series`, `invalid_state`, `invalid_config`,
    /// `shut_down`, `shutdown_timeout`, `spawn_failed`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::UnknownKind { .. } => "unknown_kind",
            Error::InvalidParams { .. } => "invalid_params",
            Error::InvalidSpec { .. } => "invalid_spec",
            Error::NotFound { .. } => "not_found",
            Error::UnknownSeries { .. } => "unknown_series",
            Error::InvalidState { .. } => "invalid_state",
            Error::InvalidConfig { .. } => "invalid_config",
            Error::ShutDown => "shut_down",
            Error::ShutdownTimeout { .. } => "shutdown_timeout",
            Error::Spawn { .. } => "spawn_failed",
        }
    }

    /// The parameter (or, for [`Error::InvalidSpec`], the spec's field) at fault, for errors
    /// about a single one.
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::InvalidParams { field, .. } => Some(field),
            Error::InvalidSpec { field, .. } => Some(field),
            _ => None,
        }
    }
}

impl serde::Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let field = self.field();
        let mut s = serializer.serialize_struct("Error", if field.is_some() { 3 } else { 2 })?;
        s.serialize_field("code", self.code())?;
        s.serialize_field("message", &self.to_string())?;
        if let Some(field) = field {
            s.serialize_field("field", field)?;
        }
        s.end()
    }
}

/// The shape an [`Error`] takes once serialized, for TypeScript consumers.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ErrorPayload {
    /// See [`Error::code`]; consumers may add their own codes.
    pub code: String,
    /// A sentence for a person.
    pub message: String,
    /// The parameter at fault, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub field: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_serializes_as_code_message_field() {
        let err = Error::InvalidParams {
            kind: "progress".into(),
            field: "steps".into(),
            reason: "must be at least 1, got -5".into(),
        };
        assert_eq!(
            serde_json::to_value(&err).unwrap(),
            serde_json::json!({
                "code": "invalid_params",
                "message": "progress: parameter `steps` must be at least 1, got -5",
                "field": "steps"
            })
        );
        assert_eq!(
            serde_json::to_value(Error::ShutDown).unwrap(),
            serde_json::json!({"code": "shut_down", "message": "the engine has been shut down"})
        );
    }

    #[test]
    fn a_spawn_failure_keeps_the_system_error_as_its_source() {
        use std::error::Error as _;
        let os = std::io::Error::new(std::io::ErrorKind::WouldBlock, "Resource temporarily unavailable");
        let err = Error::Spawn { what: "flusher thread".into(), source: SpawnCause::new(os) };
        assert_eq!(
            err.to_string(),
            "could not start the engine's threads: flusher thread: Resource temporarily unavailable"
        );
        assert_eq!(err.code(), "spawn_failed");
        let source = err.source().expect("the io::Error is kept");
        let io = source.downcast_ref::<SpawnCause>().unwrap().get_ref().downcast_ref::<std::io::Error>();
        assert_eq!(io.map(std::io::Error::kind), Some(std::io::ErrorKind::WouldBlock));
        assert_eq!(err.clone(), err, "still Clone and PartialEq");
    }
}
