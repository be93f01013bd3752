// The history tab's model: which stored jobs are loaded (page by page, never the whole
// table), for which filter, and which are selected. Pure (no DOM, no IPC): the view asks it
// for the request to make and hands it the page that came back; an answer to an older
// request (the filter changed meanwhile) is ignored.

import { formatResult, shortId } from './format';
import type { JobId } from './generated/JobId';
import type { Cursor, HistoryState, JobFilter, JobRecord, Page } from './historyTypes';

/** Jobs per page as the user scrolls. */
export const HISTORY_PAGE = 50;
/** The most jobs one request may ask for (the history's `MAX_PAGE_SIZE`). */
export const MAX_PAGE = 1000;

/** A request for a page: pass it back to `apply` with the answer. */
export interface PageRequest {
  token: number;
  filter: JobFilter;
  after: Cursor | null;
  limit: number;
}

export class HistoryList {
  filter: JobFilter = {};
  /** The loaded jobs, newest first. */
  rows: JobRecord[] = [];
  /** The cursor of the next page; null when everything matching is loaded. */
  next: Cursor | null = null;
  /** False until the first page for the current filter arrived. */
  loaded = false;
  /** A request is out. */
  loading = false;
  readonly selected = new Set<JobId>();
  /** +1 on every change: the view redraws when it moves. */
  rev = 0;
  private token = 0;

  /** A new filter: everything loaded goes; returns the first page's request. */
  setFilter(filter: JobFilter): PageRequest {
    this.filter = normalise(filter);
    this.rows = [];
    this.next = null;
    this.loaded = false;
    this.selected.clear();
    this.rev++;
    return this.request(null, HISTORY_PAGE);
  }

  /** The next page's request, or null when there is none or one is out. */
  more(): PageRequest | null {
    if (this.loading || !this.loaded || this.next === null) return null;
    return this.request(this.next, HISTORY_PAGE);
  }

  /**
   * Reloads what is loaded (at least one page, at most `MAX_PAGE` jobs) in one request, so
   * rows that changed (a job finished, a retry was queued) show their new state in place.
   */
  refresh(): PageRequest {
    return this.request(null, Math.min(MAX_PAGE, Math.max(HISTORY_PAGE, this.rows.length)));
  }

  /** Applies an answer; false (nothing changes) when a newer request superseded it. */
  apply(req: PageRequest, page: Page): boolean {
    if (req.token !== this.token) return false;
    this.loading = false;
    if (req.after === null) this.rows = page.jobs;
    else {
      // A job recorded between two pages cannot repeat (keyset), but a refresh may race a page.
      const have = new Set(this.rows.map((r) => r.id));
      this.rows = this.rows.concat(page.jobs.filter((r) => !have.has(r.id)));
    }
    this.next = page.next;
    this.loaded = true;
    const present = new Set(this.rows.map((r) => r.id));
    for (const id of this.selected) if (!present.has(id)) this.selected.delete(id);
    this.rev++;
    return true;
  }

  /** The request failed: it may be made again. */
  failed(req: PageRequest): void {
    if (req.token === this.token) this.loading = false;
  }

  /** Selects or unselects one job. */
  toggle(id: JobId): void {
    if (!this.selected.delete(id)) this.selected.add(id);
    this.rev++;
  }

  /** Unselects everything. */
  clearSelection(): void {
    if (this.selected.size === 0) return;
    this.selected.clear();
    this.rev++;
  }

  /** The selected jobs that can be re-run (finished ones), in table order. */
  rerunnable(): JobId[] {
    return this.rows.filter((r) => this.selected.has(r.id) && isFinished(r.state)).map((r) => r.id);
  }

  /** Drops jobs that were deleted. */
  remove(ids: readonly JobId[]): void {
    const gone = new Set(ids);
    this.rows = this.rows.filter((r) => !gone.has(r.id));
    for (const id of ids) this.selected.delete(id);
    this.rev++;
  }

  private request(after: Cursor | null, limit: number): PageRequest {
    this.loading = true;
    return { token: ++this.token, filter: this.filter, after, limit };
  }
}

/** A filter without empty parts (the search text trimmed). */
export function normalise(f: JobFilter): JobFilter {
  const out: JobFilter = {};
  const search = f.search?.trim() ?? '';
  if (search) out.search = search;
  if (f.states?.length) out.states = [...f.states];
  if (f.kinds?.length) out.kinds = [...f.kinds];
  if (f.submittedFrom != null) out.submittedFrom = f.submittedFrom;
  if (f.submittedBefore != null) out.submittedBefore = f.submittedBefore;
  return out;
}

/** True for the states nothing will change any more: the ones Re-run and Delete apply to. */
export function isFinished(state: HistoryState): boolean {
  return state === 'succeeded' || state === 'failed' || state === 'cancelled' || state === 'interrupted';
}

/** The result/message column of a stored job. */
export function recordMessage(r: Pick<JobRecord, 'state' | 'outcome' | 'status' | 'interruptedFrom'>): string {
  const o = r.outcome;
  if (o?.type === 'succeeded') return formatResult(o.result);
  if (o?.type === 'failed') return o.panicked ? `Panicked: ${o.message}` : o.message;
  if (o?.type === 'cancelled') return r.status ? `Cancelled · ${r.status}` : 'Cancelled';
  if (r.state === 'interrupted') {
    // Short: the state badge already says "interrupted"; this says what it was doing.
    return `Stopped while ${r.interruptedFrom ?? 'running'}`;
  }
  return r.status ?? '';
}

/**
 * Where a job is in its chain: "attempt 2 of 4" for a job with automatic retries, "re-run of
 * 3f2a1b2c" for a re-run (a fresh first attempt), empty for a plain first run.
 */
export function attemptText(r: Pick<JobRecord, 'attempt' | 'maxAttempts' | 'retryOf'>): string {
  if (r.maxAttempts > 1 || r.attempt > 1) return `attempt ${r.attempt} of ${Math.max(r.attempt, r.maxAttempts)}`;
  return r.retryOf ? `re-run of ${shortId(r.retryOf)}` : '';
}

/** The filter for the day range `[from, to]` of two `<input type="date">` values (local days). */
export function dayRange(from: string, to: string): Pick<JobFilter, 'submittedFrom' | 'submittedBefore'> {
  const start = (d: string) => {
    const [y, m, day] = d.split('-').map(Number);
    return y && m && day ? new Date(y, m - 1, day).getTime() : null;
  };
  const f = from ? start(from) : null;
  const t = to ? start(to) : null;
  return { submittedFrom: f, submittedBefore: t === null ? null : t + 24 * 3600 * 1000 };
}
