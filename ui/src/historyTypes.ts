// The history's wire types, as the shell's history commands send them (crates/history's serde
// shapes: JobRecord, Page, JobFilter, Selection, HistoryStatus; src-tauri/src/history's
// HistoryNotice and Saved). Written by hand: the history crate derives no ts-rs types. Keep in
// step with the Rust side (the shell's tests pin the JSON shapes).

import type { ErrorPayload } from './generated/ErrorPayload';
import type { JobId } from './generated/JobId';
import type { Outcome } from './generated/Outcome';
import type { Priority } from './generated/Priority';
import type { JsonValue } from './generated/serde_json/JsonValue';

/** The engine's states plus `interrupted` (Jobdeck stopped before the job ended). */
export type HistoryState = 'queued' | 'running' | 'paused' | 'succeeded' | 'failed' | 'cancelled' | 'interrupted';

/** Every state, in lifecycle order (the state filter's choices). */
export const HISTORY_STATES: readonly HistoryState[] = [
  'queued',
  'running',
  'paused',
  'succeeded',
  'failed',
  'cancelled',
  'interrupted',
];

/** One stored job. */
export interface JobRecord {
  id: JobId;
  kind: string;
  params: JsonValue;
  priority: Priority;
  state: HistoryState;
  /** For an interrupted job, the state it was in when Jobdeck stopped. */
  interruptedFrom: HistoryState | null;
  submittedAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  outcome: Outcome | null;
  /** 1 for a first run (or a re-run), 2 for its first automatic retry, … */
  attempt: number;
  /** The job this one retries or re-runs. */
  retryOf: JobId | null;
  /** The most attempts its chain makes (its spec's `retries + 1`). */
  maxAttempts: number;
  /** Its spec's base backoff between attempts, in seconds. */
  backoffS: number;
  done: number;
  total: number;
  status: string | null;
  hasSeries: boolean;
  hasLog: boolean;
}

/** An opaque keyset cursor: pass `next` back for the following page. */
export type Cursor = string;

/** One page, newest first; `next` is null on the last page. */
export interface Page {
  jobs: JobRecord[];
  next: Cursor | null;
}

/** Which stored jobs to list (every part must match; inside states and kinds, any one). */
export interface JobFilter {
  search?: string;
  states?: HistoryState[];
  kinds?: string[];
  submittedFrom?: number | null;
  submittedBefore?: number | null;
}

/** The jobs an action applies to. */
export type Selection = { type: 'ids'; ids: JobId[] } | { type: 'matching'; filter: JobFilter };

/** Whether saving works. */
export type HistoryStatus =
  | { state: 'ok' }
  | { state: 'failing'; error: ErrorPayload; since: number; unsavedJobs: number }
  | { state: 'damaged'; reason: string };

/** What opening the history found: the banner's data. */
export interface HistoryNotice {
  path: string | null;
  error: ErrorPayload | null;
  movedAside: { to: string; reason: string } | null;
  interrupted: number;
  queuedAtExit: number;
  status: HistoryStatus | null;
}

/** Where an export went. */
export interface Saved {
  path: string;
  jobs: number;
}

/** One stored series of a job. */
export interface StoredSeries {
  name: string;
  x: number[];
  y: number[];
  decimated: boolean;
}
