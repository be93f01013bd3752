// The UI's picture of the engine, built from a Snapshot and the EventBatches after it.
// Pure (no DOM, no IPC): every change sets dirty flags that the one animation-frame pass
// reads and clears, so thousands of events per second cost one redraw per frame.

import type { Aggregate } from './generated/Aggregate';
import type { Counts } from './generated/Counts';
import type { EventBatch } from './generated/EventBatch';
import type { JobId } from './generated/JobId';
import type { JobInfo } from './generated/JobInfo';
import type { LifecycleEvent } from './generated/LifecycleEvent';
import type { PoolStatus } from './generated/PoolStatus';
import type { SeriesChunk } from './generated/SeriesChunk';
import type { Snapshot } from './generated/Snapshot';
import { Series } from './series';

/** What changed since the views last drew; bits of `Store.dirty`. */
export const Dirty = {
  POOL: 1,
  COUNTS: 2,
  AGGREGATE: 4,
  /** Rows were added or removed. */
  ROWS: 8,
  /** Some row's progress or status changed (its `rev` went up). */
  ROW_DATA: 16,
  /** A job's series appeared or went. */
  SERIES_SET: 32,
  /** Some series got points. */
  SERIES_DATA: 64,
  SELECTION: 128,
  /** Some job changed state (started, paused, resumed, finished): its row's `rev` went up. */
  ROW_STATE: 256,
  ALL: 511,
} as const;

/** One job as the table and the plot see it. */
export interface JobRow extends JobInfo {
  /** Milliseconds spent in finished pauses (for the active time and the rate). */
  pausedMs: number;
  /** When the current pause began. */
  pausedAt: number | null;
  /** +1 on every change, so the table redraws only rows that changed. */
  rev: number;
  /**
   * The one series the plot shows for this job: as the engine's `series` command picks it
   * (the default series, else the first one), or the first one a batch brought. Chunks of
   * the job's other series only add their names to `series`.
   */
  plotted: string | null;
}

/** The series a job reports without naming one (the engine's `DEFAULT_SERIES`). */
export const DEFAULT_SERIES = 'value';

/** The series the engine's `series` command returns for a job with these series names. */
function defaultPlotted(names: readonly string[]): string | null {
  return names.includes(DEFAULT_SERIES) ? DEFAULT_SERIES : (names[0] ?? null);
}

/** What `applyBatch` did with a batch. */
export type BatchResult = 'applied' | 'stale' | 'buffered' | 'gap';

const ZERO_COUNTS: Counts = { queued: 0, running: 0, paused: 0, succeeded: 0, failed: 0, cancelled: 0 };
const ZERO_AGGREGATE: Aggregate = { jobs: 0, completed: 0, fraction: 0 };

export class Store {
  /** The `seq` of the last batch applied (or of the snapshot). */
  seq = 0;
  /** False until the first snapshot, and while a resync waits for a new one. */
  synced = false;
  /** Jobs by id. */
  readonly jobs = new Map<JobId, JobRow>();
  /** Jobs in submission (ordinal) order: the table's rows. */
  order: JobRow[] = [];
  /** Data series by job id; a job has one once it reported data. */
  readonly series = new Map<JobId, Series>();
  pool: PoolStatus | null = null;
  counts: Counts = { ...ZERO_COUNTS };
  aggregate: Aggregate = { ...ZERO_AGGREGATE };
  /** The job whose row is selected and whose line is highlighted. */
  selected: JobId | null = null;
  /** Bits of `Dirty`; set by every change, cleared by `takeDirty`. */
  dirty = 0;
  // Batches that arrived before the snapshot they follow (or during a resync).
  private pending: EventBatch[] = [];
  // Series being fetched in full after a snapshot: data chunks that arrive meanwhile.
  private loading = new Map<JobId, SeriesChunk[]>();

  /** Returns the dirty bits and clears them. */
  takeDirty(): number {
    const d = this.dirty;
    this.dirty = 0;
    return d;
  }

