// The history's wire types, generated from Rust by ts-rs (crates/history's JobRecord, Page,
// JobFilter, Selection, HistoryStatus…; the shell's HistoryNotice and Saved): re-exported here
// for the history's views, with the state filter's choices.

import type { HistoryState } from './generated/HistoryState';
import type { JobFilter as FullJobFilter } from './generated/JobFilter';

export type { HistoryNotice } from './generated/HistoryNotice';
export type { HistoryState } from './generated/HistoryState';
export type { HistoryStatus } from './generated/HistoryStatus';
export type { JobRecord } from './generated/JobRecord';
export type { MovedAside } from './generated/MovedAside';
export type { Page } from './generated/Page';
export type { Saved } from './generated/Saved';
export type { Selection } from './generated/Selection';
export type { StoredSeries } from './generated/StoredSeries';

/**
 * A filter as the page sends it: any part may be left out (the shell fills it in with the
 * Rust side's defaults, `#[serde(default)]`), so the page sends only what the user set.
 */
export type JobFilter = Partial<FullJobFilter>;

/** An opaque keyset cursor: pass a page's `next` back for the following page. */
export type Cursor = string;

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
