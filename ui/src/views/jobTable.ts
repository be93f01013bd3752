// The job table: one row per job, virtualised (only the rows in view exist in the DOM, and
// a row element follows its job while it stays in view), so thousands of jobs scroll and
// update smoothly. Row content is rewritten only when its job changed (`rev`), the theme
// changed, or once a second for the time columns of live jobs.

import { byId, h, setAttr, setHidden, setStyle, setText } from '../dom';
import { errorText } from '../errors';
import type { ErrorPayload } from '../generated/ErrorPayload';
import type { JobId } from '../generated/JobId';
import {
  formatClock,
  formatDuration,
  formatEta,
  formatPercent,
  formatRate,
  formatResult,
  shortId,
  UNKNOWN,
} from '../format';
import { activeMs, etaMs, isTerminal, percentDone, ratePerSecond } from '../metrics';
import { jobColor, type Theme } from '../palette';
import { Dirty, type JobRow, type Store } from '../store';
import { rowWindow, scrollIntoView } from '../vlist';
import { logName } from './logPanel';

/** Row height in CSS px; the stylesheet's `--row-h` must agree. */
export const ROW_HEIGHT = 36;
/** The shortest interval between redraws of rows whose only change is progress. */
export const ROW_REFRESH_MS = 100;
/** How long a failed row action's message stays. */
const ERROR_MS = 10_000;

export type RowAction = 'stop' | 'pause' | 'resume' | 'cancel';

export interface RowActions {
  control(action: RowAction, id: JobId): Promise<unknown>;
  /** Opens the job's log panel, or closes it when it shows this job. */
  toggleLog(id: JobId): void;
}

interface RowEls {
  el: HTMLElement;
  select: HTMLButtonElement;
  swatch: HTMLElement;
  kind: HTMLElement;
  short: HTMLElement;
  state: HTMLElement;
  bar: HTMLElement;
  fill: HTMLElement;
  pct: HTMLElement;
  elapsed: HTMLElement;
  eta: HTMLElement;
  rate: HTMLElement;
  message: HTMLElement;
  error: HTMLElement;
  buttons: Record<RowAction, HTMLButtonElement>;
  log: HTMLButtonElement;
  /** The job drawn, and its `rev` then (-1: redraw). */
  job: JobRow | null;
  rev: number;
}

export class JobTable {
  private readonly table = byId('jobs');
  private readonly scroller = byId('jobs-body');
  private readonly spacer = byId('jobs-spacer');
  private readonly windowEl = byId('jobs-window');
  private readonly empty = byId('jobs-empty');
  private readonly rows = new Map<JobId, RowEls>();
  private readonly free: RowEls[] = [];
  private readonly errors = new Map<JobId, { text: string; until: number }>();
  private readonly resizeObserver: ResizeObserver;
  private viewport = 0;
  private scrollbarWidth = 0;
  private scrollTop = 0;
  private layoutDirty = true;
  private progressPending = false;
  private lastContent = 0;
  private forceAll = true;
  /** The job whose log panel is open (its Log button is pressed). */
  private logOpen: JobId | null = null;

  constructor(
    private readonly store: Store,
    private readonly actions: RowActions,
    private theme: Theme,
  ) {
    this.scroller.addEventListener('scroll', this.onScroll, { passive: true });
    this.windowEl.addEventListener('click', this.onClick);
    // Measured here and on scroll, where layout is already up to date, so `draw` never forces
    // a synchronous layout in the middle of a frame (in the flood's frame that cost several ms).
    this.resizeObserver = new ResizeObserver(() => {
      this.viewport = this.scroller.clientHeight;
      this.scrollbarWidth = this.scroller.offsetWidth - this.scroller.clientWidth;
      this.layoutDirty = true;
    });
    this.resizeObserver.observe(this.scroller);
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.forceAll = true;
  }