  /**
   * Replaces everything with a snapshot, then applies the batches that arrived early
   * and are newer than it. Returns the ids of jobs with data, whose series the caller
   * should fetch (they are marked as loading: see `loadSeries`).
   */
  applySnapshot(s: Snapshot, now: number = Date.now()): JobId[] {
    this.jobs.clear();
    this.series.clear();
    this.loading.clear();
    this.order = [];
    // A snapshot does not say when a paused job paused; counting from now keeps its
    // active time from running on while it stays paused.
    for (const info of s.jobs) this.insertJob(info, info.state === 'paused' ? now : null);
    this.pool = s.pool;
    this.counts = s.counts;
    this.aggregate = s.aggregate;
    this.seq = s.seq;
    this.synced = true;
    if (this.selected != null && !this.jobs.has(this.selected)) this.selected = null;
    const withData: JobId[] = [];
    for (const job of this.order) {
      if (job.series.length > 0) {
        withData.push(job.id);
        this.loading.set(job.id, []);
      }
    }
    this.dirty = Dirty.ALL;
    const pending = this.pending;
    this.pending = [];
    for (const b of pending) if (b.seq > this.seq) this.applyBatch(b);
    return withData;
  }

  /**
   * Applies one batch. Before a snapshot it is kept for later; one already included
   * (`seq` not above ours) is ignored; one that skips a `seq` means a batch was lost:
   * the store stops and asks for a resync (`'gap'`, then call `applySnapshot`).
   */
  applyBatch(b: EventBatch): BatchResult {
    if (!this.synced) {
      this.pending.push(b);
      return 'buffered';
    }
    if (b.seq <= this.seq) return 'stale';
    if (b.seq !== this.seq + 1) {
      this.synced = false;
      this.pending.push(b);
      return 'gap';
    }
    for (const ev of b.lifecycle) this.applyLifecycle(ev);
    for (const p of b.progress) {
      const job = this.jobs.get(p.id);
      if (!job) continue;
      job.done = p.done;
      job.total = p.total;
      job.status = p.status;
      job.rev++;
      this.dirty |= Dirty.ROW_DATA;
    }
    for (const chunk of b.data) this.appendChunk(chunk);
    this.setPool(b.pool);
    this.setCounts(b.counts);
    this.setAggregate(b.aggregate);
    this.seq = b.seq;
    return 'applied';
  }

  /** Puts the store back into "waiting for a snapshot" (after a gap, or on demand). */
  beginResync(): void {
    this.synced = false;
  }

  /**
   * Installs a series fetched in full (`series` command) for a job marked as loading, then
   * the chunks that arrived meanwhile, minus those the fetched series already holds (for
   * series with ascending x: the points up to its last x).
   */
  loadSeries(chunk: SeriesChunk): void {
    const buffered = this.loading.get(chunk.id);
    this.loading.delete(chunk.id);
    const job = this.jobs.get(chunk.id);
    if (!job) return;
    job.plotted = chunk.series;
    const s = this.seriesFor(chunk.id);
    s.reset();
    s.append(chunk.x, chunk.y);
    const lastX = s.lastX();
    for (const c of buffered ?? []) {
      this.markSeries(job, c.series);
      if (c.series !== job.plotted) continue;
      if (s.sorted) {
        let from = 0;
        while (from < c.x.length && (c.x[from] as number) <= lastX) from++;
        s.append(c.x.slice(from), c.y.slice(from));
      } else s.append(c.x, c.y);
    }
    if (chunk.x.length > 0) this.markSeries(job, chunk.series);
    this.dirty |= Dirty.SERIES_DATA;
  }

  /** Gives up on fetching a series: the chunks that arrived meanwhile are kept. */
  seriesLoadFailed(id: JobId): void {
    const buffered = this.loading.get(id) ?? [];
    this.loading.delete(id);
    for (const c of buffered) this.appendChunk(c);
  }

  /** Forgets jobs (idempotent: `clear_finished` also sends a `removed` event). */
  removeJobs(ids: readonly JobId[]): void {
    if (ids.length === 0) return;
    const gone = new Set<JobId>();
    for (const id of ids) {
      if (!this.jobs.has(id)) continue;
      gone.add(id);
      this.jobs.delete(id);
      this.loading.delete(id);
      if (this.series.delete(id)) this.dirty |= Dirty.SERIES_SET;
    }
    if (gone.size === 0) return;
    this.order = this.order.filter((j) => !gone.has(j.id));
    if (this.selected != null && gone.has(this.selected)) {
      this.selected = null;
      this.dirty |= Dirty.SELECTION;
    }
    this.dirty |= Dirty.ROWS;
  }

