// The History tab: every stored job, newest first, loaded a page at a time as the list is
// scrolled (never the whole table), with the search box ("Search jobs"), state, kind and date
// filters, "Retry all failed", and per row Re-run, CSV export and Delete; a selection can be
// re-run, exported as JSON or deleted. Interrupted jobs (Jobdeck stopped before they ended)
// have their own state badge and a Re-run button.
//
// It follows the live jobs by reloading what it shows (one request) a moment after the
// store's rows change, while it is visible; a hidden tab reloads when shown.

import { byId, h, setAttr, setHidden, setText } from '../dom';
import { errorText } from '../errors';
import type { ErrorPayload } from '../generated/ErrorPayload';
import type { JobId } from '../generated/JobId';
import { formatDuration, shortId, UNKNOWN } from '../format';
import { attemptText, dayRange, HistoryList, isFinished, recordMessage, type PageRequest } from '../historyList';
import {
  HISTORY_STATES,
  type HistoryState,
  type JobFilter,
  type JobRecord,
  type Page,
  type Saved,
  type Selection,
} from '../historyTypes';

export interface HistoryActions {
  page(filter: JobFilter, after: string | null, limit: number): Promise<Page>;
  kinds(): Promise<string[]>;
  rerun(ids: JobId[]): Promise<JobId[]>;
  retryFailed(): Promise<JobId[]>;
  deleteJobs(selection: Selection): Promise<number>;
  deleteOlderThan(before: number): Promise<number>;
  exportCsv(id: JobId): Promise<Saved | null>;
  exportJson(selection: Selection): Promise<Saved | null>;
  /** Opens (or closes) the stored plot of a job. */
  plot(id: JobId, kind: string): void;
}

/** How long after a change of the live jobs the list reloads (it may change many times a second). */
export const REFRESH_MS = 700;
/** How close to the bottom (px) scrolling loads the next page. */
const LOAD_AHEAD_PX = 200;
/** How long the search box waits for typing to pause. */
const SEARCH_DEBOUNCE_MS = 200;

interface RowEls {
  el: HTMLElement;
  check: HTMLInputElement;
  kind: HTMLElement;
  short: HTMLElement;
  state: HTMLElement;
  when: HTMLElement;
  took: HTMLElement;
  message: HTMLElement;
  rerun: HTMLButtonElement;
  csv: HTMLButtonElement;
  plot: HTMLButtonElement;
  del: HTMLButtonElement;
  record: JobRecord | null;
}

export class HistoryPanel {
  readonly list = new HistoryList();
  private readonly search = byId<HTMLInputElement>('history-search');
  private readonly stateSel = byId<HTMLSelectElement>('history-state');
  private readonly kindSel = byId<HTMLSelectElement>('history-kind');
  private readonly from = byId<HTMLInputElement>('history-from');
  private readonly to = byId<HTMLInputElement>('history-to');
  private readonly retryAll = byId<HTMLButtonElement>('retry-failed');
  private readonly rerunSel = byId<HTMLButtonElement>('rerun-selected');
  private readonly exportSel = byId<HTMLButtonElement>('export-selected');
  private readonly deleteSel = byId<HTMLButtonElement>('delete-selected');
  private readonly olderThan = byId<HTMLInputElement>('history-older');
  private readonly deleteOlder = byId<HTMLButtonElement>('delete-older');
  private readonly body = byId('history-body');
  private readonly scroller = byId('history-scroll');
  private readonly more = byId<HTMLButtonElement>('history-more');
  private readonly empty = byId('history-empty');
  private readonly count = byId('history-count');
  private readonly status = byId('history-status');
  private readonly rows = new Map<JobId, RowEls>();
  private drawn = -1;
  private visible = false;
  private stale = false;
  private refreshTimer = 0;
  private searchTimer = 0;
  private kinds: string[] = [];
  /** Called with the first page of the unfiltered history (App picks the tab to show). */
  onFirstPage: ((rows: number) => void) | null = null;
  private firstPageSeen = false;
  /** The status line shows a failed load (cleared by the next page that arrives). */
  private loadError = false;

