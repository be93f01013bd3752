// The banner above the tables: what opening the history found, told once per start (a file
// moved aside, a newer history refused, jobs interrupted), "Resume N queued jobs" (offered,
// never done by itself), and saving that fails (a full disk) — shown when it starts failing,
// not at every retry.

import { byId, setHidden, setText } from '../dom';
import { errorText } from '../errors';
import type { ErrorPayload } from '../generated/ErrorPayload';
import type { JobId } from '../generated/JobId';
import type { HistoryNotice, HistoryStatus } from '../historyTypes';

export interface BannerActions {
  notice(): Promise<HistoryNotice>;
  resumeQueued(): Promise<JobId[]>;
  /** Jobs were queued again: show them. */
  resumed(ids: JobId[]): void;
}

/** How often the banner asks whether saving works. */
export const STATUS_POLL_MS = 5000;

/** The sentences the banner shows for a notice (pure, for tests). */
export function noticeLines(n: HistoryNotice): string[] {
  const lines: string[] = [];
  if (n.error) {
    lines.push(
      n.error.code === 'newer_schema'
        ? `The history was written by a newer Jobdeck and was left untouched; jobs run but are not recorded. ${n.error.message}`
        : `The history could not be opened; jobs run but are not recorded. ${n.error.message}`,
    );
  }
  if (n.movedAside) {
    lines.push(
      `The history file was damaged (${n.movedAside.reason}); it was moved aside to ${n.movedAside.to} and a new one started.`,
    );
  }
  if (n.interrupted > 0) {
    lines.push(
      `${n.interrupted} ${n.interrupted === 1 ? 'job was' : 'jobs were'} interrupted when Jobdeck last stopped (see History).`,
    );
  }
  const s = statusLine(n.status);
  if (s) lines.push(s);
  return lines;
}

/** The sentence for a saving problem, or null when saving works. */
export function statusLine(s: HistoryStatus | null): string | null {
  if (!s || s.state === 'ok') return null;
  if (s.state === 'failing') {
    return `Jobs are not being saved to the history: ${s.error.message} (${s.unsavedJobs} unsaved; retrying, no job is stopped).`;
  }
  return `The history file is damaged (${s.reason}); it will be moved aside at the next start.`;
}

export class HistoryBanner {
  private readonly el = byId('history-banner');
  private readonly text = byId('history-banner-text');
  private readonly resume = byId<HTMLButtonElement>('resume-queued');
  private readonly dismiss = byId<HTMLButtonElement>('history-banner-close');
  private timer = 0;
  private lastStatus = 'ok';
  private destroyed = false;

  constructor(private readonly actions: BannerActions) {
    this.resume.addEventListener('click', this.onResume);
    this.dismiss.addEventListener('click', this.onDismiss);
  }

  start(): void {
    this.actions.notice().then(
      (n) => {
        const lines = noticeLines(n);
        this.lastStatus = n.status?.state ?? 'ok';
        setText(this.text, lines.join(' '));
        setText(this.resume, `Resume ${n.queuedAtExit} queued ${n.queuedAtExit === 1 ? 'job' : 'jobs'}`);
        setHidden(this.resume, n.queuedAtExit === 0);
        setHidden(this.el, lines.length === 0 && n.queuedAtExit === 0);
        if (n.path !== null) this.poll();
      },
      () => {
        // No notice, no banner: the history tab reports its own errors.
      },
    );
  }

  destroy(): void {
    this.destroyed = true;
    clearTimeout(this.timer);
    this.resume.removeEventListener('click', this.onResume);
    this.dismiss.removeEventListener('click', this.onDismiss);
  }

  /** Watches the saving status; a change to failing or damaged shows the banner again, once. */
  private poll(): void {
    this.timer = window.setTimeout(() => {
      if (this.destroyed) return;
      this.actions.notice().then(
        (n) => {
          const state = n.status?.state ?? 'ok';
          if (state !== this.lastStatus) {
            this.lastStatus = state;
            const line = statusLine(n.status);
            setText(this.text, line ?? 'Saving to the history works again.');
            setHidden(this.resume, true);
            setHidden(this.el, false);
          }
          this.poll();
        },
        () => this.poll(),
      );
    }, STATUS_POLL_MS);
  }

  private readonly onResume = () => {
    this.resume.disabled = true;
    this.actions.resumeQueued().then(
      (ids) => {
        setHidden(this.resume, true);
        setText(this.text, `Resumed ${ids.length} queued ${ids.length === 1 ? 'job' : 'jobs'}.`);
        this.actions.resumed(ids);
      },
      (e: ErrorPayload) => {
        this.resume.disabled = false;
        setText(this.text, `Resume failed: ${errorText(e)}`);
      },
    );
  };

  private readonly onDismiss = () => setHidden(this.el, true);
}
