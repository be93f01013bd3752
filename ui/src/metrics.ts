// Per-job figures the table shows, derived from a job's state and the time: percent done,
// active time (pauses excluded), rate and remaining time. Pure.

import type { JobState } from './generated/JobState';

/** The fields of a job these figures need (a `JobRow` has them all). */
export interface JobTiming {
  state: JobState;
  done: number;
  total: number;
  startedAt: number | null;
  finishedAt: number | null;
  /** Milliseconds spent paused in finished pauses. */
  pausedMs: number;
  /** When the current pause began (null when not paused). */
  pausedAt: number | null;
}

/** True for the three final states. */
export function isTerminal(state: JobState): boolean {
  return state === 'succeeded' || state === 'failed' || state === 'cancelled';
}

/** Percent done in 0..100: a succeeded job is 100 even if it reported less or nothing. */
export function percentDone(job: Pick<JobTiming, 'state' | 'done' | 'total'>): number {
  if (job.state === 'succeeded') return 100;
  if (job.total <= 0) return 0;
  return Math.min(100, Math.max(0, (job.done / job.total) * 100));
}

/** Milliseconds the job has run, pauses excluded; null before it starts. */
export function activeMs(job: JobTiming, now: number): number | null {
  if (job.startedAt == null) return null;
  const end = job.finishedAt ?? now;
  const openPause = job.pausedAt != null ? Math.max(0, end - job.pausedAt) : 0;
  return Math.max(0, end - job.startedAt - job.pausedMs - openPause);
}

/** Units of work per second since the job started; null while too early to tell. */
export function ratePerSecond(job: JobTiming, now: number): number | null {
  const ms = activeMs(job, now);
  // Under a quarter second the figure swings wildly; wait for it to mean something.
  if (ms == null || ms < 250 || job.done <= 0) return null;
  return job.done / (ms / 1000);
}

/** Estimated milliseconds until a running job finishes, from its average rate; else null. */
export function etaMs(job: JobTiming, now: number): number | null {
  if (job.state !== 'running' || job.total <= 0) return null;
  const rate = ratePerSecond(job, now);
  if (rate == null) return null;
  return (Math.max(0, job.total - job.done) / rate) * 1000;
}
