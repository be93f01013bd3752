//! How long finished jobs are kept.

use std::time::Duration;

use rusqlite::{Connection, TransactionBehavior};
use serde::{Deserialize, Serialize};

use crate::{settings, Error, Result};

/// The settings key the retention is stored under.
pub(crate) const RETENTION_KEY: &str = "history.retention";

/// SQL list of the terminal states (only those are ever deleted).
pub(crate) const TERMINAL_STATES_SQL: &str = "('succeeded', 'failed', 'cancelled', 'interrupted')";

/// How often the writer applies the retention by itself, besides at start and after every
/// [`RETENTION_EVERY_JOBS`] new jobs.
pub(crate) const RETENTION_INTERVAL: Duration = Duration::from_secs(3600);

/// The writer applies the retention again once this many jobs were recorded since it last did.
pub(crate) const RETENTION_EVERY_JOBS: u64 = 1_000;

/// Which finished jobs the history keeps; older ones are deleted (with their series and
/// log), oldest first. Queued, running and paused jobs are never deleted.
///
/// Applied when the history opens, after every 1,000 new jobs, and hourly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Retention {
    /// Keep at most this many jobs (1 to 100,000,000); `None`: no limit.
    pub max_jobs: Option<u64>,
    /// Keep jobs submitted within this many days (1 to 36,500); `None`: no limit.
    pub max_age_days: Option<u32>,
}

/// The retention until the user changes it: the newest 100,000 jobs, however old.
///
/// A count, not an age, because what a large history costs grows with the number of jobs,
/// not with their age: 100,000 is the size at which the bench checks the goals (a query in
/// ≤ 50 ms, start-up ≤ 100 ms slower than with an empty history), and what the disk holds
/// grows with it: about 35 MB for 100,000 jobs with small parameters and results, plus
/// 16 bytes per stored series point (up to 320 KB for a full series). An age limit would
/// delete a quiet user's only records while doing nothing against a busy user's millions.
/// No age limit by default, then — GNU parallel's joblog and pueue also keep everything
/// until asked.
pub const DEFAULT_RETENTION: Retention = Retention { max_jobs: Some(100_000), max_age_days: None };

impl Default for Retention {
    fn default() -> Self {
        DEFAULT_RETENTION
    }
}

impl Retention {
    pub(crate) fn check(&self) -> Result<()> {
        let bad =
            |reason: &str| Err(Error::InvalidSetting { key: RETENTION_KEY.into(), reason: reason.into() });
        if self.max_jobs.is_some_and(|n| !(1..=100_000_000).contains(&n)) {
            return bad(&format!("maxJobs must be 1 to 100000000, got {}", self.max_jobs.unwrap_or(0)));
        }
        if self.max_age_days.is_some_and(|d| !(1..=36_500).contains(&d)) {
            return bad(&format!("maxAgeDays must be 1 to 36500, got {}", self.max_age_days.unwrap_or(0)));
        }
        Ok(())
    }
}

/// The stored retention (the default when none is stored, or it cannot be read).
pub(crate) fn load(conn: &Connection) -> Retention {
    settings::get(conn, RETENTION_KEY)
        .ok()
        .flatten()
        .and_then(|v| serde_json::from_value::<Retention>(v).ok())
        .filter(|r| r.check().is_ok())
        .unwrap_or_default()
}

/// Deletes what `retention` does not keep, as of `now_ms`; returns how many jobs went.
pub(crate) fn apply(conn: &mut Connection, retention: Retention, now_ms: u64) -> rusqlite::Result<u64> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut deleted = 0;
    if let Some(days) = retention.max_age_days {
        let before = now_ms.saturating_sub(u64::from(days) * 86_400_000);
        deleted += tx.execute(
            &format!("DELETE FROM jobs WHERE submitted_at < ?1 AND state IN {TERMINAL_STATES_SQL}"),
            [before as i64],
        )? as u64;
    }
    if let Some(max) = retention.max_jobs {
        let count: i64 = tx.query_row("SELECT count(*) FROM jobs", [], |r| r.get(0))?;
        let excess = count - max as i64;
        if excess > 0 {
            deleted += tx.execute(
                &format!(
                    "DELETE FROM jobs WHERE seq IN (SELECT seq FROM jobs WHERE state IN {TERMINAL_STATES_SQL}
                     ORDER BY seq LIMIT ?1)"
                ),
                [excess],
            )? as u64;
        }
    }
    tx.commit()?;
    Ok(deleted)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::HistoryState;

    #[test]
    fn the_terminal_list_names_exactly_the_terminal_states() {
        for s in HistoryState::ALL {
            assert_eq!(TERMINAL_STATES_SQL.contains(&format!("'{}'", s.as_str())), s.is_terminal(), "{s:?}");
        }
    }

    #[test]
    fn limits_are_checked() {
        assert!(DEFAULT_RETENTION.check().is_ok());
        let err = Retention { max_jobs: Some(0), max_age_days: None }.check().unwrap_err();
        assert_eq!(err.code(), "invalid_setting");
        assert!(Retention { max_jobs: None, max_age_days: Some(36_501) }.check().is_err());
    }
}
