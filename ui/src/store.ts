// The UI's picture of the engine, built from a Snapshot and the EventBatches after it.
// Pure (no DOM, no IPC): every change sets dirty flags that the one animation-frame pass
// reads and clears, so thousands of events per second cost one redraw per frame.

import { DEFAULT_SERIES } from './generated/contract';
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
  /** The series names seen, or the one the plot shows, changed. */
  SERIES_NAMES: 512,
  ALL: 1023,
} as const;

/** One named series of one job, e.g. to fetch in full after a snapshot. */
export interface SeriesKey {
  id: JobId;
  series: string;
}

/** One job as the table and the plot see it. */
export interface JobRow extends JobInfo {
  /** Milliseconds spent in finished pauses (for the active time and the rate). */
  pausedMs: number;
  /** When the current pause began. */
  pausedAt: number | null;
  /** +1 on every change, so the table redraws only rows that changed. */
  rev: number;
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
  /** Data series by job id, then by name; a job has one per name it reported data in. */
  readonly series = new Map<JobId, Map<string, Series>>();
  /** Every series name some job has, in first-seen order: what the plot's selector lists. */
  seriesNames: string[] = [];
  /**
   * The series the plot draws (one line per job that has it): the user's choice while some
   * job has it, else `DEFAULT_SERIES` when some job has it, else the first name seen.
   */
  plotted: string | null = null;
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
  private loading = new Map<JobId, Map<string, SeriesChunk[]>>();
  // The series the user picked in the plot's selector (kept while no job has it).
  private chosen: string | null = null;
  // `seriesNames` as a set, for membership tests.
  private nameSet = new Set<string>();

  /** Returns the dirty bits and clears them. */
  takeDirty(): number {
    const d = this.dirty;
    this.dirty = 0;
    return d;
  }

  /**
   * Replaces everything with a snapshot, then applies the batches that arrived early
   * and are newer than it. Returns the series of jobs with data, which the caller should
   * fetch (they are marked as loading: see `loadSeries`).
   */
  applySnapshot(s: Snapshot, now: number = Date.now()): SeriesKey[] {
    this.jobs.clear();
    this.series.clear();
    this.loading.clear();
    this.seriesNames = [];
    this.nameSet.clear();
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
    const withData: SeriesKey[] = [];
    for (const job of this.order) {
      if (job.series.length === 0) continue;
      const pending = new Map<string, SeriesChunk[]>();
      for (const name of job.series) {
        withData.push({ id: job.id, series: name });
        pending.set(name, []);
      }
      this.loading.set(job.id, pending);
    }
    this.updatePlotted();
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
    const buffered = this.takeLoading(chunk.id, chunk.series);
    const job = this.jobs.get(chunk.id);
    if (!job) return;
    const s = this.seriesFor(job, chunk.series);
    s.reset();
    s.append(chunk.x, chunk.y);
    const lastX = s.lastX();
    for (const c of buffered ?? []) {
      if (s.sorted) {
        let from = 0;
        while (from < c.x.length && (c.x[from] as number) <= lastX) from++;
        s.append(c.x.slice(from), c.y.slice(from));
      } else s.append(c.x, c.y);
    }
    this.dirty |= Dirty.SERIES_DATA;
  }

  /** Gives up on fetching a series: the chunks that arrived meanwhile are kept. */
  seriesLoadFailed(key: SeriesKey): void {
    for (const c of this.takeLoading(key.id, key.series) ?? []) this.appendChunk(c);
  }

  /** Chooses the series the plot draws (the selector's pick); see `plotted`. */
  chooseSeries(name: string): void {
    this.chosen = name;
    this.updatePlotted();
  }

  /** The chunks buffered while `id`'s series `name` loads (undefined: it is not loading); it no longer is. */
  private takeLoading(id: JobId, name: string): SeriesChunk[] | undefined {
    const perJob = this.loading.get(id);
    const buffered = perJob?.get(name);
    if (perJob && buffered) {
      perJob.delete(name);
      if (perJob.size === 0) this.loading.delete(id);
    }
    return buffered;
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
    // The names still seen are those of the jobs left, in their first-seen order.
    const left = new Set<string>();
    for (const job of this.order) for (const name of job.series) left.add(name);
    const names = this.seriesNames.filter((n) => left.has(n));
    if (names.length !== this.seriesNames.length) {
      this.seriesNames = names;
      this.nameSet = new Set(names);
      this.updatePlotted();
      this.dirty |= Dirty.SERIES_NAMES;
    }
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
    const row: JobRow = { ...info, series: [...info.series], pausedMs: 0, pausedAt, rev: 0 };
    this.jobs.set(row.id, row);
    for (const name of row.series) this.noteName(name);
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
    const buffered = this.loading.get(chunk.id)?.get(chunk.series);
    if (buffered) {
      buffered.push(chunk);
      return;
    }
    const s = this.seriesFor(job, chunk.series);
    // Only the plotted series' points make the plot redraw.
    if (s.append(chunk.x, chunk.y) > 0 && chunk.series === this.plotted) this.dirty |= Dirty.SERIES_DATA;
  }

  /** `job`'s series `name`, created (and the name noted) on its first points. */
  private seriesFor(job: JobRow, name: string): Series {
    let perJob = this.series.get(job.id);
    if (!perJob) {
      perJob = new Map();
      this.series.set(job.id, perJob);
    }
    let s = perJob.get(name);
    if (!s) {
      s = new Series();
      perJob.set(name, s);
      if (!job.series.includes(name)) {
        job.series.push(name);
        job.rev++;
        this.dirty |= Dirty.ROW_DATA;
      }
      this.noteName(name);
      if (name === this.plotted) this.dirty |= Dirty.SERIES_SET;
    }
    return s;
  }

  /** Adds a series name to those seen (and so to the plot's selector). */
  private noteName(name: string): void {
    if (this.nameSet.has(name)) return;
    this.nameSet.add(name);
    this.seriesNames.push(name);
    this.updatePlotted();
    this.dirty |= Dirty.SERIES_NAMES;
  }

  /** Recomputes `plotted` from the names seen and the user's choice; flags a change. */
  private updatePlotted(): void {
    const has = this.nameSet;
    const next =
      this.chosen != null && has.has(this.chosen)
        ? this.chosen
        : has.has(DEFAULT_SERIES)
          ? DEFAULT_SERIES
          : (this.seriesNames[0] ?? null);
    if (next === this.plotted) return;
    this.plotted = next;
    // Other lines, other points: the plot rebuilds its lines.
    this.dirty |= Dirty.SERIES_NAMES | Dirty.SERIES_SET | Dirty.SERIES_DATA;
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
