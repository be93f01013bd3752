//! What the history stores per job, as its callers see it.

mod job;
mod series;
mod state;

pub(crate) use job::{
    from_row, id_col, json_col, opt_id_col, priority_from_str, priority_str, JOB_COLUMNS, JOB_COLUMN_COUNT,
};
pub use job::{JobLink, JobLog, JobRecord, QueuedJob};
pub use series::StoredSeries;
pub(crate) use series::{decode, encode};
pub use state::HistoryState;