  /**
   * Draws the rows in view. `tick` is true once a second: time columns of live jobs move
   * and expired action errors go.
   */
  draw(dirty: number, now: number, tick: boolean): void {
    if (dirty & Dirty.SELECTION && this.store.selected != null) {
      // A job picked in the legend may be far down the table: bring its row into view.
      const index = this.store.order.findIndex((j) => j.id === this.store.selected);
      const from = this.scrollTop;
      const top = index < 0 ? from : scrollIntoView(from, this.viewport, ROW_HEIGHT, index);
      if (top !== from) {
        this.scroller.scrollTop = top;
        this.scrollTop = top;
        this.layoutDirty = true;
      }
    }
    const structural = (dirty & Dirty.ROWS) !== 0 || this.layoutDirty;
    // Progress alone redraws rows at most every ROW_REFRESH_MS: numbers changing faster
    // cannot be read, and each change repaints the table's area (costly where WebKit
    // composites in software). State changes, scrolling and selection draw at once.
    if (dirty & Dirty.ROW_DATA) this.progressPending = true;
    const urgent = (dirty & (Dirty.ROW_STATE | Dirty.SELECTION)) !== 0 || tick || this.forceAll;
    const due = this.progressPending && now - this.lastContent >= ROW_REFRESH_MS;
    const content = urgent || due;
    if (!structural && !content) return;
    if (content) {
      this.progressPending = false;
      this.lastContent = now;
    }
    const order = this.store.order;
    if (structural) {
      // The header pads for the body's scrollbar (zero with overlay scrollbars).
      setStyle(this.table, '--sbw', `${this.scrollbarWidth}px`);
      setAttr(this.table, 'aria-rowcount', String(order.length + 1));
      setHidden(this.empty, order.length > 0);
    }
    const win = rowWindow(this.scrollTop, this.viewport, ROW_HEIGHT, order.length);
    if (structural) {
      setStyle(this.spacer, 'height', `${win.total}px`);
      setStyle(this.windowEl, 'transform', `translateY(${win.offset}px)`);
    }
    if (tick) this.expireErrors(now);
    // Release rows whose job left the window (or the store).
    const visible = new Set<JobId>();
    for (let i = win.start; i < win.end; i++) visible.add((order[i] as JobRow).id);
    for (const [id, row] of this.rows) {
      if (!visible.has(id)) {
        row.el.remove();
        row.job = null;
        this.rows.delete(id);
        this.free.push(row);
      }
    }
    const selected = this.store.selected;
    const selectionChanged = (dirty & Dirty.SELECTION) !== 0;
    let cursor: ChildNode | null = this.windowEl.firstChild;
    for (let i = win.start; i < win.end; i++) {
      const job = order[i] as JobRow;
      let row = this.rows.get(job.id);
      if (!row) {
        row = this.free.pop() ?? this.createRow();
        row.job = null;
        row.rev = -1;
        this.rows.set(job.id, row);
      }
      // Keep DOM order equal to visual order (screen readers read the DOM).
      if (row.el !== cursor) this.windowEl.insertBefore(row.el, cursor);
      else cursor = cursor.nextSibling;
      setAttr(row.el, 'aria-rowindex', String(i + 2));
      const live = job.state === 'running' || job.state === 'paused';
      if (
        row.job !== job ||
        row.rev !== job.rev ||
        this.forceAll ||
        (tick && live) ||
        (tick && this.errors.has(job.id))
      ) {
        this.fillRow(row, job, now);
      }
      if (row.job !== job || selectionChanged || this.forceAll) {
        const isSel = job.id === selected;
        row.el.classList.toggle('selected', isSel);
        setAttr(row.select, 'aria-pressed', isSel ? 'true' : 'false');
      }
      row.job = job;
      row.rev = job.rev;
    }
    this.layoutDirty = false;
    this.forceAll = false;
  }

  /** Marks the Log button of the job whose log panel is open (null: none). */
  setLogOpen(id: JobId | null): void {
    if (id === this.logOpen) return;
    this.logOpen = id;
    this.forceAll = true;
  }

  /** Shows a failed action's error in its job's row. */
  showError(id: JobId, text: string, now = Date.now()): void {
    this.errors.set(id, { text, until: now + ERROR_MS });
    const row = this.rows.get(id);
    if (row) row.rev = -1;
    this.forceAll = true;
  }

