// The application: the store, the views, the IPC subscription and the one
// requestAnimationFrame loop that draws. Events only change state and set dirty flags;
// each frame, `frame()` hands the dirty bits to every view once.

import { FrameBudget } from './frameBudget';
import { FrameMeter } from './frameMeter';
import type { EventBatch } from './generated/EventBatch';
import type { JobId } from './generated/JobId';
import type { ErrorPayload } from './generated/ErrorPayload';
import * as ipc from './ipc';
import { Probe } from './probe/probe';
import { Store, type SeriesKey } from './store';
import { ThemeWatcher } from './theme';
import { HistoryBanner } from './views/historyBanner';
import { HistoryPanel } from './views/historyPanel';
import { StoredPlot } from './views/historyPlot';
import { JobForm } from './views/jobForm';
import { JobTable, type RowAction } from './views/jobTable';
import { LogPanel } from './views/logPanel';
import { PlotView } from './views/plot/plot';
import { PoolBar } from './views/poolBar';
import { Tabs, type TabName } from './views/tabs';
import { Toolbar } from './views/toolbar';
import { Dirty } from './store';

/** How long to wait before asking the engine again after a failed request (batches, snapshot). */
const RETRY_MS = 500;

/** How many full series to fetch at once after a snapshot. */
const SERIES_FETCH_PARALLEL = 4;

export class App {
  readonly store = new Store();
  readonly meter = new FrameMeter();
  private readonly budget = new FrameBudget();
  private readonly theme = new ThemeWatcher();
  private readonly pool: PoolBar;
  private readonly form: JobForm;
  private readonly toolbar: Toolbar;
  private readonly table: JobTable;
  private readonly plot: PlotView;
  private readonly log: LogPanel;
  private readonly tabs: Tabs;
  private readonly history: HistoryPanel;
  private readonly banner: HistoryBanner;
  private readonly storedPlot: StoredPlot;
  /** Instrumentation for tests and the benchmark (`window.__jobdeck`). */
  private readonly probe: Probe;
  private raf = 0;
  private lastFrame = 0;
  private tickTimer = 0;
  private tickDue = true;
  /** The `seq` of the newest batch pulled (or of the snapshot). */
  private pulled = 0;
  private pullTimer = 0;
  private resyncing = false;
  private resyncTimer = 0;
  private destroyed = false;
  private readonly plotExport = document.getElementById('plot-export') as HTMLButtonElement;

  constructor() {
    this.pool = new PoolBar(this.store, { setLimit: ipc.setMaxConcurrent });
    // New jobs show up in this session's table: go there.
    const submit: typeof ipc.submit = (spec, count) =>
      ipc.submit(spec, count).then((ids) => {
        this.tabs.show('jobs');
        return ids;
      });
    this.form = new JobForm({ submit, pickFolder: ipc.pickFolder });
    this.toolbar = new Toolbar(this.store, { cancelAll: ipc.cancelAll, clearFinished: ipc.clearFinished });
    this.table = new JobTable(this.store, { control, toggleLog: (id) => this.log.toggle(id) }, this.theme.theme);
    this.log = new LogPanel({
      jobLog: ipc.jobLog,
      openJobLog: ipc.openJobLog,
      copy: copyText,
      isLive: (id) => {
        const state = this.store.jobs.get(id)?.state;
        return state === 'queued' || state === 'running' || state === 'paused';
      },
      openChanged: (id) => this.table.setLogOpen(id),
    });
    this.plot = new PlotView(this.store, this.theme.theme);
    this.history = new HistoryPanel({
      page: ipc.historyPage,
      kinds: ipc.historyKinds,
      rerun: ipc.rerun,
      retryFailed: ipc.retryFailed,
      deleteJobs: ipc.deleteJobs,
      deleteOlderThan: ipc.deleteOlderThan,
      exportCsv: ipc.exportSeriesCsv,
      exportJson: ipc.exportResultsJson,
      plot: (id, kind) => this.storedPlot.toggle(id, kind),
    });
    this.storedPlot = new StoredPlot({ series: ipc.historySeries }, this.theme.theme);
    this.tabs = new Tabs((tab: TabName) => this.history.setVisible(tab === 'history'));
    // On start, a window with nothing running opens on the history (if there is one).
    this.history.onFirstPage = (rows) => {
      if (rows > 0 && !this.tabs.chosen && this.store.order.length === 0) this.tabs.show('history');
    };
    this.banner = new HistoryBanner({
      notice: ipc.historyNotice,
      resumeQueued: ipc.resumeQueued,
      resumed: () => {
        this.tabs.show('jobs');
        this.history.reload();
      },
    });
    this.plotExport.addEventListener('click', this.onExportPlot);
    this.probe = new Probe({ meter: this.meter, plot: this.plot, store: this.store, history: this.history });
    this.theme.onChange((t) => {
      this.table.setTheme(t);
      this.plot.setTheme(t);
      this.storedPlot.setTheme(t);
    });
  }