  constructor(private readonly actions: HistoryActions) {
    for (const s of HISTORY_STATES) this.stateSel.append(h('option', { value: s }, s));
    this.search.addEventListener('input', this.onSearchInput);
    for (const el of [this.stateSel, this.kindSel, this.from, this.to]) el.addEventListener('change', this.onFilter);
    this.retryAll.addEventListener('click', this.onRetryAll);
    this.rerunSel.addEventListener('click', this.onRerunSelected);
    this.exportSel.addEventListener('click', this.onExportSelected);
    this.deleteSel.addEventListener('click', this.onDeleteSelected);
    this.deleteOlder.addEventListener('click', this.onDeleteOlder);
    this.more.addEventListener('click', this.loadMore);
    this.scroller.addEventListener('scroll', this.onScroll, { passive: true });
    this.body.addEventListener('click', this.onRowClick);
  }

  /** Loads the kinds and the first page. */
  start(): void {
    this.loadKinds();
    this.fetch(this.list.setFilter(this.readFilter()));
  }

  /** The tab was shown or hidden; a shown tab catches up with what changed meanwhile. */
  setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible && this.stale) this.scheduleRefresh(0);
  }

  /** The live jobs changed (rows added, a state changed): reload soon if shown. */
  liveChanged(): void {
    this.stale = true;
    if (this.visible) this.scheduleRefresh(REFRESH_MS);
  }

  /** Reloads what is shown and the kinds (after jobs were added elsewhere, e.g. resumed). */
  reload(): void {
    this.scheduleRefresh(0);
  }

  /** Redraws when the list changed; called every frame. */
  draw(): void {
    if (this.drawn === this.list.rev) return;
    this.drawn = this.list.rev;
    const list = this.list;
    const present = new Set<JobId>();
    let cursor: ChildNode | null = this.body.firstChild;
    for (const r of list.rows) {
      present.add(r.id);
      let row = this.rows.get(r.id);
      if (!row) {
        row = this.createRow(r.id);
        this.rows.set(r.id, row);
      }
      if (row.el !== cursor) this.body.insertBefore(row.el, cursor);
      else cursor = cursor.nextSibling;
      if (row.record !== r) this.fillRow(row, r);
      const checked = list.selected.has(r.id);
      if (row.check.checked !== checked) row.check.checked = checked;
    }
    for (const [id, row] of this.rows) {
      if (!present.has(id)) {
        row.el.remove();
        this.rows.delete(id);
      }
    }
    setHidden(this.more, list.next === null);
    setHidden(this.empty, !list.loaded || list.rows.length > 0);
    setText(this.empty, isEmptyFilter(list.filter) ? 'No jobs recorded yet.' : 'No stored job matches.');
    const n = list.selected.size;
    setText(this.count, `${list.rows.length}${list.next === null ? '' : '+'} jobs${n ? ` · ${n} selected` : ''}`);
    this.rerunSel.disabled = list.rerunnable().length === 0;
    this.exportSel.disabled = n === 0;
    this.deleteSel.disabled = n === 0;
  }

  destroy(): void {
    clearTimeout(this.refreshTimer);
    clearTimeout(this.searchTimer);
    this.search.removeEventListener('input', this.onSearchInput);
    for (const el of [this.stateSel, this.kindSel, this.from, this.to]) el.removeEventListener('change', this.onFilter);
    this.retryAll.removeEventListener('click', this.onRetryAll);
    this.rerunSel.removeEventListener('click', this.onRerunSelected);
    this.exportSel.removeEventListener('click', this.onExportSelected);
    this.deleteSel.removeEventListener('click', this.onDeleteSelected);
    this.deleteOlder.removeEventListener('click', this.onDeleteOlder);
    this.more.removeEventListener('click', this.loadMore);
    this.scroller.removeEventListener('scroll', this.onScroll);
    this.body.removeEventListener('click', this.onRowClick);
    this.body.replaceChildren();
    this.rows.clear();
  }

  private readFilter(): JobFilter {
    const state = this.stateSel.value as HistoryState | '';
    const kind = this.kindSel.value;
    return {
      search: this.search.value,
      states: state ? [state] : [],
      kinds: kind ? [kind] : [],
      ...dayRange(this.from.value, this.to.value),
    };
  }

  private fetch(req: PageRequest): void {
    this.actions.page(req.filter, req.after, req.limit).then(
      (page) => {
        if (!this.list.apply(req, page)) return;
        if (this.loadError) this.report('');
        if (!this.firstPageSeen && isEmptyFilter(req.filter)) {
          this.firstPageSeen = true;
          this.onFirstPage?.(page.jobs.length);
        }
      },
      (e: ErrorPayload) => {
        this.list.failed(req);
        this.report(`Could not load the history: ${errorText(e)}`);
        this.loadError = true;
      },
    );
  }

  private scheduleRefresh(ms: number): void {
    if (this.refreshTimer) return;
    this.refreshTimer = window.setTimeout(() => {
      this.refreshTimer = 0;
      this.stale = false;
      this.fetch(this.list.refresh());
      // A kind run for the first time joins the kind filter.
      this.loadKinds();
    }, ms);
  }

  private loadKinds(): void {
    this.actions.kinds().then(
      (kinds) => {
        if (kinds.join('\n') === this.kinds.join('\n')) return;
        this.kinds = kinds;
        const chosen = this.kindSel.value;
        this.kindSel.replaceChildren(
          h('option', { value: '' }, 'All kinds'),
          ...kinds.map((k) => h('option', { value: k }, k)),
        );
        this.kindSel.value = kinds.includes(chosen) ? chosen : '';
      },
      () => {
        // The kind filter keeps its choices; the list's own request reports the error.
      },
    );
  }

  private readonly onSearchInput = () => {
    clearTimeout(this.searchTimer);
    this.searchTimer = window.setTimeout(this.onFilter, SEARCH_DEBOUNCE_MS);
  };

  private readonly onFilter = () => {
    clearTimeout(this.searchTimer);
    this.scroller.scrollTop = 0;
    this.fetch(this.list.setFilter(this.readFilter()));
  };

  private readonly loadMore = () => {
    const req = this.list.more();
    if (req) this.fetch(req);
  };

  private readonly onScroll = () => {
    const s = this.scroller;
    if (s.scrollHeight - s.scrollTop - s.clientHeight < LOAD_AHEAD_PX) this.loadMore();
  };

  private report(text: string): void {
    this.loadError = false;
    setText(this.status, text);
  }

  private rerunIds(ids: JobId[], what: string): void {
    this.actions.rerun(ids).then(
      (made) => {
        this.report(`${what}: ${made.length} ${made.length === 1 ? 'job' : 'jobs'} queued`);
        this.reload();
      },
      (e: ErrorPayload) => this.report(`${what} failed: ${errorText(e)}`),
    );
  }

  private readonly onRetryAll = () => {
    this.actions.retryFailed().then(
      (made) => {
        this.report(
          made.length
            ? `Retrying ${made.length} failed ${made.length === 1 ? 'job' : 'jobs'}`
            : 'No failed job to retry',
        );
        this.reload();
      },
      (e: ErrorPayload) => this.report(`Retry all failed: ${errorText(e)}`),
    );
  };

  private readonly onRerunSelected = () => {
    const ids = this.list.rerunnable();
    if (ids.length) this.rerunIds(ids, 'Re-run');
  };

  private selection(): Selection {
    return { type: 'ids', ids: [...this.list.selected] };
  }

  private readonly onExportSelected = () => {
    if (this.list.selected.size === 0) return;
    this.actions.exportJson(this.selection()).then(
      (saved) => saved && this.report(`Saved ${saved.jobs} ${saved.jobs === 1 ? 'job' : 'jobs'} to ${saved.path}`),
      (e: ErrorPayload) => this.report(`Export failed: ${errorText(e)}`),
    );
  };

  private deleted(n: number): void {
    this.report(`Deleted ${n} ${n === 1 ? 'job' : 'jobs'}`);
    this.list.clearSelection();
    this.reload();
  }

  private readonly onDeleteSelected = () => {
    if (this.list.selected.size === 0) return;
    this.actions.deleteJobs(this.selection()).then(
      (n) => this.deleted(n),
      (e: ErrorPayload) => this.report(`Delete failed: ${errorText(e)}`),
    );
  };

  private readonly onDeleteOlder = () => {
    const before = dayRange(this.olderThan.value, '').submittedFrom;
    if (before == null) {
      this.report('Pick the date: jobs submitted before it are deleted');
      this.olderThan.focus();
      return;
    }
    this.actions.deleteOlderThan(before).then(
      (n) => this.deleted(n),
      (e: ErrorPayload) => this.report(`Delete failed: ${errorText(e)}`),
    );
  };

  private readonly onRowClick = (e: MouseEvent) => {
    const target = e.target as Element;
    const id = target.closest<HTMLElement>('[data-history-id]')?.dataset.historyId;
    if (!id) return;
    if (target.closest('input[type=checkbox]')) {
      this.list.toggle(id);
      return;
    }
    const action = target.closest<HTMLButtonElement>('button[data-action]')?.dataset.action;
    if (action === 'rerun') this.rerunIds([id], `Re-run of ${shortId(id)}`);
    else if (action === 'plot') this.actions.plot(id, this.list.rows.find((r) => r.id === id)?.kind ?? 'job');
    else if (action === 'csv') {
      this.actions.exportCsv(id).then(
        (saved) => saved && this.report(`Saved the data of ${shortId(id)} to ${saved.path}`),
        (err: ErrorPayload) => this.report(`Export failed: ${errorText(err)}`),
      );
    } else if (action === 'delete') {
      this.actions.deleteJobs({ type: 'ids', ids: [id] }).then(
        (n) => {
          this.list.remove([id]);
          this.deleted(n);
        },
        (err: ErrorPayload) => this.report(`Delete failed: ${errorText(err)}`),
      );
    }
  };

  private createRow(id: JobId): RowEls {
    const short = shortId(id);
    const check = h('input', { type: 'checkbox', 'aria-label': `Select job ${short}` });
    const kind = h('span', { class: 'kind' });
    const shortEl = h('code', { class: 'short' }, short);
    const state = h('span', { class: 'state-badge' });
    const when = h('span', { role: 'cell', class: 'h-when' });
    const took = h('span', { role: 'cell', class: 'c-num h-took' });
    const message = h('span', { role: 'cell', class: 'h-message job-message' });
    const btn = (action: string, text: string, label: string) =>
      h('button', { type: 'button', class: `act act-${action}`, 'data-action': action, 'aria-label': label }, text);
    const rerun = btn('rerun', 'Re-run', `Re-run job ${short}`);
    const csv = btn('csv', 'CSV', `Export the data of job ${short} as CSV`);
    const plot = btn('plot', 'Plot', `Plot the data of job ${short}`);
    const del = btn('delete', 'Delete', `Delete job ${short}`);
    const el = h(
      'div',
      { role: 'row', class: 'hrow', 'data-history-id': id },
      h('span', { role: 'cell', class: 'h-check' }, check),
      h('span', { role: 'cell', class: 'c-job' }, kind, shortEl),
      h('span', { role: 'cell', class: 'c-state' }, state),
      when,
      took,
      message,
      h('span', { role: 'cell', class: 'c-actions' }, rerun, plot, csv, del),
    );
    return { el, check, kind, short: shortEl, state, when, took, message, rerun, csv, plot, del, record: null };
  }

  private fillRow(row: RowEls, r: JobRecord): void {
    row.record = r;
    setAttr(row.el, 'data-state', r.state);
    setText(row.kind, r.kind);
    const attempt = attemptText(r);
    setText(row.state, r.state);
    setAttr(row.state, 'title', r.state === 'interrupted' && r.interruptedFrom ? `was ${r.interruptedFrom}` : null);
    setText(row.when, formatWhen(r.submittedAt));
    setAttr(row.when, 'title', new Date(r.submittedAt).toLocaleString());
    const took = r.startedAt != null && r.finishedAt != null ? formatDuration(r.finishedAt - r.startedAt) : UNKNOWN;
    setText(row.took, took);
    const message = [attempt, recordMessage(r)].filter(Boolean).join(' · ');
    setText(row.message, message);
    setAttr(row.message, 'title', message || null);
    const finished = isFinished(r.state);
    setHidden(row.rerun, !finished);
    setHidden(row.del, !finished);
    setHidden(row.csv, !r.hasSeries);
    setHidden(row.plot, !r.hasSeries);
  }
}

function isEmptyFilter(f: JobFilter): boolean {
  return !f.search && !f.states?.length && !f.kinds?.length && f.submittedFrom == null && f.submittedBefore == null;
}

/** A submission time: the time of day for today's jobs, else the date and time. */
export function formatWhen(ms: number, now: Date = new Date()): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  const sameDay =
    d.getFullYear() === now.getFullYear() && d.getMonth() === now.getMonth() && d.getDate() === now.getDate();
  return sameDay ? time : `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time}`;
}
