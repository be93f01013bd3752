// The live plot: uPlot in mode 2 (each series has its own x), one line per job with points
// in the series chosen in the selector (seriesPicker.ts), in the job's colour; our own
// legend (legend.ts), hover read-out (hover.ts), wheel zoom, pan and keyboard (input.ts).
//
// Cost model. uPlot rebuilds every series' path on each `setData`, so what it is handed
// must stay small whatever the series' length (lines.ts says what each line hands it).
// Series are added and removed one by one (`addSeries`/`delSeries`), not by rebuilding the
// chart. Events only set bits of `pending`; everything happens in `draw`, called once per
// animation frame, inside one `batch` so uPlot commits once. New lines and points wait one
// frame when the views before have spent the frame's budget (`FrameBudget`).

import uPlot from 'uplot';
import { byId, h, setAttr, setHidden } from '../../dom';
import type { FrameBudget } from '../../frameBudget';
import { jobColor, type Theme } from '../../palette';
import { exactRange, linePointBudget, paddedRange, type HoverLine, type Range, type Scales } from '../../plotmath';
import { Costs, type Cost } from '../../probe/costs';
import { Dirty, type Store } from '../../store';
import { axisColors, axisOptions, type AxisColors } from './axes';
import { PlotHover } from './hover';
import { PlotInput } from './input';
import { PlotLegend } from './legend';
import { lineData, lineSeries, newLine, wantedLines, type Line } from './lines';
import { SeriesPicker } from './seriesPicker';

/** The parts of `draw` whose cost `stats()` reports. */
const PLOT_PARTS = ['sync', 'data', 'commit', 'legend', 'hover'] as const;
type PlotPart = (typeof PLOT_PARTS)[number];

/** What `window.__jobdeck.plotStats()` reports. */
export interface PlotStats {
  lines: number;
  /** The series the lines draw (`null` while no job has data). */
  series: string | null;
  /** Points held in the store for every series of every job (not what is drawn, which is decimated). */
  points: number;
  /** The fewest and most points one series holds. */
  pointsPerLine: [number, number];
  /** sync: series added/removed; data: building what uPlot gets; commit: uPlot's redraw. */
  costs: Record<PlotPart, Cost>;
}

/**
 * Work waiting for `draw`: bits of `PlotView.pending`, as `Dirty` is for the store and
 * uPlot's `shouldSet*` flags are for uPlot. Set by events and hooks, cleared by `draw`.
 */
const Pending = {
  /** Rebuild what uPlot is handed (`setData`): new points drawn, a new range or size. */
  DATA: 1,
  /** New points arrived; they are drawn once `streamInterval` passed since the last time. */
  STREAM: 2,
  /** The set of lines changed in a frame that was put off: sync it in the next. */
  LINES: 4,
  /** This frame's new lines and points were put off; the next frame draws them anyway. */
  WAITED: 8,
  /** Redraw the legend (lines, selection, colours; entries still to be created). */
  LEGEND: 16,
  /** A legend tick changed: show or hide lines. */
  VISIBILITY: 32,
  /** The selection changed: highlight its line. */
  FOCUS: 64,
  /** The theme changed: redraw the axes and lines in its colours. */
  THEME: 128,
  /** The cursor moved or the plot redrew: find the nearest point again. */
  HOVER: 256,
} as const;

/** A frame interval above this means the window is falling behind. */
const SLOW_FRAME_MS = 25;
/** The longest wait for streamed points under load (the plot still moves 5 times a second). */
const MAX_STREAM_INTERVAL_MS = 200;
/**
 * Past this many lines they are drawn 1 px wide instead of 1.5: WebKit's 2D canvas (Skia)
 * draws 1 px lines as hairlines, without its path stroker, which took the flood's 64 lines
 * from ~13 to ~4 ms a redraw here; that many lines are a thicket at any width.
 */
const THIN_LINES_PAST = 16;
const LINE_WIDTH = 1.5;
const THIN_LINE_WIDTH = 1;
const SELECTED_LINE_WIDTH = 3;

