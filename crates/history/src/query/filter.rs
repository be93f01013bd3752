//! What the window asks for: a filter (search text, states, kinds, a date range) or a
//! selection of jobs, and the SQL `WHERE` it becomes.

use jobdeck_engine::JobId;
use rusqlite::types::Value;
use serde::{Deserialize, Serialize};

use super::search::{words, Word};
use crate::HistoryState;

/// Which jobs to list, count, export or delete. The default matches every job.
///
/// Every part must match (AND); inside `states` and `kinds`, any one (OR).
///
/// # Examples
///
/// ```
/// use jobdeck_history::{HistoryState, JobFilter};
///
/// let failed_divisions = JobFilter::new().search("division").state(HistoryState::Failed);
/// let last_week = JobFilter::new().submitted_between(1_700_000_000_000, 1_700_604_800_000);
/// # let _ = (failed_divisions, last_week);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase", default)]
pub struct JobFilter {
    /// The search box's text (see the search rules on [`History::page`](crate::History::page));
    /// empty: no search.
    pub search: String,
    /// Only jobs in one of these states; empty: any state.
    pub states: Vec<HistoryState>,
    /// Only jobs of one of these kinds; empty: any kind.
    pub kinds: Vec<String>,
    /// Only jobs submitted at or after this time (ms since the Unix epoch).
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub submitted_from: Option<u64>,
    /// Only jobs submitted before this time (ms since the Unix epoch).
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub submitted_before: Option<u64>,
}

impl JobFilter {
    /// Matches every job.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the search text.
    pub fn search(mut self, text: impl Into<String>) -> Self {
        self.search = text.into();
        self
    }

    /// Adds a state to the states matched.
    pub fn state(mut self, state: HistoryState) -> Self {
        self.states.push(state);
        self
    }

    /// Adds a kind to the kinds matched.
    pub fn kind(mut self, kind: impl Into<String>) -> Self {
        self.kinds.push(kind.into());
        self
    }

    /// Only jobs submitted in `[from, before)` (ms since the Unix epoch).
    pub fn submitted_between(mut self, from: u64, before: u64) -> Self {
        (self.submitted_from, self.submitted_before) = (Some(from), Some(before));
        self
    }
}

/// The jobs an action applies to: chosen one by one, or everything a filter matches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Selection {
    /// These jobs (ids not in the history are skipped).
    Ids {
        /// The jobs.
        ids: Vec<JobId>,
    },
    /// Every job the filter matches ("select all" in a filtered table).
    Matching {
        /// The filter.
        filter: JobFilter,
    },
}

/// A `WHERE` clause over `jobs` and its parameters.
pub(crate) struct Where {
    pub(crate) sql: String,
    pub(crate) params: Vec<Value>,
}

impl Where {
    fn new() -> Self {
        Where { sql: String::new(), params: Vec::new() }
    }

    /// Adds `AND cond`, where `cond` uses `?` for each of `params`.
    pub(crate) fn and(&mut self, cond: &str, params: impl IntoIterator<Item = Value>) {
        if !self.sql.is_empty() {
            self.sql.push_str(" AND ");
        }
        self.sql.push('(');
        self.sql.push_str(cond);
        self.sql.push(')');
        self.params.extend(params);
    }

    /// The clause, `1` when nothing was added.
    pub(crate) fn clause(&self) -> &str {
        if self.sql.is_empty() {
            "1"
        } else {
            &self.sql
        }
    }
}

fn placeholders(n: usize) -> String {
    vec!["?"; n].join(", ")
}

const MATCH: &str = "seq IN (SELECT rowid FROM jobs_search WHERE jobs_search MATCH ?)";

impl JobFilter {
    pub(crate) fn to_where(&self) -> Where {
        let mut w = Where::new();
        if !self.states.is_empty() {
            w.and(
                &format!("state IN ({})", placeholders(self.states.len())),
                self.states.iter().map(|s| Value::Text(s.as_str().into())),
            );
        }
        if !self.kinds.is_empty() {
            w.and(
                &format!("kind IN ({})", placeholders(self.kinds.len())),
                self.kinds.iter().cloned().map(Value::Text),
            );
        }
        if let Some(from) = self.submitted_from {
            w.and("submitted_at >= ?", [Value::Integer(from as i64)]);
        }
        if let Some(before) = self.submitted_before {
            w.and("submitted_at < ?", [Value::Integer(before as i64)]);
        }
        // Words that are only text go into one MATCH (FTS5 ANDs them); the others each get
        // their own, ORed with the states they name or the ids they begin.
        let words = words(&self.search);
        let only_text = |w: &&Word| w.states.is_empty() && w.ids.is_none();
        let plain: Vec<&str> = words.iter().filter(only_text).map(|w| w.fts.as_str()).collect();
        if !plain.is_empty() {
            w.and(MATCH, [Value::Text(plain.join(" "))]);
        }
        for word in words.iter().filter(|w| !only_text(w)) {
            let mut cond = MATCH.to_owned();
            let mut params = vec![Value::Text(word.fts.clone())];
            if !word.states.is_empty() {
                cond.push_str(&format!(" OR state IN ({})", placeholders(word.states.len())));
                params.extend(word.states.iter().map(|s| Value::Text(s.as_str().into())));
            }
            if let Some((from, to)) = &word.ids {
                cond.push_str(" OR (id >= ? AND id < ?)");
                params.extend([Value::Text(from.clone()), Value::Text(to.clone())]);
            }
            w.and(&cond, params);
        }
        w
    }
}

impl Selection {
    pub(crate) fn to_where(&self) -> Where {
        match self {
            Selection::Ids { ids } => {
                let mut w = Where::new();
                let list = serde_json::to_string(ids).expect("ids serialize");
                w.and("id IN (SELECT value FROM json_each(?))", [Value::Text(list)]);
                w
            }
            Selection::Matching { filter } => filter.to_where(),
        }
    }
}
