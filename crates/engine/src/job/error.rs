//! How a job body says it did not succeed.

use std::fmt;

/// Why a job body ended without a result.
///
/// `?` converts any [`std::error::Error`] into [`JobError::Failed`] with its message, and
/// the context's [`checkpoint`](crate::JobContext::checkpoint) and
/// [`sleep`](crate::JobContext::sleep) return [`JobError::Cancelled`] once the job is asked
/// to stop, so `ctx.checkpoint()?` is all a loop needs.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum JobError {
    /// The job stopped because it was cancelled; it ends as `Cancelled`.
    Cancelled,
    /// The job failed; it ends as `Failed` with this message.
    Failed(String),
}

impl JobError {
    /// A failure with this message.
    pub fn msg(message: impl fmt::Display) -> Self {
        JobError::Failed(message.to_string())
    }
}

impl fmt::Display for JobError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JobError::Cancelled => f.write_str("cancelled"),
            JobError::Failed(message) => f.write_str(message),
        }
    }
}

// Like `anyhow::Error`, JobError does not implement `std::error::Error` itself, which is what
// lets this blanket conversion exist.
impl<E: std::error::Error> From<E> for JobError {
    fn from(error: E) -> Self {
        JobError::Failed(error.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn question_mark_converts_errors_to_failures() {
        fn read() -> Result<(), JobError> {
            std::fs::read("/surely/not/here/jobdeck")?;
            Ok(())
        }
        assert!(matches!(read(), Err(JobError::Failed(m)) if !m.is_empty()));
        assert_eq!(JobError::msg("boom").to_string(), "boom");
        assert_eq!(JobError::Cancelled.to_string(), "cancelled");
    }
}