  /** Selects a job (its row and line are highlighted), or nothing. */
  select(id: JobId | null): void {
    const next = id != null && this.jobs.has(id) ? id : null;
    if (next === this.selected) return;
    this.selected = next;
    this.dirty |= Dirty.SELECTION;
  }

  private applyLifecycle(ev: LifecycleEvent): void {
    switch (ev.type) {
      case 'queued':
        if (this.jobs.has(ev.job.id)) this.removeJobs([ev.job.id]);
        this.insertJob(ev.job);
        this.dirty |= Dirty.ROWS;
        return;
      case 'removed':
        this.removeJobs(ev.ids);
        return;
    }
    const job = this.jobs.get(ev.id);
    if (!job) return;
    switch (ev.type) {
      case 'started':
        job.state = 'running';
        job.startedAt = job.startedAt ?? ev.at;
        break;
      case 'paused':
        job.state = 'paused';
        job.pausedAt = ev.at;
        break;
      case 'resumed':
        job.state = 'running';
        this.endPause(job, ev.at);
        break;
      case 'finished':
        this.endPause(job, ev.at);
        job.state = ev.outcome.type;
        job.outcome = ev.outcome;
        job.finishedAt = ev.at;
        break;
    }
    job.rev++;
    this.dirty |= Dirty.ROW_STATE;
  }

  private endPause(job: JobRow, at: number): void {
    if (job.pausedAt != null) {
      job.pausedMs += Math.max(0, at - job.pausedAt);
      job.pausedAt = null;
    }
  }

  private insertJob(info: JobInfo, pausedAt: number | null = null): void {
    const row: JobRow = { ...info, pausedMs: 0, pausedAt, rev: 0, plotted: defaultPlotted(info.series) };
    this.jobs.set(row.id, row);
    const last = this.order[this.order.length - 1];
    if (!last || last.ordinal < row.ordinal) this.order.push(row);
    else {
      // Out of order only after a resync race; keep submission order.
      let i = this.order.length;
      while (i > 0 && (this.order[i - 1] as JobRow).ordinal > row.ordinal) i--;
      this.order.splice(i, 0, row);
    }
  }

  private appendChunk(chunk: SeriesChunk): void {
    const job = this.jobs.get(chunk.id);
    if (!job) return;
    const buffered = this.loading.get(chunk.id);
    if (buffered) {
      buffered.push(chunk);
      return;
    }
    this.markSeries(job, chunk.series);
    job.plotted ??= chunk.series;
    if (chunk.series !== job.plotted) return;
    const s = this.seriesFor(chunk.id);
    if (s.append(chunk.x, chunk.y) > 0) this.dirty |= Dirty.SERIES_DATA;
  }

  private seriesFor(id: JobId): Series {
    let s = this.series.get(id);
    if (!s) {
      s = new Series();
      this.series.set(id, s);
      this.dirty |= Dirty.SERIES_SET;
    }
    return s;
  }

  private markSeries(job: JobRow, name: string): void {
    if (!job.series.includes(name)) {
      job.series = [...job.series, name];
      job.rev++;
      this.dirty |= Dirty.ROW_DATA;
    }
  }

  /** Updates the pool status (from a batch, or from `set_max_concurrent`'s answer). */
  setPool(p: PoolStatus): void {
    if (this.pool && sameFields(this.pool, p)) return;
    this.pool = p;
    this.dirty |= Dirty.POOL;
  }

  private setCounts(c: Counts): void {
    if (sameFields(this.counts, c)) return;
    this.counts = c;
    this.dirty |= Dirty.COUNTS;
  }

  private setAggregate(a: Aggregate): void {
    if (sameFields(this.aggregate, a)) return;
    this.aggregate = a;
    this.dirty |= Dirty.AGGREGATE;
  }
}

/**
 * True when `a` and `b` have the same own keys with equal (`===`) values: the flat wire
 * records (`PoolStatus`, `Counts`, `Aggregate`) compared over whatever fields they have,
 * so a field added on the Rust side is compared too.
 */
export function sameFields<T extends object>(a: T, b: T): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const k of keys) {
    if (!(k in b) || (a as Record<string, unknown>)[k] !== (b as Record<string, unknown>)[k]) return false;
  }
  return true;
}