  destroy(): void {
    this.scroller.removeEventListener('scroll', this.onScroll);
    this.windowEl.removeEventListener('click', this.onClick);
    this.resizeObserver.disconnect();
    this.windowEl.replaceChildren();
    this.rows.clear();
    this.free.length = 0;
  }

  private expireErrors(now: number): void {
    for (const [id, e] of this.errors) {
      if (e.until <= now || !this.store.jobs.has(id)) {
        this.errors.delete(id);
        const row = this.rows.get(id);
        if (row) row.rev = -1;
      }
    }
  }

  private readonly onScroll = () => {
    this.scrollTop = this.scroller.scrollTop;
    this.layoutDirty = true;
  };

  private readonly onClick = (e: MouseEvent) => {
    const target = e.target as Element;
    const rowEl = target.closest<HTMLElement>('[data-job-id]');
    const id = rowEl?.dataset.jobId;
    if (!id) return;
    if (target.closest('button[data-log]')) {
      this.actions.toggleLog(id);
      return;
    }
    const btn = target.closest<HTMLButtonElement>('button[data-action]');
    if (btn) {
      const action = btn.dataset.action as RowAction;
      this.actions.control(action, id).then(
        () => {
          if (this.errors.delete(id)) this.showNothing(id);
        },
        (err: ErrorPayload) => {
          const verb = action[0]?.toUpperCase() + action.slice(1);
          this.showError(id, `${verb} failed: ${errorText(err)}`);
        },
      );
      return;
    }
    // A click anywhere else on the row (or on its swatch button) toggles the highlight.
    if (target.closest('a, input, select, textarea')) return;
    this.store.select(this.store.selected === id ? null : id);
  };

  private showNothing(id: JobId): void {
    const row = this.rows.get(id);
    if (row) row.rev = -1;
    this.forceAll = true;
  }