  /** Subscribes to the engine, loads the kinds, and starts drawing. */
  start(): void {
    this.probe.install();
    this.raf = requestAnimationFrame(this.frame);
    this.scheduleTick();
    ipc.listKinds().then(
      (kinds) => this.form.setKinds(kinds),
      (e: ErrorPayload) => this.form.showLoadError(e),
    );
    this.connect();
    this.history.start();
    this.banner.start();
  }

  /** Stops drawing and releases every view (the plot's uPlot instance included). */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    cancelAnimationFrame(this.raf);
    clearTimeout(this.tickTimer);
    clearTimeout(this.pullTimer);
    clearTimeout(this.resyncTimer);
    this.pool.destroy();
    this.form.destroy();
    this.toolbar.destroy();
    this.table.destroy();
    this.log.destroy();
    this.history.destroy();
    this.storedPlot.destroy();
    this.banner.destroy();
    this.plotExport.removeEventListener('click', this.onExportPlot);
    this.plot.destroy();
    this.theme.destroy();
  }

  private readonly onExportPlot = () => {
    const el = document.getElementById('plot-status');
    plotPng()
      .then((png) => ipc.exportPlotPng(png))
      .then(
        (saved) => {
          el?.classList.remove('error');
          if (saved && el) el.textContent = `Saved ${saved.path}`;
        },
        (e: ErrorPayload | Error) => {
          if (el) el.textContent = `Export failed: ${e.message}`;
          el?.classList.add('error');
        },
      );
  };

  /** Takes a snapshot, then pulls every later batch, one request at a time. */
  private connect(): void {
    ipc.snapshot().then(
      (snapshot) => {
        this.pulled = snapshot.seq;
        this.fetchSeries(this.store.applySnapshot(snapshot));
        this.pull();
      },
      (e: ErrorPayload) => {
        // Without the engine's state nothing moves; say so where everything is shown.
        const el = document.getElementById('table-error');
        if (el) el.textContent = `Could not connect to the engine: ${e.message}`;
      },
    );
  }

  /**
   * Asks for the batches after the last one pulled; the app answers as soon as there is one.
   * The next request goes out only once these are applied, so a busy page gets fewer,
   * fuller answers instead of a queue.
   */
  private readonly pull = (): void => {
    if (this.destroyed) return;
    ipc.nextBatches(this.pulled).then(
      (batches) => {
        this.probe.received(batches.length);
        for (const batch of batches) {
          if (batch.seq > this.pulled) this.pulled = batch.seq;
          this.onBatch(batch);
        }
        this.pull();
      },
      () => {
        this.pullTimer = window.setTimeout(this.pull, RETRY_MS);
      },
    );
  };

  private onBatch(batch: EventBatch): void {
    const t = performance.now();
    const outcome = this.store.applyBatch(batch);
    this.probe.viewCosts.lap('batch', t);
    if (outcome === 'gap') this.resync();
  }

  /** A batch went missing: take a fresh snapshot (batches keep buffering meanwhile). */
  private resync(): void {
    if (this.resyncing || this.destroyed) return;
    this.resyncing = true;
    this.store.beginResync();
    ipc.snapshot().then(
      (s) => {
        this.resyncing = false;
        // Batches the snapshot already holds need not be pulled again.
        if (s.seq > this.pulled) this.pulled = s.seq;
        this.fetchSeries(this.store.applySnapshot(s));
      },
      () => {
        this.resyncing = false;
        this.resyncTimer = window.setTimeout(() => this.resync(), RETRY_MS);
      },
    );
  }

  /** Loads the whole stored series of jobs that had data before this window's snapshot. */
  private fetchSeries(keys: SeriesKey[]): void {
    const queue = [...keys];
    const next = (): void => {
      const key = queue.shift();
      if (key === undefined || this.destroyed) return;
      ipc
        .series(key.id, key.series)
        .then(
          (chunk) => this.store.loadSeries(chunk),
          () => this.store.seriesLoadFailed(key),
        )
        .finally(next);
    };
    for (let i = 0; i < SERIES_FETCH_PARALLEL; i++) next();
  }

  /** Once a second, on the second: the clock, the fps and the time columns. */
  private scheduleTick(): void {
    const delay = 1000 - (Date.now() % 1000) + 5;
    this.tickTimer = window.setTimeout(() => {
      this.tickDue = true;
      this.scheduleTick();
    }, delay);
  }

  private readonly frame = (ts: number) => {
    if (this.destroyed) return;
    const frameMs = this.lastFrame ? ts - this.lastFrame : 0;
    this.lastFrame = ts;
    this.meter.frame(ts);
    const now = Date.now();
    const tick = this.tickDue;
    this.tickDue = false;
    const dirty = this.store.takeDirty();
    const costs = this.probe.viewCosts;
    try {
      let t = performance.now();
      this.budget.begin(t);
      this.pool.draw(dirty);
      if (tick) this.pool.tick(new Date(now), this.meter.fps(ts));
      t = costs.lap('pool', t);
      this.toolbar.draw(dirty, now);
      t = costs.lap('toolbar', t);
      this.table.draw(dirty, now, tick);
      t = costs.lap('table', t);
      this.plot.draw(dirty, ts, frameMs, this.budget);
      t = costs.lap('plot', t);
      this.log.draw();
      t = costs.lap('log', t);
      if (dirty & (Dirty.ROWS | Dirty.ROW_STATE)) this.history.liveChanged();
      if (this.tabs.current === 'history') this.history.draw();
      costs.lap('history', t);
    } catch (e) {
      // A bug in one view must not stop the loop (and with it the clock).
      console.error(e);
    }
    this.probe.frameDrawn();
    this.raf = requestAnimationFrame(this.frame);
  };
}

/**
 * The plot as PNG bytes: its canvas (lines and axes; uPlot draws both there), encoded by the
 * webview. The shell asks the user where to save them.
 */
export async function plotPng(root: ParentNode = document): Promise<Uint8Array> {
  const canvas = root.querySelector<HTMLCanvasElement>('#plot canvas');
  if (!canvas) throw new Error('the plot has no canvas yet');
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('the plot could not be rendered as PNG');
  return new Uint8Array(await blob.arrayBuffer());
}

/**
 * Puts text on the clipboard: the Clipboard API where the webview grants it (a click is a
 * user gesture), else the selection of an off-screen textarea and the copy command.
 */
async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    // Fall through: WebKitGTK may refuse the API outside a secure context.
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.left = '-10000px';
  document.body.append(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('the clipboard is not available');
}

function control(action: RowAction, id: JobId): Promise<unknown> {
  switch (action) {
    case 'stop':
    case 'cancel':
      return ipc.cancel(id);
    case 'pause':
      return ipc.pause(id);
    case 'resume':
      return ipc.resume(id);
  }
}
