// Instrumentation, not product: what the end-to-end tests (tests/e2e) and the benchmark
// (tests/perf) read from the page as `window.__jobdeck`, the IPC traffic counters behind it,
// and the `jobdeck:first-frame` mark of the start-up figure. No product code reads any of it.
// The release build keeps it, so the benchmark measures what ships.

import type { FrameMeter, FrameStats } from '../frameMeter';
import type { PlotStats } from '../views/plot/plot';
import { Costs, type Cost } from './costs';

/** The laps `viewStats()` reports: applying batches, and each view's draw. */
const VIEW_NAMES = ['batch', 'pool', 'toolbar', 'table', 'plot', 'log', 'history'] as const;
type ViewName = (typeof VIEW_NAMES)[number];

/** What `window.__jobdeck` offers end-to-end tests and the benchmark. */
export interface JobdeckProbe {
  frameStats(): FrameStats;
  /** Resets the frame meter and the view costs. */
  resetFrames(): void;
  /** What each view's draw and the batch handler cost since the last reset. */
  viewStats(): Record<ViewName, Cost>;
  /** The plot's lines, points held, and what the parts of its draw cost since the last reset. */
  plotStats(): PlotStats;
  readonly batchesReceived: number;
  /** IPC answers that carried batches (one answer holds every batch the page had not seen). */
  readonly messagesReceived: number;
  /** True once the first snapshot is applied. */
  readonly ready: boolean;
}

declare global {
  interface Window {
    __jobdeck?: JobdeckProbe;
  }
}

/** What the probe reads from the app. */
export interface Probed {
  /** The app's frame meter (which also feeds the pool bar's fps). */
  readonly meter: FrameMeter;
  readonly plot: { stats(): PlotStats; readonly costs: { reset(): void } };
  readonly store: { readonly synced: boolean };
  /** The history tab's list: `loaded` once its first page arrived. */
  readonly history: { readonly list: { readonly loaded: boolean } };
}

export class Probe {
  /** What applying batches and each view's draw cost (`viewStats()`); the app records laps. */
  readonly viewCosts = new Costs(VIEW_NAMES);
  private batches = 0;
  /** Non-empty answers to `next_batches`: the IPC messages that carried batches. */
  private messages = 0;
  /** Set once the first frame drawing the synced state has run (see `frameDrawn`). */
  private firstFrameMarked = false;
  /** Set once the first frame after the history's first page has run. */
  private historyFrameMarked = false;

  constructor(private readonly app: Probed) {}

  /** Offers the probe to tests and the benchmark as `window.__jobdeck`. */
  install(): void {
    const { app } = this;
    const probe = this;
    window.__jobdeck = {
      frameStats: () => app.meter.stats(),
      resetFrames: () => {
        app.meter.reset();
        probe.viewCosts.reset();
        app.plot.costs.reset();
      },
      viewStats: () => probe.viewCosts.stats(),
      plotStats: () => app.plot.stats(),
      get batchesReceived() {
        return probe.batches;
      },
      get messagesReceived() {
        return probe.messages;
      },
      get ready() {
        return app.store.synced;
      },
    };
  }

  /** Counts one answer to `next_batches` holding `batches` batches. */
  received(batches: number): void {
    if (batches > 0) this.messages++;
    this.batches += batches;
  }

  /**
   * Called at the end of every animation frame. The benchmark's start-up figure is the end
   * of the first frame that drew the engine's state (the snapshot applied), not merely the
   * first frame of an empty page.
   */
  frameDrawn(): void {
    if (!this.firstFrameMarked && this.app.store.synced) {
      this.firstFrameMarked = true;
      performance.mark('jobdeck:first-frame');
    }
    // The start-up cost of the history (a page from a database of any size): the end of the
    // first frame that had the history's first page, marked apart so that the figure above
    // keeps its meaning.
    if (!this.historyFrameMarked && this.app.history.list.loaded) {
      this.historyFrameMarked = true;
      performance.mark('jobdeck:history-frame');
    }
  }
}