export class PlotView {
  /** What the parts of `draw` cost, for the benchmark (`stats()`). */
  readonly costs = new Costs(PLOT_PARTS);
  private readonly host = byId('plot');
  private readonly resetBtn = byId<HTMLButtonElement>('plot-reset');
  private readonly emptyEl = byId('plot-empty');
  private readonly u: uPlot;
  private readonly resizeObserver: ResizeObserver;
  private readonly legend: PlotLegend;
  private readonly hover: PlotHover;
  private readonly input: PlotInput;
  private readonly picker: SeriesPicker;
  /** The series the lines drew at the last sync: another one resets the zoom. */
  private plotted: string | null = null;
  private lines: Line[] = [];
  /** What each line handed uPlot at the last rebuild, for the hover (index as `lines`). */
  private drawn: HoverLine[] = [];
  /** Bits of `Pending`. */
  private pending: number = Pending.DATA | Pending.LEGEND | Pending.FOCUS;
  /** True while the scales follow the data (autoscale); false once the user zoomed or panned. */
  private following = true;
  // Non-zero while `draw` runs, so the setScale hook can tell our changes from uPlot's.
  private inDraw = 0;
  // Values waiting for the next frame: a new size, and a pan or wheel zoom's scales.
  private size: { width: number; height: number } | null = null;
  private pendingScales: Scales | null = null;
  // New points are drawn when `streamInterval` ms passed since `lastStreamDraw`.
  private streamInterval = 0;
  private lastStreamDraw = 0;
  /** Where the pointer is over the plotting area, for the hover read-out. */
  private cursor: { left: number; top: number } | null = null;
  private colors: AxisColors;

  constructor(
    private readonly store: Store,
    private theme: Theme,
  ) {
    this.colors = axisColors(theme);
    const { width, height } = this.measure();
    // Mode 2 reads its x scale's key from series 1 when it starts: give it a placeholder,
    // removed right after (the chart then holds exactly one series per line).
    const placeholder = {
      label: '',
      facets: [
        { scale: 'x', auto: true },
        { scale: 'y', auto: true },
      ],
    } as uPlot.Series;
    const opts: uPlot.Options = {
      mode: 2,
      width,
      height,
      ms: 1,
      legend: { show: false },
      padding: [12, 16, 0, 0],
      focus: { alpha: 0.35 },
      cursor: {
        // Our hover read-out finds the nearest point itself; uPlot's per-series search
        // (which in mode 2 needs a custom dataIdx anyway) is switched off.
        dataIdx: () => null as unknown as number,
        // uPlot's delSeries expects each series to own a cursor-point element; give it
        // an invisible one (display: none in the stylesheet).
        points: { show: () => h('div', { class: 'jd-cursor-pt' }) },
        drag: { x: true, y: true, uni: 24, dist: 6, setScale: true },
        focus: { prox: -1 },
        bind: {
          // Left button without Shift: uPlot's drag-to-zoom. Shift or middle: our pan.
          mousedown: (_u, _t, handler) => (e: MouseEvent) => {
            if (e.button === 0 && !e.shiftKey) handler(e);
            return null;
          },
          dblclick: () => () => {
            this.resetZoom();
            return null;
          },
        },
      },
      scales: {
        x: { time: false, auto: () => this.following, range: (_u, min, max) => toTuple(exactRange(min, max)) },
        y: { auto: () => this.following, range: (_u, min, max) => toTuple(paddedRange(min, max)) },
      },
      axes: [axisOptions(false, () => this.colors), axisOptions(true, () => this.colors)],
      series: [{}, placeholder],
      hooks: {
        // Only a user's drag selects (we never call setSelect): it is followed by uPlot's
        // zoom, so the view stops following the data.
        setSelect: [
          () => {
            this.following = false;
            this.updateResetButton();
          },
        ],
        setScale: [
          () => {
            // A zoom outside our frame (uPlot's drag): decimate for the new range next frame.
            if (this.inDraw === 0 && !this.following) this.pending |= Pending.DATA;
          },
        ],
        setCursor: [
          (u) => {
            const { left, top } = u.cursor;
            this.cursor = left != null && left >= 0 && top != null ? { left, top } : null;
            this.pending |= Pending.HOVER;
          },
        ],
      },
    };
    this.u = new uPlot(opts, [null, [[], []]] as unknown as uPlot.AlignedData, this.host);
    this.u.delSeries(1);
    this.u.setData([null] as unknown as uPlot.AlignedData);
    this.hover = new PlotHover(this.u);
    this.resizeObserver = new ResizeObserver(() => {
      this.size = this.measure();
    });
    this.resizeObserver.observe(this.host);
    this.legend = new PlotLegend(store, {
      lines: () => this.lines,
      visibilityChanged: () => {
        this.pending |= Pending.VISIBILITY;
      },
    });
    this.picker = new SeriesPicker(store);
    this.input = new PlotInput(this.host, this.u.over, {
      currentScales: () => this.currentScales(),
      following: () => this.following,
      hasLines: () => this.lines.length > 0,
      setScales: (next) => this.userScales(next),
      resetZoom: () => this.resetZoom(),
    });
    this.host.addEventListener('mouseleave', this.onLeave);
    this.resetBtn.addEventListener('click', this.onReset);
    this.updateResetButton();
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.colors = axisColors(theme);
    this.pending |= Pending.THEME | Pending.LEGEND;
  }

