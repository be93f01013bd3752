// The only module that talks to the Tauri side: typed functions over the app's commands
// (their names come from the contract, src-tauri/src/contract.rs, through the generated
// `Command` type, so a misspelt one fails `tsc`), the event feed, and the native folder
// picker. Every rejection is normalised to an `ErrorPayload`.

import { invoke } from '@tauri-apps/api/core';
import { open } from '@tauri-apps/plugin-dialog';
import { toErrorPayload } from './errors';
import type { CancelOutcome } from './generated/CancelOutcome';
import type { Command } from './generated/contract';
import type { HistoryNotice, JobFilter, Page, Saved, Selection, StoredSeries } from './historyTypes';
import type { ControlOutcome } from './generated/ControlOutcome';
import type { EventBatch } from './generated/EventBatch';
import type { JobId } from './generated/JobId';
import type { JobSpec } from './generated/JobSpec';
import type { KindInfo } from './generated/KindInfo';
import type { LogChunk } from './generated/LogChunk';
import type { PoolStatus } from './generated/PoolStatus';
import type { SeriesChunk } from './generated/SeriesChunk';
import type { Snapshot } from './generated/Snapshot';

async function call<T>(cmd: Command, args?: Record<string, unknown> | Uint8Array): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw toErrorPayload(e);
  }
}

/** Every job kind with its parameter schema. */
export function listKinds(): Promise<KindInfo[]> {
  return call('list_kinds');
}

/** Submits `count` (1..=`MAX_COUNT`) jobs of one spec; all or nothing. */
export function submit(spec: JobSpec, count: number): Promise<JobId[]> {
  return call('submit', { spec, count });
}

/** Cancels one job: a queued one is removed, a running or paused one asked to stop. */
export function cancel(id: JobId): Promise<CancelOutcome> {
  return call('cancel', { id });
}

/** Cancels every job; returns how many it removed or asked to stop. */
export function cancelAll(): Promise<number> {
  return call('cancel_all');
}

/** Asks a running job to pause at its next checkpoint. */
export function pause(id: JobId): Promise<ControlOutcome> {
  return call('pause', { id });
}

/** Resumes a paused job. */
export function resume(id: JobId): Promise<ControlOutcome> {
  return call('resume', { id });
}

/** Sets the concurrency limit. */
export function setMaxConcurrent(limit: number): Promise<PoolStatus> {
  return call('set_max_concurrent', { limit });
}

/** The engine's whole state now. */
export function snapshot(): Promise<Snapshot> {
  return call('snapshot');
}

/** A job's whole stored series `name` (without a name: its default series). */
export function series(id: JobId, name?: string): Promise<SeriesChunk> {
  return call('series', name === undefined ? { id } : { id, series: name });
}

/** The lines of a job's log tail after line `after` (0: all the tail still holds). */
export function jobLog(id: JobId, after: number): Promise<LogChunk> {
  return call('job_log', { id, after });
}

/**
 * Opens a job's full log file with the system's viewer. The app finds the file from the id
 * (inside its logs folder); the page never names a path.
 */
export function openJobLog(id: JobId): Promise<void> {
  return call('open_job_log', { id });
}

/** Forgets finished jobs; returns their ids. */
export function clearFinished(): Promise<JobId[]> {
  return call('clear_finished');
}

/**
 * The event batches after `after` (the `seq` of the last batch applied, or of the snapshot),
 * oldest first. The app waits up to 10 s for one to come and answers `[]` if none did; ask
 * again either way. Pulled, not pushed: see `src-tauri/src/feed.rs`.
 */
export function nextBatches(after: number): Promise<EventBatch[]> {
  return call('next_batches', { after });
}

/** One page of stored jobs matching `filter`, newest first, after the cursor `after` (null: the first page). */
export function historyPage(filter: JobFilter, after: string | null, limit: number): Promise<Page> {
  return call('history_page', after === null ? { filter, limit } : { filter, after, limit });
}

/** Every job kind in the history, sorted. */
export function historyKinds(): Promise<string[]> {
  return call('history_kinds');
}

/** What opening the history found (moved aside, interrupted, queued at exit) and whether saving works. */
export function historyNotice(): Promise<HistoryNotice> {
  return call('history_notice');
}

/** A stored job's series, sorted by name. */
export function historySeries(id: JobId): Promise<StoredSeries[]> {
  return call('history_series', { id });
}

/** Runs finished jobs again (new, linked jobs); resolves to the new ids. */
export function rerun(ids: JobId[]): Promise<JobId[]> {
  return call('rerun', { ids });
}

/** "Retry all failed": runs every failed job not retried yet again. */
export function retryFailed(): Promise<JobId[]> {
  return call('retry_failed');
}

/** "Resume N queued jobs": queues again the jobs waiting when Jobdeck last stopped (once). */
export function resumeQueued(): Promise<JobId[]> {
  return call('resume_queued');
}

/** Deletes the selected finished jobs from the history; resolves to how many went. */
export function deleteJobs(selection: Selection): Promise<number> {
  return call('delete_jobs', { selection });
}

/** Deletes every finished job submitted before `before` (ms since the epoch). */
export function deleteOlderThan(before: number): Promise<number> {
  return call('delete_older_than', { before });
}

/** Saves a stored job's series as CSV where the user picks (the app opens the save dialog); null when dismissed. */
export function exportSeriesCsv(id: JobId): Promise<Saved | null> {
  return call('export_series_csv', { id });
}

/** Saves the selected jobs' results as JSON where the user picks; null when dismissed. */
export function exportResultsJson(selection: Selection): Promise<Saved | null> {
  return call('export_results_json', { selection });
}

/** Saves PNG bytes (the plot's canvas) where the user picks; null when dismissed. */
export function exportPlotPng(png: Uint8Array): Promise<Saved | null> {
  return call('export_plot_png', png);
}

/** The native folder picker; resolves to the chosen path, or null when dismissed. */
export async function pickFolder(title = 'Choose a folder'): Promise<string | null> {
  try {
    const chosen = await open({ directory: true, multiple: false, title });
    return Array.isArray(chosen) ? (chosen[0] ?? null) : chosen;
  } catch (e) {
    throw toErrorPayload(e);
  }
}
