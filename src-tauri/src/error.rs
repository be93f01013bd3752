//! The shell's one error type: everything a command can reject with.

use jobdeck_engine::{ErrorPayload, JobId};

/// A `Result` whose error is the shell's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why a command was rejected.
///
/// Every variant crosses the IPC as an [`ErrorPayload`] `{ "code", "message", "field"? }`,
/// never as a bare string, so the UI can show the message where the user acted and next to
/// the field at fault.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The engine refused the request; its code, message and field pass through unchanged.
    #[error(transparent)]
    Engine(#[from] jobdeck_engine::Error),
    /// An argument was missing, of the wrong type or out of range before it reached the
    /// engine (code `invalid_argument`), e.g. a malformed job id or a count of 0.
    #[error("invalid `{field}`: {reason}")]
    InvalidArgument {
        /// The argument's name as the UI passes it (camelCase), e.g. `"count"`.
        field: &'static str,
        /// What is wrong, with the value given.
        reason: String,
    },
    /// The job has no log file to open (code `no_log_file`): it has written no line yet, or
    /// the app keeps logs in memory only.
    #[error("job {id} has no log file")]
    NoLogFile {
        /// The job asked for.
        id: JobId,
    },
    /// The system's viewer could not be started on a log file (code `open_failed`).
    #[error("could not open {path}: {reason}")]
    OpenFailed {
        /// The log file.
        path: String,
        /// What the opener reported.
        reason: String,
    },
    /// The history refused the request (its codes pass through: `not_found`, `read_failed`,
    /// `export_failed`, ...).
    #[error(transparent)]
    History(#[from] jobdeck_history::Error),
    /// The history could not be opened at start-up (code `history_unavailable`): jobs run,
    /// but nothing is recorded or listed. The reason is the opening error's message.
    #[error("the job history is not available: {reason}")]
    NoHistory {
        /// Why it could not be opened.
        reason: String,
    },
    /// The save dialog failed (code `dialog_failed`).
    #[error("the save dialog failed: {reason}")]
    Dialog {
        /// What the dialog reported.
        reason: String,
    },
    /// An export could not be written to the picked file (code `save_failed`).
    #[error("could not save {path}: {reason}")]
    SaveFailed {
        /// The picked file.
        path: String,
        /// What the operating system said.
        reason: String,
    },
    /// A command panicked (code `internal`); the app keeps running.
    #[error("internal error in `{command}`: {message}")]
    Internal {
        /// The command that panicked.
        command: &'static str,
        /// The panic's message.
        message: String,
    },
}

impl Error {
    /// A stable machine-readable code: the engine's codes (see
    /// [`jobdeck_engine::Error::code`]) and the history's ([`jobdeck_history::Error::code`]),
    /// plus `invalid_argument`, `no_log_file`, `open_failed`, `history_unavailable`,
    /// `dialog_failed`, `save_failed` and `internal`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Engine(e) => e.code(),
            Error::InvalidArgument { .. } => "invalid_argument",
            Error::NoLogFile { .. } => "no_log_file",
            Error::OpenFailed { .. } => "open_failed",
            Error::History(e) => e.code(),
            Error::NoHistory { .. } => "history_unavailable",
            Error::Dialog { .. } => "dialog_failed",
            Error::SaveFailed { .. } => "save_failed",
            Error::Internal { .. } => "internal",
        }
    }

    /// The argument or job parameter at fault, when there is one.
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::Engine(e) => e.field(),
            Error::InvalidArgument { field, .. } => Some(field),
            Error::NoLogFile { .. }
            | Error::OpenFailed { .. }
            | Error::History(_)
            | Error::NoHistory { .. }
            | Error::Dialog { .. }
            | Error::SaveFailed { .. }
            | Error::Internal { .. } => None,
        }
    }

    /// The wire form of this error.
    pub fn payload(&self) -> ErrorPayload {
        ErrorPayload {
            code: self.code().to_owned(),
            message: self.to_string(),
            field: self.field().map(str::to_owned),
        }
    }

    pub(crate) fn invalid(field: &'static str, reason: impl Into<String>) -> Self {
        Error::InvalidArgument { field, reason: reason.into() }
    }
}

impl serde::Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.payload().serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn invalid_argument_serializes_as_code_message_field() {
        let err = Error::invalid("count", "must be 1..=10000, got 0");
        assert_eq!(
            serde_json::to_value(&err).unwrap(),
            json!({
                "code": "invalid_argument",
                "message": "invalid `count`: must be 1..=10000, got 0",
                "field": "count"
            })
        );
    }

    #[test]
    fn engine_errors_pass_through_unchanged() {
        let engine = jobdeck_engine::Error::InvalidParams {
            kind: "progress".into(),
            field: "steps".into(),
            reason: "must be at least 1, got -5".into(),
        };
        assert_eq!(
            serde_json::to_value(Error::from(engine.clone())).unwrap(),
            serde_json::to_value(&engine).unwrap()
        );
        assert_eq!(
            serde_json::to_value(Error::from(jobdeck_engine::Error::ShutDown)).unwrap(),
            json!({"code": "shut_down", "message": "the engine has been shut down"})
        );
    }

    #[test]
    fn internal_errors_have_no_field() {
        let err = Error::Internal { command: "submit", message: "boom".into() };
        assert_eq!(
            serde_json::to_value(&err).unwrap(),
            json!({"code": "internal", "message": "internal error in `submit`: boom"})
        );
    }
}