  private createRow(): RowEls {
    const swatch = h('span', { class: 'swatch', 'aria-hidden': 'true' });
    const select = h('button', { type: 'button', class: 'job-select', 'aria-pressed': 'false' }, swatch);
    const kind = h('span', { class: 'kind' });
    const short = h('code', { class: 'short' });
    const state = h('span', { class: 'state-badge' });
    const fill = h('span', { class: 'bar-fill' });
    const bar = h(
      'span',
      { class: 'job-progress bar', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': 0 },
      fill,
    );
    const pct = h('span', { class: 'pct' });
    const elapsed = h('span', { role: 'cell', class: 'c-num c-elapsed' });
    const eta = h('span', { role: 'cell', class: 'c-num c-eta' });
    const rate = h('span', { role: 'cell', class: 'c-num c-rate' });
    const message = h('span', { class: 'job-message' });
    const error = h('span', { class: 'job-error', role: 'alert' });
    const mk = (action: RowAction, text: string) =>
      h('button', { type: 'button', class: `act act-${action}`, 'data-action': action, hidden: true }, text);
    const buttons: Record<RowAction, HTMLButtonElement> = {
      stop: mk('stop', 'Stop'),
      pause: mk('pause', 'Pause'),
      resume: mk('resume', 'Resume'),
      cancel: mk('cancel', 'Cancel'),
    };
    const log = h(
      'button',
      { type: 'button', class: 'act act-log', 'data-log': '', 'aria-controls': 'log-panel', hidden: true },
      'Log',
    );
    const el = h(
      'div',
      { role: 'row', class: 'row' },
      h('span', { role: 'cell', class: 'c-swatch' }, select),
      h('span', { role: 'cell', class: 'c-job' }, kind, short),
      h('span', { role: 'cell', class: 'c-state' }, state),
      h('span', { role: 'cell', class: 'c-progress' }, bar, pct),
      elapsed,
      eta,
      rate,
      h('span', { role: 'cell', class: 'c-message' }, message, error),
      h('span', { role: 'cell', class: 'c-actions' }, log, buttons.pause, buttons.resume, buttons.stop, buttons.cancel),
    );
    return {
      el,
      select,
      swatch,
      kind,
      short,
      state,
      bar,
      fill,
      pct,
      elapsed,
      eta,
      rate,
      message,
      error,
      buttons,
      log,
      job: null,
      rev: -1,
    };
  }

  private fillRow(row: RowEls, job: JobRow, now: number): void {
    const short = shortId(job.id);
    if (row.job?.id !== job.id) {
      row.el.dataset.jobId = job.id;
      setAttr(row.bar, 'aria-label', `Progress of job ${short}`);
      setAttr(row.select, 'aria-label', `Highlight job ${short}`);
      setAttr(row.buttons.stop, 'aria-label', `Stop job ${short}`);
      setAttr(row.buttons.pause, 'aria-label', `Pause job ${short}`);
      setAttr(row.buttons.resume, 'aria-label', `Resume job ${short}`);
      setAttr(row.buttons.cancel, 'aria-label', `Cancel job ${short}`);
      setAttr(row.log, 'aria-label', logName(job.id));
    }
    setAttr(row.el, 'data-state', job.state);
    setStyle(row.swatch, 'background-color', jobColor(job.ordinal, this.theme));
    setText(row.kind, job.kind);
    setText(row.short, short);
    setText(row.state, job.state);
    const percent = percentDone(job);
    const rounded = Math.round(percent * 10) / 10;
    setAttr(row.bar, 'aria-valuenow', String(rounded));
    setStyle(row.fill, 'transform', `scaleX(${percent / 100})`);
    const unknownTotal = job.total <= 0 && !isTerminal(job.state);
    setText(row.pct, unknownTotal && job.state === 'running' ? '…' : formatPercent(percent));
    const active = activeMs(job, now);
    setText(row.elapsed, active == null ? UNKNOWN : formatDuration(active));
    setText(
      row.eta,
      job.state === 'running' ? formatEta(etaMs(job, now)) : job.state === 'paused' ? 'paused' : UNKNOWN,
    );
    setText(row.rate, formatRate(ratePerSecond(job, now), job.kind === 'hash-files' ? 'bytes' : 'count'));
    const message = messageOf(job);
    setText(row.message, message);
    setAttr(row.message, 'title', message || null);
    const err = this.errors.get(job.id)?.text ?? '';
    setText(row.error, err);
    setAttr(row.error, 'title', err || null);
    setHidden(row.buttons.stop, !(job.state === 'running' || job.state === 'paused'));
    setHidden(row.buttons.pause, job.state !== 'running');
    setHidden(row.buttons.resume, job.state !== 'paused');
    setHidden(row.buttons.cancel, job.state !== 'queued');
    setHidden(row.log, !hasLog(job));
    setAttr(row.log, 'aria-expanded', job.id === this.logOpen ? 'true' : 'false');
  }
}

/** True when a job's row offers its log: command jobs, and any job that wrote log lines. */
export function hasLog(job: Pick<JobRow, 'kind' | 'logLines'>): boolean {
  return job.kind === 'command' || job.logLines > 0;
}

/** The text of a row's result/message column: its attempt ("attempt 2 of 4"), then how it is doing. */
export function messageOf(
  job: Pick<JobRow, 'state' | 'outcome' | 'status' | 'priority'> &
    Partial<Pick<JobRow, 'attempt' | 'maxAttempts' | 'runnableAt'>>,
): string {
  const text = stateText(job);
  const attempts = job.maxAttempts ?? 1;
  return attempts > 1 ? `attempt ${job.attempt ?? 1} of ${attempts}${text ? ` · ${text}` : ''}` : text;
}

function stateText(
  job: Pick<JobRow, 'state' | 'outcome' | 'status' | 'priority'> & Partial<Pick<JobRow, 'runnableAt'>>,
): string {
  const o = job.outcome;
  if (o?.type === 'succeeded') return formatResult(o.result);
  if (o?.type === 'failed') return o.panicked ? `Panicked: ${o.message}` : o.message;
  if (o?.type === 'cancelled') return job.status ? `Cancelled · ${job.status}` : 'Cancelled';
  if (job.state === 'queued' && job.runnableAt != null) {
    // A retry held for its backoff (the engine releases it then).
    return `Retrying at ${formatClock(new Date(job.runnableAt))}`;
  }
  if (job.state === 'queued') {
    return job.priority === 'normal' ? 'Waiting for a slot' : `Waiting for a slot (${job.priority} priority)`;
  }
  return job.status ?? '';
}
