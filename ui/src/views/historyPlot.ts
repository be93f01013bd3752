// A stored job's plot, in the History tab: its series as the history kept them (bounded, min/max
// decimated like the engine's), one line per series, in a panel under the rows. Opened from a
// row's Plot button; the live plot above stays this session's.

import uPlot from 'uplot';
import { byId, setHidden, setText } from '../dom';
import { errorText } from '../errors';
import type { ErrorPayload } from '../generated/ErrorPayload';
import type { JobId } from '../generated/JobId';
import { shortId } from '../format';
import type { StoredSeries } from '../historyTypes';
import { palette, type Theme } from '../palette';
import { axisColors, axisOptions, type AxisColors } from './plot/axes';

/** Room for uPlot's legend row under the plot. */
const LEGEND_PX = 28;

export interface StoredPlotActions {
  series(id: JobId): Promise<StoredSeries[]>;
}

/**
 * The series on one x axis for uPlot: every x any series has, ascending, and each series' y
 * there (null where it has no point). Unsorted or repeated x are kept in order of x.
 */
export function alignSeries(series: readonly StoredSeries[]): (number | null)[][] {
  const xs = [...new Set(series.flatMap((s) => s.x))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const ys = series.map((s) => {
    const y: (number | null)[] = new Array(xs.length).fill(null);
    s.x.forEach((x, i) => {
      y[index.get(x) as number] = s.y[i] ?? null;
    });
    return y;
  });
  return [xs, ...ys];
}

export class StoredPlot {
  private readonly panel = byId('history-plot');
  private readonly title = byId('history-plot-title');
  private readonly note = byId('history-plot-note');
  private readonly host = byId('history-plot-host');
  private readonly closeBtn = byId<HTMLButtonElement>('history-plot-close');
  private u: uPlot | null = null;
  private colors: AxisColors;
  private shown: JobId | null = null;
  private readonly resizeObserver: ResizeObserver;

  constructor(
    private readonly actions: StoredPlotActions,
    private theme: Theme,
  ) {
    this.colors = axisColors(theme);
    this.closeBtn.addEventListener('click', this.close);
    this.resizeObserver = new ResizeObserver(() => this.fit());
    this.resizeObserver.observe(this.host);
  }

  /** Shows job `id`'s stored series (or closes the panel when it already shows them). */
  toggle(id: JobId, kind: string): void {
    if (this.shown === id) {
      this.close();
      return;
    }
    this.shown = id;
    setText(this.title, `Data of ${kind} ${shortId(id)}`);
    setText(this.note, 'Loading…');
    setHidden(this.panel, false);
    this.actions.series(id).then(
      (series) => {
        if (this.shown !== id) return;
        const points = series.reduce((n, s) => n + s.x.length, 0);
        const decimated = series.some((s) => s.decimated) ? ', decimated' : '';
        setText(this.note, series.length ? `${series.length} series, ${points} points${decimated}` : 'No data stored');
        this.draw(series);
      },
      (e: ErrorPayload) => {
        if (this.shown === id) setText(this.note, `Could not load the data: ${errorText(e)}`);
      },
    );
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.colors = axisColors(theme);
    this.u?.redraw(false, true);
  }

  destroy(): void {
    this.closeBtn.removeEventListener('click', this.close);
    this.resizeObserver.disconnect();
    this.u?.destroy();
    this.u = null;
  }

  private readonly close = () => {
    this.shown = null;
    setHidden(this.panel, true);
    this.u?.destroy();
    this.u = null;
  };

  private draw(series: StoredSeries[]): void {
    this.u?.destroy();
    const colors = palette(this.theme);
    const opts: uPlot.Options = {
      width: Math.max(200, this.host.clientWidth),
      height: this.plotHeight(series.length),
      // One line needs no legend; several name theirs under the plot.
      legend: { show: series.length > 1, live: false },
      scales: { x: { time: false } },
      axes: [axisOptions(false, () => this.colors), axisOptions(true, () => this.colors)],
      series: [
        {},
        ...series.map((s, i) => ({
          label: s.name || 'y',
          stroke: colors[i % colors.length],
          width: 1.5,
          spanGaps: true,
          points: { show: false },
        })),
      ],
    };
    this.u = new uPlot(opts, alignSeries(series) as uPlot.AlignedData, this.host);
  }

  private plotHeight(lines: number): number {
    return Math.max(80, this.host.clientHeight - (lines > 1 ? LEGEND_PX : 0));
  }

  private fit(): void {
    if (!this.u) return;
    const lines = this.u.series.length - 1;
    this.u.setSize({ width: Math.max(200, this.host.clientWidth), height: this.plotHeight(lines) });
  }
}