  /** Back to following the data: autoscale on every frame. */
  resetZoom(): void {
    this.following = true;
    this.pendingScales = null;
    this.pending |= Pending.DATA;
    this.updateResetButton();
  }

  /** Draws what changed since the last frame; at most one uPlot commit. */
  draw(dirty: number, now = 0, frameMs = 0, budget?: FrameBudget): void {
    const costs = this.costs;
    const setChanged = (dirty & Dirty.SERIES_SET) !== 0 || this.has(Pending.LINES);
    if (dirty & Dirty.SERIES_NAMES) this.picker.draw();
    if (this.store.plotted !== this.plotted) {
      // Another series has other units: back to following its data.
      this.plotted = this.store.plotted;
      if (!this.following) this.resetZoom();
    }
    if (dirty & Dirty.SERIES_DATA) this.pending |= Pending.STREAM;
    // New lines and points can wait one frame when this one is spent (say, 64 table rows
    // were just created): what the user does (zoom, pan, resize, select) never waits.
    const userChange =
      this.size || this.pendingScales || dirty & Dirty.SELECTION || this.has(Pending.VISIBILITY | Pending.THEME);
    const waiting = setChanged || this.has(Pending.STREAM);
    if (waiting && !userChange && !this.has(Pending.WAITED) && budget && !budget.left()) {
      this.pending |= Pending.WAITED | (setChanged ? Pending.LINES : 0);
      return;
    }
    this.pending &= ~(Pending.WAITED | Pending.LINES);
    if (setChanged) {
      const t = performance.now();
      this.syncLines();
      costs.lap('sync', t);
    }
    // Under load (frames slower than ~40 fps) new points are drawn less often, so the rest
    // of the window (clock, table, input) keeps its frame rate; zoom, pan, resize and
    // selection are never delayed. The interval relaxes back to every frame.
    this.streamInterval =
      frameMs > SLOW_FRAME_MS
        ? Math.min(MAX_STREAM_INTERVAL_MS, this.streamInterval + 16)
        : Math.max(0, this.streamInterval - 2);
    if (this.has(Pending.STREAM) && now - this.lastStreamDraw >= this.streamInterval) this.pending |= Pending.DATA;
    if (dirty & Dirty.SELECTION) this.pending |= Pending.FOCUS | Pending.LEGEND;
    const size = this.size;
    const scales = this.pendingScales;
    const redraw = Pending.DATA | Pending.FOCUS | Pending.THEME | Pending.VISIBILITY;
    if (setChanged || this.has(redraw) || size || scales) {
      this.inDraw++;
      const t = performance.now();
      let dataMs = 0;
      try {
        this.u.batch(() => {
          if (size) {
            this.size = null;
            if (size.width !== this.u.width || size.height !== this.u.height) {
              this.u.setSize(size);
              this.pending |= Pending.DATA;
            }
          }
          if (scales) {
            this.pendingScales = null;
            this.u.setScale('x', scales.x);
            this.u.setScale('y', scales.y);
            this.pending |= Pending.DATA;
          }
          if (this.take(Pending.DATA) || setChanged) {
            this.pending &= ~Pending.STREAM;
            this.lastStreamDraw = now;
            const d = performance.now();
            const data = this.buildData();
            dataMs = costs.lap('data', d) - d;
            this.u.setData(data);
          } else if (this.has(Pending.THEME)) {
            this.u.redraw(false, true);
          }
          if (this.take(Pending.VISIBILITY) || setChanged) this.applyVisibility();
          if (this.take(Pending.FOCUS) || setChanged) this.applyFocus();
          this.pending &= ~Pending.THEME;
        });
      } finally {
        this.inDraw--;
      }
      // uPlot commits (paths, axes, canvas) when the batch ends.
      costs.lap('commit', t + dataMs);
      this.pending |= Pending.HOVER;
    }
    if (this.take(Pending.LEGEND)) {
      const t = performance.now();
      if (!this.legend.draw(this.theme)) this.pending |= Pending.LEGEND;
      costs.lap('legend', t);
    }
    if (this.take(Pending.HOVER)) {
      const t = performance.now();
      this.hover.draw(this.cursor, this.lines, this.drawn, this.theme);
      costs.lap('hover', t);
    }
  }

