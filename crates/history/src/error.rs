//! The history's one error type.

use std::path::PathBuf;

use jobdeck_engine::JobId;
use serde::ser::SerializeStruct;

/// A `Result` whose error is the history's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong when opening, writing, querying or exporting the history.
///
/// Errors that cross into a UI serialize as `{ "code": "...", "message": "..." }` (the
/// engine's shape, so one TypeScript type reads both). See [`Error::code`] for the codes.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The data folder or the database file could not be created or opened (permissions, a
    /// read-only disk, a path that is not a folder). Nothing was moved or changed.
    #[error("could not open the history at {}: {reason}", path.display())]
    Open {
        /// The database file (or the folder, if that is what failed).
        path: PathBuf,
        /// What the operating system or SQLite said.
        reason: String,
    },
    /// The database was written by a newer Jobdeck: it is refused and left untouched.
    #[error(
        "the history at {} was written by a newer Jobdeck ({written_by}, schema version {found}); \
         this version reads schema versions up to {supported}, so it left the file untouched",
        path.display()
    )]
    NewerSchema {
        /// The database file.
        path: PathBuf,
        /// The schema version found in the file.
        found: u32,
        /// The newest schema version this build knows ([`SCHEMA_VERSION`](crate::SCHEMA_VERSION)).
        supported: u32,
        /// The program that last migrated the file, as it recorded itself.
        written_by: String,
    },
    /// Another process holds the database locked for longer than the busy timeout (most
    /// likely a second Jobdeck on the same data folder).
    #[error("the history at {} is locked by another process", path.display())]
    Busy {
        /// The database file.
        path: PathBuf,
    },
    /// The database was damaged and could not be moved aside (so no fresh one could start).
    #[error("the history at {} is damaged ({reason}) and could not be moved aside: {move_error}", path.display())]
    Damaged {
        /// The database file.
        path: PathBuf,
        /// What the check found.
        reason: String,
        /// Why renaming it failed.
        move_error: String,
    },
    /// The disk (or the configured size limit) is full; the write will be retried.
    #[error("the history could not be saved: the disk is full ({reason})")]
    DiskFull {
        /// What SQLite said.
        reason: String,
    },
    /// Any other failure to write to the database.
    #[error("the history could not be saved: {reason}")]
    Write {
        /// What SQLite said.
        reason: String,
    },
    /// A query failed (a damaged page, an I/O error).
    #[error("the history could not be read: {reason}")]
    Read {
        /// What SQLite said.
        reason: String,
    },
    /// No job with this id is in the history.
    #[error("no job with id {id} in the history")]
    NotFound {
        /// The id that was asked for.
        id: JobId,
    },
    /// A page cursor that this history did not hand out.
    #[error("invalid page cursor `{cursor}`: {reason}")]
    InvalidCursor {
        /// The cursor given.
        cursor: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A setting's key or value is out of range.
    #[error("invalid setting `{key}`: {reason}")]
    InvalidSetting {
        /// The setting, e.g. `"history.retention"`.
        key: String,
        /// The allowed range or rule.
        reason: String,
    },
    /// An export could not write its file.
    #[error("could not export to {}: {reason}", path.display())]
    Export {
        /// The file the caller asked for.
        path: PathBuf,
        /// What went wrong.
        reason: String,
    },
    /// The history has been closed (or its writer thread is gone).
    #[error("the history has been closed")]
    Closed,
}

impl Error {
    /// A stable machine-readable code for the error's variant:
    /// `open_failed`, `newer_schema`, `busy`, `damaged`, `disk_full`, `write_failed`,
    /// `read_failed`, `not_found`, `invalid_cursor`, `invalid_setting`, `export_failed`,
    /// `closed`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Open { .. } => "open_failed",
            Error::NewerSchema { .. } => "newer_schema",
            Error::Busy { .. } => "busy",
            Error::Damaged { .. } => "damaged",
            Error::DiskFull { .. } => "disk_full",
            Error::Write { .. } => "write_failed",
            Error::Read { .. } => "read_failed",
            Error::NotFound { .. } => "not_found",
            Error::InvalidCursor { .. } => "invalid_cursor",
            Error::InvalidSetting { .. } => "invalid_setting",
            Error::Export { .. } => "export_failed",
            Error::Closed => "closed",
        }
    }

    /// A failed write: `DiskFull` when SQLite says the disk (or the size limit) is full.
    pub(crate) fn write(err: rusqlite::Error) -> Error {
        if sqlite_code(&err) == Some(rusqlite::ErrorCode::DiskFull) {
            Error::DiskFull { reason: err.to_string() }
        } else {
            Error::Write { reason: err.to_string() }
        }
    }

    /// A failed read.
    pub(crate) fn read(err: rusqlite::Error) -> Error {
        Error::Read { reason: err.to_string() }
    }
}

/// SQLite's primary result code behind a rusqlite error, if it came from SQLite.
pub(crate) fn sqlite_code(err: &rusqlite::Error) -> Option<rusqlite::ErrorCode> {
    match err {
        rusqlite::Error::SqliteFailure(e, _) => Some(e.code),
        _ => None,
    }
}

impl serde::Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Error", 2)?;
        s.serialize_field("code", self.code())?;
        s.serialize_field("message", &self.to_string())?;
        s.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_serializes_as_code_and_message() {
        let err = Error::NewerSchema {
            path: PathBuf::from("/data/history.sqlite3"),
            found: 9,
            supported: 2,
            written_by: "jobdeck-history 0.9.0".into(),
        };
        assert_eq!(
            serde_json::to_value(&err).unwrap(),
            serde_json::json!({
                "code": "newer_schema",
                "message": "the history at /data/history.sqlite3 was written by a newer Jobdeck \
                            (jobdeck-history 0.9.0, schema version 9); this version reads schema \
                            versions up to 2, so it left the file untouched"
            })
        );
        assert_eq!(
            serde_json::to_value(Error::Closed).unwrap(),
            serde_json::json!({"code": "closed", "message": "the history has been closed"})
        );
    }
}
