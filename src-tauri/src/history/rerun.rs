//! Running stored jobs again: Re-run (any finished job, or a selection), "Retry all failed"
//! and "Resume N queued jobs". Each makes new jobs (new ids) linked to the job they repeat
//! (`retry_of`), so the history shows the chain; nothing is ever re-run without the user asking.
//!
//! A re-run is a fresh first attempt with the job's retry settings, as the engine's own
//! [`Engine::rerun`] makes it: that is used while the engine still holds the job (this
//! session), else the stored record's [`rerun_spec`](JobRecord::rerun_spec), linked by hand. A
//! resumed job continues its chain: the attempt it was, with the retries it had left.

use jobdeck_engine::{Engine, JobId};
use jobdeck_history::{HistoryState, JobFilter, JobLink, JobRecord, MAX_PAGE_SIZE};

use super::AppHistory;
use crate::contract::MAX_COUNT;
use crate::error::{Error, Result};

/// Re-runs the stored jobs `ids`, in that order; returns the new jobs' ids.
///
/// All or nothing on the ids: an id the history does not have (`not_found`) or a job that has
/// not finished (`invalid_argument`, field `ids`) rejects the whole call before anything is
/// queued.
pub(crate) fn rerun(engine: &Engine, h: &AppHistory, ids: &[JobId]) -> Result<Vec<JobId>> {
    let history = h.require()?;
    let mut records = Vec::with_capacity(ids.len());
    for &id in ids {
        let record = history.job(id)?.ok_or(jobdeck_history::Error::NotFound { id })?;
        if !record.state.is_terminal() {
            return Err(Error::invalid(
                "ids",
                format!("job {id} is {} (only finished jobs can be re-run)", record.state.as_str()),
            ));
        }
        records.push(record);
    }
    submit_again(engine, h, &records)
}

/// Re-runs every failed job that nothing has retried yet (neither an automatic retry, a
/// Re-run, nor an earlier click), oldest first, at most [`MAX_COUNT`]; returns the new ids.
pub(crate) fn retry_failed(engine: &Engine, h: &AppHistory) -> Result<Vec<JobId>> {
    let history = h.require()?;
    let failed = JobFilter::new().state(HistoryState::Failed);
    let mut records: Vec<JobRecord> = Vec::new();
    let mut after = None;
    loop {
        let page = history.page(&failed, after.as_ref(), MAX_PAGE_SIZE)?;
        let ids: Vec<JobId> = page.jobs.iter().map(|j| j.id).collect();
        let retried = history.retried(&ids)?;
        let done = h.retried();
        records.extend(page.jobs.into_iter().filter(|j| !retried.contains(&j.id) && !done.contains(&j.id)));
        drop(done);
        match page.next {
            Some(next) if records.len() < MAX_COUNT as usize => after = Some(next),
            _ => break,
        }
    }
    records.truncate(MAX_COUNT as usize);
    records.reverse(); // pages are newest first; retry in the order they first ran
    let new = submit_again(engine, h, &records)?;
    h.retried().extend(records.iter().map(|r| r.id));
    Ok(new)
}

/// Queues again the jobs that were waiting in the queue when Jobdeck last stopped (oldest
/// first); returns the new ids. Offered once: later calls queue nothing and return `[]`.
pub(crate) fn resume_queued(engine: &Engine, h: &AppHistory) -> Result<Vec<JobId>> {
    h.require()?;
    let queued = std::mem::take(&mut *h.queued());
    let mut new = Vec::with_capacity(queued.len());
    for (i, job) in queued.iter().enumerate() {
        match engine.submit(job.spec()) {
            Ok(id) => {
                link(h, id, JobLink { attempt: job.attempt, retry_of: Some(job.id) });
                new.push(id);
            }
            Err(e) => {
                // Keep the rest on offer: the user can try again.
                h.queued().extend(queued[i..].iter().cloned());
                return Err(e.into());
            }
        }
    }
    Ok(new)
}

fn submit_again(engine: &Engine, h: &AppHistory, records: &[JobRecord]) -> Result<Vec<JobId>> {
    let mut new = Vec::with_capacity(records.len());
    for r in records {
        let id = match engine.rerun(r.id) {
            // The engine links it (its Queued event carries `retry_of`).
            Ok(id) => id,
            // A job of an earlier session (or one cleared from the table).
            Err(jobdeck_engine::Error::NotFound { .. }) => {
                let id = engine.submit(r.rerun_spec())?;
                link(h, id, JobLink { attempt: 1, retry_of: Some(r.id) });
                id
            }
            Err(e) => return Err(e.into()),
        };
        new.push(id);
    }
    Ok(new)
}

/// Records how `id` relates to the job it repeats.
fn link(h: &AppHistory, id: JobId, link: JobLink) {
    if let Some(history) = h.get() {
        // Fails only once the history is closed (the app is exiting): nothing to record then.
        let _ = history.link(id, link);
    }
}