  /** Lines, points held and the cost of each part of `draw`, for the benchmark. */
  stats(): PlotStats {
    let points = 0;
    let fewest = Infinity;
    let most = 0;
    for (const named of this.store.series.values()) {
      for (const s of named.values()) {
        points += s.length;
        fewest = Math.min(fewest, s.length);
        most = Math.max(most, s.length);
      }
    }
    const pointsPerLine: [number, number] = [most === 0 ? 0 : fewest, most];
    return {
      lines: this.lines.length,
      series: this.store.plotted,
      points,
      pointsPerLine,
      costs: this.costs.stats(),
    };
  }

  destroy(): void {
    this.resizeObserver.disconnect();
    this.input.destroy();
    this.picker.destroy();
    this.host.removeEventListener('mouseleave', this.onLeave);
    this.resetBtn.removeEventListener('click', this.onReset);
    this.u.destroy();
    this.legend.destroy();
    this.lines = [];
    this.drawn = [];
  }

  /** True when any of `bits` is pending. */
  private has(bits: number): boolean {
    return (this.pending & bits) !== 0;
  }

  /** True when `bit` was pending; it no longer is. */
  private take(bit: number): boolean {
    const was = (this.pending & bit) !== 0;
    this.pending &= ~bit;
    return was;
  }

  // ---- lines ----

  /** Brings uPlot's series in line with the store's: removals and appends one by one. */
  private syncLines(): void {
    const wanted = wantedLines(this.store);
    const keep = new Set(wanted.map((w) => w.id));
    // Remove from the end so indices stay valid (uPlot series i + 1 is lines[i]).
    for (let i = this.lines.length - 1; i >= 0; i--) {
      const line = this.lines[i] as Line;
      if (!keep.has(line.id)) {
        this.u.delSeries(i + 1);
        line.legend?.remove();
        this.lines.splice(i, 1);
      }
    }
    const have = new Set(this.lines.map((l) => l.id));
    for (const w of wanted) {
      if (have.has(w.id)) continue;
      // New jobs have the highest ordinals, so this is an append except after a resync.
      let at = this.lines.length;
      while (at > 0 && (this.lines[at - 1] as Line).ordinal > w.ordinal) at--;
      const line = newLine(w);
      this.lines.splice(at, 0, line);
      this.u.addSeries(
        {
          label: line.label,
          stroke: () => jobColor(line.ordinal, this.theme),
          width: LINE_WIDTH,
          points: { show: false },
          facets: [
            { scale: 'x', auto: true, sorted: 1 },
            { scale: 'y', auto: true },
          ],
        } as uPlot.Series,
        at + 1,
      );
    }
    setHidden(this.emptyEl, this.lines.length > 0);
    this.pending |= Pending.LEGEND | Pending.DATA;
  }

  /** The arrays handed to uPlot: `[null, [x, y], …]`, one pair per line. */
  private buildData(): uPlot.AlignedData {
    const u = this.u;
    const sx = u.scales.x;
    const zoomed = !this.following && sx?.min != null && sx.max != null ? { min: sx.min, max: sx.max } : null;
    const view = {
      zoomed,
      buckets: Math.max(64, Math.round(u.bbox.width / uPlot.pxRatio)),
      perLine: linePointBudget(this.lines.length),
    };
    const data: unknown[] = [null];
    const drawn: HoverLine[] = [];
    for (let i = 0; i < this.lines.length; i++) {
      const line = this.lines[i] as Line;
      const s = lineSeries(this.store, line);
      const sorted = s?.sorted !== false;
      const facet = (u.series[i + 1] as uPlot.Series).facets?.[0];
      if (facet) facet.sorted = sorted ? 1 : 0;
      const [x, y] = lineData(line, s, view);
      data.push([x, y]);
      drawn.push({ x, y, sorted });
    }
    this.drawn = drawn;
    return data as uPlot.AlignedData;
  }

  /** Shows and hides lines as ticked in the legend, keeping a zoomed view where it is. */
  private applyVisibility(): void {
    const keep = this.following ? null : this.currentScales();
    for (let i = 0; i < this.lines.length; i++) {
      const show = !(this.lines[i] as Line).hidden;
      if ((this.u.series[i + 1] as uPlot.Series).show !== show) this.u.setSeries(i + 1, { show }, false);
    }
    if (keep) {
      this.u.setScale('x', keep.x);
      this.u.setScale('y', keep.y);
    }
  }

  /** Highlights the selected job's line: the others fade, it gets thicker. */
  private applyFocus(): void {
    const sel = this.store.selected;
    const idx = this.lines.findIndex((l) => l.id === sel);
    this.u.setSeries(null, { focus: true }, false);
    const width = this.lines.length > THIN_LINES_PAST ? THIN_LINE_WIDTH : LINE_WIDTH;
    for (let i = 0; i < this.lines.length; i++) {
      const s = this.u.series[i + 1] as uPlot.Series;
      s.width = i === idx ? SELECTED_LINE_WIDTH : width;
    }
    if (idx >= 0) this.u.setSeries(idx + 1, { focus: true }, false);
    else this.u.redraw(false);
  }

  // ---- zoom state ----

  private readonly onLeave = () => {
    this.cursor = null;
    this.pending |= Pending.HOVER;
  };

  private readonly onReset = () => this.resetZoom();

  private currentScales(): Scales | null {
    const { x, y } = this.u.scales;
    if (x?.min == null || x.max == null || y?.min == null || y.max == null) return null;
    return this.pendingScales ?? { x: { min: x.min, max: x.max }, y: { min: y.min, max: y.max } };
  }

  /** Queues a user's change of the scales for the next frame. */
  private userScales(next: Scales): void {
    this.following = false;
    this.pendingScales = next;
    this.updateResetButton();
  }

  private updateResetButton(): void {
    setAttr(this.resetBtn, 'aria-disabled', this.following ? 'true' : null);
    this.resetBtn.classList.toggle('idle', this.following);
  }

  // ---- layout ----

  private measure(): { width: number; height: number } {
    const r = this.host.getBoundingClientRect();
    return { width: Math.max(120, Math.floor(r.width)), height: Math.max(100, Math.floor(r.height)) };
  }
}

function toTuple(r: Range): uPlot.Range.MinMax {
  return [r.min, r.max];
}
